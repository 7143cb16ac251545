"""Reports as Discord embeds and short texts. Pure: reports in, embeds out, inside Discord's limits.

A member's text is shown literally (markdown and mentions escaped); member ids are shown as mentions, which
never ping (embeds do not, and the client sends no allowed mentions anyway).
"""

from __future__ import annotations

from datetime import datetime

import discord

from bot import render
from bot.limits import CHOICE_NAME, FIELD_VALUE, clip, fit_embed
from facts.reports import FactKind, Report, ReportedFact, ReportPage, Show
from facts.reports.models import Filed, Resolved

SHOW_TITLE = {Show.OPEN: "open", Show.RESOLVED: "resolved", Show.ALL: "all"}
HOW_TO_REPORT = ("Members report a wrong answer with the **Report** button under a lookup answer or a trivia "
                 "reveal.")
THANKS = "Thanks — an admin will check it."
QUOTE_ROOM = 380  # characters of the fact's quote in a listing
TEXT_ROOM = 420  # characters of the member's text in a listing


def mention(member_id: int) -> str:
    return f"<@{member_id}>"


def when(moment: datetime) -> str:
    return discord.utils.format_dt(moment, "R")


def jump_url(report: Report) -> str | None:
    if report.guild_id is None or report.channel_id is None or report.message_id is None:
        return None
    return f"https://discord.com/channels/{report.guild_id}/{report.channel_id}/{report.message_id}"


def thanks_text(filed: Filed) -> str:
    """The private answer to a submitted report."""
    text = THANKS if filed.report.guild_id is not None else "Thanks — Chronicle's maintainers will check it."
    if filed.updated:
        text += " It replaces your earlier report of this fact."
    if filed.report.target.question and filed.report.guild_id is not None:
        text += " Until then the question is left out of this server's trivia rounds."
    return text


def fact_name(item: ReportedFact) -> str:
    kind = "Event" if item.report.target.kind is FactKind.EVENT else "Person"
    date = f"{item.when} — " if item.when else ""
    return f"{kind}: {date}{item.title}"


def report_field(item: ReportedFact) -> tuple[str, str]:
    """One report as an embed field: the fact and its quote, what the member said, where and when."""
    r = item.report
    name = clip(f"#{r.id} · {fact_name(item)}", 256)
    lines: list[str] = []
    if not item.present:
        lines.append("*This fact is no longer in the packs* (shown as the member saw it).")
    elif item.detail:
        lines.append(f"*{render.esc(clip(item.detail, 200))}*")
    if item.quote is not None:
        lines.append(f"> {render.esc(clip(item.quote.text, QUOTE_ROOM))}\n— *paragraph {item.quote.paragraph}*")
    lines.append(f"{mention(r.member_id)}: “{render.esc(clip(r.text, TEXT_ROOM))}”")
    where = [f"from {r.context}" + (" question" if r.target.question else "")]
    link = jump_url(r)
    if link:
        where.append(f"[the answer]({link})")
    where.append(when(r.updated))
    if r.target.question:
        where.append(f"`{clip(r.target.question, 80)}`")
    lines.append(" · ".join(where))
    if not r.open:
        by = mention(r.resolved_by) if r.resolved_by is not None else "the command line"
        note = f": {render.esc(clip(r.resolution, 200))}" if r.resolution else ""
        at = f" {when(r.resolved_at)}" if r.resolved_at else ""
        lines.append(f"✅ Resolved by {by}{at}{note}")
    value = "\n".join(lines)
    return name, clip(value, FIELD_VALUE)


def listing_embed(page: ReportPage) -> discord.Embed:
    show = SHOW_TITLE[page.show]
    title = f"Reports: {show} ({page.total})"
    if not page.items:
        empty = "No reports yet." if page.show is Show.ALL else f"No {show} reports."
        return fit_embed(discord.Embed(title=title, description=f"{empty} {HOW_TO_REPORT}", colour=render.COLOUR))
    embed = discord.Embed(title=title, colour=render.COLOUR)
    for item in page.items:
        name, value = report_field(item)
        embed.add_field(name=name, value=value, inline=False)
    footer = f"Page {page.page} of {page.pages} · newest first"
    if page.show is not Show.RESOLVED:
        footer += " · /facts resolve report: to resolve one"
    embed.set_footer(text=footer)
    return fit_embed(embed)


def resolved_embed(done: Resolved) -> discord.Embed:
    r = done.report
    description = (f"**{render.esc(r.target.label)}**\n"
                   f"Reported by {mention(r.member_id)}: “{render.esc(clip(r.text, 600))}”")
    if r.resolution:
        description += f"\n\nNote: {render.esc(r.resolution)}"
    if done.question_back:
        description += f"\n\nIts trivia question (`{r.target.question}`) is back in this server's rounds."
    return fit_embed(discord.Embed(title=f"Report #{r.id} resolved", description=description, colour=render.COLOUR))


def choice_name(report: Report) -> str:
    """An open report as an autocomplete choice: number, fact, what was said."""
    return clip(f"#{report.id} · {report.target.title} — {report.text}".replace("\n", " "), CHOICE_NAME)
