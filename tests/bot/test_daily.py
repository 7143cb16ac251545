"""End to end: /daily through the loopback Discord, with the bot's clock and its scheduler driven by the test."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import pytest

from bot.cogs.daily import Daily
from tests.bot.harness import BotRunner, FakeClock, World, message_text
from tests.fakediscord import FakeDiscord, FakeUsageError
from tests.fakediscord.constants import EMBED_LINKS, SEND_MESSAGES, VIEW_CHANNEL
from tests.fakediscord.payloads import channel_payload

MANAGE_GUILD = 1 << 5
SEOUL_2101 = datetime(2026, 8, 6, 12, 1, tzinfo=UTC)  # 21:01 on August 6 in Seoul; the clock starts at 12:00 UTC


def cog(runner: BotRunner) -> Daily:
    """The running bot's daily cog (each start re-imports the extension, so not ``isinstance``-comparable)."""
    found = runner.bot.get_cog("Daily") if runner.bot else None
    assert found is not None
    assert type(found).__name__ == "Daily"
    return cast(Daily, found)


async def daily(fake: FakeDiscord, world: World, sub: str, options: dict[str, Any] | None = None, *,
                user: Any = None, check_permissions: bool = True) -> dict[str, Any]:
    result = await fake.command(f"daily {sub}", options or {}, guild=world.guild.id, channel=world.channel.id,
                                user=user or world.admin.id, check_permissions=check_permissions)
    final = await result.wait_final()
    final["_ephemeral"] = result.ephemeral
    return final


text_of = message_text


def posts(fake: FakeDiscord, channel_id: int) -> list[dict[str, Any]]:
    return [m for m in fake.messages(channel_id) if "interaction_metadata" not in m]


async def eventually(check: Callable[[], Any], tries: int = 100) -> Any:
    """Poll ``check`` (sync or async) every 50 ms until it is truthy."""
    for _ in range(tries):
        value = await check() if asyncio.iscoroutinefunction(check) else check()
        if value:
            return value
        await asyncio.sleep(0.05)
    raise AssertionError("condition not met in time")


async def set_seoul_2101(fake: FakeDiscord, world: World, channel: int | None = None) -> dict[str, Any]:
    return await daily(fake, world, "set", {"channel": channel or world.channel.id, "time": "21:01",
                                            "timezone": "Asia/Seoul"})


async def test_set_then_exactly_one_post_at_the_local_time_and_none_after_a_restart(
        runner: BotRunner, fake: FakeDiscord, world: World, clock: FakeClock) -> None:
    answer = await set_seoul_2101(fake, world)
    assert answer["_ephemeral"]
    shown = text_of(answer)
    assert "21:01 (Asia/Seoul)" in shown
    assert f"<t:{int(SEOUL_2101.timestamp())}:F>" in shown
    assert f"<t:{int(SEOUL_2101.timestamp())}:R>" in shown

    await cog(runner).scheduler.tick(clock.advance(seconds=59))  # 21:00:59 in Seoul
    assert posts(fake, world.channel.id) == []
    clock.set(SEOUL_2101)
    await cog(runner).scheduler.tick(clock())
    [post] = posts(fake, world.channel.id)
    assert post["embeds"][0]["title"] == "On this day — August 6"
    assert "On this day in 1945 — 81 years ago: Atomic bomb dropped on Hiroshima." in text_of(post)
    assert "> " in post["embeds"][0]["fields"][0]["value"], "the post quotes the source"
    assert post.get("mentions") == []
    assert not post.get("mention_everyone")
    await cog(runner).scheduler.tick(clock.advance(minutes=5))
    assert len(posts(fake, world.channel.id)) == 1

    await runner.restart()  # same database, same local day in Seoul
    clock.advance(minutes=30)
    await cog(runner).scheduler.tick(clock())
    await set_seoul_2101(fake, world)  # a second set the same day changes nothing about today
    await cog(runner).scheduler.tick(clock.advance(minutes=1))
    assert len(posts(fake, world.channel.id)) == 1
    status = text_of(await daily(fake, world, "status"))
    assert "2026-08-06" in status
    assert f"<t:{int((SEOUL_2101 + timedelta(days=1)).timestamp())}:F>" in status

    clock.set(SEOUL_2101 + timedelta(days=1))  # the next day: the loop itself posts, once woken
    cog(runner).scheduler.wake()
    await fake.wait_for_message(world.channel.id)
    assert [p["embeds"][0]["title"] for p in posts(fake, world.channel.id)] == ["On this day — August 6",
                                                                                  "On this day — August 7"]


