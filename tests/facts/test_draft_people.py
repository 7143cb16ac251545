"""People in drafts: the fullest name, the forms the text uses, titles stripped, roles in the text's words,
and no places, organisations, ships or operations."""

from __future__ import annotations

import pytest

from facts.draft import _unambiguous, draft_text

TEXT = """\
On Aug. 10, 1945 Colonel Charles H. Bonesteel and Lt. Colonel Dean Rusk drafted the order. Lt. Col. Rusk \
found the 38th parallel on the map. Soviet leader Joseph Stalin accepted the line, and Stalin ordered his units \
north. James Bymes (US Secretary of State) instructed the colonels. Acheson outlined his policy in a speech. \
Khrushchev's memoirs indicate that Stalin approved it.

On December 7, 1941, aircraft attacked the USS Arizona at Pearl Harbor. Operation Watchtower began in August \
1942 near the Yalu River. The Security Council met in New York, and the Soviet Union boycotted it. General \
Order No. 1 was issued. John Adams and Samuel Adams argued in 1775; Adams left.
"""


def people() -> dict[str, tuple[str, ...]]:
    return {p.name: p.aliases for p in draft_text(TEXT, name="t").people}


def test_the_fullest_name_is_the_name_and_titles_are_stripped():
    found = people()
    assert "Charles H. Bonesteel" in found
    assert "Dean Rusk" in found
    assert not any(n.startswith(("Colonel", "Lt.", "General")) for n in found)
    assert not any(a.startswith(("Colonel", "Lt.")) for aliases in found.values() for a in aliases)


def test_other_forms_and_an_unambiguous_surname_are_aliases():
    found = people()
    assert "Rusk" in found["Dean Rusk"]
    assert "Stalin" in found["Joseph Stalin"]
    assert "Bonesteel" in found["Charles H. Bonesteel"]


def test_a_surname_two_people_share_is_no_alias():
    found = people()
    assert found["John Adams"] == ()
    assert found["Samuel Adams"] == ()
    assert "Adams" not in found


def test_single_names_that_act_like_people_are_kept_and_marked():
    draft = draft_text(TEXT, name="t")
    by_name = {p.name: p for p in draft.people}
    for name in ("Acheson", "Khrushchev"):
        assert name in by_name
        assert any("might not be a person" in r for r in by_name[name].review)


def test_places_organisations_ships_and_operations_are_not_people():
    found = people()
    for thing in ("Arizona", "USS Arizona", "Pearl Harbor", "Watchtower", "Operation Watchtower", "Yalu River",
                  "Security Council", "New York", "Soviet Union", "Order No", "Order", "Soviet"):
        assert thing not in found


def test_roles_come_from_the_texts_words():
    draft = draft_text(TEXT, name="t")
    roles = {p.name: p.role for p in draft.people}
    assert roles["Joseph Stalin"] == "Soviet leader"
    assert roles["James Bymes"] == "US Secretary of State"
    assert roles["Charles H. Bonesteel"] == "Colonel"


def test_events_list_the_people_their_quotes_name():
    draft = draft_text(TEXT, name="t")
    first = draft.events[0]
    ids = {p.name: p.id for p in draft.people}
    assert ids["Charles H. Bonesteel"] in first.people
    assert ids["Dean Rusk"] in first.people
    rusk = next(p for p in draft.people if p.name == "Dean Rusk")
    assert first.id in rusk.events


def test_a_given_name_and_surname_that_is_also_a_town_is_a_person_when_the_text_says_who():
    text = ("In 1857 civil war pitted the forces of the reformist Benito Juárez against the Conservatives. "
            "Juárez held Veracruz.\n")
    found = {p.name: p.aliases for p in draft_text(text, name="t").people}
    assert "Juárez" in found["Benito Juárez"]


@pytest.mark.parametrize(("text", "person"), [
    ("In 1601 James received an envoy from Albert, ruler of the Catholic Netherlands.", "Albert"),
    ("In 1601 some favoured Philip's daughter, Isabella, as the heir.", "Isabella"),
])
def test_one_given_name_with_a_role_said_of_it_is_a_person(text, person):
    assert person in {p.name for p in draft_text(text + "\n", name="t").people}


@pytest.mark.parametrize(("text", "person"), [
    ("In 1789 Hulin, an officer leading the guards, accepted the surrender.", "Hulin"),
    ("In 1789 his son-in-law, Berthier, suffered a like fate.", "Berthier"),
    ("In 1789 the mayor, Bailly, gave him the keys.", "Bailly"),
    ("In 1919 they saved the city from the general Denikin.", "Denikin"),
])
def test_a_surname_alone_is_a_person_when_the_text_says_what_they_are(text, person):
    assert person in {p.name for p in draft_text(text + "\n", name="t").people}


