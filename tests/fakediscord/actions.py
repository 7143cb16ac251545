"""What users do in Discord, as the fake's test API: run slash commands, type into autocomplete,
click buttons / pick in selects, submit modals. Each sends an INTERACTION_CREATE with a fresh id and
token and returns an :class:`~tests.fakediscord.interactions.InteractionResult` once the bot's
initial callback arrived (``FakeDiscord`` inherits these methods from :class:`UserActions`)."""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import constants as C
from .attachments import AttachmentStore
from .commands import CommandRegistry, Resolver, build_command_data
from .errors import FakeUsageError, InteractionTimeout
from .gateway import Gateway
from .interactions import InteractionFlow, InteractionResult
from .limits import MAX_TEXT_INPUT, iter_interactive
from .messages import MessageStore, public
from .payloads import channel_payload, member_payload, partial_guild_for_interaction, user_payload
from .state import ChannelRecord, GuildRecord, MemberRecord, UserRecord, World, as_id

JsonDict = dict[str, Any]


@dataclass
class _Context:
    """Where and by whom an interaction happens."""

    guild: GuildRecord | None
    user: UserRecord
    member: MemberRecord | None
    channel: ChannelRecord
    #: The user's permissions (sent as member.permissions and resolved channels' permissions).
    permissions: int


