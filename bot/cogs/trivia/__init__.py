"""Trivia rounds: the /trivia commands and the tasks that run rounds, one per channel.

``_cog`` (commands, the round driver), ``_views`` (the A–D answer buttons), ``_render`` (questions, reveals,
scoreboards, leaderboards and stats as embeds). Question generation, scoring, the round state machine and
all SQL live in :mod:`facts.trivia`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.cogs.trivia._cog import LiveRound, Trivia, TriviaTiming

if TYPE_CHECKING:
    from bot.client import Chronicle

__all__ = ["LiveRound", "Trivia", "TriviaTiming", "setup"]


async def setup(bot: Chronicle) -> None:
    await bot.add_cog(Trivia(bot))
