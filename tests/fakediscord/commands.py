"""Synced application commands, and the ``data`` of command / autocomplete interactions.

:class:`CommandRegistry` keeps what the bot PUT (global and per guild). :func:`build_command_data`
turns ``fake.command("trivia start", {"rounds": 5})`` into the nested ``options`` Discord sends,
typing each value from the synced option type and filling ``resolved`` for users, members,
channels, roles and attachments.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from . import constants as C
from .attachments import AttachmentRecord, AttachmentStore
from .payloads import channel_payload, member_payload, role_payload, user_payload
from .state import ChannelRecord, GuildRecord, World, as_id

JsonDict = dict[str, Any]

OPTION_TYPE_NAMES = {
    1: "sub-command",
    2: "sub-command group",
    3: "string",
    4: "integer",
    5: "boolean",
    6: "user",
    7: "channel",
    8: "role",
    9: "mentionable",
    10: "number",
    11: "attachment",
}


class CommandRegistry:
    """Commands as the bot synced them; ids stay stable across re-syncs of the same name."""

    def __init__(self, world: World) -> None:
        self._world = world
        self._scopes: dict[int | None, list[JsonDict]] = {}
        self._ids: dict[tuple[int | None, int, str], int] = {}
        self.sync_count = 0

    def overwrite(self, guild_id: int | None, commands: list[JsonDict]) -> list[JsonDict]:
        stored = []
        for cmd in commands:
            item = copy.deepcopy(cmd)
            ctype = item.get("type") or 1
            key = (guild_id, ctype, str(item.get("name")))
            command_id = self._ids.get(key) or self._world.snowflake()
            self._ids[key] = command_id
            item.update(
                {
                    "id": str(command_id),
                    "application_id": str(self._world.app_id),
                    "version": str(self._world.snowflake()),
                    "type": ctype,
                }
            )
            if guild_id is not None:
                item["guild_id"] = str(guild_id)
            stored.append(item)
        self._scopes[guild_id] = stored
        self.sync_count += 1
        return stored

    def list(self, guild_id: int | None) -> list[JsonDict]:
        return self._scopes.get(guild_id, [])

    def synced(self, guild_id: int | None) -> bool:
        return guild_id in self._scopes

    def find(self, name: str, guild_id: int | None, ctype: int = 1) -> JsonDict:
        """The command a user would get for ``name``: guild commands first, then global ones."""
        scopes = [guild_id, None] if guild_id is not None else [None]
        for scope in scopes:
            for cmd in self._scopes.get(scope, []):
                if cmd.get("name") == name and cmd.get("type", 1) == ctype:
                    return cmd
        known = sorted({c.get("name") for s in scopes for c in self._scopes.get(s, [])})
        where = f"guild {guild_id} or globally" if guild_id is not None else "globally"
        raise LookupError(f"/{name} is not synced {where} (synced: {known or 'nothing'}); did the bot sync?")


def response_form(cmd: JsonDict) -> JsonDict:
    """A stored command as Discord's REST answers it (permissions as a string, defaults filled)."""
    item = copy.deepcopy(cmd)
    perms = item.get("default_member_permissions")
    item["default_member_permissions"] = None if perms is None else str(perms)
    item.setdefault("dm_permission", True)
    item.setdefault("nsfw", False)
    item.setdefault("description", "")
    item.setdefault("contexts", None)
    item.setdefault("integration_types", [0])
    return item


class Resolver:
    """Collects the ``resolved`` map of an interaction for the snowflake values it carries.
    ``attachments`` and ``where`` (the interaction's channel) are needed for attachment options."""

    def __init__(
        self,
        world: World,
        guild: GuildRecord | None,
        viewer_permissions: int,
        *,
        attachments: AttachmentStore | None = None,
        where: ChannelRecord | None = None,
    ) -> None:
        self.world = world
        self.guild = guild
        self.viewer_permissions = viewer_permissions
        self.attachments = attachments
        self.where = where
        self.resolved: dict[str, dict[str, JsonDict]] = {}

    def _put(self, kind: str, key: int, value: JsonDict) -> None:
        self.resolved.setdefault(kind, {})[str(key)] = value

    def user(self, value: Any) -> str:
        user = self.world.user(value)
        self._put("users", user.id, user_payload(user))
        if self.guild is not None and user.id in self.guild.members:
            perms = self.world.member_permissions(self.guild, user.id)
            self._put(
                "members", user.id, member_payload(self.guild.members[user.id], with_user=False, permissions=perms)
            )
        return str(user.id)

    def channel(self, value: Any, allowed_types: list[int] | None = None) -> str:
        channel = self.world.channel(value)
        if allowed_types and channel.type not in allowed_types:
            raise ValueError(f"channel {channel.name!r} has type {channel.type}, option allows {allowed_types}")
        data = channel_payload(channel, permissions=self.viewer_permissions)
        self._put("channels", channel.id, data)
        return str(channel.id)

    def role(self, value: Any) -> str:
        role_id = as_id(value)
        role = self.guild.roles.get(role_id) if self.guild is not None else None
        if role is None:
            raise KeyError(f"role {role_id} is not in this interaction's guild")
        self._put("roles", role.id, role_payload(role))
        return str(role.id)

    def attachment(self, value: Any) -> str:
        """A member's upload (from ``fake.attachment()``): Discord's client refuses a file over the
        ``attachment_size_limit`` before sending the command, unless the record has ``bypass_limit``."""
        if not isinstance(value, AttachmentRecord):
            raise TypeError(f"{value!r} is not an attachment; make one with fake.attachment(filename, data)")
        if self.attachments is None or self.where is None or not value.option_upload:
            raise ValueError(f"attachment {value.filename!r} was not made with fake.attachment() for an option")
        limit = self.world.upload_limit(self.where)
        if value.size > limit and not value.bypass_limit:
            raise ValueError(
                f"{value.filename!r} has {value.size} bytes, over the attachment_size_limit of {limit}: Discord's "
                "client would not upload it (fake.attachment(..., bypass_limit=True) sends it anyway)"
            )
        if value.channel_id is None:
            value.channel_id = self.where.id
        self._put("attachments", value.id, self.attachments.payload(value))
        return str(value.id)

    def mentionable(self, value: Any) -> str:
        target = as_id(value)
        if self.guild is not None and target in self.guild.roles:
            return self.role(target)
        return self.user(target)


