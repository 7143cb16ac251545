"""Daily "on this day" posts: schedules at each server's local time, exactly once per local date.

``timing`` (pure due-time rules), ``zones`` (IANA names), ``models`` (plain data), ``schedules`` (all
SQL), ``content`` (what a day's post says) and ``posts`` (the state machine the bot's scheduler drives).
"""
