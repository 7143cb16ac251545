"""/daily set, status, preview, post-now and off; the scheduler's lifetime; forgetting servers the bot leaves."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs.daily._render import post_embed, status_embed
from bot.cogs.daily._scheduler import Scheduler, deliver, missing_permissions
from bot.pictures import attach
from bot.respond import deferred_after, guild_of, send
from bot.transformers import TimeOption, ZoneOption
from facts.daily.models import Failure, Status
from facts.daily.posts import DailyPosts
from facts.daily.zones import DEFAULT_ZONE
from facts.errors import BadInput

if TYPE_CHECKING:
    from bot.client import Chronicle

log = logging.getLogger(__name__)
manage_guild = app_commands.checks.has_permissions(manage_guild=True)


class Daily(commands.Cog):
    group = app_commands.Group(name="daily", description="A daily “on this day” post in a channel, at your local time",
                               default_permissions=discord.Permissions(manage_guild=True), guild_only=True)

    def __init__(self, bot: Chronicle) -> None:
        self.bot = bot
        self.daily = DailyPosts(bot.store)
        self.scheduler = Scheduler(bot, self.daily)

    async def cog_load(self) -> None:
        self.scheduler.start()

    async def cog_unload(self) -> None:
        await self.scheduler.stop()

    @group.command(name="set", description="Post one “on this day” item in a channel every day at a local time")
    @app_commands.describe(channel="Where to post", time="Local time, HH:MM on a 24-hour clock, e.g. 08:00",
                           timezone="An IANA time zone, e.g. Asia/Seoul (default: UTC)",
                           picture="Add a timeline picture of the event and its neighbours (default: as it was; off)")
    @manage_guild
    async def set_(self, interaction: discord.Interaction, channel: discord.TextChannel,
                   time: app_commands.Transform[dt.time, TimeOption],
                   timezone: app_commands.Transform[str, ZoneOption] = DEFAULT_ZONE,
                   picture: bool | None = None) -> None:
        missing = missing_permissions(channel)
        if picture and not channel.permissions_for(channel.guild.me).attach_files:
            missing.append("Attach Files")
        if missing:
            raise BadInput(f"Chronicle can't post in {channel.mention}: it lacks {', '.join(missing)} there. Give it "
                           "those permissions in that channel (or pick another), then run this again.")
        schedule = await self.daily.set(guild_of(interaction), channel.id, time, timezone, self.bot.clock(),
                                        picture=picture)
        self.scheduler.wake()
        await send(interaction, embed=status_embed(schedule, title="Daily posts are on"), ephemeral=True)

    @group.command(name="status", description="Where and when the daily post goes, the next one, and any problem")
    @manage_guild
    async def status(self, interaction: discord.Interaction) -> None:
        schedule = await self.daily.schedules.get(guild_of(interaction))
        await send(interaction, embed=status_embed(schedule), ephemeral=True)

    @group.command(name="preview", description="Show today's daily post, only to you")
    @manage_guild
    async def preview(self, interaction: discord.Interaction) -> None:
        async with deferred_after(interaction, ephemeral=True):
            post = await self.daily.preview(guild_of(interaction), self.bot.clock())
            picture = await self.bot.pictures.timeline(post.timeline) if post.timeline else None
        if picture is None:
            await send(interaction, embed=post_embed(post), ephemeral=True)
        else:
            await send(interaction, embed=attach(post_embed(post)), file=picture.file(), ephemeral=True)

    @group.command(name="post-now", description="Post today's item now; it counts as today's post")
    @manage_guild
    async def post_now(self, interaction: discord.Interaction) -> None:
        async with deferred_after(interaction, ephemeral=True):
            pending = await self.daily.start_now(guild_of(interaction), self.bot.clock())
            outcome = await deliver(self.bot, self.daily, pending)
        if isinstance(outcome, Failure):
            raise BadInput(f"The post could not be sent: {outcome.reason}", "/daily status")
        await send(interaction, content=f"Posted today's item in <#{outcome.channel.id}>: {outcome.jump_url}",
                   ephemeral=True)

    @group.command(name="off", description="Stop the daily post (turn it on again with /daily set)")
    @manage_guild
    async def off(self, interaction: discord.Interaction) -> None:
        schedule = await self.daily.require(guild_of(interaction))
        if schedule.status is not Status.OFF:
            schedule = await self.daily.schedules.off(schedule.guild_id, self.bot.clock()) or schedule
        await send(interaction, embed=status_embed(schedule, title="Daily posts are off"), ephemeral=True)

    @commands.Cog.listener()
    async def on_guild_remove(self, guild: discord.Guild) -> None:
        if await self.daily.schedules.remove(guild.id):
            log.info("daily: left guild %s; its schedule is deleted", guild.id)

    @commands.Cog.listener()
    async def on_guild_channel_delete(self, channel: discord.abc.GuildChannel) -> None:
        if await self.daily.schedules.mark_failing(channel.guild.id, channel.id, "The channel was deleted.",
                                                   self.bot.clock()):
            log.info("daily: the channel of guild %s was deleted", channel.guild.id)
