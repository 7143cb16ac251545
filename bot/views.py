"""Buttons: a pager for long answers, and one answer for buttons whose view no longer exists.

Every view's custom ids read ``chronicle:<feature>:<nonce>:<action>``. While a view lives, its nonce
is in its client's ``live_views`` and the view answers its own clicks; after a time-out or a restart
the nonce is gone and :class:`ExpiredButton` answers instead, so no click is ever left unanswered.

discord.py answers one click with every handler that matches it: the view stored for the message (or
registered by custom id with ``Client.add_view``) *and* every dynamic item whose template matches. So the
templates are kept apart (``chronicle:report:…`` is the Report button's, never :class:`ExpiredButton`'s),
and a live view and :class:`ExpiredButton` agree on who answers by the nonce, checked before any await.

A message can also be *drawn* with a view discord.py does not keep (:func:`drawing`): a stopped view,
which ``send`` and ``edit`` render but do not store. Its buttons are answered elsewhere — a live view
registered by custom id before the message is posted (trivia), or a dynamic item (the Report button).
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, NamedTuple

import discord

log = logging.getLogger(__name__)

EXPIRED_TEXT = {
    "trivia": "This round has ended. Start a new one with `/trivia start`.",
}
DEFAULT_EXPIRED = "These buttons have expired. Run the command again."

class Page(NamedTuple):
    """What a pager shows for a page: its embed, where it is, and the files it carries (None: keep the
    message's attachments as they are; ``()``: none)."""

    embed: discord.Embed
    page: int
    pages: int
    files: Sequence[discord.File] | None = None


PageShow = Callable[[int], Awaitable[Page]]


def drawing(*items: discord.ui.Item[Any]) -> discord.ui.View:
    """A view only drawn: ``send``/``edit`` render a stopped view's items but keep no reference to it, so it
    answers nothing and cannot shadow (or, on stopping, unregister) whatever does answer its buttons."""
    view = discord.ui.View(timeout=None)
    for item in items:
        view.add_item(item)
    view.stop()
    return view


def copy_button(button: discord.ui.Button[Any]) -> discord.ui.Button[Any]:
    return discord.ui.Button(label=button.label, custom_id=button.custom_id, style=button.style,
                             disabled=button.disabled, emoji=button.emoji, row=button.row)


class OwnedView(discord.ui.View):
    """A view that registers its nonce while alive and disables its buttons when it times out."""

    feature = "view"

    def __init__(self, registry: dict[str, discord.ui.View], *, timeout: float | None = 600) -> None:
        super().__init__(timeout=timeout)
        self.nonce = secrets.token_hex(6)
        self.interaction: discord.Interaction | None = None
        self.registry = registry
        registry[self.nonce] = self

    def custom_id(self, action: str) -> str:
        return f"chronicle:{self.feature}:{self.nonce}:{action}"

    def stop(self) -> None:
        self.registry.pop(self.nonce, None)
        super().stop()

    async def on_timeout(self) -> None:
        self.registry.pop(self.nonce, None)
        for item in self.children:
            # A button this view only draws (a Report button) is answered elsewhere and stays usable.
            if isinstance(item, discord.ui.Button | discord.ui.Select) and item.is_dispatchable():
                item.disabled = True
        if self.interaction is not None:
            try:
                await self.interaction.edit_original_response(view=self)
            except discord.HTTPException:
                log.debug("could not disable the buttons of an expired %s view", self.feature)


class Pager(OwnedView):
    """Previous / Next buttons over ``pages`` pages; only ``owner_id`` may turn them."""

    feature = "pager"

    def __init__(self, registry: dict[str, discord.ui.View], owner_id: int, page: int, pages: int,
                 show: PageShow, *, timeout: float = 600) -> None:
        super().__init__(registry, timeout=timeout)
        self.owner_id, self.page, self.pages, self.show = owner_id, page, pages, show
        self.previous: discord.ui.Button[Pager] = discord.ui.Button(
            label="Previous", emoji="◀", custom_id=self.custom_id("prev"), style=discord.ButtonStyle.secondary)
        self.next: discord.ui.Button[Pager] = discord.ui.Button(
            label="Next", emoji="▶", custom_id=self.custom_id("next"), style=discord.ButtonStyle.secondary)
        self.previous.callback = self._previous  # type: ignore[method-assign]
        self.next.callback = self._next  # type: ignore[method-assign]
        self.add_item(self.previous)
        self.add_item(self.next)
        self._update()

    def _update(self) -> None:
        self.previous.disabled = self.page <= 1
        self.next.disabled = self.page >= self.pages

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message(
            "Only the member who asked can turn these pages; run the command yourself to browse.", ephemeral=True)
        return False

    async def _turn(self, interaction: discord.Interaction, step: int) -> None:
        shown = await self.show(self.page + step)
        self.page, self.pages = shown.page, shown.pages
        self._update()
        if shown.files is None:
            await interaction.response.edit_message(embed=shown.embed, view=self)
        else:  # the new page's files replace the old page's
            await interaction.response.edit_message(embed=shown.embed, view=self, attachments=list(shown.files))

    async def _previous(self, interaction: discord.Interaction) -> None:
        await self._turn(interaction, -1)

    async def _next(self, interaction: discord.Interaction) -> None:
        await self._turn(interaction, +1)


class ExpiredButton(discord.ui.DynamicItem[discord.ui.Button], template=re.compile(
        r"^chronicle:(?P<feature>(?!report:|packs:|study:|onthisday:)[a-z_]+):(?P<nonce>[0-9a-f]+):(?P<action>[\w:.-]*)$")):
    """Answers clicks on any of our buttons whose view is gone (timed out, or from before a restart).

    Never the Report button's (``chronicle:report:…``), a pack button's (``chronicle:packs:…``), a study
    button's (``chronicle:study:…``) or an on-this-day step's (``chronicle:onthisday:…``): those answer
    themselves, forever."""

    def __init__(self, feature: str, nonce: str, action: str) -> None:
        super().__init__(discord.ui.Button(label="…", custom_id=f"chronicle:{feature}:{nonce}:{action}"))
        self.feature, self.nonce = feature, nonce

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> ExpiredButton:
        return cls(match["feature"], match["nonce"], match["action"])

    async def callback(self, interaction: discord.Interaction) -> None:
        if self.nonce in getattr(interaction.client, "live_views", {}):
            return  # the live view answers
        await interaction.response.send_message(EXPIRED_TEXT.get(self.feature, DEFAULT_EXPIRED), ephemeral=True)
