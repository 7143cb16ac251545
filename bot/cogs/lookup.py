"""Lookup commands: /date, /person, /when, /timeline, /search (/onthisday has its own cog).

Each callback is parse (discord.py and our transformers) → query (the fact store) → render → respond.
Every answer that shows a fact carries a Report button (:mod:`bot.cogs.reports`) offering the facts it shows.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import render
from bot.cogs.reports import ReportTag, custom_id_for, with_report
from bot.limits import AUTOCOMPLETE_CHOICES, CHOICE_NAME, CHOICE_VALUE, EMBED_FIELDS, clip
from bot.pictures import attach
from bot.respond import choices_or_none, deferred_after, send
from bot.transformers import DateSpanArg
from bot.views import Page, Pager, drawing
from facts.reports import subjects
from facts.scope import Scope

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

    async def scope(self, interaction: discord.Interaction) -> Scope:
        """The packs of the server the interaction comes from (a direct message: the shipped ones)."""
        return await self.store.scope_for(interaction.guild_id)

    @app_commands.command(name="date", description="What happened on a day, in a month, a season or a year")
    @app_commands.describe(when="A date: 1950-06-25, June 25 1950, June 1950, winter 1949-50, 1948…")
    async def date(self, interaction: discord.Interaction, when: DateSpanArg) -> None:
        async with deferred_after(interaction):
            # no more than an embed shows
            answer = await self.store.on_date(when, limit=EMBED_FIELDS, scope=await self.scope(interaction))
            report = await with_report(self.bot, subjects.of_date(answer))
        await send(interaction, embed=render.date_embed(answer), view=report)

    @app_commands.command(name="person", description="Who a person was: role, events and a source quote")
    @app_commands.describe(name="A name as the source writes it or the usual spelling, e.g. Kim Il Sung")
    async def person(self, interaction: discord.Interaction, name: app_commands.Range[str, 1, 100]) -> None:
        async with deferred_after(interaction):
            answer = await self.store.person(name, scope=await self.scope(interaction))
            report = await with_report(self.bot, subjects.of_person(answer))
        await send(interaction, embed=render.person_embed(answer), view=report)

    @person.autocomplete("name")
    async def person_names(self, interaction: discord.Interaction, current: str) -> Choices:
        async def make() -> Choices:
            hits = self.store.complete_people(current, limit=AUTOCOMPLETE_CHOICES, scope=await self.scope(interaction))
            return [choice(h.name if h.matched == h.name else f"{h.name} ({h.matched})", h.key) for h in hits]

        return await choices_or_none("person", current, make)

    @app_commands.command(name="when", description="When something happened, at the precision the source gives")
    @app_commands.describe(event="A few words about the event, e.g. 38th parallel or Acheson speech")
    async def when(self, interaction: discord.Interaction, event: app_commands.Range[str, 1, 200]) -> None:
        async with deferred_after(interaction):
            answer = await self.store.when(event, scope=await self.scope(interaction))
            report = await with_report(self.bot, subjects.of_when(answer))
        await send(interaction, embed=render.when_embed(answer), view=report)

    @when.autocomplete("event")
    async def event_titles(self, interaction: discord.Interaction, current: str) -> Choices:
        async def make() -> Choices:
            refs = await self.store.complete_events(current, limit=AUTOCOMPLETE_CHOICES,
                                                   scope=await self.scope(interaction))
            return [choice(f"{r.title} ({r.when.label})", r.key) for r in refs]

        return await choices_or_none("event", current, make)

    @app_commands.command(name="timeline", description="Events in order on a time axis, page by page")
    @app_commands.describe(start="From this date (default: the earliest)", end="Up to this date (default: the latest)")
    async def timeline(self, interaction: discord.Interaction, start: DateSpanArg | None = None,
                       end: DateSpanArg | None = None) -> None:
        report: ReportTag | None = None  # the page's facts: turning the page points it at the new ones
        scope = await self.scope(interaction)

        async def show(page: int) -> Page:
            nonlocal report
            result = await self.store.timeline(start, end, page=page, per_page=TIMELINE_PAGE, scope=scope)
            custom_id = await custom_id_for(self.bot, subjects.of_timeline(result))
            if custom_id is not None and report is None:
                report = ReportTag(custom_id, row=0)
            elif custom_id is not None and report is not None:
                report.custom_id = custom_id
            embed = render.timeline_embed(result, self.store.sources_of(scope))
            picture = await self.bot.pictures.timeline(result.items)
            if picture is None:
                return Page(embed, result.page, result.pages, ())
            return Page(attach(embed), result.page, result.pages, (picture.file(),))

        async with deferred_after(interaction):
            embed, page, pages, files = await show(1)
        attached: dict[str, Any] = {"files": list(files)} if files else {}
        if pages > 1:
            view = Pager(self.bot.live_views, interaction.user.id, page, pages, show, timeout=self.pager_timeout)
            if report is not None:
                view.add_item(report)
            view.interaction = interaction
            await send(interaction, embed=embed, view=view, **attached)
        elif report is not None:
            await send(interaction, embed=embed, view=drawing(report), **attached)
        else:
            await send(interaction, embed=embed, **attached)

    @app_commands.command(name="search", description="Search events, people and the source document")
    @app_commands.describe(query="Words to look for, e.g. Security Council")
    async def search(self, interaction: discord.Interaction, query: app_commands.Range[str, 1, 200]) -> None:
        async with deferred_after(interaction):
            answer = await self.store.search(query, scope=await self.scope(interaction))
            report = await with_report(self.bot, subjects.of_search(answer))
        await send(interaction, embed=render.search_embed(answer), view=report)


async def setup(bot: Chronicle) -> None:
    await bot.add_cog(Lookup(bot))
