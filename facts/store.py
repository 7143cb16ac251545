"""The fact store: every question Chronicle answers, as async queries returning frozen answers."""

from __future__ import annotations

import heapq
import json
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from math import ceil
from pathlib import Path
from typing import Any

import aiosqlite
from rapidfuzz import fuzz, process

from facts.answers import (
    HIT_END,
    HIT_START,
    Anniversary,
    DateAnswer,
    DateMatch,
    OnThisDay,
    PackStats,
    PersonAnswer,
    SearchAnswer,
    SearchHit,
    Stats,
    TimelinePage,
    WhenAnswer,
)
from facts.dates import DateSpan, MonthDay, Precision
from facts.db import Database
from facts.errors import BadInput, NotFound
from facts.models import Event, EventRef, Figure, Person, PersonRef, Quote, Source, When
from facts.names import NameHit, NameIndex, Names
from facts.pack import Pack, pack_paths
from facts.scope import Scope
from facts.search.analyze import tokens
from facts.search.rank import DocCache, Ranker, Ranking, Vocabulary, near_best, snippet
from facts.seed import SeedReport, seed, seed_paths, seed_uploads
from facts.text import fold

log = logging.getLogger(__name__)

MAX_QUERY = 200
DATE_LIMIT = 50
_EVENT_COLUMNS = """
    e.key, e.pack, e.title, e.summary, e.precision, e.start, e."end", e.anchor_key, e.anchor_rel, e.sort_date,
    e.places, e.topics, e.figures, e.terms, a.title AS a_title, a.precision AS a_precision,
    a.start AS a_start, a."end" AS a_end
"""
_EVENTS_FROM = "FROM events e LEFT JOIN events a ON a.key = e.anchor_key"
_REF_FIELDS = ", ".join(f"'{c}', \"{c}\"" for c in ("key", "title", "precision", "start", "end", "anchor_key",
                                                     "anchor_rel", "a_title", "a_precision", "a_start", "a_end"))
_EVENT_EXTRAS = """
    (SELECT json_group_array(json_array(key, name)) FROM (SELECT p.key, p.name FROM event_people ep
        JOIN people p ON p.key = ep.person_key WHERE ep.event_key = e.key ORDER BY ep.position)) AS people_json,
    (SELECT json_group_array(json_array(text, paragraph)) FROM (SELECT text, paragraph FROM quotes
        WHERE owner_key = e.key ORDER BY position)) AS quotes_json
"""
WHEN_CANDIDATES = 5  # /when: the best event and at most four near it
SEARCH_KINDS = ("event", "person", "sentence")
FUZZY_TITLES = 20_000  # above this many events, no title is compared letter by letter
LONG_DAYS = 400  # events longer than this (decades, ranges of years) are kept aside for date ranges
SEARCH_FLOOR = 0.15  # /search leaves out hits scoring under this share of the best (they share one weak word)
CACHE_SIZE = 4096  # built events and people kept in memory (facts change only when packs are seeded)
RANKINGS = 1024  # questions whose ranking is kept
ANSWERS = 1024  # date, day and timeline answers kept
FIRST_TITLES = 25  # events kept per pack for an empty autocomplete (Discord shows 25 choices)


def _span(precision: str, start: str | None, end: str | None) -> DateSpan | None:
    if start is None or end is None or precision in ("after", "before", "undated"):
        return None
    return DateSpan(date.fromisoformat(start), date.fromisoformat(end), Precision(precision))


def _when(row: aiosqlite.Row | Mapping[str, Any]) -> When:
    span = _span(row["precision"], row["start"], row["end"])
    if row["anchor_key"] is None:
        return When(span)
    anchor = _span(row["a_precision"], row["a_start"], row["a_end"]) if row["a_precision"] else None
    return When(span, row["anchor_key"], row["a_title"], anchor.label if anchor else None, row["anchor_rel"])


def _ref(row: aiosqlite.Row | Mapping[str, Any]) -> EventRef:
    return EventRef(row["key"], row["title"], _when(row))


