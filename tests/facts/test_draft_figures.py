"""Figures in drafts: the number, what it counts and its bound, verbatim."""

from __future__ import annotations

import pytest

from facts.draft.figures import find_figures, number

CASES = [
    ("More than 80,000 Japanese civilians were killed in one blast.", (80000, 80000, "More than 80,000",
                                                                         "Japanese civilians killed", "more than")),
    ("Over one and half million Russian soldiers invaded.", (1500000, 1500000, "Over one and half million",
                                                             "Russian soldiers", "more than")),
    ("These included some five hundred previously secret messages.", (500, 500, "some five hundred",
                                                                      "previously secret messages", "about")),
    ("Between thirty and forty thousand Koreans had arrived.", (30000, 40000, "Between thirty and forty thousand",
                                                                "Koreans", "range")),
    ("A few thousand soldiers were killed in border incidents.", (1000, 1000, "A few thousand", "soldiers killed",
                                                                  "magnitude")),
    ("The fleet lost 1,177 sailors.", (1177, 1177, "1,177", "sailors", "exact")),
    ("At least 2.5 million refugees fled.", (2500000, 2500000, "At least 2.5 million", "refugees", "at least")),
    ("Nearly 12,500 men crossed the open fields.", (12500, 12500, "Nearly 12,500", "men", "almost")),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_a_stated_figure_has_its_value_what_it_counts_and_its_bound(sentence, expected):
    figures = find_figures(sentence, [])
    assert [(f.low, f.high, f.text, f.what, f.bound) for f in figures] == [expected]


def test_dates_and_ordinals_are_not_figures():
    sentence = "On June 25, 1950, the 38th parallel was crossed by General Order No. 1."
    taken = [(3, 16)]
    assert find_figures(sentence, taken) == []


@pytest.mark.parametrize(("text", "value"), [("80,000", 80000), ("five hundred", 500), ("1.5 million", 1500000),
                                             ("twenty-five", 25), ("one and a half million", 1500000)])
def test_written_numbers(text, value):
    assert number(text) == value
