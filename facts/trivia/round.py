"""A trivia round as a state machine, driven by an injected clock. It returns what to say; it never says it.

::

    READY ──start()──▶ OPEN ──time up, or every player answered──▶ PAUSED ──pause over──▶ OPEN …
                        │                                            (after the last question, or the
                        └──stop()──▶ OVER ◀──────────────────────────  second silent one in a row: OVER)

The driver (the trivia cog, or a test) calls :meth:`TriviaRound.start`, then :meth:`TriviaRound.advance`
whenever :meth:`TriviaRound.due` has come or a member answered, and says the events each call returns:
:class:`QuestionOpened`, :class:`Revealed`, :class:`RoundOver`. Clicks go to :meth:`TriviaRound.answer`,
which is synchronous, so clicks arriving together are each counted once, in order, with no lock.

"Every player answered" means every member who answered an earlier question of this round answered this
one too (so the first question always runs its full time: nobody has played yet). A question nobody
answers is silent; two silent questions in a row end the round.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from facts.trivia import scoring
from facts.trivia.questions import CHOICES, Question
from facts.trivia.scoring import Standing

SILENCE_LIMIT = 2

Clock = Callable[[], datetime]


class Phase(StrEnum):
    READY = "ready"
    OPEN = "open"
    PAUSED = "paused"
    OVER = "over"


class EndReason(StrEnum):
    COMPLETED = "completed"  # every question was asked
    STOPPED = "stopped"  # /trivia stop
    SILENCE = "silence"  # two questions in a row went unanswered
    FAILED = "failed"  # the bot could not post (channel gone, permissions)


WINNING_ENDS = frozenset({EndReason.COMPLETED, EndReason.SILENCE})


class ClickStatus(StrEnum):
    LOCKED_IN = "locked_in"
    ALREADY_ANSWERED = "already_answered"
    CLOSED = "closed"  # not the open question (time is up, or an earlier question's button)
    ENDED = "ended"


@dataclass(frozen=True, slots=True)
class Click:
    """What became of a click. ``choice`` is the member's (first) choice; ``elapsed`` its seconds."""

    status: ClickStatus
    number: int
    choice: int | None = None
    elapsed: float | None = None


@dataclass(frozen=True, slots=True)
class AnswerResult:
    member_id: int
    choice: int
    correct: bool
    elapsed: float  # seconds after the question opened
    points: int
    answered_at: datetime


@dataclass(frozen=True, slots=True)
class QuestionOpened:
    number: int  # 1-based
    total: int
    question: Question
    opened_at: datetime
    closes_at: datetime
    seconds: int


@dataclass(frozen=True, slots=True)
class Revealed:
    number: int
    total: int
    question: Question
    results: tuple[AnswerResult, ...]  # right answers fastest first, then wrong ones in click order
    standings: tuple[Standing, ...]  # the round so far, best first
    revealed_at: datetime
    everyone_answered: bool  # revealed early because every player had answered

    @property
    def right(self) -> tuple[AnswerResult, ...]:
        return tuple(r for r in self.results if r.correct)

    @property
    def wrong(self) -> tuple[AnswerResult, ...]:
        return tuple(r for r in self.results if not r.correct)


@dataclass(frozen=True, slots=True)
class RoundOver:
    reason: EndReason
    standings: tuple[Standing, ...]
    winners: tuple[int, ...]  # empty unless the round ran its course (completed, or ended by silence)
    asked: int  # questions revealed
    total: int
    ended_at: datetime
    stopped_by: int | None = None


RoundEvent = QuestionOpened | Revealed | RoundOver


@dataclass
class _Answer:
    choice: int
    at: datetime


