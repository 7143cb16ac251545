"""Discord's limits, in one place, and the helpers that keep our messages inside them.

Discord rejects a message that breaks any of these with 400 "Invalid Form Body"; a rejected answer is
an unanswered member, so every embed we send goes through :func:`fit_embed`.
"""

from __future__ import annotations

import discord

CONTENT = 2000
EMBEDS_PER_MESSAGE = 10
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER_TEXT = 2048
AUTHOR_NAME = 256
EMBED_TOTAL = 6000
AUTOCOMPLETE_CHOICES = 25
CHOICE_NAME = 100
CHOICE_VALUE = 100
ACTION_ROWS = 5
BUTTONS_PER_ROW = 5
CUSTOM_ID = 100
BUTTON_LABEL = 80
COMMAND_NAME = 32
COMMAND_DESCRIPTION = 100
COMMAND_OPTIONS = 25
ATTACHMENT_DESCRIPTION = 1024  # alt text of an attached file
INITIAL_RESPONSE_SECONDS = 3.0

ELLIPSIS = "…"


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, ending in an ellipsis when it was cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + ELLIPSIS


def embed_size(embed: discord.Embed) -> int:
    """The characters Discord counts towards the 6,000 total: title, description, fields, footer, author."""
    return len(embed)


def fit_embed(embed: discord.Embed) -> discord.Embed:
    """Clip every part of ``embed`` to its limit, then drop trailing fields until the total fits.

    Dropped fields are not lost silently: the footer says "…and N more".
    """
    if embed.title:
        embed.title = clip(embed.title, EMBED_TITLE)
    if embed.description:
        embed.description = clip(embed.description, EMBED_DESCRIPTION)
    if embed.author and embed.author.name:
        embed.set_author(name=clip(embed.author.name, AUTHOR_NAME), url=embed.author.url,
                         icon_url=embed.author.icon_url)
    fields = [(clip(f.name or "\u200b", FIELD_NAME), clip(f.value or "\u200b", FIELD_VALUE), bool(f.inline))
              for f in embed.fields]
    footer = embed.footer.text or ""
    dropped = max(0, len(fields) - EMBED_FIELDS)
    fields = fields[:EMBED_FIELDS]

    def rebuild() -> None:
        embed.clear_fields()
        for name, value, inline in fields:
            embed.add_field(name=name, value=value, inline=inline)
        more = f"…and {dropped} more. " if dropped else ""
        text = clip(more + footer, FOOTER_TEXT)
        if text:
            embed.set_footer(text=text, icon_url=embed.footer.icon_url)

    rebuild()
    while embed_size(embed) > EMBED_TOTAL and fields:
        fields.pop()
        dropped += 1
        rebuild()
    if embed_size(embed) > EMBED_TOTAL and embed.description:
        excess = embed_size(embed) - EMBED_TOTAL
        embed.description = clip(embed.description, max(1, len(embed.description) - excess))
    return embed
