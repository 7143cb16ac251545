"""Uploads are read in a child process: its answer comes back, its limits hold, its failures are words."""

from __future__ import annotations

import time

import pytest

from facts.errors import BadInput
from facts.library.isolated import WorkerCrashed, run_isolated


def double(n: int, *, plus: int = 0) -> int:
    return 2 * n + plus


def refuse() -> None:
    raise BadInput("That file is not a document.", "a .txt file")


def sleep_long() -> None:
    time.sleep(60)


def allocate_too_much() -> bytes:
    return b"x" * (4 * 1024 ** 3)


def break_down() -> None:
    raise RuntimeError("a parser bug")


async def test_the_childs_answer_comes_back():
    assert await run_isolated(double, 20, plus=2, seconds=30) == 42


async def test_bad_input_in_the_child_is_bad_input_here_with_its_example():
    with pytest.raises(BadInput) as caught:
        await run_isolated(refuse, seconds=30)
    assert (caught.value.message, caught.value.example) == ("That file is not a document.", "a .txt file")


async def test_a_child_past_its_time_is_killed():
    started = time.perf_counter()
    with pytest.raises(TimeoutError):
        await run_isolated(sleep_long, seconds=2)
    assert time.perf_counter() - started < 20


async def test_a_child_past_its_memory_is_an_answer_not_a_crash():
    with pytest.raises(BadInput, match="more memory than an upload may use"):
        await run_isolated(allocate_too_much, seconds=30, memory=1024 ** 3)


async def test_a_crash_in_the_child_is_reported_with_its_traceback():
    with pytest.raises(WorkerCrashed) as caught:
        await run_isolated(break_down, seconds=30)
    assert "a parser bug" in caught.value.detail
    assert "could not read this file" in str(caught.value)
