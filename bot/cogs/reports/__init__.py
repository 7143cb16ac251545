"""Reports of wrong answers: the Report button on answers and trivia reveals, its form, and /facts reports.

``_views`` (the Report button, its custom ids and form), ``_cog`` (the /facts commands and the answer to
every submitted form), ``_render`` (listings and confirmations). The rules and all SQL live in
:mod:`facts.reports`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.cogs.reports._cog import Reports
from bot.cogs.reports._views import ReportButton, ReportTag, custom_id_for, with_report

if TYPE_CHECKING:
    from bot.client import Chronicle

__all__ = ["ReportButton", "ReportTag", "Reports", "custom_id_for", "setup", "with_report"]


async def setup(bot: Chronicle) -> None:
    await bot.add_cog(Reports(bot))
