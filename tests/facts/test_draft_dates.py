"""Dates in drafted events: every precision, a year carried from context, relative dates resolved from
their anchor, and an order (``after:``) when no date can be computed."""

from __future__ import annotations

import pytest

from facts.draft import draft_text
from facts.draft.dates import find_dates

DATED = [
    ("On August 6, 1945, the first bomb was dropped on Hiroshima.", "1945-08-06", "day"),
    ("On 25 June 1950 the North Koreans crossed the parallel.", "1950-06-25", "day"),
    ("The treaty was signed on Aug. 10 and 11, 1945 in the capital.", "1945-08-10/1945-08-11", "days"),
    ("The battle was fought on July 1, 2, and 3, 1863 near the town.", "1863-07-01/1863-07-03", "days"),
    ("The armies fought from June 30 to July 3, 1863 around the town.", "1863-06-30/1863-07-03", "days"),
    ("In April 1949 the envoys met in the capital.", "1949-04", "month"),
    ("Between October 1949 and June 1950 a few thousand soldiers died.", "1949-10/1950-06", "months"),
    ("During the winter of 1949-50, the leader visited the capital.", "winter 1949–50", "season"),
    ("In the autumn of 1945 the general began to build a police force.", "autumn 1945", "season"),
    ("South and North Korean governments officially formed in 1948.", "1948", "year"),
    ("The reforms ran from 1946 to 1954 without a pause.", "1946/1954", "years"),
    ("The occupation (1946–54) changed the country.", "1946/1954", "years"),
    ("Declassified documents became available in the 1980s.", "1980s", "decade"),
]


@pytest.mark.parametrize(("sentence", "notation", "precision"), DATED)
def test_a_dated_sentence_becomes_an_event_at_the_texts_precision(sentence, notation, precision):
    draft = draft_text(f"{sentence}\n", name="t")
    assert [(e.span.notation, e.precision) for e in draft.events if e.span] == [(notation, precision)]
    assert draft.events[0].quote == sentence


@pytest.mark.parametrize("sentence", [
    "Some 1500 men crossed the river.",
    "More than 2000 soldiers were killed.",
    "The ship carried 1200 tons of coal.",
    "It may be that the army was ready.",
    "They march at dawn, and the fall of the city followed.",
])
def test_numbers_and_words_that_are_not_dates_are_left_alone(sentence):
    assert [f for f in find_dates(sentence) if f.kind in ("explicit", "yearless")] == []


def events(text: str) -> list[tuple[str, tuple[str, ...]]]:
    draft = draft_text(text, name="t")
    return [(e.span.notation if e.span else f"{e.relation}:{e.anchor}", e.review)
            for e in draft.events if not e.by_order]


def test_a_year_is_carried_from_context_and_marked():
    got = events("On August 6, 1945, the bomb fell. On August 9 the second bomb fell.\n")
    assert got[1][0] == "1945-08-09"
    assert any("year 1945 carried from context" in r for r in got[1][1])


def test_a_day_range_without_a_year_takes_the_year_of_the_text():
    got = events("On August 9, 1945 the bomb fell. On Aug. 10 and 11 the colonels drew the line.\n")
    assert got[1][0] == "1945-08-10/1945-08-11"


def test_a_month_alone_takes_the_year_of_its_sentence():
    got = events("Kim visited Moscow in April 1950 and made final plans with Mao during a May visit to Beijing.\n")
    assert [g[0] for g in got] == ["1950-04", "1950-05"]


def test_a_year_given_as_background_is_not_carried():
    got = events("On August 6, 1945, the bomb fell. The peninsula, under Japanese control since 1895, was "
                 "occupied. On August 9 the second bomb fell.\n")
    assert got[-1][0] == "1945-08-09"


@pytest.mark.parametrize(("follow", "notation"), [
    ("Two days later the army declared war.", "1945-08-08"),
    ("Three weeks later the army declared war.", "1945-08-27"),
    ("The next day the army declared war.", "1945-08-07"),
    ("The day before, the army had declared war.", "1945-08-05"),
    ("Two months later the army declared war.", "1945-10"),
    ("The following year the army declared war.", "1946"),
    ("The following spring the army declared war.", "spring 1946"),
    ("That summer the army declared war.", "summer 1945"),
    ("The following January the army declared war.", "1946-01"),
])
def test_a_relative_date_is_resolved_from_its_anchor(follow, notation):
    got = events(f"On August 6, 1945, the first bomb was dropped. {follow}\n")
    assert got[1][0] == notation
    assert any("resolved from 'August 6, 1945'" in r for r in got[1][1])


