"""REST routes under ``/api/v10`` (aiohttp), plus the middleware every request passes through:
request log, ``Authorization`` check, injected failures, body parsing (JSON or multipart with
``payload_json``) and Discord-style JSON errors. Unknown routes answer ``404 {"code": 0}`` and are
recorded as violations. The CDN routes (``/attachments/...``, ``/ephemeral-attachments/...``) serve
attachment bytes without a token, as Discord's CDN does; they are logged in ``fake.downloads``."""

from __future__ import annotations

import asyncio
import json
import logging
import math
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from . import constants as C
from . import limits
from .attachments import FILE_PART_RE, DownloadRecord, UploadedFile, check_uploads
from .commands import response_form
from .errors import ApiError, FakeTimeout, invalid_form_body, not_found
from .messages import public
from .payloads import (
    application_payload,
    bot_user_payload,
    channel_payload,
    guild_payload,
    member_payload,
    role_payload,
    user_payload,
)
from .state import ChannelRecord, GuildRecord

if TYPE_CHECKING:
    from .fake import FakeDiscord

log = logging.getLogger(__name__)
API_PREFIX = f"/api/v{C.API_VERSION}"
JsonDict = dict[str, Any]
Handler = Callable[["Call"], Awaitable[web.StreamResponse]]
#: aiohttp's ``client_max_size``: a bigger body is answered 413 40005 (files are checked one by one first).
MAX_REQUEST_BODY = 64 * 1024 * 1024
#: Routes Discord serves without a bot token (the interaction token is the credential).
NO_AUTH_RE = re.compile(r"^/(interactions/\d+/[^/]+/callback|webhooks/\d+/[^/]+(/.*)?)$")


@dataclass
class RequestRecord:
    """One REST request as the fake received it. ``path`` is relative to ``/api/v10``."""

    method: str
    path: str
    query: dict[str, str]
    json: Any
    timestamp: float
    status: int | None = None
    files: list[str] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Call:
    """A parsed REST request handed to a route handler."""

    request: web.Request
    path: str
    body: Any
    files: list[UploadedFile]
    #: ``time.perf_counter()`` when the request reached the fake.
    arrived: float

    @property
    def match(self) -> Mapping[str, str]:
        return self.request.match_info

    @property
    def query(self) -> Mapping[str, str]:
        return self.request.query


@dataclass
class FailRule:
    method: str
    pattern: re.Pattern[str]
    status: int
    remaining: int
    body: JsonDict
    headers: dict[str, str]

    def matches(self, method: str, path: str) -> bool:
        return self.remaining > 0 and self.method in (method, "*") and bool(self.pattern.fullmatch(path))


class Hold:
    """A REST response the fake holds back (see :meth:`~tests.fakediscord.FakeDiscord.hold_next`): the
    request has been carried out (a posted message exists and was dispatched) but its answer waits for
    :meth:`release`."""

    def __init__(self, method: str, pattern: re.Pattern[str]) -> None:
        self.method = method
        self.pattern = pattern
        #: The request whose response is held, once one arrived.
        self.request: RequestRecord | None = None
        #: The JSON body the fake will answer with (for a message POST: the created message).
        self.body: Any = None
        self.status: int | None = None
        self._arrived = asyncio.Event()
        self._released = asyncio.Event()

    @property
    def holding(self) -> bool:
        return self._arrived.is_set() and not self._released.is_set()

    def matches(self, method: str, path: str) -> bool:
        return self.request is None and self.method in (method, "*") and bool(self.pattern.fullmatch(path))

    async def wait(self, timeout: float = 5.0) -> Any:  # noqa: ASYNC109
        """Until a matching request was carried out and its response is being held; returns the body."""
        try:
            await asyncio.wait_for(self._arrived.wait(), timeout)
        except TimeoutError:
            raise FakeTimeout(f"no {self.method} {self.pattern.pattern} arrived within {timeout} s to hold") from None
        return self.body

    def release(self) -> None:
        """Send the held response."""
        self._released.set()

    async def _hold(self, record: RequestRecord, response: web.Response) -> None:
        self.request = record
        self.status = response.status
        self.body = json.loads(response.body) if isinstance(response.body, bytes) and response.body else None
        self._arrived.set()
        await self._released.wait()


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """JSON with exactly ``Content-Type: application/json`` (discord.py compares the string)."""
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    return web.Response(body=json.dumps(data).encode(), status=status, headers=all_headers)


