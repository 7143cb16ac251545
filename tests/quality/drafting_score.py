"""The drafting sets: loading their annotations, checking them, and scoring what ``facts.draft.draft_text``
makes of each text.

There are two sets in the same format. The held-out set (``tests/quality/drafting/``) measures the drafter
on texts its authors never look at; the development set (``tests/quality/drafting_dev/``) is the one they
may read and tune on. Every function that reads a set takes its folder (the held-out one by default).

Each ``<slug>.txt`` is a real history text; ``<slug>.yaml`` is its hand annotation: every date expression
in document order (``text``, a unique verbatim ``context`` around it, and the span the text means, or
``after:`` an earlier expression when no date can be computed), every person the text names (``name``
and the other ``forms`` it uses), and capitalised names that are *not* people. ``SOURCES.md`` says where
each text comes from.

Scoring rules (all text comparisons are made with white space collapsed, in the draft's ``document``):

* **Where an expression is.** An annotated expression sits at the occurrence of its ``text`` inside its
  ``context``. A drafted event *quotes* the expression when its quote contains the whole ``context``, or
  when the quote's place in the document covers that occurrence of ``text`` (so a ``context`` longer than
  the sentence still works, and a quote that merely repeats the words elsewhere does not).
* **Date recall.** A dated expression is recovered when some drafted event quotes it and has a span equal
  to the annotation's (start, end, precision) or to one of its ``alternatives``. An ``after:`` expression
  is recovered when some event quoting it either has relation ``"after"`` with an anchor event that
  quotes the anchor expression, or has a span starting at or after the anchor's date *and* carries review
  marks (a guess a human must check).
* **Date precision.** Of the drafted events with a span, the share whose span equals some reading of an
  annotated dated expression that the event quotes. Events with a relation and no span are counted apart
  ("relative"): right when their anchor exists and, for ``"after"``, the anchor's quote does not come
  later in the document than theirs.
* **People.** Names are compared as keys: accents folded, case folded, punctuation dropped, a leading
  "the" and leading titles ("President", "Gen.", "Lt. Col.", "Mr.", "Sir", "King"…) removed, unless the
  title is followed by "of" ("Duke of Gloucester" stays whole). A drafted person matches an annotated one
  when any key of its name and aliases equals a key of the annotated name or forms. People recall is the
  share of annotated people matched; a drafted person matching no one (or only a ``not_people`` entry) is
  "not a person"; a second drafted person matching an already-matched annotated person is a duplicate.
* **Totals** add the counts of every document before dividing.

``python -m tests.quality.drafting_score`` drafts every text of the held-out set, prints the table (markdown)
and the misses; ``--set dev`` does the same for the development set.
"""

from __future__ import annotations

import argparse
import calendar
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import yaml

from facts.dates import Precision
from facts.text import collapse

DRAFTING_DIR = Path(__file__).with_name("drafting")
DEV_DIR = Path(__file__).with_name("drafting_dev")
SETS = {"heldout": DRAFTING_DIR, "dev": DEV_DIR}  # --set NAME → folder
TARGETS = {"date_recall": 0.90, "date_precision": 0.90, "people_recall": 0.90, "not_people_share": 0.10}
WORDS = (900, 2500)  # each text's length in words

TITLES = frozenset(
    "president vice gen general lt lieut col colonel maj major capt captain cornet sgt adm admiral cmdr "
    "mr mrs ms miss dr sir dame lord lady king queen prince princess emperor empress tsar czar pope "
    "cardinal archbishop bishop saint secretary senator sen gov governor premier chancellor judge "
    "justice serjeant prof professor rev".split()
)


# --------------------------------------------------------------------------------------- the draft's shape


class SpanLike(Protocol):
    start: date
    end: date
    precision: Any


class EventLike(Protocol):
    id: str
    span: SpanLike | None
    anchor: str | None
    relation: str | None
    quote: str
    review: tuple[str, ...]


class PersonLike(Protocol):
    id: str
    name: str
    aliases: tuple[str, ...]


class DraftLike(Protocol):
    document: str
    events: Sequence[EventLike]
    people: Sequence[PersonLike]


# ------------------------------------------------------------------------------------------ annotations


