"""The database layer: schema, saving, aliases, deleting, search, duplicates."""

import json
from datetime import date
from pathlib import Path

import pytest
import sqlite_utils

from extract import store
from extract.model import Article, Claim

ROOT = Path(__file__).resolve().parent.parent

# The columns DESIGN.md promises in claims_flat.
DESIGN_COLUMNS = [
    "article",
    "source",
    "published",
    "sentence",
    "figure",
    "char_start",
    "char_end",
    "value",
    "value_low",
    "value_high",
    "unit",
    "year_start",
    "year_end",
    "place",
    "latitude",
    "longitude",
    "speaker",
    "direction",
    "flow",
    "confidence",
]

TEXT = "Some 299.500 people left Kazakhstan in 2019, economist Malika Toqmadi said."


def make_article(path="kz.md", text=TEXT, content_hash="h1", source="Vlast"):
    return Article(
        path=path,
        text=text,
        title="Leaving",
        source=source,
        published=date(2020, 3, 1),
        url="https://example.org/kz",
        content_hash=content_hash,
    )


def make_claim(figure="299.500", value=299500.0, sentence=TEXT, speaker="Malika Toqmadi", **kw):
    start = sentence.find(figure)
    fields = {
        "unit": "people",
        "year_start": 2019,
        "year_end": 2019,
        "place": "Kazakhstan",
        "country_code": "KZ",
        "latitude": 48.0,
        "longitude": 68.0,
        "direction": "increase",
        "flow": "outbound",
        "origin": "Kazakhstan",
        "confidence": 0.8,
    }
    fields.update(kw)
    return Claim(
        figure=figure,
        char_start=start,
        char_end=start + len(figure),
        sentence=sentence,
        value=value,
        speaker=speaker,
        **fields,
    )


@pytest.fixture
def db(tmp_path):
    database = store.open_db(tmp_path / "sub" / "claims.db")
    yield database
    database.close()


def count(db, table, where="1", params=()):
    return db.execute(f"SELECT count(*) FROM {table} WHERE {where}", params).fetchone()[0]


def search(db, word):
    return [
        r[0]
        for r in db.execute(
            "SELECT rowid FROM claims_fts WHERE claims_fts MATCH ? ORDER BY rowid", [word]
        )
    ]


def test_open_db_creates_folder_wal_and_foreign_keys(tmp_path):
    path = tmp_path / "a" / "b" / "claims.db"
    db = store.open_db(path)
    assert path.exists()
    assert db.journal_mode == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert {"articles", "article_paths", "claims", "claims_fts"} <= set(db.table_names())
    assert "claims_flat" in db.view_names()


def test_ensure_schema_twice_is_a_no_op(db):
    store.save_article(db, make_article(), [make_claim()], "1")
    before = store.dump_schema(db)
    applied = count(db, "_sqlite_migrations")
    store.ensure_schema(db)
    store.ensure_schema(db)
    assert store.dump_schema(db) == before
    assert count(db, "_sqlite_migrations") == applied == len(store.migrations.applied(db)) > 0
    assert store.migrations.pending(db) == []
    assert count(db, "claims") == 1


def test_schema_file_matches_build():
    fresh = store.open_db(":memory:")
    expected = (ROOT / "schema.sql").read_text(encoding="utf-8")
    assert store.dump_schema(fresh) == expected, (
        "schema.sql is out of date: regenerate it with `python -m extract.store > schema.sql`"
    )


def test_save_then_resave_replaces_claims(db):
    store.save_article(
        db, make_article(), [make_claim(), make_claim(figure="2019", value=2019.0)], "1"
    )
    assert count(db, "claims") == 2
    assert db.table("articles").get(1)["n_claims"] == 2

    store.save_article(db, make_article(content_hash="h2"), [make_claim()], "2")
    assert count(db, "articles") == 1
    assert count(db, "claims") == 1
    row = db.execute("SELECT * FROM articles").fetchone()
    article = dict(zip([d[0] for d in db.execute("SELECT * FROM articles").description], row))
    assert article["id"] == 1  # the article keeps its id
    assert article["n_claims"] == 1
    assert article["content_hash"] == "h2"
    assert article["extractor_version"] == "2"
    assert article["published"] == "2020-03-01"
    assert article["text"] == TEXT
    assert store.stored_articles(db) == {"kz.md": ("h2", "2")}


