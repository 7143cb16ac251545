"""What a draft holds: frozen dataclasses for its events, people and figures, and its summary."""

from __future__ import annotations

from dataclasses import dataclass, field

from facts.dates import DateSpan, Precision

PRECISION_ORDER = [p.value for p in Precision] + ["after", "before"]


@dataclass(frozen=True, slots=True)
class DraftFigure:
    low: int
    high: int
    text: str  # verbatim from the quote, with its bound ("More than 80,000")
    what: str  # what it counts, in the text's words
    bound: str  # "exact", "more than", "at least", "at most", "almost", "less than", "about", "range", "magnitude"
    quote: str  # the sentence that states it
    event: str | None = None  # the event it belongs to, when one quotes that sentence
    magnitude: bool = False


@dataclass(frozen=True, slots=True)
class DraftEvent:
    id: str
    span: DateSpan | None
    anchor: str | None  # event id
    relation: str | None  # "after" / "before"
    title: str
    summary: str
    quote: str  # verbatim sentence(s) of the document
    people: tuple[str, ...]  # person ids
    places: tuple[str, ...]
    review: tuple[str, ...] = ()
    context: tuple[str, ...] = ()  # the undated sentences that follow it in its paragraph (also quoted)
    figures: tuple[DraftFigure, ...] = ()
    by_order: bool = False  # a sentence the text does not date, placed after the story's last dated event

    @property
    def precision(self) -> str:
        return self.span.precision.value if self.span is not None else (self.relation or "undated")


@dataclass(frozen=True, slots=True)
class DraftPerson:
    id: str
    name: str
    aliases: tuple[str, ...]
    role: str
    review: tuple[str, ...] = ()
    events: tuple[str, ...] = ()  # event ids
    quotes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DraftSummary:
    events_by_precision: dict[str, int]
    people: int
    figures: int
    review: int  # items (events, people, figures) with at least one review mark
    no_dates: bool
    events: int = 0
    messages: tuple[str, ...] = field(default=())

    def lines(self) -> list[str]:
        """The summary as the command line prints it."""
        out = []
        if self.no_dates:
            out.append("No dates found: the text dates nothing, so the draft has no events (its people are kept).")
        by = ", ".join(f"{n} {p}" for p in PRECISION_ORDER if (n := self.events_by_precision.get(p, 0)))
        out.append(f"{self.events} event(s)" + (f": {by}" if by else ""))
        out.append(f"{self.people} people")
        out.append(f"{self.figures} figure(s)")
        out.append(f"{self.review} item(s) marked for review")
        out.extend(self.messages)
        return out


@dataclass(frozen=True, slots=True)
class Draft:
    document: str  # the text the quotes are checked against: write this as the pack's document file
    pack_yaml: str  # the pack, naming ``document: <name>.txt``
    events: tuple[DraftEvent, ...]
    people: tuple[DraftPerson, ...]
    figures: tuple[DraftFigure, ...]
    summary: DraftSummary
    name: str = ""
    title: str = ""
