"""Attachments: files members upload as slash-command options, files the bot sends, and the fake's CDN.

Every attachment is an :class:`AttachmentRecord` in one :class:`AttachmentStore`, which builds its object
as Discord sends it and serves its bytes over HTTP from the fake itself
(``http://127.0.0.1:<port>/attachments/<channel>/<id>/<filename>?ex=…&is=…&hm=…``; option uploads live
under ``/ephemeral-attachments/``), so ``discord.Attachment.read()`` works unchanged.

Discord's rules reproduced here (https://discord.com/developers/docs/reference#uploading-files and the
2025-04-03 change log "Per-Attachment File Upload Behavior for Apps"): the upload limit applies to each
file, not to the sum; a larger file is answered ``413 {"code": 40005, "message": "Request entity too
large"}``; a message holds at most 10 attachments. On a PATCH, only attachments listed in ``attachments``
are kept, and new files come after them.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from . import constants as C
from .errors import ApiError, invalid_form_body
from .limits import MAX_ATTACHMENTS, Problem

JsonDict = dict[str, Any]
#: The multipart part name discord.py gives each file; ``n`` is the placeholder id in ``attachments``.
FILE_PART_RE = re.compile(r"^files\[(\d+)\]$")
#: What Python's built-in table does not know (read without the machine's /etc/mime.types, so every
#: machine guesses the same).
EXTRA_TYPES = {
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".yaml": "application/yaml",
    ".yml": "application/yaml",
}
_MIME = mimetypes.MimeTypes(filenames=())
#: Signed CDN URLs expire; the fake does not enforce it but writes the parameters Discord adds.
URL_LIFETIME = 24 * 3600


@dataclass
class UploadedFile:
    """A file part of a multipart request. ``index``: the ``n`` of ``files[n]`` (None for other names)."""

    filename: str
    content_type: str
    content: bytes
    index: int | None = None


@dataclass
class AttachmentRecord:
    """One attachment and its bytes. Made by :meth:`~tests.fakediscord.FakeDiscord.attachment` (a member's
    upload for an attachment option) or when the bot sends a file (``message_id`` is then set)."""

    id: int
    filename: str
    content: bytes = field(repr=False)
    content_type: str | None = None
    description: str | None = None
    #: Option uploads and the attachments of ephemeral messages.
    ephemeral: bool = False
    #: Where it was posted (an option upload gets the channel of the first command that carries it).
    channel_id: int | None = None
    message_id: int | None = None
    #: ``fake.attachment(..., bypass_limit=True)``: let a file past ``attachment_size_limit`` through.
    bypass_limit: bool = False
    #: The message was deleted or an edit dropped the attachment: the CDN answers 404.
    removed: bool = False
    created: float = field(default_factory=time.time)

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def option_upload(self) -> bool:
        return self.message_id is None


@dataclass
class DownloadRecord:
    """One GET of the fake's CDN (``fake.downloads``)."""

    path: str
    query: dict[str, str]
    attachment_id: int | None
    status: int
    timestamp: float


def guess_content_type(filename: str, content: bytes, declared: str | None = None) -> str | None:
    """The ``content_type`` Discord reports: a declared type unless it is the generic
    ``application/octet-stream`` (what discord.py sends for every file), else one guessed from the
    extension; text that decodes as UTF-8 gets ``; charset=utf-8`` as Discord adds it."""
    ctype = declared if declared and declared != "application/octet-stream" else None
    if ctype is None:
        dot = filename.rfind(".")
        ctype = EXTRA_TYPES.get(filename[dot:].lower()) if dot >= 0 else None
        ctype = ctype or _MIME.guess_type(filename)[0]
        if ctype is not None and ctype.startswith("text/") and "charset" not in ctype:
            try:
                content.decode("utf-8")
            except UnicodeDecodeError:
                return ctype
            ctype += "; charset=utf-8"
    return ctype


