"""When a card comes back: the FSRS algorithm of the maintained ``fsrs`` package, never a table of intervals.

One learning step and one relearning step of ten minutes: a study session on Discord is one sitting, so a
card missed (Again) comes back in the same sitting, and one answered Good the first time is due days later.
Fuzzing is off, so the interval a rating button shows is the interval the rating gives. Times are UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import IntEnum

import fsrs

STEP = timedelta(minutes=10)
SCHEDULER = fsrs.Scheduler(learning_steps=(STEP,), relearning_steps=(STEP,), enable_fuzzing=False,
                           desired_retention=0.9)


class Rating(IntEnum):
    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4

    @property
    def label(self) -> str:
        return self.name.capitalize()


class State(IntEnum):
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


@dataclass(frozen=True, slots=True)
class Memory:
    """What FSRS knows of one card."""

    state: State
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None

    @classmethod
    def new(cls, now: datetime) -> Memory:
        return cls(State.LEARNING, 0, None, None, now, None)


def review(memory: Memory, rating: Rating, now: datetime) -> Memory:
    """The card after ``rating`` at ``now``."""
    card, _log = SCHEDULER.review_card(_card(memory), fsrs.Rating(int(rating)), _utc(now))
    return Memory(State(int(card.state)), card.step, card.stability, card.difficulty, _utc(card.due),
                  _utc(card.last_review) if card.last_review else None)


def preview(memory: Memory, now: datetime) -> dict[Rating, timedelta]:
    """How long until the card comes back after each rating, for the buttons ("Good · 4d")."""
    return {rating: review(memory, rating, now).due - _utc(now) for rating in Rating}


def retrievability(memory: Memory, now: datetime) -> float:
    """The chance the member recalls the card now (1.0 for a card never rated)."""
    return float(SCHEDULER.get_card_retrievability(_card(memory), _utc(now)))


def interval_text(gap: timedelta) -> str:
    """A button's interval: "10m", "5h", "4d", "3mo", "1.2y"."""
    minutes = max(1, round(gap.total_seconds() / 60))
    if minutes < 60:
        return f"{minutes}m"
    hours = round(minutes / 60)
    if hours < 24:
        return f"{hours}h"
    days = round(hours / 24)
    if days < 31:
        return f"{days}d"
    if days < 365:
        return f"{round(days / 30.4)}mo"
    return f"{days / 365:.1f}y".replace(".0y", "y")


def _card(memory: Memory) -> fsrs.Card:
    # card_id given: fsrs would otherwise make one from the clock (and sleep a millisecond to keep it unique)
    return fsrs.Card(card_id=1, state=fsrs.State(int(memory.state)), step=memory.step, stability=memory.stability,
                     difficulty=memory.difficulty, due=_utc(memory.due), last_review=memory.last_review)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
