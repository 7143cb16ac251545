"""Interactions the fake sent and everything the bot answered to them.

:class:`InteractionResult` is what ``fake.command()`` / ``click()`` / ``autocomplete()`` return.
:class:`InteractionFlow` implements the interaction endpoints: the initial callback, follow-ups and
``@original`` edits, with Discord's rules (3 s deadline, one initial response, the first follow-up
after a type 5 defer replaces the "thinking" message and keeps the defer's ephemerality).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from . import constants as C
from . import limits
from .attachments import UploadedFile, check_uploads
from .errors import ApiError, FakeTimeout, invalid_form_body, not_found
from .limits import Problem
from .messages import MessageStore, public, snapshot
from .payloads import user_payload
from .state import World

JsonDict = dict[str, Any]

KIND_NAMES = {2: "command", 3: "component", 4: "autocomplete", 5: "modal submit"}
ALLOWED_CALLBACKS = {
    C.INTERACTION_APPLICATION_COMMAND: {4, 5, 9},
    C.INTERACTION_MESSAGE_COMPONENT: {4, 5, 6, 7, 9},
    C.INTERACTION_AUTOCOMPLETE: {8},
    C.INTERACTION_MODAL_SUBMIT: {4, 5, 6, 7},
}
CALLBACK_NAMES = {
    4: "CHANNEL_MESSAGE_WITH_SOURCE",
    5: "DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE",
    6: "DEFERRED_UPDATE_MESSAGE",
    7: "UPDATE_MESSAGE",
    8: "APPLICATION_COMMAND_AUTOCOMPLETE_RESULT",
    9: "MODAL",
}


class InteractionResult:
    """One interaction: its payload, the bot's initial response and every message it produced."""

    def __init__(
        self,
        *,
        interaction_id: int,
        token: str,
        type: int,
        label: str,
        guild_id: int | None,
        channel_id: int,
        user_id: int,
        source_message_id: int | None = None,
        deadline: float = C.INTERACTION_CALLBACK_DEADLINE,
    ) -> None:
        self.id = interaction_id
        self.token = token
        self.type = type
        #: How the interaction is named in errors: "/date", "button 'next'"...
        self.label = label
        self.guild_id = guild_id
        self.channel_id = channel_id
        self.user_id = user_id
        #: For components (and modals opened from one): the message that holds the component.
        self.source_message_id = source_message_id
        self.deadline = deadline
        #: The INTERACTION_CREATE ``d`` sent on the gateway.
        self.payload: JsonDict = {}
        #: The initial callback body as the bot sent it: ``{"type": 4, "data": {...}}``.
        self.response: JsonDict | None = None
        #: Snapshots of every message created or edited for this interaction, in order.
        self.messages: list[JsonDict] = []
        #: Why the fake rejected the bot's requests for this interaction (400s, late callbacks).
        self.rejections: list[str] = []
        self.created_at = time.perf_counter()
        self.sent_at: float | None = None
        self.callback_at: float | None = None
        self.original_message_id: int | None = None
        self.followup_ids: list[int] = []
        self.expired = False
        self.loading = False
        loop = asyncio.get_running_loop()
        self._sent: asyncio.Future[float] = loop.create_future()
        self._callback: asyncio.Future[JsonDict] = loop.create_future()
        self._final: asyncio.Future[JsonDict | None] = loop.create_future()

    def __repr__(self) -> str:
        rtype = None if self.response is None else self.response.get("type")
        return f"<InteractionResult {self.label} id={self.id} response_type={rtype} done={self.done}>"

    # -- public view ----------------------------------------------------------------------------
    @property
    def latency(self) -> float | None:
        """Seconds from the INTERACTION_CREATE frame being written to the callback arriving."""
        if self.sent_at is None or self.callback_at is None:
            return None
        return self.callback_at - self.sent_at

    @property
    def response_type(self) -> int | None:
        return None if self.response is None else self.response.get("type")

    @property
    def done(self) -> bool:
        return self._final.done()

    @property
    def final(self) -> JsonDict | None:
        """The final message (see :meth:`wait_final`), or None while not done."""
        return self._final.result() if self._final.done() else None

    @property
    def ephemeral(self) -> bool:
        """Whether the final message is ephemeral (flags & 64)."""
        final = self.final
        if final is None:
            raise AssertionError(f"{self.label}: not done yet ({self.describe_state()}); await wait_final()")
        return bool(final.get("flags", 0) & C.FLAG_EPHEMERAL)

    @property
    def choices(self) -> list[JsonDict]:
        """The autocomplete choices of a type 8 response."""
        if self.response_type != C.CALLBACK_AUTOCOMPLETE_RESULT:
            raise AssertionError(f"{self.label}: response is type {self.response_type}, not 8 (autocomplete)")
        assert self.response is not None
        return list(self.response["data"].get("choices") or [])

    @property
    def modal(self) -> JsonDict:
        """The modal a type 9 response opened (custom_id, title, components)."""
        if self.response_type != C.CALLBACK_MODAL:
            raise AssertionError(f"{self.label}: response is type {self.response_type}, not 9 (modal)")
        assert self.response is not None
        return self.response["data"]

    async def wait_final(self, timeout: float = 5.0) -> JsonDict:  # noqa: ASYNC109
        """Wait until the interaction is done and return its final message dict.

        Done means: an immediate type 4 / 7 response (the message), or after a type 5 / 6 defer a
        follow-up or an edit of @original (that message). For type 8 it returns
        ``{"choices": [...]}``, for type 9 the modal data."""
        try:
            result = await asyncio.wait_for(asyncio.shield(self._final), timeout)
        except TimeoutError:
            raise FakeTimeout(f"{self.label}: not done within {timeout} s: {self.describe_state()}") from None
        assert result is not None
        return result

    def describe_state(self) -> str:
        if self.response is None:
            text = "no initial response"
        else:
            rtype = self.response.get("type")
            text = f"initial response type {rtype} ({CALLBACK_NAMES.get(rtype, '?')})"
            if rtype in (5, 6) and not self.done:
                text += ", no follow-up or edit of @original yet"
        if self.rejections:
            text += "; the fake rejected: " + " | ".join(self.rejections)
        return text

    # -- used by the fake -----------------------------------------------------------------------
    def mark_sent(self, when: float) -> None:
        if self.sent_at is None:
            self.sent_at = when
        if not self._sent.done():
            self._sent.set_result(when)

    def record(self, message: JsonDict) -> None:
        self.messages.append(snapshot(message))

    def finish(self, result: JsonDict) -> None:
        if not self._final.done():
            self._final.set_result(snapshot(result))


