"""datasette-metadata.json matches the schema, its canned queries run, Datasette serves it."""

import asyncio
import json
import re
from datetime import date
from pathlib import Path

import pytest
from datasette.app import Datasette

from extract import store
from extract.model import Article, Claim

ROOT = Path(__file__).resolve().parent.parent
METADATA = json.loads((ROOT / "datasette-metadata.json").read_text(encoding="utf-8"))


def claim(sentence, figure, value, speaker, year, place="Kazakhstan", unit="people", **kw):
    start = sentence.index(figure)
    return Claim(figure=figure, char_start=start, char_end=start + len(figure), sentence=sentence,
                 value=value, unit=unit, year_start=year, year_end=year, place=place,
                 speaker=speaker, confidence=0.7, **kw)


S1 = "Some 299500 people emigrated from Kazakhstan in 2019, Malika Toqmadi said."
S2 = "The ministry counted 150000 emigrants from Kazakhstan in 2019."


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "claims.db"
    db = store.open_db(path)
    store.save_article(
        db,
        Article(path="vlast.md", text=S1, title="Leaving", source="Vlast",
                published=date(2020, 3, 1), content_hash="a"),
        [claim(S1, "299500", 299500.0, "Malika Toqmadi", 2019, direction="increase",
               flow="outbound")],
        "1",
    )
    store.save_article(
        db,
        Article(path="gov.md", text=S2, title="Figures", source="Kazinform",
                published=date(2020, 4, 1), content_hash="b"),
        [claim(S2, "150000", 150000.0, "the ministry", 2019)],
        "1",
    )
    store.link_duplicates(db)
    db.close()
    return path


def columns(db, name):
    return [r[1] for r in db.execute(f"PRAGMA table_info([{name}])")]


def test_every_name_in_metadata_exists_in_a_fresh_db():
    assert METADATA["title"] == "News claims"
    assert set(METADATA["databases"]) == {"claims"}
    db = store.open_db(":memory:")
    names = set(db.table_names()) | set(db.view_names())
    for table, config in METADATA["databases"]["claims"]["tables"].items():
        assert table in names, table
        have = set(columns(db, table))
        named = set(config.get("columns", {})) | set(config.get("facets", []))
        named |= {config[k] for k in ("sort", "sort_desc", "label_column", "fts_pk") if k in config}
        assert named <= have, (table, named - have)
        if "fts_table" in config:
            assert config["fts_table"] in names


def test_every_column_of_the_main_tables_is_described():
    db = store.open_db(":memory:")
    tables = METADATA["databases"]["claims"]["tables"]
    for table in ("claims", "claims_flat", "articles"):
        assert set(tables[table]["columns"]) == set(columns(db, table)), table
        assert all(tables[table]["columns"].values())


def test_facets_are_configured():
    tables = METADATA["databases"]["claims"]["tables"]
    core = {"speaker", "place", "year_start", "direction", "flow"}
    assert core <= set(tables["claims"]["facets"])
    assert core | {"source", "unit"} <= set(tables["claims_flat"]["facets"])
    assert "source" in tables["articles"]["facets"]


def run_query(db_path, name, **params):
    sql = METADATA["databases"]["claims"]["queries"][name]["sql"]
    wanted = set(re.findall(r"(?<!:):(\w+)", sql))
    assert wanted == set(params), (name, wanted)
    db = store.open_db(db_path)
    try:
        return list(db.query(sql, params))
    finally:
        db.close()


def test_every_canned_query_runs(db_path):
    queries = METADATA["databases"]["claims"]["queries"]
    assert set(queries) >= {"search", "by_speaker", "place_over_years", "disagreements",
                            "claims_per_source"}
    for name, query in queries.items():
        params = {p: "x" for p in set(re.findall(r"(?<!:):(\w+)", query["sql"]))}
        run_query(db_path, name, **params)  # raises on a broken query


def test_canned_queries_answer(db_path):
    found = run_query(db_path, "search", q="said")
    assert [r["article"] for r in found] == ["vlast.md"]
    assert "[said]" in found[0]["snippet"]
    # Porter stemming: "emigrants" finds "emigrated" too.
    assert len(run_query(db_path, "search", q="emigrants")) == 2

    assert [r["figure"] for r in run_query(db_path, "by_speaker", speaker="the ministry")] == ["150000"]

    years = run_query(db_path, "place_over_years", place="Kazakhstan")
    assert sorted(r["value"] for r in years) == [150000.0, 299500.0]
    assert {r["year_start"] for r in years} == {2019}

    (pair,) = run_query(db_path, "disagreements")
    assert {pair["article_a"], pair["article_b"]} == {"vlast.md", "gov.md"}
    assert pair["place"] == "Kazakhstan" and pair["unit"] == "people"

    per_source = {r["source"]: r for r in run_query(db_path, "claims_per_source")}
    assert per_source["Vlast"]["claims"] == 1 and per_source["Kazinform"]["articles"] == 1


def datasette_get(db_path, url):
    async def get():
        ds = Datasette([str(db_path)], metadata=METADATA)
        await ds.invoke_startup()
        return await ds.client.get(url)

    response = asyncio.run(get())
    assert response.status_code == 200, (url, response.text[:500])
    return response.json()


def test_datasette_facets_by_speaker(db_path):
    data = datasette_get(db_path, "/claims/claims.json?_facet=speaker")
    speakers = {r["value"]: r["count"] for r in data["facet_results"]["speaker"]["results"]}
    assert speakers == {"Malika Toqmadi": 1, "the ministry": 1}


def test_datasette_uses_configured_facets_and_view_search(db_path):
    data = datasette_get(db_path, "/claims/claims_flat.json?_search=ministry")
    assert {"speaker", "place", "source", "unit"} <= set(data["facet_results"])
    assert [row[1] for row in data["rows"]] == ["gov.md"]  # column 1 is `article`


def test_datasette_runs_a_canned_query(db_path):
    data = datasette_get(db_path, "/claims/by_speaker.json?speaker=Malika+Toqmadi&_shape=objects")
    assert [r["figure"] for r in data["rows"]] == ["299500"]