async def test_daily_needs_manage_server_by_default_and_at_run_time(runner: BotRunner, fake: FakeDiscord,
                                                                    world: World) -> None:
    [command] = [c for c in fake.commands(world.guild.id) if c["name"] == "daily"]
    assert int(command["default_member_permissions"]) == MANAGE_GUILD
    assert command.get("contexts") == [0] or command.get("dm_permission") is False
    assert {o["name"] for o in command["options"]} == {"set", "status", "preview", "post-now", "off"}
    with pytest.raises(FakeUsageError, match="cannot use /daily"):
        await daily(fake, world, "status", user=world.alice.id)
    refused = await daily(fake, world, "set", {"channel": world.channel.id, "time": "08:00"},
                          user=world.alice.id, check_permissions=False)
    assert refused["_ephemeral"]
    assert "Manage Server" in text_of(refused)
    assert await cog(runner).daily.schedules.get(world.guild.id) is None
    manager = fake.add_member(world.guild.id, "manager", permissions=MANAGE_GUILD | VIEW_CHANNEL | SEND_MESSAGES)
    assert "Daily posts are on" in text_of(await daily(fake, world, "set", {"channel": world.channel.id,
                                                                           "time": "08:00"}, user=manager.id))
    assert (await cog(runner).daily.schedules.get(world.guild.id)).zone_name == "UTC"


@pytest.mark.parametrize(("options", "expected"), [
    ({"time": "8am"}, "HH:MM on a 24-hour clock"),
    ({"time": "24:00"}, "HH:MM on a 24-hour clock"),
    ({"time": "08:00", "timezone": "Asia/Seol"}, "Did you mean Asia/Seoul"),
    ({"time": "08:00", "timezone": "Mars/Olympus_Mons"}, "not a time zone I know"),
])
async def test_set_refuses_a_bad_time_or_zone_clearly(runner: BotRunner, fake: FakeDiscord, world: World,
                                                      options: dict[str, str], expected: str) -> None:
    answer = await daily(fake, world, "set", {"channel": world.channel.id, **options})
    assert answer["_ephemeral"]
    assert expected in text_of(answer)
    assert await cog(runner).daily.schedules.get(world.guild.id) is None


async def test_set_checks_the_bot_may_post_in_the_channel(runner: BotRunner, fake: FakeDiscord,
                                                          world: World) -> None:
    muted = fake.add_channel(world.guild.id, "read-only", bot_permissions=VIEW_CHANNEL)
    # The fake's channel payloads carry no overwrites; tell the bot's cache what Discord would (CHANNEL_UPDATE).
    data = channel_payload(muted)
    data["permission_overwrites"] = [{"id": str(fake.bot_user.id), "type": 1, "allow": "0",
                                      "deny": str(SEND_MESSAGES | EMBED_LINKS)}]
    fake.dispatch("CHANNEL_UPDATE", data, guild_id=world.guild.id)

    def denied() -> bool:
        channel = runner.bot.get_channel(muted.id)
        return channel is not None and not channel.permissions_for(channel.guild.me).send_messages

    await eventually(denied)
    answer = await daily(fake, world, "set", {"channel": muted.id, "time": "08:00"})
    assert "lacks Send Messages, Embed Links" in text_of(answer)
    assert await cog(runner).daily.schedules.get(world.guild.id) is None


async def test_timezone_autocomplete_offers_best_matches_first_within_25(runner: BotRunner, fake: FakeDiscord,
                                                                         world: World) -> None:
    async def complete(typed: str) -> list[dict[str, Any]]:
        return await fake.autocomplete("daily set", {"channel": world.channel.id, "time": "08:00",
                                                     "timezone": typed}, focused="timezone",
                                       guild=world.guild.id, user=world.admin.id)

    assert (await complete("seoul"))[0] == {"name": "Asia/Seoul", "value": "Asia/Seoul"}
    assert (await complete("new york"))[0]["value"] == "America/New_York"
    for typed in ("", "a", "america", "e"):
        choices = await complete(typed)
        assert 1 <= len(choices) <= 25


async def test_a_deleted_channel_shows_as_failing_and_stops_the_posts(runner: BotRunner, fake: FakeDiscord,
                                                                      world: World, clock: FakeClock) -> None:
    await set_seoul_2101(fake, world)
    fake.delete_channel(world.channel.id)
    general = world.guild.general.id

    async def failing() -> bool:
        answer = await fake.command("daily status", {}, guild=world.guild.id, channel=general, user=world.admin.id)
        return "Stopped: needs an admin" in text_of(await answer.wait_final())

    await eventually(failing)
    result = await fake.command("daily status", {}, guild=world.guild.id, channel=general, user=world.admin.id)
    status = text_of(await result.wait_final())
    assert "The channel was deleted." in status
    assert "run `/daily set` again" in status
    before = len(fake.requests)
    await cog(runner).scheduler.tick(clock.advance(days=1))
    assert not [r for r in fake.requests[before:] if r.method == "POST" and "/messages" in r.path]


