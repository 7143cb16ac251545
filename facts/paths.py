"""Where Chronicle keeps its database: ``--db``, else ``CHRONICLE_DB``, else the user's data directory."""

from __future__ import annotations

import os
import sys
from pathlib import Path

DB_ENV = "CHRONICLE_DB"
APP = "chronicle"


def data_dir() -> Path:
    """The per-user data directory: XDG on Linux and BSDs, the platform's own place elsewhere."""
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        xdg = os.environ.get("XDG_DATA_HOME", "")
        base = Path(xdg) if os.path.isabs(xdg) else home / ".local" / "share"
    return base / APP


def database_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The database file to use; nothing is created here."""
    chosen = explicit or os.environ.get(DB_ENV)
    return Path(chosen).expanduser() if chosen else data_dir() / f"{APP}.db"
