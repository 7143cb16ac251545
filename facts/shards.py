"""Which servers a process serves when the bot runs as several sharded processes.

Discord assigns a server to shard ``(guild_id >> 22) % shard_count``. ``CHRONICLE_SHARDS=0-1/4`` means this
process runs shards 0 and 1 of 4: it only claims the scheduled work (daily posts) of those shards' servers.
Without it one process runs every shard and owns every server.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from facts.errors import BadInput

EXAMPLE = "CHRONICLE_SHARDS=0-1/4"
_FORM = re.compile(r"^\s*(?P<ids>\d+(?:\s*-\s*\d+)?(?:\s*,\s*\d+(?:\s*-\s*\d+)?)*)\s*/\s*(?P<count>\d+)\s*$")
MAX_SHARDS = 4096


def shard_of(guild_id: int, count: int) -> int:
    return (guild_id >> 22) % count


@dataclass(frozen=True, slots=True)
class Shards:
    """Shards ``ids`` of ``count``."""

    ids: tuple[int, ...]
    count: int

    @classmethod
    def parse(cls, text: str) -> Shards:
        """``"0-1/4"``, ``"3/4"`` or ``"0,2-3/8"``: which shards of how many."""
        m = _FORM.match(text)
        if not m:
            raise BadInput(f"“{text.strip()[:40]}” is not a shard range: write the shards this process runs and "
                           "how many there are in all, e.g. 0-1/4 (shards 0 and 1 of 4) or 3/4.", EXAMPLE)
        count = int(m["count"])
        if not 1 <= count <= MAX_SHARDS:
            raise BadInput(f"There must be between 1 and {MAX_SHARDS} shards in all, not {count}.", EXAMPLE)
        ids: set[int] = set()
        for part in m["ids"].split(","):
            first, _, last = part.partition("-")
            a, b = int(first), int(last or first)
            if a > b:
                raise BadInput(f"The shard range {a}-{b} runs backwards; write it low to high.", EXAMPLE)
            ids.update(range(a, b + 1))
        if max(ids) >= count:
            raise BadInput(f"Shard {max(ids)} does not exist: shards of {count} are numbered 0 to {count - 1}.",
                           EXAMPLE)
        return cls(tuple(sorted(ids)), count)

    def owns(self, guild_id: int) -> bool:
        return shard_of(guild_id, self.count) in self.ids

    def where(self, column: str = "guild_id") -> tuple[str, dict[str, Any]]:
        """An SQL condition (named parameters) true for the rows of this process's servers."""
        names = {f"shard{i}": shard for i, shard in enumerate(self.ids)}
        listed = ", ".join(f":{name}" for name in names)
        return f"(({column} >> 22) % :shard_count) IN ({listed})", {"shard_count": self.count, **names}

    @property
    def label(self) -> str:
        return f"{','.join(map(str, self.ids))}/{self.count}"
