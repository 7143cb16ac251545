"""End to end: a daily post that happens once also across a crash between claiming the day and recording the
message. The crash is simulated by the process forgetting, at the moment it would die, what it was doing:
the claim is in the database, the message may or may not be at Discord, and the confirm never happens. The
bot is then restarted on the same database and the lease is let run out."""

from __future__ import annotations

from typing import Any

import pytest

from facts.daily.models import PendingPost, Status
from facts.daily.timing import CLAIM_LEASE
from tests.bot.harness import BotRunner, FakeClock, World
from tests.bot.test_daily import SEOUL_2101, cog, daily, eventually, posts
from tests.fakediscord import FakeDiscord
from tests.fakediscord.constants import READ_MESSAGE_HISTORY
from tests.fakediscord.payloads import channel_payload


async def claim_then_crash(runner: BotRunner, fake: FakeDiscord, world: World, clock: FakeClock,
                           monkeypatch: pytest.MonkeyPatch, *, sent: bool) -> None:
    await daily(fake, world, "set", {"channel": world.channel.id, "time": "21:01", "timezone": "Asia/Seoul"})
    posting = cog(runner).daily

    async def died_before_recording(pending: PendingPost, message_id: int, now: Any) -> None:
        return None  # the process is gone: nothing is recorded

    monkeypatch.setattr(posting, "sent", died_before_recording)
    if not sent:
        async def died_before_sending(*args: Any, **kwargs: Any) -> None:
            return None

        monkeypatch.setattr(cog(runner).scheduler, "_send", died_before_sending)
    clock.set(SEOUL_2101)
    await cog(runner).scheduler.tick(clock())
    schedule = await posting.schedules.get(world.guild.id)
    assert schedule is not None
    assert schedule.unconfirmed
    monkeypatch.undo()
    await runner.restart()


async def recover(runner: BotRunner, clock: FakeClock) -> None:
    await cog(runner).scheduler.tick(clock.advance(seconds=30))  # inside the lease: nobody takes it over
    await cog(runner).scheduler.tick(clock.advance(seconds=CLAIM_LEASE.total_seconds()))


async def no_history(runner: BotRunner, fake: FakeDiscord, world: World) -> None:
    """Take Read Message History away from the bot in the channel (as Discord would tell it)."""
    data = channel_payload(world.channel)
    data["permission_overwrites"] = [{"id": str(fake.bot_user.id), "type": 1, "allow": "0",
                                      "deny": str(READ_MESSAGE_HISTORY)}]
    fake.dispatch("CHANNEL_UPDATE", data, guild_id=world.guild.id)

    def denied() -> bool:
        channel = runner.bot.get_channel(world.channel.id)
        return channel is not None and not channel.permissions_for(channel.guild.me).read_message_history

    await eventually(denied)


async def test_a_crash_after_discord_posted_is_answered_by_discord_with_that_post(
        runner: BotRunner, fake: FakeDiscord, world: World, clock: FakeClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    await claim_then_crash(runner, fake, world, clock, monkeypatch, sent=True)
    await no_history(runner, fake, world)  # the nonce alone must do it
    [before] = posts(fake, world.channel.id)
    await recover(runner, clock)
    [after] = posts(fake, world.channel.id)  # the retry carried the same nonce: Discord made no second post
    assert after["id"] == before["id"]
    schedule = await cog(runner).daily.schedules.get(world.guild.id)
    assert schedule is not None
    assert schedule.last_message_id == int(before["id"])
    assert schedule.status is Status.ACTIVE
    assert schedule.due_day is not None
    assert schedule.due_day.isoformat() == "2026-08-07"
    nonces = [(r.json or {}).get("nonce") for r in fake.requests
              if r.method == "POST" and r.path.endswith(f"/channels/{world.channel.id}/messages")]
    assert len(nonces) == 2
    assert nonces[0] == nonces[1] is not None


async def test_a_crash_before_the_post_went_out_still_posts_that_day_once(
        runner: BotRunner, fake: FakeDiscord, world: World, clock: FakeClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    await claim_then_crash(runner, fake, world, clock, monkeypatch, sent=False)
    assert posts(fake, world.channel.id) == []
    await recover(runner, clock)
    [post] = posts(fake, world.channel.id)
    assert post["embeds"][0]["title"] == "On this day — August 6"
    await cog(runner).scheduler.tick(clock.advance(minutes=30))
    assert len(posts(fake, world.channel.id)) == 1


async def test_where_the_bot_can_read_the_channel_it_finds_the_post_without_sending_again(
        runner: BotRunner, fake: FakeDiscord, world: World, clock: FakeClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    await claim_then_crash(runner, fake, world, clock, monkeypatch, sent=True)
    [before] = posts(fake, world.channel.id)
    sends = len([r for r in fake.requests if r.method == "POST" and r.path.endswith("/messages")])
    await recover(runner, clock)
    assert [p["id"] for p in posts(fake, world.channel.id)] == [before["id"]]
    assert len([r for r in fake.requests if r.method == "POST" and r.path.endswith("/messages")]) == sends


async def test_past_discords_nonce_window_the_channel_history_finds_the_post(
        runner: BotRunner, fake: FakeDiscord, world: World, clock: FakeClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    await claim_then_crash(runner, fake, world, clock, monkeypatch, sent=True)
    fake.nonce_window = 0.0  # the bot was down for longer than Discord remembers nonces
    [before] = posts(fake, world.channel.id)
    await recover(runner, clock)
    assert [p["id"] for p in posts(fake, world.channel.id)] == [before["id"]]
    schedule = await cog(runner).daily.schedules.get(world.guild.id)
    assert schedule is not None
    assert schedule.last_message_id == int(before["id"])


async def test_a_claim_left_unconfirmed_until_the_next_day_moves_on_without_a_late_post(
        runner: BotRunner, fake: FakeDiscord, world: World, clock: FakeClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    await claim_then_crash(runner, fake, world, clock, monkeypatch, sent=False)
    clock.advance(hours=12)  # 09:01 the next morning in Seoul: too late for August 6's post
    await cog(runner).scheduler.tick(clock())
    assert posts(fake, world.channel.id) == []
    schedule = await cog(runner).daily.schedules.get(world.guild.id)
    assert schedule is not None
    assert schedule.due_day is not None
    assert schedule.due_day.isoformat() == "2026-08-07"
    assert not schedule.unconfirmed

