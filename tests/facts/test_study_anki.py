"""The Anki export, opened as Anki would open it: the ``.apkg`` is a zip holding an SQLite collection whose
``notes`` hold the fields (joined by \\x1f), the GUIDs and the tags, and whose ``col`` row holds the note type
and deck as JSON. Cards come from the shipped pack through a real store, plus hand-made ones for odd text."""

from __future__ import annotations

import html
import io
import json
import sqlite3
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import genanki
import pytest

from facts.errors import BadInput, NotFound
from facts.models import Quote
from facts.store import FactStore
from facts.study.anki import deck, filename_for, member_cards, pack_cards
from facts.study.cards import Card, CardKey, CardKind
from facts.study.storage import StudyStorage
from tests.facts.conftest import PACK_ID

GUILD, MEMBER, OTHER = 10, 1, 2
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def opened(data: bytes, where: Path) -> sqlite3.Connection:
    """The collection inside an .apkg, extracted to ``where`` and opened."""
    with zipfile.ZipFile(io.BytesIO(data)) as apkg:
        names = [n for n in apkg.namelist() if n in {"collection.anki2", "collection.anki21"}]
        assert len(names) == 1, apkg.namelist()
        where.mkdir(parents=True, exist_ok=True)
        path = where / names[0]
        path.write_bytes(apkg.read(names[0]))
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    return conn


