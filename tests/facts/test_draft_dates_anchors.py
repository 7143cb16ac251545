"""Relative dates are resolved only from a near anchor the text itself dated: the same paragraph or the sentence
just before, a day for day offsets, and never from a date that was itself a guess. Otherwise they are stored as
coming after the anchor, with no date of their own."""

from __future__ import annotations

import pytest

from tests.facts.drafting import dates


@pytest.mark.parametrize(("follow", "notation"), [
    ("The next day the mill burned.", "1834-04-10"),
    ("Three days later the mill burned.", "1834-04-12"),
    ("The day before, the mill had burned.", "1834-04-08"),
    ("The following Saturday the mill burned.", "1834-04-12"),  # 9 April 1834 was a Wednesday
    ("That same day the mill burned.", "1834-04-09"),
])
def test_a_day_offset_from_a_stated_day_of_the_same_paragraph_is_resolved(follow, notation):
    assert dates(f"The weavers struck on April 9, 1834. {follow}") == ["1834-04-09", notation]


def test_a_day_offset_in_the_next_paragraph_right_after_the_date_is_resolved():
    assert dates("The weavers struck on April 9, 1834.\n\nThe next day the mill burned.") == [
        "1834-04-09", "1834-04-10"]


def test_a_day_offset_continues_the_narrative_across_paragraphs_with_no_date_between():
    text = ("The weavers struck on April 9, 1834. Their leaders met in a barn. They wrote to the owners.\n\n"
            "The owners replied with threats. The next day the mill burned.")
    assert dates(text) == ["1834-04-09", "1834-04-10"]


def test_a_day_offset_after_a_heading_or_an_order_does_not_count_from_the_old_day():
    text = ("The weavers struck on April 9, 1834. Their leaders met in a barn.\n\n## Aftermath\n\n"
            "The owners replied with threats. The next day the mill burned.")
    assert dates(text) == ["1834-04-09", "after"]
    text = ("The weavers struck on April 9, 1834. Afterwards the leaders met in a barn.\n\n"
            "The owners replied with threats. The next day the mill burned.")
    assert dates(text) == ["1834-04-09", "after", "after"]


@pytest.mark.parametrize("follow", ["The next day the mill burned.", "Two days later the mill burned.",
                                    "The following Monday the mill burned.", "On Sunday the mill burned."])
def test_a_day_offset_from_a_month_or_a_year_gives_no_date(follow):
    assert dates(f"The weavers struck in April 1834. {follow}") == ["1834-04", "after"]


def test_an_order_between_breaks_the_chain():
    text = "The weavers struck on April 9, 1834. Weeks later the owners gave way. The next day the mill burned."
    assert dates(text) == ["1834-04-09", "after", "after"]


def test_a_weekday_counted_from_a_stated_day_may_anchor_the_next():
    # weekday arithmetic from a stated day in a known calendar is exact, so the chain goes on
    text = "The weavers struck on April 9, 1834. The following Saturday they marched. The next day the mill burned."
    assert dates(text) == ["1834-04-09", "1834-04-12", "1834-04-13"]


def test_a_guessed_date_does_not_anchor_the_next():
    # "the following month" from a day is a guess of a month: no day can be counted from it
    text = "The weavers struck on April 9, 1834. The following month they marched. The next day the mill burned."
    assert dates(text)[-1] == "after"


def test_exact_day_arithmetic_from_a_stated_day_may_anchor_the_next():
    text = "The weavers struck on April 9, 1834. Two days later they marched. The next day the mill burned."
    assert dates(text) == ["1834-04-09", "1834-04-11", "1834-04-12"]


def test_a_coarser_date_between_stops_a_day_offset():
    text = "The weavers struck on April 9, 1834. Their union had been founded in 1830. The next day the mill burned."
    assert dates(text) == ["1834-04-09", "1830", "after"]


@pytest.mark.parametrize(("follow", "notation"), [
    ("On the twelfth the mill burned.", "1834-04-12"),
    ("On Saturday, the 12th, the mill burned.", "1834-04-12"),
])
def test_a_day_alone_takes_the_month_of_a_stated_day_of_the_same_paragraph(follow, notation):
    assert dates(f"The weavers struck on April 9, 1834. {follow}") == ["1834-04-09", notation]


@pytest.mark.parametrize("text", [
    "The weavers struck on April 9, 1834.\n\nOn the twelfth the mill burned.",  # another paragraph
    "The weavers struck on April 9, 1834. On the third the mill burned.",  # already past: which month?
    "The weavers struck on April 9, 1834. On Monday, the 12th, the mill burned.",  # 12 April 1834 was a Saturday
    "The weavers struck in 1834. On the twelfth the mill burned.",  # a year gives no month
])
def test_a_day_alone_without_a_clear_month_gives_no_date(text):
    assert dates(text)[1] == "after"


def test_a_feast_takes_its_year_from_the_same_paragraph_only():
    assert dates("The rising began in October 1483. At Christmas the rebels hid.") == ["1483-10", "1483-12-25"]
    assert dates("The rising began in October 1483. The rebels scattered. They were hunted.\n\n"
                 "The hunters rested. At Christmas the rebels hid.") == ["1483-10", "after"]


@pytest.mark.parametrize(("text", "notation"), [
    # a look back a few weeks within the year keeps the year
    ("The duke was beheaded on 2 November 1483. He had marched on 10 October.", "1483-10-10"),
    # the narrative turns the year
    ("Washington crossed the river on December 25, 1776. On January 3 he won at Princeton.", "1777-01-03"),
    # far before or far after: which year is meant is not said
    ("The duke was beheaded on 2 November 1483. On 3 April the king was crowned.", "after"),
])
def test_a_yearless_date_before_the_last_takes_the_year_only_when_clear(text, notation):
    assert dates(text)[1] == notation


