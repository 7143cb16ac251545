"""Timeline pictures for answers: drawn on a worker thread, identical requests served from a small cache.

Drawing is CPU work (about 50 ms for 20 events), so it never runs on the event loop: :func:`asyncio.to_thread`
hands it to the default executor. The same page asked again (a study group pages back and forth, the daily post
of many servers shows the same day) is answered from an LRU of the last :data:`CACHE_SIZE` pictures, and
two identical requests at once share one drawing.

A picture is an extra: when it cannot be drawn the answer goes out without it (logged), never the other way
round.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import discord

from bot.limits import ATTACHMENT_DESCRIPTION, clip
from bot.timeline_picture import DEFAULT_WIDTH, layout_for, render_png
from facts.models import EventRef

log = logging.getLogger(__name__)

CACHE_SIZE = 64  # pictures of ~10 KB each
FILENAME = "timeline.png"
MAX_BYTES = 500_000  # the bound, far inside Discord's smallest attachment limit (10 MiB)


@dataclass(frozen=True, slots=True)
class Picture:
    png: bytes
    alt_text: str

    def file(self) -> discord.File:
        """A fresh attachment (a :class:`discord.File` is consumed by one send)."""
        return discord.File(io.BytesIO(self.png), filename=FILENAME,
                            description=clip(self.alt_text, ATTACHMENT_DESCRIPTION) or None)


def attach(embed: discord.Embed) -> discord.Embed:
    """Point ``embed``'s image at the picture sent with it."""
    return embed.set_image(url=f"attachment://{FILENAME}")


def draw(events: tuple[EventRef, ...], width: int = DEFAULT_WIDTH) -> Picture:
    plan = layout_for(events, width=width)
    png = render_png(plan)
    if len(png) > MAX_BYTES:
        raise ValueError(f"the timeline picture came out at {len(png)} bytes, over {MAX_BYTES}")
    return Picture(png, plan.alt_text)


class Pictures:
    """The bot's timeline pictures: :meth:`timeline` draws off the loop and remembers."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self._done: OrderedDict[tuple[tuple[EventRef, ...], int], Picture] = OrderedDict()
        self._drawing: dict[tuple[tuple[EventRef, ...], int], asyncio.Future[Picture]] = {}
        self.drawn = 0  # pictures actually drawn (the rest came from the cache): for tests and benchmarks

    async def timeline(self, events: Sequence[EventRef], width: int = DEFAULT_WIDTH) -> Picture | None:
        """The picture of these events, or None when there is nothing to draw or drawing failed."""
        key = (tuple(events), width)
        if not key[0] or all(e.when.span is None and e.when.anchor_key is None for e in key[0]):
            return None
        found = self._done.get(key)
        if found is not None:
            self._done.move_to_end(key)
            return found
        running = self._drawing.get(key)
        try:
            if running is not None:
                return await asyncio.shield(running)
            future: asyncio.Future[Picture] = asyncio.get_running_loop().create_future()
            self._drawing[key] = future
            try:
                picture = await asyncio.to_thread(draw, key[0], width)
            except BaseException as exc:
                future.set_exception(exc)
                future.exception()  # retrieved: a failure nobody else awaited is not "never retrieved"
                raise
            finally:
                self._drawing.pop(key, None)
            future.set_result(picture)
            self.drawn += 1
            self._done[key] = picture
            while len(self._done) > self.size:
                self._done.popitem(last=False)
            return picture
        except Exception:
            log.exception("could not draw the timeline picture of %d events", len(key[0]))
            return None
