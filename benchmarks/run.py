"""What an interaction costs, and how it grows: the real bot against the loopback Discord of the e2e tests.

    python benchmarks/run.py            # full run (about 10 minutes), writes benchmarks/RESULTS.md
    python benchmarks/run.py --quick    # 200 interactions per command, 10,000 synthetic events

Latency is measured by the fake: from the INTERACTION_CREATE frame leaving its gateway to the
interaction callback arriving at its REST API. The bot runs in its own process (its RSS is its own);
the fake runs in this one. Benchmarks are not tests: nothing here fails CI.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import json
import os
import platform
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import discord  # noqa: E402

from benchmarks.generate_pack import generate  # noqa: E402
from tests.fakediscord import FakeDiscord, InteractionResult  # noqa: E402

RESULTS = ROOT / "benchmarks" / "RESULTS.md"
IN_FLIGHT = 50

SEED_SCRIPT = """
import asyncio, json, sys, time
from pathlib import Path
from facts.store import FactStore
async def main():
    start = time.perf_counter()
    store = await FactStore.open(sys.argv[1])
    seconds = time.perf_counter() - start
    stats = await store.stats()
    await store.close()
    print(json.dumps({"seconds": seconds, "events": stats.events, "people": stats.people,
                      "peak_rss_mb": peak_rss_mb()}))
