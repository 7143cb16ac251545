"""A draft is a pack: it validates unchanged, seeds a real SQLite store and answers questions, through the
API and through ``chronicle pack draft``."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import EXIT_BAD_INPUT, main
from facts.draft import draft_text, read_document
from facts.pack import load_pack, parse_pack
from facts.store import FactStore
from tests.facts.conftest import DOCUMENT_FILE

TEXTS = Path(__file__).with_name("draft_texts")


@pytest.fixture(scope="module")
def korean_draft():
    return draft_text(DOCUMENT_FILE.read_text(encoding="utf-8"), name="korean_draft")


def test_the_korean_war_draft_validates_with_review_marks_as_notes(korean_draft):
    pack = parse_pack(korean_draft.pack_yaml, Path("korean_draft.yaml"), document=korean_draft.document)
    assert pack.id == "korean_draft"
    assert len(pack.events) == len(korean_draft.events) >= 15
    assert len(pack.people) == len(korean_draft.people) >= 10
    assert pack.notes  # the carried years and single names are for a human to check
    assert korean_draft.summary.review > 0
    assert sum(korean_draft.summary.events_by_precision.values()) == len(korean_draft.events)


def test_every_quote_is_a_verbatim_sentence_of_the_document(korean_draft):
    flat = " ".join(korean_draft.document.split())
    for event in korean_draft.events:
        assert event.quote in flat
    for person in korean_draft.people:
        assert all(q in flat for q in person.quotes)


async def test_the_korean_war_draft_seeds_a_store_that_answers(korean_draft, tmp_path):
    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / "korean_draft.txt").write_text(korean_draft.document, encoding="utf-8")
    (folder / "korean_draft.yaml").write_text(korean_draft.pack_yaml, encoding="utf-8")
    pack = load_pack(folder / "korean_draft.yaml")
    store = await FactStore.open(tmp_path / "draft.db", packs=[pack])
    try:
        answer = await store.when("Hiroshima")
        assert answer.event.when.span is not None
        assert answer.event.when.span.notation == "1945-08-06"
        person = await store.person("Rusk")
        assert person.person.name == "Dean Rusk"
    finally:
        await store.close()


@pytest.mark.parametrize("name", ["civil_war.txt", "medieval.md", "pacific.html"])
def test_each_dev_text_drafts_a_pack_that_validates(name):
    path = TEXTS / name
    draft = draft_text(read_document(path.read_bytes(), name), name="dev")
    parse_pack(draft.pack_yaml, Path("dev.yaml"), document=draft.document)
    assert draft.events
    assert draft.people


@pytest.mark.parametrize("bad", ["Korean War", "korean-war", "", "Ünï"])
def test_a_pack_name_must_be_an_id(bad):
    with pytest.raises(Exception, match="lowercase letters, digits and _"):
        draft_text("On June 25, 1950, the war began.\n", name=bad)


def test_the_command_line_drafts_validates_and_answers(tmp_path, capsys, monkeypatch):
    out = tmp_path / "packs"
    code = main(["pack", "draft", str(TEXTS / "civil_war.txt"), "--out", str(out), "--citation", "Dev text"])
    printed, _ = capsys.readouterr()
    assert code == 0
    assert "event(s):" in printed
    assert "marked for review" in printed
    assert (out / "civil_war.yaml").exists()
    assert (out / "civil_war.txt").exists()

    assert main(["facts", "validate", str(out / "civil_war.yaml")]) == 0
    assert "ok: civil_war.yaml: pack 'civil_war'" in capsys.readouterr().out

    monkeypatch.setenv("CHRONICLE_PACKS", str(out))
    assert main(["when", "Gettysburg armies met", "--db", str(tmp_path / "db.sqlite")]) == 0
    assert "1863" in capsys.readouterr().out

    assert main(["pack", "draft", str(TEXTS / "civil_war.txt"), "--out", str(out)]) == EXIT_BAD_INPUT
    assert "already exists; give --force" in capsys.readouterr().err
    assert main(["pack", "draft", str(TEXTS / "civil_war.txt"), "--out", str(out), "--force", "--json"]) == 0
    assert '"no_dates": false' in capsys.readouterr().out


def test_the_command_line_refuses_bad_input_in_one_line(tmp_path, capsys):
    fake = tmp_path / "reading.pdf"
    fake.write_bytes(b"PK\x03\x04 not a pdf")
    assert main(["pack", "draft", str(fake), "--out", str(tmp_path)]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "zip archive" in err
    assert main(["pack", "draft", str(tmp_path / "missing.txt")]) == EXIT_BAD_INPUT
    assert "cannot read" in capsys.readouterr().err


def test_progress_is_silent_when_piped(tmp_path, capsys):
    long_text = "\n\n".join(f"On June {d % 28 + 1}, 19{d % 90 + 10}, Colonel Ann Lee wrote a letter."
                            for d in range(80))
    source = tmp_path / "long.txt"
    source.write_text(long_text, encoding="utf-8")
    assert main(["pack", "draft", str(source), "--out", str(tmp_path / "o")]) == 0
    assert capsys.readouterr().err == ""


def test_progress_is_reported_per_paragraph():
    calls: list[tuple[int, int]] = []
    draft_text("A.\n\nOn June 1, 1900 it began.\n\nIt ended in 1901.\n", name="p",
               progress=lambda d, t: calls.append((d, t)))
    assert calls[-1][0] == calls[-1][1]
