-- Ranking by meaning: every (term, document) pair of a pack with its BM25F weight, replacing FTS5
-- (whose rows a question had to rank one by one). Terms are stems with synonyms folded (facts/search).
DROP TRIGGER search_docs_ad;
DROP TRIGGER search_docs_au;
DROP TABLE search_fts;

CREATE TABLE search_terms (
    term  TEXT NOT NULL,
    kind  TEXT NOT NULL,                      -- the document's kind: 'event', 'person' or 'sentence'
    pack  TEXT NOT NULL REFERENCES packs(id) ON DELETE CASCADE,
    doc   INTEGER NOT NULL,                   -- search_docs.id
    score REAL NOT NULL,
    PRIMARY KEY (term, kind, pack, doc)
) WITHOUT ROWID;

-- The words of each pack and their terms: what autocomplete completes and a misspelling is corrected to.
CREATE TABLE search_words (
    pack TEXT NOT NULL REFERENCES packs(id) ON DELETE CASCADE,
    word TEXT NOT NULL,
    term TEXT NOT NULL,
    docs INTEGER NOT NULL,                    -- how many documents of the pack use the word
    PRIMARY KEY (pack, word)
) WITHOUT ROWID;
