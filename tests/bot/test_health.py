"""`chronicle health`: healthy only while the bot's gateway heartbeat is fresh and the database is current."""

from __future__ import annotations

import asyncio
import gc
import time

import pytest

from bot import health
from bot.cli import main
from tests.bot.harness import BotRunner


async def test_a_running_bot_is_healthy_and_a_stale_heartbeat_is_not(runner: BotRunner) -> None:
    for _ in range(100):
        if health.read_heartbeat(runner.db_path):
            break
        await asyncio.sleep(0.02)
    fresh = await health.check(runner.db_path)
    assert fresh.ok, fresh.lines
    assert fresh.lines[0].startswith("database: ok (38 events")
    assert "1 server(s)" in fresh.lines[1]
    stale = await health.check(runner.db_path, now=time.time() + 600)
    assert not stale.ok
    assert "more than 90 s" in stale.lines[-1]


async def test_no_heartbeat_means_unhealthy(seeded_template, tmp_path) -> None:
    db = tmp_path / "copy.db"
    db.write_bytes(seeded_template.read_bytes())
    result = await health.check(db)
    assert not result.ok
    assert "no heartbeat yet" in result.lines[-1]


def test_the_health_command_exits_non_zero_when_unhealthy(tmp_path, capsys) -> None:
    assert main(["health", "--db", str(tmp_path / "missing.db")]) == 1
    assert "does not exist" in capsys.readouterr().err


async def test_a_bot_told_to_freeze_its_start_up_objects_does_so_once_when_ready(
        runner: BotRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    frozen: list[int] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(len(gc.get_objects())))
    bot = runner.bot
    assert bot is not None
    assert not bot.freeze_when_ready, "tests start many bots in one process: none freezes unless asked"
    await bot.on_ready()
    assert frozen == []
    bot.freeze_when_ready = True
    await bot.on_ready()
    await bot.on_ready()  # a reconnect's READY
    assert len(frozen) == 1, "frozen once, not again on every READY"
    assert frozen[0] > 1000, "after start-up: the store's indexes and discord.py's state exist"
