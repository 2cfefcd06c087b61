"""The database: articles and their claims in SQLite, through sqlite-utils.

Tables
    ``articles``       one row per distinct article text (``path`` is its main file name)
    ``article_paths``  every file name of an article (the main one and any aliases:
                       the same text found under a second name is stored once)
    ``claims``         one row per claim, ``article_id`` -> ``articles.id``
    ``claims_fts``     FTS5 index of claims (sentence, figure, speaker, place), kept in
                       sync by triggers inside the same transaction as each write
    ``claims_flat``    view: one row per claim with its article's path, source, date, title
                       (stored on each claim, so the view needs no join)

Every schema change is a migration in :data:`migrations` (sqlite-utils ``Migrations``);
:func:`ensure_schema` applies the pending ones, so it is safe to call on every open.
``schema.sql`` is the output of :func:`dump_schema` on a fresh database:
regenerate it with ``python -m extract.store > schema.sql``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import filelock
import sqlite_utils
from sqlite_utils import Migrations
from sqlite_utils.db import DescIndex

from . import model
from .model import ARTICLE_COLUMNS, DIRECTIONS, FLOWS, Article, Claim

migrations = Migrations("news_claims")

# Claim fields stored as columns, in the dataclass's order ("article" is the FK instead).
CLAIM_FIELDS = [column.name for column in model.CLAIM_FIELDS]
FTS_COLUMNS = ["sentence", "figure", "speaker", "place"]

# The claims_flat view reads claims alone: what it shows of the article (path, outlet,
# date, title) is stored on each claim (m006), so Datasette's facets and sorts on the
# view use the claims table's own indexes instead of a join over every row.
ARTICLE_FIELDS = [c.name for c in ARTICLE_COLUMNS]  # claims columns from articles

CLAIMS_FLAT_SQL = """
SELECT
    id,
    article,
    source,
    published,
    title,
    sentence,
    figure,
    char_start,
    char_end,
    value,
    value_low,
    value_high,
    unit,
    year_start,
    year_end,
    place,
    latitude,
    longitude,
    speaker,
    direction,
    flow,
    confidence,
    qualifier,
    subject,
    period,
    country_code,
    origin,
    destination,
    claim_group,
    cues,
    article_id,
    status,
    extracted
