"""Drawing a timeline page: :func:`facts.timeline.layout` decides where everything goes, this turns it into a PNG.

Nothing is decided here that the layout did not say: a point for a day, a bar for a month, season or range,
a faint band for a decade, an open marker for an undated "after"/"before" event with a dashed link to its
anchor (or an arrow to the page's edge when the anchor is not on the page), "+N more" markers, the axis and
its ticks, and each label at its box.

The font is Pillow's own scalable default (``ImageFont.load_default(size=...)``, shipped inside the wheel
since Pillow 10.1): nothing is downloaded or read from the system. Glyphs it lacks (CJK, for instance) are
drawn as its "missing glyph" box, a clear stand-in. :func:`measure` uses the same font, so a layout made
through :func:`layout_for` has boxes that fit the drawn text.

Colours: the picture is an opaque card, never transparent, so it reads the same in Discord's dark and light
themes. The default "dark" card is Discord's own dark surface (#2b2d31) with light text: on the dark theme
it sits like an embed, on the light theme like a dark card. A "light" card (white, dark text) is there for
places that want one.

Rendering is plain CPU work on objects made per call; the font is cached per thread (FreeType faces are not
shared between threads), so :func:`render_png` is safe to call from ``asyncio.to_thread``.
"""

from __future__ import annotations

import functools
import io
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from facts.answers import TimelinePage
from facts.models import EventRef
from facts.timeline import Box, Layout, Mark, layout
from facts.timeline.layout import MARK_HEIGHT, POINT

log = logging.getLogger(__name__)

FONT_SIZE = 13
DEFAULT_WIDTH = 1000
PALETTE_COLOURS = 64  # the PNG is quantised to this many colours: flat shapes and anti-aliased text fit well

RGB = tuple[int, int, int]
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@dataclass(frozen=True, slots=True)
class Theme:
    background: RGB
    text: RGB
    muted: RGB  # tick labels, "+N more"
    axis: RGB
    grid: RGB
    mark: RGB  # points and bars
    band: RGB  # a decade's faint band (already blended with the background: no alpha needed)
    band_edge: RGB
    placed: RGB  # undated "after"/"before" events and their dashed links


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    """``a`` with ``t`` of ``b`` blended in."""
    r, g, bl = (round(x + (y - x) * t) for x, y in zip(a, b, strict=True))
    return r, g, bl


_DARK_BG, _LIGHT_BG = (0x2B, 0x2D, 0x31), (0xFF, 0xFF, 0xFF)
_BLURPLE, _AMBER = (0x58, 0x65, 0xF2), (0xF0, 0xB2, 0x32)
THEMES = {
    "dark": Theme(background=_DARK_BG, text=(0xF2, 0xF3, 0xF5), muted=(0xB5, 0xBA, 0xC1), axis=(0x94, 0x9B, 0xA4),
                  grid=_mix(_DARK_BG, (0x94, 0x9B, 0xA4), 0.18), mark=(0x8E, 0x9B, 0xFF),
                  band=_mix(_DARK_BG, _BLURPLE, 0.22), band_edge=_mix(_DARK_BG, _BLURPLE, 0.55), placed=_AMBER),
    "light": Theme(background=_LIGHT_BG, text=(0x31, 0x33, 0x38), muted=(0x4E, 0x50, 0x58), axis=(0x6D, 0x6F, 0x78),
                   grid=_mix(_LIGHT_BG, (0x6D, 0x6F, 0x78), 0.18), mark=_BLURPLE,
                   band=_mix(_LIGHT_BG, _BLURPLE, 0.14), band_edge=_mix(_LIGHT_BG, _BLURPLE, 0.45),
                   placed=(0xB5, 0x7A, 0x00)),
}

_local = threading.local()


def font() -> Font:
    """The label font, one per thread (a FreeType face must not be used by two threads at once)."""
    cached: Font | None = getattr(_local, "font", None)
    if cached is None:
        cached = ImageFont.load_default(size=FONT_SIZE)
        _local.font = cached
    return cached


