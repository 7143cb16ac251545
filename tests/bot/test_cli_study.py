"""``chronicle study export``: a pack's or a member's cards written as an .apkg, and clean one-line errors."""

from __future__ import annotations

import asyncio
import io
import json
import sqlite3
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import genanki
import pytest

from bot.cli import main
from facts.store import FactStore
from facts.study.anki import pack_cards
from facts.study.cards import CardKey
from facts.study.storage import StudyStorage
from tests.bot.harness import copy_database

GUILD, MEMBER = 10, 1
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def db(seeded_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("CHRONICLE_PACKS", raising=False)
    return copy_database(seeded_template, tmp_path / "chronicle.db")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def guids(apkg: Path) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(apkg.read_bytes())) as z:
        inner = apkg.parent / "opened.anki2"
        inner.write_bytes(z.read("collection.anki2"))
    conn = sqlite3.connect(inner)
    try:
        return [r[0] for r in conn.execute("SELECT guid FROM notes ORDER BY id")]
    finally:
        conn.close()


async def _pack_keys(db: Path) -> list[CardKey]:
    store = await FactStore.open(db)
    try:
        return [c.key for c in await pack_cards(store, "korean_war")]
    finally:
        await store.close()


async def _missed(db: Path, keys: list[CardKey]) -> None:
    store = await FactStore.open(db)
    try:
        study = StudyStorage(store.db, store)
        for key in keys:
            await study.from_trivia(GUILD, str(key), right=[], missed=[MEMBER], now=T0)
    finally:
        await store.close()


def test_a_packs_cards_are_written_as_a_deck(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "deck.apkg"
    code, printed, _ = run(capsys, "study", "export", "--db", str(db), "--pack", "korean_war", "-o", str(out))
    keys = asyncio.run(_pack_keys(db))
    assert code == 0
    assert printed == f"Wrote {len(keys)} cards to {out}\n"
    assert guids(out) == [genanki.guid_for(str(k)) for k in keys]


def test_a_members_cards_are_written_as_a_deck(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    keys = asyncio.run(_pack_keys(db))[2:4]
    asyncio.run(_missed(db, keys))
    out = tmp_path / "mine.apkg"
    code, printed, _ = run(capsys, "study", "export", "--db", str(db), "--server", str(GUILD), "--member",
                           str(MEMBER), "-o", str(out), "--json")
    assert code == 0
    assert json.loads(printed)["cards"] == 2
    assert guids(out) == [genanki.guid_for(str(k)) for k in keys]


def test_without_out_the_file_is_named_from_the_deck(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, printed, _ = run(capsys, "study", "export", "--db", str(db), "--pack", "korean_war")
    assert code == 0
    written = [p for p in tmp_path.iterdir() if p.suffix == ".apkg"]
    assert [p.name for p in written] == [printed.rsplit(" ", 1)[1].strip()]
    assert written[0].name.startswith("chronicle-")


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--pack", "korean"], 1, "no pack named 'korean'. Did you mean: korean_war?"),
    (["--server", str(GUILD), "--member", "999"], 2, "There are no cards to export"),
    (["--member", str(MEMBER)], 2, "give the server too"),
    (["--pack", "korean_war", "--server", str(GUILD)], 2, "--server goes with --member"),
])
def test_bad_exports_are_one_line_and_write_nothing(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    args: list[str], code: int, message: str) -> None:
    out = tmp_path / "deck.apkg"
    got, printed, err = run(capsys, "study", "export", "--db", str(db), *args, "-o", str(out))
    assert (got, printed) == (code, "")
    assert message in err
    assert err.count("\n") == 1
    assert not out.exists()


def test_an_unwritable_path_is_a_clean_error(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "missing" / "deck.apkg"
    code, _, err = run(capsys, "study", "export", "--db", str(db), "--pack", "korean_war", "-o", str(out))
    assert code == 2
    assert err == f"chronicle: cannot write {out}: No such file or directory\n"


def test_an_existing_file_is_kept_unless_forced(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "deck.apkg"
    out.write_bytes(b"mine")
    code, _, err = run(capsys, "study", "export", "--db", str(db), "--pack", "korean_war", "-o", str(out))
    assert code == 2
    assert "already exists" in err
    assert out.read_bytes() == b"mine"
    code, _, _ = run(capsys, "study", "export", "--db", str(db), "--pack", "korean_war", "-o", str(out), "--force")
    assert code == 0
    assert zipfile.is_zipfile(out)


def test_a_members_stats_as_text_and_json(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    keys = asyncio.run(_pack_keys(db))[:3]
    asyncio.run(_missed(db, keys))
    code, printed, _ = run(capsys, "study", "stats", "--db", str(db), "--server", str(GUILD), "--member", str(MEMBER))
    assert code == 0
    assert printed.splitlines()[0] == f"Member {MEMBER}: 3 cards (0 suspended)"
    assert "due now 3" in printed
    code, printed, _ = run(capsys, "study", "stats", "--db", str(db), "--server", str(GUILD), "--member",
                           str(MEMBER), "--json")
    assert code == 0
    assert json.loads(printed)["due_now"] == 3


def test_stats_of_a_member_with_no_cards(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, printed, _ = run(capsys, "study", "stats", "--db", str(db), "--server", "1", "--member", "2")
    assert code == 0
    assert "0 cards" in printed
