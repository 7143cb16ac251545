"""The buttons of a study session: **Show answer**, then **Again / Hard / Good / Easy** with the interval each
gives ("Good · 4d"), and **Stop**.

Each button says in its custom id what it acts on, ``chronicle:study:<action>:<card id>:<ratings>[:<rating>]``,
so a session needs no state in the process: every press is a fresh interaction (a long session never leans on
an expired token), and buttons drawn before a restart still work. The card's rating count in the id makes
a press count once: a second press, or the same card rated in another session, finds the count moved on.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord

from bot.cogs.study import _render as show
from bot.errors import answer_failure
from bot.limits import BUTTON_LABEL, BUTTONS_PER_ROW, CUSTOM_ID
from facts.study.schedule import Rating, interval_text, preview
from facts.study.storage import StudyCard

if TYPE_CHECKING:
    from datetime import datetime

    from bot.cogs.study._cog import Study

TEMPLATE = re.compile(r"^chronicle:study:(?P<action>show|rate|stop):(?P<card>\d{1,19}):(?P<reps>\d{1,9})"
                      r"(?::(?P<rating>[1-4]))?$")
STYLE = {Rating.AGAIN: discord.ButtonStyle.danger, Rating.HARD: discord.ButtonStyle.secondary,
         Rating.GOOD: discord.ButtonStyle.success, Rating.EASY: discord.ButtonStyle.primary}


def _button(label: str, custom_id: str, style: discord.ButtonStyle) -> discord.ui.Button[Any]:
    assert len(custom_id) <= CUSTOM_ID, custom_id
    assert TEMPLATE.fullmatch(custom_id), custom_id
    return discord.ui.Button(label=label[:BUTTON_LABEL], style=style, custom_id=custom_id)


def _drawn(buttons: list[discord.ui.Button[Any]]) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for i, button in enumerate(buttons):
        button.row = i // BUTTONS_PER_ROW
        view.add_item(button)
    view.stop()  # only drawn: StudyButton answers
    return view


def question_buttons(study: StudyCard) -> discord.ui.View:
    base = f"{study.id}:{study.reps}"
    return _drawn([_button("Show answer", f"chronicle:study:show:{base}", discord.ButtonStyle.primary),
                   _button("Stop", f"chronicle:study:stop:{base}", discord.ButtonStyle.secondary)])


def rating_buttons(study: StudyCard, now: datetime) -> discord.ui.View:
    """Again, Hard, Good, Easy (each with the interval it gives) on one row; Stop on the next."""
    gaps = preview(study.memory, now)
    base = f"{study.id}:{study.reps}"
    buttons = [_button(show.rating_label(r, interval_text(gaps[r])), f"chronicle:study:rate:{base}:{int(r)}", STYLE[r])
               for r in Rating]
    stop = _button("Stop", f"chronicle:study:stop:{base}", discord.ButtonStyle.secondary)
    view = _drawn(buttons)
    view.add_item(stop)
    stop.row = 1
    return view


class StudyButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=TEMPLATE):
    def __init__(self, action: str, card_id: int, reps: int, rating: int | None) -> None:
        suffix = f":{rating}" if rating else ""
        super().__init__(discord.ui.Button(label=action,
                                           custom_id=f"chronicle:study:{action}:{card_id}:{reps}{suffix}"))
        self.action, self.card_id, self.reps, self.rating = action, card_id, reps, rating

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> StudyButton:
        return cls(match["action"], int(match["card"]), int(match["reps"]),
                   int(match["rating"]) if match["rating"] else None)

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            cog: Study | None = interaction.client.get_cog("Study")  # type: ignore[attr-defined]
            if cog is None:
                raise RuntimeError("the study cog is not loaded")
            await cog.pressed(interaction, self.action, self.card_id, self.reps,
                              Rating(self.rating) if self.rating else None)
        except Exception as exc:  # every press gets an answer
            await answer_failure(interaction, exc, f"the study {self.action} button")
