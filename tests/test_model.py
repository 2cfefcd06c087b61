"""The claim's fields are declared once, in extract/model.py: the claims table, the
claims_flat view, the column descriptions of datasette-metadata.json and the `claims show`
table agree with that declaration."""

import dataclasses

import pytest

from extract import model, report, store
from extract.metadata import read_metadata
from extract.model import CLAIM_FIELDS, CLAIMS_FLAT, CLAIMS_TABLE, SHOWN, Claim

TABLES = read_metadata()["databases"]["claims"]["tables"]


@pytest.fixture(scope="module")
def db():
    database = store.open_db(":memory:")
    yield database
    database.close()


def test_every_claim_field_but_article_is_a_described_column():
    names = [f.name for f in dataclasses.fields(Claim)]
    assert [c.name for c in CLAIM_FIELDS] == [n for n in names if n != "article"]
    assert all(c.description for c in CLAIMS_TABLE + CLAIMS_FLAT)


def test_the_claims_table_has_the_declared_columns(db):
    rows = db.execute("PRAGMA table_info(claims)").fetchall()
    actual = [(name, kind, bool(notnull) or bool(pk)) for _, name, kind, notnull, _, pk in rows]
    assert actual == [(c.name, c.sql_type, not c.nullable) for c in CLAIMS_TABLE]


def test_the_store_writes_the_declared_fields():
    assert [c.name for c in CLAIM_FIELDS] == store.CLAIM_FIELDS


def test_claims_flat_has_the_declared_columns(db):
    view = [row[1] for row in db.execute("PRAGMA table_info(claims_flat)").fetchall()]
    assert len(view) == len(set(view))
    assert set(view) == {c.name for c in CLAIMS_FLAT}


@pytest.mark.parametrize("table, columns", [("claims", CLAIMS_TABLE), ("claims_flat", CLAIMS_FLAT)])
def test_the_metadata_describes_each_column_as_declared(table, columns):
    assert TABLES[table]["columns"] == {c.name: c.description for c in columns}


def test_the_show_table_has_the_declared_columns():
    claim = Claim("5", 0, 1, "5 left.", value=5, year_start=2020, year_end=2021)
    table = report.claims_table(model.Article("a.md", "5 left."), [claim], "a.md")
    assert [str(column.header) for column in table.columns] == [c.shown for c in SHOWN]
    assert len(report.claim_cells(claim)) == len(SHOWN)
    assert [c.name for c in SHOWN][:2] == ["figure", "value"]
