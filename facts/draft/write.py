"""The draft as a YAML fact pack that ``chronicle facts validate`` accepts unchanged."""

from __future__ import annotations

from typing import Any

import yaml

from facts.draft.models import DraftEvent, DraftFigure, DraftPerson

SUMMARY_LIMIT = 1000


def pack_yaml(*, name: str, title: str, citation: str, events: tuple[DraftEvent, ...],
              people: tuple[DraftPerson, ...]) -> str:
    data: dict[str, Any] = {
        "pack": name,
        "title": title,
        "document": f"{name}.txt",
        "source": citation,
        "events": [_event(e) for e in events],
        "people": [_person(p) for p in people],
    }
    header = (f"# Drafted by `chronicle pack draft` from {name}.txt: every quote is verbatim from it.\n"
              "# Titles are the text's own clauses; check each `review:` mark, then remove it.\n")
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when available: a long draft dumps fast
    return header + yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=110)


def _event(event: DraftEvent) -> dict[str, Any]:
    out: dict[str, Any] = {"id": event.id}
    if event.span is not None:
        out["date"] = event.span.notation
        if event.anchor is not None and event.relation is not None:
            out[event.relation] = event.anchor
    elif event.anchor is not None:
        out["date"] = f"{event.relation}:{event.anchor}"
    else:
        out["date"] = "undated"
    out["title"] = event.title
    out["summary"] = _limit(event.summary, SUMMARY_LIMIT)
    out["people"] = list(event.people)
    out["places"] = list(event.places)
    if event.figures:
        out["figures"] = [_figure(f) for f in event.figures]
    out["quotes"] = [event.quote, *event.context]
    if event.review:
        out["review"] = list(event.review)
    return out


def _figure(figure: DraftFigure) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if figure.magnitude:
        out["magnitude"] = figure.low
    elif figure.low == figure.high:
        out["value"] = figure.low
    else:
        out["value"] = [figure.low, figure.high]
    out["text"] = figure.text
    out["what"] = figure.what
    out["ask"] = f"How many {figure.what}, by the text's figure?"
    return out


def _person(person: DraftPerson) -> dict[str, Any]:
    out: dict[str, Any] = {"id": person.id, "name": person.name, "aliases": list(person.aliases),
                           "role": _limit(person.role, 200),
                           "summary": _limit(person.quotes[0] if person.quotes else person.name, SUMMARY_LIMIT),
                           "quotes": list(person.quotes)}
    if person.review:
        out["review"] = list(person.review)
    return out


def _limit(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
