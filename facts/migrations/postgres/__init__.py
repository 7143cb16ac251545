"""Numbered PostgreSQL migrations, one per SQLite migration of :mod:`facts.migrations` (same number and name).

Applying 0001..N here leaves the schema that SQLite's 0001..N leaves: the same tables, columns (in the same
order), keys, constraints, defaults, indexes and trigger behaviour. Each file runs as one script in one
transaction, split at semicolons outside strings, comments and ``$$`` bodies (only ``$$``, never a tagged
``$name$`` quote). tests/facts/test_pg_schema.py compares the two schemas after every step.
"""