def test_save_stores_every_claim_field(db):
    claim = make_claim(
        qualifier="some",
        subject="left the country",
        period="2019",
        destination="Russia",
        value_low=None,
        value_high=None,
    )
    store.save_article(db, make_article(), [claim], "1")
    row = db.table("claims").get(1)
    for field in store.CLAIM_FIELDS:
        if field == "cues":
            continue
        assert row[field] == getattr(claim, field), field
    assert row["cues"] is None  # no cues: NULL, not "{}"
    assert row["article_id"] == 1


def test_cues_are_stored_as_json(db):
    claim = make_claim(cues={"speaker": "verb", "years": "attached"})
    store.save_article(db, make_article(), [claim], "1")
    row = db.table("claims").get(1)
    assert json.loads(row["cues"]) == {"speaker": "verb", "years": "attached"}


def test_save_rejects_an_unknown_direction(db):
    with pytest.raises(ValueError):
        store.save_article(db, make_article(), [make_claim(direction="upwards")], "1")
    assert count(db, "articles") == 0


def test_failed_save_rolls_back(db, monkeypatch):
    store.save_article(
        db, make_article(), [make_claim(), make_claim(figure="2019", value=2019.0)], "1"
    )
    original = sqlite_utils.db.Table.insert_all

    def insert_then_fail(self, records, *args, **kwargs):
        result = original(self, records, *args, **kwargs)
        if self.name == "claims":
            # Inside the transaction the old claims are gone and the new one is in.
            assert [r["figure"] for r in store.predictions(db)] == ["Some 299.500"]
            raise sqlite_utils.db.sqlite3.IntegrityError("simulated failure")
        return result

    monkeypatch.setattr(sqlite_utils.db.Table, "insert_all", insert_then_fail)
    with pytest.raises(sqlite_utils.db.sqlite3.IntegrityError):
        store.save_article(
            db, make_article(content_hash="h2"), [make_claim(figure="Some 299.500")], "2"
        )
    monkeypatch.undo()

    assert not db.conn.in_transaction
    assert [r["figure"] for r in store.predictions(db)] == ["299.500", "2019"]
    assert store.stored_articles(db) == {"kz.md": ("h1", "1")}
    assert search(db, "Toqmadi") == [1, 2]


def test_delete_removes_article_and_claims(db):
    store.save_article(db, make_article(), [make_claim()], "1")
    store.save_article(db, make_article("other.md", content_hash="o"), [make_claim()], "1")
    assert store.delete_articles(db, ["kz.md", "missing.md"]) == 1
    assert store.stored_articles(db) == {"other.md": ("o", "1")}
    assert [r["article"] for r in store.predictions(db)] == ["other.md"]
    assert count(db, "claims") == 1


def test_alias_stores_text_once_and_keeps_both_names(db):
    store.save_article(db, make_article("a.md"), [make_claim()], "1")
    store.add_alias(db, "copy/a.md", same_as="a.md")
    assert store.stored_articles(db) == {"a.md": ("h1", "1"), "copy/a.md": ("h1", "1")}
    assert count(db, "articles") == 1 and count(db, "claims") == 1

    # Removing only the alias keeps the article.
    assert store.delete_articles(db, ["copy/a.md"]) == 1
    assert store.stored_articles(db) == {"a.md": ("h1", "1")}
    assert count(db, "claims") == 1

    # Removing the main name while an alias remains makes the alias the main name.
    store.add_alias(db, "b.md", same_as="a.md")
    assert store.delete_articles(db, ["a.md"]) == 1
    assert store.stored_articles(db) == {"b.md": ("h1", "1")}
    assert [r["article"] for r in store.predictions(db)] == ["b.md"]

    # The last name gone, the article and its claims go.
    assert store.delete_articles(db, ["b.md"]) == 1
    assert count(db, "articles") == 0 and count(db, "claims") == 0


