"""A meta-test over every command the bot syncs: names, descriptions and options inside Discord's rules."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from tests.bot.harness import BotRunner, World
from tests.fakediscord import FakeDiscord

NAME = re.compile(r"^[-_\w]{1,32}$")
SUBCOMMAND, GROUP = 1, 2


def walk(options: list[dict[str, Any]], path: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for option in options:
        here = f"{path} {option['name']}"
        yield here, option
        if option["type"] in (SUBCOMMAND, GROUP):
            yield from walk(option.get("options", []), here)


async def test_every_synced_command_follows_discords_rules(runner: BotRunner, fake: FakeDiscord,
                                                          world: World) -> None:
    commands = fake.commands(world.guild.id)
    names = {c["name"] for c in commands}
    assert {"date", "person", "when", "onthisday", "timeline", "search", "about"} <= names
    problems = []
    for command in commands:
        items = [(f"/{command['name']}", command), *walk(command.get("options", []), f"/{command['name']}")]
        for path, item in items:
            name, description = item["name"], item.get("description", "")
            if not NAME.match(name) or name != name.lower():
                problems.append(f"{path}: name {name!r} must be lowercase and match {NAME.pattern}")
            if not 1 <= len(description) <= 100:
                problems.append(f"{path}: description must be 1-100 characters, has {len(description)}")
            if len(item.get("options", [])) > 25:
                problems.append(f"{path}: more than 25 options")
            if len(item.get("choices", [])) > 25:
                problems.append(f"{path}: more than 25 choices")
    assert problems == []


async def test_commands_are_not_published_globally_on_start(runner: BotRunner, fake: FakeDiscord) -> None:
    """Sync is on purpose: a dev guild at start-up, global only when asked (`chronicle sync`)."""
    assert not any(r.method == "PUT" and r.path.endswith("/commands") and "/guilds/" not in r.path
                   for r in fake.requests)
