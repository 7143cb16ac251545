"""People named by a title of a place, styled names, titles inside a run of words, leaders named through an
administration, and one-word names that are peoples, families or sentence-initial words, not people."""

from __future__ import annotations

import pytest

from facts.draft import draft_text


def people(text: str) -> dict[str, tuple[str, ...]]:
    return {p.name: p.aliases for p in draft_text(text + "\n", name="t").people}


def names(text: str) -> set[str]:
    return {n for p in draft_text(text + "\n", name="t").people for n in (p.name, *p.aliases)}


def test_a_title_of_a_place_is_one_person_kept_whole():
    found = people("In 1520 the Duke of Suffolk rode north, and the Bishop of Ely met him. Suffolk was angry.")
    assert "Duke of Suffolk" in found
    assert "Suffolk" in found["Duke of Suffolk"]
    assert "Bishop of Ely" in found
    assert not any(n.startswith("of ") for n in found)


def test_a_plural_title_before_a_list_names_each_holder():
    found = people("In 1600 the Earls of Essex, Rutland, and Bedford rode to the city.")
    assert {"Earl of Essex", "Earl of Rutland", "Earl of Bedford"} <= set(found)


def test_a_styled_name_is_one_person_with_the_style_as_alias():
    found = people("In 1530 Thomas Howard, 3rd Duke of Norfolk, rode north. Later the Duke of Norfolk fell ill.")
    assert "Thomas Howard" in found
    assert "Duke of Norfolk" in found["Thomas Howard"]
    assert "Duke of Norfolk" not in found
    found = people("In 1530 the king married his daughter to Felipe, Duke of Viseu.")
    assert "Felipe, Duke of Viseu" in found


def test_a_title_after_other_words_starts_the_name():
    found = people("In 1700 Swedish King Charles XII marched, and the Parliaments of King William the Third sat.")
    assert "Charles XII" in found
    assert "William the Third" in found


def test_a_titled_surname_is_a_person_even_when_it_is_also_a_town():
    found = people("In 1644 Colonel Bedford and Lord Reading met. Sir John Reading and Sir Thomas Reading came too.")
    assert "Bedford" in found
    assert "Lord Reading" in found


def test_a_leader_named_through_an_administration_is_a_person():
    found = people("In 1950 the Truman administration acted, as did administrations from Nixon through Carter.")
    assert {"Truman", "Nixon", "Carter"} <= set(found)


def test_peoples_families_and_sentence_initial_words_are_not_people():
    text = ("In 1700 the Senegalese marched. The Tudors ruled; Owen Tudor founded them. Having won, Owen Tudor "
            "rested. Ships provided by the crown sailed. Later the army went to Sandwich, and Sandwich was cold. "
            "The Rhine flowed.")
    found = people(text)
    for thing in ("Senegalese", "Tudors", "Having", "Ships", "Sandwich", "Rhine"):
        assert thing not in found


def test_a_name_followed_by_who_acts_like_a_person():
    found = people("In 1754 a chief named Oconostota spoke, and Attakullakulla, who led the talks, agreed.")
    assert {"Oconostota", "Attakullakulla"} <= set(found)


def test_a_form_two_people_share_is_an_alias_of_neither():
    found = people("In 1460 Anne of York, Duke of York's sister, and Richard of Shrewsbury, Duke of York, met.")
    assert all("York" not in aliases for aliases in found.values())


def test_a_styled_holder_not_named_elsewhere_keeps_the_plain_name_as_a_form():
    found = people("In 1470 the king made Walter Blount, 1st Baron Mountjoy, his treasurer.")
    name = next(n for n in found if n.startswith("Walter Blount"))
    assert name == "Walter Blount" or "Walter Blount" in found[name]


@pytest.mark.parametrize(("text", "name"), [
    ("President Philippe Sudré Dartiguenave was elected. Sudré Dartiguenave signed the treaty.",
     "Philippe Sudré Dartiguenave"),
    ("On that day the Danish Ambassador to the United States Count Otto von Brandt presented a note.",
     "Otto von Brandt"),
])
def test_accented_names_and_titles_after_a_place_are_people(text, name):
    assert name in names(text)


@pytest.mark.parametrize(("text", "word"), [
    ("Several anti-war Senators led a filibuster. Senator Hugh Brand spoke.", "Senators"),
    ("The assembly rejected the plan. Law-makers began drafting another. Thomas Reid objected.", "Law-makers"),
    ("The navy sought a lease of Port-Royal Marie, a city on the northern coast. Thomas Reid objected.",
     "Port-Royal Marie"),
])
def test_title_plurals_hyphenated_common_words_and_places_in_an_appositive_are_not_people(text, word):
    assert word not in names(text)


