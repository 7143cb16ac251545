"""Time the pack drafter on a generated 100-page document (about 50,000 words of varied dated prose), and
reading a generated 100-page PDF of it. Target: at most 10 s for ``draft_text`` on a 2-core machine.

    python benchmarks/draft_document.py [--words 50000] [--pages 100]

Not part of the test suite. The PDF part needs fpdf2 (the ``test`` extra).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from facts.draft import draft_text, read_document

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
PEOPLE = ["General Anna Kowalski", "Colonel Peter H. Marsh", "President Ruth Okafor", "Admiral Tomas Reyes",
          "Senator Helen Brandt", "Ivan Petrov", "Maria Lopez", "Lt. Col. James Whitfield", "Queen Elinor",
          "Prime Minister Arthur Cole", "Chen Wei", "Dr. Samuel Osei"]
PLACES = ["Vienna", "Cairo", "Lisbon", "Manila", "Warsaw", "Havana", "Nairobi", "Lima", "Oslo", "Hanoi"]
VERBS = ["signed a treaty in", "led an army toward", "opened talks in", "landed troops near", "arrived in",
         "delivered a speech in", "negotiated a truce in", "withdrew forces from", "visited", "besieged"]
FILLER = ["The negotiations dragged on through long sessions and many drafts.",
          "Observers at the time described the mood as tense but hopeful.",
          "Supplies ran short, and the officers argued about what to do next.",
          "Later accounts disagree about who gave the order.",
          "More than 12,000 soldiers and some five hundred guns took part."]


def sentence(rng: random.Random, year: int) -> str:
    who, where, what = rng.choice(PEOPLE), rng.choice(PLACES), rng.choice(VERBS)
    month = rng.choice(MONTHS)
    day = rng.randint(1, 28)
    return rng.choice([
        f"On {month} {day}, {year}, {who} {what} {where}.",
        f"In {month} {year} {who} {what} {where}.",
        f"Two days later, {who} {what} {where}.",
        f"During the winter of {year}-{(year + 1) % 100:02d}, {who} {what} {where}.",
        f"Between {month} {year} and {rng.choice(MONTHS)} {year + 1} {who} {what} {where}.",
        f"From {year} to {year + 3} {who} {what} {where}.",
        f"On {month} {day} {who} {what} {where}.",
        f"The following spring {who} {what} {where}.",
        f"By the {year // 10 * 10}s {who} had {what} {where}.",
        rng.choice(FILLER),
        rng.choice(FILLER),
    ])


def document(words: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    paragraphs, count, year, chapter = [], 0, 1800, 1
    while count < words:
        if len(paragraphs) % 30 == 0:
            paragraphs.append(f"Chapter {chapter}")
            chapter += 1
        year += rng.choice([0, 0, 1])
        text = " ".join(sentence(rng, year) for _ in range(rng.randint(4, 7)))
        paragraphs.append(text)
        count += len(text.split())
    return "\n\n".join(paragraphs) + "\n"


def pdf_of(text: str, pages: int) -> bytes:
    from fpdf import FPDF  # noqa: PLC0415 (a test-extra dependency: only this part needs it)

    pdf = FPDF()
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_font("Helvetica", size=10)
    pdf.add_page()
    for block in text.split("\n\n"):
        if pdf.page_no() > pages:
            break
        pdf.multi_cell(0, 5, block)
        pdf.ln(3)
    return bytes(pdf.output())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=50_000)
    parser.add_argument("--pages", type=int, default=100)
    args = parser.parse_args()
    text = document(args.words)
    t0 = time.perf_counter()
    made = draft_text(text, name="bench")
    drafting = time.perf_counter() - t0
    print(f"draft_text: {len(text.split()):,} words, {text.count(chr(10) * 2) + 1:,} paragraphs -> "
          f"{len(made.events):,} events, {len(made.people)} people, {len(made.figures):,} figures "
          f"in {drafting:.2f} s (target 10 s)")
    try:
        data = pdf_of(text, args.pages)
    except ImportError:
        print("read_document (PDF): skipped, fpdf2 is not installed (pip install -e '.[test]')")
        return 0
    t0 = time.perf_counter()
    read = read_document(data, "bench.pdf")
    reading = time.perf_counter() - t0
    print(f"read_document: a {args.pages}-page PDF ({len(data) / 1024:.0f} KiB) -> {len(read.split()):,} words "
          f"in {reading:.2f} s")
    t0 = time.perf_counter()
    draft_text(read, name="bench_pdf")
    print(f"draft_text of the PDF's text: {time.perf_counter() - t0:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
