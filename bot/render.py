"""Answers rendered as Discord embeds. Pure functions: answer in, ``discord.Embed`` out, inside the limits.

Text from the packs and from users is escaped (markdown and mentions) before it is shown, so a quote
with an asterisk or a member's ``@everyone`` is displayed, never interpreted.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache

import discord

from bot.limits import FIELD_VALUE, clip, fit_embed
from facts.answers import (
    HIT_END,
    HIT_START,
    DateAnswer,
    OnThisDay,
    PersonAnswer,
    SearchAnswer,
    Stats,
    TimelinePage,
    WhenAnswer,
)
from facts.models import Event, Quote, Source

COLOUR = discord.Colour(0x8B5E3C)
ERROR_COLOUR = discord.Colour(0xB00020)
KIND_LABEL = {"event": "Event", "person": "Person", "sentence": "From the document"}


@lru_cache(maxsize=8192)
def esc(text: str) -> str:
    """Show ``text`` literally: no markdown, no mentions (``@everyone`` gets a zero-width break).

    Kept: the packs' titles and summaries are escaped again and again."""
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text))


def quote_block(q: Quote) -> str:
    return f"> {esc(q.text)}\n— *paragraph {q.paragraph}*"


def source_footer(sources: Iterable[Source]) -> str:
    unique = list(dict.fromkeys(s.citation for s in sources))
    return f"Source: {'; '.join(unique)}" if unique else "Chronicle"


def _embed(title: str, description: str = "", *, footer: str = "") -> discord.Embed:
    embed = discord.Embed(title=title, description=description or None, colour=COLOUR)
    if footer:
        embed.set_footer(text=footer)
    return embed


def _event_field(embed: discord.Embed, event: Event, label: str) -> None:
    value = esc(event.summary)
    if event.quotes:
        quote = quote_block(event.quotes[0])
        value = clip(value, FIELD_VALUE - len(quote) - 2) + "\n" + quote
    embed.add_field(name=f"{label} — {esc(event.title)}", value=value, inline=False)


def date_embed(answer: DateAnswer) -> discord.Embed:
    label = answer.query.label
    if not answer.matches:
        return fit_embed(_embed(label, f"Nothing in the sources is dated {label}. "
                                       "Try `/timeline` to see what is.", footer="Chronicle"))
    description = f"{len(answer.exact)} event(s) on {label}." if answer.exact else f"Nothing is dated {label} exactly."
    if answer.loose:
        description += f" {len(answer.loose)} more dated loosely, so they may or may not fall on {label}."
    embed = _embed(label, description, footer=source_footer(m.event.source for m in answer.matches))
    for match in answer.matches:
        when = match.event.when.label
        _event_field(embed, match.event, when if match.exact else f"sometime in {when}")
    if answer.total > len(answer.matches):
        embed.description = f"{embed.description}\n…and {answer.total - len(answer.matches)} more; narrow the date."
    return fit_embed(embed)


def on_this_day_embed(answer: OnThisDay, today: date, *, title: str | None = None,
                      note: str | None = None) -> discord.Embed:
    """``title`` overrides the heading (the daily post has its own); ``note`` opens the description (which
    day "today" was taken to be)."""
    embed = _on_this_day(answer, today, title)
    if note:
        embed.description = f"{note}\n{embed.description}" if embed.description else note
    return fit_embed(embed)


def _on_this_day(answer: OnThisDay, today: date, title: str | None) -> discord.Embed:
    day = answer.day.label
    if not answer.items:
        return _embed(title or f"On this day: {day}", "The fact store is empty.")
    if answer.exact:
        embed = _embed(title or f"On this day: {day}",
                       footer=source_footer(a.event.source for a in answer.items))
        for item in answer.items:
            span = item.event.when.span
            ago = today.year - span.start.year if span else 0
            _event_field(embed, item.event, f"{span.start.year} — {ago} years ago" if span and ago > 0
                         else item.event.when.label)
    else:
        embed = _embed(title or f"On this day: {day}",
                       f"Nothing in the sources happened on {day}. The nearest dated events:",
                       footer=source_footer(a.event.source for a in answer.items))
        for item in answer.items:
            _event_field(embed, item.event, f"{item.event.when.label} ({item.distance})")
    return embed



