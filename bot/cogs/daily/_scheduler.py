"""One scheduler for every server: ask the database who is due, post for them at a modest pace, sleep.

The loop wakes at the earliest due instant (or at least every minute, or when :meth:`Scheduler.wake` is
called after a ``/daily set``); :meth:`Scheduler.tick` does one pass for a given "now", so tests can drive
it with an injected clock. Posting goes through :func:`deliver`, shared with ``/daily post-now``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import aiohttp
import discord

from bot.cogs.daily._render import post_embed
from bot.pictures import Picture, attach
from facts.daily.models import DailyPost, Failure, FailureKind, PendingPost
from facts.daily.posts import DailyPosts

if TYPE_CHECKING:
    from bot.client import Chronicle

log = logging.getLogger(__name__)

BATCH = 50  # schedules read per pass; a full batch means "look again at once"
PACE = 0.1  # seconds between starting two posts: at most ~10 a second, far below Discord's global limit
CONCURRENCY = 4  # posts in flight at once, so one slow channel does not hold up the rest
MAX_SLEEP = 60.0
MIN_SLEEP = 0.5  # never spin, even when something is due again at once
ERROR_PAUSE = 30.0  # after a pass with errors, before trying the same rows again
SEND_TIMEOUT = 60.0  # discord.py retries 500/502/504 itself for up to ~25 s before giving up
STOP_GRACE = 10.0
POST_PERMISSIONS = ("view_channel", "send_messages", "embed_links")
HISTORY_LOOK = 50  # messages read after a resumed claim, looking for the post that may have gone out
CLOCK_SLACK = timedelta(minutes=1)  # the bot's clock and Discord's snowflakes may disagree by this much


class CannotPost(Exception):
    """The bot may not post in the channel (a permanent problem until an admin fixes it)."""


def missing_permissions(channel: discord.abc.GuildChannel) -> list[str]:
    """The permissions Chronicle lacks to post an embed in ``channel`` (names as Discord shows them)."""
    perms = channel.permissions_for(channel.guild.me)
    return [name.replace("_", " ").title() for name in POST_PERMISSIONS if not getattr(perms, name)]


def classify(error: BaseException) -> Failure:
    """Turn what went wrong while posting into a failure the schedule understands."""
    if isinstance(error, CannotPost):
        return Failure(FailureKind.PERMANENT, str(error))
    if isinstance(error, discord.NotFound):
        return Failure(FailureKind.PERMANENT, "The channel no longer exists (it was deleted).")
    if isinstance(error, discord.Forbidden):
        return Failure(FailureKind.PERMANENT, f"Discord refused: {error.text or 'Missing Access'} "
                                              f"(error {error.code}). Check Chronicle's permissions in the channel.")
    if isinstance(error, discord.DiscordServerError):
        return Failure(FailureKind.TRANSIENT, f"Discord had a server error ({error.status}).")
    if isinstance(error, TimeoutError | aiohttp.ClientError | OSError):
        return Failure(FailureKind.TRANSIENT, f"Discord could not be reached ({type(error).__name__}).")
    if isinstance(error, discord.HTTPException):
        return Failure(FailureKind.SKIP, f"Discord rejected the post ({error.status}, error {error.code}).")
    return Failure(FailureKind.SKIP, f"An unexpected error ({type(error).__name__}); it has been logged.")


async def send_post(bot: Chronicle, pending: PendingPost) -> discord.Message:
    channel_id = pending.before.channel_id
    channel = bot.get_channel(channel_id) or await bot.fetch_channel(channel_id)
    if not isinstance(channel, discord.TextChannel):
        raise CannotPost("The channel is not a text channel Chronicle can post in.")
    missing = missing_permissions(channel)
    if missing:
        raise CannotPost(f"Chronicle lacks {', '.join(missing)} in the channel.")
    embed = post_embed(pending.post)
    if pending.resumed:
        earlier = await already_sent(channel, pending, embed.title or "")
        if earlier is not None:
            return earlier
    picture = await picture_for(bot, pending.post, channel)
    async with asyncio.timeout(SEND_TIMEOUT):  # the day's nonce: Discord answers a repeat with the first message
        if picture is None:
            return await channel.send(embed=embed, nonce=pending.nonce)
        return await channel.send(embed=attach(embed), file=picture.file(), nonce=pending.nonce)


async def already_sent(channel: discord.TextChannel, pending: PendingPost, title: str) -> discord.Message | None:
    """For a post resumed after a crash: the message it already became, if the channel shows one from the bot
    since the claim with this post's title. Discord's nonce covers a few minutes; this covers the rest, where
    Chronicle may read the channel's history."""
    claimed = pending.before.last_posted_at
    me = channel.guild.me
    if claimed is None or not channel.permissions_for(me).read_message_history:
        return None
    try:
        async with asyncio.timeout(SEND_TIMEOUT):
            async for message in channel.history(after=claimed - CLOCK_SLACK, limit=HISTORY_LOOK):
                if message.author.id == me.id and any(e.title == title for e in message.embeds):
                    log.info("daily: guild %s, the post for %s had gone out before a crash (message %s)",
                             channel.guild.id, pending.day, message.id)
                    return message
    except (discord.HTTPException, TimeoutError):
        log.warning("daily: could not read the history of channel %s; relying on the nonce", channel.id)
    return None


