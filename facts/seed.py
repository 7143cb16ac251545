"""Seeding: turn validated packs into rows, one transaction per changed pack, nothing for unchanged ones."""

from __future__ import annotations

import asyncio
import heapq
import json
import logging
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiosqlite

from facts.dates import MonthDay, Precision
from facts.db import Database
from facts.errors import PackError
from facts.pack import UNDATED, Pack, PackEvent, PackPerson, content_digest, file_digest, load_packs, parse_upload
from facts.search.documents import pack_documents
from facts.search.index import build as build_index
from facts.text import fold, numbered_paragraphs, sentences

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SeedReport:
    loaded: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]


async def seed_paths(db: Database, paths: Sequence[Path]) -> SeedReport:
    """Seed from pack files, parsing and validating only the packs that changed since they were stored."""
    stored = {row["digest"]: row["id"]
              for row in await db.fetchall("SELECT id, digest FROM packs WHERE guild_id IS NULL")}
    kept: list[str] = []
    changed: list[Path] = []
    for path in paths:
        digest = file_digest(path)
        if digest is not None and digest in stored:
            kept.append(stored[digest])
        else:
            changed.append(path)
    packs = load_packs(changed)
    clash = sorted({p.id for p in packs} & set(kept))
    if clash:
        raise PackError([f"{p.path.name}: pack: id {p.id!r} is already used by another pack file"
                         for p in packs if p.id in clash])
    return await seed(db, packs, keep=kept)


async def seed(db: Database, packs: Sequence[Pack], *, keep: Sequence[str] = ()) -> SeedReport:
    """Bring the fact tables in line with ``packs`` (plus the stored packs named in ``keep``, untouched).

    Rows of other tables are never touched; a stored pack from files neither given nor kept is removed
    (uploaded packs belong to their servers and are left alone).
    """
    stored = {row["id"]: row["digest"]
              for row in await db.fetchall("SELECT id, digest FROM packs WHERE guild_id IS NULL")}
    loaded, unchanged = [], list(keep)
    for pack in packs:
        if stored.get(pack.id) == pack.digest:
            unchanged.append(pack.id)
            continue
        async with db.transaction() as conn:
            await write_pack(conn, pack)
        loaded.append(pack.id)
        log.info("seeded pack %s: %d events, %d people", pack.id, len(pack.events), len(pack.people))
    removed = sorted(set(stored) - {p.id for p in packs} - set(keep))
    if removed:
        async with db.transaction() as conn:
            await conn.executemany("DELETE FROM packs WHERE id = ?", [(p,) for p in removed])
        log.info("removed packs no longer present: %s", ", ".join(removed))
    return SeedReport(tuple(loaded), tuple(unchanged), tuple(removed))


async def seed_uploads(db: Database) -> list[str]:
    """Seed again the uploaded packs whose rows are missing or were made by another version of the loader;
    an upload the loader now refuses is left out (and logged), its file kept for its server to fix."""
    rows = await db.fetchall("SELECT u.pack, u.guild_id, u.name, u.pack_yaml, u.document, p.digest "
                             "FROM uploads u LEFT JOIN packs p ON p.id = u.pack ORDER BY u.pack")
    seeded = []
    for r in rows:
        if r["digest"] == content_digest(r["pack_yaml"], r["document"]):
            continue
        try:
            pack = parse_upload(r["pack_yaml"], r["document"], r["guild_id"], r["name"])
        except PackError as exc:
            log.warning("uploaded pack %s of server %s no longer loads: %s", r["name"], r["guild_id"], exc)
            continue
        async with db.transaction() as conn:
            await write_pack(conn, pack, r["guild_id"])
        seeded.append(pack.id)
    return seeded


async def write_pack(conn: aiosqlite.Connection, pack: Pack, guild_id: int | None = None) -> None:
    """Replace ``pack``'s rows inside the caller's transaction (``guild_id``: the server an upload belongs to)."""
    await conn.execute("DELETE FROM packs WHERE id = ?", (pack.id,))
    row = await (await conn.execute("SELECT coalesce(max(id), 0) FROM search_docs")).fetchone()
    first_doc = int(row[0]) + 1 if row else 1
    # Building the rows (chronology, search index) is pure Python: a worker thread keeps the event loop
    # answering interactions meanwhile (a 100-page upload takes about half a second). One table at a time,
    # so a large pack never holds all its rows in memory at once.
    tables = _rows(pack, first_doc=first_doc, guild_id=guild_id)

    def next_table() -> tuple[str, list[Sequence[Any]]] | None:
        found = next(tables, None)
        return None if found is None else (found[0], list(found[1]))

    while (table := await asyncio.to_thread(next_table)) is not None:
        await conn.executemany(*table)


UNDATED_SORT = "9999-12-31"  # undated events sort last and stay off the time axis


