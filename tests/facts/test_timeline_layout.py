"""The timeline picture's layout, tested without drawing: lanes, label boxes, marks by precision, ticks."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date
from itertools import combinations
from pathlib import Path

import pytest

from benchmarks.generate_pack import generate
from facts.dates import DateSpan, Precision, parse_span
from facts.models import EventRef, When
from facts.pack import load_packs
from facts.store import FactStore
from facts.timeline import Box, Layout, Mark, approximate, clip, layout, ticks
from facts.timeline.layout import MIN_BAR

WIDTHS = (480, 800, 1200)


def ref(key: str, text: str | None, title: str | None = None, *, anchor: str | None = None,
        relation: str | None = None) -> EventRef:
    span = parse_span(text) if text else None
    return EventRef(key, title or f"Event {key}", When(span, anchor, f"Event {anchor}" if anchor else None,
                                                       None, relation))


def overlapping(boxes: Sequence[Box]) -> list[tuple[Box, Box]]:
    return [(a, b) for a, b in combinations(boxes, 2) if a.intersects(b)]


def assert_sound(result: Layout, events: Sequence[EventRef]) -> None:
    """No label boxes overlap, all lie inside the picture, and every event is drawn, folded or listed."""
    labels = [m.box for m in result.marks] + [m.box for m in result.more]
    assert overlapping(labels) == []
    assert overlapping([t.box for t in result.ticks]) == []
    for box in [*labels, *(t.box for t in result.ticks)]:
        assert 0 <= box.x <= box.right <= result.width, box
        assert 0 <= box.y <= box.bottom <= result.height, box
    assert len(result.marks) + result.folded + len(result.undated) == len(events)
    assert all(m.lane < result.lanes for m in result.marks)


def mark(result: Layout, key: str) -> Mark:
    return next(m for m in result.marks if m.key == key)


async def all_pages(store: FactStore) -> list[tuple[EventRef, ...]]:
    first = await store.timeline(per_page=10)
    pages = [first.items]
    for page in range(2, first.pages + 1):
        pages.append((await store.timeline(page=page, per_page=10)).items)
    return pages


# ------------------------------------------------------------------------------------------- real pages

@pytest.mark.parametrize("width", WIDTHS)
async def test_no_label_boxes_intersect_on_any_page_of_the_shipped_pack(store: FactStore, width: int):
    pages = await all_pages(store)
    assert len(pages) >= 4
    placed = 0
    for items in pages:
        result = layout(items, width=width)
        assert_sound(result, items)
        placed += sum(m.placed for m in result.marks)
    assert placed > 0  # the shipped pack's "after"/"before" events were drawn as placements


@pytest.mark.parametrize("width", WIDTHS)
async def test_no_label_boxes_intersect_on_any_page_of_a_generated_pack(tmp_path: Path, width: int):
    pack_file = generate(tmp_path / "pack", events=120, people=20)
    opened = await FactStore.open(tmp_path / "generated.db", packs=load_packs([pack_file]))
    try:
        pages = await all_pages(opened)
        everything = (await opened.timeline(per_page=120)).items
    finally:
        await opened.close()
    assert len(pages) == 12
    for items in [*pages, everything]:
        assert_sound(layout(items, width=width), items)


def test_a_crowded_generated_page_folds_instead_of_overlapping(tmp_path: Path):
    events = [ref(f"e{n}", "1950-06-25" if n % 2 else "1950-06", f"A crowded title number {n}") for n in range(60)]
    result = layout(events, width=800, max_lanes=5)
    assert_sound(result, events)
    assert result.lanes == 5
    assert result.folded == 60 - len(result.marks) > 0


# ---------------------------------------------------------------------------------------- precisions

def test_a_day_is_a_point_inside_its_day():
    events = [ref("a", "1950-06-25"), ref("b", "1950-07-27")]
    result = layout(events, width=800)
    day = mark(result, "a")
    assert result.axis is not None
    assert day.kind == "point"
    assert day.x0 == day.x1
    assert result.axis.x(date(1950, 6, 25)) < day.x < result.axis.x(date(1950, 6, 26))


def test_a_month_bar_covers_exactly_its_month():
    events = [ref("m", "1950-06"), ref("d", "1950-01-01"), ref("e", "1950-12-31")]
    result = layout(events, width=800)
    bar, axis = mark(result, "m"), result.axis
    assert axis is not None
    assert bar.kind == "bar"
    assert bar.span == parse_span("1950-06")
    assert bar.x0 == pytest.approx(axis.x(date(1950, 6, 1)))
    assert bar.x1 == pytest.approx(axis.x(date(1950, 7, 1)))
    assert bar.x1 - bar.x0 > MIN_BAR


@pytest.mark.parametrize(("text", "precision"), [
    ("1945-08-10/1945-08-11", Precision.DAYS), ("1949-10/1950-06", Precision.MONTHS),
    ("winter 1949-50", Precision.SEASON), ("1948", Precision.YEAR), ("1945-48", Precision.YEARS),
])
def test_ranges_are_bars_of_their_real_length_at_least_visible(text: str, precision: Precision):
    events = [ref("r", text), ref("x", "1940-01-01"), ref("y", "1955-12-31")]
    result = layout(events, width=800)
    bar, axis = mark(result, "r"), result.axis
    assert axis is not None
    assert bar.span is not None
    assert bar.span.precision is precision
    real0, real1 = axis.span_x(bar.span)
    assert bar.kind == "bar"
    assert not bar.faint
    assert bar.x0 <= real0 + 1e-9
    assert bar.x1 >= real1 - 1e-9
    assert bar.x1 - bar.x0 == pytest.approx(max(MIN_BAR, real1 - real0))  # and no more than it needs


def test_a_decade_is_a_faint_band_of_its_ten_years():
    events = [ref("dec", "the 1980s"), ref("y", "1994")]
    result = layout(events, width=800)
    band, axis = mark(result, "dec"), result.axis
    assert axis is not None
    assert band.kind == "band"
    assert band.faint
    assert band.x0 == pytest.approx(axis.x(date(1980, 1, 1)))
    assert band.x1 == pytest.approx(axis.x(date(1990, 1, 1)))
    assert not mark(result, "y").faint


def test_an_after_event_is_placed_after_its_anchor_with_a_dashed_link_and_no_date():
    events = [ref("anchor", "1950-06-25"), ref("later", None, anchor="anchor", relation="after"),
              ref("end", "1950-09-15")]
    result = layout(events, width=800)
    anchor, placed = mark(result, "anchor"), mark(result, "later")
    assert placed.kind == "placed"
    assert placed.placed
    assert not placed.edge
    assert placed.x > anchor.x1
    assert placed.dashed_to == "anchor"
    assert placed.relation == "after"
    assert placed.span is None
    assert not any(isinstance(getattr(placed, f.name), date | DateSpan) for f in dataclasses.fields(placed))


def test_a_before_event_is_placed_before_its_anchor():
    events = [ref("start", "1950-01-01"), ref("anchor", "1950-06-25"),
              ref("earlier", None, anchor="anchor", relation="before")]
    result = layout(events, width=800)
    assert mark(result, "earlier").x < mark(result, "anchor").x0
    assert mark(result, "earlier").dashed_to == "anchor"


def test_an_event_whose_anchor_is_off_the_page_sits_at_the_edge_on_the_anchors_side():
    events = [ref("a", "1950-06-25"), ref("b", "1950-09-15"),
              ref("after", None, anchor="elsewhere", relation="after"),
              ref("before", None, anchor="elsewhere", relation="before")]
    result = layout(events, width=800)
    after, before, first, last = (mark(result, k) for k in ("after", "before", "a", "b"))
    assert after.edge
    assert after.placed
    assert after.dashed_to is None
    assert after.span is None
    assert before.edge
    assert before.placed
    assert before.dashed_to is None
    assert before.span is None
    assert after.x < first.x0
    assert before.x > last.x1


def test_an_undated_event_is_listed_apart_not_drawn():
    events = [ref("a", "1950-06-25"), ref("u", None, "Nobody knows when")]
    result = layout(events, width=800)
    assert [e.key for e in result.undated] == ["u"]
    assert [m.key for m in result.marks] == ["a"]
    assert "Nobody knows when" in result.alt_text


# ---------------------------------------------------------------------------------------------- ticks

@pytest.mark.parametrize(("start", "end", "units"), [
    (date(1950, 6, 1), date(1950, 6, 7), {"day"}),
    (date(1950, 1, 1), date(1950, 12, 31), {"month", "week"}),
    (date(1950, 1, 1), date(1959, 12, 31), {"year"}),
    (date(1, 1, 1), date(2000, 12, 31), {"year"}),
])
@pytest.mark.parametrize("width", [640, 800, 1200, 4000])
def test_ticks_suit_the_span_and_their_labels_do_not_overlap(start: date, end: date, units: set[str], width: int):
    result = ticks(start, end, width)
    assert len(result) >= 2
    assert {t.step.unit for t in result} <= units
    assert overlapping([t.box for t in result]) == []
    assert all(t.box.x >= 0 and t.box.right <= width for t in result)
    assert [t.at for t in result] == sorted(t.at for t in result)
    assert all(start <= t.at <= end for t in result)
    if (end - start).days > 1000 * 365:
        assert all(t.step.n >= 100 for t in result)  # centuries or more
    if end.year - start.year == 9:
        assert [t.at.year for t in result] == list(range(1950, 1960))  # every year of the decade


def test_ticks_for_a_year_are_months_at_the_first_of_each():
    result = ticks(date(1950, 1, 1), date(1950, 12, 31), 1200)
    assert {t.step.unit for t in result} == {"month"}
    assert all(t.at.day == 1 for t in result)
    assert result[0].label == "Jan 1950"


def test_a_narrow_picture_still_gets_ticks_that_do_not_overlap():
    result = ticks(date(1950, 6, 1), date(1950, 6, 7), 60)
    assert result
    assert overlapping([t.box for t in result]) == []


def test_the_layouts_ticks_run_along_its_axis():
    events = [ref("a", "1950-06-25"), ref("b", "1953-07-27")]
    result = layout(events, width=800)
    assert result.axis is not None
    assert result.ticks
    for tick in result.ticks:
        assert tick.x == pytest.approx(result.axis.x(tick.at))


def clumped_page() -> list[EventRef]:
    """One event long before a clump: the shape of the shipped pack's first page."""
    return [ref("early", "1895", "Long before"),
            *(ref(f"c{n}", f"194{5 + n % 5}-0{1 + n % 9}-1{n % 10}", f"Clumped event {n}") for n in range(9))]


