"""Words to terms: how both the index and a question are read.

A term is a word folded (case, accents, possessive 's), stemmed (Snowball English), with irregular forms,
derivations and synonyms folded (:mod:`facts.search.vocabulary`), so "invasion", "invaded" and "invade"
are one term, and "U.S.", "American" and "United States" another. Stop words are dropped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from facts.search.vocabulary import IRREGULAR, NUMBERS, PHRASES, RELATED, SAME, STOPWORDS

_STEMMER = snowballstemmer.stemmer("english")
_TO_TERM = {form: term for term, forms in SAME.items() for form in forms}
_WORD = re.compile(r"\b[Uu]\.\s?[Ss]\.(?:\s?[Aa]\.)?|\w+(?:['’]\w+)*")
_DOUBLED = re.compile(r"([b-df-hj-np-tv-z])\1$")
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$")


@dataclass(frozen=True, slots=True)
class Token:
    """A word of a text: where it is (``start``..``end`` in the original) and the term it is read as
    (None for a stop word)."""

    start: int
    end: int
    word: str
    term: str | None


@lru_cache(maxsize=200_000)
def fold_word(word: str) -> str:
    """Lower case without accents or a possessive 's: "Chiang's" → "chiang", "Mao’s" → "mao"."""
    if word.isascii():
        text = word.lower()
    else:
        text = unicodedata.normalize("NFKD", word)
        text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    if text.endswith(("'s", "’s")):
        text = text[:-2]
    return text.replace("'", "").replace("’", "") if "'" in text or "’" in text else text


@lru_cache(maxsize=200_000)
def term_of(word: str) -> str | None:
    """The term of a folded word, or None for a stop word."""
    if not word or word in STOPWORDS:
        return None
    if word.isdigit() or _ORDINAL.match(word):
        return word
    if word in NUMBERS:
        return NUMBERS[word]
    if not word.isascii():  # another script: keep the word itself (Snowball is for English)
        return word
    if word in _TO_TERM:
        return _TO_TERM[word]
    stem = _STEMMER.stemWord(IRREGULAR.get(word, word))
    stem = _DOUBLED.sub(r"\1", stem)
    return _TO_TERM.get(stem, stem)


@lru_cache(maxsize=200_000)
def _read(raw: str) -> tuple[str, str | None]:
    """A word as written → (folded word, term); the word pattern lets a "." only into "U.S."."""
    word = "usa" if "." in raw else fold_word(raw)
    return word, term_of(word)


_PHRASE_STARTS = frozenset(first for first, _ in PHRASES)


def _joined(read: list[tuple[str, str | None]]) -> list[tuple[int, int, str, str | None]]:
    """(first, last, word, term) over ``read``, two words that make a phrase ("pull back") as one."""
    out: list[tuple[int, int, str, str | None]] = []
    i, count = 0, len(read)
    while i < count:
        word, term = read[i]
        if word in _PHRASE_STARTS and i + 1 < count and (word, read[i + 1][0]) in PHRASES:
            second = read[i + 1][0]
            out.append((i, i + 1, f"{word} {second}", PHRASES[word, second]))
            i += 2
            continue
        out.append((i, i, word, term))
        i += 1
    return out


def tokens(text: str) -> list[Token]:
    """Every word of ``text`` with its place and term; two-word phrases ("pull back") become one token."""
    matches = list(_WORD.finditer(text))
    read = [_read(m.group(0)) for m in matches]
    return [Token(matches[first].start(), matches[last].end(), word, term)
            for first, last, word, term in _joined(read)]


def words_and_terms(text: str) -> list[tuple[str, str]]:
    """(word, term) for every meaningful word of ``text``: :func:`tokens` without the offsets, for building
    the index fast."""
    return [(word, term) for _, _, word, term in _joined([_read(raw) for raw in _WORD.findall(text)])
            if term is not None]


def terms(text: str) -> list[str]:
    """The terms of ``text`` in order, stop words left out (what the index stores)."""
    return [term for _, term in words_and_terms(text)]


def related(term: str) -> dict[str, float]:
    """The terms a question's ``term`` also looks for, with their weights (the term itself is 1.0)."""
    return {term: 1.0, **{k: w for k, w in RELATED.get(term, {}).items() if k != term}}
