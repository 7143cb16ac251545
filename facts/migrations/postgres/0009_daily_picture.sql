-- The daily post may carry a timeline picture of its event and its neighbours: an admin's switch, off by default.
--
-- PostgreSQL: the same statement, INTEGER as BIGINT (a 0/1 flag with its CHECK, as the code compares it
-- with 0 and 1).
ALTER TABLE daily_schedules ADD COLUMN picture BIGINT NOT NULL DEFAULT 0 CHECK (picture IN (0, 1));
