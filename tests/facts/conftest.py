"""Fixtures for the domain tests: one seeded template database per session, copied for every test.

Seeding the shipped pack takes a few hundred milliseconds; copying the seeded file takes almost nothing,
so each test gets its own real SQLite file in ``tmp_path`` (never ``:memory:``) and may write to it.
"""

from __future__ import annotations

import asyncio
import shutil
import textwrap
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from facts.pack import Pack, load_packs, shipped_packs
from facts.paths import DB_ENV
from facts.store import FactStore

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
PACK_FILE = SEEDS / "korean_war.yaml"
DOCUMENT_FILE = SEEDS / "korean_war_history.txt"
PACK_ID = "korean_war"


def key(entry_id: str) -> str:
    """The store key of an entry of the shipped pack."""
    return f"{PACK_ID}/{entry_id}"


def copy_db(source: Path, target: Path) -> Path:
    """Copy a closed SQLite database (with any WAL side files) to ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        side = Path(f"{source}{suffix}")
        if side.exists():
            shutil.copyfile(side, f"{target}{suffix}")
    return target


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's database, extra packs or data directory."""
    monkeypatch.delenv(DB_ENV, raising=False)
    monkeypatch.delenv("CHRONICLE_PACKS", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))


@pytest.fixture(scope="session")
def packs() -> list[Pack]:
    """The shipped packs, loaded and validated once."""
    return load_packs(shipped_packs())


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory, packs: list[Pack]) -> Path:
    """A database file migrated and seeded with the shipped packs, never opened by a test itself."""
    path = tmp_path_factory.mktemp("template") / "chronicle.db"

    async def build() -> None:
        store = await FactStore.open(path, packs=packs)
        await store.close()

    asyncio.run(build())
    return path


@pytest.fixture
def db_path(template_db: Path, tmp_path: Path) -> Path:
    """This test's own copy of the seeded database."""
    return copy_db(template_db, tmp_path / "db" / "chronicle.db")


@pytest.fixture
async def store(db_path: Path, packs: list[Pack]) -> AsyncIterator[FactStore]:
    opened = await FactStore.open(db_path, packs=packs)
    try:
        yield opened
    finally:
        await opened.close()


# ------------------------------------------------------------------------------------ small packs

MINI_DOCUMENT = """\
A Small History

The first treaty was signed on March 3, 1901 in the old hall. Ada Lovelace wrote
it down and Bob Stone read it aloud to some 2,000 people.

In 1902 the second treaty followed.
Bob Stone signed it alone.
"""


def mini_pack_data(**overrides: Any) -> dict[str, Any]:
    """A valid small pack (two events, two people) as a dict; ``overrides`` replace top-level keys."""
    data: dict[str, Any] = {
        "pack": "mini",
        "title": "A small history",
        "document": "mini.txt",
        "source": "A Small History (test document)",
        "events": [
            {
                "id": "first_treaty",
                "date": "1901-03-03",
                "title": "The first treaty is signed",
                "summary": "The first treaty was signed in the old hall.",
                "people": ["ada_lovelace", "bob_stone"],
                "figures": [{"value": 2000, "text": "some 2,000 people", "what": "listeners",
                             "ask": "How many people heard the first treaty?"}],
                "quotes": ["The first treaty was signed on March 3, 1901 in the old hall."],
            },
            {
                "id": "second_treaty",
                "date": "1902",
                "title": "The second treaty follows",
                "summary": "A second treaty followed in 1902.",
                "people": ["bob_stone"],
                "quotes": ["In 1902 the second treaty followed."],
            },
        ],
        "people": [
            {
                "id": "ada_lovelace",
                "name": "Ada Lovelace",
                "aliases": ["Lovelace"],
                "role": "Scribe",
                "summary": "She wrote the first treaty down.",
                "quotes": ["Ada Lovelace wrote it down and Bob Stone read it aloud to some 2,000 people."],
            },
            {
                "id": "bob_stone",
                "name": "Bob Stone",
                "aliases": ["Stone"],
                "role": "Reader",
                "summary": "He read the first treaty aloud and signed the second.",
                "quotes": ["Bob Stone signed it alone."],
            },
        ],
    }
    data.update(overrides)
    return data


WritePack = Callable[..., Path]


@pytest.fixture
def write_pack(tmp_path: Path) -> WritePack:
    """Write a pack (a dict, dumped as YAML, or raw YAML text) and its document; return the pack path."""

    def write(data: dict[str, Any] | str | None = None, *, name: str = "mini.yaml",
              document: str | None = MINI_DOCUMENT, document_name: str = "mini.txt",
              folder: Path | None = None) -> Path:
        where = folder or tmp_path / "packs"
        where.mkdir(parents=True, exist_ok=True)
        if data is None:
            data = mini_pack_data()
        text = data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
        path = where / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        if document is not None:
            (where / document_name).write_text(document, encoding="utf-8")
        return path

    return write
