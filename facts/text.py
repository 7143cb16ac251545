"""Text helpers shared by the loader and the store: folding names, splitting sentences, FTS queries."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"\w+", re.UNICODE)
_ABBREVIATIONS = frozenset(
    "lt col gen gov sgt capt maj mr mrs dr st no jan feb mar apr jun jul aug sep sept oct nov dec vs".split()
)
# Words that open a sentence but almost never follow an initial inside a name: after "Elizabeth I." or
# "the U.S." one of these starts a new sentence ("…to poison Elizabeth I. The Jesuit…").
_STARTERS = frozenset(
    "the a an in on at by for from after before during when while this that these those there it its he she "
    "they his her their we our but however although though yet so then thus also meanwhile".split()
)


def collapse(text: str) -> str:
    """Runs of white space folded to one space: how quotes are compared with the document."""
    return " ".join(text.split())


def fold(name: str) -> str:
    """A matching key for names that forgives case, accents, punctuation and OCR slips.

    "Kim II Sung", "Kim Il-sung" and "kim il sung" fold alike, as do "Bymes" and "Byrnes":
    OCR confuses ``rn`` with ``m`` and ``l`` with ``I``, so both sides are folded the same way.
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = " ".join(_WORD.findall(text.replace("_", " ")))
    return text.replace("rn", "m").replace("l", "i")


def sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences without breaking at "Lt.", "U.S. government" or "H. Bonesteel"."""
    text = collapse(paragraph)
    out, start = [], 0
    for m in re.finditer(r"[.!?][\"”')]?\s+(?=[\"“(]?[A-Z])", text):
        last_word = text[start : m.start() + 1].split()[-1] if text[start : m.start()] else ""
        before = last_word.rstrip(".").lstrip("(\"“").casefold()  # "(r." of "(r. 1418–1450)" too
        initial = (len(before) == 1 and before.isalpha()) or bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", before))
        if before in _ABBREVIATIONS or (initial and _next_word(text, m.end()) not in _STARTERS):
            continue
        out.append(text[start : m.end()].strip())
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def _next_word(text: str, at: int) -> str:
    word = re.match(r"[\"“(]?([A-Za-z]+)", text[at:])
    return word.group(1).casefold() if word else ""


def paragraphs(document: str) -> list[str]:
    """The document's blocks (paragraphs and headings), white space collapsed.

    Paragraphs are separated by blank lines; a short line with no closing punctuation at the top of a
    block (a heading or a breadcrumb such as "You Are At: …") is a block of its own. A line that
    the text merely wraps at (as long as the lines after it, or followed by a lower-case word) is not.
    """
    return [text for _, text in numbered_paragraphs(document)]


def numbered_paragraphs(document: str) -> list[tuple[int, str]]:
    """The document's blocks with the paragraph number a reader would cite: headings, breadcrumbs and
    titles are not counted (their number is 0), so the first paragraph of prose is paragraph 1."""
    out: list[tuple[int, str]] = []
    number = 0
    for block in re.split(r"\n\s*\n", document):
        lines = block.strip().splitlines()
        while len(lines) > 1 and _heading(lines[0], lines[1:]):
            out.append((0, collapse(lines.pop(0))))
        text = collapse(" ".join(lines))
        if not text:
            continue
        if len(lines) == 1 and _title_line(text):
            out.append((0, text))
        else:
            number += 1
            out.append((number, text))
    return [(n, t) for n, t in out if t]


def _title_line(line: str) -> bool:
    """A block of one short line without closing punctuation: a title or heading, not prose."""
    return len(line) < 100 and not line.rstrip("\"”')").endswith((".", "!", "?", ":", ";"))


def _heading(line: str, rest: list[str]) -> bool:
    """Whether the first line of a block stands alone, rather than being wrapped onto the next."""
    line = line.strip()
    following = rest[0].lstrip()
    return (
        len(line) < 100
        and not line.endswith((".", "!", "?", ":"))
        and len(line) < 0.8 * max(len(r.strip()) for r in rest)
        and not following[:1].islower()
    )
