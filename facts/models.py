"""The facts themselves, as frozen dataclasses the store returns and every face renders."""

from __future__ import annotations

from dataclasses import dataclass

from facts.dates import DateSpan


@dataclass(frozen=True, slots=True)
class Source:
    """The document a pack was written from, as answers cite it."""

    pack: str
    title: str
    citation: str


@dataclass(frozen=True, slots=True)
class Quote:
    """A sentence of the source document, verbatim (slips included), with its paragraph number."""

    text: str
    paragraph: int


@dataclass(frozen=True, slots=True)
class Figure:
    """A number the document states: ``low``..``high`` (equal unless it gives a range)."""

    low: int
    high: int
    text: str
    what: str
    ask: str

    @property
    def value_label(self) -> str:
        return f"{self.low:,}" if self.low == self.high else f"{self.low:,}–{self.high:,}"


@dataclass(frozen=True, slots=True)
class When:
    """When an event happened: a dated span, or only "after" another event when the source gives order."""

    span: DateSpan | None
    after_key: str | None = None
    after_title: str | None = None
    after_label: str | None = None

    @property
    def label(self) -> str:
        if self.span is not None:
            return self.span.label
        anchor = f" ({self.after_label})" if self.after_label else ""
        return f"after {self.after_title}{anchor}"

    @property
    def precision(self) -> str:
        return self.span.precision.value if self.span else "after"


@dataclass(frozen=True, slots=True)
class PersonRef:
    key: str
    name: str


@dataclass(frozen=True, slots=True)
class EventRef:
    key: str
    title: str
    when: When


@dataclass(frozen=True, slots=True)
class Event:
    key: str
    title: str
    summary: str
    when: When
    people: tuple[PersonRef, ...]
    places: tuple[str, ...]
    topics: tuple[str, ...]
    figures: tuple[Figure, ...]
    quotes: tuple[Quote, ...]
    source: Source

    @property
    def ref(self) -> EventRef:
        return EventRef(self.key, self.title, self.when)


@dataclass(frozen=True, slots=True)
class Person:
    key: str
    name: str
    aliases: tuple[str, ...]
    role: str
    summary: str
    quotes: tuple[Quote, ...]
    events: tuple[EventRef, ...]
    source: Source
