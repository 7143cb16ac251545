"""What every kind of question shares: four choices, and how the right one is placed among them."""

from __future__ import annotations

import random
from collections.abc import Sequence
from functools import lru_cache

from facts.text import fold

_fold = lru_cache(maxsize=8192)(fold)

CHOICES = 4
LETTERS = "ABCD"
NEAREST = 6  # wrong choices are drawn from this many of the most plausible candidates


def shuffled(rng: random.Random, right: str, wrong: Sequence[str]) -> tuple[tuple[str, ...], int]:
    """The right choice and the wrong ones in random order, and where the right one landed."""
    items = [right, *wrong]
    order = list(range(len(items)))
    rng.shuffle(order)
    return tuple(items[i] for i in order), order.index(0)


def distinct(items: Sequence[str], *, exclude: str) -> list[str]:
    """``items`` without repeats (case-insensitively) and without anything equal to ``exclude``."""
    seen = {_fold(exclude)}
    out = []
    for item in items:
        if (key := _fold(item)) not in seen:
            seen.add(key)
            out.append(item)
    return out
