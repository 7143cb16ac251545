"""Events from the dated sentences of a text: one for every date expression, its title the clause around
the date with the date taken out, its summary and quote the sentence, its people and places those the
quote names."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from facts.draft.dates import Context, Dated, Found, find_dates
from facts.draft.figures import find_figures
from facts.draft.models import DraftFigure
from facts.draft.places import COMMON, DEMONYMS, GEO_WORDS, ORG_WORDS, gazetteer
from facts.draft.verbs import IRREGULAR_PAST
from facts.text import sentences as split_sentences

TITLE_LIMIT = 90
CONTEXT_SENTENCES = 2
_STOP = frozenset("""
a an the of in on at to for by with from and or but as is was were be been had has have that this these those
it its his her their he she they we which who whom while when after before during into over under than then
there also not no so such very into upon about against between through until since
""".split())
_LEAD = re.compile(r"^(?:[,;:–—-]\s*|(?:and|but|or|then|so|while|whereas|when|after|before|until|since|"
                   r"on|in|during|by|from|between|through|throughout|of|at|around|about|early|late|mid|"
                   r"later|earlier|also)\b\s*)+", re.IGNORECASE)
_TRAIL = re.compile(r"(?:[\s,;:–—-]|\b(?:on|in|during|by|from|between|of|at|and|the|to|until|since|than)\b)+$",
                    re.IGNORECASE)


@dataclass
class _Paragraph:
    number: int
    sentences: list[str]


@dataclass
class EventDraft:
    """An event while the draft is built (ids and people are filled in later)."""

    dated: Dated
    sentence: str
    paragraph: int
    title: str
    anchor_index: int | None = None
    context: list[str] = field(default_factory=list)
    figures: list[DraftFigure] = field(default_factory=list)
    by_order: bool = False


def build_events(blocks: list[tuple[int, str]], progress: Callable[[int, int], None] | None = None
                 ) -> tuple[list[EventDraft], list[DraftFigure]]:
    """The dated events and all stated figures of ``blocks`` (numbered paragraphs, headings numbered 0)."""
    ctx = Context()
    events: list[EventDraft] = []
    figures: list[DraftFigure] = []
    total = len(blocks)
    counted = 0
    last_dated: int | None = None  # the story's latest dated event; a heading ends the story it tells
    last_told: int | None = None  # the latest event of a date expression (dated, or an order the text states)
    for done, (number, text) in enumerate(blocks, start=1):
        heading = number == 0
        open_event: EventDraft | None = None
        if heading:
            last_dated = None
        for sentence in split_sentences(text):
            found = find_dates(sentence)
            if heading:
                ctx.heading()
                read = _heading_dates(ctx, found, sentence)
            else:
                counted += 1
                ctx.at(number, counted)
                read = [d for d in (ctx.read(f, sentence) for f in found) if d is not None]
            read = _one_per_date(read)
            sentence_figures = _figures(sentence, found)
            new = []
            for dated in read:
                title = make_title(sentence, dated, len(read) > 1, [(f.start, f.end) for f in found])
                event = EventDraft(dated, sentence, number, title)
                if dated.span is None:
                    if last_told is None:
                        continue
                    event.anchor_index = last_told  # what the text dated, not a sentence placed by its order
                new.append(event)
                events.append(event)
                last_told = len(events) - 1
            if new:
                new[-1].figures.extend(sentence_figures)
                # the sentences after a look back ("…, under Japanese control since 1895") are not about 1895
                story = new[-1].dated.span is not None and not new[-1].dated.aside
                open_event = new[-1] if story else None
                if story and not heading:
                    last_dated = len(events) - 1
            elif open_event is not None and len(open_event.context) < CONTEXT_SENTENCES:
                open_event.context.append(sentence)
                open_event.figures.extend(sentence_figures)
            elif not heading and last_dated is not None and _tells_something(sentence):
                events.append(_placed(sentence, number, events, last_dated, sentence_figures))
                open_event = None
            else:
                open_event = None
            figures.extend(sentence_figures)
        if progress is not None:
            progress(done, total)
    return events, figures


def _figures(sentence: str, found: list[Found]) -> list[DraftFigure]:
    taken = [(f.start, f.end) for f in found]
    return [DraftFigure(f.low, f.high, f.text, f.what, f.bound, sentence, magnitude=f.magnitude)
            for f in find_figures(sentence, taken)]


def _placed(sentence: str, number: int, events: list[EventDraft], anchor_index: int,
            figures: list[DraftFigure]) -> EventDraft:
    """An event for a sentence the text does not date, placed after the story's last dated event."""
    anchor = events[anchor_index]
    label = anchor.dated.span.label if anchor.dated.span is not None else anchor.title
    dated = Dated(Found(0, 0, "", "order", relation="after"), None, relation="after",
                  review=(f"the text gives no date: placed after {label!r} by the order of the narrative",))
    event = EventDraft(dated, sentence, number, make_title(sentence, dated, False), anchor_index, by_order=True)
    event.figures.extend(figures)
    return event


