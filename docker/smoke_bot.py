"""The real bot inside the image, connected to the loopback Discord of ``tests/fakediscord``.

``docker/smoke.sh`` copies this file and the fake into a container and runs it in place of
``chronicle run``: the same :func:`bot.runner.run` (signal handling, heartbeat, closing the database),
with discord.py pointed at the fake on 127.0.0.1 so that no network is needed. The smoke test then
watches the image's HEALTHCHECK turn healthy and ``docker stop`` shut the bot down cleanly.
"""

from __future__ import annotations

import asyncio

import discord
from fakediscord import FakeDiscord

from bot import runner
from bot.settings import Settings


async def main() -> None:
    settings = Settings.from_env()
    discord.utils.setup_logging(level=settings.log_level)
    async with FakeDiscord() as fake:
        fake.add_guild(name="Smoke test")
        with fake.patched():
            await runner.run(settings)


if __name__ == "__main__":
    asyncio.run(main())
