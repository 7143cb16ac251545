"""Every question the fact store answers, asked of the seeded Korean War pack."""

from __future__ import annotations

from datetime import date

import pytest

from facts.answers import HIT_END, HIT_START
from facts.dates import MonthDay, Precision, parse_span
from facts.db import migrations
from facts.errors import BadInput, NotFound
from tests.facts.conftest import key

# ------------------------------------------------------------------------------------------ on_date


def _split(answer):
    return ({m.event.key for m in answer.matches if m.exact}, {m.event.key for m in answer.matches if not m.exact})


async def test_on_date_a_day_finds_the_invasion_exactly_and_looser_dates_loosely(store):
    answer = await store.on_date(parse_span("1950-06-25"))
    exact, loose = _split(answer)
    assert exact == {key("north_korean_invasion")}
    assert loose == {key("border_incidents")}
    assert answer.total == 2
    assert answer.matches[0].event.key == key("north_korean_invasion"), "exact matches come first"
    invasion = answer.matches[0].event
    assert invasion.quotes[0].text == "On June 25, 1950, the North Koreans invaded across the 38th parallel."
    assert invasion.source.pack == "korean_war"


async def test_on_date_a_month_includes_the_month_dated_event_as_exact(store):
    answer = await store.on_date(parse_span("June 1950"))
    exact, loose = _split(answer)
    assert exact == {key("north_korean_invasion")}
    assert loose == {key("border_incidents")}
    assert key("former_pla_soldiers_in_north_korea") not in exact | loose, "'on the eve' dates no arrival"


async def test_on_date_a_year_includes_june_1950_exactly_and_the_winter_loosely(store):
    answer = await store.on_date(parse_span("1950"))
    exact, loose = _split(answer)
    assert {key("north_korean_invasion"), key("acheson_press_club_speech"),
            key("stalin_message_to_north_korea")} <= exact
    assert key("mao_visits_moscow") in loose
    assert key("border_incidents") in loose
    assert key("korean_governments_formed") not in exact | loose
    assert answer.total == len(answer.matches) == 7


async def test_on_date_exact_matches_are_in_time_order_and_a_month_after_a_day_follows_it(store):
    answer = await store.on_date(parse_span("1945"))
    keys = [m.event.key for m in answer.matches if m.exact]
    assert len(keys) == 7
    # "August 1945" for the invasion of Manchuria, which the text places after the declaration of war
    assert keys[:4] == [key("hiroshima_bomb"), key("ussr_declares_war_on_japan"), key("soviet_invasion_of_manchuria"),
                        key("nagasaki_bomb")]
    unanchored = [m.event.when.span.start for m in answer.matches if m.exact and m.event.when.anchor_key is None]
    assert unanchored == sorted(unanchored)


async def test_on_date_with_nothing_returns_an_empty_answer(store):
    answer = await store.on_date(parse_span("1700"))
    assert answer.matches == ()
    assert answer.total == 0


async def test_on_date_limit_keeps_the_total(store):
    answer = await store.on_date(parse_span("1940s"), limit=3)
    assert len(answer.matches) == 3
    assert answer.total > 3


async def test_events_carry_people_places_figures_and_quotes(store):
    event = await store.event(key("soviet_invasion_of_manchuria"))
    assert event.when.span.precision is Precision.MONTH
    assert event.when.label == "August 1945"
    assert "Manchuria" in event.places
    assert [(f.low, f.high) for f in event.figures] == [(1500000, 1500000), (5500, 5500), (2, 2)]
    assert event.figures[0].value_label == "1,500,000"
    event = await store.event(key("general_order_no_1"))
    assert [p.name for p in event.people] == ["Charles H. Bonesteel", "Dean Rusk"]
    assert event.when.label == "August 10–11, 1945"
    event = await store.event(key("former_pla_soldiers_in_north_korea"))
    assert event.figures[0].value_label == "30,000–40,000"
    assert event.quotes[0].paragraph == 8


async def test_an_after_event_says_what_it_follows(store):
    event = await store.event(key("attack_called_an_act_of_stupidity"))
    assert event.when.span is None
    assert event.when.after_key == key("north_korean_invasion")
    assert event.when.label == "after North Korea invades across the 38th parallel (June 25, 1950)"


async def test_an_unknown_event_key_is_not_found(store):
    with pytest.raises(NotFound):
        await store.event("korean_war/no_such_event")


# -------------------------------------------------------------------------------------- on_this_day


async def test_on_this_day_finds_hiroshima_on_august_6(store):
    answer = await store.on_this_day(MonthDay(8, 6))
    assert answer.exact is True
    assert [(a.event.key, a.days_away) for a in answer.items] == [(key("hiroshima_bomb"), 0)]