class InteractionFlow:
    """The interaction endpoints' logic; REST handlers call these and send back what they return."""

    def __init__(self, world: World, store: MessageStore, notify: Callable[[], None]) -> None:
        self._world = world
        self._store = store
        self._notify = notify
        self.by_id: dict[int, InteractionResult] = {}
        self.by_token: dict[str, InteractionResult] = {}
        self.all: list[InteractionResult] = []
        self.latencies: list[float] = []

    def register(self, result: InteractionResult) -> None:
        self.by_id[result.id] = result
        self.by_token[result.token] = result
        self.all.append(result)

    # -- POST /interactions/{id}/{token}/callback ------------------------------------------------
    def callback(
        self, interaction_id: int, token: str, body: Any, files: list[UploadedFile], arrived: float
    ) -> JsonDict:
        """Handle the initial response; returns Discord's interaction callback response."""
        r = self.by_id.get(interaction_id)
        if r is None or r.token != token:
            raise not_found(
                C.ERR_UNKNOWN_INTERACTION,
                "Unknown interaction",
                violation=f"callback for unknown interaction {interaction_id}",
            )
        elapsed = arrived - (r.sent_at or r.created_at)
        if r.expired or elapsed > r.deadline:
            r.expired = True
            reason = (
                f"{r.label}: initial response arrived {elapsed:.2f} s after INTERACTION_CREATE (limit {r.deadline} s)"
            )
            r.rejections.append(reason)
            raise not_found(C.ERR_UNKNOWN_INTERACTION, "Unknown interaction", violation=reason)
        if r.response is not None:
            reason = f"{r.label}: second initial response (already answered with type {r.response_type})"
            r.rejections.append(reason)
            raise ApiError(
                400, C.ERR_ALREADY_ACKNOWLEDGED, "Interaction has already been acknowledged.", violation=reason
            )
        if not isinstance(body, dict):
            raise self._reject(r, [Problem((), "DICT_TYPE_CONVERT", "body must be an object")])
        ctype = body.get("type")
        data = body.get("data") or {}
        if ctype not in ALLOWED_CALLBACKS[r.type]:
            kind = KIND_NAMES.get(r.type, r.type)
            raise self._reject(
                r,
                [
                    Problem(
                        ("type",),
                        "INTERACTION_RESPONSE_TYPE_INVALID",
                        f"callback type {ctype} is not valid for a {kind} interaction",
                    )
                ],
            )
        if ctype in (C.CALLBACK_CHANNEL_MESSAGE, C.CALLBACK_UPDATE_MESSAGE) and isinstance(data, dict):
            source = self._store.by_id.get(r.source_message_id or -1) if ctype == C.CALLBACK_UPDATE_MESSAGE else None
            self._check_files(r, data, source["attachments"] if source else [], files, "initial response")
        problems = self._validate(ctype, data, r)
        if problems:
            raise self._reject(r, problems)

        r.response = body
        r.callback_at = arrived
        if r.sent_at is None:  # the writer had not resumed yet: the frame did go out
            r.mark_sent(r.created_at)
        assert r.sent_at is not None
        self.latencies.append(arrived - r.sent_at)
        resource = self._apply_callback(r, ctype, data, files)
        if not r._callback.done():
            r._callback.set_result(body)
        self._notify()
        original = self._store.by_id.get(r.original_message_id or -1)
        info: JsonDict = {"id": str(r.id), "type": r.type}
        if original is not None and ctype in (4, 5):
            info.update(
                response_message_id=original["id"],
                response_message_loading=ctype == 5,
                response_message_ephemeral=bool(original["flags"] & C.FLAG_EPHEMERAL),
            )
        answer: JsonDict = {"interaction": info}
        if resource is not None:
            answer["resource"] = resource
        return answer

    def _validate(self, ctype: int, data: Any, r: InteractionResult) -> list[Problem]:
        if ctype in (4, 7):
            problems = [_prefix(p, "data") for p in limits.check_message(data, creating=ctype == 4)]
            if ctype == 4 and isinstance(data, dict) and limits.is_empty_message(data):
                problems.append(Problem(("data",), "EMPTY_MESSAGE", "Cannot send an empty message"))
            if ctype == 7 and r.source_message_id is None:
                problems.append(
                    Problem(
                        ("type",),
                        "INTERACTION_RESPONSE_TYPE_INVALID",
                        "UPDATE_MESSAGE needs an interaction from a message component",
                    )
                )
            return problems
        if ctype == 8:
            return limits.check_autocomplete(data)
        if ctype == 9:
            return limits.check_modal(data)
        return []

    def _apply_callback(
        self, r: InteractionResult, ctype: int, data: JsonDict, files: list[UploadedFile]
    ) -> JsonDict | None:
        channel = self._world.channels[r.channel_id]
        if ctype == C.CALLBACK_CHANNEL_MESSAGE:
            message = self._store.create(
                channel,
                data,
                files=files,
                message_type=self._message_type(r),
                from_interaction=self._metadata(r),
            )
            r.original_message_id = int(message["id"])
            r.record(message)
            r.finish(message)
            return {"type": ctype, "message": public(message)}
        if ctype == C.CALLBACK_DEFERRED_CHANNEL_MESSAGE:
            flags = (int(data.get("flags") or 0) & C.FLAG_EPHEMERAL) | C.FLAG_LOADING
            message = self._store.create(
                channel,
                {"content": ""},
                extra_flags=flags,
                message_type=self._message_type(r),
                from_interaction=self._metadata(r),
            )
            r.original_message_id = int(message["id"])
            r.loading = True
            return None
        if ctype == C.CALLBACK_DEFERRED_UPDATE_MESSAGE:
            r.original_message_id = r.source_message_id
            return None
        if ctype == C.CALLBACK_UPDATE_MESSAGE:
            source = self._store.by_id.get(r.source_message_id or -1)
            if source is None:
                raise not_found(
                    C.ERR_UNKNOWN_MESSAGE,
                    "Unknown Message",
                    violation=f"{r.label}: UPDATE_MESSAGE of a deleted message",
                )
            message = self._store.edit(source, data, files=files)
            r.original_message_id = int(message["id"])
            r.record(message)
            r.finish(message)
            return {"type": ctype, "message": public(message)}
        if ctype == C.CALLBACK_AUTOCOMPLETE_RESULT:
            r.finish({"choices": list(data.get("choices") or [])})
        elif ctype == C.CALLBACK_MODAL:
            r.finish(data)
        return None

    # -- /webhooks/{app}/{token}... --------------------------------------------------------------
    def interaction_for_webhook(self, application_id: int, token: str, what: str) -> InteractionResult:
        r = self.by_token.get(token)
        if r is None or application_id != self._world.app_id:
            raise not_found(
                C.ERR_UNKNOWN_WEBHOOK,
                "Unknown Webhook",
                violation=f"{what}: unknown application id or interaction token",
            )
        if time.perf_counter() - r.created_at > C.INTERACTION_TOKEN_TTL:
            raise ApiError(
                401,
                C.ERR_INVALID_WEBHOOK_TOKEN,
                "Invalid Webhook Token",
                violation=f"{r.label}: {what} after the 15-minute token lifetime",
            )
        if r.response is None:
            reason = f"{r.label}: {what} before the initial response"
            r.rejections.append(reason)
            raise not_found(C.ERR_UNKNOWN_WEBHOOK, "Unknown Webhook", violation=reason)
        return r

    def followup(self, r: InteractionResult, body: Any, files: list[UploadedFile]) -> JsonDict:
        self._check_files(r, body, [], files, "follow-up")
        problems = limits.check_message(body, creating=True)
        if not problems and limits.is_empty_message({**body, "files": files}):
            r.rejections.append(f"{r.label}: empty follow-up")
            raise ApiError(
                400,
                C.ERR_EMPTY_MESSAGE,
                "Cannot send an empty message",
                violation=f"{r.label}: empty follow-up message",
            )
        if problems:
            raise self._reject(r, problems, what="follow-up")
        if r.loading:
            # Discord: the first follow-up after a type 5 defer *is* the deferred response; it keeps
            # the defer's ephemerality whatever flags the follow-up has.
            original = self._store.by_id[r.original_message_id or -1]
            body = {**body, "flags": (int(body.get("flags") or 0) & ~C.FLAG_EPHEMERAL)}
            message = self._store.edit(original, body, files=files)
            r.loading = False
        else:
            channel = self._world.channels[r.channel_id]
            message = self._store.create(channel, body, files=files, from_interaction=self._metadata(r))
            r.followup_ids.append(int(message["id"]))
        r.record(message)
        r.finish(message)
        return message

    def find_message(self, r: InteractionResult, message_id: str, what: str) -> JsonDict:
        if message_id == "@original":
            target = r.original_message_id
            if target is None and r.type == C.INTERACTION_MESSAGE_COMPONENT:
                target = r.source_message_id
        else:
            target = int(message_id) if message_id.isdigit() else None
            if target not in (r.original_message_id, r.source_message_id, *r.followup_ids):
                target = None
        message = self._store.by_id.get(target or -1)
        if message is None:
            reason = f"{r.label}: {what} of message {message_id}, which this interaction does not have"
            r.rejections.append(reason)
            raise not_found(C.ERR_UNKNOWN_MESSAGE, "Unknown Message", violation=reason)
        return message

    def edit(self, r: InteractionResult, message: JsonDict, body: Any, files: list[UploadedFile]) -> JsonDict:
        self._check_files(r, body, message["attachments"], files, "edit")
        problems = limits.check_message(body, creating=False)
        if problems:
            raise self._reject(r, problems, what="edit")
        if int(message["id"]) == r.original_message_id:
            r.loading = False
        message = self._store.edit(message, body, files=files)
        r.record(message)
        r.finish(message)
        return message

    # -- helpers ----------------------------------------------------------------------------------
    def _reject(self, r: InteractionResult, problems: list[Problem], what: str = "initial response") -> ApiError:
        error = invalid_form_body(problems, f"{r.label} {what}")
        if error.violation:
            r.rejections.append(error.violation)
        return error

    def _check_files(
        self, r: InteractionResult, body: JsonDict, existing: list[JsonDict], files: list[UploadedFile], what: str
    ) -> None:
        """Each file within the interaction's ``attachment_size_limit`` (else 413 40005); ≤ 10 attachments."""
        limit = int(r.payload.get("attachment_size_limit") or C.ATTACHMENT_SIZE_LIMIT)
        try:
            check_uploads(body, existing, files, limit, f"{r.label} {what}")
        except ApiError as exc:
            if exc.violation:
                r.rejections.append(exc.violation)
            raise

    @staticmethod
    def _message_type(r: InteractionResult) -> int:
        return C.MESSAGE_CHAT_INPUT_COMMAND if r.type == C.INTERACTION_APPLICATION_COMMAND else C.MESSAGE_DEFAULT

    def _metadata(self, r: InteractionResult) -> JsonDict:
        user = self._world.users[r.user_id]
        owners = {"0": str(r.guild_id or 0)}
        data: JsonDict = {
            "id": str(r.id),
            "type": r.type,
            "user": user_payload(user),
            "authorizing_integration_owners": owners,
        }
        if r.type == C.INTERACTION_APPLICATION_COMMAND:
            data["name"] = r.label.lstrip("/")
            data["command_type"] = 1
        if r.original_message_id is not None:
            data["original_response_message_id"] = str(r.original_message_id)
        if r.source_message_id is not None:
            data["interacted_message_id"] = str(r.source_message_id)
        return data


def _prefix(problem: Problem, key: str) -> Problem:
    return Problem((key, *problem.path), problem.code, problem.message)
