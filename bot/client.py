"""The bot: a discord.py client that owns the fact store and loads one cog per feature area."""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import discord
from discord.ext import commands, tasks

from bot import health
from bot.cogs.onthisday import DayButton
from bot.cogs.packs import PackButton
from bot.cogs.reports import ReportButton
from bot.cogs.study import StudyButton
from bot.errors import ChronicleTree
from bot.pictures import Pictures
from bot.settings import Settings
from bot.views import ExpiredButton
from facts.library import PackLibrary
from facts.reports import ReportStorage
from facts.shards import Shards
from facts.store import FactStore
from facts.study.storage import StudyStorage

log = logging.getLogger(__name__)

EXTENSIONS = ("bot.cogs.lookup", "bot.cogs.onthisday", "bot.cogs.admin", "bot.cogs.daily", "bot.cogs.trivia",
              "bot.cogs.reports", "bot.cogs.packs", "bot.cogs.study")


def intents() -> discord.Intents:
    """The default intents: no privileged ones (members, presences, message content) are needed."""
    return discord.Intents.default()


class Chronicle(commands.AutoShardedBot):
    """Chronicle's client. The store and settings are handed in (see :func:`bot.runner.run`).

    Sharded the discord.py way: with ``settings.shards`` (``CHRONICLE_SHARDS=0-1/4``) this process runs those
    shards of that many; without, it runs every shard Discord recommends. A process handles the interactions
    and events of its own shards' servers (Discord routes them), and claims only their scheduled work."""

    def __init__(self, store: FactStore, settings: Settings, *, extensions: tuple[str, ...] = EXTENSIONS,
                 clock: Callable[[], datetime] | None = None, freeze_when_ready: bool = False,
                 **options: Any) -> None:
        if settings.shards is not None:
            options.setdefault("shard_ids", list(settings.shards.ids))
            options.setdefault("shard_count", settings.shards.count)
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=intents(),
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=ChronicleTree,
            **options,
        )
        self.owned_shards: Shards | None = settings.shards
        """The shards whose servers' scheduled work this process claims; None: every server (it runs them all)."""
        self.store = store
        self.reports = ReportStorage(store.db)
        """Members' reports of wrong answers (the Report buttons, /facts reports, trivia's left-out questions)."""
        self.library = PackLibrary(store)
        """The servers' own packs (/pack)."""
        self.study = StudyStorage(store.db, store)
        self.pictures = Pictures()
        """Timeline pictures, drawn off the event loop and cached."""
        """Members' study cards (/study, and what trivia feeds in)."""
        self.settings = settings
        self.extensions_to_load = extensions
        self.live_views: dict[str, discord.ui.View] = {}
        """Views answering their own buttons, by nonce (see :mod:`bot.views`)."""
        self.clock: Callable[[], datetime] = clock or (lambda: datetime.now(UTC))
        self.freeze_when_ready = freeze_when_ready
        """Move start-up's objects out of the garbage collector's reach once ready: for a process that runs one
        bot (``chronicle run``); tests start many bots in one process and leave it off."""
        self._frozen = False
        """The current time, aware (UTC). Injected by tests; cogs never call ``datetime.now`` themselves."""

    async def setup_hook(self) -> None:
        await self.store.db.start_checkpoints()  # off the queries' thread: no commit waits for a checkpoint
        for name in self.extensions_to_load:
            await self.load_extension(name)
        # no two templates match one custom id
        self.add_dynamic_items(ExpiredButton, ReportButton, PackButton, StudyButton, DayButton)
        self.heartbeat.start()
        if self.settings.dev_guild:
            guild = discord.Object(id=self.settings.dev_guild)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to the dev guild %s", len(synced), self.settings.dev_guild)

    async def sync_global(self) -> int:
        """Publish the commands to every server (takes up to an hour to show up in Discord)."""
        synced = await self.tree.sync()
        log.info("synced %d global commands", len(synced))
        return len(synced)

    @tasks.loop(seconds=health.BEAT_SECONDS)
    async def heartbeat(self) -> None:
        """Tell ``chronicle health`` the gateway is alive (a latency means heartbeats are acknowledged)."""
        if self.is_ready() and not self.is_closed() and self.latency == self.latency:
            health.write_heartbeat(self.settings.db_path, latency=self.latency, guilds=len(self.guilds),
                                   shards=self.owned_shards)

    @heartbeat.before_loop
    async def _before_heartbeat(self) -> None:
        await self.wait_until_ready()

    async def close(self) -> None:
        """Stop the cogs' own work first (scheduler, trivia rounds: their ``cog_unload``), then Discord.

        The caller closes the store after this, so no query may still be running by then.
        """
        self.heartbeat.cancel()
        for name in list(self.cogs):
            try:
                await self.remove_cog(name)
            except Exception:
                log.exception("could not unload the %s cog cleanly", name)
        await self.reports.flush()  # Report buttons already sent point at these rows
        await super().close()

    async def on_ready(self) -> None:
        log.info("connected as %s to %d server(s)", self.user, len(self.guilds))
        if self.freeze_when_ready and not self._frozen:
            # What start-up built (the store's indexes, discord.py's state) lives as long as the process:
            # out of the collector's reach, a full collection no longer walks it (shorter pauses, p99).
            self._frozen = True
            gc.collect()
            gc.freeze()
