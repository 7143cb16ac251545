"""About the bot: /about (what it knows, its version, how to use it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot import render
from bot.respond import send
from bot.version import VERSION

if TYPE_CHECKING:
    from bot.client import Chronicle


class Admin(commands.Cog):
    def __init__(self, bot: Chronicle) -> None:
        self.bot = bot

    @app_commands.command(name="about", description="What Chronicle knows, where it comes from, and how to use it")
    async def about(self, interaction: discord.Interaction) -> None:
        stats = await self.bot.store.stats(scope=await self.bot.store.scope_for(interaction.guild_id))
        await send(interaction, embed=render.about_embed(stats, VERSION), ephemeral=True)


async def setup(bot: Chronicle) -> None:
    await bot.add_cog(Admin(bot))
