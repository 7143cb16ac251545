"""The four answer buttons of a question.

Custom ids read ``chronicle:trivia:<nonce>:<a|b|c|d>``. A question's view stays live (its nonce in the
client's ``live_views``) until its round ends, so a late click on an earlier question is told "closed";
once the round is over, or after a restart, :class:`bot.views.ExpiredButton` answers "this round has ended".

The view is registered by custom id (``Client.add_view``) *before* its question is posted, and the post
(and its later edits) carry only a :meth:`AnswerView.drawing` of it: a member may click as soon as Discord
shows the question, before the bot has read Discord's reply to the post, and discord.py binds a view sent
with a message only once that reply is read. Registered once, the view is removed from discord.py's view
store once, by ``stop()`` when the round ends.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from functools import partial

import discord

from bot.views import OwnedView, copy_button, drawing
from facts.trivia.questions import LETTERS

log = logging.getLogger(__name__)

AnswerHandler = Callable[[discord.Interaction, int, int], Awaitable[None]]


class AnswerView(OwnedView):
    """Buttons A–D for question ``number``; each click goes to ``on_answer(interaction, number, choice)``."""

    feature = "trivia"

    def __init__(self, registry: dict[str, discord.ui.View], number: int, on_answer: AnswerHandler) -> None:
        super().__init__(registry, timeout=None)  # the round ends it, not a timer
        self.number = number
        self.on_answer = on_answer
        self.closed = False
        for choice, letter in enumerate(LETTERS):
            button: discord.ui.Button[AnswerView] = discord.ui.Button(
                label=letter, custom_id=self.custom_id(letter.lower()), style=discord.ButtonStyle.primary)
            button.callback = partial(self._clicked, choice)  # type: ignore[method-assign]
            self.add_item(button)

    async def _clicked(self, choice: int, interaction: discord.Interaction) -> None:
        # Checked before any await: if the round ended between the click's dispatch and now, ExpiredButton
        # (dispatched for the same click, just before us) has answered it; answering again would fail.
        if self.nonce not in self.registry:
            return
        await self.on_answer(interaction, self.number, choice)

    def drawing(self) -> discord.ui.View:
        """The buttons as they look now, to post or edit with (the live view itself stays unbound)."""
        return drawing(*(copy_button(b) for b in self.children if isinstance(b, discord.ui.Button)))

    def close(self, answer: int | None) -> None:
        """Disable the buttons; the right one (if revealed) turns green."""
        self.closed = True
        for choice, item in enumerate(self.children):
            if isinstance(item, discord.ui.Button):
                item.disabled = True
                item.style = discord.ButtonStyle.success if choice == answer else discord.ButtonStyle.secondary
