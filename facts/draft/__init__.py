"""Drafting a fact pack from a document: its dated events, its people, its figures, and what to check.

:func:`read_document` turns an upload (``.txt``, ``.md``, ``.html``, text ``.pdf``) into plain text;
:func:`draft_text` turns that text into a :class:`Draft` whose ``pack_yaml`` passes
``chronicle facts validate`` beside its ``document``. Everything in a draft is taken from the text:
quotes are verbatim sentences, titles are the text's clauses, roles are its words, and what a reader
should check (a year carried from context, a resolved relative date, a name that might not be a person)
carries a ``review:`` mark.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

from facts.draft.events import EventDraft, build_events, find_places, slug
from facts.draft.models import Draft, DraftEvent, DraftFigure, DraftPerson, DraftSummary
from facts.draft.people import PersonFound, all_forms, find_people
from facts.draft.read import read_document
from facts.draft.write import pack_yaml
from facts.errors import BadInput, PackError
from facts.pack import parse_pack
from facts.text import collapse, fold, numbered_paragraphs, sentences

__all__ = ["Draft", "DraftEvent", "DraftFigure", "DraftPerson", "DraftSummary", "draft_text", "read_document"]

log = logging.getLogger(__name__)
_NAME = re.compile(r"^[a-z0-9][a-z0-9_]*$")
QUOTES_PER_PERSON = 3


def pack_name(filename: str) -> str:
    """A pack id from a file name: "Korean War (history).pdf" → "korean_war_history"."""
    stem = Path(filename).stem
    name = re.sub(r"[^a-z0-9]+", "_", stem.lower()).strip("_")
    return name or "draft"


def draft_text(text: str, *, name: str, title: str | None = None, citation: str | None = None,
               progress: Callable[[int, int], None] | None = None) -> Draft:
    """Draft a pack named ``name`` from ``text``; ``progress(done, total)`` is called per paragraph."""
    if not _NAME.match(name or ""):
        raise BadInput(f"The pack name {name!r} must be lowercase letters, digits and _.", "korean_war")
    document = text.replace("\r\n", "\n").replace("\r", "\n")
    if not document.endswith("\n"):
        document += "\n"
    blocks = numbered_paragraphs(document)
    prose = [s for number, paragraph in blocks if number for s in sentences(paragraph)]
    if not prose:
        raise BadInput("The text has no paragraphs of prose to draft from.")

    found_people = find_people(prose)
    people_ids = _ids([slug(p.name, limit=5) for p in found_people])
    forms = _unambiguous({pid: all_forms(p) for pid, p in zip(people_ids, found_people, strict=True)})
    patterns = {pid: _names_rx(f) for pid, f in forms.items()}
    every_form = {f for fs in forms.values() for f in fs}

    drafts, all_figures = build_events(blocks, progress)
    event_ids = _ids([slug(d.title) for d in drafts])
    events: list[DraftEvent] = []
    for event_draft, event_id in zip(drafts, event_ids, strict=True):
        events.append(_event(event_draft, event_id, event_ids, patterns, every_form))
    by_sentence = {e.quote: e.id for e in events}
    by_context = {s: e.id for e in events for s in e.context}
    figures = tuple(DraftFigure(f.low, f.high, f.text, f.what, f.bound, f.quote,
                                by_sentence.get(f.quote) or by_context.get(f.quote), f.magnitude)
                    for f in all_figures)

    people = tuple(_person(p, pid, forms[pid], patterns[pid], prose=prose, events=events)
                   for p, pid in zip(found_people, people_ids, strict=True))
    pack_title = title or _document_title(blocks) or name.replace("_", " ").capitalize()
    source = citation or f"{name}.txt"
    yaml_text = pack_yaml(name=name, title=collapse(pack_title), citation=collapse(source),
                          events=tuple(events), people=people)
    summary = _summary(tuple(events), people, figures)
    draft = Draft(document=document, pack_yaml=yaml_text, events=tuple(events), people=people, figures=figures,
                  summary=summary, name=name, title=pack_title)
    _self_check(draft)
    return draft


def _ids(bases: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for base in bases:
        n = seen.get(base, 0) + 1
        seen[base] = n
        out.append(base if n == 1 else f"{base}_{n}")
    # a suffixed id may collide with a base that was already taken: bump until free
    taken: set[str] = set()
    final = []
    for ident in out:
        candidate, k = ident, 2
        while candidate in taken:
            candidate, k = f"{ident}_{k}", k + 1
        taken.add(candidate)
        final.append(candidate)
    return final


def _unambiguous(forms: dict[str, list[str]]) -> dict[str, list[str]]:
    """Each person's forms less those an earlier person already has (by :func:`fold`, as the pack loader
    compares them): an alias must name one person. A name is always kept."""
    owner: dict[str, str] = {}
    out: dict[str, list[str]] = {}
    for pid, names in forms.items():
        kept = [n for i, n in enumerate(names) if i == 0 or owner.get(fold(n), pid) == pid]
        for n in kept:
            owner.setdefault(fold(n), pid)
        out[pid] = kept
    return out


def _names_rx(forms: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


def _event(draft: EventDraft, event_id: str, ids: list[str], patterns: dict[str, re.Pattern[str]],
           person_forms: set[str]) -> DraftEvent:
    dated = draft.dated
    quoted = " ".join([draft.sentence, *draft.context])
    people = tuple(pid for pid, rx in patterns.items() if rx.search(quoted))
    places = tuple(find_places(quoted, person_forms))
    anchor = ids[draft.anchor_index] if draft.anchor_index is not None else None
    relation = dated.relation if anchor is not None else None
    figures = tuple(DraftFigure(f.low, f.high, f.text, f.what, f.bound, f.quote, event_id, f.magnitude)
                    for f in draft.figures)
    return DraftEvent(id=event_id, span=dated.span, anchor=anchor, relation=relation, title=draft.title,
                      summary=draft.sentence, quote=draft.sentence, people=people, places=places,
                      review=dated.review, context=tuple(draft.context), figures=figures, by_order=draft.by_order)


def _person(found: PersonFound, pid: str, forms: list[str], rx: re.Pattern[str], *, prose: list[str],
            events: list[DraftEvent]) -> DraftPerson:
    quotes: list[str] = []
    for sentence in prose:
        if rx.search(sentence) and sentence not in quotes:
            quotes.append(sentence)
            if len(quotes) >= QUOTES_PER_PERSON:
                break
    if not quotes:  # named only in a form the pattern cannot see (should not happen): quote the first naming
        quotes = [s for s in prose if found.name in s][:1] or [prose[0]]
    review = list(found.review)
    role = next((r for r in found.roles if r), "")
    if not role:
        role = "named in the text"
        review.append("no role found in the text's words: write one")
    mine = tuple(e.id for e in events if pid in e.people)
    return DraftPerson(id=pid, name=forms[0], aliases=tuple(forms[1:]), role=role, review=tuple(review),
                       events=mine, quotes=tuple(quotes))


def _document_title(blocks: list[tuple[int, str]]) -> str | None:
    """The document's first heading line that is not a breadcrumb ("You Are At: Home > History")."""
    for number, text in blocks:
        if number:
            return None
        if not re.search(r"[>»|/]|\bYou Are At\b", text) and 2 <= len(text) <= 100:
            return text
    return None