@pytest.mark.parametrize("day", [MonthDay(8, 10), MonthDay(8, 11)])
async def test_on_this_day_matches_every_day_of_a_day_range_event(store, day):
    answer = await store.on_this_day(day)
    assert answer.exact is True
    assert key("general_order_no_1") in {a.event.key for a in answer.items}
    assert all(a.days_away == 0 for a in answer.items)


@pytest.mark.parametrize(("day", "nearest", "away"), [
    (MonthDay(3, 15), "stalin_message_to_north_korea", -45),  # January 30 is 45 days earlier
    (MonthDay(7, 1), "north_korean_invasion", -6),
    (MonthDay(8, 7), "hiroshima_bomb", -1),
    (MonthDay(12, 31), "acheson_press_club_speech", 12),  # round the year to January 12
    (MonthDay(2, 29), "stalin_message_to_north_korea", -30),
])
async def test_on_this_day_without_an_event_gives_the_nearest_with_signed_distance(store, day, nearest, away):
    answer = await store.on_this_day(day)
    assert answer.exact is False
    assert answer.items, "never empty"
    assert (answer.items[0].event.key, answer.items[0].days_away) == (key(nearest), away)


async def test_on_this_day_is_never_empty_and_distances_add_up_for_every_day_of_the_year(store):
    for ordinal in range(1, 367):
        d = date.fromordinal(date(2000, 1, 1).toordinal() + ordinal - 1)
        day = MonthDay(d.month, d.day)
        answer = await store.on_this_day(day)
        assert answer.items, day
        for item in answer.items:
            span = item.event.when.span
            first, last = MonthDay.of(span.start).ordinal, MonthDay.of(span.end).ordinal
            if answer.exact:
                assert item.days_away == 0
                assert first <= day.ordinal <= last
            else:
                assert item.days_away != 0
                assert (day.ordinal + item.days_away - 1) % 366 + 1 in (first, last), (day, item)


# ------------------------------------------------------------------------------------------- person


@pytest.mark.parametrize(("name", "person"), [
    ("Kim Il Sung", "kim_il_sung"),
    ("Kim II Sung", "kim_il_sung"),
    ("Kim Il-sung", "kim_il_sung"),
    ("KIM IL SUNG", "kim_il_sung"),
    ("  kim. il, sung! ", "kim_il_sung"),
    ("Bymes", "james_f_byrnes"),
    ("Byrnes", "james_f_byrnes"),
    ("James F. Byrnes", "james_f_byrnes"),
    ("james f byrnes", "james_f_byrnes"),
    ("Mao Tse Tung", "mao_zedong"),
    ("Mao Tse-tung", "mao_zedong"),
    ("Mao Zedong", "mao_zedong"),
    ("Chiang Kai-shek", "chiang_kai_shek"),
    ("Chiang Kai Shek", "chiang_kai_shek"),
    ("Dean Acheson", "dean_acheson"),
    ("Lt. Col. Rusk", "dean_rusk"),
    ("General MacArthur", "douglas_macarthur"),
])
async def test_person_finds_names_and_aliases_exactly(store, name, person):
    answer = await store.person(name)
    assert answer.person.key == key(person)
    assert answer.fuzzy is False


async def test_person_answer_has_the_canonical_name_aliases_events_and_quotes(store):
    answer = await store.person("Kim II Sung")
    p = answer.person
    assert p.name == "Kim Il Sung"
    assert answer.matched == "Kim II Sung"
    assert set(p.aliases) == {"Kim II Sung", "Kim Il-sung", "Kim"}
    assert p.role == "Leader of the North Korean Marxists"
    event_keys = [e.key for e in p.events]
    assert event_keys[:2] == [key("kim_takes_control_of_north"), key("kim_meets_mao_april_1949")]
    assert key("khrushchev_memoirs") in event_keys
    assert p.quotes[0].text.startswith("Marxists under Kim Il Sung")
    assert p.source.citation == "“korean war history”, AllSands"


async def test_person_accepts_a_person_key_as_autocomplete_sends_it(store):
    answer = await store.person(key("james_f_byrnes"))
    assert answer.person.name == "James F. Byrnes"
    assert answer.fuzzy is False


@pytest.mark.parametrize(("name", "person"), [
    ("Stallin", "joseph_stalin"),
    ("Achesen", "dean_acheson"),
    ("Acheeson", "dean_acheson"),
    ("Trumen", "harry_s_truman"),
    ("Krushchev", "nikita_khrushchev"),
    ("Syngman Ree", "syngman_rhee"),
    ("MacArtur", "douglas_macarthur"),
])
async def test_person_takes_a_clear_near_miss_as_fuzzy(store, name, person):
    answer = await store.person(name)
    assert answer.person.key == key(person)
    assert answer.fuzzy is True


