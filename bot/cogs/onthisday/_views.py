"""The ◀ ▶ buttons of an on-this-day answer.

Each says in its custom id whose it is, which day it shows and which answer it belongs to:
``chronicle:onthisday:<owner id>:<MM-DD>:<p|n>:<session>``. So a press needs no state in the process: buttons
drawn before a restart still step. ``session`` names the message's run of steps, so the cog can disable the
buttons once nobody has stepped for a while.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord

from bot.cogs.reports import ReportTag
from bot.errors import answer_failure
from bot.limits import BUTTON_LABEL, CUSTOM_ID
from bot.views import drawing
from facts.dates import MonthDay

if TYPE_CHECKING:
    from bot.cogs.onthisday._cog import OnThisDay

TEMPLATE = re.compile(r"^chronicle:onthisday:(?P<owner>\d{1,20}):(?P<month>\d{2})-(?P<day>\d{2}):(?P<way>[pn])"
                      r":(?P<session>[0-9a-f]{1,16})$")


def custom_id(owner: int, day: MonthDay, way: str, session: str) -> str:
    made = f"chronicle:onthisday:{owner}:{day.key}:{way}:{session}"
    assert len(made) <= CUSTOM_ID, made
    assert TEMPLATE.fullmatch(made), made
    return made


def step_buttons(owner: int, session: str, previous: MonthDay | None, following: MonthDay | None, *,
                 report: str | None = None, disabled: bool = False) -> discord.ui.View:
    """◀ (the previous day with an anniversary) and ▶ (the next), then the Report button; only drawn."""
    items: list[discord.ui.Item[Any]] = []
    for way, target in (("p", previous), ("n", following)):
        label = "" if target is None else target.label
        label = f"◀ {label}".strip() if way == "p" else f"{label} ▶".strip()
        if target is None:
            items.append(discord.ui.Button(label=label, disabled=True, style=discord.ButtonStyle.secondary,
                                           custom_id=f"chronicle:onthisday:none:{way}:{session}"))
        else:
            items.append(discord.ui.Button(label=label[:BUTTON_LABEL], disabled=disabled,
                                           style=discord.ButtonStyle.secondary,
                                           custom_id=custom_id(owner, target, way, session)))
    if report is not None:
        items.append(ReportTag(report))
    return drawing(*items)


class DayButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=TEMPLATE):
    """Answers every step, however old the message: the day it steps to is in its custom id."""

    def __init__(self, owner: int, day: MonthDay, way: str, session: str) -> None:
        super().__init__(discord.ui.Button(label=day.label, custom_id=custom_id(owner, day, way, session)))
        self.owner, self.day, self.session = owner, day, session

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> DayButton:
        return cls(int(match["owner"]), MonthDay(int(match["month"]), int(match["day"])), match["way"],
                   match["session"])

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            cog: OnThisDay | None = interaction.client.get_cog("OnThisDay")  # type: ignore[attr-defined]
            if cog is None:
                raise RuntimeError("the on-this-day cog is not loaded")
            await cog.step(interaction, self.owner, self.day, self.session)
        except Exception as exc:  # every press gets an answer
            await answer_failure(interaction, exc, "the on-this-day step")
