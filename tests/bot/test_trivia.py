"""Trivia end to end through the loopback Discord (the bot's clock moved by the test), and its embeds."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from bot.cogs.trivia import Trivia, TriviaTiming
from bot.cogs.trivia import _render as show
from bot.limits import EMBED_TOTAL, FIELD_VALUE
from bot.views import EXPIRED_TEXT
from facts.models import Quote, Source
from facts.trivia.questions import LETTERS, Kind, Question, Topic
from facts.trivia.round import AnswerResult, Click, ClickStatus, EndReason, QuestionOpened, Revealed, RoundOver
from facts.trivia.scoring import FORMULA, Standing
from facts.trivia.storage import Leaderboard, LeaderRow, MemberStats, Period, TopicStats
from tests.bot.harness import BotRunner, FakeClock, World, message_text
from tests.fakediscord import FakeDiscord, InteractionResult
from tests.fakediscord.constants import EMBED_LINKS, VIEW_CHANNEL

SUCCESS = 3  # button style


def cog(runner: BotRunner) -> Trivia:
    found = runner.bot.get_cog("Trivia") if runner.bot else None
    assert found is not None
    assert type(found).__name__ == "Trivia"
    return cast(Trivia, found)


def quick(runner: BotRunner) -> Trivia:
    """The trivia cog with no pause between questions, looking at the (test-moved) clock every 10 ms."""
    trivia = cog(runner)
    trivia.timing = TriviaTiming(pause=0, poll=0.01)
    return trivia


async def trivia_command(fake: FakeDiscord, world: World, sub: str, options: dict[str, Any] | None = None, *,
                         user: Any, channel: Any = None) -> InteractionResult:
    result = await fake.command(f"trivia {sub}", options or {}, guild=world.guild.id,
                                channel=channel or world.channel.id, user=user)
    await result.wait_final()
    return result


embed_text = message_text


def title(message: dict[str, Any]) -> str:
    return message["embeds"][0]["title"] if message.get("embeds") else ""


async def posted(fake: FakeDiscord, channel_id: int, check: Callable[[str], bool],
                 timeout: float = 5.0) -> dict[str, Any]:  # noqa: ASYNC109
    """The channel message whose embed title passes ``check`` (waiting for it to appear)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        for message in fake.messages(channel_id):
            if check(title(message)):
                return message
        if loop.time() > deadline:
            raise AssertionError(f"no such message; titles: {[title(m) for m in fake.messages(channel_id)]}")
        await asyncio.sleep(0.005)


def question_post(fake: FakeDiscord, channel_id: int, n: int) -> Any:
    return posted(fake, channel_id, lambda t: t.startswith(f"Question {n} of ") and "answer" not in t)


def reveal_post(fake: FakeDiscord, channel_id: int, n: int) -> Any:
    return posted(fake, channel_id, lambda t: t.startswith(f"Question {n} of ") and "the answer is" in t)


def button(message: dict[str, Any], letter: str) -> dict[str, Any]:
    buttons = message["components"][0]["components"]
    return next(b for b in buttons if b["label"] == letter)


def custom_id(message: dict[str, Any], choice: int) -> str:
    return button(message, LETTERS[choice])["custom_id"]


async def click(fake: FakeDiscord, message: dict[str, Any], choice: int, user: int) -> InteractionResult:
    result = await fake.click(message["id"], custom_id(message, choice), user=user)
    await result.wait_final()
    return result


def private_text(result: InteractionResult) -> str:
    assert result.ephemeral, f"{result.label} was answered publicly"
    assert result.final is not None
    return embed_text(result.final)


async def totals(runner: BotRunner, guild_id: int, member_id: int) -> tuple[int, ...] | None:
    assert runner.store is not None
    row = await runner.store.db.fetchone("SELECT rounds, answered, correct, points, wins FROM trivia_totals "
                                         "WHERE guild_id = ? AND member_id = ?", (guild_id, member_id))
    return tuple(row) if row else None


# ---------------------------------------------------------------------------------------- end to end


