"""A bulk audit of trivia: thousands of generated questions, each invariant of a fair question measured.

A fair player must not be able to game a question: the right answer sits at any position (and any rank,
when the choices are dates or numbers) as often as another, no wrong choice is arguably right, and no
choice gives the answer away by its form (a bound the others lack, a nationality the prompt names, a date
outside the era). The audit generates rounds over many seeds and every topic from the shipped pack's
bank and from a synthetic bank that has every date precision, anchored and undated events, people without
a country and bounded figures; every check is pack-agnostic and uses its own reading of the facts, not the
generator's code.

``python -m tests.facts.test_trivia_audit`` prints the figures per defect class.
"""

from __future__ import annotations

import asyncio
import math
import random
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest

from facts.dates import DateSpan, Precision, parse_span
from facts.models import Event, Figure, Person, PersonRef, Quote, Source, When
from facts.text import fold
from facts.trivia.questions import Bank, Kind, Question, Topic, generate

SHIPPED_SEEDS = range(120)
SYNTHETIC_SEEDS = range(80)
TOPICS = (Topic.ALL, Topic.DATES, Topic.PEOPLE, Topic.FIGURES)
CHOICES = 4
WINDOW_UNITS = 3  # a wrong date may lie up to three of the answer's own lengths beyond the pack's dates
FAR_BOUND = 2.0  # options in one bound's wording ("more than N") at least this factor apart
FAR_ABOUT = 1.5  # approximate options ("about N") at least this factor apart
EXTREME = 0.65  # no figure's answer at one end of its options in more of its questions than this
# chi-square critical values at p = 0.001 (a kind) and p = 0.00001 (one of many question keys), by dof
CHI_KIND = {1: 10.83, 2: 13.82, 3: 16.27}
CHI_KEY = {1: 19.51, 2: 23.03, 3: 25.90}
MIN_PER_KEY = 30


# ------------------------------------------------------------------------------------- the synthetic bank

SYNTH = Source("synthetic", "A synthetic history of the treaty years", "Synthetic test document")


def _span(text: str | None) -> DateSpan | None:
    return parse_span(text) if text else None


