"""Finding people by name: exact aliases, forgiving folds, near misses and "did you mean" suggestions."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from facts.errors import BadInput, NotFound
from facts.text import fold

MAX_NAME = 100
FOUND_SCORE = 88  # a near miss at least this close is taken as the answer when no one else is as close
SUGGEST_SCORE = 60
CLEAR_LEAD = 6
SLIP_LENGTH = 5  # a name at least this long is still found with one letter wrong, missing or swapped


@dataclass(frozen=True, slots=True)
class NameHit:
    key: str
    name: str  # canonical name
    matched: str  # the name or alias that matched
    fuzzy: bool


class NameIndex:
    """All names and aliases of all people, in memory (a few per person), for lookups and autocomplete."""

    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        """``rows`` are (person key, canonical name, alias); the canonical name should appear as an alias."""
        self._names: dict[str, str] = {}
        self._by_fold: dict[str, list[tuple[str, str]]] = {}
        self._choices: list[str] = []
        self._owners: list[tuple[str, str]] = []
        for key, name, alias in rows:
            self._names[key] = name
            folded = fold(alias)
            self._by_fold.setdefault(folded, []).append((key, alias))
            self._choices.append(folded)
            self._owners.append((key, alias))
        # every word-start of every folded alias, sorted: a prefix is a bisect away, however many people
        self._word_starts = sorted(
            (choice[m.start():], index) for index, choice in enumerate(self._choices)
            for m in re.finditer(r"\b\w", choice))
        self._first = sorted(self._names.items(), key=lambda kv: kv[1])

    def __len__(self) -> int:
        return len(self._names)

    def lookup(self, query: str) -> NameHit:
        """The one person ``query`` names, or :class:`NotFound` with suggestions."""
        text = " ".join(query.split())
        if not text:
            raise BadInput("Give a name.", "Kim Il Sung")
        if len(text) > MAX_NAME:
            raise BadInput(f"That is {len(text):,} characters; a name is much shorter.", "Kim Il Sung")
        if text in self._names:  # a person key, as autocomplete sends it
            return NameHit(text, self._names[text], self._names[text], fuzzy=False)
        folded = fold(text)
        if not folded:
            raise BadInput("A name needs letters.", "Kim Il Sung")
        exact = self._by_fold.get(folded, [])
        keys = list(dict.fromkeys(k for k, _ in exact))
        if len(keys) == 1:
            return NameHit(keys[0], self._names[keys[0]], exact[0][1], fuzzy=False)
        if len(keys) > 1:
            raise NotFound(f"“{text}” could be several people.", tuple(self._names[k] for k in keys))
        ranked = self._ranked(folded, limit=10, cutoff=SUGGEST_SCORE)
        if ranked:
            (best_key, alias, score), rest = ranked[0], ranked[1:]
            runner_up = rest[0][2] if rest else 0
            close = score >= FOUND_SCORE or _one_slip(folded, fold(alias))
            if close and score - runner_up >= CLEAR_LEAD:
                return NameHit(best_key, self._names[best_key], alias, fuzzy=True)
        raise NotFound(f"No one called “{text}” is in the sources.",
                       tuple(self._names[k] for k, _, _ in ranked[:5]))

    def complete(self, prefix: str, limit: int = 25) -> list[NameHit]:
        """Autocomplete: names and aliases starting with (a word starting with) ``prefix``, then near misses.

        Runs per keystroke, so it stays fast at any size: prefixes by bisection over word starts, and
        the near misses by a plain edit ratio (not the weighted one :meth:`lookup` can afford).
        """
        folded = fold(prefix[:MAX_NAME])
        if not folded:
            return [NameHit(k, n, n, False) for k, n in self._first[:limit]]
        hits: dict[str, NameHit] = {}
        whole: set[str] = set()
        for i in range(bisect.bisect_left(self._word_starts, (folded, -1)), len(self._word_starts)):
            start, index = self._word_starts[i]
            if not start.startswith(folded) or len(hits) >= 4 * limit:
                break
            key, alias = self._owners[index]
            hits.setdefault(key, NameHit(key, self._names[key], alias, fuzzy=False))
            if self._choices[index].startswith(folded):
                whole.add(key)
        ordered = sorted(hits.values(), key=lambda h: (h.key not in whole, h.name))
        if len(ordered) < limit:
            found = process.extract(folded, self._choices, scorer=fuzz.ratio, limit=limit * 2, score_cutoff=50)
            for _, _, index in found:
                key, alias = self._owners[index]
                if key not in hits:
                    hits[key] = NameHit(key, self._names[key], alias, fuzzy=True)
                    ordered.append(hits[key])
        return ordered[:limit]

    def _ranked(self, folded: str, *, limit: int, cutoff: int) -> list[tuple[str, str, float]]:
        """Best-scoring people for ``folded``: (key, alias, score), one row per person, best first."""
        found = process.extract(folded, self._choices, scorer=fuzz.WRatio, limit=limit * 4,
                                score_cutoff=cutoff)
        out: dict[str, tuple[str, str, float]] = {}
        for _, score, index in found:
            key, alias = self._owners[index]
            if key not in out:
                out[key] = (key, alias, score)
        return sorted(out.values(), key=lambda r: -r[2])[:limit]


def _one_slip(typed: str, name: str) -> bool:
    """One letter wrong, missing, extra or swapped ("Achesen", "Trumen"): WRatio scores these below
    FOUND_SCORE for names of seven letters or fewer, yet they are the commonest typo."""
    return min(len(typed), len(name)) >= SLIP_LENGTH and DamerauLevenshtein.distance(typed, name) <= 1