async def test_a_three_question_round_reveals_scores_and_keeps_them(runner: BotRunner, fake: FakeDiscord,
                                                                    world: World, clock: FakeClock) -> None:
    trivia = quick(runner)
    alice, bob, channel = world.alice.id, world.bob.id, world.channel.id
    start = await trivia_command(fake, world, "start", {"questions": 3}, user=alice)
    assert not start.ephemeral
    assert title(start.final or {}) == "Trivia: 3 questions on all topics"
    game = trivia.rounds[channel].game
    answers = [q.answer for q in game.questions]

    # Question 1: Alice right at once, Bob wrong, both clicking at the same instant.
    q1 = await question_post(fake, channel, 1)
    assert [b["label"] for b in q1["components"][0]["components"]] == ["A", "B", "C", "D"]
    assert all(re.fullmatch(r"chronicle:trivia:[0-9a-f]+:[abcd]", b["custom_id"])
               for b in q1["components"][0]["components"])
    wrong = (answers[0] + 1) % 4
    locked_alice, locked_bob = await asyncio.gather(click(fake, q1, answers[0], alice), click(fake, q1, wrong, bob))
    assert private_text(locked_alice).startswith(f"Locked in: **{LETTERS[answers[0]]}**")
    assert private_text(locked_bob).startswith(f"Locked in: **{LETTERS[wrong]}**")
    again = await click(fake, q1, answers[0], bob)
    assert private_text(again) == f"You already answered this question: **{LETTERS[wrong]}** is locked in."
    refused = await trivia_command(fake, world, "start", user=world.admin.id)
    assert "A round is running here" in private_text(refused)

    clock.advance(seconds=20)  # time is up
    reveal1 = await reveal_post(fake, channel, 1)
    text = embed_text(reveal1)
    assert title(reveal1) == f"Question 1 of 3: the answer is {LETTERS[answers[0]]}"
    assert f"✅ <@{alice}> · 0.0 s · +200" in text
    assert f"❌ <@{bob}> · chose {LETTERS[wrong]}" in text
    assert "In the source\n> " in text
    assert "time is up" in text
    q1_now = fake.message(q1["id"])
    assert all(b.get("disabled") for b in q1_now["components"][0]["components"])
    assert button(q1_now, LETTERS[answers[0]])["style"] == SUCCESS
    assert await totals(runner, world.guild.id, alice) == (1, 1, 1, 200, 0), "points are stored at the reveal"

    # Question 2: both answer after 5 s, so it is revealed at once, without waiting for the time.
    q2 = await question_post(fake, channel, 2)
    clock.advance(seconds=5)
    await click(fake, q2, (answers[1] + 2) % 4, alice)
    await click(fake, q2, answers[1], bob)
    reveal2 = await reveal_post(fake, channel, 2)
    assert f"✅ <@{bob}> · 5.0 s · +175" in embed_text(reveal2)
    assert "everyone had answered" in embed_text(reveal2)

    # Question 3: Alice right after 10 s; Bob never answers; time runs out; the scoreboard follows.
    q3 = await question_post(fake, channel, 3)
    clock.advance(seconds=10)
    await click(fake, q3, answers[2], alice)
    clock.advance(seconds=10)
    await reveal_post(fake, channel, 3)
    board = await posted(fake, channel, lambda t: t == "Trivia: final scores")
    text = embed_text(board)
    assert f"🏆 Winner: <@{alice}>" in text
    assert f"🥇 <@{alice}> · 350 points · 2/3 right" in text
    assert f"🥈 <@{bob}> · 175 points · 1/2 right" in text
    assert "3 of 3 questions asked" in text
    assert channel not in trivia.rounds
    await scores_lasted(runner, fake, world)