def test_a_relative_date_beside_the_date_it_names_is_one_event():
    got = events("On August 6, 1945, the bomb fell. Two days later, on August 8, the USSR declared war on Japan.\n")
    assert [g[0] for g in got] == ["1945-08-06", "1945-08-08"]
    assert any("'Two days later' gives the same date" in r for r in got[1][1])


@pytest.mark.parametrize("follow", [
    "He later called the attack an act of stupidity.",
    "Weeks later the army withdrew.",
    "Afterwards the army withdrew.",
    "Two weeks later the army withdrew.",  # weeks after a year: no date can be computed
])
def test_an_order_without_a_date_is_stored_after_the_anchor(follow):
    draft = draft_text(f"In 1950 the North Koreans invaded. {follow}\n", name="t")
    first, second = draft.events
    assert second.span is None
    assert (second.relation, second.anchor) == ("after", first.id)
    assert second.review


def test_a_season_without_a_year_takes_the_texts_year():
    got = events("In 1862 the war widened. In the spring the army moved north.\n")
    assert got[1][0] == "spring 1862"


@pytest.mark.parametrize(("sentence", "notations"), [
    ("Revolutions spread in 1848 and 1849 across the continent.", ["1848", "1849"]),
    ("Between 1848 and 1849 revolutions spread.", ["1848/1849"]),
    ("In the 1800s the city grew.", ["1800/1899"]),
    ("Spring 1862 brought the army north.", ["spring 1862"]),
    ("In 1200 BC the city fell, and in 1250 it rose again.", ["1250"]),
])
def test_two_years_ranges_centuries_and_years_before_the_era(sentence, notations):
    draft = draft_text(f"{sentence}\n", name="t")
    assert [e.span.notation for e in draft.events if e.span] == notations


@pytest.mark.parametrize(("sentence", "notations"), [
    ("In 751 the mayor of the palace became king.", ["751"]),
    ("The duke ruled until 964 and was crowned around 900.", ["964", "900"]),
    ("Henry (r. 919–36) was elected by the dukes.", ["919/936"]),
    ("On Christmas Day of 800 the pope crowned him.", ["0800-12-25"]),
    ("In the late 5th and early 6th centuries the Franks spread.", ["401/600"]),
    ("In the later ninth century the empire split.", ["801/900"]),
])
def test_years_of_the_first_millennium_are_dates_after_a_word_that_makes_them_a_time(sentence, notations):
    draft = draft_text(f"{sentence}\n", name="t")
    assert [e.span.notation for e in draft.events if e.span] == notations


@pytest.mark.parametrize("sentence", [
    "The king had 300 ships in 900 harbours.",
    "An army of 800 men marched to the river.",
])
def test_a_three_digit_count_is_not_a_year(sentence):
    assert [e for e in draft_text(f"{sentence}\n", name="t").events if e.span] == []


def test_a_title_lines_year_is_the_year_of_the_prose_that_names_none():
    text = "The Assembly at Versailles, 1789\n\nThe fall of the Bastille, July 14.\n\nOn June 23 the king spoke.\n"
    draft = draft_text(text, name="t")
    assert [e.span.notation for e in draft.events if e.span] == ["1789", "1789-07-14", "1789-06-23"]
    assert any("1789" in note for e in draft.events[1:] for note in e.review)


@pytest.mark.parametrize(("follow", "notation"), [
    ("As part of the June peace deal, the barons left.", "1215-06"),
    ("Over the course of the spring, the barons left.", "spring 1215"),
])
def test_a_month_or_season_named_as_a_things_time_takes_the_texts_year(follow, notation):
    draft = draft_text(f"The charter was sealed in 1215. {follow}\n", name="t")
    assert [e.span.notation for e in draft.events if e.span] == ["1215", notation]


def test_an_event_named_after_its_month_is_no_date():
    draft = draft_text("The party grew in 1917. The October revolution forced the parties out.\n", name="t")
    assert [e.span.notation for e in draft.events if e.span] == ["1917"]


@pytest.mark.parametrize(("text", "notations"), [
    ("In 1171 he fell ill. He died on 13 September 1171, and five days later, the khutba was read.",
     ["1171", "1171-09-13", "1171-09-18"]),
    ("He died on 13 September 1171. Later in the year, the soldiers rebelled.", ["1171-09-13", "1171"]),
    ("In the mid-19th Century, trade grew.", ["1801/1900"]),
    ("It was not until around 1825 that the two leaders met.", ["1825"]),
    ("His reign coincided with the upheaval between 1815 and about 1840.", ["1815/1840"]),
])
def test_more_ways_the_texts_write_dates(text, notations):
    draft = draft_text(text + "\n", name="t")
    assert [e.span.notation for e in draft.events if e.span and not e.by_order] == notations
