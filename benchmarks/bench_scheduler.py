"""How long one daily-scheduler tick takes to find the servers that are due.

Schedules ``--servers`` servers (default 10,000) in a real SQLite file, ``--due`` of them (default 1%) due
"now", then times the scheduler's due query over repeated ticks (median and p95), compares it with the
same query forced to scan the table, shows SQLite's query plan, and times claiming the due posts.

A benchmark, not a test: run ``python benchmarks/bench_scheduler.py`` (pytest never imports it).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time as clock
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

try:
    from facts.daily.schedules import DUE_QUERY, ScheduleStore, to_epoch
except ModuleNotFoundError:  # run from a checkout without `pip install -e .`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from facts.daily.schedules import DUE_QUERY, ScheduleStore, to_epoch
from facts.db import Database

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
ZONES = ("UTC", "Asia/Seoul", "Asia/Tokyo", "Asia/Kolkata", "Europe/London", "Europe/Berlin", "America/New_York",
         "America/Los_Angeles", "America/Sao_Paulo", "Australia/Sydney", "Africa/Lagos", "Pacific/Auckland")
SCAN_QUERY = DUE_QUERY.replace("FROM daily_schedules", "FROM daily_schedules NOT INDEXED")


async def populate(store: ScheduleStore, servers: int, due_every: int, rng: random.Random) -> int:
    """``servers`` schedules; every ``due_every``-th is due at NOW, the rest later. Returns how many are due."""
    due = 0
    for guild in range(1, servers + 1):
        zone = rng.choice(ZONES)
        if guild % due_every == 0:  # set an hour and a half ago for half an hour ago: due now
            at = (NOW - timedelta(minutes=30)).astimezone(ZoneInfo(zone)).time().replace(second=0, microsecond=0)
            await store.set(guild, guild * 10, at, zone, NOW - timedelta(minutes=90))
            due += 1
        else:  # set now for any time: due later today or tomorrow
            await store.set(guild, guild * 10, time(rng.randrange(24), rng.randrange(60)), zone, NOW)
    return due


async def timed(run: Callable[[], Awaitable[object]], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = clock.perf_counter()
        await run()
        samples.append((clock.perf_counter() - start) * 1000)
    return samples


def row(label: str, samples: list[float]) -> str:
    p95 = statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else samples[0]
    return f"| {label:<36} | {statistics.median(samples):>10.3f} | {p95:>10.3f} | {len(samples):>7} |"


async def main(servers: int, due_fraction: float, repeat: int) -> None:
    rng = random.Random(4)
    with tempfile.TemporaryDirectory() as folder:
        db = await Database.open(Path(folder) / "bench.db")
        try:
            store = ScheduleStore(db)
            started = clock.perf_counter()
            expected = await populate(store, servers, max(1, round(1 / due_fraction)), rng)
            setup = clock.perf_counter() - started
            found = await store.due(NOW, limit=servers)
            assert len(found) == expected, (len(found), expected)
            await db.conn.execute("ANALYZE")

            by_index = await timed(lambda: db.fetchall(DUE_QUERY, (to_epoch(NOW), servers)), repeat)
            as_schedules = await timed(lambda: store.due(NOW, limit=servers), repeat)
            by_scan = await timed(lambda: db.fetchall(SCAN_QUERY, (to_epoch(NOW), servers)), repeat)
            next_wake = await timed(store.next_due, repeat)
            plan = await db.fetchall("EXPLAIN QUERY PLAN " + DUE_QUERY, (to_epoch(NOW), servers))
            claim_start = clock.perf_counter()
            claimed = sum([await store.claim(s, NOW.astimezone(s.zone).date(), NOW) for s in found])
            claim_ms = (clock.perf_counter() - claim_start) * 1000
            left = await store.due(NOW, limit=servers)
        finally:
            await db.close()

    print(f"daily scheduler: {servers:,} servers, {expected:,} due now ({due_fraction:.1%}); "
          f"set up in {setup:.1f} s (one `/daily set` transaction each)\n")
    print("| what (one tick)                      | median ms  | p95 ms     | samples |")
    print("|--------------------------------------|------------|------------|---------|")
    print(row(f"find the {expected} due: index (SQL only)", by_index))
    print(row("same query, forced table scan", by_scan))
    print(row("ScheduleStore.due (rows → Schedule)", as_schedules))
    print(row("next wake-up (min next_due_utc)", next_wake))
    print(f"\nclaiming the {claimed} due posts (one transaction each): {claim_ms:.1f} ms in all, "
          f"{claim_ms / max(claimed, 1):.3f} ms each; due afterwards: {len(left)}")
    print("\nEXPLAIN QUERY PLAN " + DUE_QUERY)
    for step in plan:
        print(f"  {step['detail']}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", type=int, default=10_000)
    parser.add_argument("--due", type=float, default=0.01, help="fraction of servers due now (default 0.01)")
    parser.add_argument("--repeat", type=int, default=200, help="ticks to time (default 200)")
    args = parser.parse_args()
    asyncio.run(main(args.servers, args.due, args.repeat))
