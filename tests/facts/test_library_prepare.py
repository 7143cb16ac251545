"""Reading an upload: a document is drafted and validated, a YAML pack checked against its document, and
what cannot be read is refused in words before anything is stored."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from facts.errors import BadInput
from facts.library import Quotas, prepare
from facts.library.prepare import checked_name, name_from
from tests.facts.conftest import MINI_DOCUMENT, mini_pack_data

READING = (Path(__file__).parents[1] / "bot" / "data" / "berlin_airlift.md").read_bytes()


def test_a_document_is_drafted_into_a_valid_pack_stored_under_its_servers_id():
    prepared = prepare(READING, "Berlin Airlift.md", guild_id=7)
    assert prepared.drafted
    assert prepared.name == "berlin_airlift"
    assert prepared.pack is not None
    assert prepared.pack.id == "g7_berlin_airlift"
    assert prepared.problems == ()
    assert any("event" in line for line in prepared.summary)
    assert prepared.first_events[0].date == "June 24, 1948"
    assert prepared.size == len(prepared.pack_yaml.encode()) + len(prepared.document.encode())


def test_a_yaml_pack_is_checked_against_its_document_and_its_problems_listed():
    text = yaml.safe_dump(mini_pack_data(), sort_keys=False).encode()
    good = prepare(text, "mini.yaml", guild_id=7, document=MINI_DOCUMENT.encode(), document_filename="mini.txt")
    assert (good.drafted, good.name, good.pack.id) == (False, "mini", "g7_mini")
    other = b"Another text entirely, about other things and other people, long enough to read."
    bad = prepare(text, "mini.yaml", guild_id=7, document=other, document_filename="x.txt")
    assert bad.pack is None
    assert any("not in the document" in p for p in bad.problems)
    assert all(p.startswith("mini.yaml: ") for p in bad.problems)


@pytest.mark.parametrize(("kwargs", "needle"), [
    ({"data": b"pack: x\n", "filename": "x.yaml"}, "attach the document"),
    ({"data": b"x" * 2000, "filename": "big.txt", "quotas": Quotas(file_bytes=1000)}, "a file may be at most"),
    ({"data": b"On June 1, 1900 it began. " * 100, "filename": "long.txt", "quotas": Quotas(text_bytes=1000)},
     "of text can be drafted"),
    ({"data": b"hello", "filename": "slides.pptx"}, "Chronicle reads .txt, .md, .html, .pdf"),
    ({"data": b"   \n ", "filename": "blank.txt"}, "is empty"),
    ({"data": READING, "filename": "r.md", "name": "Bad Name!"}, "can't name a pack"),
])
def test_what_cannot_be_read_is_refused_in_words(kwargs, needle):
    with pytest.raises(BadInput, match=needle):
        prepare(guild_id=7, **kwargs)


def test_names_come_from_the_file_or_are_checked():
    assert name_from("Cold War — Reading 2.pdf") == "cold_war_reading_2"
    assert name_from("???.txt") == "draft"
    assert len(name_from("a" * 80 + ".txt")) == 32
    assert checked_name(" my_reading ") == "my_reading"
