"""The timeline picture: a PNG that decodes at the layout's size, draws what the layout says, stays small, and
survives odd pages; and ``chronicle timeline --png`` writes it."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from bot.cli import EXIT_BAD_INPUT, main
from bot.timeline_picture import THEMES, font, layout_for, measure, picture_for, render_png
from facts.answers import TimelinePage
from facts.dates import parse_span
from facts.models import EventRef, When
from facts.store import FactStore
from facts.timeline import Box, Layout, Mark
from facts.timeline.layout import MARK_HEIGHT
from tests.bot.harness import copy_database

MAX_BYTES = 500 * 1024
DARK = THEMES["dark"]


def ref(key: str, text: str | None, title: str | None = None, *, anchor: str | None = None,
        relation: str | None = None) -> EventRef:
    span = parse_span(text) if text else None
    return EventRef(key, title or f"Event {key}", When(span, anchor, f"Event {anchor}" if anchor else None,
                                                       None, relation))


def page_of(events: list[EventRef]) -> TimelinePage:
    return TimelinePage(start=None, end=None, items=tuple(events), page=1, pages=1, total=len(events),
                        per_page=max(1, len(events)))


def decode(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    image.load()
    return image.convert("RGB")


def near(pixel: tuple[int, ...], colour: tuple[int, int, int], tolerance: int = 24) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=True))


def inked(image: Image.Image, background: tuple[int, int, int] = DARK.background) -> int:
    """How many pixels are not the card's background."""
    return sum(count for count, colour in image.getcolors(image.width * image.height) or []
               if not near(colour, background, 2))


@pytest.fixture
async def store(seeded_template: Path, tmp_path: Path) -> AsyncIterator[FactStore]:
    opened = await FactStore.open(copy_database(seeded_template, tmp_path / "chronicle.db"))
    try:
        yield opened
    finally:
        await opened.close()


# ---------------------------------------------------------------------------------------- the shipped pack

@pytest.mark.parametrize("width", [480, 1000, 1600])
async def test_the_png_decodes_at_the_width_asked_and_the_height_the_layout_reports(store: FactStore, width: int):
    page = await store.timeline(per_page=20)
    plan = layout_for(page.items, width=width)
    image = decode(render_png(plan))
    assert image.size == (width, plan.height)
    assert decode(picture_for(page, width)).size == (width, plan.height)


async def test_a_twenty_event_page_stays_under_500_kb(store: FactStore):
    page = await store.timeline(per_page=20)
    assert len(page.items) == 20
    for theme in THEMES:
        assert len(picture_for(page, theme=theme)) < MAX_BYTES


async def test_two_pages_of_the_shipped_pack_draw_different_pictures(store: FactStore):
    first, second = await store.timeline(per_page=10), await store.timeline(page=2, per_page=10)
    assert first.items != second.items
    one, two = decode(picture_for(first)), decode(picture_for(second))
    if one.size == two.size:
        assert one.tobytes() != two.tobytes()


async def test_label_boxes_hold_the_text_as_the_font_draws_it(store: FactStore):
    f = font()
    first = await store.timeline(per_page=100)
    for plan in (layout_for(first.items, width=480), layout_for(first.items, width=1000)):
        for mark in plan.marks:
            left, _, right, _ = f.getbbox(mark.label)
            assert left >= 0
            assert right <= mark.box.w + 0.5, (mark.label, right, mark.box.w)
            assert mark.box.w - right <= 2, (mark.label, right, mark.box.w)  # and no slack to speak of
        for tick in plan.ticks:
            assert f.getbbox(tick.label)[2] <= tick.box.w + 0.5


async def test_rendering_from_several_threads_gives_the_same_bytes(store: FactStore):
    pages = [await store.timeline(page=n, per_page=10) for n in (1, 2, 3)]
    serial = [picture_for(p) for p in pages]
    with ThreadPoolExecutor(max_workers=6) as pool:
        threaded = list(pool.map(picture_for, pages * 4))
    assert threaded == serial * 4


# --------------------------------------------------------------------------------- drawn as the layout says

def mark_of(plan: Layout, key: str) -> Mark:
    return next(m for m in plan.marks if m.key == key)