FROM claims
""".strip()
"""The current definition of the ``claims_flat`` view."""

# Review statuses of a claim (see extract/corrections.py); the column's CHECK in m007.
REVIEW_STATUSES = ("extracted", "confirmed", "corrected", "rejected")
# Claim columns the pages facet on, indexed with the status since m007.
FACET_COLUMNS = (
    "source",
    "speaker",
    "place",
    "year_start",
    "year_end",
    "direction",
    "flow",
    "unit",
    "country_code",
)


# --- migrations: append new ones, never edit an applied one -------------------------


@migrations()
def m001_articles(db: sqlite_utils.Database) -> None:
    articles = db.table("articles")
    articles.create(
        {
            "id": int,
            "path": str,
            "title": str,
            "source": str,
            "published": str,
            "url": str,
            "content_hash": str,
            "extractor_version": str,
            "text": str,
            "n_claims": int,
            "extracted_at": str,
        },
        pk="id",
        not_null=["path", "content_hash", "extractor_version", "text", "n_claims", "extracted_at"],
    )
    articles.create_index(["path"], unique=True)
    articles.create_index(["source"])
    articles.create_index(["published"])
    paths = db.table("article_paths")
    paths.create(
        {"path": str, "article_id": int},
        pk="path",
        not_null=["article_id"],
        foreign_keys=[("article_id", "articles", "id")],
    )
    paths.create_index(["article_id"])


@migrations()
def m002_claims(db: sqlite_utils.Database) -> None:
    claims = db.table("claims")
    claims.create(
        {
            "id": int,
            "article_id": int,
            "figure": str,
            "char_start": int,
            "char_end": int,
            "sentence": str,
            "value": float,
            "value_low": float,
            "value_high": float,
            "qualifier": str,
            "unit": str,
            "subject": str,
            "year_start": int,
            "year_end": int,
            "period": str,
            "place": str,
            "country_code": str,
            "latitude": float,
            "longitude": float,
            "speaker": str,
            "direction": str,
            "flow": str,
            "origin": str,
            "destination": str,
            "confidence": float,
            "claim_group": int,
        },
        pk="id",
        not_null=["article_id", "figure", "char_start", "char_end", "sentence", "confidence"],
        foreign_keys=[("article_id", "articles", "id")],
    )
    for column in (
        "article_id",
        "speaker",
        "place",
        "year_start",
        "year_end",
        "direction",
        "flow",
        "unit",
        "country_code",
        "claim_group",
    ):
        claims.create_index([column])


@migrations()
def m003_claims_fts(db: sqlite_utils.Database) -> None:
    # Triggers keep the index in step row by row, inside the writer's transaction:
    # correct after a rollback and cheap, unlike a full rebuild after every article.
    db.table("claims").enable_fts(FTS_COLUMNS, create_triggers=True, tokenize="porter")
    # Re-index a claim only when an indexed column changes (not on claim_group updates).
    columns = ", ".join(FTS_COLUMNS)
    old = ", ".join(f"old.{c}" for c in FTS_COLUMNS)
    new = ", ".join(f"new.{c}" for c in FTS_COLUMNS)
    db.execute("DROP TRIGGER claims_au")
    db.execute(
        f"CREATE TRIGGER claims_au AFTER UPDATE OF {columns} ON claims BEGIN\n"
        f"  INSERT INTO claims_fts (claims_fts, rowid, {columns}) VALUES ('delete', old.rowid, {old});\n"  # noqa: E501
        f"  INSERT INTO claims_fts (rowid, {columns}) VALUES (new.rowid, {new});\n"
        "END"
    )


@migrations()
def m004_claims_flat(db: sqlite_utils.Database) -> None:
    # The view as first made (a join); m006 replaces it.
    db.create_view(
        "claims_flat",
        """
        SELECT
            claims.id,
            articles.path AS article,
            articles.source,
            articles.published,
            articles.title,
            claims.sentence,
            claims.figure,
            claims.char_start,
            claims.char_end,
            claims.value,
            claims.value_low,
            claims.value_high,
            claims.unit,
            claims.year_start,
            claims.year_end,
            claims.place,
            claims.latitude,
            claims.longitude,
            claims.speaker,
            claims.direction,
            claims.flow,
            claims.confidence,
            claims.qualifier,
            claims.subject,
            claims.period,
            claims.country_code,
            claims.origin,
            claims.destination,
            claims.claim_group
        FROM claims
        JOIN articles ON articles.id = claims.article_id""".strip(),
    )


@migrations()
def m005_claims_by_confidence(db: sqlite_utils.Database) -> None:
    # The claims table page is sorted by confidence, highest first (sort_desc in
    # datasette-metadata.json), and Datasette pages on with "ORDER BY confidence DESC,
    # id". Without an index every page sorts the whole table (0.3-0.6 s at 1M claims);
    # this one holds the claims in that very order (the rowid, id, follows ascending).
    db.table("claims").create_index([DescIndex("confidence")])


@migrations()
def m006_claims_for_analysts(db: sqlite_utils.Database) -> None:
    # The analysts' page is claims_flat with its facets. As a join of claims and
    # articles, each of its facets grouped a million joined rows (over 200 ms each, so
    # Datasette dropped them all). Each claim now carries its article's path, outlet,
    # date and title, written with the claim and kept in step by a trigger when the
    # article's row changes; the view reads claims alone and every facet and the sort
    # read an index.
    claims = db.table("claims")
    for column in ARTICLE_FIELDS:
        claims.add_column(column, str)
    db.execute(
        "UPDATE claims SET article = articles.path, source = articles.source, "
        "published = articles.published, title = articles.title "
        "FROM articles WHERE articles.id = claims.article_id"
    )
    claims.create_index(["article"])
    claims.create_index(["source"])
    claims.create_index([DescIndex("published")])
    db.execute(
        "CREATE TRIGGER articles_au_claims AFTER UPDATE OF path, source, published, title "
        "ON articles BEGIN\n"
        "  UPDATE claims SET article = new.path, source = new.source, "
        "published = new.published, title = new.title WHERE article_id = new.id;\n"
        "END"
    )
    db.execute("DROP VIEW claims_flat")
    db.create_view("claims_flat", CLAIMS_FLAT_SQL)


@migrations()
def m008_claim_cues(db: sqlite_utils.Database) -> None:
    # The cue that decided each field of a claim, as JSON ({"speaker": "verb", ...}):
    # what `claims show --why` prints and the confidence is computed from.
    db.table("claims").add_column("cues", str)
    db.execute("DROP VIEW IF EXISTS claims_flat")
    db.create_view("claims_flat", CLAIMS_FLAT_SQL)


@migrations()
def m007_reviews(db: sqlite_utils.Database) -> None:
    # Analysts' reviews (extract/corrections.py): ``status`` says whether a claim is as
    # extracted or confirmed, corrected or rejected by an analyst; ``extracted`` keeps
    # the extractor's values of the columns a correction changed (JSON), ``review``
    # the correction record applied (JSON: who, when, what).
    statuses = ", ".join(f"'{s}'" for s in REVIEW_STATUSES)
    db.execute(
        "ALTER TABLE claims ADD COLUMN status TEXT NOT NULL DEFAULT 'extracted' "
        f"CHECK (status IN ({statuses}))"
    )
    db.execute("ALTER TABLE claims ADD COLUMN extracted TEXT")
    db.execute("ALTER TABLE claims ADD COLUMN review TEXT")
    claims = db.table("claims")
    claims.create_index(["status"])
    # Pages leave rejected claims out ("status" IS NOT 'rejected', news_claims_datasette):
    # each facet column's index carries the status too, so a facet still reads one
    # covering index instead of every row (the index also serves lookups by the column).
    for column in FACET_COLUMNS:
        claims.create_index([column, "status"])
        db.execute(f"DROP INDEX IF EXISTS idx_claims_{column}")
    # SQLite checks a view's columns when it is used, not made: the view names the
    # columns of every migration, and is whole once they have all run.
    db.execute("DROP VIEW IF EXISTS claims_flat")
    db.create_view("claims_flat", CLAIMS_FLAT_SQL)


@migrations()
def m009_article_notes(db: sqlite_utils.Database) -> None:
    # How the file was read, when that is worth knowing: "not valid UTF-8; read as
    # cp1251", "publication date taken from the page's metadata". A JSON array of
    # strings, NULL when there is nothing to say.
    db.table("articles").add_column("notes", str)


# --- opening and schema ----------------------------------------------------------------


BUSY_TIMEOUT_SECONDS = 30.0  # how long a write waits for another writer before failing


class DatabaseUnavailable(sqlite3.DatabaseError):
    """The database cannot be used: its folder cannot be made or written in, the file
    is not a database, or another process kept it locked. ``str(e)`` says which, with
    the path."""


def open_db(path: str | Path) -> sqlite_utils.Database:
    """Open (creating it and its folder if needed) the database at ``path``, in WAL
    mode with foreign keys enforced, and bring its schema up to date. A write waits up
    to :data:`BUSY_TIMEOUT_SECONDS` for another writer. Raises
    :class:`DatabaseUnavailable` when it cannot be opened so."""
    if str(path) != ":memory:":
        _make_folder(Path(path))
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS)
    except sqlite3.DatabaseError as exc:
        raise DatabaseUnavailable(unavailable_reason(path, exc)) from exc
    db = sqlite_utils.Database(conn)
    try:
        db.enable_wal()
        db.execute("PRAGMA foreign_keys = ON")
        ensure_schema(db)
    except sqlite3.DatabaseError as exc:
        db.close()
        raise DatabaseUnavailable(unavailable_reason(path, exc)) from exc
    return db


def unavailable_reason(path: str | Path, exc: sqlite3.DatabaseError) -> str:
    """What SQLite's error ``exc`` on the database ``path`` means for the user."""
    message = str(exc)
    if "locked" in message or "busy" in message:
        return (
            f"{path}: the database is busy: another process kept it locked for over "
            f"{BUSY_TIMEOUT_SECONDS:.0f} s ({message})"
        )
    if "readonly" in message or "unable to open" in message:
        folder = Path(path).parent
        return (
            f"{path}: cannot write the database ({message}): the file and its folder "
            f"{folder} must be writable (SQLite keeps -wal and -shm files beside it)"
        )
    if "not a database" in message or "malformed" in message:
        return f"{path}: not a claims database, or a damaged one ({message})"
    return f"{path}: {message}"