def test_a_place_described_after_of_is_not_a_person():
    text = "In 1789 at the barrier of Passy, the mayor, Bailly, gave him the keys.\n"
    assert "Passy" not in {p.name for p in draft_text(text, name="t").people}


def test_a_name_before_government_is_the_person_who_led_it():
    text = ("In 1917, to secure his position, Kerensky had to ask for help. Lenin pressed for the overthrow of "
            "the Kerensky government.\n")
    assert "Kerensky" in {p.name for p in draft_text(text, name="t").people}


def test_a_role_word_before_a_single_name_makes_it_a_person():
    text = "In 972 the emperor married the Byzantine princess Theophanu.\n"
    assert "Theophanu" in {p.name for p in draft_text(text, name="t").people}


def test_an_abstract_noun_is_not_a_one_word_person():
    text = ("In 1604 Catholicism was outlawed again. Catholicism survived in the north. Kingship passed to the "
            "son. Kingship was sacred.\n")
    names = {p.name for p in draft_text(text, name="t").people}
    assert not names & {"Catholicism", "Kingship"}


@pytest.mark.parametrize(("text", "person"), [
    ("In 1146 his son, Nur ad-Din, became the regent of Aleppo.", "Nur ad-Din"),
    ("In 1169 the caliph, al-Mustanjid, pressed him.", "al-Mustanjid"),
    ("In 1137, according to Baha ad-Din ibn Shaddad, he was born in Tikrit.", "Baha ad-Din ibn Shaddad"),
    ("In 1990 his biographers, Anne-Marie Eddé and others, wrote of him.", "Anne-Marie Eddé"),
    ("In 1160 the victor, Taira no Kiyomori, became an imperial advisor.", "Taira no Kiyomori"),
    ("In 1274 the regent Hōjō Tokimune responded by having the envoys beheaded.", "Hōjō Tokimune"),
    ("In 1592 the generals were Katō Kiyomasa, Konishi Yukinaga, and Shimazu Yoshihiro. Katō Kiyomasa "
     "advanced north.", "Konishi Yukinaga"),
    ("In 1827 his mother Nandi died.", "Nandi"),
    ("In 1826 Zwide's general Soshangane (of the Shangaan) moved north.", "Soshangane"),
    ("In 1174 he was given reinforcements under Turan-Shah, Saladin's brother.", "Turan-Shah"),
    ("In 1889 James G. Blaine of Maine, for example, had long been in politics.", "James G. Blaine"),
])
def test_names_of_many_languages_are_found(text, person):
    assert person in {p.name for p in draft_text(text + "\n", name="t").people}


def test_an_arabic_article_word_is_no_surname_alias():
    found = {p.name: p.aliases for p in draft_text("In 1146 his son, Nur ad-Din, ruled Aleppo.\n", name="t").people}
    assert "ad-Din" not in found["Nur ad-Din"]


@pytest.mark.parametrize("text", [
    "In 1644 the Manchu Bannermen took the capital.",
    "In 1644 the emperor was called the Son of Heaven by all.",
    "In 1200 Pure Land Buddhism spread among the farmers.",
    "In 1169 the Banu Ruzzaik fled the city.",
    "In 1169 Sunni Islam was restored in Egypt.",
    "Choosing Beijing as the capital in 1644, the court moved north.",
])
def test_groups_bodies_and_ideas_are_not_people(text):
    assert draft_text(text + "\n", name="t").people == ()


@pytest.mark.parametrize(("text", "person"), [
    ("In 1789 Louis dismissed Necker from office and ordered him to leave.", "Necker"),
    ("In 1828 the king was murdered by Mbopa at the kraal.", "Mbopa"),
])
def test_one_name_that_something_is_done_to_or_by_is_a_person(text, person):
    assert person in {p.name for p in draft_text(text + "\n", name="t").people}


@pytest.mark.parametrize(("text", "person"), [
    ("In 1400 he was the son of Timur and the grandson of Chaghatai Khan.", "Timur"),
    ("In 1400 he was the great-great grandson of Chaghatai Khan.", "Chaghatai Khan"),
    ("In 1644 the last Ming ruler, the Chongzhen Emperor, took his own life.", "Chongzhen Emperor"),
    ("In 1948 Sao Shwe Thaik became president and U Nu became prime minister.", "U Nu"),
    ("In 1490 he knew the poet Mir Ali Shir Nava'i, who encouraged him.", "Mir Ali Shir Nava'i"),
    ("In 700 the monks Woncheuk, Wonhyo, Uisang, and Kim Gyo-gak, a Silla prince, taught in China.", "Wonhyo"),
    ("In Manchuria on 26 October 1909, An Jung-geun assassinated the former governor.", "An Jung-geun"),
    ("In 1380 the guns created by Choe Museon sank the pirate ships.", "Choe Museon"),
    ("In 1418 Sejong the Great (r. 1418–1450) came to the throne.", "Sejong the Great"),
])
def test_more_ways_texts_name_people(text, person):
    assert person in {p.name for p in draft_text(text + "\n", name="t").people}


