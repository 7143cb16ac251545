"""People for trivia: who may be a wrong answer to "who", and who may not.

A wrong person must not be arguably right: for an event, nobody it lists, nobody its text names, and
nobody of a country it implies (by its places, or a country's name, demonym or capital in its title,
summary or quotes: "Chinese and Soviet leaders met" leaves out every Chinese and Soviet person). Nor may
a nationality give the answer away: when a role names the answer's country ("US colonel…"), every wrong
person is of a country it names too, and an event that implies the answer's country is not asked about
that person at all (every wrong person would be of another country). Among the fair people the most
plausible come first: the answer's country, then a role in the same words, then active nearest in time.
A person without a country is read from their role ("Soviet leader"); one whose country stays unknown is
used only where no country is at stake.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from facts.models import Event, Person
from facts.text import fold

_ROLE_STOP = frozenset("a an and as by for from her his in into is it its of on or that the their to was "
                       "were who whose with".split())
_ROLE_SAME = {"chinese": "china", "korean": "korea", "american": "us", "u.s.": "us", "u.s": "us",
              "russian": "soviet", "russia": "soviet", "ussr": "soviet", "japanese": "japan"}

# The canonical name of a country as packs and texts name it.
_CANONICAL = {
    "usa": "united states", "us": "united states", "u.s.": "united states", "america": "united states",
    "united states of america": "united states", "ussr": "soviet union", "russia": "soviet union",
    "uk": "united kingdom", "britain": "united kingdom", "great britain": "united kingdom",
    "england": "united kingdom", "korea": "korea", "prc": "china", "people's republic of china": "china",
}
KOREAS = frozenset({"korea", "north korea", "south korea"})
# Words that imply a country: its names, demonyms, capital and places the packs use. "Korea" alone
# implies either Korea; "North Korean" the North (and Korea, for a person whose Korea is unknown).
_IMPLIES: tuple[tuple[str, frozenset[str]], ...] = (
    (r"united states|americans?|america|washington", frozenset({"united states"})),
    (r"soviets?|soviet union|ussr|russians?|russia|moscow|kremlin", frozenset({"soviet union"})),
    (r"china|chinese|beijing|peking|pla|kmt|manchuria|taiwan|yalu", frozenset({"china"})),
    (r"north korea(?:ns?|s)?|pyongyang", frozenset({"north korea", "korea"})),
    (r"south korea(?:ns?|s)?|s korea|seoul|pusan", frozenset({"south korea", "korea"})),
    (r"korea(?:ns?|s)?|38th parallel", KOREAS),
    (r"japan|japanese|hiroshima|nagasaki|tokyo|okinawa", frozenset({"japan"})),
    (r"united kingdom|britain|british|england|english|london", frozenset({"united kingdom"})),
    (r"france|french|paris", frozenset({"france"})),
    (r"germany|germans?|berlin", frozenset({"germany"})),
    (r"italy|italians?|rome", frozenset({"italy"})),
    (r"philippines|filipinos?|manila", frozenset({"philippines"})),
)
_IMPLIES_RE = re.compile("|".join(f"(?P<c{i}>\\b(?:{words})\\b)" for i, (words, _) in enumerate(_IMPLIES)),
                         re.IGNORECASE)
_US_RE = re.compile(r"\bU\.\s?S\.(?:A\.)?|\bUSA?\b")  # capitals only: "us" is a pronoun


def canonical(country: str) -> str:
    name = " ".join(country.casefold().split())
    return _CANONICAL.get(name, name)


def countries_in(text: str, known: Iterable[str] = ()) -> frozenset[str]:
    """The countries ``text`` implies, including any of the ``known`` country names it contains."""
    return _countries_in(text, tuple(known))


@lru_cache(maxsize=4096)
def _countries_in(text: str, known: tuple[str, ...]) -> frozenset[str]:
    found: set[str] = set()
    for m in _IMPLIES_RE.finditer(text):
        found |= _IMPLIES[int(next(k for k, v in m.groupdict().items() if v)[1:])][1]
    if _US_RE.search(text):
        found.add("united states")
    folded = f" {' '.join(re.findall(r'[a-z0-9]+', text.casefold()))} "
    for country in known:
        words = " ".join(re.findall(r"[a-z0-9]+", country.casefold()))
        if words and f" {words} " in folded:
            found.add(canonical(country))
    return frozenset(found)


def country_of(person: Person) -> str | None:
    """The person's country (canonical), else the single country their role implies, else None."""
    if person.country:
        return canonical(person.country)
    named = countries_in(person.role)
    if len(named - {"korea"}) == 1:
        return next(iter(named - {"korea"}))
    return "korea" if named == KOREAS else None


