"""The natural-question set through the CLI (``chronicle when`` / ``chronicle search`` with --json) and
through the store's autocomplete: at least 95 % must come first."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from bot import cli
from facts.store import FactStore
from tests.quality.natural import NOTHING, SCORES, TARGET, First, Question, Score, load

QUESTIONS = load()


def ask_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    code = cli.main([*argv, "--json"])
    out, _ = capsys.readouterr()
    return json.loads(out) if code == 0 else None


def hit_texts(db: Path, kind: str, key: str) -> tuple[str, ...]:
    """The sentence of a sentence hit, or the quotes of an event hit (where expected words are looked for)."""
    with sqlite3.connect(db) as conn:
        if kind == "sentence":
            pack, _, n = key.partition("#")
            rows = conn.execute("SELECT text FROM sentences WHERE pack = ? AND n = ?", (pack, int(n))).fetchall()
        else:
            rows = conn.execute("SELECT text FROM quotes WHERE owner_key = ?", (key,)).fetchall()
    return tuple(r[0] for r in rows)


def first_via_cli(question: Question, capsys: pytest.CaptureFixture[str], db: Path) -> First:
    if question.via == "when":
        answer = ask_cli(capsys, "when", question.ask, "--db", str(db))
        if not answer:
            return NOTHING
        event = answer["event"]
        return First("event", event["key"], tuple(q["text"] for q in event["quotes"]))
    answer = ask_cli(capsys, "search", question.ask, "--db", str(db))
    if not answer or not answer["hits"]:
        return NOTHING
    hit = answer["hits"][0]
    return First(hit["kind"], hit["key"], hit_texts(db, hit["kind"], hit["key"]))


async def first_completions(db: Path, questions: list[Question]) -> list[First]:
    store = await FactStore.open(db)
    try:
        out = []
        for question in questions:
            refs = await store.complete_events(question.ask, limit=25)
            out.append(First("event", refs[0].key) if refs else NOTHING)
        return out
    finally:
        await store.close()


def test_natural_questions_come_first_through_the_cli(capsys, db_path):
    score = Score("the CLI (autocomplete: the store)")
    typed = [q for q in QUESTIONS if q.via != "autocomplete"]
    for question in typed:
        score.add(question, first_via_cli(question, capsys, db_path))
    completing = [q for q in QUESTIONS if q.via == "autocomplete"]
    for question, got in zip(completing, asyncio.run(first_completions(db_path, completing)), strict=True):
        score.add(question, got)
    SCORES.append(score)
    assert score.rate >= TARGET, score.report()
