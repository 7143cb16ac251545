"""The fake's world: users, guilds, roles, channels and members, plus snowflake ids.

Records are plain dataclasses that tests may read (``guild.id``, ``member.id``, ``channel.name``);
they are changed only through :class:`~tests.fakediscord.FakeDiscord` methods so that the gateway
learns about every change.
"""

from __future__ import annotations

import datetime as dt
import itertools
import time
from dataclasses import dataclass, field
from typing import Any

from . import constants as C


def iso_now() -> str:
    """The current time as Discord formats timestamps (ISO 8601 with ``+00:00``)."""
    return dt.datetime.now(dt.UTC).isoformat()


class SnowflakeFactory:
    """Makes unique, increasing snowflakes whose timestamp part is the current time."""

    def __init__(self) -> None:
        self._last = 0
        self._increment = itertools.count()

    def __call__(self) -> int:
        ms = int(time.time() * 1000) - C.DISCORD_EPOCH_MS
        candidate = (ms << 22) | (1 << 17) | (next(self._increment) & 0xFFF)
        self._last = max(candidate, self._last + 1)
        return self._last


@dataclass
class UserRecord:
    id: int
    username: str
    global_name: str | None = None
    bot: bool = False
    avatar: str | None = None
    #: False: the user does not accept DMs from the bot (Discord answers 403 50007)
    dms_open: bool = True

    @property
    def name(self) -> str:
        return self.username


@dataclass
class RoleRecord:
    id: int
    guild_id: int
    name: str
    permissions: int
    position: int = 0
    color: int = 0
    hoist: bool = False
    mentionable: bool = False
    managed: bool = False
    bot_id: int | None = None


@dataclass
class ChannelRecord:
    """A guild channel (or a DM channel when ``guild_id`` is None)."""

    id: int
    guild_id: int | None
    name: str
    type: int = C.CHANNEL_GUILD_TEXT
    position: int = 0
    topic: str | None = None
    parent_id: int | None = None
    nsfw: bool = False
    #: The bot's permissions in this channel; None means the bot's guild permissions.
    bot_permissions: int | None = None
    recipient_id: int | None = None
    deleted: bool = False
    #: Stored messages by id, in posting order (ephemeral messages are not kept here).
    messages: dict[int, dict[str, Any]] = field(default_factory=dict)
    last_message_id: int | None = None


@dataclass
class MemberRecord:
    user: UserRecord
    guild_id: int
    roles: list[int]
    joined_at: str
    nick: str | None = None
    #: Exact guild permissions given to ``add_member(permissions=...)``; None: from roles.
    permissions: int | None = None

    @property
    def id(self) -> int:
        return self.user.id

    @property
    def name(self) -> str:
        return self.user.username


@dataclass
class GuildRecord:
    id: int
    name: str
    owner_id: int
    joined_at: str
    roles: dict[int, RoleRecord] = field(default_factory=dict)
    channels: dict[int, ChannelRecord] = field(default_factory=dict)
    members: dict[int, MemberRecord] = field(default_factory=dict)
    system_channel_id: int | None = None
    preferred_locale: str = "en-US"
    #: Upload limit per file in this guild (boosts raise it); None: the fake's default.
    attachment_size_limit: int | None = None
    #: True once the bot was removed (``FakeDiscord.remove_guild``).
    removed: bool = False

    @property
    def everyone(self) -> RoleRecord:
        return self.roles[self.id]

    @property
    def general(self) -> ChannelRecord:
        """The text channel "general" made with the guild."""
        assert self.system_channel_id is not None
        return self.channels[self.system_channel_id]

    @property
    def owner(self) -> MemberRecord:
        return self.members[self.owner_id]


def _has_id(value: Any) -> bool:
    return hasattr(value, "id") and isinstance(value.id, int)


