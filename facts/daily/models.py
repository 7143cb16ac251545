"""Daily posts as plain data: a server's schedule, the post chosen for a day, and why a post failed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from zoneinfo import ZoneInfo

from facts.answers import OnThisDay
from facts.models import Event, EventRef


class Status(StrEnum):
    ACTIVE = "active"  # posting every day
    RETRYING = "retrying"  # today's post failed for a passing reason; trying again soon
    FAILING = "failing"  # the channel is gone or the bot may not post there: waiting for /daily set
    OFF = "off"  # turned off by an admin (the last posted date is kept, so turning it on again is safe)


@dataclass(frozen=True, slots=True)
class Schedule:
    """One server's daily post. ``next_due`` is None while off or failing."""

    guild_id: int
    channel_id: int
    post_time: time
    zone_name: str
    status: Status
    problem: str | None
    attempts: int
    next_due: datetime | None
    due_day: date | None
    last_posted_day: date | None
    last_posted_at: datetime | None
    last_message_id: int | None
    picture: bool = False  # posts carry a timeline picture of their event and its neighbours

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.zone_name)

    @property
    def unconfirmed(self) -> bool:
        """Its due day's post was claimed but no message was recorded: in flight, or its sender crashed."""
        return self.due_day is not None and self.last_posted_day == self.due_day and self.last_message_id is None


class PostKind(StrEnum):
    ANNIVERSARY = "anniversary"  # something in the sources happened on this calendar day
    NEARBY = "nearby"  # nothing did; the nearest dated events within a week, with how far away they are
    ARCHIVE = "archive"  # nothing near either: a fact this server has not been shown for the longest time


@dataclass(frozen=True, slots=True)
class DailyPost:
    """The post for local ``day``. ``answer`` is the store's on-this-day answer for the day (its items are
    only what is shown for anniversaries and nearby events); ``event`` is the archive pick."""

    @property
    def featured(self) -> str | None:
        """The key of the event the post is about: the first anniversary or nearby event, or the archive pick."""
        if self.kind is PostKind.ARCHIVE:
            return self.event.key if self.event else None
        return self.answer.items[0].event.key if self.answer.items else None

    day: date
    kind: PostKind
    answer: OnThisDay
    event: Event | None = None
    timeline: tuple[EventRef, ...] = ()  # the event and its neighbours, when the schedule wants a picture

    @property
    def event_keys(self) -> tuple[str, ...]:
        if self.kind is PostKind.ARCHIVE:
            return (self.event.key,) if self.event else ()
        return tuple(item.event.key for item in self.answer.items)


class FailureKind(StrEnum):
    PERMANENT = "permanent"  # channel deleted, missing access or permission: stop until /daily set
    TRANSIENT = "transient"  # 5xx, timeout, connection: retry with back-off within the day
    SKIP = "skip"  # anything else: give up on today's post and try tomorrow


@dataclass(frozen=True, slots=True)
class Failure:
    kind: FailureKind
    reason: str


@dataclass(frozen=True, slots=True)
class PendingPost:
    """A claimed post: the day is recorded as claimed; report :meth:`DailyPosts.sent` or ``failed``.

    ``before`` is the schedule as it was, so a failed send can put it back."""

    before: Schedule
    day: date
    post: DailyPost
    manual: bool
    resumed: bool = False  # an earlier claim of this day was never confirmed: it may have gone out already

    @property
    def nonce(self) -> str:
        """The same for every attempt at this server's post for this day (Discord's nonce: ≤ 25 characters),
        so Discord answers a retry of a post that did go out with that message instead of a second one."""
        digest = hashlib.blake2b(f"{self.before.guild_id}:{self.day.isoformat()}".encode(), digest_size=10)
        return f"cd{digest.hexdigest()}"
