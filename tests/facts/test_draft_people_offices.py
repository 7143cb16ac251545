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


def test_a_peer_title_in_apposition_to_a_known_person_is_an_alias():
    people = find_people(["Walter Grey led the envoys.", "Walter Grey, the Bishop of Ely, had been working with them."])
    assert [(p.name, "Bishop of Ely" in p.forms) for p in people] == [("Walter Grey", True)]


def test_a_peer_title_in_a_list_is_no_alias():
    people = find_people(["Walter Grey led the envoys.", "He met Walter Grey, the Bishop of Ely, and Hugh Payne."])
    assert all("Bishop of Ely" not in p.forms for p in people if p.name == "Walter Grey")


def test_a_peer_title_with_a_capital_of_is_kept_whole():
    found = names("The children and the Duke Of Clarence came.")
    assert [n.lower() for n in found] == ["duke of clarence"]


@pytest.mark.parametrize("sentence", ["He broke off and cried, ‘Mind the rope! mind the rope!’",
                                      "Mind your step, and mind the rope."])
def test_a_word_capitalised_only_at_a_sentence_start_and_written_lowercase_elsewhere_is_no_person(sentence):
    assert names("Mind the rope, he said, and walked on.", sentence) == []


def test_a_one_word_name_after_at_is_a_place():
    assert names("They met at Cresswold, a meadow by the river.", "Cresswold was a place for assemblies.") == []


def test_a_surname_acting_like_a_person_is_still_a_person():
    assert names("The council heard Pennick.", "Pennick was angry.") == ["Pennick"]


@pytest.mark.parametrize("sentence", ["The rebels could not stand against such men as Tom Harker and Wendle.",
                                      "The assembly, boldly led by Wendle, voted against the tax."])
def test_a_surname_paired_with_a_person_or_leading_is_a_person(sentence):
    assert "Wendle" in names("Tom Harker wrote to the council.", sentence)


def test_a_word_paired_with_a_place_is_no_person():
    assert names("The rebels marched between London and Wendle.") == []
