"""End to end: /onthisday's day (today where the server's daily post is), and its ◀ ▶ steps."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import pytest

from facts.daily.schedules import ScheduleStore
from facts.dates import MonthDay
from tests.bot.harness import BotRunner, FakeClock, World
from tests.fakediscord import FakeDiscord


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for row in message["components"] for c in row["components"]]


def step(message: dict[str, Any], arrow: str) -> dict[str, Any]:
    return next(c for c in buttons(message) if arrow in c["label"])


async def ask(fake: FakeDiscord, world: World, options: dict[str, Any] | None = None,
              user: Any = None) -> dict[str, Any]:
    result = await fake.command("onthisday", options or {}, guild=world.guild.id, channel=world.channel.id,
                                user=user or world.alice.id)
    return await result.wait_final()


async def test_without_a_date_it_is_today_in_utc_and_says_so(runner: BotRunner, fake: FakeDiscord,
                                                             world: World) -> None:
    e = (await ask(fake, world))["embeds"][0]  # the clock says 2026-08-06 12:00 UTC
    assert e["title"] == "On this day: August 6"
    assert e["description"] == "Today is Thursday, August 6, in UTC."


async def test_without_a_date_it_is_today_in_the_servers_daily_post_zone(
        runner: BotRunner, fake: FakeDiscord, world: World, clock: FakeClock) -> None:
    assert runner.store is not None
    clock.set(datetime(2026, 8, 8, 20, 0, tzinfo=UTC))  # already August 9 in Seoul (UTC+9)
    await ScheduleStore(runner.store.db).set(world.guild.id, world.channel.id, datetime(2026, 1, 1, 8).time(),
                                             "Asia/Seoul", clock())
    e = (await ask(fake, world))["embeds"][0]
    assert e["title"] == "On this day: August 9"
    assert e["description"].startswith(
        "Today is Sunday, August 9, in Asia/Seoul (this server's daily-post time zone).")
    assert "Nagasaki" in str(e["fields"])

    given = (await ask(fake, world, {"date": "08-08"}))["embeds"][0]  # a day asked for is that day, no note
    assert given["title"] == "On this day: August 8"
    assert "Today is" not in given.get("description", "")


async def test_the_arrows_step_to_the_nearest_days_with_an_anniversary(runner: BotRunner, fake: FakeDiscord,
                                                                       world: World) -> None:
    assert runner.store is not None
    first = await ask(fake, world, {"date": "08-06"})
    nxt, prev = step(first, "▶"), step(first, "◀")
    assert not nxt.get("disabled")
    assert not prev.get("disabled")

    stepped = await (await fake.click(first["id"], nxt["custom_id"], user=world.alice.id)).wait_final()
    assert stepped["id"] == first["id"]  # in place
    title = stepped["embeds"][0]["title"]
    assert title == f"On this day: {nxt['label'].removesuffix(' ▶')}"
    shown = title.removeprefix("On this day: ")
    parsed = datetime.strptime(f"{shown} 2000", "%B %d %Y")  # a leap year: February 29 reads too
    month_day = MonthDay(parsed.month, parsed.day)
    assert month_day.ordinal > MonthDay(8, 6).ordinal
    for ordinal in range(MonthDay(8, 6).ordinal + 1, month_day.ordinal):  # nothing skipped on the way
        between = await runner.store.on_this_day(MonthDay.of_ordinal(ordinal))
        assert not between.exact, f"{MonthDay.of_ordinal(ordinal).label} has an anniversary but was skipped"
    assert (await runner.store.on_this_day(month_day)).exact
    assert stepped["embeds"][0]["fields"]

    back = await (await fake.click(first["id"], step(stepped, "◀")["custom_id"], user=world.alice.id)).wait_final()
    assert back["embeds"][0]["title"] == "On this day: August 6"


async def test_stepping_goes_round_the_year(runner: BotRunner, fake: FakeDiscord, world: World) -> None:
    assert runner.store is not None
    days = sorted(await runner.store.anniversary_days())
    last = await ask(fake, world, {"date": MonthDay.of_ordinal(days[-1]).key})
    assert step(last, "▶")["label"] == f"{MonthDay.of_ordinal(days[0]).label} ▶"
    first = await ask(fake, world, {"date": MonthDay.of_ordinal(days[0]).key})
    assert step(first, "◀")["label"] == f"◀ {MonthDay.of_ordinal(days[-1]).label}"


async def test_only_the_asker_can_step(runner: BotRunner, fake: FakeDiscord, world: World) -> None:
    first = await ask(fake, world, {"date": "08-06"})
    other = await fake.click(first["id"], step(first, "▶")["custom_id"], user=world.bob.id)
    assert other.ephemeral
    assert "Only the member who asked" in (await other.wait_final())["content"]
    assert fake.message(first["id"])["embeds"][0]["title"] == "On this day: August 6"


async def test_the_arrows_are_disabled_after_the_time_out_but_report_is_not(
        runner: BotRunner, fake: FakeDiscord, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner.bot.get_cog("OnThisDay"), "step_timeout", 0.2)
    first = await ask(fake, world, {"date": "08-06"})
    stepped = await (await fake.click(first["id"], step(first, "▶")["custom_id"], user=world.alice.id)).wait_final()
    for _ in range(100):
        stored = fake.message(first["id"])
        arrows = [c for c in buttons(stored) if c["label"] != "Report"]
        if all(c.get("disabled") for c in arrows):
            break
        await asyncio.sleep(0.05)
    else:
        pytest.fail("the on-this-day arrows were never disabled")
    assert stored["embeds"][0]["title"] == stepped["embeds"][0]["title"]  # the day stepped to stays shown
    assert [bool(c.get("disabled")) for c in buttons(stored) if c["label"] == "Report"] == [False]


async def test_arrows_from_before_a_restart_still_step(runner: BotRunner, fake: FakeDiscord, world: World) -> None:
    first = await ask(fake, world, {"date": "08-06"})
    target = step(first, "▶")
    await runner.restart()
    stepped = await (await fake.click(first["id"], target["custom_id"], user=world.alice.id)).wait_final()
    assert stepped["embeds"][0]["title"] == f"On this day: {target['label'].removesuffix(' ▶')}"


async def test_a_day_with_no_anniversary_still_steps_to_its_neighbours(runner: BotRunner, fake: FakeDiscord,
                                                                       world: World) -> None:
    message = await ask(fake, world, {"date": "12-25"})
    assert "Nothing in the sources happened on December 25" in message["embeds"][0]["description"]
    assert not step(message, "◀").get("disabled")
    assert not step(message, "▶").get("disabled")
