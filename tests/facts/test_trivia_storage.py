"""Trivia storage on real SQLite files: each revealed question committed in one transaction, totals that
survive a reopen (and a crash mid-round), leaderboards by week / month / all time, stats by topic."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from facts.models import Quote, Source
from facts.pack import Pack
from facts.store import FactStore
from facts.trivia.questions import Kind, Question, Topic
from facts.trivia.round import EndReason, Revealed, RoundOver, TriviaRound
from facts.trivia.storage import INTERRUPTED, LeaderRow, Period, TriviaStorage, period_start

GUILD, OTHER_GUILD, CHANNEL = 1001, 1002, 2001
ALICE, BOB, CAROL = 11, 22, 33
SOURCE = Source("test", "A test", "A test document")
KIND_OF = {Topic.DATES: Kind.WHEN, Topic.PEOPLE: Kind.WHO, Topic.FIGURES: Kind.FIGURE}


@dataclass
class Clock:
    now: datetime = field(default_factory=lambda: datetime(2026, 8, 6, 12, 0, tzinfo=UTC))  # a Thursday

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def question(n: int, topic: Topic = Topic.DATES) -> Question:
    return Question(f"{KIND_OF[topic].value}:test/q{n}", KIND_OF[topic], f"Question {n}?", None,
                    ("right", "wrong 1", "wrong 2", "wrong 3"), 0, "Because.", Quote("Said so.", 1), SOURCE,
                    frozenset({f"test/q{n}"}))


class Game:
    """A round driven the way the cog drives it: reveals are committed, the end is recorded."""

    def __init__(self, storage: TriviaStorage, clock: Clock, topics: list[Topic], guild: int = GUILD) -> None:
        self.storage, self.clock, self.guild = storage, clock, guild
        self.round = TriviaRound([question(i + 1, t) for i, t in enumerate(topics)], seconds=20, pause=0,
                                 clock=clock)
        self.round_id = 0

    async def start(self) -> None:
        self.round_id = await self.storage.start_round(guild_id=self.guild, channel_id=CHANNEL, starter_id=ALICE,
                                                       topic=Topic.ALL, questions=self.round.total, seconds=20,
                                                       now=self.clock())
        self.round.start()

    async def play(self, answers: dict[int, tuple[int, float]]) -> Revealed:
        """Members answer (choice, after seconds); time runs out; the reveal is committed."""
        opened_at = self.clock()
        for member, (choice, after) in sorted(answers.items(), key=lambda kv: kv[1][1]):
            self.clock.now = opened_at + timedelta(seconds=after)
            self.round.answer(member, self.round.number, choice)
        self.clock.now = opened_at + timedelta(seconds=20)
        events = self.round.advance()
        revealed = events[0]
        assert isinstance(revealed, Revealed)
        await self.storage.record_question(self.round_id, self.guild, revealed)
        for event in events[1:]:
            assert isinstance(event, RoundOver)
            await self.storage.finish_round(self.round_id, self.guild, event)
        self.round.advance()  # opens the next question (no pause)
        return revealed


async def totals(storage: TriviaStorage, member: int, guild: int = GUILD) -> tuple[int, ...] | None:
    row = await storage.db.fetchone("SELECT rounds, answered, correct, points, wins FROM trivia_totals "
                                    "WHERE guild_id = ? AND member_id = ?", (guild, member))
    return tuple(row) if row else None


async def test_a_revealed_question_commits_answers_totals_and_history_and_they_survive_reopening(
        store: FactStore, db_path: Path, packs: list[Pack]) -> None:
    clock = Clock()
    game = Game(TriviaStorage(store.db), clock, [Topic.DATES, Topic.PEOPLE, Topic.DATES])
    await game.start()
    await game.play({ALICE: (0, 5), BOB: (1, 2)})
    await game.play({ALICE: (0, 0), BOB: (0, 10)})
    await game.play({ALICE: (2, 1)})
    await store.close()

    reopened = await FactStore.open(db_path, packs=packs)
    try:
        storage = TriviaStorage(reopened.db)
        assert await totals(storage, ALICE) == (1, 3, 2, 175 + 200, 1)  # one round, three answers, won
        assert await totals(storage, BOB) == (1, 2, 1, 150, 0)
        answers = await reopened.db.fetchall(
            "SELECT position, member_id, choice, correct, points, elapsed_ms FROM trivia_answers ORDER BY 1, 2")
        assert [tuple(r) for r in answers] == [
            (1, ALICE, 0, 1, 175, 5000), (1, BOB, 1, 0, 0, 2000),
            (2, ALICE, 0, 1, 200, 0), (2, BOB, 0, 1, 150, 10000), (3, ALICE, 2, 0, 0, 1000)]
        record = await storage.round(game.round_id)
        assert record is not None
        assert record.end_reason == EndReason.COMPLETED
        assert record.ended == clock.now.replace(microsecond=0)
        asked = await storage.asked(GUILD)
        assert set(asked) == {"when:test/q1", "who:test/q2", "when:test/q3"}
        assert all(a.times == 1 for a in asked.values())
        assert await storage.asked(OTHER_GUILD) == {}
    finally:
        await reopened.close()


async def test_a_crash_mid_round_keeps_every_revealed_question(store: FactStore, db_path: Path,
                                                               packs: list[Pack]) -> None:
    clock = Clock()
    game = Game(TriviaStorage(store.db), clock, [Topic.DATES] * 5)
    await game.start()
    await game.play({ALICE: (0, 0)})
    await game.play({ALICE: (0, 10), BOB: (0, 0)})
    game.round.answer(CAROL, 3, 0)  # answered, never revealed: the "crash" comes first
    await store.close()

    reopened = await FactStore.open(db_path, packs=packs)
    try:
        storage = TriviaStorage(reopened.db)
        assert await totals(storage, ALICE) == (1, 2, 2, 350, 0)
        assert await totals(storage, BOB) == (1, 1, 1, 200, 0)
        assert await totals(storage, CAROL) is None
        assert await storage.close_interrupted(clock()) == 1
        record = await storage.round(game.round_id)
        assert record is not None
        assert record.end_reason == INTERRUPTED
        assert await storage.close_interrupted(clock()) == 0
    finally:
        await reopened.close()


async def test_a_question_that_fails_to_commit_leaves_nothing_half_written(store: FactStore) -> None:
    storage = TriviaStorage(store.db)
    game = Game(storage, Clock(), [Topic.DATES, Topic.DATES])
    await game.start()
    revealed = await game.play({ALICE: (0, 0), BOB: (0, 5)})
    before = (await totals(storage, ALICE), await totals(storage, BOB), await storage.asked(GUILD))
    with pytest.raises(sqlite3.IntegrityError):
        await storage.record_question(game.round_id, GUILD, revealed)  # the same question twice
    assert (await totals(storage, ALICE), await totals(storage, BOB), await storage.asked(GUILD)) == before
    count = await store.db.fetchone("SELECT count(*) FROM trivia_answers")
    assert count is not None
    assert count[0] == 2


async def test_rounds_played_count_once_per_round_and_wins_once_per_end(store: FactStore) -> None:
    storage, clock = TriviaStorage(store.db), Clock()
    for _ in range(2):
        game = Game(storage, clock, [Topic.DATES] * 3)
        await game.start()
        for _ in range(3):
            await game.play({ALICE: (0, 0), BOB: (1, 0)})
        assert game.round.over is not None
        await storage.finish_round(game.round_id, GUILD, game.round.over)  # again: no second win
    assert await totals(storage, ALICE) == (2, 6, 6, 1200, 2)
    assert await totals(storage, BOB) == (2, 6, 0, 0, 0)


async def test_a_stopped_round_records_its_points_but_no_win(store: FactStore) -> None:
    storage, clock = TriviaStorage(store.db), Clock()
    game = Game(storage, clock, [Topic.DATES] * 3)
    await game.start()
    await game.play({ALICE: (0, 0)})
    (over,) = game.round.stop(by=ALICE)
    assert isinstance(over, RoundOver)
    await storage.finish_round(game.round_id, GUILD, over)
    assert await totals(storage, ALICE) == (1, 1, 1, 200, 0)
    record = await storage.round(game.round_id)
    assert record is not None
    assert record.end_reason == "stopped"


@pytest.mark.parametrize(("now", "period", "expected"), [
    (datetime(2026, 8, 6, 12, 0, tzinfo=UTC), Period.WEEK, datetime(2026, 8, 3, tzinfo=UTC)),  # Thursday
    (datetime(2026, 8, 3, 0, 0, tzinfo=UTC), Period.WEEK, datetime(2026, 8, 3, tzinfo=UTC)),  # Monday 00:00
    (datetime(2026, 8, 2, 23, 59, tzinfo=UTC), Period.WEEK, datetime(2026, 7, 27, tzinfo=UTC)),  # Sunday
    (datetime(2026, 8, 6, 12, 0, tzinfo=UTC), Period.MONTH, datetime(2026, 8, 1, tzinfo=UTC)),
    (datetime(2026, 1, 1, 0, 0, tzinfo=UTC), Period.MONTH, datetime(2026, 1, 1, tzinfo=UTC)),
    (datetime(2026, 8, 6, 12, 0, tzinfo=UTC), Period.ALL, None),
])
def test_periods_are_utc_calendar_weeks_from_monday_and_months(now: datetime, period: Period,
                                                               expected: datetime | None) -> None:
    assert period_start(period, now) == expected


async def test_leaderboards_by_week_month_and_all_time(store: FactStore) -> None:
    storage = TriviaStorage(store.db)

    async def round_at(when: datetime, answers: dict[int, tuple[int, float]], guild: int = GUILD) -> None:
        game = Game(storage, Clock(when), [Topic.DATES], guild)
        await game.start()
        await game.play(answers)

    await round_at(datetime(2026, 6, 20, 9, tzinfo=UTC), {CAROL: (0, 0), ALICE: (1, 0)})  # June
    await round_at(datetime(2026, 8, 1, 9, tzinfo=UTC), {BOB: (0, 0), CAROL: (0, 10)})  # this month, last week
    await round_at(datetime(2026, 8, 4, 9, tzinfo=UTC), {ALICE: (0, 0), BOB: (0, 10)})  # this week
    await round_at(datetime(2026, 8, 5, 9, tzinfo=UTC), {ALICE: (0, 0)}, OTHER_GUILD)  # another server
    now = datetime(2026, 8, 6, 12, tzinfo=UTC)

    week = await storage.leaderboard(GUILD, Period.WEEK, now)
    assert week.since == datetime(2026, 8, 3, tzinfo=UTC)
    assert week.rows == (LeaderRow(ALICE, 200, 1, 1, 1, 1), LeaderRow(BOB, 150, 1, 1, 1, 0))
    month = await storage.leaderboard(GUILD, "month", now)
    assert [(r.member_id, r.points, r.wins) for r in month.rows] == [(BOB, 350, 1), (ALICE, 200, 1), (CAROL, 150, 0)]
    everything = await storage.leaderboard(GUILD, Period.ALL, now)
    assert [(r.member_id, r.points, r.answered, r.correct, r.rounds, r.wins) for r in everything.rows] == [
        (BOB, 350, 2, 2, 2, 1), (CAROL, 350, 2, 2, 2, 1), (ALICE, 200, 2, 1, 2, 1)]  # a tie: by member id
    assert everything.players == 3
    top = await storage.leaderboard(GUILD, Period.ALL, now, limit=1)
    assert len(top.rows) == 1
    assert top.players == 3
    other = await storage.leaderboard(OTHER_GUILD, Period.ALL, now)
    assert [(r.member_id, r.points) for r in other.rows] == [(ALICE, 200)]
    empty = await storage.leaderboard(GUILD, Period.WEEK, datetime(2027, 1, 6, tzinfo=UTC))
    assert empty.rows == ()
    assert empty.players == 0


async def test_stats_give_accuracy_by_topic_and_rank(store: FactStore) -> None:
    storage, clock = TriviaStorage(store.db), Clock()
    game = Game(storage, clock, [Topic.DATES, Topic.PEOPLE, Topic.FIGURES, Topic.DATES])
    await game.start()
    await game.play({ALICE: (0, 0), BOB: (0, 0)})
    await game.play({ALICE: (1, 0), BOB: (0, 10)})
    await game.play({ALICE: (0, 0), BOB: (1, 0)})
    await game.play({ALICE: (2, 0)})
    stats = await storage.member_stats(GUILD, ALICE)
    assert (stats.rounds, stats.answered, stats.correct, stats.points, stats.wins) == (1, 4, 2, 400, 1)
    assert stats.accuracy == 0.5
    assert stats.rank == 1
    assert [(t.topic, t.answered, t.correct, t.points) for t in stats.topics] == [
        (Topic.DATES, 2, 1, 200), (Topic.PEOPLE, 1, 0, 0), (Topic.FIGURES, 1, 1, 200)]
    assert stats.topics[0].accuracy == 0.5
    bob = await storage.member_stats(GUILD, BOB)
    assert (bob.answered, bob.correct, bob.points, bob.rank, bob.wins) == (3, 2, 350, 2, 0)
    nobody = await storage.member_stats(GUILD, CAROL)
    assert (nobody.answered, nobody.rank, nobody.topics, nobody.accuracy) == (0, None, (), 0.0)
