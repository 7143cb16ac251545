"""Daily "on this day" posts: the /daily commands and the one scheduler that posts for every server.

``_cog`` (commands and listeners), ``_scheduler`` (the loop, sending, failure classification),
``_render`` (the post and status embeds). The rules and all SQL live in :mod:`facts.daily`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.cogs.daily._cog import Daily

if TYPE_CHECKING:
    from bot.client import Chronicle


async def setup(bot: Chronicle) -> None:
    await bot.add_cog(Daily(bot))
