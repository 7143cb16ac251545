"""Builders of Discord API v10 JSON objects (users, members, roles, channels, guilds, messages).

Snowflakes are strings and permissions are strings, as Discord sends them. Each builder fills the
keys that discord.py 2.7 reads with ``data[...]`` (and so requires).
"""

from __future__ import annotations

from typing import Any

from . import constants as C
from .state import ChannelRecord, GuildRecord, MemberRecord, RoleRecord, UserRecord, World


def user_payload(user: UserRecord) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(user.id),
        "username": user.username,
        "discriminator": "0",
        "global_name": user.global_name,
        "avatar": user.avatar,
        "public_flags": 0,
        "flags": 0,
        "banner": None,
        "accent_color": None,
        "avatar_decoration_data": None,
        "collectibles": None,
        "primary_guild": None,
    }
    if user.bot:
        data["bot"] = True
    return data


def bot_user_payload(user: UserRecord) -> dict[str, Any]:
    """The bot's own user, as ``GET /users/@me`` and READY give it."""
    data = user_payload(user)
    data.update({"bot": True, "verified": True, "mfa_enabled": False, "locale": "en-US", "email": None})
    return data


def role_payload(role: RoleRecord) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(role.id),
        "name": role.name,
        "description": None,
        "permissions": str(role.permissions),
        "position": role.position,
        "color": role.color,
        "colors": {"primary_color": role.color, "secondary_color": None, "tertiary_color": None},
        "hoist": role.hoist,
        "managed": role.managed,
        "mentionable": role.mentionable,
        "icon": None,
        "unicode_emoji": None,
        "flags": 0,
    }
    if role.bot_id is not None:
        data["tags"] = {"bot_id": str(role.bot_id)}
    return data


def member_payload(member: MemberRecord, *, with_user: bool = True, permissions: int | None = None) -> dict[str, Any]:
    """A guild member; ``permissions`` (total, as a string) is added in interaction payloads."""
    data: dict[str, Any] = {
        "roles": [str(r) for r in member.roles],
        "nick": member.nick,
        "avatar": None,
        "banner": None,
        "joined_at": member.joined_at,
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": False,
        "communication_disabled_until": None,
    }
    if with_user:
        data["user"] = user_payload(member.user)
    if permissions is not None:
        data["permissions"] = str(permissions)
    return data


def channel_payload(channel: ChannelRecord, *, permissions: int | None = None) -> dict[str, Any]:
    """A channel object; ``permissions`` is the viewer's computed permissions (interactions)."""
    if channel.type == C.CHANNEL_DM:
        data: dict[str, Any] = {
            "id": str(channel.id),
            "type": C.CHANNEL_DM,
            "last_message_id": _opt_id(channel.last_message_id),
            "flags": 0,
            "recipients": [],
        }
    else:
        data = {
            "id": str(channel.id),
            "type": channel.type,
            "guild_id": str(channel.guild_id),
            "name": channel.name,
            "position": channel.position,
            "flags": 0,
            "parent_id": _opt_id(channel.parent_id),
            "permission_overwrites": [],
            "topic": channel.topic,
            "nsfw": channel.nsfw,
            "last_message_id": _opt_id(channel.last_message_id),
            "rate_limit_per_user": 0,
        }
        if channel.type == C.CHANNEL_GUILD_VOICE:
            data.update({"bitrate": 64000, "user_limit": 0, "rtc_region": None})
    if permissions is not None:
        data["permissions"] = str(permissions)
    return data


def guild_payload(guild: GuildRecord) -> dict[str, Any]:
    """The guild object of ``GET /guilds/{id}`` (no gateway-only keys)."""
    return {
        "id": str(guild.id),
        "name": guild.name,
        "icon": None,
        "icon_hash": None,
        "splash": None,
        "discovery_splash": None,
        "owner_id": str(guild.owner_id),
        "afk_channel_id": None,
        "afk_timeout": 300,
        "widget_enabled": False,
        "widget_channel_id": None,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "roles": [role_payload(r) for r in guild.roles.values()],
        "emojis": [],
        "stickers": [],
        "features": [],
        "mfa_level": 0,
        "application_id": None,
        "system_channel_id": _opt_id(guild.system_channel_id),
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "public_updates_channel_id": None,
        "safety_alerts_channel_id": None,
        "max_presences": None,
        "max_members": 500000,
        "max_video_channel_users": 25,
        "max_stage_video_channel_users": 50,
        "vanity_url_code": None,
        "description": None,
        "banner": None,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "premium_progress_bar_enabled": False,
        "preferred_locale": guild.preferred_locale,
        "nsfw_level": 0,
        "nsfw": False,
        "incidents_data": None,
    }


def guild_create_payload(guild: GuildRecord, world: World, *, intents: int, joined: bool) -> dict[str, Any]:
    """GUILD_CREATE ``d``. ``joined``: the bot just joined (no ``unavailable`` key) rather than a
    guild announced as unavailable in READY (``unavailable: false``). Without the GUILD_MEMBERS
    intent only the bot's own member is included, as Discord does."""
    data = guild_payload(guild)
    with_members = intents & C.INTENT_GUILD_MEMBERS
    members = list(guild.members.values()) if with_members else [guild.members[world.bot.id]]
    data.update(
        {
            "joined_at": guild.joined_at,
            "large": False,
            "lazy": True,
            "member_count": len(guild.members),
            "members": [member_payload(m) for m in members],
            "channels": [channel_payload(c) for c in guild.channels.values() if not c.deleted],
            "threads": [],
            "presences": [],
            "voice_states": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "embedded_activities": [],
            "application_command_counts": {},
            "hub_type": None,
        }
    )
    if not joined:
        data["unavailable"] = False
    return data


def partial_guild_for_interaction(guild: GuildRecord) -> dict[str, Any]:
    return {"id": str(guild.id), "locale": guild.preferred_locale, "features": []}


def application_payload(world: World, *, flags: int, owner: UserRecord) -> dict[str, Any]:
    """``GET /oauth2/applications/@me``: keys discord.appinfo.AppInfo reads with ``data[...]``."""
    return {
        "id": str(world.app_id),
        "name": world.bot.global_name or world.bot.username,
        "icon": None,
        "description": "Fake application for end-to-end tests",
        "summary": "",
        "type": None,
        "bot_public": True,
        "bot_require_code_grant": False,
        "verify_key": "0" * 64,
        "flags": flags,
        "owner": user_payload(owner),
        "team": None,
        "bot": bot_user_payload(world.bot),
        "tags": [],
        "redirect_uris": [],
        "interactions_endpoint_url": None,
        "role_connections_verification_url": None,
        "approximate_guild_count": len(world.guilds),
        "integration_types_config": {"0": {}},
        "hook": True,
        "is_monetized": False,
    }


def _opt_id(value: int | None) -> str | None:
    return None if value is None else str(value)
