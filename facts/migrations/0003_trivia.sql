-- Trivia: rounds, each revealed question and every member's answer to it, per-server totals, and which
-- questions each server has been asked (so later rounds cycle through the facts before repeating any).
-- Instants are unix seconds (UTC). No foreign key to the fact tables: reseeding a pack replaces its rows,
-- and scores and history must survive that.

CREATE TABLE trivia_rounds (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    channel_id  INTEGER NOT NULL,
    starter_id  INTEGER NOT NULL,
    topic       TEXT NOT NULL CHECK (topic IN ('dates', 'people', 'figures', 'all')),
    questions   INTEGER NOT NULL,             -- how many were planned
    seconds     INTEGER NOT NULL,             -- time allowed per question
    started_utc INTEGER NOT NULL,
    ended_utc   INTEGER,                      -- NULL while the round runs
    end_reason  TEXT                          -- 'completed', 'stopped', 'silence', 'failed' or 'interrupted'
);
CREATE INDEX trivia_rounds_guild ON trivia_rounds(guild_id, started_utc);
CREATE INDEX trivia_rounds_running ON trivia_rounds(ended_utc) WHERE ended_utc IS NULL;

-- One row per revealed question: a question exists here only once its points are committed.
CREATE TABLE trivia_questions (
    round_id     INTEGER NOT NULL REFERENCES trivia_rounds(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,            -- 1, 2, 3… within the round
    question_key TEXT NOT NULL,               -- e.g. 'when:korean_war/hiroshima_bomb'
    kind         TEXT NOT NULL,
    topic        TEXT NOT NULL,               -- 'dates', 'people' or 'figures'
    prompt       TEXT NOT NULL,
    answer       TEXT NOT NULL,               -- the right choice's text
    revealed_utc INTEGER NOT NULL,
    PRIMARY KEY (round_id, position)
) WITHOUT ROWID;

CREATE TABLE trivia_answers (
    round_id     INTEGER NOT NULL,
    position     INTEGER NOT NULL,
    member_id    INTEGER NOT NULL,
    guild_id     INTEGER NOT NULL,
    topic        TEXT NOT NULL,
    choice       INTEGER NOT NULL,            -- 0..3 (A..D)
    correct      INTEGER NOT NULL CHECK (correct IN (0, 1)),
    points       INTEGER NOT NULL,
    elapsed_ms   INTEGER NOT NULL,
    answered_utc INTEGER NOT NULL,
    PRIMARY KEY (round_id, position, member_id),
    FOREIGN KEY (round_id, position) REFERENCES trivia_questions(round_id, position) ON DELETE CASCADE
) WITHOUT ROWID;
-- Leaderboards for a week or a month sum the answers of one server since a date.
CREATE INDEX trivia_answers_period ON trivia_answers(guild_id, answered_utc);
CREATE INDEX trivia_answers_member ON trivia_answers(guild_id, member_id);

-- Round winners (the top scorers of a round that ended, ties all win), by date for period leaderboards.
CREATE TABLE trivia_wins (
    round_id  INTEGER NOT NULL REFERENCES trivia_rounds(id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL,
    guild_id  INTEGER NOT NULL,
    won_utc   INTEGER NOT NULL,
    PRIMARY KEY (round_id, member_id)
) WITHOUT ROWID;
CREATE INDEX trivia_wins_period ON trivia_wins(guild_id, won_utc);

-- Running totals per server and member (the all-time leaderboard and /trivia stats read these).
CREATE TABLE trivia_totals (
    guild_id  INTEGER NOT NULL,
    member_id INTEGER NOT NULL,
    rounds    INTEGER NOT NULL DEFAULT 0,     -- rounds in which the member answered at least once
    answered  INTEGER NOT NULL DEFAULT 0,
    correct   INTEGER NOT NULL DEFAULT 0,
    points    INTEGER NOT NULL DEFAULT 0,
    wins      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (guild_id, member_id)
) WITHOUT ROWID;
CREATE INDEX trivia_totals_points ON trivia_totals(guild_id, points DESC);

CREATE TABLE trivia_topic_totals (
    guild_id  INTEGER NOT NULL,
    member_id INTEGER NOT NULL,
    topic     TEXT NOT NULL,
    answered  INTEGER NOT NULL DEFAULT 0,
    correct   INTEGER NOT NULL DEFAULT 0,
    points    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (guild_id, member_id, topic)
) WITHOUT ROWID;

-- Questions a server has been shown: how often and when last, so generation prefers the least asked.
CREATE TABLE trivia_asked (
    guild_id     INTEGER NOT NULL,
    question_key TEXT NOT NULL,
    times        INTEGER NOT NULL,
    last_utc     INTEGER NOT NULL,
    PRIMARY KEY (guild_id, question_key)
) WITHOUT ROWID;
