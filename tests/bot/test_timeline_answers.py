"""End to end: /timeline answers with its picture attached and shown in the embed; paging replaces it."""

from __future__ import annotations

import io
import logging
import threading
from typing import Any

import pytest
from PIL import Image

import bot.pictures
from bot.limits import INITIAL_RESPONSE_SECONDS
from tests.bot.harness import BotRunner, World
from tests.fakediscord import FakeDiscord

PICTURE = "timeline.png"


def buttons(message: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["label"]: c for row in message["components"] for c in row["components"]}


def the_picture(fake: FakeDiscord, message: dict[str, Any]) -> tuple[dict[str, Any], Image.Image, bytes]:
    """The message's one attachment, which its embed shows; decoded."""
    assert [a["filename"] for a in message["attachments"]] == [PICTURE]
    attachment = message["attachments"][0]
    assert message["embeds"][0]["image"]["url"] == attachment["url"]  # Discord resolved attachment://timeline.png
    content = fake.file_bytes(message, PICTURE)
    image = Image.open(io.BytesIO(content))
    image.load()
    return attachment, image, content


async def test_timeline_answers_in_time_with_a_picture_the_embed_shows(runner: BotRunner, fake: FakeDiscord,
                                                                       world: World) -> None:
    result = await fake.command("timeline", {"start": "1945", "end": "1950"}, guild=world.guild.id,
                                channel=world.channel.id, user=world.alice.id)
    message = await result.wait_final()
    assert result.response_type == 4  # answered, not deferred
    assert result.latency is not None
    assert result.latency < INITIAL_RESPONSE_SECONDS
    attachment, image, content = the_picture(fake, message)
    assert image.format == "PNG"
    assert image.size[0] == 1000
    assert 100 < image.size[1] < 600
    assert len(content) < 500_000
    assert attachment["content_type"] == "image/png"
    first_line = message["embeds"][0]["description"].splitlines()[0]
    first_title = first_line.split(" — ", 1)[1]
    assert first_title.replace("\\", "") in attachment["description"]  # the alt text lists the page's events


async def test_paging_replaces_the_picture_with_the_new_pages(runner: BotRunner, fake: FakeDiscord,
                                                              world: World) -> None:
    result = await fake.command("timeline", {}, guild=world.guild.id, channel=world.channel.id,
                                user=world.alice.id)
    first = await result.wait_final()
    old, _, old_bytes = the_picture(fake, first)

    turned = await fake.click(first["id"], buttons(first)["Next"]["custom_id"], user=world.alice.id)
    second = await turned.wait_final()
    assert second["id"] == first["id"]
    assert "Page 2 of" in second["embeds"][0]["footer"]["text"]
    new, _, new_bytes = the_picture(fake, second)
    assert new["id"] != old["id"]
    assert new_bytes != old_bytes
    assert fake.message(first["id"])["attachments"] == [new]  # replaced, not added

    back = await fake.click(first["id"], buttons(second)["Previous"]["custom_id"], user=world.alice.id)
    again = await back.wait_final()
    assert the_picture(fake, again)[2] == old_bytes


async def test_the_same_page_is_drawn_once_and_off_the_event_loop(runner: BotRunner, fake: FakeDiscord, world: World,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[threading.Thread] = []
    real = bot.pictures.draw

    def watched(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(bot.pictures, "draw", watched)
    for _ in range(3):
        result = await fake.command("timeline", {"start": "1949"}, guild=world.guild.id, user=world.alice.id)
        the_picture(fake, await result.wait_final())
    assert len(threads) == 1
    assert threads[0] is not threading.main_thread()


async def test_a_picture_that_cannot_be_drawn_leaves_the_answer_without_it(
        runner: BotRunner, fake: FakeDiscord, world: World, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise MemoryError("no pixels today")

    monkeypatch.setattr(bot.pictures, "draw", broken)
    with caplog.at_level(logging.ERROR, logger="bot.pictures"):
        result = await fake.command("timeline", {"start": "1948"}, guild=world.guild.id, user=world.alice.id)
        message = await result.wait_final()
    assert message["attachments"] == []
    assert "image" not in message["embeds"][0]
    assert "Timeline" in message["embeds"][0]["title"]
    assert "could not draw the timeline picture" in caplog.text


async def test_an_empty_range_has_no_picture(runner: BotRunner, fake: FakeDiscord, world: World) -> None:
    result = await fake.command("timeline", {"start": "1920", "end": "1921"}, guild=world.guild.id,
                                user=world.alice.id)
    message = await result.wait_final()
    assert "No events in that range" in message["embeds"][0]["description"]
    assert message["attachments"] == []
