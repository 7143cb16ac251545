"""Reporting a trivia question from its reveal: the report names the question and its fact, and the question
stays out of that server's rounds until an admin resolves it."""

from __future__ import annotations

from typing import Any

from tests.bot.harness import BotRunner, FakeClock, World
from tests.bot.test_reports import form, open_form, private, report_id, rows
from tests.bot.test_trivia import click, posted, question_post, quick, reveal_post, trivia_command
from tests.fakediscord import FakeDiscord

FIGURES = {"topic": "figures", "questions": 20}  # a figures round asks about every event with a figure


async def play_round(runner: BotRunner, fake: FakeDiscord, world: World,
                     clock: FakeClock) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """Start the first figures round and answer every question; the questions asked and their reveals."""
    trivia = quick(runner)
    await trivia_command(fake, world, "start", FIGURES, user=world.alice.id)
    game = trivia.rounds[world.channel.id].game
    reveals = {}
    for n, question in enumerate(game.questions, start=1):
        await click(fake, await question_post(fake, world.channel.id, n), question.answer, world.alice.id)
        if n == 1:
            clock.advance(seconds=20)  # the first question runs its time; then everyone playing has answered
        reveals[question.key] = await reveal_post(fake, world.channel.id, n)
    await posted(fake, world.channel.id, lambda t: t == "Trivia: final scores")
    return [q.key for q in game.questions], reveals


async def start_and_stop(runner: BotRunner, fake: FakeDiscord, world: World) -> list[str]:
    """The questions a new figures round would ask (the round is stopped at once)."""
    trivia = quick(runner)
    await trivia_command(fake, world, "start", FIGURES, user=world.alice.id)
    keys = [q.key for q in trivia.rounds[world.channel.id].game.questions]
    await trivia_command(fake, world, "stop", user=world.alice.id)
    return keys


async def test_a_reported_question_leaves_the_servers_rounds_until_it_is_resolved(
        runner: BotRunner, fake: FakeDiscord, world: World, clock: FakeClock) -> None:
    assert runner.store is not None
    asked, reveals = await play_round(runner, fake, world, clock)
    # A question about an event with one figure: the only question of its fact, so every figures round asks
    # it — unless it is left out.
    single = [k for k in asked if len((await runner.store.event(k.split(":", 1)[1].split("#")[0])).figures) == 1]
    reported = single[0]
    fact = reported.split(":", 1)[1].split("#")[0]
    reveal = reveals[reported]
    assert report_id(reveal) == f"chronicle:report:trivia:q:{reported}"

    opened = await open_form(fake, reveal, world.bob.id)
    parts = form(opened)
    assert parts["select"] is None, "a reveal reports one question"
    assert "trivia question about it is left out" in parts["intro"]
    submitted = await fake.submit_modal(opened, {"what": "The source gives a different number."})
    assert private(submitted) == ("Thanks — an admin will check it. Until then the question is left out of this "
                                  "server's trivia rounds.")
    assert rows(runner, "SELECT guild_id, member_id, fact_kind, fact_key, question_key, context FROM reports") == [
        (world.guild.id, world.bob.id, "event", fact, reported, "trivia")]

    while_open = await start_and_stop(runner, fake, world)
    assert reported not in while_open
    assert {k.split("#")[0] for k in while_open} == {k.split("#")[0] for k in asked} - {f"figure:{fact}"}
    await runner.restart()  # left out by what is stored, not by what the bot remembers
    assert reported not in await start_and_stop(runner, fake, world)

    shown = await fake.command("facts reports", guild=world.guild.id, user=world.admin.id)
    await shown.wait_final()
    assert f"`{reported}`" in private(shown)
    assert "from trivia question" in private(shown)
    done = await fake.command("facts resolve", {"report": 1, "note": "The number is right."}, guild=world.guild.id,
                              user=world.admin.id)
    await done.wait_final()
    assert f"Its trivia question (`{reported}`) is back in this server's rounds." in private(done)
    assert reported in await start_and_stop(runner, fake, world), "back in rotation once resolved"


async def test_a_reveal_can_be_reported_after_its_round_ended(runner: BotRunner, fake: FakeDiscord, world: World,
                                                              clock: FakeClock) -> None:
    quick(runner)
    await trivia_command(fake, world, "start", {"questions": 1}, user=world.alice.id)
    q1 = await question_post(fake, world.channel.id, 1)
    clock.advance(seconds=20)
    reveal = await reveal_post(fake, world.channel.id, 1)
    await posted(fake, world.channel.id, lambda t: t.startswith("Trivia: round over") or t == "Trivia: final scores")
    assert q1["id"] != reveal["id"]
    await runner.restart()
    opened = await open_form(fake, reveal, world.alice.id)
    assert private(await fake.submit_modal(opened, {"what": "wrong"})).startswith("Thanks")
    assert rows(runner, "SELECT context, question_key IS NOT NULL FROM reports") == [("trivia", 1)]
