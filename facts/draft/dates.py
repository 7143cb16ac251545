"""Finding the date expressions of a sentence and reading them at the text's own precision.

:func:`find_dates` locates candidate spans with patterns ("August 6, 1945", "Aug. 10 and 11", "the winter
of 1949-50", "1946–54", "the 1980s", "Two days later", "the following spring"); every span is then read by
the project's own grammar, :func:`facts.dates.parse_span`, so a draft's dates mean what a pack's dates
mean. :class:`Context` carries the year of the text into expressions that omit it ("On August 8…") and
resolves relative dates from the last dated event.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from facts.dates import SEASON_START, DateSpan, Precision, parse_span
from facts.errors import BadInput

_MONTH_NAMES = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH_ABBR = r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
MON = rf"(?:(?:{_MONTH_NAMES})\b|(?:{_MONTH_ABBR})\.(?!\w)|(?:{_MONTH_ABBR})\b(?=\s+\d))"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b"
YEAR = r"(?:1\d{3}|20\d{2})(?![\d,]\d)"
ERA = r"(?:\s*(?:A\.D\.|AD|C\.E\.|CE)\b)?"
# a year of the first millennium where a month or a season before it makes it a year ("9 June 193"), never a
# count ("May 300 men")
_YEAR3 = r"[1-9]\d{2}\b(?![\d,.]\d)(?!\s+(?:[a-z]+s|men|people|hundred|thousand)\b)"
YEARS_ANY = rf"(?:{YEAR}|{_YEAR3})"
DASH = r"\s*[-–—]\s*"
TO = r"(?:\s*[-–—]\s*|\s+(?:to|through|until|till|thru|and)\s+)"
SEASON = r"(?i:spring|summer|autumn|fall|winter)"
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20}
_NUM = r"(?:\d{1,2}|" + "|".join(NUMBER_WORDS) + r")"
_UNITS = r"(?:day|week|month|year|decade)s?"

# Days and years written in words ("the twentieth of January", "one thousand six hundred and forty-nine").
_ONES = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_ONES_ORD = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
          "nineteen"]
_TEENS_ORD = ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
              "eighteenth", "nineteenth"]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
ORDINAL_WORDS: dict[str, int] = {w: i for i, w in enumerate(_ONES_ORD, start=1)}
ORDINAL_WORDS |= {w: i for i, w in enumerate(_TEENS_ORD, start=10)}
ORDINAL_WORDS |= {"twentieth": 20, "thirtieth": 30}
ORDINAL_WORDS |= {f"{tens}{sep}{unit}": base + n for tens, base in (("twenty", 20), ("thirty", 30))
                  for n, unit in enumerate(_ONES_ORD, start=1) if base + n <= 31 for sep in ("-", " ")}
_CARDINALS: dict[str, int] = {w: i for i, w in enumerate(_ONES, start=1)} | {
    w: i for i, w in enumerate(_TEENS, start=10)} | _TENS
_ORDW = r"(?:" + "|".join(sorted(ORDINAL_WORDS, key=len, reverse=True)) + r")\b"
_TWO = (r"(?:(?:" + "|".join(_TENS) + r")(?:[-\s](?:" + "|".join(_ONES) + r"))?|" + "|".join(_TEENS)
        + "|" + "|".join(_ONES) + r")")
# "one thousand six hundred and eighty-eight", "seventeen hundred and fifty", "eighteen hundred"
YEAR_WORDS = (rf"(?:(?:one\s+thousand(?:,?\s+(?:{'|'.join(_ONES)})\s+hundred)?|(?:{'|'.join(_TEENS)})\s+hundred)"
              rf"(?:,?\s+(?:and\s+)?{_TWO}\b)?)")
WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_WEEKDAY_NUMBER = {d.lower(): i for i, d in enumerate(WEEKDAYS.split("|"))}
# Days of the year that a narrative names by their feast: (month, day).
HOLIDAYS = {"christmas eve": (12, 24), "christmas day": (12, 25), "christmas": (12, 25), "boxing day": (12, 26),
            "new year's day": (1, 1), "new year’s day": (1, 1), "new year's eve": (12, 31),
            "new year’s eve": (12, 31), "twelfth night": (1, 5), "epiphany": (1, 6), "candlemas": (2, 2),
            "lady day": (3, 25), "midsummer day": (6, 24), "midsummer eve": (6, 23), "lammas": (8, 1),
            "michaelmas": (9, 29), "all saints' day": (11, 1), "all saints’ day": (11, 1), "martinmas": (11, 11),
            "all hallows' eve": (10, 31), "halloween": (10, 31), "st. george's day": (4, 23)}
# Feasts that move with Easter: days from Easter Sunday.
MOVEABLE_FEASTS = {"easter sunday": 0, "easter day": 0, "easter": 0, "easter monday": 1, "good friday": -2,
                   "maundy thursday": -3, "holy thursday": -3, "palm sunday": -7, "ash wednesday": -46,
                   "shrove tuesday": -47, "ascension day": 39, "ascension thursday": 39, "pentecost": 49,
                   "whitsunday": 49, "whit sunday": 49, "whitsun": 49, "trinity sunday": 56, "corpus christi": 60}
_MOVEABLE = "|".join(re.escape(f).replace("\\ ", r"\s+") for f in sorted(MOVEABLE_FEASTS, key=len, reverse=True))


def easter(year: int) -> date:
    """Easter Sunday of ``year``: by the Julian computus before the Gregorian reform (the dates the texts of
    those years give), by the Gregorian one after it."""
    if year < GREGORIAN_START.year + 1:
        a, b, c = year % 4, year % 7, year % 19
        d = (19 * c + 15) % 30
        e = (2 * a + 4 * b - d + 34) % 7
        return date(year, (d + e + 114) // 31, (d + e + 114) % 31 + 1)
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * weekday) // 433
    n = h + weekday - 7 * m
    return date(year, (n + 90) // 25, (n + 33 * ((n + 90) // 25) + 19) % 32)


_HOLIDAY = "|".join(re.escape(h).replace("'", "['’]").replace("\\ ", r"\s+")
                    for h in sorted({h.replace("’", "'") for h in HOLIDAYS}, key=len, reverse=True))


def word_number(text: str) -> int | None:
    """A day or a year in words: "twenty-third" → 23, "one thousand six hundred and eighty-eight" → 1688."""
    t = " ".join(text.lower().replace(",", " ").replace("-", " ").split())
    if t in ORDINAL_WORDS:
        return ORDINAL_WORDS[t]
    total, current = 0, 0
    for w in t.split():
        if w == "and":
            continue
        if w in _CARDINALS:
            current += _CARDINALS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w == "thousand":
            total += (current or 1) * 1000
            current = 0
        else:
            return None
    return total + current or None

# Words after a four-digit number that make it a count, not a year ("1500 men").
_COUNT_NOUNS = frozenset("""
men women people persons soldiers troops sailors marines civilians prisoners casualties dead killed wounded
miles kilometres kilometers km feet ft yards metres meters tons tonnes pounds lbs dollars francs marks
acres hectares ships vessels planes aircraft tanks guns cannon rifles horses cattle families homes houses
votes members workers slaves settlers refugees children students cases copies pages words times hours
""".split())
_QUANTIFIERS = frozenset("than some about nearly almost over under approximately roughly only just another "
                         "around totalling totaling numbering".split())


@dataclass(frozen=True, slots=True)
class Found:
    """A date expression in a sentence: its characters, and what it says before any context is applied."""

    start: int
    end: int
    text: str
    kind: str  # "explicit" (a year is written), "yearless" (a year must be carried), "relative", "order"
    grammar: str = ""  # what parse_span reads ("august 8" gets a year first); for relative: the phrase
    relation: str | None = None  # "after"/"before" for an order without a date


@dataclass(frozen=True, slots=True)
class Dated:
    """A date expression read in context: its span (None for an order only) and what to check."""

    found: Found
    span: DateSpan | None
    relation: str | None = None
    review: tuple[str, ...] = ()
    aside: bool = False  # a look back ("under Japanese control since 1895"): not the time the sentence goes on in


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# Patterns in order of preference: where two overlap, the longer (then the earlier listed) wins.
_CENTURY_PART = r"(?:early|late|later|earlier|middle|mid)"  # "the late 5th and early 6th centuries"
_EXPLICIT: list[tuple[str, re.Pattern[str]]] = [
    ("iso", _rx(r"\b\d{4}-\d{2}-\d{2}\b")),
    # June 30 – July 3, 1863 / from June 30 to July 3, 1863
    ("days2", _rx(rf"\b(?P<a>{MON}\s*{DAY})(?:,?\s*(?P<ya>{YEAR}))?{TO}(?P<b>{MON}\s*{DAY}),?\s*(?P<y>{YEAR})")),
    # July 1–3, 1863 / July 1, 2, and 3, 1863 / Aug. 10 and 11, 1945
    ("days", _rx(rf"\b(?P<m>{MON})\s*(?P<d>{DAY})(?:,\s*{DAY})*,?{TO}(?P<d2>{DAY}),?\s*(?P<y>{YEAR}){ERA}")),
    # 1–3 July 1863
    ("ddays", _rx(rf"\b(?P<d>{DAY}){TO}(?P<d2>{DAY})\s+(?:of\s+)?(?P<m>{MON}),?\s*(?P<y>{YEAR})")),
    # the first of November, one thousand six hundred and eighty-eight / November the fifth, 1605
    ("wday", _rx(rf"\b(?:(?i:the)\s+)?(?P<d>{_ORDW}|{DAY})\s+(?:day\s+)?of\s+(?P<m>{MON}),?\s+(?:in\s+the\s+year\s+"
                 rf"(?:of\s+our\s+Lord\s+)?)?(?P<y>{YEAR}|{YEAR_WORDS})")),
    ("wday", _rx(rf"\b(?P<m>{MON})\s+the\s+(?P<d>{_ORDW}|{DAY}),?\s+(?:in\s+the\s+year\s+)?"
                 rf"(?P<y>{YEAR}|{YEAR_WORDS})")),
    ("wyear", _rx(rf"(?i:\bin\s+(?:the\s+year\s+(?:of\s+our\s+lord\s+)?)?|\bthe\s+year\s+)(?P<y>{YEAR_WORDS})"
                  rf"(?![-\s]+(?:[a-z]+s|men|people|hundred|thousand|{_TWO})\b)")),
    # the 15th century / the latter half of the fifteenth century / from the 15th to the 18th centuries
    ("centuries", _rx(rf"(?i:\b(?:from\s+)?the\s+(?:{_CENTURY_PART}[\s-]+)?)(?P<c>\d{{1,2}}(?:st|nd|rd|th)|{_ORDW})"
                      rf"(?:\s+century)?(?i:\s+(?:to|through|until|till|and)\s+(?:the\s+)?(?:{_CENTURY_PART}[\s-]+)?)"
                      rf"(?P<c2>\d{{1,2}}(?:st|nd|rd|th)|{_ORDW})"
                      r"\s+centuries\b(?!\s*B\.?C)")),
    # "13th century" standing alone (a caption) or after "in", not as an adjective ("13th century halls")
    ("century", _rx(r"(?:^|(?<=\bin\s))(?P<c>\d{1,2}(?:st|nd|rd|th))\s+century\b(?![-\s]*[A-Za-z])(?!\s*B\.?C)")),
    ("century", _rx(rf"(?i:\b(?:(?:the\s+)?(?:early|late|later|earlier|middle|mid"
                    r"|(?:first|second|latter|last)\s+half\s+of\s+the|"
                    rf"(?:beginning|end|turn|close|middle|start)\s+of\s+the)(?:\s+|-)|the\s+))"
                    rf"(?P<c>\d{{1,2}}(?:st|nd|rd|th)|{_ORDW})[\s-](?i:century)\b(?!-)(?!\s*B\.?C)")),
    # the late 1950s to the mid-1970s
    ("decades", _rx(r"(?i:\b(?:from\s+)?(?:the\s+)?(?:(?:early|mid|late)-?\s*)?)(?P<y>1\d{2}0|20\d0)'?s"
                    r"(?i:\s+(?:to|through|until|till|and|into)\s+(?:the\s+)?(?:(?:early|mid|late)-?\s*)?)"
                    r"(?P<y2>1\d{2}0|20\d0)'?s\b")),
    ("day", _rx(rf"\b(?P<m>{MON})\s*(?P<d>{DAY}),?\s*(?P<y>{YEARS_ANY}){ERA}")),
    # Christmas Day, 1776 / New Year's Day 1801 / Christmas night of 1776
    ("holiday", _rx(rf"(?i:\b(?P<h>{_HOLIDAY})(?:\s+(?:day|night|morning|evening))?,?\s+(?:of\s+)?)"
                    rf"(?P<y>{YEAR}|[1-9]\d{{2}}\b(?![\d,.]\d))")),
    ("dday", _rx(rf"\b(?P<d>{DAY})\s+(?:of\s+)?(?P<m>{MON}),?\s*(?P<y>{YEARS_ANY}){ERA}")),
    # Easter Sunday 1519 / Good Friday, 1865 / Whitsun of 1381
    ("moveable", _rx(rf"(?i:\b(?P<f>{_MOVEABLE}),?\s+(?:of\s+)?)(?P<y>{YEAR}|[1-9]\d{{2}}\b(?![\d,.]\d))")),
    # between October 1949 and June 1950 / October 1949 to June 1950 / October to December 1949
    ("months", _rx(rf"\b(?P<a>{MON})(?:\s+(?:of\s+)?(?P<ya>{YEAR}))?{TO}(?P<b>{MON})\s+(?:of\s+)?(?P<y>{YEAR})")),
    ("month", _rx(rf"\b(?P<m>{MON})(?:\s+of)?,?\s+(?P<y>{YEARS_ANY}){ERA}")),
    ("season", _rx(rf"\b(?P<s>{SEASON})\s+(?:of\s+)?(?P<y>{YEARS_ANY})(?:\s*[-–/]\s*(?P<y2>\d{{4}}|\d{{2}})\b)?")),
    ("years", _rx(rf"\b(?P<y>{YEAR})(?:\s*[-–—/]\s*|\s+(?:to|until|till|through|and)\s+(?:(?:about|around|c\.)\s+)?)"
                  rf"(?P<y2>{YEAR}|\d{{2}}\b)")),
    ("decade", _rx(r"\b(?P<y>1\d{2}0|20\d0)'?s\b")),
    ("ad_year", _rx(r"\b(?:A\.D\.|AD)\s*(?P<y>\d{1,4})\b|\b(?P<y2>\d{1,4})\s*(?:A\.D\.|AD|C\.E\.|CE)\b")),
    ("year", _rx(rf"\b(?P<y>{YEAR})\b")),
    # the first millennium: a three-digit year only after a word that makes it a time ("In 751", "until 964",
    # "(r. 919–36)"), never a count ("in 300 ships", "of 800 men")
    ("years3", _rx(r"(?:(?<=\(r\.\s)|(?<=\(reigned\s)|(?i:(?<=\bfrom\s)|(?<=\bbetween\s))|(?<=\())"
                   r"(?P<y>[1-9]\d{2})(?:\s*[–—-]\s*|\s+(?:to|until|and)\s+)(?P<y2>\d{2,4})\b(?![\d,.]\d)"
                   r"(?!\s+(?:[a-z]+s|men|people)\b)")),
    # "Medieval Hungary 895–1526": a first-millennium year to a four-digit one is a span of years
    ("years3", _rx(rf"\b(?P<y>[1-9]\d{{2}})\s*[–—-]\s*(?P<y2>{YEAR})\b")),
    # "By the 640s": a decade of the first millennium, after "the"
    ("decade", _rx(r"(?i:(?<=\bthe\s))(?P<y>[1-9]\d0)'?s\b")),
    ("year3", _rx(r"(?i:(?<=\bin\s)|(?<=\buntil\s)|(?<=\btill\s)|(?<=\bsince\s)|(?<=\bby\s)|(?<=\bafter\s)"
                  r"|(?<=\bbefore\s)|(?<=\baround\s)|(?<=\babout\s)|(?<=\bcirca\s)|(?<=\bc\.\s)|(?<=\byear\s))"
                  r"(?P<y>[1-9]\d{2})\b(?![\d,.]\d)(?!\s*(?:B\.?C|BCE|%|percent)|\s+(?:[a-z]+s|men|people|hundred|thousand"
                  r"|of|to|or|and\s+\d)\b)")),
]
_YEARLESS: list[tuple[str, re.Pattern[str]]] = [
    ("wday", _rx(rf"\b(?:(?i:the)\s+)?(?P<d>{_ORDW})\s+(?:day\s+)?of\s+(?P<m>{MON})")),
    ("wday", _rx(rf"\b(?P<m>{MON})\s+the\s+(?P<d>{_ORDW}|{DAY})")),
    ("holiday", _rx(rf"(?i:\b(?:at|on|by|until|till|before|after|over|from|since|about|for)\s+)"
                    rf"(?P<h>(?i:{_HOLIDAY}))\b")),
    ("days", _rx(rf"\b(?P<m>{MON})\s*(?P<d>{DAY})(?:,\s*{DAY})*,?{TO}(?P<d2>{DAY})\b(?![,.]?\s*\d)")),
    ("days2", _rx(rf"\b(?P<a>{MON}\s*{DAY}){TO}(?P<b>{MON}\s*{DAY})\b")),
    ("day", _rx(rf"\b(?P<m>{MON})\s*(?P<d>{DAY})(?![\d,]*\s*\d)")),
    ("dday", _rx(rf"\b(?P<d>{DAY})\s+(?:of\s+)?(?P<m>{MON})")),
    ("months", _rx(rf"\b(?:from|between)\s+(?P<a>{MON}){TO}(?P<b>{MON})")),
    # a month named alone needs a word that makes it a time ("in April", "a May visit"); "May" is also a verb
    ("month", _rx(rf"(?i:\b(?:in|during|by|until|till|since|through|early|late|mid-?|that|last|a|an|of|"
                  rf"before|after|from|each|the\s+end\s+of|the\s+beginning\s+of)\s+)(?P<m>{MON})(?!\s*\d)")),
    # "the June peace deal": a month named as the time of a thing
    ("month", _rx(rf"(?i:\bthe\s+)(?P<m>{MON})(?=\s+[a-z]{{3,}})(?!\s+(?:of|the|and|or|to|in|on|was|is)\b)"
                  # not an event named after its month ("the October revolution", "the July days")
                  r"(?!\s+(?:revolution|revolt|rising|uprising|insurrection|days|crisis|manifesto|coup|putsch|"
                  r"offensive|massacre|war|movement|theses|ordinances|decrees)\b)")),
    # "in the previous century": the century before the one of the year the text is in
    ("century", _rx(r"(?i:\bthe\s+(?P<rel>previous|preceding|following|next)\s+century\b)")),
    # "at the turn of the century": the years about the century's end nearest the year the text is in
    ("turn", _rx(r"(?i:\bthe\s+turn\s+of\s+the\s+century\b)")),
    # "before the end of the year": the last month of the year the text is in; "the start of the year": its first
    ("yearpart", _rx(r"(?i:\bthe\s+(?P<e>end|close|beginning|start)\s+of\s+(?:the|that)\s+year\b)")),
    ("season", _rx(rf"(?i:\b(?:in|during|by|until|through|early|late|(?:over\s+)?the\s+course\s+of)\s+the\s+|\bthat\s+"
                   rf"|\bthis\s+)(?P<s>{SEASON})\b"
                   r"(?!\s+of\s+\d)")),
]
_DAY_ONLY = _rx(
    rf"(?:\b(?i:on)\s+(?:(?P<wd>{WEEKDAYS}),?\s+)?the\s+|\b(?:morning|night|evening|afternoon|eve)\s+of\s+the\s+"
    rf"|\b(?P<wd2>{WEEKDAYS}),?\s+the\s+)(?P<d>{_ORDW}|(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\b)"
    r"(?=\s*[,;.)]|\s+(?:he|she|it|they|we|I|the|his|her|their|of\s+the\s+same\s+month)\b)(?!\s+of\s+[A-Z])")
_RELATIVE = _rx(
    rf"(?i)\b(?:(?P<n>{_NUM})\s+(?P<unit>{_UNITS})\s+(?:later|earlier|afterwards?(?=[\s,;.)]|$)"
    r"|(?:after|before)(?=[,;.)]|$))"
    # "A week after James's speech", "Two days after the election": counted from the event just told
    rf"|(?P<n2>{_NUM})\s+(?P<unit2>day|week)s?\s+after\s+(?:the|his|her|its|their|[A-Z][\w’']*['’]s)\s+[a-z]+\b"
    r"|(?P<inyear>(?:later|earlier)\s+in\s+(?:the|that)\s+year)\b"  # "Later in the year": that year
    rf"|(?P<adj>the\s+(?:next|following|previous|preceding|same)|that(?:\s+same)?|later\s+that|earlier\s+that)"
    rf"\s+(?P<what>day|morning|afternoon|evening|night|week|month|year|{SEASON}|{_MONTH_NAMES}|{WEEKDAYS})\b"
    r"|(?:the\s+)?next\s+day\s+but\s+one\b|the\s+day\s+after\s+next\b"
    rf"|(?<!the\s)(?P<next>next|following)\s+(?:day|morning|evening|night|{WEEKDAYS})\b"
    rf"|\b(?i:on)\s+(?:the\s+)?(?P<wday>{WEEKDAYS})\b(?!,?\s+(?:the\s+)?(?:\d|{_ORDW}|{MON}))"
    rf"|\bthe\s+(?P<thewday>{WEEKDAYS})\b(?!,?\s+(?:the\s+)?(?:\d|{_ORDW}|{MON}|before|after|following|previous|of)\b)"
    r"|(?<!to\s)(?<!until\s)(?<!till\s)\bthis\s+day\b(?!['’]s)"
    r"|\b(?:all|throughout)\s+(?:the|that)\s+(?:whole\s+)?week\b|\bthe\s+whole\s+week\b"
    rf"|\b(?:over|during|within|in|for)\s+the\s+(?:next|following|ensuing)\s+{_NUM}\s+days\b"
    r"|the\s+(?P<dayrel>day|night)\s+(?P<dayrel_dir>before|after)(?=[\s,;.]|$)(?!\s+(?:the|his|her|its|their)\b))")
_ORDER = _rx(r"(?i)\b(?:(?:(?:several|a\s+few|some|many)\s+)?(?:days|weeks|months|years|decades)\s+later"
             r"|later(?!\s+(?:that|in|on|than|the|years?|months?|days?|weeks?|date)\b)|afterwards?|subsequently"
             r"|thereafter|soon\s+after(?:wards?)?(?=[\s,.;])|shortly\s+after(?:wards?)?(?=[\s,.;])"
             r"|eventually|in\s+the\s+(?:days|weeks|months|years|decades)\s+that\s+followed"
             # "in the first few months of the conflict", "within a few months after his return"
             r"|in\s+the\s+(?:first|early|opening)\s+(?:(?:few|several)\s+)?(?:days|weeks|months|years)\s+of"
             r"|within\s+(?:a\s+few|several|some)\s+(?:days|weeks|months|years)\s+(?:after|of)"
             r"|(?<![\w-]\s)(?<!\w)one\s+(?:day|morning|evening|night)(?!\s+(?:later|earlier|after|before|of)\b)"
             r"|on\s+an?\s+(?:(?:spring|summer|autumn|fall|winter)(?:['’]s)?\s+)?(?:day|morning|evening|night)"
             r"|(?:over|for|during|in|within|throughout)\s+the\s+(?:next|following|ensuing|subsequent|coming)\s+"
             r"(?:(?:few|several|many|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+)?"
             r"(?:days|weeks|months|years|decades)"
             r"|the\s+(?:day|night|morning|week)\s+(?:after|before)\s+(?:the|his|her|its|their)\s+[A-Za-z’']+)\b")


def find_dates(sentence: str) -> list[Found]:
    """Every date expression of ``sentence``, left to right, none overlapping another."""
    candidates: list[tuple[int, int, int, Found]] = []
    for rank, (kind, pattern) in enumerate(_EXPLICIT):
        for m in pattern.finditer(sentence):
            if kind in ("year", "years") and not _is_year(sentence, m.start(), m.end()):
                continue
            if kind in ("years", "months", "days2") and _two_not_a_range(sentence, m):
                continue
            grammar = _grammar(kind, m)
            if grammar:
                found = Found(m.start(), m.end(), m.group(0), "explicit", grammar)
                candidates.append((m.start(), m.end(), rank, found))
    for rank, (kind, pattern) in enumerate(_YEARLESS, start=len(_EXPLICIT)):
        for m in pattern.finditer(sentence):
            if kind == "days2" and _two_not_a_range(sentence, m):
                continue
            groups = m.groupdict()
            # the expression starts at its first date word, after any leading "in"/"by" ("1 August", "in May")
            named = [m.start(g) for g in ("d", "m", "a", "s", "h") if groups.get(g)]
            start = min(named) if named else m.start()
            grammar = _grammar(kind, m)
            if grammar:
                candidates.append((start, m.end(), rank, Found(start, m.end(), sentence[start:m.end()], "yearless",
                                                               grammar)))
    for m in _DAY_ONLY.finditer(sentence):
        weekday = m.group("wd") or m.group("wd2") or ""
        day = _day_number(m.group("d"))
        if day:
            candidates.append((m.start(), m.end(), 80, Found(m.start(), m.end(), m.group(0), "dayonly",
                                                             f"{day} {weekday.lower()}".strip())))
    for m in _RELATIVE.finditer(sentence):
        phrase = " ".join(m.group(0).lower().split())
        if m.group("n2"):
            phrase = f"{m.group('n2').lower()} {m.group('unit2').lower()} later"
        elif m.group("inyear"):
            phrase = "that year"
        candidates.append((m.start(), m.end(), 90, Found(m.start(), m.end(), m.group(0), "relative", phrase)))
    for m in _ORDER.finditer(sentence):
        candidates.append((m.start(), m.end(), 95, Found(m.start(), m.end(), m.group(0), "order", "",
                                                         relation="after")))
    # longest first, then by preference; keep those that overlap nothing already kept
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    kept: list[Found] = []
    for start, end, _rank, found in candidates:
        if all(end <= k.start or start >= k.end for k in kept):
            kept.append(found)
    kept.sort(key=lambda f: f.start)
    return _shared_years(sentence, kept)


_JOINED = re.compile(r"(?:,\s*|\s+)(?:and|or|,)\s+$|,\s+$")
# "arrested in July and tried in autumn 1603": two verbs of one subject, the second's month or season giving
# the year of both (not a bare year: "came in May and left in 1605" does not say May 1605)
_JOINED_VERB = re.compile(r"\s+and\s+(?:(?:then|later|again)\s+)?[a-z]+(?:ed|en|wn|t)\s+(?:in|on|by)\s+$")


def _shared_years(sentence: str, found: list[Found]) -> list[Found]:
    """ "February and March 1917", "May 3 and June 5, 1917": a year-less date joined to a dated one shares its year."""
    out = list(found)
    for i in range(len(out) - 2, -1, -1):
        here, after = out[i], out[i + 1]
        year = re.search(r"\b(\d{4})$", after.grammar)
        between = " " + sentence[here.end:after.start]
        joined = _JOINED.fullmatch(between) or (
            _JOINED_VERB.fullmatch(between) and not re.fullmatch(r"\d{4}", after.grammar))
        if (here.kind == "yearless" and after.kind == "explicit" and year and joined
                and here.grammar[:1].isalpha()):
            out[i] = Found(here.start, here.end, here.text, "explicit", _with_year(here.grammar, int(year.group(1))))
    return out


def _two_not_a_range(sentence: str, m: re.Match[str]) -> bool:
    """ "in 1848 and 1849" names two years; only "between 1848 and 1849" is a range."""
    joined = re.search(r"\s+and\s+", m.group(0))
    return bool(joined) and not re.search(r"(?i)\b(?:between|throughout|during|over|across)\s+$",
                                          sentence[: m.start()])


def _is_year(s: str, start: int, end: int) -> bool:
    """A four-digit number is a year unless the words around it make it a count ("some 1500 men")."""
    before = s[:start].rstrip()
    after = s[end:]
    if before.endswith(("$", "£", "€", "No.", "no.", "#")) or re.match(r"\s*(?:%|percent|per\b|km\b|m\b|kg\b)", after):
        return False
    if re.search(r"\d[.,]$", before) or re.match(r"[.,]\d", after):
        return False
    if re.match(r"\s*(?:B\.?C\.?E?\b|BCE\b)", after):
        return False  # a year before the common era: the calendar of the packs starts at year 1
    if re.search(r"\b(?:Order|Orders|Resolution|Directive|Room|Flight|Route|Highway|Number|Article|Section|Chapter|"
                 r"Document|Memorandum|Paper|File|Box|Law|Decree|Regulation|Item|Page|Volume|Vol\.|Plate|Figure|"
                 r"Table|Hill|Code|Form|Bill|Ordinance|Proclamation|Report|Unit|Squadron)$", before):
        return False  # "Department Order 1301": a number that names a document or a thing
    if re.match(r"\s+of\s+(?:his|her|their|its|these|those|them|the)\s+[a-z]", after) and not re.search(
            r"(?i)\b(?:in|of|since|by|the|until|till|before|after|from|during|to|and|or|about|around|c\.)$", before):
        return False  # "his son had brought 2000 of his cavalry": a count
    prev = re.findall(r"[A-Za-z']+", before[-30:])
    prev_word = prev[-1].lower() if prev else ""
    nxt = re.match(r"\s+([a-z][a-z-]*)", after)
    next_word = nxt.group(1) if nxt else ""
    if next_word in _COUNT_NOUNS and prev_word not in ("the", "in", "of", "since", "by", "its", "their", "his", "her"):
        return False
    return not (prev_word in _QUANTIFIERS and next_word and next_word not in _NOT_COUNTED)


# words after "about 1825" that show it is a year, not a count ("around 1825 that the two leaders met")
_NOT_COUNTED = frozenset("and to or when the that a an in on at by he she they it his her their its was were had "
                         "with for as after before until while".split())


def _day_number(text: str) -> int | None:
    """A day (or a century) as written: "3rd", "23", "twenty-third"."""
    digits = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", text)
    return int(digits.group(1)) if digits else ORDINAL_WORDS.get(" ".join(text.lower().replace("-", " ").split())
                                                                   .replace(" ", "-"))


def _month(text: str) -> str:
    return text.rstrip(".").lower()


def _grammar(kind: str, m: re.Match[str]) -> str:
    """The expression in words :func:`facts.dates.parse_span` reads (a year still to come for yearless)."""
    g = {k: (v or "") for k, v in m.groupdict().items()}
    day = re.compile(r"(st|nd|rd|th)$")
    match kind:
        case "iso":
            return m.group(0)
        case "days2":
            a, b = " ".join(_month(w) for w in g["a"].split()), " ".join(_month(w) for w in g["b"].split())
            a = day.sub("", a)
            b = day.sub("", b)
            ya = f" {g['ya']}" if g.get("ya") else ""
            return f"{a}{ya} to {b} {g.get('y', '')}".strip()
        case "days" | "ddays":
            d, d2 = day.sub("", g["d"]), day.sub("", g["d2"])
            if int(d2) <= int(d):
                return ""
            return f"{_month(g['m'])} {int(d)} and {int(d2)} {g.get('y', '')}".strip()
        case "wday":
            day_of = _day_number(g["d"])
            y = g.get("y", "")
            year = y if not y or y.isdigit() else str(word_number(y) or "")
            return f"{_month(g['m'])} {day_of} {year}".strip() if day_of and (year or not y) else ""
        case "wyear":
            year_number = word_number(g["y"])
            return str(year_number) if year_number and 100 <= year_number <= 2100 else ""
        case "turn":
            return "turn of the century"
        case "century" | "centuries" if g.get("rel"):
            return "century " + ("-1" if g["rel"].lower() in ("previous", "preceding") else "+1")
        case "century" | "centuries":
            first = _day_number(g["c"])
            last = _day_number(g.get("c2") or g["c"])
            if not first or not last or last < first or last > 21:
                return ""
            return f"{(first - 1) * 100 + 1:04d}-{last * 100:04d}"
        case "decades":
            return f"{g['y']}-{int(g['y2']) + 9}" if int(g["y2"]) > int(g["y"]) else ""
        case "moveable":
            feast = easter(int(g["y"])) + timedelta(days=MOVEABLE_FEASTS[" ".join(g["f"].lower().split())])
            return f"{calendar.month_name[feast.month].lower()} {feast.day} {feast.year:04d}"
        case "holiday":
            month, day_of = HOLIDAYS[" ".join(g["h"].lower().replace("’", "'").split())]
            year = g.get("y") or ""
            return f"{calendar.month_name[month].lower()} {day_of} {year.zfill(4) if year else ''}".strip()
        case "day" | "dday":
            year = g.get("y", "")
            return f"{_month(g['m'])} {int(day.sub('', g['d']))} {year.zfill(4) if year else ''}".strip()
        case "months":
            ya = f" {g['ya']}" if g.get("ya") else ""
            return f"{_month(g['a'])}{ya} to {_month(g['b'])} {g.get('y', '')}".strip()
        case "month":
            return f"{_month(g['m'])} {g.get('y', '').zfill(4) if g.get('y') else ''}".strip()
        case "yearpart":
            return "december" if g["e"].lower() in ("end", "close") else "january"
        case "season":
            y2 = f"-{g['y2']}" if g.get("y2") else ""
            return f"{g['s'].lower()} {g.get('y', '').zfill(4) if g.get('y') else ''}{y2}".strip()
        case "years":
            return f"{g['y']}-{g['y2']}" if len(g["y2"]) == 4 or len(g["y2"]) == 2 else ""
        case "decade":
            if g["y"].endswith("00"):  # "the 1800s" is the century's years, not its first decade
                return f"{int(g['y']):04d}-{int(g['y']) + 99:04d}"
            return f"{int(g['y']):04d}s"
        case "ad_year":
            return str(int(g["y"] or g["y2"]))
        case "year":
            return g["y"]
        case "year3":
            return f"{int(g['y']):04d}"
        case "years3":
            low, high = g["y"], g["y2"]
            if len(high) < len(low):
                high = low[: len(low) - len(high)] + high  # "919–36": 936
            return f"{int(low):04d}-{int(high):04d}" if int(high) > int(low) else ""
    return ""


# ---------------------------------------------------------------------------------------------- context

# How an anchor's date was obtained, from the most to the least trustworthy. Only an anchor stated by the text
# ("explicit"), given a year carried from it ("carried"), or counted in whole days from an explicit day
# ("exact") may anchor the next resolution: a guess must not become the base of another (errors compound).
_LONG_TIME = re.compile(r"(?i)\b(?:years?|decades?|months?|winter|spring|summer|autumn|fall|eventually)\b")
GREGORIAN_START = date(1582, 10, 15)
OLD_STYLE_END = 1753  # Britain and its colonies counted in the Julian calendar until September 1752
TURN_DAYS = 92  # how far a year-less date may stand before or after the last dated one and take its year
SOLID = frozenset({"explicit", "carried", "exact"})


@dataclass(frozen=True, slots=True)
class Anchor:
    """The latest dated event: its span, where it stands, and how its date was obtained."""

    span: DateSpan
    label: str
    paragraph: int
    sentence: int
    how: str  # "explicit", "carried", "exact", "day" (a day of the month alone), "guess"
    section: int = 0  # how many headings came before it

    @property
    def solid(self) -> bool:
        return self.how in SOLID

    @property
    def fine(self) -> bool:
        return self.span.precision in (Precision.DAY, Precision.DAYS)


# A year in a clause of the pluperfect ("the King had declared himself a vassal in 1213") looks back from the
# narrative: its year is not carried into the year-less dates that follow.
_PLUPERFECT = re.compile(r"(?i)\bhad\s+(?!to\b)[a-z]+(?:ed|en|wn|t)\b[^,;:.()]*\b(?:in|by)\s+$")
# An order inside a relative clause ("the Prince, whom she married soon afterwards") or after a break in its
# sentence ("…; a few years later, the agreement was renamed") looks ahead from the narrative without moving it.
# "(equivalent to over £10 million in 2008)": a year that dates money's worth, or any year in parentheses,
# is an aside; the narrative's year stays.
BESIDE_ORDER = 12  # characters between a stated date and an order that only qualifies it
_MONEY_OF = re.compile(r"(?i)\b(?:equivalent|worth|value)\b[^.;:()]*\bin\s+$")
# "documents from the 1919 peace conference", "a 1778 treaty": a year that only says which thing is meant
_ATTRIBUTIVE = re.compile(r"(?i)\b(?:the|a|an|its|their|his|her|this|that)\s+$")
_ASIDE = re.compile(r"(?i)\b(?:who|whom|whose|which)\b[^,;:.()]*$")
_PART_OF_DAY = r"(?:day|morning|afternoon|evening|night)"
_DAY_OFFSET = re.compile(rf"(?:{_NUM}) (?:day|week)s? (?:later|afterwards?|earlier|before)$"
                         r"|(?:the )?next day but one$|the day after next$"
                         rf"|(?:the )?(?:next|following|previous|preceding|same) {_PART_OF_DAY}$"
                         rf"|(?:that|that same|later that|earlier that) {_PART_OF_DAY}$|this day$"
                         r"|the (?:day|night) (?:before|after)$"
                         rf"|(?:over|during|within|in|for) the (?:next|following|ensuing) {_NUM} days$")
_YEAR_OFFSET = re.compile(rf"(?:{_NUM}) (?:month|year)s? (?:later|afterwards?|earlier|before)$"
                          r"|the (?:next|following|previous|preceding) (?:month|year)$|that(?: same)? (?:month|year)$")


@dataclass
class Context:
    """What the text has dated so far, in reading order: the year to carry and the anchor to count from.

    A relative expression ("the next day", "the following Monday", "on the third", "At Christmas") is
    resolved only from a near anchor (the same paragraph, or the sentence just before) that the text itself
    dated; otherwise it is stored as coming after the anchor, with no date of its own."""

    year: int | None = None
    year_text: str = ""
    last: Anchor | None = None
    paragraph: int = 0
    sentence: int = 0
    calendar_lag: int | None = None  # learnt from a weekday stated with a date (0: Gregorian)
    year_stale: bool = False  # an unknown stretch of time has passed since the year was stated
    section: int = 0  # headings read so far: a heading ends the narrative a relative day may count along
    notes: list[str] = field(default_factory=list)
    stated_at: tuple[int, int] | None = None  # (sentence, end offset) of the last date written out in full

    def at(self, paragraph: int, sentence: int) -> None:
        """Where the next expressions stand: a paragraph's number and a running sentence count."""
        self.paragraph, self.sentence = paragraph, sentence

    def heading(self) -> None:
        """A heading was read: a relative day after it no longer continues the narrative before it."""
        self.section += 1

    def _chained(self) -> Anchor | None:
        """The last dated day when the narrative has run on from it with no other date and no heading between,
        however many sentences or paragraphs later ("On Saturday the 20th … [next paragraph] the following
        Monday")."""
        last = self.last
        if last is None or not last.fine or last.section != self.section or last.how not in ("explicit", "exact"):
            return None
        return last

    @property
    def last_text(self) -> str:
        return self.last.label if self.last is not None else ""

    def _near(self, *, paragraph_only: bool = False) -> Anchor | None:
        """The anchor when it is near enough to count from, else None."""
        last = self.last
        if last is None:
            return None
        if last.paragraph == self.paragraph or (not paragraph_only and last.sentence >= self.sentence - 1):
            return last
        return None

    def _after(self, found: Found, why: str) -> Dated | None:
        if self.last is None:
            return None
        dated = Dated(found, None, relation="after", review=(f"{found.text!r} is after {self.last_text!r}: {why}",))
        self._broken()
        self._moved(found)
        return dated

    def _moved(self, found: Found) -> None:
        """ "Years later", "the following spring" with no date: the year to carry is no longer known."""
        if _LONG_TIME.search(found.text):
            self.year_stale = True

    def _broken(self) -> None:
        """Time has moved on by an unknown amount: the anchor may no longer be counted from."""
        if self.last is not None:
            self.last = Anchor(self.last.span, self.last.label, self.last.paragraph, self.last.sentence, "guess",
                               self.last.section)

    def read(self, found: Found, sentence: str) -> Dated | None:
        """``found`` read in context, or None when it cannot be read as a date at all."""
        if found.kind == "explicit":
            try:
                span = parse_span(found.grammar)
            except BadInput:
                return None
            before = sentence[: found.start]
            flashback = span.precision is Precision.YEAR and bool(
                re.search(r"(?i)\b(?:since|until|till|before)\s+$|\($", before)
                or _PLUPERFECT.search(before) or _MONEY_OF.search(before) or before.count("(") > before.count(")")
                or (_ATTRIBUTIVE.search(before) and bool(re.match(r"\s+[A-Za-z]", sentence[found.end:]))))
            self._saw(span, "explicit", None if flashback else found.text, carry=not flashback)
            self._learn_calendar(found, span, sentence)
            self.stated_at = (self.sentence, found.end)
            return Dated(found, span, aside=flashback)
        if found.kind == "dayonly":
            return self._day_only(found)
        if found.kind == "yearless":
            return self._yearless(found)
        if found.kind == "relative":
            return self._relative(found)
        dated = Dated(found, None, relation=found.relation,
                      review=(f"{found.text!r}: only an order is given (after the previous dated event)",))
        before = sentence[: found.start]
        if _ASIDE.search(before):
            return dated  # "whom she married soon afterwards": an aside about another time; the narrative stays
        if self.stated_at is not None and self.stated_at[0] == self.sentence and \
                found.start - self.stated_at[1] <= BESIDE_ORDER:
            return dated  # "On 19 February 1604, shortly after he discovered …": the stated date is the event's
        self._broken()
        if not re.search(r"[;:,]", before):
            self._moved(found)  # only an order that moves the narrative ("Some years later, …") loses the year
        return dated

    def _yearless(self, found: Found) -> Dated | None:
        if self.year is None:
            return None
        if self.year_stale:
            return self._after(found, f"time has passed since {self.year_text!r}, so its year is not known")
        year = self.year
        if found.grammar == "turn of the century":
            turn = (year + 50) // 100 * 100
            span = parse_span(f"{turn - 1:04d}-{turn + 1:04d}")
            self._saw(span, "carried", None, carry=False)
            return Dated(found, span, review=(f"{found.text!r}: the turn nearest the year {year} "
                                              f"({self.year_text!r}) taken",))
        if found.grammar.startswith("century "):
            number = (year - 1) // 100 + 1 + int(found.grammar.split()[1])
            span = parse_span(f"{(number - 1) * 100 + 1:04d}-{number * 100:04d}")
            self._saw(span, "carried", None, carry=False)
            return Dated(found, span, review=(f"{found.text!r} counted from the year {year} ({self.year_text!r})",))
        feast = bool(_FEAST.fullmatch(found.text))
        if feast:
            # a feast takes its year only from a dated day or month of the same paragraph, and only forward
            anchor = self._near(paragraph_only=True)
            if anchor is None or not anchor.solid or anchor.span.precision not in (
                    Precision.DAY, Precision.DAYS, Precision.MONTH, Precision.SEASON, Precision.YEAR):
                return self._after(found, "a feast with no dated day of the same paragraph to take its year from")
            month, day_of = _HOLIDAY_GRAMMARS[found.grammar]
            year = anchor.span.end.year
            if anchor.span.start.year != anchor.span.end.year or date(year, month, day_of) < anchor.span.start:
                return self._after(found, "the feast of that year is already past: which year is meant is not said")
        try:
            span = parse_span(_with_year(found.grammar, year))
        except BadInput:
            return None
        last = self.last
        if (not feast and last is not None and last.span.precision in (Precision.DAY, Precision.DAYS, Precision.MONTH)
                and last.span.end.year == year and span.end < last.span.start):
            # before the dated event: a look back within its year ("had landed on 10 October" after 2 November),
            # or the narrative has turned the year ("On January 3" after "December 26, 1776"); else not certain
            back = (last.span.start - span.end).days
            try:
                turned = parse_span(_with_year(found.grammar, year + 1))
            except BadInput:
                return None
            ahead = (turned.start - last.span.end).days
            if back <= TURN_DAYS and ahead > TURN_DAYS:
                pass
            elif ahead <= TURN_DAYS < back and self._near() is not None:
                year, span = year + 1, turned
            else:
                return self._after(found, "it falls before the dated event, so its year is not certain")
        note = f"year {year} carried from context ({self.year_text!r}) into {found.text!r}"
        self._saw(span, "carried", None)
        return Dated(found, span, review=(note,))

    def _relative(self, found: Found) -> Dated | None:
        if self.last is None:
            return None
        anchor = self._near() or self._chained()
        phrase = found.grammar
        day_offset = bool(_DAY_OFFSET.fullmatch(phrase))
        weekday = any(w in phrase.split() for w in (*_WEEKDAY_NUMBER, "week"))
        if anchor is None:
            return self._after(found, "its anchor is not near enough to count from")
        if not anchor.solid:
            return self._after(found, "its anchor is itself a guess, so no date is computed")
        if (day_offset or weekday) and not anchor.fine:
            return self._after(found, "its anchor is not a day, so no day can be counted")
        lag = 0
        if weekday:
            lag_or_none = self._lag(anchor.span.end)
            if lag_or_none is None:
                return self._after(found, "which calendar the text counts weekdays in is not known")
            lag = lag_or_none
        resolved = relative_span(phrase, anchor.span, lag)
        if resolved is None:
            return self._after(found, "no date can be computed")
        note = f"{found.text!r} resolved from {self.last_text!r} as {resolved.label}"
        # counting days, or weekdays in a known calendar, from a stated day is exact: it may anchor the next
        exact = anchor.how in ("explicit", "exact") and (day_offset or weekday or bool(_YEAR_OFFSET.fullmatch(phrase))
                                                         or resolved == anchor.span)
        self._saw(resolved, "exact" if exact else "guess", None, carry=exact)
        if not exact and self.year is not None and resolved.end.year != self.year:
            self.year_stale = True  # a guessed date in another year: the year to carry is not known
        return Dated(found, resolved, review=(note,))

    def _lag(self, day: date) -> int | None:
        """How many days the text's calendar runs behind the Gregorian at ``day``: Julian before 1582, Gregorian
        from 1753, and between them the calendar of a weekday the text stated with a date, else unknown."""
        if day < GREGORIAN_START:
            return _julian_lag(day)
        if day.year >= OLD_STYLE_END:
            return 0
        return self.calendar_lag

    def _learn_calendar(self, found: Found, span: DateSpan, sentence: str) -> None:
        """ "On Saturday the seventh of February, 1601": a weekday stated with a day tells the text's calendar."""
        stated = re.search(rf"\b({WEEKDAYS}),?\s+(?:the\s+)?$", sentence[: found.start])
        if stated is None or span.precision is not Precision.DAY:
            return
        wanted = _WEEKDAY_NUMBER[stated.group(1).lower()]
        if span.start.weekday() == wanted:
            self.calendar_lag = 0
        elif _weekday_of(span.start, _julian_lag(span.start)) == wanted:
            self.calendar_lag = _julian_lag(span.start)

    def _day_only(self, found: Found) -> Dated | None:
        """ "on the third", "On Monday, the fifth": a later day of the month a dated day or month of the same
        paragraph is in."""
        last = self._near(paragraph_only=True)
        if last is None or last.how == "guess" or last.span.precision not in (
                Precision.DAY, Precision.DAYS, Precision.MONTH):
            return self._after(found, "no dated day or month of the same paragraph gives its month")
        day_text, _, weekday = found.grammar.partition(" ")
        day = int(day_text)
        year, month = last.span.end.year, last.span.end.month
        if last.span.precision is not Precision.MONTH and day <= last.span.end.day:
            return self._after(found, "that day of the dated month is already past: which month is meant is not said")
        try:
            span = parse_span(f"{calendar.month_name[month]} {day} {year}")
        except BadInput:
            return self._after(found, "no such day in the dated month")
        if weekday and not _weekday_fits(span.start, weekday):
            return self._after(found, f"the text calls it a {weekday.capitalize()}, which that day of the dated "
                                      "month is not")
        note = f"month and year carried from context ({last.label!r}) into {found.text!r}"
        self._saw(span, "carried", None, carry=False)
        return Dated(found, span, review=(note,))

    def _saw(self, span: DateSpan, how: str, text: str | None, *, carry: bool = True) -> None:
        if carry and span.precision is not Precision.DECADE and span.end.year - span.start.year <= 1:
            self.year = span.end.year if span.precision is not Precision.SEASON else span.start.year
            self.year_stale = False
            if text is not None:
                self.year_text = text
        elif carry and how == "explicit" and self.year is not None and not (
                span.start.year <= self.year <= span.end.year):
            self.year_stale = True  # "the war of 1861–65" after 1850: which year an "in April" means is not said
            if text is not None:
                self.year_text = text
        self.last = Anchor(span, span.label, self.paragraph, self.sentence, how, self.section)