def test_a_long_empty_gap_is_cut_out_of_the_axis_and_the_clump_gets_the_width():
    result = layout(clumped_page(), width=800)
    axis = result.axis
    assert axis is not None
    assert len(axis.segments) == 2
    (early, clump), ((gap_left, gap_right),) = axis.segments, axis.breaks
    assert early.start <= date(1895, 1, 1)
    assert date(1895, 12, 31) <= early.end < date(1900, 1, 1)
    assert clump.start.year in {1944, 1945}
    assert early.right <= gap_left < gap_right <= clump.left  # a visible break between them
    assert clump.right - clump.left > 0.75 * (axis.right - axis.left)
    assert_sound(result, clumped_page())
    for tick in result.ticks:  # each segment ticks itself, on the axis
        assert tick.x == pytest.approx(axis.x(tick.at))
        assert any(s.start <= tick.at <= s.end for s in axis.segments)
    assert {t.at.year for t in result.ticks if t.x < gap_left} <= {1895, 1896}


def test_inside_a_segment_days_keep_one_width_so_bars_keep_their_real_lengths():
    events = [*clumped_page(), ref("m1", "1947-03", "A month"), ref("m2", "1949-03", "Another month")]
    result = layout(events, width=800)
    a, b = mark(result, "m1"), mark(result, "m2")
    assert a.x1 - a.x0 == pytest.approx(b.x1 - b.x0)  # two Marches, 31 days each
    assert result.axis is not None
    assert a.x0 == pytest.approx(result.axis.x(date(1947, 3, 1)))


