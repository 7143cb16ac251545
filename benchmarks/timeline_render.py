"""The timeline picture: how long a page of 20 events takes to lay out and draw, and what the PNG weighs.

    python benchmarks/timeline_render.py [--samples 300] [--out benchmarks/RESULTS-timeline.md]

Every run of 20 consecutive events of the shipped pack, and the pages of 20 of a generated pack of 2,000
events (a crowded case: a few events a year over centuries, long titles), each drawn exactly as ``/timeline``
draws one:
``bot.pictures.draw`` (layout with the drawing font's measures, render, palette PNG), one call at a time on
one thread, timed with ``time.perf_counter``. The font's glyph measures are warmed by one call first, as in
a running bot after its first picture. Then the same through ``Pictures.timeline`` from the event loop: a new
page each call (worker thread included), and a page asked again (the cache).

Target (issue 13): a picture of 20 events within 150 ms at p99 on this machine, under 500 KB.
Benchmarks are not tests: nothing here fails CI.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import PIL

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere
from benchmarks.generate_pack import generate
from bot.pictures import Pictures, draw
from facts.models import EventRef
from facts.pack import load_packs, shipped_packs
from facts.store import FactStore

PER_PAGE = 20


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def pages_of(path: Path, packs: list[Path] | None, *, windows: bool = False) -> list[tuple[EventRef, ...]]:
    """The timeline's full pages of 20; with ``windows``, every run of 20 consecutive events instead."""
    store = await FactStore.open(path, packs=load_packs(packs) if packs else None)
    try:
        if windows:
            items = (await store.timeline(per_page=100_000)).items
            return [items[i:i + PER_PAGE] for i in range(len(items) - PER_PAGE + 1)]
        first = await store.timeline(per_page=PER_PAGE)
        pages = [first.items]
        for page in range(2, first.pages + 1):
            pages.append((await store.timeline(page=page, per_page=PER_PAGE)).items)
        return [p for p in pages if len(p) == PER_PAGE]
    finally:
        await store.close()


def timed_draws(pages: list[tuple[EventRef, ...]], samples: int) -> tuple[list[float], list[int]]:
    draw(pages[0])  # warm the glyph cache, as a running bot is after its first picture
    times, sizes = [], []
    for i in range(samples):
        start = time.perf_counter()
        picture = draw(pages[i % len(pages)])
        times.append((time.perf_counter() - start) * 1000)
        sizes.append(len(picture.png))
    return times, sizes


async def through_cache(pages: list[tuple[EventRef, ...]], samples: int) -> tuple[list[float], list[float]]:
    pictures = Pictures(size=len(pages) + 1)
    fresh, cached = [], []
    for page in pages[:samples]:
        start = time.perf_counter()
        await pictures.timeline(page)
        fresh.append((time.perf_counter() - start) * 1000)
    for i in range(samples):
        start = time.perf_counter()
        await pictures.timeline(pages[i % len(pages)])
        cached.append((time.perf_counter() - start) * 1000)
    return fresh, cached


def row(name: str, times: list[float], sizes: list[int] | None = None) -> str:
    size = f" | {statistics.median(sizes) / 1024:.1f} KB / {max(sizes) / 1024:.1f} KB" if sizes else " | –"
    return (f"| {name} | {len(times)} | {statistics.median(times):.1f} | {percentile(times, 99):.1f} | "
            f"{max(times):.1f}{size} |")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("RESULTS-timeline.md"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        shipped = await pages_of(Path(tmp) / "shipped.db", None, windows=True)
        pack = generate(Path(tmp) / "generated", events=2000, people=50)
        generated = await pages_of(Path(tmp) / "generated.db", [*shipped_packs(), pack])
    lines = [
        "# Timeline picture: layout and drawing",
        "",
        f"`python benchmarks/timeline_render.py --samples {args.samples}` on {platform.machine()}, "
        f"Python {platform.python_version()}, Pillow {PIL.__version__}, {sys.platform}. "
        "Milliseconds per picture of 20 events; PNG size median / largest.",
        "",
        "| what | samples | p50 ms | p99 ms | max ms | PNG |",
        "|---|---|---|---|---|---|",
    ]
    for name, pages in ((f"shipped pack (its {len(shipped)} runs of 20 events)", shipped),
                        (f"generated pack ({len(generated)} pages of 20)", generated)):
        times, sizes = timed_draws(pages, args.samples)
        lines.append(row(f"draw: {name}", times, sizes))
    fresh, cached = await through_cache(generated, min(args.samples, len(generated)))
    lines.append(row("Pictures.timeline, a new page (worker thread)", fresh))
    lines.append(row("Pictures.timeline, a page asked again (cache)", cached))
    lines += ["", "Target (issue 13): p99 ≤ 150 ms for 20 events; PNG < 500 KB.", ""]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    asyncio.run(main())
