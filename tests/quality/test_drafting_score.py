"""The drafting scorer itself, driven with fake drafts built from the annotations: a perfect draft scores
100 %, each kind of mistake costs exactly what the rules in ``drafting_score`` say."""

from __future__ import annotations

import dataclasses
import sys
import types
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from facts.dates import DateSpan, Precision
from facts.text import collapse, sentences
from tests.quality import drafting_score
from tests.quality.drafting_score import (
    DEV_DIR,
    DRAFTING_DIR,
    Annotation,
    load,
    parse,
    person_key,
    report,
    score,
    slugs,
    validate,
)


@dataclass(frozen=True)
class FakeEvent:
    id: str
    span: DateSpan | None
    quote: str
    anchor: str | None = None
    relation: str | None = None
    people: tuple[str, ...] = ()
    review: tuple[str, ...] = ()


@dataclass(frozen=True)
class FakePerson:
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    role: str = ""
    review: tuple[str, ...] = ()


@dataclass(frozen=True)
class FakeDraft:
    document: str
    events: tuple[FakeEvent, ...]
    people: tuple[FakePerson, ...]


def sentence_quote(doc: str, start: int, end: int) -> str:
    """The run of whole sentences of ``doc`` (collapsed) that covers ``doc[start:end]``."""
    placed, cursor = [], 0
    for paragraph in doc.split("\n\n"):
        for sentence in sentences(paragraph):
            at = doc.index(sentence, cursor)
            placed.append((at, at + len(sentence)))
            cursor = at + len(sentence)
    first = next(a for a, b in placed if a <= start < b)
    last = next(b for a, b in placed if a < end <= b)
    return doc[first:last]


def perfect(a: Annotation) -> FakeDraft:
    """What a flawless drafter would return: one event per expression, quoting its sentence(s)."""
    doc = "\n\n".join(collapse(block) for block in a.text.split("\n\n"))
    flat = collapse(doc)
    events: list[FakeEvent] = []
    ids = {}
    for d in a.dates:
        at = flat.index(collapse(d.context)) + collapse(d.context).index(collapse(d.text))
        quote = sentence_quote(doc, *_unflatten(doc, at, at + len(collapse(d.text))))
        eid = f"e{d.index}"
        if d.after is None:
            r = d.readings[0]
            events.append(FakeEvent(eid, DateSpan(r.start, r.end, Precision(r.precision)), quote))
            ids[d.text] = eid
        else:
            events.append(FakeEvent(eid, None, quote, anchor=ids[d.after], relation="after"))
    people = tuple(FakePerson(f"p{i}", p.name, p.forms) for i, p in enumerate(a.people))
    return FakeDraft(doc, tuple(events), people)


def _unflatten(doc: str, start: int, end: int) -> tuple[int, int]:
    """Positions in the one-space-between-paragraphs form, mapped back to ``doc`` (blank lines between)."""
    mapping = [i for i, c in enumerate(doc) if not (c == "\n" and i + 1 < len(doc) and doc[i + 1] == "\n")]
    return mapping[start], mapping[end - 1] + 1


def replace_event(draft: FakeDraft, index: int, **changes: object) -> FakeDraft:
    events = list(draft.events)
    events[index] = dataclasses.replace(events[index], **changes)
    return dataclasses.replace(draft, events=tuple(events))


def add_person(draft: FakeDraft, name: str, *aliases: str) -> FakeDraft:
    return dataclasses.replace(draft, people=(*draft.people, FakePerson(f"x{len(draft.people)}", name, aliases)))


TRUMAN = "state_baruch_truman"


@pytest.mark.parametrize("slug", slugs(DRAFTING_DIR))  # the held-out texts (the dev ones: test_drafting_dev)
def test_a_perfect_draft_scores_full_marks(slug: str) -> None:
    a = load(slug, DRAFTING_DIR)
    s = score(a, perfect(a))
    assert (s.recovered, s.spans_right, s.people_found) == (s.dates, s.spans, s.people), s.misses
    assert (s.date_recall, s.date_precision, s.people_recall, s.not_people_share) == (1.0, 1.0, 1.0, 0.0)
    assert s.relative == s.relative_right == sum(d.after is not None for d in a.dates)
    assert s.duplicates == 0
    assert not s.misses


def test_one_wrong_date_costs_exactly_one_expression_of_recall_and_one_span_of_precision() -> None:
    a = load(TRUMAN, DEV_DIR)
    good = perfect(a)
    wrong_day = good.events[2].span
    assert wrong_day is not None
    shifted = DateSpan(wrong_day.start + timedelta(days=1), wrong_day.end + timedelta(days=1), wrong_day.precision)
    s = score(a, replace_event(good, 2, span=shifted))
    assert s.recovered == s.dates - 1
    assert s.spans_right == s.spans - 1
    assert any("On June 14, 1946" in m for m in s.misses)


