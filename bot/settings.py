"""Settings from the environment, typed. The token is required only to connect, and never shown."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from facts.errors import BadInput, ChronicleError
from facts.paths import database_path
from facts.shards import Shards

TOKEN_HELP = (
    "DISCORD_TOKEN is not set. Create an application at https://discord.com/developers/applications, "
    "add a bot, copy its token and run `DISCORD_TOKEN=… chronicle run` (see README). "
    "Without a token you can still ask the fact store from the command line: `chronicle date 1950-06-25`."
)


class SettingsError(ChronicleError):
    """A setting is missing or malformed; the message says which and how to fix it."""


@dataclass(frozen=True, slots=True)
class Settings:
    token: str | None = field(repr=False)
    db_path: Path
    dev_guild: int | None = None
    log_level: int = logging.INFO
    shards: Shards | None = None  # CHRONICLE_SHARDS: the shards this process runs, of how many

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, *, db: str | None = None) -> Settings:
        env = os.environ if env is None else env
        guild = env.get("CHRONICLE_DEV_GUILD", "").strip()
        if guild and not guild.isdigit():
            raise SettingsError(f"CHRONICLE_DEV_GUILD must be a server id (digits), not {guild!r}.")
        level_name = env.get("CHRONICLE_LOG_LEVEL", "INFO").strip().upper()
        level = logging.getLevelName(level_name)
        if not isinstance(level, int):
            raise SettingsError(f"CHRONICLE_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, not {level_name!r}.")
        token = env.get("DISCORD_TOKEN", "").strip() or None
        shards_text = env.get("CHRONICLE_SHARDS", "").strip()
        try:
            shards = Shards.parse(shards_text) if shards_text else None
        except BadInput as exc:
            raise SettingsError(f"CHRONICLE_SHARDS: {exc}") from None
        return cls(token=token, db_path=database_path(db or env.get("CHRONICLE_DB") or None),
                   dev_guild=int(guild) if guild else None, log_level=level, shards=shards)

    def require_token(self) -> str:
        if not self.token:
            raise SettingsError(TOKEN_HELP)
        return self.token
