"""Answers rendered as plain text (the CLI's face) and as JSON (for scripts)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from facts.answers import (
    HIT_END,
    HIT_START,
    DateAnswer,
    OnThisDay,
    PersonAnswer,
    SearchAnswer,
    Stats,
    TimelinePage,
    WhenAnswer,
)
from facts.dates import DateSpan, MonthDay
from facts.models import Event, Quote, Source, When

INDENT = "    "


def plain(value: Any) -> Any:
    """A JSON-ready copy of an answer: dataclasses as objects, dates in ISO, spans with their label."""
    if isinstance(value, DateSpan):
        return {"start": value.start.isoformat(), "end": value.end.isoformat(),
                "precision": value.precision.value, "label": value.label}
    if isinstance(value, MonthDay):
        return {"month": value.month, "day": value.day, "label": value.label}
    if isinstance(value, When):
        return {"label": value.label, "precision": value.precision, "span": plain(value.span),
                "after": value.after_key, "before": value.before_key}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def to_json(answer: Any) -> str:
    return json.dumps(plain(answer), ensure_ascii=False, indent=2)


def quote(q: Quote) -> str:
    return f"“{q.text}” (paragraph {q.paragraph})"


def source_line(sources: Iterable[Source]) -> str:
    unique = list(dict.fromkeys(s.citation for s in sources))
    return f"Source: {'; '.join(unique)}" if unique else ""


def _event_block(event: Event, *, label: str | None = None) -> list[str]:
    lines = [f"{label or event.when.label} — {event.title}", INDENT + event.summary]
    if event.quotes:
        lines.append(INDENT + quote(event.quotes[0]))
    return lines


def _join(blocks: list[list[str]], footer: str) -> str:
    out: list[str] = []
    for block in blocks:
        out.extend(block)
        out.append("")
    if footer:
        out.append(footer)
    return "\n".join(out).rstrip() + "\n"


def render_date(answer: DateAnswer) -> str:
    label = answer.query.label
    if not answer.matches:
        return f"Nothing in the sources is dated {label}.\nTry `chronicle timeline` to see what is.\n"
    if answer.exact:
        head = f"{label}: {len(answer.exact)} event(s)" + (
            f", and {len(answer.loose)} dated more loosely" if answer.loose else "")
    else:
        head = f"Nothing in the sources is dated {label} exactly; {len(answer.loose)} event(s) are dated more loosely."
    blocks = [[head]]
    blocks += [_event_block(m.event) for m in answer.exact]
    if answer.loose:
        blocks.append([f"Dated more loosely (they may or may not fall on {label}):"])
        blocks += [_event_block(m.event, label=f"sometime in {m.event.when.label}") for m in answer.loose]
    if answer.total > len(answer.matches):
        blocks.append([f"…and {answer.total - len(answer.matches)} more; narrow the date to see them."])
    return _join(blocks, source_line(m.event.source for m in answer.matches))


def years_ago(event: Event, today: date) -> str:
    span = event.when.span
    if span is None:
        return ""
    years = today.year - span.start.year
    return f" — {years} years ago" if years > 0 else ""


def render_on_this_day(answer: OnThisDay, today: date) -> str:
    if not answer.items:
        return "The fact store is empty: nothing to show.\n"
    if answer.exact:
        blocks = [[f"On this day, {answer.day.label}:"]]
        blocks += [_event_block(a.event, label=f"{a.event.when.label}{years_ago(a.event, today)}")
                   for a in answer.items]
    else:
        blocks = [[f"Nothing in the sources happened on {answer.day.label}. The nearest dated events:"]]
        blocks += [_event_block(a.event, label=f"{a.event.when.label} ({a.distance})")
                   for a in answer.items]
    return _join(blocks, source_line(a.event.source for a in answer.items))



def render_person(answer: PersonAnswer) -> str:
    p = answer.person
    head = [f"{p.name} — {p.role}"]
    if answer.fuzzy:
        head.append(f"(taken as {answer.matched!r}, the closest name in the sources)")
    if p.aliases:
        head.append("Also written: " + ", ".join(p.aliases))
    blocks = [head, [p.summary]]
    if p.events:
        blocks.append(["Events:"] + [f"{INDENT}{e.when.label} — {e.title}" for e in p.events])
    if p.quotes:
        blocks.append([quote(p.quotes[0])])
    return _join(blocks, source_line([p.source]))


def render_when(answer: WhenAnswer) -> str:
    e = answer.event
    blocks = [[f"{e.title}: {e.when.full_label}"], _event_block(e)[1:]]
    if answer.others:
        blocks.append(["Also matching:"] + [f"{INDENT}{o.when.label} — {o.title}" for o in answer.others])
    return _join(blocks, source_line([e.source]))


def render_timeline(page: TimelinePage) -> str:
    span = " – ".join(filter(None, [page.start.label if page.start else None, page.end.label if page.end else None]))
    if not page.items:
        return f"No events{' in ' + span if span else ''}.\n"
    head = f"Timeline{' ' + span if span else ''}: {page.total} event(s), page {page.page} of {page.pages}"
    lines = [head, ""] + [f"{i.when.label} — {i.title}" for i in page.items]
    if page.page < page.pages:
        lines += ["", f"Next: --page {page.page + 1}"]
    return "\n".join(lines) + "\n"


def highlight(snippet: str, *, start: str = "", end: str = "") -> str:
    return snippet.replace(HIT_START, start).replace(HIT_END, end)


def render_search(answer: SearchAnswer, *, bold: bool = False) -> str:
    if not answer.hits:
        return f"Nothing in the sources mentions “{answer.query}”.\n"
    on, off = ("\033[1m", "\033[0m") if bold else ("", "")
    lines = [f"{answer.total} result(s) for “{answer.query}”"
             + (f", showing the best {len(answer.hits)}" if answer.total > len(answer.hits) else ""), ""]
    for hit in answer.hits:
        title = hit.title or "the document"
        lines.append(f"[{hit.kind}] {title}")
        lines.append(INDENT + highlight(hit.snippet, start=on, end=off))
    return "\n".join(lines) + "\n"


def render_stats(stats: Stats) -> str:
    lines = [f"{stats.events} events, {stats.people} people, {stats.quotes} quotes, "
             f"{stats.sentences} sentences in {len(stats.packs)} pack(s); schema version {stats.schema_version}"]
    for p in stats.packs:
        span = f", {p.first[:4]}–{p.last[:4]}" if p.first and p.last else ""
        lines.append(f"{INDENT}{p.source.pack}: {p.source.title} ({p.document}): "
                     f"{p.events} events, {p.people} people, {p.quotes} quotes{span}")
    return "\n".join(lines) + "\n"
