"""Seeding: nothing written for unchanged packs, one transaction per changed pack, foreign rows untouched."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from facts import seed as seed_module
from facts.dates import parse_span
from facts.db import Database
from facts.pack import PackEvent, load_pack
from facts.seed import chronology, seed
from facts.store import FactStore
from tests.facts.conftest import DOCUMENT_FILE, PACK_FILE, PACK_ID, key

FACT_TABLES = ("packs", "events", "people", "aliases", "event_people", "quotes", "sentences", "search_docs")


def edited_pack(tmp_path, old: str, new: str):
    """A copy of the shipped pack (and its document) with one piece of text replaced."""
    folder = tmp_path / "edited"
    folder.mkdir(exist_ok=True)
    shutil.copyfile(DOCUMENT_FILE, folder / DOCUMENT_FILE.name)
    text = PACK_FILE.read_text(encoding="utf-8")
    assert text.count(old) == 1
    (folder / PACK_FILE.name).write_text(text.replace(old, new), encoding="utf-8")
    return load_pack(folder / PACK_FILE.name)


async def _counts(db: Database) -> dict[str, int]:
    return {t: (await db.fetchone(f"SELECT count(*) FROM {t}"))[0] for t in FACT_TABLES}


async def _add_foreign_row(db: Database) -> None:
    await db.execute("CREATE TABLE scratch (id INTEGER PRIMARY KEY, note TEXT)")
    await db.execute("INSERT INTO scratch (note) VALUES ('kept')")


async def _foreign_rows(db: Database) -> list[str]:
    return [r["note"] for r in await db.fetchall("SELECT note FROM scratch")]


async def test_a_fresh_database_is_seeded(tmp_path, packs):
    store = await FactStore.open(tmp_path / "fresh.db", packs=packs)
    try:
        assert store.seed_report.loaded == (PACK_ID,)
        assert store.seed_report.unchanged == ()
        counts = await _counts(store.db)
        assert counts["events"] == 38
        assert counts["people"] == 13
        assert counts["search_docs"] == counts["events"] + counts["people"] + counts["sentences"]
        indexed = (await store.db.fetchone("SELECT count(DISTINCT doc) FROM search_terms"))[0]
        assert indexed == counts["search_docs"], "every event, person and sentence is in the index"
        orphans = await store.db.fetchone(
            "SELECT count(*) FROM search_terms WHERE doc NOT IN (SELECT id FROM search_docs)")
        assert orphans[0] == 0
    finally:
        await store.close()


async def test_opening_again_with_an_unchanged_pack_writes_nothing(db_path, packs):
    store = await FactStore.open(db_path, packs=packs)
    try:
        assert store.db.total_changes == 0
        assert store.seed_report.unchanged == (PACK_ID,)
        assert store.seed_report.loaded == store.seed_report.removed == ()
        assert len(store.names()) == 13
    finally:
        await store.close()


async def test_a_changed_pack_is_reseeded_in_one_transaction_and_foreign_rows_stay(db_path, packs, tmp_path):
    changed = edited_pack(tmp_path, "The second atomic bomb was dropped on Nagasaki.",
                          "A second atomic bomb fell on Nagasaki three days after Hiroshima.")
    assert changed.id == PACK_ID
    assert changed.digest != packs[0].digest

    db = await Database.open(db_path)
    try:
        await _add_foreign_row(db)
        before = await _counts(db)
        statements: list[str] = []
        await db.conn.set_trace_callback(statements.append)
        report = await seed(db, [changed])
        await db.conn.set_trace_callback(None)

        assert report.loaded == (PACK_ID,)
        begins = [n for n, s in enumerate(statements) if s.startswith("BEGIN")]
        commits = [n for n, s in enumerate(statements) if s == "COMMIT"]
        assert len(begins) == len(commits) == 1, "one transaction for the changed pack"
        writes = [n for n, s in enumerate(statements) if s.startswith(("INSERT", "DELETE", "UPDATE"))]
        assert writes
        assert all(begins[0] < n < commits[0] for n in writes), "every write is inside it"

        row = await db.fetchone("SELECT summary FROM events WHERE key = ?", (key("nagasaki_bomb"),))
        assert row["summary"] == "A second atomic bomb fell on Nagasaki three days after Hiroshima."
        assert await _counts(db) == before
        assert await _foreign_rows(db) == ["kept"]
        stored = await db.fetchone("SELECT digest FROM packs WHERE id = ?", (PACK_ID,))
        assert stored["digest"] == changed.digest
    finally:
        await db.close()

    store = await FactStore.open(db_path, packs=[changed])
    try:
        assert store.db.total_changes == 0
        hits = await store.search("three days after Hiroshima")
        assert hits.hits[0].key == key("nagasaki_bomb")
        old = await store.db.fetchone("SELECT count(*) FROM search_docs WHERE body LIKE ?",
                                      ("%The second atomic bomb was dropped on Nagasaki.%",))
        assert old[0] == 0, "the old summary is gone from the search index"
    finally:
        await store.close()


async def test_a_removed_pack_is_deleted_and_foreign_rows_stay(db_path):
    db = await Database.open(db_path)
    try:
        await _add_foreign_row(db)
        report = await seed(db, [])
        assert report.removed == (PACK_ID,)
        assert set((await _counts(db)).values()) == {0}
        assert (await db.fetchone("SELECT count(*) FROM search_terms"))[0] == 0
        assert (await db.fetchone("SELECT count(*) FROM search_words"))[0] == 0
        assert await _foreign_rows(db) == ["kept"]
    finally:
        await db.close()


async def test_removing_one_pack_keeps_the_others(db_path, packs, write_pack):
    mini = load_pack(write_pack())
    db = await Database.open(db_path)
    try:
        report = await seed(db, [*packs, mini])
        assert (report.loaded, report.unchanged) == (("mini",), (PACK_ID,))
        assert (await db.fetchone("SELECT count(*) FROM events WHERE pack = 'mini'"))[0] == 2
        report = await seed(db, [mini])
        assert report.removed == (PACK_ID,)
        assert report.unchanged == ("mini",)
        assert [r["key"] for r in await db.fetchall("SELECT key FROM events ORDER BY key")] == [
            "mini/first_treaty", "mini/second_treaty"]
        assert (await db.fetchone("SELECT count(*) FROM people"))[0] == 2
    finally:
        await db.close()


async def test_a_seed_that_fails_halfway_keeps_the_previous_facts(db_path, packs, tmp_path):
    broken = edited_pack(tmp_path, 'title: "Atomic bomb dropped on Nagasaki"',
                         'title: "Atomic bomb dropped on Nagasaki BOOM"')
    db = await Database.open(db_path)
    try:
        await _add_foreign_row(db)
        # Rows that violate a constraint part-way through the pack's inserts.
        await db.execute("CREATE TRIGGER boom BEFORE INSERT ON events WHEN NEW.title LIKE '%BOOM%' "
                         "BEGIN SELECT RAISE(ABORT, 'boom'); END")
        before = await _counts(db)
        with pytest.raises(sqlite3.IntegrityError, match="boom"):
            await seed(db, [broken])
        assert await _counts(db) == before
        row = await db.fetchone("SELECT title FROM events WHERE key = ?", (key("nagasaki_bomb"),))
        assert row["title"] == "Atomic bomb dropped on Nagasaki"
        assert (await db.fetchone("SELECT digest FROM packs"))["digest"] == packs[0].digest
        assert await _foreign_rows(db) == ["kept"]
        assert (await db.fetchone("SELECT count(DISTINCT doc) FROM search_terms"))[0] == before["search_docs"]
    finally:
        await db.close()


async def test_a_seed_interrupted_by_an_exception_keeps_the_previous_facts(db_path, packs, tmp_path, monkeypatch):
    changed = edited_pack(tmp_path, "The second atomic bomb was dropped on Nagasaki.", "Changed.")
    real_rows = seed_module._rows

    def rows_then_fail(pack, **options):
        for n, step in enumerate(real_rows(pack, **options)):
            if n == 4:
                raise RuntimeError("disk on fire")
            yield step

    monkeypatch.setattr(seed_module, "_rows", rows_then_fail)
    with pytest.raises(RuntimeError, match="disk on fire"):
        await FactStore.open(db_path, packs=[changed])
    monkeypatch.undo()

    store = await FactStore.open(db_path, packs=packs)
    try:
        assert store.seed_report.unchanged == (PACK_ID,)
        assert store.db.total_changes == 0
        event = await store.event(key("nagasaki_bomb"))
        assert event.summary == "The second atomic bomb was dropped on Nagasaki."
    finally:
        await store.close()


def test_chronology_puts_followers_right_after_their_anchor(packs):
    order = [(e.id, sort_date) for e, sort_date in chronology(packs[0].events)]
    ids = [i for i, _ in order]
    assert len(ids) == len(set(ids)) == 38
    assert ids.index("soviet_invasion_of_manchuria") + 1 == ids.index("soviet_occupation_of_manchuria")
    assert ids.index("soviet_occupation_of_manchuria") + 1 == ids.index("kmt_takes_manchurian_cities")
    assert dict(order)["pusan_perimeter"] == "1950-06-25"


def _event(event_id: str, date: str | None = None, **more):
    return PackEvent(id=event_id, span=parse_span(date) if date else None, anchor=more.get("anchor"),
                     relation=more.get("relation"), title=event_id, summary=event_id, people=(), places=(),
                     topics=(), figures=(), quotes=())


def test_a_month_placed_after_a_day_sorts_after_it_and_takes_its_date():
    events = [_event("month", "1945-08", anchor="declaration", relation="after"),
              _event("bomb", "1945-08-06"), _event("declaration", "1945-08-08"), _event("next", "1945-08-09")]
    order = chronology(events)
    assert [e.id for e, _ in order] == ["bomb", "declaration", "month", "next"]
    assert {e.id: d for e, d in order}["month"] == "1945-08-08"


def test_an_event_before_its_anchor_sorts_just_before_it_and_undated_events_come_last():
    events = [_event("undated"), _event("invasion", "1950-06-25"), _event("eve", anchor="invasion", relation="before"),
              _event("may", "1950-05"), _event("after", anchor="invasion", relation="after")]
    order = chronology(events)
    assert [e.id for e, _ in order] == ["may", "eve", "invasion", "after", "undated"]
    dates = [d for _, d in order]
    assert dates == sorted(dates)  # the sort dates never go backwards: SQL can order by them


def test_sort_dates_never_go_backwards_in_the_shipped_pack(packs):
    dates = [d for _, d in chronology(packs[0].events)]
    assert dates == sorted(dates)
