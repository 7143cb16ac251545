"""facts/search on its own: how words become terms, how the index weighs fields, and how a question ranks."""

from __future__ import annotations

import pytest

from facts.db import Database
from facts.search.analyze import terms, tokens
from facts.search.index import TOP, Doc, build
from facts.search.rank import Hit, Ranker, near_best, snippet
from facts.store import FactStore
from tests.facts.conftest import key


@pytest.mark.parametrize(("text", "expected"), [
    ("When did Kim visit Beijing", ["kim", "visit", "beij"]),
    ("visited visits visiting", ["visit", "visit", "visit"]),
    ("the invasion; they invaded; to invade", ["invad", "invad", "invad"]),
    ("boycotting the boycott", ["boycot", "boycot"]),
    ("Korean War began", ["korea", "war", "begin"]),
    ("the outbreak, the start", ["begin", "begin"]),
    ("U.S. troops, American soldiers, the United States", ["usa", "soldier", "usa", "soldier", "usa"]),
    ("USSR Soviet Russian", ["soviet", "soviet", "soviet"]),
    ("General Order No. 1 / General Order Number One", ["general", "order", "number", "1"] * 2),
    ("the Soviets pulled back", ["soviet", "withdraw"]),
    ("Chiang's troops", ["chiang", "soldier"]),
    ("what happened when, and who did it?", []),
])
def test_words_become_terms(text, expected):
    assert terms(text) == expected


def test_tokens_keep_their_place_in_the_text():
    text = "The Soviets pulled back to the 38th."
    found = tokens(text)
    assert [(text[t.start:t.end], t.term) for t in found if t.term] == [
        ("Soviets", "soviet"), ("pulled back", "withdraw"), ("38th", "38th")]


def _doc(ref: str, **fields: str) -> Doc:
    return Doc("event", ref, fields.get("title", ""), " ".join(fields.values()), fields)


def test_a_title_word_outweighs_the_same_word_in_a_quote():
    postings, _ = build([_doc("a", title="Mao visits Moscow"), _doc("b", quotes="Mao visits Moscow"),
                         _doc("c", title="unrelated", quotes="unrelated")])
    score = {(doc, term): s for doc, term, s in postings}
    assert score[0, "moscow"] > score[1, "moscow"] > 0


def test_a_rare_term_outweighs_a_common_one_and_only_the_best_documents_of_a_term_are_kept():
    docs = [_doc(f"d{i}", summary="Korea" + (" Pusan" if i == 0 else "")) for i in range(TOP + 10)]
    postings, vocabulary = build(docs)
    korea = [s for doc, term, s in postings if term == "korea"]
    assert len(korea) == TOP, "a common term keeps its TOP best documents"
    assert max(s for _, term, s in postings if term == "pusan") > max(korea)
    assert ("pusan", "pusan", 1) in vocabulary
    assert ("korea", "korea", TOP + 10) in vocabulary


def test_snippets_mark_the_matched_words_and_say_where_the_text_goes_on():
    text = " ".join(["filler"] * 40) + " The Soviets were boycotting the Council. " + " ".join(["more"] * 40)
    shown = snippet(text, frozenset({"boycot", "council"}), "[", "]")
    assert "[boycotting]" in shown
    assert "[Council]" in shown
    assert shown.startswith("…")
    assert shown.endswith("…")
    assert snippet("Short text.", frozenset({"text"}), "[", "]") == "Short [text]."


def test_near_best_keeps_only_results_close_to_the_first():
    hits = [Hit(i, "event", str(i), score, frozenset()) for i, score in enumerate([10.0, 6.0, 4.9, 1.0])]
    assert [h.ref for h in near_best(hits)] == ["1"]
    assert near_best([]) == []


@pytest.fixture
async def ranked(store: FactStore) -> tuple[Ranker, Database]:
    return store.ranker(), store.db


async def _first(ranked: tuple[Ranker, Database], text: str, *, prefix: bool = False) -> str:
    ranker, db = ranked
    ranking = await ranker.rank(db, ranker.slots(text, prefix=prefix), ("event",), 5)
    assert ranking.hits, text
    return ranking.hits[0].ref


async def test_the_people_and_places_a_question_names_decide_between_two_visits(ranked):
    assert await _first(ranked, "Kim visit Beijing") == key("kim_visits_beijing_may_1950")
    assert await _first(ranked, "Kim visit Moscow") == key("kim_visits_moscow_april_1950")
    assert await _first(ranked, "Mao visit Moscow") == key("mao_visits_moscow")
    ranker, _ = ranked
    slots = ranker.slots("when did Kim visit Beijing")
    assert [(s.word, s.entity) for s in slots] == [("kim", True), ("visit", False), ("beijing", True)]


async def test_a_misspelt_word_is_read_as_the_nearest_word_of_the_sources(ranked):
    ranker, _ = ranked
    (slot,) = ranker.slots("hiroshma")
    assert "hiroshima" in slot.terms
    assert await _first(ranked, "when was hiroshma bombed") == key("hiroshima_bomb")


async def test_autocomplete_completes_the_last_half_typed_word_only(ranked):
    ranker, _ = ranked
    assert await _first(ranked, "kim beij", prefix=True) == key("kim_visits_beijing_may_1950")
    (half,) = ranker.slots("hiros", prefix=True)
    assert "hiroshima" in half.terms
    assert all("hiroshima" not in s.terms for s in ranker.slots("hiros ", prefix=True)), (
        "a space after it: the word is finished, and nothing completes it")


async def test_a_kin_word_never_outweighs_the_word_the_student_used(ranked):
    """"offensive" (kin of invade, rare, so of high weight) must not beat an event that says "invaded"."""
    assert await _first(ranked, "when did North Korea invade") == key("north_korean_invasion")


async def test_a_question_of_stop_words_only_has_no_slots(ranked):
    ranker, db = ranked
    assert ranker.slots("when did it happen?") == []
    ranking = await ranker.rank(db, [], ("event",), 5)
    assert (ranking.hits, ranking.total) == ((), 0)
