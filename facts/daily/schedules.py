"""The daily schedules in SQLite: every statement the daily feature runs lives here.

Exactly once per server per local date: :meth:`ScheduleStore.claim` records the day as posted (and moves
``next_due_utc`` to the next day) in one transaction, guarded by ``last_posted_date < day``, *before* the
message is sent. A second claim for the same day — after a restart, a second ``set``, a clock jump —
changes no row and so never sends. A failed send puts the previous state back (:meth:`restore`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import aiosqlite

from facts.daily.models import Schedule, Status
from facts.daily.timing import CLAIM_LEASE, Due, first_due, following_due, format_time
from facts.db import Database
from facts.shards import Shards

_COLUMNS = ("guild_id, channel_id, post_time, timezone, status, problem, attempts, next_due_utc, due_local_date, "
            "last_posted_date, last_posted_utc, last_message_id, picture")
DUE_QUERY = f"SELECT {_COLUMNS} FROM daily_schedules WHERE next_due_utc <= ? ORDER BY next_due_utc LIMIT ?"


def to_epoch(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("an aware datetime is required")
    return int(moment.timestamp())


def from_epoch(seconds: int | None) -> datetime | None:
    return None if seconds is None else datetime.fromtimestamp(seconds, UTC)


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _schedule(row: aiosqlite.Row) -> Schedule:
    return Schedule(
        guild_id=row["guild_id"], channel_id=row["channel_id"], post_time=time.fromisoformat(row["post_time"]),
        zone_name=row["timezone"], status=Status(row["status"]), problem=row["problem"], attempts=row["attempts"],
        next_due=from_epoch(row["next_due_utc"]), due_day=_day(row["due_local_date"]),
        last_posted_day=_day(row["last_posted_date"]), last_posted_at=from_epoch(row["last_posted_utc"]),
        last_message_id=row["last_message_id"], picture=bool(row["picture"]),
    )


def _state(s: Schedule) -> dict[str, Any]:
    """The columns a post attempt changes, as statement parameters."""
    return {"status": s.status.value, "problem": s.problem, "attempts": s.attempts,
            "next_due": to_epoch(s.next_due) if s.next_due else None, "due_day": _iso(s.due_day),
            "posted_day": _iso(s.last_posted_day), "posted_at": to_epoch(s.last_posted_at) if s.last_posted_at
            else None, "message_id": s.last_message_id}


class ScheduleStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, guild_id: int) -> Schedule | None:
        row = await self.db.fetchone(f"SELECT {_COLUMNS} FROM daily_schedules WHERE guild_id = ?", (guild_id,))
        return _schedule(row) if row else None

    async def set(self, guild_id: int, channel_id: int, at: time, zone_name: str, now: datetime, *,
                  picture: bool | None = None) -> Schedule:
        """Create or change a schedule and (re)activate it; the last posted date is kept, so no day posts twice.
        ``picture``: whether posts carry a timeline picture (None: as it was; off for a new schedule)."""
        async with self.db.transaction() as conn:
            async with conn.execute("SELECT last_posted_date FROM daily_schedules WHERE guild_id = ?",
                                    (guild_id,)) as cursor:
                row = await cursor.fetchone()
            due = first_due(now, at, ZoneInfo(zone_name), _day(row["last_posted_date"]) if row else None)
            await conn.execute(
                "INSERT INTO daily_schedules (guild_id, channel_id, post_time, timezone, status, next_due_utc, "
                " due_local_date, picture, created_utc, updated_utc) "
                "VALUES (:g, :c, :t, :z, 'active', :due, :day, coalesce(:picture, 0), :now, :now) "
                "ON CONFLICT (guild_id) DO UPDATE SET channel_id = :c, post_time = :t, timezone = :z, "
                " status = 'active', problem = NULL, attempts = 0, next_due_utc = :due, due_local_date = :day, "
                " picture = coalesce(:picture, picture), updated_utc = :now",
                {"g": guild_id, "c": channel_id, "t": format_time(at), "z": zone_name, "due": to_epoch(due.at_utc),
                 "day": due.day.isoformat(), "now": to_epoch(now),
                 "picture": None if picture is None else int(picture)})
        schedule = await self.get(guild_id)
        assert schedule is not None
        return schedule

    async def off(self, guild_id: int, now: datetime) -> Schedule | None:
        await self.db.execute(
            "UPDATE daily_schedules SET status = 'off', problem = NULL, attempts = 0, next_due_utc = NULL, "
            "due_local_date = NULL, updated_utc = ? WHERE guild_id = ?", (to_epoch(now), guild_id))
        return await self.get(guild_id)

    async def mark_failing(self, guild_id: int, channel_id: int, reason: str, now: datetime) -> bool:
        """Stop a schedule whose channel became unusable (deleted): no retries until ``set`` runs again."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE daily_schedules SET status = 'failing', problem = ?, attempts = 0, next_due_utc = NULL, "
                "due_local_date = NULL, updated_utc = ? WHERE guild_id = ? AND channel_id = ? AND status != 'off'",
                (reason, to_epoch(now), guild_id, channel_id))
            return cursor.rowcount > 0

    async def remove(self, guild_id: int) -> bool:
        """Forget a server entirely (the bot left it): its schedule and what it was shown."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute("DELETE FROM daily_schedules WHERE guild_id = ?", (guild_id,))
            return cursor.rowcount > 0

    async def due(self, now: datetime, limit: int = 100, shards: Shards | None = None) -> list[Schedule]:
        """Schedules whose next post (or retry) is due, most overdue first; reads only the due index range.
        With ``shards``, only those of the servers of these shards (a sharded process claims only its own)."""
        if shards is None:
            return [_schedule(r) for r in await self.db.fetchall(DUE_QUERY, (to_epoch(now), limit))]
        mine, params = shards.where()
        rows = await self.db.fetchall(
            f"SELECT {_COLUMNS} FROM daily_schedules WHERE next_due_utc <= :now AND {mine} "
            "ORDER BY next_due_utc LIMIT :limit", {"now": to_epoch(now), "limit": limit, **params})
        return [_schedule(r) for r in rows]

    async def next_due(self, shards: Shards | None = None) -> datetime | None:
        """The earliest due instant of any schedule (of ``shards``' servers): for the scheduler's sleep."""
        mine, params = shards.where() if shards else ("1", {})
        row = await self.db.fetchone(
            f"SELECT min(next_due_utc) FROM daily_schedules WHERE next_due_utc IS NOT NULL AND {mine}", params)
        return from_epoch(row[0]) if row else None

    async def reschedule(self, schedule: Schedule, due: Due, now: datetime) -> bool:
        """Move a schedule on without posting (a stale day skipped); only if nobody changed it meanwhile."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE daily_schedules SET next_due_utc = ?, due_local_date = ?, attempts = 0, updated_utc = ? "
                "WHERE guild_id = ? AND next_due_utc IS ?",
                (to_epoch(due.at_utc), due.day.isoformat(), to_epoch(now), schedule.guild_id,
                 to_epoch(schedule.next_due) if schedule.next_due else None))
            return cursor.rowcount > 0

    async def claim(self, schedule: Schedule, day: date, now: datetime) -> bool:
        """Claim ``day``'s post: recorded as posted (so nothing else claims it) but *unconfirmed* until
        :meth:`confirm` records its message; meanwhile the schedule is due again when the lease ends, so a
        crash between claim and send is retried (with the same nonce). False if ``day`` was claimed already."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE daily_schedules SET last_posted_date = :day, last_posted_utc = :now, last_message_id = NULL, "
                " status = 'active', problem = NULL, attempts = 0, next_due_utc = :lease, due_local_date = :day, "
                " updated_utc = :now "
                "WHERE guild_id = :g AND status != 'off' AND (last_posted_date IS NULL OR last_posted_date < :day)",
                {"day": day.isoformat(), "now": to_epoch(now), "lease": to_epoch(now + CLAIM_LEASE),
                 "g": schedule.guild_id})
            return cursor.rowcount > 0

    async def reclaim(self, schedule: Schedule, now: datetime) -> bool:
        """Take over an unconfirmed claim whose lease ended (its sender crashed, or is stuck): a new lease,
        only if nobody else took it over first."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE daily_schedules SET next_due_utc = :lease, updated_utc = :now "
                "WHERE guild_id = :g AND last_posted_date = :day AND last_message_id IS NULL "
                " AND due_local_date = :day AND next_due_utc = :old",
                {"lease": to_epoch(now + CLAIM_LEASE), "now": to_epoch(now), "g": schedule.guild_id,
                 "day": _iso(schedule.due_day), "old": to_epoch(schedule.next_due) if schedule.next_due else None})
            return cursor.rowcount > 0

    async def confirm(self, guild_id: int, day: date, message_id: int, event_keys: Sequence[str],
                      now: datetime) -> None:
        """The message for ``day`` went out: remember its id and which events the server was shown, and (unless
        an admin changed the schedule meanwhile) schedule the next day's post."""
        async with self.db.transaction() as conn:
            async with conn.execute(
                    "SELECT post_time, timezone, due_local_date, status FROM daily_schedules "
                    "WHERE guild_id = ? AND last_posted_date = ?", (guild_id, day.isoformat())) as cursor:
                row = await cursor.fetchone()
            if row is None:
                return
            values: dict[str, Any] = {"id": message_id, "now": to_epoch(now), "g": guild_id, "day": day.isoformat()}
            moves_on = ""
            if row["due_local_date"] == day.isoformat() and row["status"] in ("active", "retrying"):
                nxt = following_due(day, time.fromisoformat(row["post_time"]), ZoneInfo(row["timezone"]))
                moves_on = ", next_due_utc = :next, due_local_date = :next_day, attempts = 0"
                values.update(next=to_epoch(nxt.at_utc), next_day=nxt.day.isoformat())
            await conn.execute(
                f"UPDATE daily_schedules SET last_message_id = :id, updated_utc = :now{moves_on} "
                "WHERE guild_id = :g AND last_posted_date = :day", values)
            await conn.executemany(
                "INSERT INTO daily_shown (guild_id, event_key, shown_utc) VALUES (?, ?, ?) "
                "ON CONFLICT (guild_id, event_key) DO UPDATE SET shown_utc = excluded.shown_utc",
                [(guild_id, key, to_epoch(now)) for key in event_keys])

    async def restore(self, claimed_day: date, state: Schedule, now: datetime) -> Schedule | None:
        """After a failed send: write ``state`` (the schedule before the claim, adjusted) over the claim."""
        await self.db.execute(
            "UPDATE daily_schedules SET status = :status, problem = :problem, attempts = :attempts, "
            " next_due_utc = :next_due, due_local_date = :due_day, last_posted_date = :posted_day, "
            " last_posted_utc = :posted_at, last_message_id = :message_id, updated_utc = :now "
            "WHERE guild_id = :g AND last_posted_date = :claimed",
            {**_state(state), "now": to_epoch(now), "g": state.guild_id, "claimed": claimed_day.isoformat()})
        return await self.get(state.guild_id)

    async def least_recently_shown(self, guild_id: int, packs: Collection[str]) -> str | None:
        """The archive pick among the events of ``packs``: one this server was never shown, else the one shown
        longest ago."""
        if not packs:
            return None
        marks = ", ".join("?" * len(packs))
        row = await self.db.fetchone(
            "SELECT e.key FROM events e LEFT JOIN daily_shown s ON s.guild_id = ? AND s.event_key = e.key "
            f"WHERE e.pack IN ({marks}) "
            "ORDER BY s.shown_utc IS NOT NULL, s.shown_utc, e.sort_date, e.sort_order, e.key LIMIT 1",
            (guild_id, *sorted(packs)))
        return row["key"] if row else None

    async def shown(self, guild_id: int) -> dict[str, datetime]:
        rows = await self.db.fetchall("SELECT event_key, shown_utc FROM daily_shown WHERE guild_id = ?", (guild_id,))
        return {r["event_key"]: datetime.fromtimestamp(r["shown_utc"], UTC) for r in rows}
