"""Study mode end to end through the loopback Discord: trivia misses become the first cards, a session's
buttons rate them once, stats and the Anki export, reminders by DM, and what happens after a restart."""

from __future__ import annotations

import asyncio
import io
import sqlite3
import tempfile
import zipfile
from pathlib import Path
from typing import Any, cast

from bot.cogs.study import Study
from facts.study.cards import CardKey
from tests.bot.harness import BotRunner, FakeClock, World, message_text
from tests.bot.test_trivia import click, question_post, quick, reveal_post, trivia_command
from tests.fakediscord import FakeDiscord, InteractionResult


def study_cog(runner: BotRunner) -> Study:
    found = runner.bot.get_cog("Study") if runner.bot else None
    assert found is not None
    return cast(Study, found)


async def study(fake: FakeDiscord, world: World, sub: str, options: dict[str, Any] | None = None, *,
                user: Any) -> InteractionResult:
    result = await fake.command(f"study {sub}", options or {}, guild=world.guild.id, channel=world.channel.id,
                                user=user)
    await result.wait_final()
    return result


def buttons(message: dict[str, Any]) -> dict[str, str]:
    """Label → custom id of every button of the message."""
    return {b["label"]: b["custom_id"] for row in message.get("components") or [] for b in row["components"]}


async def press(fake: FakeDiscord, message: dict[str, Any], label: str, user: Any) -> dict[str, Any]:
    ids = buttons(message)
    custom_id = next(v for k, v in ids.items() if k == label or k.startswith(f"{label} · "))
    result = await fake.click(message["id"], custom_id, user=user)
    await result.wait_final()
    assert result.final is not None
    return result.final


def about(message: dict[str, Any]) -> str:
    return message["embeds"][0]["description"]


async def miss_two(runner: BotRunner, fake: FakeDiscord, world: World, clock: FakeClock) -> list[str]:
    """Alice plays a two-question round and misses both. The keys of their cards."""
    trivia = quick(runner)
    await trivia_command(fake, world, "start", {"questions": 2}, user=world.alice.id)
    game = trivia.rounds[world.channel.id].game
    for n, question in enumerate(game.questions, start=1):
        post = await question_post(fake, world.channel.id, n)
        await click(fake, post, (question.answer + 1) % 4, world.alice.id)
        clock.advance(seconds=20)
        await reveal_post(fake, world.channel.id, n)
    return [str(CardKey.parse(q.key)) for q in game.questions]


async def card_keys_of(runner: BotRunner, member: int) -> dict[str, tuple[int, int]]:
    assert runner.store is not None
    rows = await runner.store.db.fetchall("SELECT card_key, reps, due_utc FROM study_cards WHERE member_id = ?",
                                          (member,))
    return {r["card_key"]: (r["reps"], r["due_utc"]) for r in rows}


async def test_trivia_misses_come_first_and_good_moves_them_days_ahead(runner: BotRunner, fake: FakeDiscord,
                                                                       world: World, clock: FakeClock) -> None:
    missed = await miss_two(runner, fake, world, clock)
    alice = world.alice.id
    start = await study(fake, world, "start", user=alice)
    assert start.ephemeral
    seen = []
    screen = start.final
    assert screen is not None
    for _ in range(2):
        assert set(buttons(screen)) == {"Show answer", "Stop"}
        shown = await press(fake, screen, "Show answer", alice)
        text = message_text(shown)
        assert "Answer" in text
        assert "In the source" in text  # the quote the answer rests on
        assert "Source:" in text
        labels = list(buttons(shown))
        assert [lbl.split(" · ")[0] for lbl in labels] == ["Again", "Hard", "Good", "Easy", "Stop"]
        assert all(" · " in lbl for lbl in labels[:4])  # each shows when the card would come back
        before = await card_keys_of(runner, alice)
        seen.append(next(k for k, (reps, _) in before.items() if reps == 0 and k in missed and k not in seen))
        screen = await press(fake, shown, "Good", alice)
        assert "Rated **Good** · back <t:" in message_text(screen)
    assert sorted(seen) == sorted(missed)  # exactly the two missed cards first
    after = await card_keys_of(runner, alice)
    now = int(clock().timestamp())
    for key in missed:
        reps, due = after[key]
        assert reps == 1
        assert due - now >= 86400  # days ahead
    stats = await study(fake, world, "stats", user=alice)
    assert "Reviewed **2** today" in message_text(stats.final or {})
    export = await study(fake, world, "export", user=alice)
    final = export.final or {}
    assert export.ephemeral
    (attachment,) = final["attachments"]
    assert attachment["filename"].endswith(".apkg")
    data = fake.file_bytes(final, attachment["filename"])
    notes = apkg_notes(data)
    assert len(notes) == len(after)  # the two, and the new card the session went on to


def apkg_notes(data: bytes) -> list[tuple[str, str]]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        name = next(n for n in package.namelist() if n.startswith("collection.anki2"))
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "collection.anki2"
            path.write_bytes(package.read(name))
            with sqlite3.connect(path) as db:
                return [(g, f) for g, f in db.execute("SELECT guid, flds FROM notes")]


async def test_a_rating_pressed_twice_at_once_counts_once(runner: BotRunner, fake: FakeDiscord,
                                                          world: World) -> None:
    alice = world.alice.id
    start = await study(fake, world, "start", user=alice)
    assert start.final is not None
    shown = await press(fake, start.final, "Show answer", alice)
    good = next(v for k, v in buttons(shown).items() if k.startswith("Good"))
    results = await asyncio.gather(*(fake.click(shown["id"], good, user=alice) for _ in range(3)))
    for result in results:
        await result.wait_final()  # every press is answered
    assert runner.store is not None
    count = await runner.store.db.fetchone("SELECT count(*) FROM study_reviews WHERE member_id = ?", (alice,))
    assert count is not None
    assert count[0] == 1


