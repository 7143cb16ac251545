"""Seeding: turn validated packs into rows, one transaction per changed pack, nothing for unchanged ones."""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from facts.dates import MonthDay, Precision
from facts.db import Database
from facts.errors import PackError
from facts.pack import Pack, PackEvent, file_digest, load_packs
from facts.text import fold, paragraphs, sentences

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SeedReport:
    loaded: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]


async def seed_paths(db: Database, paths: Sequence[Path]) -> SeedReport:
    """Seed from pack files, parsing and validating only the packs that changed since they were stored."""
    stored = {row["digest"]: row["id"] for row in await db.fetchall("SELECT id, digest FROM packs")}
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

    Rows of other tables are never touched; a stored pack neither given nor kept is removed.
    """
    stored = {row["id"]: row["digest"] for row in await db.fetchall("SELECT id, digest FROM packs")}
    loaded, unchanged = [], list(keep)
    for pack in packs:
        if stored.get(pack.id) == pack.digest:
            unchanged.append(pack.id)
            continue
        async with db.transaction() as conn:
            await conn.execute("DELETE FROM packs WHERE id = ?", (pack.id,))
            for sql, rows in _rows(pack):
                await conn.executemany(sql, rows)
        loaded.append(pack.id)
        log.info("seeded pack %s: %d events, %d people", pack.id, len(pack.events), len(pack.people))
    removed = sorted(set(stored) - {p.id for p in packs} - set(keep))
    if removed:
        async with db.transaction() as conn:
            await conn.executemany("DELETE FROM packs WHERE id = ?", [(p,) for p in removed])
        log.info("removed packs no longer present: %s", ", ".join(removed))
    return SeedReport(tuple(loaded), tuple(unchanged), tuple(removed))


def chronology(events: Sequence[PackEvent]) -> list[tuple[PackEvent, str]]:
    """Events in reading order of time, each with its sort date.

    Dated events sort by start then end; an event known only to come "after" another follows its anchor
    (and the anchor's earlier followers) and takes the anchor's sort date.
    """
    followers: dict[str, list[PackEvent]] = defaultdict(list)
    for event in events:
        if event.after is not None:
            followers[event.after].append(event)
    dated = sorted((e for e in events if e.span is not None), key=lambda e: (e.span.start, e.span.end))  # type: ignore[union-attr]
    out: list[tuple[PackEvent, str]] = []

    def visit(event: PackEvent, sort_date: str) -> None:
        out.append((event, sort_date))
        for follower in followers.get(event.id, []):
            visit(follower, sort_date)

    for event in dated:
        assert event.span is not None
        visit(event, event.span.start.isoformat())
    return out


def _rows(pack: Pack) -> Iterator[tuple[str, list[tuple[object, ...]]]]:
    key = pack.key
    names = {p.id: p.name for p in pack.people}
    yield (
        "INSERT INTO packs (id, title, citation, document, digest, loaded_at) VALUES (?, ?, ?, ?, ?, ?)",
        [(pack.id, pack.title, pack.citation, pack.document_name, pack.digest,
          datetime.now(UTC).isoformat(timespec="seconds"))],
    )
    sentence_rows = []
    for number, paragraph in enumerate(paragraphs(pack.document), start=1):
        for text in sentences(paragraph):
            sentence_rows.append((pack.id, len(sentence_rows) + 1, number, text))
    yield "INSERT INTO sentences (pack, n, paragraph, text) VALUES (?, ?, ?, ?)", sentence_rows

    yield (
        "INSERT INTO people (key, pack, name, role, summary) VALUES (?, ?, ?, ?, ?)",
        [(key(p.id), pack.id, p.name, p.role, p.summary) for p in pack.people],
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
            key(e.id), pack.id, e.title, e.summary, span.precision.value if span else "after",
            span.start.isoformat() if span else None, span.end.isoformat() if span else None,
            key(e.after) if e.after else None, sort_date, order,
            MonthDay.of(span.start).ordinal if day_precise and span else None,
            MonthDay.of(span.end).ordinal if day_precise and span else None,
            json.dumps(e.places), json.dumps(e.topics),
            json.dumps([{"low": f.low, "high": f.high, "text": f.text, "what": f.what, "ask": f.ask}
                        for f in e.figures]),
        ))
    yield (
        'INSERT INTO events (key, pack, title, summary, precision, start, "end", after_key, sort_date, '
        "sort_order, day_of_year, end_day_of_year, places, topics, figures) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        event_rows,
    )
    yield (
        "INSERT INTO event_people (event_key, person_key, position) VALUES (?, ?, ?)",
        [(key(e.id), key(p), i) for e in pack.events for i, p in enumerate(dict.fromkeys(e.people))],
    )
    yield (
        "INSERT INTO quotes (owner_key, position, pack, text, paragraph) VALUES (?, ?, ?, ?, ?)",
        [(key(owner.id), i, pack.id, q.text, q.paragraph)
         for owner in (*pack.events, *pack.people) for i, q in enumerate(owner.quotes)],
    )
    docs: list[tuple[object, ...]] = []
    for e in pack.events:
        body = " ".join([e.summary, *(q.text for q in e.quotes), *(names[p] for p in e.people),
                         *e.places, *e.topics])
        docs.append((pack.id, "event", key(e.id), e.title, body))
    for p in pack.people:
        body = " ".join([*p.aliases, p.role, p.summary, *(q.text for q in p.quotes)])
        docs.append((pack.id, "person", key(p.id), p.name, body))
    for _, n, _, text in sentence_rows:
        docs.append((pack.id, "sentence", f"{pack.id}#{n}", "", text))
    yield "INSERT INTO search_docs (pack, kind, ref, title, body) VALUES (?, ?, ?, ?, ?)", docs
    yield ("INSERT INTO search_fts (rowid, title, body) SELECT id, title, body FROM search_docs WHERE pack = ?",
           [(pack.id,)])
