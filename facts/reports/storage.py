"""Reports' SQL: filing (one transaction each), listing with the facts as they are now, resolving, the open
trivia questions of a server, and the subjects of Report buttons too big for their custom id."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from math import ceil
from typing import Any

import aiosqlite

from facts.db import Database
from facts.errors import BadInput, ChronicleError, NotFound
from facts.models import Event, Person
from facts.reports.models import (
    MAX_NOTE,
    MAX_OPEN_PER_MEMBER,
    FactKind,
    Filed,
    Report,
    ReportedFact,
    ReportPage,
    Resolved,
    Show,
    Status,
    Subject,
    Target,
    clean_text,
)
from facts.store import FactStore

EVERY_GUILD: Any = object()  # list or resolve in every server (the command line)
log = logging.getLogger(__name__)
_KNOWN_TOKENS = 4096  # subjects known to be stored, kept to skip the write next time


def unix(moment: datetime) -> int:
    return int(moment.timestamp())


def _moment(value: int | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, UTC)


def _report(row: aiosqlite.Row) -> Report:
    target = Target(FactKind(row["fact_kind"]), row["fact_key"], row["fact_title"], row["fact_when"],
                    row["question_key"])
    created = datetime.fromtimestamp(row["created_utc"], UTC)
    updated = datetime.fromtimestamp(row["updated_utc"], UTC)
    return Report(row["id"], row["guild_id"], row["member_id"], target, row["context"], row["channel_id"],
                  row["message_id"], row["text"], created, updated, Status(row["status"]), row["resolved_by"],
                  _moment(row["resolved_utc"]), row["resolution"])


class AlreadyResolved(ChronicleError):
    """The report was resolved before; ``report`` says by whom and when."""

    def __init__(self, report: Report) -> None:
        super().__init__(f"Report #{report.id} is already resolved.")
        self.report = report


class ReportStorage:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._known: dict[str, None] = {}
        self._pending: dict[str, asyncio.Future[None]] = {}

    # -- subjects -----------------------------------------------------------------------------------

    async def remember(self, subject: Subject, now: datetime) -> str:
        """Store ``subject`` (once: its token is derived from it) and return its token.

        The write is queued, not awaited: the answer carrying the button goes out without waiting for it, and
        the database's one connection runs statements in order, so any later read of the token (a click)
        comes after the write; :meth:`subject` also waits for a write still pending."""
        token = subject.token
        if token in self._known:
            return token
        write = asyncio.ensure_future(self.db.execute(
            "INSERT INTO report_subjects (token, context, targets, created_utc) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (token) DO NOTHING", (token, subject.context, subject.targets_json(), unix(now))))
        self._pending[token] = write
        write.add_done_callback(lambda done: self._written(token, done))
        self._known[token] = None
        if len(self._known) > _KNOWN_TOKENS:
            self._known.pop(next(iter(self._known)))
        return token

    def _written(self, token: str, write: asyncio.Future[None]) -> None:
        self._pending.pop(token, None)
        if not write.cancelled() and write.exception() is not None:
            self._known.pop(token, None)  # try again next time
            log.error("could not store a report subject", exc_info=write.exception())

    async def flush(self) -> None:
        """Wait for the subjects still being written (before the database closes)."""
        if self._pending:
            await asyncio.gather(*self._pending.values(), return_exceptions=True)

    async def subject(self, token: str) -> Subject | None:
        pending = self._pending.get(token)
        if pending is not None:
            await asyncio.gather(pending, return_exceptions=True)
        row = await self.db.fetchone("SELECT context, targets FROM report_subjects WHERE token = ?", (token,))
        return None if row is None else Subject.from_json(row["context"], row["targets"])

    # -- filing ---------------------------------------------------------------------------------------

    async def file(self, *, guild_id: int | None, member_id: int, target: Target, context: str, text: str,
                   now: datetime, channel_id: int | None = None, message_id: int | None = None) -> Filed:
        """Store a member's report of ``target``. A member's open report of the same fact (and question) is
        updated rather than doubled; a member may have at most ``MAX_OPEN_PER_MEMBER`` open reports a server."""
        text = clean_text(text)
        guild = 0 if guild_id is None else guild_id
        async with self.db.transaction() as conn:
            async with conn.execute(
                    "SELECT id FROM reports WHERE coalesce(guild_id, 0) = ? AND member_id = ? AND fact_key = ? "
                    "AND coalesce(question_key, '') = ? AND status = 'open'",
                    (guild, member_id, target.key, target.question or "")) as cursor:
                earlier = await cursor.fetchone()
            if earlier is not None:
                await conn.execute(
                    "UPDATE reports SET text = ?, updated_utc = ?, fact_title = ?, fact_when = ?, context = ?, "
                    "channel_id = ?, message_id = ? WHERE id = ?",
                    (text, unix(now), target.title, target.when, context, channel_id, message_id, earlier["id"]))
                report_id = earlier["id"]
            else:
                async with conn.execute(
                        "SELECT count(*) FROM reports WHERE coalesce(guild_id, 0) = ? AND member_id = ? "
                        "AND status = 'open'", (guild, member_id)) as cursor:
                    row = await cursor.fetchone()
                if row is not None and row[0] >= MAX_OPEN_PER_MEMBER:
                    raise BadInput(f"You already have {row[0]} open reports here; an admin will go through them. "
                                   "Report more once some are resolved.")
                async with conn.execute(
                        "INSERT INTO reports (guild_id, member_id, fact_kind, fact_key, fact_title, fact_when, "
                        "question_key, context, channel_id, message_id, text, created_utc, updated_utc) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                        (guild_id, member_id, target.kind.value, target.key, target.title, target.when,
                         target.question, context, channel_id, message_id, text, unix(now), unix(now))) as cursor:
                    inserted = await cursor.fetchone()
                assert inserted is not None
                report_id = inserted[0]
            async with conn.execute("SELECT * FROM reports WHERE id = ?", (report_id,)) as cursor:
                stored = await cursor.fetchone()
        assert stored is not None
        return Filed(_report(stored), updated=earlier is not None)

    # -- reading --------------------------------------------------------------------------------------

    async def get(self, report_id: int) -> Report | None:
        row = await self.db.fetchone("SELECT * FROM reports WHERE id = ?", (report_id,))
        return None if row is None else _report(row)

    def _where(self, guild_id: Any, show: Show) -> tuple[str, list[Any]]:
        clauses, params = [], []
        if guild_id is not EVERY_GUILD:
            clauses.append("guild_id IS ?")
            params.append(guild_id)
        if show is not Show.ALL:
            clauses.append("status = ?")
            params.append(show.value)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    async def reports(self, guild_id: Any, show: Show | str = Show.OPEN, *, page: int = 1,
                      per_page: int = 5) -> tuple[list[Report], int, int]:
        """One page of reports (newest first), the page number (clamped) and the total."""
        show = Show(show)
        where, params = self._where(guild_id, show)
        count = await self.db.fetchone(f"SELECT count(*) FROM reports{where}", params)
        total = int(count[0]) if count else 0
        page = min(max(1, page), max(1, ceil(total / per_page)))
        rows = await self.db.fetchall(f"SELECT * FROM reports{where} ORDER BY id DESC LIMIT ? OFFSET ?",
                                      [*params, per_page, (page - 1) * per_page])
        return [_report(r) for r in rows], page, total

    async def listing(self, store: FactStore, guild_id: Any, show: Show | str = Show.OPEN, *, page: int = 1,
                      per_page: int = 5) -> ReportPage:
        """A page of reports, each with its fact (title, date, quote) as the packs have it now."""
        if per_page < 1:
            raise BadInput("Show at least one report per page.", "--per-page 10")
        show = Show(show)
        reports, page, total = await self.reports(guild_id, show, page=page, per_page=per_page)
        items = await with_facts(store, reports)
        every = guild_id is EVERY_GUILD
        return ReportPage(None if every else guild_id, show, tuple(items), page, max(1, ceil(total / per_page)),
                          total, per_page, every)

    async def open_questions(self, guild_id: int) -> frozenset[str]:
        """The trivia questions with an open report in this server: they stay out of its rounds."""
        rows = await self.db.fetchall(
            "SELECT DISTINCT question_key FROM reports WHERE guild_id = ? AND status = 'open' "
            "AND question_key IS NOT NULL", (guild_id,))
        return frozenset(r["question_key"] for r in rows)

    async def search_open(self, guild_id: int, text: str, limit: int = 25) -> list[Report]:
        """Open reports of a server whose number, fact or text contains ``text`` (for autocomplete)."""
        words = text.strip().lstrip("#")
        like = "%" + words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = await self.db.fetchall(
            "SELECT * FROM reports WHERE guild_id = ? AND status = 'open' AND (? = '' OR CAST(id AS TEXT) = ? "
            "OR fact_title LIKE ? ESCAPE '\\' OR text LIKE ? ESCAPE '\\') ORDER BY id DESC LIMIT ?",
            (guild_id, words, words, like, like, limit))
        return [_report(r) for r in rows]

    # -- resolving ------------------------------------------------------------------------------------

    async def resolve(self, report_id: int, *, guild_id: Any, by: int | None, note: str | None,
                      now: datetime) -> Resolved:
        """Resolve a report of ``guild_id`` (``EVERY_GUILD``: any). :class:`NotFound` when there is no such
        report there, :class:`AlreadyResolved` when it was resolved before."""
        note = clean_text(note, limit=MAX_NOTE, required=False) or None
        async with self.db.transaction() as conn:
            async with conn.execute("SELECT * FROM reports WHERE id = ?", (report_id,)) as cursor:
                row = await cursor.fetchone()
            if row is None or (guild_id is not EVERY_GUILD and row["guild_id"] != guild_id):
                where = "" if guild_id is EVERY_GUILD else " in this server"
                raise NotFound(f"There is no report #{report_id}{where}.")
            if row["status"] == Status.RESOLVED.value:
                raise AlreadyResolved(_report(row))
            await conn.execute(
                "UPDATE reports SET status = 'resolved', resolved_by = ?, resolved_utc = ?, resolution = ? "
                "WHERE id = ?", (by, unix(now), note, report_id))
            async with conn.execute("SELECT * FROM reports WHERE id = ?", (report_id,)) as cursor:
                updated = await cursor.fetchone()
            question_back = False
            if row["question_key"] is not None and row["guild_id"] is not None:
                async with conn.execute(
                        "SELECT 1 FROM reports WHERE guild_id = ? AND question_key = ? AND status = 'open' LIMIT 1",
                        (row["guild_id"], row["question_key"])) as cursor:
                    question_back = await cursor.fetchone() is None
        assert updated is not None
        return Resolved(_report(updated), question_back)


async def with_facts(store: FactStore, reports: Sequence[Report]) -> list[ReportedFact]:
    """Each report with its fact as the store has it now (None when the fact left the packs)."""
    event_keys = [r.target.key for r in reports if r.target.kind is FactKind.EVENT]
    events: dict[str, Event] = {e.key: e for e in await store.events(event_keys)} if event_keys else {}
    people: dict[str, Person | None] = {}
    for r in reports:
        if r.target.kind is FactKind.PERSON and r.target.key not in people:
            try:
                people[r.target.key] = await store.person_by_key(r.target.key)
            except NotFound:
                people[r.target.key] = None
    return [ReportedFact(r, event=events.get(r.target.key)) if r.target.kind is FactKind.EVENT
            else ReportedFact(r, person=people.get(r.target.key)) for r in reports]
