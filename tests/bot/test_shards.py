"""End to end: Chronicle as sharded processes. Two bots on one database, each running half the shards of the
loopback Discord: each sees only its own servers and claims only their daily posts, so every post is made
exactly once; without ``CHRONICLE_SHARDS`` one bot runs every shard Discord recommends."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

from bot import health
from facts.daily.schedules import ScheduleStore
from facts.shards import Shards, shard_of
from tests.bot.harness import BotRunner, FakeClock, World, copy_database
from tests.fakediscord import FakeDiscord
from tests.fakediscord.state import GuildRecord

SERVERS = 20
AT = datetime(2026, 8, 6, 8, 0, tzinfo=UTC)


async def servers_on_both_shards(fake: FakeDiscord) -> list[GuildRecord]:
    """SERVERS servers, at least a third of them on each of two shards (a shard is a guild id's time)."""
    guilds: list[GuildRecord] = []
    while len(guilds) < SERVERS or min(sum(shard_of(g.id, 2) == s for g in guilds) for s in (0, 1)) < SERVERS // 3:
        guilds.append(fake.add_guild(name=f"Study group {len(guilds)}"))
        await asyncio.sleep(0.003)
    return guilds


@contextlib.asynccontextmanager
async def two_halves(fake: FakeDiscord, world: World, clock: FakeClock, db: Path) -> AsyncIterator[list[BotRunner]]:
    """Two bots on one database: shard 0 of 2 and shard 1 of 2, started, and stopped afterwards."""
    halves = [BotRunner(fake, world, db, clock, shards=Shards((s,), 2)) for s in (0, 1)]
    try:
        for runner in halves:
            await runner.start()
        yield halves
    finally:
        for runner in halves:
            await runner.stop()


def posts_in(fake: FakeDiscord, guild: GuildRecord) -> list[dict[str, Any]]:
    """The channel posts (not interaction answers) in the server's general channel."""
    return [m for m in fake.messages(general(fake, guild)) if "interaction_metadata" not in m]


def general(fake: FakeDiscord, guild: GuildRecord) -> int:
    return next(c.id for c in guild.channels.values() if c.name == "general")


async def test_without_a_shard_range_one_bot_runs_every_recommended_shard(
        fake: FakeDiscord, world: World, clock: FakeClock, tmp_path: Path, seeded_template: Path) -> None:
    fake.recommended_shards = 2
    guilds = await servers_on_both_shards(fake)
    runner = BotRunner(fake, world, copy_database(seeded_template, tmp_path / "c.db"), clock)
    await runner.start()
    try:
        assert runner.bot.shard_count == 2
        assert sorted(i["shard"] for i in fake.gateway.identifies) == [[0, 2], [1, 2]]
        assert {g.id for g in guilds} | {world.guild.id} <= {g.id for g in runner.bot.guilds}
        assert runner.bot.owned_shards is None  # it owns every server
    finally:
        await runner.stop()


async def test_two_processes_with_half_the_shards_each_post_every_daily_post_once(
        fake: FakeDiscord, world: World, clock: FakeClock, tmp_path: Path, seeded_template: Path) -> None:
    guilds = await servers_on_both_shards(fake)
    db = copy_database(seeded_template, tmp_path / "shared.db")
    async with two_halves(fake, world, clock, db) as halves:
        for runner, shard in zip(halves, (0, 1), strict=True):
            seen = {g.id for g in runner.bot.guilds}
            assert seen == {g.id for g in [*guilds, world.guild] if shard_of(g.id, 2) == shard}
        store = halves[0].store
        assert store is not None
        schedules = ScheduleStore(store.db)
        clock.set(AT.replace(hour=7))
        for guild in guilds:
            await schedules.set(guild.id, general(fake, guild), time(8, 0), "UTC", clock())
        clock.set(AT)
        first, second = (runner.bot.get_cog("Daily").scheduler for runner in halves)
        claimed = await asyncio.gather(first.tick(clock()), second.tick(clock()))  # both at once
        on_shard = [sum(shard_of(g.id, 2) == s for g in guilds) for s in (0, 1)]
        assert list(claimed) == on_shard  # each looked only at its own servers' posts
        for guild in guilds:
            made = posts_in(fake, guild)
            assert [m["embeds"][0]["title"] for m in made] == ["On this day — August 6"], guild.name


async def test_a_stopped_process_leaves_its_servers_posts_to_itself_and_none_is_lost(
        fake: FakeDiscord, world: World, clock: FakeClock, tmp_path: Path, seeded_template: Path) -> None:
    guilds = await servers_on_both_shards(fake)
    db = copy_database(seeded_template, tmp_path / "shared.db")
    async with two_halves(fake, world, clock, db) as halves:
        schedules = ScheduleStore(halves[0].store.db)  # type: ignore[union-attr]
        clock.set(AT.replace(hour=7))
        for guild in guilds:
            await schedules.set(guild.id, general(fake, guild), time(8, 0), "UTC", clock())
        await halves[0].stop()  # shard 0's process is down at post time
        clock.set(AT)
        await halves[1].bot.get_cog("Daily").scheduler.tick(clock())
        posted = {g.id for g in guilds if posts_in(fake, g)}
        assert posted == {g.id for g in guilds if shard_of(g.id, 2) == 1}

        await halves[0].start()  # back the same day: its servers' posts go out, once
        clock.set(AT.replace(minute=20))
        await halves[0].bot.get_cog("Daily").scheduler.tick(clock())
        await halves[1].bot.get_cog("Daily").scheduler.tick(clock())
        for guild in guilds:
            made = posts_in(fake, guild)
            assert len(made) == 1, guild.name


async def test_each_shard_range_has_its_own_heartbeat(
        fake: FakeDiscord, world: World, clock: FakeClock, tmp_path: Path, seeded_template: Path) -> None:
    await servers_on_both_shards(fake)
    db = copy_database(seeded_template, tmp_path / "shared.db")
    async with two_halves(fake, world, clock, db) as halves:
        for runner in halves:
            await runner.bot.heartbeat()  # one beat now (the loop's first beat may not have run yet)
        beats = {s: health.read_heartbeat(db, Shards((s,), 2)) for s in (0, 1)}
        guilds = [len(runner.bot.guilds) for runner in halves]
        assert [beats[s]["guilds"] for s in (0, 1)] == guilds  # type: ignore[index]
        assert health.heartbeat_path(db, Shards((0,), 2)) != health.heartbeat_path(db, Shards((1,), 2))
        assert (await health.check(db, shards=Shards((1,), 2))).ok
        assert not (await health.check(db)).ok  # no unsharded process runs on this database
