"""The ``chronicle`` command: the offline twins of the slash commands, and running the bot.

Every query command parses its argument, asks the fact store, and prints the answer as text (or JSON
with ``--json``). Bad input is one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sqlite3
import sys
from collections.abc import Awaitable, Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from bot import text
from bot.cli_packs import add_library_commands
from bot.cli_study import add_study_commands
from facts.dates import parse_month_day, parse_span
from facts.errors import BadInput, ChronicleError, NotFound, PackError
from facts.pack import load_packs, pack_paths
from facts.paths import database_path
from facts.scope import Scope
from facts.store import FactStore

EXIT_NOT_FOUND = 1
EXIT_BAD_INPUT = 2

Handler = Callable[[argparse.Namespace], Awaitable[str]]


async def _with_store(args: argparse.Namespace, query: Callable[[FactStore, Scope], Awaitable[Any]],
                      render: Callable[[Any], str]) -> str:
    """Ask ``query`` within the packs of ``--server`` (default: the packs from files), render the answer."""
    store = await FactStore.open(database_path(args.db))
    try:
        answer = await query(store, await store.scope_for(getattr(args, "server", None)))
    finally:
        await store.close()
    return text.to_json(answer) + "\n" if args.json else render(answer)


async def cmd_date(args: argparse.Namespace) -> str:
    span = parse_span(args.when)
    return await _with_store(args, lambda s, scope: s.on_date(span, scope=scope), text.render_date)


async def cmd_person(args: argparse.Namespace) -> str:
    return await _with_store(args, lambda s, scope: s.person(args.name, scope=scope), text.render_person)


async def cmd_when(args: argparse.Namespace) -> str:
    return await _with_store(args, lambda s, scope: s.when(args.event, scope=scope), text.render_when)


async def cmd_onthisday(args: argparse.Namespace) -> str:
    today = date.today()
    day = parse_month_day(args.day) if args.day else parse_month_day(today.isoformat())
    return await _with_store(args, lambda s, scope: s.on_this_day(day, scope=scope),
                             lambda a: text.render_on_this_day(a, today))


async def cmd_timeline(args: argparse.Namespace) -> str:
    start = parse_span(args.start) if args.start else None
    end = parse_span(args.end) if args.end else None
    if args.page < 1:
        raise BadInput("Pages count from 1.", "--page 2")
    if args.png is not None and args.json:
        raise BadInput("--png writes a picture and --json prints the answer; give one of them.")
    render = text.render_timeline if args.png is None else partial(_write_timeline_png, path=Path(args.png))
    return await _with_store(args, lambda s, scope: s.timeline(start, end, page=args.page, per_page=args.per_page,
                                                                   scope=scope),
                             render)


def _write_timeline_png(page: Any, *, path: Path) -> str:
    """Draw the timeline page to ``path`` (Pillow loads only for this) and say what was written."""
    from bot.timeline_picture import layout_for, render_png

    plan = layout_for(page.items)
    png = render_png(plan)
    try:
        path.write_bytes(png)
    except OSError as exc:
        raise BadInput(f"cannot write {path}: {exc.strerror or exc.__class__.__name__}") from None
    return f"Wrote {path} ({plan.width}×{plan.height}, {max(1, round(len(png) / 1024))} KB)\n"


async def cmd_search(args: argparse.Namespace) -> str:
    bold = sys.stdout.isatty()
    return await _with_store(args, lambda s, scope: s.search(args.query, scope=scope),
                             lambda a: text.render_search(a, bold=bold))


async def cmd_facts_stats(args: argparse.Namespace) -> str:
    return await _with_store(args, lambda s, scope: s.stats(scope=scope), text.render_stats)


async def cmd_facts_reports(args: argparse.Namespace) -> str:
    """List members' reports (every server unless --guild), or resolve one (``… reports resolve ID``)."""
    from datetime import UTC, datetime

    from bot import reports_text
    from facts.reports import EVERY_GUILD, ReportStorage, Show

    guild = EVERY_GUILD if args.guild is None else args.guild
    store = await FactStore.open(database_path(args.db))
    try:
        reports = ReportStorage(store.db)
        if args.reports_command == "resolve":
            done = await reports.resolve(args.id, guild_id=guild, by=None, note=args.note, now=datetime.now(UTC))
            return reports_text.resolved_json(done) if args.json else reports_text.render_resolved(done)
        if args.page < 1:
            raise BadInput("Pages count from 1.", "--page 2")
        page = await reports.listing(store, guild, Show.ALL if args.all else Show.OPEN, page=args.page,
                                     per_page=args.per_page)
    finally:
        await store.close()
    return reports_text.listing_json(page) if args.json else reports_text.render_listing(page)


