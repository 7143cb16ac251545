"""Errors: :class:`ApiError` becomes a Discord-style JSON error response; the others are raised to
tests by :class:`~tests.fakediscord.FakeDiscord`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import constants as C
from .limits import Problem, form_errors


class ApiError(Exception):
    """Answer the current REST request with ``status`` and Discord's ``{"code", "message"}`` body.

    ``violation``: a human-readable line to add to ``fake.violations`` (the bot did something
    real Discord rejects)."""

    def __init__(
        self,
        status: int,
        code: int,
        message: str,
        *,
        errors: dict[str, Any] | None = None,
        violation: str | None = None,
    ) -> None:
        super().__init__(f"{status} {code} {message}")
        self.status = status
        self.body: dict[str, Any] = {"code": code, "message": message}
        if errors is not None:
            self.body["errors"] = errors
        self.violation = violation


def invalid_form_body(problems: Sequence[Problem], what: str) -> ApiError:
    details = "; ".join(p.describe() for p in problems)
    return ApiError(
        400,
        C.ERR_INVALID_FORM_BODY,
        "Invalid Form Body",
        errors=form_errors(problems),
        violation=f"{what}: {details}",
    )


def not_found(code: int, message: str, *, violation: str | None = None) -> ApiError:
    return ApiError(404, code, message, violation=violation)


class FakeTimeout(AssertionError, TimeoutError):
    """A ``wait_*`` of the fake ran out of time (both an AssertionError and a TimeoutError)."""


class InteractionTimeout(FakeTimeout):
    """The bot did not answer an interaction in time (3 s for the initial callback)."""


class FakeUsageError(AssertionError):
    """The test asked the fake for something Discord's client would not do (unsynced command,
    missing required option, unknown button...)."""
