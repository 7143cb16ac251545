"""Trivia questions generated from the facts: pure code, a seedable :class:`random.Random`, no I/O.

Five kinds, all from the packs:

* ``when``   – "When did this happen?" about an event; the four dates are at the event's own precision.
* ``what``   – "What happened on <date>?"; the wrong events never overlap that date.
* ``who``    – "Who is described as <role>?" or "Who took part in <event>?"; the wrong people are of the same
  kind (sharing words of their role, active at the same time) and never also fit.
* ``first``  – "Which of these came first?"; every wrong event is known to come strictly later.
* ``figure`` – the document's numbers ("How many…?"), the wrong numbers far enough from the source's.

Distractors are plausible (near in time, the same kind of person, the same order of magnitude) and never
also correct. Within a round no question repeats and no fact is asked twice (a question's ``touches``: the
facts its question or reveal gives away). Across rounds, :func:`generate` prefers the questions a server
has been asked least often, and longest ago, so a group sees every fact before any comes back.
"""

from __future__ import annotations

import calendar
import math
import random
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import partial

from facts.dates import DateSpan, Precision
from facts.models import Event, Figure, Person, Quote, Source
from facts.text import fold

CHOICES = 4
LETTERS = "ABCD"
NEAREST = 6  # distractors are drawn from this many nearest candidates


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
             asked: Mapping[str, Asked] | None = None, *, blocked: Collection[str] = ()) -> list[Question]:
    """Up to ``count`` questions on ``topic``: the least asked first, kinds in turn, no fact twice.

    Fewer come back when the topic has fewer facts than asked for (never more than the facts allow).
    Questions whose key is in ``blocked`` (reported as wrong, not yet resolved) are never asked.
    """
    rng = rng or random.Random()
    asked = asked or {}
    blocked = frozenset(blocked)
    facts = _Facts(bank)
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

    def __init__(self, bank: Bank) -> None:
        self.bank = bank
        self.events = {e.key: e for e in bank.events}
        self.people = {p.key: p for p in bank.people}
        self.dated = [e for e in bank.events if e.when.span is not None]
        self._earliest: dict[str, date | None] = {}

    def candidates(self, kind: Kind) -> list[_Candidate]:
        out: list[_Candidate] = []
        if kind is Kind.WHEN:
            out = [_Candidate(f"when:{e.key}", kind, e.key, partial(self.when, e)) for e in self.dated]
        elif kind is Kind.WHAT:
            out = [_Candidate(f"what:{e.key}", kind, e.key, partial(self.what, e)) for e in self.dated]
        elif kind is Kind.FIRST:
            out = [_Candidate(f"first:{e.key}", kind, e.key, partial(self.first, e)) for e in self.dated]
        elif kind is Kind.WHO:
            out = [_Candidate(f"who:{p.key}", kind, p.key, partial(self.who_role, p)) for p in self.bank.people
                   if not _mentions(p.role, p)]
            for e in self.bank.events:
                people = [self.people[r.key] for r in e.people if r.key in self.people]
                if people and not any(_mentions(e.title, p) for p in people):
                    out.append(_Candidate(f"who:{e.key}", kind, e.key, partial(self.who_event, e, people)))
        elif kind is Kind.FIGURE:
            out = [_Candidate(f"figure:{e.key}#{i}", kind, e.key, partial(self.figure, e, f))
                   for e in self.bank.events for i, f in enumerate(e.figures)]
        return out

    # -- dates ---------------------------------------------------------------------------------------

    def earliest(self, event: Event) -> date | None:
        """The earliest day ``event`` can have happened: its start, or its anchor's for an "after" event."""
        if event.key in self._earliest:
            return self._earliest[event.key]
        self._earliest[event.key] = None  # guards a (malformed) cycle of "after" anchors
        found: date | None = None
        if event.when.span is not None:
            found = event.when.span.start
        elif event.when.after_key in self.events:
            found = self.earliest(self.events[event.when.after_key])
        self._earliest[event.key] = found
        return found

    def when(self, event: Event, rng: random.Random) -> Question | None:
        span = event.when.span
        assert span is not None
        wrong = nearby_spans(span)[: NEAREST + 2]
        if len(wrong) < CHOICES - 1:
            return None
        picked = [s.label for s in rng.sample(wrong, CHOICES - 1)]
        choices, answer = _shuffled(rng, span.label, picked)
        return Question(f"when:{event.key}", Kind.WHEN, "When did this happen?", event.title, choices, answer,
                        event.summary, _first_quote(event.quotes), event.source, frozenset({event.key}))

    def what(self, event: Event, rng: random.Random) -> Question | None:
        span = event.when.span
        assert span is not None
        others = [e for e in self.dated if e.key != event.key and e.when.span is not None
                  and not e.when.span.overlaps(span)]
        others.sort(key=lambda e: (abs((e.when.span.start - span.start).days), e.key))  # type: ignore[union-attr]
        titles = _distinct([e.title for e in others], exclude=event.title)
        if len(titles) < CHOICES - 1:
            return None
        choices, answer = _shuffled(rng, event.title, rng.sample(titles[:NEAREST], CHOICES - 1))
        prompt = f"What happened {_on(span)}?"
        # Two events of one date would make the same question twice: the date is touched too.
        return Question(f"what:{event.key}", Kind.WHAT, prompt, None, choices, answer, event.summary,
                        _first_quote(event.quotes), event.source, frozenset({event.key, f"date:{span.notation}"}))

    def first(self, event: Event, rng: random.Random) -> Question | None:
        span = event.when.span
        assert span is not None
        later = []
        for other in self.bank.events:
            start = self.earliest(other)
            if other.key != event.key and start is not None and start > span.end and other.title != event.title:
                later.append((start, other))
        later.sort(key=lambda pair: (pair[0], pair[1].key))
        nearest: list[Event] = []
        for _, other in later:
            if other.title not in {e.title for e in nearest}:
                nearest.append(other)
        if len(nearest) < CHOICES - 1:
            return None
        wrong = rng.sample(nearest[:NEAREST], CHOICES - 1)
        choices, answer = _shuffled(rng, event.title, [e.title for e in wrong])
        in_order = sorted([event, *wrong], key=lambda e: (self.earliest(e) or date.max, e.key))
        explanation = "\n".join(f"{e.when.label}: {e.title}" for e in in_order)
        return Question(f"first:{event.key}", Kind.FIRST, "Which of these came first?", None, choices, answer,
                        explanation, _first_quote(event.quotes), event.source,
                        frozenset({event.key, *(e.key for e in wrong)}))

    # -- people --------------------------------------------------------------------------------------

    def _period(self, person: Person) -> float | None:
        days = [d.toordinal() for ref in person.events
                if ref.key in self.events and (d := self.earliest(self.events[ref.key])) is not None]
        return sum(days) / len(days) if days else None

    def _same_kind(self, person: Person, exclude: set[str], *, fits: frozenset[str] = frozenset()) -> list[Person]:
        """Other people, the most alike first: sharing words of ``person``'s role, then active nearest in time.

        People whose role contains every word in ``fits`` are left out: they would fit the description too.
        """
        words, when = role_words(person.role), self._period(person)
        alike = []
        for other in self.bank.people:
            if other.key in exclude or other.key == person.key or other.name == person.name:
                continue
            other_words = role_words(other.role)
            if fits and fits <= other_words:
                continue
            other_when = self._period(other)
            distance = abs(when - other_when) if when is not None and other_when is not None else math.inf
            alike.append((-len(words & other_words), distance, other.key, other))
        alike.sort(key=lambda row: row[:3])
        return [row[3] for row in alike]

    def who_role(self, person: Person, rng: random.Random) -> Question | None:
        words = role_words(person.role)
        events = {ref.key for ref in person.events}
        # Someone who shares an event and is described alike could fit the role too (Rusk, beside Bonesteel,
        # also drafted General Order No. 1): leave them out.
        close = {p.key for p in self.bank.people
                 if events & {ref.key for ref in p.events} and len(words & role_words(p.role)) >= 2}
        others = [p for p in self._same_kind(person, close, fits=words) if fold(p.role) != fold(person.role)]
        names = _distinct([p.name for p in others], exclude=person.name)
        if len(names) < CHOICES - 1:
            return None
        choices, answer = _shuffled(rng, person.name, rng.sample(names[: NEAREST - 1], CHOICES - 1))
        return Question(f"who:{person.key}", Kind.WHO, "Who is described like this?", person.role, choices,
                        answer, person.summary, _first_quote(person.quotes), person.source,
                        frozenset({person.key}))

    def who_event(self, event: Event, people: Sequence[Person], rng: random.Random) -> Question | None:
        person = people[0]
        others = self._same_kind(person, {p.key for p in people})
        names = _distinct([p.name for p in others], exclude=person.name)
        if len(names) < CHOICES - 1:
            return None
        choices, answer = _shuffled(rng, person.name, rng.sample(names[: NEAREST - 1], CHOICES - 1))
        quote = next((q for q in event.quotes if _mentions(q.text, person)), _first_quote(event.quotes))
        return Question(f"who:{event.key}", Kind.WHO, "Who took part in this?", event.title, choices, answer,
                        event.summary, quote, event.source, frozenset({event.key, person.key}))

    # -- figures -------------------------------------------------------------------------------------

    def figure(self, event: Event, figure: Figure, rng: random.Random) -> Question | None:
        wrong = figure_options(figure)
        if len(wrong) < CHOICES - 1:
            return None
        index = event.figures.index(figure)
        choices, answer = _shuffled(rng, figure.value_label, rng.sample(wrong[: NEAREST - 1], CHOICES - 1))
        quote = next((q for q in event.quotes if fold(figure.text) in fold(q.text)), _first_quote(event.quotes))
        explanation = f"The source says “{figure.text}”: {figure.what}."
        return Question(f"figure:{event.key}#{index}", Kind.FIGURE, figure.ask, None, choices, answer,
                        explanation, quote, event.source, frozenset({event.key}))


