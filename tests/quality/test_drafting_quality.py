"""The held-out drafting set: its annotations are well-formed now, and once ``facts.draft`` lands the drafter
must meet the issue's targets on texts nobody tuned it to (date recall and precision ≥ 90 %, people recall
≥ 90 %, at most 10 % of drafted people not people)."""

from __future__ import annotations

import pytest

from tests.quality.drafting_score import (
    TARGETS,
    WORDS,
    failures,
    load,
    score,
    slugs,
    total,
    validate,
)

SLUGS = slugs()


def test_the_set_has_at_least_three_texts() -> None:
    assert len(SLUGS) >= 3, SLUGS


@pytest.mark.parametrize("slug", SLUGS)
def test_every_annotation_is_well_formed(slug: str) -> None:
    problems = validate(load(slug))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("slug", SLUGS)
def test_each_text_is_a_passage_of_the_agreed_length_with_a_title(slug: str) -> None:
    text = load(slug).text
    words = len(text.split())
    assert WORDS[0] <= words <= WORDS[1], f"{slug}: {words} words"
    first, _, rest = text.partition("\n\n")
    assert first.strip(), f"{slug}: the first line is the title"
    assert "\n" not in first.strip(), f"{slug}: the title is one line"
    assert rest.strip(), f"{slug}: paragraphs follow the title, a blank line between them"


@pytest.mark.parametrize("slug", SLUGS)
def test_each_text_has_dates_and_people_to_find(slug: str) -> None:
    a = load(slug)
    assert len(a.dates) >= 10, f"{slug}: only {len(a.dates)} date expressions"
    assert len(a.people) >= 5, f"{slug}: only {len(a.people)} people"


def test_the_drafter_meets_the_targets_on_the_held_out_texts() -> None:
    draft = pytest.importorskip("facts.draft", reason="facts.draft is not here yet (the drafter is written elsewhere)")
    scores = [score(a, draft.draft_text(a.text, name=a.slug)) for a in map(load, SLUGS)]
    missed = failures(total(scores))
    # Figures only, never the misses: whoever tunes the drafter must not read the held-out texts' answers
    # in a failing test's output (`python -m tests.quality.drafting_score` lists them, on purpose).
    assert not missed, f"targets {TARGETS} missed: {'; '.join(missed)}"
