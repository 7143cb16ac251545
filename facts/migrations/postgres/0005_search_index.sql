-- Ranking by meaning: every (term, document) pair of a pack with its BM25F weight, replacing FTS5
-- (whose rows a question had to rank one by one). Terms are stems with synonyms folded (facts/search).
--
-- PostgreSQL: SQLite's twin first drops search_docs_ad, search_docs_au and search_fts, but 0001 here never
-- made them (no FTS5), so there is nothing to drop. INTEGER is BIGINT, REAL is DOUBLE PRECISION (both
-- 8-byte floats), WITHOUT ROWID is dropped.

CREATE TABLE search_terms (
    term  TEXT NOT NULL,
    kind  TEXT NOT NULL,                      -- the document's kind: 'event', 'person' or 'sentence'
    pack  TEXT NOT NULL REFERENCES packs(id) ON DELETE CASCADE,
    doc   BIGINT NOT NULL,                    -- search_docs.id
    score DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (term, kind, pack, doc)
);

-- The words of each pack and their terms: what autocomplete completes and a misspelling is corrected to.
CREATE TABLE search_words (
    pack TEXT NOT NULL REFERENCES packs(id) ON DELETE CASCADE,
    word TEXT NOT NULL,
    term TEXT NOT NULL,
    docs BIGINT NOT NULL,                     -- how many documents of the pack use the word
    PRIMARY KEY (pack, word)
);
