"""One error handler for every slash command: each failure is answered, ephemerally, in words."""

from __future__ import annotations

import logging
import secrets

import discord
from discord import app_commands

from bot import render
from bot.respond import send
from facts.errors import BadInput, ChronicleError, NotFound

log = logging.getLogger(__name__)
PERMISSION_NAMES = {"manage_guild": "Manage Server"}  # as Discord's own screens name them


def unwrap(error: BaseException) -> BaseException:
    """The exception behind discord.py's wrappers (CommandInvokeError, TransformerError)."""
    original = getattr(error, "original", None)
    if isinstance(original, BaseException):
        return unwrap(original)
    if isinstance(error, app_commands.TransformerError) and error.__cause__ is not None:
        return unwrap(error.__cause__)
    return error


def error_answer(error: BaseException, command: str) -> tuple[discord.Embed, str | None]:
    """The embed to answer ``error`` with, and an error id when it was unexpected (to log)."""
    cause = unwrap(error)
    if isinstance(cause, BadInput):
        return render.error_embed(cause.message, example=cause.example), None
    if isinstance(cause, NotFound):
        return render.error_embed(cause.message, suggestions=cause.suggestions), None
    if isinstance(cause, ChronicleError):
        return render.error_embed(str(cause)), None
    if isinstance(cause, app_commands.MissingPermissions | app_commands.BotMissingPermissions):
        missing = ", ".join(PERMISSION_NAMES.get(p, p.replace("_", " ").title()) for p in cause.missing_permissions)
        return render.error_embed(f"This needs the {missing} permission."), None
    if isinstance(cause, app_commands.NoPrivateMessage):
        return render.error_embed("This command works in a server, not in direct messages."), None
    if isinstance(cause, app_commands.CommandOnCooldown):
        return render.error_embed(f"Slow down: try again in {cause.retry_after:.0f} s."), None
    if isinstance(cause, app_commands.CheckFailure):
        return render.error_embed("You can't use this command here."), None
    error_id = secrets.token_hex(4)
    return render.error_embed("Something went wrong on our side. It has been logged; please try again.",
                              error_id=error_id), error_id


async def answer_failure(interaction: discord.Interaction, error: Exception, what: str) -> None:
    """Answer ``error`` privately, in words (an unexpected one with an error id, logged)."""
    embed, error_id = error_answer(error, what)
    if error_id:
        log.error("error %s in %s", error_id, what, exc_info=error)
    elif not isinstance(error, ChronicleError):
        log.debug("answered %s with %s", what, type(error).__name__)
    try:
        await send(interaction, embed=embed, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not deliver the error answer for %s", what, exc_info=True)


class ChronicleTree(app_commands.CommandTree):
    """A command tree whose errors always reach the member as an ephemeral answer."""

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        command = interaction.command.qualified_name if interaction.command else "?"
        embed, error_id = error_answer(error, command)
        if error_id:
            log.error("error %s in /%s", error_id, command, exc_info=unwrap(error))
        else:
            log.debug("answered /%s with %s", command, type(unwrap(error)).__name__)
        try:
            await send(interaction, embed=embed, ephemeral=True)
        except discord.HTTPException:
            log.warning("could not deliver the error answer for /%s", command, exc_info=True)
