"""/trivia start, stop, leaderboard, stats and help; one task per running round, which says what the round
state machine (:mod:`facts.trivia.round`) returns.

Time comes from ``bot.clock`` only: the machine reads it for deadlines and speed, and the driver sleeps in
real time until the next deadline by that clock (at most ``timing.poll`` seconds at a time, so a clock that
jumps — or a test's clock moved by hand — is noticed promptly). Clicks wake the driver, so a question is
revealed as soon as everyone who has played has answered.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs.reports import with_report
from bot.cogs.trivia import _render as show
from bot.cogs.trivia._views import AnswerView
from bot.respond import deferred_after, guild_of, send
from facts.errors import BadInput, ChronicleError
from facts.reports import subjects
from facts.trivia.questions import Bank, Topic, generate
from facts.trivia.round import EndReason, QuestionOpened, Revealed, RoundEvent, RoundOver, TriviaRound
from facts.trivia.storage import INTERRUPTED, Period, TriviaStorage, load_bank

if TYPE_CHECKING:
    from bot.client import Chronicle

log = logging.getLogger(__name__)

RUNNING_HERE = "A round is running here. Join in, or wait for it to end (`/trivia stop` ends it)."
BANKS = 32  # complete question banks kept (one per set of packs the servers use)
NO_ROUND = "No trivia round is running in this channel. Start one with `/trivia start`."
NOT_YOURS = "Only the member who started this round, or someone with Manage Messages, can stop it."


@dataclass
class TriviaTiming:
    """How rounds pace themselves. Tests shorten these; ``seconds`` per question comes from the command."""

    pause: float = 5.0  # seconds (by bot.clock) between a reveal and the next question
    poll: float = 1.0  # longest real-time sleep before the driver looks at the clock again


@dataclass(eq=False)
class LiveRound:
    """A running round: its state machine, where it posts, and the views of its questions."""

    round_id: int
    guild_id: int
    channel: discord.abc.Messageable
    channel_id: int
    starter_id: int
    game: TriviaRound
    views: dict[int, AnswerView] = field(default_factory=dict)
    messages: dict[int, discord.Message] = field(default_factory=dict)
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)  # one speaker at a time: the driver or /trivia stop
    task: asyncio.Task[None] | None = None
    closed: bool = False


class Trivia(commands.Cog):
    group = app_commands.Group(name="trivia", description="Trivia rounds from the sources, with scores that last",
                               guild_only=True)

    def __init__(self, bot: Chronicle) -> None:
        self.bot = bot
        self.storage = TriviaStorage(bot.store.db)
        self.timing = TriviaTiming()
        self.rng = random.Random()
        self.rounds: dict[int, LiveRound] = {}  # by channel id
        self._starting: set[int] = set()
        self._banks: OrderedDict[tuple[int, frozenset[str]], Bank] = OrderedDict()  # complete banks, by packs

    async def cog_load(self) -> None:
        closed = await self.storage.close_interrupted(self.bot.clock())
        if closed:
            log.info("trivia: %d round(s) were cut short by the last shutdown", closed)

    async def cog_unload(self) -> None:
        """Cancel every round's task; the rounds are recorded as interrupted (nothing is posted)."""
        lives = list(self.rounds.values())
        for live in lives:
            self._release(live)
            if live.task is not None:
                live.task.cancel()
        tasks = [live.task for live in lives if live.task is not None]
        await asyncio.gather(*tasks, return_exceptions=True)
        for live in lives:
            with contextlib.suppress(Exception):
                await self.storage.close_round(live.round_id, self.bot.clock(), INTERRUPTED)

    # -- commands ----------------------------------------------------------------------------------

    @group.command(name="start", description="Start a trivia round in this channel")
    @app_commands.describe(questions="How many questions, 1–20 (default 10)",
                           seconds="Seconds to answer each question, 10–60 (default 20)",
                           topic="Questions about dates, people, figures, or all (default)")
    async def start(self, interaction: discord.Interaction, questions: app_commands.Range[int, 1, 20] = 10,
                    seconds: app_commands.Range[int, 10, 60] = 20,
                    topic: Literal["all", "dates", "people", "figures"] = "all") -> None:
        guild_id, (channel_id, channel) = guild_of(interaction), self._free_channel(interaction)
        self._starting.add(channel_id)
        try:
            async with deferred_after(interaction):
                live = await self._prepare(guild_id, channel_id, channel, interaction.user.id,
                                           count=questions, seconds=seconds, topic=Topic(topic))
            self.rounds[channel_id] = live
        finally:
            self._starting.discard(channel_id)
        try:
            await send(interaction, embed=show.start_embed(starter_id=live.starter_id, total=live.game.total,
                                                           seconds=seconds, topic=Topic(topic), wanted=questions))
        except BaseException:
            self._release(live)
            await self.storage.close_round(live.round_id, self.bot.clock(), EndReason.FAILED.value)
            raise
        live.task = asyncio.create_task(self._drive(live), name=f"trivia-round-{live.round_id}")

    def _free_channel(self, interaction: discord.Interaction) -> tuple[int, discord.abc.Messageable]:
        """This channel, if no round runs in it and Chronicle may post there."""
        channel_id, channel = interaction.channel_id, interaction.channel
        if channel_id is None or channel is None or not isinstance(channel, discord.abc.Messageable):
            raise ChronicleError("Trivia needs a text channel.")
        if channel_id in self.rounds or channel_id in self._starting:
            raise ChronicleError(RUNNING_HERE)
        perms = interaction.app_permissions
        missing = [name for name, ok in (("Send Messages", perms.send_messages), ("Embed Links", perms.embed_links))
                   if not ok]
        if missing:
            raise BadInput(f"Chronicle can't run a round here: it lacks {', '.join(missing)} in this channel.")
        return channel_id, channel

    async def _prepare(self, guild_id: int, channel_id: int, channel: discord.abc.Messageable, starter_id: int, *,
                       count: int, seconds: int, topic: Topic) -> LiveRound:
        store = self.bot.store
        scope = await store.scope_for(guild_id)
        kept = (store.generation, scope.packs)  # a bank is kept until the facts change
        bank = self._banks.get(kept) or await load_bank(store, scope, rng=self.rng)
        if bank.complete:
            self._banks[kept] = bank
            self._banks.move_to_end(kept)
            while len(self._banks) > BANKS:
                self._banks.popitem(last=False)
        left_out = await self.bot.reports.open_questions(guild_id)  # reported as wrong, not yet resolved
        picked = generate(bank, count, topic, self.rng, await self.storage.asked(guild_id), blocked=left_out)
        if not picked:
            raise BadInput(f"The sources have no {show.TOPIC_LABEL[topic]} questions yet.", "/trivia start topic:all")
        game = TriviaRound(picked, seconds=seconds, pause=self.timing.pause, clock=self.bot.clock)
        round_id = await self.storage.start_round(guild_id=guild_id, channel_id=channel_id, starter_id=starter_id,
                                                  topic=topic, questions=len(picked), seconds=seconds,
                                                  now=self.bot.clock())
        return LiveRound(round_id, guild_id, channel, channel_id, starter_id, game)

    @group.command(name="stop", description="Stop this channel's trivia round (its starter or Manage Messages)")
    async def stop(self, interaction: discord.Interaction) -> None:
        live = self.rounds.get(interaction.channel_id or 0)
        if live is None or live.closed:
            raise ChronicleError(NO_ROUND)
        perms = interaction.permissions
        if interaction.user.id != live.starter_id and not (perms.manage_messages or perms.administrator):
            raise ChronicleError(NOT_YOURS)
        async with deferred_after(interaction):
            async with live.lock:
                over = next((e for e in live.game.stop(by=interaction.user.id) if isinstance(e, RoundOver)), None)
                if over is None:
                    raise ChronicleError(NO_ROUND)
                await self._end(live, over, announce=False)
            live.wake.set()
        await send(interaction, embed=show.scoreboard_embed(over))

    @group.command(name="leaderboard", description="Top trivia scores in this server: this week, month or all time")
    @app_commands.describe(period="week (since Monday, UTC), month, or all time (default: week)")
    async def leaderboard(self, interaction: discord.Interaction,
                          period: Literal["week", "month", "all"] = "week") -> None:
        board = await self.storage.leaderboard(guild_of(interaction), Period(period), self.bot.clock())
        await send(interaction, embed=show.leaderboard_embed(board))

    @group.command(name="stats", description="A member's trivia points, wins and accuracy by topic")
    @app_commands.describe(member="Whose stats (default: yours)")
    async def stats(self, interaction: discord.Interaction, member: discord.Member | None = None) -> None:
        who = member or interaction.user
        stats = await self.storage.member_stats(guild_of(interaction), who.id)
        await send(interaction, embed=show.stats_embed(stats, who.display_name))

    @group.command(name="help", description="How trivia works and how answers are scored")
    async def help(self, interaction: discord.Interaction) -> None:
        await send(interaction, embed=show.help_embed(), ephemeral=True)

    @commands.Cog.listener()
    async def on_guild_channel_delete(self, channel: discord.abc.GuildChannel) -> None:
        live = self.rounds.get(channel.id)
        if live is not None:
            async with live.lock:
                for event in live.game.stop(reason=EndReason.FAILED):
                    if isinstance(event, RoundOver):
                        await self._end(live, event, announce=False)
            live.wake.set()

    # -- clicks ------------------------------------------------------------------------------------

    async def _answer(self, live: LiveRound, interaction: discord.Interaction, number: int, choice: int) -> None:
        click = live.game.answer(interaction.user.id, number, choice)
        live.wake.set()
        question = live.game.questions[number - 1]
        await interaction.response.send_message(show.click_text(click, question), ephemeral=True)

    # -- the driver --------------------------------------------------------------------------------

    async def _drive(self, live: LiveRound) -> None:
        try:
            async with live.lock:
                await self._say(live, live.game.start())
            while not live.game.finished:
                live.wake.clear()
                async with live.lock:
                    await self._say(live, live.game.advance())
                if live.game.finished:
                    break
                await self._sleep(live)
        except asyncio.CancelledError:
            raise
        except Exception as error:
            if isinstance(error, discord.HTTPException):  # the channel is gone, or posting is no longer allowed
                log.warning("trivia round %s in channel %s ended: Discord said %s %s", live.round_id,
                            live.channel_id, error.status, error.text or error)
            else:
                log.exception("trivia round %s in channel %s failed", live.round_id, live.channel_id)
            async with live.lock:
                for event in live.game.stop(reason=EndReason.FAILED):
                    if isinstance(event, RoundOver):
                        with contextlib.suppress(Exception):
                            await self._end(live, event, announce=True)
        finally:
            self._release(live)

    async def _sleep(self, live: LiveRound) -> None:
        due = live.game.due()
        wait = self.timing.poll if due is None else (due - self.bot.clock()).total_seconds()
        wait = min(max(wait, 0.0), self.timing.poll)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(live.wake.wait(), wait)

    async def _say(self, live: LiveRound, events: list[RoundEvent]) -> None:
        for event in events:
            if isinstance(event, QuestionOpened):
                await self._open(live, event)
            elif isinstance(event, Revealed):
                await self._reveal(live, event)
            else:
                await self._end(live, event, announce=True)

    async def _open(self, live: LiveRound, opened: QuestionOpened) -> None:
        view = AnswerView(self.bot.live_views, opened.number, partial(self._answer, live))
        live.views[opened.number] = view
        self.bot.add_view(view)  # clicks are answered from now on, even before Discord's reply to the post is read
        live.messages[opened.number] = await live.channel.send(embed=show.question_embed(opened),
                                                               view=view.drawing())

    async def _reveal(self, live: LiveRound, revealed: Revealed) -> None:
        await self.storage.record_question(live.round_id, live.guild_id, revealed)  # before anyone is told
        await self._feed_study(live, revealed)
        view = live.views.get(revealed.number)
        if view is not None:
            view.close(revealed.question.answer)
            await self._show_buttons(live, revealed.number)
        report = await with_report(self.bot, await subjects.of_question(self.bot.store, revealed.question.key))
        if report is None:
            await live.channel.send(embed=show.reveal_embed(revealed))
        else:
            await live.channel.send(embed=show.reveal_embed(revealed), view=report)

    async def _feed_study(self, live: LiveRound, revealed: Revealed) -> None:
        """Each player's card of this fact: due now after a miss or a time-out, a Good review after a right
        answer. Study must never stop a round: a failure is logged."""
        answered = {r.member_id for r in revealed.results}
        timed_out = [m for m in live.game.players if m not in answered]
        try:
            await self.bot.study.from_trivia(live.guild_id, revealed.question.key,
                                             right=[r.member_id for r in revealed.right],
                                             missed=[r.member_id for r in revealed.wrong] + sorted(timed_out),
                                             now=revealed.revealed_at)
        except Exception:
            log.exception("trivia: could not feed question %s of round %s to study", revealed.number, live.round_id)

    async def _end(self, live: LiveRound, over: RoundOver, *, announce: bool) -> None:
        if live.closed:
            return
        live.closed = True  # no second end; the channel is freed once the end is stored
        try:
            await self.storage.finish_round(live.round_id, live.guild_id, over)
        finally:
            self._release(live)
        for number, view in live.views.items():
            if not view.closed:  # the question open when the round stopped
                view.close(None)
                await self._show_buttons(live, number)
        if announce:
            await live.channel.send(embed=show.scoreboard_embed(over))

    async def _show_buttons(self, live: LiveRound, number: int) -> None:
        message, view = live.messages.get(number), live.views.get(number)
        if message is None or view is None:
            return
        try:
            await message.edit(view=view.drawing())
        except discord.HTTPException:
            log.warning("trivia: could not disable the buttons of question %d in channel %s", number, live.channel_id)

    def _release(self, live: LiveRound) -> None:
        """The round is over for Discord: its buttons answer "ended" from now on and the channel is free.

        Stopping a view also removes it from discord.py's view store (where ``_open`` registered it)."""
        live.closed = True
        for view in live.views.values():
            view.stop()
        if self.rounds.get(live.channel_id) is live:
            del self.rounds[live.channel_id]
