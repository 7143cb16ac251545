-- Reports: members say an answer is wrong; admins list and resolve them. Instants are unix seconds (UTC).
-- No foreign key to the fact tables: reseeding a pack replaces its rows, and a report must outlive the fact it
-- is about (the listing then says the fact is no longer in the packs). The fact's title and date are kept as
-- the member saw them.

CREATE TABLE reports (
    id           INTEGER PRIMARY KEY,
    guild_id     INTEGER,                      -- NULL: reported in a direct message
    member_id    INTEGER NOT NULL,
    fact_kind    TEXT NOT NULL CHECK (fact_kind IN ('event', 'person')),
    fact_key     TEXT NOT NULL,                -- e.g. 'korean_war/hiroshima_bomb'
    fact_title   TEXT NOT NULL,                -- as shown when reported
    fact_when    TEXT,                         -- the date label shown, for events
    question_key TEXT,                         -- a trivia question, e.g. 'when:korean_war/hiroshima_bomb'
    context      TEXT NOT NULL,                -- where it came from: '/when', '/date', 'trivia'…
    channel_id   INTEGER,
    message_id   INTEGER,                      -- the answer the Report button was on
    text         TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),
    created_utc  INTEGER NOT NULL,
    updated_utc  INTEGER NOT NULL,             -- a member reporting the same fact again updates the text
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    resolved_by  INTEGER,                      -- the admin; NULL when resolved from the command line
    resolved_utc INTEGER,
    resolution   TEXT CHECK (resolution IS NULL OR length(resolution) <= 1000),
    CHECK ((status = 'open') = (resolved_utc IS NULL))
);
-- /facts reports lists one server's reports by status; trivia asks for a server's open question reports.
CREATE INDEX reports_guild_status ON reports(guild_id, status, id);
-- One open report per member and fact (and question): reporting again updates it.
CREATE UNIQUE INDEX reports_open_once
    ON reports(coalesce(guild_id, 0), member_id, fact_key, coalesce(question_key, ''))
    WHERE status = 'open';

-- What a Report button points at when its custom id cannot hold it (several facts, or long keys): the facts
-- as shown, by a token derived from them, so the same answer always gets the same token and row.
CREATE TABLE report_subjects (
    token       TEXT PRIMARY KEY,
    context     TEXT NOT NULL,
    targets     TEXT NOT NULL,                 -- JSON: [[kind, key, title, when, question], …]
    created_utc INTEGER NOT NULL
) WITHOUT ROWID;
