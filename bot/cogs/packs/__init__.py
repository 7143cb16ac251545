"""A server's own packs: /pack upload, list, enable, disable, remove, export (Manage Server).

``_cog`` (the commands), ``_views`` (Enable here / Download draft, which work as long as the message exists,
and the confirmation of a removal), ``_render`` (the answers as embeds and files). Reading, drafting,
quotas and all SQL live in :mod:`facts.library`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.cogs.packs._cog import Packs
from bot.cogs.packs._views import PackButton

if TYPE_CHECKING:
    from bot.client import Chronicle

__all__ = ["PackButton", "Packs", "setup"]


async def setup(bot: Chronicle) -> None:
    await bot.add_cog(Packs(bot))
