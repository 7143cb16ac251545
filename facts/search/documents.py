"""A pack read as search documents: its events, its people and the sentences of its document."""

from __future__ import annotations

from collections.abc import Sequence

from facts.pack import Pack
from facts.search.index import Doc


def _unique_words(names: Sequence[str]) -> str:
    """Names and aliases as one text with each word once ("Kim Il Sung", "Kim" → "Kim Il Sung"), so a
    person with many aliases does not outweigh one with a single name."""
    return " ".join(dict.fromkeys(w for name in names for w in name.replace("-", " ").split()))


def pack_documents(pack: Pack, sentences: Sequence[str]) -> list[Doc]:
    """Every event, person and sentence of ``pack`` as a :class:`Doc` (``sentences`` in document order)."""
    people = {p.id: p for p in pack.people}
    docs = []
    for e in pack.events:
        names = [n for pid in e.people for n in (people[pid].name, *people[pid].aliases)]
        quotes = " ".join(q.text for q in e.quotes)
        docs.append(Doc("event", pack.key(e.id), e.title, f"{e.summary} {quotes}", {
            "title": e.title, "people": _unique_words(names), "places": " ".join(e.places),
            "terms": " ".join(e.terms), "topics": " ".join(e.topics), "summary": e.summary, "quotes": quotes,
        }))
    for p in pack.people:
        quotes = " ".join(q.text for q in p.quotes)
        docs.append(Doc("person", pack.key(p.id), p.name, f"{p.role}. {p.summary} {quotes}", {
            "title": p.name, "people": _unique_words(p.aliases), "places": p.country or "",
            "summary": f"{p.role}. {p.summary}", "quotes": quotes,
        }))
    for n, text in enumerate(sentences, start=1):
        docs.append(Doc("sentence", f"{pack.id}#{n}", "", text, {"quotes": text}))
    return docs
