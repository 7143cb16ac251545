"""Dates as people and the source write them: parsed into spans that keep their precision.

One grammar serves the user (``/date``, ``chronicle date``) and the fact packs, so "winter 1949-50"
means the same thing in both. A :class:`DateSpan` is a closed interval of days plus the precision the
text gave; a :class:`MonthDay` is a calendar day without a year (for "on this day").
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from facts.errors import BadInput

FORMS_HELP = (
    "Try 1950-06-25, June 25, 1950, 25 June 1950, June 1950, 1950, 1949-50, "
    "winter 1949-50, autumn 1945, the 1980s or October 1949 to June 1950."
)
MAX_INPUT = 100

MONTHS: dict[str, int] = {}
for _number, _name in enumerate(calendar.month_name[1:], start=1):
    MONTHS[_name.lower()] = _number
    MONTHS[_name[:3].lower()] = _number
MONTHS["sept"] = 9

SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
SEASON_NAME = {3: "spring", 6: "summer", 9: "autumn", 12: "winter"}


class Precision(StrEnum):
    """How exactly the source (or the user) pinned a date down."""

    DAY = "day"
    DAYS = "days"
    MONTH = "month"
    MONTHS = "months"
    SEASON = "season"
    YEAR = "year"
    YEARS = "years"
    DECADE = "decade"


_RANGE_OF = {
    Precision.DAY: Precision.DAYS,
    Precision.MONTH: Precision.MONTHS,
    Precision.SEASON: Precision.MONTHS,
    Precision.YEAR: Precision.YEARS,
    Precision.DECADE: Precision.YEARS,
}
_COARSENESS = [Precision.DAY, Precision.MONTH, Precision.SEASON, Precision.YEAR, Precision.DECADE]


@dataclass(frozen=True, slots=True)
class DateSpan:
    """Every day from ``start`` to ``end`` (inclusive), at a stated precision."""

    start: date
    end: date
    precision: Precision

    @property
    def label(self) -> str:
        """The span as a reader would write it: "June 25, 1950", "winter 1949–50", "the 1980s"."""
        s, e = self.start, self.end
        match self.precision:
            case Precision.DAY:
                return _day(s)
            case Precision.DAYS:
                if (s.year, s.month) == (e.year, e.month):
                    return f"{calendar.month_name[s.month]} {s.day}–{e.day}, {s.year}"
                if s.year == e.year:
                    return f"{calendar.month_name[s.month]} {s.day} – {_day(e)}"
                return f"{_day(s)} – {_day(e)}"
            case Precision.MONTH:
                return _month(s)
            case Precision.MONTHS:
                if s.year == e.year:
                    return f"{calendar.month_name[s.month]}–{_month(e)}"
                return f"{_month(s)} – {_month(e)}"
            case Precision.SEASON:
                name = SEASON_NAME[s.month]
                return f"{name} {_years(s.year, e.year)}" if name == "winter" else f"{name} {s.year}"
            case Precision.YEAR:
                return str(s.year)
            case Precision.YEARS:
                return _years(s.year, e.year)
            case Precision.DECADE:
                return f"the {s.year}s"
        raise AssertionError(self.precision)  # pragma: no cover

    @property
    def notation(self) -> str:
        """A compact, re-parseable form (the pack's notation): ``1945-08-10/1945-08-11``."""
        s, e = self.start, self.end
        match self.precision:
            case Precision.DAY:
                return s.isoformat()
            case Precision.DAYS:
                return f"{s.isoformat()}/{e.isoformat()}"
            case Precision.MONTH:
                return s.isoformat()[:7]
            case Precision.MONTHS:
                return f"{s.isoformat()[:7]}/{e.isoformat()[:7]}"
            case Precision.YEAR:
                return str(s.year)
            case Precision.YEARS:
                return f"{s.year}/{e.year}"
            case Precision.DECADE:
                return f"{s.year:04d}s"  # "0640s": three digits and an s would not read back
            case Precision.SEASON:
                return self.label
        raise AssertionError(self.precision)  # pragma: no cover

    def overlaps(self, other: DateSpan) -> bool:
        return self.start <= other.end and other.start <= self.end

    def within(self, other: DateSpan) -> bool:
        """True when every day of this span lies inside ``other``."""
        return other.start <= self.start and self.end <= other.end


@dataclass(frozen=True, slots=True)
class MonthDay:
    """A day of the calendar without a year, for "on this day"."""

    month: int
    day: int

    @property
    def label(self) -> str:
        return f"{calendar.month_name[self.month]} {self.day}"

    @property
    def ordinal(self) -> int:
        """Day of a leap year (1–366), so February 29 has a place between 28 and March 1."""
        return date(2000, self.month, self.day).timetuple().tm_yday

    @classmethod
    def of(cls, day: date) -> MonthDay:
        return cls(day.month, day.day)

    @classmethod
    def of_ordinal(cls, ordinal: int) -> MonthDay:
        """The day ``ordinal`` (1–366) of a leap year."""
        if not 1 <= ordinal <= 366:
            raise ValueError(f"a day-of-year ordinal is 1–366, not {ordinal}")
        return cls.of(date.fromordinal(date(2000, 1, 1).toordinal() + ordinal - 1))

    @property
    def key(self) -> str:
        """``MM-DD``, as a button's custom id carries it."""
        return f"{self.month:02d}-{self.day:02d}"


def step_day(days: frozenset[int], day: MonthDay, step: int) -> MonthDay | None:
    """The nearest day of ``days`` (leap-year ordinals) after ``day`` (``step`` +1) or before it (-1), going
    round the year; None when no other day is in ``days``."""
    here = day.ordinal
    for n in range(1, 367):
        candidate = (here - 1 + step * n) % 366 + 1
        if candidate == here:
            return None
        if candidate in days:
            return MonthDay.of_ordinal(candidate)
    return None


def _day(d: date) -> str:
    return f"{calendar.month_name[d.month]} {d.day}, {d.year}"


def _month(d: date) -> str:
    return f"{calendar.month_name[d.month]} {d.year}"


def _years(a: int, b: int) -> str:
    if a == b:
        return str(a)
    if a // 100 == b // 100:
        return f"{a}–{b % 100:02d}"
    return f"{a}–{b}"


# ---------------------------------------------------------------------------------------------- parsing

_MONTH_RE = r"(?P<{name}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_ORD = r"(?:st|nd|rd|th)?"
_AMBIGUOUS = re.compile(r"^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}$")
_RANGE_SPLIT = re.compile(r"\s+(?:to|until|till|through|thru|and)\s+|\s+[-–—]\s+|\s*[–—]\s*")

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile("^" + pattern + "$"))
    for name, pattern in [
        ("iso_day", r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
        ("iso_month", r"(?P<y>\d{4})-(?P<m>0?[1-9]|1[0-2])"),
        ("year_range", r"(?P<y>\d{4})\s*[-–/]\s*(?P<y2>\d{2}|\d{4})"),
        ("year", r"(?P<y>\d{1,4})"),
        ("decade", r"(?P<y>\d{3}0)'?s"),
        ("iso_month_day", r"(?:--)?(?P<m>\d{1,2})-(?P<d>\d{1,2})"),
        ("month_day_year", _MONTH_RE.format(name="mon") + r"\s*(?P<d>\d{1,2})" + _ORD + r"(?:\s+(?P<y>\d{1,4}))?"),
        ("day_month_year", r"(?P<d>\d{1,2})" + _ORD + r"\s+(?:of\s+)?" + _MONTH_RE.format(name="mon")
         + r"(?:\s+(?P<y>\d{1,4}))?"),
        ("month_days", _MONTH_RE.format(name="mon") + r"\s*(?P<d>\d{1,2})" + _ORD
         + r"\s*(?:and|to|-|–)\s*(?P<d2>\d{1,2})" + _ORD + r"(?:\s+(?P<y>\d{1,4}))?"),
        ("month_year", _MONTH_RE.format(name="mon") + r"\s+(?:of\s+)?(?P<y>\d{1,4})"),
        ("month", _MONTH_RE.format(name="mon")),
        ("season", r"(?P<season>spring|summer|autumn|fall|winter)\s+(?:of\s+)?(?P<y>\d{1,4})"
         r"(?:\s*[-–/]\s*(?P<y2>\d{2}|\d{4}))?"),
    ]
]


