-- Daily "on this day" posts: one schedule per server, and which events each server was shown.
-- Instants are unix seconds (UTC), local dates are ISO days in the schedule's own time zone.
--
-- PostgreSQL: INTEGER is BIGINT (Discord ids reach 2^63 - 1). guild_id is a plain BIGINT PRIMARY KEY, not
-- an identity: the code always gives the server's id (SQLite's INTEGER PRIMARY KEY would pick a rowid for
-- a NULL one, PostgreSQL refuses the NULL). WITHOUT ROWID is SQLite's storage choice and is dropped.

CREATE TABLE daily_schedules (
    guild_id         BIGINT PRIMARY KEY,
    channel_id       BIGINT NOT NULL,
    post_time        TEXT NOT NULL,             -- local wall-clock time, "HH:MM" (24 h)
    timezone         TEXT NOT NULL,             -- IANA name, e.g. "Asia/Seoul"
    status           TEXT NOT NULL DEFAULT 'active'
                     CHECK (status IN ('active', 'retrying', 'failing', 'off')),
    problem          TEXT,                      -- why the last attempt failed, in words, NULL when fine
    attempts         BIGINT NOT NULL DEFAULT 0, -- transient failures so far for due_local_date
    next_due_utc     BIGINT,                    -- when to post (or retry) next, NULL while off or failing
    due_local_date   TEXT,                      -- the local day that next post is for
    last_posted_date TEXT,                      -- the local day of the last post: never posted twice
    last_posted_utc  BIGINT,
    last_message_id  BIGINT,
    created_utc      BIGINT NOT NULL,
    updated_utc      BIGINT NOT NULL
);
-- The scheduler's only question, "who is due?", reads this index: its work grows with the servers due.
CREATE INDEX daily_schedules_due ON daily_schedules(next_due_utc) WHERE next_due_utc IS NOT NULL;

-- Events already posted to a server, so the archive fallback cycles through every fact before repeating.
-- No foreign key to events: reseeding a pack replaces its rows, and the history should survive that.
CREATE TABLE daily_shown (
    guild_id  BIGINT NOT NULL REFERENCES daily_schedules(guild_id) ON DELETE CASCADE,
    event_key TEXT NOT NULL,
    shown_utc BIGINT NOT NULL,
    PRIMARY KEY (guild_id, event_key)
);
