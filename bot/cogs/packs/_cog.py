"""/pack upload, list, enable, disable, remove, export — Manage Server, checked again at run time; every
answer ephemeral. Callbacks parse, ask :class:`~facts.library.PackLibrary`, render and respond."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs.packs import _render as show
from bot.cogs.packs._views import ConfirmRemove, upload_buttons
from bot.limits import AUTOCOMPLETE_CHOICES
from bot.respond import choices_or_none, guild_of, send
from facts.errors import BadInput
from facts.library import prepare
from facts.library.isolated import WorkerCrashed, run_isolated
from facts.library.prepare import checked_name

if TYPE_CHECKING:
    from bot.client import Chronicle

log = logging.getLogger(__name__)
manage_guild = app_commands.checks.has_permissions(manage_guild=True)
Choices = list[app_commands.Choice[str]]


class Packs(commands.Cog):
    group = app_commands.Group(name="pack", description="This server's fact packs: bring your reading (Manage Server)",
                               default_permissions=discord.Permissions(manage_guild=True), guild_only=True)

    def __init__(self, bot: Chronicle) -> None:
        self.bot = bot
        self.library = bot.library

    @group.command(name="upload", description="Draft a pack from a document (.txt .md .html .pdf) or check a pack")
    @app_commands.describe(file="A document to draft a pack from, or a .yaml pack",
                           document="With a .yaml pack: the document its quotes come from",
                           name="The pack's name here (default: from the file name)",
                           title="The document's title (default: its first heading)",
                           citation="How answers cite it (default: the file name)",
                           replace="Replace this server's pack of the same name")
    @manage_guild
    async def upload(self, interaction: discord.Interaction, file: discord.Attachment,  # noqa: PLR0917 (options)
                     document: discord.Attachment | None = None, name: app_commands.Range[str, 1, 32] | None = None,
                     title: app_commands.Range[str, 1, 100] | None = None,
                     citation: app_commands.Range[str, 1, 200] | None = None, replace: bool = False) -> None:
        guild_id = guild_of(interaction)
        quotas = self.library.quotas
        for attachment in filter(None, (file, document)):
            if attachment.size > quotas.file_bytes:
                raise BadInput(f"{attachment.filename} is {quotas.size(attachment.size)}; a file may be at most "
                               f"{quotas.size(quotas.file_bytes)}.")
        if name is not None:
            await self.library.check_name(guild_id, checked_name(name), replace=replace)
        async with self.library.uploading(guild_id, self.bot.clock()):
            await interaction.response.defer(ephemeral=True, thinking=True)  # reading and drafting take a while
            data, extra = await _read(file), await _read(document) if document else None
            try:  # in a child process: a hostile file costs at most its time and memory, never the bot
                prepared = await run_isolated(
                    prepare, data, file.filename, guild_id=guild_id, name=name, title=title, citation=citation,
                    document=extra, document_filename=document.filename if document else None, quotas=quotas,
                    seconds=quotas.draft_seconds)
            except WorkerCrashed as exc:
                log.error("reading %s for server %s failed:\n%s", file.filename, guild_id, exc.detail)
                raise
            except TimeoutError:
                raise BadInput(f"Reading {file.filename} took longer than {quotas.draft_seconds:.0f} s; upload "
                               "a shorter part of it.") from None
            if prepared.pack is None:
                await send(interaction, embed=show.problems_embed(prepared), ephemeral=True)
                return
            entry = await self.library.add(guild_id, interaction.user.id, prepared, self.bot.clock(), replace=replace)
        log.info("server %s stored pack %s (%s)", guild_id, entry.name, prepared.filename)
        await send(interaction, embed=show.upload_embed(prepared, entry), view=upload_buttons(entry.pack),
                   ephemeral=True)

    @group.command(name="list", description="This server's packs: enabled and available, with counts and quotas")
    @manage_guild
    async def list(self, interaction: discord.Interaction) -> None:
        listing = await self.library.listing(guild_of(interaction))
        await send(interaction, embed=show.listing_embed(listing, self.library.quotas), ephemeral=True)

    @group.command(name="enable", description="Use a pack in this server's lookups, daily post and trivia")
    @app_commands.describe(name="The pack's name (see /pack list)")
    @manage_guild
    async def enable(self, interaction: discord.Interaction, name: app_commands.Range[str, 1, 100]) -> None:
        entry = await self.library.set_enabled(guild_of(interaction), name, True)
        await send(interaction, embed=show.changed_embed(entry, "enabled"), ephemeral=True)

    @group.command(name="disable", description="Stop using a pack in this server (it stays available)")
    @app_commands.describe(name="The pack's name (see /pack list)")
    @manage_guild
    async def disable(self, interaction: discord.Interaction, name: app_commands.Range[str, 1, 100]) -> None:
        entry = await self.library.set_enabled(guild_of(interaction), name, False)
        await send(interaction, embed=show.changed_embed(entry, "disabled"), ephemeral=True)

    @group.command(name="remove", description="Delete a pack this server uploaded (asks you to confirm)")
    @app_commands.describe(name="The pack's name (see /pack list)")
    @manage_guild
    async def remove(self, interaction: discord.Interaction, name: app_commands.Range[str, 1, 100]) -> None:
        guild_id = guild_of(interaction)
        entry = await self.library.find(guild_id, name)
        if entry.shipped:
            raise BadInput(f"“{entry.name}” comes with Chronicle and can't be removed; /pack disable hides it here.")

        async def remove() -> discord.Embed:
            return show.changed_embed(await self.library.remove(guild_id, entry.name), "removed")

        view = ConfirmRemove(self.bot.live_views, interaction.user.id, remove)
        view.interaction = interaction
        await send(interaction, embed=discord.Embed(
            title=show.plain(f"Remove {entry.name}?", 256),
            description=f"{entry.events} events and {entry.people} people go from this server, with the file. "
                        "`/pack export` first if you may want it back."), view=view, ephemeral=True)

    @group.command(name="export", description="A pack's YAML and its document, as files to edit and upload again")
    @app_commands.describe(name="The pack's name (see /pack list)")
    @manage_guild
    async def export(self, interaction: discord.Interaction, name: app_commands.Range[str, 1, 100]) -> None:
        export = await self.library.export(guild_of(interaction), name)
        if show.export_size(export) > interaction.filesize_limit:
            raise BadInput(f"{export.name} is larger than the {interaction.filesize_limit // (1024 * 1024)} MiB "
                           "Discord lets this server receive; `chronicle pack export` on the bot's machine has it.")
        await send(interaction, content=f"**{show.plain(export.name, 40)}**: the pack and its document.",
                   files=show.files_of(export), ephemeral=True)

    @enable.autocomplete("name")
    @disable.autocomplete("name")
    @remove.autocomplete("name")
    @export.autocomplete("name")
    async def pack_names(self, interaction: discord.Interaction, current: str) -> Choices:
        async def make() -> Choices:
            if interaction.guild_id is None:
                return []
            found = await self.library.names(interaction.guild_id, current, limit=AUTOCOMPLETE_CHOICES)
            return [app_commands.Choice(name=show.plain(f"{e.name} — {e.title}", 100), value=e.name[:100])
                    for e in found]

        return await choices_or_none("pack", current, make)


async def _read(attachment: discord.Attachment) -> bytes:
    try:
        return await attachment.read()
    except (discord.HTTPException, discord.NotFound) as exc:
        raise BadInput(f"Could not download {attachment.filename} from Discord ({exc.__class__.__name__}); "
                       "upload it again.") from None