async def scores_lasted(runner: BotRunner, fake: FakeDiscord, world: World) -> None:
    """After the round above: the totals are in the database and in /trivia leaderboard and stats."""
    alice, bob = world.alice.id, world.bob.id
    assert await totals(runner, world.guild.id, alice) == (1, 3, 2, 350, 1)
    assert await totals(runner, world.guild.id, bob) == (1, 2, 1, 175, 0)
    for period in ("week", "month", "all"):
        shown = await trivia_command(fake, world, "leaderboard", {"period": period}, user=bob)
        lines = (shown.final or {})["embeds"][0]["description"].splitlines()
        assert lines[0] == f"🥇 <@{alice}> · **350 points** · 2/3 right · 1 win", period
        assert lines[1] == f"🥈 <@{bob}> · **175 points** · 1/2 right", period
    stats = await trivia_command(fake, world, "stats", {"member": bob}, user=alice)
    assert "175 points** · rank 2" in embed_text(stats.final or {})


async def test_many_members_clicking_at_once_are_each_counted_once(runner: BotRunner, fake: FakeDiscord,
                                                                   world: World, clock: FakeClock) -> None:
    trivia = quick(runner)
    members = [fake.add_member(world.guild.id, f"student{i}").id for i in range(12)]
    await trivia_command(fake, world, "start", {"questions": 1}, user=world.alice.id)
    q1 = await question_post(fake, world.channel.id, 1)
    answer = trivia.rounds[world.channel.id].game.questions[0].answer
    # Every member clicks twice (the right answer and another), all at the same moment.
    results = await asyncio.gather(*(click(fake, q1, choice, member) for member in members
                                     for choice in (answer, (answer + 1) % 4)))
    texts = [private_text(r) for r in results]
    assert sum(t.startswith("Locked in") for t in texts) == len(members)
    assert sum(t.startswith("You already answered") for t in texts) == len(members)
    clock.advance(seconds=20)
    reveal = embed_text(await reveal_post(fake, world.channel.id, 1))
    counted = re.findall(r"<@(\d+)> · (?:0\.0 s|chose)", reveal)
    assert sorted(map(int, counted)) == sorted(members)


async def test_stop_belongs_to_the_starter_or_manage_messages_and_channels_run_their_own_rounds(
        runner: BotRunner, fake: FakeDiscord, world: World, clock: FakeClock) -> None:
    trivia = quick(runner)
    other = fake.add_channel(world.guild.id, "history-2")
    await trivia_command(fake, world, "start", {"topic": "people"}, user=world.alice.id)
    await trivia_command(fake, world, "start", {"topic": "figures", "questions": 2}, user=world.bob.id,
                         channel=other.id)
    first = await question_post(fake, world.channel.id, 1)
    await question_post(fake, other.id, 1)
    assert trivia.rounds[world.channel.id].game.questions[0].kind is Kind.WHO
    assert trivia.rounds[other.id].game.questions[0].kind is Kind.FIGURE

    denied = await trivia_command(fake, world, "stop", user=world.bob.id)
    assert "Only the member who started this round" in private_text(denied)
    # Disabling the open question's buttons fails: they stay clickable after the round, and say it ended.
    fake.fail_next("PATCH", rf"/channels/{world.channel.id}/messages/\d+", 403)
    stopped = await trivia_command(fake, world, "stop", user=world.admin.id)
    assert not stopped.ephemeral
    assert title(stopped.final or {}) == "Trivia: round stopped"
    assert f"Stopped by <@{world.admin.id}>" in embed_text(stopped.final or {})
    assert world.channel.id not in trivia.rounds
    assert other.id in trivia.rounds, "the other channel's round goes on"
    late = await click(fake, first, 0, world.alice.id)
    assert private_text(late) == EXPIRED_TEXT["trivia"]
    none = await trivia_command(fake, world, "stop", user=world.alice.id)
    assert "No trivia round is running in this channel" in private_text(none)

    other_q1 = await question_post(fake, other.id, 1)
    mine = await trivia_command(fake, world, "stop", user=world.bob.id, channel=other.id)
    assert title(mine.final or {}) == "Trivia: round stopped"
    assert trivia.rounds == {}
    assert all(b.get("disabled") for b in fake.message(other_q1["id"])["components"][0]["components"])
    assert runner.store is not None
    rows = await runner.store.db.fetchall("SELECT end_reason FROM trivia_rounds ORDER BY id")
    assert [r["end_reason"] for r in rows] == ["stopped", "stopped"]


