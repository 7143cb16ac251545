"""What one server sees: the packs enabled for it (the packs from files, unless it disabled them, and its
own uploads once enabled). Every question of the store is asked within a scope."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Scope:
    packs: frozenset[str]

    def __contains__(self, pack: object) -> bool:
        return pack in self.packs