def person_embed(answer: PersonAnswer) -> discord.Embed:
    p = answer.person
    description = f"**{esc(p.role)}**\n{esc(p.summary)}"
    if answer.fuzzy:
        description = f"*Closest match in the sources: {esc(answer.matched)}*\n" + description
    embed = _embed(p.name, description, footer=source_footer([p.source]))
    if p.aliases:
        embed.add_field(name="Also written", value=esc(", ".join(p.aliases)), inline=False)
    if p.events:
        lines = [f"**{esc(e.when.label)}** — {esc(e.title)}" for e in p.events]
        embed.add_field(name="Events", value=_lines_within(lines, FIELD_VALUE), inline=False)
    if p.quotes:
        embed.add_field(name="In the source", value=quote_block(p.quotes[0]), inline=False)
    return fit_embed(embed)


def _lines_within(lines: list[str], limit: int) -> str:
    """As many whole lines as fit in ``limit``, then "…and N more"."""
    out: list[str] = []
    for i, line in enumerate(lines):
        more = f"\n…and {len(lines) - i} more"
        if len("\n".join([*out, line])) + (len(more) if i < len(lines) - 1 else 0) > limit:
            return "\n".join(out) + more
        out.append(line)
    return "\n".join(out)


def when_embed(answer: WhenAnswer) -> discord.Embed:
    e = answer.event
    embed = _embed(e.title, f"**{esc(e.when.full_label)}**\n{esc(e.summary)}", footer=source_footer([e.source]))
    for q in e.quotes[:2]:
        embed.add_field(name="In the source", value=quote_block(q), inline=False)
    if answer.others:
        lines = [f"**{esc(o.when.label)}** — {esc(o.title)}" for o in answer.others]
        embed.add_field(name="Also matching", value=_lines_within(lines, FIELD_VALUE), inline=False)
    return fit_embed(embed)


def timeline_embed(page: TimelinePage, sources: Iterable[Source] = ()) -> discord.Embed:
    bounds = " – ".join(x.label for x in (page.start, page.end) if x is not None)
    title = f"Timeline: {bounds}" if bounds else "Timeline"
    if not page.items:
        return fit_embed(_embed(title, "No events in that range."))
    lines = [f"**{esc(i.when.label)}** — {esc(i.title)}" for i in page.items]
    footer = f"Page {page.page} of {page.pages} · {page.total} events"
    if sources:
        footer += " · " + source_footer(sources)
    return fit_embed(_embed(title, "\n".join(lines), footer=footer))


def search_embed(answer: SearchAnswer) -> discord.Embed:
    title = f"Search: {esc(answer.query)}"
    if not answer.hits:
        return fit_embed(_embed(title, f"Nothing in the sources mentions “{esc(answer.query)}”."))
    shown = f"{answer.total} result(s)" + (f", the best {len(answer.hits)} shown" if answer.total > len(answer.hits)
                                           else "")
    embed = _embed(title, shown, footer=source_footer(h.source for h in answer.hits))
    for hit in answer.hits:
        snippet = esc(hit.snippet).replace(HIT_START, "**").replace(HIT_END, "**")
        name = f"{KIND_LABEL.get(hit.kind, hit.kind)}: {esc(hit.title)}" if hit.title else KIND_LABEL[hit.kind]
        embed.add_field(name=name, value=snippet or "\u200b", inline=False)
    return fit_embed(embed)


def about_embed(stats: Stats, version: str) -> discord.Embed:
    embed = _embed(
        "Chronicle",
        "A study companion for history groups: ask what happened on a date, who someone was, and when "
        "something happened. Every answer quotes the sentence of the source it rests on.",
        footer=f"Chronicle {version} · schema {stats.schema_version}",
    )
    for p in stats.packs:
        years = f", {p.first[:4]}–{p.last[:4]}" if p.first and p.last else ""
        embed.add_field(name=esc(p.source.title),
                        value=f"{p.events} events, {p.people} people, {p.quotes} quotes{years}\n"
                              f"Source: {esc(p.source.citation)}", inline=False)
    embed.add_field(name="Commands", inline=False, value=(
        "`/date when:` what happened on a day, month, season or year\n"
        "`/person name:` who someone was\n"
        "`/when event:` when something happened\n"
        "`/onthisday [date:]` on this day in history\n"
        "`/timeline [start:] [end:]` events in order, page by page\n"
        "`/search query:` search events, people and the document"))
    return fit_embed(embed)


def error_embed(message: str, *, example: str | None = None, suggestions: Iterable[str] = (),
                error_id: str | None = None) -> discord.Embed:
    description = esc(message)
    suggestions = list(suggestions)
    if suggestions:
        description += "\n\nDid you mean: " + ", ".join(f"**{esc(s)}**" for s in suggestions) + "?"
    if example:
        description += f"\n\nFor example: `{example.replace('`', '')}`"
    if error_id:
        description += f"\n\nError id: `{error_id}`"
    return fit_embed(discord.Embed(title="Sorry", description=description, colour=ERROR_COLOUR))
