"""The ``chronicle`` command: readable answers, JSON, one-line errors, and where the database lives."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import EXIT_BAD_INPUT, EXIT_NOT_FOUND, main
from facts.db import migrations
from facts.paths import data_dir, database_path
from tests.facts.conftest import copy_db, mini_pack_data


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ------------------------------------------------------------------------------------ good answers

ANSWERS = [
    (["date", "1950-06-25"], ["June 25, 1950: 1 event(s), and 1 dated more loosely",
                              "June 25, 1950 — North Korea invades across the 38th parallel",
                              "sometime in October 1949 – June 1950 — A few thousand soldiers die in border incidents",
                              "“On June 25, 1950, the North Koreans invaded across the 38th parallel.” (paragraph 9)",
                              "Source: “korean war history”, AllSands"]),
    (["date", "1950-06-30"], ["Nothing in the sources is dated June 30, 1950 exactly; 1 event(s) are dated more "
                              "loosely.",
                              "sometime in October 1949 – June 1950 — A few thousand soldiers die"]),
    (["date", "winter 1949-50"], ["winter 1949–50: 3 event(s), and 1 dated more loosely", "Mao visits Moscow"]),
    (["person", "Kim II Sung"], ["Kim Il Sung — Leader of the North Korean Marxists",
                                 "Also written: Kim II Sung, Kim Il-sung, Kim", "April 1949 — Kim Il Sung meets Mao"]),
    (["person", "Stallin"], ["Joseph Stalin — Soviet leader", "(taken as 'Stalin', the closest name in the sources)"]),
    (["when", "38th parallel"], ["North Korea invades across the 38th parallel: June 25, 1950",
                                 "Also matching:", "Rusk picks the 38th parallel on a small wall map"]),
    (["onthisday", "08-06"], ["On this day, August 6:", "August 6, 1945 — ", "Atomic bomb dropped on Hiroshima"]),
    (["onthisday", "March 15"], ["Nothing in the sources happened on March 15. The nearest dated events:",
                                 "January 30, 1950 (45 days earlier in the year) — Stalin tells"]),
    (["timeline"], ["Timeline: 36 event(s), page 1 of 2", "1895 — Korea comes under Japanese control",
                    "Next: --page 2"]),
    (["timeline", "--from", "1949", "--to", "1950-06", "--per-page", "5", "--page", "2"],
     ["Timeline 1949 – June 1950: 16 event(s), page 2 of 4", "January 30, 1950 — Stalin tells North Korea",
      "Next: --page 3"]),
    (["search", "Security Council"], ["3 result(s) for “Security Council”",
                                      "[event] Security Council condemns North Korea while the Soviets boycott",
                                      "[person] Harry S. Truman", "[sentence] the document"]),
    (["search", "Stalin"], ["18 result(s) for “Stalin”, showing the best 10"]),
    (["facts", "stats"], ["38 events, 13 people", f"schema version {len(migrations())}",
                          "korean_war: The causes of the Korean War, 1945–1950 (korean_war_history.txt)"]),
    (["facts", "validate"], ["ok: korean_war.yaml: pack 'korean_war', 38 events, 13 people"]),
]


@pytest.mark.parametrize(("argv", "expected"), ANSWERS, ids=[" ".join(a[0]) for a in ANSWERS])
def test_every_query_command_prints_a_readable_answer(capsys, db_path, argv, expected):
    code, out, err = run(capsys, *argv, "--db", str(db_path))
    assert (code, err) == (0, "")
    for piece in expected:
        assert piece in out
    assert "\x02" not in out
    assert "\x03" not in out
    assert out.endswith("\n")


def test_onthisday_without_a_day_uses_today(capsys, db_path):
    code, out, _ = run(capsys, "onthisday", "--db", str(db_path))
    assert code == 0
    assert out.startswith(("On this day, ", "Nothing in the sources happened on "))


def test_a_date_with_nothing_on_it_exits_zero(capsys, db_path):
    code, out, err = run(capsys, "date", "1700", "--db", str(db_path))
    assert (code, err) == (0, "")
    assert out.startswith("Nothing in the sources is dated 1700.")


JSON_KEYS = [
    (["date", "June 1950"], {"query", "matches", "total"}),
    (["person", "Byrnes"], {"person", "matched", "fuzzy"}),
    (["when", "Acheson speech"], {"query", "event", "others"}),
    (["onthisday", "08-10"], {"day", "exact", "items"}),
    (["timeline", "--per-page", "3"], {"start", "end", "items", "page", "pages", "total", "per_page"}),
    (["search", "Pusan"], {"query", "hits", "total"}),
    (["facts", "stats"], {"packs", "events", "people", "quotes", "sentences", "schema_version"}),
]


@pytest.mark.parametrize(("argv", "keys"), JSON_KEYS, ids=[" ".join(a[0]) for a in JSON_KEYS])
def test_json_output_is_valid_with_the_expected_keys(capsys, db_path, argv, keys):
    code, out, err = run(capsys, *argv, "--json", "--db", str(db_path))
    assert (code, err) == (0, "")
    assert set(json.loads(out)) == keys


def test_json_of_a_date_answer_has_spans_and_events(capsys, db_path):
    _, out, _ = run(capsys, "date", "1950-06-25", "--json", "--db", str(db_path))
    answer = json.loads(out)
    assert answer["query"] == {"start": "1950-06-25", "end": "1950-06-25", "precision": "day",
                               "label": "June 25, 1950"}
    first = answer["matches"][0]
    assert first["exact"] is True
    assert first["event"]["key"] == "korean_war/north_korean_invasion"
    assert first["event"]["when"]["label"] == "June 25, 1950"
    assert answer["total"] == 2


def test_json_of_validate_lists_the_packs(capsys):
    code, out, _ = run(capsys, "facts", "validate", "--json")
    assert code == 0
    (entry,) = json.loads(out)
    assert entry.pop("file").endswith("korean_war.yaml")
    assert entry == {"pack": "korean_war", "events": 38, "people": 13, "ok": True, "notes": []}


# ------------------------------------------------------------------------------------------ errors

ERRORS = [
    (["date", "1950-02-30"], EXIT_BAD_INPUT, "February 1950 has 28 days"),
    (["date", "6/7/1950"], EXIT_BAD_INPUT, "ambiguous"),
    (["date", "June 25"], EXIT_BAD_INPUT, "has no year"),
    (["date", "@everyone"], EXIT_BAD_INPUT, "can't read"),
    (["person", "Xyzzyq"], EXIT_NOT_FOUND, "No one called “Xyzzyq” is in the sources."),
    (["person", "Dean"], EXIT_NOT_FOUND, "Did you mean: Dean Acheson, Dean Rusk"),
    (["person", ""], EXIT_BAD_INPUT, "Give a name."),
    (["when", "flibbertigibbet zorblax"], EXIT_NOT_FOUND, "Nothing in the sources matches"),
    (["search", ""], EXIT_BAD_INPUT, "Give some words to search for."),
    (["search", "(*)"], EXIT_BAD_INPUT, "at least one word"),
    (["onthisday", "June 1950"], EXIT_BAD_INPUT, "is not a single day"),
    (["timeline", "--page", "0"], EXIT_BAD_INPUT, "Pages count from 1."),
    (["timeline", "--from", "1951", "--to", "1949"], EXIT_BAD_INPUT, "before it starts"),
]


@pytest.mark.parametrize(("argv", "code", "message"), ERRORS, ids=[" ".join(e[0]) or "empty" for e in ERRORS])
def test_bad_input_is_one_line_on_stderr_and_a_non_zero_exit(capsys, db_path, argv, code, message):
    got, out, err = run(capsys, *argv, "--db", str(db_path))
    assert got == code != 0
    assert out == ""
    assert len(err.splitlines()) == 1, err
    assert err.startswith("chronicle: ")
    assert message in err
    assert "Traceback" not in err


def test_validate_lists_every_problem_of_a_broken_pack(capsys, write_pack):
    data = mini_pack_data()
    data["events"][0]["date"] = "1950-02-30"
    data["events"][1]["quotes"] = ["Nobody wrote this."]
    data["people"][1]["aliases"] = ["Lovelace"]
    path = write_pack(data)
    code, out, err = run(capsys, "facts", "validate", str(path))
    assert code == EXIT_BAD_INPUT
    assert out == ""
    lines = err.splitlines()
    assert lines[0] == "chronicle: 3 problem(s) in the fact packs:"
    assert any("'first_treaty'" in line and "February 1950 has 28 days" in line for line in lines[1:])
    assert any("'second_treaty'" in line and "quotes[0]" in line for line in lines[1:])
    assert any("'bob_stone'" in line and "aliases:" in line for line in lines[1:])
    assert all(line.startswith("  mini.yaml: ") for line in lines[1:])


def test_validate_accepts_a_good_pack_file(capsys, write_pack):
    code, out, _ = run(capsys, "facts", "validate", str(write_pack()))
    assert code == 0
    assert out == "ok: mini.yaml: pack 'mini', 2 events, 2 people\n"


def test_validate_prints_review_marks_as_notes_and_still_passes(capsys, write_pack):
    data = mini_pack_data()
    data["events"][1]["review"] = ["year carried from context"]
    code, out, _ = run(capsys, "facts", "validate", str(write_pack(data)))
    assert code == 0
    assert out.splitlines() == [
        "ok: mini.yaml: pack 'mini', 2 events, 2 people, 1 marked for review",
        "note: mini.yaml: events[1] 'second_treaty' (line 20): review: year carried from context",
    ]


def test_a_database_newer_than_the_code_is_a_one_line_error(capsys, tmp_path):
    path = tmp_path / "newer.db"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    code, out, err = run(capsys, "date", "1950", "--db", str(path))
    assert code != 0
    assert out == ""
    assert len(err.splitlines()) == 1
    assert err.startswith("chronicle: ")
    assert "newer Chronicle (schema 99" in err


def test_a_database_path_that_is_a_folder_is_a_one_line_error(capsys, tmp_path):
    code, _, err = run(capsys, "facts", "stats", "--db", str(tmp_path))
    assert code != 0
    assert len(err.splitlines()) == 1
    assert err.startswith("chronicle: cannot use the database")


# ------------------------------------------------------------------------------ where the database is


def test_db_option_chooses_the_file_over_the_environment(capsys, tmp_path, monkeypatch):
    chosen, ignored = tmp_path / "chosen.db", tmp_path / "ignored.db"
    monkeypatch.setenv("CHRONICLE_DB", str(ignored))
    code, _, _ = run(capsys, "facts", "stats", "--db", str(chosen))
    assert code == 0
    assert chosen.is_file()
    assert not ignored.exists()


def test_chronicle_db_environment_chooses_the_file(capsys, tmp_path, monkeypatch, template_db):
    path = copy_db(template_db, tmp_path / "env" / "facts.db")
    monkeypatch.setenv("CHRONICLE_DB", str(path))
    code, out, _ = run(capsys, "facts", "stats")
    assert code == 0
    assert "38 events" in out
    assert not (tmp_path / "xdg").exists()


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="XDG applies to Linux and the BSDs")
def test_the_default_database_honours_xdg_data_home(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert database_path() == tmp_path / "data" / "chronicle" / "chronicle.db"
    code, _, _ = run(capsys, "facts", "stats")
    assert code == 0
    assert (tmp_path / "data" / "chronicle" / "chronicle.db").is_file()


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="XDG applies to Linux and the BSDs")
@pytest.mark.parametrize("xdg", ["", "relative/path"])
def test_an_empty_or_relative_xdg_data_home_falls_back_to_local_share(tmp_path, monkeypatch, xdg):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", xdg)
    assert data_dir() == tmp_path / "home" / ".local" / "share" / "chronicle"


def test_database_path_prefers_explicit_then_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CHRONICLE_DB", str(tmp_path / "env.db"))
    assert database_path(tmp_path / "explicit.db") == tmp_path / "explicit.db"
    assert database_path() == tmp_path / "env.db"
    monkeypatch.setenv("CHRONICLE_DB", "~/x.db")
    assert database_path() == Path.home() / "x.db"


# ---------------------------------------------------------------------------- the installed script


def _script() -> str:
    found = Path(sys.executable).parent / "chronicle"
    if found.exists():
        return str(found)
    which = shutil.which("chronicle")
    if which is None:  # pragma: no cover
        pytest.skip("the chronicle console script is not installed")
    return which


def test_the_console_script_answers_and_fails_cleanly(db_path):
    env = {**os.environ, "CHRONICLE_DB": str(db_path)}
    good = subprocess.run([_script(), "when", "Acheson speech"], capture_output=True, text=True, env=env,
                          timeout=60, check=False)
    assert good.returncode == 0, good.stderr
    assert good.stdout.startswith("Acheson's Press Club speech leaves Korea out of the US defense plan: "
                                  "January 12, 1950")
    bad = subprocess.run([_script(), "date", "1950-02-30"], capture_output=True, text=True, env=env,
                         timeout=60, check=False)
    assert bad.returncode == EXIT_BAD_INPUT
    assert bad.stdout == ""
    assert bad.stderr == "chronicle: February 1950 has 28 days.\n"