def test_each_precision_is_drawn_where_the_layout_puts_it():
    events = [ref("day", "1950-06-25"), ref("bar", "1948"), ref("band", "1940s"),
              ref("after", None, anchor="day", relation="after")]
    plan = layout_for(events)
    image = decode(render_png(plan))
    day, bar, band, after = (mark_of(plan, k) for k in ("day", "bar", "band", "after"))
    assert (day.kind, bar.kind, band.kind, after.kind) == ("point", "bar", "band", "placed")
    assert near(image.getpixel((round(day.x), round(day.y + MARK_HEIGHT / 2))), DARK.mark)
    assert near(image.getpixel((round(bar.x), round(bar.y + MARK_HEIGHT / 2))), DARK.mark)
    assert near(image.getpixel((round(band.x0) + 2, round(band.y + MARK_HEIGHT / 2))), DARK.band_edge)
    assert near(image.getpixel((round(band.x0) + 2, plan.height - 6)), DARK.band)  # faint, down to the bottom
    assert after.dashed_to == "day"
    top = round(after.y + MARK_HEIGHT / 2 - 5)  # the open diamond's top corner
    assert any(near(image.getpixel((round(after.x) + dx, top + dy)), DARK.placed)
               for dx in (-1, 0, 1) for dy in (0, 1, 2))
    assert inked(image.crop((int(after.x) - 6, int(after.y), int(after.x) + 7, int(after.y + MARK_HEIGHT)))) > 4


def test_a_placed_mark_is_joined_to_its_anchor_by_a_dashed_line():
    def placed(key: str, x: float, *, dashed_to: str | None = None) -> Mark:
        return Mark(key=key, title=key, label=key, kind="placed" if dashed_to else "point", x0=x, x1=x, lane=0,
                    y=30.0, box=Box(x, 40.0, 30.0, 16.0), span=None, placed=bool(dashed_to), dashed_to=dashed_to,
                    relation="after" if dashed_to else None)

    anchor, after = placed("anchor", 100.0), placed("after", 600.0, dashed_to="anchor")
    plan = Layout(width=800, height=80, axis=None, ticks=(), marks=(anchor, after), more=(), lanes=1, undated=(),
                  alt_text="")
    image = decode(render_png(plan))
    row = round(30.0 + MARK_HEIGHT / 2)
    dashes = [near(image.getpixel((x, row)), DARK.placed) for x in range(120, 580)]
    assert sum(dashes) > len(dashes) / 3  # a line runs from the anchor to the placed mark ...
    assert sum(dashes) < len(dashes) * 0.8  # ... and it is dashed
    unlinked = decode(render_png(dataclasses.replace(plan, marks=(anchor, dataclasses.replace(after,
                                                                                              dashed_to=None)))))
    assert not any(near(unlinked.getpixel((x, row)), DARK.placed) for x in range(120, 580))


def test_the_folded_events_get_a_more_marker_and_labels_are_drawn():
    events = [ref(f"e{i}", "1950-06-25", f"Event number {i}") for i in range(30)]
    plan = layout_for(events)
    assert plan.more
    image = decode(render_png(plan))
    box = plan.more[0].box
    marker = image.crop((int(box.x), int(box.y), int(box.right) + 1, int(box.bottom) + 1))
    assert inked(marker) > 20  # "+N more" is drawn in its box
    label = plan.marks[0].box
    text = image.crop((int(label.x), int(label.y), int(label.right) + 1, int(label.bottom) + 1))
    assert inked(text) > 20


def test_the_light_card_differs_and_an_unknown_theme_is_refused():
    plan = layout_for([ref("a", "1950-06-25"), ref("b", "1951")])
    dark, light = decode(render_png(plan)), decode(render_png(plan, theme="light"))
    assert near(dark.getpixel((plan.width - 2, plan.height - 2)), DARK.background, 2)
    assert near(light.getpixel((plan.width - 2, plan.height - 2)), THEMES["light"].background, 2)
    with pytest.raises(ValueError, match="Unknown timeline theme"):
        render_png(plan, theme="sepia")


# ---------------------------------------------------------------------------------------------- odd inputs

ODD = {
    "one event": [ref("a", "1950-06-25")],
    "100 events on one day": [ref(f"e{i}", "1950-06-25", f"Event {i} on the same day") for i in range(100)],
    "only after events": [ref("a", None, anchor="x", relation="after"), ref("b", None, anchor="a",
                                                                              relation="after")],
    "a 200-character title": [ref("a", "1950-06", "W" * 200), ref("b", "1950-07-01")],
    "non-Latin titles": [ref("a", "1950-06-25", "朝鲜战争爆发"), ref("b", "1950-09-15", "인천 상륙 작전"),
                         ref("c", "1950-10", "Корейская война"), ref("d", "1951", "الحرب الكورية")],
    "2,000 years": [ref("a", "0050"), ref("b", "2049")],
    "nothing dated": [EventRef("u", "Undated thing", When(None))],
    "nothing at all": [],
}