def build_command_data(
    cmd: JsonDict,
    path: list[str],
    values: Mapping[str, Any],
    resolver: Resolver,
    *,
    focused: str | None = None,
) -> JsonDict:
    """``data`` of a type 2 (or, with ``focused``, type 4) interaction for a synced command."""
    data: JsonDict = {"id": cmd["id"], "name": cmd["name"], "type": cmd.get("type", 1)}
    if "guild_id" in cmd:
        data["guild_id"] = cmd["guild_id"]
    label = "/" + " ".join([cmd["name"], *path])
    container = data
    level: list[JsonDict] = cmd.get("options") or []
    for part in path:
        sub = next((o for o in level if o.get("name") == part and o.get("type") in (1, 2)), None)
        if sub is None:
            subs = [o.get("name") for o in level if o.get("type") in (1, 2)]
            raise LookupError(f"{label}: no sub-command {part!r} (has {subs})")
        node: JsonDict = {"type": sub["type"], "name": part, "options": []}
        container["options"] = [node]
        container = node
        level = sub.get("options") or []
    if any(o.get("type") in (1, 2) for o in level):
        subs = [o.get("name") for o in level if o.get("type") in (1, 2)]
        raise LookupError(f"{label} needs a sub-command: one of {subs}")
    options = []
    for name, raw in values.items():
        spec = next((o for o in level if o.get("name") == name), None)
        if spec is None:
            raise LookupError(f"{label} has no option {name!r} (has {[o.get('name') for o in level]})")
        option: JsonDict = {"name": name, "type": spec["type"]}
        if name == focused:
            option["value"] = raw if isinstance(raw, str) else str(raw)
            option["focused"] = True
        else:
            option["value"] = _convert(label, spec, raw, resolver)
        options.append(option)
    if focused is not None and focused not in values:
        spec = next((o for o in level if o.get("name") == focused), None)
        if spec is None:
            raise LookupError(f"{label} has no option {focused!r} to focus")
        options.append({"name": focused, "type": spec["type"], "value": "", "focused": True})
    if focused is None:
        missing = [o["name"] for o in level if o.get("required") and o["name"] not in values]
        if missing:
            raise ValueError(f"{label}: required option(s) {missing} missing; Discord would not send this")
    container["options"] = options
    if resolver.resolved:
        data["resolved"] = resolver.resolved
    return data


def _convert(label: str, spec: JsonDict, raw: Any, resolver: Resolver) -> Any:
    otype = spec["type"]
    name = spec["name"]
    try:
        if otype == C.OPTION_STRING:
            value: Any = str(raw)
            _check_length(spec, value)
        elif otype == C.OPTION_INTEGER:
            if isinstance(raw, bool) or (isinstance(raw, float) and not raw.is_integer()):
                raise ValueError(f"{raw!r} is not an integer")
            value = int(raw)
            _check_range(spec, value)
        elif otype == C.OPTION_NUMBER:
            value = raw if isinstance(raw, int | float) and not isinstance(raw, bool) else float(raw)
            _check_range(spec, value)
        elif otype == C.OPTION_BOOLEAN:
            if isinstance(raw, str):
                value = {"true": True, "false": False}[raw.lower()]
            elif isinstance(raw, bool):
                value = raw
            else:
                raise ValueError(f"{raw!r} is not a boolean")
        elif otype == C.OPTION_USER:
            value = resolver.user(raw)
        elif otype == C.OPTION_CHANNEL:
            value = resolver.channel(raw, spec.get("channel_types"))
        elif otype == C.OPTION_ROLE:
            value = resolver.role(raw)
        elif otype == C.OPTION_MENTIONABLE:
            value = resolver.mentionable(raw)
        elif otype == C.OPTION_ATTACHMENT:
            value = resolver.attachment(raw)
        else:
            raise ValueError(f"option type {OPTION_TYPE_NAMES.get(otype, otype)} is not supported by the fake")
    except (KeyError, TypeError, ValueError) as exc:
        kind = OPTION_TYPE_NAMES.get(otype, otype)
        raise ValueError(f"{label}: option {name!r} ({kind}): {exc}") from None
    choices = spec.get("choices")
    if choices and value not in [c.get("value") for c in choices]:
        raise ValueError(f"{label}: {value!r} is not one of the choices of {name!r}: {choices}")
    return value


def _check_length(spec: JsonDict, value: str) -> None:
    low, high = spec.get("min_length"), spec.get("max_length")
    if (low is not None and len(value) < low) or (high is not None and len(value) > high):
        raise ValueError(f"length {len(value)} outside [{low}, {high}]")


def _check_range(spec: JsonDict, value: float) -> None:
    low, high = spec.get("min_value"), spec.get("max_value")
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(f"{value} outside [{low}, {high}]")
