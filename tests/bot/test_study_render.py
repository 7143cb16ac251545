"""Study's embeds and buttons within Discord's limits, whatever a pack holds: long facts, markdown, mentions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.cogs.study import _render as show
from bot.cogs.study._views import TEMPLATE, question_buttons, rating_buttons
from bot.limits import BUTTON_LABEL, BUTTONS_PER_ROW, CUSTOM_ID, EMBED_TOTAL, FIELD_VALUE, embed_size
from facts.models import Quote
from facts.study.cards import Card, CardKey, CardKind
from facts.study.schedule import Memory, State
from facts.study.storage import NothingDue, StudyCard

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def study_card(text: str, *, card_id: int = 9_223_372_036_854_775_807, reps: int = 999_999_999) -> StudyCard:
    card = Card(CardKey(CardKind.WHEN, "g123456789012345678_reading/" + "e" * 60), text, text, text, text, text,
                Quote(text, 3), text, text)
    return StudyCard(card_id, reps, Memory(State.REVIEW, None, 12.0, 5.0, NOW, NOW - timedelta(days=3)), card, False)


def test_a_card_of_huge_texts_fits_every_limit() -> None:
    big = study_card("x" * 5000)
    for embed in (show.question_embed(big, "y" * 3000), show.answer_embed(big)):
        assert embed_size(embed) <= EMBED_TOTAL
        assert all(len(f.value or "") <= FIELD_VALUE for f in embed.fields)


def test_markdown_and_mentions_in_a_fact_are_shown_literally() -> None:
    embed = show.answer_embed(study_card("@everyone **bold** <@123>"))
    text = (embed.description or "") + "".join(f.value or "" for f in embed.fields)
    assert "@everyone" not in text.replace("@\u200beveryone", "")
    assert "**bold**" not in text.replace("**@", "")


def test_the_buttons_fit_discords_component_limits_even_for_the_largest_ids() -> None:
    card = study_card("q")
    for view in (question_buttons(card), rating_buttons(card, NOW)):
        rows: dict[int, int] = {}
        for item in view.children:
            custom_id = getattr(item, "custom_id", "")
            assert len(custom_id) <= CUSTOM_ID
            assert TEMPLATE.fullmatch(custom_id)
            assert len(getattr(item, "label", "")) <= BUTTON_LABEL
            rows[item.row or 0] = rows.get(item.row or 0, 0) + 1
        assert all(n <= BUTTONS_PER_ROW for n in rows.values())


def test_rating_buttons_show_the_interval_each_rating_gives() -> None:
    labels = [getattr(b, "label", "") for b in rating_buttons(study_card("q"), NOW).children]
    assert [lbl.split(" · ")[0] for lbl in labels] == ["Again", "Hard", "Good", "Easy", "Stop"]
    assert labels[0] == "Again · 10m"
    assert labels[2].endswith("d")


def test_nothing_due_names_the_next_card_as_a_discord_timestamp() -> None:
    due = NOW + timedelta(days=2)
    text = show.nothing_embed(NothingDue(due, 0, 5)).description or ""
    assert f"<t:{int(due.timestamp())}:R>" in text
    assert "today's new cards" in text