def peak_rss_mb():  # VmHWM, not ru_maxrss: that one carries the forking parent's peak across exec
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0
asyncio.run(main())
"""


@dataclass
class Scale:
    name: str
    events: int
    people: int
    pack_dir: Path | None
    db: Path
    seed: dict[str, Any] = field(default_factory=dict)
    latencies: dict[str, list[float]] = field(default_factory=dict)
    throughput: float = 0.0
    peak_rss_mb: float = 0.0
    idle_rss_mb: float = 0.0
    db_mb: float = 0.0


Action = Callable[[FakeDiscord, Any], Awaitable[InteractionResult | list[Any]]]


def new_questions(db: Path, count: int) -> list[str]:
    """``count`` questions never asked before, two or three words of the pack's own vocabulary each: the
    store keeps rankings until the next seeding, so only questions it has not seen measure a ranking."""
    with sqlite3.connect(db) as conn:
        words = [w for (w,) in conn.execute("SELECT DISTINCT word FROM search_words WHERE length(word) >= 4")
                 if w.isalpha()]
    rng = random.Random(1950)
    asked: set[str] = set()
    while len(asked) < count and words:
        asked.add(" ".join(rng.sample(words, k=min(len(words), rng.choice([2, 2, 3])))))
    return sorted(asked, key=lambda _: rng.random())


def commands(world: Any, fresh: list[str]) -> dict[str, Callable[[FakeDiscord, int], Awaitable[Any]]]:
    """Each benchmarked interaction, cycling through realistic inputs (``fresh``: questions never seen)."""
    ctx = {"guild": world["guild"], "user": world["user"], "channel": world["channel"]}
    dates = ["1950-06-25", "June 1950", "1948", "winter 1949-50", "1945-08"]
    names = ["Kim II Sung", "Bymes", "Stalin", "Mao Zedong", "Truman"]
    events = ["38th parallel", "Acheson speech", "Security Council", "Pusan", "Manchuria"]
    days = ["08-06", "06-25", "12-25", "01-12"]
    spans: list[dict[str, str]] = [{}, {"start": "1949", "end": "1950-06"}]
    words = ["Security Council", "Stalin", "Korea", "invasion"]
    prefixes = ["Kim", "Sta", "Mao", "Tru", "Ach"]
    typing = ["hiros", "kim vis", "38th par", "security coun", "when did the sov"]
    on_days = random.Random(1945)
    new_dates = [(date(1800, 1, 1) + timedelta(days=on_days.randrange(73_000))).isoformat() for _ in range(len(fresh))]
    return {
        "noop (floor)": lambda f, i: f.command("noop", {}, **ctx),
        "/date": lambda f, i: f.command("date", {"when": dates[i % len(dates)]}, **ctx),
        "/person": lambda f, i: f.command("person", {"name": names[i % len(names)]}, **ctx),
        "/when": lambda f, i: f.command("when", {"event": events[i % len(events)]}, **ctx),
        "/onthisday": lambda f, i: f.command("onthisday", {"date": days[i % len(days)]}, **ctx),
        "/timeline": lambda f, i: f.command("timeline", spans[i % len(spans)], **ctx),
        "/search": lambda f, i: f.command("search", {"query": words[i % len(words)]}, **ctx),
        "/date (new date)": lambda f, i: f.command("date", {"when": new_dates[i % len(new_dates)]}, **ctx),
        "/when (new question)": lambda f, i: f.command("when", {"event": fresh[(2 * i) % len(fresh)]}, **ctx),
        "/search (new query)": lambda f, i: f.command("search", {"query": fresh[(2 * i + 1) % len(fresh)]}, **ctx),
        "autocomplete": lambda f, i: f.autocomplete("person", {"name": prefixes[i % len(prefixes)]},
                                                    focused="name", **ctx),
        "autocomplete (event)": lambda f, i: f.autocomplete("when", {"event": typing[i % len(typing)]},
                                                            focused="event", **ctx),
    }


async def trivia_clicks(fake: FakeDiscord, world: dict[str, int], count: int) -> list[float]:
    """Clicks on a trivia question, each from a member who has not answered it yet (the counted path)."""
    samples: list[float] = []
    members = iter([fake.add_member(world["guild"], f"player{i}") for i in range(count + 20)])
    while len(samples) < count:
        before = [m["id"] for m in fake.messages(world["channel"])]  # the question may come before wait_final
        started = await fake.command("trivia start", {"questions": 1, "seconds": 60}, guild=world["guild"],
                                     channel=world["channel"], user=world["user"])
        await started.wait_final()
        question = await fake.wait_for_message(world["channel"], timeout=30, since=before, check=lambda m: any(
            c.get("custom_id", "").startswith("chronicle:trivia:")
            for row in m.get("components", []) for c in row.get("components", [])))
        buttons = [c["custom_id"] for row in question["components"] for c in row["components"]]
        deadline = time.perf_counter() + 50  # the question stays open for 60 s
        warm = len(samples) == 0
        while len(samples) < count and time.perf_counter() < deadline:
            click = await fake.click(question["id"], buttons[len(samples) % len(buttons)], user=next(members).id)
            assert click.latency is not None
            if warm and len(samples) == 0 and click.latency > 0.5:
                continue
            samples.append(click.latency)
        await fake.command("trivia stop", {}, guild=world["guild"], channel=world["channel"], user=world["user"])
    return samples


def latency_of(fake: FakeDiscord, outcome: Any) -> float:
    if isinstance(outcome, InteractionResult):
        assert outcome.latency is not None
        return outcome.latency
    latest = fake.interactions[-1]  # autocomplete returns the choices; its record is the latest
    assert latest.latency is not None
    return latest.latency


def rss_mb(pid: int, key: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def seed(scale: Scale) -> None:
    env = {**os.environ, "CHRONICLE_PACKS": str(scale.pack_dir or "")}
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", SEED_SCRIPT, str(scale.db)], env=env, cwd=ROOT,
                         capture_output=True, text=True, check=True)
    scale.seed = {**json.loads(out.stdout), "wall": time.perf_counter() - started}
    scale.db_mb = sum(p.stat().st_size for p in scale.db.parent.glob(scale.db.name + "*")) / 1e6


async def measure(scale: Scale, per_command: int, throughput_total: int) -> None:
    async with FakeDiscord(heartbeat_interval=30_000) as fake:
        guild = fake.add_guild(name="Bench")
        channel = fake.add_channel(guild.id, "history")
        member = fake.add_member(guild.id, "bench")
        env = {**os.environ, "FAKE_API_BASE": fake.api_base, "FAKE_GATEWAY": fake.gateway_url,
               "DISCORD_TOKEN": "bench-token", "CHRONICLE_DB": str(scale.db), "CHRONICLE_DEV_GUILD": str(guild.id),
               "CHRONICLE_PACKS": str(scale.pack_dir or ""), "CHRONICLE_LOG_LEVEL": "WARNING"}
        bot = await asyncio.create_subprocess_exec(sys.executable, str(ROOT / "benchmarks" / "bot_process.py"),
                                                   env=env, cwd=ROOT)
        try:
            await fake.wait_identified(timeout=120)
            await fake.wait_synced(guild.id, timeout=120)
            scale.idle_rss_mb = rss_mb(bot.pid, "VmRSS")
            gc.collect()
            gc.freeze()  # the harness's own start-up objects out of its collections: fewer pauses in what it times
            world = {"guild": guild.id, "user": member.id, "channel": channel.id}
            actions = commands(world, new_questions(scale.db, 2 * (per_command + 20)))
            for action in actions.values():
                for i in range(20):  # warm up caches and code paths
                    await action(fake, per_command + i)  # inputs the measured run does not repeat
            # Interleaved, one of each command in turn: whatever the machine does meanwhile (this is a shared
            # VM) falls on every command alike, so each command's p99 is comparable with the floor's.
            for name in actions:
                scale.latencies[name] = []
            for i in range(per_command):
                for name, action in actions.items():
                    scale.latencies[name].append(latency_of(fake, await action(fake, i)))
            for name, samples in scale.latencies.items():
                print(f"  {scale.name} {name}: p50 {ms(pct(samples, 50))} p99 {ms(pct(samples, 99))}", flush=True)
            scale.latencies["trivia click"] = await trivia_clicks(fake, world, per_command)
            print(f"  {scale.name} trivia click: p99 {ms(pct(scale.latencies['trivia click'], 99))}", flush=True)
            mix = list(actions.values())[1:]
            counter = itertools.count()

            async def worker() -> None:
                while (i := next(counter)) < throughput_total:
                    await mix[i % len(mix)](fake, i)

            started = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(IN_FLIGHT)))
            scale.throughput = throughput_total / (time.perf_counter() - started)
            scale.peak_rss_mb = rss_mb(bot.pid, "VmHWM")
            print(f"  {scale.name} throughput: {scale.throughput:.0f}/s, peak RSS {scale.peak_rss_mb:.0f} MB",
                  flush=True)
        finally:
            bot.terminate()
            await bot.wait()


def pct(samples: list[float], p: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[p - 1]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def machine() -> list[str]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown")
    memory = next((line.split(":", 1)[1].strip() for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), "?")
    return [f"- CPU: {cpu}, {os.cpu_count()} cores; memory {memory}",
            f"- {platform.platform()}; Python {platform.python_version()}; SQLite {sqlite3.sqlite_version}; "
            f"discord.py {discord.__version__}"]


def report(scales: list[Scale], per_command: int, throughput_total: int, extra: list[str]) -> str:
    lines = ["# Benchmark results", "", f"Run on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} by "
             "`python benchmarks/run.py`.", "", *machine(), "",
             "Latency: from the INTERACTION_CREATE frame leaving the loopback gateway to the interaction "
             f"callback arriving at its REST API, {per_command:,} interactions per command, one of each command "
             "in turn (so the machine's pauses fall on every command alike), bot and fake in separate processes "
             "on this machine.", "",
             "Answers are kept until the next seeding, so the rows with fixed inputs (the first seven) measure "
             "a kept answer after the first time; the rows marked *new* ask a date or two or three words of the "
             "pack never asked before, and measure a ranking or a query from scratch.", ""]
    for scale in scales:
        floor = pct(scale.latencies["noop (floor)"], 99)
        target = 2 if scale.events < 1000 else 3
        lines += [f"## {scale.name}: {scale.events:,} events, {scale.people:,} people", "",
                  f"| command | p50 | p95 | p99 | p99 ÷ floor p99 (target ≤ {target}×) |",
                  "|---|---|---|---|---|"]
        for name, samples in scale.latencies.items():
            ratio = pct(samples, 99) / floor
            mark = "" if name.startswith("noop") else (" ✓" if ratio <= target else " ✗")
            lines.append(f"| {name} | {ms(pct(samples, 50))} | {ms(pct(samples, 95))} | {ms(pct(samples, 99))} "
                         f"| {ratio:.2f}×{mark} |")
        seed_s = scale.seed.get("seconds", 0.0)
        lines += ["", f"- throughput, {IN_FLIGHT} in flight, {throughput_total:,} mixed interactions: "
                      f"**{scale.throughput:.0f} interactions/s** (target ≥ 500)",
                  f"- seeding (load, validate, insert; first start): {seed_s:.2f} s, peak RSS of the seeding "
                  f"process {scale.seed.get('peak_rss_mb', 0):.0f} MB; database {scale.db_mb:.1f} MB",
                  f"- bot process RSS: {scale.idle_rss_mb:.0f} MB when ready, peak {scale.peak_rss_mb:.0f} MB "
                  "(target ≤ 150 MB at 100k events)", ""]
    return "\n".join([*lines, *extra]) + "\n"


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer interactions and a smaller synthetic pack")
    parser.add_argument("--per-command", type=int, help="interactions per command (default 2000, quick 200)")
    parser.add_argument("--out", type=Path, help="where to write the report (default: benchmarks/RESULTS.md for a "
                                                 "full run, benchmarks/RESULTS-quick.md with --quick)")
    args = parser.parse_args()
    out = args.out or (RESULTS.with_name("RESULTS-quick.md") if args.quick else RESULTS)
    per_command = args.per_command or (200 if args.quick else 2000)
    throughput_total = 1000 if args.quick else 5000
    big_events, big_people = (10_000, 1_000) if args.quick else (100_000, 10_000)
    with tempfile.TemporaryDirectory(prefix="chronicle-bench-") as tmp:
        work = Path(tmp)
        print("generating the synthetic pack…", flush=True)
        generate(work / "packs", big_events, big_people)
        scales = [Scale("seed pack", 38, 13, None, work / "seed" / "chronicle.db"),
                  Scale("generated pack", big_events + 38, big_people + 13, work / "packs", work / "big" / "c.db")]
        for scale in scales:
            scale.db.parent.mkdir(parents=True, exist_ok=True)
            print(f"seeding {scale.name}…", flush=True)
            seed(scale)
            print(f"measuring {scale.name}…", flush=True)
            await measure(scale, per_command, throughput_total)
    extra = scheduler_section()
    out.write_text(report(scales, per_command, throughput_total, extra), encoding="utf-8")
    print(f"wrote {out}")


def scheduler_section() -> list[str]:
    script = ROOT / "benchmarks" / "bench_scheduler.py"
    if not script.exists():
        return []
    out = subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, check=False)
    return ["## Scheduler", "", "`python benchmarks/bench_scheduler.py` (10,000 servers, 1% due):", "", "```",
            out.stdout.strip() or out.stderr.strip(), "```"]


if __name__ == "__main__":
    asyncio.run(main())