async def picture_for(bot: Chronicle, post: DailyPost, channel: discord.abc.GuildChannel) -> Picture | None:
    """The post's timeline picture, when its schedule asks for one and the bot may attach files there. The
    post never waits on it: without the permission, or when drawing fails, it goes out without."""
    if not post.timeline:
        return None
    if not channel.permissions_for(channel.guild.me).attach_files:
        log.warning("daily: no picture in guild %s: Chronicle lacks Attach Files in the channel", channel.guild.id)
        return None
    return await bot.pictures.timeline(post.timeline)


async def deliver(bot: Chronicle, daily: DailyPosts, pending: PendingPost) -> discord.Message | Failure:
    """Send a claimed post and record the outcome: the message, or the failure (already recorded)."""
    try:
        message = await send_post(bot, pending)
    except Exception as exc:  # every failure is recorded against the schedule, none escapes the scheduler
        failure = classify(exc)
        if failure.kind is FailureKind.SKIP:
            log.exception("daily: unexpected error posting for guild %s", pending.before.guild_id)
        await daily.failed(pending, failure, bot.clock())
        return failure
    await daily.sent(pending, message.id, bot.clock())
    return message


class Scheduler:
    def __init__(self, bot: Chronicle, daily: DailyPosts, *, pace: float = PACE,
                 clock: Callable[[], datetime] | None = None) -> None:
        self.bot, self.daily, self.pace = bot, daily, pace
        self.clock = clock or bot.clock
        self._wake = asyncio.Event()
        self._tick_lock = asyncio.Lock()
        self._stopping = False
        self._errors = 0
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="daily-scheduler")

    def wake(self) -> None:
        """Look again now (a schedule changed)."""
        self._wake.set()

    async def stop(self) -> None:
        """Stop; a pass in progress first finishes the posts it claimed (for up to ``STOP_GRACE`` seconds)."""
        self._stopping = True
        self.wake()
        task, self._task = self._task, None
        if task is None:
            return
        if self._tick_lock.locked():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(task), STOP_GRACE)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    async def _run(self) -> None:
        await self.bot.wait_until_ready()
        while not self._stopping:
            self._wake.clear()
            try:
                full = await self.tick(self.clock()) >= BATCH and not self._errors
                delay = 0.0 if full else await self._sleep_for(self.clock())
            except Exception:
                log.exception("daily: scheduler pass failed")
                self._errors += 1
                delay = ERROR_PAUSE
            if self._errors:
                delay = max(delay, ERROR_PAUSE)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), delay)

    async def _sleep_for(self, now: datetime) -> float:
        nxt = await self.daily.schedules.next_due(self.bot.owned_shards)
        if nxt is None:
            return MAX_SLEEP
        return min(max((nxt - now).total_seconds(), MIN_SLEEP), MAX_SLEEP)

    async def tick(self, now: datetime) -> int:
        """One pass: every schedule due at ``now`` (up to a batch) is posted, retried or moved on.
        Returns how many schedules were due."""
        async with self._tick_lock:
            self._errors = 0
            due = await self.daily.schedules.due(now, BATCH, self.bot.owned_shards)
            slots = asyncio.Semaphore(CONCURRENCY)
            sends: list[asyncio.Task[discord.Message | Failure]] = []
            for schedule in due:
                if self._stopping:
                    break
                if sends and self.pace:
                    await asyncio.sleep(self.pace)
                await slots.acquire()
                try:
                    pending = await self.daily.start(schedule, now)
                except Exception:
                    log.exception("daily: could not start the post for guild %s", schedule.guild_id)
                    self._errors += 1
                    pending = None
                if pending is None:
                    slots.release()
                    continue
                sends.append(asyncio.create_task(self._send(pending, slots), name=f"daily-{schedule.guild_id}"))
            for outcome in await asyncio.gather(*sends, return_exceptions=True):
                if isinstance(outcome, BaseException):
                    log.error("daily: recording a post failed", exc_info=outcome)
                    self._errors += 1
            return len(due)

    async def _send(self, pending: PendingPost, slots: asyncio.Semaphore) -> discord.Message | Failure:
        try:
            return await deliver(self.bot, self.daily, pending)
        finally:
            slots.release()