def normalise(text: str) -> str:
    """Lower-case, fold commas, dashes and "the"/"in" so the patterns stay few."""
    s = text.strip().lower().replace(",", " ").replace("\u2212", "-")
    s = re.sub(r"\s+", " ", s)
    s = re.sub(r"^(?:on|in|during|from|the|of)\s+", "", s)
    return re.sub(r"^(?:the|of)\s+", "", s)


def parse_date(text: str) -> DateSpan | MonthDay:
    """Parse what a user or a pack wrote; raise :class:`BadInput` saying what is wrong."""
    if not text or not text.strip():
        raise BadInput("Give a date.", FORMS_HELP)
    if len(text) > MAX_INPUT:
        raise BadInput(f"That is {len(text):,} characters; a date is much shorter.", FORMS_HELP)
    s = normalise(text)
    if _AMBIGUOUS.match(s):
        raise BadInput(
            f"“{text.strip()}” is ambiguous: day/month or month/day? Write the month as a word or use ISO.",
            "1950-06-07 or June 7, 1950",
        )
    between = re.match(r"^between\s+(.+?)\s+and\s+(.+)$", s)
    if between:
        return _range(between.group(1), between.group(2), text)
    single = _single(s)
    if single is not None:
        return single
    parts = _RANGE_SPLIT.split(s) if _RANGE_SPLIT.search(s) else s.split("/")
    if len(parts) == 2 and all(parts):
        return _range(parts[0], parts[1], text)
    raise BadInput(f"I can't read “{_short(text)}” as a date.", FORMS_HELP)


