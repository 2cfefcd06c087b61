"""Full-text search queries that cannot fail.

The ``search`` canned query matches ``claims_fts`` against ``fts_query(:q, :syntax)``,
an SQL function the Datasette plugin registers on every connection (and
:func:`register` on any other). By default the words typed are searched for as they
are, each one quoted the way Datasette quotes its own ``?_search=`` (``escape_fts``), so
``"COVID-19``, ``AND`` or an unbalanced quote are words, not errors. With ``syntax``
set (the form's "FTS5 syntax" box) the query is passed to SQLite as written (``OR``,
``NOT``, ``"a phrase"``, ``prefix*``), unless SQLite would reject it: then its words are
searched for instead and :func:`fts_problem` says why. An empty query matches nothing.
"""

from __future__ import annotations

import sqlite3
import threading

from datasette.utils import escape_fts

from extract.store import FTS_COLUMNS

NOTHING = '""'  # an FTS5 query that is valid and matches no row
SYNTAX_ON = ("fts", "fts5", "on", "1", "true", "yes")

_local = threading.local()


def fts_query(q: str | None, syntax: str | None = None) -> str:
    """The FTS5 query to run for what the user typed: always one SQLite accepts."""
    q = (q or "").strip()
    if not q:
        return NOTHING
    if wants_syntax(syntax) and fts_problem(q) is None:
        return q
    escaped = escape_fts(q)
    if not escaped or fts_problem(escaped) is not None:
        return NOTHING
    return escaped


def wants_syntax(syntax: str | None) -> bool:
    """Whether the form asked for FTS5 syntax."""
    return (syntax or "").strip().lower() in SYNTAX_ON


def fts_problem(q: str) -> str | None:
    """SQLite's objection to ``q`` as an FTS5 query, or None when it is valid."""
    conn = getattr(_local, "conn", None)
    if conn is None:  # one small in-memory index per thread, to try queries on
        conn = sqlite3.connect(":memory:")
        columns = ", ".join(FTS_COLUMNS)  # so that "speaker: Toqmadi" is valid here too
        conn.execute(f"CREATE VIRTUAL TABLE probe USING fts5({columns}, tokenize='porter')")
        _local.conn = conn
    try:
        conn.execute("SELECT 1 FROM probe WHERE probe MATCH ?", [q]).fetchall()
    except sqlite3.Error as exc:
        return str(exc)
    return None


def register(conn: sqlite3.Connection) -> None:
    """Make ``fts_query(q, syntax)`` available to SQL on ``conn``."""
    conn.create_function("fts_query", 2, fts_query, deterministic=True)
