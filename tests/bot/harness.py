"""Running the real Chronicle bot against the loopback Discord (``tests.fakediscord``).

:class:`BotRunner` starts, stops and restarts the bot on one database file; :class:`FakeClock` is the
time the bot sees (``bot.clock``), moved by the test.
"""

from __future__ import annotations

import asyncio
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.client import Chronicle
from bot.settings import Settings
from facts.shards import Shards
from facts.store import FactStore
from tests.fakediscord import FakeDiscord, GuildRecord, MemberRecord
from tests.fakediscord.state import ChannelRecord

TOKEN = "fake-token-for-tests"  # the fake accepts any token; this one must never show up in logs


@dataclass
class FakeClock:
    """An aware UTC "now" that moves only when the test says so."""

    now: datetime = field(default_factory=lambda: datetime(2026, 8, 6, 12, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now

    def set(self, when: datetime) -> None:
        self.now = when if when.tzinfo else when.replace(tzinfo=UTC)


@dataclass
class World:
    """The server the tests play in: a history channel, two members and an admin."""

    guild: GuildRecord
    channel: ChannelRecord
    alice: MemberRecord
    bob: MemberRecord
    admin: MemberRecord


def make_world(fake: FakeDiscord) -> World:
    guild = fake.add_guild(name="History Club")
    return World(
        guild=guild,
        channel=fake.add_channel(guild.id, "history"),
        alice=fake.add_member(guild.id, "alice"),
        bob=fake.add_member(guild.id, "bob"),
        admin=fake.add_member(guild.id, "admin", admin=True),
    )


class BotRunner:
    """The real bot, connected to the fake, on ``db_path``; restartable on the same database."""

    def __init__(self, fake: FakeDiscord, world: World, db_path: Path, clock: FakeClock, *,
                 shards: Shards | None = None) -> None:
        self.fake, self.world, self.db_path, self.clock, self.shards = fake, world, db_path, clock, shards
        self.bot: Chronicle | None = None
        self.store: FactStore | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> Chronicle:
        self.store = await FactStore.open(self.db_path)
        settings = Settings(token=TOKEN, db_path=self.db_path, dev_guild=self.world.guild.id, shards=self.shards)
        self.bot = Chronicle(self.store, settings, clock=self.clock, guild_ready_timeout=0.05)
        self._task = asyncio.create_task(self.bot.start(TOKEN))
        await asyncio.wait_for(self._ready(), timeout=15)
        return self.bot

    async def _ready(self) -> None:
        """Ready means setup_hook ran (commands synced to the dev guild) and the gateway said READY."""
        assert self.bot is not None
        waiter = asyncio.create_task(self.bot.wait_until_ready())
        done, _ = await asyncio.wait({waiter, self._task}, return_when=asyncio.FIRST_COMPLETED)  # type: ignore[arg-type]
        if self._task in done:
            waiter.cancel()
            self._task.result()  # raises what stopped the bot
            raise AssertionError("the bot stopped before it was ready")

    async def stop(self) -> None:
        if self.bot is not None:
            await self.bot.close()
        if self._task is not None:
            await asyncio.wait_for(self._task, timeout=10)
        if self.store is not None:
            await self.store.close()
        self.bot = self.store = self._task = None

    async def restart(self) -> Chronicle:
        await self.stop()
        return await self.start()


def message_text(message: dict[str, Any]) -> str:
    """Everything a member reads in a message: its content and its embeds' titles, texts, fields, footers."""
    parts = [message.get("content") or ""]
    for e in message.get("embeds", []):
        parts += [e.get("title", ""), e.get("description", ""), e.get("footer", {}).get("text", "")]
        parts += [f"{f['name']}\n{f['value']}" for f in e.get("fields", [])]
    return "\n".join(parts)


def copy_database(template: Path, target: Path) -> Path:
    """A seeded database for one test, copied from the session's template (seeding once is enough)."""
    shutil.copyfile(template, target)
    return target
