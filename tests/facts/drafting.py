"""What the drafter dates in a text, for the date tests: one entry per event the text itself dates or orders
(sentences placed only by their order in the story are left out)."""

from __future__ import annotations

from facts.draft import draft_text


def dates(text: str, *, anchors: bool = False) -> list[str]:
    """Each event's span notation, or its relation ("after"; "after:<anchor id>" with ``anchors``)."""
    draft = draft_text(text + "\n", name="t")
    return [e.span.notation if e.span else (f"{e.relation}:{e.anchor}" if anchors else f"{e.relation}")
            for e in draft.events if not e.by_order]