_DONE = re.compile(rf"\b(?:[a-z]{{3,}}ed|was|were|{IRREGULAR_PAST})\b")
_LOOKS_BACK = re.compile(r"(?i)^(?:[^,;]*\b(?:had|'d)\s+(?:been\s+)?[a-z]+(?:ed|en|wn|t)\b|\W*(?:earlier|previously|"
                         r"before(?:hand)?|until then|by then|at first|originally)\b)")


def _tells_something(sentence: str) -> bool:
    """Whether an undated sentence goes on with the story: something done (a past verb), not a question, and not
    a look back ("Earlier, …", "The army had crossed …"), so that it may be placed after the paragraph's date."""
    return len(sentence.split()) >= 5 and not sentence.rstrip().endswith("?") and bool(_DONE.search(sentence)) \
        and not _LOOKS_BACK.search(sentence)


def _heading_dates(ctx: Context, found: list[Found], sentence: str) -> list[Dated]:
    """A heading's own dates ("The Congo, 1960–1965") are events, but they set no anchor to count from. The
    first year a heading states, before the prose has stated any, is the year the prose's year-less dates
    are in ("The Assembly at Versailles, 1789" … "on June 23"); a year-less heading ("The fall of the
    Bastille, July 14.") takes the year the text is in."""
    aside = Context(year=ctx.year if not ctx.year_stale else None, year_text=ctx.year_text)
    read = [d for d in (aside.read(f, sentence) for f in found if f.kind in ("explicit", "yearless"))
            if d is not None]
    if ctx.year is None and ctx.last is None:
        for d in read:
            if d.found.kind == "explicit" and d.span is not None and d.span.start.year == d.span.end.year:
                ctx.year, ctx.year_text = d.span.start.year, d.found.text
                break
    return read


def _one_per_date(read: list[Dated]) -> list[Dated]:
    """One reading per date a sentence gives: "Two days later, on August 8" is one date, and an order
    ("later") means nothing beside a date the sentence states."""
    spans = [d for d in read if d.span is not None]
    out: list[Dated] = []
    for d in read:
        if d.span is None and any(_beside(d, o) for o in spans):
            continue
        # "Two days later, on August 8" is one date; "He died on 13 September, and five days later …" two
        if d.found.kind == "relative" and any(o is not d and o.found.kind != "relative" and (
                (_beside(d, o) and d.found.start < o.found.start) or o.span == d.span) for o in spans):
            continue
        if d.span is not None and any(o.span == d.span and o is not d and o in out for o in spans):
            continue
        out.append(d)
    if len(out) > 1:
        # a relative phrase beside a carried year confirms it: keep the reading, say so
        relatives = [d for d in read if d.found.kind == "relative" and d.span is not None]
        out = [_confirmed(d, relatives) for d in out]
    elif out and out[0].found.kind == "yearless":
        relatives = [d for d in read if d.found.kind == "relative" and d.span is not None]
        out = [_confirmed(out[0], relatives)]
    return out


BESIDE = 12  # characters between two date phrases that name one date ("Two days later, on August 8")


def _beside(a: Dated, b: Dated) -> bool:
    """Whether two date phrases of a sentence stand next to each other (one date said twice)."""
    gap = max(a.found.start, b.found.start) - min(a.found.end, b.found.end)
    return gap <= BESIDE


def _confirmed(d: Dated, relatives: list[Dated]) -> Dated:
    if d.found.kind != "yearless":
        return d
    for r in relatives:
        if r.span == d.span:
            return Dated(d.found, d.span, d.relation, (*d.review, f"{r.found.text!r} gives the same date"), d.aside)
    return d