async def test_the_buttons_still_work_after_a_restart(runner: BotRunner, fake: FakeDiscord, world: World) -> None:
    alice = world.alice.id
    start = await study(fake, world, "start", user=alice)
    assert start.final is not None
    shown = await press(fake, start.final, "Show answer", alice)
    await runner.restart()
    after = await press(fake, shown, "Easy", alice)
    assert "Rated **Easy**" in message_text(after)


async def test_another_member_cannot_rate_someone_elses_card(runner: BotRunner, fake: FakeDiscord,
                                                             world: World) -> None:
    start = await study(fake, world, "start", user=world.alice.id)
    assert start.final is not None
    custom_id = buttons(start.final)["Show answer"]
    result = await fake.click(start.final["id"], custom_id, user=world.bob.id)
    await result.wait_final()
    assert result.ephemeral
    assert "not yours" in message_text(result.final or {})


async def test_stop_and_nothing_due(runner: BotRunner, fake: FakeDiscord, world: World) -> None:
    alice = world.alice.id
    await study(fake, world, "settings", {"new_per_day": 1}, user=alice)
    start = await study(fake, world, "start", user=alice)
    assert start.final is not None
    shown = await press(fake, start.final, "Show answer", alice)
    done = await press(fake, shown, "Easy", alice)
    assert "Nothing due — next card <t:" in message_text(done)
    assert not buttons(done)
    again = await study(fake, world, "start", user=alice)
    assert "Nothing due" in message_text(again.final or {})
    await study(fake, world, "settings", {"new_per_day": 5}, user=alice)
    more = await study(fake, world, "start", user=alice)
    assert more.final is not None
    stopped = await press(fake, more.final, "Stop", alice)
    assert "Stopped" in message_text(stopped)


async def test_no_packs_enabled_is_said_in_words(runner: BotRunner, fake: FakeDiscord, world: World) -> None:
    disabled = await fake.command("pack disable", {"name": "korean_war"}, guild=world.guild.id,
                                  channel=world.channel.id, user=world.admin.id)
    await disabled.wait_final()
    result = await study(fake, world, "start", user=world.alice.id)
    assert result.ephemeral
    assert "No packs are enabled" in message_text(result.final or {})


async def test_reminders_arrive_by_dm_at_local_time_and_closed_dms_turn_them_off(
        runner: BotRunner, fake: FakeDiscord, world: World, clock: FakeClock) -> None:
    alice, bob = world.alice.id, world.bob.id
    for member in (alice, bob):
        start = await study(fake, world, "start", user=member)
        assert start.final is not None
        shown = await press(fake, start.final, "Show answer", member)
        await press(fake, shown, "Again", member)  # due again in ten minutes
        # 13:00 in Seoul is 04:00 UTC; the clock stands at 12:00 UTC: today's time has passed, so tomorrow
        await study(fake, world, "remind set", {"time": "13:00", "timezone": "Asia/Seoul"}, user=member)
    fake.world.user(bob).dms_open = False
    cog = study_cog(runner)
    clock.advance(hours=15)  # 03:00 UTC the next day: 12:00 in Seoul
    assert await cog.remind_pass() == 0
    clock.advance(hours=1, minutes=1)  # 13:01 in Seoul
    assert await cog.remind_pass() == 1
    (dm,) = fake.dm_messages(alice)
    assert "2 cards due in **History Club**" in dm["content"]  # the one rated Again, the one shown next
    assert await cog.remind_pass() == 0  # once a day
    stats = await study(fake, world, "stats", user=bob)
    assert "could not DM you" in message_text(stats.final or {})


async def test_a_member_gone_from_the_server_is_kept_30_days(runner: BotRunner, fake: FakeDiscord, world: World,
                                                            clock: FakeClock) -> None:
    bob = world.bob.id
    start = await study(fake, world, "start", user=bob)
    assert start.final is not None
    await press(fake, await press(fake, start.final, "Show answer", bob), "Again", bob)
    await study(fake, world, "remind set", {"time": "00:00"}, user=bob)
    fake.remove_member(world.guild.id, bob)
    clock.advance(days=1)
    cog = study_cog(runner)
    assert await cog.remind_pass() == 0  # found gone: no DM
    assert fake.dm_messages(bob) == []
    assert await card_keys_of(runner, bob)  # kept
    clock.advance(days=31)
    await cog.remind_pass()
    assert await card_keys_of(runner, bob) == {}


async def test_exports_that_cannot_be_made_are_answered_in_words(runner: BotRunner, fake: FakeDiscord,
                                                                world: World) -> None:
    empty = await study(fake, world, "export", user=world.bob.id)
    assert empty.ephemeral
    assert "no cards to export" in message_text(empty.final or {})
    refused = await study(fake, world, "export", {"pack": "korean_war"}, user=world.bob.id)
    assert "Manage Server" in message_text(refused.final or {})
    whole = await study(fake, world, "export", {"pack": "korean_war"}, user=world.admin.id)
    final = whole.final or {}
    (attachment,) = final["attachments"]
    assert len(apkg_notes(fake.file_bytes(final, attachment["filename"]))) > 20
    unknown = await study(fake, world, "export", {"pack": "nope'; DROP TABLE study_cards;--"}, user=world.admin.id)
    assert "No pack" in message_text(unknown.final or {})
