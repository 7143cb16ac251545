"""What a day's post says: the day's anniversaries, else the nearest dated events within a week, else a fact
from the archive that this server has not been shown for the longest time (every fact before any repeats)."""

from __future__ import annotations

import dataclasses
from datetime import date

from facts.answers import OnThisDay
from facts.daily.models import DailyPost, PostKind
from facts.daily.schedules import ScheduleStore
from facts.dates import MonthDay
from facts.store import FactStore

NEARBY_DAYS = 7
NEIGHBOURS = 3  # events either side of the post's own in its picture


async def choose_post(store: FactStore, schedules: ScheduleStore, guild_id: int, day: date, *,
                      picture: bool = False) -> DailyPost:
    """The post for ``day`` in ``guild_id`` (reads only: nothing is recorded until the post is sent). With
    ``picture``, it also carries the timeline around its event, for a picture of it."""
    scope = await store.scope_for(guild_id)
    answer = await store.on_this_day(MonthDay.of(day), scope=scope)
    if answer.exact and answer.items:
        post = DailyPost(day, PostKind.ANNIVERSARY, answer)
    elif near := tuple(item for item in answer.items if abs(item.days_away) <= NEARBY_DAYS):
        post = DailyPost(day, PostKind.NEARBY, OnThisDay(answer.day, False, near))
    else:
        key = await schedules.least_recently_shown(guild_id, scope.packs)
        event = await store.event(key) if key else None
        post = DailyPost(day, PostKind.ARCHIVE, OnThisDay(answer.day, False, ()), event)
    if picture and post.featured is not None:
        post = dataclasses.replace(post, timeline=await store.around(post.featured, NEIGHBOURS, scope=scope))
    return post