# ---------------------------------------------------------------------------------------- distractors

_DAY_STEPS = (1, 2, 3, 4, 5, 6, 7, 10, 14, 21, 30)
_STEPS: dict[Precision, tuple[int, ...]] = {
    Precision.DAY: _DAY_STEPS,
    Precision.MONTH: (1, 2, 3, 4, 5, 6, 9, 12),
    Precision.SEASON: (1, 2, 3, 4, 5, 6),
    Precision.YEAR: (1, 2, 3, 4, 5, 6, 8, 10),
    Precision.DECADE: (1, 2, 3, 4, 5),
}
_RANGE_EXTRA: dict[Precision, tuple[int, ...]] = {
    Precision.DAYS: (0, 1, 2, 3, 5, 7, 14, 30),
    Precision.MONTHS: (0, 1, 2, 3, 4, 6),
    Precision.YEARS: (0, 1, 2, 3, 5),
}


def nearby_spans(span: DateSpan) -> list[DateSpan]:
    """Wrong dates for "when", nearest first: the same precision and length, none overlapping ``span``."""
    if span.precision in _RANGE_EXTRA:
        length = _length(span)
        steps = tuple(length + extra for extra in _RANGE_EXTRA[span.precision])
    else:
        steps = _STEPS[span.precision]
    out: list[DateSpan] = []
    labels = {span.label}
    for step in steps:
        for sign in (-1, 1):
            shifted = _shift(span, sign * step)
            if shifted is None or shifted.overlaps(span) or shifted.label in labels:
                continue
            labels.add(shifted.label)
            out.append(shifted)
    return out