@pytest.mark.parametrize("events", ODD.values(), ids=ODD.keys())
def test_odd_pages_render_at_the_layout_size(events: list[EventRef]):
    plan = layout_for(events)
    png = picture_for(page_of(events))
    image = decode(png)
    assert image.size == (1000, plan.height)
    assert len(png) < MAX_BYTES
    if plan.marks:
        assert inked(image) > 50


def test_measure_is_one_line_tall_and_grows_with_the_text():
    width, height = measure("Korea")
    assert measure("")[0] == 0
    assert measure("Korea, 1950")[0] > width > 0
    assert measure("朝鲜")[1] == height == measure("x")[1]


# ------------------------------------------------------------------------------------------------- the CLI

def test_the_cli_writes_a_decodable_png_of_the_page(capsys, seeded_template: Path, tmp_path: Path):
    db = copy_database(seeded_template, tmp_path / "chronicle.db")
    target = tmp_path / "timeline.png"
    code = main(["timeline", "--from", "1945", "--to", "1950", "--png", str(target), "--db", str(db)])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    image = decode(target.read_bytes())
    assert image.width == 1000
    assert out == f"Wrote {target} (1000×{image.height}, {max(1, round(target.stat().st_size / 1024))} KB)\n"


def test_the_cli_text_is_unchanged_without_png(capsys, seeded_template: Path, tmp_path: Path):
    db = copy_database(seeded_template, tmp_path / "chronicle.db")
    code = main(["timeline", "--from", "1945", "--to", "1950", "--db", str(db)])
    out, _ = capsys.readouterr()
    assert code == 0
    assert out.startswith("Timeline 1945 – 1950: ")
    assert list(tmp_path.glob("*.png")) == []


@pytest.mark.parametrize(("target", "message"), [
    ("missing/folder/t.png", "chronicle: cannot write {path}: No such file or directory\n"),
    (".", "chronicle: cannot write {path}: Is a directory\n"),
])
def test_an_unwritable_png_path_is_a_one_line_error(capsys, seeded_template: Path, tmp_path: Path, target: str,
                                                    message: str):
    db = copy_database(seeded_template, tmp_path / "chronicle.db")
    path = tmp_path / target
    code = main(["timeline", "--png", str(path), "--db", str(db)])
    out, err = capsys.readouterr()
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert err == message.format(path=path)


def test_png_and_json_together_are_refused(capsys, seeded_template: Path, tmp_path: Path):
    db = copy_database(seeded_template, tmp_path / "chronicle.db")
    code = main(["timeline", "--png", str(tmp_path / "t.png"), "--json", "--db", str(db)])
    _, err = capsys.readouterr()
    assert code == EXIT_BAD_INPUT
    assert err.count("\n") == 1
    assert "--png" in err
    assert not (tmp_path / "t.png").exists()


SCREENSHOTS = Path(__file__).resolve().parents[2] / "seeds" / "screenshots"


@pytest.mark.parametrize(("name", "args"), [
    ("timeline-1945-1950.png", ["--from", "1945", "--to", "1950"]),
    ("timeline-page-1.png", []),
    ("timeline-page-2.png", ["--page", "2"]),
])
def test_the_readmes_screenshots_are_what_the_cli_draws_now(capsys, seeded_template: Path, tmp_path: Path,
                                                             name: str, args: list[str]):
    """If this fails after a change to the drawing, redraw them (seeds/screenshots/README.md)."""
    db = copy_database(seeded_template, tmp_path / "chronicle.db")
    target = tmp_path / name
    assert main(["timeline", *args, "--png", str(target), "--db", str(db)]) == 0
    capsys.readouterr()
    drawn, committed = decode(target.read_bytes()), decode((SCREENSHOTS / name).read_bytes())
    assert committed.size == drawn.size, f"{name} is out of date: redraw it"
    same = ImageChops.difference(drawn, committed).convert("L").histogram()[0]  # pixels that did not change
    # Identical with the Pillow this was drawn with; another FreeType may shade the text's edges differently
    assert same / (drawn.width * drawn.height) > 0.97, f"{name} is out of date: redraw it"
