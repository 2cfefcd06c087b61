"""The SQL that visitors of the published site run may only read.

Datasette already opens the database read-only and accepts only ``SELECT`` from its
SQL editor, but a ``SELECT`` can still call functions that reach past the data
(``fts3_tokenizer('porter')`` returns a memory address) and Datasette's checks are
patterns over the SQL text. :func:`authorize` is an SQLite authorizer
(``sqlite3.Connection.set_authorizer``): SQLite asks it about every table, column,
function and pragma a statement uses, while the statement is compiled, so what it
refuses never runs, however the SQL is spelled. It allows:

* reading tables, views and columns (``SELECT``, ``WITH RECURSIVE``);
* functions, except those in :data:`DENIED_FUNCTIONS`;
* the pragmas that describe the schema (:data:`SCHEMA_PRAGMAS`, with their table or
  index argument) and the pragmas in :data:`READ_PRAGMAS` when they are only read
  (no ``= value`` and no argument): what Datasette's own pages ask;
* the schema lookup SQLite itself makes when a statement first uses a table-valued
  function such as ``json_each`` or ``pragma_table_info`` (reported as an update of
  ``sqlite_master``; a real update of it needs ``PRAGMA writable_schema``, refused).

Everything else is refused with SQLite's "not authorized": writes, ``ATTACH`` and
``DETACH``, pragmas that set something, ``CREATE``, ``DROP``, transactions.
"""

from __future__ import annotations

import sqlite3

DENIED_FUNCTIONS = frozenset(
    {
        "fts3_tokenizer",  # returns (and with two arguments sets) a tokenizer's address
        "load_extension",
        "readfile",
        "writefile",
        "edit",
    }
)
SCHEMA_PRAGMAS = frozenset(
    {
        "collation_list",
        "database_list",
        "foreign_key_list",
        "function_list",
        "index_info",
        "index_list",
        "index_xinfo",
        "module_list",
        "pragma_list",
        "table_info",
        "table_list",
        "table_xinfo",
    }
)
READ_PRAGMAS = frozenset(
    {
        "application_id",
        "compile_options",
        "data_version",
        "encoding",
        "foreign_keys",
        "freelist_count",
        "journal_mode",
        "max_page_count",
        "page_count",
        "page_size",
        "query_only",
        "schema_version",
        "user_version",
    }
)
_READS = frozenset({sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_RECURSIVE})
_SCHEMA_TABLES = frozenset({"sqlite_master", "sqlite_schema", "sqlite_temp_master"})


def authorize(
    action: int, arg1: str | None, arg2: str | None, database: str | None, source: str | None
) -> int:
    """``SQLITE_OK`` for what reads, ``SQLITE_DENY`` for anything else (see the module)."""
    if action in _READS:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_FUNCTION:
        return _deny_if((arg2 or "").lower() in DENIED_FUNCTIONS)
    if action == sqlite3.SQLITE_PRAGMA:
        name = (arg1 or "").lower()
        return _deny_if(not (name in SCHEMA_PRAGMAS or (name in READ_PRAGMAS and arg2 is None)))
    if action == sqlite3.SQLITE_UPDATE and (arg1 or "").lower() in _SCHEMA_TABLES:
        return sqlite3.SQLITE_OK  # SQLite's own lookup for a table-valued function
    return sqlite3.SQLITE_DENY


def _deny_if(refused: bool) -> int:
    return sqlite3.SQLITE_DENY if refused else sqlite3.SQLITE_OK


def guard(conn: sqlite3.Connection) -> None:
    """Let ``conn`` run only what :func:`authorize` allows, from now on."""
    conn.set_authorizer(authorize)