def parse_span(text: str) -> DateSpan:
    """Like :func:`parse_date`, but a year is required (a pack's date, a timeline bound)."""
    parsed = parse_date(text)
    if isinstance(parsed, MonthDay):
        raise BadInput(f"“{_short(text)}” has no year.", f"{parsed.label}, 1950")
    return parsed


def parse_month_day(text: str) -> MonthDay:
    """A month and day for "on this day": ``08-06``, ``Aug. 6``, ``6 August`` (a year is ignored)."""
    parsed = parse_date(text)
    if isinstance(parsed, MonthDay):
        return parsed
    if parsed.precision is Precision.DAY:
        return MonthDay.of(parsed.start)
    raise BadInput(f"“{_short(text)}” is not a single day.", "08-06 or August 6")


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _single(s: str) -> DateSpan | MonthDay | None:
    for kind, pattern in _PATTERNS:
        m = pattern.match(s)
        if m:
            return _build(kind, m.groupdict())
    return None


def _build(kind: str, g: dict[str, str | None]) -> DateSpan | MonthDay:
    mon, m, y = g.get("mon"), g.get("m"), g.get("y")
    month = MONTHS[mon] if mon else (int(m) if m else None)
    year = _year(y) if y else None
    match kind:
        case "iso_day" | "month_day_year" | "day_month_year":
            assert month is not None
            day = int(g["d"] or 0)
            if year is None:
                return _month_day(month, day)
            d = _checked_day(year, month, day)
            return DateSpan(d, d, Precision.DAY)
        case "month_days":
            assert month is not None
            first, last = int(g["d"] or 0), int(g["d2"] or 0)
            if year is None:
                raise BadInput("Which year? A range of days needs one.", "Aug. 10 and 11, 1945")
            a, b = _checked_day(year, month, first), _checked_day(year, month, last)
            if b < a:
                raise BadInput(f"The range ends (day {last}) before it starts (day {first}).")
            return DateSpan(a, b, Precision.DAYS if a != b else Precision.DAY)
        case "iso_month" | "month_year":
            assert month is not None
            assert year is not None
            return _month_span(year, _checked_month(month))
        case "iso_month_day":
            assert month is not None
            return _month_day(month, int(g["d"] or 0))
        case "year":
            assert year is not None
            return DateSpan(date(year, 1, 1), date(year, 12, 31), Precision.YEAR)
        case "year_range":
            assert year is not None
            last = _second_year(year, g["y2"] or "")
            return DateSpan(date(year, 1, 1), date(last, 12, 31), Precision.YEARS)
        case "decade":
            assert year is not None
            return DateSpan(date(year, 1, 1), date(min(year + 9, 9999), 12, 31), Precision.DECADE)
        case "month":
            raise BadInput("Which year? A month alone is not a date.", "June 1950")
        case "season":
            assert year is not None
            return _season(g["season"] or "", year, g.get("y2"))
    raise AssertionError(kind)  # pragma: no cover


