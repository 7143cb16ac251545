"""Fixtures for end-to-end tests: the loopback Discord, a server in it, and the real bot."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from facts.store import FactStore
from tests.bot.harness import BotRunner, FakeClock, World, copy_database, make_world
from tests.fakediscord import FakeDiscord


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database seeded with the shipped packs, copied for each test."""
    path = tmp_path_factory.mktemp("template") / "chronicle.db"

    async def build() -> None:
        store = await FactStore.open(path)
        await store.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        await store.close()

    asyncio.run(build())
    return path


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(heartbeat_interval=30_000) as fake:
        with fake.patched():
            yield fake
        assert fake.violations == [], "the bot sent what real Discord would reject"


@pytest.fixture
def world(fake: FakeDiscord) -> World:
    return make_world(fake)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def runner(fake: FakeDiscord, world: World, clock: FakeClock, tmp_path: Path,
                 seeded_template: Path) -> AsyncIterator[BotRunner]:
    """The bot, started and ready, its commands synced to the test server."""
    runner = BotRunner(fake, world, copy_database(seeded_template, tmp_path / "chronicle.db"), clock)
    await runner.start()
    try:
        yield runner
    finally:
        await runner.stop()
