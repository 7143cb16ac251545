"""What the library answers: a server's packs, a prepared upload, an export."""

from __future__ import annotations

from dataclasses import dataclass, field

from facts.pack import Pack


@dataclass(frozen=True, slots=True)
class PackEntry:
    name: str  # what the server calls it
    pack: str  # its stored id
    title: str
    shipped: bool  # from files (shipped or the operator's): enabled by default, cannot be removed
    enabled: bool
    events: int
    people: int
    bytes: int = 0  # an upload's pack and document, counted against the quota
    guild_id: int | None = None


@dataclass(frozen=True, slots=True)
class Listing:
    guild_id: int | None
    entries: tuple[PackEntry, ...]
    used_packs: int
    used_bytes: int
    max_packs: int
    max_bytes: int

    @property
    def enabled(self) -> tuple[PackEntry, ...]:
        return tuple(e for e in self.entries if e.enabled)

    @property
    def available(self) -> tuple[PackEntry, ...]:
        return tuple(e for e in self.entries if not e.enabled)


@dataclass(frozen=True, slots=True)
class DraftedEvent:
    """One event of a prepared pack, as an upload's answer shows the first few."""

    title: str
    date: str  # as the pack writes it: a label, "after …" or "undated"


@dataclass(frozen=True, slots=True)
class Prepared:
    """An upload read and checked, not yet stored: ``pack`` is None when it has ``problems``."""

    name: str
    filename: str
    pack_yaml: str
    document: str
    document_name: str
    pack: Pack | None
    drafted: bool  # drafted from a document (else: a YAML pack checked against its document)
    summary: tuple[str, ...] = ()  # lines: events by precision, people, figures, marked for review
    first_events: tuple[DraftedEvent, ...] = ()
    problems: tuple[str, ...] = ()  # as `chronicle facts validate` prints them
    notes: tuple[str, ...] = ()  # review marks
    no_dates: bool = False
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.pack_yaml.encode("utf-8")) + len(self.document.encode("utf-8"))


@dataclass(frozen=True, slots=True)
class Export:
    name: str
    pack_filename: str
    pack_yaml: str
    document_filename: str
    document: str
