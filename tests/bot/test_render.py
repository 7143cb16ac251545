"""Render functions are pure: the embeds they build stay inside Discord's limits for every answer.

The limits are checked by the loopback Discord's own validator (``tests.fakediscord.limits``), an
implementation independent of ``bot.limits``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import discord
import pytest

from bot import render
from bot.limits import EMBED_TOTAL, fit_embed
from facts.answers import DateAnswer, DateMatch, SearchAnswer, SearchHit
from facts.dates import DateSpan, MonthDay, Precision, parse_span
from facts.models import Event, Quote, Source, When
from facts.store import FactStore
from tests.bot.harness import copy_database
from tests.fakediscord.limits import check_embeds

SOURCE = Source("test", "A test source", "“test”, nowhere")


def problems(embed: discord.Embed) -> list[str]:
    return [str(p) for p in check_embeds([embed.to_dict()])]


@pytest.fixture
async def store(seeded_template: Path, tmp_path: Path) -> AsyncIterator[FactStore]:
    store = await FactStore.open(copy_database(seeded_template, tmp_path / "render.db"))
    yield store
    await store.close()


def huge_event(n: int) -> Event:
    span = DateSpan(date(1950, 1, 1), date(1950, 1, 1), Precision.DAY)
    return Event(key=f"test/e{n}", title="T" * 300, summary="S *bold* @everyone " * 200, when=When(span),
                 people=(), places=(), topics=(), figures=(), quotes=(Quote("Q" * 2000, 1),), source=SOURCE)


async def test_the_longest_answers_of_the_pack_fit(store: FactStore) -> None:
    everything = parse_span("1800/1999")
    embeds = [render.date_embed(await store.on_date(everything, limit=1000))]
    embeds += [render.date_embed(await store.on_date(parse_span(str(year)))) for year in range(1940, 1996)]
    page = await store.timeline(per_page=100)
    embeds.append(render.timeline_embed(page, store.sources.values()))
    for key in [h.key for h in store.complete_people("", limit=100)]:
        embeds.append(render.person_embed(await store.person(key)))
    for word in ["Korea", "the", "Soviet Stalin Mao Kim", "war"]:
        embeds.append(render.search_embed(await store.search(word, limit=25)))
    for word in ["Korea", "Soviet Stalin Mao Kim", "war", "invasion of the South"]:
        embeds.append(render.when_embed(await store.when(word)))
    for month, day in [(8, 6), (12, 25), (2, 29), (6, 25)]:
        embeds.append(render.on_this_day_embed(await store.on_this_day(MonthDay(month, day)), date(2026, 1, 1)))
    embeds.append(render.about_embed(await store.stats(), "1.0"))
    assert len(embeds) > 60
    for embed in embeds:
        assert problems(embed) == [], embed.title


def test_oversized_synthetic_answers_are_cut_not_rejected() -> None:
    events = tuple(DateMatch(huge_event(n), exact=True) for n in range(60))
    answer = DateAnswer(DateSpan(date(1950, 1, 1), date(1950, 12, 31), Precision.YEAR), events, 60)
    embed = render.date_embed(answer)
    assert problems(embed) == []
    assert len(embed) <= EMBED_TOTAL
    assert "more" in (embed.footer.text or "")
    hits = tuple(SearchHit("event", f"k{n}", "H" * 400, "\x02x\x03 " * 600, SOURCE) for n in range(30))
    assert problems(render.search_embed(SearchAnswer("q" * 300, hits, 30))) == []


def test_fit_embed_clips_every_part() -> None:
    embed = discord.Embed(title="t" * 1000, description="d" * 9000)
    embed.set_footer(text="f" * 3000)
    embed.set_author(name="a" * 500)
    for _ in range(40):
        embed.add_field(name="n" * 500, value="v" * 2000)
    fitted = fit_embed(embed)
    assert problems(fitted) == []
    assert fitted.title.endswith("…")


def test_facts_and_user_text_are_shown_literally() -> None:
    hit = SearchHit("sentence", "k", "", "a *star* and @everyone and <@&1>", SOURCE)
    embed = render.search_embed(SearchAnswer("@here", (hit,), 1))
    shown = embed.fields[0].value
    assert "\\*star\\*" in shown
    assert "@everyone" not in shown
    assert "@here" not in (embed.title or "")


def test_errors_show_the_example_and_suggestions() -> None:
    embed = render.error_embed("No one called “Dea”.", suggestions=["Dean Acheson", "Dean Rusk"], example="Kim")
    assert "Did you mean: **Dean Acheson**, **Dean Rusk**?" in (embed.description or "")
    assert "For example: `Kim`" in (embed.description or "")