def notes(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return conn.execute("SELECT guid, flds, tags, mid FROM notes ORDER BY id").fetchall()


def col(conn: sqlite3.Connection, column: str) -> dict[str, Any]:
    row = conn.execute(f"SELECT {column} FROM col").fetchone()
    return dict(json.loads(row[0]))


def escaped(text: str | None) -> str:
    return html.escape(text or "").replace("\n", "<br>")


def hand_made(fact: str = "mini/odd", **fields: Any) -> Card:
    values: dict[str, Any] = {"question": "When did this happen?", "about": "An odd event", "answer": "1901",
                              "detail": "A summary.", "when": "1901", "quote": Quote("It was 1901.", 3),
                              "source": "A Small History", "pack_title": "A small history"}
    values.update(fields)
    return Card(CardKey(CardKind.WHEN, fact), **values)


@pytest.fixture
async def cards(store: FactStore) -> list[Card]:
    return await pack_cards(store, PACK_ID)


async def test_a_pack_gives_one_note_per_card_holding_its_escaped_texts(cards: list[Card], tmp_path: Path) -> None:
    assert len(cards) > 10
    conn = opened(deck(cards, title="Korean War", deck_key="pack:korean_war"), tmp_path)
    rows = notes(conn)
    assert len(rows) == len(cards)
    assert conn.execute("SELECT count(*) FROM cards").fetchone()[0] == len(cards)  # one card per note
    for row, card in zip(rows, cards, strict=True):
        quote = card.quote.text if card.quote else None
        assert row["flds"].split("\x1f") == [
            escaped(card.question), escaped(card.about), escaped(card.answer), escaped(card.when),
            escaped(card.detail), escaped(quote), escaped(card.source) + (
                f", paragraph {card.quote.paragraph}" if card.quote else "")]
    assert any(c.quote for c in cards)
    assert {c.key.kind for c in cards} >= {CardKind.WHEN, CardKind.FIGURE, CardKind.WHO}


async def test_the_note_guids_come_from_the_card_keys(cards: list[Card], tmp_path: Path) -> None:
    guids = [r["guid"] for r in notes(opened(deck(cards, title="Korean War", deck_key="pack:x"), tmp_path))]
    assert guids == [genanki.guid_for(str(c.key)) for c in cards]
    assert len(set(guids)) == len(cards)


async def test_a_second_export_keeps_the_guids_the_note_type_and_the_deck(cards: list[Card], tmp_path: Path) -> None:
    first = opened(deck(cards, title="Korean War", deck_key="pack:korean_war"), tmp_path / "1")
    again = opened(deck(list(reversed(cards)), title="Korean War", deck_key="pack:korean_war"), tmp_path / "2")
    other = opened(deck(cards[:3], title="A member", deck_key="member:10:1"), tmp_path / "3")
    assert sorted(r["guid"] for r in notes(again)) == sorted(r["guid"] for r in notes(first))
    assert col(again, "models").keys() == col(first, "models").keys() == col(other, "models").keys()
    decks = set(col(first, "decks")) - {"1"}  # "1" is Anki's Default deck
    assert len(decks) == 1
    assert set(col(again, "decks")) - {"1"} == decks
    assert set(col(other, "decks")) - {"1"} != decks  # another deck key, another deck
    (deck_id,) = decks
    assert col(first, "decks")[deck_id]["name"] == "Korean War"
    assert {r["mid"] for r in notes(first)} == {int(m) for m in col(first, "models")}


async def test_the_card_shows_the_question_in_front_and_answer_date_quote_source_behind(
        cards: list[Card], tmp_path: Path) -> None:
    (model,) = col(opened(deck(cards[:1], title="t", deck_key="k"), tmp_path), "models").values()
    assert [f["name"] for f in model["flds"]] == ["Question", "About", "Answer", "Date", "Detail", "Quote", "Source"]
    (template,) = model["tmpls"]
    assert "{{Question}}" in template["qfmt"]
    assert "{{About}}" in template["qfmt"]
    assert "{{Answer}}" not in template["qfmt"]
    for name in ("{{Answer}}", "{{Date}}", "{{Quote}}", "{{Source}}"):
        assert name in template["afmt"]


def test_html_in_a_fact_comes_out_escaped(tmp_path: Path) -> None:
    card = hand_made(question="<script>alert('x')</script>", about="Tom & Jerry <b>", answer="line one\nline two",
                     quote=Quote('He said "<i>no</i>".', 7))
    (row,) = notes(opened(deck([card], title="Odd", deck_key="odd"), tmp_path))
    fields = row["flds"].split("\x1f")
    assert fields[0] == "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"
    assert fields[1] == "Tom &amp; Jerry &lt;b&gt;"
    assert fields[2] == "line one<br>line two"
    assert fields[5] == "He said &quot;&lt;i&gt;no&lt;/i&gt;&quot;."
    assert "<script" not in row["flds"]
    assert "<i>" not in row["flds"]


@pytest.mark.parametrize(("fact", "tag"), [
    ("study group/x", "study_group"),
    ('my "big"\tpack/x', "my_big_pack"),  # runs of bad characters become one _
    ("korean_war/x", "korean_war"),
])
def test_tags_name_the_pack_and_the_kind_and_are_valid_for_anki(fact: str, tag: str, tmp_path: Path) -> None:
    (row,) = notes(opened(deck([hand_made(fact)], title="Tags", deck_key="tags"), tmp_path))
    tags = row["tags"].split()
    assert tags == [tag, "when"]
    assert all('"' not in t for t in tags)


def test_an_empty_deck_is_refused() -> None:
    with pytest.raises(BadInput, match="no cards to export"):
        deck([], title="Nothing", deck_key="empty")


def test_the_export_leaves_no_temporary_file_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    assert deck([hand_made()], title="t", deck_key="k")
    assert list(temp.iterdir()) == []


async def test_an_unknown_pack_is_not_found_with_a_suggestion(store: FactStore) -> None:
    with pytest.raises(NotFound) as caught:
        await pack_cards(store, "korean")
    assert PACK_ID in caught.value.suggestions


async def test_a_members_cards_are_theirs_in_order_without_vanished_facts(store: FactStore,
                                                                          cards: list[Card]) -> None:
    study = StudyStorage(store.db, store)
    first, second = cards[1].key, cards[4].key
    await study.from_trivia(GUILD, str(first), right=[], missed=[MEMBER], now=T0)
    await study.from_trivia(GUILD, str(second), right=[MEMBER], missed=[], now=T0.replace(hour=10))
    await study.from_trivia(GUILD, str(cards[6].key), right=[], missed=[OTHER], now=T0)  # another member's
    await study.from_trivia(GUILD + 1, str(cards[7].key), right=[], missed=[MEMBER], now=T0)  # another server's
    await store.db.execute(  # a card whose fact has since gone from the pack
        "INSERT INTO study_cards (guild_id, member_id, card_key, pack, fact, state, step, due_utc, introduced_utc, "
        "introduced_by) VALUES (?, ?, ?, ?, ?, 1, 0, 0, ?, 'trivia')",
        (GUILD, MEMBER, f"when:{PACK_ID}/gone", PACK_ID, f"{PACK_ID}/gone", int(T0.timestamp()) + 7200))
    found = await member_cards(study, GUILD, MEMBER)
    assert [c.key for c in found] == [first, second]
    assert await member_cards(study, GUILD, 999) == []


@pytest.mark.parametrize(("title", "name"), [
    ("The Causes of the Korean War, 1945–1950", "the-causes-of-the-korean-war-1945-1950.apkg"),
    ("../../etc/passwd", "etc-passwd.apkg"),
    ("<script>", "script.apkg"),
    ("   ", "deck.apkg"),
    ("x" * 200, "x" * 60 + ".apkg"),
])
def test_a_decks_file_name_is_safe(title: str, name: str) -> None:
    assert filename_for(title) == name