def synthetic_bank() -> Bank:
    """A small invented history with every precision, anchors both ways, an undated event, bounded and
    approximate figures, quotes that name people the event does not list, and people without a country."""
    people_rows = [
        # key, name, aliases, role, country
        ("duval", "Henri Duval", ("Duval",), "French foreign minister who signed the Northern Accord", "France"),
        ("lefort", "Marie Lefort", ("Lefort",), "French ambassador to the Geneva talks", "France"),
        ("girard", "Paul Girard", ("Girard",), "French general who held the river forts", "France"),
        ("benoit", "Louis Benoit", ("Benoit",), "French prime minister during the crisis", "France"),
        ("roche", "Claire Roche", ("Roche",), "French treasury official who priced the loans", "France"),
        ("pemberton", "Arthur Pemberton", ("Pemberton",), "British foreign secretary", "United Kingdom"),
        ("crane", "Edith Crane", ("Crane",), "British diplomat who drafted the naval clauses", "United Kingdom"),
        ("hale", "George Hale", ("Admiral Hale", "Hale"), "Admiral of the Channel squadron", "United Kingdom"),
        ("adler", "Karl Adler", ("Adler",), "German chancellor who refused the first draft", "Germany"),
        ("brandt", "Otto Brandt", ("Brandt",), "German general who commanded the Rhine army", None),
        ("keller", "Fritz Keller", ("Keller",), "German banker who arranged the loans", "Germany"),
        ("vogel", "Greta Vogel", ("Vogel",), "Mayor of the border town of Stahlberg", "Germany"),
        ("weiss", "Anna Weiss", ("Weiss",), "Journalist who reported the Geneva talks", None),
        ("rossi", "Carlo Rossi", ("Rossi",), "Italian envoy who mediated the last round", "Italy"),
    ]
    event_rows = [
        # key, span, (relation, anchor), title, summary, people, places, figures, quotes
        ("border_clash", "1919-11-20", None, "A clash at the river forts",
         "Soldiers fired across the river at dawn; the forts held.", ("girard",), ("Rhine",),
         (Figure(12000, 12000, "more than 12,000", "soldiers at the forts", "How many soldiers held the forts?"),),
         ("On November 20, 1919, soldiers fired across the river at dawn.",)),
        ("accord_signed", "1920-03-15", None, "The Northern Accord is signed",
         "The accord was signed in a hall on the lake; the British observers watched.", ("duval",), ("Lakeside",),
         (Figure(300, 300, "fewer than 300", "delegates present", "How many delegates were present?"),),
         ("On March 15, 1920, Henri Duval signed the Northern Accord while British observers watched.",)),
        ("geneva_talks", "1921-07-01/1921-07-03", None, "Three days of talks on the lake",
         "Delegates met for three days; Lefort spoke for the government.", ("lefort",), ("Geneva",),
         (Figure(40, 40, "about 40", "delegations", "How many delegations came to the talks?"),),
         ("Marie Lefort spoke for the government at the three-day talks in July 1921.",)),
        ("naval_clauses", "1922-06-29/1922-07-02", None, "The naval clauses are drafted",
         "Edith Crane drafted the naval clauses over a long weekend.", ("crane",), ("Portsmouth",), (),
         ("Edith Crane drafted the naval clauses between June 29 and July 2, 1922.",)),
        ("first_draft_refused", "1923-05", None, "The first draft is refused",
         "The chancellor refused the first draft of the treaty.", ("adler",), ("Berlin",), (),
         ("In May 1923 the chancellor refused the first draft.",)),
        ("refusal_answered", "1923-05", ("after", "first_draft_refused"), "An answer to the refusal is sent",
         "An answer to the refusal was sent later that month.", (), (), (),
         ("Later that month an answer was sent.",)),
        ("loans_priced", "1924-03/1924-06", None, "The reconstruction loans are priced",
         "Bankers priced the loans over four months; some 2,500 bonds were sold.", ("keller", "roche"), (),
         (Figure(2500, 2500, "some 2,500", "bonds sold", "How many bonds were sold?"),),
         ("From March to June 1924 some 2,500 bonds were sold.",)),
        ("long_strike", "1925-10/1926-04", None, "A long strike at the ports",
         "Dockers struck for seven months; between 200 and 300 ships lay idle.", (), ("Docklands",),
         (Figure(200, 300, "between 200 and 300", "ships idle", "How many ships lay idle in the strike?"),),
         ("Between 200 and 300 ships lay idle from October 1925 to April 1926.",)),
        ("spring_offensive", "spring 1927", None, "A spring offensive on the river",
         "The Rhine army attacked in the spring; at least 7 bridges fell.", ("brandt",), (),
         (Figure(7, 7, "at least 7", "bridges taken", "How many bridges fell in the spring offensive?"),),
         ("In the spring of 1927 the army attacked and at least 7 bridges fell.",)),
        ("hard_winter", "winter 1928-29", None, "A hard winter closes the passes",
         "Snow closed the passes for the whole winter; tens of thousands were cut off.", (), ("Alps",),
         (Figure(10000, 10000, "tens of thousands", "people cut off", "How many people were cut off by the snow?",
                 magnitude=True),),
         ("The winter of 1928-29 closed the passes.",)),
        ("channel_review", "1930", None, "The Channel squadron is reviewed",
         "Admiral Hale reviewed the squadron: 3 ships were found unfit.", ("hale",), ("Channel",),
         (Figure(3, 3, "3 ships", "ships found unfit", "How many ships were found unfit?"),),
         ("In 1930 Admiral Hale found 3 ships unfit.",)),
        ("mediation", "1931-33", None, "Rossi mediates the last round",
         "The envoy mediated for three years; nearly 1,000 letters were exchanged.", ("rossi",), (),
         (Figure(1000, 1000, "nearly 1,000", "letters exchanged", "How many letters were exchanged?"),),
         ("Nearly 1,000 letters were exchanged from 1931 to 1933.",)),
        ("town_rebuilt", "1934", None, "The border town is rebuilt",
         "The mayor rebuilt the town; 1,200 houses went up. French and German engineers helped.", ("vogel",),
         ("Stahlberg",), (Figure(1200, 1200, "1,200", "houses built", "How many houses were built?"),),
         ("In 1934 the mayor had 1,200 houses built.",)),
        ("crisis_cabinet", "1936-02-10", None, "A crisis cabinet meets at night",
         "The prime minister called his ministers at night; Duval was absent.", ("benoit",), (), (),
         ("On February 10, 1936, the prime minister called his ministers; Duval was absent.",)),
        ("archives_opened", "1940s", None, "The first archives are opened",
         "The first archives of the treaty years were opened in the 1940s.", (), (), (),
         ("The first archives were opened in the 1940s.",)),
        ("papers_digitised", "2000s", None, "The papers are digitised",
         "The papers were digitised in the 2000s.", (), (), (),
         ("The papers were digitised in the 2000s.",)),
        ("secret_meeting", None, ("before", "accord_signed"), "A secret meeting before the accord",
         "Before the accord, envoys met in secret.", ("pemberton",), (), (),
         ("Before the accord, envoys met in secret.",)),
        ("envoys_report", None, ("after", "secret_meeting"), "The envoys report to their capitals",
         "After the secret meeting the envoys reported home.", (), (), (),
         ("After the secret meeting the envoys reported home.",)),
        ("ratification", None, ("after", "accord_signed"), "The accord is ratified",
         "After the signing, the parliaments ratified the accord.", (), (), (),
         ("The parliaments ratified the accord.",)),
        ("rumour", None, None, "A rumour of a second treaty",
         "A rumour of a second treaty went round; its date is unknown.", ("weiss",), (), (),
         ("A rumour of a second treaty went round.",)),
    ]
    titles = {row[0]: row[3] for row in event_rows}
    spans = {row[0]: _span(row[1]) for row in event_rows}
    events = []
    for key, _, anchor, title, summary, people, places, figures, quotes in event_rows:
        span = spans[key]
        when = When(span)
        if anchor is not None:
            relation, anchor_key = anchor
            anchor_span = spans[anchor_key]
            when = When(span, f"synthetic/{anchor_key}", titles[anchor_key],
                        anchor_span.label if anchor_span else None, relation)
        names = {row[0]: row[1] for row in people_rows}
        events.append(Event(f"synthetic/{key}", title, summary, when,
                            tuple(PersonRef(f"synthetic/{p}", names[p]) for p in people), places, (), figures,
                            tuple(Quote(q, i + 1) for i, q in enumerate(quotes)), SYNTH))
    events.sort(key=lambda e: (e.when.span.start if e.when.span else date.max, e.key))
    people = []
    for key, name, aliases, role, country in people_rows:
        refs = tuple(e.ref for e in events if f"synthetic/{key}" in {r.key for r in e.people})
        quote = next((q for e in events for q in e.quotes if name in q.text), Quote(f"{name} was there.", 1))
        people.append(Person(f"synthetic/{key}", name, aliases, role, f"{name}: {role}.", (quote,), refs, SYNTH,
                             country))
    return Bank(tuple(events), tuple(people))


