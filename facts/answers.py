"""Answers to the questions members ask: plain data that the CLI and the bot render their own way."""

from __future__ import annotations

from dataclasses import dataclass

from facts.dates import DateSpan, MonthDay
from facts.models import Event, EventRef, Person, Source


@dataclass(frozen=True, slots=True)
class DateMatch:
    """An event that falls in a queried span; ``exact`` is False when the source dates it more loosely
    than the question ("sometime in June 1950" for a question about June 25, 1950)."""

    event: Event
    exact: bool


@dataclass(frozen=True, slots=True)
class DateAnswer:
    query: DateSpan
    matches: tuple[DateMatch, ...]
    total: int

    @property
    def exact(self) -> tuple[DateMatch, ...]:
        return tuple(m for m in self.matches if m.exact)

    @property
    def loose(self) -> tuple[DateMatch, ...]:
        return tuple(m for m in self.matches if not m.exact)


@dataclass(frozen=True, slots=True)
class Anniversary:
    """An event near a calendar day: ``days_away`` is 0 on the day, negative before it, positive after."""

    event: Event
    days_away: int

    @property
    def distance(self) -> str:
        """How far from the asked day, in words: "on the day", "3 days later in the year"."""
        if self.days_away == 0:
            return "on the day"
        unit = "day" if abs(self.days_away) == 1 else "days"
        return f"{abs(self.days_away)} {unit} {'later' if self.days_away > 0 else 'earlier'} in the year"


@dataclass(frozen=True, slots=True)
class OnThisDay:
    """Events on a calendar day (``exact``), or else the nearest dated ones; never empty on a seeded store."""

    day: MonthDay
    exact: bool
    items: tuple[Anniversary, ...]


@dataclass(frozen=True, slots=True)
class PersonAnswer:
    """A person found by ``matched`` (their name, an alias, or a near miss when ``fuzzy``)."""

    person: Person
    matched: str
    fuzzy: bool


@dataclass(frozen=True, slots=True)
class WhenAnswer:
    query: str
    event: Event
    others: tuple[EventRef, ...]


@dataclass(frozen=True, slots=True)
class TimelinePage:
    start: DateSpan | None
    end: DateSpan | None
    items: tuple[EventRef, ...]
    page: int
    pages: int
    total: int
    per_page: int


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One search result. ``snippet`` marks matched words with ``HIT_START`` … ``HIT_END``."""

    kind: str  # "event", "person" or "sentence"
    key: str
    title: str
    snippet: str
    source: Source


HIT_START, HIT_END = "\x02", "\x03"


@dataclass(frozen=True, slots=True)
class SearchAnswer:
    query: str
    hits: tuple[SearchHit, ...]
    total: int


@dataclass(frozen=True, slots=True)
class PackStats:
    source: Source
    document: str
    events: int
    people: int
    quotes: int
    sentences: int
    first: str | None
    last: str | None


@dataclass(frozen=True, slots=True)
class Stats:
    packs: tuple[PackStats, ...]
    events: int
    people: int
    quotes: int
    sentences: int
    schema_version: int
