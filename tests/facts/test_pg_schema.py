"""The PostgreSQL migrations leave, after every step, the schema the SQLite migrations leave.

For each N, a fresh scratch PostgreSQL database gets ``facts/migrations/postgres`` 0001..N and a fresh SQLite
file gets ``facts/migrations`` 0001..N (the final N through :meth:`facts.db.Database.open`); both are read back
from their catalogs and compared: tables, columns in order (with their types, NOT NULL and defaults), primary
keys, unique constraints, indexes (columns, order, uniqueness, partial predicate), foreign keys and triggers.
The CHECK constraints, the deferred foreign key and the study review trigger are then tried on both engines
with the same statements. Needs ``CHRONICLE_TEST_DATABASE_URL`` (a PostgreSQL server whose user may create
databases); without it, or with the server unreachable, the PostgreSQL tests skip, except under ``CI=true``
(where ``.ci/run`` starts a throwaway server), where they fail.
"""

from __future__ import annotations

import asyncio
import os
import re
import sqlite3
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, closing
from importlib import resources
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from facts.db import Database, split_statements
from facts.db import migrations as sqlite_migrations

URL_ENV = "CHRONICLE_TEST_DATABASE_URL"
_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")

# SQLite-only objects: the FTS5 table of 0001 (with its shadow tables) and its two triggers, dropped by 0005.
FTS_TABLE = "search_fts"
FTS_TRIGGERS = {("search_docs", "search_docs_ad"), ("search_docs", "search_docs_au")}
# INTEGER PRIMARY KEYs that are a Discord id the code always gives, not a row id to assign: no identity.
GIVEN_KEYS = {("daily_schedules", "guild_id")}
TYPES = {"INTEGER": "bigint", "TEXT": "text", "REAL": "double precision"}
ACTIONS = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}