def test_alias_of_unknown_article_raises(db):
    with pytest.raises(KeyError):
        store.add_alias(db, "b.md", same_as="nowhere.md")


def test_alias_saved_with_its_own_text_becomes_an_article(db):
    store.save_article(db, make_article("a.md"), [make_claim()], "1")
    store.add_alias(db, "b.md", same_as="a.md")
    store.save_article(
        db, make_article("b.md", content_hash="hb"), [make_claim(), make_claim()], "1"
    )
    assert store.stored_articles(db) == {"a.md": ("h1", "1"), "b.md": ("hb", "1")}
    assert count(db, "claims", "article_id = (SELECT id FROM articles WHERE path = 'a.md')") == 1
    assert count(db, "claims", "article_id = (SELECT id FROM articles WHERE path = 'b.md')") == 2


def test_alias_replaces_what_the_name_held(db):
    store.save_article(db, make_article("a.md"), [make_claim()], "1")
    store.save_article(
        db, make_article("b.md", content_hash="hb"), [make_claim(), make_claim()], "1"
    )
    store.add_alias(db, "b.md", same_as="a.md")
    assert count(db, "articles") == 1
    assert count(db, "claims") == 1
    assert store.stored_articles(db)["b.md"] == ("h1", "1")


def test_predictions_have_every_design_column(db):
    store.save_article(db, make_article(), [make_claim()], "1")
    rows = store.predictions(db)
    assert len(rows) == 1
    row = rows[0]
    assert set(DESIGN_COLUMNS) <= set(row)
    assert list(row)[:22] == ["id", "article", "source", "published", "title", *DESIGN_COLUMNS[3:]]
    assert row["article"] == "kz.md"
    assert row["source"] == "Vlast"
    assert row["published"] == "2020-03-01"
    assert row["figure"] == "299.500" and row["value"] == 299500.0
    assert TEXT[row["char_start"] : row["char_end"]] == "299.500"
    assert row["speaker"] == "Malika Toqmadi"
    assert row["direction"] == "increase" and row["flow"] == "outbound"
    for column in [
        "qualifier",
        "subject",
        "period",
        "country_code",
        "origin",
        "destination",
        "claim_group",
    ]:
        assert column in row


def test_fts_follows_save_and_delete(db):
    store.save_article(db, make_article(), [make_claim()], "1")
    assert search(db, "economist") == [1]
    assert search(db, "Toqmadi") == [1]  # speaker column
    assert search(db, "kazakhstan") == [1]  # place column, case-insensitive
    store.save_article(
        db,
        make_article(content_hash="h2"),
        [make_claim(figure="12", value=12.0, sentence="Only 12 arrived.", speaker=None)],
        "1",
    )
    assert search(db, "economist") == []
    assert search(db, "arrived") == [r["id"] for r in store.predictions(db)]
    store.delete_articles(db, ["kz.md"])
    assert search(db, "arrived") == []


def test_link_duplicates_groups_syndicated_claims(db):
    store.save_article(
        db,
        make_article("a.md", source="AP"),
        [make_claim(), make_claim(figure="2019", value=2019.0, speaker="Someone")],
        "1",
    )
    store.save_article(
        db,
        make_article("b.md", source="Reuters", content_hash="hb"),
        [make_claim(), make_claim(figure="2019", value=2019.0, speaker="Someone else")],
        "1",
    )
    store.link_duplicates(db)
    groups = {r["id"]: r["claim_group"] for r in store.predictions(db)}
    assert groups == {1: 1, 2: 2, 3: 1, 4: 4}
    assert count(db, "(SELECT DISTINCT claim_group FROM claims)") == 3

    # Re-extracting one article regroups its new claims.
    store.save_article(
        db, make_article("a.md", source="AP", content_hash="ha"), [make_claim()], "1"
    )
    store.link_duplicates(db)
    groups = {r["id"]: r["claim_group"] for r in store.predictions(db)}
    assert groups == {3: 3, 4: 4, 5: 3}


