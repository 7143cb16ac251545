"""A loopback fake of Discord's REST API v10 and gateway for end-to-end tests of a discord.py bot.

Example::

    async with FakeDiscord(heartbeat_interval=1000) as fake:
        guild = fake.add_guild(name="History Club")
        alice = fake.add_member(guild.id, name="alice")
        with fake.patched():                      # discord.py now talks to the fake
            client = MyBot(intents=discord.Intents.default(), guild_ready_timeout=0.1)
            task = asyncio.create_task(client.start("any-token"))
            await fake.wait_identified()
            await fake.wait_synced(guild.id)
            r = await fake.command("date", {"when": "1950-06-25"}, guild=guild.id, user=alice.id)
            final = await r.wait_final()
            await client.close()
            await task

Modules: ``fake`` (the public :class:`FakeDiscord`), ``rest`` (routes), ``gateway`` (websocket),
``interactions`` (callbacks, follow-ups), ``messages`` (stored messages), ``attachments`` (uploads,
files the bot sends, the CDN), ``commands`` (synced
commands, option building), ``payloads`` (JSON builders), ``limits`` (Discord's limits),
``state`` (records), ``constants``, ``errors``.
"""

from __future__ import annotations

from . import constants
from .attachments import AttachmentRecord, DownloadRecord
from .errors import FakeTimeout, FakeUsageError, InteractionTimeout
from .fake import FakeDiscord
from .interactions import InteractionResult
from .rest import Hold, RequestRecord
from .state import ChannelRecord, GuildRecord, MemberRecord, RoleRecord, UserRecord

__all__ = [
    "AttachmentRecord",
    "ChannelRecord",
    "DownloadRecord",
    "FakeDiscord",
    "FakeTimeout",
    "FakeUsageError",
    "GuildRecord",
    "Hold",
    "InteractionResult",
    "InteractionTimeout",
    "MemberRecord",
    "RequestRecord",
    "RoleRecord",
    "UserRecord",
    "constants",
]
