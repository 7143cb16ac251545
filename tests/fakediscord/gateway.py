"""The gateway websocket: HELLO, IDENTIFY → READY, heartbeats, RESUME with replay, op 9 / op 7.

One :class:`GatewaySession` per IDENTIFY keeps a sequence counter and a replay buffer of every
dispatch; it outlives its websocket so that a client that lost the connection can RESUME and get
the events it missed. Each websocket has one writer task, so frames leave in sequence order and a
zlib stream is compressed in the order it is sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
import time
import zlib
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from aiohttp import WSMsgType, web

from . import constants as C

log = logging.getLogger(__name__)

JsonDict = dict[str, Any]
SentCallback = Callable[[float], None]
#: Builds the READY + GUILD_CREATE dispatches for a newly identified session.
ReadyBuilder = Callable[["GatewaySession"], list[tuple[str, JsonDict]]]
#: Answers op 8 REQUEST_GUILD_MEMBERS for one guild with a GUILD_MEMBERS_CHUNK ``d`` (or None).
ChunkBuilder = Callable[[int, JsonDict], "JsonDict | None"]

REPLAY_BUFFER = 20_000


class UnsupportedCompression(Exception):
    """The client asked for a transport compression the fake cannot produce."""


class Encoder(Protocol):
    def encode(self, text: str) -> bytes | str: ...


class PlainEncoder:
    """No transport compression: text frames."""

    def encode(self, text: str) -> str:
        return text


class ZlibStreamEncoder:
    """``compress=zlib-stream``: one deflate stream per connection, each frame Z_SYNC_FLUSHed."""

    def __init__(self) -> None:
        self._compressor = zlib.compressobj()

    def encode(self, text: str) -> bytes:
        data = text.encode()
        return self._compressor.compress(data) + self._compressor.flush(zlib.Z_SYNC_FLUSH)


class ZstdStreamEncoder:
    """``compress=zstd-stream``: one zstd stream per connection, each frame block-flushed."""

    def __init__(self) -> None:
        try:
            import zstandard  # type: ignore[import-not-found]  # noqa: PLC0415
        except ImportError:
            try:
                from compression import zstd  # type: ignore[import-not-found]  # noqa: PLC0415
            except ImportError:
                raise UnsupportedCompression(
                    "client asked for compress=zstd-stream but neither 'zstandard' nor 'compression.zstd' "
                    "is importable by the fake"
                ) from None
            compressor = zstd.ZstdCompressor()
            self._encode = lambda data: compressor.compress(data, mode=zstd.ZstdCompressor.FLUSH_BLOCK)
        else:
            obj = zstandard.ZstdCompressor().compressobj()
            self._encode = lambda data: obj.compress(data) + obj.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK)

    def encode(self, text: str) -> bytes:
        return self._encode(text.encode())


def make_encoder(compress: str | None) -> Encoder:
    if not compress:
        return PlainEncoder()
    if compress == "zlib-stream":
        return ZlibStreamEncoder()
    if compress == "zstd-stream":
        return ZstdStreamEncoder()
    raise UnsupportedCompression(f"unknown gateway compression {compress!r}")


class GatewayConnection:
    """One websocket. Frames are queued by :meth:`send` and written by a single writer task."""

    def __init__(self, ws: web.WebSocketResponse, request: web.Request, encoder: Encoder) -> None:
        self.ws = ws
        self.path = request.path
        self.query = dict(request.query)
        self.transport = request.transport
        self.encoder = encoder
        self.session: GatewaySession | None = None
        self._queue: asyncio.Queue[JsonDict | None] = asyncio.Queue()
        self._writer = asyncio.create_task(self._write_loop(), name="fakediscord-gateway-writer")

    @property
    def open(self) -> bool:
        return not self.ws.closed

    def send(self, payload: JsonDict) -> None:
        self._queue.put_nowait(payload)

    async def _write_loop(self) -> None:
        while True:
            payload = await self._queue.get()
            if payload is None or self.ws.closed:
                return
            data = self.encoder.encode(json.dumps(payload, separators=(",", ":")))
            handed_over = time.perf_counter()
            try:
                if isinstance(data, bytes):
                    await self.ws.send_bytes(data)
                else:
                    await self.ws.send_str(data)
            except (ConnectionError, RuntimeError):
                return  # the client went away; the session's buffer keeps the frame for RESUME
            seq = payload.get("s")
            if seq is not None and self.session is not None:
                self.session.frame_sent(seq, handed_over)

    async def close(self, code: int | None) -> None:
        """Close with ``code``; ``None`` aborts the TCP connection without a close frame."""
        if code is None:
            if self.transport is not None:
                self.transport.abort()
        elif not self.ws.closed:
            with contextlib.suppress(ConnectionError, RuntimeError, asyncio.TimeoutError):
                await self.ws.close(code=code, message=b"closed by fakediscord")
        await self.stop()

    async def stop(self) -> None:
        self._queue.put_nowait(None)
        if not self._writer.done():
            try:
                await asyncio.wait_for(self._writer, timeout=1)
            except (TimeoutError, asyncio.CancelledError):
                self._writer.cancel()


@dataclass
class GatewaySession:
    id: str
    token: str
    intents: int
    identify: JsonDict
    shard: tuple[int, int] | None
    seq: int = 0
    conn: GatewayConnection | None = None
    invalid: bool = False
    ready_sent: bool = False
    buffer: deque[JsonDict] = field(default_factory=lambda: deque(maxlen=REPLAY_BUFFER))
    sent_callbacks: dict[int, SentCallback] = field(default_factory=dict)

    def covers(self, guild_id: int | None) -> bool:
        if self.shard is None or guild_id is None:
            return self.shard is None or self.shard[0] == 0
        shard_id, count = self.shard
        return (guild_id >> 22) % count == shard_id

    def dispatch(self, event: str, data: JsonDict, on_sent: SentCallback | None = None) -> int:
        self.seq += 1
        frame = {"op": C.OP_DISPATCH, "t": event, "s": self.seq, "d": data}
        self.buffer.append(frame)
        if on_sent is not None:
            self.sent_callbacks[self.seq] = on_sent
        if self.conn is not None:
            self.conn.send(frame)
        return self.seq

    def frame_sent(self, seq: int, when: float) -> None:
        callback = self.sent_callbacks.pop(seq, None)
        if callback is not None:
            callback(when)

    def frames_after(self, seq: int) -> list[JsonDict] | None:
        """Frames the client has not seen, or None when they are no longer buffered."""
        if self.buffer and self.buffer[0]["s"] > seq + 1:
            return None
        return [frame for frame in self.buffer if frame["s"] > seq]


class Gateway:
    """The websocket endpoint and every session it created."""

    def __init__(
        self,
        *,
        build_ready: ReadyBuilder,
        members_chunk: ChunkBuilder,
        on_change: Callable[[], None],
        violation: Callable[[str], None],
        heartbeat_interval: int,
        enabled_privileged_intents: int,
        expected_token: str | None,
    ) -> None:
        self._build_ready = build_ready
        self._members_chunk = members_chunk
        self._on_change = on_change
        self._violation = violation
        self.heartbeat_interval = heartbeat_interval
        self.enabled_privileged_intents = enabled_privileged_intents
        self.expected_token = expected_token
        self.sessions: dict[str, GatewaySession] = {}
        self.connections: list[GatewayConnection] = []
        self.identifies: list[JsonDict] = []
        self.resumes: list[JsonDict] = []
        self.failed_resumes: list[JsonDict] = []
        self.heartbeats = 0
        self.presence_updates: list[JsonDict] = []
        self.client_close_codes: list[int | None] = []
        self.compressions: list[str | None] = []

    # -- public helpers used by FakeDiscord ------------------------------------------------
    def live_sessions(self) -> list[GatewaySession]:
        return [s for s in self.sessions.values() if not s.invalid]

    def dispatch(
        self,
        event: str,
        data: JsonDict,
        *,
        guild_id: int | None = None,
        intent: int | None = None,
        on_sent: SentCallback | None = None,
    ) -> bool:
        """Send a dispatch to every live session that covers ``guild_id`` and has ``intent``.
        Returns whether any session took it."""
        taken = False
        for session in self.live_sessions():
            if not session.covers(guild_id):
                continue
            if intent is not None and not session.intents & intent:
                continue
            session.dispatch(event, data, on_sent if not taken else None)
            taken = True
        return taken

    def open_connections(self) -> list[GatewayConnection]:
        return [c for c in self.connections if c.open and c.session is not None]

    async def close_all(self) -> None:
        for conn in list(self.connections):
            await conn.close(1001)

    # -- websocket handler -------------------------------------------------------------------
    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(compress=False, max_msg_size=16 * 1024 * 1024)
        await ws.prepare(request)
        version = request.query.get("v")
        encoding = request.query.get("encoding", "json")
        compress = request.query.get("compress")
        self.compressions.append(compress)
        if version != str(C.API_VERSION):
            self._violation(f"gateway: client connected with v={version!r}, expected v={C.API_VERSION}")
            await ws.close(code=C.CLOSE_INVALID_API_VERSION, message=b"Invalid API version")
            return ws
        if encoding != "json":
            self._violation(f"gateway: encoding={encoding!r} is not supported by the fake (only json)")
            await ws.close(code=C.CLOSE_INVALID_API_VERSION, message=b"Unsupported encoding")
            return ws
        try:
            encoder = make_encoder(compress)
        except UnsupportedCompression as exc:
            log.error("fakediscord gateway: %s", exc)
            self._violation(f"gateway: {exc}")
            await ws.close(code=C.CLOSE_INVALID_API_VERSION, message=str(exc).encode()[:120])
            return ws
        conn = GatewayConnection(ws, request, encoder)
        self.connections.append(conn)
        conn.send({"op": C.OP_HELLO, "d": {"heartbeat_interval": self.heartbeat_interval}, "s": None, "t": None})
        try:
            async for msg in ws:
                if msg.type is WSMsgType.TEXT:
                    await self._on_text(conn, msg.data)
                elif msg.type is WSMsgType.BINARY:
                    self._violation("gateway: client sent a binary frame (payloads must be JSON text)")
                    await ws.close(code=C.CLOSE_DECODE_ERROR, message=b"Decode error")
        finally:
            self.client_close_codes.append(ws.close_code)
            if conn.session is not None and conn.session.conn is conn:
                conn.session.conn = None
            await conn.stop()
            self.connections.remove(conn)
            self._on_change()
        return ws

    async def _on_text(self, conn: GatewayConnection, text: str) -> None:
        try:
            payload = json.loads(text)
            op = payload["op"]
        except (ValueError, KeyError, TypeError):
            self._violation(f"gateway: undecodable payload {text[:200]!r}")
            await conn.ws.close(code=C.CLOSE_DECODE_ERROR, message=b"Decode error")
            return
        data = payload.get("d")
        if op == C.OP_HEARTBEAT:
            self.heartbeats += 1
            conn.send({"op": C.OP_HEARTBEAT_ACK, "d": None, "s": None, "t": None})
        elif op == C.OP_IDENTIFY:
            await self._identify(conn, data or {})
        elif op == C.OP_RESUME:
            await self._resume(conn, data or {})
        elif conn.session is None:
            await conn.ws.close(code=C.CLOSE_NOT_AUTHENTICATED, message=b"Not authenticated")
        elif op == C.OP_PRESENCE_UPDATE:
            self.presence_updates.append(data)
        elif op == C.OP_REQUEST_GUILD_MEMBERS:
            self._request_members(conn, data or {})
        elif op == C.OP_VOICE_STATE_UPDATE:
            pass
        else:
            self._violation(f"gateway: unknown opcode {op}")
            await conn.ws.close(code=C.CLOSE_UNKNOWN_OPCODE, message=b"Unknown opcode")

    def _token_ok(self, token: Any) -> bool:
        if not isinstance(token, str) or not token:
            return False
        return self.expected_token is None or token == self.expected_token

    async def _identify(self, conn: GatewayConnection, data: JsonDict) -> None:
        if conn.session is not None:
            await conn.ws.close(code=C.CLOSE_ALREADY_AUTHENTICATED, message=b"Already authenticated")
            return
        if not self._token_ok(data.get("token")):
            await conn.ws.close(code=C.CLOSE_AUTHENTICATION_FAILED, message=b"Authentication failed")
            return
        intents = data.get("intents")
        if not isinstance(intents, int) or intents < 0:
            await conn.ws.close(code=C.CLOSE_INVALID_INTENTS, message=b"Invalid intent(s)")
            return
        if intents & C.PRIVILEGED_INTENTS & ~self.enabled_privileged_intents:
            await conn.ws.close(code=C.CLOSE_DISALLOWED_INTENTS, message=b"Disallowed intent(s)")
            return
        shard = data.get("shard")
        shard_t = (int(shard[0]), int(shard[1])) if shard else None
        for old in self.sessions.values():
            if old.shard == shard_t:
                old.invalid = True
        session = GatewaySession(
            id=secrets.token_hex(16), token=data["token"], intents=intents, identify=data, shard=shard_t
        )
        self.sessions[session.id] = session
        self.identifies.append(data)
        session.conn = conn
        conn.session = session
        events = self._build_ready(session)
        for i, (event, payload) in enumerate(events):
            on_sent = self._ready_sent_callback(session) if i == len(events) - 1 else None
            session.dispatch(event, payload, on_sent)
        self._on_change()

    def _ready_sent_callback(self, session: GatewaySession) -> SentCallback:
        def done(_when: float) -> None:
            session.ready_sent = True
            self._on_change()

        return done

    async def _resume(self, conn: GatewayConnection, data: JsonDict) -> None:
        session = self.sessions.get(str(data.get("session_id")))
        seq = data.get("seq")
        frames = None
        if session is not None and not session.invalid and self._token_ok(data.get("token")) and seq is not None:
            frames = session.frames_after(int(seq))
        if session is None or frames is None:
            self.failed_resumes.append(data)
            conn.send({"op": C.OP_INVALID_SESSION, "d": False, "s": None, "t": None})
            self._on_change()
            return
        old = session.conn
        session.conn = conn
        conn.session = session
        if old is not None and old is not conn:
            old.session = None
            await old.close(C.CLOSE_UNKNOWN_ERROR)
        for frame in frames:
            conn.send(frame)
        session.dispatch("RESUMED", {"_trace": ["fakediscord"]})
        self.resumes.append(data)
        self._on_change()

    def _request_members(self, conn: GatewayConnection, data: JsonDict) -> None:
        """op 8 REQUEST_GUILD_MEMBERS → one GUILD_MEMBERS_CHUNK per guild asked for."""
        assert conn.session is not None
        guild_ids = data.get("guild_id")
        for guild_id in guild_ids if isinstance(guild_ids, list) else [guild_ids]:
            chunk = self._members_chunk(int(guild_id), data)
            if chunk is not None:
                conn.session.dispatch("GUILD_MEMBERS_CHUNK", chunk)

    # -- disruptions ----------------------------------------------------------------------------
    async def drop(self, code: int | None) -> int:
        """Close every identified websocket; returns how many were closed."""
        conns = self.open_connections()
        for conn in conns:
            await conn.close(code)
        return len(conns)

    def send_op(self, op: int, data: Any) -> int:
        conns = self.open_connections()
        for conn in conns:
            conn.send({"op": op, "d": data, "s": None, "t": None})
        return len(conns)
