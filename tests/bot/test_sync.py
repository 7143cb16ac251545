"""`chronicle sync`: log in over REST only, publish the commands globally, log out."""

from __future__ import annotations

from pathlib import Path

from bot import runner
from bot.settings import Settings
from tests.bot.harness import TOKEN, copy_database
from tests.fakediscord import FakeDiscord


async def test_sync_publishes_every_command_globally(fake: FakeDiscord, tmp_path: Path, seeded_template: Path) -> None:
    db = copy_database(seeded_template, tmp_path / "sync.db")
    count = await runner.sync_commands(Settings(token=TOKEN, db_path=db))
    published = {c["name"] for c in fake.commands()}
    assert count == len(published)
    assert {"date", "person", "when", "onthisday", "timeline", "search", "about", "daily", "trivia"} <= published
    assert fake.identify_payload is None  # REST only: no gateway connection was opened
