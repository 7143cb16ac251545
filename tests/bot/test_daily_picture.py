"""End to end: the daily post's timeline picture, an admin's switch in /daily set, off by default."""

from __future__ import annotations

import io
from typing import Any

from PIL import Image

from facts.dates import MonthDay
from tests.bot.harness import BotRunner, FakeClock, World, message_text
from tests.bot.test_daily import SEOUL_2101, cog, daily, eventually, posts
from tests.fakediscord import FakeDiscord
from tests.fakediscord.constants import ATTACH_FILES
from tests.fakediscord.payloads import channel_payload


async def set_seoul(fake: FakeDiscord, world: World, channel: int | None = None, **options: Any) -> dict[str, Any]:
    return await daily(fake, world, "set", {"channel": channel or world.channel.id, "time": "21:01",
                                            "timezone": "Asia/Seoul", **options})


async def post_today(runner: BotRunner, clock: FakeClock) -> None:
    clock.set(SEOUL_2101)
    await cog(runner).scheduler.tick(clock())


async def test_the_picture_is_off_by_default(runner: BotRunner, fake: FakeDiscord, world: World,
                                             clock: FakeClock) -> None:
    answer = await set_seoul(fake, world)
    assert "Off (`/daily set … picture:True` adds one)" in message_text(answer)
    await post_today(runner, clock)
    [post] = posts(fake, world.channel.id)
    assert post["attachments"] == []
    assert "image" not in post["embeds"][0]


async def test_with_the_switch_on_the_post_carries_its_event_and_neighbours(runner: BotRunner, fake: FakeDiscord,
                                                                            world: World, clock: FakeClock) -> None:
    answer = await set_seoul(fake, world, picture=True)
    assert "On: a timeline of the event and its neighbours" in message_text(answer)
    await post_today(runner, clock)
    [post] = posts(fake, world.channel.id)
    [attachment] = post["attachments"]
    assert attachment["filename"] == "timeline.png"
    assert post["embeds"][0]["image"]["url"] == attachment["url"]
    image = Image.open(io.BytesIO(fake.file_bytes(post, "timeline.png")))
    assert image.format == "PNG"
    assert runner.store is not None
    day = (await runner.store.on_this_day(MonthDay(8, 6))).items[0].event
    around = await runner.store.around(day.key)  # the day's event and up to three neighbours either side
    assert day.key in [e.key for e in around]
    assert 4 <= len(around) <= 7
    assert attachment["description"].splitlines() == [f"{e.when.label}: {e.title}" for e in around]

    preview = await daily(fake, world, "preview")  # the preview shows the same picture, privately
    assert preview["_ephemeral"]
    assert [a["filename"] for a in preview["attachments"]] == ["timeline.png"]


async def test_set_without_the_option_keeps_the_switch_and_false_turns_it_off(
        runner: BotRunner, fake: FakeDiscord, world: World) -> None:
    await set_seoul(fake, world, picture=True)
    assert "On: a timeline" in message_text(await set_seoul(fake, world))  # changing the time keeps it
    assert "Off (" in message_text(await set_seoul(fake, world, picture=False))


async def test_the_switch_needs_attach_files_and_a_post_without_it_goes_out_without_picture(
        runner: BotRunner, fake: FakeDiscord, world: World, clock: FakeClock) -> None:
    await set_seoul(fake, world, picture=True)
    data = channel_payload(world.channel)
    data["permission_overwrites"] = [{"id": str(fake.bot_user.id), "type": 1, "allow": "0",
                                      "deny": str(ATTACH_FILES)}]
    fake.dispatch("CHANNEL_UPDATE", data, guild_id=world.guild.id)

    def denied() -> bool:
        channel = runner.bot.get_channel(world.channel.id)
        return channel is not None and not channel.permissions_for(channel.guild.me).attach_files

    await eventually(denied)
    refused = await set_seoul(fake, world, picture=True)
    assert "lacks Attach Files" in message_text(refused)
    await post_today(runner, clock)  # the schedule set before the change still posts, without its picture
    [post] = posts(fake, world.channel.id)
    assert post["attachments"] == []
    assert post["embeds"][0]["title"] == "On this day — August 6"