def plan_attachments(
    body: JsonDict, existing: list[JsonDict], files: list[UploadedFile]
) -> tuple[list[JsonDict], list[tuple[UploadedFile, JsonDict]]]:
    """Which current attachments a create / edit keeps and which uploads it adds (with the
    ``attachments`` entry naming each upload, ``{}`` if none). Without an ``attachments`` key every
    current attachment stays; with one, only those listed stay and ``files[n]`` pairs with entry ``n``."""
    uploads = list(files)
    if "attachments" not in body:
        return list(existing), [(f, {}) for f in uploads]
    kept: list[JsonDict] = []
    new: list[tuple[UploadedFile, JsonDict]] = []
    for entry in body.get("attachments") or []:
        if not isinstance(entry, dict):
            continue
        key = str(entry.get("id"))
        old = next((a for a in existing if a["id"] == key), None)
        if old is not None:
            kept.append({**old, **({"description": entry["description"]} if entry.get("description") else {})})
            continue
        upload = next((f for f in uploads if f.index is not None and str(f.index) == key), None)
        if upload is not None:
            uploads.remove(upload)
            new.append((upload, entry))
    return kept, [*new, *((f, {}) for f in uploads)]


def check_uploads(
    body: JsonDict, existing: list[JsonDict], files: list[UploadedFile], size_limit: int, what: str
) -> None:
    """Discord's checks on the files of one message: each ≤ ``size_limit`` (413 40005), ≤ 10 in all."""
    too_big = [f for f in files if len(f.content) > size_limit]
    if too_big:
        names = ", ".join(f"{f.filename!r} ({len(f.content)} bytes)" for f in too_big)
        raise ApiError(
            413,
            C.ERR_REQUEST_TOO_LARGE,
            "Request entity too large",
            violation=f"{what}: {names} over the upload limit of {size_limit} bytes per file",
        )
    kept, new = plan_attachments(body, existing, files)
    if len(kept) + len(new) > MAX_ATTACHMENTS:
        raise invalid_form_body(
            [
                Problem(
                    ("attachments",),
                    "BASE_TYPE_MAX_LENGTH",
                    f"Must be {MAX_ATTACHMENTS} or fewer in length. (got {len(kept) + len(new)})",
                )
            ],
            what,
        )


class AttachmentStore:
    """Every attachment by id; builds attachment objects and answers CDN downloads."""

    def __init__(self, snowflake: Callable[[], int], base_url: Callable[[], str]) -> None:
        self._snowflake = snowflake
        self._base_url = base_url
        self.by_id: dict[int, AttachmentRecord] = {}

    def add(
        self,
        filename: str,
        content: bytes,
        *,
        content_type: str | None = None,
        description: str | None = None,
        ephemeral: bool = False,
        channel_id: int | None = None,
        message_id: int | None = None,
        bypass_limit: bool = False,
    ) -> AttachmentRecord:
        record = AttachmentRecord(
            id=self._snowflake(),
            filename=filename,
            content=content,
            content_type=guess_content_type(filename, content, content_type),
            description=description,
            ephemeral=ephemeral,
            channel_id=channel_id,
            message_id=message_id,
            bypass_limit=bypass_limit,
        )
        self.by_id[record.id] = record
        return record

    def url(self, record: AttachmentRecord) -> str:
        """The signed-looking CDN URL of an attachment (its channel must be known)."""
        folder = "ephemeral-attachments" if record.option_upload else "attachments"
        issued = int(record.created)
        signature = hashlib.sha256(f"{record.id}:{issued}".encode()).hexdigest()
        query = f"ex={issued + URL_LIFETIME:x}&is={issued:x}&hm={signature}&"
        return f"{self._base_url()}/{folder}/{record.channel_id}/{record.id}/{quote(record.filename)}?{query}"

    def payload(self, record: AttachmentRecord) -> JsonDict:
        """The attachment object (``AttachmentResponse`` in Discord's OpenAPI spec)."""
        url = self.url(record)
        data: JsonDict = {
            "id": str(record.id),
            "filename": record.filename,
            "size": record.size,
            "url": url,
            "proxy_url": url,
        }
        if record.content_type is not None:
            data["content_type"] = record.content_type
        if record.description is not None:
            data["description"] = record.description
        if record.ephemeral:
            data["ephemeral"] = True
        return data

    def find(self, folder: str, channel_id: str, attachment_id: str, filename: str) -> AttachmentRecord | None:
        """The live attachment a CDN path names, or None (Discord's CDN then answers 404)."""
        record = self.by_id.get(int(attachment_id))
        if record is None or record.removed or str(record.channel_id) != channel_id or record.filename != filename:
            return None
        if (folder == "ephemeral-attachments") != record.option_upload:
            return None
        return record

    def forget(self, attachment_ids: list[str]) -> None:
        for attachment_id in attachment_ids:
            record = self.by_id.get(int(attachment_id))
            if record is not None:
                record.removed = True
