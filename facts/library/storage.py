"""The library's SQL: uploads stored whole in one transaction, each server's choices, quotas, the rate limit."""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator
from datetime import datetime

from facts.errors import BadInput, ChronicleError, NotFound
from facts.library.limits import Quotas
from facts.library.models import Export, Listing, PackEntry, Prepared
from facts.pack import pack_paths, upload_id
from facts.seed import write_pack
from facts.store import FactStore

HOUR = 3600


class UploadBusy(ChronicleError):
    """Another upload of the same server is still being read."""

    def __init__(self) -> None:
        super().__init__("Another upload for this server is still being read; try again when it has finished.")


class PackLibrary:
    """The packs of every server: listing, storing uploads, enabling, disabling, removing, exporting.

    Every change tells the store (:meth:`FactStore.packs_changed`), so the next question sees it."""

    def __init__(self, store: FactStore, quotas: Quotas | None = None) -> None:
        self.facts = store
        self.db = store.db
        self.quotas = quotas or Quotas()
        self._busy: set[int] = set()

    # -- reading ----------------------------------------------------------------------------------

    async def listing(self, guild_id: int | None) -> Listing:
        """The packs ``guild_id`` can use (None: every server's, for the operator), enabled ones first."""
        where, params = ("p.guild_id IS NULL OR p.guild_id = :g", {"g": guild_id}) if guild_id is not None \
            else ("1", {})
        rows = await self.db.fetchall(
            "SELECT p.id, p.title, p.guild_id, u.name, coalesce(u.bytes, 0) AS bytes, g.enabled,"
            " (SELECT count(*) FROM events WHERE pack = p.id) AS events,"
            " (SELECT count(*) FROM people WHERE pack = p.id) AS people "
            "FROM packs p LEFT JOIN uploads u ON u.pack = p.id "
            "LEFT JOIN guild_packs g ON g.pack = p.id AND g.guild_id = :g "
            f"WHERE {where} ORDER BY p.guild_id IS NOT NULL, p.guild_id, coalesce(u.name, p.id)",
            {"g": guild_id, **params})
        entries = []
        for r in rows:
            shipped = r["guild_id"] is None
            enabled = (r["enabled"] is None or r["enabled"] == 1) if shipped else r["enabled"] == 1
            entries.append(PackEntry(r["name"] or r["id"], r["id"], r["title"], shipped, bool(enabled),
                                     r["events"], r["people"], r["bytes"], r["guild_id"]))
        entries.sort(key=lambda e: (not e.enabled, not e.shipped, e.name))
        used = [e for e in entries if not e.shipped and e.guild_id == guild_id]
        return Listing(guild_id, tuple(entries), len(used), sum(e.bytes for e in used), self.quotas.packs,
                       self.quotas.total_bytes)

    async def find(self, guild_id: int, name: str) -> PackEntry:
        """The pack ``guild_id`` calls ``name``: its own upload, else a pack from files."""
        for entry in (await self.listing(guild_id)).entries:
            if entry.name.casefold() == name.strip().casefold() and (entry.shipped or entry.guild_id == guild_id):
                return entry
        raise NotFound(f"This server has no pack called “{name[:40]}”.", ())

    async def names(self, guild_id: int, current: str = "", limit: int = 25) -> list[PackEntry]:
        """The server's packs whose name or title contains ``current`` (autocomplete)."""
        needle = current.strip().casefold()
        found = [e for e in (await self.listing(guild_id)).entries
                 if needle in e.name.casefold() or needle in e.title.casefold()]
        return found[:limit]

    # -- uploading --------------------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def uploading(self, guild_id: int, now: datetime) -> AsyncIterator[None]:
        """One upload of a server at a time, within its rate limit (the attempt is counted)."""
        if guild_id in self._busy:
            raise UploadBusy
        cutoff = int(now.timestamp()) - HOUR
        row = await self.db.fetchone("SELECT count(*), min(at_utc) FROM upload_attempts "
                                     "WHERE guild_id = ? AND at_utc > ?", (guild_id, cutoff))
        if row is not None and row[0] >= self.quotas.uploads_per_hour:
            wait = max(1, (int(row[1]) + HOUR - int(now.timestamp())) // 60 + 1)
            raise BadInput(f"This server has uploaded {row[0]} files in the last hour, the most allowed; "
                           f"try again in {wait} min.")
        async with self.db.transaction() as conn:
            await conn.execute("DELETE FROM upload_attempts WHERE at_utc < ?", (cutoff - 23 * HOUR,))
            await conn.execute("INSERT INTO upload_attempts (guild_id, at_utc) VALUES (?, ?)",
                               (guild_id, int(now.timestamp())))
        self._busy.add(guild_id)
        try:
            yield
        finally:
            self._busy.discard(guild_id)

    async def check_name(self, guild_id: int, name: str, *, replace: bool = False) -> None:
        """Refuse a name another pack of the server (or a pack from files) already has, before any work."""
        listing = await self.listing(guild_id)
        for entry in listing.entries:
            if entry.name.casefold() != name.casefold():
                continue
            if entry.shipped:
                raise BadInput(f"“{name}” is the name of a pack every server has; choose another with name:.",
                               "name:my_reading")
            if not replace:
                raise BadInput(f"This server already has a pack called “{name}”. Choose another name with "
                               "name:, or set replace:True to replace it.", "name:my_reading")

    async def add(self, guild_id: int, member_id: int, prepared: Prepared, now: datetime, *,
                    replace: bool = False) -> PackEntry:
        """Store a prepared pack for ``guild_id``, whole or not at all (one transaction), not yet enabled
        (unless it replaces an enabled one)."""
        if prepared.pack is None:
            raise BadInput("The pack has problems; fix them and upload it again.")
        await self.check_name(guild_id, prepared.name, replace=replace)
        pack_id = upload_id(guild_id, prepared.name)
        listing = await self.listing(guild_id)
        replaced = next((e for e in listing.entries if e.pack == pack_id), None)
        packs = listing.used_packs - (replaced is not None)
        size = listing.used_bytes - (replaced.bytes if replaced else 0) + prepared.size
        if packs + 1 > self.quotas.packs:
            raise BadInput(f"This server keeps {listing.used_packs} packs, the most allowed; remove one first "
                           "(/pack remove).")
        if size > self.quotas.total_bytes:
            q = self.quotas
            raise BadInput(f"This pack ({q.size(prepared.size)}) would bring the server's packs to {q.size(size)}; "
                           f"at most {q.size(q.total_bytes)} is kept. Remove a pack first (/pack remove).")
        async with self.db.transaction() as conn:
            await conn.execute("DELETE FROM uploads WHERE pack = ?", (pack_id,))
            await conn.execute(
                "INSERT INTO uploads (pack, guild_id, name, filename, pack_yaml, document, bytes, uploaded_by,"
                " uploaded_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (pack_id, guild_id, prepared.name, prepared.filename[:200], prepared.pack_yaml, prepared.document,
                 prepared.size, member_id, int(now.timestamp())))
            await write_pack(conn, prepared.pack, guild_id)
        await self.facts.packs_changed(guild_id, pack=pack_id)
        return await self.find(guild_id, prepared.name)

    # -- choices ----------------------------------------------------------------------------------

    async def set_enabled(self, guild_id: int, name: str, enabled: bool) -> PackEntry:
        entry = await self.find(guild_id, name)
        await self.db.execute("INSERT INTO guild_packs (guild_id, pack, enabled) VALUES (?, ?, ?) "
                              "ON CONFLICT (guild_id, pack) DO UPDATE SET enabled = excluded.enabled",
                              (guild_id, entry.pack, int(enabled)))
        await self.facts.packs_changed(guild_id)
        return await self.find(guild_id, name)

    async def remove(self, guild_id: int, name: str) -> PackEntry:
        """Remove a server's upload: its facts, its file and every server choice about it, in one transaction."""
        entry = await self.find(guild_id, name)
        if entry.shipped:
            raise BadInput(f"“{entry.name}” comes with Chronicle and can't be removed; /pack disable hides it here.")
        async with self.db.transaction() as conn:
            await conn.execute("DELETE FROM uploads WHERE pack = ?", (entry.pack,))
            await conn.execute("DELETE FROM guild_packs WHERE pack = ?", (entry.pack,))
            await conn.execute("DELETE FROM packs WHERE id = ?", (entry.pack,))
        await self.facts.packs_changed(guild_id, pack=entry.pack)
        return entry

    async def export(self, guild_id: int | None, name: str) -> Export:
        """A pack's YAML and document, to edit and upload again."""
        if guild_id is None:
            raise BadInput("Give a server.")
        entry = await self.find(guild_id, name)
        row = await self.db.fetchone("SELECT pack_yaml, document FROM uploads WHERE pack = ?", (entry.pack,))
        if row is not None:
            return Export(entry.name, f"{entry.name}.yaml", _named(row["pack_yaml"], entry.name),
                          f"{entry.name}.txt", row["document"])
        return _shipped_export(entry)


def _named(pack_yaml: str, name: str) -> str:
    """The pack's YAML as it can be uploaded again: its document named as the export names it."""
    return re.sub(r"(?m)^document:.*$", f"document: {name}.txt", pack_yaml, count=1)


_PACK_LINE = re.compile(r"""^pack:[ \t]*["']?([a-z0-9_]+)["']?[ \t]*(?:#.*)?$""", re.MULTILINE)
_DOCUMENT_LINE = re.compile(r"""^document:[ \t]*["']?([^"'\n#]+?)["']?[ \t]*(?:#.*)?$""", re.MULTILINE)


def _shipped_export(entry: PackEntry) -> Export:
    """A pack from files, as its files are (found by the id its YAML gives, without parsing every pack)."""
    for path in pack_paths():
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        pack, document = _PACK_LINE.search(text), _DOCUMENT_LINE.search(text)
        if pack is None or pack.group(1) != entry.pack or document is None:
            continue
        doc_path = path.parent / document.group(1).strip()
        try:
            return Export(entry.name, path.name, text, doc_path.name, doc_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            break
    raise NotFound(f"The files of “{entry.name}” are not where they were loaded from.", ())