def measure(text: str) -> tuple[float, float]:
    """``(width, height)`` of ``text`` in the drawing font; every line is one line-height tall.

    The width is the sum of the glyphs' advances up to the last one plus the last glyph's ink (its getbbox
    right edge), each glyph measured once and remembered: measuring whole strings costs about 20 µs a
    character, and a layout measures hundreds of prefixes while clipping labels. Kerning can only make the
    drawn text narrower than this (the font's kerning pairs tighten), so the box always holds the text.
    """
    height = _line_height()
    if not text:
        return 0.0, height
    advance, ink = _glyphs(text)
    return sum(advance[c] for c in text[:-1]) + ink[text[-1]], height


_ADVANCE: dict[str, float] = {}
_INK: dict[str, float] = {}  # a glyph's getbbox right edge: its ink may pass its advance


def _glyphs(text: str) -> tuple[dict[str, float], dict[str, float]]:
    missing = set(text).difference(_ADVANCE)
    if missing:
        f = font()
        for c in missing:  # dict writes are atomic; two threads measuring the same glyph agree
            _INK[c] = float(max(f.getbbox(c)[2], 0))
            _ADVANCE[c] = float(f.getlength(c))
    return _ADVANCE, _INK


@functools.cache
def _line_height() -> float:
    f = font()
    if isinstance(f, ImageFont.FreeTypeFont):
        ascent, descent = f.getmetrics()
        return float(ascent + descent)
    return float(f.getbbox("Ag")[3])  # the bitmap fallback, when Pillow was built without FreeType


def layout_for(events: Sequence[EventRef], *, width: int = DEFAULT_WIDTH) -> Layout:
    """The layout of ``events`` with boxes measured in the drawing font."""
    return layout(events, width=width, measure=measure)


def picture_for(page: TimelinePage, width: int = DEFAULT_WIDTH, *, theme: str = "dark") -> bytes:
    """The PNG of a timeline page: its layout in the drawing font, rendered."""
    return render_png(layout_for(page.items, width=width), theme=theme)