_FEAST = re.compile(rf"(?i:{_HOLIDAY})")
_HOLIDAY_GRAMMARS = {f"{calendar.month_name[m].lower()} {d}": (m, d) for m, d in HOLIDAYS.values()}


def _weekday_fits(day: date, weekday: str) -> bool:
    """Whether ``day`` (as written) fell on ``weekday`` in the Gregorian calendar or, for a text of the old style,
    in the Julian one (5 November 1688 was a Monday in England)."""
    wanted = _WEEKDAY_NUMBER[weekday]
    return day.weekday() == wanted or (day.year < 1924 and _weekday_of(day, _julian_lag(day)) == wanted)


def _with_year(grammar: str, year: int) -> str:
    if " to " in grammar:
        left, right = grammar.split(" to ", 1)
        return f"{left} to {right} {year}"
    return f"{grammar} {year}"


def _number(text: str) -> int:
    return int(text) if text.isdigit() else NUMBER_WORDS[text.lower()]


def _add_months(d: date, months: int) -> tuple[int, int]:
    total = d.year * 12 + d.month - 1 + months
    return total // 12, total % 12 + 1


def _month_span(year: int, month: int) -> DateSpan:
    return DateSpan(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]), Precision.MONTH)


def _year_span(year: int) -> DateSpan:
    return DateSpan(date(year, 1, 1), date(year, 12, 31), Precision.YEAR)


