-- An event may be dated and ordered at once ("August 1945", after August 8), ordered before another, or
-- undated, packs may list search terms for an event, and the country a person acted for.
--
-- PostgreSQL: the same statements, plus one: the renamed column keeps its deferrable foreign key, whose
-- generated name (events_after_key_fkey) is renamed to match (SQLite names no constraint). The new columns
-- go last, as in SQLite.
ALTER TABLE events RENAME COLUMN after_key TO anchor_key;
ALTER TABLE events RENAME CONSTRAINT events_after_key_fkey TO events_anchor_key_fkey;
ALTER TABLE events ADD COLUMN anchor_rel TEXT CHECK (anchor_rel IN ('after', 'before'));
ALTER TABLE events ADD COLUMN terms TEXT NOT NULL DEFAULT '[]';
ALTER TABLE people ADD COLUMN country TEXT;
UPDATE events SET anchor_rel = 'after' WHERE anchor_key IS NOT NULL;
