"""Reports as plain data: what a member reported (a fact, maybe a trivia question), the listing an admin reads,
and the rules for the member's text."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from facts.errors import BadInput
from facts.models import Event, Person, Quote

MAX_TEXT = 1000  # the member's "what is wrong" (the modal declares the same maximum)
MAX_NOTE = 1000  # an admin's resolution note
MAX_TARGETS = 25  # facts one Report button can offer (a select holds 25 options)
MAX_OPEN_PER_MEMBER = 25  # open reports one member may have in one server
TOKEN_LENGTH = 16


class FactKind(StrEnum):
    EVENT = "event"
    PERSON = "person"


class Status(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"


class Show(StrEnum):
    """Which reports a listing shows."""

    OPEN = "open"
    RESOLVED = "resolved"
    ALL = "all"


@dataclass(frozen=True, slots=True)
class Target:
    """One fact a member can report, as it was shown: an event or a person, and for trivia the question."""

    kind: FactKind
    key: str
    title: str  # an event's title or a person's name
    when: str | None = None  # an event's date label
    question: str | None = None  # a trivia question key, e.g. "when:korean_war/hiroshima_bomb"

    @property
    def label(self) -> str:
        """"June 25, 1950 — North Korea invades…" for an event, the name for a person."""
        return f"{self.when} — {self.title}" if self.when else self.title


@dataclass(frozen=True, slots=True)
class Subject:
    """What one Report button offers: the facts an answer showed, and where (``context``: "/when", "trivia")."""

    context: str
    targets: tuple[Target, ...]

    def __post_init__(self) -> None:
        if len(self.targets) > MAX_TARGETS:
            object.__setattr__(self, "targets", self.targets[:MAX_TARGETS])

    def targets_json(self) -> str:
        return json.dumps([[t.kind.value, t.key, t.title, t.when, t.question] for t in self.targets],
                          ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, context: str, targets: str) -> Subject:
        return cls(context, tuple(Target(FactKind(k), key, title, when, question)
                                  for k, key, title, when, question in json.loads(targets)))

    @property
    def token(self) -> str:
        """The same subject always has the same token (so one answer asked again reuses its row)."""
        canonical = json.dumps([self.context, self.targets_json()], ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()[:TOKEN_LENGTH]


@dataclass(frozen=True, slots=True)
class Report:
    id: int
    guild_id: int | None  # None: from a direct message
    member_id: int
    target: Target
    context: str
    channel_id: int | None
    message_id: int | None
    text: str
    created: datetime
    updated: datetime
    status: Status
    resolved_by: int | None = None  # None with a resolved status: resolved from the command line
    resolved_at: datetime | None = None
    resolution: str | None = None

    @property
    def open(self) -> bool:
        return self.status is Status.OPEN


@dataclass(frozen=True, slots=True)
class Filed:
    """A report as stored; ``updated`` when it replaced the member's earlier open report of the same fact."""

    report: Report
    updated: bool


@dataclass(frozen=True, slots=True)
class ReportedFact:
    """A report with its fact as the packs have it now (``event``/``person`` None when it left the packs)."""

    report: Report
    event: Event | None = None
    person: Person | None = None

    @property
    def present(self) -> bool:
        return self.event is not None or self.person is not None

    @property
    def title(self) -> str:
        if self.event is not None:
            return self.event.title
        if self.person is not None:
            return self.person.name
        return self.report.target.title

    @property
    def when(self) -> str | None:
        if self.event is not None:
            return self.event.when.label
        if self.person is not None:
            return None
        return self.report.target.when

    @property
    def detail(self) -> str | None:
        """A person's role (their "date", in a listing)."""
        return self.person.role if self.person is not None else None

    @property
    def quote(self) -> Quote | None:
        quotes = self.event.quotes if self.event is not None else self.person.quotes if self.person else ()
        return quotes[0] if quotes else None


@dataclass(frozen=True, slots=True)
class ReportPage:
    """One page of a listing. ``guild_id`` None means every server (the command line)."""

    guild_id: int | None
    show: Show
    items: tuple[ReportedFact, ...]
    page: int
    pages: int
    total: int
    per_page: int
    every_guild: bool = False


@dataclass(frozen=True, slots=True)
class Resolved:
    report: Report
    question_back: bool  # a trivia question that is back in the server's rotation


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_text(raw: str | None, *, limit: int = MAX_TEXT, what: str = "what is wrong",
               required: bool = True) -> str:
    """A member's (or admin's) text as stored: NFC, no control characters, trimmed, at most ``limit``.

    Mentions and markdown are kept as typed (they are escaped where shown). Empty or blank text is refused
    when ``required`` (:class:`BadInput`), and returned as "" otherwise.
    """
    text = unicodedata.normalize("NFC", raw or "").replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text.replace("\t", " "))
    text = _BLANK_LINES.sub("\n\n", "\n".join(line.rstrip() for line in text.split("\n"))).strip()
    if not text and required:
        raise BadInput(f"Say {what}: the text was empty.", "The source says June 26, not June 25")
    return text[:limit].rstrip()


_QUESTION_KEY = re.compile(r"^(?P<kind>[a-z]+):(?P<fact>.+?)(?:#\d+)?$")
EVENT_QUESTIONS = frozenset({"when", "what", "first", "figure"})


def question_fact(question_key: str) -> tuple[str, str] | None:
    """The kind and the fact key a trivia question is about: ("when", "korean_war/hiroshima_bomb")."""
    match = _QUESTION_KEY.match(question_key)
    return (match["kind"], match["fact"]) if match else None
