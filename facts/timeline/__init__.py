"""A timeline picture's layout, as plain data: the axis, the marks, their label lanes and the ticks.

Nothing here draws. ``layout`` (marks by precision, lanes, folding), ``ticks`` (tick steps that suit the
span) and ``boxes`` (label boxes, text measuring and clipping) are pure and tested without pixels; a
renderer turns a :class:`Layout` into an image.
"""

from __future__ import annotations

from facts.timeline.axis import Axis, Segment
from facts.timeline.boxes import Box, Measure, approximate, clip
from facts.timeline.layout import Layout, Mark, More, layout
from facts.timeline.ticks import Tick, ticks

__all__ = ["Axis", "Box", "Layout", "Mark", "Measure", "More", "Segment", "Tick", "approximate", "clip", "layout",
           "ticks"]