async def test_two_silent_questions_end_the_round(runner: BotRunner, fake: FakeDiscord, world: World,
                                                  clock: FakeClock) -> None:
    quick(runner)
    await trivia_command(fake, world, "start", {"questions": 5, "seconds": 10}, user=world.alice.id)
    await question_post(fake, world.channel.id, 1)
    clock.advance(seconds=10)
    await question_post(fake, world.channel.id, 2)
    clock.advance(seconds=10)
    board = await posted(fake, world.channel.id, lambda t: t.startswith("Trivia: round over"))
    assert "two questions in a row went unanswered" in title(board)
    assert "Nobody answered in this round." in embed_text(board)
    assert "2 of 5 questions asked" in embed_text(board)


async def test_after_a_restart_a_lost_rounds_buttons_say_it_has_ended(runner: BotRunner, fake: FakeDiscord,
                                                                     world: World, clock: FakeClock) -> None:
    quick(runner)
    await trivia_command(fake, world, "start", user=world.alice.id)
    q1 = await question_post(fake, world.channel.id, 1)
    await runner.restart()

    late = await click(fake, q1, 0, world.bob.id)
    assert private_text(late) == EXPIRED_TEXT["trivia"]
    assert "This round has ended" in EXPIRED_TEXT["trivia"]
    assert runner.store is not None
    row = await runner.store.db.fetchone("SELECT end_reason FROM trivia_rounds")
    assert row is not None
    assert row["end_reason"] == "interrupted"
    again = await trivia_command(fake, world, "start", {"questions": 1}, user=world.bob.id)
    assert not again.ephemeral, "the channel is free again"


async def test_a_channel_the_bot_cannot_post_in_is_refused_and_a_failed_post_ends_the_round(
        runner: BotRunner, fake: FakeDiscord, world: World, clock: FakeClock) -> None:
    trivia = quick(runner)
    mute = fake.add_channel(world.guild.id, "read-only", bot_permissions=VIEW_CHANNEL | EMBED_LINKS)
    refused = await trivia_command(fake, world, "start", user=world.alice.id, channel=mute.id)
    assert "lacks Send Messages" in private_text(refused)
    assert mute.id not in trivia.rounds

    await trivia_command(fake, world, "start", {"questions": 3}, user=world.alice.id)
    await question_post(fake, world.channel.id, 1)
    fake.fail_next("POST", rf"/channels/{world.channel.id}/messages", 403, times=3)  # e.g. permissions revoked
    clock.advance(seconds=20)
    for _ in range(200):
        if world.channel.id not in trivia.rounds:
            break
        await asyncio.sleep(0.01)
    assert world.channel.id not in trivia.rounds, "the round ended and freed the channel"
    assert runner.store is not None
    row = await runner.store.db.fetchone("SELECT end_reason FROM trivia_rounds")
    assert row is not None
    assert row["end_reason"] == "failed"
    again = await trivia_command(fake, world, "start", {"questions": 1}, user=world.bob.id)
    assert not again.ephemeral


async def test_help_states_the_scoring_formula(runner: BotRunner, fake: FakeDiscord, world: World) -> None:
    shown = await trivia_command(fake, world, "help", user=world.alice.id)
    assert FORMULA in private_text(shown)


# ------------------------------------------------------------------------------------------- embeds

SOURCE = Source("test", "A test", "“A test document”")
NOW = datetime(2026, 8, 6, 12, 0, tzinfo=UTC)


def long_question() -> Question:
    return Question("when:test/x", Kind.WHEN, "When did this happen? " * 20, "A" * 500,
                    tuple(f"{'choice ' * 30}{i}" for i in range(4)), 2, "Because. " * 600,
                    Quote("Q" * 3000, 3), SOURCE, frozenset({"test/x"}))


def within_limits(embed: Any) -> None:
    data = embed.to_dict()
    assert len(embed) <= EMBED_TOTAL
    assert len(data.get("title", "")) <= 256
    assert len(data.get("description", "")) <= 4096
    assert all(len(f["value"]) <= FIELD_VALUE and len(f["name"]) <= 256 for f in data.get("fields", []))


