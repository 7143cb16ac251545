"""The daily-post state machine, without Discord: what is due, claim a day, then report sent or failed.

The cog asks :meth:`DailyPosts.start` for each due schedule; a :class:`PendingPost` means "send this now",
after which it reports :meth:`sent` (message id) or :meth:`failed` (a :class:`Failure`).
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import date, datetime, time

from facts.daily.content import choose_post
from facts.daily.models import DailyPost, Failure, FailureKind, PendingPost, Schedule, Status
from facts.daily.schedules import ScheduleStore
from facts.daily.timing import PostToday, following_due, local_date, plan, retry_at
from facts.errors import BadInput
from facts.store import FactStore

log = logging.getLogger(__name__)
SET_EXAMPLE = "/daily set channel:#history time:08:00 timezone:Asia/Seoul"


class DailyPosts:
    def __init__(self, store: FactStore) -> None:
        self.store = store
        self.schedules = ScheduleStore(store.db)

    async def set(self, guild_id: int, channel_id: int, at: time, zone_name: str, now: datetime, *,
                  picture: bool | None = None) -> Schedule:
        return await self.schedules.set(guild_id, channel_id, at, zone_name, now, picture=picture)

    async def require(self, guild_id: int) -> Schedule:
        schedule = await self.schedules.get(guild_id)
        if schedule is None:
            raise BadInput("Daily posts are not set up in this server yet.", SET_EXAMPLE)
        return schedule

    async def preview(self, guild_id: int, now: datetime) -> DailyPost:
        """Today's post for this server (its local today; UTC when it has no schedule). Records nothing."""
        schedule = await self.schedules.get(guild_id)
        day = local_date(now, schedule.zone) if schedule else now.date()
        return await choose_post(self.store, self.schedules, guild_id, day,
                                 picture=schedule is not None and schedule.picture)

    async def start(self, schedule: Schedule, now: datetime) -> PendingPost | None:
        """For a due schedule: claim today's post (catching up after downtime), or move on without backfill."""
        if schedule.due_day is None:
            return None
        if schedule.unconfirmed:
            return await self._resume(schedule, now)
        step = plan(now, schedule.post_time, schedule.zone, schedule.due_day, schedule.last_posted_day)
        if not isinstance(step, PostToday):
            await self.schedules.reschedule(schedule, step.due, now)
            log.info("daily: guild %s skips to %s", schedule.guild_id, step.due.day)
            return None
        return await self._claim(schedule, step.day, now, manual=False)

    async def start_now(self, guild_id: int, now: datetime) -> PendingPost:
        """``/daily post-now``: today's post at once; it counts as today's, so the schedule skips today."""
        schedule = await self.require(guild_id)
        if schedule.status is Status.OFF:
            raise BadInput("Daily posts are off in this server; turn them on first.", SET_EXAMPLE)
        day = local_date(now, schedule.zone)
        if schedule.last_posted_day is not None and schedule.last_posted_day >= day:
            raise BadInput(f"Today's post ({day.isoformat()}, {schedule.zone_name}) already went out; each day gets "
                           "one. `/daily preview` shows it again, just to you.", "/daily preview")
        pending = await self._claim(schedule, day, now, manual=True)
        if pending is None:  # lost a race with the scheduler
            raise BadInput("Today's post went out just now.", "/daily preview")
        return pending

    async def _claim(self, schedule: Schedule, day: date, now: datetime, *, manual: bool) -> PendingPost | None:
        post = await choose_post(self.store, self.schedules, schedule.guild_id, day, picture=schedule.picture)
        if not await self.schedules.claim(schedule, day, now):
            return None
        return PendingPost(schedule, day, post, manual)

    async def _resume(self, schedule: Schedule, now: datetime) -> PendingPost | None:
        """A claim whose lease ended unconfirmed: send it again the same local day (same nonce, so a post that
        did go out comes back from Discord instead of going out twice); after that day, move on."""
        day = schedule.due_day
        assert day is not None
        if local_date(now, schedule.zone) != day:
            nxt = following_due(day, schedule.post_time, schedule.zone)
            log.warning("daily: guild %s, the post for %s was claimed but never confirmed; moving on to %s",
                        schedule.guild_id, day, nxt.day)
            await self.schedules.reschedule(schedule, nxt, now)
            return None
        if not await self.schedules.reclaim(schedule, now):
            return None
        post = await choose_post(self.store, self.schedules, schedule.guild_id, day, picture=schedule.picture)
        log.info("daily: guild %s, resuming the unconfirmed post for %s", schedule.guild_id, day)
        return PendingPost(schedule, day, post, manual=False, resumed=True)

    async def sent(self, pending: PendingPost, message_id: int, now: datetime) -> None:
        await self.schedules.confirm(pending.before.guild_id, pending.day, message_id, pending.post.event_keys, now)

    async def failed(self, pending: PendingPost, failure: Failure, now: datetime) -> Schedule | None:
        """Undo the claim and record the failure: stop (permanent), retry today (transient) or skip today."""
        before = pending.before
        if failure.kind is FailureKind.PERMANENT:
            state = dataclasses.replace(before, status=Status.FAILING, problem=failure.reason, attempts=0,
                                        next_due=None, due_day=None)
        elif pending.manual:
            state = before  # an admin's post-now: tell them; the schedule carries on as it was
        else:
            state = self._after_passing_failure(before, pending.day, failure, now)
        log.warning("daily: guild %s, post for %s failed (%s): %s", before.guild_id, pending.day, failure.kind,
                    failure.reason)
        return await self.schedules.restore(pending.day, state, now)

    @staticmethod
    def _after_passing_failure(before: Schedule, day: date, failure: Failure, now: datetime) -> Schedule:
        attempts = (before.attempts if before.due_day == day else 0) + 1
        when = retry_at(now, attempts, day, before.zone) if failure.kind is FailureKind.TRANSIENT else None
        if when is not None:
            return dataclasses.replace(before, status=Status.RETRYING, problem=failure.reason, attempts=attempts,
                                       next_due=when, due_day=day)
        nxt = following_due(day, before.post_time, before.zone)
        tries = f" after {attempts} tries" if failure.kind is FailureKind.TRANSIENT else ""
        return dataclasses.replace(
            before, status=Status.ACTIVE, attempts=0, next_due=nxt.at_utc, due_day=nxt.day,
            problem=f"The post for {day.isoformat()} could not be sent{tries}: {failure.reason}")
