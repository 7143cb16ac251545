"""End to end: the real bot answers the lookup commands through the loopback Discord."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest

from bot import respond
from tests.bot.harness import TOKEN, BotRunner, World
from tests.fakediscord import FakeDiscord

PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15)


async def ask(fake: FakeDiscord, world: World, command: str, options: dict[str, Any] | None = None,
              *, user: Any = None) -> dict[str, Any]:
    result = await fake.command(command, options or {}, guild=world.guild.id, channel=world.channel.id,
                                user=user or world.alice.id)
    final = await result.wait_final()
    final["_ephemeral"] = result.ephemeral
    return final


def embed(message: dict[str, Any]) -> dict[str, Any]:
    assert message["embeds"], message
    return message["embeds"][0]


def text_of(e: dict[str, Any]) -> str:
    parts = [e.get("title", ""), e.get("description", ""), e.get("footer", {}).get("text", "")]
    parts += [f"{f['name']}\n{f['value']}" for f in e.get("fields", [])]
    return "\n".join(parts)


async def test_date_answers_with_the_event_its_quote_and_the_source(runner: BotRunner, fake: FakeDiscord,
                                                                   world: World) -> None:
    message = await ask(fake, world, "date", {"when": "1950-06-25"})
    e = embed(message)
    assert e["title"] == "June 25, 1950"
    assert e["fields"][0]["name"].startswith("June 25, 1950 — North Korea invades")
    assert "> On June 25, 1950, the North Koreans invaded across the 38th parallel." in e["fields"][0]["value"]
    assert any(f["name"].startswith("sometime in October 1949 – June 1950") for f in e["fields"])
    assert e["footer"]["text"] == "Source: “korean war history”, AllSands"
    assert not message["_ephemeral"]


@pytest.mark.parametrize(("when", "title", "expected"), [
    ("June 1950", "June 1950", "June 25, 1950 — North Korea invades"),
    ("winter 1949-50", "winter 1949–50", "winter 1949–50 — Mao visits Moscow"),
    ("Aug. 10 and 11, 1945", "August 10–11, 1945", "General Order No. 1"),
    ("autumn 1945", "autumn 1945", "Hodge"),
])
async def test_date_shows_dates_at_their_real_precision(runner: BotRunner, fake: FakeDiscord, world: World,
                                                       when: str, title: str, expected: str) -> None:
    e = embed(await ask(fake, world, "date", {"when": when}))
    assert e["title"] == title
    assert expected in text_of(e)


async def test_a_date_with_nothing_on_it_says_so(runner: BotRunner, fake: FakeDiscord, world: World) -> None:
    e = embed(await ask(fake, world, "date", {"when": "1920"}))
    assert "Nothing in the sources is dated 1920" in e["description"]


@pytest.mark.parametrize(("command", "options", "expected"), [
    ("date", {"when": "1950-02-30"}, "February 1950 has 28 days"),
    ("date", {"when": "6/7/1950"}, "ambiguous"),
    ("date", {"when": "next tuesday-ish"}, "as a date"),
    ("date", {"when": "x" * 1000}, "1,000 characters"),
    ("date", {"when": "@everyone"}, "as a date"),
    ("date", {"when": "1950'; DROP TABLE events;--"}, "as a date"),
    ("date", {"when": "💥 1950 🇰🇷"}, "as a date"),
    ("date", {"when": "June 25"}, "has no year"),
    ("person", {"name": "Nobody McNobody"}, "No one called"),
    ("person", {"name": "y" * 100}, "No one called"),
    ("when", {"event": "qwzx vbnm"}, "Nothing in the sources matches"),
    ("when", {"event": "zq" * 100}, "Nothing in the sources matches"),
    ("timeline", {"start": "9" * 1000}, "1,000 characters"),
    ("search", {"query": "!!! ???"}, "at least one word"),
    ("onthisday", {"date": "02-30"}, "February has at most 29 days"),
    ("timeline", {"start": "1950", "end": "1949"}, "before it starts"),
])
async def test_bad_input_gets_a_clear_private_answer(runner: BotRunner, fake: FakeDiscord, world: World,
                                                    command: str, options: dict[str, str], expected: str) -> None:
    message = await ask(fake, world, command, options)
    e = embed(message)
    assert message["_ephemeral"]
    assert e["title"] == "Sorry"
    assert expected in e["description"]


@pytest.mark.parametrize(("command", "option", "limit"), [("person", "name", 100), ("when", "event", 200),
                                                         ("search", "query", 200)])
async def test_free_text_options_declare_their_length_limit(runner: BotRunner, fake: FakeDiscord, world: World,
                                                           command: str, option: str, limit: int) -> None:
    """Discord itself stops longer input at the client, so members see the limit while typing."""
    synced = {c["name"]: c for c in fake.commands(world.guild.id)}
    declared = next(o for o in synced[command]["options"] if o["name"] == option)
    assert declared["max_length"] == limit


async def test_an_unknown_name_gets_suggestions(runner: BotRunner, fake: FakeDiscord, world: World) -> None:
    e = embed(await ask(fake, world, "person", {"name": "Dean"}))
    assert "Did you mean" in e["description"]
    assert "Dean Acheson" in e["description"]
    assert "Dean Rusk" in e["description"]


async def test_echoed_mentions_never_ping(runner: BotRunner, fake: FakeDiscord, world: World) -> None:
    message = await ask(fake, world, "search", {"query": "@everyone <@&123> Korea"})
    assert "@everyone" not in text_of(embed(message)).replace("@\u200beveryone", "")
    sent = [r.json for r in fake.requests if isinstance(r.json, dict) and r.method == "POST"]
    assert sent
    for body in sent:
        data = body.get("data", body)
        if "embeds" in data or "content" in data:
            assert data.get("allowed_mentions") == {"parse": []}, data


async def test_person_finds_slips_and_modern_spellings(runner: BotRunner, fake: FakeDiscord, world: World) -> None:
    e = embed(await ask(fake, world, "person", {"name": "Kim II Sung"}))
    assert e["title"] == "Kim Il Sung"
    events = next(f for f in e["fields"] if f["name"] == "Events")["value"]
    assert "**April 1949** — Kim Il Sung meets Mao" in events
    assert "Source: “korean war history”" in e["footer"]["text"]
    byrnes = embed(await ask(fake, world, "person", {"name": "James F. Byrnes"}))
    assert "James Bymes" in text_of(byrnes)


async def test_person_autocomplete_forgives_slips_within_discords_limits(runner: BotRunner, fake: FakeDiscord,
                                                                         world: World) -> None:
    choices = await fake.autocomplete("person", {"name": "Kim II"}, focused="name", guild=world.guild.id,
                                      user=world.alice.id)
    assert choices[0]["name"].startswith("Kim Il Sung")
    everyone = await fake.autocomplete("person", {"name": ""}, focused="name", guild=world.guild.id,
                                       user=world.alice.id)
    assert 0 < len(everyone) <= 25
    assert all(1 <= len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in everyone)
    # the chosen value (a person key) is accepted by the command
    e = embed(await ask(fake, world, "person", {"name": choices[0]["value"]}))
    assert e["title"] == "Kim Il Sung"


async def test_when_gives_the_date_at_the_sources_precision(runner: BotRunner, fake: FakeDiscord,
                                                           world: World) -> None:
    e = embed(await ask(fake, world, "when", {"event": "Acheson speech"}))
    assert "January 12, 1950" in e["description"]
    assert "Press Club" in text_of(e)
    choices = await fake.autocomplete("when", {"event": "Pusan"}, focused="event", guild=world.guild.id,
                                      user=world.alice.id)
    assert choices
    assert "Pusan" in choices[0]["name"]
    assert len(choices) <= 25


async def test_onthisday_defaults_to_today_in_utc(runner: BotRunner, fake: FakeDiscord, world: World) -> None:
    e = embed(await ask(fake, world, "onthisday"))  # the clock says 2026-08-06
    assert e["title"] == "On this day: August 6"
    assert e["fields"][0]["name"].startswith("1945 — 81 years ago — Atomic bomb dropped on Hiroshima")


async def test_onthisday_is_never_empty(runner: BotRunner, fake: FakeDiscord, world: World) -> None:
    e = embed(await ask(fake, world, "onthisday", {"date": "Dec. 25"}))
    assert "Nothing in the sources happened on December 25" in e["description"]
    assert "days later in the year" in e["fields"][0]["name"]


async def test_search_highlights_matches(runner: BotRunner, fake: FakeDiscord, world: World) -> None:
    e = embed(await ask(fake, world, "search", {"query": "Security Council"}))
    assert "**Security** **Council**" in text_of(e)
    assert e["fields"][0]["name"].startswith("Event: Security Council")


async def test_about_says_what_the_bot_knows(runner: BotRunner, fake: FakeDiscord, world: World) -> None:
    message = await ask(fake, world, "about")
    e = embed(message)
    assert "38 events, 13 people" in text_of(e)
    assert "/date when:" in text_of(e)
    assert message["_ephemeral"]


async def test_timeline_pages_for_the_asker_only(runner: BotRunner, fake: FakeDiscord, world: World) -> None:
    result = await fake.command("timeline", {}, guild=world.guild.id, channel=world.channel.id,
                                user=world.alice.id)
    first = await result.wait_final()
    assert "Page 1 of 4" in first["embeds"][0]["footer"]["text"]
    buttons = {c["label"]: c for row in first["components"] for c in row["components"]}
    assert buttons["Previous"].get("disabled") is True

    other = await fake.click(first["id"], buttons["Next"]["custom_id"], user=world.bob.id)
    assert other.ephemeral
    assert "Only the member who asked" in (await other.wait_final())["content"]

    turned = await fake.click(first["id"], buttons["Next"]["custom_id"], user=world.alice.id)
    second = await turned.wait_final()
    assert "Page 2 of 4" in second["embeds"][0]["footer"]["text"]
    assert second["embeds"][0]["description"] != first["embeds"][0]["description"]


async def test_timeline_buttons_are_disabled_when_the_view_times_out(runner: BotRunner, fake: FakeDiscord,
                                                                     world: World,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner.bot.get_cog("Lookup"), "pager_timeout", 0.2)
    result = await fake.command("timeline", {"start": "1945"}, guild=world.guild.id, user=world.alice.id)
    message = await result.wait_final()
    for _ in range(100):
        stored = fake.message(message["id"])
        pager = [c for row in stored["components"] for c in row["components"] if c["label"] != "Report"]
        if all(c.get("disabled") for c in pager):
            break
        await asyncio.sleep(0.05)
    else:
        pytest.fail("the timeline buttons were never disabled")
    report = [c for row in stored["components"] for c in row["components"] if c["label"] == "Report"]
    assert len(report) == 1
    assert not report[0].get("disabled"), "the Report button is answered by itself, and outlives the pager"


async def test_buttons_from_before_a_restart_answer_instead_of_failing(runner: BotRunner, fake: FakeDiscord,
                                                                      world: World) -> None:
    result = await fake.command("timeline", {}, guild=world.guild.id, user=world.alice.id)
    message = await result.wait_final()
    next_id = next(c["custom_id"] for row in message["components"] for c in row["components"]
                   if c["label"] == "Next")
    await runner.restart()
    click = await fake.click(message["id"], next_id, user=world.alice.id)
    assert click.ephemeral
    assert "expired" in (await click.wait_final())["content"]


async def test_slow_work_is_deferred_then_answered(runner: BotRunner, fake: FakeDiscord, world: World,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    assert runner.store is not None
    real = runner.store.on_date

    async def slow(*args: Any, **kwargs: Any) -> Any:
        await asyncio.sleep(0.4)
        return await real(*args, **kwargs)

    monkeypatch.setattr(runner.store, "on_date", slow)
    monkeypatch.setattr(respond, "DEFER_AFTER", 0.05)
    result = await fake.command("date", {"when": "1948"}, guild=world.guild.id, user=world.alice.id)
    assert result.response_type == 5  # deferred within the deadline
    final = await result.wait_final()
    assert final["embeds"][0]["title"] == "1948"


async def test_an_unexpected_error_is_answered_with_an_error_id_and_logged(
        runner: BotRunner, fake: FakeDiscord, world: World, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    assert runner.store is not None

    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(runner.store, "search", broken)
    with caplog.at_level(logging.ERROR, logger="bot.errors"):
        message = await ask(fake, world, "search", {"query": "Korea"})
    description = embed(message)["description"]
    assert message["_ephemeral"]
    assert "Error id" in description
    error_id = description.split("Error id: `")[1].split("`")[0]
    record = next(r for r in caplog.records if error_id in r.getMessage())
    assert record.exc_info is not None
    assert "disk on fire" not in description


async def test_the_bot_resumes_after_a_gateway_disconnect(runner: BotRunner, fake: FakeDiscord,
                                                         world: World) -> None:
    await fake.drop_gateway(code=4000)
    await fake.wait_resumed()
    e = embed(await ask(fake, world, "date", {"when": "1948"}))
    assert "governments" in text_of(e)


async def test_no_privileged_intents_and_the_token_is_never_logged(runner: BotRunner, fake: FakeDiscord,
                                                                  world: World,
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    identify = fake.identify_payload
    assert identify is not None
    assert identify["intents"] & PRIVILEGED_INTENTS == 0
    with caplog.at_level(logging.DEBUG):
        await runner.restart()
        await ask(fake, world, "about")
    assert caplog.records
    assert all(TOKEN not in r.getMessage() for r in caplog.records)


async def test_a_failing_autocomplete_is_still_answered(runner: BotRunner, fake: FakeDiscord, world: World,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    assert runner.store is not None

    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("index gone")

    monkeypatch.setattr(runner.store, "complete_events", broken)
    choices = await fake.autocomplete("when", {"event": "Pus"}, focused="event", guild=world.guild.id,
                                      user=world.alice.id)
    assert choices == []
