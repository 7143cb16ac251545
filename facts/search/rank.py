"""Scoring a question against the index: what a student means, in their own words.

A question becomes *slots*, one per meaningful word (stop words and question words dropped), each looking
for its term and the term's kin at a lower weight (:mod:`facts.search.vocabulary`). A document's score is
the sum, over slots, of the best weight it has for the slot, times the share of the question it covers;
people and places the question names count double in that share, so "Kim" + "Beijing" finds the Beijing
visit, not the Moscow one. A word the index has never seen is corrected to the nearest word it has
("Hiroshma" → "Hiroshima"); the last word of an autocomplete is completed ("Beij" → "Beijing").
"""

from __future__ import annotations

import bisect
import heapq
import math
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from facts.db import Database
from facts.search.analyze import Token, related, term_of, tokens

ENTITY_WEIGHT = 2.0  # a person or place the question names counts this much more in its coverage
COVERAGE_POWER = 1.5
NEAR_BEST = 0.5  # "also matching": results scoring at least this share of the best
TYPO_SCORE = 80  # rapidfuzz ratio for taking a word the index knows instead of one it does not
TYPO_WEIGHT = 0.85
PREFIX_WEIGHT = 0.9
PREFIX_WORDS = 8  # completions of a half-typed word looked for, the most used first
MIN_PREFIX = 2
DOC_CACHE = 1024  # index documents kept in memory (their pack, title and text, for /search)


@dataclass(frozen=True, slots=True)
class Slot:
    """One meaningful word of a question: the terms it looks for (term → weight)."""

    word: str
    terms: dict[str, float]
    entity: bool = False


@dataclass(frozen=True, slots=True)
class Hit:
    doc: int
    kind: str
    ref: str
    score: float
    matched: frozenset[str]  # the terms of the question it matched (for highlighting)


@dataclass(frozen=True, slots=True)
class DocInfo:
    """An index document as shown: its pack, and its title and text (for snippets)."""

    pack: str
    title: str
    body: str


@dataclass(frozen=True, slots=True)
class Ranking:
    hits: tuple[Hit, ...]  # best first
    total: int  # documents matching at least one slot
    terms: frozenset[str]  # every term the question looked for


class Vocabulary:
    """One pack's words (for completion and typos) and the names of its people and places (to tell entities
    in a question). A question is read against the vocabularies of the packs it may see."""

    def __init__(self) -> None:
        self.words: list[str] = []
        self.word_terms: list[str] = []
        self.word_docs: list[int] = []
        self.known: frozenset[str] = frozenset()
        self.entities: dict[str, list[tuple[str, ...]]] = {}
        self.pack = ""
        self.scale = 1.0  # makes the pack's scores comparable with other packs' (see :meth:`load`)

    @classmethod
    async def load(cls, db: Database, pack: str, names: Iterable[str], places: Iterable[str]) -> Vocabulary:
        """The vocabulary of ``pack``, and its scale: a term's BM25 weight grows with the number of documents
        of its pack (the idf of a word found once in 38 events is 3.3; in 2 events, 0.7), so a server asking
        its small upload and the shipped pack at once would always hear the larger pack. Dividing by the
        largest idf the pack's events allow puts every pack on one scale, and leaves each pack's own order
        as it was."""
        vocabulary = cls()
        vocabulary.pack = pack
        row = await db.fetchone("SELECT count(*) FROM search_docs WHERE pack = ? AND kind = 'event'", (pack,))
        events = int(row[0]) if row else 0
        vocabulary.scale = 1 / math.log(1 + (events - 0.5) / 1.5) if events >= 1 else 1.0
        rows = await db.fetchall("SELECT word, term, docs FROM search_words WHERE pack = ? ORDER BY word", (pack,))
        vocabulary.words = [r["word"] for r in rows]
        vocabulary.word_terms = [r["term"] for r in rows]
        vocabulary.word_docs = [int(r["docs"]) for r in rows]
        vocabulary.known = frozenset(vocabulary.word_terms)
        entities: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for name in {*names, *places}:
            found = tuple(t.term for t in tokens(name) if t.term is not None)
            if found and found not in entities[found[0]]:
                entities[found[0]].append(found)
        vocabulary.entities = dict(entities)
        return vocabulary

    def completions(self, word: str) -> list[tuple[int, str]]:
        """(documents using it, term) of the words starting with ``word``, the most used first."""
        start = bisect.bisect_left(self.words, word)
        end = bisect.bisect_left(self.words, word + "\uffff", lo=start)
        ranked = sorted(range(start, end), key=lambda i: -self.word_docs[i])[:PREFIX_WORDS]
        return [(self.word_docs[i], self.word_terms[i]) for i in ranked]

    def nearest(self, word: str) -> tuple[float, str] | None:
        """(similarity, term) of the known word nearest to ``word``."""
        if not self.words:
            return None
        found = process.extractOne(word, self.words, scorer=fuzz.ratio, score_cutoff=TYPO_SCORE)
        return (found[1], self.word_terms[found[2]]) if found else None