# ---------------------------------------------------------------------------------- the audit's own reading

_COUNTRY_NAMES = {
    "united states": "united states", "usa": "united states", "us": "united states", "america": "united states",
    "soviet union": "soviet union", "ussr": "soviet union", "russia": "soviet union",
    "united kingdom": "britain", "uk": "britain", "great britain": "britain", "britain": "britain",
    "england": "britain",
}
_KOREA = frozenset({"korea", "north korea", "south korea"})
# What a text says about countries: a demonym, a country's name, its capital or a place inside it.
_COUNTRY_TEXT: list[tuple[re.Pattern[str], frozenset[str]]] = [
    (re.compile(r"\bU\.\s?S\.(?:A\.)?|\bUSA?\b"), frozenset({"united states"})),
    (re.compile(r"\b(?:united states|americans?|america|washington)\b", re.I), frozenset({"united states"})),
    (re.compile(r"\b(?:soviets?|soviet union|ussr|russians?|russia|moscow|kremlin)\b", re.I),
     frozenset({"soviet union"})),
    (re.compile(r"\b(?:china|chinese|beijing|peking|pla|kmt|manchuria|taiwan|yalu)\b", re.I), frozenset({"china"})),
    (re.compile(r"\b(?:north korea(?:ns?|s)?|pyongyang)\b", re.I), frozenset({"north korea", "korea"})),
    (re.compile(r"\b(?:south korea(?:ns?|s)?|s korea|seoul|pusan)\b", re.I), frozenset({"south korea", "korea"})),
    (re.compile(r"\b(?:korea(?:ns?|s)?|38th parallel)\b", re.I), _KOREA),
    (re.compile(r"\b(?:japan|japanese|hiroshima|nagasaki|tokyo|okinawa)\b", re.I), frozenset({"japan"})),
    (re.compile(r"\b(?:france|french|paris)\b", re.I), frozenset({"france"})),
    (re.compile(r"\b(?:germany|germans?|berlin)\b", re.I), frozenset({"germany"})),
    (re.compile(r"\b(?:britain|british|england|english|london|united kingdom)\b", re.I), frozenset({"britain"})),
    (re.compile(r"\b(?:italy|italians?|rome)\b", re.I), frozenset({"italy"})),
    (re.compile(r"\b(?:philippines|filipinos?)\b", re.I), frozenset({"philippines"})),
]


def countries_in(text: str) -> frozenset[str]:
    """Every country ``text`` implies ("North Korean" is North Korea; "Korea" either Korea)."""
    found: set[str] = set()
    for pattern, countries in _COUNTRY_TEXT:
        for m in pattern.finditer(text):
            if countries is _KOREA and re.search(r"\b(?:north|south|s)\s+$", text[: m.start()], re.I):
                continue
            found |= countries
    return frozenset(found)


def country_of(person: Person) -> str | None:
    """The person's country, else the one country their role names, else None (unknown)."""
    if person.country:
        name = person.country.casefold().strip()
        return _COUNTRY_NAMES.get(name, name)
    named = countries_in(person.role) - {"korea"}
    return next(iter(named)) if len(named) == 1 else None


def in_countries(country: str | None, countries: frozenset[str]) -> bool | None:
    """Whether ``country`` is among ``countries`` (None when the person's country is unknown)."""
    if country is None:
        return None
    return country in countries or (country == "korea" and bool(countries & _KOREA))


def names(text: str, person: Person) -> bool:
    padded = f" {' '.join(re.findall(r'[a-z0-9]+', fold(text)))} "
    return any(f" {' '.join(re.findall(r'[a-z0-9]+', fold(n)))} " in padded for n in (person.name, *person.aliases))


_STOP = frozenset("a an and as by for from her his in into is it its of on or that the their to was were who "
                  "whose with".split())


def role_words(role: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z0-9]+", role.casefold().replace("'s", "")) if w not in _STOP)


def event_text(event: Event) -> str:
    return " ".join([event.title, event.summary, *(q.text for q in event.quotes), *event.places])


def known_later(bank: Bank) -> dict[str, set[str]]:
    """For each event, every event known to come after it: by spans that do not overlap, by ``after``/
    ``before`` anchors, and by chains of these; nothing else (an "after X" event's own time is unknown)."""
    later: dict[str, set[str]] = {e.key: set() for e in bank.events}
    dated = [e for e in bank.events if e.when.span is not None]
    for a in dated:
        for b in dated:
            if a.when.span.end < b.when.span.start:  # type: ignore[union-attr]
                later[a.key].add(b.key)
    for e in bank.events:
        if e.when.after_key in later:
            later[e.when.after_key].add(e.key)
        if e.when.before_key in later:
            later[e.key].add(e.when.before_key)
    changed = True
    while changed:  # transitive closure (banks are small)
        changed = False
        for key, after in later.items():
            grown = set().union(after, *(later[k] for k in after))
            if grown != after:
                later[key] = grown
                changed = True
    return later