def _year(text: str) -> int:
    year = int(text)
    if not 1 <= year <= 9999:
        raise BadInput(f"Year {text} is out of range: years run from 1 to 9999.")
    return year


def _second_year(first: int, text: str) -> int:
    last = int(text) if len(text) == 4 else first // 100 * 100 + int(text)
    if len(text) == 2 and last <= first and first % 100 >= 90:
        last += 100  # 1999-00 crosses a century
    if len(text) == 2 and last <= first and (int(text) > 12 or int(text) == 0):
        raise BadInput(f"“{first}-{text}” is neither a month (there is no month {int(text)}) "
                       "nor a range of years.", "1949-50 or 1950-06")
    if last <= first:
        raise BadInput(f"The range ends ({last}) before it starts ({first}).", "1949-50")
    return _year(str(last))


def _checked_month(month: int) -> int:
    if not 1 <= month <= 12:
        raise BadInput(f"There is no month {month}: months run from 1 to 12.")
    return month


def _checked_day(year: int, month: int, day: int) -> date:
    _checked_month(month)
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise BadInput(f"{calendar.month_name[month]} {year} has {days} days.")
    return date(year, month, day)


def _month_day(month: int, day: int) -> MonthDay:
    _checked_month(month)
    days = calendar.monthrange(2000, month)[1]  # a leap year: February 29 is a real anniversary
    if not 1 <= day <= days:
        raise BadInput(f"{calendar.month_name[month]} has at most {days} days.")
    return MonthDay(month, day)


def _month_span(year: int, month: int) -> DateSpan:
    return DateSpan(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]),
                    Precision.MONTH)


def _season(name: str, year: int, second: str | None) -> DateSpan:
    start_month = SEASON_START[name]
    if start_month == 12:
        if second is not None and _second_year(year, second) != year + 1:
            raise BadInput("A winter runs from one year into the next.", f"winter {year}-{(year + 1) % 100:02d}")
        if year >= 9999:
            raise BadInput("That winter runs past the year 9999.")
        end = date(year + 1, 2, calendar.monthrange(year + 1, 2)[1])
    else:
        if second is not None:
            raise BadInput(f"Only a winter spans two years; {name} {year} does not.", f"{name} {year}")
        end_month = start_month + 2
        end = date(year, end_month, calendar.monthrange(year, end_month)[1])
    return DateSpan(date(year, start_month, 1), end, Precision.SEASON)


def _range(left: str, right: str, original: str) -> DateSpan:
    b = _single(right.strip())
    if b is None or isinstance(b, MonthDay):
        raise BadInput(f"I can't read “{_short(original)}” as a range of dates.", "October 1949 to June 1950")
    try:
        a = _single(left.strip())
    except BadInput:
        a = None
    if a is None:
        # "October to December 1949": borrow the right side's year for a bare month.
        a = _single(f"{left.strip()} {b.start.year}")
    if isinstance(a, MonthDay):
        day = _checked_day(b.start.year, a.month, a.day)
        a = DateSpan(day, day, Precision.DAY)
    if a is None:
        raise BadInput(f"I can't read “{_short(original)}” as a range of dates.", "October 1949 to June 1950")
    if b.end < a.start:
        raise BadInput(f"The range ends ({b.label}) before it starts ({a.label}).")
    coarser = max(a.precision, b.precision, key=lambda p: _COARSENESS.index(_base(p)))
    return DateSpan(a.start, b.end, _RANGE_OF.get(_base(coarser), coarser))


def _base(p: Precision) -> Precision:
    return {Precision.DAYS: Precision.DAY, Precision.MONTHS: Precision.MONTH,
            Precision.YEARS: Precision.YEAR}.get(p, p)