async def test_missing_permission_at_post_time_marks_failing_and_a_5xx_retries(
        runner: BotRunner, fake: FakeDiscord, world: World, clock: FakeClock) -> None:
    scheduler = cog(runner).scheduler
    await set_seoul_2101(fake, world)
    fake.fail_next("POST", rf"/channels/{world.channel.id}/messages", 503)
    await scheduler.tick(clock.advance(minutes=1))
    assert posts(fake, world.channel.id) == []
    status = text_of(await daily(fake, world, "status"))
    assert "Retrying today's post" in status
    assert "server error (503)" in status
    await scheduler.tick(clock.advance(minutes=1))  # the first retry, a minute later
    assert len(posts(fake, world.channel.id)) == 1

    clock.advance(days=1)
    fake.fail_next("POST", rf"/channels/{world.channel.id}/messages", 403, code=50013)
    await scheduler.tick(clock())
    status = text_of(await daily(fake, world, "status"))
    assert "Stopped: needs an admin" in status
    assert "50013" in status
    await scheduler.tick(clock.advance(hours=1))
    assert len(posts(fake, world.channel.id)) == 1
    await set_seoul_2101(fake, world)  # the admin fixed it; 21:01 has passed, so the schedule resumes tomorrow
    assert "Posting daily" in text_of(await daily(fake, world, "status"))
    await scheduler.tick(clock())
    assert len(posts(fake, world.channel.id)) == 1
    await daily(fake, world, "post-now")  # today's post, by hand
    assert len(posts(fake, world.channel.id)) == 2


async def test_preview_is_ephemeral_and_changes_nothing(runner: BotRunner, fake: FakeDiscord, world: World) -> None:
    answer = await daily(fake, world, "preview")
    assert answer["_ephemeral"]
    assert answer["embeds"][0]["title"] == "On this day — August 6"
    await set_seoul_2101(fake, world)
    assert (await daily(fake, world, "preview"))["embeds"][0]["title"] == "On this day — August 6"
    assert posts(fake, world.channel.id) == []
    assert await cog(runner).daily.schedules.shown(world.guild.id) == {}


async def test_post_now_posts_once_and_counts_as_todays_post(runner: BotRunner, fake: FakeDiscord, world: World,
                                                             clock: FakeClock) -> None:
    refused = await daily(fake, world, "post-now")
    assert "not set up" in text_of(refused)
    await set_seoul_2101(fake, world)
    answer = await daily(fake, world, "post-now")
    assert answer["_ephemeral"]
    [post] = posts(fake, world.channel.id)
    assert re.search(rf"/channels/{world.guild.id}/{world.channel.id}/{post['id']}", text_of(answer))
    assert "already went out" in text_of(await daily(fake, world, "post-now"))
    await cog(runner).scheduler.tick(clock.advance(minutes=5))
    assert len(posts(fake, world.channel.id)) == 1


async def test_off_stops_the_posts(runner: BotRunner, fake: FakeDiscord, world: World, clock: FakeClock) -> None:
    await set_seoul_2101(fake, world)
    assert "Off" in text_of(await daily(fake, world, "off"))
    await cog(runner).scheduler.tick(clock.advance(days=2))
    assert posts(fake, world.channel.id) == []
    assert "Off" in text_of(await daily(fake, world, "status"))


async def test_leaving_a_server_deletes_its_schedule(runner: BotRunner, fake: FakeDiscord, world: World) -> None:
    await set_seoul_2101(fake, world)
    schedules = cog(runner).daily.schedules
    assert await schedules.get(world.guild.id) is not None
    await fake.remove_guild(world.guild.id)

    async def gone() -> bool:
        return await schedules.get(world.guild.id) is None

    await eventually(gone)


async def test_one_tick_posts_for_every_due_server_paced_not_in_a_burst(runner: BotRunner, fake: FakeDiscord,
                                                                        world: World, clock: FakeClock) -> None:
    guilds = [world.guild, *(fake.add_guild(name=f"Club {n}") for n in range(4))]
    await eventually(lambda: all(runner.bot.get_guild(g.id) for g in guilds))
    for guild in guilds:  # commands are synced to the dev guild only: set the others up directly
        await cog(runner).daily.set(guild.id, guild.general.id, dt.time(21, 1), "Asia/Seoul", clock())
    scheduler = cog(runner).scheduler
    scheduler.pace = 0.1
    before = len(fake.requests)
    assert await scheduler.tick(clock.advance(minutes=1)) == len(guilds)
    sent = [r for r in fake.requests[before:] if r.method == "POST" and r.path.endswith("/messages")]
    assert sorted(r.path for r in sent) == sorted(f"/channels/{g.general.id}/messages" for g in guilds)
    times = sorted(r.timestamp for r in sent)
    assert all(b - a >= 0.05 for a, b in itertools.pairwise(times)), times
    assert await scheduler.tick(clock.advance(minutes=1)) == 0
