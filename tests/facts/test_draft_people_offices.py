"""A run of capitalised words that names an office or a body before a person ("Deputy Minister of Trade Anna
Weiss", "the Harbour Board Peter Lang") holds the person's name at its end."""

from __future__ import annotations

import pytest

from facts.draft.people import find_people


def names(*sentences: str) -> list[str]:
    return [p.name for p in find_people(list(sentences))]


@pytest.mark.parametrize(("sentence", "name"), [
    ("The plan was drawn up by Deputy-Minister of Trade Anna Weiss and her staff.", "Anna Weiss"),
    ("The envoys met Ruritanian Prime Minister Karl Brenner at the border.", "Karl Brenner"),
    ("It was chaired by the director of the Harbour Board Peter Lang for a year.", "Peter Lang"),
])
def test_a_person_after_an_office_or_a_body_is_named_alone(sentence, name):
    assert names(sentence) == [name]


def test_a_run_with_no_office_or_body_is_not_cut():
    assert names("The plan was drawn up by Mary Ann Weiss and her staff.") == ["Mary Ann Weiss"]


def test_a_body_with_no_given_name_after_it_is_no_person():
    assert names("The plan was drawn up by the Harbour Board Commission for a year.") == []
