"""Cards: the facts of a server's packs seen as questions, with the answer, the quote it rests on and its source.

A card's key names its kind and its fact, the way trivia names its questions (``when:korean_war/yalta``,
``who:korean_war/stalin``, ``figure:korean_war/yalta#0``), so the same fact asked in trivia and studied here is
one card, and a reseeded or edited pack keeps every member's history. Its text is built from the fact as the
store has it now, so an edit shows at once; a fact that is gone gives no card (the card is suspended).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from facts.errors import NotFound
from facts.models import Event, Person, Quote
from facts.scope import Scope
from facts.store import FactStore
from facts.trivia.dating import on


class CardKind(StrEnum):
    WHEN = "when"  # When did this happen? <event>
    WHAT = "what"  # What happened on <date>?
    WHO = "who"  # Who is described like this? <role> / Who took part in this? <event>
    FIGURE = "figure"  # the source's number


# The kinds a server's packs offer as new cards (one per fact: "what happened" comes from trivia misses).
NEW_KINDS = (CardKind.WHEN, CardKind.WHO, CardKind.FIGURE)


@dataclass(frozen=True, slots=True)
class CardKey:
    kind: CardKind
    fact: str  # an event's or a person's key: "korean_war/yalta"
    figure: int | None = None  # which of the event's figures

    @property
    def pack(self) -> str:
        return self.fact.partition("/")[0]

    def __str__(self) -> str:
        return f"{self.kind}:{self.fact}" + (f"#{self.figure}" if self.figure is not None else "")

    @classmethod
    def parse(cls, text: str) -> CardKey:
        """A card key, from a trivia question's key too ("first:…" asks when an event came: its when card)."""
        kind, _, rest = text.partition(":")
        fact, _, figure = rest.partition("#")
        if kind == "first":
            kind = CardKind.WHEN.value
        if kind not in CardKind.__members__.values() or "/" not in fact:
            raise ValueError(f"not a card key: {text!r}")
        return cls(CardKind(kind), fact, int(figure) if figure.isdigit() else None)


@dataclass(frozen=True, slots=True)
class Card:
    """One card as a member sees it."""

    key: CardKey
    question: str  # "When did this happen?"
    about: str | None  # what the question is about: an event's title, a role
    answer: str  # the date, the name, the figure
    detail: str  # the fact's summary, or what the figure counts
    when: str | None  # the fact's date as the source gives it, when it has one
    quote: Quote | None
    source: str  # the pack's citation
    pack_title: str


async def card_of(store: FactStore, key: CardKey) -> Card | None:
    """The card ``key`` names, built from the store's facts now; None when its fact is gone."""
    if key.kind is CardKind.WHO:
        person = await _person(store, key.fact)
        if person is not None:
            return _who_person(key, person)
    events = await store.events([key.fact])
    if not events:
        return None
    event = events[0]
    match key.kind:
        case CardKind.WHEN:
            return Card(key, "When did this happen?", event.title, _when(event), event.summary, _when(event),
                        _first(event.quotes), event.source.citation, event.source.title)
        case CardKind.WHAT:
            if event.when.span is None:
                return None
            return Card(key, f"What happened {on(event.when.span)}?", None, event.title, event.summary,
                        _when(event), _first(event.quotes), event.source.citation, event.source.title)
        case CardKind.WHO:
            if not event.people:
                return None
            names = ", ".join(p.name for p in event.people)
            return Card(key, "Who took part in this?", event.title, names, event.summary, _when(event),
                        _first(event.quotes), event.source.citation, event.source.title)
        case CardKind.FIGURE:
            if key.figure is None or not 0 <= key.figure < len(event.figures):
                return None
            figure = event.figures[key.figure]
            quote = next((q for q in event.quotes if figure.text.casefold() in q.text.casefold()),
                         _first(event.quotes))
            ask = " ".join(figure.ask.split()).rstrip(" .?")
            return Card(key, f"{ask[:1].upper()}{ask[1:]}?", event.title, figure.text, figure.what, _when(event),
                        quote, event.source.citation, event.source.title)
    raise AssertionError(key.kind)  # pragma: no cover


async def keys_of(store: FactStore, scope: Scope) -> list[CardKey]:
    """Every new card the scope's packs offer, in the order members meet them: events in time order (each
    event's when card, then its figures), then the people with a role."""
    packs = sorted(scope.packs)
    marks = ", ".join("?" * len(packs)) or "NULL"
    out: list[CardKey] = []
    rows = await store.db.fetchall(
        f"SELECT key, start, figures FROM events WHERE pack IN ({marks}) ORDER BY sort_date, sort_order, key", packs)
    for row in rows:
        if row["start"] is not None:
            out.append(CardKey(CardKind.WHEN, row["key"]))
        out.extend(CardKey(CardKind.FIGURE, row["key"], i) for i in range(len(json.loads(row["figures"]))))
    people = await store.db.fetchall(
        f"SELECT key FROM people WHERE pack IN ({marks}) AND role != '' ORDER BY key", packs)
    out.extend(CardKey(CardKind.WHO, r["key"]) for r in people)
    return out


async def _person(store: FactStore, key: str) -> Person | None:
    try:
        return await store.person_by_key(key)
    except NotFound:
        return None


def _who_person(key: CardKey, person: Person) -> Card:
    when = person.events[0].when.full_label if person.events else None
    return Card(key, "Who is described like this?", person.role, person.name, person.summary, when,
                _first(person.quotes), person.source.citation, person.source.title)


def _when(event: Event) -> str:
    return event.when.full_label


def _first(quotes: Sequence[Quote]) -> Quote | None:
    return quotes[0] if quotes else None
