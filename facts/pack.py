"""Fact packs: YAML files of events and people written from one source document.

:func:`load_pack` reads a pack with ``yaml.safe_load``, checks it against its document and returns a
:class:`Pack`, or raises :class:`PackError` listing every problem at once, each naming the file, the
entry (its id, or its position and YAML line) and the field.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from facts.dates import DateSpan, parse_span
from facts.errors import BadInput, PackError
from facts.text import collapse, fold, numbered_paragraphs, sentences

# Bump when the way a pack is turned into rows changes, so unchanged packs are seeded again.
LOADER_VERSION = "4"
_ID = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_ANCHORED = re.compile(r"^(after|before):\s*(.+)$")
UNDATED = "undated"
PACKS_ENV = "CHRONICLE_PACKS"


_SafeBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available


class _PackLoader(_SafeBase):  # type: ignore[valid-type,misc]
    """``yaml.safe_load`` without YAML's own timestamps: an unquoted ``1950-02-30`` reaches the date
    grammar as text (and is reported as a problem) instead of crashing the loader with a ValueError."""


_PackLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True, slots=True)
class PackFigure:
    low: int
    high: int
    text: str
    what: str
    ask: str
    magnitude: bool = False  # the text gives only an order of magnitude ("a few thousand"): low == high == 10**n


@dataclass(frozen=True, slots=True)
class PackQuote:
    text: str
    paragraph: int


@dataclass(frozen=True, slots=True)
class PackEvent:
    """One event. Its time is a ``span``, an ``anchor`` it is known to come ``after`` (or ``before``), both
    (a month the text places after a dated day), or neither (the text does not date it: undated)."""

    id: str
    span: DateSpan | None
    anchor: str | None
    relation: str | None  # "after" or "before" when there is an anchor
    title: str
    summary: str
    people: tuple[str, ...]
    places: tuple[str, ...]
    topics: tuple[str, ...]
    figures: tuple[PackFigure, ...]
    quotes: tuple[PackQuote, ...]
    terms: tuple[str, ...] = ()  # phrasings the text implies, for search ("the start of the Korean War")

    @property
    def after(self) -> str | None:
        return self.anchor if self.relation == "after" else None

    @property
    def before(self) -> str | None:
        return self.anchor if self.relation == "before" else None


@dataclass(frozen=True, slots=True)
class PackPerson:
    id: str
    name: str
    aliases: tuple[str, ...]
    role: str
    summary: str
    quotes: tuple[PackQuote, ...]
    country: str | None = None  # the country the person acted for, as the pack names countries


@dataclass(frozen=True, slots=True)
class Pack:
    id: str
    title: str
    citation: str
    path: Path
    document_name: str
    document: str
    events: tuple[PackEvent, ...]
    people: tuple[PackPerson, ...]
    digest: str
    notes: tuple[str, ...] = ()  # the pack's ``review:`` marks: what a human should check (not errors)

    def key(self, entry_id: str) -> str:
        return f"{self.id}/{entry_id}"


def upload_id(guild_id: int, name: str) -> str:
    """The stored id of the pack a server knows as ``name``: unique across servers, whatever they call it."""
    return f"g{guild_id}_{name}"


def parse_upload(pack_text: str, document: str, guild_id: int, name: str) -> Pack:
    """An uploaded pack, validated like any other and stored under its server's id for it."""
    pack = parse_pack(pack_text, Path(f"{name}.yaml"), document)
    return replace(pack, id=upload_id(guild_id, name))


def shipped_packs() -> list[Path]:
    """The packs that ship inside the installed ``seeds`` package."""
    root = resources.files("seeds")
    return sorted(Path(str(p)) for p in root.iterdir() if p.name.endswith((".yaml", ".yml")))