def test_a_reveal_with_hundreds_of_answers_stays_inside_discords_limits() -> None:
    q = long_question()
    results = tuple(AnswerResult(10_000 + i, i % 4, i % 4 == 2, i / 100, 100 if i % 4 == 2 else 0, NOW)
                    for i in range(400))
    standings = tuple(Standing(10_000 + i, 400 - i, 1, 1) for i in range(400))
    revealed = Revealed(1, 10, q, results, standings, NOW, False)
    embed = show.reveal_embed(revealed)
    within_limits(embed)
    text = str(embed.to_dict())
    assert "…and" in text
    assert embed.title == "Question 1 of 10: the answer is C"
    opened = show.question_embed(QuestionOpened(1, 10, q, NOW, NOW + timedelta(seconds=20), 20))
    within_limits(opened)
    board = show.scoreboard_embed(RoundOver(EndReason.COMPLETED, standings, (10_000,), 10, 10, NOW))
    within_limits(board)


def test_question_text_from_the_pack_and_members_is_shown_literally() -> None:
    q = Question("who:test/p", Kind.WHO, "Who is described like this?", "A *bold* @everyone role",
                 ("**A**", "B_b", "C", "D"), 0, "x", None, SOURCE, frozenset())
    embed = show.question_embed(QuestionOpened(2, 3, q, NOW, NOW + timedelta(seconds=20), 20))
    assert "\\*bold\\*" in (embed.description or "")
    assert "@everyone" not in (embed.description or "").replace("@\u200beveryone", "")
    assert embed.title == "Question 2 of 3 · People"


def test_leaderboard_and_stats_embeds() -> None:
    board = Leaderboard(Period.WEEK, datetime(2026, 8, 3, tzinfo=UTC),
                        (LeaderRow(1, 500, 4, 5, 2, 1), LeaderRow(2, 500, 3, 5, 2, 0), LeaderRow(3, 90, 1, 1, 1, 0)), 5)
    embed = show.leaderboard_embed(board)
    lines = (embed.description or "").splitlines()
    assert lines == ["🥇 <@1> · **500 points** · 4/5 right · 1 win", "🥇 <@2> · **500 points** · 3/5 right",
                     "🥉 <@3> · **90 points** · 1/1 right", "…and 2 more"]
    assert embed.footer.text == "Since Monday, August 3 (UTC) · 5 players"
    empty = show.leaderboard_embed(Leaderboard(Period.ALL, None, (), 0))
    assert "No trivia answers all time yet" in (empty.description or "")
    stats = MemberStats(7, 3, 10, 7, 1234, 2, 1, (TopicStats(Topic.DATES, 6, 5, 900),
                                                 TopicStats(Topic.FIGURES, 4, 2, 334)))
    embed = show.stats_embed(stats, "alice*")
    assert embed.title == "Trivia stats: alice\\*"
    assert "7/10 right (70%) · 3 rounds · 2 wins" in (embed.description or "")
    assert [(f.name, f.value) for f in embed.fields] == [("Dates", "5/6 right (83%)\n900 points"),
                                                         ("Figures", "2/4 right (50%)\n334 points")]


def test_each_click_outcome_has_its_own_private_answer() -> None:
    q = long_question()
    assert show.click_text(Click(ClickStatus.LOCKED_IN, 1, 2, 3.25), q).startswith("Locked in: **C** · choice")
    assert "after 3.2 s" in show.click_text(Click(ClickStatus.LOCKED_IN, 1, 2, 3.25), q)
    assert show.click_text(Click(ClickStatus.ALREADY_ANSWERED, 1, 0, 1.0), q) == (
        "You already answered this question: **A** is locked in.")
    assert show.click_text(Click(ClickStatus.CLOSED, 1), q) == show.CLOSED
    assert show.click_text(Click(ClickStatus.ENDED, 1), q) == EXPIRED_TEXT["trivia"]
