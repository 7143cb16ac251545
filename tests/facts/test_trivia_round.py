"""The round state machine, driven by a hand-moved clock: time-out, everyone answered, pauses, second
clicks, stop, silence, and the events it returns for the cog to say."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TypeVar

import pytest

from facts.models import Quote, Source
from facts.trivia.questions import Kind, Question
from facts.trivia.round import (
    ClickStatus,
    EndReason,
    Phase,
    QuestionOpened,
    Revealed,
    RoundEvent,
    RoundOver,
    TriviaRound,
)
from facts.trivia.scoring import Standing

ALICE, BOB, CAROL = 11, 22, 33
E = TypeVar("E", QuestionOpened, Revealed, RoundOver)
SOURCE = Source("test", "A test", "A test document")


@dataclass
class Clock:
    now: datetime = field(default_factory=lambda: datetime(2026, 8, 6, 12, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def question(n: int, answer: int = 0) -> Question:
    return Question(f"when:test/e{n}", Kind.WHEN, "When did this happen?", f"Event {n}",
                    ("1950", "1951", "1952", "1953"), answer, f"Event {n} happened.", Quote("It happened.", 1),
                    SOURCE, frozenset({f"test/e{n}"}))


def make_round(n: int = 3, *, seconds: int = 20, pause: float = 5, answers: tuple[int, ...] = ()) -> tuple[
        TriviaRound, Clock]:
    clock = Clock()
    answers = answers or (0,) * n
    return TriviaRound([question(i + 1, answers[i]) for i in range(n)], seconds=seconds, pause=pause,
                       clock=clock), clock


def only(events: list[RoundEvent], kind: type[E]) -> E:
    assert len(events) == 1, events
    assert isinstance(events[0], kind), events
    return events[0]


def test_start_opens_the_first_question_with_its_deadline() -> None:
    game, clock = make_round()
    opened = only(game.start(), QuestionOpened)
    assert (opened.number, opened.total, opened.seconds) == (1, 3, 20)
    assert opened.opened_at == clock.now
    assert opened.closes_at == clock.now + timedelta(seconds=20)
    assert game.phase is Phase.OPEN
    assert game.due() == opened.closes_at
    with pytest.raises(RuntimeError):
        game.start()


def test_the_question_is_revealed_when_time_is_up_then_the_next_opens_after_the_pause() -> None:
    game, clock = make_round()
    game.start()
    assert game.answer(ALICE, 1, 0).status is ClickStatus.LOCKED_IN
    clock.advance(19.9)
    assert game.advance() == []
    clock.advance(0.1)
    revealed = only(game.advance(), Revealed)
    assert revealed.number == 1
    assert not revealed.everyone_answered
    assert [(r.member_id, r.correct, r.points) for r in revealed.results] == [(ALICE, True, 200)]
    assert game.phase is Phase.PAUSED
    assert game.due() == clock.now + timedelta(seconds=5)
    clock.advance(4.9)
    assert game.advance() == []
    clock.advance(0.1)
    opened = only(game.advance(), QuestionOpened)
    assert opened.number == 2
    assert opened.opened_at == clock.now


def test_points_reward_speed_by_the_injected_clock() -> None:
    game, clock = make_round(answers=(2, 0, 0))
    game.start()
    clock.advance(5)
    click = game.answer(ALICE, 1, 2)
    assert click.elapsed == 5.0
    clock.advance(5)
    game.answer(BOB, 1, 2)
    game.answer(CAROL, 1, 1)  # wrong
    clock.advance(10)
    revealed = only(game.advance(), Revealed)
    assert [(r.member_id, r.points) for r in revealed.results] == [(ALICE, 175), (BOB, 150), (CAROL, 0)]
    assert [r.member_id for r in revealed.right] == [ALICE, BOB]
    assert [r.member_id for r in revealed.wrong] == [CAROL]
    assert revealed.standings == (Standing(ALICE, 175, 1, 1), Standing(BOB, 150, 1, 1), Standing(CAROL, 0, 0, 1))


def test_the_first_question_waits_for_time_even_when_someone_answered() -> None:
    game, _ = make_round()
    game.start()
    game.answer(ALICE, 1, 0)
    assert game.advance() == []  # nobody has played yet, so "everyone answered" cannot be known


def test_a_question_is_revealed_early_once_everyone_who_played_has_answered() -> None:
    game, clock = make_round(pause=0)
    game.start()
    game.answer(ALICE, 1, 0)
    game.answer(BOB, 1, 1)
    clock.advance(20)
    events = game.advance()
    assert isinstance(events[0], Revealed)
    opened = only(game.advance(), QuestionOpened)  # no pause: the next question at once
    assert opened.number == 2
    clock.advance(3)
    game.answer(BOB, 2, 0)
    assert game.advance() == [], "Alice played question 1 and has not answered yet"
    game.answer(CAROL, 2, 0)  # a newcomer does not hold the question open, and counts
    game.answer(ALICE, 2, 3)
    revealed = only(game.advance(), Revealed)
    assert revealed.everyone_answered
    assert revealed.revealed_at == clock.now
    assert {r.member_id for r in revealed.results} == {ALICE, BOB, CAROL}
    assert game.players == {ALICE, BOB, CAROL}


def test_a_second_click_is_refused_and_the_first_answer_stands() -> None:
    game, clock = make_round()
    game.start()
    assert game.answer(BOB, 1, 1).status is ClickStatus.LOCKED_IN
    clock.advance(2)
    again = game.answer(BOB, 1, 0)
    assert (again.status, again.choice, again.elapsed) == (ClickStatus.ALREADY_ANSWERED, 1, 0.0)
    assert game.answered(BOB)
    assert not game.answered(ALICE)
    clock.advance(18)
    revealed = only(game.advance(), Revealed)
    assert [(r.member_id, r.choice, r.correct, r.points) for r in revealed.results] == [(BOB, 1, False, 0)]


def test_many_members_clicking_at_the_same_instant_are_each_counted_once() -> None:
    game, clock = make_round()
    game.start()
    members = range(1000, 1200)
    for member in members:
        assert game.answer(member, 1, member % 4).status is ClickStatus.LOCKED_IN
    for member in members:
        assert game.answer(member, 1, 0).status is ClickStatus.ALREADY_ANSWERED
    clock.advance(20)
    revealed = only(game.advance(), Revealed)
    assert sorted(r.member_id for r in revealed.results) == list(members)
    assert sum(r.correct for r in revealed.results) == 50
    assert all(r.points == 200 for r in revealed.right)


def test_clicks_after_time_is_up_or_on_an_earlier_question_are_closed() -> None:
    game, clock = make_round()
    game.start()
    clock.advance(20)
    assert game.answer(ALICE, 1, 0).status is ClickStatus.CLOSED  # time is up, not revealed yet
    game.advance()
    assert game.answer(ALICE, 1, 0).status is ClickStatus.CLOSED  # paused
    clock.advance(5)
    game.advance()
    assert game.answer(ALICE, 1, 0).status is ClickStatus.CLOSED  # an old question's button
    assert game.answer(ALICE, 2, 0).status is ClickStatus.LOCKED_IN
    with pytest.raises(ValueError, match="choice"):
        game.answer(ALICE, 2, 4)


def test_the_last_reveal_ends_the_round_with_the_scoreboard_and_winners() -> None:
    game, clock = make_round(2, pause=0)
    game.start()
    game.answer(ALICE, 1, 0)
    game.answer(BOB, 1, 0)
    clock.advance(10)
    game.answer(BOB, 1, 1)  # second click: ignored
    clock.advance(10)
    game.advance()
    game.advance()
    game.answer(BOB, 2, 0)
    game.answer(ALICE, 2, 1)
    events = game.advance()
    assert [type(e) for e in events] == [Revealed, RoundOver]
    over = events[1]
    assert over.reason is EndReason.COMPLETED
    assert (over.asked, over.total) == (2, 2)
    assert over.standings[0] == Standing(BOB, 400, 2, 2)
    assert over.winners == (BOB,)
    assert game.finished
    assert game.due() is None
    assert game.over is over
    assert game.answer(ALICE, 2, 0).status is ClickStatus.ENDED
    assert game.advance() == []
    assert game.stop() == []


def test_two_silent_questions_in_a_row_end_the_round() -> None:
    game, clock = make_round(6, pause=0)
    game.start()
    clock.advance(20)
    assert isinstance(game.advance()[0], Revealed)  # silent 1
    game.advance()
    game.answer(ALICE, 2, 0)
    clock.advance(20)
    game.advance()  # answered: the count starts again
    game.advance()
    clock.advance(20)
    events = game.advance()  # silent 1
    assert [type(e) for e in events] == [Revealed]
    game.advance()
    clock.advance(20)
    events = game.advance()  # silent 2
    assert [type(e) for e in events] == [Revealed, RoundOver]
    over = events[1]
    assert over.reason is EndReason.SILENCE
    assert over.asked == 4
    assert over.winners == (ALICE,)
    assert game.finished


def test_stop_ends_the_round_at_once_dropping_the_open_question() -> None:
    game, clock = make_round(pause=0)
    game.start()
    game.answer(ALICE, 1, 0)
    clock.advance(20)
    game.advance()
    game.advance()
    game.answer(ALICE, 2, 0)  # on the open question: dropped, not scored
    over = only(game.stop(by=BOB), RoundOver)
    assert over.reason is EndReason.STOPPED
    assert over.stopped_by == BOB
    assert over.asked == 1
    assert over.total == 3
    assert over.standings == (Standing(ALICE, 200, 1, 1),)
    assert over.winners == (), "a stopped round credits no win"
    assert game.answer(ALICE, 2, 1).status is ClickStatus.ENDED
    assert game.stop() == []


def test_a_round_needs_questions_and_sane_timing() -> None:
    with pytest.raises(ValueError, match="question"):
        TriviaRound([], seconds=20, pause=5, clock=Clock())
    with pytest.raises(ValueError, match="seconds"):
        TriviaRound([question(1)], seconds=0, pause=5, clock=Clock())