@dataclass(frozen=True, slots=True)
class Reading:
    start: date
    end: date
    precision: str

    @property
    def label(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()} {self.precision}"


@dataclass(frozen=True, slots=True)
class DateExpr:
    index: int
    text: str
    context: str
    readings: tuple[Reading, ...] = ()  # the annotated reading first, then the alternatives
    after: str | None = None
    relative: bool = False
    year_from_context: bool = False

    @property
    def expected(self) -> str:
        return f"after “{self.after}”" if self.after is not None else " or ".join(r.label for r in self.readings)


@dataclass(frozen=True, slots=True)
class PersonExpr:
    name: str
    forms: tuple[str, ...] = ()

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(k for k in map(person_key, (self.name, *self.forms)) if k)


@dataclass(frozen=True, slots=True)
class Annotation:
    slug: str
    text: str
    source: str = ""
    licence: str = ""
    dates: tuple[DateExpr, ...] = ()
    people: tuple[PersonExpr, ...] = ()
    not_people: tuple[str, ...] = ()
    document_field: str = ""
    problems: tuple[str, ...] = ()  # what could not even be read (missing fields, bad dates)


def _as_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _reading(raw: dict[str, Any]) -> Reading:
    return Reading(_as_date(raw["start"]), _as_date(raw["end"]), str(raw["precision"]))


def parse(slug: str, text: str, data: dict[str, Any]) -> Annotation:
    """An annotation from its YAML data; what cannot be read is kept as a problem, not raised."""
    problems: list[str] = []
    dates: list[DateExpr] = []
    for index, raw in enumerate(data.get("dates") or []):
        where = f"dates[{index}] {raw.get('text')!r}"
        try:
            readings: list[Reading] = []
            if "after" not in raw:
                readings.append(_reading(raw))
            readings.extend(_reading(alt) for alt in raw.get("alternatives") or [])
            dates.append(DateExpr(index, str(raw["text"]), str(raw["context"]), tuple(readings),
                                  raw.get("after"), bool(raw.get("relative")), bool(raw.get("year_from_context"))))
        except (KeyError, TypeError, ValueError) as exc:
            problems.append(f"{slug}: {where}: cannot read ({exc.__class__.__name__}: {exc})")
    people = tuple(PersonExpr(str(p["name"]), tuple(str(f) for f in p.get("forms") or []))
                   for p in data.get("people") or [])
    return Annotation(slug, text, str(data.get("source", "")), str(data.get("licence", "")), tuple(dates), people,
                      tuple(str(n) for n in data.get("not_people") or []), str(data.get("document", "")),
                      tuple(problems))


def slugs(folder: Path = DRAFTING_DIR) -> list[str]:
    return sorted(p.stem for p in folder.glob("*.yaml"))


def load(slug: str, folder: Path = DRAFTING_DIR) -> Annotation:
    data = yaml.safe_load((folder / f"{slug}.yaml").read_text(encoding="utf-8"))
    text = (folder / f"{slug}.txt").read_text(encoding="utf-8")
    return parse(slug, text, data)


def load_all(folder: Path = DRAFTING_DIR) -> list[Annotation]:
    return [load(slug, folder) for slug in slugs(folder)]


# ----------------------------------------------------------------------------------------------- keys


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def person_key(name: str) -> str:
    """The key a name is compared by: "President Harry S. Truman" → "harry s truman"."""
    words = re.findall(r"[^\W_]+(?:'[^\W_]+)*", _fold(name))
    if words[:1] == ["the"]:
        words = words[1:]
    while len(words) > 1 and words[0] in TITLES and words[1] != "of":
        words = words[1:]
    return " ".join(words)


