"""Every trivia click is answered once, even one made before the bot has read Discord's reply to its own
question post, and a round's views leave discord.py's view store when it ends."""

from __future__ import annotations

import asyncio

from tests.bot.harness import BotRunner, FakeClock, World
from tests.bot.test_trivia import click, embed_text, private_text, question_post, quick, reveal_post, trivia_command
from tests.fakediscord import FakeDiscord


async def test_a_click_before_the_bot_read_discords_reply_to_the_question_is_answered_and_counts(
        runner: BotRunner, fake: FakeDiscord, world: World, clock: FakeClock) -> None:
    trivia = quick(runner)
    alice, bob, channel = world.alice.id, world.bob.id, world.channel.id
    held = fake.hold_next("POST", rf"/channels/{channel}/messages")
    await trivia_command(fake, world, "start", {"questions": 2}, user=alice)
    q1 = await held.wait()  # Discord shows the question; the bot is still waiting for the reply to its post
    assert held.holding
    game = trivia.rounds[channel].game
    right = game.questions[0].answer
    early, twice = await asyncio.gather(click(fake, q1, right, bob), click(fake, q1, (right + 1) % 4, bob))
    texts = sorted([private_text(early), private_text(twice)])
    assert texts[0].startswith("Locked in"), texts
    assert texts[1].startswith("You already answered"), texts
    assert held.holding, "both clicks were answered while the post's reply was still held"
    held.release()

    clock.advance(seconds=20)
    reveal = embed_text(await reveal_post(fake, channel, 1))
    assert f"✅ <@{bob}> · 0.0 s · +200" in reveal, "the early click counted"
    q2 = await question_post(fake, channel, 2)  # the round goes on as usual
    late = await click(fake, q2, game.questions[1].answer, alice)
    assert private_text(late).startswith("Locked in")
    assert fake.violations == [], "each click was answered exactly once"


async def test_round_views_are_registered_while_live_and_removed_when_the_round_ends(
        runner: BotRunner, fake: FakeDiscord, world: World, clock: FakeClock) -> None:
    trivia = quick(runner)
    bot = runner.bot
    assert bot is not None
    assert bot.persistent_views == []
    for n in range(3):
        await trivia_command(fake, world, "start", {"questions": 2}, user=world.alice.id)
        q1 = await _newest_question(fake, world, 1)
        live = trivia.rounds[world.channel.id]
        assert list(bot.persistent_views) == [live.views[1]]
        await click(fake, q1, live.game.questions[0].answer, world.bob.id)
        clock.advance(seconds=20)
        await _newest_question(fake, world, 2)
        assert set(bot.persistent_views) == set(live.views.values()), "earlier questions answer 'closed' till the end"
        stopped = await trivia_command(fake, world, "stop", user=world.alice.id)
        assert not stopped.ephemeral
        assert bot.persistent_views == [], f"round {n + 1} left views in discord.py's store"
        assert bot.live_views == {}


async def _newest_question(fake: FakeDiscord, world: World, n: int) -> dict:
    """The latest post of question ``n`` (earlier rounds posted one too)."""
    for _ in range(500):
        posts = [m for m in fake.messages(world.channel.id) if m.get("embeds")
                 and m["embeds"][0].get("title", "").startswith(f"Question {n} of ")
                 and "the answer is" not in m["embeds"][0]["title"]]
        if posts and not all(b.get("disabled") for b in posts[-1]["components"][0]["components"]):
            return posts[-1]
        await asyncio.sleep(0.01)
    raise AssertionError(f"no open question {n}")
