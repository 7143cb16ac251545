"""Where a timeline page's events go in a picture: pure geometry, no drawing library.

Precision is drawn honestly. A DAY is a point; DAYS, MONTH, MONTHS, SEASON, YEAR and YEARS are bars of
their real length (widened to a minimum visible width, about their centre); a DECADE is a faint band. An
event dated only as "after" ("before") another is *placed* just after (before) its anchor's mark when the
anchor is on the page, with a dashed link to it, and gets no date; when its anchor is not on the page it
sits at the page's left (right) edge — the side the anchor must lie on — flagged, still undated. Events
the source does not date at all are not drawn: they are listed apart in :attr:`Layout.undated`. The axis
(:mod:`facts.timeline.axis`) is broken across long empty gaps, so a page with one event in 1895 and the rest
in 1945–1950 still gives the clump most of the width; each segment has its own ticks.

Labels never overlap: each mark owns a lane slot covering its mark and its label box, and slots are packed
greedily into lanes (the first lane whose last slot ends a gap before this one starts). Past
``max_lanes`` the rest are folded into "+N more" markers on a row of their own, so the picture's height
stays bounded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from facts.dates import DateSpan, Precision
from facts.models import EventRef
from facts.timeline.axis import Axis, axis_for
from facts.timeline.boxes import Box, Measure, approximate, clip
from facts.timeline.ticks import TICK_GAP, Tick, ticks

PAD = 16  # pixels between the picture's edge and the axis
EDGE = 4.0  # labels keep this far from the picture's left and right edges
POINT = 4.0  # a day's point: its radius
MIN_BAR = 6.0  # the narrowest bar drawn
PLACE_GAP = 14.0  # how far a placed event sits from its anchor's mark
MARK_HEIGHT = 8.0
LABEL_GAP = 2.0  # between a mark and its label
LANE_GAP = 8.0  # horizontally between slots of a lane, and vertically between lanes
AXIS_GAP = 10.0  # between the tick labels and the first lane


@dataclass(frozen=True, slots=True)
class Mark:
    """One event in the picture.

    ``kind`` is "point" (a day, centred at ``x0`` == ``x1``), "bar" (``x0``..``x1``), "band" (a decade,
    drawn faint behind the lanes) or "placed" (an undated "after"/"before" event at ``x0`` == ``x1``: a
    placement, not a date). ``span`` is the event's own date and None for a placed event. ``label`` is the
    title as drawn (clipped with an ellipsis); ``title`` the full one, for alt text.
    """

    key: str
    title: str
    label: str
    kind: str
    x0: float
    x1: float
    lane: int
    y: float  # the top of the mark's row; the label box sits just below
    box: Box
    span: DateSpan | None
    faint: bool = False
    placed: bool = False
    edge: bool = False  # placed at the page's edge: its anchor is not on the page
    dashed_to: str | None = None  # the anchor's key, when the anchor is drawn too
    relation: str | None = None  # "after" or "before" for a placed mark

    @property
    def x(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True, slots=True)
class More:
    """Events folded away because every lane was full where they fall: "+N more" at ``x``."""

    x: float
    label: str
    box: Box
    keys: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.keys)


@dataclass(frozen=True, slots=True)
class Layout:
    width: int
    height: int
    axis: Axis | None  # None when nothing on the page has a date (only "after"/"before" events)
    ticks: tuple[Tick, ...]
    marks: tuple[Mark, ...]
    more: tuple[More, ...]
    lanes: int
    undated: tuple[EventRef, ...]  # not drawn: the source gives no date and no order
    alt_text: str

    @property
    def folded(self) -> int:
        return sum(m.count for m in self.more)

    @property
    def boxes(self) -> tuple[Box, ...]:
        """Every label box drawn: marks', "+N more" markers' and ticks'."""
        return (*(m.box for m in self.marks), *(m.box for m in self.more), *(t.box for t in self.ticks))


@dataclass(frozen=True, slots=True)
class _Slot:
    """A mark before it has a lane: its extent and its label box's left edge and size."""

    ref: EventRef
    kind: str
    x0: float
    x1: float
    label: str
    label_x: float
    label_w: float
    placed: bool = False
    edge: bool = False
    dashed_to: str | None = None

    @property
    def start(self) -> float:
        return self.label_x if self.kind == "band" else min(self.x0, self.label_x)

    @property
    def end(self) -> float:
        return self.label_x + self.label_w if self.kind == "band" else max(self.x1, self.label_x + self.label_w)