def _checked(text: str, what: str, example: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise BadInput(f"Give {what}.", example)
    if len(text) > MAX_QUERY:
        raise BadInput(f"That is {len(text):,} characters; keep {what} under {MAX_QUERY}.", example)
    return text


@dataclass(slots=True)
class _PackIndex:
    """One pack's in-memory indexes: its people's names, its words, its event titles in time order."""

    names: NameIndex
    vocabulary: Vocabulary
    keys: list[str]
    titles: list[str]  # as shown
    folded: list[str]  # for near misses
    first: list[tuple[str, int, str]]  # (sort date, sort order, key) of its first events: packs merge in time order
    key_set: frozenset[str]


class FactStore:
    """Open with :meth:`open` (which migrates and seeds); all reads are safe to run concurrently.

    Every question is asked within a :class:`~facts.scope.Scope`, the packs one server sees
    (:meth:`scope_for`); without one it sees the packs from files (:attr:`public`). Each pack keeps its own
    in-memory indexes, so a server's view costs nothing to make, and its SQL reads only its packs' rows.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self.sources: dict[str, Source] = {}
        self.seed_report = SeedReport((), (), ())
        self.public = Scope(frozenset())
        self._packs: dict[str, _PackIndex] = {}
        self._owners: dict[str, int | None] = {}  # pack → the server it was uploaded in (None: from files)
        self._scopes: dict[int, Scope] = {}
        self.generation = 0
        """Counts the changes of facts (seeding, uploads, removals): what callers keep may be keyed by it."""
        self._doc_cache = DocCache()
        self._events: OrderedDict[str, Event] = OrderedDict()
        self._people: OrderedDict[str, Person] = OrderedDict()
        self._counts: OrderedDict[tuple[Any, ...], int] = OrderedDict()
        self._rankings: OrderedDict[tuple[Any, ...], Ranking] = OrderedDict()
        self._answers: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._max_span = timedelta(0)  # the longest short event: how far before a range an overlap may start
        self._long: list[tuple[str, str, str]] = []  # (key, start, end) of events longer than LONG_DAYS

    @classmethod
    async def open(cls, path: str | Path, *, packs: Sequence[Pack] | None = None) -> FactStore:
        """Open (creating and migrating) the database and seed it with ``packs`` (default: all packs)."""
        db = await Database.open(path)
        store = cls(db)
        try:
            store.seed_report = await (seed_paths(db, pack_paths()) if packs is None else seed(db, packs))
            await seed_uploads(db)
            await store.refresh()
        except BaseException:
            await db.close()
            raise
        return store

    async def close(self) -> None:
        await self.db.close()

    async def refresh(self) -> None:
        """Reload the in-memory indexes (names, words, titles, sources) of every pack after seeding."""
        self._forget()
        rows = await self.db.fetchall("SELECT id FROM packs ORDER BY id")
        self._packs = {r["id"]: await self._load_pack(r["id"]) for r in rows}
        await self._reload_shared()

    async def _reload_shared(self) -> None:
        """What the packs share: sources, owners, the public scope, the longest events."""
        self._scopes.clear()
        rows = await self.db.fetchall("SELECT id, title, citation, guild_id FROM packs ORDER BY id")
        self.sources = {r["id"]: Source(r["id"], r["title"], r["citation"]) for r in rows}
        self._owners = {r["id"]: r["guild_id"] for r in rows}
        self.public = Scope(frozenset(p for p, guild in self._owners.items() if guild is None))
        # Date ranges scan the start index back as far as the longest event; the few long ones (decades,
        # multi-year ranges) are kept aside, so one "1980s" does not make every day's question scan ten years.
        spans = 'CAST(julianday("end") - julianday(start) AS INTEGER)'
        row = await self.db.fetchone(f"SELECT max({spans}) FROM events WHERE start IS NOT NULL AND {spans} <= ?",
                                     (LONG_DAYS,))
        self._max_span = timedelta(days=int(row[0] or 0) if row else 0)
        self._long = [(r["key"], r["start"], r["end"]) for r in await self.db.fetchall(
            f'SELECT key, start, "end" FROM events WHERE start IS NOT NULL AND {spans} > ?', (LONG_DAYS,))]

    async def _load_pack(self, pack: str) -> _PackIndex:
        rows = await self.db.fetchall(
            "SELECT p.key, p.name, a.alias FROM people p JOIN aliases a ON a.person_key = p.key "
            "WHERE p.pack = ? ORDER BY p.key", (pack,))
        places = await self.db.fetchall(
            "SELECT DISTINCT p.value AS place FROM events e, json_each(e.places) p WHERE e.pack = ?", (pack,))
        vocabulary = await Vocabulary.load(self.db, pack, [r["alias"] for r in rows], [r["place"] for r in places])
        titles = await self.db.fetchall("SELECT key, title, sort_date, sort_order FROM events WHERE pack = ? "
                                        "ORDER BY sort_date, sort_order, key", (pack,))
        keys = [r["key"] for r in titles]
        return _PackIndex(
            names=NameIndex([(r["key"], r["name"], r["alias"]) for r in rows]), vocabulary=vocabulary, keys=keys,
            titles=[r["title"] for r in titles], folded=[fold(r["title"]) for r in titles],
            first=[(r["sort_date"], r["sort_order"], r["key"]) for r in titles[:FIRST_TITLES]],
            key_set=frozenset(keys))

    def _forget(self) -> None:
        """Drop every kept answer: the facts changed."""
        self.generation += 1
        for cache in (self._events, self._people, self._counts, self._rankings, self._answers):
            cache.clear()
        self._doc_cache.clear()

    # -- scopes -----------------------------------------------------------------------------------

    async def scope_for(self, guild_id: int | None) -> Scope:
        """The packs ``guild_id`` sees: those from files it has not disabled, and its own uploads it enabled.
        Direct messages (None) see the packs from files."""
        if guild_id is None:
            return self.public
        found = self._scopes.get(guild_id)
        if found is None:
            rows = await self.db.fetchall(
                "SELECT p.id FROM packs p LEFT JOIN guild_packs g ON g.pack = p.id AND g.guild_id = :g "
                "WHERE (p.guild_id IS NULL AND coalesce(g.enabled, 1) = 1) OR (p.guild_id = :g AND g.enabled = 1)",
                {"g": guild_id})
            found = Scope(frozenset(r["id"] for r in rows))
            self._scopes[guild_id] = found
        return found

    async def packs_changed(self, guild_id: int | None = None, *, pack: str | None = None) -> None:
        """Call after a server's packs were enabled or disabled (``guild_id``; None: every server), or after
        ``pack`` was stored or removed (its indexes are reloaded, and every kept answer dropped)."""
        if pack is not None:
            self._forget()
            found = await self.db.fetchone("SELECT 1 FROM packs WHERE id = ?", (pack,))
            if found is None:
                self._packs.pop(pack, None)
            else:
                self._packs[pack] = await self._load_pack(pack)
            await self._reload_shared()
        elif guild_id is None:
            self._scopes.clear()
        else:
            self._scopes.pop(guild_id, None)

    def owner_of(self, pack: str) -> int | None:
        """The server a stored pack was uploaded in (None: a pack from files)."""
        return self._owners.get(pack)

    def _parts(self, scope: Scope) -> list[_PackIndex]:
        return [self._packs[p] for p in sorted(scope.packs) if p in self._packs]

    def names(self, scope: Scope | None = None) -> NameIndex | Names:
        """The names of the people ``scope`` sees (default: the packs from files)."""
        parts = self._parts(scope or self.public)
        return parts[0].names if len(parts) == 1 else Names([p.names for p in parts])

    def ranker(self, scope: Scope | None = None) -> Ranker:
        """Search over the packs ``scope`` sees (default: the packs from files)."""
        scope = scope or self.public
        return Ranker([p.vocabulary for p in self._parts(scope)], scope.packs)

    def sources_of(self, scope: Scope | None = None) -> list[Source]:
        scope = scope or self.public
        return [s for pack, s in sorted(self.sources.items()) if pack in scope.packs]

    def _sees(self, key: str, scope: Scope) -> bool:
        pack = key.partition("/")[0]
        return pack in scope.packs and pack in self._packs and key in self._packs[pack].key_set

    @staticmethod
    def _of_packs(scope: Scope, column: str = "e.pack") -> tuple[str, dict[str, str]]:
        """SQL keeping ``column`` to the scope's packs, and its named parameters."""
        names = {f"pack{i}": p for i, p in enumerate(sorted(scope.packs))}
        if not names:
            return "0", {}
        return f"{column} IN ({', '.join(':' + n for n in names)})", names

    # -- hydration ------------------------------------------------------------------------------

    async def events(self, keys: Sequence[str]) -> list[Event]:
        """Full events for ``keys``, in the order given (unknown keys are skipped).

        Facts change only when a pack is seeded, so built events are kept (a bounded LRU) until the
        next :meth:`refresh`; the rest come in one query, their people and quotes folded in as JSON.
        """
        missing = [k for k in dict.fromkeys(keys) if k not in self._events]
        if missing:
            marks = ",".join("?" * len(missing))
            rows = await self.db.fetchall(f"SELECT {_EVENT_COLUMNS}, {_EVENT_EXTRAS} {_EVENTS_FROM} "
                                          f"WHERE e.key IN ({marks})", missing)
            for r in rows:
                self._remember(self._events, r["key"], Event(
                    key=r["key"], title=r["title"], summary=r["summary"], when=_when(r),
                    people=tuple(PersonRef(k, n) for k, n in json.loads(r["people_json"])),
                    places=tuple(json.loads(r["places"])), topics=tuple(json.loads(r["topics"])),
                    figures=tuple(Figure(**f) for f in json.loads(r["figures"])),
                    quotes=tuple(Quote(t, n) for t, n in json.loads(r["quotes_json"])),
                    source=self.sources[r["pack"]], terms=tuple(json.loads(r["terms"])),
                ))
        found = [self._events.get(k) for k in keys]
        for event in found:
            if event is not None:
                self._events.move_to_end(event.key)
        return [e for e in found if e is not None]

    def _long_overlapping(self, start: str, end: str, scope: Scope) -> tuple[dict[str, str], str]:
        """The scope's long events overlapping ``start``..``end`` (ISO days) as named parameters, and the SQL
        that adds them to a range's rows."""
        keys = {f"long{i}": k for i, (k, s, e) in enumerate(self._long)
                if s <= end and e >= start and k.partition("/")[0] in scope.packs}
        return keys, (f" OR e.key IN ({', '.join(':' + name for name in keys)})" if keys else "")

    def _earliest_overlap(self, day: date) -> str:
        """The earliest start an event overlapping ``day`` can have (so range scans stay on the index)."""
        return (day - self._max_span if day - date.min > self._max_span else date.min).isoformat()

    @staticmethod
    def _remember(cache: OrderedDict[Any, Any], key: Any, value: Any, size: int = CACHE_SIZE) -> None:
        cache[key] = value
        if len(cache) > size:
            cache.popitem(last=False)

    async def event(self, key: str) -> Event:
        found = await self.events([key])
        if not found:
            raise NotFound(f"No event {key!r}.")
        return found[0]

    async def person_by_key(self, key: str) -> Person:
        cached = self._people.get(key)
        if cached is not None:
            return cached
        row = await self.db.fetchone(
            "SELECT p.key, p.pack, p.name, p.role, p.summary, p.country,"
            " (SELECT json_group_array(alias) FROM (SELECT alias FROM aliases WHERE person_key = p.key"
            "  ORDER BY rowid)) AS aliases_json,"
            " (SELECT json_group_array(json_array(text, paragraph)) FROM (SELECT text, paragraph FROM quotes"
            "  WHERE owner_key = p.key ORDER BY position)) AS quotes_json,"
            f" (SELECT json_group_array(json_object({_REF_FIELDS})) FROM (SELECT {_EVENT_COLUMNS} {_EVENTS_FROM}"
            "  JOIN event_people ep ON ep.event_key = e.key WHERE ep.person_key = p.key"
            "  ORDER BY e.sort_date, e.sort_order)) AS events_json "
            "FROM people p WHERE p.key = ?", (key,))  # one read: the person, their names, quotes and events
        if row is None:
            raise NotFound(f"No person {key!r}.")
        events = json.loads(row["events_json"])
        person = Person(
            key=row["key"], name=row["name"],
            aliases=tuple(a for a in json.loads(row["aliases_json"]) if a != row["name"]),
            role=row["role"], summary=row["summary"],
            quotes=tuple(Quote(t, n) for t, n in json.loads(row["quotes_json"])),
            events=tuple(_ref(r) for r in events), source=self.sources[row["pack"]], country=row["country"],
        )
        self._remember(self._people, key, person)
        return person

    # -- questions ------------------------------------------------------------------------------

    async def _kept(self, key: tuple[Any, ...], make: Callable[[], Awaitable[Any]]) -> Any:
        """``make()``'s answer, kept (a bounded LRU) until the next seeding: facts are fixed until then, and
        a study group asks the same dates and pages again (the daily post asks every server's day)."""
        found = self._answers.get(key)
        if found is None:
            found = await make()
            self._remember(self._answers, key, found, ANSWERS)
        else:
            self._answers.move_to_end(key)
        return found

    async def on_date(self, span: DateSpan, limit: int = DATE_LIMIT, *, scope: Scope | None = None) -> DateAnswer:
        """Events overlapping ``span``: those inside it first, then those the source dates more loosely."""
        scope = scope or self.public
        answer: DateAnswer = await self._kept(("date", scope.packs, span, limit),
                                              lambda: self._on_date(span, limit, scope))
        return answer

    async def _on_date(self, span: DateSpan, limit: int, scope: Scope) -> DateAnswer:
        start, end = span.start.isoformat(), span.end.isoformat()
        long_keys, also = self._long_overlapping(start, end, scope)
        packs, names = self._of_packs(scope)
        params = {"start": start, "end": end, "limit": limit, "lo": self._earliest_overlap(span.start),
                  **long_keys, **names}
        where = f'({packs} AND e.start BETWEEN :lo AND :end AND e."end" >= :start){also}'
        rows = await self.db.fetchall(
            f'SELECT e.key, (e.start >= :start AND e."end" <= :end) AS exact, count(*) OVER () AS total '
            f"FROM events e WHERE {where} ORDER BY exact DESC, e.sort_date, e.sort_order LIMIT :limit", params)
        events = await self.events([r["key"] for r in rows])
        exact = {r["key"]: bool(r["exact"]) for r in rows}
        matches = tuple(DateMatch(e, exact[e.key]) for e in events)
        return DateAnswer(span, matches, int(rows[0]["total"]) if rows else 0)

    async def on_this_day(self, day: MonthDay, limit: int = 5, *, scope: Scope | None = None) -> OnThisDay:
        """Anniversaries of ``day``; when there are none, the nearest day-dated events and how far they are."""
        scope = scope or self.public
        answer: OnThisDay = await self._kept(("day", scope.packs, day, limit),
                                             lambda: self._on_this_day(day, limit, scope))
        return answer

    async def _on_this_day(self, day: MonthDay, limit: int, scope: Scope) -> OnThisDay:
        d = day.ordinal
        packs, names = self._of_packs(scope, "pack")
        rows = await self.db.fetchall(
            f"SELECT key FROM events WHERE {packs} AND day_of_year IS NOT NULL AND ("
            " (day_of_year <= end_day_of_year AND :d BETWEEN day_of_year AND end_day_of_year)"
            " OR (day_of_year > end_day_of_year AND (:d >= day_of_year OR :d <= end_day_of_year)))"
            " ORDER BY sort_date, sort_order LIMIT :limit", {"d": d, "limit": limit, **names})
        if rows:
            events = await self.events([r["key"] for r in rows])
            return OnThisDay(day, True, tuple(Anniversary(e, 0) for e in events))
        rows = await self.db.fetchall(
            f"SELECT key, day_of_year, end_day_of_year FROM events WHERE {packs} AND day_of_year IS NOT NULL "
            "ORDER BY min(min(abs(day_of_year - :d), 366 - abs(day_of_year - :d)),"
            "             min(abs(end_day_of_year - :d), 366 - abs(end_day_of_year - :d))), sort_date "
            "LIMIT :limit", {"d": d, "limit": limit, **names})
        away = {r["key"]: min((_signed(r["day_of_year"] - d), _signed(r["end_day_of_year"] - d)), key=abs)
                for r in rows}
        nearest = min((abs(v) for v in away.values()), default=0)
        keys = [r["key"] for r in rows if abs(away[r["key"]]) <= nearest + 7][:3]
        events = await self.events(keys)
        return OnThisDay(day, False, tuple(Anniversary(e, away[e.key]) for e in events))

    async def anniversary_days(self, *, scope: Scope | None = None) -> frozenset[int]:
        """Every calendar day (leap-year ordinal, 1–366) on which some event of ``scope`` happened."""
        scope = scope or self.public
        days: frozenset[int] = await self._kept(("anniversary days", scope.packs), lambda: self._days(scope))
        return days

    async def _days(self, scope: Scope) -> frozenset[int]:
        packs, names = self._of_packs(scope, "pack")
        rows = await self.db.fetchall(
            f"SELECT DISTINCT day_of_year, end_day_of_year FROM events WHERE {packs} AND day_of_year IS NOT NULL",
            names)
        days: set[int] = set()
        for row in rows:
            first, last = int(row[0]), int(row[1])
            days.update(range(first, last + 1) if first <= last else [*range(first, 367), *range(1, last + 1)])
        return frozenset(days)

    async def person(self, name: str, *, scope: Scope | None = None) -> PersonAnswer:
        """Who a person was, by name, alias, key or near miss; :class:`NotFound` with suggestions otherwise."""
        hit = self.names(scope).lookup(name)
        return PersonAnswer(await self.person_by_key(hit.key), hit.matched, hit.fuzzy)

    async def when(self, words: str, *, scope: Scope | None = None) -> WhenAnswer:
        """When something happened, by free words ("38th parallel", "Acheson speech")."""
        scope = scope or self.public
        text = _checked(words, "a few words about the event", "38th parallel")
        keys = [text] if self._sees(text, scope) else await self._match_events(text, WHEN_CANDIDATES, scope)
        if not keys:
            suggestions = [title for _, title, _ in self._near_titles(text, fuzz.WRatio, scope, limit=3, cutoff=50)]
            raise NotFound(f"Nothing in the sources matches “{text}”.", tuple(suggestions))
        found = await self.events(keys)  # one read for the answer and the others
        if not found or found[0].key != keys[0]:
            raise NotFound(f"No event {keys[0]!r}.")
        return WhenAnswer(text, found[0], tuple(e.ref for e in found[1:]))

    async def _ranked(self, text: str, kinds: tuple[str, ...], limit: int, scope: Scope, *,
                      prefix: bool = False) -> Ranking:
        """The ranking of ``text``, kept (a bounded LRU) until the next seeding: the same questions come again
        (a study group asks alike; autocomplete sees every prefix once per member), and facts are fixed."""
        key = (text.casefold(), prefix, kinds, limit, scope.packs)
        found = self._rankings.get(key)
        if found is None:
            ranker = self.ranker(scope)
            found = await ranker.rank(self.db, ranker.slots(text, prefix=prefix), kinds, limit)
            self._remember(self._rankings, key, found, RANKINGS)
        else:
            self._rankings.move_to_end(key)
        return found

    def _near_titles(self, text: str, scorer: Any, scope: Scope, *, limit: int, cutoff: int
                     ) -> list[tuple[str, str, float]]:
        """(key, title, score) of titles spelt like ``text`` (by ``scorer``), best first: the last resort for
        words the index does not know. Skipped for a pack too large to compare every title of per interaction."""
        folded = fold(text)
        found = []
        for part in self._parts(scope):
            if len(part.folded) > FUZZY_TITLES:
                continue
            for _, score, i in process.extract(folded, part.folded, scorer=scorer, limit=limit, score_cutoff=cutoff):
                found.append((part.keys[i], part.titles[i], score))
        found.sort(key=lambda f: -f[2])
        return found[:limit]

    def _first_titles(self, scope: Scope, limit: int) -> list[str]:
        """The keys of the scope's first ``limit`` events in time order."""
        merged = heapq.merge(*(part.first[:limit] for part in self._parts(scope)))
        return [key for _, _, key in merged][:limit]

    async def _match_events(self, text: str, limit: int, scope: Scope) -> list[str]:
        """The best event and those near it (the rest would only share a word with the question)."""
        ranking = await self._ranked(text, ("event",), limit, scope)
        if not ranking.terms and any(t.word.isalnum() for t in tokens(text)):
            raise BadInput(f"“{text}” only asks; say what happened, in a few words.",
                           "when did the Soviets declare war")
        if ranking.hits:
            return [h.ref for h in ranking.hits[:1] + tuple(near_best(ranking.hits))]
        return [key for key, _, _ in self._near_titles(text, fuzz.WRatio, scope, limit=limit, cutoff=75)]

    async def complete_events(self, prefix: str, limit: int = 25, *, scope: Scope | None = None) -> list[EventRef]:
        """Autocomplete for events: ranked like /when, the last word completed; then near misses of titles."""
        scope = scope or self.public
        text = " ".join(prefix.split())[:MAX_QUERY] + (" " if prefix[-1:].isspace() else "")
        ranking = await self._ranked(text, ("event",), limit, scope, prefix=True)
        if not ranking.terms:
            keys = self._first_titles(scope, limit)
        else:
            keys = [h.ref for h in ranking.hits]
            if len(keys) < 5:  # few words matched: add near misses (a plain ratio: this runs per keystroke)
                extra = self._near_titles(text, fuzz.ratio, scope, limit=limit, cutoff=60)
                keys += [key for key, _, _ in extra if key not in keys]
        rows = await self._event_rows(keys[:limit])
        return [_ref(r) for r in rows]

    def complete_people(self, prefix: str, limit: int = 25, *, scope: Scope | None = None) -> list[NameHit]:
        """Autocomplete for people: names and aliases starting with ``prefix``, then near misses."""
        return self.names(scope).complete(prefix, limit=limit)

    async def _event_rows(self, keys: Sequence[str]) -> list[aiosqlite.Row]:
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        rows = await self.db.fetchall(f"SELECT {_EVENT_COLUMNS} {_EVENTS_FROM} WHERE e.key IN ({marks})", keys)
        by_key = {r["key"]: r for r in rows}
        return [by_key[k] for k in keys if k in by_key]

    async def timeline(self, start: DateSpan | None = None, end: DateSpan | None = None, *,
                       page: int = 1, per_page: int = 10, scope: Scope | None = None) -> TimelinePage:
        """Events between two dates in time order, one page at a time (pages count from 1)."""
        scope = scope or self.public
        answer: TimelinePage = await self._kept(("timeline", scope.packs, start, end, page, per_page),
                                                lambda: self._timeline(start, end, page, per_page, scope))
        return answer

    async def _timeline(self, start: DateSpan | None, end: DateSpan | None, page: int, per_page: int,
                        scope: Scope) -> TimelinePage:
        if per_page < 1:
            raise BadInput("Show at least one event per page.", "per_page=10")
        if start and end and end.end < start.start:
            raise BadInput(f"The timeline would end ({end.label}) before it starts ({start.label}).",
                           "from 1949 to 1950-06")
        packs, names = self._of_packs(scope)
        params: dict[str, Any] = {"from": start.start.isoformat() if start else "0001-01-01",
                                  "to": end.end.isoformat() if end else "9999-12-31",
                                  "lo": self._earliest_overlap(start.start) if start else "0001-01-01", **names}
        long_keys, also = self._long_overlapping(params["from"], params["to"], scope)
        params.update(long_keys)
        # A dated event's sort date is its start (or later, after an anchor): walking the sort index from :lo
        # finds every overlapping event but the few long ones, which are added by key.
        where = (f'({packs} AND e.sort_date BETWEEN :lo AND :to AND ((e.start IS NOT NULL AND e."end" >= :from)'
                 f" OR (e.start IS NULL AND e.precision != 'undated' AND e.sort_date >= :from))){also}")
        counted = (scope.packs, params["from"], params["to"])
        total = self._counts.get(counted)
        page = max(1, page)
        query = (f"SELECT {_EVENT_COLUMNS}{{total}} {_EVENTS_FROM} WHERE {where} "
                 "ORDER BY e.sort_date, e.sort_order, e.key LIMIT :limit OFFSET :offset")
        rows: list[aiosqlite.Row] = []
        if total is None:  # the first look at this range: its count comes with the page, in one read
            rows = await self.db.fetchall(query.format(total=", count(*) OVER () AS total"),
                                          {**params, "limit": per_page, "offset": (page - 1) * per_page})
            if rows:
                total = int(rows[0]["total"])
            else:  # an empty range, or a page past its end: count it alone
                total_row = await self.db.fetchone(f"SELECT count(*) FROM events e WHERE {where}", params)
                total = int(total_row[0]) if total_row else 0
            self._remember(self._counts, counted, total)  # facts change only at seeding: worth keeping
        last = max(1, ceil(total / per_page))
        if not rows or page > last:
            page = min(page, last)
            rows = await self.db.fetchall(query.format(total=""),
                                          {**params, "limit": per_page, "offset": (page - 1) * per_page})
        pages = last
        return TimelinePage(start, end, tuple(_ref(r) for r in rows), page, pages, total, per_page)

    async def around(self, key: str, neighbours: int = 3, *, scope: Scope | None = None) -> tuple[EventRef, ...]:
        """The event ``key`` with up to ``neighbours`` timeline events either side of it, in timeline order
        (the order and the events :meth:`timeline` shows); empty when ``key`` is not on the timeline."""
        scope = scope or self.public
        packs, names = self._of_packs(scope)
        row = await self.db.fetchone(
            "SELECT sort_date, sort_order FROM events WHERE key = :key AND (start IS NOT NULL OR precision != "
            "'undated')", {"key": key})
        if row is None or not self._sees(key, scope):
            return ()
        on_timeline = f"{packs} AND (e.start IS NOT NULL OR e.precision != 'undated')"
        params = {"sd": row[0], "so": row[1], "key": key, "n": neighbours, **names}
        before = await self.db.fetchall(
            f"SELECT {_EVENT_COLUMNS} {_EVENTS_FROM} WHERE {on_timeline} AND (e.sort_date, e.sort_order, e.key) < "
            "(:sd, :so, :key) ORDER BY e.sort_date DESC, e.sort_order DESC, e.key DESC LIMIT :n", params)
        rest = await self.db.fetchall(
            f"SELECT {_EVENT_COLUMNS} {_EVENTS_FROM} WHERE {on_timeline} AND (e.sort_date, e.sort_order, e.key) >= "
            "(:sd, :so, :key) ORDER BY e.sort_date, e.sort_order, e.key LIMIT :n + 1", params)
        return tuple(_ref(r) for r in [*reversed(before), *rest])

    async def search(self, words: str, limit: int = 10, *, scope: Scope | None = None) -> SearchAnswer:
        """Search over events, people and the documents' sentences, best first, the matched words marked."""
        scope = scope or self.public
        text = _checked(words, "some words to search for", "Security Council")
        if not any(t.word for t in tokens(text)):
            raise BadInput("Search needs at least one word (letters or digits).", "Security Council")
        ranking = await self._ranked(text, SEARCH_KINDS, limit, scope)
        hits = [h for h in ranking.hits if h.score >= SEARCH_FLOOR * ranking.hits[0].score] if ranking.hits else []
        docs = await self._doc_cache.docs(self.db, [h.doc for h in hits])
        found = tuple(SearchHit(h.kind, h.ref, docs[h.doc].title, snippet(docs[h.doc].body, h.matched, HIT_START,
                                                                          HIT_END), self.sources[docs[h.doc].pack])
                      for h in hits if h.doc in docs)
        return SearchAnswer(text, found, ranking.total if found else 0)

    async def stats(self, *, scope: Scope | None = None) -> Stats:
        scope = scope or self.public
        packs_sql, names = self._of_packs(scope, "p.id")
        rows = await self.db.fetchall(
            "SELECT p.id, p.document,"
            " (SELECT count(*) FROM events WHERE pack = p.id) AS events,"
            " (SELECT count(*) FROM people WHERE pack = p.id) AS people,"
            " (SELECT count(*) FROM quotes WHERE pack = p.id) AS quotes,"
            " (SELECT count(*) FROM sentences WHERE pack = p.id) AS sentences,"
            " (SELECT min(start) FROM events WHERE pack = p.id) AS first,"
            ' (SELECT max("end") FROM events WHERE pack = p.id) AS last '
            f"FROM packs p WHERE {packs_sql} ORDER BY p.id", names)
        packs = tuple(PackStats(self.sources[r["id"]], r["document"], r["events"], r["people"], r["quotes"],
                                r["sentences"], r["first"], r["last"]) for r in rows)
        return Stats(packs, sum(p.events for p in packs), sum(p.people for p in packs),
                     sum(p.quotes for p in packs), sum(p.sentences for p in packs), await self.db.user_version())


def _signed(delta: int) -> int:
    """A difference of leap-year ordinals folded into the nearest direction round the calendar."""
    if delta > 183:
        return delta - 366
    if delta < -183:
        return delta + 366
    return delta
