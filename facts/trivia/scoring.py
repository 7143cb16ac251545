"""Scoring: a right answer earns 100 points plus a speed bonus of up to 100; a wrong or missing one, nothing.

``points = 100 + round(100 × time left ÷ time allowed)`` for a right answer (200 for an instant answer,
100 for one in the last moment), ``0`` otherwise. A round's winners are its top scorers (ties all win),
provided they scored at all.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

BASE_POINTS = 100
SPEED_BONUS = 100
FORMULA = (
    f"A right answer scores {BASE_POINTS} points plus a speed bonus of up to {SPEED_BONUS}: "
    f"{SPEED_BONUS} × time left ÷ time allowed, rounded (an instant answer scores "
    f"{BASE_POINTS + SPEED_BONUS}, one in the last second about {BASE_POINTS}). "
    "A wrong answer or no answer scores 0. Only your first click counts."
)


def points(correct: bool, elapsed: float, allowed: float) -> int:
    """Points for one answer given ``elapsed`` seconds after the question opened, of ``allowed``."""
    if not correct:
        return 0
    if allowed <= 0:
        return BASE_POINTS + SPEED_BONUS
    left = min(max(allowed - elapsed, 0.0), allowed)
    return BASE_POINTS + math.floor(SPEED_BONUS * left / allowed + 0.5)


@dataclass(frozen=True, slots=True)
class Standing:
    """A member's score so far in a round."""

    member_id: int
    points: int
    correct: int
    answered: int


def ranked(standings: Iterable[Standing]) -> tuple[Standing, ...]:
    """Best first: more points, then more right answers, then fewer answers (more accurate), then member id."""
    return tuple(sorted(standings, key=lambda s: (-s.points, -s.correct, s.answered, s.member_id)))


def winners(standings: Iterable[Standing]) -> tuple[int, ...]:
    """The member ids with the top score, when that score is above zero (a tie gives several winners)."""
    board = ranked(standings)
    if not board or board[0].points <= 0:
        return ()
    return tuple(s.member_id for s in board if s.points == board[0].points)


def rank_of(board: tuple[Standing, ...], index: int) -> int:
    """1-based rank of ``board[index]``, equal points sharing a rank (1, 2, 2, 4)."""
    return 1 + sum(1 for s in board if s.points > board[index].points)