def test_an_honorific_name_has_no_surname_alias():
    found = {p.name: p.aliases for p in draft_text("In 1948 U Nu became prime minister.\n", name="t").people}
    assert found["U Nu"] == ()


@pytest.mark.parametrize(("text", "thing"), [
    ("In 918 Goryeo was founded. Goryeo united the peninsula under the Goryeo dynasty.", "Goryeo"),
    ("In 1644 Qing took Beijing, and the Qing army moved south.", "Qing"),
    ("In 1900 the laws changed. Polygamy was outlawed by the new code.", "Polygamy"),
    ("Around 900 the duchies (Franconia, Bavaria, Swabia, Saxony, and Lotharingia) rose. Henry, Duke of Saxony, "
     "was chosen king.", "Lotharingia"),
])
def test_realms_and_common_words_are_not_people(text, thing):
    assert thing not in {p.name for p in draft_text(text + "\n", name="t").people}


@pytest.mark.parametrize(("text", "person"), [
    # a kinship or an office and a comma before a name that ends its clause
    ("In 1467 the lord died and was succeeded by his nephew, Hosokawa Katsumoto.", "Hosokawa Katsumoto"),
    ("In 1590 the fief went to the young page, Naitō Masanori.", "Naitō Masanori"),
    ("In 1549 the council set up a puppet shōgun, Ashikaga Yoshiharu.", "Ashikaga Yoshiharu"),
    ("In 1650 he was charmed by his concubine, Rangila Bai.", "Rangila Bai"),
    # "led by" at the start of a sentence; a capital of Latin Extended-A ("Ō")
    ("Led by Ōuchi Yoshitaka, the fleet sailed in 1542.", "Ōuchi Yoshitaka"),
    ("Led by Mōri Terumoto, reinforcements arrived in 1582.", "Mōri Terumoto"),
    # a plural office before two names gives both their role
    ("In 1520 Cortés met the governors Tlacotzin and Cuitlahuac.", "Tlacotzin"),
    # an epithet after "the"
    ("In 1455 Tizoc the Younger and his brother marched.", "Tizoc the Younger"),
    ("The Mughal Emperor Humayun the Great himself sent six letters in 1550.", "Humayun the Great"),
    # a department's office before the name, after a nationality or "the"
    ("In 1871 Spanish Minister of War Juan Prim y Prats resigned.", "Juan Prim y Prats"),
    ("In 1933 he met Secretary of the Treasury William Woodin, Jr.", "William Woodin Jr."),
])
def test_people_named_by_what_the_text_says_they_are(text, person):
    assert person in {p.name for p in draft_text(text + "\n", name="t").people}


def test_a_peer_named_by_title_and_surname_keeps_the_title():
    found = {p.name for p in draft_text("In 1861 he met Foreign Secretary Earl Granville in London.\n",
                                        name="t").people}
    assert "Earl Granville" in found


def test_a_leader_named_only_by_an_administration_that_is_also_a_town():
    found = {p.name for p in draft_text("In 1862 Congress forced the Lincoln administration to publish.\n",
                                        name="t").people}
    assert "Lincoln" in found



def test_a_hyphenated_and_a_spaced_form_of_one_name_are_one_person():
    text = ("In 1797 Fath-Ali Shah took the throne. In 1800 Fath-Ali Shah sent his son north. "
            "Fath Ali Shah Qajar died in 1834.")
    found = [(p.name, p.aliases) for p in draft_text(text + "\n", name="t").people]
    assert len(found) == 1, found
    assert found[0][0] == "Fath Ali Shah Qajar"
    assert "Fath-Ali Shah" in found[0][1]


def test_an_alias_an_earlier_person_already_has_is_dropped_so_the_pack_loads():
    kept = _unambiguous({"a": ["Fath-Ali Shah", "Fath Ali"], "b": ["Fath Ali Shah Qajar", "Fath Ali Shah"]})
    assert kept == {"a": ["Fath-Ali Shah", "Fath Ali"], "b": ["Fath Ali Shah Qajar"]}