def layout(events: Sequence[EventRef], *, width: int, measure: Measure | None = None, max_lanes: int = 8,
           max_label_width: float = 240.0) -> Layout:
    """Lay out a timeline page's events across ``width`` pixels (see the module docstring)."""
    measure = measure or approximate
    if width < 2 * PAD + 40:
        raise ValueError(f"A timeline needs at least {2 * PAD + 40} px of width, not {width}.")
    max_label = min(max_label_width, width - 2 * EDGE)
    dated = [e for e in events if e.when.span is not None]
    undated = tuple(e for e in events if e.when.span is None and e.when.anchor_key is None)
    axis = _axis(dated, width)
    text_h = max([measure(e.title)[1] for e in events] + [measure("+0 more")[1]])

    slots: dict[str, _Slot] = {}
    for event in dated:
        assert axis is not None
        slots[event.key] = _dated_slot(event, axis, width, max_label, measure)
    refs = {e.key: e for e in events}
    for event in events:
        if event.key not in slots and event.when.anchor_key is not None:
            _placed_slot(event, refs, slots, set(), width=width, max_label=max_label, measure=measure)

    order = sorted(slots.values(), key=lambda s: (s.start, s.x0))
    lane_ends: list[float] = []
    lane_of: dict[str, int] = {}
    folded: list[_Slot] = []
    for slot in order:
        lane = next((i for i, end in enumerate(lane_ends) if end + LANE_GAP <= slot.start), None)
        if lane is None and len(lane_ends) < max_lanes:
            lane = len(lane_ends)
            lane_ends.append(slot.end)
        if lane is None:
            folded.append(slot)
            continue
        lane_ends[lane] = slot.end
        lane_of[slot.ref.key] = lane

    top = measure("0")[1] + AXIS_GAP  # the tick labels' row
    lane_h = MARK_HEIGHT + LABEL_GAP + text_h + LANE_GAP
    marks = []
    for event in events:  # in the page's order
        if event.key not in lane_of:
            continue
        slot = slots[event.key]
        lane = lane_of[event.key]
        y = top + lane * lane_h
        marks.append(Mark(
            key=event.key, title=event.title, label=slot.label, kind=slot.kind, x0=slot.x0, x1=slot.x1,
            lane=lane, y=y, box=Box(slot.label_x, y + MARK_HEIGHT + LABEL_GAP, slot.label_w, text_h),
            span=event.when.span if not slot.placed else None, faint=slot.kind == "band", placed=slot.placed,
            edge=slot.edge, dashed_to=slot.dashed_to if slot.dashed_to in lane_of else None,
            relation=event.when.relation if slot.placed else None))
    lanes = len(lane_ends)
    more = _more(folded, top + lanes * lane_h, width, text_h, measure)
    bottom = top + lanes * lane_h + (text_h + LANE_GAP if more else 0.0)
    axis_ticks = _ticks(axis, width, measure) if axis else ()
    return Layout(width=width, height=int(bottom + PAD + 0.999), axis=axis, ticks=axis_ticks,
                  marks=tuple(marks), more=more, lanes=lanes, undated=undated,
                  alt_text=_alt_text(events, undated))


def _axis(dated: Sequence[EventRef], width: int) -> Axis | None:
    return axis_for([e.when.span for e in dated if e.when.span is not None], float(PAD), float(width - PAD))


def _ticks(axis: Axis, width: int, measure: Measure) -> tuple[Tick, ...]:
    """Each segment's own ticks; where two segments' labels would touch, the later segment's give way."""
    kept: list[Tick] = []
    for segment in axis.segments:
        for own in ticks(segment.start, segment.end, segment.right - segment.left, measure):
            tick = own.shifted(segment.left)
            if tick.box.right > width:  # a label wider than its segment: drawn inside the picture, or not at all
                if tick.box.w > width:
                    continue
                tick = tick.moved(width - tick.box.right)
            if not kept or tick.box.x >= kept[-1].box.right + TICK_GAP:
                kept.append(tick)
    return tuple(kept)


