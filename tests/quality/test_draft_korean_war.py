"""The Korean War document drafted from its raw text, against the hand-written pack (see draft_korean_war.py)."""

from __future__ import annotations

from tests.quality.draft_korean_war import draft, ranking, recovery


def test_the_draft_recovers_the_curated_dated_events():
    made = draft()
    rec = recovery(made)
    print(f"\ndraft recovery: {rec.recovered}/{rec.total} ({rec.rate:.0%}); missed: {', '.join(rec.misses) or '-'}")
    assert rec.rate >= 0.9, rec.misses


def test_the_ranking_answers_when_questions_from_the_drafted_pack():
    rank = ranking(draft())
    print(f"\n/when on the draft: {rank.right}/{rank.total} right "
          f"({rank.right_spanned}/{rank.total_spanned} with a dated expected event), {rank.agreeing} agreeing")
    assert rank.right_spanned >= 0.75 * rank.total_spanned, rank.misses
    # the sentences the text does not date are events placed by their order, so their questions find them
    assert rank.right >= 0.68 * rank.total, rank.misses
    assert rank.agreeing >= 0.8 * rank.total, rank.misses