def test_link_duplicates_keeps_claims_of_one_article_apart(db):
    store.save_article(db, make_article(), [make_claim(), make_claim()], "1")
    store.link_duplicates(db)
    assert [r["claim_group"] for r in store.predictions(db)] == [1, 2]


def rows(db, table, skip=("extracted_at",)):
    cursor = db.execute(f"SELECT * FROM {table} ORDER BY rowid")
    names = [d[0] for d in cursor.description]
    return [{k: v for k, v in zip(names, row) if k not in skip} for row in cursor]


def test_save_articles_stores_what_save_article_stores(tmp_path):
    two = [
        make_claim(),
        make_claim(
            figure="2019",
            value=2019.0,
            direction=None,
            flow=None,
            place=None,
            latitude=None,
            longitude=None,
        ),
    ]
    batch = [
        (make_article("a.md"), two),
        (make_article("b.md", content_hash="hb", source=None), []),
        (
            make_article("c.md", content_hash="hc"),
            [make_claim(speaker=None, value=None, value_low=1.0, value_high=2.0)],
        ),
        (make_article("a.md", content_hash="h2"), [make_claim(figure="Some 299.500")]),  # re-saved
        (make_article("alias.md", content_hash="hd"), [make_claim()]),  # was an alias
    ]
    one_by_one = store.open_db(tmp_path / "one.db")
    batched = store.open_db(tmp_path / "batch.db")
    for db in (one_by_one, batched):
        store.save_article(db, make_article("a.md"), [make_claim()], "0")
        store.add_alias(db, "alias.md", same_as="a.md")
    for article, claims in batch:
        store.save_article(one_by_one, article, claims, "1")
    assert store.save_articles(batched, iter(batch), "1") == 5

    assert not batched.conn.in_transaction
    for table in ("articles", "article_paths", "claims"):
        assert rows(batched, table) == rows(one_by_one, table), table
    assert store.predictions(batched) == store.predictions(one_by_one)
    for word in ("Toqmadi", "economist", "kazakhstan", "Some"):
        assert search(batched, word) == search(one_by_one, word), word
    assert search(batched, "Toqmadi")  # the FTS index follows the bulk inserts


def test_save_articles_is_all_or_nothing(db):
    store.save_article(db, make_article("kept.md"), [make_claim()], "1")
    before = {t: rows(db, t) for t in ("articles", "article_paths", "claims")}
    batch = [
        (make_article("new.md", content_hash="n"), [make_claim()]),
        (make_article("kept.md", content_hash="k2"), [make_claim(), make_claim()]),
        (make_article("bad.md", content_hash="b"), [make_claim(), make_claim(direction="upwards")]),
    ]
    with pytest.raises(ValueError):
        store.save_articles(db, batch, "2")
    assert not db.conn.in_transaction
    assert {t: rows(db, t) for t in before} == before
    assert search(db, "Toqmadi") == [1]

    def interrupted():
        yield make_article("new.md", content_hash="n"), [make_claim()]
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        store.save_articles(db, interrupted(), "2")
    assert {t: rows(db, t) for t in before} == before
    assert search(db, "Toqmadi") == [1]


def plan(db, sql, params=()):
    return "; ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN " + sql, params))


def test_claims_page_order_needs_no_sort(db):
    # Datasette's claims page (sort_desc: confidence) and the pages after it.
    first = plan(db, "SELECT * FROM claims ORDER BY confidence DESC LIMIT 101")
    after = plan(
        db,
        "SELECT * FROM claims WHERE (confidence < :p0 OR confidence IS NULL OR "
        "(confidence = :p0 AND id > :p1)) ORDER BY confidence DESC, id LIMIT 101",
        {"p0": 0.5, "p1": 10},
    )
    for p in (first, after):
        assert "idx_claims_confidence" in p and "TEMP B-TREE" not in p, p


# ------------------------------------------------------------------ claims for analysts