def no_content() -> web.Response:
    return web.Response(status=204)


def default_failure(status: int, *, code: int | None, message: str | None, retry_after: float) -> FailRule:
    """The body / headers Discord answers with for an injected status."""
    headers: dict[str, str] = {}
    if status == 429:
        body: JsonDict = {
            "message": message or "You are being rate limited.",
            "retry_after": retry_after,
            "global": False,
            "code": code or 0,
        }
        headers = {"Via": "1.1 google", "Retry-After": str(math.ceil(retry_after)), "X-RateLimit-Scope": "user"}
    elif status == 403:
        body = {
            "code": C.ERR_MISSING_PERMISSIONS if code is None else code,
            "message": message or "Missing Permissions",
        }
    elif status == 400:
        body = {
            "code": C.ERR_INVALID_FORM_BODY if code is None else code,
            "message": message or "Invalid Form Body",
            "errors": {},
        }
    else:
        reason = {
            500: "Internal Server Error",
            502: "Bad Gateway",
            503: "Service Unavailable",
            504: "Gateway Timeout",
            404: "Not Found",
            401: "Unauthorized",
        }.get(status, "Error")
        body = {"code": code or 0, "message": message or f"{status}: {reason}"}
    return FailRule("*", re.compile(""), status, 0, body, headers)


def truthy(value: str | None) -> bool:
    return value is not None and value.lower() in ("1", "true", "yes")


async def parse_body(request: web.Request) -> tuple[Any, list[UploadedFile]]:
    """JSON body, or the ``payload_json`` part of a multipart body plus its files."""
    ctype = request.content_type
    if ctype.startswith("multipart/"):
        try:
            form = await request.post()
        except web.HTTPRequestEntityTooLarge:
            raise ApiError(
                413,
                C.ERR_REQUEST_TOO_LARGE,
                "Request entity too large",
                violation=f"request body over the fake's {MAX_REQUEST_BODY} bytes",
            ) from None
        payload: Any = None
        files: list[UploadedFile] = []
        for name, value in form.items():
            if name == "payload_json":
                text = value if isinstance(value, str) else value.file.read().decode()
                payload = _loads(text)
            elif isinstance(value, web.FileField):
                part = FILE_PART_RE.match(name)
                index = int(part.group(1)) if part else None
                files.append(UploadedFile(value.filename, value.content_type, value.file.read(), index))
        return payload, files
    if not request.can_read_body:
        return None, []
    text = await request.text()
    return (_loads(text) if text.strip() else None), []