# ------------------------------------------------------------------------------------------ figures

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?(?:\s*million)?")
_BOUND_WORDS = {
    "lower": re.compile(r"\b(?:more than|over|at least|upwards of)\b", re.I),
    "upper": re.compile(r"\b(?:fewer than|less than|under|up to|at most|nearly|almost)\b", re.I),
}
_ABOUT_WORDS = re.compile(r"\b(?:about|some|around|roughly|approximately|several)\b", re.I)


_MAGNITUDE_WORDS = {"dozen": 10, "dozens": 10, "ten": 10, "tens": 10, "hundred": 100, "hundreds": 100,
                    "thousand": 1000, "thousands": 1000, "million": 10**6, "millions": 10**6, "billion": 10**9,
                    "billions": 10**9}


def numbers_of(text: str) -> tuple[float, float]:
    """The number(s) an option gives: "more than 80,000", "30,000–40,000", "a few tens of thousands"."""
    if not re.search(r"\d", text):
        value = math.prod(_MAGNITUDE_WORDS[w] for w in text.casefold().split() if w in _MAGNITUDE_WORDS)
        assert value > 1, text
        return value, value
    found = []
    for raw in _NUMBER.findall(text):
        value = float(raw.replace("million", "").replace(",", "").strip())
        found.append(value * 1_000_000 if "million" in raw else value)
    assert found, text
    return found[0], found[-1]


def bound_of(text: str) -> str | None:
    for name, pattern in _BOUND_WORDS.items():
        if pattern.search(text):
            return name
    return None


def wording(option: str) -> str:
    """An option without its numbers: "more than 80,000" and "more than 20,000" share one wording."""
    return " ".join(_NUMBER.sub("#", option).casefold().split())


def figure_free_below(figure: Figure) -> int:
    """How many whole-number options can lie below the figure (only few for "2" or "about 3"), or orders
    of magnitude from tens up below "a few thousand"."""
    if figure.magnitude:
        return min(3, round(math.log10(figure.low)) - 1)
    if figure.low >= 20:
        return 3
    apart = FAR_BOUND if bound_of(figure.text) else FAR_ABOUT if _ABOUT_WORDS.search(figure.text) else 1.0
    below, top = 0, figure.low
    for n in range(figure.low - 1, 0, -1):
        if top / n >= apart and (apart == 1.0 or top - n >= 1):
            below, top = below + 1, n
    return min(3, below)


# --------------------------------------------------------------------------------------------- dates

def length_of(span: DateSpan) -> int:
    """The span's length in its own unit (days, months or years), for options of the same length."""
    s, e = span.start, span.end
    if span.precision in (Precision.DAY, Precision.DAYS):
        return (e - s).days + 1
    if span.precision in (Precision.MONTH, Precision.MONTHS, Precision.SEASON):
        return (e.year - s.year) * 12 + e.month - s.month + 1
    return e.year - s.year + 1


_UNIT = {Precision.DAY: "d", Precision.DAYS: "d", Precision.MONTH: "m", Precision.MONTHS: "m",
         Precision.SEASON: "s", Precision.YEAR: "y", Precision.YEARS: "y", Precision.DECADE: "c"}


