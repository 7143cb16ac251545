"""CHRONICLE_SHARDS: which shards of how many a process runs, and which servers that makes its own."""

from __future__ import annotations

import pytest

from facts.db import Database
from facts.errors import BadInput
from facts.shards import Shards, shard_of


@pytest.mark.parametrize(("text", "ids", "count"), [
    ("0-1/4", (0, 1), 4), ("3/4", (3,), 4), (" 0 , 2-3 / 8 ", (0, 2, 3), 8), ("0/1", (0,), 1),
])
def test_shard_ranges_parse(text: str, ids: tuple[int, ...], count: int):
    assert Shards.parse(text) == Shards(ids, count)


@pytest.mark.parametrize(("text", "says"), [
    ("4/4", "Shard 4 does not exist"), ("1-0/4", "runs backwards"), ("0/0", "between 1 and"),
    ("all", "not a shard range"), ("0-1", "not a shard range"), ("0-1/4; DROP TABLE x", "not a shard range"),
    ("x" * 500, "not a shard range"),
])
def test_a_bad_range_says_what_is_wrong(text: str, says: str):
    with pytest.raises(BadInput, match=says):
        Shards.parse(text)


def test_a_server_belongs_to_the_shard_discord_gives_it():
    guild = 81384788765712384  # Discord's documented example: shard (id >> 22) % count
    assert shard_of(guild, 2) == (guild >> 22) % 2
    assert Shards((shard_of(guild, 4),), 4).owns(guild)
    assert not Shards(tuple(s for s in range(4) if s != shard_of(guild, 4)), 4).owns(guild)


async def test_the_sql_condition_agrees_with_owns(tmp_path):
    db = await Database.open(tmp_path / "s.db", migrate=False)
    try:
        ids = [(n << 22) | 5 for n in range(1, 40)]
        await db.execute("CREATE TABLE g (guild_id INTEGER)")
        await db.conn.executemany("INSERT INTO g VALUES (?)", [(i,) for i in ids])
        shards = Shards((0, 2), 3)
        where, params = shards.where()
        rows = await db.fetchall(f"SELECT guild_id FROM g WHERE {where}", params)
        assert sorted(r[0] for r in rows) == [i for i in ids if shards.owns(i)]
        assert 0 < len(rows) < len(ids)
    finally:
        await db.close()
