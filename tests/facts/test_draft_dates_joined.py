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


@pytest.mark.parametrize(("sentence", "notation"), [
    ("The friars landed on Easter Sunday 1420 and preached.", "1420-04-07"),  # the Julian computus, as then
    ("On Easter Monday, 1916, the rising began in Dublin.", "1916-04-24"),
    ("He was shot on Good Friday, 1865, at the theatre.", "1865-04-14"),
    ("At Whitsun of 1381 the peasants gathered.", "1381-06-02"),
])
def test_a_feast_that_moves_with_easter_is_dated_by_its_year(sentence, notation):
    assert dates(sentence) == [notation]


@pytest.mark.parametrize("sentence", [
    "In March 1946 the cabinet issued Executive Order 1504, which set up a board.",
    "The committee met in Room 1210 of the new building in May 1946.",
])
def test_a_number_that_names_a_document_or_room_is_no_year(sentence):
    assert dates(sentence) == ["1946-03" if "March" in sentence else "1946-05"]


def test_a_count_of_someone_s_men_is_no_year():
    assert dates("In 1573 the lord arrived; his son had brought 1500 of his horsemen.") == ["1573"]


def test_a_year_that_only_names_a_thing_is_not_carried():
    text = ("In May 1938, the envoy asked to print the papers of the 1919 conference. "
            "In June the ministers agreed.")
    assert dates(text) == ["1938-05", "1919", "1938-06"]  # not June 1919


def test_a_month_of_one_verb_shares_the_year_of_the_next_verbs_season():
    draft = draft_text("The plotters were arrested in July and tried in autumn 1603.\n", name="t")
    assert [e.span.notation for e in draft.events if e.span] == ["1603-07", "autumn 1603"]


def test_a_bare_year_after_a_second_verb_is_not_the_months_year():
    draft = draft_text("He came to Rome in 1601. He left in May and returned in 1605.\n", name="t")
    assert [e.span.notation for e in draft.events if e.span][:2] == ["1601", "1601-05"]


@pytest.mark.parametrize(("sentence", "notation"), [
    ("The emperor entered the city on 9 June 193 and was acclaimed.", "0193-06-09"),
    ("In April 193 the legions proclaimed him.", "0193-04"),
    ("He marched east in the summer of 194 with six legions.", "summer 194"),
    ("The kingdom lasted from 895 to 1526.", "895/1526"),
    ("The kingdom stood 895–1526 against its foes.", "895/1526"),
    ("The raids came between 907 and 910.", "907/910"),
    ("By the 640s the kingdom had grown.", "0640s"),
])
def test_first_millennium_years_in_every_kind_of_date(sentence, notation):
    assert dates(sentence) == [notation]


@pytest.mark.parametrize("sentence", [
    "In 1450 the city sent 300 men and 400 horses.",
    "In May 1450 they raised 250 soldiers.",
])
def test_three_digit_counts_stay_counts(sentence):
    assert len(dates(sentence)) == 1
