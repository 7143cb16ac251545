"""Study as embeds: a card's question, its answer with the quote and the source, "nothing due", stats and
settings. Every text from a pack is escaped (no markdown, no mentions) and every embed fits Discord's limits."""

from __future__ import annotations

from datetime import datetime

import discord

from bot.limits import FIELD_VALUE, clip, fit_embed
from bot.render import COLOUR, esc, quote_block
from facts.daily.timing import format_time
from facts.study.schedule import Rating
from facts.study.stats import StudyStats
from facts.study.storage import NothingDue, Rated, Settings, StudyCard

KIND_LABEL = {"when": "Date", "what": "Event", "who": "Person", "figure": "Figure"}
NO_PACKS = ("No packs are enabled in this server, so there is nothing to study. An admin can enable one with "
            "`/pack enable`.")


def stamp(moment: datetime, style: str = "R") -> str:
    """A Discord timestamp: every member sees it in their own time zone."""
    return f"<t:{int(moment.timestamp())}:{style}>"


def _card_head(study: StudyCard) -> discord.Embed:
    card = study.card
    description = f"**{esc(card.question)}**"
    if card.about:
        description += f"\n{esc(card.about)}"
    embed = discord.Embed(title=f"Study · {KIND_LABEL[card.key.kind.value]}", description=description,
                          colour=COLOUR)
    embed.set_footer(text=clip(f"{'New card · ' if study.new else ''}{card.pack_title}", 200))
    return embed


def question_embed(study: StudyCard, note: str | None = None) -> discord.Embed:
    embed = _card_head(study)
    if note:
        embed.add_field(name="Last card", value=clip(note, FIELD_VALUE), inline=False)
    return fit_embed(embed)


def answer_embed(study: StudyCard) -> discord.Embed:
    card = study.card
    embed = _card_head(study)
    embed.add_field(name="Answer", value=clip(f"**{esc(card.answer)}**", FIELD_VALUE), inline=False)
    if card.when and card.when != card.answer:
        embed.add_field(name="When", value=clip(esc(card.when), FIELD_VALUE), inline=False)
    if card.detail:
        embed.add_field(name="In short", value=clip(esc(card.detail), FIELD_VALUE), inline=False)
    if card.quote is not None:
        embed.add_field(name="In the source", value=clip(quote_block(card.quote), FIELD_VALUE), inline=False)
    embed.set_footer(text=clip(f"Source: {card.source} · How well did you know it?", 2048))
    return fit_embed(embed)


def rated_note(rated: Rated, now: datetime) -> str:
    return f"Rated **{rated.rating.label}** · back {stamp(rated.memory.due)}" if rated.memory.due > now else \
        f"Rated **{rated.rating.label}**"


def nothing_embed(nothing: NothingDue, note: str | None = None) -> discord.Embed:
    if nothing.next_due is not None:
        text = f"Nothing due — next card {stamp(nothing.next_due)}."
    elif nothing.cards:
        text = "Nothing due, and no card is scheduled: the facts of your cards are not in this server's packs now."
    else:
        text = "Nothing to study yet: this server's packs offer no cards."
    if nothing.new_left == 0 and nothing.cards:
        text += "\nYou have had today's new cards (`/study settings` changes how many)."
    embed = discord.Embed(title="Study", description=text, colour=COLOUR)
    if note:
        embed.add_field(name="Last card", value=clip(note, FIELD_VALUE), inline=False)
    return fit_embed(embed)


def already_rated_text() -> str:
    return "That card was already rated (another press, or another session); here is your next one."


def stats_embed(stats: StudyStats, name: str) -> discord.Embed:
    lines = [
        f"**{stats.due_now}** due now · **{stats.due_today}** due today",
        f"Reviewed **{stats.reviewed_today}** today · **{stats.reviewed_recent}** in 30 days",
        "Retention: " + (f"**{stats.retention:.0%}** of cards in review recalled (30 days)"
                         if stats.retention is not None else "not enough reviews yet"),
        f"Streak: **{stats.streak}** day{'s' if stats.streak != 1 else ''}",
        f"{stats.cards} card{'s' if stats.cards != 1 else ''}"
        + (f" ({stats.suspended} suspended: their facts left this server's packs)" if stats.suspended else ""),
    ]
    if stats.next_due is not None and stats.due_now == 0:
        lines.append(f"Next card {stamp(stats.next_due)}")
    embed = discord.Embed(title=clip(f"Study stats · {name}", 256), description="\n".join(lines), colour=COLOUR)
    if stats.hardest:
        hard = [f"• {esc(h.card.about or h.card.answer)} — " + (
            f"{h.lapses} miss{'es' if h.lapses != 1 else ''}" if h.lapses else f"difficulty {h.difficulty or 0:.1f}/10")
            for h in stats.hardest]
        embed.add_field(name="Hardest facts", value=clip("\n".join(hard), FIELD_VALUE), inline=False)
    embed.add_field(name="Reminder", value=reminder_text(stats.settings), inline=False)
    return fit_embed(embed)


def reminder_text(settings: Settings) -> str:
    if settings.remind_time is not None:
        return f"Daily at {format_time(settings.remind_time)} ({settings.remind_zone}), when cards are due"
    if settings.remind_note:
        return f"Off: {settings.remind_note}"
    return "Off (`/study remind set` turns it on)"


def settings_embed(settings: Settings) -> discord.Embed:
    lines = [f"New cards a day: **{settings.new_per_day}**",
             f"Your day: **{settings.remind_zone or 'UTC'}**",
             f"Reminder: {reminder_text(settings)}"]
    return discord.Embed(title="Study settings", description="\n".join(lines), colour=COLOUR)


def reminder_message(due: int, guild_name: str) -> str:
    return (f"You have {due} card{'s' if due != 1 else ''} due in **{esc(guild_name)}**. "
            "Use `/study start` there. (`/study remind off` stops these.)")


def rating_label(rating: Rating, interval: str) -> str:
    return f"{rating.label} · {interval}"
