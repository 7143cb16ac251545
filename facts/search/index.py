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
from collections.abc import Sequence
from dataclasses import dataclass, field

from facts.search.analyze import words_and_terms

FIELDS = ("title", "people", "places", "terms", "topics", "summary", "quotes")
WEIGHTS = {"title": 3.0, "people": 2.5, "places": 2.0, "terms": 2.5, "topics": 0.6, "summary": 1.5, "quotes": 1.0}
LENGTH_NORM = {"title": 0.3, "people": 0.2, "places": 0.2, "terms": 0.3, "topics": 0.2, "summary": 0.75,
               "quotes": 0.75}
K1 = 1.2
TOP = 64  # documents kept per (kind, term): a question reads at most this many rows per term


@dataclass(frozen=True, slots=True)
class Doc:
    """One document to index: ``fields`` are texts by field name; ``title`` and ``body`` are shown."""

    kind: str  # "event", "person" or "sentence"
    ref: str
    title: str
    body: str
    fields: dict[str, str] = field(default_factory=dict)


Posting = tuple[int, str, float]  # (the document's position in the list given, term, score): millions of them


def build(docs: Sequence[Doc]) -> tuple[list[Posting], list[tuple[str, str, int]]]:
    """In one reading of the documents: the BM25F weight of every (term, document) pair, per kind, each term's
    ``TOP`` documents kept; and (word, term, documents) for every word that is not a number or a stop word,
    what autocomplete completes a half-typed word to and a misspelt word is corrected to."""
    out: list[Posting] = []
    word_terms: dict[str, str] = {}
    word_docs: Counter[str] = Counter()
    by_kind: dict[str, list[int]] = defaultdict(list)
    for i, doc in enumerate(docs):
        by_kind[doc.kind].append(i)
    for indices in by_kind.values():
        out.extend(_kind_postings(docs, indices, word_terms, word_docs))
    vocab = sorted((word, term, word_docs[word]) for word, term in word_terms.items()
                   if len(word) >= 3 and not word.isdigit() and " " not in word)
    return out, vocab


def _kind_postings(docs: Sequence[Doc], indices: list[int], word_terms: dict[str, str],
                   word_docs: Counter[str]) -> list[Posting]:
    counts: list[tuple[int, list[tuple[str, dict[str, int], int]]]] = []
    lengths = dict.fromkeys(FIELDS, 0)
    df: Counter[str] = Counter()
    for i in indices:
        fields = docs[i].fields
        per_field = []
        seen_terms: set[str] = set()
        seen_words: set[str] = set()
        for name in FIELDS:
            text = fields.get(name)
            if not text:
                continue
            pairs = words_and_terms(text)
            tf: dict[str, int] = {}
            for word, term in pairs:
                tf[term] = tf.get(term, 0) + 1
                if name != "topics":
                    seen_words.add(word)
                    word_terms[word] = term
            per_field.append((name, tf, len(pairs)))
            lengths[name] += len(pairs)
            seen_terms.update(tf)
        counts.append((i, per_field))
        df.update(seen_terms)
        word_docs.update(seen_words)
    n = len(indices)
    average = {name: (total / n if n else 0.0) or 1.0 for name, total in lengths.items()}
    idf = {term: math.log(1 + (n - d + 0.5) / (d + 0.5)) for term, d in df.items()}
    best: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for i, per_field in counts:
        weighted: dict[str, float] = {}
        for name, tf, length in per_field:
            b = LENGTH_NORM[name]
            scale = WEIGHTS[name] / (1 - b + b * length / average[name])
            for term, count in tf.items():
                weighted[term] = weighted.get(term, 0.0) + scale * count
        for term, weight in weighted.items():
            best[term].append((idf[term] * weight * (K1 + 1) / (weight + K1), i))
    out: list[Posting] = []
    for term, scored in best.items():
        kept = sorted(scored, key=lambda pair: (-pair[0], pair[1]))[:TOP] if len(scored) > TOP else scored
        out.extend([(i, term, round(score, 4)) for score, i in kept])
    return out