class UserActions:
    """Mixin of :class:`~tests.fakediscord.FakeDiscord`: the user-side interaction helpers."""

    world: World
    registry: CommandRegistry
    gateway: Gateway
    flow: InteractionFlow
    store: MessageStore
    attachments: AttachmentStore
    interaction_deadline: float

    def message(self, message_id: Any) -> JsonDict:
        """Any stored message by id, ephemeral ones included."""
        try:
            return self.store.by_id[as_id(message_id)]
        except KeyError:
            raise FakeUsageError(f"no stored message {message_id}") from None

    async def command(
        self,
        name: str,
        options: Mapping[str, Any] | None = None,
        *,
        guild: Any = None,
        user: Any = None,
        channel: Any = None,
        locale: str = "en-US",
        check_permissions: bool = True,
    ) -> InteractionResult:
        """Invoke a synced slash command (``"date"``, ``"daily set"``, ``"trivia admin reset"``).

        Returns once the initial callback arrived (:class:`InteractionTimeout` after the 3 s
        deadline). ``guild=None`` (and no ``channel``) invokes it in the bot's DMs."""
        parts = name.split()
        ctx = self._context(guild, user, channel)
        cmd = self._find_command(parts[0], ctx)
        if check_permissions:
            self._check_command_permissions(cmd, ctx)
        resolver = self._resolver(ctx)
        try:
            data = build_command_data(cmd, parts[1:], options or {}, resolver)
        except (LookupError, ValueError) as exc:
            raise FakeUsageError(str(exc)) from None
        return await self._fire(C.INTERACTION_APPLICATION_COMMAND, data, ctx, label=f"/{name}", locale=locale)

    async def autocomplete(
        self,
        name: str,
        options: Mapping[str, Any] | None = None,
        *,
        focused: str,
        guild: Any = None,
        user: Any = None,
        channel: Any = None,
        locale: str = "en-US",
    ) -> list[JsonDict]:
        """Send an autocomplete interaction with ``focused`` being typed; returns the choices."""
        parts = name.split()
        ctx = self._context(guild, user, channel)
        cmd = self._find_command(parts[0], ctx)
        resolver = self._resolver(ctx)
        try:
            data = build_command_data(cmd, parts[1:], options or {}, resolver, focused=focused)
        except (LookupError, ValueError) as exc:
            raise FakeUsageError(str(exc)) from None
        result = await self._fire(
            C.INTERACTION_AUTOCOMPLETE, data, ctx, label=f"/{name} autocomplete({focused})", locale=locale
        )
        return result.choices

    async def click(
        self,
        message_id: Any,
        custom_id: str,
        *,
        user: Any = None,
        guild: Any = None,
        values: list[Any] | None = None,
        locale: str = "en-US",
    ) -> InteractionResult:
        """Click a button (or pick ``values`` in a select) of a stored message."""
        message = self.message(message_id)
        components = list(iter_interactive(message.get("components") or []))
        component = next((c for c in components if c.get("custom_id") == custom_id), None)
        if component is None:
            found = [c.get("custom_id") for c in components]
            raise FakeUsageError(f"message {message['id']} has no component {custom_id!r} (has {found})")
        if component.get("disabled"):
            raise FakeUsageError(f"component {custom_id!r} is disabled; Discord would not send a click")
        channel = self.world.channel(message["channel_id"])
        if guild is not None and channel.guild_id != as_id(guild):
            raise FakeUsageError(f"message {message['id']} is not in guild {as_id(guild)}")
        if user is None and "interaction_metadata" in message:
            user = int(message["interaction_metadata"]["user"]["id"])
        ctx = self._context(channel.guild_id, user, channel.id)
        data: JsonDict = {"custom_id": custom_id, "component_type": component["type"]}
        if component["type"] in C.SELECT_COMPONENTS:
            data["values"], resolved = self._select_values(component, values or [], ctx)
            if resolved:
                data["resolved"] = resolved
        elif values:
            raise FakeUsageError(f"{custom_id!r} is a button; values= is for selects")
        kind = "select" if component["type"] in C.SELECT_COMPONENTS else "button"
        return await self._fire(
            C.INTERACTION_MESSAGE_COMPONENT, data, ctx, label=f"{kind} {custom_id!r}", locale=locale, message=message
        )

    async def submit_modal(
        self, opened_by: InteractionResult, values: Mapping[str, Any], *, user: Any = None
    ) -> InteractionResult:
        """Submit the modal that ``opened_by`` answered with (type 9); ``values`` by custom_id.

        As Discord's client does: a text input not in ``values`` keeps its prefilled ``value``, a string
        select its ``default`` options. What the client would not let a member send is a
        :class:`FakeUsageError`: a required input left empty, text beyond ``max_length`` (the client stops
        typing there) or under ``min_length``, a select value that is not an option, too few or too many
        values, or a custom_id the modal does not have."""
        modal = opened_by.modal
        ctx = self._context(opened_by.guild_id, user or opened_by.user_id, opened_by.channel_id)
        seen: set[str] = set()

        def fill(component: JsonDict) -> JsonDict:
            ctype = component.get("type")
            if ctype == C.COMPONENT_ACTION_ROW:
                return {"type": ctype, "components": [fill(c) for c in component.get("components") or []]}
            if ctype == C.COMPONENT_LABEL:
                return {"type": ctype, "component": fill(component["component"])}
            custom_id = component.get("custom_id")
            if custom_id is not None:
                seen.add(custom_id)
            if ctype == C.COMPONENT_TEXT_INPUT:
                return {"type": ctype, "custom_id": custom_id, "value": _typed_text(component, values)}
            if ctype == C.COMPONENT_STRING_SELECT:
                return {"type": ctype, "custom_id": custom_id, "values": _picked_options(component, values)}
            if ctype in C.SELECT_COMPONENTS:
                picked = values.get(custom_id, [])
                return {"type": ctype, "custom_id": custom_id, "values": [str(v) for v in picked]}
            return {"type": ctype, **({"id": component["id"]} if "id" in component else {})}

        data = {"custom_id": modal["custom_id"], "components": [fill(c) for c in modal.get("components") or []]}
        unknown = sorted(set(values) - seen)
        if unknown:
            raise FakeUsageError(f"modal {modal['custom_id']!r} has no input(s) {unknown} (has {sorted(seen)})")
        source = self.store.by_id.get(opened_by.source_message_id or -1)
        return await self._fire(
            C.INTERACTION_MODAL_SUBMIT, data, ctx, label=f"modal {modal['custom_id']!r}", message=source
        )

    # -- interaction internals --------------------------------------------------------------------------
    def _context(self, guild: Any, user: Any, channel: Any) -> _Context:
        channel_rec = self.world.channel(channel) if channel is not None else None
        if guild is None and channel_rec is not None and channel_rec.guild_id is not None:
            guild = channel_rec.guild_id
        if guild is None:
            if user is None:
                raise FakeUsageError("a DM interaction (guild=None) needs user=")
            user_rec = self.world.user(user)
            dm = channel_rec or self.world.dm_channel(user_rec)
            return _Context(None, user_rec, None, dm, C.ALL_PERMISSIONS)
        guild_rec = self.world.guild(guild)
        if guild_rec.removed:
            raise FakeUsageError(f"the bot was removed from guild {guild_rec.name!r}")
        user_rec = self.world.user(user) if user is not None else guild_rec.owner.user
        member = guild_rec.members.get(user_rec.id)
        if member is None:
            raise FakeUsageError(f"{user_rec.username} is not a member of {guild_rec.name!r}")
        channel_rec = channel_rec or guild_rec.general
        if channel_rec.guild_id != guild_rec.id or channel_rec.deleted:
            raise FakeUsageError(f"channel {channel_rec.name!r} is not a live channel of {guild_rec.name!r}")
        perms = self.world.member_permissions(guild_rec, user_rec.id)
        return _Context(guild_rec, user_rec, member, channel_rec, perms)

    def _resolver(self, ctx: _Context) -> Resolver:
        return Resolver(self.world, ctx.guild, ctx.permissions, attachments=self.attachments, where=ctx.channel)

    def _find_command(self, name: str, ctx: _Context) -> JsonDict:
        try:
            return self.registry.find(name, ctx.guild.id if ctx.guild else None)
        except LookupError as exc:
            raise FakeUsageError(str(exc)) from None

    def _check_command_permissions(self, cmd: JsonDict, ctx: _Context) -> None:
        contexts = cmd.get("contexts")
        if ctx.guild is None:
            if cmd.get("dm_permission") is False or (contexts is not None and 1 not in contexts):
                raise FakeUsageError(f"/{cmd['name']} is not available in DMs")
            return
        if contexts is not None and 0 not in contexts:
            raise FakeUsageError(f"/{cmd['name']} is not available in guilds (contexts={contexts})")
        required = cmd.get("default_member_permissions")
        if required is None:
            return
        required = int(required)
        if ctx.permissions & C.ADMINISTRATOR or (required and ctx.permissions & required == required):
            return
        raise FakeUsageError(
            f"{ctx.user.username} cannot use /{cmd['name']}: default_member_permissions={required} and their "
            f"permissions are {ctx.permissions} (pass check_permissions=False to invoke it anyway)"
        )

    def _select_values(self, component: JsonDict, values: list[Any], ctx: _Context) -> tuple[list[str], JsonDict]:
        ctype = component["type"]
        if ctype == C.COMPONENT_STRING_SELECT:
            allowed = [o.get("value") for o in component.get("options") or []]
            bad = [v for v in values if v not in allowed]
            if bad:
                raise FakeUsageError(f"select {component.get('custom_id')!r} has no option(s) {bad} ({allowed})")
            return [str(v) for v in values], {}
        resolver = self._resolver(ctx)
        pick = {
            C.COMPONENT_USER_SELECT: resolver.user,
            C.COMPONENT_ROLE_SELECT: resolver.role,
            C.COMPONENT_MENTIONABLE_SELECT: resolver.mentionable,
            C.COMPONENT_CHANNEL_SELECT: resolver.channel,
        }[ctype]
        return [pick(v) for v in values], resolver.resolved

    def _interaction_payload(
        self,
        itype: int,
        interaction_id: int,
        token: str,
        data: JsonDict,
        ctx: _Context,
        *,
        locale: str,
        message: JsonDict | None,
    ) -> JsonDict:
        channel = ctx.channel
        payload: JsonDict = {
            "id": str(interaction_id),
            "application_id": str(self.world.app_id),
            "type": itype,
            "token": token,
            "version": 1,
            "data": data,
            "channel_id": str(channel.id),
            "channel": channel_payload(channel, permissions=ctx.permissions),
            "app_permissions": str(self.world.bot_channel_permissions(channel)),
            "locale": locale,
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": self.world.upload_limit(channel),
        }
        if ctx.guild is not None and ctx.member is not None:
            payload.update(
                guild_id=str(ctx.guild.id),
                guild=partial_guild_for_interaction(ctx.guild),
                guild_locale=ctx.guild.preferred_locale,
                member=member_payload(ctx.member, permissions=ctx.permissions),
                authorizing_integration_owners={"0": str(ctx.guild.id)},
                context=0,
            )
        else:
            payload["channel"]["recipients"] = [user_payload(ctx.user)]
            payload.update(user=user_payload(ctx.user), authorizing_integration_owners={"0": "0"}, context=1)
        if message is not None:
            payload["message"] = public(message)
        return payload

    async def _fire(
        self,
        itype: int,
        data: JsonDict,
        ctx: _Context,
        *,
        label: str,
        locale: str = "en-US",
        message: JsonDict | None = None,
    ) -> InteractionResult:
        interaction_id = self.world.snowflake()
        token = "aW50ZXJhY3Rpb24" + secrets.token_urlsafe(48)
        result = InteractionResult(
            interaction_id=interaction_id,
            token=token,
            type=itype,
            label=label,
            guild_id=ctx.guild.id if ctx.guild else None,
            channel_id=ctx.channel.id,
            user_id=ctx.user.id,
            source_message_id=int(message["id"]) if message is not None else None,
            deadline=self.interaction_deadline,
        )
        result.payload = self._interaction_payload(
            itype, interaction_id, token, data, ctx, locale=locale, message=message
        )
        self.flow.register(result)
        taken = self.gateway.dispatch(
            "INTERACTION_CREATE", result.payload, guild_id=result.guild_id, on_sent=result.mark_sent
        )
        if not taken:
            raise FakeUsageError(f"{label}: no client is connected to the gateway (await wait_identified())")
        try:
            await asyncio.wait_for(asyncio.shield(result._sent), timeout=10.0)
        except TimeoutError:
            raise InteractionTimeout(
                f"{label}: INTERACTION_CREATE was not delivered within 10 s (client disconnected?)"
            ) from None
        assert result.sent_at is not None
        remaining = result.sent_at + result.deadline - time.perf_counter()
        try:
            await asyncio.wait_for(asyncio.shield(result._callback), timeout=max(remaining, 0.0))
        except TimeoutError:
            result.expired = True
            raise InteractionTimeout(
                f"{label}: no initial response within {result.deadline} s of INTERACTION_CREATE "
                f"(Discord would show 'The application did not respond'); {result.describe_state()}"
            ) from None
        return result


