"""The store's SQL, translated for PostgreSQL: placeholders, null-safe equality, scalar min/max, JSON, LIKE."""

from __future__ import annotations

import pytest

from facts.pgsql import status_count, translate
from facts.postgres import shown, split_script


def test_positional_and_named_placeholders_are_numbered():
    positional = translate("SELECT * FROM t WHERE a = ? AND b = ?")
    assert positional.sql == "SELECT * FROM t WHERE a = $1 AND b = $2"
    assert positional.args((1, 2)) == (1, 2)
    named = translate("UPDATE t SET a = :a, b = :b WHERE a = :a AND c = :c")
    assert named.sql == "UPDATE t SET a = $1, b = $2 WHERE a = $1 AND c = $3"
    assert named.args({"c": 3, "b": 2, "a": 1, "unused": 9}) == (1, 2, 3)


def test_strings_identifiers_comments_and_casts_are_left_alone():
    s = translate("""SELECT 'it''s ? :no', "end", x::text FROM t -- a comment with ? and :x
                     WHERE y = ?""")
    assert "'it''s ? :no'" in s.sql
    assert '"end"' in s.sql
    assert "x::text" in s.sql
    assert "-- a comment with ? and :x" in s.sql
    assert s.sql.rstrip().endswith("y = $1")
    assert s.positional == 1


def test_null_safe_equality_with_a_parameter():
    assert translate("SELECT 1 WHERE next_due IS ?").sql == "SELECT 1 WHERE next_due IS NOT DISTINCT FROM $1"
    assert translate("SELECT 1 WHERE a IS NULL AND b IS NOT NULL").sql == \
        "SELECT 1 WHERE a IS NULL AND b IS NOT NULL"


def test_two_argument_min_and_max_are_scalar_one_argument_ones_aggregate():
    s = translate("SELECT min(a), max(b), min(min(abs(x - :d), 366 - abs(x - :d)), max(y, 2)) FROM t")
    assert s.sql == "SELECT min(a), max(b), LEAST(LEAST(abs(x - $1), 366 - abs(x - $1)), GREATEST(y, 2)) FROM t"
    assert translate("SELECT min(f(a, b)) FROM t").sql == "SELECT min(f(a, b)) FROM t"


def test_json_builders_and_like():
    s = translate("SELECT json_group_array(json_array(k, json_object('a', v))) FROM t WHERE n LIKE ?")
    assert s.sql == "SELECT json_agg(json_build_array(k, json_build_object('a', v))) FROM t WHERE n ILIKE $1"
    assert translate("SELECT json_array_length(x)").sql == "SELECT json_array_length(x)"


def test_wrong_parameters_are_refused():
    with pytest.raises(TypeError, match="2 placeholders, 1 values"):
        translate("SELECT ?, ?").args((1,))
    with pytest.raises(TypeError, match="mapping"):
        translate("SELECT :a").args((1,))
    with pytest.raises(ValueError, match="mixes"):
        translate("SELECT ?, :a")


def test_which_statements_return_rows():
    assert translate("SELECT 1").returns_rows
    assert translate("WITH x AS (SELECT 1) SELECT * FROM x").returns_rows
    assert translate("INSERT INTO t (a) VALUES (?) RETURNING id").returns_rows
    assert not translate("UPDATE t SET a = 1").returns_rows


def test_command_status_counts():
    assert status_count("UPDATE 3") == 3
    assert status_count("INSERT 0 5") == 5
    assert status_count("CREATE TABLE") == 0


def test_scripts_split_outside_strings_comments_and_dollar_bodies():
    script = """-- header; with a semicolon
CREATE TABLE a (x TEXT DEFAULT 'a;b');
CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO a VALUES ('x;y');
    RETURN NEW;
END
$$;
CREATE INDEX i ON a(x)"""
    parts = split_script(script)
    assert len(parts) == 3
    assert parts[0] == "CREATE TABLE a (x TEXT DEFAULT 'a;b')"
    assert parts[1].startswith("CREATE FUNCTION f()")
    assert parts[1].endswith("$$")
    assert parts[2] == "CREATE INDEX i ON a(x)"


def test_urls_are_shown_without_their_password():
    assert shown("postgresql://bot:s3cret@db:5432/chronicle") == "postgresql://bot:***@db:5432/chronicle"
    assert shown("postgresql://bot@db/chronicle") == "postgresql://bot@db/chronicle"
