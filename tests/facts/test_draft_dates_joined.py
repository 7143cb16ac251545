"""Dates joined by "and": a span only after "between", "throughout", "during", "over" or "across"; a year-less
date joined to a dated one shares its year; "the following week" is an order, never a guessed day."""

from __future__ import annotations

import pytest

from facts.draft import draft_text
from tests.facts.drafting import dates


@pytest.mark.parametrize(("sentence", "notations"), [
    ("Throughout April and May 1811 the looms were smashed.", ["1811-04/1811-05"]),
    ("During 1811 and 1812 the looms were smashed.", ["1811/1812"]),
    ("In 1811 and 1812 the looms were smashed.", ["1811", "1812"]),
])
def test_two_dates_joined_by_and_are_a_span_only_after_a_word_of_duration(sentence, notations):
    assert dates(sentence) == notations


@pytest.mark.parametrize(("sentence", "notations"), [
    ("In 1810 the trade fell. In April and May 1811 the looms were smashed.", ["1810", "1811-04", "1811-05"]),
    ("In 1810 the trade fell. On April 3 and May 9, 1811, the looms were smashed.",
     ["1810", "1811-04-03", "1811-05-09"]),
])
def test_a_yearless_date_joined_to_a_dated_one_shares_its_year(sentence, notations):
    assert dates(sentence) == notations


def test_a_yearless_date_not_joined_to_the_dated_one_keeps_the_texts_year():
    assert dates("In 1810 the trade fell. In April the weavers met; by May 1811 they marched.") == [
        "1810", "1810-04", "1811-05"]


@pytest.mark.parametrize("follow", ["The following week the looms were smashed.",
                                    "That week the looms were smashed."])
def test_a_week_named_relatively_is_after_its_anchor(follow):
    assert dates(f"The weavers met on April 3, 1811. {follow}") == ["1811-04-03", "after"]


@pytest.mark.parametrize(("sentence", "notation"), [
    ("On Christmas Day, 1776, the army crossed.", "1776-12-25"),
    ("The crossing on Christmas night of 1776 succeeded.", "1776-12-25"),
    ("On New Year's Day 1801 the union began.", "1801-01-01"),
])
def test_a_feast_with_its_year_is_one_date(sentence, notation):
    assert dates(sentence) == [notation]


def test_a_month_of_one_verb_shares_the_year_of_the_next_verbs_season():
    draft = draft_text("The plotters were arrested in July and tried in autumn 1603.\n", name="t")
    assert [e.span.notation for e in draft.events if e.span] == ["1603-07", "autumn 1603"]


def test_a_bare_year_after_a_second_verb_is_not_the_months_year():
    draft = draft_text("He came to Rome in 1601. He left in May and returned in 1605.\n", name="t")
    assert [e.span.notation for e in draft.events if e.span][:2] == ["1601", "1601-05"]