# ----------------------------------------------------------------------------------------- validation


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def shape_problem(r: Reading) -> str | None:
    """What is wrong with a reading's shape for its precision, or None."""
    s, e = r.start, r.end
    try:
        precision = Precision(r.precision)
    except ValueError:
        return f"precision {r.precision!r} is not one of {[p.value for p in Precision]}"
    if e < s:
        return f"ends ({e}) before it starts ({s})"
    month_start = s.day == 1
    month_end = e.day == _last_day(e.year, e.month)
    match precision:
        case Precision.DAY:
            ok = s == e
        case Precision.DAYS:
            ok = s < e
        case Precision.MONTH:
            ok = month_start and month_end and (s.year, s.month) == (e.year, e.month)
        case Precision.MONTHS:
            ok = month_start and month_end and (s.year, s.month) < (e.year, e.month)
        case Precision.SEASON:
            last_year, last_month = (s.year + 1, 2) if s.month == 12 else (s.year, s.month + 2)
            ok = (month_start and s.month in (3, 6, 9, 12) and month_end
                  and (e.year, e.month) == (last_year, last_month))
        case Precision.YEAR:
            ok = (s.month, s.day, e.month, e.day) == (1, 1, 12, 31) and s.year == e.year
        case Precision.YEARS:
            ok = (s.month, s.day, e.month, e.day) == (1, 1, 12, 31) and s.year < e.year
        case Precision.DECADE:
            ok = (s.month, s.day, e.month, e.day) == (1, 1, 12, 31) and s.year % 10 == 0 and e.year == s.year + 9
    return None if ok else f"{r.label} is not the shape of a {precision.value} span"


def validate(a: Annotation) -> list[str]:
    """Every problem with one annotation, each naming the file and the entry."""
    problems = list(a.problems)
    doc = collapse(a.text)
    name = f"{a.slug}.yaml"
    if a.document_field != f"{a.slug}.txt":
        problems.append(f"{name}: document is {a.document_field!r}, expected {a.slug}.txt")
    if not a.source or not a.licence:
        problems.append(f"{name}: source and licence are required")
    last_at = -1
    dated_texts = [d.text for d in a.dates if d.after is None]
    for d in a.dates:
        where = f"{name}: dates[{d.index}] {d.text!r}"
        text, context = collapse(d.text), collapse(d.context)
        if not text or text not in doc:
            problems.append(f"{where}: text is not in the document")
        count = doc.count(context) if context else 0
        if count != 1:
            problems.append(f"{where}: context {d.context!r} occurs {count} times in the document (must be once)")
        if text not in context:
            problems.append(f"{where}: context does not contain text")
        if count == 1 and text in context:
            at = doc.index(context) + context.index(text)
            if at < last_at:
                problems.append(f"{where}: out of document order")
            last_at = max(last_at, at)
        if d.after is None and not d.readings:
            problems.append(f"{where}: needs start/end/precision or after")
        if d.after is not None and dated_texts.count(d.after) != 1:
            problems.append(f"{where}: after {d.after!r} must be the text of exactly one dated expression")
        problems.extend(f"{where}: {p}" for r in d.readings if (p := shape_problem(r)))
    seen: dict[str, str] = {}
    for p in a.people:
        for form in (p.name, *p.forms):
            if collapse(form) not in doc:
                problems.append(f"{name}: person {p.name!r}: form {form!r} is not in the document")
        for key in p.keys:
            if key in seen and seen[key] != p.name:
                problems.append(f"{name}: person {p.name!r} and {seen[key]!r} share the key {key!r}")
            seen[key] = p.name
    for n in a.not_people:
        if collapse(n) not in doc:
            problems.append(f"{name}: not_people {n!r} is not in the document")
        if person_key(n) in seen:
            problems.append(f"{name}: not_people {n!r} has the key of person {seen[person_key(n)]!r}")
    return problems


# -------------------------------------------------------------------------------------------- scoring


@dataclass
class DocScore:
    slug: str
    dates: int = 0
    recovered: int = 0
    spans: int = 0  # drafted events with a span
    spans_right: int = 0
    relative: int = 0  # drafted events with a relation and no span
    relative_right: int = 0
    people: int = 0
    people_found: int = 0
    drafted_people: int = 0
    not_people: int = 0
    duplicates: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def date_recall(self) -> float:
        return self.recovered / self.dates if self.dates else 1.0

    @property
    def date_precision(self) -> float:
        return self.spans_right / self.spans if self.spans else 0.0

    @property
    def people_recall(self) -> float:
        return self.people_found / self.people if self.people else 1.0

    @property
    def people_precision(self) -> float:
        return (self.drafted_people - self.not_people) / self.drafted_people if self.drafted_people else 0.0

    @property
    def not_people_share(self) -> float:
        return self.not_people / self.drafted_people if self.drafted_people else 0.0