def _move(day: date, span: DateSpan, lengths: int) -> date:
    """``day`` moved by ``lengths`` of the answer's own length, in its unit (days, months or years)."""
    if span.precision in (Precision.DAY, Precision.DAYS):
        return day + timedelta(days=lengths * length_of(span))
    if span.precision in (Precision.MONTH, Precision.MONTHS, Precision.SEASON):
        index = day.year * 12 + day.month - 1 + lengths * length_of(span)
        first = date(index // 12, index % 12 + 1, 1)
        if lengths < 0:
            return first
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return following - timedelta(days=1)
    years = lengths * length_of(span)
    return date(day.year + years, 1, 1) if lengths < 0 else date(day.year + years, 12, 31)


def pack_window(bank: Bank, pack: str, span: DateSpan) -> tuple[date, date]:
    """The era a wrong date must lie in: the pack's dates, widened by three lengths of the answer."""
    spans = [e.when.span for e in bank.events if e.when.span is not None and e.source.pack == pack]
    first, last = min(s.start for s in spans), max(s.end for s in spans)
    return _move(first, span, -WINDOW_UNITS), _move(last, span, WINDOW_UNITS)


def date_free(bank: Bank, event: Event, today: date) -> tuple[int, int]:
    """How many whole lengths of the answer fit below and above it in the era (each at most three)."""
    span = event.when.span
    assert span is not None
    low, high = pack_window(bank, event.source.pack, span)
    high = min(high, today)
    below = sum(1 for k in range(1, 4) if _move(span.start, span, -k) >= low)
    above = sum(1 for k in range(1, 4) if _move(span.end, span, k) <= high)
    return below, above


_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"


def expected_on(span: DateSpan) -> str:
    """How "What happened …?" reads at each precision, written out independently of the generator."""
    s, e = span.start, span.end
    month = lambda d: d.strftime("%B")  # noqa: E731
    match span.precision:
        case Precision.DAY:
            return f"on {month(s)} {s.day}, {s.year}"
        case Precision.DAYS if (s.year, s.month) == (e.year, e.month):
            return f"on {month(s)} {s.day}–{e.day}, {s.year}"
        case Precision.DAYS if s.year == e.year:
            return f"between {month(s)} {s.day} and {month(e)} {e.day}, {s.year}"
        case Precision.DAYS:
            return f"between {month(s)} {s.day}, {s.year} and {month(e)} {e.day}, {e.year}"
        case Precision.MONTH:
            return f"in {month(s)} {s.year}"
        case Precision.MONTHS if s.year == e.year:
            return f"between {month(s)} and {month(e)} {s.year}"
        case Precision.MONTHS:
            return f"between {month(s)} {s.year} and {month(e)} {e.year}"
        case Precision.SEASON:
            name = {3: "spring", 6: "summer", 9: "autumn", 12: "winter"}[s.month]
            year = f"{s.year}–{e.year % 100:02d}" if name == "winter" else str(s.year)
            return f"in the {name} of {year}"
        case Precision.YEAR:
            return f"in {s.year}"
        case Precision.YEARS:
            return f"between {s.year} and {e.year}"
        case Precision.DECADE:
            return f"in the {s.year}s"
    raise AssertionError(span.precision)


# ------------------------------------------------------------------------------------------- the audit

@dataclass
class Finding:
    """One defect class: how many things were checked, how many were defective (by bank), a few examples."""

    name: str
    unit: str = "questions"
    checks: Counter[str] = field(default_factory=Counter)
    faults: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)
    bank: str = ""  # the bank now being audited

    def check(self, ok: bool, example: Callable[[], str] | str = "") -> None:
        self.checks[self.bank] += 1
        if not ok:
            self.faults[self.bank] += 1
            if len(self.examples) < 5:
                self.examples.append(example() if callable(example) else example)

    @property
    def checked(self) -> int:
        return sum(self.checks.values())

    @property
    def defects(self) -> int:
        return sum(self.faults.values())

    @property
    def rate(self) -> float:
        return self.defects / self.checked if self.checked else 0.0

    def line(self) -> str:
        banks = "  ".join(f"{b}: {self.faults[b]}/{n}" for b, n in sorted(self.checks.items()) if b)
        return f"{self.name:<58} {self.defects:>6} / {self.checked:<6} {self.unit:<10} {self.rate:7.1%}   {banks}"


@dataclass
class Positions:
    """Where answers landed (observed) against where a fair generator puts them (expected), by position."""

    observed: list[int] = field(default_factory=lambda: [0] * CHOICES)
    expected: list[float] = field(default_factory=lambda: [0.0] * CHOICES)

    def add(self, position: int, possible: Iterable[int] = range(CHOICES)) -> None:
        possible = list(possible)
        self.observed[position] += 1
        for p in possible:
            self.expected[p] += 1 / len(possible)

    @property
    def total(self) -> int:
        return sum(self.observed)

    def chi2(self) -> tuple[float, int]:
        cells = [(o, e) for o, e in zip(self.observed, self.expected, strict=True) if e > 0]
        stray = sum(o for o, e in zip(self.observed, self.expected, strict=True) if e == 0)
        if stray:
            return math.inf, max(1, len(cells) - 1)
        return sum((o - e) ** 2 / e for o, e in cells), len(cells) - 1

    def shares(self) -> str:
        return " ".join(f"{o / self.total:5.1%}" if self.total else "  -  " for o in self.observed)