def test_a_feast_name_inside_a_yearless_date_is_no_feast():
    # "1 August" is Lammas day, but written as a date it is just a date of the year in the text
    assert dates("The queen died on 16 March 1485. Later the rumours spread. He sailed on 1 August.")[-1] == (
        "1485-08-01")


@pytest.mark.parametrize(("follow", "notation"), [
    ("Next day but one the mill burned.", "1834-04-11"),
    ("The day after next the mill burned.", "1834-04-11"),
])
def test_the_day_after_next_is_two_days_on(follow, notation):
    assert dates(f"The weavers struck on April 9, 1834. {follow}") == ["1834-04-09", notation]


def test_on_the_weekday_is_the_anchors_day_when_it_falls_on_it():
    # 12 April 1834 was a Saturday: "on the Saturday" is that day, and "that night" may count from it
    text = "The weavers struck on April 12, 1834. On the Saturday evening they marched. That night the mill burned."
    assert dates(text) == ["1834-04-12", "1834-04-12", "1834-04-12"]


def test_on_a_weekday_said_on_that_weekday_gives_no_date():
    assert dates("The weavers struck on April 12, 1834. On Saturday the mill burned.") == ["1834-04-12", "after"]


def test_weekdays_before_1582_are_counted_in_the_julian_calendar():
    # 3 May 1415 (Julian) was a Friday; in the proleptic Gregorian calendar it would be a Wednesday
    assert dates("The army landed on 3 May 1415. The following Monday the town fell.")[1] == "1415-05-06"


def test_weekdays_between_1582_and_1752_need_the_texts_calendar():
    assert dates("The army landed on 3 May 1650. The following Monday the town fell.")[1] == "after"
    # 7 February 1601 was a Saturday in the Julian calendar, which tells the text's calendar
    text = "On Saturday the seventh of February, 1601, the council met. The following Monday the earl fell."
    assert dates(text) == ["1601-02-07", "1601-02-09"]


@pytest.mark.parametrize("follow", ["One day the mill burned.", "On a summer night the mill burned.",
                                    "On a winter's morning the mill burned."])
def test_an_unnamed_day_is_after_its_anchor(follow):
    assert dates(f"The weavers struck on April 12, 1834. {follow}") == ["1834-04-12", "after"]


@pytest.mark.parametrize("middle", ["Some years later the guild was dissolved.",
                                    "In the decades that followed, the town grew.",
                                    "The following spring the looms were sold."])
def test_after_an_unknown_stretch_of_time_a_yearless_date_has_no_year(middle):
    text = f"The weavers struck in 1834. {middle}\n\nThe mill burned in April."
    assert dates(text)[-1] == "after"


def test_a_new_year_makes_yearless_dates_datable_again():
    text = ("The weavers struck in 1834. Some years later the guild was dissolved. In 1840 it met again. "
            "It sold the hall in April.")
    assert dates(text)[-1] == "1840-04"


def test_a_short_order_keeps_the_year():
    assert dates("The weavers struck in 1834. Soon afterwards the owners gave way. The mill burned in April.")[-1] == (
        "1834-04")


@pytest.mark.parametrize(("middle", "last"), [
    ("The war of 1861–1865 ruined it.", "after"),  # a span of years away from the carried year
    ("In the 1860s it declined.", "after"),
    ("The war of 1849–1852 ruined it.", "1850-04"),  # a span that holds the carried year keeps it
])
def test_a_span_of_years_elsewhere_leaves_the_year_unknown(middle, last):
    assert dates(f"In 1850 the town grew. {middle} In April the mill closed.")[-1] == last


@pytest.mark.parametrize(("follow", "notation"), [
    ("A week after the strike, the owners gave way.", "1834-04-16"),
    ("Two days after Grey's letter, the owners gave way.", "1834-04-11"),
])
def test_a_count_of_days_after_the_event_just_told_is_counted_from_it(follow, notation):
    assert dates(f"The weavers struck on April 9, 1834. {follow}") == ["1834-04-09", notation]


def test_an_order_that_only_qualifies_a_stated_date_keeps_it_as_the_anchor():
    text = ("On April 9, 1834, shortly after he heard of the wage cut, the foreman left the mill. "
            "Three days later the weavers struck.")
    assert dates(text) == ["1834-04-09", "1834-04-12"]


@pytest.mark.parametrize("aside", [
    "The fines raised £500 a year (equivalent to £60,000 in 2010).",
    "The fines raised £500 a year, worth £60,000 in 2010.",
])
def test_a_year_in_an_aside_about_money_does_not_carry(aside):
    text = f"The weavers struck in 1834. {aside}\n\nOn 19 March, the owners gave way."
    assert dates(text)[-1] == "1834-03-19"


@pytest.mark.parametrize(("year", "notation"), [("1898", "1899/1901"), ("1912", "1899/1901"), ("1789", "1799/1801")])
def test_the_turn_of_the_century_is_the_turn_nearest_the_texts_year(year, notation):
    assert dates(f"The port grew in {year}. Trade doubled at the turn of the century.") == [year, notation]


@pytest.mark.parametrize("follow", [
    "In the first few months of the conflict the rebels held the hills.",
    "Within a few months after his return the rebels held the hills.",
])
def test_an_early_stretch_of_an_event_is_an_order_only(follow):
    assert dates(f"War broke out on February 4, 1899. {follow}") == ["1899-02-04", "after"]