async def cmd_facts_validate(args: argparse.Namespace) -> str:
    paths = [Path(p) for p in args.packs] or pack_paths()
    packs = load_packs(paths)
    if args.json:
        return text.to_json([{"pack": p.id, "file": str(p.path), "events": len(p.events),
                              "people": len(p.people), "ok": True, "notes": list(p.notes)} for p in packs]) + "\n"
    out = []
    for p in packs:
        marked = f", {len(p.notes)} marked for review" if p.notes else ""
        out.append(f"ok: {p.path.name}: pack {p.id!r}, {len(p.events)} events, {len(p.people)} people{marked}\n")
        out += [f"note: {note}\n" for note in p.notes]
    return "".join(out)


LONG_DOCUMENT = 40  # paragraphs: a shorter draft is done before a progress bar would be worth drawing


async def cmd_pack_draft(args: argparse.Namespace) -> str:
    """Draft a pack from a document: write ``<out>/<name>.yaml`` and ``<out>/<name>.txt``, print a summary."""
    return _draft_pack(args)  # no store, no await: the whole command is file work and text


def _draft_pack(args: argparse.Namespace) -> str:
    from facts.draft import draft_text, pack_name, read_document

    source = Path(args.file)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise BadInput(f"cannot read {source}: {exc.strerror or exc.__class__.__name__}") from None
    text_ = read_document(data, source.name)
    name = args.name or pack_name(source.name)
    out = Path(args.out)
    pack_file, document_file = out / f"{name}.yaml", out / f"{name}.txt"
    existing = [p for p in (pack_file, document_file) if p.exists()]
    if existing and not args.force:
        raise BadInput(f"{existing[0]} already exists; give --force to overwrite it, or another --name.")
    bar = _progress_bar(text_)
    try:
        draft = draft_text(text_, name=name, title=args.title, citation=args.citation or source.name,
                           progress=bar.update_to if bar is not None else None)
    finally:
        if bar is not None:
            bar.close()
    out.mkdir(parents=True, exist_ok=True)
    document_file.write_text(draft.document, encoding="utf-8")
    pack_file.write_text(draft.pack_yaml, encoding="utf-8")
    summary = draft.summary
    if args.json:
        return text.to_json({"pack": str(pack_file), "document": str(document_file), "name": name,
                             "events_by_precision": summary.events_by_precision, "events": summary.events,
                             "people": summary.people, "figures": summary.figures, "review": summary.review,
                             "no_dates": summary.no_dates}) + "\n"
    lines = [f"Drafted {pack_file} and {document_file} from {source.name}:", *(f"  {ln}" for ln in summary.lines()),
             f"Check it: chronicle facts validate {pack_file}"]
    return "\n".join(lines) + "\n"


def _progress_bar(document: str) -> Any:
    """A tqdm bar on stderr for a long document on a terminal; None when piped or short."""
    if not sys.stderr.isatty() or document.count("\n\n") < LONG_DOCUMENT:
        return None
    from tqdm import tqdm

    class Bar(tqdm):
        def update_to(self, done: int, total: int) -> None:
            self.total = total
            self.update(done - self.n)

    return Bar(desc="drafting", unit="paragraph", file=sys.stderr, leave=False)


def _bot_settings(args: argparse.Namespace) -> Any:
    """Settings for the commands that connect, with logging set up once (colour only on a terminal)."""
    import discord  # the bot's dependencies load only for the commands that need them

    from bot.settings import Settings

    settings = Settings.from_env(db=args.db)
    settings.require_token()
    if sys.stderr.isatty():
        discord.utils.setup_logging(level=settings.log_level)
    else:
        discord.utils.setup_logging(level=settings.log_level, formatter=logging.Formatter(
            "{asctime} {levelname:<8} {name}: {message}", style="{"))
    return settings


