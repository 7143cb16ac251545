"""Self-tests of tests.fakediscord, driven by a small but real discord.py client."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import zlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import discord
import pytest
from discord import app_commands

from tests.fakediscord import (
    ChannelRecord,
    FakeDiscord,
    FakeTimeout,
    FakeUsageError,
    GuildRecord,
    InteractionTimeout,
    MemberRecord,
    constants,
)

PEOPLE = ["Kim Il-sung", "Kim Il-sung (biography)", "Kim Dae-jung", "Syngman Rhee", "Douglas MacArthur"]
PRIVILEGED = (1 << 1) | (1 << 8) | (1 << 15)


class PingView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=60)

    @discord.ui.button(label="Again", custom_id="ping:again", style=discord.ButtonStyle.primary)
    async def again(self, interaction: discord.Interaction, button: discord.ui.Button[PingView]) -> None:
        await interaction.response.edit_message(content=f"pong again for {interaction.user.name}", view=None)


class MiniBot(discord.Client):
    """A bot with one command of each shape the fake must support."""

    def __init__(self, guild_id: int) -> None:
        super().__init__(intents=discord.Intents.default(), guild_ready_timeout=0.1)
        self.tree = app_commands.CommandTree(self)
        self.guild_obj = discord.Object(guild_id)
        self.ready = asyncio.Event()
        self.removed: asyncio.Queue[int] = asyncio.Queue()
        self.errors: list[BaseException] = []
        self._add_commands()
        self._add_more_commands()

    async def setup_hook(self) -> None:
        await self.tree.sync(guild=self.guild_obj)
        await self.tree.sync()

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """discord.py sleeps 5 s here before every re-IDENTIFY; tests need not wait."""

    async def on_ready(self) -> None:
        self.ready.set()

    async def on_guild_remove(self, guild: discord.Guild) -> None:
        self.removed.put_nowait(guild.id)

    def _add_commands(self) -> None:
        tree, guild = self.tree, self.guild_obj

        @tree.command(name="ping", description="Pong with an embed and a button", guild=guild)
        async def ping(interaction: discord.Interaction) -> None:
            embed = discord.Embed(title="Pong", description="The fake answers.")
            embed.add_field(name="Guild", value=interaction.guild.name if interaction.guild else "DM")
            await interaction.response.send_message("pong", embed=embed, view=PingView())

        @tree.command(name="slow", description="Defers, then follows up", guild=guild)
        async def slow(interaction: discord.Interaction) -> None:
            await interaction.response.defer(thinking=True)
            await asyncio.sleep(0.05)
            await interaction.followup.send("done slowly")

        @tree.command(name="person", description="Look a person up", guild=guild)
        @app_commands.describe(name="Who")
        async def person(interaction: discord.Interaction, name: str) -> None:
            await interaction.response.send_message(f"person {name}", ephemeral=True)

        @person.autocomplete("name")
        async def person_name(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
            hits = [p for p in PEOPLE if p.lower().startswith(current.lower())]
            return [app_commands.Choice(name=p, value=p) for p in hits]

        trivia = app_commands.Group(name="trivia", description="Trivia rounds", guild_ids=[guild.id])
        admin = app_commands.Group(name="admin", description="Trivia admin", parent=trivia)

        @trivia.command(name="start", description="Start a round")
        async def start(interaction: discord.Interaction, rounds: int, hard: bool = False) -> None:
            await interaction.response.send_message(f"starting {rounds} rounds (hard={hard})")

        @admin.command(name="reset", description="Reset scores")
        async def reset(interaction: discord.Interaction, who: discord.Member) -> None:
            kind = type(who).__name__
            await interaction.response.send_message(f"reset {who.name} ({kind})", ephemeral=True)

        tree.add_command(trivia)

        @tree.command(name="where", description="Echo a channel", guild=guild)
        async def where(interaction: discord.Interaction, channel: discord.TextChannel) -> None:
            await interaction.response.send_message(f"channel {channel.name} {channel.id}")

        @tree.command(name="long", description="Sends an over-long embed", guild=guild)
        async def long(interaction: discord.Interaction) -> None:
            try:
                await interaction.response.send_message(embed=discord.Embed(description="x" * 5000))
            except discord.HTTPException as exc:
                self.errors.append(exc)
                await interaction.response.send_message(f"too long ({exc.status} {exc.code})")

        @tree.command(name="announce", description="Ephemeral ack, then a channel post", guild=guild)
        async def announce(interaction: discord.Interaction, text: str) -> None:
            await interaction.response.send_message("scheduled", ephemeral=True)
            assert isinstance(interaction.channel, discord.TextChannel)
            await interaction.channel.send(f"announcement: {text}")

    def _add_more_commands(self) -> None:
        tree, guild = self.tree, self.guild_obj

        @tree.command(name="dmping", description="Works in DMs too")
        async def dmping(interaction: discord.Interaction) -> None:
            await interaction.response.send_message(f"dm pong in {type(interaction.channel).__name__}")

        @tree.command(name="config", description="Admins only", guild=guild)
        @app_commands.default_permissions(manage_guild=True)
        async def config(interaction: discord.Interaction) -> None:
            await interaction.response.send_message(f"manage_guild={interaction.permissions.manage_guild}")

        @tree.command(name="quiz", description="A select, then a modal", guild=guild)
        async def quiz(interaction: discord.Interaction) -> None:
            view = discord.ui.View()
            select = discord.ui.Select(
                custom_id="quiz:era",
                options=[
                    discord.SelectOption(label="1950s", value="1950s"),
                    discord.SelectOption(label="1960s", value="1960s"),
                ],
            )

            async def picked(inner: discord.Interaction) -> None:
                await inner.response.defer()
                await inner.edit_original_response(content=f"era {select.values[0]}", view=None)

            select.callback = picked
            view.add_item(select)
            await interaction.response.send_message("pick an era", view=view)

        @tree.command(name="answer", description="Opens a modal", guild=guild)
        async def answer(interaction: discord.Interaction) -> None:
            class AnswerModal(discord.ui.Modal, title="Your answer"):
                year = discord.ui.TextInput(label="Year", custom_id="year")

                async def on_submit(self, inner: discord.Interaction) -> None:
                    await inner.response.send_message(f"answered {self.year.value}", ephemeral=True)

            await interaction.response.send_modal(AnswerModal())

        @tree.command(name="sleepy", description="Answers too late", guild=guild)
        async def sleepy(interaction: discord.Interaction) -> None:
            await asyncio.sleep(0.5)
            try:
                await interaction.response.send_message("finally")
            except discord.NotFound as exc:
                self.errors.append(exc)


@dataclass
class Env:
    fake: FakeDiscord
    bot: MiniBot
    guild: GuildRecord
    history: ChannelRecord
    alice: MemberRecord


@contextlib.asynccontextmanager
async def running_bot(**fake_options: object) -> AsyncIterator[Env]:
    async with FakeDiscord(heartbeat_interval=30_000, **fake_options) as fake:  # type: ignore[arg-type]
        guild = fake.add_guild(name="History Club")
        history = fake.add_channel(guild.id, name="history")
        alice = fake.add_member(guild.id, name="alice")
        with fake.patched():
            bot = MiniBot(guild.id)
            task = asyncio.create_task(bot.start("fake-token"))
            try:
                await fake.wait_identified(timeout=5)
                await fake.wait_synced(guild.id, timeout=5)
                await asyncio.wait_for(bot.ready.wait(), 5)
                yield Env(fake, bot, guild, history, alice)
            finally:
                await bot.close()
                await asyncio.wait_for(task, 5)


@pytest.fixture
async def env() -> AsyncIterator[Env]:
    async with running_bot() as environment:
        yield environment


async def test_ping_replies_with_embed_and_button_click_updates_message(env: Env) -> None:
    fake = env.fake
    r = await fake.command("ping", guild=env.guild.id, user=env.alice.id, channel=env.history.id)
    assert r.response_type == 4
    final = await r.wait_final()
    assert final["content"] == "pong"
    assert final["embeds"][0]["title"] == "Pong"
    assert final["embeds"][0]["fields"][0]["value"] == "History Club"
    assert final["components"][0]["components"][0]["custom_id"] == "ping:again"
    assert not r.ephemeral
    assert [m["content"] for m in fake.messages(env.history.id)] == ["pong"]
    assert r.latency is not None
    assert 0 <= r.latency < 3

    click = await fake.click(final["id"], "ping:again", user=env.alice.id)
    assert click.response_type == 7
    updated = await click.wait_final()
    assert updated["id"] == final["id"]
    assert updated["content"] == "pong again for alice"
    assert updated["components"] == []
    assert fake.message(final["id"])["content"] == "pong again for alice"
    assert click.payload["message"]["id"] == final["id"]
    assert len(fake.latencies) == 2
    assert fake.violations == []


async def test_deferred_command_finishes_with_followup(env: Env) -> None:
    r = await env.fake.command("slow", guild=env.guild.id, user=env.alice.id)
    assert r.response == {"type": 5}
    final = await r.wait_final(timeout=5)
    assert final["content"] == "done slowly"
    assert not final["flags"] & constants.FLAG_LOADING
    # The first follow-up after a defer *is* the deferred response (same message id).
    assert r.original_message_id == int(final["id"])
    assert [m["content"] for m in env.fake.messages(env.guild.general.id)] == ["done slowly"]
    assert env.fake.violations == []


async def test_autocomplete_returns_choices(env: Env) -> None:
    choices = await env.fake.autocomplete(
        "person", {"name": "Kim Il"}, focused="name", guild=env.guild.id, user=env.alice.id
    )
    assert [c["name"] for c in choices] == ["Kim Il-sung", "Kim Il-sung (biography)"]
    r = await env.fake.command("person", {"name": "Syngman Rhee"}, guild=env.guild.id, user=env.alice.id)
    assert (await r.wait_final())["content"] == "person Syngman Rhee"
    assert r.ephemeral
    assert env.fake.messages(env.guild.general.id) == []


async def test_subcommands_and_groups_build_nested_typed_options(env: Env) -> None:
    r = await env.fake.command("trivia start", {"rounds": "3", "hard": True}, guild=env.guild.id)
    assert (await r.wait_final())["content"] == "starting 3 rounds (hard=True)"
    sub = r.payload["data"]["options"][0]
    assert (sub["type"], sub["name"]) == (1, "start")
    assert sub["options"] == [{"name": "rounds", "type": 4, "value": 3}, {"name": "hard", "type": 5, "value": True}]

    r = await env.fake.command("trivia admin reset", {"who": env.alice.id}, guild=env.guild.id)
    assert (await r.wait_final())["content"] == "reset alice (Member)"
    group = r.payload["data"]["options"][0]
    assert (group["type"], group["name"], group["options"][0]["type"]) == (2, "admin", 1)
    resolved = r.payload["data"]["resolved"]
    assert set(resolved["users"]) == set(resolved["members"]) == {str(env.alice.id)}

    with pytest.raises(FakeUsageError, match="needs a sub-command"):
        await env.fake.command("trivia", guild=env.guild.id)
    with pytest.raises(FakeUsageError, match="required option"):
        await env.fake.command("trivia start", {}, guild=env.guild.id)


async def test_channel_option_is_resolved(env: Env) -> None:
    r = await env.fake.command("where", {"channel": env.history.id}, guild=env.guild.id, user=env.alice.id)
    assert (await r.wait_final())["content"] == f"channel history {env.history.id}"
    channel = r.payload["data"]["resolved"]["channels"][str(env.history.id)]
    assert channel["name"] == "history"
    assert int(channel["permissions"]) & constants.SEND_MESSAGES


async def test_limit_violation_is_answered_400_and_recorded(env: Env) -> None:
    r = await env.fake.command("long", guild=env.guild.id, user=env.alice.id)
    assert (await r.wait_final())["content"] == "too long (400 50035)"
    assert len(env.fake.violations) == 1
    assert "embeds.0.description" in env.fake.violations[0]
    assert "4096" in env.fake.violations[0]
    rejected = [q for q in env.fake.requests if q.status == 400]
    assert [q.path for q in rejected] == [f"/interactions/{r.id}/{r.token}/callback"]
    assert isinstance(env.bot.errors[0], discord.HTTPException)


async def test_gateway_drop_resumes_and_replays_missed_events(env: Env) -> None:
    fake = env.fake
    await fake.drop_gateway(code=4000, wait=False)
    late = fake.add_channel(env.guild.id, name="late-news")  # dispatched while disconnected
    await fake.wait_resumed(timeout=5)
    assert len(fake.resumes) == 1
    assert len(fake.identifies) == 1
    assert list(fake.gateway.sessions) == [fake.resumes[0]["session_id"]]
    session = fake.gateway.sessions[fake.resumes[0]["session_id"]]
    created = [f for f in session.buffer if f["t"] == "CHANNEL_CREATE" and f["d"]["id"] == str(late.id)]
    assert created[0]["s"] > fake.resumes[0]["seq"], "the event should have needed a replay"
    for _ in range(100):
        if env.bot.get_channel(late.id) is not None:
            break
        await asyncio.sleep(0.01)
    assert env.bot.get_channel(late.id) is not None, "CHANNEL_CREATE missed during the drop was not replayed"
    r = await fake.command("ping", guild=env.guild.id, user=env.alice.id)
    assert (await r.wait_final())["content"] == "pong"
    assert fake.gateway.connections[0].path == "/gateway-resume"


async def test_invalid_session_makes_the_client_identify_again(env: Env) -> None:
    await env.fake.invalidate_session(resumable=False)
    assert len(env.fake.identifies) == 2
    await env.fake.wait_identified()
    r = await env.fake.command("ping", guild=env.guild.id)
    assert (await r.wait_final())["content"] == "pong"


async def test_identify_has_no_privileged_intents(env: Env) -> None:
    payload = env.fake.identify_payload
    assert payload is not None
    assert payload["intents"] == discord.Intents.default().value
    assert payload["intents"] & PRIVILEGED == 0
    assert env.fake.gateway.compressions == [discord.utils._ActiveDecompressionContext.COMPRESSION_TYPE]


async def test_guild_delete_reaches_on_guild_remove(env: Env) -> None:
    await env.fake.remove_guild(env.guild.id)
    assert await asyncio.wait_for(env.bot.removed.get(), 2) == env.guild.id
    assert env.bot.get_guild(env.guild.id) is None
    with pytest.raises(discord.Forbidden):
        await env.bot.http.send_message(env.history.id, params=discord.http.handle_message_parameters("hi"))


async def test_channel_post_ephemeral_ack_and_wait_for_message(env: Env) -> None:
    waiter = asyncio.create_task(env.fake.wait_for_message(env.history.id, timeout=3))
    r = await env.fake.command("announce", {"text": "quiz at 8"}, guild=env.guild.id, channel=env.history.id)
    posted = await waiter
    assert posted["content"] == "announcement: quiz at 8"
    assert posted["author"]["id"] == str(env.fake.application_id)
    assert r.ephemeral
    assert r.final is not None
    assert r.final["content"] == "scheduled"
    assert [m["content"] for m in env.fake.messages(env.history.id)] == ["announcement: quiz at 8"]


async def test_wait_for_message_since_finds_a_message_posted_before_the_wait(env: Env) -> None:
    before = [m["id"] for m in env.fake.messages(env.history.id)]
    await env.fake.command("announce", {"text": "early"}, guild=env.guild.id, channel=env.history.id)
    found = await env.fake.wait_for_message(env.history.id, timeout=1, since=before)
    assert found["content"] == "announcement: early"
    assert await env.fake.wait_for_message(env.history.id, timeout=0.2, since=before) == found  # already there
    with pytest.raises(FakeTimeout):  # without since=, only messages after the call count
        await env.fake.wait_for_message(env.history.id, timeout=0.2)


async def test_deleted_channel_and_injected_failures(env: Env) -> None:
    fake, channel = env.fake, env.bot.get_channel(env.history.id)
    assert isinstance(channel, discord.TextChannel)
    fake.fail_next("POST", r"/channels/\d+/messages", status=429, retry_after=0.01)
    await channel.send("after a rate limit")
    fake.fail_next("POST", r"/channels/\d+/messages", status=403)
    with pytest.raises(discord.Forbidden) as forbidden:
        await channel.send("nope")
    assert forbidden.value.code == 50013
    statuses = [q.status for q in fake.requests if q.method == "POST" and q.path.endswith("/messages")]
    assert statuses == [429, 200, 403]

    await channel.send("report", file=discord.File(io.BytesIO(b"a,b\n1,2\n"), filename="scores.csv"))
    stored = fake.messages(env.history.id)[-1]
    assert stored["attachments"][0]["filename"] == "scores.csv"
    assert stored["files"][0].content == b"a,b\n1,2\n"

    fake.delete_channel(env.history.id)
    with pytest.raises(discord.NotFound) as missing:
        await channel.send("gone")
    assert missing.value.code == 10003
    await asyncio.sleep(0.05)
    assert env.bot.get_channel(env.history.id) is None
    assert fake.violations == []


async def test_a_post_with_an_enforced_nonce_is_created_once_within_the_window(env: Env) -> None:
    fake, channel = env.fake, env.bot.get_channel(env.history.id)
    assert isinstance(channel, discord.TextChannel)
    first = await channel.send("today's post", nonce="daily-1")  # discord.py sends enforce_nonce with a nonce
    again = await channel.send("today's post, retried", nonce="daily-1")
    assert again.id == first.id
    assert [m["content"] for m in fake.messages(env.history.id)].count("today's post") == 1
    assert "today's post, retried" not in [m["content"] for m in fake.messages(env.history.id)]
    other = await channel.send("another day", nonce="daily-2")
    assert other.id != first.id

    fake.nonce_window = 0.0  # past Discord's few minutes the nonce is forgotten
    await asyncio.sleep(0.01)
    late = await channel.send("today's post, much later", nonce="daily-1")
    assert late.id != first.id
    with pytest.raises(discord.HTTPException) as too_long:
        await channel.send("x", nonce="n" * 26)
    assert too_long.value.status == 400
    assert [v.split(": ", 1)[1] for v in fake.violations] == [
        "message in #history: nonce: Must be 25 or fewer in length."]
    fake.violations.clear()


async def test_select_modal_dm_and_default_permissions(env: Env) -> None:
    fake = env.fake
    r = await fake.command("quiz", guild=env.guild.id, user=env.alice.id)
    question = await r.wait_final()
    pick = await fake.click(question["id"], "quiz:era", values=["1950s"])
    assert pick.user_id == env.alice.id  # defaults to whoever ran the command
    assert pick.response_type == 6
    assert (await pick.wait_final())["content"] == "era 1950s"
    assert fake.message(question["id"])["content"] == "era 1950s"

    opened = await fake.command("answer", guild=env.guild.id, user=env.alice.id)
    assert opened.modal["title"] == "Your answer"
    submitted = await fake.submit_modal(opened, {"year": "1953"})
    assert (await submitted.wait_final())["content"] == "answered 1953"
    assert submitted.ephemeral

    dm = await fake.command("dmping", user=env.alice.id)
    assert (await dm.wait_final())["content"] == "dm pong in DMChannel"
    assert dm.payload["context"] == 1
    assert "member" not in dm.payload

    with pytest.raises(FakeUsageError, match="default_member_permissions"):
        await fake.command("config", guild=env.guild.id, user=env.alice.id)
    mod = fake.add_member(
        env.guild.id, "mod", permissions=constants.DEFAULT_MEMBER_PERMISSIONS | constants.MANAGE_GUILD
    )
    r = await fake.command("config", guild=env.guild.id, user=mod.id)
    assert (await r.wait_final())["content"] == "manage_guild=True"
    assert fake.violations == []


async def test_unknown_route_is_404_and_a_violation(env: Env) -> None:
    with pytest.raises(discord.NotFound):
        await env.bot.http.request(discord.http.Route("GET", "/guilds/{guild_id}/bans", guild_id=env.guild.id))
    assert env.fake.violations == [
        f"GET /guilds/{env.guild.id}/bans: unhandled route GET /api/v10/guilds/{env.guild.id}/bans"
    ]


async def test_concurrent_interactions_are_tracked_separately(env: Env) -> None:
    results = await asyncio.gather(*(env.fake.command("ping", guild=env.guild.id) for _ in range(20)))
    finals = await asyncio.gather(*(r.wait_final() for r in results))
    assert len({f["id"] for f in finals}) == 20
    assert len({r.token for r in results}) == 20
    assert len(env.fake.latencies) == 20


async def test_late_callback_is_unknown_interaction() -> None:
    async with running_bot(interaction_deadline=0.2) as environment:
        with pytest.raises(InteractionTimeout, match="/sleepy"):
            await environment.fake.command("sleepy", guild=environment.guild.id)
        for _ in range(100):
            if environment.bot.errors:
                break
            await asyncio.sleep(0.01)
        assert isinstance(environment.bot.errors[0], discord.NotFound)
        assert environment.bot.errors[0].code == 10062
        assert "arrived" in environment.fake.violations[0]


async def test_raw_gateway_without_compression_and_auth_check() -> None:
    async with FakeDiscord(heartbeat_interval=500) as fake, aiohttp.ClientSession() as session:
        fake.add_guild(name="Raw")
        async with session.ws_connect(fake.gateway_url + "?v=10&encoding=json") as ws:
            hello = json.loads((await ws.receive()).data)
            assert hello["op"] == 10
            assert hello["d"]["heartbeat_interval"] == 500
            await ws.send_json({"op": 2, "d": {"token": "t", "intents": 1, "properties": {}}})
            ready = json.loads((await ws.receive()).data)
            guild_create = json.loads((await ws.receive()).data)
            assert (ready["t"], ready["s"], guild_create["t"], guild_create["s"]) == ("READY", 1, "GUILD_CREATE", 2)
            assert guild_create["d"]["roles"][0]["id"] == guild_create["d"]["id"]
            await ws.send_json({"op": 1, "d": 2})
            assert json.loads((await ws.receive()).data)["op"] == 11
        async with session.ws_connect(fake.gateway_url + "?v=10&encoding=json&compress=zlib-stream") as ws:
            frame = (await ws.receive()).data
            assert frame.endswith(b"\x00\x00\xff\xff")
            assert json.loads(zlib.decompressobj().decompress(frame))["op"] == 10
        async with session.get(fake.api_base + "/users/@me") as resp:
            assert resp.status == 401
            assert resp.headers["Content-Type"] == "application/json"
        async with session.get(fake.api_base + "/users/@me", headers={"Authorization": "Bot t"}) as resp:
            assert resp.headers["Content-Type"] == "application/json"
            assert (await resp.json())["bot"] is True
