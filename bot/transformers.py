"""Slash-command option parsers: text in, typed value out, or a BadInput the error handler answers."""

from __future__ import annotations

import discord
from discord import app_commands

from facts.dates import DateSpan, MonthDay, parse_month_day, parse_span


class DateSpanOption(app_commands.Transformer):
    """A date with a year, at any precision: "1950-06-25", "June 1950", "winter 1949-50", "1948"."""

    async def transform(self, interaction: discord.Interaction, value: str) -> DateSpan:
        return parse_span(value)


class MonthDayOption(app_commands.Transformer):
    """A calendar day without a year: "08-06", "Aug. 6", "6 August" (a year, if given, is ignored)."""

    async def transform(self, interaction: discord.Interaction, value: str) -> MonthDay:
        return parse_month_day(value)


DateSpanArg = app_commands.Transform[DateSpan, DateSpanOption]
MonthDayArg = app_commands.Transform[MonthDay, MonthDayOption]