def total(scores: Iterable[DocScore]) -> DocScore:
    out = DocScore("total")
    for s in scores:
        for name in ("dates", "recovered", "spans", "spans_right", "relative", "relative_right", "people",
                     "people_found", "drafted_people", "not_people", "duplicates"):
            setattr(out, name, getattr(out, name) + getattr(s, name))
    return out


def _span_reading(span: SpanLike) -> Reading:
    precision = getattr(span.precision, "value", span.precision)
    return Reading(span.start, span.end, str(precision))


def _short(text: str, limit: int = 90) -> str:
    text = collapse(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Placed:
    """Where the annotated expressions and the drafted quotes sit in the draft's document."""

    def __init__(self, a: Annotation, draft: DraftLike) -> None:
        self.doc = collapse(draft.document)
        self.expr: dict[int, tuple[int, int] | None] = {}
        for d in a.dates:
            context, text = collapse(d.context), collapse(d.text)
            at = self.doc.find(context)
            inner = context.find(text)
            self.expr[d.index] = None if at < 0 or inner < 0 else (at + inner, at + inner + len(text))
        self.quote: dict[str, tuple[int, int] | None] = {}
        for e in draft.events:
            q = collapse(e.quote)
            at = self.doc.find(q) if q else -1
            self.quote[e.id] = None if at < 0 else (at, at + len(q))

    def quotes(self, e: EventLike, d: DateExpr) -> bool:
        q = collapse(e.quote)
        if q and collapse(d.context) in q:
            return True
        qa, ea = self.quote.get(e.id), self.expr.get(d.index)
        return qa is not None and ea is not None and qa[0] <= ea[0] and ea[1] <= qa[1]


def score(a: Annotation, draft: DraftLike) -> DocScore:
    """Score one draft against its annotation (the rules are in the module docstring)."""
    s = DocScore(a.slug, dates=len(a.dates), people=len(a.people))
    placed = _Placed(a, draft)
    events = list(draft.events)
    by_id = {e.id: e for e in events}
    by_text = {d.text: d for d in a.dates if d.after is None}

    for d in a.dates:
        quoting = [e for e in events if placed.quotes(e, d)]
        if d.after is None:
            ok = any(e.span is not None and _span_reading(e.span) in d.readings for e in quoting)
        else:
            anchor = by_text[d.after]
            ok = any(_after_ok(e, anchor, by_id, placed) for e in quoting)
        s.recovered += ok
        if not ok:
            got = "; ".join(_event_label(e) for e in quoting) or "no event quotes it"
            s.misses.append(f"date miss: “{d.text}” — expected {d.expected}; drafted: {got}")

    for e in events:
        if e.span is not None:
            s.spans += 1
            reading = _span_reading(e.span)
            right = any(reading in d.readings and placed.quotes(e, d) for d in a.dates)
            s.spans_right += right
            if not right:
                s.misses.append(f"wrong date: {e.id} {reading.label} — quote “{_short(e.quote)}”")
        elif e.relation is not None:
            s.relative += 1
            anchor_event = by_id.get(e.anchor or "")
            qa, qe = (placed.quote.get(anchor_event.id) if anchor_event else None), placed.quote.get(e.id)
            right = anchor_event is not None and (
                e.relation != "after" or qa is None or qe is None or qa[0] <= qe[0])
            s.relative_right += right
            if not right:
                s.misses.append(f"relative event {e.id} {e.relation} {e.anchor!r}: anchor missing or later")

    _score_people(a, draft, s)
    return s


def _after_ok(e: EventLike, anchor: DateExpr, by_id: dict[str, EventLike], placed: _Placed) -> bool:
    if e.relation == "after" and e.anchor in by_id and placed.quotes(by_id[e.anchor], anchor):
        return True
    return (e.span is not None and bool(e.review) and anchor.readings != ()
            and e.span.start >= min(r.start for r in anchor.readings))


def _event_label(e: EventLike) -> str:
    if e.span is not None:
        return f"{e.id} {_span_reading(e.span).label}"
    return f"{e.id} {e.relation} {e.anchor}"


def _score_people(a: Annotation, draft: DraftLike, s: DocScore) -> None:
    not_keys = {person_key(n) for n in a.not_people}
    matched: dict[str, list[str]] = {}
    for p in draft.people:
        keys = {k for k in map(person_key, (p.name, *p.aliases)) if k}
        name_key = person_key(p.name)
        owner = next((q for q in a.people if name_key in q.keys), None) or next(
            (q for q in a.people if keys & q.keys), None)
        s.drafted_people += 1
        if owner is None:
            s.not_people += 1
            why = "listed as not a person" if keys & not_keys else "matches no one"
            s.misses.append(f"not a person: “{p.name}” ({why})")
            continue
        matched.setdefault(owner.name, []).append(p.name)
    for q in a.people:
        names = matched.get(q.name, [])
        if names:
            s.people_found += 1
            if len(names) > 1:
                s.duplicates += len(names) - 1
                s.misses.append(f"duplicate: {q.name} drafted as {names}")
        else:
            s.misses.append(f"person miss: {q.name} (forms {list(q.forms)})")


# --------------------------------------------------------------------------------------------- report


def table(scores: Sequence[DocScore]) -> str:
    rows = [*scores, total(scores)] if len(scores) > 1 else list(scores)
    lines = ["| document | dates | date recall | drafted spans | date precision | relative (right) | people | "
             "people recall | drafted people | not people | duplicates |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    lines.extend(
        f"| {r.slug} | {r.dates} | {r.date_recall:.1%} | {r.spans} | {r.date_precision:.1%} | "
        f"{r.relative} ({r.relative_right}) | {r.people} | {r.people_recall:.1%} | {r.drafted_people} | "
        f"{r.not_people} ({r.not_people_share:.1%}) | {r.duplicates} |"
        for r in rows)
    return "\n".join(lines)


def report(scores: Sequence[DocScore]) -> str:
    parts = [table(scores)]
    for s in scores:
        if s.misses:
            parts.append(f"\n### {s.slug}\n" + "\n".join(f"- {m}" for m in s.misses))
    return "\n".join(parts)


def failures(overall: DocScore, targets: dict[str, float] | None = None) -> list[str]:
    """Which targets (default: the issue's) the totals miss."""
    targets = targets or TARGETS
    out = []
    if overall.date_recall < targets["date_recall"]:
        out.append(f"date recall {overall.date_recall:.1%} < {targets['date_recall']:.0%}")
    if overall.date_precision < targets["date_precision"]:
        out.append(f"date precision {overall.date_precision:.1%} < {targets['date_precision']:.0%}")
    if overall.people_recall < targets["people_recall"]:
        out.append(f"people recall {overall.people_recall:.1%} < {targets['people_recall']:.0%}")
    if overall.not_people_share > targets["not_people_share"]:
        out.append(f"not-people share {overall.not_people_share:.1%} > {targets['not_people_share']:.0%}")
    return out


def run(folder: Path = DRAFTING_DIR) -> list[DocScore]:
    """Draft every text of the set in ``folder`` with ``facts.draft.draft_text`` and score it."""
    from facts.draft import draft_text  # noqa: PLC0415 - the drafter is optional until it lands

    return [score(a, draft_text(a.text, name=a.slug)) for a in load_all(folder)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.quality.drafting_score",
                                     description="Draft every text of a drafting set and score the drafts.")
    parser.add_argument("--set", dest="which", choices=sorted(SETS), default="heldout",
                        help="which set to score: the held-out set (default) or the development set")
    folder = SETS[parser.parse_args(list(argv) if argv is not None else None).which]
    problems = [p for a in load_all(folder) for p in validate(a)]
    if problems:
        print("The annotations have problems:\n" + "\n".join(f"- {p}" for p in problems), file=sys.stderr)
        return 1
    try:
        scores = run(folder)
    except ModuleNotFoundError as exc:
        print(f"facts.draft cannot be imported ({exc}); nothing to score yet.", file=sys.stderr)
        return 2
    print(report(scores))
    missed = failures(total(scores))
    print("\ntargets: " + ("all met" if not missed else "; ".join(missed)))
    return 0 if not missed else 1


if __name__ == "__main__":
    raise SystemExit(main())