def test_an_alternative_reading_is_accepted() -> None:
    a = load(TRUMAN, DEV_DIR)
    index = next(i for i, d in enumerate(a.dates) if len(d.readings) > 1)
    alt = a.dates[index].readings[1]
    draft = replace_event(perfect(a), index, span=DateSpan(alt.start, alt.end, Precision(alt.precision)))
    s = score(a, draft)
    assert s.recovered == s.dates
    assert s.spans_right == s.spans


def test_a_drafted_ship_is_not_a_person() -> None:
    a = load(TRUMAN, DEV_DIR)
    s = score(a, add_person(perfect(a), "USS Missouri"))
    assert s.drafted_people == len(a.people) + 1
    assert s.not_people == 1
    assert s.not_people_share == pytest.approx(1 / (len(a.people) + 1))
    assert s.people_recall == 1.0
    assert "not a person: “USS Missouri” (matches no one)" in s.misses


def test_a_listed_non_person_is_not_a_person_even_if_it_contains_a_name() -> None:
    a = load(TRUMAN, DEV_DIR)
    s = score(a, add_person(perfect(a), "Truman Doctrine"))
    assert s.not_people == 1
    assert "not a person: “Truman Doctrine” (listed as not a person)" in s.misses


def test_two_drafted_people_for_one_person_are_a_duplicate_not_a_non_person() -> None:
    a = load(TRUMAN, DEV_DIR)
    s = score(a, add_person(perfect(a), "President Truman"))
    assert (s.duplicates, s.not_people, s.people_found) == (1, 0, len(a.people))


def test_a_person_found_under_another_form_counts() -> None:
    a = load(TRUMAN, DEV_DIR)
    draft = perfect(a)
    people = tuple(FakePerson(p.id, "Gen. Baruch" if p.name == "Bernard Baruch" else p.name) for p in draft.people)
    assert score(a, dataclasses.replace(draft, people=people)).people_recall == 1.0


def test_a_missing_person_costs_recall() -> None:
    a = load(TRUMAN, DEV_DIR)
    draft = perfect(a)
    s = score(a, dataclasses.replace(draft, people=draft.people[1:]))
    assert s.people_found == s.people - 1
    assert any(m.startswith("person miss: Bernard Baruch") for m in s.misses)


@pytest.mark.parametrize(("name", "key"), [
    ("President Harry S. Truman", "harry s truman"),
    ("Lt. Col. Charles H. Bonesteel", "charles h bonesteel"),
    ("Duke of Gloucester", "duke of gloucester"),
    ("the Princess Elizabeth", "elizabeth"),
    ("Sir George", "george"),
    ("King", "king"),
    ("José Martí", "jose marti"),
    ("Pride’s Purge", "pride's purge"),
])
def test_names_are_compared_without_titles_case_or_accents(name: str, key: str) -> None:
    assert person_key(name) == key


# ------------------------------------------------------------------------ the quote rules, on a toy text

TOY = ("A toy\n\nThe council met in March. Nothing was decided.\n\n"
       "In March the king left. Two days later, on 10 August 1945 the fleet sailed. It came back soon after.")


def toy(dates: list[dict[str, object]]) -> Annotation:
    return parse("toy", TOY, {"document": "toy.txt", "source": "x", "licence": "y", "dates": dates,
                              "people": [{"name": "the king", "forms": []}]})


MARCH = {"text": "In March", "context": "In March the king left", "start": "1945-03-01", "end": "1945-03-31",
         "precision": "month"}
MARCH_SPAN = DateSpan(date(1945, 3, 1), date(1945, 3, 31), Precision.MONTH)


def toy_draft(*events: FakeEvent) -> FakeDraft:
    return FakeDraft(TOY, events, ())


def test_a_quote_must_be_where_the_expression_is_not_just_repeat_its_words() -> None:
    a = toy([MARCH])
    elsewhere = toy_draft(FakeEvent("e", MARCH_SPAN, "The council met in March."))
    s = score(a, elsewhere)
    assert (s.recovered, s.spans_right) == (0, 0)
    assert score(a, toy_draft(FakeEvent("e", MARCH_SPAN, "In March the king left."))).recovered == 1


def test_a_context_longer_than_the_sentence_accepts_the_sentence_that_holds_the_text() -> None:
    a = toy([{"text": "Two days later", "context": "the king left. Two days later", "start": "1945-08-10",
              "end": "1945-08-10", "precision": "day", "relative": True}])
    assert validate(a) == []
    quote = "Two days later, on 10 August 1945 the fleet sailed."
    s = score(a, toy_draft(FakeEvent("e", DateSpan(date(1945, 8, 10), date(1945, 8, 10), Precision.DAY), quote)))
    assert (s.recovered, s.spans_right) == (1, 1)