class Ranker:
    """Search over some packs: a question read against their vocabularies, scored over their index rows
    only (``packs``; None: every pack). Cheap to make: it holds references to the packs' vocabularies."""

    def __init__(self, vocabularies: Sequence[Vocabulary] = (), packs: frozenset[str] | None = None) -> None:
        self._vocabularies = tuple(vocabularies)
        self._packs = packs
        self._scales = {v.pack: v.scale for v in self._vocabularies} if len(self._vocabularies) > 1 else {}
        self._known = (self._vocabularies[0].known if len(self._vocabularies) == 1
                       else frozenset().union(*(v.known for v in self._vocabularies)))

    @classmethod
    async def of_all(cls, db: Database, names: Iterable[str], places: Iterable[str]) -> Ranker:
        """A ranker over every pack stored (tests and tools; the store keeps one vocabulary per pack)."""
        names, places = list(names), list(places)
        packs = [r["id"] for r in await db.fetchall("SELECT id FROM packs ORDER BY id")]
        return cls([await Vocabulary.load(db, p, names, places) for p in packs])

    # -- reading a question -----------------------------------------------------------------------

    def slots(self, text: str, *, prefix: bool = False) -> list[Slot]:
        """The slots of ``text``; with ``prefix``, its last word may be half typed."""
        found = tokens(text)
        # Half typed only if the text ends with it: after a space (or a full stop) the word is finished.
        partial = found[-1] if prefix and found and found[-1].end == len(text) else None
        slots: list[Slot] = []
        for token in found:
            if token is partial:
                completed = self._completions(token.word)
                if completed:
                    slots.append(Slot(token.word, completed))
                    continue
            if token.term is None:
                continue
            if token.term not in self._known:
                corrected = self._corrected(token.word)
                if corrected is not None:
                    slots.append(Slot(token.word, {corrected: TYPO_WEIGHT, token.term: 1.0}))
                    continue
            if any(s.terms.get(token.term) == 1.0 for s in slots):
                continue  # the same term twice counts once
            slots.append(Slot(token.word, related(token.term)))
        return self._mark_entities(slots)

    def _completions(self, word: str) -> dict[str, float]:
        if len(word) < MIN_PREFIX:
            return {}
        used: dict[str, int] = {}
        for vocabulary in self._vocabularies:
            for docs, term in vocabulary.completions(word):
                used[term] = used.get(term, 0) + docs
        out = dict.fromkeys(sorted(used, key=lambda t: -used[t])[:PREFIX_WORDS], PREFIX_WEIGHT)
        exact = term_of(word)
        if exact is not None and exact in self._known:
            out[exact] = 1.0
        return out

    def _corrected(self, word: str) -> str | None:
        """The term of the known word nearest to an unknown ``word`` ("hiroshma" → "hiroshima")."""
        if len(word) < 4 or not word.isalpha():
            return None
        found = [hit for v in self._vocabularies if (hit := v.nearest(word)) is not None]
        return max(found, key=lambda hit: hit[0])[1] if found else None

    def _mark_entities(self, slots: list[Slot]) -> list[Slot]:
        main = [next(iter(s.terms)) for s in slots]
        marked = [False] * len(slots)
        for i, term in enumerate(main):
            for vocabulary in self._vocabularies:
                for entity in vocabulary.entities.get(term, ()):
                    if tuple(main[i:i + len(entity)]) == entity:
                        for j in range(i, i + len(entity)):
                            marked[j] = True
        return [Slot(s.word, s.terms, True) if m else s for s, m in zip(slots, marked, strict=True)]

    # -- scoring --------------------------------------------------------------------------------

    async def rank(self, db: Database, slots: Sequence[Slot], kinds: Sequence[str], limit: int) -> Ranking:
        """The best ``limit`` documents of ``kinds`` for ``slots``."""
        wanted: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for n, slot in enumerate(slots):
            for term, weight in slot.terms.items():
                wanted[term].append((n, weight))
        if not wanted:
            return Ranking((), 0, frozenset())
        term_marks, kind_marks = ",".join("?" * len(wanted)), ",".join("?" * len(kinds))
        packs = sorted(self._packs) if self._packs is not None else []
        of_packs = f" AND t.pack IN ({','.join('?' * len(packs))})" if self._packs is not None else ""
        # The documents' refs come in the same read: one more trip to the database thread costs more (on a
        # busy machine, several times more) than looking up a few hundred rows by primary key. The pack is
        # part of the key (term, kind, pack): a server's question reads only its own packs' rows.
        found = await db.fetchall(f"SELECT t.term, t.doc, t.score, d.kind || ' ' || d.ref, t.pack "
                                  f"FROM search_terms t JOIN search_docs d ON d.id = t.doc WHERE t.term IN "
                                  f"({term_marks}) AND t.kind IN ({kind_marks}){of_packs}", [*wanted, *kinds, *packs])
        scales = self._scales
        rows = ([(term, doc, score * scales.get(pack, 1.0), ref) for term, doc, score, ref, pack in found] if scales
                else [(term, doc, score, ref) for term, doc, score, ref, _ in found])
        count = len(slots)
        # A kin term counts at most as much as the slot's own term does anywhere: a rare kin word (high idf)
        # must not outweigh the word the student actually used. (Plain comparisons, not max(): this loop
        # runs once per row, and a common word brings many rows.)
        own_best = [0.0] * count
        for term, _, score, _ in rows:
            for n, weight in wanted[term]:
                if weight == 1.0 and score > own_best[n]:
                    own_best[n] = score
        best: dict[int, list[float]] = {}
        strength: dict[int, list[float]] = {}  # how closely each slot is matched: 1.0 its own term, less for kin
        importance = [0.0] * count
        refs: dict[int, str] = {}
        for term, doc, score, ref in rows:
            per_slot = best.get(doc)
            if per_slot is None:
                per_slot = best[doc] = [0.0] * count
                strength[doc] = [0.0] * count
                refs[doc] = ref  # "<kind> <ref>"
            closeness = strength[doc]
            for n, weight in wanted[term]:
                value = weight * (min(score, own_best[n]) if weight < 1.0 and own_best[n] else score)
                if value > per_slot[n]:
                    per_slot[n] = value
                if weight > closeness[n]:
                    closeness[n] = weight
                if value > importance[n]:
                    importance[n] = value
        fallback = max(importance, default=0.0) or 1.0
        importance = [(w or fallback) * (ENTITY_WEIGHT if s.entity else 1.0)
                      for w, s in zip(importance, slots, strict=True)]
        whole = sum(importance)
        scored = []
        for doc, per_slot in best.items():
            covered = sum(w * c for w, c in zip(importance, strength[doc], strict=True)) / whole
            scored.append((-sum(per_slot) * covered ** COVERAGE_POWER, doc))
        top = heapq.nsmallest(limit, scored)
        matched: dict[int, set[str]] = {doc: set() for _, doc in top}
        for term, doc, _, _ in rows:
            if doc in matched:
                matched[doc].add(term)
        hits = []
        for score, doc in top:
            kind, _, ref = refs[doc].partition(" ")
            hits.append(Hit(doc, kind, ref, round(-score, 4), frozenset(matched[doc])))
        return Ranking(tuple(hits), len(scored), frozenset(wanted))


