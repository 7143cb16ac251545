"""Lookups when many servers bring their own packs: 1,000 servers, each with its own uploaded pack enabled
(and the shipped one), every interaction from the next server in turn, against the real bot in its own
process and the loopback Discord.

    python benchmarks/servers.py [--servers 1000] [--per-command 1000]

Each server's questions go to its own scope: its packs' rows only (the indexes lead with the pack), its
own in-memory names and words. Target: every command's p99 within 3× the no-op floor's p99.
Benchmarks are not tests: nothing here fails CI.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.generate_pack import generate  # noqa: E402
from benchmarks.run import latency_of, ms, pct, rss_mb  # noqa: E402
from facts.library import PackLibrary, Prepared  # noqa: E402
from facts.pack import parse_upload  # noqa: E402
from facts.store import FactStore  # noqa: E402
from tests.fakediscord import FakeDiscord  # noqa: E402

TARGET = 3.0
EVENTS, PEOPLE = 40, 8  # one server's reading: a chapter's worth


async def seed_servers(db: Path, guilds: list[int], work: Path) -> dict[int, dict[str, list[str]]]:
    """Store and enable one generated pack per server; return what each server can ask about."""
    store = await FactStore.open(db)
    library = PackLibrary(store)
    asks: dict[int, dict[str, list[str]]] = {}
    now = datetime.now(UTC)
    started = time.perf_counter()
    try:
        for n, guild in enumerate(guilds):
            path = generate(work / f"pack{n}", EVENTS, PEOPLE, seed=n)
            text, document = path.read_text(encoding="utf-8"), path.with_suffix(".txt").read_text(encoding="utf-8")
            pack = parse_upload(text, document, guild, "reading")
            await library.add(guild, 1, Prepared("reading", "reading.yaml", text, document, "reading.txt", pack,
                                                 drafted=False), now)
            await library.set_enabled(guild, "reading", True)
            asks[guild] = {"titles": [e.title for e in pack.events], "people": [p.name for p in pack.people],
                           "dates": [e.span.start.isoformat() for e in pack.events if e.span]}
    finally:
        await store.close()
    print(f"seeded {len(guilds)} servers' packs in {time.perf_counter() - started:.1f} s", flush=True)
    return asks


def actions(servers: list[Any], members: dict[int, int], asks: dict[int, dict[str, list[str]]]) -> dict[str, Any]:
    rng = random.Random(1950)

    def ctx(i: int) -> dict[str, int]:
        guild = servers[i % len(servers)]
        return {"guild": guild.id, "user": members[guild.id], "channel": guild.general.id}

    def of(i: int, what: str) -> str:
        items = asks[servers[i % len(servers)].id][what]
        return items[rng.randrange(len(items))]

    return {
        "noop (floor)": lambda f, i: f.command("noop", {}, **ctx(i)),
        "/when": lambda f, i: f.command("when", {"event": " ".join(of(i, "titles").split()[2:5])}, **ctx(i)),
        "/person": lambda f, i: f.command("person", {"name": of(i, "people")}, **ctx(i)),
        "/date": lambda f, i: f.command("date", {"when": of(i, "dates")[:7]}, **ctx(i)),
        "/onthisday": lambda f, i: f.command("onthisday", {"date": of(i, "dates")[5:]}, **ctx(i)),
        "/search": lambda f, i: f.command("search", {"query": " ".join(of(i, "titles").split()[-2:])}, **ctx(i)),
        "/timeline": lambda f, i: f.command("timeline", {}, **ctx(i)),
        "autocomplete (event)": lambda f, i: f.autocomplete("when", {"event": of(i, "titles")[:8]},
                                                            focused="event", **ctx(i)),
        "autocomplete (person)": lambda f, i: f.autocomplete("person", {"name": of(i, "people")[:3]},
                                                             focused="name", **ctx(i)),
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", type=int, default=1000)
    parser.add_argument("--per-command", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "RESULTS-servers.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="chronicle-servers-") as tmp:
        work = Path(tmp)
        db = work / "chronicle.db"
        async with FakeDiscord(heartbeat_interval=30_000) as fake:
            servers = [fake.add_guild(name=f"Club {n}") for n in range(args.servers)]
            members = {g.id: fake.add_member(g.id, "member").id for g in servers}
            asks = await seed_servers(db, [g.id for g in servers], work)
            env = {**os.environ, "FAKE_API_BASE": fake.api_base, "FAKE_GATEWAY": fake.gateway_url,
                   "DISCORD_TOKEN": "bench-token", "CHRONICLE_DB": str(db), "CHRONICLE_BENCH_GLOBAL": "1",
                   "CHRONICLE_LOG_LEVEL": "WARNING"}
            env.pop("CHRONICLE_DEV_GUILD", None)
            bot = await asyncio.create_subprocess_exec(sys.executable, str(ROOT / "benchmarks" / "bot_process.py"),
                                                       env=env, cwd=ROOT)
            try:
                await fake.wait_identified(timeout=300)
                await fake.wait_synced(None, timeout=300)
                gc.collect()
                gc.freeze()
                measured = actions(servers, members, asks)
                for action in measured.values():
                    for i in range(50):
                        await action(fake, i)
                latencies: dict[str, list[float]] = {name: [] for name in measured}
                for i in range(args.per_command):
                    for name, action in measured.items():
                        latencies[name].append(latency_of(fake, await action(fake, 7919 * i + 13)))
                rss = rss_mb(bot.pid, "VmHWM")
            finally:
                bot.terminate()
                await bot.wait()
    floor = pct(latencies["noop (floor)"], 99)
    lines = [f"# Lookups across {args.servers} servers with their own packs", "",
             f"{args.servers} servers, each with its own uploaded pack of {EVENTS} events enabled beside the shipped "
             f"one; {args.per_command} interactions per command, interleaved (one of each in turn), each from the "
             f"next server (`python benchmarks/servers.py`). Bot peak RSS {rss:.0f} MB.", "",
             f"| command | p50 | p99 | p99 ÷ floor p99 (target ≤ {TARGET:.0f}×) |", "|---|---|---|---|"]
    for name, samples in latencies.items():
        ratio = pct(samples, 99) / floor
        mark = "" if name.startswith("noop") else (" ✓" if ratio <= TARGET else " ✗")
        lines.append(f"| {name} | {ms(pct(samples, 50))} | {ms(pct(samples, 99))} | {ratio:.2f}×{mark} |")
    report = "\n".join(lines) + "\n"
    print(report)
    args.out.write_text(report, encoding="utf-8")
    print(f"wrote {args.out}")

if __name__ == "__main__":
    asyncio.run(main())
