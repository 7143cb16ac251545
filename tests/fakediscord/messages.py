"""Stored messages: channel posts, interaction responses and follow-ups (ephemeral ones too).

A stored message is the Discord message object plus two keys Discord does not return, kept for
tests: ``allowed_mentions`` (as sent) and ``files`` (the :class:`~tests.fakediscord.attachments.AttachmentRecord`
of each current attachment, in order: filename, content_type, content bytes). :func:`public` strips them
for REST answers and gateway events.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

from . import constants as C
from .attachments import AttachmentStore, UploadedFile, plan_attachments
from .payloads import member_payload, user_payload
from .state import ChannelRecord, UserRecord, World, iso_now

JsonDict = dict[str, Any]
INTERNAL_KEYS = ("allowed_mentions", "files")
USER_MENTION_RE = re.compile(r"<@!?(\d+)>")
#: Flags a bot may set when creating / editing a message.
SETTABLE_FLAGS = 1 << 2 | C.FLAG_EPHEMERAL | 1 << 12 | C.FLAG_IS_COMPONENTS_V2


def public(message: JsonDict) -> JsonDict:
    """The message as Discord would send it (without the fake's extra keys)."""
    return {k: copy.deepcopy(v) for k, v in message.items() if k not in INTERNAL_KEYS}


def snapshot(message: JsonDict) -> JsonDict:
    return copy.deepcopy(message)


class MessageStore:
    """Every message by id; non-ephemeral ones are also kept in their channel and dispatched."""

    def __init__(
        self,
        world: World,
        dispatch: Callable[..., Any],
        notify: Callable[[], None],
        attachments: AttachmentStore,
    ) -> None:
        self._world = world
        self._attachments = attachments
        self._dispatch = dispatch
        self._notify = notify
        self.by_id: dict[int, JsonDict] = {}

    def create(
        self,
        channel: ChannelRecord,
        body: JsonDict,
        *,
        files: list[UploadedFile] | None = None,
        extra_flags: int = 0,
        message_type: int = C.MESSAGE_DEFAULT,
        from_interaction: JsonDict | None = None,
    ) -> JsonDict:
        """Store a message the bot sent. ``from_interaction``: ``interaction_metadata`` for
        responses / follow-ups (they are then webhook messages of the application)."""
        author: UserRecord = self._world.bot
        message_id = self._world.snowflake()
        flags = (int(body.get("flags") or 0) & SETTABLE_FLAGS) | extra_flags
        message: JsonDict = {
            "id": str(message_id),
            "channel_id": str(channel.id),
            "type": message_type,
            "content": body.get("content") or "",
            "embeds": copy.deepcopy(body.get("embeds") or []),
            "components": copy.deepcopy(body.get("components") or []),
            "attachments": [],
            "author": user_payload(author),
            "flags": flags,
            "mentions": self._mentions(body.get("content")),
            "mention_roles": [],
            "mention_everyone": False,
            "pinned": False,
            "tts": bool(body.get("tts")),
            "timestamp": iso_now(),
            "edited_timestamp": None,
            "allowed_mentions": copy.deepcopy(body.get("allowed_mentions")),
            "files": [],
        }
        self._set_attachments(message, body, files or [])
        _resolve_media(message)
        if channel.guild_id is not None:
            message["guild_id"] = str(channel.guild_id)
        if body.get("message_reference"):
            message["message_reference"] = copy.deepcopy(body["message_reference"])
        if body.get("poll"):
            message["poll"] = copy.deepcopy(body["poll"])
        if from_interaction is not None:
            message["webhook_id"] = str(self._world.app_id)
            message["application_id"] = str(self._world.app_id)
            message["interaction_metadata"] = from_interaction
        self.by_id[message_id] = message
        if not flags & C.FLAG_EPHEMERAL:
            channel.messages[message_id] = message
            channel.last_message_id = message_id
            self._dispatch_event("MESSAGE_CREATE", message, channel)
        self._notify()
        return message

    def edit(self, message: JsonDict, body: JsonDict, *, files: list[UploadedFile] | None = None) -> JsonDict:
        """Apply a PATCH: keys present replace, ``null`` clears; a loading message stops loading."""
        was_loading = bool(message["flags"] & C.FLAG_LOADING)
        if "content" in body:
            message["content"] = body["content"] or ""
            message["mentions"] = self._mentions(message["content"])
        for key in ("embeds", "components"):
            if key in body:
                message[key] = copy.deepcopy(body[key] or [])
        if "allowed_mentions" in body:
            message["allowed_mentions"] = copy.deepcopy(body["allowed_mentions"])
        if "attachments" in body or files:
            self._set_attachments(message, body, files or [])
        if "embeds" in body:
            _resolve_media(message)
        if "flags" in body and body["flags"] is not None:
            kept = message["flags"] & ~(1 << 2 | C.FLAG_IS_COMPONENTS_V2)
            message["flags"] = kept | (int(body["flags"]) & (1 << 2 | C.FLAG_IS_COMPONENTS_V2))
        message["flags"] &= ~C.FLAG_LOADING
        if not was_loading:
            message["edited_timestamp"] = iso_now()
        channel = self._world.channels.get(int(message["channel_id"]))
        if channel is not None and not message["flags"] & C.FLAG_EPHEMERAL:
            self._dispatch_event("MESSAGE_UPDATE", message, channel)
        self._notify()
        return message

    def delete(self, message: JsonDict) -> None:
        message_id = int(message["id"])
        self.by_id.pop(message_id, None)
        self._attachments.forget([a["id"] for a in message["attachments"]])
        channel = self._world.channels.get(int(message["channel_id"]))
        if channel is None or channel.messages.pop(message_id, None) is None:
            return
        data = {"id": message["id"], "channel_id": message["channel_id"]}
        if channel.guild_id is not None:
            data["guild_id"] = str(channel.guild_id)
        self._dispatch("MESSAGE_DELETE", data, guild_id=channel.guild_id, intent=_intent_for(channel))
        self._notify()

    # -- helpers ------------------------------------------------------------------------------
    def _dispatch_event(self, event: str, message: JsonDict, channel: ChannelRecord) -> None:
        data = public(message)
        if channel.guild_id is not None:
            guild = self._world.guilds.get(channel.guild_id)
            member = guild.members.get(self._world.bot.id) if guild else None
            if member is not None:
                data["member"] = member_payload(member, with_user=False)
        self._dispatch(event, data, guild_id=channel.guild_id, intent=_intent_for(channel))

    def _mentions(self, content: Any) -> list[JsonDict]:
        if not isinstance(content, str):
            return []
        found = []
        for match in USER_MENTION_RE.finditer(content):
            user = self._world.users.get(int(match.group(1)))
            if user is not None and all(m["id"] != str(user.id) for m in found):
                found.append(user_payload(user))
        return found

    def _set_attachments(self, message: JsonDict, body: JsonDict, files: list[UploadedFile]) -> None:
        """Keep the attachments ``body`` lists, add the uploads (stored for the CDN), forget the rest."""
        kept, new = plan_attachments(body, message["attachments"], files)
        ephemeral = bool(message["flags"] & C.FLAG_EPHEMERAL)
        for attachment in kept:
            self._attachments.by_id[int(attachment["id"])].description = attachment.get("description")
        added = []
        for upload, entry in new:
            record = self._attachments.add(
                entry.get("filename") or upload.filename,
                upload.content,
                content_type=upload.content_type,
                description=entry.get("description"),
                ephemeral=ephemeral,
                channel_id=int(message["channel_id"]),
                message_id=int(message["id"]),
            )
            added.append(self._attachments.payload(record))
        still = {a["id"] for a in kept}
        self._attachments.forget([a["id"] for a in message["attachments"] if a["id"] not in still])
        message["attachments"] = [*kept, *added]
        message["files"] = [self._attachments.by_id[int(a["id"])] for a in message["attachments"]]


def _resolve_media(message: JsonDict) -> None:
    """Discord's ``attachment://<filename>`` in an embed's image or thumbnail: replaced by that attachment's
    URL (with ``proxy_url`` and, for a PNG, its size) when the message has an attachment of that name; left
    as sent otherwise (Discord then shows no image)."""
    by_name = {a["filename"]: (a, record) for a, record in zip(message["attachments"], message["files"], strict=True)}
    for embed in message["embeds"]:
        for key in ("image", "thumbnail"):
            media = embed.get(key)
            url = media.get("url") if isinstance(media, dict) else None
            if not isinstance(url, str) or not url.startswith("attachment://"):
                continue
            found = by_name.get(url.removeprefix("attachment://"))
            if found is None:
                continue
            attachment, record = found
            media.update(url=attachment["url"], proxy_url=attachment["proxy_url"])
            size = _png_size(record.content)
            if size is not None:
                media.update(width=size[0], height=size[1])
            if attachment.get("content_type"):
                media["content_type"] = attachment["content_type"]


def _png_size(content: bytes) -> tuple[int, int] | None:
    if content[:8] != b"\x89PNG\r\n\x1a\n" or content[12:16] != b"IHDR":
        return None
    return int.from_bytes(content[16:20], "big"), int.from_bytes(content[20:24], "big")


def _intent_for(channel: ChannelRecord) -> int:
    return C.INTENT_GUILD_MESSAGES if channel.guild_id is not None else 1 << 12
