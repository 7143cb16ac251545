"""User text never reaches SQLite as syntax: every hostile input is a clear BadInput/NotFound or an answer.

Search reads a question as terms bound as parameters (no MATCH syntax at all), and these keep it so."""

from __future__ import annotations

import contextlib

import pytest

from facts.errors import BadInput, NotFound

HOSTILE = [
    '"', '""', "'", "NOT", "-", "AND", "OR", "NEAR", "*", "(", ")", "^", ":", "{", "}",
    "Korea NOT", "NOT Korea", "-Korea", "Korea*", '"Korea', "Korea AND", "AND OR NOT", "NEAR(Korea Japan)",
    "title:Korea", "{title}: Korea", "title : (Korea", "'; DROP TABLE events;--", "1'; DELETE FROM people; --",
    "Robert'); DROP TABLE search_terms;--", "%", "_", "\\", "\x00", "", "   ", "\n\t", "🎉", "日本 朝鮮",
    "Kim Il Sung" * 30, "a" * 2000,
]

FACT_TABLES = ("packs", "events", "people", "aliases", "event_people", "quotes", "sentences", "search_docs",
               "search_terms", "search_words")


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
    assert len(store.complete_people(text)) <= 25


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
