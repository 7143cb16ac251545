"""When a daily post is due: pure functions of a wall-clock time, an IANA zone and an injected "now".

Rules (see the tests in ``tests/facts/test_daily_schedule.py``):

* A post belongs to a *local date*; it is due at ``post_time`` on that date in the schedule's zone.
* DST gap (spring forward): a time that does not exist that day is due at the first valid instant
  after the gap (02:30 on a day that jumps 02:00 → 03:00 is due at 03:00), so the day still gets one post.
* DST overlap (fall back): a time that happens twice is due at its first occurrence (``fold=0``).
* Setting a time that already passed today makes the first post tomorrow.
* After downtime the post for *today* is still made (catch-up); earlier days are never backfilled.
* Transient failures retry with exponential back-off, but only within the same local date.
* A claimed post is confirmed when its message is known; unconfirmed after :data:`CLAIM_LEASE` (a crash
  between claim and send), it is sent again the same local day, with the same nonce.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from facts.errors import BadInput

TIME_EXAMPLE = "time:08:00"
CLAIM_LEASE = timedelta(minutes=2)  # a claimed post unconfirmed this long is taken over (its sender crashed)
RETRY_FIRST = timedelta(minutes=1)
RETRY_MAX = timedelta(hours=1)
MAX_ATTEMPTS = 8
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


def parse_time(text: str) -> time:
    """"08:00" or "8:00" → 08:00; anything else is a :class:`BadInput` that shows the form."""
    m = _TIME.match(text.strip())
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        shown = text.strip()[:20] or "nothing"
        raise BadInput(f"“{shown}” is not a time. Give it as HH:MM on a 24-hour clock, e.g. 08:00 or 18:30.",
                       TIME_EXAMPLE)
    return time(int(m.group(1)), int(m.group(2)))


def format_time(at: time) -> str:
    return f"{at.hour:02d}:{at.minute:02d}"


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def due_at(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of ``at`` on local ``day``: the first occurrence in an overlap, the end of a gap."""
    wall = datetime.combine(day, at)
    first = _utc(wall.replace(tzinfo=zone, fold=0))
    if first.astimezone(zone).replace(tzinfo=None) == wall:
        return first  # exists (and, if it happens twice, this is the first time)
    # In a gap: fold=1 reads the wall time with the offset after the jump, fold=0 with the one before,
    # so the transition lies between the two instants. Find it to the second.
    low, high = _utc(wall.replace(tzinfo=zone, fold=1)), first
    low, high = min(low, high), max(low, high)
    after = high.astimezone(zone).utcoffset()
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if middle.astimezone(zone).utcoffset() == after:
            high = middle
        else:
            low = middle
    return high.replace(microsecond=0)


def local_date(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


@dataclass(frozen=True, slots=True)
class Due:
    """The next post: the local ``day`` it is for and the UTC instant it is due."""

    day: date
    at_utc: datetime


def first_due(now: datetime, at: time, zone: ZoneInfo, last_posted: date | None) -> Due:
    """The next post after ``set``: today if its time is still ahead and today has no post yet, else tomorrow."""
    day = local_date(now, zone)
    if last_posted is not None and last_posted >= day:
        day = last_posted + timedelta(days=1)
    due = due_at(day, at, zone)
    if due <= now and day == local_date(now, zone):
        day += timedelta(days=1)
        due = due_at(day, at, zone)
    return Due(day, due)


def following_due(day: date, at: time, zone: ZoneInfo) -> Due:
    """The post after the one for ``day``."""
    nxt = day + timedelta(days=1)
    return Due(nxt, due_at(nxt, at, zone))


@dataclass(frozen=True, slots=True)
class PostToday:
    """Post now, for local ``day``."""

    day: date


@dataclass(frozen=True, slots=True)
class Reschedule:
    """Nothing to post now: the schedule's next post is ``due`` (a skipped stale day, or already posted)."""

    due: Due


def plan(now: datetime, at: time, zone: ZoneInfo, due_day: date, last_posted: date | None) -> PostToday | Reschedule:
    """What to do with a schedule whose due instant has come: post for today, or move on without backfill."""
    today = local_date(now, zone)
    if last_posted is not None and last_posted >= today:
        return Reschedule(following_due(last_posted, at, zone))
    if due_day > today:  # the clock went back since this was computed: wait for that day
        return Reschedule(Due(due_day, due_at(due_day, at, zone)))
    todays = due_at(today, at, zone)
    if due_day == today or todays <= now:
        return PostToday(today)  # on time, a retry, or a same-day catch-up after downtime
    return Reschedule(Due(today, todays))  # an earlier day was missed: skip it, post today on time


def retry_at(now: datetime, attempts: int, day: date, zone: ZoneInfo) -> datetime | None:
    """When to retry after ``attempts`` transient failures for ``day``; None when it would leave that day."""
    if attempts >= MAX_ATTEMPTS:
        return None
    delay = min(RETRY_FIRST * 2 ** max(attempts - 1, 0), RETRY_MAX)
    when = (now + delay).replace(microsecond=0)
    return when if local_date(when, zone) == day else None