async def cmd_run(args: argparse.Namespace) -> str:
    from bot import runner

    await runner.run(_bot_settings(args), sync=args.sync)
    return ""


async def cmd_sync(args: argparse.Namespace) -> str:
    from bot import runner

    count = await runner.sync_commands(_bot_settings(args))
    return f"Published {count} commands to every server (Discord may take up to an hour to show them).\n"


async def cmd_health(args: argparse.Namespace) -> str:
    from bot import health
    from bot.settings import Settings

    shards = Settings.from_env(db=args.db).shards  # the same CHRONICLE_SHARDS as the process it checks
    result = await health.check(database_path(args.db), max_age=args.max_age, shards=shards)
    report = "\n".join(result.lines) + "\n"
    if not result.ok:
        raise Unhealthy(report)
    return report


class Unhealthy(ChronicleError):
    """``chronicle health`` found a problem; the message is the full report."""


def _add_pack_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    pack = sub.add_parser("pack", help="draft fact packs; list and manage the servers' packs")
    pack_sub = pack.add_subparsers(dest="pack_command", required=True, metavar="COMMAND")
    draft = pack_sub.add_parser("draft", help="draft a pack from a document (.txt, .md, .html, .pdf)",
                                description="Draft a fact pack from a document: its dated events, people and "
                                            "figures, with review marks on what a human should check.")
    draft.add_argument("file", help="the document: .txt, .md, .html/.htm or a .pdf with a text layer")
    draft.add_argument("--out", default=".", help="folder to write <name>.yaml and <name>.txt into (default: .)")
    draft.add_argument("--name", help="the pack id: lowercase letters, digits and _ (default: from the file name)")
    draft.add_argument("--title", help="the pack's title (default: the document's first heading)")
    draft.add_argument("--citation", help="the source, as the footer cites it (default: the file name)")
    draft.add_argument("--force", action="store_true", help="overwrite an existing pack of that name")
    draft.add_argument("--json", action="store_true", help="print the summary as JSON")
    draft.set_defaults(handler=cmd_pack_draft)
    add_library_commands(pack_sub, common)


