"""The date grammar shared by users and packs: what it reads, how it labels it, and what it refuses."""

from __future__ import annotations

from datetime import date

import pytest

from facts.dates import DateSpan, MonthDay, Precision, parse_date, parse_month_day, parse_span
from facts.errors import BadInput

D = date

GOOD = [
    # text, start, end, precision, label
    ("1950-06-25", D(1950, 6, 25), D(1950, 6, 25), Precision.DAY, "June 25, 1950"),
    ("1950-06", D(1950, 6, 1), D(1950, 6, 30), Precision.MONTH, "June 1950"),
    ("1950", D(1950, 1, 1), D(1950, 12, 31), Precision.YEAR, "1950"),
    ("June 25, 1950", D(1950, 6, 25), D(1950, 6, 25), Precision.DAY, "June 25, 1950"),
    ("25 June 1950", D(1950, 6, 25), D(1950, 6, 25), Precision.DAY, "June 25, 1950"),
    ("Jun. 25 1950", D(1950, 6, 25), D(1950, 6, 25), Precision.DAY, "June 25, 1950"),
    ("on June 25th, 1950", D(1950, 6, 25), D(1950, 6, 25), Precision.DAY, "June 25, 1950"),
    ("1st of September 1939", D(1939, 9, 1), D(1939, 9, 1), Precision.DAY, "September 1, 1939"),
    ("Sept. 1, 1939", D(1939, 9, 1), D(1939, 9, 1), Precision.DAY, "September 1, 1939"),
    ("  JUNE   25,1950 ", D(1950, 6, 25), D(1950, 6, 25), Precision.DAY, "June 25, 1950"),
    ("June 1950", D(1950, 6, 1), D(1950, 6, 30), Precision.MONTH, "June 1950"),
    ("in June of 1950", D(1950, 6, 1), D(1950, 6, 30), Precision.MONTH, "June 1950"),
    ("February 1948", D(1948, 2, 1), D(1948, 2, 29), Precision.MONTH, "February 1948"),
    ("1948-02-29", D(1948, 2, 29), D(1948, 2, 29), Precision.DAY, "February 29, 1948"),
    ("1949-50", D(1949, 1, 1), D(1950, 12, 31), Precision.YEARS, "1949–50"),
    ("1949–1950", D(1949, 1, 1), D(1950, 12, 31), Precision.YEARS, "1949–50"),
    ("1999-00", D(1999, 1, 1), D(2000, 12, 31), Precision.YEARS, "1999–2000"),
    ("winter 1949-50", D(1949, 12, 1), D(1950, 2, 28), Precision.SEASON, "winter 1949–50"),
    ("the winter of 1949-50", D(1949, 12, 1), D(1950, 2, 28), Precision.SEASON, "winter 1949–50"),
    ("winter 1951-52", D(1951, 12, 1), D(1952, 2, 29), Precision.SEASON, "winter 1951–52"),
    ("autumn 1945", D(1945, 9, 1), D(1945, 11, 30), Precision.SEASON, "autumn 1945"),
    ("the autumn of 1945", D(1945, 9, 1), D(1945, 11, 30), Precision.SEASON, "autumn 1945"),
    ("fall 1945", D(1945, 9, 1), D(1945, 11, 30), Precision.SEASON, "autumn 1945"),
    ("spring of 1950", D(1950, 3, 1), D(1950, 5, 31), Precision.SEASON, "spring 1950"),
    ("1980s", D(1980, 1, 1), D(1989, 12, 31), Precision.DECADE, "the 1980s"),
    ("the 1980s", D(1980, 1, 1), D(1989, 12, 31), Precision.DECADE, "the 1980s"),
    ("October 1949 to June 1950", D(1949, 10, 1), D(1950, 6, 30), Precision.MONTHS, "October 1949 – June 1950"),
    ("between October 1949 and June 1950", D(1949, 10, 1), D(1950, 6, 30), Precision.MONTHS,
     "October 1949 – June 1950"),
    ("October to December 1949", D(1949, 10, 1), D(1949, 12, 31), Precision.MONTHS, "October–December 1949"),
    ("June 25 to July 3, 1950", D(1950, 6, 25), D(1950, 7, 3), Precision.DAYS, "June 25 – July 3, 1950"),
    ("1949 to 1950", D(1949, 1, 1), D(1950, 12, 31), Precision.YEARS, "1949–50"),
    ("1945-08-10/1945-08-11", D(1945, 8, 10), D(1945, 8, 11), Precision.DAYS, "August 10–11, 1945"),
    ("1949-10/1950-06", D(1949, 10, 1), D(1950, 6, 30), Precision.MONTHS, "October 1949 – June 1950"),
    ("1945-08-10 – 1945-08-11", D(1945, 8, 10), D(1945, 8, 11), Precision.DAYS, "August 10–11, 1945"),
    ("Aug. 10 and 11, 1945", D(1945, 8, 10), D(1945, 8, 11), Precision.DAYS, "August 10–11, 1945"),
    ("August 10-11, 1945", D(1945, 8, 10), D(1945, 8, 11), Precision.DAYS, "August 10–11, 1945"),
]


@pytest.mark.parametrize(("text", "start", "end", "precision", "label"), GOOD, ids=[g[0] for g in GOOD])
def test_parse_date_reads_a_span_with_its_precision_and_label(text, start, end, precision, label):
    span = parse_date(text)
    assert span == DateSpan(start, end, precision)
    assert span.label == label


