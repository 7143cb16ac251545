"""Trivia's SQL: rounds, each revealed question's points (one transaction each), totals, leaderboards,
stats by topic, and which questions a server has been asked.

A revealed question is committed with every answer to it, the members' totals and the "asked" history in
one transaction, so a crash mid-round loses nothing that was already revealed. Instants are unix seconds.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from facts.db import Database
from facts.scope import Scope
from facts.store import FactStore
from facts.trivia.questions import Asked, Bank, Topic
from facts.trivia.round import Revealed, RoundOver

INTERRUPTED = "interrupted"  # the bot stopped (or crashed) while the round ran


class Period(StrEnum):
    WEEK = "week"  # since Monday 00:00 UTC
    MONTH = "month"  # since the 1st, 00:00 UTC
    ALL = "all"


def period_start(period: Period | str, now: datetime) -> datetime | None:
    """When ``period`` began as of ``now`` (UTC calendar week or month); None for all time."""
    now = now.astimezone(UTC)
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    match Period(period):
        case Period.WEEK:
            return midnight - timedelta(days=midnight.weekday())
        case Period.MONTH:
            return midnight.replace(day=1)
        case Period.ALL:
            return None
    raise AssertionError(period)  # pragma: no cover


def unix(moment: datetime) -> int:
    return int(moment.timestamp())


@dataclass(frozen=True, slots=True)
class LeaderRow:
    member_id: int
    points: int
    correct: int
    answered: int
    rounds: int
    wins: int


@dataclass(frozen=True, slots=True)
class Leaderboard:
    period: Period
    since: datetime | None
    rows: tuple[LeaderRow, ...]
    players: int  # members with at least one answer in the period (rows may show fewer)


@dataclass(frozen=True, slots=True)
class TopicStats:
    topic: Topic
    answered: int
    correct: int
    points: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


@dataclass(frozen=True, slots=True)
class MemberStats:
    member_id: int
    rounds: int
    answered: int
    correct: int
    points: int
    wins: int
    rank: int | None  # all-time rank in the server by points; None without answers
    topics: tuple[TopicStats, ...]  # dates, people, figures: those answered

    @property
    def accuracy(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


@dataclass(frozen=True, slots=True)
class RoundRecord:
    id: int
    guild_id: int
    channel_id: int
    starter_id: int
    topic: Topic
    questions: int
    seconds: int
    started: datetime
    ended: datetime | None
    end_reason: str | None


BANK_EVENTS = 1500  # a larger store is sampled: a round needs a few facts and their neighbours, not all
BANK_PEOPLE = 300


async def load_bank(store: FactStore, scope: Scope | None = None, *, rng: random.Random | None = None,
                    max_events: int = BANK_EVENTS, max_people: int = BANK_PEOPLE) -> Bank:
    """Events (in time order) and people to make questions from.

    A store within the limits comes back whole (``bank.complete``, worth caching); a larger one as a
    random sample, so that memory and start-up time stay flat however big the packs grow, and
    successive rounds still reach every fact.
    """
    rng = rng or random.Random()
    packs = sorted((scope or store.public).packs)
    marks = ", ".join("?" * len(packs)) or "NULL"
    keys = [r["key"] for r in await store.db.fetchall(
        f"SELECT key FROM events WHERE pack IN ({marks}) ORDER BY sort_date, sort_order, key", packs)]
    complete = len(keys) <= max_events
    if not complete:
        chosen = set(rng.sample(keys, max_events))
        keys = [k for k in keys if k in chosen]
    events = await store.events(keys)
    people_keys = [r["key"] for r in await store.db.fetchall(
        f"SELECT key FROM people WHERE pack IN ({marks}) ORDER BY key", packs)]
    if len(people_keys) > max_people:
        complete = False
        involved = list(dict.fromkeys(p.key for e in events for p in e.people))
        people_keys = sorted(rng.sample(involved, min(len(involved), max_people)))
    people = [await store.person_by_key(k) for k in people_keys]
    return Bank(tuple(events), tuple(people), complete)


class TriviaStorage:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- rounds -------------------------------------------------------------------------------------

    async def start_round(self, *, guild_id: int, channel_id: int, starter_id: int, topic: Topic | str,
                          questions: int, seconds: int, now: datetime) -> int:
        async with self.db.transaction() as conn, conn.execute(
                "INSERT INTO trivia_rounds (guild_id, channel_id, starter_id, topic, questions, seconds, "
                "started_utc) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (guild_id, channel_id, starter_id, Topic(topic).value, questions, seconds, unix(now))) as cursor:
            row = await cursor.fetchone()
        assert row is not None
        return int(row[0])

    async def round(self, round_id: int) -> RoundRecord | None:
        row = await self.db.fetchone("SELECT * FROM trivia_rounds WHERE id = ?", (round_id,))
        if row is None:
            return None
        return RoundRecord(row["id"], row["guild_id"], row["channel_id"], row["starter_id"], Topic(row["topic"]),
                           row["questions"], row["seconds"], datetime.fromtimestamp(row["started_utc"], UTC),
                           datetime.fromtimestamp(row["ended_utc"], UTC) if row["ended_utc"] is not None else None,
                           row["end_reason"])

    async def record_question(self, round_id: int, guild_id: int, revealed: Revealed) -> None:
        """Commit a revealed question: its row, every answer, the members' totals and the asked history."""
        q = revealed.question
        topic = q.topic.value
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO trivia_questions (round_id, position, question_key, kind, topic, prompt, answer, "
                "revealed_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (round_id, revealed.number, q.key, q.kind.value, topic, q.prompt, q.answer_text,
                 unix(revealed.revealed_at)))
            for r in revealed.results:
                async with conn.execute("SELECT 1 FROM trivia_answers WHERE round_id = ? AND member_id = ? LIMIT 1",
                                        (round_id, r.member_id)) as cursor:
                    new_round = await cursor.fetchone() is None
                await conn.execute(
                    "INSERT INTO trivia_answers (round_id, position, member_id, guild_id, topic, choice, correct, "
                    "points, elapsed_ms, answered_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (round_id, revealed.number, r.member_id, guild_id, topic, r.choice, int(r.correct), r.points,
                     round(r.elapsed * 1000), unix(r.answered_at)))
                await conn.execute(
                    "INSERT INTO trivia_totals (guild_id, member_id, rounds, answered, correct, points) "
                    "VALUES (?, ?, ?, 1, ?, ?) ON CONFLICT (guild_id, member_id) DO UPDATE SET "
                    "rounds = rounds + excluded.rounds, answered = answered + 1, "
                    "correct = correct + excluded.correct, points = points + excluded.points",
                    (guild_id, r.member_id, int(new_round), int(r.correct), r.points))
                await conn.execute(
                    "INSERT INTO trivia_topic_totals (guild_id, member_id, topic, answered, correct, points) "
                    "VALUES (?, ?, ?, 1, ?, ?) ON CONFLICT (guild_id, member_id, topic) DO UPDATE SET "
                    "answered = answered + 1, correct = correct + excluded.correct, points = points + excluded.points",
                    (guild_id, r.member_id, topic, int(r.correct), r.points))
            await conn.execute(
                "INSERT INTO trivia_asked (guild_id, question_key, times, last_utc) VALUES (?, ?, 1, ?) "
                "ON CONFLICT (guild_id, question_key) DO UPDATE SET times = times + 1, last_utc = excluded.last_utc",
                (guild_id, q.key, unix(revealed.revealed_at)))

    async def finish_round(self, round_id: int, guild_id: int, over: RoundOver) -> None:
        """Mark the round ended and credit its winners (once: a round already ended is left alone)."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE trivia_rounds SET ended_utc = ?, end_reason = ? WHERE id = ? AND ended_utc IS NULL",
                (unix(over.ended_at), over.reason.value, round_id))
            if cursor.rowcount != 1:
                return
            for member_id in over.winners:
                await conn.execute(
                    "INSERT INTO trivia_wins (round_id, member_id, guild_id, won_utc) VALUES (?, ?, ?, ?)",
                    (round_id, member_id, guild_id, unix(over.ended_at)))
                await conn.execute("UPDATE trivia_totals SET wins = wins + 1 WHERE guild_id = ? AND member_id = ?",
                                   (guild_id, member_id))

    async def close_interrupted(self, now: datetime) -> int:
        """End every round still marked running (the bot stopped mid-round); returns how many."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE trivia_rounds SET ended_utc = ?, end_reason = ? WHERE ended_utc IS NULL",
                (unix(now), INTERRUPTED))
            return cursor.rowcount

    async def close_round(self, round_id: int, now: datetime, reason: str = INTERRUPTED) -> None:
        await self.db.execute(
            "UPDATE trivia_rounds SET ended_utc = ?, end_reason = ? WHERE id = ? AND ended_utc IS NULL",
            (unix(now), reason, round_id))

    # -- cycling ------------------------------------------------------------------------------------

    async def asked(self, guild_id: int) -> dict[str, Asked]:
        rows = await self.db.fetchall("SELECT question_key, times, last_utc FROM trivia_asked WHERE guild_id = ?",
                                      (guild_id,))
        return {r["question_key"]: Asked(r["times"], r["last_utc"]) for r in rows}

    # -- reading scores -----------------------------------------------------------------------------

    async def leaderboard(self, guild_id: int, period: Period | str, now: datetime, limit: int = 10) -> Leaderboard:
        period = Period(period)
        since = period_start(period, now)
        if since is None:
            rows = await self.db.fetchall(
                "SELECT member_id, points, correct, answered, rounds, wins FROM trivia_totals "
                "WHERE guild_id = ? AND answered > 0 ORDER BY points DESC, correct DESC, member_id LIMIT ?",
                (guild_id, limit))
            count = await self.db.fetchone(
                "SELECT count(*) FROM trivia_totals WHERE guild_id = ? AND answered > 0", (guild_id,))
        else:
            params = {"guild": guild_id, "since": unix(since), "limit": limit}
            rows = await self.db.fetchall(
                "SELECT a.member_id, sum(a.points) AS points, sum(a.correct) AS correct, count(*) AS answered, "
                "count(DISTINCT a.round_id) AS rounds, (SELECT count(*) FROM trivia_wins w WHERE w.guild_id = :guild "
                "AND w.member_id = a.member_id AND w.won_utc >= :since) AS wins "
                "FROM trivia_answers a WHERE a.guild_id = :guild AND a.answered_utc >= :since "
                "GROUP BY a.member_id ORDER BY points DESC, correct DESC, a.member_id LIMIT :limit", params)
            count = await self.db.fetchone(
                "SELECT count(DISTINCT member_id) FROM trivia_answers WHERE guild_id = :guild "
                "AND answered_utc >= :since", params)
        board = tuple(LeaderRow(r["member_id"], r["points"], r["correct"], r["answered"], r["rounds"], r["wins"])
                      for r in rows)
        return Leaderboard(period, since, board, int(count[0]) if count else len(board))

    async def member_stats(self, guild_id: int, member_id: int) -> MemberStats:
        row = await self.db.fetchone(
            "SELECT rounds, answered, correct, points, wins FROM trivia_totals WHERE guild_id = ? AND member_id = ?",
            (guild_id, member_id))
        if row is None or not row["answered"]:
            return MemberStats(member_id, 0, 0, 0, 0, 0, None, ())
        above = await self.db.fetchone(
            "SELECT count(*) FROM trivia_totals WHERE guild_id = ? AND answered > 0 AND points > ?",
            (guild_id, row["points"]))
        topics = await self.db.fetchall(
            "SELECT topic, answered, correct, points FROM trivia_topic_totals WHERE guild_id = ? AND member_id = ?",
            (guild_id, member_id))
        order = [t.value for t in Topic]
        by_topic = sorted((TopicStats(Topic(t["topic"]), t["answered"], t["correct"], t["points"]) for t in topics),
                          key=lambda t: order.index(t.topic.value))
        return MemberStats(member_id, row["rounds"], row["answered"], row["correct"], row["points"], row["wins"],
                           1 + int(above[0]) if above else 1, tuple(by_topic))