def _day_span(d: date) -> DateSpan:
    return DateSpan(d, d, Precision.DAY)


def _season_span(name: str, year: int) -> DateSpan:
    return parse_span(f"{name} {year}-{(year + 1) % 100:02d}" if name == "winter" else f"{name} {year}")


def _weekday_of(day: date, lag: int) -> int:
    """The weekday ``day`` (as written) fell on, in a calendar ``lag`` days behind the Gregorian (Julian: 10–13)."""
    return (day + timedelta(days=lag)).weekday()


def _julian_lag(day: date) -> int:
    year = day.year if day.month > 2 else day.year - 1
    return year // 100 - year // 400 - 2


def _weekday_span(weekday: str, base: date, step: int, lag: int = 0) -> DateSpan:
    """ "the following Monday" (the next after ``base``), "that Monday" (this week's), "the previous Monday"."""
    wanted = _WEEKDAY_NUMBER[weekday]
    now = _weekday_of(base, lag)
    if step >= 0:
        ahead = (wanted - now) % 7 or (7 if step else 0)
        return _day_span(base + timedelta(days=ahead))
    return _day_span(base - timedelta(days=(now - wanted) % 7 or 7))


def relative_span(phrase: str, anchor: DateSpan, lag: int = 0) -> DateSpan | None:
    """The span a relative phrase ("two days later", "the following spring") names, counted from ``anchor``;
    None when the anchor is too coarse for it (weeks after a year)."""
    words = phrase.split()
    fine = anchor.precision in (Precision.DAY, Precision.DAYS)
    stretch = re.fullmatch(rf"(?:over|during|within|in|for) the (?:next|following|ensuing) ({_NUM}) days", phrase)
    if stretch:  # "over the next ten days": the days that follow the anchor's
        n = _number(stretch.group(1))
        return DateSpan(anchor.end + timedelta(days=1), anchor.end + timedelta(days=n), Precision.DAYS) \
            if fine and n > 1 else None
    if re.fullmatch(r"(?:the )?next day but one|the day after next", phrase):
        return _day_span(anchor.end + timedelta(days=2)) if fine else None
    if words[0] in ("next", "following"):
        words = ["the", *words]  # "next day"
    elif words[:2] == ["on", "the"] or (len(words) == 2 and words[0] == "the" and words[1] in _WEEKDAY_NUMBER):
        words = ["that", words[-1]]  # "on the Sunday": the Sunday the narrative is at (the anchor's, or the next)
    elif words == ["this", "day"]:
        words = ["that", "day"]
    elif words[-1] == "week" and (words[0] in ("all", "throughout") or words[:2] == ["the", "whole"]):
        # "all the week": from the anchor's day to the Saturday that ends its week
        if not fine or _weekday_of(anchor.end, lag) >= 5:
            return None
        return DateSpan(anchor.end, anchor.end + timedelta(days=5 - _weekday_of(anchor.end, lag)), Precision.DAYS)
    elif words[0] == "on":
        if fine and _weekday_of(anchor.end, lag) == _WEEKDAY_NUMBER[words[-1]]:
            return None  # "On Sunday" said on a Sunday: this one or the next?
        words = ["the", "next", words[-1]]  # "on Monday": the next Monday after the anchor
    monthly = fine or anchor.precision in (Precision.MONTH,)
    single_year = anchor.start.year == anchor.end.year or anchor.precision is Precision.SEASON
    m = re.fullmatch(rf"({_NUM}) ({_UNITS}) (later|afterwards?|earlier|before)", phrase)
    try:
        if m:
            n = _number(m.group(1)) * (-1 if m.group(3) in ("earlier", "before") else 1)
            unit = m.group(2).rstrip("s")
            base = anchor.end if n > 0 else anchor.start
            if unit == "day" and fine:
                return _day_span(base + timedelta(days=n))
            if unit == "week" and fine:
                return _day_span(base + timedelta(weeks=n))
            if unit == "month" and monthly:
                return _month_span(*_add_months(base, n))
            if unit == "year" and single_year and anchor.precision is not Precision.SEASON:
                return _year_span(base.year + n)
            return None
        if words[:2] == ["the", "day"] or words[:2] == ["the", "night"]:
            return _day_span(anchor.start - timedelta(days=1)) if words[2] == "before" and fine else (
                _day_span(anchor.end + timedelta(days=1)) if fine else None)
        what = words[-1]
        adj = " ".join(words[:-1])
        step = {"the next": 1, "the following": 1, "the previous": -1, "the preceding": -1}.get(adj, 0)
        base = anchor.end if step >= 0 else anchor.start
        if what in ("day", "morning", "afternoon", "evening", "night"):
            return _day_span(base + timedelta(days=step)) if fine and (step or anchor.precision is Precision.DAY) \
                else None
        if what in _WEEKDAY_NUMBER:
            return _weekday_span(what, base, step, lag) if fine else None
        if what == "month":
            return _month_span(*_add_months(base, step)) if monthly else None
        if what == "year":
            return _year_span(base.year + step) if single_year else None
        return _named_span(what, base, step)
    except (BadInput, ValueError, OverflowError):
        return None


def _named_span(what: str, base: date, step: int) -> DateSpan | None:
    """ "the following spring", "that autumn", "the previous March": a season or a month next to ``base``."""
    if what in SEASON_START:
        name = "autumn" if what == "fall" else what
        start_month = SEASON_START[name]
        if step == 0:
            year = base.year - 1 if name == "winter" and base.month <= 2 else base.year
            return _season_span(name, year)
        year = base.year
        if step > 0:
            while date(year, start_month, 1) <= base:
                year += 1
        else:
            while _season_span(name, year).end >= base:
                year -= 1
        return _season_span(name, year)
    month = [n.lower() for n in calendar.month_name].index(what) if what in (
        n.lower() for n in calendar.month_name[1:]) else 0
    if month:
        year = base.year
        if step > 0:
            while date(year, month, 1) <= base:
                year += 1
        elif step < 0:
            while _month_span(year, month).end >= base:
                year -= 1
        return _month_span(year, month)
    return None