def article_columns(db):
    """(claim id, article, source, published, title) as stored on the claims."""
    return db.execute(
        "SELECT id, article, source, published, title FROM claims ORDER BY id"
    ).fetchall()


def joined_columns(db):
    """The same, as a join of claims and articles gives it."""
    return db.execute(
        "SELECT claims.id, articles.path, articles.source, articles.published, articles.title "
        "FROM claims JOIN articles ON articles.id = claims.article_id ORDER BY claims.id"
    ).fetchall()


def test_each_claim_carries_its_articles_path_source_date_and_title(db):
    store.save_article(db, make_article("a.md"), [make_claim(), make_claim()], "1")
    store.save_articles(
        db, [(make_article("b.md", content_hash="hb", source=None), [make_claim()])], "1"
    )
    assert article_columns(db) == joined_columns(db)
    assert article_columns(db)[0][1:] == ("a.md", "Vlast", "2020-03-01", "Leaving")
    assert article_columns(db)[2][1:] == ("b.md", None, "2020-03-01", "Leaving")
    # the view reads them from the claims, no join
    assert (
        "JOIN"
        not in db.execute("SELECT sql FROM sqlite_master WHERE name = 'claims_flat'")
        .fetchone()[0]
        .upper()
    )
    view = {r["id"]: r for r in store.predictions(db)}
    for claim_id, article, source, published, title in article_columns(db):
        assert (view[claim_id]["article"], view[claim_id]["source"]) == (article, source)
        assert (view[claim_id]["published"], view[claim_id]["title"]) == (published, title)


def test_claims_follow_their_article_when_it_changes_or_is_renamed(db):
    store.save_article(db, make_article("a.md"), [make_claim()], "1")
    store.add_alias(db, "b.md", same_as="a.md")
    db.table("articles").update(1, {"source": "Vlast.kz", "title": "Leaving, again"})
    assert article_columns(db) == joined_columns(db)
    assert article_columns(db)[0][2:] == ("Vlast.kz", "2020-03-01", "Leaving, again")
    store.delete_articles(db, ["a.md"])  # the alias becomes the main name
    assert article_columns(db) == joined_columns(db)
    assert article_columns(db)[0][1] == "b.md"


def test_the_migration_fills_in_claims_stored_before_it(tmp_path):
    db = sqlite_utils.Database(tmp_path / "old.db")
    store.migrations.apply(db, stop_before="m006_claims_for_analysts")
    article = (
        db.table("articles")
        .insert(
            {
                "path": "old.md",
                "title": "Old",
                "source": "Wire",
                "published": "2019-01-02",
                "content_hash": "h",
                "extractor_version": "1",
                "text": TEXT,
                "n_claims": 1,
                "extracted_at": "2020-01-01T00:00:00",
            }
        )
        .last_pk
    )
    db.table("claims").insert(
        {
            "article_id": article,
            "figure": "299.500",
            "char_start": 5,
            "char_end": 12,
            "sentence": TEXT,
            "confidence": 0.5,
            "place": "Kazakhstan",
        }
    )
    store.ensure_schema(db)
    assert article_columns(db) == [(1, "old.md", "Wire", "2019-01-02", "Old")]
    assert store.predictions(db)[0]["article"] == "old.md"
    assert store.dump_schema(db) == store.dump_schema(store.open_db(":memory:"))


def test_the_analysts_page_reads_indexes_only(db):
    """claims_flat's facets, count and sort (as Datasette runs them) need no join and no
    sort of the whole table: each facet reads a covering index."""
    for column in ("speaker", "place", "year_start", "direction", "flow", "source", "unit"):
        p = plan(
            db,
            f"SELECT {column} AS value, count(*) AS count FROM (SELECT * FROM claims_flat) "
            f"WHERE {column} IS NOT NULL GROUP BY {column} ORDER BY count DESC, value LIMIT 9",
        )
        assert "COVERING INDEX" in p and "articles" not in p, (column, p)
    p = plan(db, "SELECT * FROM claims_flat ORDER BY published DESC LIMIT 101")
    assert "idx_claims_published" in p and "TEMP B-TREE" not in p, p