def _summary(events: tuple[DraftEvent, ...], people: tuple[DraftPerson, ...],
             figures: tuple[DraftFigure, ...]) -> DraftSummary:
    by: dict[str, int] = {}
    for event in events:
        by[event.precision] = by.get(event.precision, 0) + 1
    marked = sum(1 for e in events if e.review) + sum(1 for p in people if p.review)
    no_dates = not any(e.span is not None for e in events)
    messages: tuple[str, ...] = ("The text states no dates; the people it names are kept.",) if no_dates else ()
    if placed := sum(1 for e in events if e.by_order):
        messages += (f"{placed} of the 'after' events are sentences the text does not date, placed after the "
                     "story's last date by their order: check them",)
    return DraftSummary(events_by_precision=by, people=len(people), figures=len(figures), review=marked,
                        no_dates=no_dates, events=len(events), messages=messages)


def _self_check(draft: Draft) -> None:
    """The draft must validate as written; a problem here is a bug in the drafter, said plainly."""
    try:
        parse_pack(draft.pack_yaml, Path(f"{draft.name}.yaml"), document=draft.document)
    except PackError as exc:
        log.error("draft %s does not validate: %s", draft.name, exc)
        raise BadInput(f"The draft of {draft.name} does not validate ({len(exc.problems)} problem(s)): "
                       f"{exc.problems[0]}") from None
