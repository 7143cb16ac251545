"""A claimed daily post is confirmed by its message; unconfirmed, it is taken over when its lease ends."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from facts.daily.models import PendingPost, Status
from facts.daily.posts import DailyPosts
from facts.daily.timing import CLAIM_LEASE
from facts.store import FactStore

GUILD, CHANNEL = 1001, 2002
EIGHT = datetime(2024, 5, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
async def daily(store: FactStore) -> DailyPosts:
    posts = DailyPosts(store)
    await posts.set(GUILD, CHANNEL, time(8, 0), "UTC", EIGHT - timedelta(hours=1))
    return posts


async def start(daily: DailyPosts, now: datetime) -> PendingPost | None:
    due = [s for s in await daily.schedules.due(now) if s.guild_id == GUILD]
    return await daily.start(due[0], now) if due else None


async def test_a_claim_is_unconfirmed_and_due_again_when_its_lease_ends(daily: DailyPosts):
    pending = await start(daily, EIGHT)
    assert pending is not None
    assert not pending.resumed
    schedule = await daily.schedules.get(GUILD)
    assert schedule is not None
    assert schedule.unconfirmed
    assert schedule.next_due == EIGHT + CLAIM_LEASE
    assert await start(daily, EIGHT + CLAIM_LEASE / 2) is None  # not due inside the lease

    resumed = await start(daily, EIGHT + CLAIM_LEASE)
    assert resumed is not None
    assert resumed.resumed
    assert (resumed.day, resumed.nonce) == (pending.day, pending.nonce)  # the same post, the same nonce
    await daily.sent(resumed, 77, EIGHT + CLAIM_LEASE)
    done = await daily.schedules.get(GUILD)
    assert done is not None
    assert (done.last_message_id, done.due_day, done.unconfirmed) == (77, date(2024, 5, 3), False)
    assert done.next_due == EIGHT + timedelta(days=1)


async def test_two_processes_cannot_both_take_over_a_claim(daily: DailyPosts):
    await start(daily, EIGHT)
    later = EIGHT + CLAIM_LEASE
    [seen] = [s for s in await daily.schedules.due(later) if s.guild_id == GUILD]
    first, second = await daily.start(seen, later), await daily.start(seen, later)  # both read the same row
    assert first is not None
    assert second is None


async def test_a_confirmed_post_is_never_resumed(daily: DailyPosts):
    pending = await start(daily, EIGHT)
    assert pending is not None
    await daily.sent(pending, 42, EIGHT)
    for minutes in (3, 30, 600):
        assert await start(daily, EIGHT + timedelta(minutes=minutes)) is None


async def test_turning_posts_off_during_a_send_is_not_undone_by_its_confirm(daily: DailyPosts):
    pending = await start(daily, EIGHT)
    assert pending is not None
    await daily.schedules.off(GUILD, EIGHT)
    await daily.sent(pending, 42, EIGHT)
    schedule = await daily.schedules.get(GUILD)
    assert schedule is not None
    assert (schedule.status, schedule.next_due, schedule.last_message_id) == (Status.OFF, None, 42)


async def test_nonces_differ_by_server_and_by_day_and_fit_discords_limit(daily: DailyPosts, store: FactStore):
    other = DailyPosts(store)
    await other.set(GUILD + 1, CHANNEL, time(8, 0), "UTC", EIGHT - timedelta(hours=1))
    mine = await start(daily, EIGHT)
    assert mine is not None
    [theirs_due] = [s for s in await other.schedules.due(EIGHT) if s.guild_id == GUILD + 1]
    theirs = await other.start(theirs_due, EIGHT)
    assert theirs is not None
    await daily.sent(mine, 1, EIGHT)
    tomorrow = await start(daily, EIGHT + timedelta(days=1))
    assert tomorrow is not None
    assert len({mine.nonce, theirs.nonce, tomorrow.nonce}) == 3
    assert all(len(p.nonce) <= 25 for p in (mine, theirs, tomorrow))