def pack_paths(extra: str | None = None) -> list[Path]:
    """Shipped packs plus those named by ``CHRONICLE_PACKS`` (files or folders, ``os.pathsep``-separated)."""
    extra = os.environ.get(PACKS_ENV, "") if extra is None else extra
    paths = shipped_packs()
    for item in filter(None, (s.strip() for s in extra.split(os.pathsep))):
        p = Path(item).expanduser()
        paths.extend(sorted([*p.glob("*.yaml"), *p.glob("*.yml")]) if p.is_dir() else [p])
    return paths


def content_digest(pack_text: str, document: str) -> str:
    """What seeding compares: the pack, its document, and the version of the code that turns them into rows."""
    return hashlib.sha256("\0".join([LOADER_VERSION, pack_text, document]).encode("utf-8")).hexdigest()


_DOCUMENT_LINE = re.compile(r"""^document:[ \t]*["']?([^"'\n#]+?)["']?[ \t]*(?:#.*)?$""", re.MULTILINE)


def file_digest(path: Path) -> str | None:
    """The digest :func:`load_pack` would give ``path``, without parsing the YAML (None when unsure).

    This lets an unchanged pack of any size cost two file reads at start-up instead of a full parse.
    """
    try:
        text = path.read_text(encoding="utf-8")
        found = _DOCUMENT_LINE.search(text)
        if found is None:
            return None
        document = (path.parent / found.group(1).strip()).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return content_digest(text, document)


def load_packs(paths: Iterable[Path]) -> list[Pack]:
    """Load several packs, reporting the problems of all of them together; pack ids must be unique."""
    packs: list[Pack] = []
    problems: list[str] = []
    seen: dict[str, str] = {}
    for path in paths:
        try:
            pack = load_pack(path)
        except PackError as exc:
            problems.extend(exc.problems)
            continue
        if pack.id in seen:
            problems.append(f"{path.name}: pack: id {pack.id!r} is already used by {seen[pack.id]}")
            continue
        seen[pack.id] = path.name
        packs.append(pack)
    if problems:
        raise PackError(problems)
    return packs


def load_pack(path: Path) -> Pack:
    """Read and validate one pack; raise :class:`PackError` with every problem found."""
    try:
        raw_text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError([f"{path}: cannot read: {exc}"]) from None
    return parse_pack(raw_text, path)


def parse_pack(raw_text: str, path: Path, document: str | None = None) -> Pack:
    """Validate a pack's YAML text. Its document is ``document`` when given (an upload held in memory),
    else the file the pack names beside ``path``; problems are reported under ``path.name``."""
    checker = _Checker(path, given_document=document)
    loader = _PackLoader(raw_text)  # a SafeLoader
    try:
        root = loader.get_single_node()  # parsed once: the nodes give both the data and the lines
        data = loader.construct_document(root) if root is not None else None
        lines = _entry_lines(root)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = getattr(exc, "problem", None) or str(exc)
        raise PackError([f"{path.name}:{where}: YAML syntax error: {reason}"]) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise PackError([f"{path.name}: expected a mapping with pack, title, document, source, events, people"])
    checker.lines = lines
    pack = checker.pack(data, raw_text)
    if checker.problems:
        raise PackError(checker.problems)
    assert pack is not None
    return pack


