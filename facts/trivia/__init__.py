"""Trivia rounds generated from the fact store, without Discord.

``questions`` (pure generation from the facts with a seedable random source; its fair wrong choices come from
``dating``, ``figures`` and ``people``, the shared placing of choices from ``choices``), ``scoring`` (the formula and
the standings), ``round`` (the state machine a cog drives with an injected clock: it returns what to say and
never says it) and ``storage`` (all SQL: answers, totals, leaderboards, which questions a server has seen).
"""
