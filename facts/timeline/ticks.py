"""Axis ticks whose step suits the span: days for a week, weeks or months for a year, years for a decade,
centuries for two thousand years — and never labels that overlap."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from facts.timeline.boxes import Box, Measure, approximate

TICK_GAP = 10.0  # pixels between neighbouring tick labels


@dataclass(frozen=True, slots=True)
class Step:
    """A tick step: ``n`` days, weeks, months or years."""

    unit: str  # "day", "week", "month" or "year"
    n: int

    @property
    def days(self) -> float:
        return {"day": 1.0, "week": 7.0, "month": 30.44, "year": 365.25}[self.unit] * self.n


LADDER = (
    Step("day", 1), Step("day", 2), Step("week", 1), Step("month", 1), Step("month", 2), Step("month", 3),
    Step("month", 6), Step("year", 1), Step("year", 2), Step("year", 5), Step("year", 10), Step("year", 20),
    Step("year", 50), Step("year", 100), Step("year", 200), Step("year", 500), Step("year", 1000),
)


@dataclass(frozen=True, slots=True)
class Tick:
    """A tick at the start of day ``at``, at ``x`` pixels, labelled ``label`` in ``box`` (``y`` = 0)."""

    at: date
    x: float
    label: str
    box: Box
    step: Step

    def shifted(self, dx: float) -> Tick:
        return Tick(self.at, self.x + dx, self.label, self.box.shifted(dx), self.step)

    def moved(self, dx: float) -> Tick:
        """The same tick with only its label moved."""
        return Tick(self.at, self.x, self.label, self.box.shifted(dx), self.step)


def first_step(days: int) -> int:
    """Where in :data:`LADDER` a span of ``days`` starts looking: the finest step that suits it."""
    years = days / 365.25
    for limit, index in ((31 / 365.25, 0), (1.002, 2), (6, 3), (40, 7), (200, 9), (500, 10), (1000, 12)):
        if years <= limit:
            return index  # days; weeks, months; months, quarters; years; 5, 10 and 50 years
    return 13  # centuries and more


def ticks(start: date, end: date, width: float, measure: Measure | None = None) -> list[Tick]:
    """Ticks for the days ``start``..``end`` (inclusive) drawn across ``width`` pixels (x from 0).

    The step is the finest one, from the finest that suits the span upwards, whose labels fit side by side
    with a gap and give at least two ticks; if none does (a very narrow picture), the coarsest step with a
    tick is thinned until its labels fit.
    """
    measure = measure or approximate
    first, last = start.toordinal(), end.toordinal() + 1
    days = last - first
    if days <= 0 or width <= 0:
        return []
    fallback: list[Tick] = []
    for step in LADDER[first_step(days):]:
        if days / step.days > width / 4:  # far too dense to be worth building
            continue
        built = [_tick(d, step, i == 0, first=first, days=days, width=width, measure=measure)
                 for i, d in enumerate(_dates(start, end, step))]
        if len(built) >= 2 and _fits(built):
            return built
        if built:
            fallback = built
    return _thinned(fallback)


def _tick(d: date, step: Step, first_one: bool, *, first: int, days: int, width: float, measure: Measure) -> Tick:
    x = (d.toordinal() - first) / days * width
    label = _label(d, step, first_one)
    w, h = measure(label)
    left = min(max(0.0, x - w / 2), max(0.0, width - w))
    return Tick(d, x, label, Box(left, 0.0, w, h), step)


def _fits(built: list[Tick]) -> bool:
    return all(b.box.x >= a.box.right + TICK_GAP for a, b in pairwise(built))


def _thinned(built: list[Tick]) -> list[Tick]:
    kept: list[Tick] = []
    for tick in built:
        if not kept or tick.box.x >= kept[-1].box.right + TICK_GAP:
            kept.append(tick)
    return kept


def _label(d: date, step: Step, first_one: bool) -> str:
    month = calendar.month_abbr[d.month]
    if step.unit == "year":
        return str(d.year)
    if step.unit == "month":
        return f"{month} {d.year}" if first_one or d.month == 1 else month
    return f"{month} {d.day}, {d.year}" if first_one or (d.month, d.day) == (1, 1) else f"{month} {d.day}"


def _dates(start: date, end: date, step: Step) -> Iterator[date]:
    if step.unit in ("day", "week"):
        d = start
        while d <= end:
            if (step.unit == "day" and d.toordinal() % step.n == 0) or (step.unit == "week" and d.weekday() == 0):
                yield d
            if d == date.max:
                return
            d += timedelta(days=1)
    elif step.unit == "month":
        year, month = start.year, start.month
        while (year, month) <= (end.year, end.month):
            d = date(year, month, 1)
            if (month - 1) % step.n == 0 and start <= d <= end:
                yield d
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    else:
        year = max(step.n, -(-start.year // step.n) * step.n)
        for y in range(year, end.year + 1, step.n):
            d = date(y, 1, 1)
            if start <= d <= end:
                yield d
