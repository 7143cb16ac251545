"""Figures for trivia: the document's number among wrong ones a player cannot tell apart by their form.

Every option is written as the document writes its figure: "more than 80,000" stays a lower bound and the
wrong options are bounds in the same words ("more than 20,000", "more than 300,000"); an approximate
figure is "about N" throughout; a range is a range. Neighbouring options are far enough apart that none
is also right: a factor of two between bounds, one and a half between approximate figures or ranges, and
ten between orders of magnitude ("a few hundred", "a few thousand", "a few tens of thousands"). The
options are shown smallest first, and how many lie below the answer is drawn uniformly from what is
possible (a small number leaves little room below it), so neither the rank nor the rounding gives the
answer away: wrong numbers keep the answer's count of significant digits.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from facts.models import Figure
from facts.trivia.choices import CHOICES

_BOUND = re.compile(r"\b(more than|over|at least|upwards of|fewer than|less than|under|up to|at most|nearly|"
                    r"almost)\b", re.IGNORECASE)
_ABOUT = re.compile(r"\b(about|some|around|roughly|approximately)\b", re.IGNORECASE)
RATIOS = (1.5, 2.0, 2.5, 3.0, 4.0, 5.0)  # between neighbouring options of a large figure, if far enough apart
SMALL = 30  # up to this, options are whole numbers near the answer

Value = tuple[int, int]  # low, high (equal unless a range)


@dataclass(frozen=True, slots=True)
class Form:
    """How the document words a figure: the words before the number and how far apart options must be."""

    prefix: str  # "more than ", "about " or ""
    apart: float  # the least factor between neighbouring options (1: any other whole number)

    def label(self, value: Value) -> str:
        low, high = value
        number = f"{low:,}" if low == high else f"{low:,}–{high:,}"
        return f"{self.prefix}{number}"


def form_of(figure: Figure) -> Form:
    if m := _BOUND.search(figure.text):
        return Form(m.group(1).casefold() + " ", 2.0)
    if _ABOUT.search(figure.text):
        return Form("about ", 1.5)
    return Form("", 1.5 if figure.low != figure.high else 1.0)


def figure_label(figure: Figure) -> str:
    """The answer as the document words it: "more than 80,000", "about 500", "30,000–40,000", "a few thousand"."""
    if figure.magnitude:
        return _magnitude_label(figure, round(math.log10(figure.low)))
    return form_of(figure).label((figure.low, figure.high))


def figure_choices(figure: Figure, rng: random.Random) -> tuple[tuple[str, ...], int] | None:
    """Four options smallest first and the answer's index; None when at most one rank is possible."""
    if figure.magnitude:
        return _magnitude_choices(figure, rng)
    form = form_of(figure)
    answer: Value = (figure.low, figure.high)
    if figure.high <= SMALL and figure.low == figure.high:
        down, up = _small_steps(form)
    else:
        down, up = _large_steps(form, _significant(answer))
    ranks = [r for r in range(CHOICES) if _chain(answer, down, r, None) is not None
             and _chain(answer, up, CHOICES - 1 - r, None) is not None]
    if len(ranks) < 2:
        return None
    rank = rng.choice(ranks)
    below = _chain(answer, down, rank, rng) or _chain(answer, down, rank, None) or []
    above = _chain(answer, up, CHOICES - 1 - rank, rng) or _chain(answer, up, CHOICES - 1 - rank, None) or []
    values = [*reversed(below), answer, *above]
    return tuple(form.label(v) for v in values), rank


# Orders of magnitude as a document words them: "a few thousand" (a count of a unit) or "thousands".
_FEW = re.compile(r"\b(a few|several)\s+(?:dozen|hundred|thousand|million|billion)\b", re.IGNORECASE)
_UNITS = {1: "dozen", 2: "hundred", 3: "thousand", 4: "tens of thousands", 5: "hundred thousand", 6: "million",
          7: "tens of millions", 8: "hundred million", 9: "billion"}
_PLURALS = {1: "dozens", 2: "hundreds", 3: "thousands", 4: "tens of thousands", 5: "hundreds of thousands",
            6: "millions", 7: "tens of millions", 8: "hundreds of millions", 9: "billions"}