async def test_person_dean_is_two_people_and_suggests_both(store):
    with pytest.raises(NotFound) as caught:
        await store.person("Dean")
    assert {"Dean Acheson", "Dean Rusk"} <= set(caught.value.suggestions)


@pytest.mark.parametrize("name", ["Xyzzyq", "Napoleon Bonaparte", "qwerty uiop"])
async def test_person_gibberish_is_not_found(store, name):
    with pytest.raises(NotFound, match="No one called"):
        await store.person(name)


@pytest.mark.parametrize(("name", "message"), [
    ("", "Give a name"), ("   ", "Give a name"), ("x" * 2000, "2,000 characters"), ("!!!", "needs letters"),
])
async def test_person_bad_input(store, name, message):
    with pytest.raises(BadInput, match=message):
        await store.person(name)


# --------------------------------------------------------------------------------------------- when


@pytest.mark.parametrize(("words", "event", "label"), [
    ("38th parallel", "north_korean_invasion", "June 25, 1950"),
    ("Acheson speech", "acheson_press_club_speech", "January 12, 1950"),
    ("Security Council", "security_council_condemns_north_korea",
     "after North Korea invades across the 38th parallel (June 25, 1950)"),
    ("Hiroshima", "hiroshima_bomb", "August 6, 1945"),
    ("Pusan perimeter", "pusan_perimeter", "after Truman orders MacArthur to move forces from Japan to Korea"),
    ("atomik bom", "hiroshima_bomb", "August 6, 1945"),
    ("korean_war/nagasaki_bomb", "nagasaki_bomb", "August 9, 1945"),
])
async def test_when_finds_the_event_and_its_date(store, words, event, label):
    answer = await store.when(words)
    assert answer.event.key == key(event)
    assert answer.event.when.label == label


async def test_when_lists_other_matching_events(store):
    answer = await store.when("38th parallel")
    others = {o.key for o in answer.others}
    assert key("rusk_picks_38th_parallel") in others
    assert key("stalin_accepts_38th_parallel") in others
    assert answer.event.key not in others


@pytest.mark.parametrize("words", ["flibbertigibbet zorblax", "qqq zzz"])
async def test_when_unknown_words_are_not_found(store, words):
    with pytest.raises(NotFound, match="Nothing in the sources matches"):
        await store.when(words)


@pytest.mark.parametrize(("words", "message"), [("", "Give a few words"), ("w" * 2000, "2,000 characters")])
async def test_when_bad_input(store, words, message):
    with pytest.raises(BadInput, match=message):
        await store.when(words)


# ----------------------------------------------------------------------------------------- timeline


async def test_timeline_is_in_time_order_with_after_events_after_their_anchors(store):
    page = await store.timeline(per_page=100)
    keys = [i.key for i in page.items]
    assert page.total == len(keys) == 36, "the two undated events are not on the time axis"
    assert key("evidence_of_collusion") not in keys
    assert keys[0] == key("korea_under_japanese_control")
    assert keys[-1] == key("russian_messages_released_1994")
    dated = [i.when.span.start for i in page.items if i.when.span is not None and i.when.anchor_key is None]
    assert dated == sorted(dated)
    position = {k: n for n, k in enumerate(keys)}
    for item in page.items:
        if item.when.after_key:
            assert position[item.when.after_key] < position[item.key], item.key
        if item.when.before_key:
            assert position[item.key] < position[item.when.before_key], item.key
    assert position[key("rusk_picks_38th_parallel")] < position[key("occupation_of_korea")] < position[
        key("kim_takes_control_of_north")]
    assert position[key("ussr_declares_war_on_japan")] < position[key("soviet_invasion_of_manchuria")]
    assert position[key("truman_orders_macarthur")] < position[key("pusan_perimeter")]


async def test_timeline_pages(store):
    first = await store.timeline(per_page=10)
    assert (first.page, first.pages, first.total, first.per_page) == (1, 4, 36, 10)
    assert len(first.items) == 10
    last = await store.timeline(page=4, per_page=10)
    assert len(last.items) == 6
    assert last.items[-1].key == key("russian_messages_released_1994")
    pages = [first] + [await store.timeline(page=n, per_page=10) for n in (2, 3, 4)]
    everything = [i.key for p in pages for i in p.items]
    assert len(everything) == len(set(everything)) == 36


@pytest.mark.parametrize(("asked", "given"), [(99, 4), (0, 1), (-3, 1)])
async def test_timeline_page_out_of_range_clamps(store, asked, given):
    page = await store.timeline(page=asked, per_page=10)
    assert page.page == given
    assert page.items


async def test_timeline_per_page_must_be_positive(store):
    with pytest.raises(BadInput):
        await store.timeline(per_page=0)


