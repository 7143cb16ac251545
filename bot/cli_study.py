"""``chronicle study export``: a whole pack's cards, or one member's, as an Anki deck (``.apkg``);
``chronicle study stats``: what /study stats shows of a member, as text."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot import text
from facts.errors import BadInput
from facts.paths import database_path
from facts.store import FactStore
from facts.study.anki import deck, filename_for, member_cards, pack_cards
from facts.study.stats import StudyStats, stats
from facts.study.storage import StudyStorage


async def cmd_study_export(args: argparse.Namespace) -> str:
    if args.member is not None and args.server is None:
        raise BadInput("A member's cards are per server: give the server too.", "--server ID --member ID")
    if args.pack is not None and args.server is not None:
        raise BadInput("--pack exports a whole pack; --server goes with --member.", "--pack korean_war")
    store = await FactStore.open(database_path(args.db))
    try:
        if args.pack is not None:
            cards = await pack_cards(store, args.pack)
            title, deck_key = f"Chronicle: {store.sources[args.pack].title}", f"pack:{args.pack}"
        else:
            cards = await member_cards(StudyStorage(store.db, store), args.server, args.member)
            title = f"Chronicle: member {args.member} in server {args.server}"
            deck_key = f"member:{args.server}:{args.member}"
    finally:
        await store.close()
    out = Path(args.out or filename_for(title))
    _write(out, deck(cards, title=title, deck_key=deck_key), force=args.force)
    if args.json:
        return text.to_json({"file": str(out), "cards": len(cards), "title": title}) + "\n"
    return f"Wrote {len(cards)} cards to {out}\n"


async def cmd_study_stats(args: argparse.Namespace) -> str:
    store = await FactStore.open(database_path(args.db))
    try:
        shown = await stats(StudyStorage(store.db, store), args.server, args.member, datetime.now(UTC))
    finally:
        await store.close()
    if args.json:
        return text.to_json(shown) + "\n"
    return render_stats(shown)


def render_stats(shown: StudyStats) -> str:
    retention = f"{shown.retention:.0%}" if shown.retention is not None else "not enough reviews yet"
    lines = [f"Member {shown.member_id}: {shown.cards} cards ({shown.suspended} suspended)",
             f"  due now {shown.due_now}, due today {shown.due_today}",
             f"  reviewed today {shown.reviewed_today}, in 30 days {shown.reviewed_recent}",
             f"  retention {retention}, streak {shown.streak} day{'s' if shown.streak != 1 else ''}"]
    if shown.next_due is not None:
        lines.append(f"  next card due {shown.next_due:%Y-%m-%d %H:%M} UTC")
    for hard in shown.hardest:
        lines.append(f"  hard: {hard.card.about or hard.card.answer} ({hard.lapses} misses)")
    return "\n".join(lines) + "\n"


def _write(out: Path, data: bytes, *, force: bool) -> None:
    if out.is_dir():
        raise BadInput(f"{out} is a folder; give the file to write, e.g. -o {out / 'deck.apkg'}")
    if out.exists() and not force:
        raise BadInput(f"{out} already exists; give --force to overwrite it.")
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise BadInput(f"cannot write {out}: {exc.strerror or exc.__class__.__name__}") from None


def add_study_commands(sub: Any, common: argparse.ArgumentParser) -> Any:
    """Register ``study`` and its ``export``; returns the ``study`` subparsers, for more commands."""
    study = sub.add_parser("study", help="study mode: members' cards, exported to Anki")
    study_sub = study.add_subparsers(dest="study_command", required=True, metavar="COMMAND")
    export = study_sub.add_parser(
        "export", parents=[common], help="write a pack's or a member's cards as an Anki deck (.apkg)",
        description="Write cards as an Anki deck: every card of a pack (--pack), or one member's cards in a "
                    "server (--server and --member). Notes keep their ids, so importing a newer deck updates them.")
    which = export.add_mutually_exclusive_group(required=True)
    which.add_argument("--pack", metavar="NAME", help="every card of this pack, e.g. korean_war")
    which.add_argument("--member", type=int, metavar="ID", help="this member's cards (with --server)")
    export.add_argument("--server", type=int, metavar="ID", help="the server of the member's study")
    export.add_argument("-o", "--out", metavar="FILE", help="the .apkg file to write (default: from the deck's title)")
    export.add_argument("--force", action="store_true", help="overwrite an existing file")
    export.set_defaults(handler=cmd_study_export)
    shown = study_sub.add_parser("stats", parents=[common], help="a member's study in a server",
                                 description="What /study stats shows: cards due, reviews, retention, streak.")
    shown.add_argument("--server", type=int, metavar="ID", required=True, help="the server")
    shown.add_argument("--member", type=int, metavar="ID", required=True, help="the member")
    shown.set_defaults(handler=cmd_study_stats)
    return study_sub
