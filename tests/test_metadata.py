"""datasette-metadata.json matches the schema, its canned queries run, Datasette serves it."""

import asyncio
import json
import re
from datetime import date
from pathlib import Path

import pytest
from datasette.app import Datasette

from extract import search, store
from extract.model import Article, Claim

ROOT = Path(__file__).resolve().parent.parent
METADATA = json.loads((ROOT / "datasette-metadata.json").read_text(encoding="utf-8"))


def claim(
    sentence, figure, value, speaker, year, place="Kazakhstan", unit="people", year_end=None, **kw
):
    start = sentence.index(figure)
    return Claim(
        figure=figure,
        char_start=start,
        char_end=start + len(figure),
        sentence=sentence,
        value=value,
        unit=unit,
        year_start=year,
        year_end=year_end or year,
        place=place,
        speaker=speaker,
        confidence=0.7,
        **kw,
    )


S1 = "Some 299500 people emigrated from Kazakhstan in 2019, Malika Toqmadi said."
S2 = "The ministry counted 150000 emigrants from Kazakhstan in 2019."
S3 = "Prices in Kazakhstan rose 12 percent in 2019 and wages 30 percent, the ministry said."


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "claims.db"
    db = store.open_db(path)
    store.save_article(
        db,
        Article(
            path="vlast.md",
            text=S1,
            title="Leaving",
            source="Vlast",
            published=date(2020, 3, 1),
            content_hash="a",
        ),
        [
            claim(
                S1,
                "299500",
                299500.0,
                "Malika Toqmadi",
                2019,
                direction="increase",
                flow="outbound",
            )
        ],
        "1",
    )
    store.save_article(
        db,
        Article(
            path="gov.md",
            text=S2,
            title="Figures",
            source="Kazinform",
            published=date(2020, 4, 1),
            content_hash="b",
        ),
        [
            claim(
                S2, "150000", 150000.0, "the ministry", 2019, flow="outbound", subject="emigrants"
            ),
            # the same unit and year, different subjects: not a disagreement
            claim(
                S3, "12 percent", 12.0, "the ministry", 2019, unit="percent", subject="prices rose"
            ),
            claim(S3, "30 percent", 30.0, "Vlast", 2019, unit="percent", subject="wages"),
        ],
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
    labels = METADATA["plugins"]["news-claims"]["facet_labels"]
    for table in tables.values():
        assert set(table.get("facets", [])) <= set(labels)  # every facet has a label


def run_query(db_path, name, **params):
    sql = METADATA["databases"]["claims"]["queries"][name]["sql"]
    wanted = set(re.findall(r"(?<!:):(\w+)", sql))
    assert wanted == set(params), (name, wanted)
    db = store.open_db(db_path)
    search.register(db.conn)  # as the site's plugin does on its connections
    try:
        return list(db.query(sql, params))
    finally:
        db.close()


def test_every_canned_query_runs(db_path):
    queries = METADATA["databases"]["claims"]["queries"]
    assert set(queries) >= {
        "search",
        "by_speaker",
        "place_over_years",
        "disagreements",
        "claims_per_source",
    }
    for name, query in queries.items():
        params = dict.fromkeys(set(re.findall(r"(?<!:):(\w+)", query["sql"])), "x")
        run_query(db_path, name, **params)  # raises on a broken query


def test_canned_queries_answer(db_path):
    found = run_query(db_path, "search", q="Toqmadi", syntax="")
    assert [r["article"] for r in found] == ["vlast.md"]
    assert "\u27e6Toqmadi\u27e7" in found[0]["snippet"]  # ⟦Toqmadi⟧, shown highlighted
    # Porter stemming: "emigrants" finds "emigrated" too.
    assert len(run_query(db_path, "search", q="emigrants", syntax="")) == 2
    # words as typed by default, FTS5 syntax on request, never an error
    assert run_query(db_path, "search", q="Toqmadi OR ministry", syntax="") == []
    assert len(run_query(db_path, "search", q="Toqmadi OR ministry", syntax="fts")) == 4
    assert run_query(db_path, "search", q='"Toqmadi', syntax="fts")[0]["article"] == "vlast.md"

    ministry = run_query(db_path, "by_speaker", speaker="the ministry")
    assert sorted(r["figure"] for r in ministry) == ["12 percent", "150000"]

    years = run_query(db_path, "place_over_years", place="Kazakhstan")
    assert sorted(r["amount"] for r in years) == [12.0, 30.0, 150000.0, 299500.0]
    assert {r["year_start"] for r in years} == {2019}

    (pair,) = run_query(db_path, "disagreements")
    assert {pair["article_a"], pair["article_b"]} == {"vlast.md", "gov.md"}
    assert pair["place"] == "Kazakhstan" and pair["unit"] == "people" and pair["flow"] == "outbound"
    assert pair["difference_percent"] == 49.9

    per_source = {r["source"]: r for r in run_query(db_path, "claims_per_source")}
    assert per_source["Vlast"]["claims"] == 1 and per_source["Kazinform"]["articles"] == 1
    assert per_source["Kazinform"]["claims"] == 3


def add_claims(db_path, path, *claims):
    db = store.open_db(db_path)
    text = " ".join(dict.fromkeys(c.sentence for c in claims))
    store.save_article(
        db, Article(path=path, text=text, source="Test", content_hash=path), list(claims), "1"
    )
    store.link_duplicates(db)
    db.close()


def disagreeing_articles(db_path):
    return {
        frozenset((r["article_a"], r["article_b"])) for r in run_query(db_path, "disagreements")
    }


def test_disagreements_compare_like_with_like(db_path):
    vlast_gov = frozenset({"vlast.md", "gov.md"})
    # a figure for 2015-2019 is not compared with one for 2019 alone
    s = "From 2015 to 2019, 900000 people left Kazakhstan."
    add_claims(
        db_path,
        "span.md",
        claim(s, "900000", 900000.0, "an analyst", 2015, year_end=2019, flow="outbound"),
    )
    # arrivals are not compared with departures
    s = "In 2019, 50000 people moved to Kazakhstan."
    add_claims(
        db_path, "arrivals.md", claim(s, "50000", 50000.0, "an analyst", 2019, flow="inbound")
    )
    # a figure within 10% is no disagreement
    s = "In 2019, 290000 people emigrated from Kazakhstan."
    add_claims(
        db_path, "close.md", claim(s, "290000", 290000.0, "an analyst", 2019, flow="outbound")
    )
    assert disagreeing_articles(db_path) == {vlast_gov, frozenset({"gov.md", "close.md"})}

    # percentages about the same thing (a shared word of the subject) are compared
    s = "Prices in Kazakhstan rose 20 percent in 2019, the bank said."
    add_claims(
        db_path,
        "bank.md",
        claim(s, "20 percent", 20.0, "the bank", 2019, unit="percent", subject="Prices rose"),
    )
    pairs = disagreeing_articles(db_path)
    assert frozenset({"gov.md", "bank.md"}) in pairs
    (pair,) = [
        r
        for r in run_query(db_path, "disagreements")
        if "bank.md" in (r["article_a"], r["article_b"])
    ]
    assert {pair["figure_a"], pair["figure_b"]} == {"12 percent", "20 percent"}


def test_the_same_claim_syndicated_is_no_disagreement(db_path):
    s = "Some 150000 people emigrated from Kazakhstan in 2019, the ministry said."
    add_claims(
        db_path, "copy.md", claim(s, "150000", 150000.0, "the ministry", 2019, flow="outbound")
    )
    pairs = disagreeing_articles(db_path)
    assert frozenset({"gov.md", "copy.md"}) not in pairs  # one claim_group
    assert frozenset({"vlast.md", "copy.md"}) in pairs


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
    assert speakers == {"Malika Toqmadi": 1, "the ministry": 2, "Vlast": 1}


def test_datasette_uses_configured_facets_and_view_search(db_path):
    data = datasette_get(db_path, "/claims/claims_flat.json?_search=ministry")
    assert {"speaker", "place", "source", "unit"} <= set(data["facet_results"])
    assert [row[1] for row in data["rows"]] == ["gov.md"] * 3  # column 1 is `article`


def test_datasette_runs_a_canned_query(db_path):
    data = datasette_get(db_path, "/claims/by_speaker.json?speaker=Malika+Toqmadi&_shape=objects")
    assert [r["figure"] for r in data["rows"]] == ["299500"]