def _magnitude_label(figure: Figure, power: int) -> str:
    """10**``power`` in the figure's own form: "a few thousand" gives "a few hundred", "a few tens of thousands"."""
    if m := _FEW.search(figure.text):
        return f"{m.group(1).casefold()} {_UNITS[power]}"
    return _PLURALS[power]


def _magnitude_choices(figure: Figure, rng: random.Random) -> tuple[tuple[str, ...], int] | None:
    """Four consecutive orders of magnitude (from tens to billions), the document's at a uniformly drawn rank."""
    power = round(math.log10(figure.low))
    if power not in _UNITS:
        return None
    first, last = min(_UNITS), max(_UNITS)
    ranks = [r for r in range(CHOICES) if power - r >= first and power + CHOICES - 1 - r <= last]
    if len(ranks) < 2:
        return None
    rank = rng.choice(ranks)
    return tuple(_magnitude_label(figure, power - rank + i) for i in range(CHOICES)), rank


Step = Callable[[Value, random.Random | None], list[Value]]  # the next options from one, most plausible first


def _chain(start: Value, step: Step, count: int, rng: random.Random | None) -> list[Value] | None:
    """``count`` options stepping away from ``start``: at random with ``rng``, else the closest each time
    (which reaches furthest, so it decides whether ``count`` is possible at all)."""
    out, current = [], start
    for _ in range(count):
        options = step(current, rng)
        if not options:
            return None
        current = options[0]
        out.append(current)
    return out


def _small_steps(form: Form) -> tuple[Step, Step]:
    """Whole numbers, each the closest allowed to the last: the next number for an exact figure
    (1, 2, 3, 4), else the next at least ``form.apart`` times away (about 1, 2, 3, 5)."""
    def down(v: Value, _: random.Random | None) -> list[Value]:
        n = v[0] - 1 if form.apart == 1.0 else math.floor(v[0] / form.apart)
        return [(n, n)] if n >= 1 else []

    def up(v: Value, _: random.Random | None) -> list[Value]:
        n = v[1] + 1 if form.apart == 1.0 else math.ceil(v[1] * form.apart)
        return [(n, n)]

    return down, up


def _large_steps(form: Form, digits: int) -> tuple[Step, Step]:
    """The value times or divided by one of :data:`RATIOS`, rounded like the answer, still far enough apart."""
    apart = max(form.apart, 1.5)

    def scaled(v: Value, factor: float) -> Value | None:
        low, high = _round(v[0] * factor, digits), _round(v[1] * factor, digits)
        if low < 1 or (low == high) != (v[0] == v[1]):
            return None
        near = high * apart > v[0] if factor < 1 else low < v[1] * apart
        return None if near else (low, high)

    def down(v: Value, rng: random.Random | None) -> list[Value]:
        return _pick([s for r in RATIOS if (s := scaled(v, 1 / r)) is not None], rng)

    def up(v: Value, rng: random.Random | None) -> list[Value]:
        return _pick([s for r in RATIOS if (s := scaled(v, r)) is not None], rng)

    return down, up


def _pick(options: list[Value], rng: random.Random | None) -> list[Value]:
    """The options closest first, or (with ``rng``) one of the closest two at random first (three steps
    of a wider factor would leave the answer's order of magnitude: "over 29,000,000" soldiers)."""
    if rng is None or not options:
        return options
    chosen = rng.choice(options[:2])
    return [chosen, *(o for o in options if o != chosen)]


def _significant(value: Value) -> int:
    """The answer's significant digits (80,000 has one, 5,500 two), at most two; a range keeps two."""
    if value[0] != value[1]:
        return 2
    return min(2, len(str(value[0]).rstrip("0")))


def _round(value: float, digits: int) -> int:
    """``value`` rounded as the answer is: whole below 100, else to ``digits`` significant digits."""
    if value < 100:
        return math.floor(value + 0.5)
    unit = 10 ** (math.floor(math.log10(value)) - digits + 1)
    return int(math.floor(value / unit + 0.5) * unit)
