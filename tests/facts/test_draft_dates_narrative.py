"""A narrative's days counted along from the last stated day: "the Saturday", "this day", "all the week",
and orders that are asides (a relative clause, a clause after a break) and so leave the narrative where it is."""

from __future__ import annotations

import pytest

from tests.facts.drafting import dates


# 9 April 1834 was a Wednesday; 12 April a Saturday.
@pytest.mark.parametrize(("follow", "notation"), [
    ("When the Saturday came, the mill burned.", "1834-04-12"),
    ("The mill was this day sold to a stranger.", "1834-04-09"),
    ("The looms were smashed all the week.", "1834-04-09/1834-04-12"),
])
def test_a_narrative_day_counts_from_the_stated_day(follow, notation):
    assert dates(f"The weavers struck on April 9, 1834. {follow}") == ["1834-04-09", notation]


@pytest.mark.parametrize("follow", ["They have kept the custom to this day.",
                                    "The Saturday before, the mill had been sold.",
                                    "The following week the looms were smashed."])
def test_phrases_that_are_not_a_narrative_day_get_no_day(follow):
    assert all(d == "after" for d in dates(f"The weavers struck on April 9, 1834. {follow}")[1:])


def test_the_saturday_after_a_saturday_is_that_day():
    assert dates("The weavers struck on April 12, 1834. When the Saturday came, the mill burned.") == [
        "1834-04-12", "1834-04-12"]


def test_all_the_week_then_the_saturday_goes_on_counting():
    text = ("The weavers struck on Wednesday, April 9, 1834. The looms were smashed all the week. "
            "When the Saturday came, the mill burned. That day the owners fled.")
    assert dates(text) == ["1834-04-09", "1834-04-09/1834-04-12", "1834-04-12", "1834-04-12"]


def test_an_order_in_a_relative_clause_does_not_break_the_chain():
    text = ("The weavers struck on April 9, 1834. Their leader was Ann Hale, whom the mayor married soon afterwards. "
            "The next day the mill burned.")
    assert dates(text) == ["1834-04-09", "after", "1834-04-10"]


def test_an_order_that_opens_its_sentence_still_breaks_the_chain():
    text = ("The weavers struck on April 9, 1834. Soon afterwards the mayor married Ann Hale. "
            "The next day the mill burned.")
    assert dates(text) == ["1834-04-09", "after", "after"]


def test_a_long_order_inside_its_sentence_keeps_the_year():
    text = ("The weavers struck on 10 June 1834; a few years later, this strike was called the Great Turnout. "
            "By 15 June the owners had given way.")
    assert dates(text)[-1] == "1834-06-15"


def test_a_long_order_opening_its_sentence_loses_the_year():
    text = "The weavers struck on 10 June 1834. A few years later the guild was dissolved. By 15 June it was gone."
    assert dates(text)[-1] == "after"


@pytest.mark.parametrize(("middle", "last"), [
    ("The guild had declared itself a union in 1831.", "1834-04"),  # the pluperfect looks back
    ("The guild was declared a union in 1831.", "1831-04"),  # a stated year of the narrative is carried
])
def test_a_year_in_the_pluperfect_is_not_carried(middle, last):
    assert dates(f"The weavers struck in January 1834. {middle} The mill burned in April.")[-1] == last


@pytest.mark.parametrize(("follow", "last"), [
    ("Over the next ten days the owners gave way.", "1834-06-11/1834-06-20"),
    ("During the following three days the looms stood still.", "1834-06-11/1834-06-13"),
    ("Over the next few days the owners gave way.", "after"),  # no number: only an order
])
def test_a_stated_number_of_following_days_is_the_days_after_the_anchor(follow, last):
    assert dates(f"The weavers struck on 10 June 1834. {follow}")[-1] == last


def test_following_days_need_a_day_to_count_from():
    assert dates("The weavers struck in June 1834. Over the next ten days the owners gave way.")[-1] == "after"


@pytest.mark.parametrize(("follow", "last"), [
    ("They hoped to settle before the end of the year.", "1834-12"),
    ("The end of the line was near.", "1834-06-10"),  # no year named: nothing more
])
def test_the_end_of_the_year_is_its_last_month(follow, last):
    assert dates(f"The weavers struck on 10 June 1834. {follow}")[-1] == last


def test_the_start_of_the_year_is_its_first_month():
    assert dates("The weavers struck in 1834. By the start of that year the looms were idle.")[-1] == "1834-01"


def test_the_day_before_an_undated_event_is_after_the_anchor():
    assert dates("The weavers struck in March 1834. The day before the Owners wrote, the mill burned.") == [
        "1834-03", "after"]


@pytest.mark.parametrize(("sentence", "notation"), [
    ("The guild revived a charter of the previous century.", "1701/1800"),
    ("The charter stayed in force for the next century.", "1901/2000"),
])
def test_the_previous_or_next_century_counts_from_the_carried_year(sentence, notation):
    assert dates(f"The weavers struck in 1834. {sentence}")[-1] == notation


def test_a_relative_century_needs_a_year():
    assert dates("The guild revived a charter of the previous century.") == []


@pytest.mark.parametrize(("text", "found"), [
    ("13th century\n\nThe guild met.", ["1201/1300"]),
    ("The guild met in 13th century halls.", []),  # an adjective: not a date of its own
])
def test_a_bare_century_standing_alone_is_a_date(text, found):
    assert dates(text) == found
