"""What /study stats shows of a member: what is due, what they reviewed, how much they recall, their streak, the
facts they find hardest, and their reminder. Days are the member's own (their reminder's time zone, else UTC).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from facts.study.cards import Card, CardKey, card_of
from facts.study.storage import Settings, StudyStorage, unix, utc

HARDEST = 3
RECENT_DAYS = 30


@dataclass(frozen=True, slots=True)
class Hard:
    card: Card
    lapses: int
    difficulty: float | None


@dataclass(frozen=True, slots=True)
class StudyStats:
    member_id: int
    cards: int  # in this server, suspended ones included
    suspended: int
    due_now: int
    due_today: int  # by the end of the member's day
    reviewed_today: int
    reviewed_recent: int  # in the last 30 days
    retention: float | None  # share of the last 30 days' reviews of cards in review not rated Again
    streak: int  # days in a row, up to today (or yesterday), with a review
    next_due: datetime | None
    hardest: tuple[Hard, ...]
    settings: Settings
    today: date


async def stats(storage: StudyStorage, guild_id: int, member_id: int, now: datetime) -> StudyStats:
    settings = await storage.settings(guild_id, member_id)
    zone = settings.zone
    today = now.astimezone(zone).date()
    midnight = datetime.combine(today, time(), zone)
    tomorrow = datetime.combine(today + timedelta(days=1), time(), zone)
    db, params = storage.db, {"g": guild_id, "m": member_id}
    counts = await db.fetchone(
        "SELECT count(*) AS cards, coalesce(sum(suspended), 0) AS suspended, "
        "coalesce(sum(suspended = 0 AND due_utc <= :now), 0) AS due_now, "
        "coalesce(sum(suspended = 0 AND due_utc < :tomorrow), 0) AS due_today, "
        "min(CASE WHEN suspended = 0 THEN due_utc END) AS next_due "
        "FROM study_cards WHERE guild_id = :g AND member_id = :m",
        {**params, "now": unix(now), "tomorrow": unix(tomorrow)})
    assert counts is not None
    reviews = await db.fetchone(
        "SELECT coalesce(sum(reviewed_utc >= :midnight), 0) AS today, count(*) AS recent, "
        "coalesce(sum(state_before = 2), 0) AS mature, coalesce(sum(state_before = 2 AND rating > 1), 0) AS kept "
        "FROM study_reviews WHERE guild_id = :g AND member_id = :m AND reviewed_utc >= :since",
        {**params, "midnight": unix(midnight), "since": unix(now - timedelta(days=RECENT_DAYS))})
    assert reviews is not None
    days = await db.fetchall(
        "SELECT reviewed_utc FROM study_reviews WHERE guild_id = :g AND member_id = :m AND reviewed_utc >= :since "
        "ORDER BY reviewed_utc DESC", {**params, "since": unix(now - timedelta(days=400))})
    hard_rows = await db.fetchall(
        "SELECT card_key, lapses, difficulty FROM study_cards WHERE guild_id = :g AND member_id = :m "
        "AND suspended = 0 AND reps > 0 AND (lapses > 0 OR difficulty IS NOT NULL) "
        "ORDER BY lapses DESC, difficulty DESC, id LIMIT :n", {**params, "n": HARDEST * 2})
    hardest: list[Hard] = []
    for row in hard_rows:
        card = await card_of(storage.store, CardKey.parse(row["card_key"]))
        if card is not None and len(hardest) < HARDEST:
            hardest.append(Hard(card, row["lapses"], row["difficulty"]))
    mature = reviews["mature"]
    return StudyStats(
        member_id=member_id, cards=counts["cards"], suspended=counts["suspended"], due_now=counts["due_now"],
        due_today=counts["due_today"], reviewed_today=reviews["today"], reviewed_recent=reviews["recent"],
        retention=reviews["kept"] / mature if mature else None,
        streak=streak({utc(r["reviewed_utc"]).astimezone(zone).date() for r in days}, today),
        next_due=utc(counts["next_due"]) if counts["next_due"] is not None else None,
        hardest=tuple(hardest), settings=settings, today=today)


def streak(days: set[date], today: date) -> int:
    """Days in a row with a review, ending today, or yesterday when today has none yet."""
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count
