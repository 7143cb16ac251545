"""Daily posts that fail: permanent problems stop and wait for an admin, passing ones retry within the day."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from facts.daily.models import Failure, FailureKind, Status
from facts.daily.posts import DailyPosts
from facts.daily.timing import MAX_ATTEMPTS
from facts.errors import BadInput
from facts.store import FactStore

GUILD, CHANNEL = 1001, 2002
GONE = Failure(FailureKind.PERMANENT, "The channel was deleted.")
FLAKY = Failure(FailureKind.TRANSIENT, "Discord answered 503 Service Unavailable.")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
async def daily(store: FactStore) -> DailyPosts:
    posts = DailyPosts(store)
    await posts.set(GUILD, CHANNEL, time(8, 0), "UTC", utc(2024, 5, 2, 7, 0))
    return posts


async def attempt(daily: DailyPosts, now: datetime, failure: Failure | None = None):
    """The scheduler's pass for GUILD: start it if due, then report ``failure`` or success."""
    due = [s for s in await daily.schedules.due(now) if s.guild_id == GUILD]
    if not due:
        return None
    pending = await daily.start(due[0], now)
    if pending is None:
        return None
    if failure is None:
        await daily.sent(pending, 42, now)
    else:
        await daily.failed(pending, failure, now)
    return pending


async def test_a_permanent_failure_marks_the_schedule_failing_and_stops_retrying(daily):
    assert await attempt(daily, utc(2024, 5, 2, 8, 0), GONE)
    schedule = await daily.schedules.get(GUILD)
    assert (schedule.status, schedule.problem, schedule.next_due) == (Status.FAILING, GONE.reason, None)
    assert schedule.last_posted_day is None  # the claim was undone: nothing was posted
    for hours in (1, 5, 30):
        assert await attempt(daily, utc(2024, 5, 2, 8, 0) + timedelta(hours=hours)) is None


async def test_set_again_clears_a_failure_and_posts_that_same_day(daily):
    await attempt(daily, utc(2024, 5, 2, 8, 0), GONE)
    fixed = await daily.set(GUILD, CHANNEL + 1, time(9, 0), "UTC", utc(2024, 5, 2, 8, 30))
    assert (fixed.status, fixed.problem, fixed.due_day) == (Status.ACTIVE, None, date(2024, 5, 2))
    assert (await attempt(daily, utc(2024, 5, 2, 9, 0))).day == date(2024, 5, 2)


async def test_a_transient_failure_retries_with_growing_back_off_then_succeeds(daily):
    now = utc(2024, 5, 2, 8, 0)
    waits = []
    for _ in range(3):
        assert await attempt(daily, now, FLAKY)
        schedule = await daily.schedules.get(GUILD)
        assert (schedule.status, schedule.due_day, schedule.problem) == (Status.RETRYING, date(2024, 5, 2),
                                                                         FLAKY.reason)
        assert schedule.last_posted_day is None
        assert await attempt(daily, schedule.next_due - timedelta(seconds=1)) is None  # not before its time
        waits.append(schedule.next_due - now)
        now = schedule.next_due
    assert waits == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    assert (await attempt(daily, now)).day == date(2024, 5, 2)
    schedule = await daily.schedules.get(GUILD)
    assert (schedule.status, schedule.problem, schedule.attempts) == (Status.ACTIVE, None, 0)
    assert schedule.last_posted_day == date(2024, 5, 2)
    assert schedule.due_day == date(2024, 5, 3)


async def test_retries_stop_after_the_limit_and_resume_tomorrow(daily):
    now = utc(2024, 5, 2, 8, 0)
    for _ in range(MAX_ATTEMPTS):
        assert await attempt(daily, now, FLAKY)
        now = (await daily.schedules.get(GUILD)).next_due
    schedule = await daily.schedules.get(GUILD)
    assert schedule.status is Status.ACTIVE
    assert (schedule.due_day, schedule.next_due) == (date(2024, 5, 3), utc(2024, 5, 3, 8, 0))
    assert f"after {MAX_ATTEMPTS} tries" in schedule.problem


async def test_retries_never_cross_into_the_next_local_day(store):
    daily = DailyPosts(store)
    await daily.set(GUILD, CHANNEL, time(23, 58), "Asia/Seoul", utc(2024, 5, 2, 0, 0))
    seoul_2358 = utc(2024, 5, 2, 14, 58)
    assert await attempt(daily, seoul_2358, FLAKY)
    first = await daily.schedules.get(GUILD)
    assert first.status is Status.RETRYING
    assert first.next_due == seoul_2358 + timedelta(minutes=1)
    assert await attempt(daily, first.next_due, FLAKY)  # the next wait (2 min) would pass midnight in Seoul
    schedule = await daily.schedules.get(GUILD)
    assert (schedule.status, schedule.due_day) == (Status.ACTIVE, date(2024, 5, 3))
    assert "could not be sent after 2 tries" in schedule.problem


async def test_an_unexpected_error_skips_only_today(daily):
    assert await attempt(daily, utc(2024, 5, 2, 8, 0), Failure(FailureKind.SKIP, "Discord refused the message."))
    schedule = await daily.schedules.get(GUILD)
    assert (schedule.status, schedule.due_day) == (Status.ACTIVE, date(2024, 5, 3))
    assert "Discord refused the message." in schedule.problem
    assert (await attempt(daily, utc(2024, 5, 3, 8, 0))).day == date(2024, 5, 3)


async def test_post_now_counts_as_todays_post(daily):
    pending = await daily.start_now(GUILD, utc(2024, 5, 2, 6, 0))
    await daily.sent(pending, 7, utc(2024, 5, 2, 6, 0))
    assert await attempt(daily, utc(2024, 5, 2, 8, 0)) is None
    with pytest.raises(BadInput, match="already went out"):
        await daily.start_now(GUILD, utc(2024, 5, 2, 9, 0))
    schedule = await daily.schedules.get(GUILD)
    assert (schedule.last_posted_day, schedule.last_message_id, schedule.due_day) == (date(2024, 5, 2), 7,
                                                                                      date(2024, 5, 3))


async def test_a_failed_post_now_leaves_the_schedule_as_it_was(daily):
    before = await daily.schedules.get(GUILD)
    await daily.failed(await daily.start_now(GUILD, utc(2024, 5, 2, 6, 0)), FLAKY, utc(2024, 5, 2, 6, 0))
    assert await daily.schedules.get(GUILD) == before
    await daily.failed(await daily.start_now(GUILD, utc(2024, 5, 2, 6, 5)), GONE, utc(2024, 5, 2, 6, 5))
    assert (await daily.schedules.get(GUILD)).status is Status.FAILING


async def test_post_now_needs_a_schedule_that_is_on(daily):
    with pytest.raises(BadInput, match="not set up"):
        await daily.start_now(GUILD + 1, utc(2024, 5, 2, 6, 0))
    await daily.schedules.off(GUILD, utc(2024, 5, 2, 6, 0))
    with pytest.raises(BadInput, match="off"):
        await daily.start_now(GUILD, utc(2024, 5, 2, 6, 0))