def _length(span: DateSpan) -> int:
    """The span's length in its own unit (days, months or years)."""
    s, e = span.start, span.end
    if span.precision is Precision.DAYS:
        return (e - s).days + 1
    if span.precision is Precision.MONTHS:
        return (e.year - s.year) * 12 + e.month - s.month + 1
    return e.year - s.year + 1


def _shift(span: DateSpan, step: int) -> DateSpan | None:
    """``span`` moved by ``step`` of its unit (a season is three months, a decade ten years)."""
    s, e, p = span.start, span.end, span.precision
    try:
        if p in (Precision.DAY, Precision.DAYS):
            return DateSpan(s + timedelta(days=step), e + timedelta(days=step), p)
        if p in (Precision.MONTH, Precision.MONTHS, Precision.SEASON):
            months = step * 3 if p is Precision.SEASON else step
            start, last = _add_months(s, months), _add_months(e, months)
            end = date(last.year, last.month, calendar.monthrange(last.year, last.month)[1])
            return DateSpan(start, end, p)
        years = step * 10 if p is Precision.DECADE else step
        return DateSpan(date(s.year + years, 1, 1), date(e.year + years, 12, 31), p)
    except (ValueError, OverflowError):
        return None


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


_LOWER_BOUND = re.compile(r"\b(more than|over|at least|upwards of)\b", re.IGNORECASE)
_UPPER_BOUND = re.compile(r"\b(fewer than|less than|under|up to|at most|nearly|almost)\b", re.IGNORECASE)
_APPROXIMATE = re.compile(r"\b(about|some|around|roughly|approximately|nearly|almost|between|over|more than|"
                          r"at least|several|a few|up to)\b", re.IGNORECASE)
