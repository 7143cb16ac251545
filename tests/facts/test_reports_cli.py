"""``chronicle facts reports``: the same reports /facts reports shows, as text and JSON; resolving from the shell."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import EXIT_BAD_INPUT, EXIT_NOT_FOUND, main
from facts.reports import FactKind, ReportStorage, Target
from facts.store import FactStore
from tests.facts.conftest import key

NOW = datetime(2026, 8, 6, 12, 0, tzinfo=UTC)
GUILD, OTHER = 1001, 1002


def file_reports(db_path: Path) -> None:
    async def go() -> None:
        store = await FactStore.open(db_path)
        try:
            reports = ReportStorage(store.db)
            hiroshima = Target(FactKind.EVENT, key("hiroshima_bomb"), "Atomic bomb dropped on Hiroshima",
                               "August 6, 1945", "when:" + key("hiroshima_bomb"))
            await reports.file(guild_id=GUILD, member_id=11, target=hiroshima, context="trivia",
                               text="The number is wrong.\nSee paragraph 2.", now=NOW, channel_id=5, message_id=6)
            gone = Target(FactKind.PERSON, key("nobody"), "Nobody Known")
            await reports.file(guild_id=OTHER, member_id=12, target=gone, context="/person", text="who?", now=NOW)
            await reports.file(guild_id=None, member_id=13, target=hiroshima, context="trivia", text="from a DM",
                               now=NOW)
        finally:
            await store.close()

    asyncio.run(go())


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_every_servers_open_reports_are_listed_with_their_facts(capsys: pytest.CaptureFixture[str],
                                                                db_path: Path) -> None:
    file_reports(db_path)
    code, out, err = run(capsys, "facts", "reports", "--db", str(db_path))
    assert (code, err) == (0, "")
    assert out.startswith("3 open report(s) in every server, newest first; page 1 of 1\n")
    for piece in [f"#1 open · server {GUILD} · member 11 · 2026-08-06 12:00 UTC · from trivia",
                  "    Event: August 6, 1945 — Atomic bomb dropped on Hiroshima",
                  "    “", "(paragraph ",
                  "    Reported: “The number is wrong.\n      See paragraph 2.”",
                  f"    Trivia question: when:{key('hiroshima_bomb')}",
                  f"    Answer: https://discord.com/channels/{GUILD}/5/6",
                  f"#2 open · server {OTHER} · member 12",
                  "    Person: Nobody Known\n    (This fact is no longer in the packs; shown as the member saw it.)",
                  "#3 open · a direct message · member 13",
                  "Resolve one: chronicle facts reports resolve ID [--note TEXT]"]:
        assert piece in out
    assert out.index("#3 open") < out.index("#2 open") < out.index("#1 open"), "newest first"


def test_one_server_all_statuses_pages_and_json(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    file_reports(db_path)
    code, out, _ = run(capsys, "facts", "reports", "--guild", str(OTHER), "--db", str(db_path))
    assert code == 0
    assert out.startswith(f"1 open report(s) in server {OTHER}")
    assert "#1 " not in out
    assert "· server" not in out, "one server's listing does not repeat the server"
    code, out, _ = run(capsys, "facts", "reports", "--per-page", "1", "--page", "2", "--db", str(db_path))
    assert "page 2 of 3" in out
    assert "Next: --page 3" in out
    code, out, _ = run(capsys, "facts", "reports", "--json", "--guild", str(GUILD), "--db", str(db_path))
    data = json.loads(out)
    assert (data["guild_id"], data["show"], data["total"]) == (GUILD, "open", 1)
    report = data["reports"][0]
    assert report["target"]["question"] == "when:" + key("hiroshima_bomb")
    assert report["fact"]["present"] is True
    assert report["fact"]["quote"]["paragraph"] >= 1
    assert report["created"] == "2026-08-06T12:00:00+00:00"
    assert report["jump_url"] == f"https://discord.com/channels/{GUILD}/5/6"
    code, out, _ = run(capsys, "facts", "reports", "--guild", "777", "--db", str(db_path))
    assert (code, out) == (0, "No open reports in server 777.\n")


def test_resolving_from_the_command_line(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    file_reports(db_path)
    code, out, err = run(capsys, "facts", "reports", "resolve", "1", "--note", "Checked the source.",
                         "--db", str(db_path))
    assert (code, err) == (0, "")
    assert out == ("Resolved report #1 (server 1001): August 6, 1945 — Atomic bomb dropped on Hiroshima\n"
                   "    Note: Checked the source.\n"
                   f"    Its trivia question when:{key('hiroshima_bomb')} is back in that server's rounds.\n")
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT status, resolved_by, resolution FROM reports WHERE id = 1").fetchone() == (
            "resolved", None, "Checked the source.")
    code, _, err = run(capsys, "facts", "reports", "resolve", "1", "--db", str(db_path))
    assert code == EXIT_BAD_INPUT
    assert "already resolved" in err
    code, _, err = run(capsys, "facts", "reports", "resolve", "2", "--guild", str(GUILD), "--db", str(db_path))
    assert code == EXIT_NOT_FOUND
    assert err == "chronicle: There is no report #2 in this server.\n"
    code, out, _ = run(capsys, "facts", "reports", "--json", "--db", str(db_path), "resolve", "3")
    assert code == 0
    assert json.loads(out)["report"]["status"] == "resolved", "--json before 'resolve' counts"
    code, out, _ = run(capsys, "facts", "reports", "--all", "--db", str(db_path))
    assert "Resolved 20" in out
    assert "by the command line: Checked the source." in out
    code, out, _ = run(capsys, "facts", "reports", "--db", str(db_path))
    assert out.startswith("1 open report(s)")
