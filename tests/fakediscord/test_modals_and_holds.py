"""Self-tests of the fake's modals (Labels, selects, text displays; what Discord's client lets a member submit;
what Discord rejects) and of holding back a REST response while its effect is already visible."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import discord
import pytest
from discord import app_commands

from tests.fakediscord import FakeDiscord, FakeUsageError, GuildRecord, MemberRecord

PARAGRAPH = discord.TextStyle.paragraph


class FormBot(discord.Client):
    """Opens modals of every shape the tests need, and posts a message with a button."""

    def __init__(self, guild_id: int) -> None:
        super().__init__(intents=discord.Intents.default(), guild_ready_timeout=0.05)
        self.tree = app_commands.CommandTree(self)
        self.guild_obj = discord.Object(guild_id)
        self.submitted: list[dict[str, Any]] = []
        self.sent: asyncio.Queue[discord.Message] = asyncio.Queue()
        self.rejected: list[discord.HTTPException] = []
        self.early: asyncio.Future[discord.Interaction] | None = None
        self._commands()

    async def setup_hook(self) -> None:
        await self.tree.sync(guild=self.guild_obj)

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """Answers a click on "Go" (whose view discord.py may not have stored yet)."""
        if interaction.type is discord.InteractionType.component and self.early and not self.early.done():
            self.early.set_result(interaction)
            await interaction.response.send_message("clicked early", ephemeral=True)

    def _commands(self) -> None:
        tree, guild, bot = self.tree, self.guild_obj, self

        class Form(discord.ui.Modal, title="Report a wrong answer"):
            about = discord.ui.TextDisplay("You are reporting **an answer**.")
            which = discord.ui.Label(
                text="Which fact?",
                component=discord.ui.Select(
                    custom_id="which",
                    options=[
                        discord.SelectOption(label="First", value="0", default=True),
                        discord.SelectOption(label="Second", value="1"),
                    ],
                ),
            )
            what = discord.ui.Label(
                text="What is wrong?",
                component=discord.ui.TextInput(
                    custom_id="what", style=PARAGRAPH, max_length=20, placeholder="Say what", min_length=2
                ),
            )
            note = discord.ui.TextInput(label="Note", custom_id="note", required=False, default="kept")

            async def on_submit(self, interaction: discord.Interaction) -> None:
                assert isinstance(self.which.component, discord.ui.Select)
                assert isinstance(self.what.component, discord.ui.TextInput)
                bot.submitted.append(
                    {"which": self.which.component.values, "what": self.what.component.value, "note": self.note.value}
                )
                await interaction.response.send_message("thanks", ephemeral=True)

        @tree.command(name="form", description="A modal with a label, a select and a text display", guild=guild)
        async def form(interaction: discord.Interaction) -> None:
            await interaction.response.send_modal(Form())

        @tree.command(name="badform", description="A modal Discord rejects", guild=guild)
        async def badform(interaction: discord.Interaction) -> None:
            modal = discord.ui.Modal(title="x" * 46)
            modal.add_item(discord.ui.TextInput(label="y" * 46, custom_id="a", max_length=5000))
            try:
                await interaction.response.send_modal(modal)
            except discord.HTTPException as exc:
                bot.rejected.append(exc)
                await interaction.response.send_message("rejected", ephemeral=True)

        @tree.command(name="post", description="Posts a message with a button in the channel", guild=guild)
        async def post(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("posting", ephemeral=True)
            assert isinstance(interaction.channel, discord.TextChannel)
            view = discord.ui.View()
            view.add_item(discord.ui.Button(label="Go", custom_id="go"))
            bot.sent.put_nowait(await interaction.channel.send("question", view=view))


@dataclass
class Env:
    fake: FakeDiscord
    bot: FormBot
    guild: GuildRecord
    alice: MemberRecord
    clicks: list[discord.Interaction] = field(default_factory=list)


@contextlib.asynccontextmanager
async def running() -> AsyncIterator[Env]:
    async with FakeDiscord(heartbeat_interval=30_000) as fake:
        guild = fake.add_guild(name="Forms")
        alice = fake.add_member(guild.id, "alice")
        async with fake.serving(FormBot(guild.id), guild.id) as bot:
            yield Env(fake, bot, guild, alice)


@pytest.fixture
async def env() -> AsyncIterator[Env]:
    async with running() as environment:
        yield environment


async def test_a_labelled_modal_is_submitted_as_discords_client_would(env: Env) -> None:
    fake = env.fake
    opened = await fake.command("form", guild=env.guild.id, user=env.alice.id)
    types = [c["type"] for c in opened.modal["components"]]
    assert types == [10, 18, 18, 1], "text display, two labels, a legacy action row"
    submitted = await fake.submit_modal(opened, {"what": "wrong date", "which": ["1"]})
    assert (await submitted.wait_final())["content"] == "thanks"
    reopened = await fake.command("form", guild=env.guild.id, user=env.alice.id)  # a modal is submitted once
    defaults = await fake.submit_modal(reopened, {"what": "ok"})
    await defaults.wait_final()
    assert env.bot.submitted == [
        {"which": ["1"], "what": "wrong date", "note": "kept"},
        {"which": ["0"], "what": "ok", "note": "kept"},
    ], "defaults and prefills are sent"
    assert fake.violations == []


@pytest.mark.parametrize(
    ("values", "error"),
    [
        ({"what": "x" * 21}, "21 characters, but it allows 20"),
        ({"what": ""}, "is required"),
        ({"what": "x"}, "fewer than its min_length 2"),
        ({"what": "fine", "which": ["7"]}, "has no option"),
        ({"what": "fine", "which": ["0", "1"]}, "takes 1–1 value"),
        ({"what": "fine", "wat": "typo"}, "has no input"),
    ],
)
async def test_what_the_client_would_not_send_is_refused(env: Env, values: dict[str, Any], error: str) -> None:
    opened = await env.fake.command("form", guild=env.guild.id, user=env.alice.id)
    with pytest.raises(FakeUsageError, match=error):
        await env.fake.submit_modal(opened, values)
    assert env.bot.submitted == []


async def test_a_modal_past_discords_limits_is_rejected(env: Env) -> None:
    answered = await env.fake.command("badform", guild=env.guild.id, user=env.alice.id)
    assert (await answered.wait_final())["content"] == "rejected"
    assert env.bot.rejected[0].code == 50035
    problems = " | ".join(env.fake.violations)
    for part in ("data.title", "components.0.components.0.label", "components.0.components.0.max_length"):
        assert part in problems
    env.fake.violations.clear()


async def test_a_held_post_is_visible_and_clickable_before_its_reply_reaches_the_bot(env: Env) -> None:
    fake = env.fake
    hold = fake.hold_next("POST", r"/channels/\d+/messages")
    await (await fake.command("post", guild=env.guild.id, user=env.alice.id)).wait_final()
    message = await hold.wait()
    assert hold.holding
    assert message["content"] == "question"
    assert fake.message(message["id"])["components"][0]["components"][0]["custom_id"] == "go"
    assert env.bot.sent.empty(), "the bot is still waiting for the reply"
    env.bot.early = seen = asyncio.get_running_loop().create_future()
    click = await fake.click(message["id"], "go", user=env.alice.id)
    assert (await click.wait_final())["content"] == "clicked early"
    assert (await seen).message is not None
    hold.release()
    posted = await asyncio.wait_for(env.bot.sent.get(), 5)
    assert str(posted.id) == message["id"]
    assert not hold.holding
    again = fake.hold_next("POST", r"/nothing")
    with pytest.raises(AssertionError, match="no POST"):
        await again.wait(timeout=0.05)
    assert fake.violations == []
