"""Study mode: /study start, stats, settings, remind and export; the session's buttons; the reminder DMs.

``_cog`` (commands, presses, reminders), ``_views`` (the stateless session buttons), ``_render`` (cards, answers,
stats and settings as embeds). Cards, FSRS scheduling, stats, the Anki deck and all SQL live in
:mod:`facts.study`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.cogs.study._cog import Study
from bot.cogs.study._views import StudyButton

if TYPE_CHECKING:
    from bot.client import Chronicle

__all__ = ["Study", "StudyButton", "setup"]


async def setup(bot: Chronicle) -> None:
    await bot.add_cog(Study(bot))
