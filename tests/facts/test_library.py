"""Per-server packs: an upload is stored whole, seen only where it was uploaded and enabled, within quotas,
and kept across restarts; the shipped packs can be disabled per server; queries walk only a server's packs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from facts.dates import MonthDay, parse_span
from facts.errors import BadInput, NotFound
from facts.library import PackLibrary, Quotas, UploadBusy, storage
from facts.library.models import Prepared
from facts.pack import Pack, parse_pack, parse_upload
from facts.store import FactStore
from tests.facts.conftest import MINI_DOCUMENT, PACK_ID, mini_pack_data

GUILD, OTHER = 111, 222
NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def prepared(name: str = "mini", guild_id: int = GUILD, **overrides: object) -> Prepared:
    text = yaml.safe_dump(mini_pack_data(**overrides), sort_keys=False)
    pack = parse_upload(text, MINI_DOCUMENT, guild_id, name)
    return Prepared(name, f"{name}.yaml", text, MINI_DOCUMENT, f"{name}.txt", pack, drafted=False)


@pytest.fixture
def library(store: FactStore) -> PackLibrary:
    return PackLibrary(store)


async def test_an_upload_is_seen_only_in_its_server_and_only_once_enabled(store, library):
    entry = await library.add(GUILD, 5, prepared(), NOW)
    assert (entry.name, entry.pack, entry.enabled, entry.events, entry.people) == ("mini", "g111_mini", False, 2, 2)
    here = await store.scope_for(GUILD)
    assert "g111_mini" not in here  # stored, waiting for "Enable here"
    await library.set_enabled(GUILD, "mini", True)
    here, there = await store.scope_for(GUILD), await store.scope_for(OTHER)
    assert here.packs == {PACK_ID, "g111_mini"}
    assert there.packs == {PACK_ID} == (await store.scope_for(None)).packs == store.public.packs

    answer = await store.when("first treaty signed", scope=here)
    assert answer.event.key == "g111_mini/first_treaty"
    assert answer.event.source.title == "A small history"
    assert (await store.when("first treaty signed", scope=there)).event.key.startswith(f"{PACK_ID}/")
    assert (await store.person("Ada Lovelace", scope=here)).person.key == "g111_mini/ada_lovelace"
    with pytest.raises(NotFound):
        await store.person("Ada Lovelace", scope=there)
    with pytest.raises(NotFound):
        await store.person("g111_mini/ada_lovelace", scope=there)  # a key typed in another server
    with pytest.raises(NotFound):
        await store.when("g111_mini/first_treaty", scope=there)
    assert [e.event.key for e in (await store.on_date(parse_span("1901-03-03"), scope=here)).matches] == [
        "g111_mini/first_treaty"]
    assert (await store.on_date(parse_span("1901-03-03"), scope=there)).matches == ()
    assert (await store.on_this_day(MonthDay(3, 3), scope=here)).exact
    assert not (await store.on_this_day(MonthDay(3, 3), scope=there)).exact
    assert "g111_mini/first_treaty" in [r.key for r in (await store.timeline(scope=here, per_page=100)).items]
    assert "g111_mini/first_treaty" not in [r.key for r in (await store.timeline(scope=there, per_page=100)).items]
    assert (await store.search("old hall", scope=here)).hits[0].source.pack == "g111_mini"
    assert all(h.source.pack == PACK_ID for h in (await store.search("old hall", scope=there)).hits)
    assert "g111_mini/first_treaty" in [r.key for r in await store.complete_events("first tre", scope=here)]
    assert "g111_mini/first_treaty" not in [r.key for r in await store.complete_events("first tre", scope=there)]
    assert [h.key for h in store.complete_people("Lovel", scope=here)] == ["g111_mini/ada_lovelace"]
    assert store.complete_people("Lovel", scope=there) == [] or all(
        not h.key.startswith("g111") for h in store.complete_people("Lovel", scope=there))
    assert [p.source.pack for p in (await store.stats(scope=here)).packs] == ["g111_mini", PACK_ID]
    assert [p.source.pack for p in (await store.stats(scope=there)).packs] == [PACK_ID]


async def test_a_server_can_disable_the_shipped_pack_for_itself_only(store, library):
    await library.set_enabled(GUILD, PACK_ID, False)
    assert (await store.scope_for(GUILD)).packs == frozenset()
    assert (await store.scope_for(OTHER)).packs == {PACK_ID}
    with pytest.raises(NotFound):
        await store.when("38th parallel", scope=await store.scope_for(GUILD))
    listing = await library.listing(GUILD)
    assert [(e.name, e.shipped, e.enabled) for e in listing.entries] == [(PACK_ID, True, False)]
    await library.set_enabled(GUILD, PACK_ID, True)
    assert (await store.when("38th parallel", scope=await store.scope_for(GUILD))).event.key.startswith(PACK_ID)


async def test_the_listing_counts_the_quota_and_orders_enabled_first(store, library):
    await library.add(GUILD, 5, prepared("alpha"), NOW)
    await library.add(GUILD, 5, prepared("beta"), NOW)
    await library.set_enabled(GUILD, "beta", True)
    await library.add(OTHER, 5, prepared("gamma", OTHER), NOW)
    listing = await library.listing(GUILD)
    assert [(e.name, e.enabled) for e in listing.entries] == [(PACK_ID, True), ("beta", True), ("alpha", False)]
    assert listing.used_packs == 2
    assert listing.used_bytes == 2 * prepared().size
    every = await library.listing(None)
    assert {(e.name, e.guild_id) for e in every.entries} == {(PACK_ID, None), ("alpha", GUILD), ("beta", GUILD),
                                                             ("gamma", OTHER)}


async def test_names_clash_with_the_shipped_packs_and_the_servers_own(store, library):
    with pytest.raises(BadInput, match="every server has"):
        await library.add(GUILD, 5, prepared(PACK_ID), NOW)
    await library.add(GUILD, 5, prepared(), NOW)
    with pytest.raises(BadInput, match="already has a pack called"):
        await library.add(GUILD, 5, prepared(), NOW)
    await library.add(OTHER, 5, prepared("mini", OTHER), NOW)  # another server may use the same name
    await library.set_enabled(GUILD, "mini", True)
    changed = prepared(title="A small history, corrected")
    entry = await library.add(GUILD, 5, changed, NOW, replace=True)
    assert (entry.title, entry.enabled) == ("A small history, corrected", True)  # replacing keeps the choice
    assert (await store.when("first treaty", scope=await store.scope_for(GUILD))).event.source.title == (
        "A small history, corrected")


async def test_quotas_refuse_more_packs_and_more_bytes_than_a_server_keeps(store):
    library = PackLibrary(store, Quotas(packs=2, total_bytes=3 * prepared().size - 1))
    await library.add(GUILD, 5, prepared("one"), NOW)
    await library.add(GUILD, 5, prepared("two"), NOW)
    with pytest.raises(BadInput, match="2 packs, the most allowed"):
        await library.add(GUILD, 5, prepared("three"), NOW)
    library = PackLibrary(store, Quotas(packs=5, total_bytes=3 * prepared().size - 1))
    with pytest.raises(BadInput, match="would bring the server's packs to"):
        await library.add(GUILD, 5, prepared("three"), NOW)
    await library.add(OTHER, 5, prepared("three", OTHER), NOW)  # the quota is per server


async def test_uploads_are_rate_limited_per_server_and_one_at_a_time(store):
    library = PackLibrary(store, Quotas(uploads_per_hour=2))
    for minute in (0, 10):
        async with library.uploading(GUILD, NOW + timedelta(minutes=minute)):
            pass
    with pytest.raises(BadInput, match="try again in 41 min"):
        async with library.uploading(GUILD, NOW + timedelta(minutes=20)):
            pass
    async with library.uploading(OTHER, NOW):
        with pytest.raises(UploadBusy):
            async with library.uploading(OTHER, NOW):
                pass
    async with library.uploading(GUILD, NOW + timedelta(minutes=61)):  # the first attempt has aged out
        pass


async def test_a_failure_mid_upload_stores_nothing(store, library, monkeypatch):
    async def broken(conn, pack, guild_id=None):
        await conn.execute("INSERT INTO packs (id, title, citation, document, digest, loaded_at, guild_id) "
                           "VALUES (?, 't', 'c', 'd', 'x', 'now', ?)", (pack.id, guild_id))
        raise RuntimeError("the machine lost power")

    monkeypatch.setattr(storage, "write_pack", broken)
    with pytest.raises(RuntimeError):
        await library.add(GUILD, 5, prepared(), NOW)
    assert await store.db.fetchall("SELECT pack FROM uploads") == []
    assert await store.db.fetchall("SELECT id FROM packs WHERE guild_id IS NOT NULL") == []


async def test_removing_an_upload_removes_its_facts_file_and_choices(store, library):
    await library.add(GUILD, 5, prepared(), NOW)
    await library.set_enabled(GUILD, "mini", True)
    await library.remove(GUILD, "mini")
    assert (await store.scope_for(GUILD)).packs == {PACK_ID}
    for table in ("uploads", "guild_packs"):
        assert await store.db.fetchall(f"SELECT * FROM {table}") == []
    assert await store.db.fetchall("SELECT key FROM events WHERE pack = 'g111_mini'") == []
    with pytest.raises(BadInput, match="can't be removed"):
        await library.remove(GUILD, PACK_ID)
    with pytest.raises(NotFound):
        await library.remove(OTHER, "mini")


async def test_an_upload_survives_a_restart_and_is_seeded_again_for_a_new_loader(db_path, packs: list[Pack]):
    store = await FactStore.open(db_path, packs=packs)
    try:
        library = PackLibrary(store)
        await library.add(GUILD, 5, prepared(), NOW)
        await library.set_enabled(GUILD, "mini", True)
        await store.db.execute("UPDATE packs SET digest = 'made by an older loader' WHERE id = 'g111_mini'")
    finally:
        await store.close()
    store = await FactStore.open(db_path, packs=packs)
    try:
        assert store.seed_report.loaded == ()  # the shipped pack is unchanged…
        row = await store.db.fetchone("SELECT digest FROM packs WHERE id = 'g111_mini'")
        assert row["digest"] == prepared().pack.digest  # …the upload was seeded anew from its stored file
        answer = await store.when("first treaty", scope=await store.scope_for(GUILD))
        assert answer.event.key == "g111_mini/first_treaty"
    finally:
        await store.close()


async def test_an_export_can_be_uploaded_again(store, library):
    await library.add(GUILD, 5, prepared("reading"), NOW)
    export = await library.export(GUILD, "reading")
    assert (export.pack_filename, export.document_filename) == ("reading.yaml", "reading.txt")
    assert "document: reading.txt" in export.pack_yaml
    assert parse_pack(export.pack_yaml, Path("reading.yaml"), export.document).events
    shipped = await library.export(GUILD, PACK_ID)
    assert shipped.pack_filename == "korean_war.yaml"
    assert shipped.document.startswith(shipped.document.lstrip()[:20])
    assert "Korean" in shipped.document


@pytest.mark.parametrize("sql", [
    "SELECT key FROM events e WHERE e.pack IN ('a', 'b') AND e.start BETWEEN '1950' AND '1951' AND e.\"end\" >= '1950'",
    "SELECT key FROM events e WHERE e.pack IN ('a', 'b') AND e.sort_date BETWEEN '1950' AND '1951' "
    "ORDER BY e.sort_date",
    "SELECT key FROM events WHERE pack IN ('a', 'b') AND day_of_year IS NOT NULL AND day_of_year BETWEEN 1 AND 9",
])
async def test_a_servers_query_walks_only_its_own_packs_rows(store, sql):
    plan = " ".join(str(tuple(r)) for r in await store.db.fetchall(f"EXPLAIN QUERY PLAN {sql}"))
    assert "events_pack_" in plan, plan
    assert "pack=?" in plan, plan
