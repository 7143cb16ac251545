"""The real bot in its own process, pointed at the benchmark's loopback Discord.

Reads FAKE_API_BASE and FAKE_GATEWAY (set by bench_interactions.py) on top of Chronicle's own
settings, and adds a no-op slash command, registered only here: the floor discord.py imposes.
"""

from __future__ import annotations

import asyncio
import os
import signal

import discord
import yarl
from discord import app_commands
from discord.ext import commands

from bot.client import Chronicle
from bot.settings import Settings
from facts.store import FactStore


class Noop(commands.Cog):
    @app_commands.command(name="noop", description="Benchmark floor: answers at once, touches nothing")
    async def noop(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message("ok", ephemeral=True)


class BenchBot(Chronicle):
    async def setup_hook(self) -> None:
        await self.add_cog(Noop())
        await super().setup_hook()
        if os.environ.get("CHRONICLE_BENCH_GLOBAL"):  # many servers: the commands everywhere
            await self.tree.sync()


async def main() -> None:
    discord.http.Route.BASE = os.environ["FAKE_API_BASE"]
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(os.environ["FAKE_GATEWAY"])
    settings = Settings.from_env()
    store = await FactStore.open(settings.db_path)
    bot = BenchBot(store, settings, guild_ready_timeout=0.05, freeze_when_ready=True)  # as chronicle run does
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, lambda: loop.create_task(bot.close()))
    try:
        await bot.start(settings.require_token())
    finally:
        await store.close()


if __name__ == "__main__":
    asyncio.run(main())
