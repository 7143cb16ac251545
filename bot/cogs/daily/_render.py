"""The daily post and the schedule's status, as embeds. Pure: plain data in, ``discord.Embed`` out."""

from __future__ import annotations

from datetime import datetime

import discord

from bot import render
from bot.limits import fit_embed
from facts.answers import WhenAnswer
from facts.daily.models import DailyPost, PostKind, Schedule, Status
from facts.daily.timing import format_time

STATUS_LABEL = {
    Status.ACTIVE: "✅ Posting daily",
    Status.RETRYING: "⏳ Retrying today's post",
    Status.FAILING: "⚠️ Stopped: needs an admin",
    Status.OFF: "⏸️ Off",
}


def post_embed(post: DailyPost) -> discord.Embed:
    """The day's post: the same on-this-day embed as ``/onthisday``, or an archive fact that says what it is."""
    title = f"On this day — {post.answer.day.label}"
    if post.kind is PostKind.ARCHIVE and post.event is not None:
        embed = render.when_embed(WhenAnswer(post.event.title, post.event, ()))
        embed.title = f"From the archive: {post.event.title}"
        embed.description = (f"Nothing in the sources happened on or within a week of {post.answer.day.label}, "
                             "so here is a fact this server has not been shown recently.\n\n"
                             f"{embed.description or ''}")
        return fit_embed(embed)
    embed = render.on_this_day_embed(post.answer, post.day, title=title)
    if post.kind is PostKind.ANNIVERSARY and post.answer.items:
        first = post.answer.items[0].event
        span = first.when.span
        ago = post.day.year - span.start.year if span else 0
        when = f"in {span.start.year} — {ago} years ago" if span and ago > 0 else f"in {first.when.label}"
        embed.description = f"On this day {when}: {render.esc(first.title)}."
    return fit_embed(embed)


def _embed(title: str, description: str) -> discord.Embed:
    embed = discord.Embed(title=title, description=description, colour=render.COLOUR)
    embed.set_footer(text="Chronicle · daily posts")
    return embed


def _moment(when: datetime) -> str:
    return f"{discord.utils.format_dt(when, 'F')} ({discord.utils.format_dt(when, 'R')})"


def status_embed(schedule: Schedule | None, *, title: str = "Daily posts") -> discord.Embed:
    if schedule is None:
        return fit_embed(_embed(title, "Daily posts are not set up in this server. An admin can start them "
                                              "with `/daily set channel:#history time:08:00 timezone:Asia/Seoul`."))
    s = schedule
    embed = _embed(title, STATUS_LABEL[s.status])
    embed.add_field(name="Channel", value=f"<#{s.channel_id}>")
    embed.add_field(name="Time", value=f"{format_time(s.post_time)} ({s.zone_name})")
    embed.add_field(name="Picture", value="On: a timeline of the event and its neighbours" if s.picture
                    else "Off (`/daily set … picture:True` adds one)")
    if s.next_due is not None:
        embed.add_field(name="Next post" if s.status is not Status.RETRYING else "Next try",
                        value=_moment(s.next_due), inline=False)
    if s.last_posted_day is not None and s.last_posted_at is not None:
        last = f"{s.last_posted_day.isoformat()} · {discord.utils.format_dt(s.last_posted_at, 'R')}"
        if s.last_message_id:
            last += f" · [message](https://discord.com/channels/{s.guild_id}/{s.channel_id}/{s.last_message_id})"
        embed.add_field(name="Last post", value=last, inline=False)
    else:
        embed.add_field(name="Last post", value="None yet", inline=False)
    if s.problem:
        fix = ("\nFix it, then run `/daily set` again." if s.status is Status.FAILING else "")
        embed.add_field(name="Problem", value=s.problem + fix, inline=False)
    return fit_embed(embed)
