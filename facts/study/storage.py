"""Study's SQL: each member's cards in a server, the next one due, ratings (one transaction each), what trivia
feeds in, settings and reminders, and the 30 days a member's study is kept after they leave.

A rating names the card and how many ratings it had when its buttons were drawn; the update applies only if
that count still holds, so a button pressed twice, or the same card rated in two sessions at once, counts
once. A rating is one UPDATE statement (one transaction): a trigger writes its line of the review log.
Instants are unix seconds (UTC).
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import aiosqlite

from facts.db import Database
from facts.scope import Scope
from facts.store import FactStore
from facts.study.cards import Card, CardKey, CardKind, card_of, keys_of
from facts.study.schedule import Memory, Rating, State, review

NEW_PER_DAY = 10
KEEP_AFTER_LEAVING = timedelta(days=30)
OFFERS = 32  # the card offers of this many sets of packs are kept
CARDS = 4096  # built cards kept (members study the same facts)
SYNCED = 10_000  # members whose cards were last checked against the packs, and against which facts


def unix(moment: datetime) -> int:
    return int(moment.timestamp())


def utc(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


@dataclass(frozen=True, slots=True)
class Offer:
    """What a set of packs offers: the new cards in order, and the facts that exist (for suspension)."""

    new: tuple[CardKey, ...]
    events: frozenset[str]
    people: frozenset[str]
    figures: dict[str, int]  # event key → how many figures it has

    def has(self, key: CardKey) -> bool:
        if key.kind is CardKind.WHO:
            return key.fact in self.people or key.fact in self.events
        if key.kind is CardKind.FIGURE:
            return key.figure is not None and key.figure < self.figures.get(key.fact, 0)
        return key.fact in self.events


@dataclass(frozen=True, slots=True)
class StudyCard:
    """A member's card, due now: its row, its memory and what it shows."""

    id: int
    reps: int
    memory: Memory
    card: Card
    new: bool  # never rated

    @property
    def key(self) -> CardKey:
        return self.card.key


@dataclass(frozen=True, slots=True)
class NothingDue:
    next_due: datetime | None  # the next card's due time; None when the member has no card left to come
    new_left: int  # new cards the member may still start today (0: the limit is reached, or none are left)
    cards: int  # the member's cards in this server


@dataclass(frozen=True, slots=True)
class Rated:
    memory: Memory
    rating: Rating


@dataclass(frozen=True, slots=True)
class AlreadyRated:
    """The card was rated since its buttons were drawn (a second press, or another session)."""


@dataclass(frozen=True, slots=True)
class Settings:
    new_per_day: int
    remind_time: time | None
    remind_zone: str | None
    remind_note: str | None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.remind_zone) if self.remind_zone else ZoneInfo("UTC")


DEFAULTS = Settings(NEW_PER_DAY, None, None, None)


@dataclass(frozen=True, slots=True)
class Reminder:
    guild_id: int
    member_id: int
    due: int  # cards due now
    day: date  # the member's local day


