"""/study (a personal session), /study stats, settings, remind and export; the button presses of sessions; the
daily reminder DMs; keeping a member's study 30 days after they (or Chronicle) leave the server."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import io
import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs.study import _render as show
from bot.cogs.study._views import question_buttons, rating_buttons
from bot.limits import AUTOCOMPLETE_CHOICES, CHOICE_NAME
from bot.respond import choices_or_none, deferred_after, guild_of, send
from bot.transformers import TimeOption, ZoneOption
from facts.daily.zones import DEFAULT_ZONE
from facts.errors import BadInput, ChronicleError
from facts.study import anki
from facts.study.schedule import Rating
from facts.study.stats import stats
from facts.study.storage import AlreadyRated, NothingDue, StudyCard, StudyStorage

if TYPE_CHECKING:
    from bot.client import Chronicle

log = logging.getLogger(__name__)
REMIND_EVERY = 60.0  # seconds between looks at the reminders
NOT_YOURS = "This study card is not yours: run `/study` for your own session."


class Study(commands.Cog):
    group = app_commands.Group(name="study", description="Your own spaced-repetition study of this server's facts",
                               guild_only=True)
    remind = app_commands.Group(name="remind", description="A daily DM when you have cards due", parent=group)

    def __init__(self, bot: Chronicle) -> None:
        self.bot = bot
        self.storage: StudyStorage = bot.study
        self.remind_every = REMIND_EVERY
        self._task: asyncio.Task[None] | None = None

    async def cog_load(self) -> None:
        self._task = asyncio.create_task(self._remind_loop(), name="study-reminders")

    async def cog_unload(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    # -- the session -------------------------------------------------------------------------------

    @group.command(name="start", description="Study your due cards, one at a time (only you see it)")
    async def start(self, interaction: discord.Interaction) -> None:
        await self._start(interaction)

    async def _start(self, interaction: discord.Interaction) -> None:
        guild_id, member_id = guild_of(interaction), interaction.user.id
        async with deferred_after(interaction, ephemeral=True):
            scope = await self.bot.store.scope_for(guild_id)
            if not scope.packs:
                raise ChronicleError(show.NO_PACKS)
            await self.storage.seen(guild_id, member_id)
            await self.storage.sync(guild_id, member_id, scope)
            found = await self.storage.next_card(guild_id, member_id, self.bot.clock(), scope)
        embed, view = self._screen(found)
        await send(interaction, embed=embed, view=view, ephemeral=True)

    def _screen(self, found: StudyCard | NothingDue, note: str | None = None
                ) -> tuple[discord.Embed, discord.ui.View | None]:
        if isinstance(found, NothingDue):
            return show.nothing_embed(found, note), None
        return show.question_embed(found, note), question_buttons(found)

    async def pressed(self, interaction: discord.Interaction, action: str, card_id: int, reps: int,
                      rating: Rating | None) -> None:
        """A session's button: show the answer, rate and go on to the next card, or stop."""
        guild_id, member_id = guild_of(interaction), interaction.user.id
        now = self.bot.clock()
        scope = await self.bot.store.scope_for(guild_id)
        if action == "stop":
            await interaction.response.edit_message(
                embed=discord.Embed(title="Study", description="Stopped. `/study start` picks up where you left off.",
                                    colour=show.COLOUR), view=None)
            return
        card = await self.storage.card(guild_id, member_id, card_id, scope)
        if card is None:
            owner = await self.storage.owner_of(card_id)
            if owner is not None and owner != member_id:
                await interaction.response.send_message(NOT_YOURS, ephemeral=True)
                return
            found = await self.storage.next_card(guild_id, member_id, now, scope)
            embed, view = self._screen(found, "That card's fact is no longer in this server's packs.")
        elif card.reps != reps:
            found = await self.storage.next_card(guild_id, member_id, now, scope)
            embed, view = self._screen(found, show.already_rated_text())
        elif action == "show":
            embed, view = show.answer_embed(card), rating_buttons(card, now)
        else:
            assert rating is not None
            rated = await self.storage.rate(guild_id, member_id, card_id, reps=reps, rating=rating, now=now,
                                            shown=card)
            note = show.already_rated_text() if isinstance(rated, AlreadyRated) else show.rated_note(rated, now)
            found = await self.storage.next_card(guild_id, member_id, now, scope)
            embed, view = self._screen(found, note)
        if view is None:
            await interaction.response.edit_message(embed=embed, view=None)
        else:
            await interaction.response.edit_message(embed=embed, view=view)

    # -- stats and settings ------------------------------------------------------------------------

    @group.command(name="stats", description="Cards due, reviews, retention, streak and hardest facts")
    @app_commands.describe(member="Whose study (default: yours)")
    async def stats_(self, interaction: discord.Interaction, member: discord.Member | None = None) -> None:
        who = member or interaction.user
        shown = await stats(self.storage, guild_of(interaction), who.id, self.bot.clock())
        await send(interaction, embed=show.stats_embed(shown, who.display_name), ephemeral=True)

    @group.command(name="settings", description="How many new cards a day, and your time zone for days")
    @app_commands.describe(new_per_day="New cards a day, 0–100 (default 10)",
                           timezone="Your IANA time zone, e.g. Asia/Seoul: when your day starts")
    async def settings(self, interaction: discord.Interaction,
                       new_per_day: app_commands.Range[int, 0, 100] | None = None,
                       timezone: app_commands.Transform[str, ZoneOption] | None = None) -> None:
        guild_id, member_id = guild_of(interaction), interaction.user.id
        if new_per_day is not None:
            await self.storage.set_new_per_day(guild_id, member_id, new_per_day)
        if timezone is not None:
            await self.storage.set_zone(guild_id, member_id, timezone)
        await send(interaction, embed=show.settings_embed(await self.storage.settings(guild_id, member_id)),
                   ephemeral=True)

    @remind.command(name="set", description="A DM once a day, at your local time, when cards are due")
    @app_commands.describe(time="Local time, HH:MM on a 24-hour clock, e.g. 18:30",
                           timezone="An IANA time zone, e.g. Asia/Seoul (default: your study zone, else UTC)")
    async def remind_set(self, interaction: discord.Interaction, time: app_commands.Transform[dt.time, TimeOption],
                         timezone: app_commands.Transform[str, ZoneOption] | None = None) -> None:
        guild_id, member_id = guild_of(interaction), interaction.user.id
        zone = timezone or (await self.storage.settings(guild_id, member_id)).remind_zone or DEFAULT_ZONE
        await self.storage.set_reminder(guild_id, member_id, time, zone, self.bot.clock())
        await send(interaction, embed=show.settings_embed(await self.storage.settings(guild_id, member_id)),
                   ephemeral=True)

    @remind.command(name="off", description="No more study reminders")
    async def remind_off(self, interaction: discord.Interaction) -> None:
        guild_id, member_id = guild_of(interaction), interaction.user.id
        await self.storage.set_reminder(guild_id, member_id, None, None, self.bot.clock())
        await send(interaction, embed=show.settings_embed(await self.storage.settings(guild_id, member_id)),
                   ephemeral=True)

    # -- export ------------------------------------------------------------------------------------

    @group.command(name="export", description="Your cards as an Anki deck (.apkg); admins: a whole pack's")
    @app_commands.describe(pack="A pack of this server (needs Manage Server); default: your own cards")
    async def export(self, interaction: discord.Interaction, pack: str | None = None) -> None:
        guild_id = guild_of(interaction)
        async with deferred_after(interaction, ephemeral=True):
            if pack is None:
                cards = await anki.member_cards(self.storage, guild_id, interaction.user.id)
                title = f"Chronicle study · {interaction.guild.name if interaction.guild else guild_id}"
                deck_key = f"member:{guild_id}:{interaction.user.id}"
            else:
                if not interaction.permissions.manage_guild:
                    raise ChronicleError("Exporting a whole pack needs the Manage Server permission.")
                pack_id = await self._pack_id(guild_id, pack)
                cards = await anki.pack_cards(self.bot.store, pack_id)
                title = self.bot.store.sources[pack_id].title
                deck_key = f"pack:{pack_id}"
            if not cards:
                raise BadInput("There are no cards to export yet: study a few with `/study start` first."
                               if pack is None else "That pack offers no cards.")
            data = await asyncio.to_thread(anki.deck, cards, title=title, deck_key=deck_key)
        if len(data) > interaction.filesize_limit:
            raise ChronicleError("The deck is larger than Discord lets this server receive; the bot's operator can "
                                 "write it with `chronicle study export`.")
        file = discord.File(io.BytesIO(data), filename=anki.filename_for(title))
        await send(interaction, content=f"{len(cards)} card{'s' if len(cards) != 1 else ''}: import the file into "
                                        "Anki (importing again updates the same notes).", file=file, ephemeral=True)

    async def _pack_id(self, guild_id: int, name: str) -> str:
        scope = await self.bot.store.scope_for(guild_id)
        for pack_id in sorted(scope.packs):
            if name in (pack_id, pack_id.removeprefix(f"g{guild_id}_")):
                return pack_id
        raise BadInput(f"No pack {name!r} is enabled in this server.", "/pack list")

    @export.autocomplete("pack")
    async def _pack_choices(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        async def make() -> list[app_commands.Choice[str]]:
            guild_id = interaction.guild_id
            scope = await self.bot.store.scope_for(guild_id)
            names = [p.removeprefix(f"g{guild_id}_") for p in sorted(scope.packs)]
            return [app_commands.Choice(name=n[:CHOICE_NAME], value=n) for n in names
                    if current.casefold() in n.casefold()][:AUTOCOMPLETE_CHOICES]

        return await choices_or_none("study pack", current, make)

    # -- reminders and leaving ---------------------------------------------------------------------

    async def _remind_loop(self) -> None:
        await self.bot.wait_until_ready()
        while True:
            try:
                await self.remind_pass()
            except Exception:
                log.exception("study reminders: a pass failed")
            await asyncio.sleep(self.remind_every)

    async def remind_pass(self) -> int:
        """DM every member whose reminder is due and has cards due; returns how many were sent."""
        now = self.bot.clock()
        await self.storage.purge(now)
        sent = 0
        for reminder in await self.storage.reminders_due(now, [g.id for g in self.bot.guilds]):
            guild = self.bot.get_guild(reminder.guild_id)
            if guild is None:
                continue
            try:
                await guild.fetch_member(reminder.member_id)  # REST: no privileged intent needed
            except discord.NotFound:
                await self.storage.left(reminder.guild_id, [reminder.member_id], now)
                continue
            try:
                user = await self.bot.fetch_user(reminder.member_id)
                await user.send(show.reminder_message(reminder.due, guild.name),
                                allowed_mentions=discord.AllowedMentions.none())
            except discord.Forbidden:
                await self.storage.reminder_failed(reminder.guild_id, reminder.member_id,
                                                   "Chronicle could not DM you (your DMs are closed to it); open "
                                                   "them, then `/study remind set` again")
                continue
            await self.storage.reminded(reminder)
            sent += 1
        return sent

    @commands.Cog.listener()
    async def on_guild_remove(self, guild: discord.Guild) -> None:
        await self.storage.left(guild.id, None, self.bot.clock())
