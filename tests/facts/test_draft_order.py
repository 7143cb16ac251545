"""Sentences the text does not date: the first two after a dated sentence are quoted with its event; later
ones are events of their own, placed after the story's last dated event (marked to check), unless they look
back or a heading has ended the story. A look back ("since 1895") opens no story of its own."""

from __future__ import annotations

from facts.draft import draft_text
from facts.pack import load_pack


def timeline(text: str) -> list[tuple[str, str, bool]]:
    """(date or "after <anchor id>", title, placed by order) per event."""
    draft = draft_text(text + "\n", name="t")
    return [(e.span.notation if e.span else f"after {e.anchor}", e.title, e.by_order) for e in draft.events]


STORY = ("On April 9, 1834, the weavers struck. Their leaders met in a barn. The owners refused to talk. "
         "The strikers marched to the town hall. The mayor called out the yeomanry.")


def test_undated_sentences_after_the_context_are_placed_after_the_dated_event():
    draft = draft_text(STORY + "\n", name="t")
    first, *rest = draft.events
    assert first.span is not None
    assert first.span.notation == "1834-04-09"
    placed = [e for e in rest if e.by_order]
    assert [e.title for e in placed] == ["The strikers marched to the town hall", "The mayor called out the yeomanry"]
    assert [(e.relation, e.anchor) for e in placed] == [("after", first.id)] * 2


def test_a_placed_event_says_so_and_the_draft_counts_them():
    draft = draft_text(STORY + "\n", name="t")
    placed = [e for e in draft.events if e.by_order]
    assert all(any("gives no date" in note for note in e.review) for e in placed)
    assert any("2 of the 'after' events" in line for line in draft.summary.lines())


def test_the_next_paragraph_goes_on_from_the_last_date_but_a_heading_ends_the_story():
    text = STORY + "\n\nThe yeomanry charged the crowd in the square.\n\n## Aftermath\n\nThe town was quiet for weeks."
    titles = [t for _, t, placed in timeline(text) if placed]
    assert "The yeomanry charged the crowd in the square" in titles
    assert not any(t.startswith("The town was quiet") for t in titles)


def test_a_sentence_that_looks_back_is_not_placed_after():
    text = STORY + " Earlier, the owners cut wages by a third. The army had crossed the river the week before."
    titles = [t for _, t, placed in timeline(text) if placed]
    assert not any(t.startswith(("Earlier", "The army had")) for t in titles)


def test_an_order_the_text_states_counts_from_the_dated_event_not_from_a_placed_one():
    text = STORY + " Soon afterwards the strike collapsed."
    draft = draft_text(text + "\n", name="t")
    soon = next(e for e in draft.events if e.quote.startswith("Soon afterwards"))
    assert not soon.by_order
    assert soon.anchor == draft.events[0].id


def test_sentences_after_a_look_back_are_not_dated_by_it():
    text = ("After the war the troops occupied the peninsula, under foreign control since 1895. "
            "Rebels took control of the north and began to organize a state.")
    draft = draft_text(text + "\n", name="t")
    dated = next(e for e in draft.events if e.span is not None)
    assert dated.context == ()


def test_a_second_clause_keeps_the_subject_in_its_title():
    draft = draft_text("Kim visited Moscow in April 1950 and made final plans with Mao during a May visit.\n",
                       name="t")
    assert [e.title for e in draft.events] == ["Kim visited Moscow", "Kim made final plans with Mao during a visit"]


def test_a_draft_with_placed_events_validates_and_loads(tmp_path):
    draft = draft_text(STORY + "\n", name="t")
    (tmp_path / "t.txt").write_text(draft.document, encoding="utf-8")
    (tmp_path / "t.yaml").write_text(draft.pack_yaml, encoding="utf-8")
    pack = load_pack(tmp_path / "t.yaml")
    assert sum(1 for e in pack.events if e.relation == "after") == 2


def test_a_date_in_an_aside_titles_the_aside_not_the_sentence():
    text = ("After the war the troops occupied the Korean peninsula, under Japanese control since 1895, one on "
            "each side of the parallel.")
    assert [(e.span.notation, e.title) for e in draft_text(text + "\n", name="t").events if e.span] == [
        ("1895", "The Korean peninsula under Japanese control")]