class StudyStorage:
    def __init__(self, db: Database, store: FactStore) -> None:
        self.db = db
        self.store = store
        self._offers: OrderedDict[tuple[int, frozenset[str]], Offer] = OrderedDict()
        self._cards: OrderedDict[tuple[int, str], Card | None] = OrderedDict()
        self._synced: OrderedDict[tuple[int, int], tuple[int, frozenset[str]]] = OrderedDict()
        self._seen: OrderedDict[tuple[int, int], None] = OrderedDict()  # members known to be in their server

    async def card_of(self, key: CardKey) -> Card | None:
        """The card ``key`` names, built once per fact until the facts change (a bounded LRU)."""
        kept = (self.store.generation, str(key))
        if kept in self._cards:
            self._cards.move_to_end(kept)
            return self._cards[kept]
        card = await card_of(self.store, key)
        self._cards[kept] = card
        if len(self._cards) > CARDS:
            self._cards.popitem(last=False)
        return card

    # -- what the packs offer ---------------------------------------------------------------------

    async def offer(self, scope: Scope) -> Offer:
        kept = (self.store.generation, scope.packs)  # until the facts change
        found = self._offers.get(kept)
        if found is None:
            packs = sorted(scope.packs)
            marks = ", ".join("?" * len(packs)) or "NULL"
            events = await self.db.fetchall(f"SELECT key, figures FROM events WHERE pack IN ({marks})", packs)
            people = await self.db.fetchall(f"SELECT key FROM people WHERE pack IN ({marks})", packs)
            found = Offer(tuple(await keys_of(self.store, scope)), frozenset(r["key"] for r in events),
                          frozenset(r["key"] for r in people),
                          {r["key"]: len(json.loads(r["figures"])) for r in events})
            self._offers[kept] = found
            while len(self._offers) > OFFERS:
                self._offers.popitem(last=False)
        self._offers.move_to_end(kept)
        return found

    # -- the queue --------------------------------------------------------------------------------

    async def next_card(self, guild_id: int, member_id: int, now: datetime, scope: Scope) -> StudyCard | NothingDue:
        """The member's next card: the one due longest, else a new one while today's limit allows."""
        offer = await self.offer(scope)
        while True:  # a due card whose fact has just vanished is suspended and the next one looked at
            row = await self.db.fetchone(
                "SELECT * FROM study_cards WHERE guild_id = ? AND member_id = ? AND suspended = 0 AND due_utc <= ? "
                "ORDER BY due_utc, id LIMIT 1", (guild_id, member_id, unix(now)))
            if row is None:
                break
            found = await self._shown(row, offer)
            if found is not None:
                return found
        settings = await self.settings(guild_id, member_id)
        new_left = max(0, settings.new_per_day - await self._introduced_today(guild_id, member_id, now, settings))
        if new_left:
            fresh = await self._introduce(guild_id, member_id, now, offer)
            if fresh is not None:
                return fresh
            new_left = 0  # every card the packs offer is already the member's
        upcoming = await self.db.fetchone(
            "SELECT min(due_utc) AS due, (SELECT count(*) FROM study_cards WHERE guild_id = :g AND member_id = :m) "
            "AS cards FROM study_cards WHERE guild_id = :g AND member_id = :m AND suspended = 0",
            {"g": guild_id, "m": member_id})
        due = upcoming["due"] if upcoming is not None else None
        return NothingDue(utc(due) if due is not None else None, new_left, upcoming["cards"] if upcoming else 0)

    async def card(self, guild_id: int, member_id: int, card_id: int, scope: Scope) -> StudyCard | None:
        """The member's card ``card_id`` in this server, as it shows now; None when it is not theirs or its fact
        is gone (then it is suspended)."""
        row = await self.db.fetchone("SELECT * FROM study_cards WHERE id = ? AND guild_id = ? AND member_id = ?",
                                     (card_id, guild_id, member_id))
        return await self._shown(row, await self.offer(scope)) if row is not None else None

    async def _shown(self, row: aiosqlite.Row, offer: Offer) -> StudyCard | None:
        key = CardKey.parse(row["card_key"])
        card = await self.card_of(key) if offer.has(key) else None
        if card is None:
            await self.db.execute("UPDATE study_cards SET suspended = 1 WHERE id = ?", (row["id"],))
            return None
        return StudyCard(row["id"], row["reps"], _memory(row), card, row["reps"] == 0)

    async def _introduced_today(self, guild_id: int, member_id: int, now: datetime, settings: Settings) -> int:
        midnight = datetime.combine(now.astimezone(settings.zone).date(), time(), settings.zone)
        row = await self.db.fetchone(
            "SELECT count(*) FROM study_cards WHERE guild_id = ? AND member_id = ? AND introduced_utc >= ? "
            "AND introduced_by = 'study'", (guild_id, member_id, unix(midnight)))
        return int(row[0]) if row else 0

    async def _introduce(self, guild_id: int, member_id: int, now: datetime, offer: Offer) -> StudyCard | None:
        have = {r["card_key"] for r in await self.db.fetchall(
            "SELECT card_key FROM study_cards WHERE guild_id = ? AND member_id = ?", (guild_id, member_id))}
        for key in offer.new:
            if str(key) in have:
                continue
            card = await self.card_of(key)
            if card is None:
                continue
            memory = Memory.new(now)
            async with self.db.transaction() as conn:
                async with conn.execute(
                        "INSERT INTO study_cards (guild_id, member_id, card_key, pack, fact, state, step, due_utc, "
                        "introduced_utc, introduced_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'study') "
                        "ON CONFLICT (guild_id, member_id, card_key) DO NOTHING RETURNING id",
                        (guild_id, member_id, str(key), key.pack, key.fact, int(memory.state), memory.step,
                         unix(now), unix(now))) as cursor:
                    inserted = await cursor.fetchone()
                card_id = inserted[0] if inserted else None
            if card_id is None:  # another session of the member introduced it a moment ago
                continue
            return StudyCard(card_id, 0, memory, card, True)
        return None

    # -- ratings ----------------------------------------------------------------------------------

    async def rate(self, guild_id: int, member_id: int, card_id: int, *, reps: int, rating: Rating,
                   now: datetime, shown: StudyCard | None = None) -> Rated | AlreadyRated:
        """Rate the card as its buttons (drawn at ``reps`` ratings) say: one statement, counted once (the update
        finds nothing to change when the card was rated since, however close together the presses were).
        ``shown``: the card as just read for this press, so it is not read again."""
        if shown is not None and shown.id == card_id and shown.reps == reps:
            before = shown.memory
        else:
            row = await self.db.fetchone("SELECT * FROM study_cards WHERE id = ? AND guild_id = ? AND member_id = ?",
                                         (card_id, guild_id, member_id))
            if row is None or row["reps"] != reps:
                return AlreadyRated()
            before = _memory(row)
        after = review(before, rating, now)
        sql, params = _rating(card_id, before, after, rating=rating, now=now, source="study", reps=reps)
        if not await self.db.changed(sql, params):
            return AlreadyRated()
        return Rated(after, rating)

    # -- trivia -----------------------------------------------------------------------------------

    async def from_trivia(self, guild_id: int, question_key: str, right: Iterable[int], missed: Iterable[int],
                          now: datetime) -> None:
        """A trivia question revealed: a right answer is a review rated Good; a wrong one, or a player letting
        it time out, makes the card due now (starting it if the member had none). One transaction."""
        try:
            key = CardKey.parse(question_key)
        except ValueError:
            return
        if await self.card_of(key) is None:
            return
        right, missed = list(dict.fromkeys(right)), list(dict.fromkeys(missed))
        async with self.db.transaction() as conn:
            for member_id in [*right, *missed]:
                await conn.execute(
                    "INSERT INTO study_cards (guild_id, member_id, card_key, pack, fact, state, step, due_utc, "
                    "introduced_utc, introduced_by) VALUES (?, ?, ?, ?, ?, 1, 0, ?, ?, 'trivia') "
                    "ON CONFLICT (guild_id, member_id, card_key) DO NOTHING",
                    (guild_id, member_id, str(key), key.pack, key.fact, unix(now), unix(now)))
            for member_id in missed:
                await conn.execute(
                    "UPDATE study_cards SET due_utc = min(due_utc, ?), suspended = 0, "
                    "lapses = lapses + (state = 2) WHERE guild_id = ? AND member_id = ? AND card_key = ?",
                    (unix(now), guild_id, member_id, str(key)))
            for member_id in right:
                async with conn.execute("SELECT * FROM study_cards WHERE guild_id = ? AND member_id = ? "
                                        "AND card_key = ?", (guild_id, member_id, str(key))) as cursor:
                    row = await cursor.fetchone()
                if row is None:
                    continue
                before = _memory(row)
                await conn.execute(*_rating(row["id"], before, review(before, Rating.GOOD, now), rating=Rating.GOOD,
                                            now=now, source="trivia", reps=row["reps"]))

    # -- suspension -------------------------------------------------------------------------------

    async def sync(self, guild_id: int, member_id: int, scope: Scope) -> int:
        """Suspend the member's cards whose fact is gone from the server's packs (its pack disabled, or the fact
        removed from it), and take back those whose fact has returned; returns how many are suspended. Done
        when the server's packs (ids and digests) differ from those the cards were last checked against, in
        one statement. (A card naming a figure an edit removed is caught when it comes up: :meth:`next_card`
        suspends it.)"""
        facts = (self.store.generation, scope.packs)
        if self._synced.get((guild_id, member_id)) != facts:
            digest = await self.digest_of(scope)
            marked = await self.db.changed(
                "INSERT INTO study_members (guild_id, member_id, synced) VALUES (?, ?, ?) "
                "ON CONFLICT (guild_id, member_id) DO UPDATE SET synced = excluded.synced "
                "WHERE synced IS NOT excluded.synced", (guild_id, member_id, digest))
            if marked:
                packs = sorted(scope.packs)
                marks = ", ".join("?" * len(packs))
                gone = (f"NOT (pack IN ({marks}) AND (EXISTS (SELECT 1 FROM events e WHERE e.key = fact) "
                        "OR EXISTS (SELECT 1 FROM people p WHERE p.key = fact)))") if packs else "1"
                await self.db.execute(f"UPDATE study_cards SET suspended = {gone} WHERE guild_id = ? "
                                      f"AND member_id = ? AND suspended != {gone}",
                                      [*packs, guild_id, member_id, *packs])
            self._synced[(guild_id, member_id)] = facts
            if len(self._synced) > SYNCED:
                self._synced.popitem(last=False)
        self._synced.move_to_end((guild_id, member_id))
        row = await self.db.fetchone("SELECT count(*) FROM study_cards WHERE guild_id = ? AND member_id = ? "
                                     "AND suspended = 1", (guild_id, member_id))
        return int(row[0]) if row else 0

    async def digest_of(self, scope: Scope) -> str:
        """What the scope's facts are: its packs' ids and content digests."""
        packs = sorted(scope.packs)
        marks = ", ".join("?" * len(packs)) or "NULL"
        rows = await self.db.fetchall(f"SELECT id, digest FROM packs WHERE id IN ({marks}) ORDER BY id", packs)
        return hashlib.sha256(json.dumps([[r["id"], r["digest"]] for r in rows]).encode()).hexdigest()[:32]

    # -- settings ---------------------------------------------------------------------------------

    async def settings(self, guild_id: int, member_id: int) -> Settings:
        row = await self.db.fetchone("SELECT * FROM study_members WHERE guild_id = ? AND member_id = ?",
                                     (guild_id, member_id))
        if row is None:
            return DEFAULTS
        at = time.fromisoformat(row["remind_time"]) if row["remind_time"] else None
        return Settings(row["new_per_day"], at, row["remind_zone"], row["remind_note"])

    async def set_new_per_day(self, guild_id: int, member_id: int, count: int) -> None:
        await self.db.execute(
            "INSERT INTO study_members (guild_id, member_id, new_per_day) VALUES (?, ?, ?) "
            "ON CONFLICT (guild_id, member_id) DO UPDATE SET new_per_day = excluded.new_per_day",
            (guild_id, member_id, count))

    async def set_zone(self, guild_id: int, member_id: int, zone: str) -> None:
        await self.db.execute(
            "INSERT INTO study_members (guild_id, member_id, remind_zone) VALUES (?, ?, ?) "
            "ON CONFLICT (guild_id, member_id) DO UPDATE SET remind_zone = excluded.remind_zone",
            (guild_id, member_id, zone))

    async def set_reminder(self, guild_id: int, member_id: int, at: time | None, zone: str | None,
                           now: datetime) -> None:
        """Remind at ``at`` local time in ``zone`` (None: off). A reminder set after today's time starts
        tomorrow; the note of an earlier failure is cleared."""
        last = None
        if at is not None and zone is not None:
            local = now.astimezone(ZoneInfo(zone))
            last = local.date().isoformat() if local.time() >= at else None
        await self.db.execute(
            "INSERT INTO study_members (guild_id, member_id, remind_time, remind_zone, remind_last) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id, member_id) DO UPDATE SET "
            "remind_time = excluded.remind_time, remind_zone = coalesce(excluded.remind_zone, remind_zone), "
            "remind_last = excluded.remind_last, remind_note = NULL",
            (guild_id, member_id, at.strftime("%H:%M") if at else None, zone, last))

    # -- reminders --------------------------------------------------------------------------------

    async def reminders_due(self, now: datetime, guilds: Sequence[int] | None = None) -> list[Reminder]:
        """Members whose reminder time has passed today (their day) who were not reminded today and have
        cards due. ``guilds`` limits the look to the servers this process serves."""
        rows = await self.db.fetchall(
            "SELECT guild_id, member_id, remind_time, remind_zone, remind_last FROM study_members "
            "WHERE remind_time IS NOT NULL AND left_utc IS NULL")
        wanted = set(guilds) if guilds is not None else None
        out = []
        for r in rows:
            if wanted is not None and r["guild_id"] not in wanted:
                continue
            zone = ZoneInfo(r["remind_zone"] or "UTC")
            local = now.astimezone(zone)
            if local.time() < time.fromisoformat(r["remind_time"]) or r["remind_last"] == local.date().isoformat():
                continue
            due = await self.db.fetchone(
                "SELECT count(*) FROM study_cards WHERE guild_id = ? AND member_id = ? AND suspended = 0 "
                "AND due_utc <= ?", (r["guild_id"], r["member_id"], unix(now)))
            count = int(due[0]) if due else 0
            if count:
                out.append(Reminder(r["guild_id"], r["member_id"], count, local.date()))
        return out

    async def reminded(self, reminder: Reminder) -> None:
        await self.db.execute("UPDATE study_members SET remind_last = ? WHERE guild_id = ? AND member_id = ?",
                              (reminder.day.isoformat(), reminder.guild_id, reminder.member_id))

    async def reminder_failed(self, guild_id: int, member_id: int, note: str) -> None:
        """Turn the member's reminders off, saying why (shown in /study stats)."""
        await self.db.execute("UPDATE study_members SET remind_time = NULL, remind_note = ? "
                              "WHERE guild_id = ? AND member_id = ?", (note, guild_id, member_id))

    # -- leaving ----------------------------------------------------------------------------------

    async def left(self, guild_id: int, member_ids: Iterable[int] | None, now: datetime) -> None:
        """The members (None: every member with study there) are gone from the server: keep their study for
        30 days, in case they come back."""
        if member_ids is None:
            rows = await self.db.fetchall("SELECT DISTINCT member_id FROM study_cards WHERE guild_id = ?",
                                          (guild_id,))
            member_ids = [r["member_id"] for r in rows]
        member_ids = list(member_ids)
        for member_id in member_ids:
            self._seen.pop((guild_id, member_id), None)
        async with self.db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO study_members (guild_id, member_id, left_utc) VALUES (?, ?, ?) "
                "ON CONFLICT (guild_id, member_id) DO UPDATE SET left_utc = coalesce(left_utc, excluded.left_utc)",
                [(guild_id, m, unix(now)) for m in member_ids])

    async def seen(self, guild_id: int, member_id: int) -> None:
        """The member used study in the server: they are there (again)."""
        if (guild_id, member_id) in self._seen:
            self._seen.move_to_end((guild_id, member_id))
            return
        self._seen[(guild_id, member_id)] = None
        if len(self._seen) > SYNCED:
            self._seen.popitem(last=False)
        await self.db.execute("UPDATE study_members SET left_utc = NULL WHERE guild_id = ? AND member_id = ? "
                              "AND left_utc IS NOT NULL", (guild_id, member_id))

    async def purge(self, now: datetime) -> int:
        """Delete the study of members gone for 30 days; returns how many members."""
        cutoff = unix(now - KEEP_AFTER_LEAVING)
        async with self.db.transaction() as conn:
            async with conn.execute("SELECT guild_id, member_id FROM study_members WHERE left_utc <= ?",
                                    (cutoff,)) as cursor:
                gone = [(r["guild_id"], r["member_id"]) for r in await cursor.fetchall()]
            await conn.executemany("DELETE FROM study_reviews WHERE guild_id = ? AND member_id = ?", gone)
            await conn.executemany("DELETE FROM study_cards WHERE guild_id = ? AND member_id = ?", gone)
            await conn.executemany("DELETE FROM study_members WHERE guild_id = ? AND member_id = ?", gone)
        return len(gone)

    # -- export -----------------------------------------------------------------------------------

    async def owner_of(self, card_id: int) -> int | None:
        """Whose card ``card_id`` is (None: no such card)."""
        row = await self.db.fetchone("SELECT member_id FROM study_cards WHERE id = ?", (card_id,))
        return int(row["member_id"]) if row is not None else None

    async def member_keys(self, guild_id: int, member_id: int) -> list[CardKey]:
        rows = await self.db.fetchall("SELECT card_key FROM study_cards WHERE guild_id = ? AND member_id = ? "
                                      "AND suspended = 0 ORDER BY introduced_utc, id", (guild_id, member_id))
        return [CardKey.parse(r["card_key"]) for r in rows]


def _rating(card_id: int, before: Memory, after: Memory, *, rating: Rating, now: datetime, source: str,
            reps: int) -> tuple[str, tuple[object, ...]]:
    """The UPDATE that rates a card shown at ``reps`` ratings (the trigger of migration 0008 logs it)."""
    lapse = int(rating is Rating.AGAIN and before.state is State.REVIEW)
    return ("UPDATE study_cards SET state = ?, step = ?, stability = ?, difficulty = ?, due_utc = ?, "
            "last_review_utc = ?, reps = reps + 1, lapses = lapses + ?, last_rating = ?, last_source = ? "
            "WHERE id = ? AND reps = ?",
            (int(after.state), after.step, after.stability, after.difficulty, unix(after.due), unix(now), lapse,
             int(rating), source, card_id, reps))


def _memory(row: aiosqlite.Row) -> Memory:
    last = row["last_review_utc"]
    return Memory(State(row["state"]), row["step"], row["stability"], row["difficulty"], utc(row["due_utc"]),
                  utc(last) if last is not None else None)
