"""The natural-question set (``natural_questions.yaml``): loading it, and grading what comes first.

A face (the CLI, the store, the slash commands) answers each question with its first result, as a
:class:`First`; :func:`grade` says whether that is what the question expects, and :class:`Score`
sums a run up by split, so a ranking change shows its effect in one line.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from facts.text import collapse
from tests.facts.conftest import PACK_ID

QUESTIONS_FILE = Path(__file__).with_name("natural_questions.yaml")
TARGET = 0.95
SHOW_HELD_OUT = "CHRONICLE_SHOW_HELD_OUT"  # set to list the held-out misses (after tuning, never during)


@dataclass(frozen=True, slots=True)
class Question:
    ask: str
    via: str  # "when", "search" or "autocomplete"
    first: tuple[str, ...]  # any of these is right
    split: str


@dataclass(frozen=True, slots=True)
class First:
    """What a face put first: a kind ("event", "person", "sentence" or "none"), its key, and for a sentence
    or an event the text its expected words may be found in (the sentence, or the event's quotes)."""

    kind: str
    key: str = ""
    texts: tuple[str, ...] = ()


NOTHING = First("none")


def load() -> list[Question]:
    data = yaml.safe_load(QUESTIONS_FILE.read_text(encoding="utf-8"))["questions"]
    out = []
    for item in data:
        first = item["first"] if isinstance(item["first"], list) else [item["first"]]
        out.append(Question(item["ask"], item["via"], tuple(first), item["split"]))
    return out


def grade(question: Question, got: First) -> bool:
    for expected in question.first:
        kind, _, ref = expected.partition(":") if ":" in expected else ("event", "", expected)
        if kind in ("event", "person") and got.kind == kind and got.key == f"{PACK_ID}/{ref}":
            return True
        if kind == "sentence" and got.kind in ("sentence", "event") and any(
                collapse(ref).casefold() in collapse(t).casefold() for t in got.texts):
            return True
    return False


@dataclass
class Score:
    face: str
    right: dict[str, int] = field(default_factory=dict)
    total: dict[str, int] = field(default_factory=dict)
    misses: list[tuple[Question, First]] = field(default_factory=list)

    def add(self, question: Question, got: First) -> None:
        ok = grade(question, got)
        self.total[question.split] = self.total.get(question.split, 0) + 1
        self.right[question.split] = self.right.get(question.split, 0) + int(ok)
        if not ok:
            self.misses.append((question, got))

    @property
    def rate(self) -> float:
        total = sum(self.total.values())
        return sum(self.right.values()) / total if total else 0.0

    def line(self) -> str:
        parts = ", ".join(f"{split} {self.right.get(split, 0)}/{n}" for split, n in sorted(self.total.items()))
        return f"natural questions via {self.face}: {self.rate:.1%} first ({parts})"

    def report(self) -> str:
        show_all = os.environ.get(SHOW_HELD_OUT) == "1"
        lines = [self.line()]
        hidden = 0
        for question, got in self.misses:
            if question.split == "held_out" and not show_all:
                hidden += 1
                continue
            lines.append(f"  miss [{question.split}] {question.via} {question.ask!r}: expected {list(question.first)}, "
                         f"got {got.kind} {got.key}")
        if hidden:
            lines.append(f"  ({hidden} held-out misses not listed; {SHOW_HELD_OUT}=1 lists them)")
        return "\n".join(lines)


SCORES: list[Score] = []  # printed at the end of the run (tests/quality/conftest.py)


def by_via(questions: Iterable[Question], via: str) -> list[Question]:
    return [q for q in questions if q.via == via]