def _add_facts_parser(sub: Any, common: argparse.ArgumentParser, asking: argparse.ArgumentParser) -> None:
    facts = sub.add_parser("facts", help="check and describe the fact packs")
    facts_sub = facts.add_subparsers(dest="facts_command", required=True, metavar="COMMAND")
    validate = facts_sub.add_parser("validate", parents=[common], help="check packs against their documents")
    validate.add_argument("packs", nargs="*", help="pack files (default: every shipped and configured pack)")
    validate.set_defaults(handler=cmd_facts_validate)
    facts_sub.add_parser("stats", parents=[asking], help="what the fact store holds").set_defaults(
        handler=cmd_facts_stats)
    reports = facts_sub.add_parser("reports", parents=[common], help="members' reports of wrong answers",
                                   description="List members' reports of wrong answers (open ones, newest first), "
                                               "or resolve one: chronicle facts reports resolve ID [--note TEXT]")
    reports.add_argument("--guild", type=int, metavar="ID", help="only this server's (default: every server)")
    reports.add_argument("--all", action="store_true", help="resolved reports too")
    reports.add_argument("--page", type=int, default=1, help="page number (from 1)")
    reports.add_argument("--per-page", type=int, default=20, choices=range(1, 101), metavar="N",
                         help="reports per page (1–100, default 20)")
    reports.set_defaults(handler=cmd_facts_reports, reports_command=None)
    reports_sub = reports.add_subparsers(dest="reports_command", metavar="resolve", required=False)
    # Options may come before or after "resolve": left out after it, they keep what was given before it.
    inherited = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
    inherited.add_argument("--db", help="SQLite database file")
    inherited.add_argument("--json", action="store_true", help="print the answer as JSON")
    inherited.add_argument("--guild", type=int, metavar="ID", help="refuse it unless it is this server's")
    resolve = reports_sub.add_parser("resolve", parents=[inherited], help="resolve a report",
                                     description="Resolve a report: it leaves the open list, and a reported trivia "
                                                 "question goes back into its server's rounds")
    resolve.add_argument("id", type=int, help="the report's number (#12 is 12)")
    resolve.add_argument("--note", default=None, help="what was done, e.g. “fixed in the pack”")


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", help="SQLite database file (default: $CHRONICLE_DB or the user data directory)")
    common.add_argument("--json", action="store_true", help="print the answer as JSON")
    asking = argparse.ArgumentParser(add_help=False, parents=[common])
    asking.add_argument("--server", type=int, metavar="ID", help="answer from the packs this server has enabled "
                                                                 "(default: the packs from files)")

    parser = argparse.ArgumentParser(prog="chronicle", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[asking], help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    add("date", cmd_date, "what happened on a day, in a month, season or year").add_argument(
        "when", help="1950-06-25, June 1950, winter 1949-50, 1948, October 1949 to June 1950…")
    add("person", cmd_person, "who a person was (aliases and OCR slips forgiven)").add_argument(
        "name", help="for example “Kim II Sung” or “Byrnes”")
    add("when", cmd_when, "when something happened").add_argument("event", help="a few words, e.g. “38th parallel”")
    add("onthisday", cmd_onthisday, "on this day in history (today when no day is given)").add_argument(
        "day", nargs="?", help="a month and day: 08-06, Aug. 6, 6 August")
    timeline = add("timeline", cmd_timeline, "events between two dates, in order, a page at a time")
    timeline.add_argument("--from", dest="start", help="start date, e.g. 1949")
    timeline.add_argument("--to", dest="end", help="end date, e.g. 1950-06")
    timeline.add_argument("--page", type=int, default=1, help="page number (from 1)")
    timeline.add_argument("--per-page", type=int, default=20, choices=range(1, 101), metavar="N",
                          help="events per page (1–100, default 20)")
    timeline.add_argument("--png", metavar="FILE", help="write the page as a timeline picture (PNG) to FILE")
    add("search", cmd_search, "full-text search over events, people and the source documents").add_argument(
        "query", help="words to look for, e.g. “Security Council”")

    run = sub.add_parser("run", help="connect the bot to Discord (needs DISCORD_TOKEN)")
    run.add_argument("--db", help="SQLite database file (default: $CHRONICLE_DB or the user data directory)")
    run.add_argument("--sync", action="store_true", help="publish the slash commands globally first")
    run.set_defaults(handler=cmd_run, json=False)
    sync = sub.add_parser("sync", help="publish the slash commands to every server, then exit")
    sync.add_argument("--db", help="SQLite database file")
    sync.set_defaults(handler=cmd_sync, json=False)

    check = sub.add_parser("health", help="exit 0 when the database opens and the bot's gateway heartbeat is recent")
    check.add_argument("--db", help="SQLite database file")
    check.add_argument("--max-age", type=float, default=90, help="seconds a heartbeat stays fresh (default 90)")
    check.set_defaults(handler=cmd_health, json=False)

    _add_pack_parser(sub, common)
    add_study_commands(sub, common)

    _add_facts_parser(sub, common, asking)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        output = asyncio.run(args.handler(args))
    except PackError as exc:
        print(f"chronicle: {len(exc.problems)} problem(s) in the fact packs:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except NotFound as exc:
        did_you_mean = f" Did you mean: {', '.join(exc.suggestions)}?" if exc.suggestions else ""
        print(f"chronicle: {exc.message}{did_you_mean}", file=sys.stderr)
        return EXIT_NOT_FOUND
    except BadInput as exc:
        example = f" ({exc.example})" if exc.example else ""
        print(f"chronicle: {exc.message}{example}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Unhealthy as exc:
        print(f"chronicle: unhealthy\n{exc}", end="", file=sys.stderr)
        return EXIT_NOT_FOUND
    except ChronicleError as exc:
        print(f"chronicle: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (OSError, sqlite3.Error) as exc:
        print(f"chronicle: cannot use the database: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    sys.stdout.write(output)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
