-- Study: each member's flashcards of one server, scheduled by FSRS, with an append-only review log.
-- A card is a fact seen as a question: its key is the kind and the fact ('when:korean_war/hiroshima_bomb',
-- 'who:korean_war/stalin', 'figure:korean_war/yalta#0'), stable across reseeds. No foreign key to the fact
-- tables: reseeding replaces their rows, and a member's history must survive that (a card whose fact is
-- gone is suspended, not deleted). Instants are unix seconds (UTC), as FSRS wants its times in UTC.

CREATE TABLE study_cards (
    id              INTEGER PRIMARY KEY,          -- what a rating button names (a custom id is short)
    guild_id        INTEGER NOT NULL,
    member_id       INTEGER NOT NULL,
    card_key        TEXT NOT NULL,
    pack            TEXT NOT NULL,                -- the fact's pack, for suspension when it is disabled
    fact            TEXT NOT NULL,                -- the event's or person's key, to see whether it still exists
    state           INTEGER NOT NULL CHECK (state IN (1, 2, 3)),  -- FSRS: 1 learning, 2 review, 3 relearning
    step            INTEGER,                      -- the learning or relearning step; NULL in review
    stability       REAL,                         -- NULL until the first rating
    difficulty      REAL,
    due_utc         INTEGER NOT NULL,
    last_review_utc INTEGER,
    reps            INTEGER NOT NULL DEFAULT 0,   -- ratings so far: a button shown at reps n counts once
    lapses          INTEGER NOT NULL DEFAULT 0,   -- Again on a card in review, and trivia misses
    suspended       INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1)),
    introduced_utc  INTEGER NOT NULL,
    introduced_by   TEXT NOT NULL CHECK (introduced_by IN ('study', 'trivia')),
    last_rating     INTEGER CHECK (last_rating BETWEEN 1 AND 4),  -- the latest rating, logged by the trigger below
    last_source     TEXT CHECK (last_source IN ('study', 'trivia')),
    UNIQUE (guild_id, member_id, card_key)
);
-- The next card: a member's unsuspended cards by due time.
CREATE INDEX study_cards_due ON study_cards(guild_id, member_id, suspended, due_utc);
-- New cards introduced today, against the daily limit.
CREATE INDEX study_cards_introduced ON study_cards(guild_id, member_id, introduced_utc);

-- Every rating, never updated or deleted while the member is in the server.
CREATE TABLE study_reviews (
    id           INTEGER PRIMARY KEY,
    card_id      INTEGER NOT NULL,                -- study_cards.id (no foreign key: the log is only appended to)
    guild_id     INTEGER NOT NULL,
    member_id    INTEGER NOT NULL,
    rating       INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),  -- FSRS: 1 again, 2 hard, 3 good, 4 easy
    source       TEXT NOT NULL CHECK (source IN ('study', 'trivia')),
    state_before INTEGER NOT NULL,
    due_utc      INTEGER NOT NULL,                -- when the card comes back after this rating
    reviewed_utc INTEGER NOT NULL
);
CREATE INDEX study_reviews_member ON study_reviews(guild_id, member_id, reviewed_utc);

-- A rating is one UPDATE of its card (reps + 1, guarded by the reps its buttons showed); this logs it in the
-- same statement, so the card and its log line are written together or not at all.
CREATE TRIGGER study_reviews_log AFTER UPDATE OF reps ON study_cards WHEN NEW.reps = OLD.reps + 1
BEGIN
    INSERT INTO study_reviews (card_id, guild_id, member_id, rating, source, state_before, due_utc, reviewed_utc)
    VALUES (NEW.id, NEW.guild_id, NEW.member_id, NEW.last_rating, NEW.last_source, OLD.state, NEW.due_utc,
            NEW.last_review_utc);
END;

-- A member's choices in one server, and what Chronicle knows of them there.
CREATE TABLE study_members (
    guild_id       INTEGER NOT NULL,
    member_id      INTEGER NOT NULL,
    new_per_day    INTEGER NOT NULL DEFAULT 10 CHECK (new_per_day BETWEEN 0 AND 100),
    remind_time    TEXT,                          -- 'HH:MM' local; NULL: no reminder
    remind_zone    TEXT,                          -- an IANA zone; also the member's day for limits and streaks
    remind_last    TEXT,                          -- the local date last reminded (ISO)
    remind_note    TEXT,                          -- why reminders were turned off ('closed DMs'), for /study stats
    left_utc       INTEGER,                       -- when they were found gone from the server; purged 30 days on
    synced         TEXT,                          -- the server's packs (ids and digests) the cards were last checked
                                                  -- against: unchanged, a session need not check them again
    PRIMARY KEY (guild_id, member_id)
) WITHOUT ROWID;
CREATE INDEX study_members_remind ON study_members(remind_time) WHERE remind_time IS NOT NULL;
CREATE INDEX study_members_left ON study_members(left_utc) WHERE left_utc IS NOT NULL;
