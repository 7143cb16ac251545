"""Print every natural-question score at the end of the run, whether or not it reached the target."""

from __future__ import annotations

import pytest

from tests.quality.natural import SCORES


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if SCORES:
        terminalreporter.section("natural questions")
        for score in SCORES:
            terminalreporter.write_line(score.report())
