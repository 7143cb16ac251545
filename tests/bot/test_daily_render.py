"""The daily post and status embeds: pure, honest about what they show, inside Discord's limits."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import discord
import pytest

from bot.cogs.daily._render import post_embed, status_embed
from facts.answers import OnThisDay
from facts.daily.content import choose_post
from facts.daily.models import DailyPost, PostKind, Schedule, Status
from facts.daily.schedules import ScheduleStore
from facts.dates import MonthDay
from facts.store import FactStore
from tests.bot.harness import copy_database
from tests.fakediscord.limits import check_embeds

SCHEDULE = Schedule(guild_id=1, channel_id=2, post_time=time(8, 0), zone_name="Asia/Seoul", status=Status.ACTIVE,
                    problem=None, attempts=0, next_due=datetime(2026, 8, 6, 23, 0, tzinfo=UTC),
                    due_day=date(2026, 8, 7), last_posted_day=date(2026, 8, 6),
                    last_posted_at=datetime(2026, 8, 5, 23, 0, tzinfo=UTC), last_message_id=3)


def text(embed: discord.Embed) -> str:
    return "\n".join([embed.title or "", embed.description or "", *(f"{f.name}\n{f.value}" for f in embed.fields)])


@pytest.fixture
async def store(seeded_template: Path, tmp_path: Path) -> AsyncIterator[FactStore]:
    store = await FactStore.open(copy_database(seeded_template, tmp_path / "render.db"))
    yield store
    await store.close()


async def post_for(store: FactStore, day: date) -> DailyPost:
    return await choose_post(store, ScheduleStore(store.db), 1, day)


async def test_an_anniversary_post_says_the_year_and_how_long_ago(store: FactStore) -> None:
    embed = post_embed(await post_for(store, date(2026, 6, 25)))
    assert embed.title == "On this day — June 25"
    assert embed.description.startswith("On this day in 1950 — 76 years ago: North Korea")
    assert embed.fields[0].name.startswith("1950 — 76 years ago")
    assert "\n> " in embed.fields[0].value


async def test_a_nearby_post_says_nothing_happened_on_the_day(store: FactStore) -> None:
    embed = post_embed(await post_for(store, date(2026, 6, 27)))
    assert "Nothing in the sources happened on June 27" in embed.description
    assert "(2 days earlier in the year)" in embed.fields[0].name


async def test_an_archive_post_says_it_is_from_the_archive(store: FactStore) -> None:
    post = await post_for(store, date(2026, 3, 15))
    embed = post_embed(post)
    assert embed.title == f"From the archive: {post.event.title}"
    assert embed.description.startswith("Nothing in the sources happened on or within a week of March 15")
    assert post.event.summary[:40] in embed.description


def test_an_empty_store_still_gives_a_post() -> None:
    empty = DailyPost(date(2026, 3, 15), PostKind.ARCHIVE, OnThisDay(MonthDay(3, 15), False, ()))
    assert "The fact store is empty." in text(post_embed(empty))


@pytest.mark.parametrize(("status", "problem", "expected"), [
    (Status.ACTIVE, None, ["✅ Posting daily", "<#2>", "08:00 (Asia/Seoul)", "<t:1786057200:F>",
                           "<t:1786057200:R>", "2026-08-06", "/channels/1/2/3"]),
    (Status.RETRYING, "Discord had a server error (503).", ["⏳ Retrying", "Next try", "server error (503)"]),
    (Status.FAILING, "The channel was deleted.", ["⚠️ Stopped", "The channel was deleted.", "/daily set"]),
    (Status.OFF, None, ["⏸️ Off"]),
])
def test_status_shows_channel_time_next_post_last_post_and_any_problem(status, problem, expected) -> None:
    schedule = replace(SCHEDULE, status=status, problem=problem,
                       next_due=None if status in (Status.FAILING, Status.OFF) else SCHEDULE.next_due)
    shown = text(status_embed(schedule))
    for part in expected:
        assert part in shown
    assert ("Next" in shown) == (schedule.next_due is not None)


def test_status_without_a_schedule_says_how_to_start() -> None:
    assert "/daily set channel:#history time:08:00 timezone:Asia/Seoul" in text(status_embed(None))


async def test_every_daily_embed_fits_discords_limits(store: FactStore) -> None:
    days = [date(2026, 1, 1) + timedelta(days=n) for n in range(365)]
    embeds = [post_embed(await post_for(store, day)) for day in days]
    long_problem = replace(SCHEDULE, status=Status.FAILING, problem="x" * 5000)
    embeds.append(status_embed(long_problem))
    assert [str(p) for e in embeds for p in check_embeds([e.to_dict()])] == []
