"""Errors the domain raises for callers to turn into answers (CLI line, ephemeral Discord reply)."""

from __future__ import annotations


class ChronicleError(Exception):
    """Base of every error Chronicle answers to the user in words."""


class BadInput(ChronicleError):
    """The user's input could not be understood; ``example`` shows a form that works."""

    def __init__(self, message: str, example: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.example = example


class NotFound(ChronicleError):
    """Nothing matched; ``suggestions`` are near misses worth offering ("did you mean")."""

    def __init__(self, message: str, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.suggestions = suggestions


class PackError(ChronicleError):
    """A fact pack is invalid; ``problems`` lists every problem found, each naming file, entry, field."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class DatabaseTooNew(ChronicleError):
    """The database was written by a newer Chronicle than this one."""
