"""/onthisday [date]: the day's anniversaries in the server's packs; ◀ ▶ step to the nearest days with some.

Without a date it is *today* where the server's daily post is, when an admin set one up (else UTC), and the
answer says which day and zone it used. Only the member who asked can step; after :attr:`OnThisDay.step_timeout`
seconds without a step the buttons are disabled. The buttons carry their day, so they still step after a
restart (when nothing remembers to disable them).
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from datetime import date
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import discord
from discord import app_commands
from discord.ext import commands

from bot import render
from bot.cogs.onthisday._views import step_buttons
from bot.cogs.reports import custom_id_for
from bot.respond import deferred_after, send
from bot.transformers import MonthDayArg
from facts.daily.schedules import ScheduleStore
from facts.daily.timing import local_date
from facts.daily.zones import DEFAULT_ZONE
from facts.dates import MonthDay, step_day
from facts.reports import subjects

if TYPE_CHECKING:
    from bot.client import Chronicle

log = logging.getLogger(__name__)
NOT_YOURS = "Only the member who asked can step through these days; run `/onthisday` yourself to browse."


class OnThisDay(commands.Cog):
    step_timeout: float = 600  # seconds without a step before the buttons are disabled (tokens last 15 min)

    def __init__(self, bot: Chronicle) -> None:
        self.bot = bot
        self.store = bot.store
        self.schedules = ScheduleStore(bot.store.db)
        self._expiry: dict[str, asyncio.TimerHandle] = {}
        self._disabling: set[asyncio.Task[None]] = set()

    async def cog_unload(self) -> None:
        for timer in self._expiry.values():
            timer.cancel()
        self._expiry.clear()

    async def today(self, guild_id: int | None) -> tuple[date, str, bool]:
        """Today's date where the server's daily post is (``True``), else in UTC (``False``), and the zone."""
        schedule = await self.schedules.get(guild_id) if guild_id is not None else None
        zone = schedule.zone_name if schedule is not None else DEFAULT_ZONE
        return local_date(self.bot.clock(), ZoneInfo(zone)), zone, schedule is not None

    @app_commands.command(name="onthisday", description="On this day in history, with ◀ ▶ to step to other days")
    @app_commands.describe(date="A month and day, e.g. 08-06 or Aug. 6 (default: today in the server's time zone)")
    async def onthisday(self, interaction: discord.Interaction, date: MonthDayArg | None = None) -> None:
        session = secrets.token_hex(5)
        async with deferred_after(interaction):
            today, zone, servers = await self.today(interaction.guild_id)
            note = None
            if date is None:
                whose = " (this server's daily-post time zone)" if servers else ""
                note = f"Today is {today:%A}, {MonthDay.of(today).label}, in {zone}{whose}."
            embed, view, disabled = await self._screen(interaction, date or MonthDay.of(today), today, session,
                                                       note=note)
        await send(interaction, embed=embed, view=view)
        self._arm(session, interaction, disabled)

    async def step(self, interaction: discord.Interaction, owner: int, day: MonthDay, session: str) -> None:
        """A ◀ or ▶ press: show ``day`` in place (the asker only)."""
        if interaction.user.id != owner:
            await interaction.response.send_message(NOT_YOURS, ephemeral=True)
            return
        today, _, _ = await self.today(interaction.guild_id)
        embed, view, disabled = await self._screen(interaction, day, today, session)
        await interaction.response.edit_message(embed=embed, view=view)
        self._arm(session, interaction, disabled)

    async def _screen(self, interaction: discord.Interaction, day: MonthDay, today: date, session: str, *,
                      note: str | None = None) -> tuple[discord.Embed, discord.ui.View, discord.ui.View]:
        """The answer for ``day``, its buttons, and the same buttons disabled."""
        scope = await self.store.scope_for(interaction.guild_id)
        answer = await self.store.on_this_day(day, scope=scope)
        days = await self.store.anniversary_days(scope=scope)
        previous, following = step_day(days, day, -1), step_day(days, day, +1)
        report = await custom_id_for(self.bot, subjects.of_on_this_day(answer))
        owner = interaction.user.id
        return (render.on_this_day_embed(answer, today, note=note),
                step_buttons(owner, session, previous, following, report=report),
                step_buttons(owner, session, previous, following, report=report, disabled=True))

    def _arm(self, session: str, interaction: discord.Interaction, disabled: discord.ui.View) -> None:
        """(Re)start the session's time-out: when it passes, ``interaction``'s message gets ``disabled``."""
        old = self._expiry.pop(session, None)
        if old is not None:
            old.cancel()

        def expire() -> None:
            self._expiry.pop(session, None)
            task = asyncio.create_task(self._disable(interaction, disabled), name=f"onthisday-expire-{session}")
            self._disabling.add(task)
            task.add_done_callback(self._disabling.discard)

        self._expiry[session] = asyncio.get_running_loop().call_later(self.step_timeout, expire)

    @staticmethod
    async def _disable(interaction: discord.Interaction, disabled: discord.ui.View) -> None:
        try:
            await interaction.edit_original_response(view=disabled)
        except discord.HTTPException:
            log.debug("could not disable the buttons of an on-this-day answer")
