"""The /pack answers as embeds and files. Text from uploaded documents is shown as text: markdown escaped,
never a mention (the bot's ``allowed_mentions`` is none), never HTML."""

from __future__ import annotations

import io

import discord

from bot.limits import FIELD_VALUE, clip, fit_embed
from facts.library import Export, Listing, PackEntry, Prepared, Quotas

COLOUR = discord.Colour.dark_teal()
PROBLEM_COLOUR = discord.Colour.orange()
SHOWN_PROBLEMS = 15


def plain(text: str, limit: int) -> str:
    """Document text safe to show: markdown escaped, clipped."""
    return clip(discord.utils.escape_markdown(discord.utils.escape_mentions(text)), limit)


def _lines(lines: list[str], limit: int = FIELD_VALUE) -> str:
    out: list[str] = []
    for line in lines:
        if len("\n".join([*out, line])) > limit - 20:
            out.append(f"…and {len(lines) - len(out)} more")
            break
        out.append(line)
    return "\n".join(out) or "—"


def upload_embed(prepared: Prepared, entry: PackEntry) -> discord.Embed:
    how = "Drafted from" if prepared.drafted else "Checked against its document:"
    embed = discord.Embed(title=plain(f"Pack “{entry.name}”: {entry.title}", 256), colour=COLOUR,
                          description=f"{how} {plain(prepared.filename, 200)}. It is stored for this server, "
                                      "not yet enabled: **Enable here** makes every lookup, the daily post "
                                      "and trivia use it. **Download draft** gives you the YAML and the "
                                      "document to correct and upload again.")
    embed.add_field(name="What it holds", value=_lines([f"• {line}" for line in prepared.summary]), inline=False)
    if prepared.no_dates:
        embed.add_field(name="No dates", value="The document dates nothing Chronicle can read, so there are no "
                                               "events; its people are kept.", inline=False)
    if prepared.first_events:
        embed.add_field(name="First events", value=_lines(
            [f"• **{plain(e.date, 60)}** — {plain(e.title, 100)}" for e in prepared.first_events]), inline=False)
    if prepared.notes:
        embed.add_field(name=f"To check ({len(prepared.notes)} marked for review)", value=_lines(
            [f"• {plain(_short(note), 150)}" for note in prepared.notes[:SHOWN_PROBLEMS]]), inline=False)
    return fit_embed(embed)


def _short(line: str) -> str:
    """A validator line without its file name: "events[3] 'x' (line 40): review: …"."""
    return line.split(": ", 1)[1] if ": " in line else line


def problems_embed(prepared: Prepared) -> discord.Embed:
    problems = prepared.problems
    embed = discord.Embed(
        title=plain(f"{prepared.filename}: {len(problems)} problem(s); nothing was stored", 256),
        colour=PROBLEM_COLOUR,
        description=_lines([f"• {plain(p, 300)}" for p in problems[:SHOWN_PROBLEMS]], 4000)
        + "\n\nEach names the entry and the field, as `chronicle facts validate` prints them. "
          "Fix them and upload again.")
    return fit_embed(embed)


def listing_embed(listing: Listing, quotas: Quotas) -> discord.Embed:
    embed = discord.Embed(title="This server's packs", colour=COLOUR)

    def line(e: PackEntry) -> str:
        kind = "shipped" if e.shipped else f"uploaded, {quotas.size(e.bytes)}"
        return f"• **{plain(e.name, 40)}** — {plain(e.title, 80)} ({e.events} events, {e.people} people; {kind})"

    embed.add_field(name="Enabled", value=_lines([line(e) for e in listing.enabled]) if listing.enabled
                    else "None: lookups have nothing to answer from. `/pack enable` one.", inline=False)
    if listing.available:
        embed.add_field(name="Available, not enabled", value=_lines([line(e) for e in listing.available]),
                        inline=False)
    embed.set_footer(text=f"Uploads: {listing.used_packs} of {listing.max_packs} packs, "
                          f"{quotas.size(listing.used_bytes)} of {quotas.size(listing.max_bytes)}; "
                          f"at most {quotas.uploads_per_hour} uploads an hour.")
    return fit_embed(embed)


def changed_embed(entry: PackEntry, what: str) -> discord.Embed:
    text = {
        "enabled": "Lookups, autocomplete, the daily post and trivia in this server now use it.",
        "disabled": "This server's lookups, daily post and trivia no longer use it. `/pack enable` brings it back.",
        "removed": "Its facts and its file are gone from this server. Scores and reports stay.",
    }[what]
    return discord.Embed(title=plain(f"{entry.name}: {what}", 256), description=text, colour=COLOUR)


def files_of(export: Export) -> list[discord.File]:
    return [discord.File(io.BytesIO(export.pack_yaml.encode("utf-8")), filename=export.pack_filename),
            discord.File(io.BytesIO(export.document.encode("utf-8")), filename=export.document_filename)]


def export_size(export: Export) -> int:
    return len(export.pack_yaml.encode("utf-8")) + len(export.document.encode("utf-8"))
