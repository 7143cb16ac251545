"""The time axis of a timeline picture: days to pixels, linear within segments, broken across empty gaps.

A page of events is often clumped: one event in 1895 and nineteen in 1945–1950. A single linear axis
would squeeze the nineteen into a twentieth of the picture. So a gap with no event in it that takes more
than :data:`BREAK_SHARE` of the span around it is cut out (and the parts looked at again on their own
scale, up to :data:`MAX_BREAKS` cuts): the axis is drawn in segments, each linear (a day
is the same width everywhere inside it, so bars keep their real lengths), with a visible break between
them. Each segment's width follows how many events fall in it (their labels need the room; the days of two
segments cut apart are no longer comparable), never less than :data:`MIN_SEGMENT` pixels.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from facts.dates import DateSpan

BREAK_SHARE = 0.25  # a gap longer than this share of the page's span is cut out of the axis
MAX_BREAKS = 3
MIN_CROWD = 3  # a cut is only worth it when one side has at least this many events to give the room to
BREAK_WIDTH = 18.0  # pixels a break takes on the axis
MIN_SEGMENT = 90.0  # the narrowest a segment is drawn
MARGIN = 0.03  # a segment runs this fraction of its span past its earliest and latest event


@dataclass(frozen=True, slots=True)
class Segment:
    """The days ``start``..``end`` (inclusive) across ``left``..``right`` pixels, linearly."""

    start: date
    end: date
    left: float
    right: float

    @property
    def days(self) -> int:
        return self.end.toordinal() + 1 - self.start.toordinal()

    @property
    def x_per_day(self) -> float:
        return (self.right - self.left) / self.days

    def x(self, ordinal: float) -> float:
        return self.left + (ordinal - self.start.toordinal()) * self.x_per_day


@dataclass(frozen=True, slots=True)
class Axis:
    """Days to pixels over one or more :class:`Segment` (left to right, in time order); a day is the interval
    from its start to the next day's start. Between two segments lies a break, a gap the axis skips."""

    segments: tuple[Segment, ...]

    @classmethod
    def linear(cls, start: date, end: date, left: float, right: float) -> Axis:
        return cls((Segment(start, end, left, right),))

    @property
    def start(self) -> date:
        return self.segments[0].start

    @property
    def end(self) -> date:
        return self.segments[-1].end

    @property
    def left(self) -> float:
        return self.segments[0].left

    @property
    def right(self) -> float:
        return self.segments[-1].right

    @property
    def breaks(self) -> tuple[tuple[float, float], ...]:
        """The pixel gaps between segments, where the axis is drawn broken."""
        return tuple((a.right, b.left) for a, b in zip(self.segments, self.segments[1:], strict=False))

    def _segment(self, ordinal: float) -> Segment | None:
        """The segment holding the day ``ordinal``; None inside a break."""
        starts = [s.start.toordinal() for s in self.segments]
        i = max(0, bisect.bisect_right(starts, ordinal) - 1)
        segment = self.segments[i]
        if ordinal < segment.end.toordinal() + 1 or i == len(self.segments) - 1 or (i == 0 and ordinal < starts[0]):
            return segment
        return None

    def x(self, day: date) -> float:
        """The pixel at the start of ``day`` (a day inside a break: the middle of the break)."""
        ordinal = day.toordinal()
        segment = self._segment(ordinal)
        if segment is not None:
            return segment.x(ordinal)
        i = max(0, bisect.bisect_right([s.start.toordinal() for s in self.segments], ordinal) - 1)
        return (self.segments[i].right + self.segments[i + 1].left) / 2

    def span_x(self, span: DateSpan) -> tuple[float, float]:
        """From the start of the span's first day to the end of its last (in the last day's segment)."""
        end = span.end.toordinal()
        segment = self._segment(end) or self.segments[-1]
        return self.x(span.start), segment.x(end + 1)

    def x_per_day_at(self, day: date) -> float:
        segment = self._segment(day.toordinal())
        return (segment or self.segments[0]).x_per_day

    @property
    def x_per_day(self) -> float:
        """Pixels a day takes in the first segment (the only one when the axis is not broken)."""
        return self.segments[0].x_per_day


def axis_for(spans: Sequence[DateSpan], left: float, right: float) -> Axis | None:
    """The axis for events with these dates across ``left``..``right`` pixels, broken at long empty gaps."""
    if not spans:
        return None
    clusters = _clusters(spans)
    first = clusters[0][0]
    last = clusters[-1][1]
    groups = _cut(clusters)
    ranges = [_with_margin(g[0][0], max(c[1] for c in g)) for g in groups]
    counts = [sum(c[2] for c in g) for g in groups]
    usable = right - left - BREAK_WIDTH * (len(groups) - 1)
    if len(groups) > 1 and usable < MIN_SEGMENT * len(groups):
        ranges, counts, usable = [_with_margin(first, last)], [len(spans)], right - left
    spare = usable - MIN_SEGMENT * len(ranges) if len(ranges) > 1 else usable
    floor = MIN_SEGMENT if len(ranges) > 1 else 0.0
    segments, x = [], left
    for (a, b), n in zip(ranges, counts, strict=True):
        width = floor + spare * n / sum(counts)  # room for labels: what a segment needs grows with its events
        segments.append(Segment(date.fromordinal(a), date.fromordinal(b), x, x + width))
        x += width + BREAK_WIDTH
    last_segment = segments[-1]
    segments[-1] = Segment(last_segment.start, last_segment.end, last_segment.left, right)  # no rounding drift
    return Axis(tuple(segments))


def _cut(clusters: list[tuple[int, int, int]]) -> list[list[tuple[int, int, int]]]:
    """Split the clusters into groups at empty gaps, the longest (for the group it lies in) first: a gap is
    cut when it is more than :data:`BREAK_SHARE` of its group's span and one side has :data:`MIN_CROWD` events
    or more (two lone events gain nothing from a break), so a clump inside a group that was cut off from a far
    outlier is looked at again on its own scale. At most :data:`MAX_BREAKS` cuts."""
    groups = [clusters]
    for _ in range(MAX_BREAKS):
        best: tuple[float, int, int] | None = None  # (share of its group's span, group, gap index)
        for g, group in enumerate(groups):
            span = max(c[1] for c in group) + 1 - group[0][0]
            for i in range(len(group) - 1):
                share = (group[i + 1][0] - max(c[1] for c in group[:i + 1]) - 1) / span
                crowd = max(sum(c[2] for c in group[:i + 1]), sum(c[2] for c in group[i + 1:]))
                if share > BREAK_SHARE and crowd >= MIN_CROWD and (best is None or share > best[0]):
                    best = (share, g, i)
        if best is None:
            break
        _, g, i = best
        groups[g:g + 1] = [groups[g][:i + 1], groups[g][i + 1:]]
    return groups


def _clusters(spans: Sequence[DateSpan]) -> list[tuple[int, int, int]]:
    """Day ranges (first, last ordinal, events) that overlap or touch, merged, in time order."""
    merged: list[list[int]] = []
    for span in sorted(spans, key=lambda s: s.start):
        a, b = span.start.toordinal(), span.end.toordinal()
        if merged and a <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], b)
            merged[-1][2] += 1
        else:
            merged.append([a, b, 1])
    return [(a, b, n) for a, b, n in merged]


def _with_margin(first: int, last: int) -> tuple[int, int]:
    margin = max(1, round((last + 1 - first) * MARGIN))
    return max(date.min.toordinal(), first - margin), min(date.max.toordinal(), last + margin)