def render_png(plan: Layout, *, theme: str = "dark") -> bytes:
    """Draw ``plan`` exactly as laid out and return it as an optimised, palette PNG."""
    try:
        colours = THEMES[theme]
    except KeyError:
        raise ValueError(f"Unknown timeline theme {theme!r}; choose one of {', '.join(THEMES)}.") from None
    f = font()
    image = Image.new("RGB", (plan.width, max(1, plan.height)), colours.background)
    draw = ImageDraw.Draw(image)
    axis_y = _axis_y(plan)
    bottom = plan.height - 4

    for mark in plan.marks:  # decades first: faint bands behind everything
        if mark.kind == "band":
            draw.rectangle((mark.x0, axis_y + 1, mark.x1, bottom), fill=colours.band)
            draw.rectangle((mark.x0, mark.y, mark.x1, mark.y + MARK_HEIGHT), fill=colours.band_edge)  # its row
    if plan.axis is not None:
        for segment in plan.axis.segments:
            draw.line((segment.left, axis_y, segment.right, axis_y), fill=colours.axis, width=1)
        for left, right in plan.axis.breaks:  # "//": time cut out of the axis
            for x in (left + (right - left) / 3, left + 2 * (right - left) / 3):
                draw.line((x - 2, axis_y + 4, x + 2, axis_y - 4), fill=colours.axis, width=1)
        labels = [m.box for m in plan.marks] + [m.box for m in plan.more]
        for tick in plan.ticks:
            _grid_line(draw, tick.x, axis_y + 4, bottom, colours.grid, under=labels)
            draw.line((tick.x, axis_y - 3, tick.x, axis_y + 3), fill=colours.axis, width=1)
            draw.text((tick.box.x, tick.box.y), tick.label, font=f, fill=colours.muted)

    by_key = {m.key: m for m in plan.marks}
    labels = [m.box for m in plan.marks] + [m.box for m in plan.more]
    for mark in plan.marks:  # links under the marks they join, and hidden behind labels
        anchor = by_key.get(mark.dashed_to) if mark.dashed_to else None
        if anchor is not None:
            end_x = anchor.x1 if mark.relation != "before" else anchor.x0
            _dashed(draw, (end_x, _middle(anchor)), (mark.x, _middle(mark)), colours.placed, under=labels)
    for mark in plan.marks:
        _mark(draw, mark, colours)
        draw.text((mark.box.x, mark.box.y), mark.label, font=f, fill=colours.text)
    for more in plan.more:
        draw.text((more.box.x, more.box.y), more.label, font=f, fill=colours.muted)

    out = io.BytesIO()
    picture = image.quantize(colors=PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    picture.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _axis_y(plan: Layout) -> float:
    """The axis runs between the tick labels' row and the first lane."""
    first_lane = min((m.y for m in plan.marks), default=None)
    if first_lane is not None:
        return first_lane - 5
    label_bottom = max((t.box.bottom for t in plan.ticks), default=0.0)
    return label_bottom + 5


def _middle(mark: Mark) -> float:
    return mark.y + MARK_HEIGHT / 2


def _mark(draw: ImageDraw.ImageDraw, mark: Mark, colours: Theme) -> None:
    y0, y1, middle = mark.y, mark.y + MARK_HEIGHT, _middle(mark)
    if mark.kind == "point":
        draw.ellipse((mark.x - POINT, middle - POINT, mark.x + POINT, middle + POINT), fill=colours.mark)
    elif mark.kind == "bar":
        draw.rounded_rectangle((mark.x0, y0, max(mark.x1, mark.x0 + 1), y1), radius=2, fill=colours.mark)
    elif mark.kind == "band":
        return  # drawn first, behind the lanes: its lane slot holds only its label
    else:  # "placed": an open diamond (a placement, not a date)
        r = POINT + 0.5
        diamond = [(mark.x, middle - r), (mark.x + r, middle), (mark.x, middle + r), (mark.x - r, middle)]
        draw.polygon(diamond, outline=colours.placed, width=2)
        if mark.edge:  # the anchor is off the page, on the side this arrow points to
            direction = -1 if mark.relation != "before" else 1
            tip = mark.x + direction * (r + 6)
            draw.polygon([(tip, middle), (tip - direction * 4, middle - 3), (tip - direction * 4, middle + 3)],
                         fill=colours.placed)


def _dashed(draw: ImageDraw.ImageDraw, start: tuple[float, float], end: tuple[float, float], colour: RGB, *,
            under: Sequence[Box] = (), dash: float = 4.0, gap: float = 3.0) -> None:
    """A dashed line from ``start`` to ``end``; dashes that would cross a box of ``under`` are left out."""
    (x0, y0), (x1, y1) = start, end
    length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
    if length == 0:
        return
    dx, dy = (x1 - x0) / length, (y1 - y0) / length
    at = 0.0
    while at < length:
        stop = min(at + dash, length)
        a, b = (x0 + dx * at, y0 + dy * at), (x0 + dx * stop, y0 + dy * stop)
        if not any(_touches(box, a) or _touches(box, b) for box in under):
            draw.line((*a, *b), fill=colour, width=1)
        at = stop + gap


def _grid_line(draw: ImageDraw.ImageDraw, x: float, top: float, bottom: float, colour: RGB, *,
               under: Sequence[Box]) -> None:
    """A vertical line from ``top`` to ``bottom`` at ``x``, broken where it would cross a label."""
    cuts = sorted((box.y - 1, box.bottom + 1) for box in under if box.x - 1 <= x <= box.right + 1)
    y = top
    for cut_top, cut_bottom in cuts:
        if cut_top > y:
            draw.line((x, y, x, min(cut_top, bottom)), fill=colour, width=1)
        y = max(y, cut_bottom)
    if y < bottom:
        draw.line((x, y, x, bottom), fill=colour, width=1)


def _touches(box: Box, point: tuple[float, float], margin: float = 1.5) -> bool:
    x, y = point
    return box.x - margin <= x <= box.right + margin and box.y - margin <= y <= box.bottom + margin
