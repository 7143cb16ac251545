"""The buttons under an upload's answer, and the confirmation of a removal.

**Enable here** and **Download draft** say which pack they act on in their custom id,
``chronicle:packs:<action>:<pack id>``, so they work as long as the message exists, restarts included; one
dynamic item, :class:`PackButton`, answers them, checking the clicker's Manage Server permission and that the
pack belongs to the server clicked in. The removal's Confirm / Cancel buttons expire with their view.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import discord

from bot.cogs.packs import _render as show
from bot.errors import answer_failure, error_answer
from bot.limits import CUSTOM_ID
from bot.respond import send
from bot.views import OwnedView
from facts.errors import ChronicleError

if TYPE_CHECKING:
    from bot.client import Chronicle

log = logging.getLogger(__name__)
TEMPLATE = re.compile(r"^chronicle:packs:(?P<action>enable|download):(?P<pack>g\d{1,20}_[a-z0-9_]{1,32})$")


def upload_buttons(pack: str) -> discord.ui.View:
    """Enable here and Download draft for stored pack ``pack`` (answered by :class:`PackButton`)."""
    view = discord.ui.View(timeout=None)
    for action, label, style in (("enable", "Enable here", discord.ButtonStyle.success),
                                 ("download", "Download draft", discord.ButtonStyle.secondary)):
        custom_id = f"chronicle:packs:{action}:{pack}"
        assert len(custom_id) <= CUSTOM_ID
        assert TEMPLATE.fullmatch(custom_id)
        view.add_item(discord.ui.Button(label=label, style=style, custom_id=custom_id))
    view.stop()  # only drawn: PackButton answers
    return view


class PackButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=TEMPLATE):
    def __init__(self, action: str, pack: str) -> None:
        super().__init__(discord.ui.Button(label=action, custom_id=f"chronicle:packs:{action}:{pack}"))
        self.action, self.pack = action, pack

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> PackButton:
        return cls(match["action"], match["pack"])

    async def callback(self, interaction: discord.Interaction) -> None:
        bot: Chronicle = interaction.client  # type: ignore[assignment]
        try:
            if interaction.guild_id is None or bot.store.owner_of(self.pack) != interaction.guild_id:
                raise ChronicleError("This pack is not in this server any more.")
            if not interaction.permissions.manage_guild:
                raise ChronicleError("This needs the Manage Server permission.")
            name = self.pack.removeprefix(f"g{interaction.guild_id}_")
            if self.action == "enable":
                entry = await bot.library.set_enabled(interaction.guild_id, name, True)
                await send(interaction, embed=show.changed_embed(entry, "enabled"), ephemeral=True)
            else:
                export = await bot.library.export(interaction.guild_id, name)
                if show.export_size(export) > interaction.filesize_limit:
                    raise ChronicleError("The draft is larger than Discord lets this server receive; the bot's "
                                         "operator can write it out with `chronicle pack export`.")
                await send(interaction, content="The draft and its document: edit, then `/pack upload` them "
                                                "with `replace:True`.", files=show.files_of(export), ephemeral=True)
        except Exception as exc:  # every click gets an answer
            await answer_failure(interaction, exc, f"the pack {self.action} button")


class ConfirmRemove(OwnedView):
    """Remove / Keep for ``owner_id``'s removal; ``remove`` runs on Remove."""

    feature = "packrm"

    def __init__(self, registry: dict[str, discord.ui.View], owner_id: int,
                 remove: Callable[[], Awaitable[discord.Embed]], *, timeout: float = 120) -> None:
        super().__init__(registry, timeout=timeout)
        self.owner_id, self.remove = owner_id, remove
        yes: discord.ui.Button[ConfirmRemove] = discord.ui.Button(
            label="Remove", style=discord.ButtonStyle.danger, custom_id=self.custom_id("yes"))
        no: discord.ui.Button[ConfirmRemove] = discord.ui.Button(
            label="Keep it", style=discord.ButtonStyle.secondary, custom_id=self.custom_id("no"))
        yes.callback = self._yes  # type: ignore[method-assign]
        no.callback = self._no  # type: ignore[method-assign]
        self.add_item(yes)
        self.add_item(no)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message("Only the member who asked can confirm this.", ephemeral=True)
        return False

    async def _yes(self, interaction: discord.Interaction) -> None:
        self.stop()
        try:
            embed = await self.remove()
        except Exception as exc:
            embed, error_id = error_answer(exc, "pack remove")
            if error_id:
                log.error("error %s removing a pack", error_id, exc_info=exc)
        await interaction.response.edit_message(embed=embed, view=None)

    async def _no(self, interaction: discord.Interaction) -> None:
        self.stop()
        await interaction.response.edit_message(content="Kept.", embed=None, view=None)
