"""The shipped pack covers its document: every date the document writes, and every person it names.

Dates are found with general patterns (month names and abbreviations, seasons, decades, bare years), so a
new date added to the document fails this test until the pack has an event for it quoting that date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

import pytest

from facts.dates import DateSpan, parse_span
from facts.text import collapse, fold, numbered_paragraphs
from tests.facts.conftest import DOCUMENT_FILE, PACK_FILE, key

_MONTH_WORDS = sorted(
    {*calendar.month_name[1:], *calendar.month_abbr[1:], "Sept"}, key=len, reverse=True
)
MONTH = r"(?:" + "|".join(_MONTH_WORDS) + r")\b\.?"
YEAR = r"1[89]\d\d"
DAY = r"\d{1,2}(?:st|nd|rd|th)?\b"
SEASON = r"(?:spring|summer|autumn|fall|winter)"

DATE_EXPRESSION = re.compile(
    r"\b(?:"
    rf"{MONTH}\s+{DAY}(?:\s*(?:and|to|-|–)\s*{DAY})?(?:,?\s+{YEAR})?"  # August 6, 1945 / Aug. 10 and 11
    rf"|{DAY}\s+{MONTH}(?:\s+{YEAR})?"  # 25 June 1950
    rf"|{MONTH}(?:\s+of)?\s+{YEAR}"  # October 1949
    rf"|{SEASON}\s+(?:of\s+)?{YEAR}(?:\s*[-–/]\s*\d{{2,4}})?"  # winter of 1949-50, autumn of 1945
    rf"|{YEAR}s"  # 1980s
    rf"|{YEAR}(?:\s*[-–]\s*\d{{2}}\b)?"  # 1948, 1949-50
    rf"|{MONTH}"  # May (a month the sentence leaves to its context)
    r")",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Found:
    text: str  # as the document writes it
    span: DateSpan
    paragraph: int


def _has_year(text: str) -> bool:
    return re.search(YEAR, text) is not None


def _is_month_word(word: str) -> bool:
    """A capitalised month name, not "may" the verb or "march" the verb."""
    return word[:1].isupper()


def document_dates() -> list[Found]:
    """Every date expression in the document, with the year a yearless one takes from its paragraph."""
    found = []
    for number, paragraph in numbered_paragraphs(DOCUMENT_FILE.read_text(encoding="utf-8")):
        last_year = None
        for m in DATE_EXPRESSION.finditer(paragraph):
            text = m.group(0)
            if not any(c.isdigit() for c in text):
                if not _is_month_word(text):
                    continue
                text = text.rstrip(".")  # "in Aug." ends the sentence, not the abbreviation
            if _has_year(text):
                last_year = re.findall(YEAR, text)[0]
                found.append(Found(text, parse_span(text), number))
                continue
            assert last_year is not None, f"{text!r} in paragraph {number} has no year to borrow"
            completed = f"{text}, {last_year}" if any(c.isdigit() for c in text) else f"{text} {last_year}"
            found.append(Found(text, parse_span(completed), number))
    return found


DATES = document_dates()


def test_the_date_patterns_find_the_documents_dates():
    texts = [f.text for f in DATES]
    for expected in ("August 6, 1945", "August 8", "August 9, 1945", "Aug. 10 and 11", "1895", "autumn of 1945",
                     "1948", "October 1949", "June 1950", "April 1949", "August 1949", "winter of 1949-50",
                     "January 30, 1950", "April 1950", "May", "Jan. 12, 1950", "June 25, 1950", "1980s", "1994"):
        assert expected in texts, expected
    assert "may" not in texts
    assert len(texts) == 19


@pytest.mark.parametrize(("text", "start", "end"), [
    ("Aug. 10 and 11", "1945-08-10", "1945-08-11"),
    ("August 8", "1945-08-08", "1945-08-08"),
    ("May", "1950-05-01", "1950-05-31"),
    ("winter of 1949-50", "1949-12-01", "1950-02-28"),
])
def test_a_yearless_date_takes_the_year_of_its_paragraph(text, start, end):
    (found,) = [f for f in DATES if f.text == text]
    assert (found.span.start.isoformat(), found.span.end.isoformat()) == (start, end)


@pytest.mark.parametrize("found", DATES, ids=[f.text for f in DATES])
def test_every_date_in_the_document_has_an_event_quoting_it(found, packs):
    (pack,) = packs
    covering = [
        e for e in pack.events
        if e.span is not None and e.span.overlaps(found.span)
        and any(found.text in collapse(q.text) for q in e.quotes)
    ]
    assert covering, f"no event overlaps {found.span.label} and quotes {found.text!r}"


# ------------------------------------------------------------------------------------------- people

# Every person the document names, written as the document writes them (OCR slips included).
DOCUMENT_NAMES = {
    "Stalin": "joseph_stalin",
    "Joseph Stalin": "joseph_stalin",
    "Chiang Kai Shek": "chiang_kai_shek",
    "Chiang": "chiang_kai_shek",
    "Charles H. Bonesteel": "charles_h_bonesteel",
    "Dean Rusk": "dean_rusk",
    "Lt. Col. Rusk": "dean_rusk",
    "James Bymes": "james_f_byrnes",
    "Kim Il Sung": "kim_il_sung",
    "Kim II Sung": "kim_il_sung",
    "Kim": "kim_il_sung",
    "John R. Hodge": "john_r_hodge",
    "Syngman Rhee": "syngman_rhee",
    "Rhee": "syngman_rhee",
    "Mao Tse Tung": "mao_zedong",
    "Mao": "mao_zedong",
    "Acheson": "dean_acheson",
    "Khrushchev": "nikita_khrushchev",
    "Truman": "harry_s_truman",
    "MacArthur": "douglas_macarthur",
}


@pytest.mark.parametrize(("name", "person"), DOCUMENT_NAMES.items())
async def test_every_person_the_document_names_resolves(store, name, person):
    document = collapse(DOCUMENT_FILE.read_text(encoding="utf-8"))
    assert re.search(rf"\b{re.escape(name)}\b", document), f"{name!r} is not in the document"
    answer = await store.person(name)
    assert answer.person.key == key(person)
    assert answer.fuzzy is False


def test_every_pack_person_is_named_in_the_document(packs):
    (pack,) = packs
    assert pack.path.name == PACK_FILE.name
    document = fold(DOCUMENT_FILE.read_text(encoding="utf-8"))
    for person in pack.people:
        assert any(fold(n) in document for n in (person.name, *person.aliases)), person.id
    assert {p.id for p in pack.people} == set(DOCUMENT_NAMES.values())