def as_id(value: Any) -> int:
    """Accepts an int, a numeric string or any record / discord.py object with an ``id``."""
    if isinstance(value, bool):
        raise TypeError(f"expected an id, got {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    if _has_id(value):
        return value.id
    raise TypeError(f"expected an id or an object with .id, got {value!r}")


class World:
    """Holds every record and answers permission questions about them."""

    def __init__(
        self,
        *,
        bot_name: str,
        app_id: int | None,
        bot_permissions: int,
        attachment_size_limit: int = C.ATTACHMENT_SIZE_LIMIT,
    ) -> None:
        self.snowflake = SnowflakeFactory()
        self.attachment_size_limit = attachment_size_limit
        bot_id = app_id or self.snowflake()
        self.bot = UserRecord(id=bot_id, username=bot_name.lower(), global_name=bot_name, bot=True)
        self.app_id = bot_id
        self.bot_permissions = bot_permissions
        self.users: dict[int, UserRecord] = {self.bot.id: self.bot}
        self.guilds: dict[int, GuildRecord] = {}
        self.channels: dict[int, ChannelRecord] = {}

    # -- creation -----------------------------------------------------------------------------
    def new_user(self, name: str, *, global_name: str | None = None, bot: bool = False) -> UserRecord:
        user = UserRecord(id=self.snowflake(), username=name, global_name=global_name or name, bot=bot)
        self.users[user.id] = user
        return user

    def new_guild(self, name: str, *, owner_name: str) -> GuildRecord:
        owner = self.new_user(owner_name)
        guild_id = self.snowflake()
        guild = GuildRecord(id=guild_id, name=name, owner_id=owner.id, joined_at=iso_now())
        guild.roles[guild_id] = RoleRecord(
            id=guild_id, guild_id=guild_id, name="@everyone", permissions=C.DEFAULT_MEMBER_PERMISSIONS
        )
        bot_role = RoleRecord(
            id=self.snowflake(),
            guild_id=guild_id,
            name=self.bot.global_name or self.bot.username,
            permissions=self.bot_permissions,
            position=1,
            managed=True,
            bot_id=self.bot.id,
        )
        guild.roles[bot_role.id] = bot_role
        guild.members[owner.id] = MemberRecord(user=owner, guild_id=guild_id, roles=[], joined_at=iso_now())
        guild.members[self.bot.id] = MemberRecord(
            user=self.bot, guild_id=guild_id, roles=[bot_role.id], joined_at=guild.joined_at
        )
        self.guilds[guild_id] = guild
        general = self.new_channel(guild, "general")
        guild.system_channel_id = general.id
        return guild

    def new_channel(
        self,
        guild: GuildRecord,
        name: str,
        *,
        type: int = C.CHANNEL_GUILD_TEXT,
        topic: str | None = None,
        parent_id: int | None = None,
        bot_permissions: int | None = None,
    ) -> ChannelRecord:
        channel = ChannelRecord(
            id=self.snowflake(),
            guild_id=guild.id,
            name=name,
            type=type,
            position=len(guild.channels),
            topic=topic,
            parent_id=parent_id,
            bot_permissions=bot_permissions,
        )
        guild.channels[channel.id] = channel
        self.channels[channel.id] = channel
        return channel

    def dm_channel(self, user: UserRecord) -> ChannelRecord:
        """The bot's DM channel with ``user`` (made on first use)."""
        for channel in self.channels.values():
            if channel.type == C.CHANNEL_DM and channel.recipient_id == user.id:
                return channel
        channel = ChannelRecord(id=self.snowflake(), guild_id=None, name="", type=C.CHANNEL_DM, recipient_id=user.id)
        self.channels[channel.id] = channel
        return channel

    # -- lookups --------------------------------------------------------------------------------
    def guild(self, guild_id: Any) -> GuildRecord:
        gid = as_id(guild_id)
        try:
            return self.guilds[gid]
        except KeyError:
            raise KeyError(f"the fake has no guild {gid}") from None

    def channel(self, channel_id: Any) -> ChannelRecord:
        cid = as_id(channel_id)
        try:
            return self.channels[cid]
        except KeyError:
            raise KeyError(f"the fake has no channel {cid}") from None

    def user(self, user_id: Any) -> UserRecord:
        uid = as_id(user_id)
        try:
            return self.users[uid]
        except KeyError:
            raise KeyError(f"the fake has no user {uid}") from None

    def role_anywhere(self, role_id: int) -> RoleRecord | None:
        for guild in self.guilds.values():
            if role_id in guild.roles:
                return guild.roles[role_id]
        return None

    def upload_limit(self, channel: ChannelRecord) -> int:
        """Bytes a file may have in ``channel`` (``attachment_size_limit`` of interactions there)."""
        guild = self.guilds.get(channel.guild_id) if channel.guild_id is not None else None
        if guild is not None and guild.attachment_size_limit is not None:
            return guild.attachment_size_limit
        return self.attachment_size_limit

    # -- permissions ----------------------------------------------------------------------------
    def member_permissions(self, guild: GuildRecord, user_id: int) -> int:
        """Guild-level permissions of a member: @everyone | their roles; everything for owner/admin."""
        if user_id == guild.owner_id:
            return C.ALL_PERMISSIONS
        member = guild.members.get(user_id)
        if member is None:
            return 0
        if member.permissions is not None:
            perms = member.permissions
        else:
            perms = guild.everyone.permissions
            for role_id in member.roles:
                role = guild.roles.get(role_id)
                if role is not None:
                    perms |= role.permissions
        if perms & C.ADMINISTRATOR:
            return C.ALL_PERMISSIONS
        return perms

    def bot_channel_permissions(self, channel: ChannelRecord) -> int:
        """The bot's permissions in a channel (``app_permissions``)."""
        if channel.guild_id is None:
            return C.VIEW_CHANNEL | C.SEND_MESSAGES | C.EMBED_LINKS | C.ATTACH_FILES | C.READ_MESSAGE_HISTORY
        if channel.bot_permissions is not None:
            return channel.bot_permissions
        return self.member_permissions(self.guilds[channel.guild_id], self.bot.id)