async def test_timeline_between_two_dates(store):
    page = await store.timeline(parse_span("1949"), parse_span("1950-06"), per_page=100)
    keys = [i.key for i in page.items]
    assert keys[0] == key("kim_meets_mao_april_1949")
    assert key("north_korean_invasion") in keys
    assert key("korean_governments_formed") not in keys
    assert key("hiroshima_bomb") not in keys
    assert page.start.label == "1949"


async def test_timeline_ending_before_it_starts_is_bad_input(store):
    with pytest.raises(BadInput, match="before it starts"):
        await store.timeline(parse_span("1951"), parse_span("1949"))


async def test_timeline_with_nothing_in_range_has_one_empty_page(store):
    page = await store.timeline(parse_span("1700"), parse_span("1710"))
    assert (page.items, page.page, page.pages, page.total) == ((), 1, 1, 0)


# ------------------------------------------------------------------------------------------- search


async def test_search_finds_events_people_and_sentences_best_first(store):
    answer = await store.search("Security Council")
    assert answer.total == 3
    kinds = [(h.kind, h.key) for h in answer.hits]
    assert kinds[0] == ("event", key("security_council_condemns_north_korea"))
    assert {"event", "person", "sentence"} == {h.kind for h in answer.hits}
    assert ("person", key("harry_s_truman")) in kinds
    for hit in answer.hits:
        assert f"{HIT_START}Security{HIT_END} {HIT_START}Council{HIT_END}" in hit.snippet
        assert hit.source.pack == "korean_war"
    sentence = next(h for h in answer.hits if h.kind == "sentence")
    assert sentence.key.startswith("korean_war#")
    assert sentence.title == ""


async def test_search_total_counts_beyond_the_limit(store):
    answer = await store.search("Stalin", limit=4)
    assert len(answer.hits) == 4
    assert answer.total > 4
    assert answer.hits[0].kind == "event"


async def test_search_falls_back_to_any_word(store):
    answer = await store.search("Pusan zzzzunknown")
    assert answer.total >= 1
    assert any(h.key == key("pusan_perimeter") for h in answer.hits)


async def test_search_with_no_match_is_an_empty_answer(store):
    answer = await store.search("zzzzunknown")
    assert (answer.hits, answer.total) == ((), 0)


@pytest.mark.parametrize(("words", "message"), [
    ("", "Give some words"), ("  ", "Give some words"), ("s" * 2000, "2,000 characters"),
    ("?!", "at least one word"),
])
async def test_search_bad_input(store, words, message):
    with pytest.raises(BadInput, match=message):
        await store.search(words)


# -------------------------------------------------------------------------------------------- stats


async def test_stats_count_the_pack(store):
    stats = await store.stats()
    assert (stats.events, stats.people, stats.schema_version) == (38, 13, len(migrations()))
    assert stats.quotes > stats.events
    assert stats.sentences > 40
    (pack,) = stats.packs
    assert pack.source.pack == "korean_war"
    assert pack.document == "korean_war_history.txt"
    assert (pack.first, pack.last) == ("1895-01-01", "1994-12-31")


# --------------------------------------------------------------------------------------- completion


async def test_complete_events_by_prefix(store):
    refs = await store.complete_events("atom")
    assert {r.key for r in refs[:2]} == {key("hiroshima_bomb"), key("nagasaki_bomb")}
    assert all(any(w.lower().startswith("atom") for w in r.title.split()) for r in refs[:2])


async def test_complete_events_prefix_of_a_later_word(store):
    refs = await store.complete_events("Secur")
    assert key("security_council_condemns_north_korea") in [r.key for r in refs]


@pytest.mark.parametrize("typed", ["", "a", "the", "korea"])
async def test_complete_events_returns_at_most_25(store, typed):
    refs = await store.complete_events(typed)
    assert 0 < len(refs) <= 25
    assert len({r.key for r in refs}) == len(refs)


async def test_complete_events_with_nothing_typed_starts_with_the_earliest(store):
    refs = await store.complete_events("")
    assert refs[0].key == key("korea_under_japanese_control")
    assert refs[0].when.label == "1895"


async def test_names_complete_kim_ii_puts_kim_il_sung_first(store):
    hits = store.complete_people("Kim II")
    assert hits[0].key == key("kim_il_sung")
    assert hits[0].name == "Kim Il Sung"


@pytest.mark.parametrize("typed", ["", "a", "d", "chiang"])
async def test_names_complete_returns_at_most_25(store, typed):
    hits = store.complete_people(typed)
    assert 0 < len(hits) <= 25
    assert len({h.key for h in hits}) == len(hits)


async def test_names_complete_by_a_later_word(store):
    hits = store.complete_people("rus")
    assert hits[0].key == key("dean_rusk")
    assert hits[0].fuzzy is False


async def test_names_complete_limit(store):
    assert len(store.complete_people("", limit=5)) == 5
