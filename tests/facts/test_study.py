"""Study mode's domain against a real SQLite file: the queue, FSRS intervals, ratings counted once, trivia
feeding the queue, the daily new-card limit, suspension when a pack changes, the review log, stats, reminders
and the 30 days kept after leaving. Time comes from an injected clock (plain datetimes)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

from facts.pack import Pack
from facts.scope import Scope
from facts.seed import seed
from facts.store import FactStore
from facts.study.cards import CardKey, CardKind, card_of
from facts.study.schedule import Rating, State, interval_text, preview
from facts.study.stats import stats, streak
from facts.study.storage import AlreadyRated, NothingDue, Rated, StudyCard, StudyStorage

GUILD, MEMBER, OTHER = 10, 1, 2
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
async def study(store: FactStore) -> StudyStorage:
    return StudyStorage(store.db, store)


async def next_card(study: StudyStorage, now: datetime = T0, member: int = MEMBER) -> StudyCard:
    found = await study.next_card(GUILD, member, now, study.store.public)
    assert isinstance(found, StudyCard), found
    return found


async def rate(study: StudyStorage, card: StudyCard, rating: Rating, now: datetime,
               member: int = MEMBER) -> Rated:
    result = await study.rate(GUILD, member, card.id, reps=card.reps, rating=rating, now=now)
    assert isinstance(result, Rated), result
    return result


async def test_new_cards_come_in_the_packs_order_and_show_the_fact(study: StudyStorage) -> None:
    first = await next_card(study)
    assert first.new
    assert first.key == (await study.offer(study.store.public)).new[0]
    assert first.card.answer
    assert first.card.source
    assert first.card.quote is not None  # the sentence the answer rests on


async def test_good_moves_a_card_days_ahead_and_again_brings_it_back_in_the_sitting(study: StudyStorage) -> None:
    card = await next_card(study)
    good = await rate(study, card, Rating.GOOD, T0)
    assert good.memory.state is State.REVIEW
    assert good.memory.due - T0 >= timedelta(days=1)
    card2 = await next_card(study)
    assert card2.id != card.id  # the first card is no longer due
    again = await rate(study, card2, Rating.AGAIN, T0)
    assert again.memory.due - T0 == timedelta(minutes=10)


async def test_intervals_grow_with_good_and_shrink_with_again(study: StudyStorage) -> None:
    card = await next_card(study)
    now, gaps = T0, []
    memory = (await rate(study, card, Rating.GOOD, now)).memory
    for _ in range(3):
        gaps.append(memory.due - now)
        now = memory.due
        card = await next_card(study, now)
        memory = (await rate(study, card, Rating.GOOD, now)).memory
    assert gaps == sorted(gaps), gaps
    assert gaps[0] < gaps[-1], gaps
    before = memory.due - now
    now = memory.due
    lapsed = (await rate(study, await next_card(study, now), Rating.AGAIN, now)).memory
    assert lapsed.due - now < before
    assert lapsed.state is State.RELEARNING


async def test_the_buttons_preview_the_intervals_the_ratings_give(study: StudyStorage) -> None:
    card = await next_card(study)
    shown = preview(card.memory, T0)
    assert [interval_text(shown[r]) for r in Rating] == ["10m", "15m", "2d", "8d"]
    rated = await rate(study, card, Rating.GOOD, T0)
    assert rated.memory.due - T0 == shown[Rating.GOOD]


async def test_a_rating_counts_once_however_often_its_button_is_pressed(study: StudyStorage) -> None:
    card = await next_card(study)
    results = await asyncio.gather(*(study.rate(GUILD, MEMBER, card.id, reps=card.reps, rating=Rating.GOOD, now=T0)
                                     for _ in range(5)))
    assert sum(isinstance(r, Rated) for r in results) == 1
    assert sum(isinstance(r, AlreadyRated) for r in results) == 4
    reviews = await study.db.fetchone("SELECT count(*) FROM study_reviews WHERE card_id = ?", (card.id,))
    assert reviews is not None
    assert reviews[0] == 1


async def test_two_sessions_of_one_member_share_one_queue(study: StudyStorage) -> None:
    one, two = await asyncio.gather(next_card(study), next_card(study))
    # Both sessions may show a new card; neither introduces the same card twice.
    rows = await study.db.fetchall("SELECT card_key FROM study_cards WHERE member_id = ?", (MEMBER,))
    assert len(rows) == len({r["card_key"] for r in rows})
    first = await study.rate(GUILD, MEMBER, one.id, reps=one.reps, rating=Rating.GOOD, now=T0)
    second = await study.rate(GUILD, MEMBER, two.id, reps=two.reps, rating=Rating.EASY, now=T0)
    assert isinstance(first, Rated)
    assert isinstance(second, Rated) == (one.id != two.id)


async def test_the_daily_new_card_limit(study: StudyStorage) -> None:
    await study.set_new_per_day(GUILD, MEMBER, 3)
    for _ in range(3):
        await rate(study, await next_card(study), Rating.GOOD, T0)
    nothing = await study.next_card(GUILD, MEMBER, T0, study.store.public)
    assert isinstance(nothing, NothingDue)
    assert nothing.new_left == 0
    assert nothing.next_due is not None
    assert nothing.next_due > T0
    tomorrow = T0 + timedelta(days=1)  # the limit is per day: new cards come again
    assert (await next_card(study, tomorrow)).new


async def test_the_limit_counts_the_members_own_day(study: StudyStorage) -> None:
    await study.set_new_per_day(GUILD, MEMBER, 1)
    await study.set_zone(GUILD, MEMBER, "Pacific/Auckland")  # UTC+13 in March
    late = datetime(2026, 3, 2, 10, 30, tzinfo=UTC)  # 23:30 in Auckland
    await rate(study, await next_card(study, late), Rating.GOOD, late)
    assert isinstance(await study.next_card(GUILD, MEMBER, late, study.store.public), NothingDue)
    after_midnight = late + timedelta(hours=1)  # 00:30 the next day there, still March 2 in UTC
    assert (await next_card(study, after_midnight)).new


async def test_a_trivia_miss_makes_the_card_due_now_and_a_right_answer_is_a_good_review(
        study: StudyStorage) -> None:
    question = f"when:{(await study.offer(study.store.public)).new[5].fact}"
    await study.from_trivia(GUILD, question, right=[OTHER], missed=[MEMBER], now=T0)
    due = await next_card(study, T0)
    assert str(due.key) == question
    assert due.new  # started by the miss, never rated
    other = await study.db.fetchone("SELECT reps, due_utc FROM study_cards WHERE member_id = ?", (OTHER,))
    assert other is not None
    assert other["reps"] == 1
    assert other["due_utc"] > int(T0.timestamp()) + 86400
    log = await study.db.fetchall("SELECT member_id, rating, source FROM study_reviews")
    assert [(r["member_id"], r["rating"], r["source"]) for r in log] == [(OTHER, 3, "trivia")]


async def test_a_trivia_miss_on_a_card_in_review_brings_it_forward(study: StudyStorage) -> None:
    card = await next_card(study)
    await rate(study, card, Rating.GOOD, T0)
    later = T0 + timedelta(hours=1)
    await study.from_trivia(GUILD, str(card.key), right=[], missed=[MEMBER], now=later)
    assert (await next_card(study, later)).id == card.id


async def test_which_came_first_feeds_the_events_when_card(study: StudyStorage) -> None:
    fact = (await study.offer(study.store.public)).new[0].fact
    await study.from_trivia(GUILD, f"first:{fact}", right=[], missed=[MEMBER], now=T0)
    assert str((await next_card(study)).key) == f"when:{fact}"


async def test_a_card_whose_fact_is_gone_is_suspended_not_deleted(store: FactStore, packs: list[Pack],
                                                                  study: StudyStorage) -> None:
    card = await next_card(study)
    await rate(study, card, Rating.AGAIN, T0)
    fact_id = card.key.fact.partition("/")[2]
    pack = packs[0]
    gone = {fact_id} | {e.id for e in pack.events if e.anchor == fact_id}  # and what is dated from it
    changed = replace(pack, events=tuple(e for e in pack.events if e.id not in gone), digest="edited")
    await seed(store.db, [changed])
    await store.refresh()
    assert await study.sync(GUILD, MEMBER, store.public) == 1
    later = T0 + timedelta(hours=1)
    assert (await next_card(study, later)).id != card.id
    row = await study.db.fetchone("SELECT suspended, reps FROM study_cards WHERE id = ?", (card.id,))
    assert row is not None
    assert (row["suspended"], row["reps"]) == (1, 1)
    await seed(store.db, [pack])  # the fact is back: so is the card
    await store.refresh()
    assert await study.sync(GUILD, MEMBER, store.public) == 0
    assert (await next_card(study, later)).id == card.id


async def test_a_disabled_pack_suspends_its_cards(study: StudyStorage) -> None:
    card = await next_card(study)
    await rate(study, card, Rating.GOOD, T0)
    assert await study.sync(GUILD, MEMBER, Scope(frozenset())) == 1
    nothing = await study.next_card(GUILD, MEMBER, T0 + timedelta(days=30), Scope(frozenset()))
    assert isinstance(nothing, NothingDue)
    assert nothing.next_due is None


async def test_the_review_log_is_appended_in_order(study: StudyStorage) -> None:
    card = await next_card(study)
    now = T0
    for rating in (Rating.AGAIN, Rating.HARD, Rating.GOOD):
        result = await rate(study, await next_card(study, now), rating, now)
        now = result.memory.due
    rows = await study.db.fetchall("SELECT rating, state_before, reviewed_utc FROM study_reviews "
                                   "WHERE card_id = ? ORDER BY id", (card.id,))
    assert [r["rating"] for r in rows] == [1, 2, 3]
    assert [r["reviewed_utc"] for r in rows] == sorted(r["reviewed_utc"] for r in rows)


async def test_a_rating_survives_reopening_the_database(study: StudyStorage, db_path: Path,
                                                        packs: list[Pack]) -> None:
    card = await next_card(study)
    await rate(study, card, Rating.EASY, T0)
    await study.store.close()
    reopened = await FactStore.open(db_path, packs=packs)
    try:
        row = await reopened.db.fetchone("SELECT reps, state FROM study_cards WHERE id = ?", (card.id,))
        assert row is not None
        assert (row["reps"], row["state"]) == (1, 2)
    finally:
        await reopened.close()


async def test_stats_count_reviews_retention_streak_and_the_hardest_facts(study: StudyStorage) -> None:
    now = T0
    for day in range(3):  # a review on three days running
        now = T0 + timedelta(days=day)
        card = await next_card(study, now)
        await rate(study, card, Rating.AGAIN if day == 2 else Rating.GOOD, now)
    shown = await stats(study, GUILD, MEMBER, now)
    assert shown.reviewed_today == 1
    assert shown.reviewed_recent == 3
    assert shown.streak == 3
    assert shown.cards == 2  # day 1 met a new card; day 2 the first one again, due after its 2 days
    assert shown.retention == 0.0  # the one review of a card in review was Again
    assert shown.due_today == 1  # the card rated Again
    assert shown.hardest


def test_a_streak_may_end_yesterday_and_breaks_on_a_missed_day() -> None:
    d = T0.date()
    assert streak({d, d - timedelta(days=1)}, d) == 2
    assert streak({d - timedelta(days=1), d - timedelta(days=2)}, d) == 2
    assert streak({d - timedelta(days=2)}, d) == 0


async def test_reminders_are_due_at_the_members_local_time_once_a_day(study: StudyStorage) -> None:
    card = await next_card(study)
    await rate(study, card, Rating.AGAIN, T0)
    # 19:00 in New York (UTC-5 on March 2; DST starts March 8)
    await study.set_reminder(GUILD, MEMBER, time(19, 0), "America/New_York", T0)
    assert await study.reminders_due(datetime(2026, 3, 2, 23, 59, tzinfo=UTC)) == []
    due = await study.reminders_due(datetime(2026, 3, 3, 0, 1, tzinfo=UTC))
    assert [(r.member_id, r.due, r.day.isoformat()) for r in due] == [(MEMBER, 1, "2026-03-02")]
    await study.reminded(due[0])
    assert await study.reminders_due(datetime(2026, 3, 3, 0, 2, tzinfo=UTC)) == []
    # after the clocks go forward, 19:00 is 23:00 UTC
    assert await study.reminders_due(datetime(2026, 3, 9, 22, 59, tzinfo=UTC)) == []
    assert len(await study.reminders_due(datetime(2026, 3, 9, 23, 0, tzinfo=UTC))) == 1


async def test_closed_dms_turn_reminders_off_with_a_note(study: StudyStorage) -> None:
    await study.set_reminder(GUILD, MEMBER, time(8, 0), "UTC", T0)
    await study.reminder_failed(GUILD, MEMBER, "your DMs are closed")
    settings = await study.settings(GUILD, MEMBER)
    assert settings.remind_time is None
    assert settings.remind_note == "your DMs are closed"


async def test_a_member_who_left_is_kept_30_days_then_purged(study: StudyStorage) -> None:
    await rate(study, await next_card(study), Rating.GOOD, T0)
    await rate(study, await next_card(study, member=OTHER), Rating.GOOD, T0, member=OTHER)
    await study.left(GUILD, [MEMBER], T0)
    assert await study.purge(T0 + timedelta(days=29)) == 0
    assert await study.purge(T0 + timedelta(days=31)) == 1
    left = await study.db.fetchall("SELECT DISTINCT member_id FROM study_cards")
    assert [r["member_id"] for r in left] == [OTHER]
    reviews = await study.db.fetchone("SELECT count(*) FROM study_reviews WHERE member_id = ?", (MEMBER,))
    assert reviews is not None
    assert reviews[0] == 0


async def test_a_member_who_comes_back_within_30_days_keeps_everything(study: StudyStorage) -> None:
    await rate(study, await next_card(study), Rating.GOOD, T0)
    await study.left(GUILD, None, T0)  # the bot was removed from the server
    await study.seen(GUILD, MEMBER)
    assert await study.purge(T0 + timedelta(days=60)) == 0


async def test_every_card_the_shipped_pack_offers_can_be_shown(study: StudyStorage) -> None:
    offer = await study.offer(study.store.public)
    kinds = {k.kind for k in offer.new}
    assert kinds == {CardKind.WHEN, CardKind.WHO, CardKind.FIGURE}
    for card_key in offer.new:
        card = await card_of(study.store, card_key)
        assert card is not None, card_key
        assert card.question.endswith("?")
        assert card.answer


@pytest.mark.parametrize("text", ["when:korean_war", "nonsense", "who:", "era:korean_war/yalta"])
def test_bad_card_keys_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a card key"):
        CardKey.parse(text)


def test_a_figure_key_without_a_number_names_no_figure() -> None:
    assert CardKey.parse("figure:korean_war/x#y") == CardKey(CardKind.FIGURE, "korean_war/x", None)
    assert CardKey.parse("figure:korean_war/x#2") == CardKey(CardKind.FIGURE, "korean_war/x", 2)


async def test_a_hundred_members_studying_at_once_each_rating_counted_once(study: StudyStorage) -> None:
    members = range(100, 200)

    async def one(member: int) -> list[Rated | AlreadyRated]:
        card = await next_card(study, member=member)
        # each member presses Good twice at once
        return list(await asyncio.gather(*(study.rate(GUILD, member, card.id, reps=card.reps, rating=Rating.GOOD,
                                                      now=T0) for _ in range(2))))

    results = [r for rs in await asyncio.gather(*(one(m) for m in members)) for r in rs]
    assert sum(isinstance(r, Rated) for r in results) == 100
    log = await study.db.fetchall("SELECT member_id, count(*) AS n FROM study_reviews GROUP BY member_id")
    assert {r["member_id"]: r["n"] for r in log} == dict.fromkeys(members, 1)


async def test_cards_are_checked_again_only_when_the_servers_packs_change(store: FactStore, packs: list[Pack],
                                                                          study: StudyStorage) -> None:
    card = await next_card(study)
    assert await study.sync(GUILD, MEMBER, store.public) == 0
    await study.db.execute("UPDATE study_cards SET suspended = 1 WHERE id = ?", (card.id,))  # a stale mark
    restarted = StudyStorage(store.db, store)  # a new process: same packs, nothing to check
    assert await restarted.sync(GUILD, MEMBER, store.public) == 1
    await seed(store.db, [replace(packs[0], digest="edited")])  # the packs change: every card is checked
    await store.refresh()
    assert await restarted.sync(GUILD, MEMBER, store.public) == 0