def _typed_text(component: JsonDict, values: Mapping[str, Any]) -> str:
    """What a member can submit in a text input (see :meth:`UserActions.submit_modal`)."""
    custom_id = component.get("custom_id")
    given = values.get(custom_id)
    value = str(given) if given is not None else str(component.get("value") or "")
    high = component.get("max_length") or MAX_TEXT_INPUT
    low = component.get("min_length") or 0
    if len(value) > high:
        raise FakeUsageError(
            f"text input {custom_id!r}: {len(value)} characters, but it allows {high} "
            "(Discord's client stops the member typing there)"
        )
    if not value and component.get("required", True):
        raise FakeUsageError(f"text input {custom_id!r} is required; Discord's client would not submit it empty")
    if value and len(value) < low:
        raise FakeUsageError(f"text input {custom_id!r}: {len(value)} characters, fewer than its min_length {low}")
    return value


def _picked_options(component: JsonDict, values: Mapping[str, Any]) -> list[str]:
    """The values a member can pick in a string select of a modal (its defaults unless given)."""
    custom_id = component.get("custom_id")
    options = [str(o.get("value")) for o in component.get("options") or []]
    given = values.get(custom_id)
    if given is None:
        picked = [str(o.get("value")) for o in component.get("options") or [] if o.get("default")]
    else:
        picked = [str(v) for v in ([given] if isinstance(given, str | int) else given)]
    bad = [v for v in picked if v not in options]
    if bad:
        raise FakeUsageError(f"select {custom_id!r} has no option(s) {bad} ({options})")
    low = component.get("min_values")
    low = 1 if low is None else low
    high = component.get("max_values") or 1
    if not picked and component.get("required", True) and low > 0:
        raise FakeUsageError(f"select {custom_id!r} is required; Discord's client would not submit it empty")
    if picked and not low <= len(picked) <= high:
        raise FakeUsageError(f"select {custom_id!r} takes {low}–{high} value(s), got {len(picked)}")
    return picked
