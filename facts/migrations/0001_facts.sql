-- The fact store: packs, their events and people, quotes, the document's sentences, and a full-text index.
-- Keys are "<pack>/<id>" so that several packs can use the same ids.

CREATE TABLE packs (
    id        TEXT PRIMARY KEY,
    title     TEXT NOT NULL,
    citation  TEXT NOT NULL,
    document  TEXT NOT NULL,
    digest    TEXT NOT NULL,
    loaded_at TEXT NOT NULL
);

CREATE TABLE events (
    key             TEXT PRIMARY KEY,
    pack            TEXT NOT NULL REFERENCES packs(id) ON DELETE CASCADE,
    title           TEXT NOT NULL,
    summary         TEXT NOT NULL,
    precision       TEXT NOT NULL,            -- a facts.dates.Precision, or 'after'
    start           TEXT,                     -- ISO day; NULL when only an order is known
    "end"           TEXT,
    after_key       TEXT REFERENCES events(key) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    sort_date       TEXT NOT NULL,            -- start, or the anchor's for an 'after' event
    sort_order      INTEGER NOT NULL,         -- position within the pack's chronology
    day_of_year     INTEGER,                  -- 1..366 (leap-year ordinal) for day-precise events
    end_day_of_year INTEGER,
    places          TEXT NOT NULL,            -- JSON arrays
    topics          TEXT NOT NULL,
    figures         TEXT NOT NULL
);
CREATE INDEX events_span ON events(start, "end");
CREATE INDEX events_sort ON events(sort_date, sort_order, key);
CREATE INDEX events_day ON events(day_of_year) WHERE day_of_year IS NOT NULL;
CREATE INDEX events_pack ON events(pack);

CREATE TABLE people (
    key     TEXT PRIMARY KEY,
    pack    TEXT NOT NULL REFERENCES packs(id) ON DELETE CASCADE,
    name    TEXT NOT NULL,
    role    TEXT NOT NULL,
    summary TEXT NOT NULL
);
CREATE INDEX people_pack ON people(pack);

CREATE TABLE aliases (
    person_key TEXT NOT NULL REFERENCES people(key) ON DELETE CASCADE,
    alias      TEXT NOT NULL,
    folded     TEXT NOT NULL,                 -- facts.names.fold(alias)
    PRIMARY KEY (person_key, alias)
);
CREATE INDEX aliases_folded ON aliases(folded);

CREATE TABLE event_people (
    event_key  TEXT NOT NULL REFERENCES events(key) ON DELETE CASCADE,
    person_key TEXT NOT NULL REFERENCES people(key) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    PRIMARY KEY (event_key, person_key)
);
CREATE INDEX event_people_person ON event_people(person_key);

CREATE TABLE quotes (
    owner_key TEXT NOT NULL,                  -- an event's or a person's key
    position  INTEGER NOT NULL,
    pack      TEXT NOT NULL REFERENCES packs(id) ON DELETE CASCADE,
    text      TEXT NOT NULL,
    paragraph INTEGER NOT NULL,
    PRIMARY KEY (owner_key, position)
);
CREATE INDEX quotes_pack ON quotes(pack);

CREATE TABLE sentences (
    pack      TEXT NOT NULL REFERENCES packs(id) ON DELETE CASCADE,
    n         INTEGER NOT NULL,
    paragraph INTEGER NOT NULL,
    text      TEXT NOT NULL,
    PRIMARY KEY (pack, n)
);

CREATE TABLE search_docs (
    id    INTEGER PRIMARY KEY,
    pack  TEXT NOT NULL REFERENCES packs(id) ON DELETE CASCADE,
    kind  TEXT NOT NULL,                      -- 'event', 'person' or 'sentence'
    ref   TEXT NOT NULL,                      -- event/person key, or "<pack>#<n>" for a sentence
    title TEXT NOT NULL,
    body  TEXT NOT NULL
);
CREATE INDEX search_docs_pack ON search_docs(pack);

CREATE VIRTUAL TABLE search_fts USING fts5(
    title, body, content='search_docs', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);

-- Seeding fills search_fts in bulk after inserting a pack's search_docs (three times faster than a
-- trigger per row); deletes and updates keep the index in step through these triggers.
CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
    INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;
CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN
    INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
END;