def make_title(sentence: str, dated: Dated, several: bool, others: list[tuple[int, int]] | None = None) -> str:
    """The sentence's clause around the date, the date taken out: "The first A-bomb was dropped on Hiroshima"."""
    start, end = dated.found.start, dated.found.end
    text = sentence
    for a, b in sorted(others or [], reverse=True):
        if (a, b) != (start, end) and b <= len(text):  # other date phrases ("Two days later") go too
            text = text[:a] + " " * (b - a) + text[b:]
    sentence = text
    aside = _aside_title(sentence, start, end) if dated.aside else None
    if aside:
        return aside
    if several:
        # the clause that holds the date: cut at semicolons and at ", and"/" and" before a new verb phrase
        cuts = [0] + [m.end() for m in re.finditer(r";\s+|,\s+(?:and|but|while|whereas)\s+|\s+and\s+(?=[a-z]+ed\b|"
                                                    r"(?:made|took|gave|sent|met|began|came|left|held|led|won|lost|"
                                                    r"fought|became|saw|told|wrote|said|went|kept|brought)\b)",
                                                    sentence)] + [len(sentence)]
        for a, b in itertools.pairwise(cuts):
            if a <= start < b:
                text = sentence[a:b]
                start, end = start - a, end - a
                subject = _subject(sentence) if a > 0 and _DONE.match(text) else ""
                if subject:  # "Kim visited Moscow in April and made plans in May": "Kim made plans"
                    text = f"{subject} {text}"
                    start, end = start + len(subject) + 1, end + len(subject) + 1
                break
    before, after = text[:start], text[end:]
    before = re.sub(r"(?i)\b(?:on|in|during|by|from|between|of|at|the|early|late|mid-?|until|since|"
                    r"through|throughout|around|about|circa|c\.)\s*$", "", before.rstrip()).rstrip(" ,")
    before = re.sub(r"(?i)\b(?:on|in|during|by|from|between|of|at|the|early|late|mid-?|until|since|"
                    r"through|throughout)\s*$", "", before.rstrip()).rstrip(" ,")
    after = re.sub(r"^\s*,", "", after)
    title = f"{before} {after}" if before.strip() else after
    title = re.sub(r"\(\s*\)", "", title)
    title = " ".join(title.split())
    title = re.sub(r"(?i)\b(?:in|on|during|of|by|from|since|until)\s+(?=and\b|or\b|[,;.]|$)", "", title)
    title = " ".join(title.split())
    title = _LEAD.sub("", title).strip(" .,;:!?\"“”'")
    title = re.sub(r"(?i)[\s,]+(?:and|but|or|while|whereas)$", "", title)
    title = re.sub(r"\s+([,;:.])", r"\1", title)
    if len(title.split()) < 3:  # too little is left without the date: the clause with its date
        title = re.sub(r"(?i)[\s,;]+(?:and|but|or|while|whereas)?[\s,;]*$", "", " ".join(text.split())).strip(" .")
        if len(title.split()) < 3:
            title = " ".join(sentence.split()).strip(" .")
    if len(title) > TITLE_LIMIT:
        cut = title[:TITLE_LIMIT].rsplit(" ", 1)[0]
        title = _TRAIL.sub("", cut) + "…"
    return title[:1].upper() + title[1:]


def _subject(sentence: str) -> str:
    """The few words before a sentence's first verb ("Kim", "The Soviet army"), or "" when there is no short one."""
    verb = _DONE.search(sentence)
    if verb is None:
        return ""
    words = _LEAD.sub("", sentence[: verb.start()]).split()
    return " ".join(words) if 1 <= len(words) <= 4 and words[0][:1].isupper() and "," not in " ".join(words) else ""


def _aside_title(sentence: str, start: int, end: int) -> str | None:
    """ "…the Korean peninsula, under Japanese control since 1895, one on each side…": a date set off as an aside
    dates the aside, not the sentence; its title is the aside and the words it is said of ("the Korean
    peninsula under Japanese control"), or None when the aside is not set off by commas or parentheses."""
    opening = max(sentence.rfind(",", 0, start), sentence.rfind("(", 0, start))
    closing = [i for i in (sentence.find(",", end), sentence.find(")", end), len(sentence)) if i >= 0]
    if opening < 0:
        return None
    words = (sentence[opening + 1:start] + " " + sentence[end:min(closing)]).split()
    while words and words[-1].lower() in ("since", "until", "till", "before", "in", "from", "of", "by"):
        words.pop()
    words = [w for w in words if w.lower() not in ("since", "until", "till")]
    before = sentence[:opening].split()[-5:]
    starts = [i for i, w in enumerate(before) if w.lower() in ("the", "a", "an", "his", "her", "their", "its")]
    if starts:
        head = before[starts[-1]:]  # the noun phrase the aside is said of
    else:  # or the name it follows ("Kim, in power since 1948, …")
        head = []
        for w in reversed(before):
            if not w[:1].isupper():
                break
            head.insert(0, w)
    if len(words) < 2 or not head:
        return None
    title = " ".join([*head, *words]).strip(" .,;:")
    return title[:1].upper() + title[1:] if len(title) <= TITLE_LIMIT else None


def slug(text: str, limit: int = 6) -> str:
    """A pack id from words: lowercase letters, digits and _."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = [w for w in re.findall(r"[a-z0-9]+", ascii_text.lower()) if w not in _STOP]
    out = "_".join(words[:limit]) or "event"
    return out if out[0].isalnum() else f"e_{out}"


def find_places(text: str, exclude: set[str]) -> list[str]:
    """Places a quote names: gazetteer names (countries, cities, regions) and geographic names ("Yalu River")."""
    places: list[str] = []
    known = gazetteer()
    names = [f for f in exclude if " " in f]
    for m in re.finditer(r"\b(?:[A-Z][a-z]+(?:[-'][A-Z][a-z]+)*)(?:\s+(?:of\s+)?[A-Z][a-z]+)*", text):
        run = m.group(0)
        words = run.split()
        if any(name in run for name in names):
            continue  # "Chiang Kai Shek" is a person, not the town of Kai
        if words[-1] in GEO_WORDS and len(words) > 1:
            places.append(run)
            continue
        # the longest stretch of the run that the gazetteer knows ("North Korea" before "Korea")
        i = 0
        while i < len(words):
            for j in range(len(words), i, -1):
                name = " ".join(words[i:j])
                if (name.lower() in known and name not in exclude and name not in DEMONYMS and name not in ORG_WORDS
                        and name not in COMMON and words[i] != "of"):
                    places.append(name)
                    i = j - 1
                    break
            i += 1
    out: list[str] = []
    for p in places:
        if p not in out:
            out.append(p)
    return out
