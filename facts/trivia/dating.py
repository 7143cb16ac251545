"""Dates for trivia: wrong dates a player cannot rule out by their form, prompts that read well at every
precision, and the order of events as far as the sources know it.

Wrong dates for "when" are the answer moved by whole multiples of its own length (so they keep its
precision and length and never overlap it), evenly spaced, and shown in time order. How many of them lie
before the answer is drawn uniformly from what is possible, so the answer's rank among the four says
nothing. They stay in the era: within three of the answer's lengths of the pack's own dates, and never in
the future (none ends after "today", which a caller may inject).
"""

from __future__ import annotations

import bisect
import calendar
import random
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from facts.dates import SEASON_NAME, DateSpan, Precision
from facts.models import Event
from facts.trivia.choices import CHOICES

WINDOW_UNITS = 3  # the era: the pack's dates widened by this many of the answer's own lengths
# Spacings of the four options, in lengths of the answer (a day, a month, a season, a range's length…).
STEPS: dict[Precision, tuple[int, ...]] = {
    Precision.DAY: (1, 2, 3, 7),
    Precision.DAYS: (1, 2),
    Precision.MONTH: (1, 2, 3, 12),
    Precision.MONTHS: (1, 2),
    Precision.SEASON: (1, 2, 4),
    Precision.YEAR: (1, 2, 3),
    Precision.YEARS: (1, 2),
    Precision.DECADE: (1, 2),
}


def era(spans: Iterable[DateSpan]) -> tuple[date, date] | None:
    """The first and last day of ``spans`` (a pack's dates), or None without any."""
    spans = list(spans)
    if not spans:
        return None
    return min(s.start for s in spans), max(s.end for s in spans)


def date_choices(span: DateSpan, rng: random.Random, era_of_pack: tuple[date, date],
                 today: date) -> tuple[tuple[DateSpan, ...], int] | None:
    """Four dates in time order, ``span`` among them at a uniformly drawn possible rank, and that rank.

    None when the era leaves room for fewer than two ranks (the answer's place would give it away).
    """
    low, high = widen(era_of_pack, span, WINDOW_UNITS)
    high = min(high, today)
    steps = STEPS[span.precision]

    def options(rank: int, step: int) -> tuple[DateSpan, ...] | None:
        out = []
        for i in range(CHOICES):
            moved = span if i == rank else shift(span, (i - rank) * step)
            if moved is None or (i != rank and not (low <= moved.start and moved.end <= high)):
                return None
            out.append(moved)
        return tuple(out) if len({o.label for o in out}) == CHOICES else None

    # Every rank reachable at all is reachable with the closest spacing: draw the rank among those first.
    ranks = [r for r in range(CHOICES) if options(r, steps[0]) is not None]
    if len(ranks) < 2:
        return None
    rank = rng.choice(ranks)
    step = rng.choice([s for s in steps if options(rank, s) is not None])
    chosen = options(rank, step)
    assert chosen is not None
    return chosen, rank


def widen(days: tuple[date, date], span: DateSpan, lengths: int) -> tuple[date, date]:
    """The first and last of ``days`` moved apart by ``lengths`` of ``span``'s own length, in its unit
    (whole months or years for a month or a year, so the era ends where an option can end)."""
    (first, last), s, e, p = days, span.start, span.end, span.precision
    try:
        if p in (Precision.DAY, Precision.DAYS):
            pad = timedelta(days=lengths * ((e - s).days + 1))
            return first - pad, last + pad
        if p in (Precision.MONTH, Precision.MONTHS, Precision.SEASON):
            months = lengths * ((e.year - s.year) * 12 + e.month - s.month + 1)
            end = _add_months(last, months)
            return _add_months(first, -months), date(end.year, end.month, calendar.monthrange(end.year, end.month)[1])
        years = lengths * (e.year - s.year + 1)
        return date(max(1, first.year - years), 1, 1), date(min(9999, last.year + years), 12, 31)
    except (ValueError, OverflowError):
        return date.min, date.max