def test_a_clump_cut_off_from_an_outlier_is_cut_again_on_its_own_scale():
    events = [ref("early", "1895"), *(ref(f"a{n}", f"1945-08-{10 + n}") for n in range(6)),
              ref("b1", "1948-08-15"), ref("b2", "1949-06")]
    result = layout(events, width=1000)
    assert result.axis is not None
    segments = result.axis.segments
    assert len(segments) == 3
    for key, index in (("early", 0), ("a0", 1), ("a5", 1), ("b1", 2), ("b2", 2)):  # the two lone ones stay together
        span = next(e.when.span for e in events if e.key == key)
        assert span is not None
        assert segments[index].start <= span.start <= span.end <= segments[index].end, key
    widths = [s.right - s.left for s in result.axis.segments]
    assert widths[1] == max(widths)  # six events get the most room
    assert_sound(result, events)


def test_events_spread_over_the_span_get_one_unbroken_axis():
    events = [ref(f"y{year}", str(year)) for year in range(1900, 2000, 15)]
    result = layout(events, width=800)
    assert result.axis is not None
    assert len(result.axis.segments) == 1
    assert result.axis.breaks == ()


def test_a_picture_too_narrow_for_every_segment_keeps_one_axis():
    events = [ref("a", "1000"), ref("b", "1500"), ref("c", "1950"), ref("d", "2020")]
    assert result_segments(layout(events, width=1200)) == 2  # cut once: the three later ones, each alone, stay
    assert result_segments(layout(events, width=200)) == 1
    assert_sound(layout(events, width=200), events)


def result_segments(result: Layout) -> int:
    return len(result.axis.segments) if result.axis else 0


# ---------------------------------------------------------------------------------------------- odd inputs

def test_one_event():
    events = [ref("only", "1950-06-25")]
    result = layout(events, width=800)
    assert_sound(result, events)
    assert result.lanes == 1
    assert len(result.marks) == 1
    assert result.ticks
    assert result.axis is not None
    assert result.axis.start < date(1950, 6, 25) < result.axis.end


