"""/facts reports and /facts resolve (Manage Server), and the answer to every submitted report form."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs.reports import _render as show
from bot.cogs.reports._views import GONE, WHAT, WHICH, Pointer, subject_of, submitted
from bot.errors import answer_failure
from bot.limits import AUTOCOMPLETE_CHOICES
from bot.respond import deferred_after, guild_of, send
from bot.views import Page, Pager
from facts.errors import BadInput
from facts.reports import Show
from facts.reports.models import MAX_NOTE, clean_text

if TYPE_CHECKING:
    from bot.client import Chronicle

log = logging.getLogger(__name__)
manage_guild = app_commands.checks.has_permissions(manage_guild=True)
PER_PAGE = 5
AGAIN = "Click Report again to write it."


class Reports(commands.Cog):
    group = app_commands.Group(name="facts", description="Members' reports of wrong answers (Manage Server)",
                               default_permissions=discord.Permissions(manage_guild=True), guild_only=True)
    pager_timeout: float = 600  # seconds before the listing's page buttons are disabled

    def __init__(self, bot: Chronicle) -> None:
        self.bot = bot
        self.storage = bot.reports

    @group.command(name="reports", description="Members' reports of wrong answers: the fact, its quote, what they said")
    @app_commands.describe(status="open (default), resolved or all", page="Which page (default: the first)")
    @manage_guild
    async def reports(self, interaction: discord.Interaction, status: Literal["open", "resolved", "all"] = "open",
                      page: app_commands.Range[int, 1, 100_000] = 1) -> None:
        guild_id = guild_of(interaction)

        async def page_of(number: int) -> Page:
            listing = await self.storage.listing(self.bot.store, guild_id, Show(status), page=number,
                                                 per_page=PER_PAGE)
            return Page(show.listing_embed(listing), listing.page, listing.pages)

        async with deferred_after(interaction, ephemeral=True):
            embed, page, pages, _ = await page_of(page)
        if pages > 1:
            view = Pager(self.bot.live_views, interaction.user.id, page, pages, page_of, timeout=self.pager_timeout)
            view.interaction = interaction
            await send(interaction, embed=embed, view=view, ephemeral=True)
        else:
            await send(interaction, embed=embed, ephemeral=True)

    @group.command(name="resolve", description="Resolve a member's report, with a note on what was done")
    @app_commands.describe(report="The report's number (type to search the open ones)",
                           note="What was done, e.g. fixed in the pack (optional)")
    @manage_guild
    async def resolve(self, interaction: discord.Interaction, report: app_commands.Range[int, 1],
                      note: app_commands.Range[str, 1, MAX_NOTE] | None = None) -> None:
        done = await self.storage.resolve(report, guild_id=guild_of(interaction), by=interaction.user.id, note=note,
                                          now=self.bot.clock())
        await send(interaction, embed=show.resolved_embed(done), ephemeral=True)

    @resolve.autocomplete("report")
    async def open_reports(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[int]]:
        if interaction.guild_id is None or not interaction.permissions.manage_guild:
            return []  # the texts are for the server's admins only
        try:
            found = await self.storage.search_open(interaction.guild_id, current, limit=AUTOCOMPLETE_CHOICES)
        except Exception:
            log.exception("report autocomplete failed for %r", current[:100])
            return []
        return [app_commands.Choice(name=show.choice_name(r), value=r.id) for r in found]

    # -- the report form ---------------------------------------------------------------------------

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """Every submitted report form (see :mod:`bot.cogs.reports._views`: discord.py does not keep them)."""
        if interaction.type is not discord.InteractionType.modal_submit:
            return
        data: dict[str, Any] = dict(interaction.data or {})
        pointer = Pointer.parse(str(data.get("custom_id", "")))
        if pointer is None:
            return
        try:
            await self._submitted(interaction, pointer)
        except Exception as error:
            await answer_failure(interaction, error, "a report")

    async def _submitted(self, interaction: discord.Interaction, pointer: Pointer) -> None:
        data: dict[str, Any] = dict(interaction.data or {})
        values = submitted(list(data.get("components") or []))
        raw = values.get(WHAT)
        try:
            text = clean_text(raw if isinstance(raw, str) else "")
        except BadInput as error:
            raise BadInput(f"{error.message} {AGAIN}") from None
        subject = await subject_of(self.bot, pointer)
        if not subject.targets:
            await interaction.response.send_message(GONE, ephemeral=True)
            return
        which = values.get(WHICH) or ["0"]
        choice = which[0] if isinstance(which, list) and which else "0"
        if not choice.isdigit() or int(choice) >= len(subject.targets):
            raise BadInput(f"That fact is not on the list any more. {AGAIN}")
        message = interaction.message
        filed = await self.storage.file(guild_id=interaction.guild_id, member_id=interaction.user.id,
                                        target=subject.targets[int(choice)], context=subject.context, text=text,
                                        now=self.bot.clock(), channel_id=interaction.channel_id,
                                        message_id=message.id if message is not None else None)
        log.info("report #%d filed in guild %s on %s", filed.report.id, filed.report.guild_id, filed.report.target.key)
        await interaction.response.send_message(show.thanks_text(filed), ephemeral=True)