def test_a_quote_of_two_sentences_still_quotes_each_expression_in_it() -> None:
    a = toy([MARCH])
    quote = "In March the king left. Two days later, on 10 August 1945 the fleet sailed."
    assert score(a, toy_draft(FakeEvent("e", MARCH_SPAN, quote))).recovered == 1


AFTER = {"text": "soon after", "context": "It came back soon after", "after": "In March"}
LATER = DateSpan(date(1945, 4, 1), date(1945, 4, 30), Precision.MONTH)


@pytest.mark.parametrize(("event", "recovered"), [
    (FakeEvent("b", None, "It came back soon after.", anchor="a", relation="after"), True),
    (FakeEvent("b", None, "It came back soon after.", anchor="nobody", relation="after"), False),
    (FakeEvent("b", LATER, "It came back soon after.", review=("guessed: a month later",)), True),
    (FakeEvent("b", LATER, "It came back soon after."), False),  # a guessed date must be marked for review
    (FakeEvent("b", DateSpan(date(1945, 1, 1), date(1945, 1, 31), Precision.MONTH), "It came back soon after.",
               review=("guessed",)), False),  # before its anchor
])
def test_an_undatable_expression_needs_an_after_relation_or_a_reviewed_later_date(
        event: FakeEvent, recovered: bool) -> None:
    a = toy([MARCH, AFTER])
    s = score(a, toy_draft(FakeEvent("a", MARCH_SPAN, "In March the king left."), event))
    assert s.recovered == 1 + recovered


def test_relative_events_are_counted_apart_from_dated_ones() -> None:
    a = toy([MARCH, AFTER])
    s = score(a, toy_draft(FakeEvent("a", MARCH_SPAN, "In March the king left."),
                           FakeEvent("b", None, "It came back soon after.", anchor="a", relation="after")))
    assert (s.spans, s.spans_right, s.relative, s.relative_right) == (1, 1, 1, 1)


# ------------------------------------------------------------------------------------------ validation


@pytest.mark.parametrize(("entry", "problem"), [
    ({**MARCH, "context": "March"}, "occurs 2 times"),
    ({**MARCH, "text": "In May"}, "text is not in the document"),
    ({**MARCH, "end": "1945-03-30"}, "is not the shape of a month span"),
    ({**MARCH, "precision": "fortnight"}, "is not one of"),
    ({**MARCH, "start": "1945-04-01"}, "ends (1945-03-31) before it starts"),
    ({**MARCH, "precision": "season"}, "is not the shape of a season span"),
    ({"text": "soon after", "context": "It came back soon after", "after": "In June"}, "exactly one dated"),
    ({"text": "In March", "context": "In March the king left"}, "cannot read"),
])
def test_validation_names_what_is_wrong(entry: dict[str, object], problem: str) -> None:
    problems = validate(toy([entry]))
    assert any(problem in p for p in problems), problems


def test_validation_catches_expressions_out_of_document_order() -> None:
    later = {"text": "Two days later", "context": "Two days later", "start": "1945-08-10", "end": "1945-08-10",
             "precision": "day"}
    assert any("out of document order" in p for p in validate(toy([later, MARCH])))


@pytest.mark.parametrize(("start", "end", "precision"), [
    ("1949-12-01", "1950-02-28", "season"), ("1948-06-01", "1948-08-31", "months"),
    ("1980-01-01", "1989-12-31", "decade"), ("1946-01-01", "1954-12-31", "years"),
    ("1945-08-10", "1945-08-11", "days"), ("1952-12-01", "1953-02-28", "season"),
])
def test_well_shaped_spans_pass(start: str, end: str, precision: str) -> None:
    assert drafting_score.shape_problem(drafting_score.Reading(date.fromisoformat(start), date.fromisoformat(end),
                                                               precision)) is None


# ------------------------------------------------------------------------------------ report and CLI


def test_the_report_is_a_markdown_table_with_a_total_and_the_misses() -> None:
    a = load(TRUMAN, DEV_DIR)
    scores = [score(a, add_person(perfect(a), "USS Missouri")), score(a, perfect(a))]
    text = report(scores)
    assert text.startswith("| document |")
    assert "| total | 38 | 100.0% |" in text
    assert "- not a person: “USS Missouri” (matches no one)" in text


def test_the_command_says_so_when_there_is_no_drafter(monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "facts.draft", None)
    assert drafting_score.main([]) == 2
    assert "facts.draft cannot be imported" in capsys.readouterr().err


def test_the_command_prints_the_table_for_a_drafter(monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    fake = types.ModuleType("facts.draft")
    annotations = {slug: load(slug, DEV_DIR) for slug in slugs(DEV_DIR)}
    fake.draft_text = lambda text, name: perfect(annotations[name])  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "facts.draft", fake)
    assert drafting_score.main(["--set", "dev"]) == 0
    out = capsys.readouterr().out
    assert "| total |" in out
    assert "targets: all met" in out
