"""Reports as plain text (``chronicle facts reports``) and as JSON, from the same data /facts reports shows."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from bot.text import INDENT, plain, quote
from facts.reports import FactKind, Report, ReportedFact, ReportPage, Show
from facts.reports.models import Resolved


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def where(report: Report) -> str:
    return "a direct message" if report.guild_id is None else f"server {report.guild_id}"


def jump_url(report: Report) -> str | None:
    if report.guild_id is None or report.channel_id is None or report.message_id is None:
        return None
    return f"https://discord.com/channels/{report.guild_id}/{report.channel_id}/{report.message_id}"


def _block(item: ReportedFact, *, every_guild: bool) -> list[str]:
    r = item.report
    head = f"#{r.id} {r.status.value}"
    if every_guild:
        head += f" · {where(r)}"
    head += f" · member {r.member_id} · {stamp(r.updated)} · from {r.context}"
    kind = "Event" if r.target.kind is FactKind.EVENT else "Person"
    lines = [head, f"{INDENT}{kind}: {item.when + ' — ' if item.when else ''}{item.title}"]
    if not item.present:
        lines.append(f"{INDENT}(This fact is no longer in the packs; shown as the member saw it.)")
    elif item.detail:
        lines.append(f"{INDENT}{item.detail}")
    if item.quote is not None:
        lines.append(INDENT + quote(item.quote))
    text = r.text.replace("\n", "\n" + INDENT + "  ")
    lines.append(f"{INDENT}Reported: “{text}”")
    if r.target.question:
        lines.append(f"{INDENT}Trivia question: {r.target.question}")
    link = jump_url(r)
    if link:
        lines.append(f"{INDENT}Answer: {link}")
    if not r.open and r.resolved_at is not None:
        by = "the command line" if r.resolved_by is None else f"member {r.resolved_by}"
        note = f": {r.resolution}" if r.resolution else ""
        lines.append(f"{INDENT}Resolved {stamp(r.resolved_at)} by {by}{note}")
    return lines


def render_listing(page: ReportPage) -> str:
    scope = "every server" if page.every_guild else where_guild(page.guild_id)
    status = {Show.OPEN: "open ", Show.RESOLVED: "resolved ", Show.ALL: ""}[page.show]
    if not page.items:
        return f"No {status}reports in {scope}.\n"
    lines = [f"{page.total} {status}report(s) in {scope}, newest first; page {page.page} of {page.pages}", ""]
    for item in page.items:
        lines += _block(item, every_guild=page.every_guild)
        lines.append("")
    if page.page < page.pages:
        lines.append(f"Next: --page {page.page + 1}")
    if page.show is not Show.RESOLVED:
        lines.append("Resolve one: chronicle facts reports resolve ID [--note TEXT]")
    return "\n".join(lines).rstrip() + "\n"


def where_guild(guild_id: int | None) -> str:
    return "direct messages" if guild_id is None else f"server {guild_id}"


def render_resolved(done: Resolved) -> str:
    r = done.report
    lines = [f"Resolved report #{r.id} ({where(r)}): {r.target.label}"]
    if r.resolution:
        lines.append(f"{INDENT}Note: {r.resolution}")
    if done.question_back:
        lines.append(f"{INDENT}Its trivia question {r.target.question} is back in that server's rounds.")
    return "\n".join(lines) + "\n"


def _item(item: ReportedFact) -> dict[str, Any]:
    data = plain(item.report)
    data["jump_url"] = jump_url(item.report)
    data["fact"] = {"present": item.present, "title": item.title, "when": item.when, "detail": item.detail,
                    "quote": plain(item.quote)}
    return data


def listing_json(page: ReportPage) -> str:
    data = {"guild_id": page.guild_id, "every_guild": page.every_guild, "show": page.show.value, "page": page.page,
            "pages": page.pages, "total": page.total, "per_page": page.per_page,
            "reports": [_item(i) for i in page.items]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def resolved_json(done: Resolved) -> str:
    data = {"report": plain(done.report), "question_back": done.question_back}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
