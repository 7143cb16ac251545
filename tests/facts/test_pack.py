"""The pack loader: a valid pack loads; every broken one is refused naming the file, the entry and the field."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest

from facts.dates import Precision
from facts.errors import PackError
from facts.pack import load_pack, load_packs, pack_paths, parse_pack, shipped_packs
from tests.facts.conftest import MINI_DOCUMENT, PACK_FILE, mini_pack_data


def problems_of(path: Path) -> list[str]:
    with pytest.raises(PackError) as caught:
        load_pack(path)
    assert str(caught.value) == "\n".join(caught.value.problems)
    return caught.value.problems


def the_problem(problems: list[str], *needles: str) -> str:
    """The one problem that mentions every needle."""
    found = [p for p in problems if all(n in p for n in needles)]
    assert len(found) == 1, f"{needles} in {problems}"
    return found[0]


def with_event(index: int, **changes) -> dict:
    data = mini_pack_data()
    data["events"][index].update(changes)
    return data


def with_person(index: int, **changes) -> dict:
    data = mini_pack_data()
    data["people"][index].update(changes)
    return data


# ----------------------------------------------------------------------------------------- good packs


def test_the_shipped_pack_loads():
    (path,) = shipped_packs()
    assert path.name == PACK_FILE.name
    pack = load_pack(path)
    assert pack.id == "korean_war"
    assert (len(pack.events), len(pack.people)) == (38, 13)
    assert len(pack.digest) == 64


def test_a_valid_small_pack_loads_with_spans_quotes_and_paragraphs(write_pack):
    pack = load_pack(write_pack())
    assert pack.id == "mini"
    assert pack.document == MINI_DOCUMENT
    first, second = pack.events
    assert first.span.start == date(1901, 3, 3)
    assert first.span.precision is Precision.DAY
    assert second.span.precision is Precision.YEAR
    assert first.people == ("ada_lovelace", "bob_stone")
    assert first.figures[0].low == 2000
    assert first.quotes[0].paragraph == 1  # the heading is not counted: readers cite prose paragraphs
    assert second.quotes[0].paragraph == 2
    ada = pack.people[0]
    assert ada.aliases == ("Lovelace",)
    assert pack.key("first_treaty") == "mini/first_treaty"


def test_a_quote_that_differs_only_in_white_space_is_accepted(write_pack):
    # The document breaks this sentence across two lines; the quote has extra spaces and a newline.
    quote = "Ada  Lovelace wrote\n   it down and Bob Stone   read it aloud to some 2,000 people."
    pack = load_pack(write_pack(with_person(0, quotes=[quote])))
    expected = "Ada Lovelace wrote it down and Bob Stone read it aloud to some 2,000 people."
    assert pack.people[0].quotes[0].text == expected
    assert pack.people[0].quotes[0].paragraph == 1


def test_an_unquoted_yaml_date_and_year_are_read_as_dates(write_pack):
    text = (write_pack().read_text()
            .replace("date: '1901-03-03'", "date: 1901-03-03").replace("date: '1902'", "date: 1902"))
    assert "date: 1901-03-03" in text
    assert "date: 1902\n" in text
    pack = load_pack(write_pack(text))
    assert pack.events[0].span.start == date(1901, 3, 3)
    assert pack.events[1].span.end == date(1902, 12, 31)


def test_the_digest_changes_with_the_pack_and_the_document(write_pack):
    base = load_pack(write_pack()).digest
    assert load_pack(write_pack()).digest == base
    changed = with_event(0, summary="Something else.")
    assert load_pack(write_pack(changed)).digest != base
    assert load_pack(write_pack(document=MINI_DOCUMENT + "\nA new closing line.\n")).digest != base


# --------------------------------------------------------------------------------------- one rejection


def test_a_quote_not_in_the_document_is_refused(write_pack):
    problems = problems_of(write_pack(with_event(1, quotes=["In 1903 nothing happened."])))
    problem = the_problem(problems, "mini.yaml", "'second_treaty'", "quotes[0]")
    assert "not in the document" in problem
    assert "In 1903 nothing happened." in problem


def test_a_quote_with_a_changed_word_is_refused(write_pack):
    problems = problems_of(write_pack(with_event(1, quotes=["In 1902 the third treaty followed."])))
    the_problem(problems, "mini.yaml", "'second_treaty'", "quotes[0]", "not in the document")


def test_an_event_without_quotes_is_refused(write_pack):
    problems = problems_of(write_pack(with_event(1, quotes=[])))
    the_problem(problems, "mini.yaml", "'second_treaty'", "quotes:", "at least one")


def test_an_invalid_date_is_refused(write_pack):
    problems = problems_of(write_pack(with_event(0, date="sometime in spring")))
    problem = the_problem(problems, "mini.yaml", "'first_treaty'", "date:")
    assert "can't read" in problem


def test_an_impossible_date_is_refused(write_pack):
    problems = problems_of(write_pack(with_event(0, date="1950-02-30")))
    problem = the_problem(problems, "mini.yaml", "'first_treaty'", "date:")
    assert "February 1950 has 28 days" in problem


def test_an_impossible_unquoted_yaml_date_is_a_pack_error_not_a_crash(write_pack):
    text = write_pack().read_text().replace("date: '1901-03-03'", "date: 1950-02-30")
    problems = problems_of(write_pack(text))
    problem = the_problem(problems, "mini.yaml", "'first_treaty'", "date:")
    assert "February 1950 has 28 days" in problem


def test_a_missing_date_is_refused(write_pack):
    data = mini_pack_data()
    del data["events"][1]["date"]
    the_problem(problems_of(write_pack(data)), "mini.yaml", "'second_treaty'", "date: missing")


def test_an_unknown_person_reference_is_refused(write_pack):
    problems = problems_of(write_pack(with_event(1, people=["bob_stone", "carol_king"])))
    problem = the_problem(problems, "mini.yaml", "'second_treaty'", "people:")
    assert "unknown person 'carol_king'" in problem


def test_an_after_reference_to_an_unknown_event_is_refused(write_pack):
    problems = problems_of(write_pack(with_event(1, date="after:third_treaty")))
    problem = the_problem(problems, "mini.yaml", "'second_treaty'", "date:")
    assert "unknown event 'third_treaty'" in problem


def test_after_references_going_round_in_a_circle_are_refused(write_pack):
    data = mini_pack_data()
    data["events"][0]["date"] = "after:second_treaty"
    data["events"][1]["date"] = "after:first_treaty"
    problems = problems_of(write_pack(data))
    the_problem(problems, "'first_treaty'", "date:", "circle")
    the_problem(problems, "'second_treaty'", "date:", "circle")


def test_a_duplicate_event_id_is_refused(write_pack):
    problems = problems_of(write_pack(with_event(1, id="first_treaty")))
    problem = the_problem(problems, "mini.yaml", "'first_treaty'", "id:")
    assert "duplicate" in problem


def test_a_duplicate_person_id_is_refused(write_pack):
    problems = problems_of(write_pack(with_person(1, id="ada_lovelace")))
    problem = the_problem(problems, "mini.yaml", "people 'ada_lovelace'", "id:")
    assert "duplicate" in problem


def test_an_ambiguous_alias_is_refused(write_pack):
    # "lovelace" folds like Ada's alias "Lovelace".
    problems = problems_of(write_pack(with_person(1, aliases=["Stone", "lovelace"])))
    problem = the_problem(problems, "mini.yaml", "'bob_stone'", "aliases:")
    assert "'lovelace' also names 'ada_lovelace'" in problem


def test_an_invalid_id_is_refused(write_pack):
    problems = problems_of(write_pack(with_event(1, id="Second-Treaty")))
    the_problem(problems, "mini.yaml", "'Second-Treaty'", "id:", "lowercase")


def test_an_unknown_field_is_refused(write_pack):
    problems = problems_of(write_pack(with_event(0, location="the old hall")))
    the_problem(problems, "mini.yaml", "'first_treaty'", "unknown field 'location'")


def test_a_figure_text_not_in_the_document_is_refused(write_pack):
    data = mini_pack_data()
    data["events"][0]["figures"][0]["text"] = "some 3,000 people"
    problems = problems_of(write_pack(data))
    problem = the_problem(problems, "mini.yaml", "'first_treaty'", "figures[0]", "text:")
    assert "not in the document: 'some 3,000 people'" in problem


def test_a_figure_with_a_bad_value_is_refused(write_pack):
    data = mini_pack_data()
    data["events"][0]["figures"][0]["value"] = [3000, 2000]
    problems = problems_of(write_pack(data))
    the_problem(problems, "mini.yaml", "'first_treaty'", "figures[0]", "value:")


def test_a_yaml_syntax_error_gives_its_line(write_pack):
    text = (
        "pack: mini\n"
        "title: A small history\n"
        "document: mini.txt\n"
        "source: test\n"
        "events:\n"
        "  - id: first_treaty\n"
        "    title: [unclosed\n"
        "    date: '1901'\n"
        "people: []\n"
    )
    (problem,) = problems_of(write_pack(text))
    assert problem.startswith("mini.yaml: line 8")
    assert "YAML syntax error" in problem


def test_a_pack_that_is_not_a_mapping_is_refused(write_pack):
    (problem,) = problems_of(write_pack("- just\n- a list\n"))
    assert problem.startswith("mini.yaml:")
    assert "expected a mapping" in problem


def test_a_missing_document_is_refused_without_a_problem_per_quote(write_pack, tmp_path):
    data = mini_pack_data(document="absent.txt")
    problems = problems_of(write_pack(data))
    problem = the_problem(problems, "mini.yaml", "pack:", "document:")
    assert "absent.txt" in problem
    assert "FileNotFoundError" in problem
    assert problems == [problem], "an unreadable document is one problem, not one per quote"


def test_an_undecodable_document_is_refused(write_pack):
    path = write_pack()
    (path.parent / "mini.txt").write_bytes(b"caf\xe9 \xff\xfe broken")
    problems = problems_of(path)
    problem = the_problem(problems, "mini.yaml", "document:")
    assert "UnicodeDecodeError" in problem


def test_an_unreadable_pack_file_is_refused(tmp_path):
    problems = problems_of(tmp_path / "nowhere.yaml")
    assert "nowhere.yaml" in problems[0]
    assert "cannot read" in problems[0]


def test_missing_top_level_fields_are_each_reported(write_pack):
    data = mini_pack_data()
    del data["title"], data["source"]
    data["events"] = "none"
    problems = problems_of(write_pack(data))
    the_problem(problems, "mini.yaml", "pack:", "title: missing")
    the_problem(problems, "mini.yaml", "pack:", "source: missing")
    the_problem(problems, "mini.yaml", "pack:", "events: expected a list")


def test_several_problems_are_reported_at_once(write_pack):
    data = copy.deepcopy(mini_pack_data())
    first, second = data["events"]
    first["quotes"] = ["A sentence nobody wrote."]
    first["people"] = ["ada_lovelace", "nobody"]  # same entry as the bad quote
    second["date"] = "1950-02-30"
    second["id"] = "first_treaty"  # duplicate, on an entry that also has a bad date
    data["people"][1]["aliases"] = ["Lovelace"]
    problems = problems_of(write_pack(data))
    the_problem(problems, "'first_treaty'", "quotes[0]", "not in the document")
    the_problem(problems, "'first_treaty'", "people:", "unknown person 'nobody'")
    the_problem(problems, "'first_treaty'", "date:", "February 1950 has 28 days")
    the_problem(problems, "'first_treaty'", "id:", "duplicate")
    the_problem(problems, "'bob_stone'", "aliases:", "'Lovelace' also names 'ada_lovelace'")
    assert len(problems) == 5
    assert all(p.startswith("mini.yaml: ") for p in problems)


def test_problems_point_at_the_yaml_line_of_the_entry(write_pack):
    path = write_pack(with_event(1, quotes=["Not there."]))
    lines = path.read_text().splitlines()
    line = next(n for n, text in enumerate(lines, start=1) if text.strip() == "- id: second_treaty")
    problem = the_problem(problems_of(path), "'second_treaty'", "quotes[0]")
    assert f"events[1] 'second_treaty' (line {line})" in problem


# ---------------------------------------------------------------------------------- several packs


def test_duplicate_pack_ids_across_packs_are_refused(write_pack, tmp_path):
    a = write_pack(name="a.yaml")
    b = write_pack(name="b.yaml")
    with pytest.raises(PackError) as caught:
        load_packs([a, b])
    (problem,) = caught.value.problems
    assert problem.startswith("b.yaml: pack:")
    assert "'mini' is already used by a.yaml" in problem


def test_load_packs_reports_the_problems_of_every_pack(write_pack):
    a = write_pack(with_event(0, date="nonsense"), name="a.yaml")
    b = write_pack(mini_pack_data(pack="other", events=[]), name="b.yaml")
    c = write_pack(with_person(0, name=""), name="c.yaml")
    with pytest.raises(PackError) as caught:
        load_packs([a, b, c])
    files = {p.split(":")[0] for p in caught.value.problems}
    assert files == {"a.yaml", "c.yaml"}


def test_pack_paths_adds_configured_files_and_folders(write_pack, tmp_path, monkeypatch):
    single = write_pack(name="single.yaml", folder=tmp_path / "one")
    folder = tmp_path / "many"
    write_pack(name="x.yaml", folder=folder)
    write_pack(name="y.yml", folder=folder)
    monkeypatch.setenv("CHRONICLE_PACKS", f"{single}:{folder}")
    names = [p.name for p in pack_paths()]
    assert names == ["korean_war.yaml", "single.yaml", "x.yaml", "y.yml"]
    assert [p.name for p in pack_paths("")] == ["korean_war.yaml"]


# ------------------------------------------------------------------------------- anchors, terms, country


def test_an_event_may_be_dated_and_placed_after_another(write_pack):
    pack = load_pack(write_pack(with_event(1, date="1902", after="first_treaty", terms=["the later treaty"])))
    second = pack.events[1]
    assert (second.span.precision, second.after, second.relation) == (Precision.YEAR, "first_treaty", "after")
    assert second.terms == ("the later treaty",)


@pytest.mark.parametrize(("changes", "needle"), [
    ({"date": "1902", "after": "first_treaty", "before": "first_treaty"}, "give one anchor"),
    ({"date": "after:first_treaty", "after": "first_treaty"}, "leaves no span"),
    ({"date": None, "after": "nowhere"}, "unknown event 'nowhere'"),
    ({"date": "1900", "after": "first_treaty"}, "ends before 'first_treaty'"),
    ({"date": None}, "date: missing"),
    ({"date": "1902", "after": "Not An Id"}, "expected an event id"),
    ({"terms": ["x" * 101]}, "terms[0]: 101 characters"),
])
def test_bad_anchors_and_terms_are_reported(write_pack, changes, needle):
    data = with_event(1, **changes)
    if changes.get("date", "") is None:
        del data["events"][1]["date"]
    the_problem(problems_of(write_pack(data)), "second_treaty", needle)


def test_before_and_undated_events_load(write_pack):
    pack = load_pack(write_pack(with_event(1, date="before:first_treaty")))
    assert (pack.events[1].span, pack.events[1].before) == (None, "first_treaty")
    pack = load_pack(write_pack(with_event(1, date="undated")))
    assert (pack.events[1].span, pack.events[1].anchor) == (None, None)


def test_a_person_may_name_their_country(write_pack):
    pack = load_pack(write_pack(with_person(0, country="England")))
    assert (pack.people[0].country, pack.people[1].country) == ("England", None)


@pytest.mark.parametrize(("figure", "needle"), [
    ({"magnitude": 1234, "text": "some five hundred", "what": "w", "ask": "a?"}, "give a power of ten"),
    ({"magnitude": 1000, "value": 500, "text": "some five hundred", "what": "w", "ask": "a?"}, "instead of a value"),
    ({"value": 500, "text": "some five hundred", "what": "w", "ask": "a?", "bound": "x"}, "unknown field 'bound'"),
])
def test_bad_figures_are_reported(write_pack, figure, needle):
    document = MINI_DOCUMENT + "\nThere were some five hundred of them.\n"
    data = with_event(0, figures=[figure])
    the_problem(problems_of(write_pack(data, document=document)), "first_treaty", needle)


def test_an_order_of_magnitude_figure_loads(write_pack):
    document = MINI_DOCUMENT + "\nA few thousand people came.\n"
    data = with_event(0, figures=[{"magnitude": 1000, "text": "A few thousand", "what": "people", "ask": "How many?"}])
    (figure,) = load_pack(write_pack(data, document=document)).events[0].figures
    assert (figure.low, figure.high, figure.magnitude) == (1000, 1000, True)


# ----------------------------------------------------------------------------------------- review marks


def test_review_marks_are_notes_for_a_human_not_problems(write_pack):
    data = with_event(0, review=["year carried from context: 1901"])
    data["people"][1]["review"] = "may not be a person"
    data["events"][0]["figures"][0]["review"] = ["bound read from 'some'"]
    pack = load_pack(write_pack(data))
    assert len(pack.notes) == 3
    assert the_problem(list(pack.notes), "'first_treaty'", "review: year carried from context: 1901")
    assert the_problem(list(pack.notes), "'bob_stone'", "review: may not be a person")
    assert the_problem(list(pack.notes), "figures[0]", "review: bound read from 'some'")
    assert all(note.startswith("mini.yaml: ") for note in pack.notes)


def test_a_review_mark_that_is_not_text_is_a_problem(write_pack):
    problems = problems_of(write_pack(with_event(0, review=[{"a": 1}])))
    the_problem(problems, "'first_treaty'", "review: expected text")


def test_a_pack_parses_from_text_with_its_document_held_in_memory(write_pack):
    path = write_pack()
    pack = parse_pack(path.read_text(encoding="utf-8"), Path("upload.yaml"), MINI_DOCUMENT)
    assert pack == load_pack(path).__class__(**{**{f: getattr(load_pack(path), f) for f in pack.__slots__},
                                                "path": Path("upload.yaml")})
    with pytest.raises(PackError) as caught:
        parse_pack(path.read_text(encoding="utf-8"), Path("upload.yaml"), "A different document.")
    assert all(p.startswith("upload.yaml: ") for p in caught.value.problems)
    assert any("not in the document" in p for p in caught.value.problems)
