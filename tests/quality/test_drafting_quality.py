"""The held-out drafting set: its annotations are well-formed, the drafter never falls below what it has
reached on these texts nobody tuned it to, and the issue's targets (date recall and precision ≥ 90 %,
people recall ≥ 90 %, at most 10 % of drafted people not people) stay a strict expected failure until met."""

from __future__ import annotations

from pathlib import Path

import pytest

from facts.draft import draft_text
from tests.quality.drafting_score import (
    DEV_DIR,
    DRAFTING_DIR,
    TARGETS,
    WORDS,
    DocScore,
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


BOTH_SETS = [pytest.param(folder, slug, id=f"{folder.name}/{slug}") for folder in (DRAFTING_DIR, DEV_DIR)
             for slug in slugs(folder)]


@pytest.mark.parametrize(("folder", "slug"), BOTH_SETS)
def test_each_text_is_a_passage_of_the_agreed_length_with_a_title(folder: Path, slug: str) -> None:
    text = load(slug, folder).text
    words = len(text.split())
    assert WORDS[0] <= words <= WORDS[1], f"{slug}: {words} words"
    first, _, rest = text.partition("\n\n")
    assert first.strip(), f"{slug}: the first line is the title"
    assert "\n" not in first.strip(), f"{slug}: the title is one line"
    assert rest.strip(), f"{slug}: paragraphs follow the title, a blank line between them"


@pytest.mark.parametrize(("folder", "slug"), BOTH_SETS)
def test_each_text_has_dates_and_people_to_find(folder: Path, slug: str) -> None:
    a = load(slug, folder)
    assert len(a.dates) >= 10, f"{slug}: only {len(a.dates)} date expressions"
    assert len(a.people) >= 5, f"{slug}: only {len(a.people)} people"


# What the drafter reached on these held-out texts (nine: the fifth and sixth blind sets, joined 2026-12-02),
# with tuning on the development texts only: date recall 90.6 %, date precision 94.8 %, people recall 74.0 %,
# not-people share 18.8 % (the set was scored twice, before and after one round of first-millennium dates).
# Quality may rise, never fall.
FLOOR = {"date_recall": 0.90, "date_precision": 0.94, "people_recall": 0.735, "not_people_share": 0.19}


def _held_out_totals() -> DocScore:
    return total([score(a, draft_text(a.text, name=a.slug)) for a in map(load, SLUGS)])


def test_the_drafter_does_not_fall_below_what_it_reached_on_the_held_out_texts() -> None:
    missed = failures(_held_out_totals(), FLOOR)
    # Figures only, never the misses: whoever tunes the drafter must not read the held-out texts' answers
    # in a failing test's output (`python -m tests.quality.drafting_score` lists them, on purpose).
    assert not missed, f"below the floor {FLOOR}: {'; '.join(missed)}"


@pytest.mark.xfail(strict=True, reason="issue 11's targets are not met yet on the held-out texts (see FLOOR); "
                                       "when this passes, raise FLOOR and drop the mark")
def test_the_drafter_meets_the_targets_on_the_held_out_texts() -> None:
    missed = failures(_held_out_totals())
    assert not missed, f"targets {TARGETS} missed: {'; '.join(missed)}"
