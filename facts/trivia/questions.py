"""Trivia questions generated from the facts: pure code, a seedable :class:`random.Random`, no I/O.

Five kinds, all from the packs:

* ``when``   – "When did this happen?" about a dated event; four dates of its precision and length, in
  time order, in the pack's era and never in the future (:mod:`facts.trivia.dating`).
* ``what``   – "What happened on <date>?"; the wrong events are dated and never overlap that date.
* ``who``    – "Who is described like this? <role>" or "Who took part in this? <event>"; the wrong people
  took no part, are of no country the event implies, and a nationality never gives the answer away
  (:mod:`facts.trivia.people`).
* ``first``  – "Which of these came first?"; every wrong event is known to come later (by dates that do
  not overlap, by ``after``/``before`` anchors, or a chain of them).
* ``figure`` – the document's numbers ("How many…?"), every option worded as the document words its
  figure ("more than 80,000"), smallest first (:mod:`facts.trivia.figures`).

A fair player cannot game a question: the right answer is at each position as often as another (and, for
dates and numbers shown in order, at each possible rank), and no wrong choice is also right. When a fact
leaves too few fair wrong choices, its question is not asked. Within a round no question repeats and no
fact is asked twice (a question's ``touches``: the facts its question or reveal gives away). Across rounds,
:func:`generate` prefers the questions a server has been asked least often, and longest ago, so a group
sees every fact before any comes back.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import partial

from facts.models import Event, Figure, Person, Quote, Source
from facts.text import fold
from facts.trivia.choices import CHOICES, LETTERS, NEAREST, distinct, shuffled
from facts.trivia.dating import Order, date_choices, era, on
from facts.trivia.figures import figure_choices
from facts.trivia.people import alike, country_of, fair_for_event, fair_for_role, mentions

__all__ = ["CHOICES", "KIND_TOPIC", "LETTERS", "TOPIC_KINDS", "Asked", "Bank", "Kind", "Question", "Topic",
           "generate"]


class Kind(StrEnum):
    WHEN = "when"
    WHAT = "what"
    WHO = "who"
    FIRST = "first"
    FIGURE = "figure"


class Topic(StrEnum):
    DATES = "dates"
    PEOPLE = "people"
    FIGURES = "figures"
    ALL = "all"


KIND_TOPIC = {Kind.WHEN: Topic.DATES, Kind.WHAT: Topic.DATES, Kind.FIRST: Topic.DATES,
              Kind.WHO: Topic.PEOPLE, Kind.FIGURE: Topic.FIGURES}
TOPIC_KINDS = {
    Topic.DATES: (Kind.WHEN, Kind.WHAT, Kind.FIRST),
    Topic.PEOPLE: (Kind.WHO,),
    Topic.FIGURES: (Kind.FIGURE,),
    Topic.ALL: tuple(Kind),
}


@dataclass(frozen=True, slots=True)
class Question:
    """One multiple-choice question: ``choices[answer]`` is right, the other three are wrong."""

    key: str  # stable identity for cycling across rounds, e.g. "when:korean_war/hiroshima_bomb"
    kind: Kind
    prompt: str
    about: str | None  # what the prompt is about (an event's title, a role), shown under it
    choices: tuple[str, ...]
    answer: int
    explanation: str
    quote: Quote | None
    source: Source
    touches: frozenset[str]  # fact keys this question (or its reveal) gives away

    @property
    def topic(self) -> Topic:
        return KIND_TOPIC[self.kind]

    @property
    def letter(self) -> str:
        return LETTERS[self.answer]

    @property
    def answer_text(self) -> str:
        return self.choices[self.answer]


@dataclass(frozen=True, slots=True)
class Bank:
    """Everything questions are made from: the events (in time order) and the people."""

    events: tuple[Event, ...]
    people: tuple[Person, ...]
    complete: bool = True  # False when sampled from a larger store: load a fresh sample per round


@dataclass(frozen=True, slots=True)
class Asked:
    """How often a server was asked a question, and when last (unix seconds)."""

    times: int
    last: int


# ------------------------------------------------------------------------------------------ generation

Builder = Callable[[random.Random], Question | None]


@dataclass(frozen=True, slots=True)
class _Candidate:
    key: str
    kind: Kind
    subject: str  # the fact the question is about: it must not have been touched earlier in the round
    build: Builder


def generate(bank: Bank, count: int, topic: Topic | str = Topic.ALL, rng: random.Random | None = None,
             asked: Mapping[str, Asked] | None = None, *, blocked: Collection[str] = (),
             today: date | None = None) -> list[Question]:
    """Up to ``count`` questions on ``topic``: the least asked first, kinds in turn, no fact twice.

    Fewer come back when the topic has fewer facts than asked for (never more than the facts allow).
    Questions whose key is in ``blocked`` (reported as wrong, not yet resolved) are never asked. No wrong
    date lies after ``today`` (by default the real one).
    """
    rng = rng or random.Random()
    asked = asked or {}
    blocked = frozenset(blocked)
    facts = _Facts(bank, today or date.today())
    kinds = TOPIC_KINDS[Topic(topic)]
    pools: dict[Kind, list[tuple[tuple[int, int, float], _Candidate]]] = {}
    for kind in kinds:
        ranked = []
        for candidate in facts.candidates(kind):
            if candidate.key in blocked:
                continue
            seen = asked.get(candidate.key)
            ranked.append(((seen.times, seen.last, rng.random()) if seen else (0, 0, rng.random()), candidate))
        ranked.sort(key=lambda pair: pair[0])
        pools[kind] = ranked
    per_kind = dict.fromkeys(kinds, 0)
    used: set[str] = set()
    out: list[Question] = []
    while len(out) < count:
        open_kinds = [k for k in kinds if pools[k]]
        if not open_kinds:
            break
        kind = min(open_kinds, key=lambda k: (per_kind[k], pools[k][0][0][:2], rng.random()))
        _, candidate = pools[kind].pop(0)
        if candidate.subject in used:
            continue
        question = candidate.build(rng)
        if question is None or question.touches & used:
            continue
        used |= question.touches
        per_kind[kind] += 1
        out.append(question)
    return out


class _Facts:
    """Indexes over a bank, and one builder per candidate question."""

    def __init__(self, bank: Bank, today: date) -> None:
        self.bank, self.today = bank, today
        self.events = {e.key: e for e in bank.events}
        self.people = {p.key: p for p in bank.people}
        self.dated = [e for e in bank.events if e.when.span is not None]
        self.order = Order(bank.events)
        packs = {e.source.pack for e in self.dated}
        self.eras = {pack: era(s for e in self.dated if e.source.pack == pack and (s := e.when.span) is not None)
                     for pack in packs}
        self.countries = tuple(sorted({p.country for p in bank.people if p.country}))
        self._periods: dict[str, float | None] | None = None

    def candidates(self, kind: Kind) -> list[_Candidate]:
        out: list[_Candidate] = []
        if kind is Kind.WHEN:
            out = [_Candidate(f"when:{e.key}", kind, e.key, partial(self.when, e)) for e in self.dated]
        elif kind is Kind.WHAT:
            out = [_Candidate(f"what:{e.key}", kind, e.key, partial(self.what, e)) for e in self.dated]
        elif kind is Kind.FIRST:
            out = [_Candidate(f"first:{e.key}", kind, e.key, partial(self.first, e)) for e in self.bank.events
                   if self.order.known(e)]
        elif kind is Kind.WHO:
            out = [_Candidate(f"who:{p.key}", kind, p.key, partial(self.who_role, p)) for p in self.bank.people
                   if not mentions(p.role, p)]
            for e in self.bank.events:
                people = [self.people[r.key] for r in e.people if r.key in self.people]
                unnamed = [p for p in people if not mentions(e.title, p)]  # the title must not give them away
                if unnamed:
                    out.append(_Candidate(f"who:{e.key}", kind, e.key,
                                          partial(self.who_event, e, unnamed, len(unnamed) < len(people))))
        elif kind is Kind.FIGURE:
            out = [_Candidate(f"figure:{e.key}#{i}", kind, e.key, partial(self.figure, e, f))
                   for e in self.bank.events for i, f in enumerate(e.figures)]
        return out

    # -- dates ---------------------------------------------------------------------------------------

    def when(self, event: Event, rng: random.Random) -> Question | None:
        span = event.when.span
        era_of_pack = self.eras.get(event.source.pack)
        assert span is not None
        assert era_of_pack is not None
        picked = date_choices(span, rng, era_of_pack, self.today)
        if picked is None:
            return None
        options, answer = picked
        return Question(f"when:{event.key}", Kind.WHEN, "When did this happen?", event.title,
                        tuple(o.label for o in options), answer, event.summary, _first_quote(event.quotes),
                        event.source, frozenset({event.key}))

    def what(self, event: Event, rng: random.Random) -> Question | None:
        span = event.when.span
        assert span is not None
        others = [e for e in self.dated if e.key != event.key and e.when.span is not None
                  and not e.when.span.overlaps(span)]
        others.sort(key=lambda e: (abs((e.when.span.start - span.start).days), e.key))  # type: ignore[union-attr]
        titles = distinct([e.title for e in others], exclude=event.title)
        if len(titles) < CHOICES - 1:
            return None
        choices, answer = shuffled(rng, event.title, rng.sample(titles[:NEAREST], CHOICES - 1))
        # Two events of one date would make the same question twice: the date is touched too.
        return Question(f"what:{event.key}", Kind.WHAT, f"What happened {on(span)}?", None, choices, answer,
                        event.summary, _first_quote(event.quotes), event.source,
                        frozenset({event.key, f"date:{span.notation}"}))

    def first(self, event: Event, rng: random.Random) -> Question | None:
        later = [self.events[k] for k in self.order.later(event.key) if self.events[k].title != event.title]
        later.sort(key=lambda e: (self.order.not_before(e), e.key))
        nearest: list[Event] = []
        for other in later:
            if other.title not in {e.title for e in nearest}:
                nearest.append(other)
        if len(nearest) < CHOICES - 1:
            return None
        wrong = rng.sample(nearest[:NEAREST], CHOICES - 1)
        choices, answer = shuffled(rng, event.title, [e.title for e in wrong])
        # Only the answer is known to come before the others; their own order may be unknown.
        explanation = "\n".join([f"First: {event.title} — {_when(event)}",
                                  *(f"Later: {e.title} — {_when(e)}" for e in wrong)])
        return Question(f"first:{event.key}", Kind.FIRST, "Which of these came first?", None, choices, answer,
                        explanation, _first_quote(event.quotes), event.source,
                        frozenset({event.key, *(e.key for e in wrong)}))

    # -- people --------------------------------------------------------------------------------------

    @property
    def periods(self) -> dict[str, float | None]:
        """Each person's mean day of activity (an ordinal), None when none of their events has a time."""
        if self._periods is None:
            self._periods = {}
            for person in self.bank.people:
                days = [d.toordinal() for ref in person.events if ref.key in self.events
                        and (d := self.order.not_before(self.events[ref.key])) != date.max]
                self._periods[person.key] = sum(days) / len(days) if days else None
        return self._periods

    def _wrong_people(self, answer: Person, fair: Sequence[Person], rng: random.Random) -> list[str] | None:
        """Three names among ``fair``, the most plausible kind: every one of the answer's country (up to
        three, drawn from the most alike), then the most alike of the others."""
        ranked = alike(answer, fair, self.periods)
        mine = country_of(answer)
        same = distinct([p.name for p in ranked if mine is not None and country_of(p) == mine], exclude=answer.name)
        if len(same) >= CHOICES - 1:
            return rng.sample(same[: NEAREST - 1], CHOICES - 1)
        rest = distinct([p.name for p in ranked], exclude=answer.name)
        rest = [name for name in rest if name not in same]
        if len(same) + len(rest) < CHOICES - 1:
            return None
        return same + rng.sample(rest[: NEAREST - 1], CHOICES - 1 - len(same))

    def who_role(self, person: Person, rng: random.Random) -> Question | None:
        wrong = self._wrong_people(person, fair_for_role(person, self.bank.people, self.countries), rng)
        if wrong is None:
            return None
        choices, answer = shuffled(rng, person.name, wrong)
        return Question(f"who:{person.key}", Kind.WHO, "Who is described like this?", person.role, choices,
                        answer, person.summary, _first_quote(person.quotes), person.source,
                        frozenset({person.key}))

    def who_event(self, event: Event, people: Sequence[Person], others_named: bool,
                  rng: random.Random) -> Question | None:
        """"Who took part in <event>?" about the first of ``people`` (listed, not named by its title) who
        leaves enough fair wrong choices; "Who else…" when the title names others who took part."""
        prompt = "Who else took part in this?" if others_named else "Who took part in this?"
        for person in people:
            fair = fair_for_event(event, person, self.bank.people, self.countries)
            wrong = self._wrong_people(person, fair, rng) if fair is not None else None
            if wrong is None:
                continue
            choices, answer = shuffled(rng, person.name, wrong)
            quote = next((q for q in event.quotes if mentions(q.text, person)), _first_quote(event.quotes))
            return Question(f"who:{event.key}", Kind.WHO, prompt, event.title, choices, answer,
                            event.summary, quote, event.source, frozenset({event.key, person.key}))
        return None

    # -- figures -------------------------------------------------------------------------------------

    def figure(self, event: Event, figure: Figure, rng: random.Random) -> Question | None:
        picked = figure_choices(figure, rng)
        if picked is None:
            return None
        choices, answer = picked
        index = event.figures.index(figure)
        quote = next((q for q in event.quotes if fold(figure.text) in fold(q.text)), _first_quote(event.quotes))
        explanation = f"The source says “{figure.text}”: {figure.what}."
        # "more than 20,000" is true of more than 80,000 too: the question is which figure the source gives.
        about = FIGURE_ASKS if choices[0].split()[0] in BOUND_WORDS else None
        return Question(f"figure:{event.key}#{index}", Kind.FIGURE, _question(figure.ask), about, choices, answer,
                        explanation, quote, event.source, frozenset({event.key}))


FIGURE_ASKS = "Pick the figure the source gives."
BOUND_WORDS = frozenset("more over at upwards fewer less under up nearly almost about a several".split())

# ------------------------------------------------------------------------------------------- helpers


def _question(text: str) -> str:
    """A pack's question as a prompt: a capital first, a question mark last."""
    text = " ".join(text.split()).rstrip(" .")
    text = text[:1].upper() + text[1:]
    return text if text.endswith("?") else f"{text}?"


def _when(event: Event) -> str:
    """An event's time as the sources give it: "May 1923, after The first draft is refused"."""
    note = event.when.order_note
    return f"{event.when.label}, {note}" if note else event.when.label


def _first_quote(quotes: Sequence[Quote]) -> Quote | None:
    return quotes[0] if quotes else None
