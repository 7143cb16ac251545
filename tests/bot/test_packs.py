"""/pack end to end against the loopback Discord: a server uploads its own reading, enables it, and every
lookup, the daily preview and trivia use it; another server sees none of it; a restart keeps it; bad files
get a clear answer and store nothing."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.bot.harness import BotRunner, FakeClock, World, message_text
from tests.fakediscord import FakeDiscord

DATA = Path(__file__).parent / "data"
READING = (DATA / "berlin_airlift.md").read_bytes()
BLOCKADE = {"event": "Soviet Union blocked the roads into Berlin"}


async def pack(fake: FakeDiscord, world: World, sub: str, options: dict[str, Any] | None = None, *,
               guild: Any = None, user: int | None = None, check_permissions: bool = True) -> dict[str, Any]:
    guild = guild or world.guild
    result = await fake.command(f"pack {sub}", options or {}, guild=guild.id, channel=guild.general.id,
                                user=user or world.admin.id, check_permissions=check_permissions)
    final = await result.wait_final()
    final["_ephemeral"] = result.ephemeral
    return final


def text_of(message: dict[str, Any]) -> str:
    return message_text(message).replace("\\", "")  # markdown escapes out: the words as a member reads them


def buttons(message: dict[str, Any]) -> dict[str, str]:
    return {c["label"]: c["custom_id"] for row in message.get("components", []) for c in row["components"]}


async def ask(fake: FakeDiscord, guild: Any, user: int, name: str, options: dict[str, Any]) -> dict[str, Any]:
    result = await fake.command(name, options, guild=guild.id, channel=guild.general.id, user=user)
    return await result.wait_final()


@pytest.fixture
async def second(runner: BotRunner, fake: FakeDiscord) -> Any:
    """A second server, with the commands published globally (the dev server has its own copy)."""
    guild = fake.add_guild(name="Other Club")
    member = fake.add_member(guild.id, "carol", admin=True)
    await runner.bot.sync_global()
    return guild, member


async def upload(fake: FakeDiscord, world: World, data: bytes = READING, filename: str = "berlin_airlift.md",
                 **options: Any) -> dict[str, Any]:
    return await pack(fake, world, "upload", {"file": fake.attachment(filename, data), **options})


async def test_a_server_uploads_its_reading_and_every_feature_uses_it_there_only(
        runner: BotRunner, fake: FakeDiscord, world: World, clock: FakeClock, second: Any) -> None:
    answer = await upload(fake, world)
    assert answer["_ephemeral"]
    shown = text_of(answer)
    assert "berlin_airlift" in shown
    assert "events" in shown
    assert "people" in shown
    assert set(buttons(answer)) == {"Enable here", "Download draft"}
    assert fake.downloads
    assert all(d.status == 200 for d in fake.downloads)

    before = await ask(fake, world.guild, world.alice.id, "when", BLOCKADE)
    assert "1948" not in text_of(before)  # stored, not enabled yet

    enabled = await fake.click(answer["id"], buttons(answer)["Enable here"], user=world.admin.id)
    assert enabled.ephemeral
    assert "enabled" in text_of(await enabled.wait_final())

    found = await ask(fake, world.guild, world.alice.id, "when", BLOCKADE)
    assert "June 24, 1948" in text_of(found)
    choices = await fake.autocomplete("when", {"event": "blockade"}, focused="event", guild=world.guild.id,
                                      user=world.alice.id, channel=world.channel.id)
    assert any("1949" in c["name"] for c in choices), choices
    clay = await ask(fake, world.guild, world.alice.id, "person", {"name": "Clay"})
    assert "Lucius D. Clay" in text_of(clay)

    # The daily preview of June 24 shows the upload's anniversary.
    clock.set(clock.now.replace(month=6, day=24))
    preview = await pack_daily_preview(fake, world)
    assert "1948" in text_of(preview)

    # With the shipped pack disabled here, a trivia round is made from the upload alone.
    await pack(fake, world, "disable", {"name": "korean_war"})
    started = await ask(fake, world.guild, world.admin.id, "trivia start", {"questions": 3})
    assert "round" in text_of(started).casefold()
    await fake.wait_for_message(world.guild.general.id, timeout=5, check=lambda m: bool(m.get("components")))
    keys = [q.key for q in runner.bot.get_cog("Trivia").rounds[world.guild.general.id].game.questions]
    assert len(keys) == 3
    assert all(f"g{world.guild.id}_berlin_airlift/" in key for key in keys), keys
    await ask(fake, world.guild, world.admin.id, "trivia stop", {})

    # The other server sees none of it.
    other, carol = second
    elsewhere = await ask(fake, other, carol.id, "when", BLOCKADE)
    assert "1948" not in text_of(elsewhere)
    assert "No one called" in text_of(await ask(fake, other, carol.id, "person", {"name": "Lucius D. Clay"}))
    listing = await pack(fake, world, "list", guild=other, user=carol.id)
    assert "berlin_airlift" not in text_of(listing)
    assert "korean_war" in text_of(listing)
    refused = await pack(fake, world, "enable", {"name": "berlin_airlift"}, guild=other, user=carol.id)
    assert "no pack called" in text_of(refused)

    # A restart keeps the upload and the server's choices.
    await runner.restart()
    again = await ask(fake, world.guild, world.alice.id, "when", BLOCKADE)
    assert "June 24, 1948" in text_of(again)
    listing = text_of(await pack(fake, world, "list"))
    assert "berlin_airlift" in listing
    assert "Available, not enabled" in listing  # korean_war stays disabled here


async def pack_daily_preview(fake: FakeDiscord, world: World) -> dict[str, Any]:
    result = await fake.command("daily preview", {}, guild=world.guild.id, channel=world.channel.id,
                                user=world.admin.id)
    return await result.wait_final()


async def test_download_draft_and_export_give_files_that_upload_again(runner: BotRunner, fake: FakeDiscord,
                                                                     world: World) -> None:
    answer = await upload(fake, world)
    click = await fake.click(answer["id"], buttons(answer)["Download draft"], user=world.admin.id)
    files = await click.wait_final()
    names = sorted(a["filename"] for a in files["attachments"])
    assert names == ["berlin_airlift.txt", "berlin_airlift.yaml"]
    pack_yaml = fake.file_bytes(files, "berlin_airlift.yaml")
    document = fake.file_bytes(files, "berlin_airlift.txt")
    assert yaml.safe_load(pack_yaml)["document"] == "berlin_airlift.txt"

    exported = await pack(fake, world, "export", {"name": "berlin_airlift"})
    assert fake.file_bytes(exported, "berlin_airlift.yaml") == pack_yaml

    again = await pack(fake, world, "upload", {"file": fake.attachment("berlin_airlift.yaml", pack_yaml),
                                               "document": fake.attachment("berlin_airlift.txt", document)})
    assert "already has a pack called" in text_of(again)
    replaced = await pack(fake, world, "upload", {"file": fake.attachment("berlin_airlift.yaml", pack_yaml),
                                                  "document": fake.attachment("berlin_airlift.txt", document),
                                                  "replace": True})
    assert "Checked against its document" in text_of(replaced)


async def test_remove_asks_first_and_only_the_asker_confirms(runner: BotRunner, fake: FakeDiscord,
                                                            world: World) -> None:
    await upload(fake, world)
    asked = await pack(fake, world, "remove", {"name": "berlin_airlift"})
    assert "Remove berlin_airlift?" in text_of(asked)
    stranger = await fake.click(asked["id"], buttons(asked)["Remove"], user=world.bob.id)
    assert "Only the member who asked" in text_of(await stranger.wait_final())
    done = await fake.click(asked["id"], buttons(asked)["Remove"], user=world.admin.id)
    assert "removed" in text_of(await done.wait_final())
    assert "berlin_airlift" not in text_of(await pack(fake, world, "list"))
    shipped = await pack(fake, world, "remove", {"name": "korean_war"})
    assert "can't be removed" in text_of(shipped)


@pytest.mark.parametrize(("filename", "data", "needle"), [
    ("scan.pdf", b"%PDF-1.4\n%%EOF\n", "pdf"),
    ("empty.txt", b"", "empty"),
    ("photo.txt", bytes(range(256)) * 8, "binary"),
    ("notes.docx", b"PK\x03\x04 not a document we read", ".docx"),
    ("no_dates.txt", b"The committee met often. Alice Smith chaired it and Bob Jones kept the minutes.", "dates"),
])
async def test_a_file_chronicle_cannot_draft_gets_a_clear_answer_and_stores_nothing(
        runner: BotRunner, fake: FakeDiscord, world: World, filename: str, data: bytes, needle: str) -> None:
    answer = await upload(fake, world, data, filename)
    assert answer["_ephemeral"]
    assert needle.casefold() in text_of(answer).casefold(), text_of(answer)
    assert "Something went wrong" not in text_of(answer)
    if needle != "dates":  # a document without dates keeps its people: it is stored
        assert await runner.store.db.fetchall("SELECT pack FROM uploads") == []


async def test_a_broken_yaml_pack_lists_its_problems_and_stores_nothing(runner: BotRunner, fake: FakeDiscord,
                                                                       world: World) -> None:
    document = b"The first treaty was signed on March 3, 1901 in the old hall."
    broken = b"pack: mine\ntitle: Mine\ndocument: mine.txt\nsource: test\nevents:\n  - id: x\n    date: [\n"
    answer = await pack(fake, world, "upload", {"file": fake.attachment("mine.yaml", broken),
                                                "document": fake.attachment("mine.txt", document)})
    assert "YAML syntax error" in text_of(answer)
    wrong_quote = yaml.safe_dump({"pack": "mine", "title": "Mine", "document": "mine.txt", "source": "test",
                                  "people": [], "events": [{"id": "x", "date": "1901-03-03", "title": "Signed",
                                                            "summary": "Signed.", "quotes": ["Not in it."]}]})
    answer = await pack(fake, world, "upload", {"file": fake.attachment("mine.yaml", wrong_quote.encode()),
                                                "document": fake.attachment("mine.txt", document)})
    assert "events[0] 'x'" in text_of(answer)
    assert "not in the document" in text_of(answer)
    assert "nothing was stored" in text_of(answer)
    assert await runner.store.db.fetchall("SELECT pack FROM uploads") == []


async def test_a_file_over_the_limit_is_refused_before_it_is_downloaded(runner: BotRunner, fake: FakeDiscord,
                                                                       world: World) -> None:
    limit = runner.bot.library.quotas.file_bytes
    big = fake.attachment("huge.txt", b"a" * (limit + 1), bypass_limit=True)
    answer = await pack(fake, world, "upload", {"file": big})
    assert "a file may be at most 8.0 MiB" in text_of(answer)
    assert not fake.downloads


async def test_pack_needs_manage_server_by_default_and_at_run_time(runner: BotRunner, fake: FakeDiscord,
                                                                  world: World) -> None:
    answer = await pack(fake, world, "list", user=world.alice.id, check_permissions=False)
    assert "Manage Server" in text_of(answer)
    assert answer["_ephemeral"]


async def test_a_second_upload_while_one_is_read_is_told_to_wait(runner: BotRunner, fake: FakeDiscord,
                                                                 world: World) -> None:
    hold = fake.hold_next("POST", r"/interactions/\d+/[^/]+/callback")  # the first upload's deferral
    first = asyncio.ensure_future(upload(fake, world))
    await hold.wait()
    second = await upload(fake, world, filename="other.md")
    assert "still being read" in text_of(second)
    hold.release()
    assert "berlin_airlift" in text_of(await first)
