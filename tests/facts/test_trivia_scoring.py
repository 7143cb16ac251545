"""The scoring formula, standings and winners."""

from __future__ import annotations

import pytest

from facts.trivia.scoring import FORMULA, Standing, points, rank_of, ranked, winners


@pytest.mark.parametrize(("correct", "elapsed", "allowed", "expected"), [
    (True, 0.0, 20, 200),  # instant: the whole bonus
    (True, 5.0, 20, 175),  # 15 of 20 seconds left
    (True, 10.0, 20, 150),
    (True, 19.8, 20, 101),  # near the end: a point of bonus left
    (True, 20.0, 20, 100),
    (True, 25.0, 20, 100),  # late clocks never push below the base
    (True, -3.0, 20, 200),  # nor above the maximum
    (True, 1.0, 10, 190),
    (True, 0.5, 4, 188),  # a bonus of 87.5 rounds half up
    (False, 0.0, 20, 0),
    (False, 19.0, 20, 0),
])
def test_a_right_answer_scores_100_plus_a_speed_bonus_and_a_wrong_one_nothing(
        correct: bool, elapsed: float, allowed: int, expected: int) -> None:
    assert points(correct, elapsed, allowed) == expected


def test_the_formula_is_stated_in_words() -> None:
    assert "100 points" in FORMULA
    assert "speed bonus of up to 100" in FORMULA
    assert "wrong answer or no answer scores 0" in FORMULA


def test_standings_rank_points_then_right_answers_then_accuracy() -> None:
    board = ranked([Standing(1, 300, 2, 3), Standing(2, 300, 2, 2), Standing(3, 350, 2, 4), Standing(4, 300, 3, 3)])
    assert [s.member_id for s in board] == [3, 4, 2, 1]
    assert [rank_of(board, i) for i in range(4)] == [1, 2, 2, 2]


@pytest.mark.parametrize(("standings", "expected"), [
    ([Standing(1, 300, 2, 3), Standing(2, 150, 1, 3)], (1,)),
    ([Standing(1, 300, 2, 3), Standing(2, 300, 2, 2)], (2, 1)),  # a tie: both win
    ([Standing(1, 0, 0, 3), Standing(2, 0, 0, 1)], ()),  # nobody scored: nobody wins
    ([], ()),
])
def test_winners_are_the_top_scorers_when_anyone_scored(standings: list[Standing], expected: tuple[int, ...]) -> None:
    assert winners(standings) == expected
