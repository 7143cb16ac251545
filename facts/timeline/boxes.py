"""Label boxes and text measuring: the only thing the layout needs to know about fonts."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

Measure = Callable[[str], tuple[float, float]]
"""``measure(text) -> (width, height)`` in pixels, as the renderer's font would draw ``text``."""

ELLIPSIS = "…"
CHAR_WIDTH = 7.0
LINE_HEIGHT = 14.0


@dataclass(frozen=True, slots=True)
class Box:
    """An axis-aligned rectangle in picture pixels (``y`` grows downwards)."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def intersects(self, other: Box) -> bool:
        """True when the two boxes share some area (touching edges do not count)."""
        return (self.x < other.right and other.x < self.right
                and self.y < other.bottom and other.y < self.bottom)

    def shifted(self, dx: float = 0.0, dy: float = 0.0) -> Box:
        return Box(self.x + dx, self.y + dy, self.w, self.h)


def approximate(text: str) -> tuple[float, float]:
    """A deterministic stand-in for a font: 7 px a character (14 for wide East Asian ones) by 14 px."""
    width = sum(2 * CHAR_WIDTH if unicodedata.east_asian_width(c) in ("W", "F") else CHAR_WIDTH for c in text)
    return width, LINE_HEIGHT


def clip(text: str, max_width: float, measure: Measure = approximate) -> str:
    """``text`` if it fits in ``max_width``, else its longest prefix that fits with an ellipsis."""
    if measure(text)[0] <= max_width:
        return text
    lo, hi = 0, len(text)  # the longest prefix length n with prefix + "…" fitting lies in [lo, hi)
    while lo < hi - 1:
        mid = (lo + hi) // 2
        if measure(text[:mid].rstrip() + ELLIPSIS)[0] <= max_width:
            lo = mid
        else:
            hi = mid
    return text[:lo].rstrip() + ELLIPSIS
