-- Packs per server. A pack from files (shipped, or CHRONICLE_PACKS) has no guild and is seen everywhere
-- unless a server disables it, a pack uploaded in a server belongs to it alone, seen once enabled there.
--
-- PostgreSQL: INTEGER is BIGINT, WITHOUT ROWID is dropped. uploads' UNIQUE (guild_id, name) gets
-- PostgreSQL's own constraint name (uploads_guild_id_name_key, SQLite's index is sqlite_autoindex_uploads_2).
ALTER TABLE packs ADD COLUMN guild_id BIGINT;             -- NULL: a pack from files
CREATE INDEX packs_guild ON packs(guild_id);

-- What an upload needs to be seeded again (a new Chronicle seeds changed packs anew): its YAML and its
-- document, as they were accepted. Not tied to packs by a foreign key: seeding deletes and re-inserts a
-- pack's rows, and the upload must outlive that.
CREATE TABLE uploads (
    pack        TEXT PRIMARY KEY,                   -- the stored pack's id: g<guild>_<name>
    guild_id    BIGINT NOT NULL,
    name        TEXT NOT NULL,                      -- the name the server knows it by
    filename    TEXT NOT NULL,                      -- the file the member uploaded
    pack_yaml   TEXT NOT NULL,
    document    TEXT NOT NULL,
    bytes       BIGINT NOT NULL,                    -- pack and document, counted against the server's quota
    uploaded_by BIGINT NOT NULL,
    uploaded_utc BIGINT NOT NULL,
    UNIQUE (guild_id, name)
);

-- A server's choice for a pack: enabled (1) or disabled (0). No row: a pack from files is enabled, an
-- upload is not (it waits for "Enable here").
CREATE TABLE guild_packs (
    guild_id BIGINT NOT NULL,
    pack     TEXT NOT NULL,
    enabled  BIGINT NOT NULL CHECK (enabled IN (0, 1)),
    PRIMARY KEY (guild_id, pack)
);

-- Uploads tried per server, for the rate limit (kept a day).
CREATE TABLE upload_attempts (
    guild_id BIGINT NOT NULL,
    at_utc   BIGINT NOT NULL
);
CREATE INDEX upload_attempts_guild ON upload_attempts(guild_id, at_utc);

-- Queries read one server's packs: every event index leads with the pack, so a server's question walks
-- only its own packs' rows.
DROP INDEX events_span;
DROP INDEX events_sort;
DROP INDEX events_day;
DROP INDEX events_pack;
CREATE INDEX events_pack_span ON events(pack, start, "end");
CREATE INDEX events_pack_sort ON events(pack, sort_date, sort_order, key);
CREATE INDEX events_pack_day ON events(pack, day_of_year) WHERE day_of_year IS NOT NULL;
