"""The PostgreSQL backend: :class:`PgDatabase` has :class:`facts.db.Database`'s interface, on an asyncpg pool.

Chosen by a ``postgresql://`` URL (``CHRONICLE_DATABASE_URL``); SQLite stays the zero-setup default. The
facts code is the same on both: it writes SQLite's dialect, which :mod:`facts.pgsql` translates; a
transaction yields a connection with aiosqlite's shape (``execute`` → a cursor with ``rowcount``,
``fetchone``, ``fetchall``; ``executemany``), so no call site knows which engine it talks to.

Migrations are the numbered scripts of :mod:`facts.migrations.postgres`, applied under an advisory lock (two
processes starting together migrate once) and recorded in ``chronicle_schema``. Numbers come back as Python
ints and floats, as SQLite gives them (PostgreSQL's ``numeric`` from ``sum`` or ``avg`` included).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Generator, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from facts import db as sqlite_side
from facts.errors import DatabaseTooNew
from facts.pgsql import Statement, status_count, translate

log = logging.getLogger(__name__)

POOL_MIN, POOL_MAX = 1, 10
MIGRATION_LOCK = 0x6368726F6E  # pg_advisory_xact_lock key: "chron"
Params = Iterable[Any] | Mapping[str, Any]


def is_url(target: object) -> bool:
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


def shown(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


def migrations() -> list[tuple[int, str, str]]:
    """The PostgreSQL migrations as (version, name, sql), in order; they must run 1, 2, 3…"""
    return sqlite_side.migrations("facts.migrations.postgres")


def split_script(script: str) -> list[str]:
    """Statements of a script: split at semicolons outside strings, comments and ``$$`` bodies."""
    statements, buffer, i, n = [], [], 0, len(script)
    quote: str | None = None
    while i < n:
        c = script[i]
        if quote is not None:
            end = script.find(quote, i)
            end = n if end < 0 else end + len(quote)
            buffer.append(script[i:end])
            i, quote = end, None
        elif script.startswith("$$", i):
            buffer.append("$$")
            i, quote = i + 2, "$$"
        elif c == "'":
            buffer.append(c)
            i, quote = i + 1, "'"
        elif script.startswith("--", i):
            end = script.find("\n", i)
            i = n if end < 0 else end
        elif c == ";":
            statement = "".join(buffer).strip()
            if statement:
                statements.append(statement)
            buffer, i = [], i + 1
        else:
            buffer.append(c)
            i += 1
    if "".join(buffer).strip():
        statements.append("".join(buffer).strip())
    return statements


def _number(text: str) -> int | float:
    value = Decimal(text)
    return int(value) if value == value.to_integral_value() else float(value)


async def _setup(conn: asyncpg.Connection) -> None:
    await conn.set_type_codec("numeric", encoder=str, decoder=_number, schema="pg_catalog", format="text")


class PgCursor:
    """What aiosqlite's cursor gives the facts code: the rows, how many changed, no ``lastrowid``
    (the code asks for ids with ``RETURNING``)."""

    def __init__(self, rows: list[asyncpg.Record], rowcount: int) -> None:
        self._rows, self.rowcount = rows, rowcount
        self.lastrowid = None

    async def fetchone(self) -> asyncpg.Record | None:
        return self._rows[0] if self._rows else None

    async def fetchall(self) -> list[asyncpg.Record]:
        return list(self._rows)

    async def close(self) -> None:
        return None

    async def __aenter__(self) -> PgCursor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None


class _Executing:
    """``conn.execute(...)``: awaited, or used as ``async with`` (aiosqlite allows both)."""

    def __init__(self, conn: PgConnection, sql: str, params: Params) -> None:
        self.conn, self.sql, self.params = conn, sql, params

    def __await__(self) -> Generator[Any, None, PgCursor]:
        return self.conn.run(self.sql, self.params).__await__()

    async def __aenter__(self) -> PgCursor:
        return await self.conn.run(self.sql, self.params)

    async def __aexit__(self, *exc: object) -> None:
        return None


class PgConnection:
    """One pooled connection inside a transaction, shaped like an aiosqlite connection."""

    def __init__(self, conn: asyncpg.Connection, owner: PgDatabase) -> None:
        self.raw, self.owner = conn, owner

    def execute(self, sql: str, params: Params = ()) -> _Executing:
        return _Executing(self, sql, params)

    async def run(self, sql: str, params: Params = ()) -> PgCursor:
        statement = translate(sql)
        return await self.owner.run_on(self.raw, statement, statement.args(params))

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        statement = translate(sql)
        batch = [statement.args(r) for r in rows]
        if batch:
            await self.raw.executemany(statement.sql, batch)
            self.owner.total_changes += len(batch)

    async def execute_fetchall(self, sql: str, params: Params = ()) -> list[asyncpg.Record]:
        return await (await self.run(sql, params)).fetchall()


class PgDatabase:
    """An open PostgreSQL database. Use :meth:`open`; close with :meth:`close`."""

    dialect = "postgresql"

    def __init__(self, pool: asyncpg.Pool, url: str) -> None:
        self.pool = pool
        self.url = url
        self.path = shown(url)  # what messages call the database
        self.total_changes = 0
        """Rows changed through this object since it opened (to prove a start-up wrote nothing)."""
        self.checkpoints: list[tuple[int, int, int]] = []

    @classmethod
    async def open(cls, url: str, *, migrate: bool = True, min_size: int = POOL_MIN,
                   max_size: int = POOL_MAX) -> PgDatabase:
        pool = await asyncpg.create_pool(url, min_size=min_size, max_size=max_size, init=_setup)
        db = cls(pool, url)
        try:
            if migrate:
                await db.migrate()
        except BaseException:
            await pool.close()
            raise
        return db

    async def close(self) -> None:
        await self.pool.close()

    async def start_checkpoints(self, every: float = 1.0) -> None:
        """Nothing to do: PostgreSQL checkpoints on its own (the SQLite backend's WAL needs help)."""

    async def user_version(self) -> int:
        row = await self.pool.fetchrow(
            "SELECT coalesce(max(version), 0) FROM chronicle_schema") if await self._has_schema_table() else None
        return int(row[0]) if row else 0

    async def _has_schema_table(self) -> bool:
        return bool(await self.pool.fetchval("SELECT to_regclass('chronicle_schema') IS NOT NULL"))

    async def migrate(self) -> int:
        """Apply every migration newer than the database, each in its own transaction, one process at a time."""
        steps = migrations()
        latest = steps[-1][0] if steps else 0
        async with self.pool.acquire() as conn, conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
            await conn.execute("CREATE TABLE IF NOT EXISTS chronicle_schema (version BIGINT PRIMARY KEY, "
                               "applied_utc BIGINT NOT NULL DEFAULT extract(epoch FROM now())::bigint)")
            current = int(await conn.fetchval("SELECT coalesce(max(version), 0) FROM chronicle_schema"))
            if current > latest:
                raise DatabaseTooNew(
                    f"{self.path} was written by a newer Chronicle (schema {current}; this one knows {latest}). "
                    "Upgrade Chronicle, or point CHRONICLE_DATABASE_URL at another database.")
            for version, name, script in steps:
                if version <= current:
                    continue
                async with conn.transaction():  # a savepoint: each migration whole or not at all
                    for statement in split_script(script):
                        await conn.execute(statement)
                    await conn.execute("INSERT INTO chronicle_schema (version) VALUES ($1)", version)
                log.info("applied migration postgres/%s", name)
        return latest

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[PgConnection]:
        """One transaction on one pooled connection; rolled back if the block raises (or is cancelled)."""
        async with self.pool.acquire() as conn, conn.transaction():
            yield PgConnection(conn, self)

    async def run_on(self, conn: asyncpg.Connection | asyncpg.Pool, statement: Statement,
                     args: Sequence[Any]) -> PgCursor:
        if statement.returns_rows:
            rows = await conn.fetch(statement.sql, *args)
            changed = len(rows) if not statement.sql.lstrip().upper().startswith(("SELECT", "WITH")) else 0
            self.total_changes += changed
            return PgCursor(rows, changed)
        count = status_count(await conn.execute(statement.sql, *args))
        self.total_changes += count
        return PgCursor([], count)

    async def fetchall(self, sql: str, params: Params = ()) -> list[asyncpg.Record]:
        statement = translate(sql)
        return await self.pool.fetch(statement.sql, *statement.args(params))

    async def fetchone(self, sql: str, params: Params = ()) -> asyncpg.Record | None:
        statement = translate(sql)
        return await self.pool.fetchrow(statement.sql, *statement.args(params))

    async def execute(self, sql: str, params: Params = ()) -> None:
        """Run one write statement on its own (autocommit)."""
        statement = translate(sql)
        await self.run_on(self.pool, statement, statement.args(params))

    async def changed(self, sql: str, params: Params = ()) -> int:
        """Run one write statement on its own (autocommit, its triggers included); how many rows it changed."""
        statement = translate(sql)
        return (await self.run_on(self.pool, statement, statement.args(params))).rowcount
