"""The search index a pack gets at seeding: for every term, the documents it scores in, best first.

A document is an event, a person or a sentence of the document, read as fields (title, people, places,
terms, topics, summary, quotes) of different weight. Each (term, document) pair gets its BM25F weight
within its pack and kind, so a question is scored by adding up a few stored numbers: no full-text engine
has to rank thousands of rows per keystroke. Only the ``TOP`` best documents of a term are kept, which
bounds the work of a question by its number of words, whatever the size of the pack; a term found in
fewer documents (nearly every term that tells documents apart) keeps them all.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from facts.search.analyze import terms, tokens

FIELDS = ("title", "people", "places", "terms", "topics", "summary", "quotes")
WEIGHTS = {"title": 3.0, "people": 2.5, "places": 2.0, "terms": 2.5, "topics": 0.6, "summary": 1.5, "quotes": 1.0}
LENGTH_NORM = {"title": 0.3, "people": 0.2, "places": 0.2, "terms": 0.3, "topics": 0.2, "summary": 0.75,
               "quotes": 0.75}
K1 = 1.2
TOP = 200  # documents kept per (kind, term): a question reads at most this many rows per term


@dataclass(frozen=True, slots=True)
class Doc:
    """One document to index: ``fields`` are texts by field name; ``title`` and ``body`` are shown."""

    kind: str  # "event", "person" or "sentence"
    ref: str
    title: str
    body: str
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Posting:
    doc: int  # the document's position in the list given to :func:`postings`
    term: str
    score: float


def postings(docs: Sequence[Doc]) -> list[Posting]:
    """BM25F weights of every (term, document) pair, per kind, keeping each term's ``TOP`` documents."""
    out: list[Posting] = []
    by_kind: dict[str, list[int]] = defaultdict(list)
    for i, doc in enumerate(docs):
        by_kind[doc.kind].append(i)
    for indices in by_kind.values():
        out.extend(_kind_postings(docs, indices))
    return out


def _kind_postings(docs: Sequence[Doc], indices: list[int]) -> list[Posting]:
    counts: dict[int, dict[str, Counter[str]]] = {}
    lengths: dict[str, float] = dict.fromkeys(FIELDS, 0.0)
    df: Counter[str] = Counter()
    for i in indices:
        per_field = {name: Counter(terms(docs[i].fields.get(name, ""))) for name in FIELDS}
        counts[i] = per_field
        for name, counter in per_field.items():
            lengths[name] += sum(counter.values())
        df.update({t for counter in per_field.values() for t in counter})
    n = len(indices)
    average = {name: (total / n if n else 0.0) or 1.0 for name, total in lengths.items()}
    best: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for i, per_field in counts.items():
        weighted: dict[str, float] = defaultdict(float)
        for name, counter in per_field.items():
            if not counter:
                continue
            b = LENGTH_NORM[name]
            norm = 1 - b + b * sum(counter.values()) / average[name]
            for term, tf in counter.items():
                weighted[term] += WEIGHTS[name] * tf / norm
        for term, weight in weighted.items():
            idf = math.log(1 + (n - df[term] + 0.5) / (df[term] + 0.5))
            best[term].append((idf * weight * (K1 + 1) / (weight + K1), i))
    out: list[Posting] = []
    for term, scored in best.items():
        kept = sorted(scored, key=lambda pair: (-pair[0], pair[1]))[:TOP] if len(scored) > TOP else scored
        out.extend(Posting(i, term, round(score, 4)) for score, i in kept)
    return out


def vocabulary(docs: Iterable[Doc]) -> list[tuple[str, str, int]]:
    """(word, term, documents) for every word of ``docs`` that is not a number or a stop word: what
    autocomplete completes a half-typed word to, and what a misspelt word is corrected to."""
    seen: dict[str, tuple[str, set[int]]] = {}
    for i, doc in enumerate(docs):
        for name in ("title", "people", "places", "terms", "summary", "quotes"):
            for token in tokens(doc.fields.get(name, "")):
                if token.term is None or token.word.isdigit() or len(token.word) < 3 or " " in token.word:
                    continue
                entry = seen.setdefault(token.word, (token.term, set()))
                entry[1].add(i)
    return sorted((word, term, len(where)) for word, (term, where) in seen.items())