def among(country: str | None, countries: frozenset[str]) -> bool | None:
    """Whether a person of ``country`` is of one of ``countries``; None when their country is unknown."""
    if country is None:
        return None
    return country in countries or (country == "korea" and bool(countries & KOREAS))


@lru_cache(maxsize=4096)
def role_words(role: str) -> frozenset[str]:
    """The meaningful words of a role, demonyms folded ("Chinese" and "China's" are both "china")."""
    words = set()
    for raw in re.findall(r"[a-z0-9.'’]+", role.casefold()):
        word = re.sub(r"['’]s$", "", raw).strip(".'’")
        if word and word not in _ROLE_STOP:
            words.add(_ROLE_SAME.get(word, word))
    return frozenset(words)


def mentions(text: str, person: Person) -> bool:
    """Whether ``text`` names ``person`` (by name or any alias, as whole words)."""
    folded = f" {_folded(text)} "
    return any((words := _folded(name)) and f" {words} " in folded for name in (person.name, *person.aliases))


@lru_cache(maxsize=8192)
def _folded(text: str) -> str:
    """``text`` folded (:func:`facts.text.fold`) to its words, one space apart."""
    return " ".join(re.findall(r"[a-z0-9]+", fold(text)))


def event_text(event: Event) -> str:
    """Everything an event says: title, summary, quotes and places."""
    return " ".join([event.title, event.summary, *(q.text for q in event.quotes), *event.places])


def alike(person: Person, others: Iterable[Person], period: dict[str, float | None]) -> list[Person]:
    """``others`` the most plausible first: the same country as ``person``, then sharing words of the role,
    then active nearest in time (``period``: a person's mean day, as an ordinal)."""
    mine, words, when = country_of(person), role_words(person.role), period.get(person.key)
    ranked = []
    for other in others:
        theirs, other_when = country_of(other), period.get(other.key)
        distance = abs(when - other_when) if when is not None and other_when is not None else float("inf")
        ranked.append((mine is None or theirs != mine, -len(words & role_words(other.role)), distance, other.key,
                       other))
    ranked.sort(key=lambda row: row[:4])
    return [row[4] for row in ranked]


def fair_for_event(event: Event, answer: Person, people: Iterable[Person], known: Iterable[str]) -> list[Person] | None:
    """The people who may be wrong answers to "Who took part in <event>?" (``answer`` being right); None
    when the event implies the answer's country: nobody of it may be a wrong answer, so the answer would be
    the one person of that country among the choices."""
    text = event_text(event)
    implied = countries_in(text, tuple(known))
    if among(country_of(answer), implied):
        return None
    listed = {r.key for r in event.people}
    fair = []
    for other in people:
        if other.key in listed or other.key == answer.key or other.name == answer.name or mentions(text, other):
            continue
        inside = among(country_of(other), implied)
        if inside or (inside is None and implied):
            continue
        fair.append(other)
    return fair


def fair_for_role(answer: Person, people: Iterable[Person], known: Iterable[str]) -> list[Person]:
    """The people who may be wrong answers to "Who is described like this? <role>": none who fits the role
    too (a role in all its words, or a colleague at one event described alike), none it names, and — when
    the role names the answer's country — only people of a country it names."""
    words, events = role_words(answer.role), {ref.key for ref in answer.events}
    named = countries_in(answer.role, tuple(known))
    mine = among(country_of(answer), named)
    fair = []
    for other in people:
        if other.key == answer.key or other.name == answer.name or _folded(other.role) == _folded(answer.role):
            continue
        other_words = role_words(other.role)
        colleague = bool(events & {ref.key for ref in other.events}) and len(words & other_words) >= 2
        if words <= other_words or colleague or mentions(answer.role, other):
            continue
        if named and mine is not False and not among(country_of(other), named):
            continue
        fair.append(other)
    return fair