def shift(span: DateSpan, lengths: int) -> DateSpan | None:
    """``span`` moved by ``lengths`` of its own length (a day, a month, a season, a decade, a range's length)."""
    s, e, p = span.start, span.end, span.precision
    try:
        if p in (Precision.DAY, Precision.DAYS):
            days = lengths * ((e - s).days + 1)
            return DateSpan(s + timedelta(days=days), e + timedelta(days=days), p)
        if p in (Precision.MONTH, Precision.MONTHS, Precision.SEASON):
            months = lengths * ((e.year - s.year) * 12 + e.month - s.month + 1)
            start, last = _add_months(s, months), _add_months(e, months)
            return DateSpan(start, date(last.year, last.month, calendar.monthrange(last.year, last.month)[1]), p)
        years = lengths * (e.year - s.year + 1)
        return DateSpan(date(s.year + years, 1, 1), date(e.year + years, 12, 31), p)
    except (ValueError, OverflowError):
        return None


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def on(span: DateSpan) -> str:
    """The date as it follows "What happened": "on June 25, 1950", "in the winter of 1949–50",
    "between October 1949 and June 1950"."""
    s, e = span.start, span.end
    month_s, month_e = calendar.month_name[s.month], calendar.month_name[e.month]
    match span.precision:
        case Precision.DAY:
            return f"on {span.label}"
        case Precision.DAYS:
            if (s.year, s.month) == (e.year, e.month):
                return f"on {span.label}"
            if s.year == e.year:
                return f"between {month_s} {s.day} and {month_e} {e.day}, {s.year}"
            return f"between {month_s} {s.day}, {s.year} and {month_e} {e.day}, {e.year}"
        case Precision.MONTH | Precision.YEAR | Precision.DECADE:
            return f"in {span.label}"
        case Precision.MONTHS:
            if s.year == e.year:
                return f"between {month_s} and {month_e} {s.year}"
            return f"between {month_s} {s.year} and {month_e} {e.year}"
        case Precision.SEASON:
            name = SEASON_NAME[s.month]
            year = f"{s.year}–{e.year % 100:02d}" if name == "winter" else str(s.year)
            return f"in the {name} of {year}"
        case Precision.YEARS:
            return f"between {s.year} and {e.year}"
    raise AssertionError(span.precision)  # pragma: no cover


class Order:
    """What the sources say about the order of events, and nothing more.

    An event is known to come before another when their spans do not overlap, when one is anchored
    ``after`` (or ``before``) the other, or through a chain of these. An "after X" event is known to be
    later than X and than everything known to come before X; its own time is otherwise unknown.
    """

    def __init__(self, events: Sequence[Event]) -> None:
        self.events = {e.key: e for e in events}
        self._dated = sorted((e for e in events if e.when.span is not None),
                             key=lambda e: (e.when.span.start, e.key))  # type: ignore[union-attr]
        self._starts = [e.when.span.start for e in self._dated]  # type: ignore[union-attr]
        self._next: dict[str, list[str]] = {e.key: [] for e in events}
        for e in events:
            if e.when.after_key in self._next:
                self._next[e.when.after_key].append(e.key)
            if e.when.before_key in self._next:
                self._next[e.key].append(e.when.before_key)
        self._later: dict[str, frozenset[str]] = {}

    def later(self, key: str) -> frozenset[str]:
        """Every event known to come after event ``key``."""
        if key in self._later:
            return self._later[key]
        found: set[str] = set()
        todo = [key]
        reached = len(self._dated)  # dated events from this index on are already found
        while todo:
            current = self.events[todo.pop()]
            for anchored in self._next[current.key]:
                if anchored not in found:
                    found.add(anchored)
                    todo.append(anchored)
            if current.when.span is not None:
                first = bisect.bisect_right(self._starts, current.when.span.end)
                for other in self._dated[first:reached]:
                    if other.key not in found:
                        found.add(other.key)
                        todo.append(other.key)
                reached = min(reached, first)
        found.discard(key)
        self._later[key] = frozenset(found)
        return self._later[key]

    def known(self, event: Event) -> bool:
        """Whether anything about the event's time is known (a span or an anchor)."""
        return event.when.span is not None or event.when.anchor_key in self.events

    def not_before(self, event: Event, _seen: frozenset[str] = frozenset()) -> date:
        """A day the event cannot precede (its start, or its "after" anchor's), for sorting; ``date.max``
        when nothing is known."""
        if event.when.span is not None:
            return event.when.span.start
        after = self.events.get(event.when.after_key or "")
        if after is None or event.key in _seen:
            return date.max
        return self.not_before(after, _seen | {event.key})