class TriviaRound:
    """One round in one channel. ``seconds`` per question, ``pause`` seconds between a reveal and the next."""

    def __init__(self, questions: Sequence[Question], *, seconds: int, pause: float, clock: Clock,
                 silence_limit: int = SILENCE_LIMIT) -> None:
        if not questions:
            raise ValueError("a round needs at least one question")
        if seconds <= 0 or pause < 0:
            raise ValueError("seconds must be positive and the pause not negative")
        self.questions = tuple(questions)
        self.seconds = seconds
        self.pause = pause
        self.clock = clock
        self.silence_limit = silence_limit
        self.phase = Phase.READY
        self.number = 0
        self.current: QuestionOpened | None = None
        self.over: RoundOver | None = None
        self._answers: dict[int, _Answer] = {}
        self._players: set[int] = set()
        self._scores: dict[int, Standing] = {}
        self._silent = 0
        self._next_at: datetime | None = None
        self.revealed = 0

    # -- reading -----------------------------------------------------------------------------------

    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def finished(self) -> bool:
        return self.phase is Phase.OVER

    @property
    def standings(self) -> tuple[Standing, ...]:
        return scoring.ranked(self._scores.values())

    @property
    def players(self) -> frozenset[int]:
        """Members who answered a revealed question of this round."""
        return frozenset(self._players)

    def answered(self, member_id: int) -> bool:
        """Whether ``member_id`` has answered the open question."""
        return member_id in self._answers

    def due(self) -> datetime | None:
        """When :meth:`advance` next has something to do by the clock (None before start and after the end)."""
        if self.phase is Phase.OPEN and self.current is not None:
            return self.current.closes_at
        if self.phase is Phase.PAUSED:
            return self._next_at
        return None

    # -- driving -----------------------------------------------------------------------------------

    def start(self) -> list[RoundEvent]:
        if self.phase is not Phase.READY:
            raise RuntimeError(f"the round has already started (phase {self.phase})")
        return [self._open(self.clock())]

    def answer(self, member_id: int, number: int, choice: int) -> Click:
        """A member clicked ``choice`` (0–3) on question ``number``. Only the first click per question counts."""
        if not 0 <= choice < CHOICES:
            raise ValueError(f"choice must be 0..{CHOICES - 1}, not {choice}")
        if self.phase is Phase.OVER:
            return Click(ClickStatus.ENDED, number)
        now = self.clock()
        current = self.current
        if self.phase is not Phase.OPEN or current is None or number != self.number or now >= current.closes_at:
            return Click(ClickStatus.CLOSED, number)
        earlier = self._answers.get(member_id)
        if earlier is not None:
            return Click(ClickStatus.ALREADY_ANSWERED, number, earlier.choice, self._elapsed(earlier.at))
        self._answers[member_id] = _Answer(choice, now)
        return Click(ClickStatus.LOCKED_IN, number, choice, self._elapsed(now))

    def advance(self) -> list[RoundEvent]:
        """Whatever is due now: reveal the open question (time up, or every player answered) or open the next."""
        now = self.clock()
        if self.phase is Phase.OPEN and self.current is not None:
            everyone = self._everyone_answered()
            if now >= self.current.closes_at or everyone:
                return self._reveal(now, everyone)
        elif self.phase is Phase.PAUSED and self._next_at is not None and now >= self._next_at:
            return [self._open(now)]
        return []

    def stop(self, by: int | None = None, reason: EndReason = EndReason.STOPPED) -> list[RoundEvent]:
        """End the round now. An open question is dropped unrevealed; revealed points stand."""
        if self.phase is Phase.OVER:
            return []
        return [self._end(self.clock(), reason, by)]

    # -- internals ---------------------------------------------------------------------------------

    def _elapsed(self, at: datetime) -> float:
        assert self.current is not None
        return min(max((at - self.current.opened_at).total_seconds(), 0.0), float(self.seconds))

    def _everyone_answered(self) -> bool:
        return bool(self._players) and self._players <= self._answers.keys()

    def _open(self, now: datetime) -> QuestionOpened:
        self.number += 1
        self._answers = {}
        self.phase = Phase.OPEN
        self._next_at = None
        self.current = QuestionOpened(self.number, self.total, self.questions[self.number - 1], now,
                                      now + timedelta(seconds=self.seconds), self.seconds)
        return self.current

    def _reveal(self, now: datetime, everyone: bool) -> list[RoundEvent]:
        assert self.current is not None
        question = self.current.question
        results = []
        for member_id, answer in self._answers.items():
            elapsed = self._elapsed(answer.at)
            correct = answer.choice == question.answer
            points = scoring.points(correct, elapsed, self.seconds)
            results.append(AnswerResult(member_id, answer.choice, correct, elapsed, points, answer.at))
            before = self._scores.get(member_id, Standing(member_id, 0, 0, 0))
            self._scores[member_id] = Standing(member_id, before.points + points, before.correct + correct,
                                               before.answered + 1)
        self._players |= self._answers.keys()
        self.revealed += 1
        self._silent = 0 if results else self._silent + 1
        order = sorted(results, key=lambda r: (not r.correct, r.elapsed if r.correct else 0.0))
        events: list[RoundEvent] = [Revealed(self.number, self.total, question, tuple(order), self.standings, now,
                                             everyone and now < self.current.closes_at)]
        self._answers = {}
        if self.number >= self.total:
            events.append(self._end(now, EndReason.COMPLETED))
        elif self._silent >= self.silence_limit:
            events.append(self._end(now, EndReason.SILENCE))
        else:
            self.phase = Phase.PAUSED
            self._next_at = now + timedelta(seconds=self.pause)
        return events

    def _end(self, now: datetime, reason: EndReason, by: int | None = None) -> RoundOver:
        self.phase = Phase.OVER
        self._answers = {}
        self._next_at = None
        standings = self.standings
        self.over = RoundOver(reason, standings, scoring.winners(standings) if reason in WINNING_ENDS else (),
                              self.revealed, self.total, now, by)
        return self.over
