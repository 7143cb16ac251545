"""Answering interactions within Discord's 3 seconds, whether the work is quick or slow."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import discord
from discord import app_commands

log = logging.getLogger(__name__)

DEFER_AFTER = 2.0


@contextlib.asynccontextmanager
async def deferred_after(interaction: discord.Interaction, seconds: float | None = None, *,
                         ephemeral: bool = False) -> AsyncIterator[None]:
    """Run the block; if it is still running after ``seconds``, defer so the interaction stays alive.

    Quick work (nearly all of it) costs no extra round trip, and no task: a timer starts the deferral only
    when it is due. :func:`send` then picks the response or the follow-up as needed.
    """
    loop = asyncio.get_running_loop()
    deferral: list[asyncio.Task[None]] = []

    async def defer() -> None:
        if not interaction.response.is_done():
            await interaction.response.defer(thinking=True, ephemeral=ephemeral)

    timer = loop.call_later(DEFER_AFTER if seconds is None else seconds,
                            lambda: deferral.append(loop.create_task(defer())))
    try:
        yield
    finally:
        timer.cancel()
        if deferral:  # a deferral in flight finishes first, so the answer follows it
            with contextlib.suppress(asyncio.CancelledError):
                await deferral[0]


async def send(interaction: discord.Interaction, *, ephemeral: bool = False, **kwargs: Any) -> None:
    """The initial response, or a follow-up when the interaction was already answered or deferred.

    ``view=None`` means no view (discord.py wants the argument left out)."""
    if "view" in kwargs and kwargs["view"] is None:
        del kwargs["view"]
    if interaction.response.is_done():
        await interaction.followup.send(ephemeral=ephemeral, **kwargs)
    else:
        await interaction.response.send_message(ephemeral=ephemeral, **kwargs)


Choices = list[app_commands.Choice[str]]


async def choices_or_none(what: str, current: str, make: Callable[[], Awaitable[Choices]]) -> Choices:
    """The choices ``make`` builds, or none when it fails: discord.py only logs an autocomplete that raises
    and leaves it unanswered, so every autocomplete goes through here."""
    try:
        return await make()
    except Exception:
        log.exception("%s autocomplete failed for %r", what, current[:100])
        return []


def guild_of(interaction: discord.Interaction) -> int:
    """The server an interaction comes from; in a direct message, the error the tree answers in words."""
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage
    return interaction.guild_id
