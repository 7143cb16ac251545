"""``FakeDiscord``: a loopback Discord (REST API v10 + gateway) for end-to-end tests of a real
discord.py client. See the package docstring for an example."""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator, Callable, Collection, Iterator
from typing import Any, TypeVar

from aiohttp import web

from . import constants as C
from .actions import UserActions
from .attachments import AttachmentRecord, AttachmentStore, DownloadRecord
from .commands import CommandRegistry
from .errors import FakeTimeout, FakeUsageError
from .gateway import Gateway, GatewaySession
from .interactions import InteractionFlow, InteractionResult
from .messages import MessageStore
from .payloads import (
    bot_user_payload,
    channel_payload,
    guild_create_payload,
    member_payload,
    role_payload,
    user_payload,
)
from .rest import API_PREFIX, Hold, RequestRecord, Rest, default_failure
from .state import ChannelRecord, GuildRecord, MemberRecord, RoleRecord, UserRecord, World, as_id, iso_now

JsonDict = dict[str, Any]
T = TypeVar("T")


class Notifier:
    """Wakes every waiter when the fake's state changed; waiters re-check their condition."""

    def __init__(self) -> None:
        self._event = asyncio.Event()

    def notify(self) -> None:
        self._event.set()
        self._event = asyncio.Event()

    async def wait_for(self, check: Callable[[], T], timeout: float, what: str) -> T:  # noqa: ASYNC109
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            result = check()
            if result:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise FakeTimeout(f"timed out after {timeout} s waiting for {what}")
            event = self._event
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)


