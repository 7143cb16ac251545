"""Reports end to end through the loopback Discord: a member reports a lookup answer through its Report button
and form, an admin lists and resolves reports with /facts, and everything keeps working across restarts."""

from __future__ import annotations

import re
import sqlite3
from typing import Any

import discord
import pytest

from bot.cogs.reports import ReportButton, ReportTag
from bot.cogs.reports._views import GONE, TEMPLATE, Pointer, direct
from bot.views import ExpiredButton, drawing
from facts.reports import FactKind, Subject, Target
from facts.reports.models import MAX_TEXT
from tests.bot.harness import BotRunner, World
from tests.fakediscord import FakeDiscord, FakeUsageError, InteractionResult

TEXT_DISPLAY, LABEL, SELECT, TEXT_INPUT, PARAGRAPH = 10, 18, 3, 4, 2


async def ask(fake: FakeDiscord, world: World, command: str, options: dict[str, Any] | None = None, *,
              user: Any = None, check_permissions: bool = True) -> InteractionResult:
    result = await fake.command(command, options or {}, guild=world.guild.id, channel=world.channel.id,
                                user=user or world.alice.id, check_permissions=check_permissions)
    await result.wait_final()
    return result


def buttons(message: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["label"]: c for row in message.get("components", []) for c in row["components"]}


def report_id(message: dict[str, Any]) -> str:
    return buttons(message)["Report"]["custom_id"]


async def open_form(fake: FakeDiscord, message: dict[str, Any], user: Any) -> InteractionResult:
    opened = await fake.click(message["id"], report_id(message), user=user)
    assert opened.response_type == 9, f"the Report button answered {opened.describe_state()}"
    return opened


def form(opened: InteractionResult) -> dict[str, Any]:
    """The form's parts: the intro text, the fact select (None for one fact) and the text input."""
    parts: dict[str, Any] = {"select": None}
    for component in opened.modal["components"]:
        if component["type"] == TEXT_DISPLAY:
            parts["intro"] = component["content"]
        elif component["type"] == LABEL and component["component"]["type"] == SELECT:
            parts["select"] = component["component"]
        elif component["type"] == LABEL and component["component"]["type"] == TEXT_INPUT:
            parts["text"] = component["component"]
            parts["text_label"] = component["label"]
    return parts


def private(result: InteractionResult) -> str:
    assert result.ephemeral, f"{result.label} was answered publicly"
    final = result.final or {}
    parts = [final.get("content") or ""]
    for e in final.get("embeds", []):
        parts += [e.get("title", ""), e.get("description", ""), e.get("footer", {}).get("text", "")]
        parts += [f"{f['name']}\n{f['value']}" for f in e.get("fields", [])]
    return "\n".join(parts)


