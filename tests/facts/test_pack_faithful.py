"""The shipped pack says only what its document says.

Each test is a rule a careful reader checked by hand once (people named, dates stated, places given, order
kept); written as code, a fact that says more than the source fails here instead of in front of a student.
"""

from __future__ import annotations

import re

import pytest

from facts.dates import parse_span
from facts.errors import BadInput
from facts.pack import Pack, PackEvent, PackPerson
from facts.seed import chronology
from facts.text import collapse, fold, numbered_paragraphs
from tests.facts.test_pack_coverage import DATE_EXPRESSION, YEAR, _is_month_word

# How the document may name a place the pack lists: the place itself, or these words for it.
PLACE_WORDS = {
    "United States": ("U.S.", "US", "United States", "American", "Washington", "Truman"),
    "Soviet Union": ("Soviet", "USSR", "Russian", "Moscow", "Stalin"),
    "Russia": ("Russian",),
    "China": ("China", "Chinese", "Beijing", "PLA", "Mao", "Chiang"),
    "North Korea": ("North Korea", "North Korean", "Pyongyang", "the north", "Marxists"),
    "South Korea": ("South Korea", "the South", "S Korea", "Rhee", "South and North Korean"),
    "Korea": ("Korea", "Korean"),
    "Japan": ("Japan", "Japanese"),
    "Washington, D.C.": ("Washington",),
}


def _names(person: PackPerson) -> list[str]:
    return [person.name, *person.aliases]


def _says(text: str, words: str) -> bool:
    """Whether ``text`` contains ``words`` as whole words (forgiving case, accents and OCR slips)."""
    return f" {fold(words)} " in f" {fold(text)} "


def _quotes_text(entry: PackEvent | PackPerson) -> str:
    return " ".join(q.text for q in entry.quotes)


@pytest.fixture(scope="module")
def pack(packs: list[Pack]) -> Pack:
    (shipped,) = packs
    return shipped


def _named_people(text: str, pack: Pack) -> set[str]:
    return {p.id for p in pack.people if any(_says(text, n) for n in _names(p))}


def test_an_events_people_are_named_in_its_quotes(pack):
    for event in pack.events:
        named = _named_people(_quotes_text(event), pack)
        assert set(event.people) <= named, f"{event.id}: {set(event.people) - named} not named in its quotes"


@pytest.mark.parametrize("kind", ["events", "people"])
def test_a_summary_names_a_person_only_if_one_of_its_quotes_does(pack, kind):
    for entry in getattr(pack, kind):
        in_summary = _named_people(entry.summary, pack)
        in_quotes = _named_people(_quotes_text(entry), pack)
        if isinstance(entry, PackPerson):
            in_quotes.add(entry.id)
        assert in_summary <= in_quotes, f"{entry.id}: the summary names {in_summary - in_quotes}; no quote does"


def test_an_events_places_are_named_in_its_quotes(pack):
    for event in pack.events:
        text = _quotes_text(event)
        for place in event.places:
            words = PLACE_WORDS.get(place, (place,))
            assert any(_says(text, w) for w in words), f"{event.id}: {place!r} is not in its quotes"


def _dates_in(text: str, year: str | None) -> list[str]:
    """Date expressions of ``text``, a yearless one completed with ``year`` (the paragraph's)."""
    found = []
    for m in DATE_EXPRESSION.finditer(text):
        expression = m.group(0)
        if not any(c.isdigit() for c in expression):
            if not _is_month_word(expression):
                continue
            expression = f"{expression.rstrip('.')} {year}" if year else expression
        elif not re.search(YEAR, expression) and year:
            expression = f"{expression}, {year}"
        try:
            found.append(parse_span(expression))
        except BadInput:  # an expression the grammar cannot read dates nothing
            continue
    return found


def test_a_dated_event_quotes_a_sentence_that_states_its_date(pack):
    paragraphs = numbered_paragraphs(pack.document)
    for event in pack.events:
        if event.span is None:
            continue
        stated = []
        for quote in event.quotes:
            paragraph = next(t for n, t in paragraphs if n == quote.paragraph)
            years = re.findall(YEAR, paragraph[: paragraph.find(quote.text)] + quote.text)
            stated += _dates_in(quote.text, years[-1] if years else None)
        assert any(s.overlaps(event.span) for s in stated), (
            f"{event.id}: dated {event.span.label}, but no quote states a date in it")


def test_every_stated_order_holds_in_the_chronology(pack):
    position = {e.id: n for n, (e, _) in enumerate(chronology(pack.events))}
    for event in pack.events:
        if event.after:
            assert position[event.after] < position[event.id], event.id
        if event.before:
            assert position[event.id] < position[event.before], event.id


def test_titles_are_distinct_and_quotes_are_whole_sentences(pack):
    titles = [e.title for e in pack.events]
    assert len(titles) == len(set(titles))
    sentences = collapse(pack.document)
    for entry in (*pack.events, *pack.people):
        for quote in entry.quotes:
            assert quote.text[0].isupper(), quote.text
            assert quote.text.endswith((".", "?", "!", '"', "”")), quote.text
            assert quote.text in sentences


def test_every_figure_is_stated_by_one_of_its_events_quotes(pack):
    for event in pack.events:
        for figure in event.figures:
            assert any(fold(figure.text) in fold(q.text) for q in event.quotes), f"{event.id}: {figure.text!r}"


def test_what_the_document_does_not_say_is_not_claimed(pack):
    """The review's findings, one by one, so that none comes back."""
    by_id = {e.id: e for e in pack.events}
    people = {p.id: p for p in pack.people}
    stupidity = next(e for e in pack.events if any("act of stupidity" in q.text for q in e.quotes))
    assert stupidity.people == ()
    assert "acheson" not in stupidity.id
    assert "Acheson" not in stupidity.title
    assert "does not say who" in stupidity.summary
    assert "stupidity" not in people["dean_acheson"].summary
    assert "probably to prevent" not in people["dean_acheson"].summary
    assert by_id["former_pla_soldiers_in_north_korea"].span is None  # "on the eve … had arrived": no date
    assert by_id["byrnes_instructs_colonels"].span is None
    assert by_id["safe_havens_for_japanese_civilians"].places == ()
    assert "hold" not in by_id["pusan_perimeter"].title
    assert not any("two weeks" in q.text for q in by_id["kim_visits_beijing_may_1950"].quotes)
    assert by_id["soviet_invasion_of_manchuria"].after == "ussr_declares_war_on_japan"
    assert by_id["occupation_of_korea"].after == "rusk_picks_38th_parallel"


@pytest.mark.parametrize("sentence", [
    "There is now ample evidence of collusion among Moscow, Pyongyang, and Beijing",
    "The State Department considered South Korea vital to the defense of Japan.",
])
def test_the_documents_claims_have_facts(pack, sentence):
    assert any(sentence in q.text for e in pack.events for q in e.quotes), sentence


@pytest.mark.parametrize(("event_id", "text"), [("border_incidents", "a few thousand"),
                                                ("soviet_invasion_of_manchuria", "in less than two weeks")])
def test_the_documents_figures_are_in_the_pack(pack, event_id, text):
    assert any(f.text == text for e in pack.events if e.id == event_id for f in e.figures)