def test_a_hundred_events_on_one_day_stack_then_fold_into_more():
    events = [ref(f"e{n:03d}", "1950-06-25", f"Something happened, number {n}") for n in range(100)]
    result = layout(events, width=800, max_lanes=8)
    assert_sound(result, events)
    assert result.lanes == 8
    assert len(result.marks) == 8
    assert result.folded == 92
    assert [m.label for m in result.more] == ["+92 more"]
    unfolded = layout(events[:8], width=800, max_lanes=8)
    assert result.height > unfolded.height  # the "+N more" row is in the picture
    assert result.height < 400


def test_a_range_of_two_thousand_years_ticks_in_centuries():
    events = [ref("old", "0640s", "Something in the 640s"), ref("a", "1", "Year one"), ref("b", "2000"),
              *(ref(f"y{year}", str(year)) for year in (400, 1000, 1400, 1700))]
    result = layout(events, width=800)
    assert len(result.axis.segments) == 1 if result.axis else False  # no gap is long enough to cut
    assert_sound(result, events)
    assert result.ticks
    assert all(t.step.unit == "year" and t.step.n >= 100 for t in result.ticks)
    assert mark(result, "old").kind == "band"


def test_only_after_events_are_all_placed_in_order_without_an_axis():
    events = [ref("first", None, anchor="off_page", relation="after"),
              ref("second", None, anchor="first", relation="after"),
              ref("third", None, anchor="second", relation="after")]
    result = layout(events, width=800)
    assert_sound(result, events)
    assert result.axis is None
    assert result.ticks == ()
    first, second, third = (mark(result, k) for k in ("first", "second", "third"))
    assert first.edge
    assert first.dashed_to is None
    assert second.dashed_to == "first"
    assert third.dashed_to == "second"
    assert first.x < second.x < third.x
    assert all(m.placed and m.span is None for m in result.marks)


def test_after_events_anchored_on_each_other_in_a_cycle_still_lay_out():
    events = [ref("a", None, anchor="b", relation="after"), ref("b", None, anchor="a", relation="after")]
    result = layout(events, width=800)
    assert_sound(result, events)
    assert len(result.marks) == 2


def test_long_titles_are_clipped_with_an_ellipsis_and_kept_whole_for_alt_text():
    title = "A very long title " * 11 + "ending"
    assert len(title) > 200
    events = [ref("long", "1950-06-25", title), ref("b", "1950-07-01", "Short")]
    result = layout(events, width=800, max_label_width=240)
    assert_sound(result, events)
    long_mark = mark(result, "long")
    assert long_mark.label.endswith("…")
    assert len(long_mark.label) < len(title)
    assert long_mark.box.w <= 240
    assert long_mark.title == title
    assert title in result.alt_text
    assert mark(result, "b").label == "Short"


def test_non_latin_titles_are_measured_and_never_overlap():
    titles = ["한국전쟁 발발", "朝鲜战争爆发", "Корейская война", "الحرب الكورية", "कोरियाई युद्ध"]
    events = [ref(f"t{n}", f"1950-06-{25 + n}", t) for n, t in enumerate(titles)]
    result = layout(events, width=800)
    assert_sound(result, events)
    assert mark(result, "t0").box.w == approximate("한국전쟁 발발")[0] > 7 * len("한국전쟁 발발")  # wide glyphs
    assert [m.label for m in result.marks] == titles


def test_the_injected_measure_decides_the_label_boxes():
    events = [ref("a", "1950-06-25", "Wide"), ref("b", "1950-06-26", "Wide too"), ref("c", "1953-07-27", "W")]
    seen: list[str] = []

    def measure(text: str) -> tuple[float, float]:
        seen.append(text)
        return 30.0 * len(text), 20.0

    result = layout(events, width=800, measure=measure)
    assert_sound(result, events)
    assert mark(result, "a").box.w == 120
    assert mark(result, "a").box.h == 20
    assert {"Wide", "Wide too"} <= set(seen)
    assert mark(result, "a").lane != mark(result, "b").lane  # wide labels a day apart in three years
    apart = [ref("a", "1950-06-25", "Wide"), ref("b", "1951-06-25", "Wide"), ref("c", "1953-07-27", "W")]
    assert mark(layout(apart, width=800, measure=measure), "b").lane == 0  # a year apart: room in one lane
    wider = layout(apart, width=800, measure=lambda t: (100.0 * len(t), 20.0), max_label_width=500)
    assert mark(wider, "b").lane == 1


def test_clip_keeps_what_fits_and_marks_what_it_cut():
    assert clip("Short", 100) == "Short"
    clipped = clip("x" * 50, 70)
    assert clipped == "x" * 9 + "…"
    assert approximate(clipped)[0] <= 70
