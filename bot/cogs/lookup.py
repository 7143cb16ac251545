"""Lookup commands: /date, /person, /when, /onthisday, /timeline, /search.

Each callback is parse (discord.py and our transformers) → query (the fact store) → render → respond.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot import render
from bot.limits import AUTOCOMPLETE_CHOICES, CHOICE_NAME, CHOICE_VALUE, clip
from bot.respond import choices_or_none, deferred_after, send
from bot.transformers import DateSpanArg, MonthDayArg
from bot.views import Pager
from facts.dates import MonthDay

if TYPE_CHECKING:
    from bot.client import Chronicle

log = logging.getLogger(__name__)
TIMELINE_PAGE = 10
Choices = list[app_commands.Choice[str]]


def choice(name: str, value: str) -> app_commands.Choice[str]:
    """A choice inside Discord's limits; an over-long value falls back to the (clipped) name."""
    name = clip(name, CHOICE_NAME)
    return app_commands.Choice(name=name, value=value if len(value) <= CHOICE_VALUE else name)


class Lookup(commands.Cog):
    pager_timeout: float = 600  # seconds before the timeline buttons are disabled

    def __init__(self, bot: Chronicle) -> None:
        self.bot = bot
        self.store = bot.store

    @app_commands.command(name="date", description="What happened on a day, in a month, a season or a year")
    @app_commands.describe(when="A date: 1950-06-25, June 25 1950, June 1950, winter 1949-50, 1948…")
    async def date(self, interaction: discord.Interaction, when: DateSpanArg) -> None:
        async with deferred_after(interaction):
            answer = await self.store.on_date(when)
        await send(interaction, embed=render.date_embed(answer))

    @app_commands.command(name="person", description="Who a person was: role, events and a source quote")
    @app_commands.describe(name="A name as the source writes it or the usual spelling, e.g. Kim Il Sung")
    async def person(self, interaction: discord.Interaction, name: app_commands.Range[str, 1, 100]) -> None:
        async with deferred_after(interaction):
            answer = await self.store.person(name)
        await send(interaction, embed=render.person_embed(answer))

    @person.autocomplete("name")
    async def person_names(self, interaction: discord.Interaction, current: str) -> Choices:
        async def make() -> Choices:
            hits = self.store.names.complete(current, limit=AUTOCOMPLETE_CHOICES)
            return [choice(h.name if h.matched == h.name else f"{h.name} ({h.matched})", h.key) for h in hits]

        return await choices_or_none("person", current, make)

    @app_commands.command(name="when", description="When something happened, at the precision the source gives")
    @app_commands.describe(event="A few words about the event, e.g. 38th parallel or Acheson speech")
    async def when(self, interaction: discord.Interaction, event: app_commands.Range[str, 1, 200]) -> None:
        async with deferred_after(interaction):
            answer = await self.store.when(event)
        await send(interaction, embed=render.when_embed(answer))

    @when.autocomplete("event")
    async def event_titles(self, interaction: discord.Interaction, current: str) -> Choices:
        async def make() -> Choices:
            refs = await self.store.complete_events(current, limit=AUTOCOMPLETE_CHOICES)
            return [choice(f"{r.title} ({r.when.label})", r.key) for r in refs]

        return await choices_or_none("event", current, make)

    @app_commands.command(name="onthisday", description="On this day in history (today in UTC unless you give a day)")
    @app_commands.describe(date="A month and day, e.g. 08-06 or Aug. 6 (default: today, UTC)")
    async def onthisday(self, interaction: discord.Interaction, date: MonthDayArg | None = None) -> None:
        today = self.bot.clock().date()
        async with deferred_after(interaction):
            answer = await self.store.on_this_day(date or MonthDay.of(today))
        await send(interaction, embed=render.on_this_day_embed(answer, today))

    @app_commands.command(name="timeline", description="Events in order, page by page")
    @app_commands.describe(start="From this date (default: the earliest)", end="Up to this date (default: the latest)")
    async def timeline(self, interaction: discord.Interaction, start: DateSpanArg | None = None,
                       end: DateSpanArg | None = None) -> None:
        async def show(page: int) -> tuple[discord.Embed, int, int]:
            result = await self.store.timeline(start, end, page=page, per_page=TIMELINE_PAGE)
            return render.timeline_embed(result, self.store.sources.values()), result.page, result.pages

        async with deferred_after(interaction):
            embed, page, pages = await show(1)
        view = (Pager(self.bot.live_views, interaction.user.id, page, pages, show, timeout=self.pager_timeout)
                if pages > 1 else None)
        if view is not None:
            view.interaction = interaction
            await send(interaction, embed=embed, view=view)
        else:
            await send(interaction, embed=embed)

    @app_commands.command(name="search", description="Search events, people and the source document")
    @app_commands.describe(query="Words to look for, e.g. Security Council")
    async def search(self, interaction: discord.Interaction, query: app_commands.Range[str, 1, 200]) -> None:
        async with deferred_after(interaction):
            answer = await self.store.search(query)
        await send(interaction, embed=render.search_embed(answer))


async def setup(bot: Chronicle) -> None:
    await bot.add_cog(Lookup(bot))
