"""Reading an uploaded document: ``.txt``, ``.md``, ``.html``/``.htm`` and text ``.pdf`` into plain text.

The result is what a draft's quotes are checked against: paragraphs separated by blank lines, each
heading a paragraph of its own. The format is decided by the file's name *and* its first bytes, so a PDF
named ``.txt`` is read as a PDF and a zip named ``.pdf`` is refused. Nothing in a file is ever executed:
PDF scripts and HTML scripts are dropped, never run.
"""

from __future__ import annotations

import io
import logging
import re
from pathlib import PurePath

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from markdown_it import MarkdownIt
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from facts.errors import BadInput

log = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt", ".text")
MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
PDF_SUFFIXES = (".pdf",)
FORMATS_HELP = "Give a .txt, .md, .html or .pdf file (a PDF with a text layer)."
MIN_TEXT = 20  # fewer letters than this is no document
MAX_BYTES = 50 * 1024 * 1024

# First bytes of binary formats that are sometimes uploaded by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a zip archive (or a Word/OpenDocument file)"),
    (b"PK\x05\x06", "an empty zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "a program (ELF)"),
    (b"MZ", "a Windows program"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ", "an xz archive"),
    (b"%!PS", "a PostScript file"),
    (b"{\\rtf", "an RTF file"),
)
_BLOCKS = frozenset("""
address article blockquote caption dd details dialog div dl dt fieldset figcaption figure h1 h2 h3 h4 h5 h6
hr li main ol p pre section summary table tbody td tfoot th thead tr ul body html br
""".split())
_DROPPED = ("script", "style", "nav", "header", "footer", "aside", "form", "noscript", "template", "svg",
            "iframe", "object", "embed", "button", "select", "textarea", "canvas", "menu", "head")


def read_document(data: bytes, filename: str) -> str:
    """The plain text of an uploaded file, paragraphs separated by blank lines.

    Raises :class:`BadInput` with a one-line reason for an empty, binary, mislabelled or unreadable file,
    and for a PDF without a text layer.
    """
    name = PurePath(filename).name or "the file"
    suffix = PurePath(filename).suffix.lower()
    if len(data) > MAX_BYTES:
        raise BadInput(f"{name} is {len(data) / 1024 / 1024:.0f} MiB; a document is at most "
                       f"{MAX_BYTES // 1024 // 1024} MiB.")
    if not data.strip():
        raise BadInput(f"{name} is empty.", FORMATS_HELP)
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF-") or (suffix in PDF_SUFFIXES and b"%PDF-" in data[:1024]):
        return _checked(_pdf(data, name), name, "PDF")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            named = f" (named {suffix})" if suffix else ""
            raise BadInput(f"{name} is {what}{named}, not a document.", FORMATS_HELP)
    if suffix in PDF_SUFFIXES:
        raise BadInput(f"{name} is named .pdf but is not a PDF (it has no %PDF header).", FORMATS_HELP)
    if suffix not in TEXT_SUFFIXES + MARKDOWN_SUFFIXES + HTML_SUFFIXES + ("",):
        raise BadInput(f"{name}: {suffix} files are not read.", FORMATS_HELP)
    text = _decode(data, name)
    if suffix in HTML_SUFFIXES or (suffix not in MARKDOWN_SUFFIXES and _looks_like_html(text)):
        return _checked(html_text(text), name, "HTML")
    if suffix in MARKDOWN_SUFFIXES:
        return _checked(markdown_text(text), name, "Markdown")
    return _checked(plain_text(text), name, "text")


def _checked(text: str, name: str, kind: str) -> str:
    letters = sum(c.isalpha() for c in text)
    if letters < MIN_TEXT:
        raise BadInput(f"{name} has no readable text ({kind}, {letters} letters).", FORMATS_HELP)
    return text


def _decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    sample = data[:8192]
    if b"\x00" in sample:
        raise BadInput(f"{name} is a binary file, not a document.", FORMATS_HELP)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        log.info("%s is not UTF-8; read as Windows-1252", name)
    controls = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > max(8, len(text[:8192]) // 100):
        raise BadInput(f"{name} is a binary file, not a document.", FORMATS_HELP)
    return text


def _looks_like_html(text: str) -> bool:
    start = text.lstrip()[:512].lower()
    return start.startswith(("<!doctype html", "<html", "<?xml")) or ("<body" in start and start[:1] == "<")


# ---------------------------------------------------------------------------------------------- text


def plain_text(text: str) -> str:
    """Plain text as written: newlines normalised, trailing spaces and control characters dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text).replace("\t", " ")
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def markdown_text(text: str) -> str:
    """Markdown rendered (markdown-it-py, CommonMark) and read as HTML: headings, paragraphs, list items."""
    return html_text(MarkdownIt("commonmark").render(text))


def html_text(markup: str) -> str:
    """The headings and paragraphs of an HTML page; scripts, styles, navigation, headers, footers, asides
    and forms are dropped. Parsed by Beautiful Soup with the standard library's parser."""
    soup = BeautifulSoup(markup, "html.parser")
    title_tag = soup.find("title")
    title = " ".join(title_tag.get_text(" ").split()) if title_tag is not None else ""
    for tag in soup.find_all(_DROPPED):
        tag.decompose()
    for role in ("navigation", "banner", "contentinfo", "complementary", "search"):
        for tag in soup.find_all(role=role):
            tag.decompose()
    blocks: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = " ".join("".join(current).split())
        if text:
            blocks.append(text)
        current.clear()

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:  # not a doctype, CDATA or processing instruction
                    current.append(str(child))
                continue
            if not isinstance(child, Tag):
                continue
            block = child.name in _BLOCKS
            if block:
                flush()
            walk(child)
            if block:
                flush()

    walk(soup)
    flush()
    if title and not soup.find(("h1", "h2")) and (not blocks or blocks[0] != title):
        blocks.insert(0, title)
    return "\n\n".join(blocks) + "\n"


# ---------------------------------------------------------------------------------------------- PDF


def _pdf(data: bytes, name: str) -> str:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise BadInput(f"{name} is a password-protected PDF; give an unprotected copy.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except BadInput:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError) as exc:
        raise BadInput(f"{name} is a damaged PDF that cannot be read: {exc.__class__.__name__}.") from None
    letters = sum(c.isalpha() for page in pages for c in page)
    if not pages:
        raise BadInput(f"{name} is a PDF with no pages.")
    if letters < MIN_TEXT:
        raise BadInput(f"{name} has no text layer (a scanned PDF?): {len(pages)} page(s) and no text to read. "
                       "Run it through OCR first, or give the text as .txt.")
    return pdf_text(pages)


def pdf_text(pages: list[str]) -> str:
    """Lines of extracted PDF pages joined into paragraphs: page numbers and running headers dropped,
    words hyphenated across lines rejoined, a paragraph ending where a short line closes a sentence."""
    page_lines = [[ln.strip() for ln in page.splitlines()] for page in pages]
    repeated = _running_lines(page_lines)
    paragraphs: list[str] = []
    current: list[str] = []
    every = [ln for lines in page_lines for ln in lines if ln]
    widths = sorted(len(ln) for ln in every)
    typical = widths[int(len(widths) * 0.8)] if widths else 80

    def flush() -> None:
        if current:
            paragraphs.append(" ".join(current))
            current.clear()

    for lines in page_lines:
        for line in lines:
            if not line:
                flush()
                continue
            if line in repeated or re.fullmatch(r"(?:page\s+)?\d{1,4}(?:\s+of\s+\d{1,4})?", line, re.IGNORECASE):
                continue
            heading = len(line) < 0.6 * typical and not line.endswith((".", "!", "?", ":", ";", ",", '"', "”"))
            if heading and not current:
                paragraphs.append(line)
                continue
            if heading and current and current[-1].endswith((".", "!", "?", '"', "”")):
                flush()
                paragraphs.append(line)
                continue
            if current and current[-1].endswith("-") and line[:1].islower():
                current[-1] = current[-1][:-1] + line  # a word hyphenated at the end of a line
            else:
                current.append(line)
            if len(line) < 0.75 * typical and line.endswith((".", "!", "?", '"', "”", ":")):
                flush()
    flush()
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip()) + "\n"


def _running_lines(page_lines: list[list[str]]) -> set[str]:
    """Lines at the top or bottom of most pages (running headers and footers), when there are pages enough."""
    if len(page_lines) < 3:
        return set()
    counts: dict[str, int] = {}
    for lines in page_lines:
        edge = [ln for ln in lines if ln][:1] + [ln for ln in lines if ln][-1:]
        for ln in set(edge):
            key = re.sub(r"\d+", "#", ln)
            counts[key] = counts.get(key, 0) + 1
    keys = {k for k, n in counts.items() if n >= max(3, len(page_lines) // 2)}
    return {ln for lines in page_lines for ln in lines if re.sub(r"\d+", "#", ln) in keys}