def pg_migrations() -> list[tuple[int, str, str]]:
    found = []
    for entry in resources.files("facts.migrations.postgres").iterdir():
        if m := _NAME.match(entry.name):
            found.append((int(m.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def split_pg(script: str) -> list[str]:
    """Statements of a PostgreSQL migration, split the loader's way: at every semicolon outside ``$$`` bodies
    (so a semicolon in a comment or a string would break a statement, and this test with it)."""
    statements, current = [], ""
    for i, part in enumerate(script.split("$$")):
        if i % 2:  # inside a dollar-quoted body
            current += f"$${part}$$"
            continue
        *done, current_tail = part.split(";")
        for piece in done:
            statements.append(current + piece)
            current = ""
        current += current_tail
    statements.append(current)
    return [s.strip() for s in statements if _has_code(s)]


def _has_code(text: str) -> bool:
    return any(line.strip() and not line.strip().startswith("--") for line in text.splitlines())


# ------------------------------------------------------------------------------- without a server


def test_every_sqlite_migration_has_a_postgres_twin_of_the_same_name() -> None:
    assert [name for _, name, _ in pg_migrations()] == [name for _, name, _ in sqlite_migrations()]


@pytest.mark.parametrize(("name", "script"), [(n, s) for _, n, s in pg_migrations()],
                         ids=[n for _, n, _ in pg_migrations()])
def test_postgres_migrations_split_safely(name: str, script: str) -> None:
    """Only plain ``$$`` quotes, balanced, no semicolons in comments: any loader that splits at semicolons
    outside ``$$`` bodies gets whole statements. Each file starts with a comment header."""
    assert script.startswith("-- "), name
    assert not re.search(r"\$[A-Za-z_]\w*\$", script), f"{name}: use $$, not a tagged dollar quote"
    assert script.count("$$") % 2 == 0, name
    outside = "".join(script.split("$$")[::2])
    assert not [line for line in outside.splitlines() if "--" in line and ";" in line.split("--", 1)[1]], name
    assert not re.search(r"\b(BEGIN|COMMIT|ROLLBACK)\s*;", outside, re.I), f"{name}: the loader owns the transaction"
    assert split_pg(script), name


def test_split_pg_keeps_dollar_bodies_whole() -> None:
    script = "-- a header\nCREATE TABLE t (a BIGINT);\nCREATE FUNCTION f() RETURNS trigger AS $$\nBEGIN\n" \
             "  RETURN NULL;\nEND\n$$ LANGUAGE plpgsql;\n-- a trailing comment\n"
    assert split_pg(script) == ["-- a header\nCREATE TABLE t (a BIGINT)",
                                "CREATE FUNCTION f() RETURNS trigger AS $$\nBEGIN\n  RETURN NULL;\nEND\n$$ "
                                "LANGUAGE plpgsql"]


# ------------------------------------------------------------------------------------ the servers


@pytest.fixture(scope="session")
def pg_url() -> str:
    url = os.environ.get(URL_ENV)
    if not url:
        if os.environ.get("CI") == "true":  # CI starts a server (.ci/run): there these tests must run
            pytest.fail(f"{URL_ENV} is not set under CI=true; .ci/run should have started PostgreSQL")
        pytest.skip(f"{URL_ENV} is not set: no PostgreSQL server to compare the migrations on")

    async def reach() -> None:
        conn = await asyncpg.connect(url, timeout=5)
        await conn.close()

    try:
        asyncio.run(reach())
    except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the PostgreSQL server of {URL_ENV} is unreachable under CI=true ({exc})")
        pytest.skip(f"the PostgreSQL server of {URL_ENV} is unreachable ({type(exc).__name__})")
    return url


@asynccontextmanager
async def scratch_pg(url: str, upto: int) -> AsyncIterator[asyncpg.Connection]:
    """A fresh database with the PostgreSQL migrations 1..upto applied (each in its own transaction), dropped
    afterwards."""
    name = f"chronicle_scratch_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(url)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        try:
            conn = await asyncpg.connect(url, database=name)
            try:
                for version, _, script in pg_migrations():
                    if version > upto:
                        break
                    async with conn.transaction():
                        for statement in split_pg(script):
                            await conn.execute(statement)
                yield conn
            finally:
                await conn.close()
        finally:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


async def sqlite_at(path: Path, upto: int) -> Path:
    """A fresh SQLite file migrated to ``upto``: by facts.db itself for the latest, else script by script."""
    steps = sqlite_migrations()
    if upto == steps[-1][0]:
        db = await Database.open(path, migrate=True)
        await db.close()
        return path
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        for version, _, script in steps[:upto]:
            conn.execute("BEGIN")
            for statement in split_statements(script):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version:d}")
            conn.execute("COMMIT")
    return path


def open_sqlite(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


# ------------------------------------------------------------------------------ reading the schemas


def _predicate(text: str | None) -> str | None:
    """A partial index's condition, spelled alike on both engines: no casts, parentheses, case or spaces."""
    if text is None:
        return None
    text = re.sub(r"::[a-z ]+", "", text.lower())
    return re.sub(r"[()\s]", "", text)


def sqlite_schema(conn: sqlite3.Connection) -> dict[str, Any]:
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name != ? AND name NOT LIKE ? ORDER BY name", (FTS_TABLE, FTS_TABLE + "_%"))]
    columns, keys, uniques, indexes, fks, identity = {}, {}, {}, {}, set(), set()
    for table in tables:
        info = conn.execute(f"PRAGMA table_info({table})").fetchall()
        pk = [r[1] for r in sorted(info, key=lambda r: r[5]) if r[5]]
        without_rowid = "WITHOUT ROWID" in conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0].upper()
        # A key column is NOT NULL on PostgreSQL, and in SQLite in practice: an INTEGER PRIMARY KEY is the
        # rowid (never NULL) and the code never stores a NULL key (rowid tables would accept one).
        columns[table] = [(r[1], TYPES[r[2].upper()], bool(r[3]) or bool(r[5]), r[4]) for r in info]
        keys[table] = pk
        if len(pk) == 1 and not without_rowid and info[[r[1] for r in info].index(pk[0])][2].upper() == "INTEGER":
            identity.add((table, pk[0]))
        uniques[table] = set()
        for _, name, unique, origin, partial in conn.execute(f"PRAGMA index_list({table})"):
            cols = tuple((r[2], bool(r[3])) for r in conn.execute(f"PRAGMA index_xinfo({name})") if r[5])
            if origin == "u":
                uniques[table].add(tuple(c for c, _ in cols))
            elif origin == "c":
                sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
                where = re.split(r"\bWHERE\b", sql, maxsplit=1, flags=re.I)[1] if partial else None
                indexes[name] = (table, cols, bool(unique), _predicate(where))
        by_id: dict[int, list[Any]] = {}
        for fk_id, _, parent, child_col, parent_col, on_update, on_delete, _ in conn.execute(
                f"PRAGMA foreign_key_list({table})"):
            by_id.setdefault(fk_id, [parent, [], [], on_update, on_delete])
            by_id[fk_id][1].append(child_col)
            by_id[fk_id][2].append(parent_col)
        for parent, child_cols, parent_cols, on_update, on_delete in by_id.values():
            fks.add((table, tuple(child_cols), parent, tuple(parent_cols), on_delete, on_update))
    triggers = {(r[0], r[1]) for r in conn.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")}
    return {"tables": tables, "columns": columns, "keys": keys, "uniques": uniques, "indexes": indexes,
            "fks": fks, "triggers": triggers - FTS_TRIGGERS, "identity": identity - GIVEN_KEYS}


async def pg_schema(conn: asyncpg.Connection) -> dict[str, Any]:
    tables = [r["relname"] for r in await conn.fetch(
        "SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace ORDER BY 1")]
    columns, keys, uniques, identity = {}, {}, {}, set()
    for table in tables:
        rows = await conn.fetch(
            "SELECT a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull, a.attidentity::text, "
            "pg_get_expr(d.adbin, d.adrelid) AS dflt FROM pg_attribute a "
            "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
            "WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum", table)
        columns[table] = [(r["attname"], r["type"], r["attnotnull"],
                           re.sub(r"::[a-z ]+$", "", r["dflt"]) if r["dflt"] is not None else None) for r in rows]
        identity |= {(table, r["attname"]) for r in rows if r["attidentity"] == "d"}
        constraints = await conn.fetch(
            "SELECT contype::text, ARRAY(SELECT attname FROM unnest(conkey) WITH ORDINALITY k(n, i) "
            "JOIN pg_attribute ON attrelid = conrelid AND attnum = k.n ORDER BY k.i) AS cols "
            "FROM pg_constraint WHERE conrelid = $1::regclass AND contype IN ('p', 'u')", table)
        keys[table] = next((list(c["cols"]) for c in constraints if c["contype"] == "p"), [])
        uniques[table] = {tuple(c["cols"]) for c in constraints if c["contype"] == "u"}
    indexes = {}
    for r in await conn.fetch(
            "SELECT c.relname AS name, t.relname AS tbl, i.indisunique, pg_get_expr(i.indpred, i.indrelid) AS pred, "
            "ARRAY(SELECT a.attname FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(n, o) "
            "LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n ORDER BY k.o) AS cols, "
            "ARRAY(SELECT (o & 1) = 1 FROM unnest(i.indoption::int2[]) o) AS descs "
            "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid "
            "WHERE t.relnamespace = 'public'::regnamespace "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = i.indexrelid)"):
        indexes[r["name"]] = (r["tbl"], tuple(zip(r["cols"], r["descs"], strict=True)), r["indisunique"],
                              _predicate(r["pred"]))
    fks = set()
    for r in await conn.fetch(
            "SELECT conrelid::regclass::text AS tbl, confrelid::regclass::text AS parent, confdeltype::text, "
            "confupdtype::text, "
            "ARRAY(SELECT attname FROM unnest(conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute "
            "ON attrelid = conrelid AND attnum = k.n ORDER BY k.i) AS cols, "
            "ARRAY(SELECT attname FROM unnest(confkey) WITH ORDINALITY k(n, i) JOIN pg_attribute "
            "ON attrelid = confrelid AND attnum = k.n ORDER BY k.i) AS parent_cols "
            "FROM pg_constraint WHERE contype = 'f'"):
        fks.add((r["tbl"], tuple(r["cols"]), r["parent"], tuple(r["parent_cols"]), ACTIONS[r["confdeltype"]],
                 ACTIONS[r["confupdtype"]]))
    triggers = {(r["tbl"], r["tgname"]) for r in await conn.fetch(
        "SELECT tgrelid::regclass::text AS tbl, tgname FROM pg_trigger WHERE NOT tgisinternal")}
    return {"tables": tables, "columns": columns, "keys": keys, "uniques": uniques, "indexes": indexes,
            "fks": fks, "triggers": triggers, "identity": identity}


@pytest.mark.parametrize("upto", [v for v, _, _ in sqlite_migrations()])
async def test_postgres_schema_matches_sqlite_after_each_migration(pg_url: str, tmp_path: Path, upto: int) -> None:
    path = await sqlite_at(tmp_path / "chronicle.db", upto)
    with closing(open_sqlite(path)) as conn:
        expected = sqlite_schema(conn)
    async with scratch_pg(pg_url, upto) as pg:
        found = await pg_schema(pg)
    assert found["tables"] == expected["tables"]
    for part in ("columns", "keys", "uniques", "indexes", "fks", "triggers", "identity"):
        assert found[part] == expected[part], part


async def test_only_the_anchor_foreign_key_is_deferrable(pg_url: str) -> None:
    async with scratch_pg(pg_url, 9) as pg:
        rows = await pg.fetch("SELECT conrelid::regclass::text AS tbl, conname, condeferrable, condeferred "
                              "FROM pg_constraint WHERE contype = 'f' AND condeferrable")
    assert [tuple(r) for r in rows] == [("events", "events_anchor_key_fkey", True, True)]


# ---------------------------------------------------------------------------------- the same behaviour


class Both:
    """The final schema on both engines, fed the same statements (literals only: no placeholders)."""

    def __init__(self, lite: sqlite3.Connection, pg: asyncpg.Connection) -> None:
        self.lite, self.pg = lite, pg

    async def run(self, sql: str) -> tuple[bool, bool]:
        """Run ``sql`` in a transaction of its own on each engine: whether each accepted it."""
        try:
            self.lite.execute("BEGIN")
            self.lite.execute(sql)
            self.lite.execute("COMMIT")
            lite_ok = True
        except sqlite3.IntegrityError:
            self.lite.execute("ROLLBACK")
            lite_ok = False
        try:
            async with self.pg.transaction():
                await self.pg.execute(sql)
            pg_ok = True
        except asyncpg.IntegrityConstraintViolationError:
            pg_ok = False
        return lite_ok, pg_ok

    async def rows(self, sql: str) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        return [tuple(r) for r in self.lite.execute(sql)], [tuple(r) for r in await self.pg.fetch(sql)]


@pytest.fixture
async def both(pg_url: str, tmp_path: Path) -> AsyncIterator[Both]:
    path = await sqlite_at(tmp_path / "chronicle.db", sqlite_migrations()[-1][0])
    with closing(open_sqlite(path)) as lite:
        async with scratch_pg(pg_url, pg_migrations()[-1][0]) as pg:
            yield Both(lite, pg)


SCHEDULE = ("INSERT INTO daily_schedules (guild_id, channel_id, post_time, timezone, created_utc, updated_utc{}) "
            "VALUES ({}, 2, '09:00', 'UTC', 0, 0{})")
BIG = 9223372036854775807  # 2^63 - 1, the largest Discord id
ROUND = ("INSERT INTO trivia_rounds (guild_id, channel_id, starter_id, topic, questions, seconds, started_utc) "
         "VALUES (1, 2, 3, '{}', 5, 20, 0)")
REPORT = ("INSERT INTO reports (guild_id, member_id, fact_kind, fact_key, fact_title, context, text, created_utc, "
          "updated_utc, status, resolved_utc, resolution) VALUES (NULL, 7, '{kind}', 'p/e', 'E', '/when', {text}, "
          "0, 0, '{status}', {resolved}, {resolution})")
CARD = ("INSERT INTO study_cards (guild_id, member_id, card_key, pack, fact, state, due_utc, introduced_utc, "
        "introduced_by, suspended, last_rating, last_source) VALUES (1, 2, '{key}', 'p', 'p/e', {state}, 0, 0, "
        "'{by}', {suspended}, {rating}, {source})")
REVIEW = ("INSERT INTO study_reviews (card_id, guild_id, member_id, rating, source, state_before, due_utc, "
          "reviewed_utc) VALUES (1, 1, 2, {rating}, '{source}', 1, 0, 0)")


def _report(kind: str = "event", text: str = "'wrong'", status: str = "open", resolved: str = "NULL",
            resolution: str = "NULL") -> str:
    return REPORT.format(kind=kind, text=text, status=status, resolved=resolved, resolution=resolution)


def _card(key: str = "when:p/e", state: int = 1, by: str = "study", suspended: int = 0, rating: str = "NULL",
          source: str = "NULL") -> str:
    return CARD.format(key=key, state=state, by=by, suspended=suspended, rating=rating, source=source)


CONSTRAINTS = [  # (what, statement, accepted)
    ("schedule defaults", SCHEDULE.format("", BIG, ""), True),
    ("schedule status", SCHEDULE.format(", status", 1, ", 'paused'"), False),
    ("schedule picture", SCHEDULE.format(", picture", 1, ", 2"), False),
    ("schedule picture on", SCHEDULE.format(", picture", 1, ", 1"), True),
    ("round topic", ROUND.format("all"), True),
    ("round bad topic", ROUND.format("music"), False),
    ("round with a given id", "INSERT INTO trivia_rounds (id, guild_id, channel_id, starter_id, topic, questions, "
                              "seconds, started_utc) VALUES (50, 1, 2, 3, 'all', 5, 20, 0)", True),
    ("question", "INSERT INTO trivia_questions VALUES (50, 1, 'when:p/e', 'when', 'dates', 'When?', '1950', 0)", True),
    ("answer", "INSERT INTO trivia_answers VALUES (50, 1, 7, 1, 'dates', 0, 1, 10, 900, 0)", True),
    ("answer correct 2", "INSERT INTO trivia_answers VALUES (50, 1, 8, 1, 'dates', 0, 2, 10, 900, 0)", False),
    ("answer to no question", "INSERT INTO trivia_answers VALUES (50, 2, 7, 1, 'dates', 0, 1, 10, 900, 0)", False),
    ("report", _report(), True),
    ("report again, open", _report(text="'still wrong'"), False),
    ("report resolved", _report(status="resolved", resolved="5", resolution="'fixed'"), True),
    ("report kind", _report(kind="place"), False),
    ("report empty", _report(text="''"), False),
    ("report 1000 characters", _report(text="'" + "é" * 1000 + "'", status="resolved", resolved="5"), True),
    ("report 1001 characters", _report(text="'" + "é" * 1001 + "'", status="resolved", resolved="5"), False),
    ("report status", _report(status="closed", resolved="5"), False),
    ("report resolved without time", _report(status="resolved"), False),
    ("report open with time", _report(text="'other'", resolved="5"), False),
    ("report resolution too long", _report(status="resolved", resolved="5", resolution="'" + "x" * 1001 + "'"),
     False),
    ("pack enabled", "INSERT INTO guild_packs VALUES (1, 'p', 1)", True),
    ("pack enabled 2", "INSERT INTO guild_packs VALUES (1, 'q', 2)", False),
    ("upload", "INSERT INTO uploads VALUES ('g1_a', 1, 'a', 'a.yaml', '', '', 0, 1, 0)", True),
    ("upload same name", "INSERT INTO uploads VALUES ('g1_b', 1, 'a', 'a.yaml', '', '', 0, 1, 0)", False),
    ("card", _card(), True),
    ("card again", _card(), False),
    ("card state", _card(key="a", state=4), False),
    ("card introduced by", _card(key="b", by="anki"), False),
    ("card suspended", _card(key="c", suspended=2), False),
    ("card rating", _card(key="d", rating="5"), False),
    ("card source", _card(key="e", source="'anki'"), False),
    ("card rated", _card(key="f", rating="4", source="'trivia'"), True),
    ("review", REVIEW.format(rating=1, source="study"), True),
    ("review rating", REVIEW.format(rating=0, source="study"), False),
    ("review source", REVIEW.format(rating=1, source="anki"), False),
    ("member limit", "INSERT INTO study_members (guild_id, member_id, new_per_day) VALUES (1, 2, 101)", False),
    ("member default", "INSERT INTO study_members (guild_id, member_id) VALUES (1, 2)", True),
    ("pack", "INSERT INTO packs VALUES ('p', 'P', 'c', 'd', 'x', '2024-01-01', NULL)", True),
    ("event anchor", "INSERT INTO events (key, pack, title, summary, precision, sort_date, sort_order, places, "
                     "topics, figures, anchor_rel) VALUES ('p/a', 'p', 'A', 's', 'day', '1950', 0, '[]', '[]', "
                     "'[]', 'during')", False),
]


async def test_constraints_accept_and_refuse_the_same_rows(both: Both) -> None:
    outcomes = [(what, *await both.run(sql), accepted) for what, sql, accepted in CONSTRAINTS]
    assert [o for o in outcomes if not o[1] == o[2] == o[3]] == []  # (what, SQLite, PostgreSQL, expected)
    lite, pg = await both.rows("SELECT guild_id, status, attempts, picture FROM daily_schedules ORDER BY guild_id")
    assert lite == pg == [(1, "active", 0, 1), (BIG, "active", 0, 0)]
    lite, pg = await both.rows("SELECT new_per_day, reps, lapses, suspended FROM study_members, study_cards "
                               "WHERE card_key = 'when:p/e'")
    assert lite == pg == [(10, 0, 0, 0)]


async def test_deleting_a_pack_cascades_and_the_anchor_key_waits_for_commit(both: Both) -> None:
    pack = "INSERT INTO packs VALUES ('p', 'P', 'c', 'd', 'x', '2024-01-01', NULL)"
    event = ("INSERT INTO events (key, pack, title, summary, precision, sort_date, sort_order, places, topics, "
             "figures, anchor_key) VALUES ('p/{}', 'p', 'A', 's', 'after', '1950', 0, '[]', '[]', '[]', {})")
    assert await both.run(pack) == (True, True)
    # The anchor names an event inserted later in the same transaction: checked at commit, not at the statement.
    first, then = event.format("b", "'p/c'"), event.format("c", "NULL")
    both.lite.execute("BEGIN")
    both.lite.execute(first)
    both.lite.execute(then)
    both.lite.execute("COMMIT")
    async with both.pg.transaction():
        await both.pg.execute(first)
        await both.pg.execute(then)
    assert await both.run(event.format("d", "'p/missing'")) == (False, False)  # still missing at commit
    # A non-deferrable key is checked at its statement.
    assert await both.run("INSERT INTO event_people VALUES ('p/missing', 'p/nobody', 0)") == (False, False)
    assert await both.run("INSERT INTO search_docs (id, pack, kind, ref, title, body) "
                          "VALUES (1, 'p', 'event', 'p/b', 'A', 's')") == (True, True)
    assert await both.run("DELETE FROM events WHERE key = 'p/c'") == (True, True)  # cascades to p/b
    assert await both.rows("SELECT key FROM events") == ([], [])
    assert await both.run("DELETE FROM packs") == (True, True)
    assert await both.rows("SELECT count(*) FROM search_docs") == ([(0,)], [(0,)])


RATE = ("UPDATE study_cards SET state = 2, step = NULL, stability = 3.5, difficulty = 5.25, due_utc = {due}, "
        "last_review_utc = {now}, reps = reps + 1, lapses = lapses + 0, last_rating = {rating}, "
        "last_source = '{source}' WHERE {where}")


async def test_a_rating_update_logs_one_review_on_both_engines(both: Both) -> None:
    for key in ("when:p/a", "when:p/b", "when:p/c"):
        assert await both.run(_card(key=key)) == (True, True)
    steps = [  # (update, accepted, reviews it adds: card_id, guild, member, rating, source, state_before, due, at)
        (RATE.format(due=500, now=100, rating=3, source="study", where="id = 1 AND reps = 0"), True,
         [(1, 1, 2, 3, "study", 1, 500, 100)]),
        # The same buttons pressed again: the guard matches nothing, nothing is logged.
        (RATE.format(due=600, now=110, rating=3, source="study", where="id = 1 AND reps = 0"), True, []),
        ("UPDATE study_cards SET suspended = 1, due_utc = 0 WHERE id = 1", True, []),  # reps not in SET
        ("UPDATE study_cards SET reps = reps, last_rating = 1 WHERE id = 1", True, []),  # named, unchanged
        ("UPDATE study_cards SET reps = reps + 2, last_rating = 1, last_source = 'study' WHERE id = 1", True, []),
        ("UPDATE study_cards SET reps = reps - 1 WHERE id = 1", True, []),
        # A card never rated: last_rating is NULL, so the log's NOT NULL fails the whole UPDATE.
        ("UPDATE study_cards SET reps = reps + 1 WHERE id = 2", False, []),
        # OLD.state is logged (card 1 is in state 2 by now), one review per updated row.
        (RATE.format(due=900, now=200, rating=1, source="trivia", where="reps = 2 OR id = 3"), True,
         [(1, 1, 2, 1, "trivia", 2, 900, 200), (3, 1, 2, 1, "trivia", 1, 900, 200)]),
        # An upsert's DO UPDATE fires it too.
        ("INSERT INTO study_cards (guild_id, member_id, card_key, pack, fact, state, due_utc, introduced_utc, "
         "introduced_by) VALUES (1, 2, 'when:p/c', 'p', 'p/e', 1, 0, 0, 'trivia') "
         "ON CONFLICT (guild_id, member_id, card_key) DO UPDATE SET reps = study_cards.reps + 1, "
         "last_rating = 4, last_source = 'study', due_utc = 1000, last_review_utc = 300", True,
         [(3, 1, 2, 4, "study", 2, 1000, 300)]),
    ]
    logged: list[tuple[Any, ...]] = []
    for sql, accepted, added in steps:
        assert await both.run(sql) == (accepted, accepted), sql
        logged += added
        lite, pg = await both.rows("SELECT card_id, guild_id, member_id, rating, source, state_before, due_utc, "
                                   "reviewed_utc FROM study_reviews ORDER BY reviewed_utc, card_id")
        assert lite == pg == logged, sql
    lite, pg = await both.rows("SELECT id, state, reps, last_rating FROM study_cards ORDER BY id")
    assert lite == pg == [(1, 2, 3, 1), (2, 1, 0, None), (3, 2, 2, 4)]
    # Review ids rise statement by statement on both (within one statement, in the order rows were updated).
    # SQLite takes max(id) + 1, PostgreSQL's sequence also spent a value on the insert the NULL rating failed.
    lite, pg = await both.rows("SELECT id, reviewed_utc FROM study_reviews ORDER BY id")
    assert [r[0] for r in lite] == [1, 2, 3, 4]
    assert [r[1] for r in lite] == [r[1] for r in pg] == [100, 200, 200, 300]
    assert [r[0] for r in pg] == [1, 3, 4, 5]
