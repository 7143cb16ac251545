"""/onthisday: a calendar day's anniversaries, with ◀ ▶ buttons stepping to the nearest days that have some.

``_cog`` (the command, which day "today" is for the server, the steps and their time-out), ``_views`` (the
stateless step buttons). The anniversaries and the days that have them come from :class:`facts.store.FactStore`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.cogs.onthisday._cog import OnThisDay
from bot.cogs.onthisday._views import DayButton

if TYPE_CHECKING:
    from bot.client import Chronicle

__all__ = ["DayButton", "OnThisDay", "setup"]


async def setup(bot: Chronicle) -> None:
    await bot.add_cog(OnThisDay(bot))