def _label_at(x: float, title: str, width: int, max_label: float, measure: Measure) -> tuple[str, float, float]:
    """The clipped label, its left edge (kept inside the picture) and its width."""
    label = clip(title, max_label, measure)
    w = measure(label)[0]
    return label, min(max(EDGE, x), max(EDGE, width - EDGE - w)), w


def _dated_slot(event: EventRef, axis: Axis, width: int, max_label: float, measure: Measure) -> _Slot:
    span = event.when.span
    assert span is not None
    if span.precision is Precision.DAY:
        x = axis.x(span.start) + axis.x_per_day_at(span.start) / 2
        label, lx, lw = _label_at(x - POINT, event.title, width, max_label, measure)
        return _Slot(event, "point", x, x, label, lx, lw)
    x0, x1 = axis.span_x(span)
    if span.precision is not Precision.DECADE and x1 - x0 < MIN_BAR:
        middle = (x0 + x1) / 2
        x0, x1 = middle - MIN_BAR / 2, middle + MIN_BAR / 2
    label, lx, lw = _label_at(x0, event.title, width, max_label, measure)
    return _Slot(event, "band" if span.precision is Precision.DECADE else "bar", x0, x1, label, lx, lw)


def _placed_slot(event: EventRef, refs: dict[str, EventRef], slots: dict[str, _Slot], seen: set[str], *,
                 width: int, max_label: float, measure: Measure) -> _Slot:
    """Place an undated "after"/"before" event beside its anchor (placing the anchor first if it is one)."""
    if event.key in slots:
        return slots[event.key]
    seen.add(event.key)
    anchor_key = event.when.anchor_key
    after = event.when.relation != "before"
    anchor: _Slot | None = None
    if anchor_key in refs and anchor_key not in seen:
        target = refs[anchor_key]
        if target.when.span is not None or target.when.anchor_key is not None:
            anchor = _placed_slot(target, refs, slots, seen, width=width, max_label=max_label, measure=measure)
    if anchor is None:
        x = PAD / 2 if after else width - PAD / 2
    else:
        x = min(anchor.x1 + PLACE_GAP, width - 1.0) if after else max(anchor.x0 - PLACE_GAP, 1.0)
    label, lx, lw = _label_at(x - POINT, event.title, width, max_label, measure)
    slot = _Slot(event, "placed", x, x, label, lx, lw, placed=True, edge=anchor is None,
                 dashed_to=anchor_key if anchor is not None else None)
    slots[event.key] = slot
    return slot


def _more(folded: list[_Slot], y: float, width: int, text_h: float, measure: Measure) -> tuple[More, ...]:
    """"+N more" markers on one row, merging neighbours whose markers would touch."""
    box = partial(_more_box, y=y, width=width, text_h=text_h, measure=measure)
    groups: list[tuple[float, list[str]]] = []  # (x, keys)
    for slot in sorted(folded, key=lambda s: s.start):
        x = max(0.0, slot.start)
        if groups and x < box(groups[-1][0], len(groups[-1][1])).right + LANE_GAP:
            groups[-1][1].append(slot.ref.key)
        else:
            groups.append((x, [slot.ref.key]))
        while len(groups) > 1:  # a marker pushed left by the picture's edge may now touch the one before
            last, before = groups[-1], groups[-2]
            if box(last[0], len(last[1])).x >= \
                    box(before[0], len(before[1])).right + LANE_GAP:
                break
            groups.pop()
            before[1].extend(last[1])
    return tuple(More(x, f"+{len(keys)} more", box(x, len(keys)), tuple(keys))
                 for x, keys in groups)


def _more_box(x: float, count: int, *, y: float, width: int, text_h: float, measure: Measure) -> Box:
    w = measure(f"+{count} more")[0]
    return Box(min(x, max(0.0, width - w)), y, w, text_h)


def _alt_text(events: Sequence[EventRef], undated: tuple[EventRef, ...]) -> str:
    lines = [f"{e.when.label}: {e.title}" for e in events if e not in undated]
    if undated:
        lines.append("Not dated in the source: " + "; ".join(e.title for e in undated))
    return "\n".join(lines)

