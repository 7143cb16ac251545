"""``chronicle pack list|remove|export``: the operator's view of every server's packs (the bot's database)."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from bot import text
from facts.errors import BadInput
from facts.library import Export, Listing, PackLibrary
from facts.paths import database_path
from facts.store import FactStore


@contextlib.asynccontextmanager
async def _library(args: argparse.Namespace) -> AsyncIterator[PackLibrary]:
    store = await FactStore.open(database_path(args.db))
    try:
        yield PackLibrary(store)
    finally:
        await store.close()


async def cmd_pack_list(args: argparse.Namespace) -> str:
    async with _library(args) as library:
        listing = await library.listing(None if args.all else args.server)
    if not args.all and args.server is None:  # the packs from files: what every server starts with
        listing = Listing(None, tuple(e for e in listing.entries if e.shipped), 0, 0, listing.max_packs,
                          listing.max_bytes)
    if args.json:
        return text.to_json(listing) + "\n"
    return render_listing(listing, library)


def render_listing(listing: Listing, library: PackLibrary) -> str:
    size = library.quotas.size
    lines = []
    for e in listing.entries:
        where = "every server" if e.shipped else f"server {e.guild_id}"
        state = "" if listing.guild_id is None and e.shipped else (" enabled" if e.enabled else " disabled")
        kept = "" if e.shipped else f", {size(e.bytes)}"
        lines.append(f"{e.name:<24} {e.events:>7} events {e.people:>6} people  {where}{state}{kept}  {e.title}")
    if listing.guild_id is not None:
        lines.append(f"uploads: {listing.used_packs} of {listing.max_packs} packs, {size(listing.used_bytes)} of "
                     f"{size(listing.max_bytes)}")
    return "\n".join(lines or ["no packs"]) + "\n"


async def cmd_pack_remove(args: argparse.Namespace) -> str:
    async with _library(args) as library:
        entry = await library.remove(args.server, args.name)
    return f"removed {entry.name} ({entry.events} events, {entry.people} people) from server {args.server}\n"


async def cmd_pack_export(args: argparse.Namespace) -> str:
    async with _library(args) as library:
        export = await library.export(args.server, args.name)
    return _write(export, Path(args.out), force=args.force)


def _write(export: Export, out: Path, *, force: bool) -> str:
    out.mkdir(parents=True, exist_ok=True)
    files = [(out / export.pack_filename, export.pack_yaml), (out / export.document_filename, export.document)]
    existing = [str(p) for p, _ in files if p.exists()]
    if existing and not force:
        raise BadInput(f"{', '.join(existing)} already exist(s); give --force to overwrite.")
    for path, content in files:
        path.write_text(content, encoding="utf-8")
    return "".join(f"wrote {path}\n" for path, _ in files)


def add_library_commands(pack_sub: Any, common: argparse.ArgumentParser) -> None:
    listing = pack_sub.add_parser("list", parents=[common], help="the packs of the database: from files, a server's, "
                                                                 "or every server's")
    which = listing.add_mutually_exclusive_group()
    which.add_argument("--all", action="store_true", help="every server's uploads too")
    which.add_argument("--server", type=int, metavar="ID", help="what this server has: enabled, disabled, quotas")
    listing.set_defaults(handler=cmd_pack_list)
    remove = pack_sub.add_parser("remove", parents=[common], help="remove a server's uploaded pack")
    remove.add_argument("--server", type=int, metavar="ID", required=True, help="the server it was uploaded in")
    remove.add_argument("name", help="the pack's name in that server")
    remove.set_defaults(handler=cmd_pack_remove)
    export = pack_sub.add_parser("export", parents=[common], help="write a server's pack and its document to files")
    export.add_argument("--server", type=int, metavar="ID", required=True, help="the server whose pack it is")
    export.add_argument("name", help="the pack's name in that server")
    export.add_argument("--out", default=".", help="folder to write into (default: .)")
    export.add_argument("--force", action="store_true", help="overwrite existing files")
    export.set_defaults(handler=cmd_pack_export)
