"""Reading uploads for the drafter: each format from a real file, and a clear refusal for bad input."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from fpdf import FPDF

from facts.draft import draft_text, read_document
from facts.errors import BadInput
from facts.text import numbered_paragraphs

TEXTS = Path(__file__).with_name("draft_texts")


def make_pdf(paragraphs: list[str], *, pages: int = 1) -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for _ in range(pages):
        pdf.add_page()
        for paragraph in paragraphs:
            pdf.multi_cell(0, 6, paragraph)
            pdf.ln(6)
    return bytes(pdf.output())


def scanned_pdf() -> bytes:
    """A page with only drawing on it: what a scan without OCR looks like to a text extractor."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_fill_color(40, 40, 40)
    for row in range(20):
        pdf.rect(10, 10 + row * 12, 180, 8, style="F")
    return bytes(pdf.output())


PROSE = [
    "On June 3, 1863, the army began to move west toward the valley, and the march went on for many days "
    "through heat and dust until the columns reached the river crossings.",
    "President Abraham Lincoln replaced Joseph Hooker with George Meade on June 28, 1863.",
]


def test_plain_text_keeps_its_paragraphs():
    text = read_document((TEXTS / "civil_war.txt").read_bytes(), "civil_war.txt")
    blocks = numbered_paragraphs(text)
    assert blocks[0] == (0, "The Road to Gettysburg")
    assert blocks[1][0] == 1
    assert "On June 3, 1863, Lee's army began to move west" in text


def test_markdown_headings_and_paragraphs_become_paragraphs():
    text = read_document((TEXTS / "medieval.md").read_bytes(), "medieval.md")
    blocks = numbered_paragraphs(text)
    assert (0, "England from the Conquest to Bosworth") in blocks
    assert (0, "The Plantagenets") in blocks
    assert "#" not in text
    assert any(t.startswith("William the Conqueror defeated Harold Godwinson") for _, t in blocks)


def test_html_drops_scripts_navigation_headers_footers_asides_and_forms():
    text = read_document((TEXTS / "pacific.html").read_bytes(), "pacific.html")
    for noise in ("ads loaded", "tracker", "color: black", "Home", "menu changed", "Advertisement", "Search since",
                  "Copyright"):
        assert noise not in text
    blocks = numbered_paragraphs(text)
    assert blocks[0] == (0, "The Pacific War, 1941–1945")
    assert blocks[1][1].startswith("On December 7, 1941, Japanese carrier aircraft attacked")
    draft = draft_text(text, name="pacific")
    assert all(e.span is None or e.span.start.year < 1950 for e in draft.events)  # no dates from the noise


def test_a_pdf_made_here_reads_as_paragraphs():
    text = read_document(make_pdf(PROSE), "reading.pdf")
    blocks = [t for n, t in numbered_paragraphs(text) if n]
    assert PROSE[0] in blocks
    assert PROSE[1] in blocks
    draft = draft_text(text, name="reading")
    assert {e.span.notation for e in draft.events if e.span} == {"1863-06-03", "1863-06-28"}


def test_a_pdf_named_txt_is_read_as_a_pdf():
    assert PROSE[1] in read_document(make_pdf(PROSE), "notes.txt")


@pytest.mark.parametrize(("data", "filename", "says"), [
    (scanned_pdf(), "reading.pdf", "reading.pdf has no text layer (a scanned PDF?)"),
    (b"", "reading.txt", "reading.txt is empty"),
    (b"   \n\n  ", "reading.md", "reading.md is empty"),
    (bytes(range(256)) * 4, "reading.txt", "binary file"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "reading.txt", "a PNG image"),
    (b"This is plain text, not a PDF at all, though its name says so.", "reading.pdf", "is not a PDF"),
    (b"%PDF-1.4\nthis is not really a pdf\n%%EOF", "reading.pdf", "damaged PDF"),
    (b"Some text about 1950.", "reading.docx", ".docx files are not read"),
    (b"<html><body><script>alert(1)</script></body></html>", "page.html", "no readable text"),
])
def test_bad_input_is_refused_with_a_clear_reason(data, filename, says):
    with pytest.raises(BadInput) as caught:
        read_document(data, filename)
    assert says in caught.value.message


def test_a_zip_named_pdf_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "On June 25, 1950, the war began.")
    with pytest.raises(BadInput, match="zip archive"):
        read_document(buffer.getvalue(), "reading.pdf")


def test_a_document_without_dates_keeps_its_people_and_says_so():
    text = ("A Quiet Chapter\n\nGeneral Omar Bradley spoke with Dwight Eisenhower about the plan. Bradley said the "
            "army was ready, and Eisenhower agreed.\n")
    draft = draft_text(text, name="quiet")
    assert draft.events == ()
    assert draft.summary.no_dates
    assert {p.name for p in draft.people} == {"Omar Bradley", "Dwight Eisenhower"}
    assert any("no dates" in line.lower() for line in draft.summary.lines())


def test_windows_1252_text_is_read():
    data = "Caf\xe9 talks began on May 2, 1919, in Paris.".encode("cp1252")
    assert "May 2, 1919" in read_document(data, "talks.txt")
