"""Which calendar days have an anniversary, and stepping from a day to the nearest one that has."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from facts.dates import MonthDay, step_day
from facts.pack import load_packs
from facts.scope import Scope
from facts.store import FactStore
from tests.facts.conftest import WritePack, mini_pack_data

DAY = MonthDay


def days(*pairs: tuple[int, int]) -> frozenset[int]:
    return frozenset(MonthDay(m, d).ordinal for m, d in pairs)


def test_a_step_finds_the_nearest_day_each_way():
    having = days((3, 1), (6, 25), (8, 6))
    assert step_day(having, DAY(6, 25), +1) == DAY(8, 6)
    assert step_day(having, DAY(6, 25), -1) == DAY(3, 1)
    assert step_day(having, DAY(7, 4), +1) == DAY(8, 6)  # from a day without one
    assert step_day(having, DAY(7, 4), -1) == DAY(6, 25)


def test_a_step_goes_round_the_year():
    having = days((1, 2), (12, 30))
    assert step_day(having, DAY(12, 30), +1) == DAY(1, 2)
    assert step_day(having, DAY(1, 2), -1) == DAY(12, 30)
    assert step_day(having, DAY(12, 31), +1) == DAY(1, 2)


def test_february_29_is_a_day_like_any_other():
    assert step_day(days((2, 29), (3, 1)), DAY(2, 28), +1) == DAY(2, 29)
    assert step_day(days((2, 28), (3, 1)), DAY(2, 28), +1) == DAY(3, 1)  # skipped when nothing is on it
    assert step_day(days((2, 29)), DAY(3, 1), -1) == DAY(2, 29)


def test_no_other_day_means_no_step():
    assert step_day(days((6, 25)), DAY(6, 25), +1) is None
    assert step_day(frozenset(), DAY(6, 25), -1) is None
    assert step_day(days((6, 25)), DAY(1, 1), -1) == DAY(6, 25)


def test_month_day_round_trips_through_its_ordinal_and_key():
    for ordinal in range(1, 367):
        day = MonthDay.of_ordinal(ordinal)
        assert day.ordinal == ordinal
        assert MonthDay(int(day.key[:2]), int(day.key[3:])) == day


async def test_the_shipped_packs_days_are_exactly_those_with_an_exact_answer(store: FactStore):
    having = await store.anniversary_days()
    assert DAY(6, 25).ordinal in having  # the invasion
    assert DAY(8, 6).ordinal in having  # Hiroshima
    for ordinal in range(1, 367):
        answer = await store.on_this_day(MonthDay.of_ordinal(ordinal))
        assert answer.exact == (ordinal in having), MonthDay.of_ordinal(ordinal).label


async def test_a_range_of_days_covers_every_day_in_it_even_across_new_year(tmp_path: Path, write_pack: WritePack):
    data = mini_pack_data()
    data["events"] = copy.deepcopy(data["events"])
    data["events"][0]["date"] = "December 30, 1900 – January 2, 1901"
    data["events"][1]["date"] = "1902-03-10 to 1902-03-12"
    store = await FactStore.open(tmp_path / "range.db", packs=load_packs([write_pack(data)]))
    try:
        having = await store.anniversary_days(scope=Scope(frozenset({"mini"})))
    finally:
        await store.close()
    assert having == days((12, 30), (12, 31), (1, 1), (1, 2), (3, 10), (3, 11), (3, 12))


async def test_the_days_follow_the_scope(store: FactStore):
    assert await store.anniversary_days(scope=Scope(frozenset())) == frozenset()


@pytest.mark.parametrize("ordinal", [0, 367])
def test_an_ordinal_outside_the_year_is_refused(ordinal: int):
    with pytest.raises(ValueError, match="ordinal"):
        MonthDay.of_ordinal(ordinal)
