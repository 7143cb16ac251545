"""The question bank: whole for a small store (and cached), a bounded random sample for a large one."""

from __future__ import annotations

import random

from facts.store import FactStore
from facts.trivia.storage import load_bank


async def test_a_small_store_gives_the_whole_bank(store: FactStore) -> None:
    bank = await load_bank(store)
    assert bank.complete
    assert (len(bank.events), len(bank.people)) == (38, 13)


async def test_a_large_store_gives_a_bounded_sample_in_time_order(store: FactStore) -> None:
    bank = await load_bank(store, rng=random.Random(1), max_events=10, max_people=3)
    assert not bank.complete
    assert len(bank.events) == 10
    assert len(bank.people) <= 3
    involved = {p.key for e in bank.events for p in e.people}
    assert {p.key for p in bank.people} <= involved
    keys = [e.key for e in (await load_bank(store)).events]
    assert [e.key for e in bank.events] == [k for k in keys if k in {e.key for e in bank.events}]


async def test_successive_samples_reach_different_facts(store: FactStore) -> None:
    rng = random.Random(7)
    seen = set()
    for _ in range(20):
        seen |= {e.key for e in (await load_bank(store, rng=rng, max_events=5)).events}
    assert len(seen) > 25
