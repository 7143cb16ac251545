"""The quality sets use the domain tests' seeded databases."""

from tests.facts.conftest import _isolated_env, db_path, packs, template_db  # noqa: F401
