"""Slash-command option parsers: text in, typed value out, or a BadInput the error handler answers."""

from __future__ import annotations

import datetime as dt

import discord
from discord import app_commands

from bot.limits import AUTOCOMPLETE_CHOICES
from bot.respond import choices_or_none
from facts.daily.timing import parse_time
from facts.daily.zones import parse_zone, search_zones
from facts.dates import DateSpan, MonthDay, parse_month_day, parse_span


class DateSpanOption(app_commands.Transformer):
    """A date with a year, at any precision: "1950-06-25", "June 1950", "winter 1949-50", "1948"."""

    async def transform(self, interaction: discord.Interaction, value: str) -> DateSpan:
        return parse_span(value)


class MonthDayOption(app_commands.Transformer):
    """A calendar day without a year: "08-06", "Aug. 6", "6 August" (a year, if given, is ignored)."""

    async def transform(self, interaction: discord.Interaction, value: str) -> MonthDay:
        return parse_month_day(value)


class TimeOption(app_commands.Transformer):
    """A wall-clock time, "HH:MM" on a 24-hour clock."""

    async def transform(self, interaction: discord.Interaction, value: str) -> dt.time:
        return parse_time(value)


class ZoneOption(app_commands.Transformer):
    """An IANA time zone name, any case ("asia/seoul" → Asia/Seoul)."""

    async def transform(self, interaction: discord.Interaction, value: str) -> str:
        return parse_zone(value)

    async def autocomplete(self, interaction: discord.Interaction,  # type: ignore[override]
                           value: str) -> list[app_commands.Choice[str]]:
        async def make() -> list[app_commands.Choice[str]]:
            return [app_commands.Choice(name=z, value=z) for z in search_zones(value, limit=AUTOCOMPLETE_CHOICES)]

        return await choices_or_none("time zone", value, make)


DateSpanArg = app_commands.Transform[DateSpan, DateSpanOption]
MonthDayArg = app_commands.Transform[MonthDay, MonthDayOption]