class Audit:
    """Every check over every question; ``findings`` by class, ``positions`` by kind and order."""

    def __init__(self, banks: dict[str, Bank], questions: list[tuple[str, Question]], today: date) -> None:
        self.banks, self.questions, self.today = banks, questions, today
        self.findings: dict[str, Finding] = {}
        self.positions: dict[tuple[str, str, str], Positions] = defaultdict(Positions)  # bank, kind, order
        self.by_key: dict[tuple[str, str], Positions] = defaultdict(Positions)
        self.figure_ends: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        self.later = {name: known_later(bank) for name, bank in banks.items()}
        self.bank = ""
        for name, question in questions:
            self.bank = name
            self.audit(name, banks[name], question)
        self.conclude()

    def finding(self, name: str, unit: str = "questions", bank: str | None = None) -> Finding:
        found = self.findings.setdefault(name, Finding(name, unit))
        found.bank = self.bank if bank is None else bank
        return found

    # -- one question -------------------------------------------------------------------------------

    def audit(self, name: str, bank: Bank, q: Question) -> None:
        events = {e.key: e for e in bank.events}
        people = {p.key: p for p in bank.people}
        subject = q.key.split(":", 1)[1].split("#")[0]
        self.finding("well formed: four distinct choices").check(
            len(q.choices) == CHOICES and len({fold(c) for c in q.choices}) == CHOICES and 0 <= q.answer < CHOICES,
            lambda: f"{q.key}: {q.choices}")
        match q.kind:
            case Kind.WHEN:
                self.when(name, bank, events[subject], q)
            case Kind.WHAT:
                self.what(name, events, events[subject], q)
            case Kind.FIRST:
                self.first(name, events, events[subject], q)
            case Kind.WHO:
                self.who(name, events, people, subject, q)
            case Kind.FIGURE:
                event = events[subject]
                self.figure(name, event, event.figures[int(q.key.rsplit("#", 1)[1])], q)

    def place(self, name: str, q: Question, order: str, position: int, possible: Iterable[int] = range(CHOICES),
              *, per_key: bool = True) -> None:
        possible = list(possible)
        self.positions[(name, q.kind.value, order)].add(position, possible)
        if per_key:
            self.by_key[(name, f"{q.key} ({order})")].add(position, possible)

    def when(self, name: str, bank: Bank, event: Event, q: Question) -> None:
        span = event.when.span
        self.finding("date question about an event without a span").check(span is not None, q.key)
        if span is None:
            return
        options = [parse_span(c) for c in q.choices]
        ranked = sorted(range(CHOICES), key=lambda i: options[i].start)
        below, above = date_free(bank, event, self.today)
        possible = [r for r in range(CHOICES) if r <= below and CHOICES - 1 - r <= above]
        if len(possible) == CHOICES:  # a display sorted by date shows the rank, which may be bounded
            self.place(name, q, "display", q.answer, per_key=False)
        self.place(name, q, "rank", ranked.index(q.answer), possible or range(CHOICES))
        window = pack_window(bank, event.source.pack, span)
        for i, (choice, option) in enumerate(zip(q.choices, options, strict=True)):
            if i == q.answer:
                self.finding("when: the answer is the event's own date").check(choice == span.label, q.key)
                continue
            self.finding("when: a wrong date in the future", "options").check(
                option.end <= self.today, lambda c=choice: f"{event.title}: {c} (answer {span.label})")
            self.finding("when: a wrong date outside the pack's era", "options").check(
                window[0] <= option.start and option.end <= window[1],
                lambda c=choice: f"{event.title}: {c} (answer {span.label})")
            self.finding("when: a wrong date of another precision or length", "options").check(
                _UNIT[option.precision] == _UNIT[span.precision] and length_of(option) == length_of(span),
                lambda c=choice: f"{c} for {span.label}")
            self.finding("when: a wrong date overlapping the answer", "options").check(
                not option.overlaps(span), lambda c=choice: f"{c} for {span.label}")

    def what(self, name: str, events: dict[str, Event], event: Event, q: Question) -> None:
        span = event.when.span
        self.finding("date question about an event without a span").check(span is not None, q.key)
        if span is None:
            return
        self.place(name, q, "display", q.answer)
        expected = f"What happened {expected_on(span)}?"
        self.finding("prompt: 'what happened' reads well at every precision").check(
            q.prompt == expected, lambda: f"{q.prompt!r}, not {expected!r}")
        by_title = {e.title: e for e in events.values()}
        for i, choice in enumerate(q.choices):
            if i == q.answer:
                continue
            other = by_title.get(choice)
            other_span = other.when.span if other else None
            self.finding("what: a wrong event undated or on that date too", "options").check(
                other_span is not None and not other_span.overlaps(span),
                lambda c=choice, o=other_span: f"{c} ({o.label if o else 'undated'}) {q.prompt}")

    def first(self, name: str, events: dict[str, Event], event: Event, q: Question) -> None:
        self.place(name, q, "display", q.answer)
        later = self.later[name][event.key]
        by_title = {e.title: e for e in events.values()}
        for i, choice in enumerate(q.choices):
            if i == q.answer:
                continue
            other = by_title[choice]
            self.finding("first: a wrong event not known to come later", "options").check(
                other.key in later, lambda o=other: f"{event.title} ({event.when.label}) before "
                                                    f"{o.title} ({o.when.label})?")

    def who(self, name: str, events: dict[str, Event], people: dict[str, Person], subject: str, q: Question) -> None:
        self.place(name, q, "display", q.answer)
        by_name = {p.name: p for p in people.values()}
        answer = by_name[q.answer_text]
        wrong = [by_name[c] for i, c in enumerate(q.choices) if i != q.answer]
        # What tells the player a nationality: the role they read, or all an event says (its title, and the
        # context a player may know: nobody of a country it implies may be a wrong answer).
        seen = countries_in(event_text(events[subject]) if subject in events else q.about or "")
        mine = in_countries(country_of(answer), seen)
        for other in wrong:
            theirs = in_countries(country_of(other), seen)
            self.finding("who: a wrong person's country gives the answer away", "options").check(
                not mine or bool(theirs),
                lambda o=other: f"{q.about!r}: {answer.name} ({country_of(answer)}) vs {o.name} ({country_of(o)})")
        if subject in events:
            event = events[subject]
            took_part = {r.key for r in event.people}
            implied = countries_in(event_text(event))
            for other in wrong:
                self.finding("who: a wrong person took part or is named by the event", "options").check(
                    other.key not in took_part and not names(event_text(event), other),
                    lambda o=other: f"{o.name} for {event.title!r}")
                inside = in_countries(country_of(other), implied)
                self.finding("who: a wrong person of a country the event implies", "options").check(
                    inside is False or (inside is None and not implied),
                    lambda o=other: f"{o.name} ({country_of(o)}) for {event.title!r} ({', '.join(sorted(implied))})")
        else:
            words = role_words(answer.role)
            events_of = {r.key for r in answer.events}
            for other in wrong:
                colleague = bool(events_of & {r.key for r in other.events}) and len(
                    words & role_words(other.role)) >= 2
                self.finding("who: a wrong person also fits the role or is named by it", "options").check(
                    not words <= role_words(other.role) and not colleague and not names(answer.role, other),
                    lambda o=other: f"{o.name} ({o.role}) for {answer.role!r}")
        for other in wrong:  # a preference, reported but not asserted
            self.finding("who (info): a wrong person of another country than the answer", "options").check(
                country_of(other) == country_of(answer), lambda o=other: f"{o.name} for {answer.name}")

    def figure(self, name: str, event: Event, figure: Figure, q: Question) -> None:
        values = [numbers_of(c) for c in q.choices]
        ranked = sorted(range(CHOICES), key=lambda i: values[i])
        rank = ranked.index(q.answer)
        roomy = figure_free_below(figure) == 3
        if roomy:  # a display sorted by value shows the rank, which a small number bounds
            self.place(name, q, "display", q.answer)
        free = figure_free_below(figure)
        self.place(name, q, "rank", rank, [r for r in range(CHOICES) if r <= free], per_key=roomy)
        ends = self.figure_ends[(name, q.key)]
        ends["n"] += 1
        ends["smallest"] += rank == 0
        ends["largest"] += rank == CHOICES - 1
        ends["both sides"] += 0 < rank < CHOICES - 1
        bound = bound_of(figure.text)
        self.finding("figure: the answer drops the document's bound").check(
            bound is None or bound_of(q.answer_text) == bound, lambda: f"{q.answer_text!r} for {figure.text!r}")
        self.finding("figure: options not all in one wording").check(
            len({wording(c) for c in q.choices}) == 1 or (bound is None and not any(map(bound_of, q.choices))),
            lambda: f"{q.choices} for {figure.text!r}")
        self.finding("prompt: a figure's prompt is a question").check(
            q.prompt[:1].isupper() and q.prompt.endswith("?"), q.prompt)
        right_low, right_high = values[q.answer]
        about = bool(_ABOUT_WORDS.search(figure.text)) or (bound == "upper" and "nearly" in figure.text.casefold())
        for i, (choice, (low, high)) in enumerate(zip(q.choices, values, strict=True)):
            if i == q.answer:
                continue
            ratio = max(low / right_high, right_low / high) if low and high else math.inf
            if bound_of(choice) is None and bound == "lower":
                ok = high < figure.low  # a plain number above "more than N" would be true too
            elif bound_of(choice) is None and bound == "upper":
                ok = low > figure.high
            elif bound is not None:
                ok = ratio >= FAR_BOUND
            elif about:
                ok = ratio >= FAR_ABOUT
            else:
                ok = high < figure.low or low > figure.high
            self.finding("figure: a wrong number also true or too close", "options").check(
                ok, lambda c=choice: f"{c!r} beside {q.answer_text!r} ({figure.text!r})")

    # -- over all questions -------------------------------------------------------------------------

    def conclude(self) -> None:
        for (bank, kind, order), positions in sorted(self.positions.items()):
            stat, dof = positions.chi2()
            self.finding("position: answer not uniform over positions", "kinds", bank).check(
                stat <= CHI_KIND.get(dof, 0.0), f"{bank} {kind} {order}: {positions.shares()} (chi2 {stat:.0f})")
        for (bank, key), positions in sorted(self.by_key.items()):
            if positions.total < MIN_PER_KEY:
                continue
            stat, dof = positions.chi2()
            self.finding("position: one question keeps its answer in place", "keys", bank).check(
                dof == 0 or stat <= CHI_KEY.get(dof, 0.0), f"{bank} {key}: {positions.shares()} (n={positions.total})")
        for (bank, key), ends in sorted(self.figure_ends.items()):
            if ends["n"] < MIN_PER_KEY:
                continue
            n = ends["n"]
            self.finding("figure: the answer mostly the extreme option", "keys", bank).check(
                ends["smallest"] / n <= EXTREME and ends["largest"] / n <= EXTREME,
                f"{key}: smallest {ends['smallest']}/{n}, largest {ends['largest']}/{n}")
            self.finding("figure: never options on both sides", "keys", bank).check(
                ends["both sides"] > 0, f"{key}: both sides in 0/{n}")

    def report(self) -> str:
        kinds = Counter((name, q.kind.value) for name, q in self.questions)
        seeds = f"seeds: shipped {len(SHIPPED_SEEDS)}, synthetic {len(SYNTHETIC_SEEDS)}, each over {len(TOPICS)} topics"
        lines = [f"{len(self.questions)} questions (distinct keys: {len({(n, q.key) for n, q in self.questions})}; "
                 f"{seeds})",
                 "  " + ", ".join(f"{n}/{k}: {c}" for (n, k), c in sorted(kinds.items())), "",
                 "answer position shares (A B C D, or rank 1-4 for dates and numbers):"]
        for (bank, kind, order), positions in sorted(self.positions.items()):
            stat, dof = positions.chi2()
            middle = (positions.observed[1] + positions.observed[2]) / positions.total
            lines.append(f"  {bank:<9} {kind:<6} {order:<7} n={positions.total:<5} {positions.shares()}  "
                         f"middle two {middle:5.1%}  chi2 {stat:8.1f} (dof {dof})")
        lines += ["", f"{'defect class':<58} {'defects':>6}   {'checked':<17} {'rate':>7}"]
        for finding in self.findings.values():
            if finding.checked:
                lines.append(finding.line())
                lines += [f"      e.g. {e}" for e in finding.examples[:3]]
        return "\n".join(lines)