def _make_folder(path: Path) -> None:
    """Create the folder of the database ``path``, or say in words why it cannot be."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        blocker = next((p for p in (folder, *folder.parents) if p.exists()), None)
        if blocker is not None and not blocker.is_dir():
            raise DatabaseUnavailable(
                f"{path}: cannot create the folder {folder}: {blocker} is a file, not a folder"
            ) from exc
        raise DatabaseUnavailable(
            f"{path}: cannot create the folder {folder}: {exc.strerror or exc}"
        ) from exc
    if path.exists() and not path.is_file():
        raise DatabaseUnavailable(f"{path}: not a file")


def build_lock_path(path: str | Path) -> str:
    """The lock file that one build of the database ``path`` holds at a time."""
    return f"{path}.build.lock"


@contextlib.contextmanager
def writer_lock(path: str | Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the lock that one build of the database ``path`` holds at a time: the file
    ``<path>.build.lock`` beside it, locked with ``filelock`` (the corrections that
    reviews and builds apply have their own, shorter lock, ``<path>.lock``:
    :func:`extract.corrections.writer_lock`). If another process holds it,
    ``on_wait`` is called and this waits until it is free (Ctrl-C stops the wait).
    Raises :class:`DatabaseUnavailable` if the lock file cannot be made."""
    if str(path) == ":memory:":
        yield
        return
    _make_folder(Path(path))
    lock = filelock.FileLock(build_lock_path(path))
    try:
        try:
            lock.acquire(timeout=0)
        except filelock.Timeout:
            if on_wait is not None:
                on_wait()
            lock.acquire()
    except OSError as exc:
        raise DatabaseUnavailable(
            f"{path}: cannot create the lock file {build_lock_path(path)}: {exc.strerror or exc} "
            f"(the folder {Path(path).parent} must be writable)"
        ) from exc
    try:
        yield
    finally:
        lock.release()


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Apply the pending migrations; a no-op on an up-to-date database."""
    migrations.apply(db)


def dump_schema(db: sqlite_utils.Database) -> str:
    """The schema as SQL: tables, indexes, views, triggers, each sorted by name,
    without SQLite's internal objects and the FTS shadow tables."""
    rows = db.execute(
        "SELECT type, name, sql FROM sqlite_master "
        "WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    virtual = [name for _, name, sql in rows if sql.upper().startswith("CREATE VIRTUAL TABLE")]
    shadow = {f"{v}_{s}" for v in virtual for s in ("data", "idx", "content", "docsize", "config")}
    order = {"table": 0, "index": 1, "view": 2, "trigger": 3}
    kept = sorted((order[t], name, sql) for t, name, sql in rows if name not in shadow)
    header = (
        "-- The schema of a fresh claims database. "
        "Generated: python -m extract.store > schema.sql\n"
    )
    return header + "".join(f"\n{sql};\n" for _, _, sql in kept)


# --- reading -----------------------------------------------------------------------------


def stored_articles(db: sqlite_utils.Database) -> dict[str, tuple[str, str]]:
    """Every stored file name (aliases included) -> (content_hash, extractor_version)."""
    rows = db.execute(
        "SELECT article_paths.path, articles.content_hash, articles.extractor_version "
        "FROM article_paths JOIN articles ON articles.id = article_paths.article_id"
    )
    return {path: (content_hash, version) for path, content_hash, version in rows}


def predictions(
    db: sqlite_utils.Database, *, as_extracted: bool = False, ids: Iterable[int] | None = None
) -> list[dict]:
    """All rows of the ``claims_flat`` view (or those of the claims ``ids``), by claim
    id. With ``as_extracted``, the values an analyst corrected are the extractor's
    again (from ``extracted``): what scoring the extractor needs."""
    if ids is None:
        rows = list(db.query("SELECT * FROM claims_flat ORDER BY id"))
    else:
        rows = list(
            db.query(
                "SELECT * FROM claims_flat WHERE id IN (SELECT value FROM json_each(?)) "
                "ORDER BY id",
                [json.dumps(sorted(ids))],
            )
        )
    if as_extracted:
        for row in rows:
            if row.get("extracted"):
                row.update((k, v) for k, v in json.loads(row["extracted"]).items() if k in row)
    return rows


def predictions_by_name(db: sqlite_utils.Database, *, as_extracted: bool = False) -> list[dict]:
    """The rows of :func:`predictions`, repeated under each alias of their article
    (``article`` set to the alias), since gold files name files and a duplicate file
    is stored once."""
    rows = predictions(db, as_extracted=as_extracted)
    aliases: dict[str, list[str]] = {}
    for alias, main_name in db.execute(
        "SELECT article_paths.path, articles.path FROM article_paths "
        "JOIN articles ON articles.id = article_paths.article_id "
        "WHERE article_paths.path != articles.path"
    ):
        aliases.setdefault(main_name, []).append(alias)
    extra = [dict(row, article=alias) for row in rows for alias in aliases.get(row["article"], ())]
    return rows + extra


# --- writing -----------------------------------------------------------------------------


def _article_row(article: Article, n_claims: int, extractor_version: str) -> dict:
    """The ``articles`` row of ``article``."""
    published = article.published
    return {
        "path": article.path,
        "title": article.title,
        "source": article.source,
        "published": published.isoformat() if isinstance(published, dt.date) else published,
        "url": article.url,
        "content_hash": article.content_hash,
        "extractor_version": extractor_version,
        "text": article.text,
        "notes": json.dumps(list(article.notes), ensure_ascii=False) if article.notes else None,
        "n_claims": n_claims,
        "extracted_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def _article_fields(row: dict) -> dict:
    """What each claim of the article with ``articles`` row ``row`` stores of it
    (:data:`ARTICLE_FIELDS`, in that order)."""
    return {
        "article": row["path"],
        "source": row["source"],
        "published": row["published"],
        "title": row["title"],
    }


def save_article(
    db: sqlite_utils.Database, article: Article, claims: list[Claim], extractor_version: str
) -> None:
    """Store ``article`` and replace its claims with ``claims``, in one transaction."""
    for claim in claims:
        _check(claim)
    row = _article_row(article, len(claims), extractor_version)
    with writing(db):
        article_id = _article_id(db, article.path)
        if article_id is not None and db.table("articles").get(article_id)["path"] != article.path:
            # The name was an alias of another text: it now has a text of its own.
            _delete_path(db, article.path)
            article_id = None
        if article_id is None:
            article_id = db.table("articles").insert(row).last_pk
            db.table("article_paths").insert({"path": article.path, "article_id": article_id})
        else:
            db.table("articles").update(article_id, row)
            db.table("claims").delete_where("article_id = ?", [article_id])
        shown = _article_fields(row)
        db.table("claims").insert_all(
            {"article_id": article_id, **shown, **claim_columns(c)} for c in claims
        )


def save_articles(
    db: sqlite_utils.Database,
    items: Iterable[tuple[Article, list[Claim]]],
    extractor_version: str,
) -> int:
    """Store many ``(article, claims)`` pairs, each as :func:`save_article` stores it,
    in one transaction: all of them, or none if any fails. Returns the number of
    claims written.

    Made for bulk loads (an import, a benchmark database): an article whose path is
    not stored yet is written with plain ``INSERT``s, a claim ``executemany`` and no
    per-row sqlite-utils work; a path already stored (a re-extraction or an alias) goes
    through :func:`save_article` itself."""
    columns = ["article_id", *ARTICLE_FIELDS, *CLAIM_FIELDS]
    insert_claims = (
        f"INSERT INTO claims ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    )
    written = 0
    with writing(db):
        for article, claims in items:
            if _article_id(db, article.path) is not None:
                save_article(db, article, claims, extractor_version)
                written += len(claims)
                continue
            for claim in claims:
                _check(claim)
            row = _article_row(article, len(claims), extractor_version)
            article_id = db.conn.execute(
                f"INSERT INTO articles ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                list(row.values()),
            ).lastrowid
            db.conn.execute(
                "INSERT INTO article_paths (path, article_id) VALUES (?, ?)",
                [article.path, article_id],
            )
            shown = list(_article_fields(row).values())
            db.conn.executemany(
                insert_claims,
                ([article_id, *shown, *claim_columns(c).values()] for c in claims),
            )
            written += len(claims)
    return written


def add_alias(db: sqlite_utils.Database, path: str, same_as: str) -> None:
    """Record ``path`` as a second name of the article stored as ``same_as``.

    Whatever ``path`` held before is dropped. Raises ``KeyError`` if ``same_as``
    is not stored."""
    with writing(db):
        target = _article_id(db, same_as)
        if target is None:
            raise KeyError(same_as)
        current = _article_id(db, path)
        if current == target:
            return
        if current is not None:
            _delete_path(db, path)
        db.table("article_paths").insert({"path": path, "article_id": target})


def delete_articles(db: sqlite_utils.Database, paths: Iterable[str]) -> int:
    """Forget the files ``paths``, in one transaction; returns how many were stored.

    An article goes (with its claims) when its last name goes; removing its main
    name while an alias remains makes the alias its main name."""
    with writing(db):
        return sum(_delete_path(db, path) for path in paths)


def link_duplicates(db: sqlite_utils.Database) -> None:
    """Set ``claim_group`` on every claim: claims with the same value (or range),
    years, place and speaker found in more than one article share the smallest
    claim id of their group; any other claim is its own group. Run after a build;
    ``COUNT(DISTINCT claim_group)`` then counts each claim once."""
    key = ["value", "value_low", "value_high", "year_start", "year_end", "place", "speaker"]
    db.execute(
        f"""
        WITH shared AS (
            SELECT min(id) AS first_id, {", ".join(key)}
            FROM claims
            WHERE coalesce(value, value_low, value_high) IS NOT NULL
            GROUP BY {", ".join(key)}
            HAVING count(DISTINCT article_id) > 1
        ),
        wanted AS (
            SELECT claims.id, coalesce(shared.first_id, claims.id) AS claim_group
            FROM claims LEFT JOIN shared
            ON {" AND ".join(f"claims.{k} IS shared.{k}" for k in key)}
        )
        UPDATE claims SET claim_group = wanted.claim_group
        FROM wanted
        WHERE wanted.id = claims.id AND claims.claim_group IS NOT wanted.claim_group
        """
    )


def claim_columns(claim: Claim) -> dict:
    """The ``claims`` columns of a claim, in :data:`CLAIM_FIELDS` order (its cues as JSON)."""
    row = {k: getattr(claim, k) for k in CLAIM_FIELDS}
    row["cues"] = json.dumps(row["cues"], sort_keys=True) if row["cues"] else None
    return row


# --- helpers -----------------------------------------------------------------------------


@contextlib.contextmanager
def writing(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """A write transaction, all or nothing, that takes the write lock at once
    (``BEGIN IMMEDIATE``), so that waiting for another writer goes through the busy
    timeout: in WAL mode a transaction that reads first and then writes fails at once
    when another writer holds the lock. Nested, it is a savepoint."""
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    db.conn.execute("COMMIT")


def _check(claim: Claim) -> None:
    if claim.direction not in (None, *DIRECTIONS):
        raise ValueError(f"unknown direction {claim.direction!r} for {claim.figure!r}")
    if claim.flow not in (None, *FLOWS):
        raise ValueError(f"unknown flow {claim.flow!r} for {claim.figure!r}")


def _article_id(db: sqlite_utils.Database, path: str) -> int | None:
    row = db.execute("SELECT article_id FROM article_paths WHERE path = ?", [path]).fetchone()
    return row[0] if row else None


def _delete_path(db: sqlite_utils.Database, path: str) -> int:
    """Drop one file name (call inside a transaction); returns 1 if it was stored."""
    article_id = _article_id(db, path)
    if article_id is None:
        return 0
    db.table("article_paths").delete(path)
    if db.table("articles").get(article_id)["path"] != path:
        return 1  # only an alias
    other = db.execute(
        "SELECT path FROM article_paths WHERE article_id = ? ORDER BY path LIMIT 1", [article_id]
    ).fetchone()
    if other:
        db.table("articles").update(article_id, {"path": other[0]})
    else:
        db.table("claims").delete_where("article_id = ?", [article_id])
        db.table("articles").delete(article_id)
    return 1


if __name__ == "__main__":
    print(dump_schema(open_db(":memory:")), end="")
