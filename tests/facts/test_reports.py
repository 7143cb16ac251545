"""Reports against real SQLite files: filing, the one-open-report rule, listing with the facts as they are now
(also after a reseed took the fact away), resolving, the open trivia questions of a server, and the text rules."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from facts.db import Database
from facts.errors import BadInput, NotFound
from facts.pack import load_packs
from facts.reports import EVERY_GUILD, AlreadyResolved, FactKind, ReportStorage, Show, Status, Subject, Target
from facts.reports import subjects as of
from facts.reports.models import MAX_OPEN_PER_MEMBER, MAX_TARGETS, MAX_TEXT, clean_text, question_fact
from facts.store import FactStore
from tests.facts.conftest import WritePack, key, mini_pack_data

NOW = datetime(2026, 8, 6, 12, 0, tzinfo=UTC)
GUILD, OTHER_GUILD = 1001, 1002
ALICE, BOB, ADMIN = 11, 12, 99
HIROSHIMA = Target(FactKind.EVENT, key("hiroshima_bomb"), "Atomic bomb dropped on Hiroshima", "August 6, 1945")


@pytest.fixture
def reports(store: FactStore) -> ReportStorage:
    return ReportStorage(store.db)


async def file(reports: ReportStorage, target: Target = HIROSHIMA, *, member: int = ALICE, guild: int | None = GUILD,
               text: str = "The source says August 6.", context: str = "/when", at: datetime = NOW):
    return await reports.file(guild_id=guild, member_id=member, target=target, context=context, text=text, now=at,
                              channel_id=5, message_id=6)


# ------------------------------------------------------------------------------------------------ filing


async def test_a_report_is_stored_with_the_fact_the_member_the_server_and_where_it_came_from(
        reports: ReportStorage, db_path: Path) -> None:
    filed = await file(reports, text="  It was   August 6, not 9.\r\n\r\n\r\n\r\nSee paragraph 3.  ")
    assert not filed.updated
    report = filed.report
    assert (report.guild_id, report.member_id, report.target, report.context) == (GUILD, ALICE, HIROSHIMA, "/when")
    assert (report.channel_id, report.message_id, report.status) == (5, 6, Status.OPEN)
    assert report.text == "It was   August 6, not 9.\n\nSee paragraph 3."
    assert report.created == report.updated == NOW
    assert report.resolved_at is None
    # It is on disk, committed: another connection to the same file sees it.
    with sqlite3.connect(db_path) as other:
        assert other.execute("SELECT fact_key, status FROM reports").fetchall() == [(HIROSHIMA.key, "open")]
    assert await reports.get(report.id) == report


async def test_reporting_the_same_fact_again_updates_the_open_report(reports: ReportStorage) -> None:
    first = (await file(reports, text="wrong date")).report
    again = await file(reports, text="wrong date: it was the 6th", at=NOW + timedelta(hours=1))
    assert again.updated
    assert again.report.id == first.id
    assert again.report.text == "wrong date: it was the 6th"
    assert (again.report.created, again.report.updated) == (NOW, NOW + timedelta(hours=1))
    bob = await file(reports, member=BOB)
    question = await file(reports, replace(HIROSHIMA, question="when:" + HIROSHIMA.key))
    elsewhere = await file(reports, guild=OTHER_GUILD)
    assert len({first.id, bob.report.id, question.report.id, elsewhere.report.id}) == 4
    await reports.resolve(first.id, guild_id=GUILD, by=ADMIN, note=None, now=NOW)
    fresh = await file(reports, text="still wrong")
    assert not fresh.updated, "a resolved report is not reopened: a new one is filed"
    assert fresh.report.id != first.id


async def test_a_member_has_a_bounded_number_of_open_reports_in_a_server(reports: ReportStorage) -> None:
    targets = [Target(FactKind.EVENT, f"pack/e{i}", f"Event {i}") for i in range(MAX_OPEN_PER_MEMBER + 1)]
    for target in targets[:-1]:
        await file(reports, target)
    with pytest.raises(BadInput, match=f"already have {MAX_OPEN_PER_MEMBER} open reports"):
        await file(reports, targets[-1])
    assert (await file(reports, targets[0], text="updated")).updated, "updating an open report is still fine"
    assert not (await file(reports, targets[-1], guild=OTHER_GUILD)).updated, "another server counts apart"
    assert not (await file(reports, targets[-1], member=BOB)).updated, "another member counts apart"
    first = (await reports.reports(GUILD, Show.OPEN, per_page=100))[0][-1]
    await reports.resolve(first.id, guild_id=GUILD, by=ADMIN, note=None, now=NOW)
    assert not (await file(reports, targets[-1])).updated


@pytest.mark.parametrize("text", ["", "   ", "\n\t \r\n", "\x00\x07"])
async def test_blank_text_is_refused_and_nothing_is_stored(reports: ReportStorage, text: str) -> None:
    with pytest.raises(BadInput, match="Say what is wrong"):
        await file(reports, text=text)
    assert await reports.reports(EVERY_GUILD, Show.ALL) == ([], 1, 0)


async def test_a_report_from_a_direct_message_has_no_server(reports: ReportStorage) -> None:
    dm = (await file(reports, guild=None)).report
    assert dm.guild_id is None
    assert (await file(reports, guild=None, text="again")).updated
    assert [r.id for r in (await reports.reports(GUILD, Show.ALL))[0]] == []
    assert [r.id for r in (await reports.reports(None, Show.ALL))[0]] == [dm.id]
    assert [r.id for r in (await reports.reports(EVERY_GUILD, Show.ALL))[0]] == [dm.id]
    with pytest.raises(NotFound, match=f"no report #{dm.id} in this server"):
        await reports.resolve(dm.id, guild_id=GUILD, by=ADMIN, note=None, now=NOW)
    assert (await reports.resolve(dm.id, guild_id=EVERY_GUILD, by=None, note="ok", now=NOW)).report.resolved_by is None


# ------------------------------------------------------------------------------------------------ listing


async def test_a_listing_shows_each_report_with_its_fact_and_quote_as_the_packs_have_them(
        store: FactStore, reports: ReportStorage) -> None:
    person = of.person_target(await store.person_by_key(key("dean_acheson")))
    await file(reports, HIROSHIMA, text="date")
    await file(reports, person, member=BOB, text="role")
    page = await reports.listing(store, GUILD)
    assert (page.page, page.pages, page.total, page.show, page.guild_id) == (1, 1, 2, Show.OPEN, GUILD)
    acheson, hiroshima = page.items  # newest first
    assert hiroshima.present
    assert (hiroshima.title, hiroshima.when) == ("Atomic bomb dropped on Hiroshima", "August 6, 1945")
    assert hiroshima.quote is not None
    assert "Hiroshima" in hiroshima.quote.text
    assert acheson.present
    assert acheson.title == "Dean Acheson"
    assert acheson.when is None
    assert acheson.detail
    assert acheson.quote is not None


async def test_listings_page_newest_first_and_filter_by_status(store: FactStore, reports: ReportStorage) -> None:
    ids = [(await file(reports, Target(FactKind.EVENT, f"pack/e{i}", f"Event {i}"), member=i)).report.id
           for i in range(12)]
    page = await reports.listing(store, GUILD, page=1, per_page=5)
    assert [i.report.id for i in page.items] == ids[::-1][:5]
    assert (page.pages, page.total) == (3, 12)
    last = await reports.listing(store, GUILD, page=99, per_page=5)
    assert (last.page, [i.report.id for i in last.items]) == (3, ids[:2][::-1])
    assert not last.items[0].present, "facts that are not in the packs are listed all the same"
    await reports.resolve(ids[0], guild_id=GUILD, by=ADMIN, note="fixed", now=NOW)
    assert (await reports.listing(store, GUILD, Show.OPEN)).total == 11
    resolved = await reports.listing(store, GUILD, Show.RESOLVED)
    assert [i.report.id for i in resolved.items] == [ids[0]]
    assert (await reports.listing(store, GUILD, Show.ALL)).total == 12
    assert (await reports.listing(store, OTHER_GUILD, Show.ALL)).total == 0
    empty = await reports.listing(store, OTHER_GUILD)
    assert (empty.page, empty.pages, empty.items) == (1, 1, ())


async def test_reports_survive_their_pack_being_reseeded_without_the_fact(write_pack: WritePack,
                                                                         tmp_path: Path) -> None:
    path = tmp_path / "reseed.db"
    pack_file = write_pack()
    store = await FactStore.open(path, packs=load_packs([pack_file]))
    try:
        reports = ReportStorage(store.db)
        event = of.event_target(await store.event("mini/first_treaty"))
        person = of.person_target(await store.person_by_key("mini/ada_lovelace"))
        await file(reports, event, text="not March 3")
        await file(reports, person, member=BOB, text="not a scribe")
    finally:
        await store.close()

    data = mini_pack_data()
    data["events"] = [e for e in data["events"] if e["id"] != "first_treaty"]
    data["people"] = [p for p in data["people"] if p["id"] != "ada_lovelace"]
    data["events"][0]["people"] = ["bob_stone"]
    store = await FactStore.open(path, packs=load_packs([write_pack(data)]))
    try:
        assert store.seed_report.loaded == ("mini",), "the changed pack replaced its facts"
        page = await ReportStorage(store.db).listing(store, GUILD)
        assert page.total == 2
        for item in page.items:
            assert not item.present
            assert item.quote is None
        titles = {i.title: i.when for i in page.items}
        assert titles == {"The first treaty is signed": "March 3, 1901", "Ada Lovelace": None}, "as shown then"
    finally:
        await store.close()

    store = await FactStore.open(path, packs=load_packs([write_pack()]))
    try:
        page = await ReportStorage(store.db).listing(store, GUILD)
        assert all(item.present for item in page.items), "back in the packs, back with its quote"
    finally:
        await store.close()


# ---------------------------------------------------------------------------------------------- resolving


async def test_resolving_records_who_when_and_the_note_once(reports: ReportStorage) -> None:
    report = (await file(reports)).report
    later = NOW + timedelta(days=1)
    done = await reports.resolve(report.id, guild_id=GUILD, by=ADMIN, note="  Fixed in the pack.  ", now=later)
    assert not done.question_back
    assert (done.report.status, done.report.resolved_by, done.report.resolved_at) == (Status.RESOLVED, ADMIN, later)
    assert done.report.resolution == "Fixed in the pack."
    with pytest.raises(AlreadyResolved) as again:
        await reports.resolve(report.id, guild_id=GUILD, by=BOB, note="x", now=later)
    assert again.value.report.resolved_by == ADMIN
    with pytest.raises(NotFound, match="no report #999"):
        await reports.resolve(999, guild_id=GUILD, by=ADMIN, note=None, now=NOW)
    other = (await file(reports, guild=OTHER_GUILD)).report
    with pytest.raises(NotFound, match="in this server"):
        await reports.resolve(other.id, guild_id=GUILD, by=ADMIN, note=None, now=NOW)
    blank = await reports.resolve(other.id, guild_id=OTHER_GUILD, by=ADMIN, note="   ", now=NOW)
    assert blank.report.resolution is None


async def test_a_reported_question_is_open_in_its_server_until_every_report_of_it_is_resolved(
        reports: ReportStorage) -> None:
    question = "when:" + HIROSHIMA.key
    target = replace(HIROSHIMA, question=question)
    assert await reports.open_questions(GUILD) == frozenset()
    first = (await file(reports, target, context="trivia")).report
    second = (await file(reports, target, member=BOB, context="trivia")).report
    await file(reports, HIROSHIMA)  # the same fact reported from /when is no question report
    assert await reports.open_questions(GUILD) == {question}
    assert await reports.open_questions(OTHER_GUILD) == frozenset()
    assert not (await reports.resolve(first.id, guild_id=GUILD, by=ADMIN, note=None, now=NOW)).question_back
    assert await reports.open_questions(GUILD) == {question}
    assert (await reports.resolve(second.id, guild_id=GUILD, by=ADMIN, note=None, now=NOW)).question_back
    assert await reports.open_questions(GUILD) == frozenset()


async def test_open_reports_are_found_by_number_fact_or_text(reports: ReportStorage) -> None:
    a = (await file(reports, text="100% wrong")).report
    b = (await file(reports, Target(FactKind.EVENT, "pack/x", "Rusk picks_a line"), text="hmm")).report
    assert [r.id for r in await reports.search_open(GUILD, "")] == [b.id, a.id]
    assert [r.id for r in await reports.search_open(GUILD, f"#{a.id}")] == [a.id]
    assert [r.id for r in await reports.search_open(GUILD, "hiroshima")] == [a.id]
    assert [r.id for r in await reports.search_open(GUILD, "100%")] == [a.id]
    assert [r.id for r in await reports.search_open(GUILD, "s_a")] == [b.id], "LIKE wildcards are literal"
    assert [r.id for r in await reports.search_open(GUILD, "%")] == [a.id], "only the text with a % sign"
    assert [r.id for r in await reports.search_open(GUILD, "_")] == [b.id]
    assert await reports.search_open(OTHER_GUILD, "") == []


# ----------------------------------------------------------------------------------------------- subjects


async def test_a_subject_is_stored_once_under_a_token_derived_from_it(reports: ReportStorage, db_path: Path) -> None:
    subject = Subject("/date", (HIROSHIMA, Target(FactKind.PERSON, key("harry_truman"), "Harry S. Truman")))
    token = await reports.remember(subject, NOW)
    assert len(token) == 16
    assert await ReportStorage(reports.db).remember(subject, NOW) == token, "a fresh process agrees"
    assert await reports.subject(token) == subject
    assert await reports.subject("0" * 16) is None
    other = Subject("/when", subject.targets)
    assert other.token != token, "the context is part of the subject"
    await reports.flush()
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM report_subjects").fetchone() == (1,)


async def test_a_subject_is_readable_at_once_while_its_write_is_still_queued(reports: ReportStorage) -> None:
    subject = Subject("/timeline", (HIROSHIMA, Target(FactKind.PERSON, key("harry_truman"), "Harry S. Truman")))
    token = await reports.remember(subject, NOW)  # returns before the row is written
    assert token in reports._pending or await reports.subject(token) == subject
    assert await reports.subject(token) == subject
    assert reports._pending == {}


def test_a_subject_offers_at_most_25_facts() -> None:
    many = tuple(Target(FactKind.EVENT, f"p/e{i}", "Ж" * 300) for i in range(40))
    subject = Subject("/date", many)
    assert subject.targets == many[:MAX_TARGETS]
    assert Subject.from_json("/date", subject.targets_json()) == subject


async def test_each_answer_offers_the_facts_it_shows(store: FactStore) -> None:
    when = of.of_when(await store.when("38th parallel"))
    assert when.context == "/when"
    assert when.targets[0].key == key("north_korean_invasion")
    assert len(when.targets) > 1
    assert all(t.kind is FactKind.EVENT and t.when for t in when.targets)
    person = of.of_person(await store.person("Acheson"))
    assert person.targets[0] == Target(FactKind.PERSON, key("dean_acheson"), "Dean Acheson")
    assert [t.kind for t in person.targets[1:]] == [FactKind.EVENT] * (len(person.targets) - 1)
    search = of.of_search(await store.search("Security Council"))
    assert {t.kind for t in search.targets} == {FactKind.EVENT, FactKind.PERSON}, "sentences are not facts"
    assert len(of.of_timeline(await store.timeline(per_page=10)).targets) == 10


async def test_a_question_is_reported_with_the_fact_it_is_about(store: FactStore) -> None:
    when = await of.question_target(store, "when:" + key("hiroshima_bomb"))
    assert when == Target(FactKind.EVENT, key("hiroshima_bomb"), "Atomic bomb dropped on Hiroshima",
                          "August 6, 1945", "when:" + key("hiroshima_bomb"))
    figure = await of.question_target(store, f"figure:{key('soviet_invasion_of_manchuria')}#1")
    assert figure is not None
    assert (figure.kind, figure.key) == (FactKind.EVENT, key("soviet_invasion_of_manchuria"))
    who = await of.question_target(store, "who:" + key("dean_acheson"))
    assert who is not None
    assert (who.kind, who.title) == (FactKind.PERSON, "Dean Acheson")
    assert await of.question_target(store, "when:" + key("no_such_event")) is None
    assert await of.question_target(store, "nonsense") is None
    assert (await of.of_question(store, "when:nope/x")).targets == ()


@pytest.mark.parametrize(("key_", "expected"), [
    ("when:korean_war/hiroshima_bomb", ("when", "korean_war/hiroshima_bomb")),
    ("figure:korean_war/manchuria#12", ("figure", "korean_war/manchuria")),
    ("who:pack/a#b", ("who", "pack/a#b")),
    ("no colon", None),
])
def test_question_keys_name_their_fact(key_: str, expected: tuple[str, str] | None) -> None:
    assert question_fact(key_) == expected


# ---------------------------------------------------------------------------------------------- the text


@pytest.mark.parametrize(("raw", "expected"), [
    ("  plain  ", "plain"),
    ("@everyone the date is wrong <@123>", "@everyone the date is wrong <@123>"),
    ("부산 (Pusan) — «juin» 🇰🇷", "부산 (Pusan) — «juin» 🇰🇷"),
    ("e\u0301te\u0301", "\u00e9t\u00e9"),  # NFC
    ("a\x00b\x1bc\td", "abc d"),
    ("one\r\ntwo\rthree", "one\ntwo\nthree"),
    ("x" * 2000, "x" * MAX_TEXT),
    ("**bold** `code`", "**bold** `code`"),
])
def test_the_members_text_is_kept_as_typed_within_bounds(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


def test_a_note_may_be_empty() -> None:
    assert clean_text("  \n ", required=False) == ""
    with pytest.raises(BadInput):
        clean_text(None)


async def test_the_schema_refuses_text_beyond_the_bounds(db_path: Path) -> None:
    db = await Database.open(db_path)
    try:
        row = ("event", "k", "t", "/when", 1, 1)
        sql = ("INSERT INTO reports (fact_kind, fact_key, fact_title, context, member_id, created_utc, updated_utc, "
               "text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        for text in ("", "x" * (MAX_TEXT + 1)):
            with pytest.raises(sqlite3.IntegrityError):
                await db.execute(sql, (*row[:5], 1, 1, text))
        with pytest.raises(sqlite3.IntegrityError):  # resolved needs a time
            await db.execute(sql.replace("text)", "text, status)").replace("?)", "?, ?)"),
                             (*row[:5], 1, 1, "ok", "resolved"))
    finally:
        await db.close()
