"""Start-up seeding from pack files: an unchanged pack is recognised by its digest and never parsed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from facts import pack as pack_module
from facts.db import Database
from facts.errors import PackError
from facts.pack import file_digest, load_pack, shipped_packs
from facts.seed import seed_paths


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    source = shipped_packs()[0]
    target = tmp_path / "packs"
    target.mkdir()
    shutil.copy(source, target / source.name)
    shutil.copy(source.parent / "korean_war_history.txt", target / "korean_war_history.txt")
    return target


def test_file_digest_matches_the_loaded_packs_digest(pack_dir: Path) -> None:
    path = pack_dir / "korean_war.yaml"
    assert file_digest(path) == load_pack(path).digest


async def test_an_unchanged_pack_is_not_parsed_again(pack_dir: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    db = await Database.open(tmp_path / "c.db")
    try:
        first = await seed_paths(db, [pack_dir / "korean_war.yaml"])
        assert first.loaded == ("korean_war",)

        def no_parsing(path: Path) -> None:
            raise AssertionError(f"{path} was parsed although it did not change")

        monkeypatch.setattr(pack_module, "load_pack", no_parsing)
        before = db.total_changes
        again = await seed_paths(db, [pack_dir / "korean_war.yaml"])
        assert again.unchanged == ("korean_war",)
        assert again.removed == ()
        assert db.total_changes == before
    finally:
        await db.close()


async def test_a_changed_document_is_reseeded(pack_dir: Path, tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "c.db")
    try:
        await seed_paths(db, [pack_dir / "korean_war.yaml"])
        document = pack_dir / "korean_war_history.txt"
        document.write_text(document.read_text(encoding="utf-8") + "\nA new closing line.\n", encoding="utf-8")
        report = await seed_paths(db, [pack_dir / "korean_war.yaml"])
        assert report.loaded == ("korean_war",)
    finally:
        await db.close()


async def test_two_files_claiming_one_pack_id_are_refused(pack_dir: Path, tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "c.db")
    try:
        await seed_paths(db, [pack_dir / "korean_war.yaml"])
        twin = pack_dir / "twin.yaml"
        twin.write_text((pack_dir / "korean_war.yaml").read_text(encoding="utf-8").replace(
            "Atomic bomb dropped on Hiroshima", "Atomic bomb dropped on Hiroshima!"), encoding="utf-8")
        with pytest.raises(PackError, match="already used"):
            await seed_paths(db, [pack_dir / "korean_war.yaml", twin])
    finally:
        await db.close()


async def test_the_search_index_matches_its_documents_after_a_reseed(pack_dir: Path, tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "c.db")
    try:
        await seed_paths(db, [pack_dir / "korean_war.yaml"])
        query = "SELECT count(*) FROM search_terms WHERE term = 'hiroshima'"
        before = (await db.fetchone(query))[0]
        pack = pack_dir / "korean_war.yaml"
        pack.write_text(pack.read_text(encoding="utf-8").replace("killing more than 80,000",
                                                                 "killing over 80,000"), encoding="utf-8")
        assert (await seed_paths(db, [pack])).loaded == ("korean_war",)
        orphans = await db.fetchone("SELECT count(*) FROM search_terms WHERE doc NOT IN (SELECT id FROM search_docs)")
        assert orphans[0] == 0
        assert (await db.fetchone(query))[0] == before > 0
    finally:
        await db.close()
