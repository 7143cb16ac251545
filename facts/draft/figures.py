"""Figures a text states: a number, what it counts, and its bound ("more than 80,000 Japanese civilians",
"between thirty and forty thousand Koreans", "a few thousand soldiers")."""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
          "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
          "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_WORDNUM = (r"(?:(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
            r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
            r"(?:[-\s](?:one|two|three|four|five|six|seven|eight|nine))?)")
_SCALE = r"(?:hundred|thousand|million|billion)"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
_AMOUNT = (rf"(?:{_DIGITS}(?:\s+{_SCALE})?|(?:{_WORDNUM}|a|an)(?:\s+and\s+(?:a\s+)?half)?(?:\s+{_SCALE})+"
           rf"|{_WORDNUM})")
_BOUNDS = {
    "more than": "more than", "over": "more than", "upwards of": "more than", "in excess of": "more than",
    "at least": "at least", "no fewer than": "at least", "as many as": "at most", "up to": "at most",
    "nearly": "almost", "almost": "almost", "fewer than": "less than", "less than": "less than", "under": "less than",
    "about": "about", "around": "about", "approximately": "about", "roughly": "about", "some": "about",
    "an estimated": "about", "estimated": "about", "perhaps": "about", "close to": "almost",
}
_BOUND_RX = "|".join(sorted((re.escape(b) for b in _BOUNDS), key=len, reverse=True))
_MAGNITUDE = re.compile(r"(?i)\b(?P<text>(?:a\s+few|several|some)\s+(?P<scale>hundred|thousand|million)"
                        r"|(?P<plural>tens|hundreds)\s+of\s+(?P<of>thousands|millions))\b")
_FIGURE = re.compile(
    rf"(?i)(?<![\w,.$£-])(?P<text>(?:(?P<bound>{_BOUND_RX})\s+)?(?:between\s+(?P<low>{_AMOUNT})\s+and\s+"
    rf"|(?P<low2>{_DIGITS}|{_WORDNUM})\s*(?:to|-|–)\s*)?(?P<amount>{_AMOUNT}))(?![\w,]|\.\d)")
_WHAT = re.compile(r"^\s+((?:(?!(?:of|in|on|at|to|from|by|with|and|or|were|was|had|have|has|who|which|that|than|"
                   r"for|during|after|before|into|across|the)\b)[A-Za-z][\w'-]*\s*){1,4})")
_PARTICIPLE = re.compile(r"^\s*(?:were|was|had\s+been|have\s+been)\s+([a-z]+(?:ed|en|t))\b")
_VERB = re.compile(r"[a-z]+ed|fled|fought|died|went|came|left|ran|fell|rose|made|took|stood|held|won|lost|"
                   r"were|was|are|is|had|have|has")
_SKIP_WHAT = re.compile(r"(?i)^(?:days?|weeks?|months?|years?|decades?|centuries|times|percent|per|th|st|nd|rd)\b")


@dataclass(frozen=True, slots=True)
class FigureFound:
    low: int
    high: int
    text: str  # verbatim, with its bound
    what: str
    bound: str  # "exact", "more than", "at least", "at most", "almost", "less than", "about", "range", "magnitude"
    magnitude: bool = False


def number(text: str) -> int | None:
    """A written amount as a whole number: "80,000", "1.5 million", "one and half million", "five hundred"."""
    t = text.lower().replace(",", "").replace("-", " ").strip()
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(?:\s+(hundred|thousand|million|billion))?", t)
    if m:
        value = float(m.group(1)) * (_SCALES[m.group(2)] if m.group(2) else 1)
        return int(value) if value == int(value) else None
    total, current = 0.0, 0.0
    words = t.split()
    i = 0
    while i < len(words):
        w = words[i]
        if w in _UNITS and not (w in ("a", "an") and current):
            current += _UNITS[w]
        elif w == "and" and i + 1 < len(words) and words[i + 1] in ("half", "a"):
            current += 0.5
            i += 3 if words[i + 1] == "a" else 2
            continue
        elif w == "half":
            current += 0.5
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in _SCALES:
            total += (current or 1) * _SCALES[w]
            current = 0
        else:
            return None
        i += 1
    value = total + current
    return int(value) if value == int(value) and value > 0 else None


def find_figures(sentence: str, taken: list[tuple[int, int]]) -> list[FigureFound]:
    """The figures of ``sentence``, leaving out characters in ``taken`` (its date expressions)."""
    out: list[FigureFound] = []
    used: list[tuple[int, int]] = list(taken)

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in used)

    for m in _MAGNITUDE.finditer(sentence):
        what = _what(sentence[m.end():])
        if what and free(m.start(), m.end()):
            scale = m.group("scale") or m.group("of")
            mag = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "thousands": 10_000,
                   "millions": 10_000_000}[scale.lower()]
            if m.group("plural") and m.group("plural").lower() == "hundreds":
                mag = mag * 10  # hundreds of thousands
            out.append(FigureFound(mag, mag, m.group("text"), what, "magnitude", magnitude=True))
            used.append((m.start(), m.end()))
    for m in _FIGURE.finditer(sentence):
        if not free(m.start("text"), m.end("text")) or not m.group("amount").strip():
            continue
        amount = number(m.group("amount"))
        if amount is None or (amount < 2 and not m.group("bound")):
            continue
        if re.match(r"\s*(?:st|nd|rd|th)\b", sentence[m.end():]) or sentence[:m.start()].rstrip().endswith(
                ("No.", "no.", "Nos.", "page", "p.", "pp.", "Article", "Chapter")):
            continue
        what = _what(sentence[m.end():])
        if not what:
            continue
        low_text = m.group("low") or m.group("low2")
        bound = _BOUNDS.get((m.group("bound") or "").lower(), "exact")
        low = high = amount
        if low_text:
            low_value = number(low_text)
            if low_value is None:
                continue
            scale = re.search(_SCALE + r"$", m.group("amount"), re.IGNORECASE)
            if scale and not re.search(_SCALE, low_text, re.IGNORECASE):
                low_value *= _SCALES[scale.group(0).lower()]  # "between thirty and forty thousand"
            if not low_value < amount:
                continue
            low, bound = low_value, "range"
        out.append(FigureFound(low, high, m.group("text").strip(), what, bound))
        used.append((m.start("text"), m.end("text")))
    return out


def _what(after: str) -> str:
    m = _WHAT.match(after)
    if not m:
        return ""
    words = m.group(1).split()
    if not words or _SKIP_WHAT.match(words[0]):
        return ""
    for i, word in enumerate(words[1:], start=1):
        if _VERB.fullmatch(word.strip(" ,;:.")):  # "refugees fled": the count stops at its verb
            consumed = after.index(word, m.start(1))
            words, rest = words[:i], after[consumed:]
            break
    else:
        rest = after[m.end():]
    what = " ".join(words).strip(" ,;:.")
    participle = _PARTICIPLE.match(rest)
    if participle:
        what = f"{what} {participle.group(1)}"
    return what
