"""The store's SQL, as PostgreSQL reads it.

The facts code writes one SQL: SQLite's, kept to what both engines mean the same way (``ON CONFLICT``,
``RETURNING``, row values, window functions). :func:`translate` turns a statement into PostgreSQL's, once
per statement text:

* placeholders: ``?`` (positional) and ``:name`` (named) become ``$1``, ``$2``…, with the order in which
  a named mapping's values are passed;
* ``x IS ?`` (SQLite's null-safe equality with a parameter) becomes ``x IS NOT DISTINCT FROM $n``;
* the two-argument ``min(a, b)`` / ``max(a, b)`` (scalar in SQLite) become ``LEAST`` / ``GREATEST``;
  one-argument ``min``/``max`` stay aggregates;
* SQLite's JSON builders ``json_group_array``, ``json_array`` and ``json_object`` become ``json_agg``,
  ``json_build_array`` and ``json_build_object`` (all return JSON text to the caller);
* ``LIKE`` becomes ``ILIKE`` (SQLite's ``LIKE`` ignores ASCII case; PostgreSQL's does not).

String literals, quoted identifiers and comments are copied as they are. Anything else SQLite-only must not
be written in the facts code (the tests run every query on both engines).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_RENAMED = {"json_group_array": "json_agg", "json_array": "json_build_array", "json_object": "json_build_object"}


@dataclass(frozen=True, slots=True)
class Statement:
    """A translated statement: its text and how to order the caller's parameters."""

    sql: str
    names: tuple[str, ...]  # for a mapping of named parameters, in $n order; empty for positional ones
    positional: int  # how many ``?`` it had

    def args(self, params: Iterable[Any] | Mapping[str, Any]) -> tuple[Any, ...]:
        if isinstance(params, Mapping):
            if self.positional:
                raise TypeError("a statement with ? placeholders takes a sequence of parameters")
            return tuple(params[name] for name in self.names)
        values = tuple(params)
        if self.names:
            raise TypeError("a statement with :name placeholders takes a mapping of parameters")
        if len(values) != self.positional:
            raise TypeError(f"the statement has {self.positional} placeholders, {len(values)} values were given")
        return values

    @property
    def returns_rows(self) -> bool:
        head = self.sql.lstrip().split(None, 1)[0].upper() if self.sql.strip() else ""
        returning = re.search(r"\bRETURNING\b", self.sql, re.IGNORECASE) is not None
        return head in ("SELECT", "WITH", "VALUES", "EXPLAIN") or returning


@functools.lru_cache(maxsize=2048)
def translate(sql: str) -> Statement:
    """``sql`` (the store's SQLite dialect) as PostgreSQL's; see the module docstring."""
    out: list[str] = []
    names: list[str] = []
    positions: dict[str, int] = {}
    positional = 0
    i, n = 0, len(sql)
    while i < n:
        c = sql[i]
        if c in "'\"":  # a string literal or a quoted identifier, with its doubled quotes
            j = i + 1
            while j < n:
                if sql[j] == c:
                    if j + 1 < n and sql[j + 1] == c:
                        j += 2
                        continue
                    break
                j += 1
            out.append(sql[i:j + 1])
            i = j + 1
        elif c == "-" and sql.startswith("--", i):
            j = sql.find("\n", i)
            j = n if j < 0 else j
            out.append(sql[i:j])
            i = j
        elif c == "?":
            positional += 1
            out.append(f"${positional}")
            i += 1
        elif c == ":" and i + 1 < n and sql[i + 1] == ":":
            out.append("::")
            i += 2
        elif c == ":" and (m := _WORD.match(sql, i + 1)):
            name = m.group(0)
            if name not in positions:
                names.append(name)
                positions[name] = len(names)
            out.append(f"${positions[name]}")
            i = m.end()
        elif m := _WORD.match(sql, i):
            out.append(_word(sql, m))
            i = m.end()
        else:
            out.append(c)
            i += 1
    if names and positional:
        raise ValueError(f"a statement mixes ? and :name placeholders: {sql[:80]}")
    text = _scalar_min_max("".join(out))
    text = re.sub(r"\bIS(\s+)(\$\d+)", r"IS NOT DISTINCT FROM\1\2", text)
    return Statement(text, tuple(names), positional)


def _word(sql: str, m: re.Match[str]) -> str:
    word = m.group(0)
    lower = word.lower()
    follows = sql[m.end():m.end() + 1]
    if lower in _RENAMED and follows == "(":
        return _RENAMED[lower]
    if lower == "like" and sql[m.start() - 1:m.start()].isspace():
        return "ILIKE"
    return word


def _scalar_min_max(sql: str) -> str:
    """``min(a, b)`` → ``LEAST(a, b)`` and ``max(a, b)`` → ``GREATEST(a, b)``: where the parentheses hold a
    top-level comma; nested ones too (one pass: a replaced call's arguments are scanned after it)."""
    out, i = [], 0
    for m in re.finditer(r"\b(min|max)\s*\(", sql, re.I):
        if m.start() < i:
            continue
        depth, j, comma, quote = 0, m.end() - 1, False, ""
        while j < len(sql):
            ch = sql[j]
            if quote:
                quote = "" if ch == quote else quote
            elif ch in "'\"":
                quote = ch
            elif ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
                if depth == 0:
                    break
            elif ch == "," and depth == 1:
                comma = True
            j += 1
        if comma:
            out.append(sql[i:m.start()])
            out.append("LEAST(" if m.group(1).lower() == "min" else "GREATEST(")
            i = m.end()
    out.append(sql[i:])
    return "".join(out)


def status_count(status: str) -> int:
    """The row count of a command status: ``UPDATE 3`` → 3, ``INSERT 0 5`` → 5; 0 when it has none."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0