_FACTORS = (0.5, 2, 1 / 3, 3, 0.25, 4, 0.2, 5, 0.1, 10, 0.125, 8)
SMALL = 12


def figure_options(figure: Figure) -> list[str]:
    """Wrong numbers for a figure, the most plausible first.

    None is the source's number or near it: a figure given as "more than N" only gets smaller wrong
    numbers (any larger one would be "more than N" too), "up to N" only larger ones, and an approximate
    figure ("about", "some", a range) keeps wrong numbers at least 1.5 times away (or 2 away when small).
    """
    low, high, text = figure.low, figure.high, figure.text
    approximate = bool(_APPROXIMATE.search(text)) or low != high
    below_only, above_only = bool(_LOWER_BOUND.search(text)), bool(_UPPER_BOUND.search(text))
    right = figure.value_label
    labels: list[str] = []
    if high <= SMALL:
        margin = 1 if approximate else 0
        numbers = [n for n in range(1, max(10, 2 * high + 4))
                   if not low - margin <= n <= high + margin
                   and not (below_only and n > low) and not (above_only and n < high)]
        numbers.sort(key=lambda n: (max(low - n, n - high), n))
        labels = [f"{n:,}" for n in numbers]
    else:
        for factor in _FACTORS:
            if (below_only and factor > 1) or (above_only and factor < 1):
                continue
            a, b = _nice(low * factor), _nice(high * factor)
            far = b < low / 1.5 or a > high * 1.5 if approximate else b < low or a > high
            if a >= 1 and far:
                labels.append(f"{a:,}" if a == b else f"{a:,}–{b:,}")
    return _distinct(labels, exclude=right)


def _nice(value: float) -> int:
    """``value`` rounded as a person would quote it: whole below 100, else to two significant digits."""
    if value < 100:
        return max(1, math.floor(value + 0.5))
    unit = 10 ** (math.floor(math.log10(value)) - 1)
    return int(math.floor(value / unit + 0.5) * unit)


# ------------------------------------------------------------------------------------------- helpers

_ROLE_STOP = frozenset("a an and as by for from her his in into is it its of on or that the their to was "
                       "were who whose with".split())
_ROLE_SAME = {"chinese": "china", "korean": "korea", "american": "us", "u.s.": "us", "u.s": "us",
              "russian": "soviet", "russia": "soviet", "ussr": "soviet", "japanese": "japan"}


def role_words(role: str) -> frozenset[str]:
    """The meaningful words of a role, demonyms folded ("Chinese" and "China's" are both "china")."""
    words = set()
    for raw in re.findall(r"[a-z0-9.'’]+", role.casefold()):
        word = re.sub(r"['’]s$", "", raw).strip(".'’")
        if word and word not in _ROLE_STOP:
            words.add(_ROLE_SAME.get(word, word))
    return frozenset(words)


def _mentions(text: str, person: Person) -> bool:
    """Whether ``text`` names ``person`` (by name or any alias, as whole words)."""
    folded = f" {' '.join(re.findall(r'[a-z0-9]+', fold(text)))} "
    for name in (person.name, *person.aliases):
        words = " ".join(re.findall(r"[a-z0-9]+", fold(name)))
        if words and f" {words} " in folded:
            return True
    return False


def _on(span: DateSpan) -> str:
    if span.precision in (Precision.DAY, Precision.DAYS):
        return f"on {span.label}"
    return f"in {span.label}"


def _first_quote(quotes: Sequence[Quote]) -> Quote | None:
    return quotes[0] if quotes else None


def _distinct(items: Sequence[str], *, exclude: str) -> list[str]:
    """``items`` without repeats (case-insensitively) and without anything equal to ``exclude``."""
    seen = {fold(exclude)}
    out = []
    for item in items:
        if fold(item) not in seen:
            seen.add(fold(item))
            out.append(item)
    return out


def _shuffled(rng: random.Random, right: str, wrong: Sequence[str]) -> tuple[tuple[str, ...], int]:
    """The right choice and the wrong ones in random order, and where the right one landed."""
    items = [right, *wrong]
    order = list(range(len(items)))
    rng.shuffle(order)
    return tuple(items[i] for i in order), order.index(0)