def _power_of_ten(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 10 and str(value).strip("0") == "1"


def _entry_lines(root: yaml.Node | None) -> dict[str, list[int]]:
    """The YAML line (1-based) of every entry of ``events`` and ``people``, to point errors at."""
    out: dict[str, list[int]] = {}
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if isinstance(value, yaml.SequenceNode):
                out[str(key.value)] = [item.start_mark.line + 1 for item in value.value]
    return out


@dataclass
class _Checker:
    """Walks one pack's data, collecting problems instead of stopping at the first."""

    path: Path
    given_document: str | None = None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    lines: dict[str, list[int]] = field(default_factory=dict)
    _paragraphs: list[tuple[int, str]] | None = None  # (number a reader cites, text); None until read
    _sentences: dict[str, int] = field(default_factory=dict)  # whole sentences: the usual quote, found at once

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{self.path.name}: {where}: {message}")

    def review(self, data: dict[str, Any], where: str) -> None:
        """An entry's ``review:`` marks (text or a list of text) become notes for a human, not problems."""
        value = data.get("review")
        if value is None:
            return
        marks = [value] if isinstance(value, str) else value
        if not isinstance(marks, list) or not all(isinstance(m, str) and m.strip() for m in marks):
            self.problem(where, "review: expected text or a list of text")
            return
        self.notes.extend(f"{self.path.name}: {where}: review: {collapse(m)}" for m in marks)

    def pack(self, data: dict[str, Any], raw_text: str) -> Pack | None:
        pack_id = self.text(data, "pack", "pack", pattern=_ID)
        title = self.text(data, "title", "pack")
        citation = self.text(data, "source", "pack")
        document_name = self.text(data, "document", "pack")
        document = self.document(document_name) if document_name else None
        if document is not None:
            self._paragraphs = numbered_paragraphs(document)
            self._sentences = {s: n for n, p in self._paragraphs for s in sentences(p)}
        unknown = set(data) - {"pack", "title", "document", "source", "events", "people", "review"}
        for key in sorted(unknown):
            self.problem("pack", f"unknown field {key!r}")
        self.review(data, "pack")

        people = [self.person(i, e) for i, e in enumerate(self.entries(data, "people"))]
        events = [self.event(i, e) for i, e in enumerate(self.entries(data, "events"))]
        # Entries with problems of their own still take part, so that every problem is reported at once.
        people_ok = [p for p in people if p is not None]
        events_ok = [e for e in events if e is not None]
        self.check_ids("people", people_ok)
        self.check_ids("events", events_ok)
        self.check_references(events_ok, {p.id for p in people_ok})
        self.check_aliases(people_ok)
        if self.problems or document is None:
            return None
        digest = content_digest(raw_text, document)
        return Pack(
            id=pack_id, title=title, citation=citation, path=self.path, document_name=document_name,
            document=document, events=tuple(events_ok), people=tuple(people_ok), digest=digest,
            notes=tuple(self.notes),
        )

    # -- fields -----------------------------------------------------------------------------------

    def where(self, section: str, index: int, entry: Any) -> str:
        line = self.lines.get(section, [])
        at = f" (line {line[index]})" if index < len(line) else ""
        ident = entry.get("id") if isinstance(entry, dict) else None
        return f"{section}[{index}] {ident!r}{at}" if isinstance(ident, str) else f"{section}[{index}]{at}"

    def text(self, data: dict[str, Any], key: str, where: str, *, required: bool = True,
             pattern: re.Pattern[str] | None = None, limit: int = 0) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.problem(where, f"{key}: missing")
            return ""
        if not isinstance(value, str) or not value.strip():
            self.problem(where, f"{key}: expected text, got {value!r}")
            return ""
        value = collapse(value)
        if pattern is not None and not pattern.match(value):
            self.problem(where, f"{key}: {value!r} must be lowercase letters, digits and _")
        if limit and len(value) > limit:
            self.problem(where, f"{key}: {len(value)} characters, at most {limit}")
        return value

    def strings(self, data: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.problem(where, f"{key}: expected a list of text")
            return ()
        return tuple(collapse(v) for v in value)

    def entries(self, data: dict[str, Any], section: str) -> list[Any]:
        value = data.get(section)
        if not isinstance(value, list):
            self.problem("pack", f"{section}: expected a list")
            return []
        return value

    def document(self, name: str) -> str | None:
        if self.given_document is not None:
            return self.given_document
        doc_path = self.path.parent / name
        try:
            return doc_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.problem("pack", f"document: cannot read {doc_path}: {exc.__class__.__name__}")
            return None

    def quotes(self, data: dict[str, Any], where: str) -> tuple[PackQuote, ...]:
        texts = self.strings(data, "quotes", where)
        if not texts:
            self.problem(where, "quotes: at least one verbatim quote from the document is required")
        found = []
        for i, text in enumerate(texts):
            paragraph = self.paragraph_of(text)
            if paragraph is None:
                self.problem(where, f"quotes[{i}]: not in the document: {text[:60]!r}")
            else:
                found.append(PackQuote(text, paragraph))
        return tuple(found)

    def paragraph_of(self, text: str) -> int | None:
        """The paragraph holding ``text``; 0 when the document could not be read (already a problem)."""
        if self._paragraphs is None:
            return 0
        needle = collapse(text)
        if needle in self._sentences:
            return self._sentences[needle]
        for number, paragraph in self._paragraphs:
            if needle in paragraph:
                return number
        return None

    def figures(self, data: dict[str, Any], where: str) -> tuple[PackFigure, ...]:
        raw = data.get("figures", []) or []
        if not isinstance(raw, list):
            self.problem(where, "figures: expected a list")
            return ()
        out = []
        for i, fig in enumerate(raw):
            at = f"{where} figures[{i}]"
            if not isinstance(fig, dict):
                self.problem(at, "expected a mapping with value, text, what, ask")
                continue
            value = fig.get("value")
            magnitude = fig.get("magnitude")
            if magnitude is not None:
                if value is not None or not _power_of_ten(magnitude):
                    self.problem(at, "magnitude: give a power of ten (1000 for \"a few thousand\") instead of a value")
                    continue
                low = high = magnitude
            elif isinstance(value, int) and not isinstance(value, bool):
                low = high = value
            elif (isinstance(value, list) and len(value) == 2
                  and all(isinstance(v, int) and not isinstance(v, bool) for v in value) and value[0] < value[1]):
                low, high = value
            else:
                self.problem(at, f"value: expected a whole number or [low, high], got {value!r}")
                continue
            text = self.text(fig, "text", at)
            if text and self.paragraph_of(text) is None:
                self.problem(at, f"text: not in the document: {text!r}")
            unknown = set(fig) - {"value", "magnitude", "text", "what", "ask", "review"}
            for key in sorted(unknown):
                self.problem(at, f"unknown field {key!r}")
            self.review(fig, at)
            out.append(PackFigure(low, high, text, self.text(fig, "what", at), self.text(fig, "ask", at),
                                  magnitude=magnitude is not None))
        return tuple(out)

    # -- entries ----------------------------------------------------------------------------------

    def event(self, index: int, data: Any) -> PackEvent | None:
        where = self.where("events", index, data)
        if not isinstance(data, dict):
            self.problem(where, "expected a mapping")
            return None
        known = {"id", "date", "after", "before", "title", "summary", "people", "places", "topics", "terms",
                 "figures", "quotes", "review"}
        for key in sorted(set(data) - known):
            self.problem(where, f"unknown field {key!r}")
        self.review(data, where)
        event_id = self.text(data, "id", where, pattern=_ID)
        span, anchor, relation = self.when(data, where)
        terms = self.strings(data, "terms", where)
        for i, term in enumerate(terms):
            if len(term) > 100:
                self.problem(where, f"terms[{i}]: {len(term)} characters, at most 100")
        return PackEvent(
            id=event_id, span=span, anchor=anchor, relation=relation,
            title=self.text(data, "title", where, limit=100),
            summary=self.text(data, "summary", where, limit=1000),
            people=self.strings(data, "people", where), places=self.strings(data, "places", where),
            topics=tuple(t.lower() for t in self.strings(data, "topics", where)),
            figures=self.figures(data, where), quotes=self.quotes(data, where), terms=terms,
        )

    def when(self, data: dict[str, Any], where: str) -> tuple[DateSpan | None, str | None, str | None]:
        """An event's time: ``date`` (a span, ``after:<id>``, ``before:<id>`` or ``undated``) and at most one
        ``after:``/``before:`` field beside a span, for an order the text gives that the span alone does not."""
        value = data.get("date")
        anchors = [(rel, data[rel]) for rel in ("after", "before") if data.get(rel) is not None]
        for rel, ref in anchors:
            if not isinstance(ref, str) or not _ID.match(ref.strip()):
                self.problem(where, f"{rel}: expected an event id, got {ref!r}")
                return None, None, None
        if len(anchors) > 1:
            self.problem(where, "after, before: give one anchor, not both")
            return None, None, None
        anchor, relation = (anchors[0][1].strip(), anchors[0][0]) if anchors else (None, None)
        if value is None:
            if anchor is None:
                self.problem(where, f"date: missing (a date, 'after:<id>', 'before:<id>' or {UNDATED!r})")
            return None, anchor, relation
        text = str(value).strip()  # YAML reads 1948 as a number and 1950-06-25 as a date; both mean the same
        written = _ANCHORED.match(text)
        if written or text == UNDATED:
            if anchor is not None:
                self.problem(where, f"{relation}: the date {text!r} leaves no span for an anchor to order")
                return None, None, None
            return (None, written.group(2).strip(), written.group(1)) if written else (None, None, None)
        try:
            return parse_span(text), anchor, relation
        except BadInput as exc:
            self.problem(where, f"date: {text!r}: {exc.message}")
            return None, None, None

    def person(self, index: int, data: Any) -> PackPerson | None:
        where = self.where("people", index, data)
        if not isinstance(data, dict):
            self.problem(where, "expected a mapping")
            return None
        for key in sorted(set(data) - {"id", "name", "aliases", "role", "country", "summary", "quotes", "review"}):
            self.problem(where, f"unknown field {key!r}")
        self.review(data, where)
        return PackPerson(
            id=self.text(data, "id", where, pattern=_ID), name=self.text(data, "name", where, limit=100),
            aliases=self.strings(data, "aliases", where), role=self.text(data, "role", where, limit=200),
            summary=self.text(data, "summary", where, limit=1000), quotes=self.quotes(data, where),
            country=self.text(data, "country", where, required=False, limit=100) or None,
        )

    # -- whole-pack checks ------------------------------------------------------------------------

    def check_ids(self, section: str, entries: list[PackEvent] | list[PackPerson]) -> None:
        seen: set[str] = set()
        for entry in entries:
            if entry.id and entry.id in seen:
                self.problem(f"{section} {entry.id!r}", "id: duplicate id")
            seen.add(entry.id)

    def check_references(self, events: list[PackEvent], people: set[str]) -> None:
        by_id = {e.id: e for e in events}
        for event in events:
            for person in event.people:
                if person not in people:
                    self.problem(f"events {event.id!r}", f"people: unknown person {person!r}")
            if event.anchor is None:
                continue
            field_name = "date" if event.span is None else event.relation
            anchor = by_id.get(event.anchor)
            if anchor is None:
                self.problem(f"events {event.id!r}",
                             f"{field_name}: {event.relation} an unknown event {event.anchor!r}")
                continue
            seen: set[str] = {event.id}
            cursor: str | None = event.anchor
            while cursor is not None:
                if cursor in seen:
                    self.problem(f"events {event.id!r}", f"{field_name}: '{event.relation}' references go round "
                                                         "in a circle")
                    break
                seen.add(cursor)
                following = by_id.get(cursor)
                cursor = following.anchor if following is not None else None
            if event.span is not None and anchor.span is not None:
                if event.relation == "after" and event.span.end < anchor.span.start:
                    self.problem(f"events {event.id!r}", f"after: {event.span.label} ends before "
                                                         f"{anchor.id!r} ({anchor.span.label}) starts")
                if event.relation == "before" and event.span.start > anchor.span.end:
                    self.problem(f"events {event.id!r}", f"before: {event.span.label} starts after "
                                                         f"{anchor.id!r} ({anchor.span.label}) ends")

    def check_aliases(self, people: list[PackPerson]) -> None:
        owner: dict[str, str] = {}
        for person in people:
            for name in (person.name, *person.aliases):
                key = fold(name)
                if not key:
                    continue
                if owner.setdefault(key, person.id) != person.id:
                    self.problem(f"people {person.id!r}",
                                 f"aliases: {name!r} also names {owner[key]!r}; an alias must be unambiguous")