def rows(runner: BotRunner, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(runner.db_path) as conn:  # what is on disk, committed
        return conn.execute(sql).fetchall()


# --------------------------------------------------------------------------------------------- reporting


async def test_a_member_reports_a_when_answer_and_an_admin_lists_and_resolves_it(
        runner: BotRunner, fake: FakeDiscord, world: World) -> None:
    answer = (await ask(fake, world, "when", {"event": "38th parallel"})).final or {}
    assert not (answer.get("flags", 0) & 64), "the answer itself is public"
    assert re.fullmatch(r"chronicle:report:when:t:[0-9a-f]{16}", report_id(answer))
    opened = await open_form(fake, answer, world.bob.id)
    parts = form(opened)
    assert opened.modal["title"] == "Report a wrong answer"
    assert "pick the one that is wrong" in parts["intro"]
    options = parts["select"]["options"]
    assert options[0]["label"] == answer["embeds"][0]["title"], "the fact asked about comes first"
    assert options[0].get("default") is True
    assert len(options) > 1, "the also-matching facts can be picked too"
    text = parts["text"]
    assert (text["style"], text["max_length"], text.get("required", True)) == (PARAGRAPH, MAX_TEXT, True)
    assert text["placeholder"]
    assert parts["text_label"] == "What is wrong?"

    wrong = options[1]
    submitted = await fake.submit_modal(opened, {"which": [wrong["value"]],
                                                 "what": "This date is wrong: @everyone look, it's 1950 *not* 1945"})
    assert private(submitted) == "Thanks — an admin will check it."
    stored = rows(runner, "SELECT guild_id, member_id, fact_title, context, channel_id, message_id, status "
                          "FROM reports")
    assert stored == [(world.guild.id, world.bob.id, wrong["label"], "/when", world.channel.id, int(answer["id"]),
                       "open")]

    refused = await ask(fake, world, "facts resolve", {"report": 1}, user=world.alice.id, check_permissions=False)
    assert "This needs the Manage Server permission" in private(refused)
    choices = await fake.autocomplete("facts resolve", {}, focused="report", guild=world.guild.id,
                                      user=world.admin.id)
    assert [c["value"] for c in choices] == [1]
    assert choices[0]["name"].startswith(f"#1 · {wrong['label']} — This date is wrong")

    listing = await ask(fake, world, "facts reports", user=world.admin.id)
    shown = private(listing)
    field = listing.final["embeds"][0]["fields"][0]  # type: ignore[index]
    assert listing.final["embeds"][0]["title"] == "Reports: open (1)"  # type: ignore[index]
    assert field["name"].startswith(f"#1 · Event: {wrong['description']} — {wrong['label']}"), field["name"]
    assert "\n> " in "\n" + field["value"], "the fact's quote"
    assert "— *paragraph " in field["value"]
    assert f"<@{world.bob.id}>: “This date is wrong: @\u200beveryone look, it's 1950 \\*not\\* 1945”" in field["value"]
    assert f"from /when · [the answer](https://discord.com/channels/{world.guild.id}/{world.channel.id}/" \
           f"{answer['id']})" in field["value"]
    assert "/facts resolve" in shown

    done = await ask(fake, world, "facts resolve", {"report": 1, "note": "Checked: the source says so."},
                     user=world.admin.id)
    assert "Report #1 resolved" in private(done)
    assert "Note: Checked: the source says so." in private(done)
    again = await ask(fake, world, "facts resolve", {"report": 1}, user=world.admin.id)
    assert "already resolved" in private(again)
    unknown = await ask(fake, world, "facts resolve", {"report": 42}, user=world.admin.id)
    assert "There is no report #42 in this server" in private(unknown)
    assert "No open reports" in private(await ask(fake, world, "facts reports", user=world.admin.id))
    resolved = private(await ask(fake, world, "facts reports", {"status": "resolved"}, user=world.admin.id))
    assert f"✅ Resolved by <@{world.admin.id}>" in resolved
    assert "Checked: the source says so." in resolved
    assert rows(runner, "SELECT status, resolved_by, resolution FROM reports") == [
        ("resolved", world.admin.id, "Checked: the source says so.")]


async def test_a_one_fact_answer_reports_that_fact_without_a_choice(runner: BotRunner, fake: FakeDiscord,
                                                                   world: World) -> None:
    assert runner.bot is not None
    channel = runner.bot.get_channel(world.channel.id)
    assert isinstance(channel, discord.TextChannel)
    posted = await channel.send("x", view=drawing(ReportTag("chronicle:report:when:e:korean_war/hiroshima_bomb")))
    message = fake.message(posted.id)
    opened = await open_form(fake, message, world.alice.id)
    parts = form(opened)
    assert parts["select"] is None
    assert "You are reporting: **August 6, 1945 — Atomic bomb dropped on Hiroshima**" in parts["intro"]
    done = await fake.submit_modal(opened, {"what": "부산 — the date ✓ is right, the title is «wrong»"})
    assert private(done) == "Thanks — an admin will check it."
    again = await fake.submit_modal(await open_form(fake, message, world.alice.id), {"what": "More precisely: …"})
    assert private(again) == "Thanks — an admin will check it. It replaces your earlier report of this fact."
    assert rows(runner, "SELECT fact_kind, fact_key, text FROM reports") == [
        ("event", "korean_war/hiroshima_bomb", "More precisely: …")]


@pytest.mark.parametrize(("command", "options", "context"), [
    ("date", {"when": "1950-06"}, "date"),
    ("person", {"name": "Acheson"}, "person"),
    ("onthisday", {"date": "08-06"}, "onthisday"),
    ("search", {"query": "Security Council"}, "search"),
])
async def test_every_answer_that_states_a_fact_has_a_report_button(runner: BotRunner, fake: FakeDiscord,
                                                                   world: World, command: str,
                                                                   options: dict[str, Any], context: str) -> None:
    answer = (await ask(fake, world, command, options)).final or {}
    assert report_id(answer).startswith(f"chronicle:report:{context}:")
    opened = await open_form(fake, answer, world.bob.id)
    submitted = await fake.submit_modal(opened, {"what": f"wrong in /{command}"})
    assert private(submitted).startswith("Thanks")
    assert rows(runner, "SELECT context FROM reports") == [(f"/{command}",)]


async def test_answers_without_a_fact_have_no_report_button(runner: BotRunner, fake: FakeDiscord,
                                                           world: World) -> None:
    for command, options in (("date", {"when": "1700"}), ("search", {"query": "zzzzqx"})):
        answer = (await ask(fake, world, command, options)).final or {}
        assert "Report" not in buttons(answer), command


async def test_blank_text_is_answered_privately_and_long_text_is_capped_by_the_form(
        runner: BotRunner, fake: FakeDiscord, world: World) -> None:
    answer = (await ask(fake, world, "person", {"name": "Truman"})).final or {}
    blank = await fake.submit_modal(await open_form(fake, answer, world.bob.id), {"what": "   \n\t  "})
    assert "Say what is wrong" in private(blank)
    assert "Click Report again to write it." in private(blank)
    assert rows(runner, "SELECT count(*) FROM reports") == [(0,)]
    with pytest.raises(FakeUsageError, match="2000 characters, but it allows 1000"):
        await fake.submit_modal(await open_form(fake, answer, world.bob.id), {"what": "x" * 2000})
    longest = "é" * MAX_TEXT
    kept = await fake.submit_modal(await open_form(fake, answer, world.bob.id), {"what": longest})
    assert private(kept).startswith("Thanks")
    assert rows(runner, "SELECT text FROM reports") == [(longest,)]
    listing = await ask(fake, world, "facts reports", user=world.admin.id)
    assert "…" in private(listing), "a long text is shortened in the listing, inside Discord's limits"


async def test_a_fact_no_longer_in_the_packs_is_said_so(runner: BotRunner, fake: FakeDiscord, world: World) -> None:
    assert runner.bot is not None
    channel = runner.bot.get_channel(world.channel.id)
    assert isinstance(channel, discord.TextChannel)
    posted = await channel.send("old", view=drawing(ReportTag("chronicle:report:when:e:korean_war/long_gone")))
    clicked = await fake.click(posted.id, "chronicle:report:when:e:korean_war/long_gone", user=world.alice.id)
    assert private(clicked) == GONE


async def test_a_report_from_a_direct_message_is_kept_for_the_maintainers(runner: BotRunner, fake: FakeDiscord,
                                                                         world: World) -> None:
    assert runner.bot is not None
    await runner.bot.sync_global()  # the lookups work in direct messages once published globally
    dm = await fake.command("when", {"event": "Hiroshima"}, user=world.alice.id)
    answer = await dm.wait_final()
    submitted = await fake.submit_modal(await open_form(fake, answer, world.alice.id), {"what": "from a DM"})
    assert private(submitted) == "Thanks — Chronicle's maintainers will check it."
    assert rows(runner, "SELECT guild_id, text FROM reports") == [(None, "from a DM")]
    assert "No open reports" in private(await ask(fake, world, "facts reports", user=world.admin.id))


# ------------------------------------------------------------------------------------ admins and paging


async def test_only_managers_of_the_server_list_or_resolve_reports(runner: BotRunner, fake: FakeDiscord,
                                                                  world: World) -> None:
    with pytest.raises(FakeUsageError, match="default_member_permissions"):
        await fake.command("facts reports", guild=world.guild.id, user=world.alice.id)
    refused = await ask(fake, world, "facts reports", user=world.alice.id, check_permissions=False)
    assert "This needs the Manage Server permission" in private(refused)
    answer = (await ask(fake, world, "when", {"event": "Hiroshima"})).final or {}
    await fake.submit_modal(await open_form(fake, answer, world.bob.id), {"what": "secret-ish"})
    assert await fake.autocomplete("facts resolve", {}, focused="report", guild=world.guild.id,
                                   user=world.alice.id) == [], "report texts are for admins"
    manager = fake.add_member(world.guild.id, "manager", permissions=(1 << 5) | (1 << 10) | (1 << 11))
    listing = await ask(fake, world, "facts reports", user=manager.id)
    assert "secret-ish" in private(listing)


async def test_many_reports_page_inside_discords_limits(runner: BotRunner, fake: FakeDiscord, world: World) -> None:
    answer = (await ask(fake, world, "date", {"when": "1950"})).final or {}
    opened = await open_form(fake, answer, world.bob.id)
    options = form(opened)["select"]["options"]
    assert len(options) >= 7
    for i, option in enumerate(options[:7]):
        form_for = opened if i == 0 else await open_form(fake, answer, world.bob.id)
        await fake.submit_modal(form_for, {"which": [option["value"]], "what": f"report {i} " + "w" * 990})
    first = await ask(fake, world, "facts reports", user=world.admin.id)
    page1 = first.final or {}
    assert page1["embeds"][0]["title"] == "Reports: open (7)"
    assert len(page1["embeds"][0]["fields"]) == 5
    assert "Page 1 of 2" in page1["embeds"][0]["footer"]["text"]
    turned = await fake.click(page1["id"], buttons(page1)["Next"]["custom_id"], user=world.admin.id)
    page2 = await turned.wait_final()
    assert [f["name"][:3] for f in page2["embeds"][0]["fields"]] == ["#2 ", "#1 "]
    assert "Page 2 of 2" in page2["embeds"][0]["footer"]["text"]


async def test_the_timeline_report_button_follows_the_page_and_is_anyones(runner: BotRunner, fake: FakeDiscord,
                                                                        world: World) -> None:
    first = (await ask(fake, world, "timeline")).final or {}
    assert list(buttons(first)) == ["Previous", "Next", "Report"]
    first_id = report_id(first)
    turned = await fake.click(first["id"], buttons(first)["Next"]["custom_id"], user=world.alice.id)
    second = await turned.wait_final()
    assert "Page 2 of" in second["embeds"][0]["footer"]["text"]
    assert report_id(second) != first_id, "the button now offers page 2's facts"
    opened = await open_form(fake, second, world.bob.id)  # not the asker: reporting is for everyone
    titles = [o["label"] for o in form(opened)["select"]["options"]]
    assert all(t in second["embeds"][0]["description"] for t in titles)
    assert len(titles) == 10
    submitted = await fake.submit_modal(opened, {"which": ["9"], "what": "off by a year"})
    assert private(submitted).startswith("Thanks")
    refused = await fake.click(first["id"], buttons(second)["Next"]["custom_id"], user=world.bob.id)
    assert "Only the member who asked" in private(await _done(refused)), "the pager is still the asker's"


async def _done(result: InteractionResult) -> InteractionResult:
    await result.wait_final()
    return result


# ------------------------------------------------------------------------------------- persistence


async def test_report_buttons_and_open_forms_survive_a_restart(runner: BotRunner, fake: FakeDiscord,
                                                              world: World) -> None:
    answer = (await ask(fake, world, "person", {"name": "Kim Il Sung"})).final or {}
    before = await open_form(fake, answer, world.alice.id)  # the form is open while the bot restarts
    await runner.restart()
    submitted = await fake.submit_modal(before, {"what": "typed during the restart"})
    assert private(submitted).startswith("Thanks")
    after = await open_form(fake, answer, world.bob.id)
    assert form(after)["select"]["options"][0]["label"] == "Kim Il Sung"
    await fake.submit_modal(after, {"what": "clicked after the restart"})
    assert rows(runner, "SELECT member_id, fact_title, text FROM reports ORDER BY id") == [
        (world.alice.id, "Kim Il Sung", "typed during the restart"),
        (world.bob.id, "Kim Il Sung", "clicked after the restart")]


# ------------------------------------------------------------------------------------ one answer a click


@pytest.mark.parametrize(("custom_id", "a_report"), [
    ("chronicle:report:when:e:korean_war/hiroshima_bomb", True),
    ("chronicle:report:trivia:q:figure:korean_war/hiroshima_bomb#0", True),
    ("chronicle:report:date:t:0123456789abcdef", True),
    ("chronicle:report:e:abc:def", False),  # looks like <feature>:<hex nonce>:<action>, still not expired
    ("chronicle:report:abc:d", False),
])
def test_report_ids_are_never_taken_for_an_expired_button(custom_id: str, a_report: bool) -> None:
    assert ExpiredButton.__discord_ui_compiled_template__.fullmatch(custom_id) is None
    assert (ReportButton.__discord_ui_compiled_template__.fullmatch(custom_id) is not None) == a_report


@pytest.mark.parametrize("custom_id", ["chronicle:trivia:0a1b2c:a", "chronicle:pager:ffee00:next"])
def test_view_ids_are_never_taken_for_a_report_button(custom_id: str) -> None:
    assert ExpiredButton.__discord_ui_compiled_template__.fullmatch(custom_id) is not None
    assert TEMPLATE.fullmatch(custom_id) is None


async def test_an_answer_goes_out_without_its_button_if_the_button_cannot_be_stored(
        runner: BotRunner, fake: FakeDiscord, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    assert runner.bot is not None

    async def broken(*args: Any, **kwargs: Any) -> str:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(runner.bot.reports, "remember", broken)
    answer = (await ask(fake, world, "date", {"when": "1950-06-25"})).final or {}
    assert answer["embeds"][0]["title"] == "June 25, 1950"
    assert "Report" not in buttons(answer)


def test_a_custom_id_holds_what_it_reports_or_a_token_within_100_characters() -> None:
    long_key = "pack/" + "k" * 90
    assert direct(Subject("/when", (Target(FactKind.EVENT, long_key, "Long"),))) is None, "a token instead"
    short = direct(Subject("/when", (Target(FactKind.PERSON, "pack/x", "X"),)))
    assert short is not None
    assert short.custom_id == "chronicle:report:when:p:pack/x"
    question = direct(Subject("trivia", (Target(FactKind.EVENT, "pack/x", "X", None, "when:pack/x"),)))
    assert question is not None
    assert question.custom_id == "chronicle:report:trivia:q:when:pack/x"
    assert direct(Subject("/when", ())) is None
    pointer = Pointer("/when", "e", "korean_war/hiroshima_bomb")
    assert Pointer.parse(pointer.custom_id) == pointer
    assert Pointer.parse("chronicle:report:trivia:q:when:x/y") == Pointer("trivia", "q", "when:x/y")
    assert Pointer.parse("chronicle:report:when:e:" + "k" * 81) is None
    assert Pointer.parse("chronicle:trivia:00:a") is None
