"""``FactStore.around``: an event and its timeline neighbours, for the daily post's picture."""

from __future__ import annotations

from facts.scope import Scope
from facts.store import FactStore


async def test_around_is_the_slice_of_the_timeline_centred_on_the_event(store: FactStore):
    everything = (await store.timeline(per_page=1000)).items
    keys = [e.key for e in everything]
    for i in (0, 1, 5, len(keys) // 2, len(keys) - 2, len(keys) - 1):
        around = await store.around(keys[i], 3)
        assert [e.key for e in around] == keys[max(0, i - 3):i + 4], keys[i]
        assert around == tuple(everything[max(0, i - 3):i + 4])  # the same refs the timeline gives


async def test_around_nothing_for_unknown_hidden_or_undated_events(store: FactStore):
    first = (await store.timeline(per_page=1)).items[0]
    assert await store.around("korean_war/no_such_event") == ()
    assert await store.around(first.key, scope=Scope(frozenset())) == ()
    undated = await store.db.fetchone("SELECT key FROM events WHERE start IS NULL AND precision = 'undated'")
    if undated is not None:
        assert await store.around(undated[0]) == ()


async def test_around_with_no_neighbours_is_the_event_alone(store: FactStore):
    first = (await store.timeline(per_page=1)).items[0]
    assert await store.around(first.key, 0) == (first,)
