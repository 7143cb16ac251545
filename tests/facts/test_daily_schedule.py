"""Daily schedules with an injected clock: due times across DST, catch-up without backfill, exactly once."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from facts.daily.models import PendingPost, Status
from facts.daily.posts import DailyPosts
from facts.daily.schedules import DUE_QUERY
from facts.daily.timing import PostToday, Reschedule, due_at, first_due, following_due, parse_time, plan
from facts.daily.zones import parse_zone, search_zones
from facts.errors import BadInput
from facts.pack import Pack
from facts.store import FactStore

NY = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
SEOUL = ZoneInfo("Asia/Seoul")
GUILD, CHANNEL = 1001, 2002
_ids = itertools.count(1)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def local(zone: ZoneInfo, *args: int, fold: int = 0) -> datetime:
    return datetime(*args, tzinfo=zone, fold=fold).astimezone(UTC)


@pytest.fixture
async def daily(store: FactStore) -> DailyPosts:
    return DailyPosts(store)


async def tick(daily: DailyPosts, now: datetime) -> list[PendingPost]:
    """One scheduler pass without Discord: every due schedule is claimed and "sent"."""
    posted = []
    for schedule in await daily.schedules.due(now):
        pending = await daily.start(schedule, now)
        if pending is not None:
            await daily.sent(pending, next(_ids), now)
            posted.append(pending)
    return posted


# -- parsing ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [("08:00", time(8)), ("8:05", time(8, 5)), (" 23:59 ", time(23, 59)),
                                                ("00:00", time(0))])
def test_times_are_read_as_hh_mm_on_a_24_hour_clock(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["24:00", "8am", "08:60", "0800", "", "8:5", "08:00:00", "-1:00"])
def test_other_time_forms_are_refused_with_the_form_to_use(text):
    with pytest.raises(BadInput, match="HH:MM on a 24-hour clock") as caught:
        parse_time(text)
    assert caught.value.example == "time:08:00"


@pytest.mark.parametrize(("text", "expected"), [("Asia/Seoul", "Asia/Seoul"), ("asia/seoul", "Asia/Seoul"),
                                                ("america/new york", "America/New_York"), (None, "UTC"),
                                                ("", "UTC"), ("utc", "UTC")])
def test_zones_are_canonical_iana_names_and_default_to_utc(text, expected):
    assert parse_zone(text) == expected


def test_an_unknown_zone_is_refused_with_the_nearest_name():
    with pytest.raises(BadInput, match="Did you mean Asia/Seoul") as caught:
        parse_zone("Asia/Seol")
    assert caught.value.example == "timezone:Asia/Seoul"


@pytest.mark.parametrize(("typed", "best"), [("seoul", "Asia/Seoul"), ("new york", "America/New_York"),
                                             ("London", "Europe/London"), ("kolk", "Asia/Kolkata"),
                                             ("seol", "Asia/Seoul"), ("", "UTC")])
def test_zone_search_puts_the_best_match_first_and_offers_at_most_25(typed, best):
    found = search_zones(typed)
    assert found[0] == best
    assert 1 <= len(found) <= 25
    assert len(search_zones("a")) == 25


# -- due times ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("zone", "day", "at", "expected"), [
    # spring forward: 02:00 → 03:00 (New York), 01:00 → 02:00 (London): the post comes when the clock resumes
    (NY, date(2024, 3, 10), time(2, 30), utc(2024, 3, 10, 7, 0)),
    (LONDON, date(2024, 3, 31), time(1, 30), utc(2024, 3, 31, 1, 0)),
    # fall back: 01:30 happens twice; the first time counts (still on summer time)
    (NY, date(2024, 11, 3), time(1, 30), utc(2024, 11, 3, 5, 30)),
    (LONDON, date(2024, 10, 27), time(1, 30), utc(2024, 10, 27, 0, 30)),
    # ordinary days either side of the changes
    (NY, date(2024, 3, 9), time(2, 30), utc(2024, 3, 9, 7, 30)),
    (NY, date(2024, 3, 11), time(2, 30), utc(2024, 3, 11, 6, 30)),
    (LONDON, date(2024, 10, 28), time(1, 30), utc(2024, 10, 28, 1, 30)),
    (SEOUL, date(2024, 6, 25), time(8, 0), utc(2024, 6, 24, 23, 0)),
])
def test_due_instants_across_dst_changes(zone, day, at, expected):
    due = due_at(day, at, zone)
    assert due == expected
    assert due.astimezone(zone).date() == day


def test_a_skipped_calendar_day_posts_at_the_first_instant_after_it():
    apia = ZoneInfo("Pacific/Apia")  # December 30, 2011 never happened in Samoa
    assert due_at(date(2011, 12, 30), time(8, 0), apia).astimezone(apia) == datetime(2011, 12, 31, tzinfo=apia)


@pytest.mark.parametrize(("zone", "start", "at", "moved"), [(NY, date(2024, 3, 5), time(2, 30), 1),
                                                            (NY, date(2024, 10, 29), time(1, 30), 0),
                                                            (LONDON, date(2024, 3, 26), time(1, 30), 1),
                                                            (LONDON, date(2024, 10, 22), time(1, 30), 0)])
def test_following_dues_give_one_post_per_local_day_through_a_dst_change(zone, start, at, moved):
    dues = [following_due(start + timedelta(days=i), at, zone) for i in range(10)]
    assert [d.day for d in dues] == [start + timedelta(days=i + 1) for i in range(10)]
    assert all(a.at_utc < b.at_utc for a, b in itertools.pairwise(dues))
    assert [d.at_utc.astimezone(zone).date() for d in dues] == [d.day for d in dues]
    in_gap = [d for d in dues if d.at_utc.astimezone(zone).time() != at]
    assert len(in_gap) == moved
    assert all(d.at_utc.astimezone(zone).time() == time(at.hour + 1) for d in in_gap)


@pytest.mark.parametrize(("now", "last", "expected_day"), [
    (local(SEOUL, 2024, 6, 25, 7, 59), None, date(2024, 6, 25)),  # still ahead today
    (local(SEOUL, 2024, 6, 25, 8, 0), None, date(2024, 6, 26)),  # exactly now counts as passed
    (local(SEOUL, 2024, 6, 25, 9, 0), None, date(2024, 6, 26)),  # passed: tomorrow
    (local(SEOUL, 2024, 6, 25, 7, 0), date(2024, 6, 25), date(2024, 6, 26)),  # today already posted
    (local(SEOUL, 2024, 6, 24, 7, 0), date(2024, 6, 25), date(2024, 6, 26)),  # the clock went back
])
def test_the_first_post_after_set(now, last, expected_day):
    due = first_due(now, time(8, 0), SEOUL, last)
    assert due.day == expected_day
    assert due.at_utc == due_at(expected_day, time(8, 0), SEOUL)


@pytest.mark.parametrize(("now", "due_day", "last", "expected"), [
    (local(NY, 2024, 5, 2, 8, 0), date(2024, 5, 2), None, PostToday(date(2024, 5, 2))),  # on time
    (local(NY, 2024, 5, 2, 22, 0), date(2024, 5, 2), None, PostToday(date(2024, 5, 2))),  # late the same day
    (local(NY, 2024, 5, 4, 9, 0), date(2024, 5, 2), None, PostToday(date(2024, 5, 4))),  # days late: today only
    (local(NY, 2024, 5, 4, 7, 0), date(2024, 5, 2), None, Reschedule(following_due(date(2024, 5, 3), time(8), NY))),
    (local(NY, 2024, 5, 2, 9, 0), date(2024, 5, 2), date(2024, 5, 2),
     Reschedule(following_due(date(2024, 5, 2), time(8), NY))),  # already posted
])
def test_plan_posts_today_or_skips_stale_days_without_backfill(now, due_day, last, expected):
    assert plan(now, time(8, 0), NY, due_day, last) == expected


# -- the schedule in SQLite, driven by an injected clock ------------------------------------------------------------


async def test_set_then_exactly_one_post_at_the_local_time(daily):
    await daily.set(GUILD, CHANNEL, time(8, 0), "Asia/Seoul", local(SEOUL, 2024, 6, 25, 7, 0))
    assert await tick(daily, local(SEOUL, 2024, 6, 25, 7, 59)) == []
    [post] = await tick(daily, local(SEOUL, 2024, 6, 25, 8, 0))
    assert post.day == date(2024, 6, 25)
    assert await tick(daily, local(SEOUL, 2024, 6, 25, 8, 1)) == []
    assert await tick(daily, local(SEOUL, 2024, 6, 25, 23, 59)) == []
    schedule = await daily.schedules.get(GUILD)
    assert schedule.last_posted_day == date(2024, 6, 25)
    assert schedule.next_due == local(SEOUL, 2024, 6, 26, 8, 0)
    assert schedule.last_message_id is not None


async def test_a_time_already_passed_today_first_posts_tomorrow(daily):
    schedule = await daily.set(GUILD, CHANNEL, time(8, 0), "Asia/Seoul", local(SEOUL, 2024, 6, 25, 9, 0))
    assert schedule.due_day == date(2024, 6, 26)
    assert await tick(daily, local(SEOUL, 2024, 6, 25, 23, 0)) == []
    [post] = await tick(daily, local(SEOUL, 2024, 6, 26, 8, 0))
    assert post.day == date(2024, 6, 26)


async def test_downtime_over_post_time_catches_up_later_the_same_day(daily):
    await daily.set(GUILD, CHANNEL, time(8, 0), "America/New_York", local(NY, 2024, 5, 1, 20, 0))
    [post] = await tick(daily, local(NY, 2024, 5, 2, 15, 30))  # the bot was down from 07:00 to 15:30
    assert post.day == date(2024, 5, 2)
    assert await tick(daily, local(NY, 2024, 5, 2, 16, 0)) == []


async def test_downtime_over_whole_days_never_backfills_them(daily):
    await daily.set(GUILD, CHANNEL, time(8, 0), "America/New_York", local(NY, 2024, 5, 1, 20, 0))
    assert await tick(daily, local(NY, 2024, 5, 4, 7, 0)) == []  # back on the 4th before 08:00
    schedule = await daily.schedules.get(GUILD)
    assert (schedule.due_day, schedule.next_due) == (date(2024, 5, 4), local(NY, 2024, 5, 4, 8, 0))
    [post] = await tick(daily, local(NY, 2024, 5, 4, 8, 0))
    assert post.day == date(2024, 5, 4)
    await daily.set(GUILD + 1, CHANNEL, time(8, 0), "America/New_York", local(NY, 2024, 5, 1, 20, 0))
    posts = await tick(daily, local(NY, 2024, 5, 6, 12, 0))  # down again until the 6th, after 08:00: only the 6th
    assert sorted((p.before.guild_id, p.day) for p in posts) == [(GUILD, date(2024, 5, 6)),
                                                                  (GUILD + 1, date(2024, 5, 6))]


@pytest.mark.parametrize(("zone", "at", "night"), [
    ("America/New_York", time(2, 30), date(2024, 3, 10)), ("America/New_York", time(1, 30), date(2024, 11, 3)),
    ("Europe/London", time(1, 30), date(2024, 3, 31)), ("Europe/London", time(1, 30), date(2024, 10, 27)),
])
async def test_a_clock_ticking_through_a_dst_night_posts_once_a_day(daily, zone, at, night):
    tz = ZoneInfo(zone)
    start = local(tz, night.year, night.month, night.day) - timedelta(days=2)
    await daily.set(GUILD, CHANNEL, at, zone, start)
    days = Counter()
    for minutes in range(0, 5 * 24 * 60, 10):
        for post in await tick(daily, start + timedelta(minutes=minutes)):
            days[post.day] += 1
    assert sorted(days) == [night + timedelta(days=d) for d in range(-2, 3)]
    assert set(days.values()) == {1}


async def test_exactly_once_across_a_restart_on_the_same_file(db_path: Path, packs: list[Pack]):
    store = await FactStore.open(db_path, packs=packs)
    daily = DailyPosts(store)
    await daily.set(GUILD, CHANNEL, time(8, 0), "Europe/London", local(LONDON, 2024, 7, 1, 6, 0))
    assert len(await tick(daily, local(LONDON, 2024, 7, 1, 8, 0))) == 1
    await store.close()

    store = await FactStore.open(db_path, packs=packs)  # a restart: a new process, the same file
    try:
        daily = DailyPosts(store)
        assert await tick(daily, local(LONDON, 2024, 7, 1, 8, 5)) == []
        await daily.set(GUILD, CHANNEL, time(9, 0), "Europe/London", local(LONDON, 2024, 7, 1, 8, 10))
        await daily.set(GUILD, CHANNEL, time(9, 0), "Europe/London", local(LONDON, 2024, 7, 1, 8, 11))
        assert await tick(daily, local(LONDON, 2024, 7, 1, 9, 0)) == []
        schedule = await daily.schedules.get(GUILD)
        assert not await daily.schedules.claim(schedule, date(2024, 7, 1), local(LONDON, 2024, 7, 1, 9, 1))
        assert [p.day for p in await tick(daily, local(LONDON, 2024, 7, 2, 9, 0))] == [date(2024, 7, 2)]
    finally:
        await store.close()


async def test_two_sets_before_the_time_still_post_once(daily):
    now = local(NY, 2024, 5, 2, 6, 0)
    await daily.set(GUILD, CHANNEL, time(7, 0), "America/New_York", now)
    await daily.set(GUILD, CHANNEL, time(7, 30), "America/New_York", now + timedelta(minutes=1))
    assert await tick(daily, local(NY, 2024, 5, 2, 7, 0)) == []
    assert len(await tick(daily, local(NY, 2024, 5, 2, 7, 30))) == 1
    await daily.set(GUILD, CHANNEL, time(20, 0), "America/New_York", local(NY, 2024, 5, 2, 8, 0))
    assert await tick(daily, local(NY, 2024, 5, 2, 20, 0)) == []  # today already has its post


async def test_a_clock_that_jumps_back_does_not_post_a_day_again(daily):
    await daily.set(GUILD, CHANNEL, time(8, 0), "UTC", utc(2024, 5, 2, 7, 0))
    assert len(await tick(daily, utc(2024, 5, 2, 8, 0))) == 1
    assert await tick(daily, utc(2024, 5, 1, 8, 0)) == []
    schedule = await daily.schedules.get(GUILD)
    assert schedule.last_posted_day == date(2024, 5, 2)
    assert not await daily.schedules.claim(schedule, date(2024, 5, 2), utc(2024, 5, 2, 9, 0))


async def test_off_keeps_the_posted_day_so_turning_on_again_waits_for_tomorrow(daily):
    await daily.set(GUILD, CHANNEL, time(8, 0), "UTC", utc(2024, 5, 2, 7, 0))
    await tick(daily, utc(2024, 5, 2, 8, 0))
    off = await daily.schedules.off(GUILD, utc(2024, 5, 2, 9, 0))
    assert (off.status, off.next_due) == (Status.OFF, None)
    assert await tick(daily, utc(2024, 5, 3, 8, 0)) == []
    again = await daily.set(GUILD, CHANNEL, time(10, 0), "UTC", utc(2024, 5, 3, 9, 0))
    assert again.due_day == date(2024, 5, 3)  # the 3rd was never posted
    await tick(daily, utc(2024, 5, 3, 10, 0))
    again = await daily.set(GUILD, CHANNEL, time(12, 0), "UTC", utc(2024, 5, 3, 11, 0))
    assert again.due_day == date(2024, 5, 4)


async def test_remove_forgets_the_server_and_what_it_was_shown(daily):
    await daily.set(GUILD, CHANNEL, time(8, 0), "UTC", utc(2024, 5, 2, 7, 0))
    await tick(daily, utc(2024, 5, 2, 8, 0))
    assert await daily.schedules.shown(GUILD)
    assert await daily.schedules.remove(GUILD)
    assert await daily.schedules.get(GUILD) is None
    assert await daily.schedules.shown(GUILD) == {}
    assert not await daily.schedules.remove(GUILD)


async def test_the_due_query_reads_the_index_and_only_due_rows(daily):
    now = utc(2024, 5, 2, 7, 0)
    for guild in range(50):
        await daily.set(guild, CHANNEL, time(8 if guild % 10 else 7, guild % 10), "UTC", now - timedelta(hours=1))
    due = await daily.schedules.due(now)
    assert sorted(s.guild_id for s in due) == [0, 10, 20, 30, 40]
    assert len(await daily.schedules.due(utc(2024, 5, 2, 8, 5), limit=3)) == 3
    plan_rows = await daily.store.db.fetchall("EXPLAIN QUERY PLAN " + DUE_QUERY, (0, 10))
    assert any("USING INDEX daily_schedules_due" in row["detail"] for row in plan_rows)
    assert await daily.schedules.next_due() == utc(2024, 5, 2, 7, 0)