class DocCache:
    """Index documents as shown (their pack, title and text, for /search snippets), a bounded LRU kept until
    the next seeding."""

    def __init__(self) -> None:
        self._docs: OrderedDict[int, DocInfo] = OrderedDict()

    def clear(self) -> None:
        self._docs.clear()

    async def docs(self, db: Database, ids: Sequence[int]) -> dict[int, DocInfo]:
        """The packs, titles and texts of index documents ``ids``."""
        missing = [i for i in ids if i not in self._docs]
        if missing:
            marks = ",".join("?" * len(missing))
            for row in await db.fetchall(f"SELECT id, pack, title, body FROM search_docs "
                                         f"WHERE id IN ({marks})", missing):
                self._docs[row[0]] = DocInfo(*row[1:])
                if len(self._docs) > DOC_CACHE:
                    self._docs.popitem(last=False)
        found = {}
        for i in ids:
            info = self._docs.get(i)
            if info is not None:
                self._docs.move_to_end(i)
                found[i] = info
        return found


def near_best(hits: Sequence[Hit], *, share: float = NEAR_BEST) -> list[Hit]:
    """The hits after the first that score at least ``share`` of it: what "also matching" may list."""
    if not hits:
        return []
    return [h for h in hits[1:] if h.score >= share * hits[0].score]


@lru_cache(maxsize=1024)
def _tokens_of(text: str) -> tuple[Token, ...]:
    """A document's words, kept: the same documents are shown again and again."""
    return tuple(tokens(text))


@lru_cache(maxsize=2048)
def snippet(text: str, terms: frozenset[str], start_mark: str, end_mark: str, *, words: int = 24) -> str:
    """About ``words`` words of ``text`` around the most matched words, those whose term is in ``terms``
    marked with ``start_mark`` … ``end_mark``; "…" where the text goes on."""
    found = _tokens_of(text)
    if not found:
        return text[:200]
    hits = [i for i, t in enumerate(found) if t.term is not None and t.term in terms]
    first = 0
    if hits and len(found) > words:
        def distinct(h: int) -> int:
            return len({found[j].term for j in hits if h <= j < h + words - 3})
        first = max(0, max(hits, key=lambda h: (distinct(h), -h)) - 3)
        first = min(first, len(found) - words)
    last = min(len(found), first + words) - 1
    out, cursor = [], found[first].start
    for t in found[first:last + 1]:
        out.append(text[cursor:t.start])
        piece = text[t.start:t.end]
        out.append(f"{start_mark}{piece}{end_mark}" if t.term is not None and t.term in terms else piece)
        cursor = t.end
    if last < len(found) - 1:
        out.append("…")
    else:
        out.append(text[cursor:].rstrip())
    return ("…" if first > 0 else "") + "".join(out)
