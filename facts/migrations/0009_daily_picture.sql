-- The daily post may carry a timeline picture of its event and its neighbours: an admin's switch, off by default.
ALTER TABLE daily_schedules ADD COLUMN picture INTEGER NOT NULL DEFAULT 0 CHECK (picture IN (0, 1));
