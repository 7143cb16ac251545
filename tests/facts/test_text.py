"""Text helpers: name folding, sentence and paragraph splitting."""

from __future__ import annotations

import pytest

from facts.text import collapse, fold, numbered_paragraphs, paragraphs, sentences
from tests.facts.conftest import DOCUMENT_FILE


@pytest.mark.parametrize(("a", "b"), [
    ("Kim II Sung", "Kim Il Sung"),
    ("Kim Il-sung", "kim il sung"),
    ("Bymes", "Byrnes"),
    ("Chiang Kai-shek", "CHIANG KAI SHEK"),
    ("Mao Tse-tung", "mao tse tung"),
    ("Syngman Rhée", "Syngman Rhee"),
])
def test_fold_forgives_case_accents_punctuation_and_ocr_slips(a, b):
    assert fold(a) == fold(b)


@pytest.mark.parametrize(("a", "b"), [("Dean Rusk", "Dean Acheson"), ("Kim", "Kim Il Sung")])
def test_fold_keeps_different_names_apart(a, b):
    assert fold(a) != fold(b)


def test_collapse_folds_white_space():
    assert collapse("  a\n\tb   c ") == "a b c"


def test_sentences_do_not_break_at_abbreviations_or_initials():
    text = ("On Aug. 10 and 11 Colonel Charles H. Bonesteel and Lt. Colonel Dean Rusk formulated General Order "
            "No. 1. Declassified U.S. government documents followed. Lt. Col. Rusk found it!")
    assert sentences(text) == [
        "On Aug. 10 and 11 Colonel Charles H. Bonesteel and Lt. Colonel Dean Rusk formulated General Order No. 1.",
        "Declassified U.S. government documents followed.",
        "Lt. Col. Rusk found it!",
    ]


def test_paragraphs_split_at_blank_lines_and_keep_a_heading_apart():
    document = ("You Are At: Home > History\nThe first paragraph is long enough to be a paragraph of its own, "
                "with a sentence.\n\n  Second   paragraph.\n")
    assert paragraphs(document) == [
        "You Are At: Home > History",
        "The first paragraph is long enough to be a paragraph of its own, with a sentence.",
        "Second paragraph.",
    ]


@pytest.mark.parametrize("document", [
    # wrapped at a fixed width: the first line is as long as the others
    "The colonels were unable to find a good map of Korea and used a small\n"
    "wall map of the Far East. Lt. Col. Rusk found the 38th parallel on the\n"
    "tiny map.\n",
    # a short wrapped line followed by a lower-case continuation
    "The bomb fell on the\ncity in 1945.\n",
])
def test_a_hard_wrapped_paragraph_stays_one_paragraph(document):
    assert paragraphs(document) == [collapse(document)]


def test_paragraph_numbers_count_prose_as_a_reader_does():
    document = ("You Are At: Home > History > Korea\nThe first paragraph is long enough to be a paragraph of its own, "
                "with a sentence.\n\nChapter Two\n\nSecond paragraph.\n")
    assert numbered_paragraphs(document) == [
        (0, "You Are At: Home > History > Korea"),
        (1, "The first paragraph is long enough to be a paragraph of its own, with a sentence."),
        (0, "Chapter Two"),
        (2, "Second paragraph."),
    ]


def test_the_shipped_document_cites_its_invasion_sentence_in_paragraph_nine():
    numbered = {t: n for n, t in numbered_paragraphs(DOCUMENT_FILE.read_text(encoding="utf-8"))}
    (number,) = [n for t, n in numbered.items() if "the North Koreans invaded across the 38th parallel" in t]
    assert number == 9  # the ninth paragraph of prose; the breadcrumb line above the first is not counted


@pytest.mark.parametrize(("paragraph", "expected"), [
    ("Plans were made to poison Elizabeth I. The Jesuit wrote a book.",
     ["Plans were made to poison Elizabeth I.", "The Jesuit wrote a book."]),
    ("Meanwhile, U.S. Generals met. It rained.", ["Meanwhile, U.S. Generals met.", "It rained."]),
    ("He sailed for the U.S. In 1950 he came back.", ["He sailed for the U.S.", "In 1950 he came back."]),
    ("Colonel Charles H. Bonesteel drew it.", ["Colonel Charles H. Bonesteel drew it."]),
])
def test_an_initial_ends_a_sentence_only_before_a_word_that_starts_one(paragraph, expected):
    assert sentences(paragraph) == expected
