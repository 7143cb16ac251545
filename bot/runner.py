"""Starting and stopping the bot: open the store, connect, and shut down cleanly on SIGTERM/SIGINT."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

import aiohttp
import discord

from bot.client import Chronicle
from bot.settings import Settings, SettingsError
from facts.store import FactStore

log = logging.getLogger(__name__)


async def run(settings: Settings, *, sync: bool = False) -> None:
    """Run until Discord closes the connection or a stop signal arrives; always close the database."""
    token = settings.require_token()
    store = await FactStore.open(settings.db_path)
    bot = Chronicle(store, settings, freeze_when_ready=True)
    loop = asyncio.get_running_loop()
    stopping: list[asyncio.Task[None]] = []

    def stop(sig: signal.Signals) -> None:
        log.info("received %s: shutting down", sig.name)
        stopping.append(loop.create_task(bot.close()))

    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):  # not on Windows' default loop
            loop.add_signal_handler(sig, stop, sig)
    try:
        async with bot:
            await _login(bot, token)
            if sync:
                await bot.sync_global()
            await bot.connect(reconnect=True)
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError):
                loop.remove_signal_handler(sig)
        if stopping:
            await asyncio.gather(*stopping, return_exceptions=True)
        await store.close()
        log.info("stopped; database closed")


async def sync_commands(settings: Settings) -> int:
    """Log in over REST only, publish the commands globally, and log out."""
    token = settings.require_token()
    store = await FactStore.open(settings.db_path)
    try:
        async with Chronicle(store, settings) as bot:
            await _login(bot, token)
            return await bot.sync_global()
    finally:
        await store.close()


async def _login(bot: Chronicle, token: str) -> None:
    try:
        await bot.login(token)
    except discord.LoginFailure:
        raise SettingsError("Discord rejected DISCORD_TOKEN: copy the bot token again from the "
                            "developer portal (Bot → Reset Token).") from None
    except aiohttp.ClientConnectionError as exc:
        raise SettingsError(f"Cannot reach Discord ({exc.__class__.__name__}); check the network.") from None
