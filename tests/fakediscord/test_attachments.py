"""Self-tests of attachments: a member's upload as a slash-command option (resolved, downloadable from the
fake's CDN), files the bot answers with (responses, follow-ups, edits, buttons) and Discord's limits on them."""

from __future__ import annotations

import asyncio
import contextlib
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import discord
import pytest
from discord import app_commands

from tests.fakediscord import ChannelRecord, FakeDiscord, FakeUsageError, GuildRecord, MemberRecord, constants

LIMIT = 64 * 1024  # the fake's attachment_size_limit in these tests: small files, quick tests
PDF = b"%PDF-1.4\n1 0 obj << /Title (Korean War reading) >> endobj\n%%EOF\n"


def text_file(name: str, text: str) -> discord.File:
    return discord.File(io.BytesIO(text.encode()), filename=name)


class AgainView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=60)

    @discord.ui.button(label="Again", custom_id="pack:again")
    async def again(self, interaction: discord.Interaction, button: discord.ui.Button[AgainView]) -> None:
        await interaction.response.send_message("again", file=text_file("again.txt", "once more"), ephemeral=True)


class DocBot(discord.Client):
    """Reads uploaded documents and answers with files."""

    def __init__(self, guild_id: int) -> None:
        super().__init__(intents=discord.Intents.default(), guild_ready_timeout=0.05)
        self.tree = app_commands.CommandTree(self)
        self.guild_obj = discord.Object(guild_id)
        self.max_bytes = 1024 * 1024  # the bot's own limit, above the fake's: only a bypass reaches it
        self.errors: list[discord.HTTPException] = []
        self._commands()

    async def setup_hook(self) -> None:
        await self.tree.sync(guild=self.guild_obj)

    def _commands(self) -> None:
        tree, bot = self.tree, self
        pack = app_commands.Group(name="pack", description="Fact packs", guild_ids=[self.guild_obj.id])

        @pack.command(name="upload", description="Upload a document")
        async def upload(
            interaction: discord.Interaction, file: discord.Attachment, document: discord.Attachment | None = None
        ) -> None:
            if file.size > min(bot.max_bytes, interaction.filesize_limit):
                await interaction.response.send_message(f"too big: {file.size} bytes", ephemeral=True)
                return
            try:
                data = await file.read()
                extra = await document.read() if document is not None else b""
            except discord.HTTPException as exc:
                await interaction.response.send_message(f"download failed ({exc.status})", ephemeral=True)
                return
            await interaction.response.send_message(
                f"read {file.filename} {len(data)} {file.content_type} +{len(extra)}",
                file=discord.File(io.BytesIO(data.upper()), filename="echo.txt"),
                view=AgainView(),
                ephemeral=True,
            )

        tree.add_command(pack)

        @tree.command(name="report", description="Defers, then follows up with files", guild=self.guild_obj)
        async def report(interaction: discord.Interaction) -> None:
            await interaction.response.defer(ephemeral=True, thinking=True)
            await interaction.followup.send("report", file=text_file("report.csv", "year,event\n1950,war\n"))
            await interaction.followup.send(
                "more", files=[text_file("a.txt", "a"), text_file("b.txt", "b")], ephemeral=True
            )

        @tree.command(name="swap", description="Answers with files, then edits them", guild=self.guild_obj)
        async def swap(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("first", files=[text_file("a.txt", "a"), text_file("b.txt", "b")])
            sent = await interaction.original_response()
            b = next(a for a in sent.attachments if a.filename == "b.txt")
            await interaction.edit_original_response(content="second", attachments=[b, text_file("c.txt", "c")])

        @tree.command(name="many", description="Answers with count files of size bytes", guild=self.guild_obj)
        async def many(interaction: discord.Interaction, count: int, size: int) -> None:
            files = [discord.File(io.BytesIO(b"x" * size), filename=f"f{i}.txt") for i in range(count)]
            try:
                await interaction.response.send_message("files", files=files)
            except discord.HTTPException as exc:
                bot.errors.append(exc)
                await interaction.response.send_message(f"rejected {exc.status} {exc.code}", ephemeral=True)

        @tree.command(name="post", description="Posts a file in the channel", guild=self.guild_obj)
        async def post(interaction: discord.Interaction) -> None:
            assert isinstance(interaction.channel, discord.TextChannel)
            try:
                await interaction.channel.send(file=text_file("notes.md", "# Notes"))
            except discord.Forbidden as exc:
                await interaction.response.send_message(f"forbidden {exc.code}", ephemeral=True)
                return
            await interaction.response.send_message("posted", ephemeral=True)


@dataclass
class Env:
    fake: FakeDiscord
    bot: DocBot
    guild: GuildRecord
    study: ChannelRecord
    alice: MemberRecord


@contextlib.asynccontextmanager
async def running() -> AsyncIterator[Env]:
    async with FakeDiscord(heartbeat_interval=30_000, attachment_size_limit=LIMIT) as fake:
        guild = fake.add_guild(name="Readers")
        study = fake.add_channel(guild.id, name="study")
        alice = fake.add_member(guild.id, "alice")
        async with fake.serving(DocBot(guild.id), guild.id) as bot:
            yield Env(fake, bot, guild, study, alice)


@pytest.fixture
async def env() -> AsyncIterator[Env]:
    async with running() as environment:
        yield environment


async def fetch(url: str) -> tuple[int, str, bytes]:
    async with aiohttp.ClientSession() as session, session.get(url) as resp:
        return resp.status, resp.headers.get("Content-Type", ""), await resp.read()


async def test_an_uploaded_option_is_resolved_downloaded_once_and_answered_with_a_file(env: Env) -> None:
    fake = env.fake
    upload = fake.attachment("reading.pdf", PDF)
    r = await fake.command("pack upload", {"file": upload}, guild=env.guild, user=env.alice, channel=env.study)
    option = r.payload["data"]["options"][0]["options"][0]
    assert option == {"name": "file", "type": constants.OPTION_ATTACHMENT, "value": str(upload.id)}
    resolved = r.payload["data"]["resolved"]["attachments"][str(upload.id)]
    assert {k: resolved[k] for k in ("id", "filename", "size", "content_type", "ephemeral")} == {
        "id": str(upload.id),
        "filename": "reading.pdf",
        "size": len(PDF),
        "content_type": "application/pdf",
        "ephemeral": True,
    }
    prefix = f"{fake.cdn_base}/ephemeral-attachments/{env.study.id}/{upload.id}/reading.pdf?ex="
    assert resolved["url"].startswith(prefix)
    assert resolved["proxy_url"] == resolved["url"]
    assert r.payload["attachment_size_limit"] == LIMIT

    final = await r.wait_final()
    assert final["content"] == f"read reading.pdf {len(PDF)} application/pdf +0"
    assert r.ephemeral
    assert [(d.attachment_id, d.status) for d in fake.downloads] == [(upload.id, 200)]
    echo = final["attachments"][0]
    assert (echo["filename"], echo["size"], echo["ephemeral"]) == ("echo.txt", len(PDF), True)
    assert echo["content_type"] == "text/plain; charset=utf-8", "guessed from the name, as Discord does"
    assert fake.file_bytes(final, "echo.txt") == PDF.upper()
    assert await fetch(echo["url"]) == (200, "text/plain; charset=utf-8", PDF.upper())
    assert echo["url"].startswith(f"{fake.cdn_base}/attachments/{env.study.id}/{echo['id']}/echo.txt?")

    click = await fake.click(final["id"], "pack:again", user=env.alice)  # a button that answers with a file
    again = await click.wait_final()
    assert fake.file_bytes(again["id"], "again.txt") == b"once more"
    assert click.ephemeral
    assert fake.violations == []


async def test_two_attachment_options_and_a_text_document(env: Env) -> None:
    notes = env.fake.attachment("notes.md", "# Inchon\nSeptember 1950 — landing\n".encode())
    yaml = env.fake.attachment("pack.yaml", b"facts: []\n", content_type="text/yaml")
    r = await env.fake.command("pack upload", {"file": notes, "document": yaml}, guild=env.guild, user=env.alice)
    resolved = r.payload["data"]["resolved"]["attachments"]
    assert resolved[str(notes.id)]["content_type"] == "text/markdown; charset=utf-8"
    assert resolved[str(yaml.id)]["content_type"] == "text/yaml", "an explicit content type is kept"
    assert (await r.wait_final())["content"].endswith("text/markdown; charset=utf-8 +10")
    assert len(env.fake.downloads) == 2


async def test_what_discords_client_would_not_upload_is_refused(env: Env) -> None:
    fake = env.fake
    for value in ("reading.pdf", PDF, env.alice.id):
        with pytest.raises(FakeUsageError, match="is not an attachment"):
            await fake.command("pack upload", {"file": value}, guild=env.guild, user=env.alice)
    with pytest.raises(FakeUsageError, match="must be bytes"):
        fake.attachment("reading.txt", "text")  # type: ignore[arg-type]
    huge = fake.attachment("huge.pdf", b"x" * (LIMIT + 1))
    with pytest.raises(FakeUsageError, match="attachment_size_limit"):
        await fake.command("pack upload", {"file": huge}, guild=env.guild, user=env.alice)

    forced = fake.attachment("huge.pdf", b"x" * (LIMIT + 1), bypass_limit=True)  # tests the bot's own check
    r = await fake.command("pack upload", {"file": forced}, guild=env.guild, user=env.alice)
    assert (await r.wait_final())["content"] == f"too big: {LIMIT + 1} bytes"
    assert fake.downloads == [], "the bot checked the size before downloading"


async def test_unknown_or_mismatched_attachment_urls_are_404_and_downloads_can_fail(env: Env) -> None:
    fake = env.fake
    with pytest.raises(discord.NotFound):
        await env.bot.http.get_from_cdn(f"{fake.cdn_base}/attachments/1/2/nothing.txt")
    upload = fake.attachment("reading.pdf", PDF)
    r = await fake.command("pack upload", {"file": upload}, guild=env.guild, user=env.alice)
    url = r.payload["data"]["resolved"]["attachments"][str(upload.id)]["url"]
    assert (await fetch(url.replace("reading.pdf", "other.pdf")))[0] == 404
    assert (await fetch(url.replace("ephemeral-attachments", "attachments")))[0] == 404
    assert [d.status for d in fake.downloads] == [404, 200, 404, 404]

    fake.fail_next("GET", r"/ephemeral-attachments/.*", status=500)
    r = await fake.command("pack upload", {"file": upload}, guild=env.guild, user=env.alice)
    assert (await r.wait_final())["content"] == "download failed (500)"
    assert fake.violations == []


async def test_deferred_ephemeral_follow_ups_carry_files(env: Env) -> None:
    fake = env.fake
    r = await fake.command("report", guild=env.guild, user=env.alice)
    first = await r.wait_final()
    assert first["id"] == str(r.original_message_id), "the first follow-up is the deferred response"
    assert first["flags"] & constants.FLAG_EPHEMERAL
    assert fake.file_bytes(first, "report.csv") == b"year,event\n1950,war\n"
    for _ in range(100):
        if r.followup_ids:
            break
        await asyncio.sleep(0.01)
    more = fake.message(r.followup_ids[0])
    assert [a["filename"] for a in more["attachments"]] == ["a.txt", "b.txt"]
    assert all(a["ephemeral"] for a in more["attachments"])
    assert fake.messages(env.guild.general.id) == [], "ephemeral messages are not in the channel"
    assert fake.violations == []


async def test_an_edit_keeps_listed_attachments_and_drops_the_rest(env: Env) -> None:
    fake = env.fake
    r = await fake.command("swap", guild=env.guild, user=env.alice)
    for _ in range(100):
        if r.messages and r.messages[-1]["content"] == "second":
            break
        await asyncio.sleep(0.01)
    first, second = r.messages[0], r.messages[-1]
    assert [a["filename"] for a in first["attachments"]] == ["a.txt", "b.txt"]
    assert [a["filename"] for a in second["attachments"]] == ["b.txt", "c.txt"]
    assert second["attachments"][0]["id"] == first["attachments"][1]["id"], "b.txt is kept, not re-uploaded"
    assert [f.filename for f in fake.message(second["id"])["files"]] == ["b.txt", "c.txt"]
    with pytest.raises(FakeUsageError, match=r"no attachment 'a\.txt'"):
        fake.file_bytes(second, "a.txt")
    assert (await fetch(first["attachments"][0]["url"]))[0] == 404, "a dropped attachment is gone"
    assert (await fetch(second["attachments"][0]["url"]))[2] == b"b"
    assert fake.violations == []


async def test_more_than_ten_files_or_a_file_over_the_limit_is_rejected(env: Env) -> None:
    fake = env.fake
    r = await fake.command("many", {"count": 11, "size": 10}, guild=env.guild, user=env.alice)
    assert (await r.wait_final())["content"] == "rejected 400 50035"
    assert "attachments: Must be 10 or fewer in length" in fake.violations[0]
    r = await fake.command("many", {"count": 1, "size": LIMIT + 1}, guild=env.guild, user=env.alice)
    assert (await r.wait_final())["content"] == "rejected 413 40005"
    assert f"over the upload limit of {LIMIT} bytes per file" in fake.violations[1]
    r = await fake.command("many", {"count": 10, "size": LIMIT}, guild=env.guild, user=env.alice)
    assert len((await r.wait_final())["attachments"]) == 10, "the limit is per file, not per message"
    assert len(fake.violations) == 2
    fake.violations.clear()


async def test_a_channel_post_with_a_file_needs_attach_files(env: Env) -> None:
    fake = env.fake
    r = await fake.command("post", guild=env.guild, user=env.alice, channel=env.study)
    assert (await r.wait_final())["content"] == "posted"
    posted = fake.messages(env.study.id)[-1]
    assert (posted["attachments"][0]["content_type"], "ephemeral" in posted["attachments"][0]) == (
        "text/markdown; charset=utf-8",
        False,
    )
    locked = fake.add_channel(env.guild.id, "locked", bot_permissions=constants.VIEW_CHANNEL | constants.SEND_MESSAGES)
    r = await fake.command("post", guild=env.guild, user=env.alice, channel=locked)
    assert (await r.wait_final())["content"] == "forbidden 50013"


async def test_a_boosted_guild_has_its_own_limit() -> None:
    async with FakeDiscord(attachment_size_limit=LIMIT) as fake:
        boosted = fake.add_guild("Boosted", attachment_size_limit=4 * LIMIT)
        assert fake.world.upload_limit(boosted.general) == 4 * LIMIT
        assert fake.world.upload_limit(fake.add_guild("Plain").general) == LIMIT