class FakeDiscord(UserActions):
    """An in-process Discord for one bot. Use as ``async with FakeDiscord() as fake:``.

    Parameters: ``heartbeat_interval`` (ms, sent in HELLO), ``interaction_deadline`` (seconds the
    bot has for the initial callback; Discord's is 3), ``bot_name``, ``application_id`` (also the
    bot user's id; random by default), ``bot_permissions`` (the bot's managed role),
    ``enabled_privileged_intents`` (what the developer portal allows; IDENTIFY asking for more is
    closed with 4014), ``token`` (require this exact bot token; any token by default),
    ``attachment_size_limit`` (bytes per file, for members' uploads and the bot's files; per guild with
    ``add_guild(attachment_size_limit=...)``).

    Close the discord.py client before leaving the ``async with`` block: the fake closes the
    websocket on exit and a still-running client would keep reconnecting to a closed port."""

    def __init__(
        self,
        *,
        heartbeat_interval: int = 41250,
        interaction_deadline: float = C.INTERACTION_CALLBACK_DEADLINE,
        bot_name: str = "Chronicle",
        application_id: int | None = None,
        bot_permissions: int = C.DEFAULT_BOT_PERMISSIONS,
        enabled_privileged_intents: int = C.PRIVILEGED_INTENTS,
        token: str | None = None,
        attachment_size_limit: int = C.ATTACHMENT_SIZE_LIMIT,
    ) -> None:
        self.world = World(
            bot_name=bot_name,
            app_id=application_id,
            bot_permissions=bot_permissions,
            attachment_size_limit=attachment_size_limit,
        )
        self.app_owner: UserRecord = self.world.new_user("app-owner")
        self.token = token
        self.interaction_deadline = interaction_deadline
        self.enabled_privileged_intents = enabled_privileged_intents
        #: Every REST request (see :class:`~tests.fakediscord.rest.RequestRecord`).
        self.requests: list[RequestRecord] = []
        #: Human-readable lines for everything the bot did that real Discord rejects.
        self.violations: list[str] = []
        #: Every GET of an attachment URL (the fake's CDN), with its status.
        self.downloads: list[DownloadRecord] = []
        self._notifier = Notifier()
        self.registry = CommandRegistry(self.world)
        self.gateway = Gateway(
            build_ready=self._ready_events,
            members_chunk=self._members_chunk,
            on_change=self.notify,
            violation=self.record_violation,
            heartbeat_interval=heartbeat_interval,
            enabled_privileged_intents=enabled_privileged_intents,
            expected_token=token,
        )
        self.attachments = AttachmentStore(self.world.snowflake, lambda: self.cdn_base)
        self.store = MessageStore(self.world, self.gateway.dispatch, self.notify, self.attachments)
        self.recommended_shards = 1
        """What ``GET /gateway/bot`` recommends; an auto-sharded client without a shard count runs this many."""
        self.nonce_window = C.NONCE_WINDOW
        """Seconds a channel post's ``nonce`` is remembered for ``enforce_nonce`` (Discord: "the past few minutes")."""
        self.nonces: dict[tuple[int, str], tuple[int, float]] = {}
        """(channel, nonce) → (message id, when it was created, monotonic)."""
        self.flow = InteractionFlow(self.world, self.store, self.notify)
        self.rest = Rest(self)
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle --------------------------------------------------------------------------------
    async def __aenter__(self) -> FakeDiscord:
        self._runner = web.AppRunner(self.rest.app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        for hold in self.rest.holds:
            hold.release()
        await self.gateway.close_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def cdn_base(self) -> str:
        """Where attachment URLs point: the fake itself."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    @property
    def resume_gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway-resume"

    @contextlib.asynccontextmanager
    async def serving(self, client: Any, guild_id: Any) -> AsyncIterator[Any]:
        """Run a discord.py ``client`` against the fake (patched) until the block ends: started with a token,
        identified and its commands synced to ``guild_id`` before the block, closed after it."""
        with self.patched():
            task = asyncio.create_task(client.start("token"))
            try:
                await self.wait_identified()
                await self.wait_synced(guild_id)
                yield client
            finally:
                await client.close()
                await asyncio.wait_for(task, 5)

    @contextlib.contextmanager
    def patched(self) -> Iterator[FakeDiscord]:
        """Point discord.py at the fake: ``Route.BASE`` and ``DiscordWebSocket.DEFAULT_GATEWAY``."""
        import discord.gateway  # noqa: PLC0415 - only tests that drive discord.py need it
        import discord.http  # noqa: PLC0415
        import yarl  # noqa: PLC0415

        old_base = discord.http.Route.BASE
        old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
        discord.http.Route.BASE = self.api_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)
        try:
            yield self
        finally:
            discord.http.Route.BASE = old_base
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway

    def notify(self) -> None:
        self._notifier.notify()

    def record_violation(self, text: str) -> None:
        self.violations.append(text)
        self.notify()

    # -- observing ---------------------------------------------------------------------------------
    @property
    def application_id(self) -> int:
        return self.world.app_id

    @property
    def bot_user(self) -> UserRecord:
        return self.world.bot

    @property
    def latencies(self) -> list[float]:
        """Per answered interaction: seconds from INTERACTION_CREATE written to callback arrival."""
        return self.flow.latencies

    @property
    def interactions(self) -> list[InteractionResult]:
        return self.flow.all

    @property
    def identify_payload(self) -> JsonDict | None:
        """The ``d`` of the latest IDENTIFY (token, intents, properties, shard...)."""
        return self.gateway.identifies[-1] if self.gateway.identifies else None

    @property
    def identifies(self) -> list[JsonDict]:
        return self.gateway.identifies

    @property
    def resumes(self) -> list[JsonDict]:
        """``d`` of every successful RESUME."""
        return self.gateway.resumes

    @property
    def application_flags(self) -> int:
        flags = C.APP_FLAG_APPLICATION_COMMAND_BADGE
        for intent, flag in (
            (C.INTENT_GUILD_PRESENCES, C.APP_FLAG_GATEWAY_PRESENCE_LIMITED),
            (C.INTENT_GUILD_MEMBERS, C.APP_FLAG_GATEWAY_GUILD_MEMBERS_LIMITED),
            (C.INTENT_MESSAGE_CONTENT, C.APP_FLAG_GATEWAY_MESSAGE_CONTENT_LIMITED),
        ):
            if self.enabled_privileged_intents & intent:
                flags |= flag
        return flags

    def messages(self, channel_id: Any) -> list[JsonDict]:
        """Non-ephemeral messages in a channel, oldest first (live dicts; see messages.py)."""
        return list(self.world.channel(channel_id).messages.values())

    def file_bytes(self, message: JsonDict | Any, filename: str) -> bytes:
        """The bytes of the attachment ``filename`` the message (a dict or an id) has now."""
        stored = self.message(message["id"] if isinstance(message, dict) else message)
        for record in stored["files"]:
            if record.filename == filename:
                return record.content
        names = [a["filename"] for a in stored["attachments"]]
        raise FakeUsageError(f"message {stored['id']} has no attachment {filename!r} (has {names})")

    def commands(self, guild_id: Any = None) -> list[JsonDict]:
        """Synced commands as the bot PUT them (plus id, application_id, version, guild_id)."""
        return self.registry.list(None if guild_id is None else as_id(guild_id))

    # -- waiting -----------------------------------------------------------------------------------
    async def wait_identified(self, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Until a client IDENTIFYed and READY plus every GUILD_CREATE were written to it."""
        await self._notifier.wait_for(
            lambda: any(s.ready_sent for s in self.gateway.live_sessions()), timeout, "IDENTIFY + READY"
        )

    async def wait_resumed(self, count: int = 1, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Until ``count`` RESUMEs in total succeeded."""
        await self._notifier.wait_for(lambda: len(self.resumes) >= count, timeout, f"{count} RESUME(s)")

    async def wait_synced(self, guild_id: Any = None, timeout: float = 10.0) -> list[JsonDict]:  # noqa: ASYNC109
        """Until the bot synced commands (to ``guild_id``, or globally); returns them."""
        scope = None if guild_id is None else as_id(guild_id)
        await self._notifier.wait_for(lambda: self.registry.synced(scope), timeout, f"command sync ({scope})")
        return self.registry.list(scope)

    async def wait_for_message(
        self,
        channel_id: Any,
        timeout: float = 5.0,  # noqa: ASYNC109
        *,
        check: Callable[[JsonDict], bool] | None = None,
        since: Collection[Any] | None = None,
    ) -> JsonDict:
        """The next message posted in a channel after this call (optionally matching ``check``), or, with
        ``since`` (message ids), the first one not among those: a message posted while the caller was still
        awaiting something else is found too. A deferred response still "thinking" counts once it gets its
        content."""
        channel = self.world.channel(channel_id)
        seen = set(channel.messages) if since is None else {as_id(m) for m in since}

        def find() -> JsonDict | None:
            for message_id, message in channel.messages.items():
                if message["flags"] & C.FLAG_LOADING:  # a deferred response still "thinking"
                    continue
                if message_id not in seen and (check is None or check(message)):
                    return message
            return None

        return await self._notifier.wait_for(find, timeout, f"a message in #{channel.name}")

    # -- building the world -------------------------------------------------------------------------
    def add_guild(
        self,
        name: str = "Test Guild",
        *,
        owner_name: str = "owner",
        locale: str = "en-US",
        attachment_size_limit: int | None = None,
    ) -> GuildRecord:
        """A guild with @everyone (id == guild id), the bot's managed role, a text channel "general",
        an owner member and the bot's member. Announced with GUILD_CREATE if a client is connected.
        ``attachment_size_limit``: bytes per file in this guild (a boosted guild's), else the fake's."""
        guild = self.world.new_guild(name, owner_name=owner_name)
        guild.preferred_locale = locale
        guild.attachment_size_limit = attachment_size_limit
        for session in self.gateway.live_sessions():
            if session.covers(guild.id):
                session.dispatch(
                    "GUILD_CREATE", guild_create_payload(guild, self.world, intents=session.intents, joined=True)
                )
        return guild

    def add_channel(
        self,
        guild_id: Any,
        name: str,
        *,
        type: int = C.CHANNEL_GUILD_TEXT,
        topic: str | None = None,
        parent_id: int | None = None,
        bot_permissions: int | None = None,
    ) -> ChannelRecord:
        """A guild channel (text by default). ``bot_permissions`` overrides the bot's permissions in
        it (e.g. without SEND_MESSAGES: posts get 403 50013)."""
        guild = self.world.guild(guild_id)
        channel = self.world.new_channel(
            guild, name, type=type, topic=topic, parent_id=parent_id, bot_permissions=bot_permissions
        )
        self.gateway.dispatch("CHANNEL_CREATE", channel_payload(channel), guild_id=guild.id)
        return channel

    def attachment(
        self,
        filename: str,
        data: bytes,
        *,
        content_type: str | None = None,
        description: str | None = None,
        bypass_limit: bool = False,
    ) -> AttachmentRecord:
        """A file a member uploads as the value of an attachment option: pass it in ``command()``'s options.
        The interaction carries its id as the value and the attachment object in ``resolved.attachments``;
        its ``url`` serves ``data`` from the fake. ``content_type`` defaults to a guess from the extension.
        A file over the channel's ``attachment_size_limit`` is a FakeUsageError when used (Discord's client
        refuses to upload it) unless ``bypass_limit=True``, to test the bot's own size check."""
        if not isinstance(data, bytes | bytearray):
            raise FakeUsageError(f"attachment data must be bytes, got {type(data).__name__}")
        return self.attachments.add(
            filename,
            bytes(data),
            content_type=content_type,
            description=description,
            ephemeral=True,
            bypass_limit=bypass_limit,
        )

    def add_role(self, guild_id: Any, name: str, *, permissions: int = 0, color: int = 0) -> RoleRecord:
        guild = self.world.guild(guild_id)
        role = RoleRecord(
            id=self.world.snowflake(),
            guild_id=guild.id,
            name=name,
            permissions=permissions,
            position=len(guild.roles),
            color=color,
        )
        guild.roles[role.id] = role
        self.gateway.dispatch(
            "GUILD_ROLE_CREATE", {"guild_id": str(guild.id), "role": role_payload(role)}, guild_id=guild.id
        )
        return role

    def add_member(
        self,
        guild_id: Any,
        name: str | None = None,
        *,
        permissions: int | None = None,
        admin: bool = False,
        roles: tuple[Any, ...] | list[Any] = (),
        user: Any = None,
        nick: str | None = None,
        global_name: str | None = None,
    ) -> MemberRecord:
        """A user (new, or ``user=`` an existing one) joining a guild.

        ``permissions``: the member's exact guild permissions (int bitfield; a role with them is
        also made so discord.py's role-based view agrees). Default: @everyone's, a normal member
        without manage_guild. ``admin=True``: a role with ADMINISTRATOR."""
        guild = self.world.guild(guild_id)
        if user is not None:
            record = self.world.user(user)
        else:
            if name is None:
                raise FakeUsageError("add_member needs a name or user=")
            record = self.world.new_user(name, global_name=global_name)
        role_ids = [as_id(r) for r in roles]
        if admin:
            role_ids.append(self.add_role(guild.id, f"{record.username}-admin", permissions=C.ADMINISTRATOR).id)
        if permissions is not None:
            role_ids.append(self.add_role(guild.id, f"{record.username}-perms", permissions=permissions).id)
        member = MemberRecord(
            user=record,
            guild_id=guild.id,
            roles=role_ids,
            joined_at=iso_now(),
            nick=nick,
            permissions=None if admin or permissions is None else permissions,
        )
        guild.members[record.id] = member
        data = member_payload(member)
        data["guild_id"] = str(guild.id)
        self.gateway.dispatch("GUILD_MEMBER_ADD", data, guild_id=guild.id, intent=C.INTENT_GUILD_MEMBERS)
        return member

    def remove_member(self, guild_id: Any, user: Any) -> None:
        """A member leaves a guild: GUILD_MEMBER_REMOVE (only to bots with the members intent); REST then
        answers 404 10007 for them."""
        guild = self.world.guild(guild_id)
        member = guild.members.pop(as_id(user))
        data = {"guild_id": str(guild.id), "user": user_payload(member.user)}
        self.gateway.dispatch("GUILD_MEMBER_REMOVE", data, guild_id=guild.id, intent=C.INTENT_GUILD_MEMBERS)

    def dm_messages(self, user: Any) -> list[dict[str, Any]]:
        """What the bot sent ``user`` in direct messages, oldest first."""
        return self.messages(self.world.dm_channel(self.world.user(user)).id)

    def delete_channel(self, channel_id: Any) -> None:
        """Delete a channel: CHANNEL_DELETE is dispatched; REST calls to it then get 404 10003."""
        channel = self.world.channel(channel_id)
        channel.deleted = True
        if channel.guild_id is not None:
            self.world.guilds[channel.guild_id].channels.pop(channel.id, None)
        self.gateway.dispatch("CHANNEL_DELETE", channel_payload(channel), guild_id=channel.guild_id)

    async def remove_guild(self, guild_id: Any, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """The bot is removed from a guild: GUILD_DELETE without ``unavailable`` (waits until sent)."""
        guild = self.world.guild(guild_id)
        guild.removed = True
        sent = asyncio.get_running_loop().create_future()

        def on_sent(when: float) -> None:
            if not sent.done():
                sent.set_result(when)

        if self.gateway.dispatch("GUILD_DELETE", {"id": str(guild.id)}, guild_id=guild.id, on_sent=on_sent):
            try:
                await asyncio.wait_for(sent, timeout)
            except TimeoutError:
                raise FakeTimeout(f"GUILD_DELETE for {guild.name!r} not delivered within {timeout} s") from None

    def dispatch(self, event: str, data: JsonDict, *, guild_id: Any = None) -> None:
        """Send any gateway event (escape hatch for events the fake has no helper for)."""
        self.gateway.dispatch(event, data, guild_id=None if guild_id is None else as_id(guild_id))

    # -- failures ------------------------------------------------------------------------------------
    def fail_next(
        self,
        method: str,
        path: str,
        status: int = 500,
        times: int = 1,
        *,
        code: int | None = None,
        message: str | None = None,
        retry_after: float = 0.1,
        body: JsonDict | None = None,
    ) -> None:
        """Answer the next ``times`` requests whose method and path (relative to /api/v10, matched
        with ``re.fullmatch``) match with ``status``: 500/502/503 (server errors), 403 (50013
        Missing Permissions), 429 (with ``Via`` and ``retry_after``), or any status with ``body``.
        Downloads match by their URL path (``fail_next("GET", r"/(ephemeral-)?attachments/.*", 500)``)."""
        rule = default_failure(status, code=code, message=message, retry_after=retry_after)
        rule.method = method.upper()
        rule.pattern = re.compile(path)
        rule.remaining = times
        if body is not None:
            rule.body = body
        self.rest.fail_rules.append(rule)

    def hold_next(self, method: str, path: str) -> Hold:
        """Hold back the response to the next request whose method and path (relative to /api/v10, matched
        with ``re.fullmatch``) match. The request itself is carried out at once, as Discord does before its
        answer reaches the bot: a posted message is stored and dispatched (MESSAGE_CREATE) and members can
        click it, while the bot is still waiting for the reply. ``await hold.wait()`` returns the body the
        fake will answer with (the message); ``hold.release()`` sends it. Holds end when the fake closes."""
        hold = Hold(method.upper(), re.compile(path))
        self.rest.holds.append(hold)
        return hold

    async def drop_gateway(self, code: int | None = 4000, *, wait: bool = True, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Close the client's websocket with ``code`` (``None``: abort TCP without a close frame).
        With ``wait``, returns once the client RESUMEd (or re-IDENTIFYed)."""
        before = len(self.resumes) + len(self.identifies)
        if not await self.gateway.drop(code):
            raise FakeUsageError("drop_gateway: no identified websocket to drop")
        if wait:
            await self._notifier.wait_for(
                lambda: (
                    len(self.resumes) + len(self.identifies) > before
                    and any(s.conn is not None for s in self.gateway.live_sessions())
                ),
                timeout,
                "the client to reconnect",
            )

    async def invalidate_session(self, resumable: bool = False, *, wait: bool = True, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Send op 9 INVALID_SESSION. Not resumable: the session is forgotten and the client must
        IDENTIFY again (new READY + GUILD_CREATEs)."""
        before = len(self.resumes) + len(self.identifies)
        if not resumable:
            for session in self.gateway.live_sessions():
                session.invalid = True
        if not self.gateway.send_op(C.OP_INVALID_SESSION, resumable):
            raise FakeUsageError("invalidate_session: no identified websocket")
        if wait:
            await self._notifier.wait_for(
                lambda: (
                    len(self.resumes) + len(self.identifies) > before
                    and any(s.ready_sent or s.conn is not None for s in self.gateway.live_sessions())
                ),
                timeout,
                "the client to reconnect",
            )

    async def request_reconnect(self, *, wait: bool = True, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Send op 7 RECONNECT: the client closes and RESUMEs."""
        before = len(self.resumes)
        if not self.gateway.send_op(C.OP_RECONNECT, None):
            raise FakeUsageError("request_reconnect: no identified websocket")
        if wait:
            await self.wait_resumed(before + 1, timeout)

    # -- gateway content ---------------------------------------------------------------------------------
    def _ready_events(self, session: GatewaySession) -> list[tuple[str, JsonDict]]:
        guilds = [g for g in self.world.guilds.values() if not g.removed and session.covers(g.id)]
        ready: JsonDict = {
            "v": C.API_VERSION,
            "user": bot_user_payload(self.world.bot),
            "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": self.resume_gateway_url,
            "application": {"id": str(self.world.app_id), "flags": self.application_flags},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": ["fakediscord"],
            "user_settings": {},
            "auth": {},
            "_trace": ["fakediscord"],
        }
        if session.shard is not None:
            ready["shard"] = list(session.shard)
        events: list[tuple[str, JsonDict]] = [("READY", ready)]
        for guild in guilds:
            events.append(
                ("GUILD_CREATE", guild_create_payload(guild, self.world, intents=session.intents, joined=False))
            )
        return events

    def _members_chunk(self, guild_id: int, request: JsonDict) -> JsonDict | None:
        guild = self.world.guilds.get(guild_id)
        if guild is None or guild.removed:
            return None
        members = list(guild.members.values())
        if request.get("user_ids"):
            wanted = {int(u) for u in request["user_ids"]}
            members = [m for m in members if m.id in wanted]
        elif request.get("query"):
            members = [m for m in members if m.user.username.lower().startswith(str(request["query"]).lower())]
        if request.get("limit"):
            members = members[: int(request["limit"])]
        chunk: JsonDict = {
            "guild_id": str(guild_id),
            "members": [member_payload(m) for m in members],
            "chunk_index": 0,
            "chunk_count": 1,
        }
        if request.get("nonce"):
            chunk["nonce"] = request["nonce"]
        return chunk
