"""Liveness for ``chronicle health`` (Docker's HEALTHCHECK): the database opens, the gateway is alive.

While connected, the bot writes a small heartbeat file beside its database every
:data:`BEAT_SECONDS`; ``chronicle health`` reads it from another process, so the check needs no
socket and no token.
"""

from __future__ import annotations

import json
import math
import os
import time
from dataclasses import dataclass
from pathlib import Path

from facts.db import Database, migrations
from facts.shards import Shards

BEAT_SECONDS = 20
MAX_AGE_SECONDS = 90


def heartbeat_path(db_path: Path, shards: Shards | None = None) -> Path:
    """Beside the database; one per shard range, so sharded processes sharing a volume each have their own."""
    part = "" if shards is None else f".shards-{'-'.join(map(str, shards.ids))}-of-{shards.count}"
    return db_path.with_name(db_path.stem + part + ".heartbeat")


def write_heartbeat(db_path: Path, *, latency: float, guilds: int, now: float | None = None,
                    shards: Shards | None = None) -> None:
    """Record that the gateway answered recently (atomically: a reader never sees half a file)."""
    path = heartbeat_path(db_path, shards)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps({"at": now if now is not None else time.time(),
                               "latency": latency if math.isfinite(latency) else None, "guilds": guilds}))
    os.replace(tmp, path)


def read_heartbeat(db_path: Path, shards: Shards | None = None) -> dict[str, float | int | None] | None:
    try:
        data = json.loads(heartbeat_path(db_path, shards).read_text())
        float(data["at"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return data


def _exists(path: Path) -> bool:
    return path.exists()


@dataclass(frozen=True, slots=True)
class Health:
    ok: bool
    lines: tuple[str, ...]


async def check(db_path: Path, *, max_age: float = MAX_AGE_SECONDS, now: float | None = None,
                shards: Shards | None = None) -> Health:
    """Is the database usable at the schema this code expects, and is the bot's heartbeat recent?"""
    lines, ok = [], True
    if not _exists(db_path):
        return Health(False, (f"database: {db_path} does not exist",))
    try:
        db = await Database.open(db_path, migrate=False)
        try:
            version = await db.user_version()
            row = await db.fetchone("SELECT count(*) FROM events") if version else None
        finally:
            await db.close()
    except Exception as exc:  # any failure to read it is what the check reports
        return Health(False, (f"database: cannot open {db_path}: {exc}",))
    latest = len(migrations())
    if version != latest:
        ok = False
        lines.append(f"database: schema {version}, expected {latest}")
    else:
        lines.append(f"database: ok ({row[0] if row else 0} events, schema {version})")
    data = read_heartbeat(db_path, shards)
    if data is None:
        return Health(False, (*lines, "gateway: no heartbeat yet (is the bot running?)"))
    age = (now if now is not None else time.time()) - float(data["at"] or 0)
    if age > max_age:
        ok = False
        lines.append(f"gateway: last heartbeat {age:.0f} s ago (more than {max_age:.0f} s)")
    else:
        latency = data.get("latency")
        shown = f", latency {latency * 1000:.0f} ms" if isinstance(latency, int | float) else ""
        lines.append(f"gateway: heartbeat {age:.0f} s ago{shown}, {data.get('guilds', 0)} server(s)")
    return Health(ok, tuple(lines))