def every_question(banks: dict[str, Bank]) -> Iterator[tuple[str, Question]]:
    for name, bank in banks.items():
        seeds = SHIPPED_SEEDS if name == "shipped" else SYNTHETIC_SEEDS
        for topic in TOPICS:
            for seed in seeds:
                for question in generate(bank, 200, topic, random.Random(seed)):
                    yield name, question


def run_audit(shipped: Bank) -> Audit:
    banks = {"shipped": shipped, "synthetic": synthetic_bank()}
    return Audit(banks, list(every_question(banks)), date.today())


async def _load(path: Path) -> Bank:
    from facts.pack import load_packs, shipped_packs  # noqa: PLC0415
    from facts.store import FactStore  # noqa: PLC0415
    from facts.trivia.storage import load_bank  # noqa: PLC0415

    store = await FactStore.open(path, packs=load_packs(shipped_packs()))
    try:
        return await load_bank(store)
    finally:
        await store.close()


# ------------------------------------------------------------------------------------------------ tests

@pytest.fixture(scope="module")
def audit(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Audit:
    from tests.facts.conftest import copy_db  # noqa: PLC0415

    path = copy_db(template_db, tmp_path_factory.mktemp("trivia-audit") / "chronicle.db")
    return run_audit(asyncio.run(_load(path)))


def assert_clean(audit: Audit, *names: str) -> None:
    bad = [audit.findings[n] for n in names if n in audit.findings and audit.findings[n].defects]
    assert not bad, "\n".join(f.line() + "".join(f"\n    {e}" for e in f.examples) for f in bad)


def test_the_audit_covers_thousands_of_questions_of_every_kind_in_both_banks(audit: Audit) -> None:
    assert len(audit.questions) >= 5000
    for name in audit.banks:
        assert {q.kind for n, q in audit.questions if n == name} == set(Kind), name


def test_every_question_has_four_distinct_choices(audit: Audit) -> None:
    assert_clean(audit, "well formed: four distinct choices")


def test_the_answer_is_at_every_position_and_rank_as_often_as_it_can_be(audit: Audit) -> None:
    assert_clean(audit, "position: answer not uniform over positions",
                 "position: one question keeps its answer in place")


def test_a_figure_answer_has_options_on_both_sides_and_is_not_mostly_the_extreme(audit: Audit) -> None:
    assert_clean(audit, "figure: the answer mostly the extreme option", "figure: never options on both sides")


def test_figure_options_keep_the_documents_bound_and_none_is_also_true(audit: Audit) -> None:
    assert_clean(audit, "figure: the answer drops the document's bound", "figure: options not all in one wording",
                 "figure: a wrong number also true or too close")


def test_who_offers_nobody_who_took_part_or_whose_country_the_event_implies(audit: Audit) -> None:
    assert_clean(audit, "who: a wrong person took part or is named by the event",
                 "who: a wrong person of a country the event implies",
                 "who: a wrong person also fits the role or is named by it")


def test_who_never_lets_a_nationality_give_the_answer_away(audit: Audit) -> None:
    assert_clean(audit, "who: a wrong person's country gives the answer away")


def test_wrong_dates_are_past_in_the_packs_era_and_at_the_answers_precision(audit: Audit) -> None:
    assert_clean(audit, "when: the answer is the event's own date", "when: a wrong date in the future",
                 "when: a wrong date outside the pack's era", "when: a wrong date of another precision or length",
                 "when: a wrong date overlapping the answer", "date question about an event without a span",
                 "what: a wrong event undated or on that date too")


def test_which_came_first_compares_only_events_of_a_known_order(audit: Audit) -> None:
    assert_clean(audit, "first: a wrong event not known to come later")


def test_prompts_read_well_at_every_precision(audit: Audit) -> None:
    assert_clean(audit, "prompt: 'what happened' reads well at every precision",
                 "prompt: a figure's prompt is a question")


def test_the_audit_itself_reads_dates_countries_and_orders_as_intended() -> None:
    assert expected_on(parse_span("1949-10/1950-06")) == "between October 1949 and June 1950"
    assert expected_on(parse_span("winter 1949-50")) == "in the winter of 1949–50"
    assert expected_on(parse_span("1945-08-10/1945-08-11")) == "on August 10–11, 1945"
    assert countries_in("North Korean soldiers") == {"north korea", "korea"}
    assert countries_in("South Korea's forces") == {"south korea", "korea"}
    assert countries_in("leaves Korea out") == {"north korea", "south korea", "korea"}
    assert countries_in("The United States appealed; the Soviets boycotted") == {"united states", "soviet union"}
    assert countries_in("us and them") == frozenset()
    bank = synthetic_bank()
    later = known_later(bank)
    assert "synthetic/ratification" in later["synthetic/secret_meeting"]  # before the accord, which precedes it
    assert "synthetic/refusal_answered" in later["synthetic/first_draft_refused"]  # same month, anchored after
    assert "synthetic/ratification" in later["synthetic/border_clash"]  # before the accord, dated
    assert "synthetic/crisis_cabinet" not in later["synthetic/ratification"]  # an "after" event's time is unknown
    assert not later["synthetic/rumour"]


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        print(run_audit(asyncio.run(_load(Path(folder) / "chronicle.db"))).report())
