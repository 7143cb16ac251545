"""User text never reaches SQLite as syntax: every hostile input is a clear BadInput/NotFound or an answer."""

from __future__ import annotations

import contextlib
import sqlite3

import pytest

from facts.errors import BadInput, NotFound
from facts.text import fts_query

HOSTILE = [
    '"', '""', "'", "NOT", "-", "AND", "OR", "NEAR", "*", "(", ")", "^", ":", "{", "}",
    "Korea NOT", "NOT Korea", "-Korea", "Korea*", '"Korea', "Korea AND", "AND OR NOT", "NEAR(Korea Japan)",
    "title:Korea", "{title}: Korea", "title : (Korea", "'; DROP TABLE events;--", "1'; DELETE FROM people; --",
    "Robert'); DROP TABLE search_fts;--", "%", "_", "\\", "\x00", "", "   ", "\n\t", "🎉", "日本 朝鮮",
    "Kim Il Sung" * 30, "a" * 2000,
]

FACT_TABLES = ("packs", "events", "people", "aliases", "event_people", "quotes", "sentences", "search_docs",
               "search_fts")


async def _counts(store) -> dict[str, int]:
    out = {}
    for table in FACT_TABLES:
        row = await store.db.fetchone(f"SELECT count(*) FROM {table}")
        out[table] = row[0]
    return out


@pytest.mark.parametrize("text", HOSTILE, ids=[repr(t)[:24] for t in HOSTILE])
async def test_hostile_text_is_bad_input_not_found_or_an_answer(store, text):
    async def ask(coro):
        try:
            return await coro
        except (BadInput, NotFound) as exc:
            refused = exc
        message = refused.message.lower()  # a sentence for the user, not an SQLite error
        assert message
        assert "fts5" not in message
        assert "syntax" not in message
        return None

    search = await ask(store.search(text))
    if search is not None:
        assert search.total >= len(search.hits)
    await ask(store.when(text))
    await ask(store.person(text))
    completed = await store.complete_events(text)
    assert len(completed) <= 25
    assert len(store.names.complete(text)) <= 25


async def test_hostile_text_leaves_every_table_in_place(store):
    before = await _counts(store)
    for text in HOSTILE:
        for query in (store.search, store.when, store.person):
            with contextlib.suppress(BadInput, NotFound):
                await query(text)
        await store.complete_events(text)
    assert await _counts(store) == before
    assert before["events"] == 38
    assert (await store.search("Pusan")).total >= 1


@pytest.mark.parametrize("text", ['"', "NOT", "-", "AND", "*", "(", "'; DROP TABLE events;--", "OR", "NEAR(a b)"])
async def test_fts_query_output_is_valid_match_syntax(store, text):
    for any_word in (False, True):
        for prefix in (False, True):
            query = fts_query(text, any_word=any_word, prefix=prefix)
            if query is None:
                continue
            try:
                await store.db.fetchall("SELECT rowid FROM search_fts WHERE search_fts MATCH ?", (query,))
            except sqlite3.Error as exc:  # pragma: no cover - the failure this test exists to catch
                pytest.fail(f"{text!r} -> {query!r}: {exc}")


@pytest.mark.parametrize(("text", "expected"), [
    ("Security Council", '"Security" "Council"'),
    ("when did the invasion happen", '"invasion"'),
    ("the", '"the"'),
    ('Korea" OR "x', '"Korea" "OR" "x"'),
    ("-(*)", None),
    ("", None),
])
def test_fts_query_quotes_every_word(text, expected):
    assert fts_query(text) == expected


def test_fts_query_any_word_and_prefix():
    assert fts_query("Kim Mao", any_word=True) == '"Kim" OR "Mao"'
    assert fts_query("Kim Mao", prefix=True) == '"Kim"* "Mao"*'