@pytest.mark.parametrize("text", [g[0] for g in GOOD])
def test_a_span_notation_parses_back_to_the_same_span(text):
    span = parse_span(text)
    assert parse_span(span.notation) == span


MONTH_DAYS = [
    ("June 25", MonthDay(6, 25), "June 25"),
    ("Aug. 10", MonthDay(8, 10), "August 10"),
    ("6 August", MonthDay(8, 6), "August 6"),
    ("08-06", MonthDay(8, 6), "August 6"),
    ("--08-06", MonthDay(8, 6), "August 6"),
    ("February 29", MonthDay(2, 29), "February 29"),
    ("02-29", MonthDay(2, 29), "February 29"),
]


@pytest.mark.parametrize(("text", "expected", "label"), MONTH_DAYS, ids=[m[0] for m in MONTH_DAYS])
def test_a_day_without_a_year_is_a_month_day(text, expected, label):
    parsed = parse_date(text)
    assert parsed == expected
    assert parsed.label == label


def test_february_29_sits_between_february_28_and_march_1():
    assert MonthDay(2, 28).ordinal + 1 == MonthDay(2, 29).ordinal == MonthDay(3, 1).ordinal - 1


@pytest.mark.parametrize(("text", "expected"), [
    ("1950-06-25", MonthDay(6, 25)), ("Aug. 6", MonthDay(8, 6)), ("6 August 1945", MonthDay(8, 6)),
])
def test_parse_month_day_ignores_a_year(text, expected):
    assert parse_month_day(text) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("June 1950", "is not a single day"),
    ("1950", "is not a single day"),
])
def test_parse_month_day_refuses_anything_wider_than_a_day(text, message):
    with pytest.raises(BadInput, match=message):
        parse_month_day(text)


def test_parse_span_refuses_a_day_without_a_year_and_suggests_one():
    with pytest.raises(BadInput, match="has no year") as caught:
        parse_span("June 25")
    assert caught.value.example == "June 25, 1950"


BAD = [
    # text, a piece of the message (or of the example) that must be there
    ("6/7/1950", "ambiguous"),
    ("06.07.1950", "ambiguous"),
    ("1950-02-30", "February 1950 has 28 days"),
    ("February 30, 1950", "February 1950 has 28 days"),
    ("1950-02-29", "February 1950 has 28 days"),
    ("June 31, 1950", "June 1950 has 30 days"),
    ("February 30", "February has at most 29 days"),
    ("1950-13", "there is no month 13"),
    ("1950-00", "there is no month 0"),
    ("1950-13-01", "There is no month 13"),
    ("13-01", "There is no month 13"),
    ("0", "Year 0 is out of range"),
    ("0000-01-01", "out of range"),
    ("June 0, 1950", "June 1950 has 30 days"),
    ("June", "A month alone is not a date"),
    ("Aug. 10 and 11", "Which year?"),
    ("asdfghjkl", "can't read"),
    ("the day the music died", "can't read"),
    ("", "Give a date"),
    ("   ", "Give a date"),
    ("x" * 2000, "2,000 characters"),
    ("@everyone", "can't read “@everyone”"),
    ("<@&123456789012345678>", "can't read"),
    ("'; DROP TABLE events;--", "can't read"),
    ("1950' OR '1'='1", "can't read"),
    ("🎉", "can't read"),
    ("June 🎉 1950", "can't read"),
    ("一九五〇年", "can't read"),
    ("1950 to 1949", "ends (1949) before it starts (1950)"),
    ("June 1950 to May 1950", "ends (May 1950) before it starts (June 1950)"),
    ("1950-1949", "ends (1949) before it starts (1950)"),
    ("Aug. 11 and 10, 1945", "ends (day 10) before it starts (day 11)"),
    ("summer 1949-50", "Only a winter spans two years"),
    ("winter 1949-51", "A winter runs from one year into the next"),
    ("10000", "can't read"),
]


@pytest.mark.parametrize(("text", "message"), BAD, ids=[repr(b[0])[:30] for b in BAD])
def test_parse_date_refuses_bad_input_saying_why(text, message):
    with pytest.raises(BadInput) as caught:
        parse_date(text)
    assert message in f"{caught.value.message} {caught.value.example or ''}"


def test_an_ambiguous_slash_date_says_which_forms_work():
    with pytest.raises(BadInput) as caught:
        parse_date("6/7/1950")
    assert "day/month or month/day" in caught.value.message
    assert caught.value.example == "1950-06-07 or June 7, 1950"


def test_an_unreadable_date_offers_the_forms_that_work():
    with pytest.raises(BadInput) as caught:
        parse_date("next tuesday")
    assert caught.value.example is not None
    for form in ("1950-06-25", "June 25, 1950", "winter 1949-50", "October 1949 to June 1950"):
        assert form in caught.value.example


def test_a_long_bad_input_is_shortened_in_the_message():
    with pytest.raises(BadInput) as caught:
        parse_date("zz " * 30)
    assert len(caught.value.message) < 80
    assert "…" in caught.value.message


@pytest.mark.parametrize(("a", "b", "overlaps", "within"), [
    ("1950-06-25", "June 1950", True, True),
    ("June 1950", "1950-06-25", True, False),
    ("winter 1949-50", "1950", True, False),
    ("1948", "1950", False, False),
    ("October 1949 to June 1950", "1950-06-30", True, False),
])
def test_span_overlaps_and_within(a, b, overlaps, within):
    first, second = parse_span(a), parse_span(b)
    assert first.overlaps(second) is overlaps
    assert first.within(second) is within
