"""The database: numbered migrations by PRAGMA user_version, atomic steps, pragmas, transactions."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest

from facts import db as db_module
from facts.db import BACKSTOP_PAGES, Database, migrations, split_statements
from facts.errors import DatabaseTooNew


async def _tables(db: Database) -> set[str]:
    rows = await db.fetchall("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger', 'index')")
    return {r["name"] for r in rows}


def test_migrations_are_numbered_from_one_without_gaps():
    steps = migrations()
    assert [v for v, _, _ in steps] == list(range(1, len(steps) + 1))
    assert steps[0][1] == "0001_facts.sql"
    assert "CREATE TABLE events" in steps[0][2]


async def test_a_fresh_database_ends_at_the_latest_version(tmp_path):
    db = await Database.open(tmp_path / "fresh.db")
    try:
        assert await db.user_version() == migrations()[-1][0]
        assert {"packs", "events", "people", "aliases", "quotes", "sentences", "search_docs", "search_terms",
                "search_words"} <= await _tables(db)
    finally:
        await db.close()


async def test_open_creates_missing_parent_folders(tmp_path):
    path = tmp_path / "a" / "b" / "chronicle.db"
    db = await Database.open(path)
    await db.close()
    assert path.is_file()


async def test_migrating_again_is_a_no_op(tmp_path):
    path = tmp_path / "again.db"
    db = await Database.open(path)
    await db.close()
    db = await Database.open(path)
    try:
        schema_before = await db.fetchall("SELECT type, name, sql FROM sqlite_master ORDER BY name")
        changes = db.total_changes
        assert await db.migrate() == migrations()[-1][0]
        assert db.total_changes == changes == 0
        assert await db.fetchall("SELECT type, name, sql FROM sqlite_master ORDER BY name") == schema_before
    finally:
        await db.close()


async def test_a_database_from_a_newer_chronicle_is_refused(tmp_path):
    path = tmp_path / "newer.db"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(DatabaseTooNew) as caught:
        await Database.open(path)
    message = str(caught.value)
    assert "schema 99" in message
    assert str(path) in message
    assert "\n" not in message
    with sqlite3.connect(path) as conn:  # untouched
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 99
        assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0


async def test_a_failing_migration_changes_nothing(tmp_path, monkeypatch):
    path = tmp_path / "atomic.db"
    db = await Database.open(path)
    await db.close()
    real = migrations()
    broken = (len(real) + 1, f"{len(real) + 1:04d}_broken.sql",
              "CREATE TABLE half_done (x INTEGER);\n"
              "INSERT INTO half_done VALUES (1);\n"
              "ALTER TABLE events ADD COLUMN extra TEXT;\n"
              "INSERT INTO no_such_table VALUES (1);\n")
    monkeypatch.setattr(db_module, "migrations", lambda: [*real, broken])
    with pytest.raises(sqlite3.OperationalError, match="no_such_table"):
        await Database.open(path)
    monkeypatch.undo()

    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(real)
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        columns = {r[1] for r in conn.execute("PRAGMA table_info(events)")}
    assert "half_done" not in names
    assert "extra" not in columns
    assert "events" in names


async def test_a_failing_first_migration_leaves_an_empty_database(tmp_path, monkeypatch):
    path = tmp_path / "first.db"
    monkeypatch.setattr(db_module, "migrations",
                        lambda: [(1, "0001_x.sql", "CREATE TABLE t (x);\nCREATE TABLE t (y);\n")])
    with pytest.raises(sqlite3.OperationalError, match="already exists"):
        await Database.open(path)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0


async def test_wal_and_foreign_keys_are_on(tmp_path):
    db = await Database.open(tmp_path / "pragmas.db")
    try:
        assert (await db.fetchone("PRAGMA journal_mode"))[0] == "wal"
        assert (await db.fetchone("PRAGMA foreign_keys"))[0] == 1
        assert (await db.fetchone("PRAGMA busy_timeout"))[0] == db_module.BUSY_TIMEOUT_MS
        with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
            await db.execute("INSERT INTO people (key, pack, name, role, summary) VALUES ('p/x', 'nope', 'X', '', '')")
    finally:
        await db.close()


async def test_a_transaction_rolls_back_when_the_block_raises(tmp_path):
    db = await Database.open(tmp_path / "tx.db")
    try:
        await db.execute("CREATE TABLE scratch (x INTEGER)")

        async def insert_then_fail() -> None:
            async with db.transaction() as conn:
                await conn.execute("INSERT INTO scratch VALUES (1)")
                raise RuntimeError("halfway")

        with pytest.raises(RuntimeError, match="halfway"):
            await insert_then_fail()
        assert (await db.fetchone("SELECT count(*) FROM scratch"))[0] == 0
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO scratch VALUES (2)")
        assert (await db.fetchone("SELECT x FROM scratch"))[0] == 2
    finally:
        await db.close()


def test_split_statements_keeps_triggers_whole():
    script = (
        "-- a comment\n"
        "CREATE TABLE a (x);\n"
        "CREATE TRIGGER t AFTER INSERT ON a BEGIN\n"
        "    INSERT INTO a VALUES (1);\n"
        "    INSERT INTO a VALUES (2);\n"
        "END;\n"
        "CREATE INDEX i ON a(x);\n"
    )
    statements = split_statements(script)
    assert len(statements) == 3
    assert statements[1].startswith("CREATE TRIGGER")
    assert statements[1].endswith("END;")


def test_split_statements_refuses_an_unfinished_statement():
    with pytest.raises(ValueError, match="incomplete"):
        split_statements("CREATE TABLE a (x);\nCREATE TABLE b (")


async def test_checkpoints_run_beside_the_connection_and_stop_with_it(tmp_path):
    db = await Database.open(tmp_path / "wal.db")
    try:
        await db.start_checkpoints(every=0.02)
        await db.execute("CREATE TABLE t (x TEXT)")
        for n in range(50):
            await db.execute("INSERT INTO t VALUES (?)", ("x" * 2000 + str(n),))
        row = await db.fetchone("PRAGMA wal_autocheckpoint")
        assert row is not None
        assert row[0] == BACKSTOP_PAGES  # commits no longer checkpoint at 1,000 pages
        for _ in range(100):
            await asyncio.sleep(0.02)
            if db.checkpoints and db.checkpoints[0][1] > 0:
                break
        busy, log_pages, copied = db.checkpoints[0]
        assert busy == 0
        assert log_pages > 0
        assert copied == log_pages  # the WAL's pages are in the database file
    finally:
        await db.close()
    assert db._checkpointer is None
