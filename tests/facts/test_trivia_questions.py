"""Question generation from the shipped pack: every kind, distractors never correct, no repeats, topics,
seeded determinism and cycling across rounds."""

from __future__ import annotations

import asyncio
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from facts.dates import DateSpan, Precision, parse_span
from facts.models import Event, Figure, Person
from facts.store import FactStore
from facts.text import fold
from facts.trivia.questions import (
    CHOICES,
    KIND_TOPIC,
    Asked,
    Bank,
    Kind,
    Question,
    Topic,
    figure_options,
    generate,
    nearby_spans,
    role_words,
)
from facts.trivia.storage import load_bank
from tests.facts.conftest import copy_db, key

SEEDS = range(12)


@pytest.fixture(scope="module")
def bank(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Bank:
    path = copy_db(template_db, tmp_path_factory.mktemp("trivia-bank") / "chronicle.db")

    async def load() -> Bank:
        store = await FactStore.open(path)
        try:
            return await load_bank(store)
        finally:
            await store.close()

    return asyncio.run(load())


def every_question(bank: Bank, topic: Topic = Topic.ALL) -> Iterator[Question]:
    """All the questions many seeded rounds produce (each fact with several draws of distractors)."""
    for seed in SEEDS:
        yield from generate(bank, 200, topic, random.Random(seed))


def events_by_key(bank: Bank) -> dict[str, Event]:
    return {e.key: e for e in bank.events}


def events_by_title(bank: Bank) -> dict[str, Event]:
    return {e.title: e for e in bank.events}


def people_by_name(bank: Bank) -> dict[str, Person]:
    return {p.name: p for p in bank.people}


def subject(question: Question) -> str:
    return question.key.split(":", 1)[1].split("#")[0]


def earliest(bank: Bank, event: Event) -> DateSpan:
    by_key = events_by_key(bank)
    while event.when.span is None:
        assert event.when.after_key is not None
        event = by_key[event.when.after_key]
    return event.when.span


# ----------------------------------------------------------------------------------------- the whole


def test_the_pack_yields_every_kind_and_a_full_twenty_question_round(bank: Bank) -> None:
    questions = generate(bank, 20, Topic.ALL, random.Random(1))
    assert len(questions) == 20
    assert {q.kind for q in questions} == set(Kind)


@pytest.mark.parametrize("seed", SEEDS)
def test_every_question_has_four_distinct_choices_an_explanation_and_a_cited_quote(bank: Bank, seed: int) -> None:
    for q in generate(bank, 200, Topic.ALL, random.Random(seed)):
        assert len(q.choices) == CHOICES
        assert len({fold(c) for c in q.choices}) == CHOICES, q
        assert 0 <= q.answer < CHOICES
        assert q.explanation.strip()
        assert q.quote is not None
        assert q.quote.text
        assert q.quote.paragraph >= 1
        assert q.source.citation
        assert q.prompt.strip()
        assert subject(q) in q.touches
        assert q.touches <= {e.key for e in bank.events} | {p.key for p in bank.people} | {
            f"date:{e.when.span.notation}" for e in bank.events if e.when.span}


@pytest.mark.parametrize("seed", SEEDS)
def test_no_question_or_fact_repeats_within_a_round(bank: Bank, seed: int) -> None:
    questions = generate(bank, 200, Topic.ALL, random.Random(seed))
    assert len({q.key for q in questions}) == len(questions)
    asked = [(q.prompt, q.about) if q.kind is not Kind.FIRST else q.answer_text for q in questions]
    assert len(set(asked)) == len(asked), "the same question twice in a round"
    touched: set[str] = set()
    for q in questions:
        assert not q.touches & touched, f"{q.key} gives away a fact an earlier question was about"
        touched |= q.touches


@pytest.mark.parametrize(("topic", "kinds"), [
    (Topic.DATES, {Kind.WHEN, Kind.WHAT, Kind.FIRST}),
    (Topic.PEOPLE, {Kind.WHO}),
    (Topic.FIGURES, {Kind.FIGURE}),
    (Topic.ALL, set(Kind)),
])
def test_the_topic_filter_keeps_only_its_kinds(bank: Bank, topic: Topic, kinds: set[Kind]) -> None:
    seen = {q.kind for q in every_question(bank, topic)}
    assert seen == kinds
    assert all(KIND_TOPIC[k] is topic for k in seen) or topic is Topic.ALL


def test_a_topic_accepts_its_name_and_a_round_mixes_kinds_in_turn(bank: Bank) -> None:
    questions = generate(bank, 6, "dates", random.Random(3))
    counts = {k: sum(q.kind is k for q in questions) for k in (Kind.WHEN, Kind.WHAT, Kind.FIRST)}
    assert counts == {Kind.WHEN: 2, Kind.WHAT: 2, Kind.FIRST: 2}


def test_fewer_questions_come_back_when_the_topic_has_fewer_facts(bank: Bank) -> None:
    figures = sum(len(e.figures) for e in bank.events)
    questions = generate(bank, 20, Topic.FIGURES, random.Random(0))
    assert 0 < len(questions) <= figures < 20
    assert generate(bank, 1, Topic.ALL, random.Random(0)).__len__() == 1


def test_the_same_seed_gives_the_same_round_and_another_seed_another(bank: Bank) -> None:
    first = generate(bank, 10, Topic.ALL, random.Random(42))
    assert generate(bank, 10, Topic.ALL, random.Random(42)) == first
    assert generate(bank, 10, Topic.ALL, random.Random(43)) != first


# ---------------------------------------------------------------------------------- per kind: correct


def test_when_choices_are_at_the_events_own_precision_and_none_overlaps_it(bank: Bank) -> None:
    by_key = events_by_key(bank)
    checked = 0
    for q in every_question(bank, Topic.DATES):
        if q.kind is not Kind.WHEN:
            continue
        event = by_key[subject(q)]
        span = event.when.span
        assert span is not None
        assert q.about == event.title
        assert q.answer_text == span.label
        for i, choice in enumerate(q.choices):
            if i == q.answer:
                continue
            wrong = parse_span(choice)
            assert choice != span.label
            assert not wrong.overlaps(span), f"{choice} overlaps {span.label} ({event.key})"
            assert _same_unit(wrong.precision, span.precision), (choice, span.label)
        checked += 1
    assert checked > 20


def _same_unit(a: Precision, b: Precision) -> bool:
    """Re-parsing a label may read a range back as its single form ("1949-50" is YEARS either way)."""
    group = {Precision.DAY: "d", Precision.DAYS: "d", Precision.MONTH: "m", Precision.MONTHS: "m",
             Precision.SEASON: "s", Precision.YEAR: "y", Precision.YEARS: "y", Precision.DECADE: "c"}
    return group[a] == group[b]


def test_what_happened_never_offers_a_second_event_of_that_date(bank: Bank) -> None:
    by_key, by_title = events_by_key(bank), events_by_title(bank)
    checked = 0
    for q in every_question(bank, Topic.DATES):
        if q.kind is not Kind.WHAT:
            continue
        event = by_key[subject(q)]
        span = event.when.span
        assert span is not None
        assert span.label in q.prompt
        assert q.answer_text == event.title
        for i, choice in enumerate(q.choices):
            if i != q.answer:
                other = by_title[choice].when.span
                assert other is not None, f"{choice} has no date: it might have happened on {span.label}"
                assert not other.overlaps(span), f"{choice} ({other.label}) also happened {q.prompt}"
        checked += 1
    assert checked > 20


def test_which_came_first_offers_only_events_known_to_come_later(bank: Bank) -> None:
    by_key, by_title = events_by_key(bank), events_by_title(bank)
    checked = 0
    for q in every_question(bank, Topic.DATES):
        if q.kind is not Kind.FIRST:
            continue
        right = by_key[subject(q)]
        assert right.when.span is not None
        assert q.answer_text == right.title
        for i, choice in enumerate(q.choices):
            if i != q.answer:
                later = by_title[choice]
                assert earliest(bank, later).start > right.when.span.end, (right.title, choice)
        assert q.touches == frozenset(by_title[c].key for c in q.choices)
        checked += 1
    assert checked > 15


def test_who_offers_people_of_the_same_kind_and_never_one_who_also_fits(bank: Bank) -> None:
    by_key, by_name = events_by_key(bank), people_by_name(bank)
    people_keys = {p.key for p in bank.people}
    roles, events = 0, 0
    for q in every_question(bank, Topic.PEOPLE):
        assert q.kind is Kind.WHO
        right = by_name[q.answer_text]
        wrong = [by_name[c] for i, c in enumerate(q.choices) if i != q.answer]
        if subject(q) in people_keys:  # "Who is described like this? <role>"
            roles += 1
            assert q.about == right.role
            for other in wrong:
                assert fold(other.role) != fold(right.role)
                assert not role_words(right.role) <= role_words(other.role), (right.role, other.role)
        else:  # "Who took part in this? <event>"
            events += 1
            event = by_key[subject(q)]
            assert q.about == event.title
            took_part = {r.key for r in event.people}
            assert right.key in took_part
            assert not {p.key for p in wrong} & took_part
    assert roles >= 10
    assert events >= 2


def test_who_leaves_out_a_colleague_who_did_the_same_thing(bank: Bank) -> None:
    """Rusk co-drafted General Order No. 1 with Bonesteel: he must not be a wrong answer for Bonesteel's role."""
    for q in every_question(bank, Topic.PEOPLE):
        if q.key == f"who:{key('charles_h_bonesteel')}":
            assert "Dean Rusk" not in q.choices
            break
    else:
        pytest.fail("no question about Bonesteel's role")


def test_a_role_question_never_names_its_answer_and_an_event_question_never_titles_it(bank: Bank) -> None:
    for q in every_question(bank, Topic.PEOPLE):
        assert q.about is not None
        surname = q.answer_text.split()[-1]
        assert not re.search(rf"\b{re.escape(surname)}\b", q.about), q


def test_figure_questions_ask_the_documents_question_and_offer_no_other_true_number(bank: Bank) -> None:
    figures = {(e.key, i): f for e in bank.events for i, f in enumerate(e.figures)}
    checked = set()
    for q in every_question(bank, Topic.FIGURES):
        event_key, index = q.key.split(":", 1)[1].split("#")
        figure = figures[(event_key, int(index))]
        assert q.prompt == figure.ask
        assert q.answer_text == figure.value_label
        assert q.quote is not None
        assert fold(figure.text) in fold(q.quote.text)
        for i, choice in enumerate(q.choices):
            if i != q.answer:
                low, high = _numbers(choice)
                assert high < figure.low or low > figure.high, (figure.text, choice)
                if re.search(r"more than|over", figure.text, re.IGNORECASE):
                    assert high < figure.low, f"{choice} would also be “{figure.text}”"
        checked.add(q.key)
    assert len(checked) == len(figures)


def _numbers(label: str) -> tuple[int, int]:
    parts = [int(p.replace(",", "")) for p in label.split("–")]
    return parts[0], parts[-1]


# --------------------------------------------------------------------------------------------- cycling


def test_a_second_round_asks_new_questions_while_unasked_ones_remain(bank: Bank) -> None:
    rng = random.Random(7)
    first = generate(bank, 10, Topic.ALL, rng)
    asked = {q.key: Asked(1, 1000 + i) for i, q in enumerate(first)}
    second = generate(bank, 10, Topic.ALL, rng, asked)
    assert len(second) == 10
    assert not {q.key for q in first} & {q.key for q in second}


def test_every_question_is_asked_once_before_any_is_asked_again(bank: Bank) -> None:
    all_figures = {f"figure:{e.key}#{i}" for e in bank.events for i, _ in enumerate(e.figures)}
    rng = random.Random(5)
    asked: dict[str, Asked] = {}
    order: list[str] = []
    for clock in range(2 * len(all_figures)):
        (question,) = generate(bank, 1, Topic.FIGURES, rng, asked)
        order.append(question.key)
        previous = asked.get(question.key, Asked(0, 0))
        asked[question.key] = Asked(previous.times + 1, clock)
    n = len(all_figures)
    assert set(order[:n]) == all_figures
    assert order[n:] == order[:n], "the second cycle follows the first: the longest ago comes back first"


def test_the_least_asked_question_comes_first_then_the_one_asked_longest_ago(bank: Bank) -> None:
    all_figures = sorted(f"figure:{e.key}#{i}" for e in bank.events for i, _ in enumerate(e.figures))
    least = all_figures[0]
    rigged = {k: Asked(5, 10) for k in all_figures} | {least: Asked(1, 10)}
    assert [q.key for q in generate(bank, 1, Topic.FIGURES, random.Random(0), rigged)] == [least]
    oldest = all_figures[-1]
    rigged = {k: Asked(2, 500) for k in all_figures} | {oldest: Asked(2, 100)}
    assert [q.key for q in generate(bank, 1, Topic.FIGURES, random.Random(0), rigged)] == [oldest]


# ----------------------------------------------------------------------------------------- distractors


@pytest.mark.parametrize("text", [
    "1950-06-25", "1945-08-10/1945-08-11", "1949-04", "1949-10/1950-06", "winter 1949-50", "autumn 1945",
    "1948", "1949-50", "1980s",
])
def test_nearby_dates_keep_the_precision_and_length_and_never_overlap(text: str) -> None:
    span = parse_span(text)
    options = nearby_spans(span)
    assert len(options) >= CHOICES - 1
    assert len({o.label for o in options}) == len(options)
    for option in options:
        assert option.precision is span.precision
        assert not option.overlaps(span)
        assert option.label != span.label
        if span.precision is Precision.SEASON:
            assert option.label.split()[0] in {"spring", "summer", "autumn", "winter"}


@pytest.mark.parametrize(("figure", "expected_first"), [
    (Figure(2, 2, "two Army divisions", "divisions", "How many?"), ["1", "3", "4"]),
    (Figure(2, 2, "about two weeks", "weeks", "How many?"), ["4", "5", "6"]),
    (Figure(80000, 80000, "More than 80,000", "killed", "How many?"), ["40,000", "27,000", "20,000"]),
    (Figure(500, 500, "some five hundred", "messages", "How many?"), ["250", "1,000", "170"]),
    (Figure(30000, 40000, "between thirty and forty thousand", "soldiers", "How many?"),
     ["10,000–13,000", "90,000–120,000", "7,500–10,000"]),
    (Figure(1000, 1000, "up to 1,000", "men", "How many?"), ["2,000", "3,000", "4,000"]),
])
def test_wrong_numbers_are_plausible_and_never_the_sources(figure: Figure, expected_first: list[str]) -> None:
    options = figure_options(figure)
    assert options[:3] == expected_first
    assert figure.value_label not in options
    assert len(options) >= CHOICES - 1


def test_blocked_questions_are_never_asked(bank):
    everything = generate(bank, 200, "all", random.Random(1))
    blocked = {q.key for q in everything[:5]}
    again = generate(bank, 200, "all", random.Random(1), blocked=blocked)
    assert again
    assert not blocked & {q.key for q in again}