def test_a_styled_name_with_a_crown_is_one_person_without_the_place_as_alias():
    found = people("In 1580 Philip, King of Spain, sent a fleet. The Dean of Ely prayed. Philip was angry.")
    assert "Philip, King of Spain" in found
    assert "Spain" not in found["Philip, King of Spain"]
    assert "Dean of Ely" in found
    assert "Ely" not in found["Dean of Ely"]


@pytest.mark.parametrize(("text", "name"), [
    ("The French were led by Constable Charles d'Albret and the dukes.", "Charles d'Albret"),
    ("Henry would marry Catherine, the young daughter of the king. Catherine brought a dowry.", "Catherine"),
    ("In 1785, Dey Hassan of Algiers declared war. Later Dey Hassan made peace.", "Dey Hassan"),
])
def test_particles_given_names_named_twice_and_rulers_titles_are_people(text, name):
    assert name in names(text)


def test_a_ruler_named_with_and_without_the_title_is_one_person():
    found = people("A new ruler, Dey Hassan, was in power. Hassan wished to trade. The Pasha Selim Qara refused.")
    assert "Dey Hassan" in found
    assert "Hassan" in found["Dey Hassan"]
    assert "Hassan" not in found


@pytest.mark.parametrize(("text", "word"), [
    ("The trade reached Carolina. Carolina grew rich on rice. John Ward sailed there.", "Carolina"),
    ("He went to Elizabeth, then to Camden. Thomas Reid objected.", "Elizabeth"),  # a town, named once
])
def test_given_names_that_are_large_places_or_named_once_are_not_people(text, word):
    assert word not in names(text)


def test_sir_with_a_given_name_is_the_one_knight_of_that_name():
    found = people("Sir Hugh Latimer rode out. Hugh Bigod stayed, and Hugh Despard fled. Sir Hugh came back.")
    assert "Sir Hugh" in found["Hugh Latimer"]
    assert "Sir Hugh" not in found


def test_sir_with_a_given_name_two_knights_share_is_no_alias():
    found = people("Sir Hugh Latimer rode out and Sir Hugh Bigod stayed. Sir Hugh came back.")
    assert "Sir Hugh" not in found["Hugh Latimer"]
    assert "Sir Hugh" not in found["Hugh Bigod"]


def test_the_last_word_of_a_thing_named_with_a_people_is_no_person():
    text = "The Spanish Armada sailed in 1588. Soon the great Armada was scattered. Francis Drake waited."
    assert "Armada" not in names(text)


def test_a_bare_title_no_one_holds_is_a_person_marked_for_review():
    draft = draft_text("In 1690 the Queen fled to France. Thomas Reid followed. The Queen wrote to him.\n", name="t")
    queen = next(p for p in draft.people if p.name == "the Queen")
    assert queen.review


def test_a_bare_title_is_an_alias_of_its_one_holder():
    found = people("In 1690 Queen Maud fled to France. The Queen wrote to her son. Later the Queen returned.")
    assert "the Queen" in found["Maud"]


@pytest.mark.parametrize("text", [
    "In 1690 the Queen fled to France. Thomas Reid followed.",  # said once
    "In 1690 the Queen fled. The Queen of Navarre wrote. Later the Queen returned.",  # another queen
    "In 1690 King Olaf and King Magnus met. The King spoke. The King left.",  # two kings
])
def test_a_bare_title_said_once_or_held_by_several_is_no_person(text):
    drafted = names(text)
    assert "the Queen" not in drafted
    assert "the King" not in drafted


def test_rulers_sharing_a_name_under_different_titles_are_two_people():
    found = people("The Moroccan Sultan Sidi Hassan seized a ship. In 1785, Dey Hassan of Algiers declared war.")
    assert "Dey Hassan" in found
    assert "Hassan" not in found["Sidi Hassan"]


def test_a_ruler_with_a_number_and_a_realm_keeps_the_realm_in_the_name():
    found = people("In 1590 the rebels approached Henry IV of France for money, and King Philip II of Spain "
                   "refused them.")
    assert "Henry IV" in found["Henry IV of France"]
    assert "Philip II" in found["Philip II of Spain"]


def test_a_plural_title_before_names_titles_the_first_of_them():
    assert {"Ulysses S. Grant", "Philip Sheridan"} <= names(
        "In 1865 the U.S. Generals Ulysses S. Grant and Philip Sheridan met at the river.")


@pytest.mark.parametrize(("text", "person"), [
    ("In 1603 the news came from the Archpriest George Blackwell, who warned his priests.", "George Blackwell"),
    ("In 1598 the Jesuit Juan de Mariana wrote a treatise on kings.", "Juan de Mariana"),
])
def test_a_word_saying_what_someone_is_before_their_name_is_no_part_of_it(text, person):
    assert person in people(text)


def test_a_thing_whose_name_holds_a_given_name_is_not_a_person():
    assert not people("In 1899 the Open Door Circular requested no formal agreement.")
