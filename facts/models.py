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
    magnitude: bool = False  # only the order of magnitude is known ("a few thousand": low == high == 1000)

    @property
    def value_label(self) -> str:
        if self.magnitude:
            return self.text[0].lower() + self.text[1:]
        return f"{self.low:,}" if self.low == self.high else f"{self.low:,}–{self.high:,}"


@dataclass(frozen=True, slots=True)
class When:
    """When an event happened, as far as the source says.

    ``span`` is the date at the source's precision (None when it gives none). ``anchor_key`` is an event this
    one is known to come ``relation`` ("after" or "before"), with that event's title and date label: an
    event may have both (the source dates it to "August 1945" and says it followed August 8), either, or
    neither (undated).
    """

    span: DateSpan | None
    anchor_key: str | None = None
    anchor_title: str | None = None
    anchor_label: str | None = None
    relation: str | None = None  # "after" or "before" when anchor_key is set

    @property
    def label(self) -> str:
        if self.span is not None:
            return self.span.label
        if self.anchor_key is None:
            return "undated"
        anchor = f" ({self.anchor_label})" if self.anchor_label else ""
        return f"{self.relation} {self.anchor_title}{anchor}"

    @property
    def order_note(self) -> str | None:
        """The stated order beside a date ("after The Soviet Union declares war on Japan (August 8, 1945)"),
        if the source gives both."""
        if self.span is None or self.anchor_key is None:
            return None
        anchor = f" ({self.anchor_label})" if self.anchor_label else ""
        return f"{self.relation} {self.anchor_title}{anchor}"

    @property
    def full_label(self) -> str:
        """The label with the stated order, or "not dated in the source": how a single answer shows it."""
        if self.span is None and self.anchor_key is None:
            return "not dated in the source"
        note = self.order_note
        return f"{self.label}, {note}" if note else self.label

    @property
    def precision(self) -> str:
        if self.span is not None:
            return self.span.precision.value
        return self.relation or "undated"

    @property
    def after_key(self) -> str | None:
        """The event this one is known to follow, if any."""
        return self.anchor_key if self.relation == "after" else None

    @property
    def before_key(self) -> str | None:
        """The event this one is known to precede, if any."""
        return self.anchor_key if self.relation == "before" else None


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
    terms: tuple[str, ...] = ()  # the pack's phrasings for search

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
    country: str | None = None
