"""``chronicle pack list|remove|export`` and ``--server``: the operator's view of every server's packs."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from facts.library import PackLibrary, Prepared
from facts.pack import parse_upload
from facts.paths import database_path
from facts.store import FactStore
from tests.facts.conftest import MINI_DOCUMENT, mini_pack_data

GUILD = 4242


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
async def uploaded() -> None:
    store = await FactStore.open(database_path(None))
    try:
        text = yaml.safe_dump(mini_pack_data(), sort_keys=False)
        pack = parse_upload(text, MINI_DOCUMENT, GUILD, "mini")
        library = PackLibrary(store)
        await library.add(GUILD, 1, Prepared("mini", "mini.yaml", text, MINI_DOCUMENT, "mini.txt", pack, drafted=False),
                          datetime.now(UTC))
        await library.set_enabled(GUILD, "mini", True)
    finally:
        await store.close()


def test_pack_list_shows_the_packs_from_files_a_server_or_every_server(capsys, uploaded):
    code, out, _ = run(capsys, "pack", "list")
    assert code == 0
    assert "korean_war" in out
    assert "mini" not in out
    code, out, _ = run(capsys, "pack", "list", "--all")
    assert "mini" in out
    assert f"server {GUILD}" in out
    code, out, _ = run(capsys, "pack", "list", "--server", str(GUILD), "--json")
    listing = json.loads(out)
    assert [(e["name"], e["enabled"]) for e in listing["entries"]] == [("korean_war", True), ("mini", True)]
    assert listing["used_packs"] == 1


def test_queries_answer_from_a_servers_packs_with_server(capsys, uploaded):
    code, out, _ = run(capsys, "when", "first treaty signed", "--server", str(GUILD))
    assert code == 0
    assert "The first treaty is signed: March 3, 1901" in out
    code, out, _ = run(capsys, "person", "Ada Lovelace")
    assert code == 1  # not among the packs from files
    code, out, _ = run(capsys, "person", "Ada Lovelace", "--server", str(GUILD))
    assert "Ada Lovelace — Scribe" in out


def test_pack_export_and_remove_a_servers_pack(capsys, uploaded, tmp_path: Path):
    code, out, _ = run(capsys, "pack", "export", "--server", str(GUILD), "mini", "--out", str(tmp_path))
    assert code == 0
    assert (tmp_path / "mini.yaml").read_text(encoding="utf-8").count("document: mini.txt") == 1
    assert (tmp_path / "mini.txt").read_text(encoding="utf-8") == MINI_DOCUMENT
    code, _, err = run(capsys, "pack", "export", "--server", str(GUILD), "mini", "--out", str(tmp_path))
    assert code == 2
    assert "--force" in err
    code, out, _ = run(capsys, "pack", "remove", "--server", str(GUILD), "mini")
    assert code == 0
    assert "removed mini" in out
    code, _, err = run(capsys, "pack", "remove", "--server", str(GUILD), "mini")
    assert code == 1
    assert "no pack called" in err
    code, _, err = run(capsys, "pack", "remove", "--server", str(GUILD), "korean_war")
    assert code == 2
    assert "can't be removed" in err