def _loads(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        raise ApiError(
            400,
            C.ERR_INVALID_JSON,
            "The request body contains invalid JSON.",
            violation=f"invalid JSON body: {text[:200]!r}",
        ) from None


class Rest:
    """Owns the aiohttp application; handlers read and change the fake's state."""

    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self.world = fake.world
        self.fail_rules: list[FailRule] = []
        self.holds: list[Hold] = []
        self.app = web.Application(client_max_size=MAX_REQUEST_BODY)
        self._add_routes()

    # -- routing ----------------------------------------------------------------------------------
    def _add_routes(self) -> None:
        r = self.app.router
        r.add_get("/gateway", self.fake.gateway.handle)
        r.add_get("/gateway-resume", self.fake.gateway.handle)
        api = API_PREFIX
        routes: list[tuple[str, str, Handler]] = [
            ("GET", "/users/@me", self.get_me),
            ("GET", "/users/{user_id:\\d+}", self.get_user),
            ("POST", "/users/@me/channels", self.create_dm),
            ("GET", "/oauth2/applications/@me", self.get_application),
            ("GET", "/applications/@me", self.get_application),
            ("GET", "/gateway", self.get_gateway),
            ("GET", "/gateway/bot", self.get_gateway_bot),
            ("GET", "/applications/{app_id:\\d+}/commands", self.get_commands),
            ("PUT", "/applications/{app_id:\\d+}/commands", self.put_commands),
            ("GET", "/applications/{app_id:\\d+}/guilds/{guild_id:\\d+}/commands", self.get_commands),
            ("PUT", "/applications/{app_id:\\d+}/guilds/{guild_id:\\d+}/commands", self.put_commands),
            ("POST", "/interactions/{interaction_id:\\d+}/{token}/callback", self.interaction_callback),
            ("POST", "/webhooks/{app_id:\\d+}/{token}", self.webhook_execute),
            ("GET", "/webhooks/{app_id:\\d+}/{token}/messages/{message_id}", self.webhook_get),
            ("PATCH", "/webhooks/{app_id:\\d+}/{token}/messages/{message_id}", self.webhook_edit),
            ("DELETE", "/webhooks/{app_id:\\d+}/{token}/messages/{message_id}", self.webhook_delete),
            ("GET", "/channels/{channel_id:\\d+}", self.get_channel),
            ("GET", "/channels/{channel_id:\\d+}/messages", self.list_messages),
            ("POST", "/channels/{channel_id:\\d+}/messages", self.create_message),
            ("GET", "/channels/{channel_id:\\d+}/messages/{message_id:\\d+}", self.get_message),
            ("PATCH", "/channels/{channel_id:\\d+}/messages/{message_id:\\d+}", self.edit_message),
            ("DELETE", "/channels/{channel_id:\\d+}/messages/{message_id:\\d+}", self.delete_message),
            ("POST", "/channels/{channel_id:\\d+}/typing", self.typing),
            ("GET", "/guilds/{guild_id:\\d+}", self.get_guild),
            ("GET", "/guilds/{guild_id:\\d+}/channels", self.get_guild_channels),
            ("GET", "/guilds/{guild_id:\\d+}/roles", self.get_guild_roles),
            ("GET", "/guilds/{guild_id:\\d+}/members/{user_id:\\d+}", self.get_member),
        ]
        for method, path, handler in routes:
            r.add_route(method, api + path, self._wrap(handler))
        for folder in ("attachments", "ephemeral-attachments"):
            r.add_get(f"/{folder}/{{channel_id:\\d+}}/{{attachment_id:\\d+}}/{{filename}}", self.download)
        r.add_route("*", "/{tail:.*}", self._wrap(self.unknown_route))

    def _wrap(self, handler: Handler) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        async def route(request: web.Request) -> web.StreamResponse:
            return await self._handle(request, handler)

        return route

    async def _handle(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """What every REST request goes through: log, body, auth, injected failure, errors."""
        arrived = time.perf_counter()
        path = request.path[len(API_PREFIX) :] if request.path.startswith(API_PREFIX + "/") else request.path
        record = RequestRecord(
            method=request.method,
            path=path,
            query=dict(request.query),
            json=None,
            timestamp=time.time(),
            headers={k: v for k, v in request.headers.items() if k.lower() != "authorization"},
        )
        self.fake.requests.append(record)
        try:
            body, files = await parse_body(request)
            record.json = body
            record.files = [f.filename for f in files]
            self._check_auth(request, path)
            injected = self._take_failure(request.method, path)
            call = Call(request, path, body, files, arrived)
            response = injected if injected is not None else await handler(call)
        except ApiError as exc:
            if exc.violation:
                self.fake.record_violation(f"{request.method} {path}: {exc.violation}")
            response = json_response(exc.body, status=exc.status)
        except Exception as exc:  # a bug in the fake: make it loud, not a silent 500 retry loop
            log.exception("fakediscord: internal error handling %s %s", request.method, path)
            self.fake.record_violation(f"{request.method} {path}: fakediscord internal error {exc!r}")
            response = json_response({"code": 0, "message": "500: Internal Server Error"}, status=500)
        hold = next((h for h in self.holds if h.matches(request.method, path)), None)
        if hold is not None:
            self.fake.notify()
            await hold._hold(record, response)
        record.status = response.status
        return response

    def _check_auth(self, request: web.Request, path: str) -> None:
        if NO_AUTH_RE.match(path):
            return
        auth = request.headers.get("Authorization", "")
        token = auth[4:] if auth.startswith("Bot ") else ""
        expected = self.fake.token
        if not token or (expected is not None and token != expected):
            raise ApiError(401, 0, "401: Unauthorized", violation="missing or wrong 'Authorization: Bot <token>'")

    def _take_failure(self, method: str, path: str) -> web.Response | None:
        for rule in self.fail_rules:
            if rule.matches(method, path):
                rule.remaining -= 1
                return json_response(rule.body, status=rule.status, headers=rule.headers)
        return None

    async def download(self, request: web.Request) -> web.StreamResponse:
        """GET of an attachment URL: its bytes with its content type, or 404 (unknown, deleted, or a
        path that does not match it). ``fail_next("GET", r"/attachments/.*")`` applies (the path is the
        URL's own, not relative to /api/v10). No token is needed and none is checked."""
        match = request.match_info
        folder = request.path.split("/")[1]
        record = self.fake.attachments.find(folder, match["channel_id"], match["attachment_id"], match["filename"])
        response: web.StreamResponse | None = self._take_failure("GET", request.path)
        if response is None:
            if record is None:
                response = web.Response(status=404, text="404: Not Found")
            else:
                ctype = record.content_type or "application/octet-stream"
                response = web.Response(body=record.content, headers={"Content-Type": ctype})
        self.fake.downloads.append(
            DownloadRecord(
                path=request.path,
                query=dict(request.query),
                attachment_id=int(match["attachment_id"]),
                status=response.status,
                timestamp=time.time(),
            )
        )
        self.fake.notify()
        return response

    async def unknown_route(self, call: Call) -> web.Response:
        request = call.request
        raise ApiError(404, 0, "404: Not Found", violation=f"unhandled route {request.method} {request.path}")

    # -- helpers ----------------------------------------------------------------------------------
    def _channel(self, call: Call) -> ChannelRecord:
        channel = self.world.channels.get(int(call.match["channel_id"]))
        if channel is None or channel.deleted:
            raise not_found(C.ERR_UNKNOWN_CHANNEL, "Unknown Channel")
        if channel.guild_id is not None and self.world.guilds[channel.guild_id].removed:
            raise ApiError(403, C.ERR_MISSING_ACCESS, "Missing Access")
        return channel

    def _guild(self, call: Call) -> GuildRecord:
        guild = self.world.guilds.get(int(call.match["guild_id"]))
        if guild is None:
            raise not_found(C.ERR_UNKNOWN_GUILD, "Unknown Guild")
        if guild.removed:
            raise ApiError(403, C.ERR_MISSING_ACCESS, "Missing Access")
        return guild

    def _check_app(self, call: Call) -> None:
        if int(call.match["app_id"]) != self.world.app_id:
            raise ApiError(
                403,
                20012,
                "You are not authorized to perform this action on this application",
                violation=f"application id {call.match['app_id']} is not the bot's ({self.world.app_id})",
            )

    def _channel_message(self, call: Call, channel: ChannelRecord) -> JsonDict:
        message_id = int(call.match["message_id"])
        message = channel.messages.get(message_id)
        if message is None:
            raise not_found(C.ERR_UNKNOWN_MESSAGE, "Unknown Message")
        return message

    def _check_message_body(
        self,
        body: Any,
        files: list[UploadedFile],
        what: str,
        *,
        channel: ChannelRecord,
        existing: list[JsonDict] | None = None,
    ) -> JsonDict:
        """Discord's checks on a channel post (``existing`` None) or an edit of a message with ``existing``
        attachments: files first (413 / too many), then the JSON limits, then emptiness."""
        creating = existing is None
        if not isinstance(body, dict):
            body = {}
        check_uploads(body, existing or [], files, self.world.upload_limit(channel), what)
        problems = limits.check_message(body, creating=creating)
        if problems:
            raise invalid_form_body(problems, what)
        if creating and limits.is_empty_message({**body, "files": files}):
            raise ApiError(400, C.ERR_EMPTY_MESSAGE, "Cannot send an empty message", violation=f"{what}: empty message")
        return body

    # -- users, application, gateway ------------------------------------------------------------
    async def get_me(self, call: Call) -> web.Response:
        return json_response(bot_user_payload(self.world.bot))

    async def get_user(self, call: Call) -> web.Response:
        user = self.world.users.get(int(call.match["user_id"]))
        if user is None:
            raise not_found(C.ERR_UNKNOWN_USER, "Unknown User")
        return json_response(user_payload(user))

    async def create_dm(self, call: Call) -> web.Response:
        body = call.body or {}
        user = self.world.users.get(int(body.get("recipient_id") or 0))
        if user is None:
            raise ApiError(
                400,
                C.ERR_INVALID_FORM_BODY,
                "Invalid Form Body",
                violation=f"create DM with unknown recipient {body.get('recipient_id')!r}",
            )
        channel = self.world.dm_channel(user)
        data = channel_payload(channel)
        data["recipients"] = [user_payload(user)]
        return json_response(data)

    async def get_application(self, call: Call) -> web.Response:
        return json_response(
            application_payload(self.world, flags=self.fake.application_flags, owner=self.fake.app_owner)
        )

    async def get_gateway(self, call: Call) -> web.Response:
        return json_response({"url": self.fake.gateway_url})

    async def get_gateway_bot(self, call: Call) -> web.Response:
        return json_response(
            {
                "url": self.fake.gateway_url,
                "shards": self.fake.recommended_shards,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 999,
                    "reset_after": 14_400_000,
                    "max_concurrency": 1,
                },
            }
        )

    # -- application commands --------------------------------------------------------------------
    def _command_scope(self, call: Call) -> int | None:
        self._check_app(call)
        if "guild_id" not in call.match:
            return None
        return self._guild(call).id

    async def get_commands(self, call: Call) -> web.Response:
        scope = self._command_scope(call)
        return json_response([response_form(c) for c in self.fake.registry.list(scope)])

    async def put_commands(self, call: Call) -> web.Response:
        scope = self._command_scope(call)
        body = call.body
        problems = limits.check_commands(body)
        if problems:
            where = "global" if scope is None else f"guild {scope}"
            raise invalid_form_body(problems, f"command sync ({where})")
        stored = self.fake.registry.overwrite(scope, body)
        self.fake.notify()
        return json_response([response_form(c) for c in stored])

    # -- interactions ------------------------------------------------------------------------------
    async def interaction_callback(self, call: Call) -> web.Response:
        answer = self.fake.flow.callback(
            int(call.match["interaction_id"]),
            call.match["token"],
            call.body,
            call.files,
            call.arrived,
        )
        if truthy(call.query.get("with_response")):
            return json_response(answer)
        return no_content()

    async def webhook_execute(self, call: Call) -> web.Response:
        flow = self.fake.flow
        r = flow.interaction_for_webhook(int(call.match["app_id"]), call.match["token"], "follow-up")
        body = call.body if isinstance(call.body, dict) else {}
        message = flow.followup(r, body, call.files)
        if truthy(call.query.get("wait")):
            return json_response(public(message))
        return no_content()

    async def webhook_get(self, call: Call) -> web.Response:
        flow = self.fake.flow
        r = flow.interaction_for_webhook(int(call.match["app_id"]), call.match["token"], "GET")
        return json_response(public(flow.find_message(r, call.match["message_id"], "GET")))

    async def webhook_edit(self, call: Call) -> web.Response:
        flow = self.fake.flow
        r = flow.interaction_for_webhook(int(call.match["app_id"]), call.match["token"], "edit")
        message = flow.find_message(r, call.match["message_id"], "edit")
        body = call.body if isinstance(call.body, dict) else {}
        return json_response(public(flow.edit(r, message, body, call.files)))

    async def webhook_delete(self, call: Call) -> web.Response:
        flow = self.fake.flow
        r = flow.interaction_for_webhook(int(call.match["app_id"]), call.match["token"], "delete")
        message = flow.find_message(r, call.match["message_id"], "delete")
        self.fake.store.delete(message)
        return no_content()

    # -- channels and messages ----------------------------------------------------------------------
    async def get_channel(self, call: Call) -> web.Response:
        return json_response(channel_payload(self._channel(call)))

    async def list_messages(self, call: Call) -> web.Response:
        channel = self._channel(call)
        limit = max(1, min(100, int(call.query.get("limit", "50"))))
        messages = list(reversed(channel.messages.values()))
        if "before" in call.query:
            messages = [m for m in messages if int(m["id"]) < int(call.query["before"])]
        if "after" in call.query:
            messages = [m for m in reversed(messages) if int(m["id"]) > int(call.query["after"])]
        return json_response([public(m) for m in messages[:limit]])

    async def get_message(self, call: Call) -> web.Response:
        channel = self._channel(call)
        return json_response(public(self._channel_message(call, channel)))

    async def create_message(self, call: Call) -> web.Response:
        channel = self._channel(call)
        needed = C.VIEW_CHANNEL | C.SEND_MESSAGES | (C.ATTACH_FILES if call.files else 0)
        if self.world.bot_channel_permissions(channel) & needed != needed:
            raise ApiError(403, C.ERR_MISSING_PERMISSIONS, "Missing Permissions")
        if channel.type == C.CHANNEL_DM and not self.world.users[channel.recipient_id].dms_open:
            raise ApiError(403, C.ERR_CANNOT_MESSAGE_USER, "Cannot send messages to this user")
        body = self._check_message_body(call.body, call.files, f"message in #{channel.name}", channel=channel)
        if body.get("flags", 0) & C.FLAG_EPHEMERAL:
            raise invalid_form_body(
                [limits.Problem(("flags",), "MESSAGE_FLAGS_INVALID", "EPHEMERAL cannot be set on channel posts")],
                f"message in #{channel.name}",
            )
        nonce = self._nonce(body, channel)
        if nonce is not None and body.get("enforce_nonce"):
            sent = self.fake.nonces.get((channel.id, nonce))
            if sent is not None and time.monotonic() - sent[1] <= self.fake.nonce_window:
                earlier = self.fake.store.by_id.get(sent[0])
                if earlier is not None:  # Discord answers with the message already created, and creates none
                    return json_response(public(earlier))
        message = self.fake.store.create(channel, body, files=call.files)
        if nonce is not None:
            message["nonce"] = nonce
            self.fake.nonces[(channel.id, nonce)] = (int(message["id"]), time.monotonic())
        return json_response(public(message))

    @staticmethod
    def _nonce(body: JsonDict, channel: ChannelRecord) -> str | None:
        """``nonce``: an integer or a string of at most 25 characters (MessageCreateRequest)."""
        nonce = body.get("nonce")
        if nonce is None:
            return None
        if isinstance(nonce, bool) or not isinstance(nonce, int | str) or len(str(nonce)) > C.MAX_NONCE:
            raise invalid_form_body(
                [limits.Problem(("nonce",), "BASE_TYPE_MAX_LENGTH", f"Must be {C.MAX_NONCE} or fewer in length.")],
                f"message in #{channel.name}",
            )
        return str(nonce)

    async def edit_message(self, call: Call) -> web.Response:
        channel = self._channel(call)
        message = self._channel_message(call, channel)
        if message["author"]["id"] != str(self.world.bot.id):
            raise ApiError(403, C.ERR_CANNOT_EDIT_OTHERS_MESSAGE, "Cannot edit a message authored by another user")
        body = self._check_message_body(
            call.body, call.files, f"edit in #{channel.name}", channel=channel, existing=message["attachments"]
        )
        return json_response(public(self.fake.store.edit(message, body, files=call.files)))

    async def delete_message(self, call: Call) -> web.Response:
        channel = self._channel(call)
        message = self._channel_message(call, channel)
        self.fake.store.delete(message)
        return no_content()

    async def typing(self, call: Call) -> web.Response:
        self._channel(call)
        return no_content()

    # -- guilds ------------------------------------------------------------------------------------
    async def get_guild(self, call: Call) -> web.Response:
        guild = self._guild(call)
        data = guild_payload(guild)
        if truthy(call.query.get("with_counts")):
            data.update(approximate_member_count=len(guild.members), approximate_presence_count=0)
        return json_response(data)

    async def get_guild_channels(self, call: Call) -> web.Response:
        guild = self._guild(call)
        return json_response([channel_payload(c) for c in guild.channels.values() if not c.deleted])

    async def get_guild_roles(self, call: Call) -> web.Response:
        guild = self._guild(call)
        return json_response([role_payload(r) for r in guild.roles.values()])

    async def get_member(self, call: Call) -> web.Response:
        guild = self._guild(call)
        member = guild.members.get(int(call.match["user_id"]))
        if member is None:
            raise not_found(C.ERR_UNKNOWN_MEMBER, "Unknown Member")
        return json_response(member_payload(member))
