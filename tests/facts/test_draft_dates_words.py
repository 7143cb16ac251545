"""Dates the drafter reads beyond digits: days and years in words, a day of the month the narrative is in,
weekdays, feasts, centuries, ranges of decades, headings, and relative dates in both directions."""

from __future__ import annotations

import pytest

from facts.draft import draft_text
from facts.draft.dates import word_number
from tests.facts.drafting import dates as _dates


def dates(text: str) -> list[str]:
    return _dates(text, anchors=True)


def reviews(text: str) -> list[tuple[str, ...]]:
    return [e.review for e in draft_text(text + "\n", name="t").events]


@pytest.mark.parametrize(("words", "value"), [
    ("twenty-third", 23), ("first", 1), ("thirty-first", 31), ("one thousand six hundred and forty-nine", 1649),
    ("seventeen hundred and fifty", 1750), ("one thousand and sixty-six", 1066), ("eighteen hundred", 1800),
])
def test_days_and_years_in_words_are_numbers(words, value):
    assert word_number(words) == value


@pytest.mark.parametrize(("sentence", "notation"), [
    ("The treaty was sealed on the tenth of March, one thousand five hundred and twelve.", "1512-03-10"),
    ("The fort fell on the 4th of June, seventeen hundred and two.", "1702-06-04"),
    ("The envoy arrived on March the seventh, 1590, at the port.", "1590-03-07"),
    ("The abbey was founded in the year one thousand and ninety-one.", "1091"),
])
def test_a_date_written_in_words_is_read_at_its_precision(sentence, notation):
    assert dates(sentence) == [notation]


def test_a_year_in_words_that_counts_men_is_no_date():
    assert dates("In 1600 the war began. One thousand six hundred soldiers marched in one thousand six hundred "
                 "boots.") == ["1600"]


def test_a_day_in_words_without_a_year_takes_the_year_of_the_text():
    assert dates("The siege began on 2 May 1702. The walls fell on the twelfth of June.") == ["1702-05-02",
                                                                                               "1702-06-12"]


@pytest.mark.parametrize(("follow", "notation"), [
    ("On the ninth, the fleet reached the cape.", "1702-05-09"),
    ("On Friday, the twelfth, the fleet reached the cape.", "1702-05-12"),
    ("At dawn on the morning of the fifth, the fleet reached the cape.", "1702-05-05"),
])
def test_a_day_of_the_month_alone_takes_the_month_and_year_of_the_narrative(follow, notation):
    text = f"The fleet sailed on 2 May 1702. {follow}"
    assert dates(text)[1] == notation
    assert any("month and year carried from context" in r for r in reviews(text)[1])


def test_a_weekday_the_day_falls_on_in_neither_calendar_gives_no_date():
    # 4 May 1702 was a Thursday (Gregorian) and a Monday only 11 days later in the old style: no fit
    assert dates("The fleet sailed on 2 May 1702. On Tuesday, the fourth, it anchored.")[1] == "after:fleet_sailed"


def test_a_weekday_of_the_old_style_calendar_is_accepted():
    # 5 November 1688 was a Friday in the Gregorian calendar and a Monday in the Julian one England used
    assert dates("The fleet sailed on 2 November 1688. On Monday, the fifth, it anchored.")[1] == "1688-11-05"


def test_an_ordinal_that_is_no_day_is_left_alone():
    assert dates("The fleet sailed on 2 May 1702. Henry the Fifth was long dead. The third time, it won.") == [
        "1702-05-02"]


@pytest.mark.parametrize(("follow", "notation"), [
    ("Next day the town fell.", "1415-05-04"),
    ("The following Monday the town fell.", "1415-05-06"),  # 3 May 1415 (Julian, as then counted) was a Friday
    ("On Sunday the town fell.", "1415-05-05"),
    ("Two days earlier the scouts had left.", "1415-05-01"),
    ("A week later the town fell.", "1415-05-10"),
    ("On that day the town fell.", "1415-05-03"),
])
def test_day_chains_are_resolved_from_the_last_dated_day(follow, notation):
    text = f"The army landed on 3 May 1415. {follow}"
    assert dates(text)[1] == notation
    assert reviews(text)[1]


def test_an_earlier_date_beside_another_date_of_the_sentence_is_kept_apart():
    text = ("The council met on July 20, 1810. Two days earlier the province had rebelled, followed in August by "
            "another.")
    assert dates(text) == ["1810-07-20", "1810-07-18", "1810-08"]


@pytest.mark.parametrize("follow", [
    "Over the next three years, the town was rebuilt.",
    "The day after the king's death, the town was rebuilt.",
    "The town was rebuilt for the next several years, while in Spain the war went on in 1418.",
])
def test_spans_that_only_follow_are_stored_after_the_anchor(follow):
    draft = draft_text(f"The army landed on 3 May 1415. {follow}\n", name="t")
    assert (draft.events[1].relation, draft.events[1].anchor) == ("after", draft.events[0].id)


@pytest.mark.parametrize(("sentence", "notation"), [
    ("At Christmas the king held court.", "1483-12-25"),
    ("By Michaelmas the king held court.", "1483-09-29"),
])
def test_a_feast_is_its_day_in_the_year_of_the_text(sentence, notation):
    text = f"The rising began in May 1483. {sentence}"
    assert dates(text)[1] == notation
    assert reviews(text)[1]


def test_a_feast_already_past_gives_no_date():
    assert dates("The rising began on 28 December 1483. At Christmas the king held court.")[1] == (
        "after:rising_began")


@pytest.mark.parametrize(("sentence", "notation"), [
    ("Printing spread across the continent during the 15th century.", "1401/1500"),
    ("Printing spread across the continent in the latter half of the fifteenth century.", "1401/1500"),
    ("The fifth century saw the city fall.", "401/500"),
    ("From the 12th to the 14th centuries the town grew.", "1101/1400"),
    ("From the early 1920s to the late 1940s the town grew.", "1920/1949"),
])
def test_centuries_and_ranges_of_decades_are_years(sentence, notation):
    assert dates(sentence) == [notation]


def test_a_century_before_the_era_is_left_alone():
    assert dates("The city was founded in the 5th century BC by traders.") == []


def test_a_headings_range_is_an_event_but_sets_no_context():
    text = "The Long Siege, 1702–1705\n\nThe fleet sailed on 2 May 1702. On May 9 it reached the cape."
    assert dates(text) == ["1702/1705", "1702-05-02", "1702-05-09"]
