"""How well a draft of the Korean War document matches the hand-written pack, and whether the ranking works
on it. Run as a script for the report (``python -m tests.quality.draft_korean_war``); the test in
``test_draft_korean_war.py`` holds the numbers above a floor.

1. Recovery: of the curated pack's events that have a span, how many the draft has with the same span, in an
   event whose quote (or a quote after it) overlaps the curated quote's sentence.
2. Ranking: the ``/when`` questions of ``natural_questions.yaml`` asked of a store holding only the drafted
   pack; a question counts when the top answer's date equals the date of the curated expected event. For a
   curated event the text dates only by order ("after:X"), the expected date is X's: a draft answer counts
   when it is X's day or is ordered after an event of that date.
3. Agreement, a looser count beside the ranking's: the top answer does not contradict the curated date. It
   counts when the answer's span is the expected one or lies inside it, or when the answer is "after Y" and
   Y's span lies inside the expected one ("after August 8, 1945" for the curated "August 1945": the draft
   dates only what the text dates, and the text dates the invasion of Manchuria only as following August 8).
"""

from __future__ import annotations

import asyncio
import tempfile
from dataclasses import dataclass
from pathlib import Path

from facts.dates import DateSpan
from facts.draft import Draft, draft_text
from facts.errors import NotFound
from facts.pack import PackEvent, load_pack
from facts.store import FactStore
from facts.text import collapse
from tests.facts.conftest import DOCUMENT_FILE, PACK_FILE
from tests.quality.natural import load


@dataclass(frozen=True, slots=True)
class Recovery:
    recovered: int
    total: int
    misses: tuple[str, ...]

    @property
    def rate(self) -> float:
        return self.recovered / self.total if self.total else 0.0


@dataclass(frozen=True, slots=True)
class Ranking:
    right: int
    total: int
    right_spanned: int
    total_spanned: int
    misses: tuple[str, ...]
    agreeing: int = 0


def draft() -> Draft:
    return draft_text(DOCUMENT_FILE.read_text(encoding="utf-8"), name="korean_draft")


def recovery(made: Draft) -> Recovery:
    curated = load_pack(PACK_FILE)
    hits, misses = 0, []
    for event in curated.events:
        if event.span is None:
            continue
        sentences = {collapse(q.text) for q in event.quotes}
        found = any(e.span == event.span and sentences & {e.quote, *e.context} for e in made.events)
        hits += found
        if not found:
            misses.append(f"{event.id} ({event.span.label})")
    total = sum(1 for e in curated.events if e.span is not None)
    return Recovery(hits, total, tuple(misses))


def _expected_span(event: PackEvent, by_id: dict[str, PackEvent]) -> DateSpan | None:
    cursor: PackEvent | None = event
    seen = set()
    while cursor is not None and cursor.span is None and cursor.anchor and cursor.id not in seen:
        seen.add(cursor.id)
        cursor = by_id.get(cursor.anchor)
    return cursor.span if cursor is not None else None


async def _ranking(made: Draft, folder: Path) -> Ranking:
    (folder / "korean_draft.txt").write_text(made.document, encoding="utf-8")
    (folder / "korean_draft.yaml").write_text(made.pack_yaml, encoding="utf-8")
    curated = {e.id: e for e in load_pack(PACK_FILE).events}
    drafted = {e.id: e for e in made.events}
    store = await FactStore.open(folder / "draft.db", packs=[load_pack(folder / "korean_draft.yaml")])
    right = total = right_spanned = total_spanned = agreeing = 0
    misses = []
    try:
        for question in load():
            if question.via != "when":
                continue
            expected = [curated[ref] for ref in question.first if ref in curated]
            if not expected:
                continue
            direct = any(e.span is not None for e in expected)
            try:
                got = (await store.when(question.ask)).event
            except NotFound:
                got = None
            ok = agrees = False
            for event in expected:
                want = event.span if event.span is not None else _expected_span(event, curated)
                if got is None or want is None:
                    continue
                anchor = (drafted.get(got.when.anchor_key.split("/", 1)[1])
                          if got.when.span is None and got.when.anchor_key else None)
                if got.when.span == want:
                    ok = True
                elif event.span is None and anchor is not None:
                    ok = ok or anchor.span == want
                said = got.when.span if got.when.span is not None else (anchor.span if anchor is not None else None)
                agrees = agrees or ok or (said is not None and want.start <= said.start and said.end <= want.end)
            total += 1
            right += ok
            agreeing += agrees
            total_spanned += direct
            right_spanned += ok and direct
            if not ok:
                misses.append(f"{question.ask!r}: got {got.when.label if got else 'nothing'}")
    finally:
        await store.close()
    return Ranking(right, total, right_spanned, total_spanned, tuple(misses), agreeing)


def ranking(made: Draft) -> Ranking:
    with tempfile.TemporaryDirectory() as tmp:
        return asyncio.run(_ranking(made, Path(tmp)))


def report() -> str:
    made = draft()
    rec = recovery(made)
    rank = ranking(made)
    lines = [
        f"recovered {rec.recovered}/{rec.total} curated dated events with the same span ({rec.rate:.0%})",
        *(f"  missed {m}" for m in rec.misses),
        f"/when on the drafted pack: top answer's date right for {rank.right}/{rank.total} questions "
        f"({rank.right_spanned}/{rank.total_spanned} whose expected event has a date of its own); "
        f"not contradicting the curated date for {rank.agreeing}/{rank.total}",
    ]
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    print(report())
