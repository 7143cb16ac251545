"""What the daily post says: anniversaries first, else the nearest events this week, else the archive in turn."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from facts.daily.content import NEARBY_DAYS, choose_post
from facts.daily.models import PostKind
from facts.daily.posts import DailyPosts
from facts.store import FactStore

from .conftest import key

GUILD, OTHER, CHANNEL = 1001, 1002, 2002


@pytest.fixture
async def daily(store: FactStore) -> DailyPosts:
    posts = DailyPosts(store)
    for guild in (GUILD, OTHER):
        await posts.set(guild, CHANNEL, time(8, 0), "UTC", datetime(2024, 1, 1, tzinfo=UTC))
    return posts


async def test_an_anniversary_day_posts_the_anniversary_with_its_quote(daily):
    post = await choose_post(daily.store, daily.schedules, GUILD, date(2026, 6, 25))
    assert post.kind is PostKind.ANNIVERSARY
    assert post.answer.exact
    assert post.event_keys == (key("north_korean_invasion"),)
    [item] = post.answer.items
    assert item.days_away == 0
    assert item.event.when.span.start.year == 1950
    assert item.event.quotes, "the post quotes the source"


@pytest.mark.parametrize(("day", "expected", "away"), [
    (date(2026, 6, 20), "north_korean_invasion", 5),
    (date(2026, 7, 2), "north_korean_invasion", -7),
    (date(2026, 8, 7), "hiroshima_bomb", -1),
])
async def test_a_day_without_anniversary_posts_the_nearest_event_this_week(daily, day, expected, away):
    post = await choose_post(daily.store, daily.schedules, GUILD, day)
    assert post.kind is PostKind.NEARBY
    assert not post.answer.exact
    assert key(expected) in post.event_keys
    assert all(abs(item.days_away) <= NEARBY_DAYS for item in post.answer.items)
    assert {i.event.key: i.days_away for i in post.answer.items}[key(expected)] == away


@pytest.mark.parametrize("day", [date(2026, 3, 15), date(2026, 7, 3), date(2026, 12, 1)])
async def test_a_day_with_nothing_near_posts_from_the_archive(daily, day):
    post = await choose_post(daily.store, daily.schedules, GUILD, day)
    assert post.kind is PostKind.ARCHIVE
    assert post.answer.items == ()
    assert post.event is not None
    assert post.event_keys == (post.event.key,)


async def test_the_archive_cycles_through_every_fact_before_repeating(daily):
    total = int((await daily.store.db.fetchone("SELECT count(*) FROM events"))[0])
    now = datetime(2024, 3, 15, 8, tzinfo=UTC)
    picks = []
    for n in range(total + 3):
        day = now.date() + timedelta(days=n)
        post = await choose_post(daily.store, daily.schedules, GUILD, date(2026, 3, 15))
        assert post.kind is PostKind.ARCHIVE
        assert await daily.schedules.claim(await daily.schedules.get(GUILD), day, now + timedelta(days=n))
        await daily.schedules.confirm(GUILD, day, n, post.event_keys, now + timedelta(days=n))
        picks.append(post.event.key)
    assert len(set(picks[:total])) == total, "every fact once before any repeats"
    assert picks[total:] == picks[:3], "then again, the longest-unseen first"
    other = await choose_post(daily.store, daily.schedules, OTHER, date(2026, 3, 15))
    assert other.event.key == picks[0], "each server has its own cycle"


async def test_anniversaries_shown_count_as_seen_for_the_archive(daily):
    anniversary = await choose_post(daily.store, daily.schedules, GUILD, date(2026, 6, 25))
    first_archive = await choose_post(daily.store, daily.schedules, GUILD, date(2026, 3, 15))
    now = datetime(2024, 6, 25, 8, tzinfo=UTC)
    await daily.schedules.confirm(GUILD, date(2024, 6, 25), 1, first_archive.event_keys, now)  # not claimed
    assert await daily.schedules.shown(GUILD) == {}, "nothing is recorded for a day that was not claimed"
    assert await daily.schedules.claim(await daily.schedules.get(GUILD), date(2024, 6, 25), now)
    await daily.schedules.confirm(GUILD, date(2024, 6, 25), 1, anniversary.event_keys, now)
    assert set(await daily.schedules.shown(GUILD)) == set(anniversary.event_keys)


async def test_preview_records_nothing(daily):
    for _ in range(3):
        post = await daily.preview(GUILD, datetime(2026, 3, 15, 9, tzinfo=UTC))
        assert post.kind is PostKind.ARCHIVE
    assert await daily.schedules.shown(GUILD) == {}
    assert (await daily.schedules.get(GUILD)).last_posted_day is None
