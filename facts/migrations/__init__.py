"""Numbered SQL migrations, applied in order by facts.db (PRAGMA user_version)."""
