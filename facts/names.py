"""Finding people by name: exact aliases, forgiving folds, near misses and "did you mean" suggestions."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
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


class _Lookup:
    """Finding people by name over some names: :class:`NameIndex` (one pack's) or :class:`Names` (several)."""

    def _name(self, key: str) -> str | None:
        raise NotImplementedError

    def _exact(self, folded: str) -> list[tuple[str, str]]:
        raise NotImplementedError

    def _ranked(self, folded: str, *, limit: int, cutoff: int) -> list[tuple[str, str, float]]:
        raise NotImplementedError

    def _starting(self, folded: str, limit: int) -> list[tuple[NameHit, bool]]:
        raise NotImplementedError

    def _near(self, folded: str, limit: int) -> list[NameHit]:
        raise NotImplementedError

    def _first(self, limit: int) -> list[NameHit]:
        raise NotImplementedError

    def lookup(self, query: str) -> NameHit:
        """The one person ``query`` names, or :class:`NotFound` with suggestions."""
        text = " ".join(query.split())
        if not text:
            raise BadInput("Give a name.", "Kim Il Sung")
        if len(text) > MAX_NAME:
            raise BadInput(f"That is {len(text):,} characters; a name is much shorter.", "Kim Il Sung")
        own = self._name(text)
        if own is not None:  # a person key, as autocomplete sends it
            return NameHit(text, own, own, fuzzy=False)
        folded = fold(text)
        if not folded:
            raise BadInput("A name needs letters.", "Kim Il Sung")
        exact = self._exact(folded)
        keys = list(dict.fromkeys(k for k, _ in exact))
        if len(keys) == 1:
            return NameHit(keys[0], self._name(keys[0]) or keys[0], exact[0][1], fuzzy=False)
        if len(keys) > 1:
            raise NotFound(f"“{text}” could be several people.", tuple(self._name(k) or k for k in keys))
        ranked = self._ranked(folded, limit=10, cutoff=SUGGEST_SCORE)
        if ranked:
            (best_key, alias, score), rest = ranked[0], ranked[1:]
            runner_up = rest[0][2] if rest else 0
            close = score >= FOUND_SCORE or _one_slip(folded, fold(alias))
            if close and score - runner_up >= CLEAR_LEAD:
                return NameHit(best_key, self._name(best_key) or best_key, alias, fuzzy=True)
        raise NotFound(f"No one called “{text}” is in the sources.",
                       tuple(self._name(k) or k for k, _, _ in ranked[:5]))

    def complete(self, prefix: str, limit: int = 25) -> list[NameHit]:
        """Autocomplete: names and aliases starting with (a word starting with) ``prefix``, then near misses.

        Runs per keystroke, so it stays fast at any size: prefixes by bisection over word starts, and
        the near misses by a plain edit ratio (not the weighted one :meth:`lookup` can afford).
        """
        folded = fold(prefix[:MAX_NAME])
        if not folded:
            return self._first(limit)
        found = self._starting(folded, 4 * limit)
        ordered = [hit for hit, _ in sorted(found, key=lambda f: (not f[1], f[0].name))]
        if len(ordered) < limit:
            seen = {h.key for h in ordered}
            for hit in self._near(folded, limit * 2):
                if hit.key not in seen:
                    seen.add(hit.key)
                    ordered.append(hit)
        return ordered[:limit]


class NameIndex(_Lookup):
    """The names and aliases of one pack's people, in memory (a few per person), for lookups and autocomplete."""

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
        self._by_name = sorted(self._names.items(), key=lambda kv: kv[1])

    def __len__(self) -> int:
        return len(self._names)

    def _name(self, key: str) -> str | None:
        return self._names.get(key)

    def _exact(self, folded: str) -> list[tuple[str, str]]:
        return self._by_fold.get(folded, [])

    def _first(self, limit: int) -> list[NameHit]:
        return [NameHit(k, n, n, False) for k, n in self._by_name[:limit]]

    def _starting(self, folded: str, limit: int) -> list[tuple[NameHit, bool]]:
        """People with a name or alias having a word that starts with ``folded``; True when the whole
        name starts with it."""
        hits: dict[str, NameHit] = {}
        whole: set[str] = set()
        for i in range(bisect.bisect_left(self._word_starts, (folded, -1)), len(self._word_starts)):
            start, index = self._word_starts[i]
            if not start.startswith(folded) or len(hits) >= limit:
                break
            key, alias = self._owners[index]
            hits.setdefault(key, NameHit(key, self._names[key], alias, fuzzy=False))
            if self._choices[index].startswith(folded):
                whole.add(key)
        return [(hit, hit.key in whole) for hit in hits.values()]

    def _near(self, folded: str, limit: int) -> list[NameHit]:
        return [hit for _, hit in self._scored_near(folded, limit)]

    def _scored_near(self, folded: str, limit: int) -> list[tuple[float, NameHit]]:
        """Near misses by a plain edit ratio, with their scores."""
        found = process.extract(folded, self._choices, scorer=fuzz.ratio, limit=limit, score_cutoff=50)
        out = []
        for _, score, index in found:
            key, alias = self._owners[index]
            out.append((score, NameHit(key, self._names[key], alias, fuzzy=True)))
        return out

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


class Names(_Lookup):
    """Several packs' names seen together (the packs a server has enabled): each pack keeps its own index,
    so a server's view costs nothing to make and nothing to keep."""

    def __init__(self, parts: Sequence[NameIndex]) -> None:
        self._parts = tuple(parts)

    def __len__(self) -> int:
        return sum(len(p) for p in self._parts)

    def _name(self, key: str) -> str | None:
        for part in self._parts:
            found = part._name(key)
            if found is not None:
                return found
        return None

    def _exact(self, folded: str) -> list[tuple[str, str]]:
        return [hit for part in self._parts for hit in part._exact(folded)]

    def _first(self, limit: int) -> list[NameHit]:
        return sorted((h for p in self._parts for h in p._first(limit)), key=lambda h: h.name)[:limit]

    def _starting(self, folded: str, limit: int) -> list[tuple[NameHit, bool]]:
        return [found for part in self._parts for found in part._starting(folded, limit)]

    def _near(self, folded: str, limit: int) -> list[NameHit]:
        scored = sorted((s for p in self._parts for s in p._scored_near(folded, limit)), key=lambda s: -s[0])
        return [hit for _, hit in scored]

    def _ranked(self, folded: str, *, limit: int, cutoff: int) -> list[tuple[str, str, float]]:
        found = [r for part in self._parts for r in part._ranked(folded, limit=limit, cutoff=cutoff)]
        return sorted(found, key=lambda r: -r[2])[:limit]


def _one_slip(typed: str, name: str) -> bool:
    """One letter wrong, missing, extra or swapped ("Achesen", "Trumen"): WRatio scores these below
    FOUND_SCORE for names of seven letters or fewer, yet they are the commonest typo."""
    return min(len(typed), len(name)) >= SLIP_LENGTH and DamerauLevenshtein.distance(typed, name) <= 1