def chronology(events: Sequence[PackEvent]) -> list[tuple[PackEvent, str]]:
    """Events in reading order of time, each with its sort date.

    Every order the pack states holds, whatever the precision: an event ``after`` another sorts after it
    (and takes the later of its own start and its anchor's sort date), one ``before`` another sorts before
    it. Otherwise events sort by start, then end, then their order in the pack. Undated events come last.
    """
    by_id = {e.id: e for e in events}
    position = {e.id: i for i, e in enumerate(events)}
    dates: dict[str, str] = {}

    def sort_date(event: PackEvent, seen: frozenset[str] = frozenset()) -> str:
        if event.id in dates:
            return dates[event.id]
        anchor = by_id.get(event.anchor or "")
        if anchor is not None and anchor.id in seen:  # a cycle: the loader reports it; keep going
            anchor = None
        own = event.span.start.isoformat() if event.span is not None else None
        if anchor is None:
            found = own or UNDATED_SORT
        elif event.relation == "after":
            found = max(own or "", sort_date(anchor, seen | {event.id}))
        else:
            found = min(filter(None, (own, sort_date(anchor, seen | {event.id}))))
        dates[event.id] = found
        return found

    # Edges run from what must come first to what follows; Kahn's algorithm over a heap by date keeps
    # the stated orders and is otherwise the plain date order.
    successors: dict[str, list[str]] = defaultdict(list)
    waiting = dict.fromkeys(by_id, 0)
    for event in events:
        if event.anchor in by_id and event.anchor != event.id:
            first, then = (event.anchor, event.id) if event.relation == "after" else (event.id, event.anchor)
            successors[first].append(then)
            waiting[then] += 1

    def rank(event: PackEvent) -> tuple[str, str, str, int]:
        span = event.span
        return (sort_date(event), span.start.isoformat() if span else "", span.end.isoformat() if span else "",
                position[event.id])

    heap = [(rank(e), e.id) for e in events if waiting[e.id] == 0]
    heapq.heapify(heap)
    out: list[tuple[PackEvent, str]] = []
    while heap:
        _, event_id = heapq.heappop(heap)
        event = by_id[event_id]
        out.append((event, sort_date(event)))
        for then in successors[event_id]:
            waiting[then] -= 1
            if waiting[then] == 0:
                heapq.heappush(heap, (rank(by_id[then]), then))
    placed = {e.id for e, _ in out}
    out += [(e, sort_date(e)) for e in events if e.id not in placed]  # only a (reported) cycle gets here
    return out


def _rows(pack: Pack, first_doc: int, guild_id: int | None) -> Iterator[tuple[str, Sequence[Sequence[Any]]]]:
    key = pack.key
    yield (
        "INSERT INTO packs (id, title, citation, document, digest, loaded_at, guild_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(pack.id, pack.title, pack.citation, pack.document_name, pack.digest,
          datetime.now(UTC).isoformat(timespec="seconds"), guild_id)],
    )
    sentence_rows: list[tuple[str, int, int, str]] = []
    for number, paragraph in numbered_paragraphs(pack.document):
        for text in sentences(paragraph):
            sentence_rows.append((pack.id, len(sentence_rows) + 1, number, text))
    yield "INSERT INTO sentences (pack, n, paragraph, text) VALUES (?, ?, ?, ?)", sentence_rows

    yield (
        "INSERT INTO people (key, pack, name, role, summary, country) VALUES (?, ?, ?, ?, ?, ?)",
        [(key(p.id), pack.id, p.name, p.role, p.summary, p.country) for p in pack.people],
    )
    yield (
        "INSERT OR IGNORE INTO aliases (person_key, alias, folded) VALUES (?, ?, ?)",
        [(key(p.id), name, fold(name)) for p in pack.people for name in (p.name, *p.aliases)],
    )
    event_rows = []
    for order, (e, sort_date) in enumerate(chronology(pack.events)):
        span = e.span
        day_precise = span is not None and span.precision in (Precision.DAY, Precision.DAYS)
        event_rows.append((
            key(e.id), pack.id, e.title, e.summary,
            span.precision.value if span else (e.relation or UNDATED),
            span.start.isoformat() if span else None, span.end.isoformat() if span else None,
            key(e.anchor) if e.anchor else None, e.relation, sort_date, order,
            MonthDay.of(span.start).ordinal if day_precise and span else None,
            MonthDay.of(span.end).ordinal if day_precise and span else None,
            json.dumps(e.places), json.dumps(e.topics),
            json.dumps([{"low": f.low, "high": f.high, "text": f.text, "what": f.what, "ask": f.ask,
                         **({"magnitude": True} if f.magnitude else {})} for f in e.figures]),
            json.dumps(e.terms),
        ))
    yield (
        'INSERT INTO events (key, pack, title, summary, precision, start, "end", anchor_key, anchor_rel, '
        "sort_date, sort_order, day_of_year, end_day_of_year, places, topics, figures, terms) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        event_rows,
    )
    yield (
        "INSERT INTO event_people (event_key, person_key, position) VALUES (?, ?, ?)",
        [(key(e.id), key(p), i) for e in pack.events for i, p in enumerate(dict.fromkeys(e.people))],
    )
    owners: tuple[PackEvent | PackPerson, ...] = (*pack.events, *pack.people)
    yield (
        "INSERT INTO quotes (owner_key, position, pack, text, paragraph) VALUES (?, ?, ?, ?, ?)",
        [(key(owner.id), i, pack.id, q.text, q.paragraph) for owner in owners for i, q in enumerate(owner.quotes)],
    )
    docs = pack_documents(pack, [text for _, _, _, text in sentence_rows])
    yield ("INSERT INTO search_docs (id, pack, kind, ref, title, body) VALUES (?, ?, ?, ?, ?, ?)",
           [(first_doc + i, pack.id, d.kind, d.ref, d.title, d.body) for i, d in enumerate(docs)])
    found, words = build_index(docs)
    yield ("INSERT INTO search_terms (term, kind, pack, doc, score) VALUES (?, ?, ?, ?, ?)",
           [(term, docs[doc].kind, pack.id, first_doc + doc, score) for doc, term, score in found])
    yield ("INSERT INTO search_words (pack, word, term, docs) VALUES (?, ?, ?, ?)",
           [(pack.id, word, term, n) for word, term, n in words])
