"""The natural-question set through the real bot end to end: /when, /search and the /when autocomplete
against the loopback Discord. At least 95 % must come first, as through the CLI."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

from tests.bot.harness import BotRunner, World
from tests.fakediscord import FakeDiscord
from tests.quality.natural import NOTHING, SCORES, TARGET, First, Question, Score, load

QUESTIONS = load()


def plain(markdown: str) -> str:
    """Embed text without our escaping and bold marks."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("**", "").replace("\u200b", "")


class Lookup:
    """Titles and sentences of the seeded database, to tell which fact an embed shows."""

    def __init__(self, db: Path) -> None:
        with sqlite3.connect(db) as conn:
            self.events = {t: k for k, t in conn.execute("SELECT key, title FROM events")}
            self.people = {n: k for k, n in conn.execute("SELECT key, name FROM people")}
            self.quotes: dict[str, list[str]] = {}
            for owner, text in conn.execute("SELECT owner_key, text FROM quotes"):
                self.quotes.setdefault(owner, []).append(text)
            self.sentences = list(conn.execute("SELECT pack || '#' || n, text FROM sentences"))

    def event(self, title: str) -> First:
        key = self.events.get(title)
        return First("event", key, tuple(self.quotes.get(key, ()))) if key else NOTHING

    def sentence(self, snippet: str) -> First:
        piece = max(snippet.split("…"), key=len).strip()
        for key, text in self.sentences:
            if piece and piece in text:
                return First("sentence", key, (text,))
        return NOTHING


async def first_via_discord(question: Question, fake: FakeDiscord, world: World, lookup: Lookup) -> First:
    where: dict[str, Any] = {"guild": world.guild.id, "channel": world.channel.id, "user": world.alice.id}
    if question.via == "autocomplete":
        choices = await fake.autocomplete("when", {"event": question.ask}, focused="event", **where)
        return First("event", choices[0]["value"]) if choices else NOTHING
    option = "event" if question.via == "when" else "query"
    result = await fake.command(question.via, {option: question.ask}, **where)
    embed = (await result.wait_final())["embeds"][0]
    if embed["title"] == "Sorry":
        return NOTHING
    if question.via == "when":
        return lookup.event(plain(embed["title"]))
    fields = embed.get("fields") or []
    if not fields:
        return NOTHING
    name, value = plain(fields[0]["name"]), plain(fields[0]["value"])
    kind, _, title = name.partition(": ")
    if kind == "Event":
        return lookup.event(title)
    if kind == "Person":
        key = lookup.people.get(title)
        return First("person", key) if key else NOTHING
    return lookup.sentence(value)


async def test_natural_questions_come_first_through_the_slash_commands(runner: BotRunner, fake: FakeDiscord,
                                                                      world: World) -> None:
    lookup = Lookup(runner.db_path)
    score = Score("the slash commands")
    for question in QUESTIONS:
        score.add(question, await first_via_discord(question, fake, world, lookup))
    SCORES.append(score)
    assert score.rate >= TARGET, score.report()
