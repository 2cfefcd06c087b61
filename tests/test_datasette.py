"""The published site, through Datasette's own client, configured exactly as `claims serve`
runs it (metadata, the tool's plugins and templates, settings): canned queries on the
bundled corpus, facets, links from claims to articles, highlighted search, the map and
chart plugins, and safety (markup in articles shown as text, nothing writes, SQL stops)."""

import re
import shutil
import string
import urllib.parse
from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from sites import ServedSite

from extract import serve, store
from extract.build import build
from extract.metadata import read_metadata
from extract.model import Article, Claim

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
METADATA = read_metadata()
QUERIES = METADATA["databases"]["claims"]["queries"]
TABLES = METADATA["databases"]["claims"]["tables"]
SEED = "000_b2c143e627d14fca.txt"  # the CABAR.asia seed article about leaving Kazakhstan


class Site(ServedSite):
    """The site as `claims serve` runs it, with checked requests and readers of its JSON."""

    def get(self, url, status=200):
        response = self.request("GET", url)
        assert response.status_code == status, (url, response.status_code, response.text[:800])
        return response

    def json(self, url, status=200):
        return self.get(url, status).json()

    def rows(self, url):
        """Rows of a table or query page as dicts (all of them: follows next pages)."""
        rows = []
        url += ("&" if "?" in url else "?") + "_shape=objects&_size=max"
        while url:
            data = self.json(url)
            rows += data["rows"]
            url = data.get("next_url")
            if url:
                url = url.split("://", 1)[-1].split("/", 1)[-1]
                url = "/" + url
        return rows

    def sql(self, sql, status=200):
        return self.json(
            f"/{self.name}.json?" + urllib.parse.urlencode({"sql": sql, "_shape": "objects"}),
            status,
        )


@pytest.fixture(scope="module")
def corpus_db(bundled):
    """The bundled corpus, built: this module's own copy."""
    return bundled()[1]


@pytest.fixture(scope="module")
def site(corpus_db):
    site = Site(corpus_db)
    yield site
    site.close()


@pytest.fixture(scope="module")
def flat(corpus_db):
    """Every row of claims_flat, read with SQLite directly (the expected answers)."""
    db = store.open_db(corpus_db)
    try:
        return store.predictions(db)
    finally:
        db.close()


# ------------------------------------------------------------------ how the site is served


def test_the_site_is_served_with_the_tools_plugins_templates_and_a_time_limit(site):
    assert site.option("--host") == "127.0.0.1"
    assert Path(site.option("--plugins-dir"), "news_claims_datasette.py").is_file()
    assert Path(site.option("--template-dir"), "row.html").is_file()
    settings = site.json("/-/settings.json")
    assert settings["sql_time_limit_ms"] == serve.SQL_TIME_LIMIT_MS
    assert settings["suggest_facets"] is False  # costly on large databases
    plugins = {p["name"] for p in site.json("/-/plugins.json")}
    assert {
        "datasette-cluster-map",
        "datasette-leaflet",
        "datasette-vega",
        "news_claims_datasette.py",
    } <= plugins


def test_nothing_in_the_site_writes(site, flat):
    plugins = {p["name"] for p in site.json("/-/plugins.json")}
    assert plugins == {
        "datasette-cluster-map",
        "datasette-leaflet",
        "datasette-vega",
        "news_claims_datasette.py",
    }
    assert not any(q.get("write") for q in QUERIES.values())
    for sql in (
        "delete from claims",
        "update claims set value = 0",
        "insert into articles (path) values ('x')",
        "drop table claims",
    ):
        assert site.sql(sql, status=400)["ok"] is False, sql
    # past Datasette's own SELECT check, the authorizer refuses the write (and the
    # connection is read-only besides)
    refused = site.sql("with x as (select 1) delete from claims", status=400)
    assert "not authorized" in refused["error"]
    assert site.sql("select count(*) as n from claims")["rows"] == [{"n": len(flat)}]


@pytest.mark.parametrize(
    "sql",
    [
        "select fts3_tokenizer('porter')",  # a memory address of the SQLite library
        "select hex(fts3_tokenizer('simple')) as address",
        "attach database ':memory:' as other",
        "pragma journal_mode=delete",
        "pragma writable_schema=on",
        "select load_extension('x')",
        "with x as (select 1) insert into articles (path) values ('x')",
        "create table t (x)",
        "vacuum",
    ],
)
def test_visitors_sql_may_only_read(site, sql):
    data = site.sql(sql, status=400)
    assert data["ok"] is False
    # refused by the authorizer, or before it by Datasette's own check (not a SELECT)
    assert "not authorized" in data["error"] or "must be a SELECT" in data["error"]
    page = site.get(f"/{site.name}?" + urllib.parse.urlencode({"sql": sql}), status=400)
    assert escape(data["error"]) in page.text


def test_the_authorizer_refuses_what_datasettes_own_checks_let_through(corpus_db):
    """SELECTs that Datasette's SQL editor accepts, refused below it by SQLite."""
    import sqlite3

    from extract import readonly

    con = sqlite3.connect(f"file:{corpus_db}?mode=ro", uri=True)
    try:
        readonly.guard(con)
        for sql in (
            "select fts3_tokenizer('porter')",
            "pragma cache_size=1",
            "attach database ':memory:' as other",
            "pragma query_only=0",
        ):
            with pytest.raises(sqlite3.DatabaseError, match="not authorized"):
                con.execute(sql).fetchall()
        # what the site needs still reads
        assert con.execute("select count(*) from claims_flat").fetchone()[0] > 0
        fts = "select count(*) from claims_fts where claims_fts match 'people'"
        assert con.execute(fts).fetchone()[0] > 0
        assert con.execute("select * from pragma_table_info('claims')").fetchall()
        assert con.execute("pragma table_xinfo(claims)").fetchall()
        assert con.execute("pragma schema_version").fetchone()
        assert con.execute("select count(*) from json_each('[1, 2]')").fetchone()[0] == 2
    finally:
        con.close()


def test_every_canned_query_and_page_still_reads(site):
    """With the authorizer on: each canned query, table and view with its facets,
    the search, the article page and Datasette's own introspection pages."""
    params = {
        "search": {"q": "Kazakhstan"},
        "by_speaker": {"speaker": "CABAR.asia"},
        "place_over_years": {"place": "Kazakhstan"},
    }
    assert set(QUERIES) >= set(params)
    for name in QUERIES:
        url = f"/{site.name}/{name}.json?" + urllib.parse.urlencode(params.get(name, {}))
        assert site.json(url)["ok"] is not False, name
        site.get(f"/{site.name}/{name}?" + urllib.parse.urlencode(params.get(name, {})))
    for table in ("claims", "claims_flat", "articles", "article_paths"):
        data = site.json(f"/{site.name}/{table}.json")
        assert data["rows"], table
        for facet in TABLES[table].get("facets", []):
            assert facet in data["facet_results"], (table, facet)
        site.get(f"/{site.name}/{table}")
    assert site.json(f"/{site.name}/claims_flat.json?_search=Kazakhstan")["rows"]
    site.get(f"/{site.name}/articles/1")
    for page in ("/", f"/{site.name}", "/-/versions.json", "/-/databases.json"):
        site.get(page)


def test_error_pages_are_plain_and_print_no_traceback(site, capsys):
    page = site.get(f"/{site.name}/no_such_table", status=404)
    assert "Table not found" in page.text or "not found" in page.text.lower()
    assert "<html" in page.text.lower() and "app.css" in page.text  # Datasette's own page
    data = site.json(f"/{site.name}/no_such_table.json", status=404)
    assert data["ok"] is False and data["status"] == 404
    site.get(f"/{site.name}/claims?_size=many", status=400)
    site.get(f"/{site.name}/claims?_sort=no_such_column", status=500)  # as Datasette has it
    site.get("/-/no-such-page", status=404)
    printed = capsys.readouterr()
    assert "Traceback" not in printed.out + printed.err
    assert "locals" not in printed.out + printed.err


def test_every_page_says_when_the_data_is_stale(corpus_db, site, tmp_path):
    from extract import watch

    status = watch.StatusFile(tmp_path / "status.json")
    assert "claims-stale" not in site.get(f"/{site.name}/claims_flat").text
    site = Site(corpus_db, serve.with_status_file(METADATA, status.path))  # as --watch serves
    assert "claims-stale" not in site.get(f"/{site.name}/claims_flat").text
    status.failed("/data/claims.db: the database is busy <script>")
    for page in ("/", f"/{site.name}", f"/{site.name}/claims_flat", f"/{site.name}/articles/1"):
        html = site.get(page).text
        assert "claims-stale" in html and "may be out of date" in html, page
        assert status.stale_since in html
        assert "the database is busy &lt;script&gt;" in html  # escaped
    status.rebuilt()
    assert "claims-stale" not in site.get(f"/{site.name}/claims_flat").text
    site.close()


def test_a_query_that_runs_too_long_is_stopped(site):
    sql = "with recursive n(i) as (select 1 union all select i + 1 from n) select count(*) from n"
    data = site.sql(sql, status=400)
    assert data["ok"] is False
    assert "too long" in data["error"]


# ----------------------------------------------------------------------- canned queries


def marked(snippet):
    return re.findall("\u27e6(.*?)\u27e7", snippet)


def test_search_finds_and_highlights(site, flat):
    rows = site.rows("/claims/search.json?q=Kazakhstan")
    expected = {
        r["id"]
        for r in flat
        if re.search(
            r"\bkazakhstan\b",
            " ".join(str(r[c] or "") for c in ("sentence", "figure", "speaker", "place")),
            re.I,
        )
    }
    assert {r["claim"] for r in rows} == expected
    assert SEED in {r["article"] for r in rows}
    assert all(m.lower() == "kazakhstan" for r in rows for m in marked(r["snippet"]))
    sentences = {r["id"]: r["sentence"] for r in flat}
    for row in rows:  # the snippet comes from the sentence, marked where it matches
        sentence = sentences[row["claim"]]
        assert row["snippet"].replace("\u27e6", "").replace("\u27e7", "").strip("…") in sentence
        assert bool(marked(row["snippet"])) == bool(re.search(r"\bkazakhstan\b", sentence, re.I))
    assert any(marked(r["snippet"]) for r in rows)
    # stemming: a search for "relocate" finds "relocated"
    assert any("relocated" in r["snippet"] for r in site.rows("/claims/search.json?q=relocate"))
    html = site.get("/claims/search?q=Kazakhstan").text
    assert "<mark>Kazakhstan</mark>" in html
    first = rows[0]["claim"]
    assert (
        f'<td class="col-claim"><a href="/claims/claims/{first}" title="The claim">{first}</a></td>'
        in html
    )
    assert "\u27e6" not in html.split("<tbody>", 1)[1]


def test_claims_by_speaker(site, flat):
    speaker = "CABAR.asia"
    rows = site.rows(f"/claims/by_speaker.json?speaker={speaker}")
    assert sorted(r["claim"] for r in rows) == sorted(
        r["id"] for r in flat if r["speaker"] == speaker
    )
    assert {r["article"] for r in rows} == {SEED}
    assert "31,000" in {r["figure"] for r in rows}
    published = [r["published"] or "" for r in rows]
    assert published == sorted(published)


def test_a_place_over_the_years(site, flat):
    rows = site.rows("/claims/place_over_years.json?place=Kazakhstan")
    expected = [
        r
        for r in flat
        if r["place"] == "Kazakhstan"
        and (r["year_start"] or r["year_end"]) is not None
        and r["claim_group"] in (None, r["id"])
    ]
    assert sorted(r["figure"] for r in rows) == sorted(r["figure"] for r in expected)
    years = [r["year_start"] if r["year_start"] is not None else r["year_end"] for r in rows]
    assert years == sorted(years)
    assert ("31,000", 2019, 31000.0) in {(r["figure"], r["year_start"], r["amount"]) for r in rows}
    for r in rows:
        if r["value"] is None and r["value_low"] is not None and r["value_high"] is not None:
            assert r["amount"] == (r["value_low"] + r["value_high"]) / 2


def test_claims_per_source(site, flat, corpus_db):
    rows = {r["source"]: r for r in site.rows("/claims/claims_per_source.json")}
    assert rows["Wikinews"]["articles"] == 24
    assert sum(r["claims"] for r in rows.values()) == len(flat)
    for source, row in rows.items():
        assert row["claims"] == sum(1 for r in flat if r["source"] == source)


ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)  # SQLite's lower()
STOP_WORDS = {
    "about",
    "after",
    "also",
    "been",
    "before",
    "from",
    "have",
    "into",
    "more",
    "over",
    "said",
    "than",
    "that",
    "their",
    "them",
    "there",
    "these",
    "they",
    "this",
    "were",
    "what",
    "when",
    "which",
    "while",
    "with",
    "would",
    "year",
    "years",
}


def stems(subject):
    words = (subject or "").translate(ASCII_LOWER).split(" ")
    return {w[:5] for w in words if len(w) > 3 and w not in STOP_WORDS}


def expected_disagreements(flat):
    """The disagreements rule of the canned query's description, written out in Python."""
    claims = []
    for r in flat:
        amount = r["value"]
        if amount is None and r["value_low"] is not None and r["value_high"] is not None:
            amount = (r["value_low"] + r["value_high"]) / 2
        if amount is None:
            amount = r["value_low"] if r["value_low"] is not None else r["value_high"]
        y0 = r["year_start"] if r["year_start"] is not None else r["year_end"]
        y1 = r["year_end"] if r["year_end"] is not None else r["year_start"]
        if r["place"] is not None and y0 is not None and amount is not None:
            claims.append({**r, "amount": amount, "y0": y0, "y1": y1})
    pairs = set()
    for a, b in combinations(sorted(claims, key=lambda r: r["id"]), 2):
        if not (
            a["place"] == b["place"]
            and a["y0"] <= b["y1"]
            and b["y0"] <= a["y1"]
            and a["y1"] - a["y0"] == b["y1"] - b["y0"]
        ):
            continue
        if a["article"] == b["article"] and a["speaker"] == b["speaker"]:
            continue
        if (a["claim_group"] or a["id"]) == (b["claim_group"] or b["id"]):
            continue
        if abs(a["amount"] - b["amount"]) <= 0.1 * max(abs(a["amount"]), abs(b["amount"])):
            continue
        if a["flow"] != b["flow"]:
            continue
        if a["unit"] != b["unit"] and not (a["flow"] and None in (a["unit"], b["unit"])):
            continue
        if not a["flow"] and not stems(a["subject"]) & stems(b["subject"]):
            continue
        pairs.add((a["id"], b["id"]))
    return pairs


def check_disagreement(row, by_id):
    a, b = by_id[row["claim_a"]], by_id[row["claim_b"]]
    assert a["place"] == b["place"] == row["place"]
    assert row["years_a_start"] <= row["years_b_end"] and row["years_b_start"] <= row["years_a_end"]
    assert (a["article"], a["speaker"]) != (b["article"], b["speaker"])
    assert row["difference_percent"] > 10
    assert (row["figure_a"], row["article_a"], row["figure_b"], row["article_b"]) == (
        a["figure"],
        a["article"],
        b["figure"],
        b["article"],
    )
    # the articles' ids, so the page links each article without a lookup per cell
    assert (row["article_a_id"], row["article_b_id"]) == (a["article_id"], b["article_id"])


def test_disagreements_on_the_bundled_corpus(site, flat):
    rows = site.rows("/claims/disagreements.json")
    by_id = {r["id"]: r for r in flat}
    assert {(r["claim_a"], r["claim_b"]) for r in rows} == expected_disagreements(flat)
    for row in rows:
        check_disagreement(row, by_id)
    # figures in one article about different things (bail and the value of a hard drive)
    # are not a disagreement
    assert not any(r["article_a"] == r["article_b"] == "defector.md" for r in rows)


def test_an_article_with_other_figures_makes_a_disagreement(corpus_db, tmp_path, nlp):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    (corpus / "ministry.md").write_text(
        "---\ntitle: Fewer leave\nsource: Test Wire\npublished: 2020-02-01\n---\n"
        "The ministry said that 25,000 people left Kazakhstan in 2019.\n",
        encoding="utf-8",
    )
    db_path = tmp_path / "claims.db"
    shutil.copy(corpus_db, db_path)
    summary = build(corpus, db_path)
    assert summary.read == 1
    site = Site(db_path)
    try:
        db = store.open_db(db_path)
        flat = store.predictions(db)
        db.close()
        rows = site.rows("/claims/disagreements.json")
        assert {(r["claim_a"], r["claim_b"]) for r in rows} == expected_disagreements(flat)
        found = [
            r
            for r in rows
            if "ministry.md" in (r["article_a"], r["article_b"])
            and {r["figure_a"], r["figure_b"]} == {"31,000", "25,000"}
        ]
        assert len(found) == 1 and found[0]["place"] == "Kazakhstan"
        assert found[0]["years_a_start"] == found[0]["years_b_start"] == 2019
        html = site.get("/claims/disagreements").text
        article_id = site.json("/claims/articles.json?path=ministry.md&_shape=array")[0]["id"]
        assert f'href="/claims/articles/{article_id}"' in html
        assert f'href="/claims/claims/{found[0]["claim_b"]}"' in html
        # each pair side by side, the difference in percent between them
        pairs = html.split('<div class="disagreement">')[1:]
        assert len(pairs) == len(rows)
        (pair,) = [p for p in pairs if "ministry.md" in p and "<mark>25,000</mark>" in p]
        assert pair.index('class="side side-a"') < pair.index('class="difference"')
        assert pair.index('class="difference"') < pair.index('class="side side-b"')
        assert f"<strong>{found[0]['difference_percent']}%</strong>" in pair
        assert "<mark>31,000</mark>" in pair
    finally:
        site.close()


# ------------------------------------------------------------------------- browsing


def test_a_facet_in_the_metadata_and_the_url_is_computed_once(site):
    facets = TABLES["claims"]["facets"]
    url = "/claims/claims.json?" + "&".join(f"_facet={f}" for f in facets)
    data = site.json(url)
    names = [result["name"] for result in data["facet_results"].values()]
    assert sorted(names) == sorted(facets)  # Datasette 0.65 alone gives each twice


def test_every_facet_returns_values(site):
    labels = METADATA["plugins"]["news-claims"]["facet_labels"]
    for table in ("claims", "claims_flat", "articles"):
        facets = TABLES[table]["facets"]
        data = site.json(f"/claims/{table}.json")
        assert set(data["facet_results"]) == set(facets), table
        for facet in facets:
            results = data["facet_results"][facet]["results"]
            assert results and all(r["count"] > 0 for r in results), (table, facet)
            assert any(r["value"] is not None for r in results), (table, facet)
        html = site.get(f"/claims/{table}").text
        for facet in facets:
            assert f'<span class="facet-label">{labels[facet]}</span>' in html, (table, facet)


def test_a_speaker_facet_narrows_the_claims(site, flat):
    data = site.json("/claims/claims_flat.json?_facet=speaker&speaker=CABAR.asia&_shape=objects")
    assert data["filtered_table_rows_count"] == sum(1 for r in flat if r["speaker"] == "CABAR.asia")
    assert {r["speaker"] for r in data["rows"]} == {"CABAR.asia"}
    (selected,) = [r for r in data["facet_results"]["speaker"]["results"] if r["selected"]]
    assert selected["value"] == "CABAR.asia"


def test_claims_flat_shows_the_newest_articles_first(site, flat):
    rows = site.rows("/claims/claims_flat.json")
    assert len(rows) == len(flat)
    dates = [r["published"] for r in rows if r["published"]]
    assert dates == sorted(dates, reverse=True) and len(set(dates)) > 1


def test_column_descriptions_are_shown(site):
    html = site.get("/claims/claims_flat").text
    for column in TABLES["claims_flat"]["columns"]:
        assert f"<dt>{column}</dt>" in html
    assert 'data-column-description="Who asserts the figure' in html


def test_each_claim_links_to_its_article_whose_page_shows_the_text(site, corpus_db):
    db = store.open_db(corpus_db)
    article = next(db.query("select id, path, text, title from articles where path = ?", [SEED]))
    claims = list(db.query("select id, figure from claims where article_id = ?", [article["id"]]))
    db.close()
    link = (
        f'<a href="/claims/articles/{article["id"]}" title="The article, with its text">{SEED}</a>'
    )
    html = site.get(f"/claims/claims_flat?article={SEED}&_columns=all").text
    assert html.count(link) == len(claims)
    assert f'<a href="/claims/claims/{claims[0]["id"]}"' in html  # the claim id opens the claim
    # the analysts' columns: the article's title links to it, the figure to the claim
    html = site.get(f"/claims/claims_flat?article={SEED}").text
    title = str(escape(article["title"] or SEED))
    assert html.count(f'<a href="/claims/articles/{article["id"]}" title="{SEED}: ') == len(claims)
    assert html.count(f">{title}</a>") == len(claims)
    for claim in claims:
        assert f'<a href="/claims/claims/{claim["id"]}" title="The claim' in html
    page = site.get(f"/claims/articles/{article['id']}").text
    assert '<div class="article-text">' in page
    text = re.sub(
        r"<[^>]+>", "", page.split('<div class="article-text">', 1)[1].split("</div>", 1)[0]
    )
    assert text == str(escape(article["text"]))
    for claim in claims:  # every claim's figure is marked and opens the claim
        assert f'href="/claims/claims/{claim["id"]}"' in page
    # and the article's claims are one click away
    assert f"/claims/claims?article_id={article['id']}" in page


def test_map_and_chart_plugins_are_served_locally(site):
    html = site.get("/claims/claims_flat").text
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', html)
    assert scripts and all(s.startswith("/") for s in scripts), scripts
    assert "/-/static-plugins/datasette-cluster-map/datasette-cluster-map.js" in scripts
    assert any("/-/static-plugins/datasette_vega/" in s for s in scripts)
    assert 'window.DATASETTE_CLUSTER_MAP_LATITUDE_COLUMN = "latitude"' in html
    leaflet = re.search(r"JAVASCRIPT_URL: '([^']+)'", html).group(1)
    for url in scripts + [leaflet]:
        assert site.get(url).status_code == 200
    # the chart plugin on a place's figures by year
    html = site.get("/claims/place_over_years?place=Kazakhstan").text
    assert any(
        "/-/static-plugins/datasette_vega/" in s
        for s in re.findall(r'<script[^>]+src="([^"]+)"', html)
    )


# ------------------------------------------------------------------------- safety

SCRIPT = "<script>window.__pwned = 1; document.title = 'pwned'</script>"
IMG = '<img src=x onerror="window.__pwned = 2">'


@pytest.fixture
def hostile_db(tmp_path):
    """An article whose title, text and URL carry markup and script."""
    text = f"The ministry said {SCRIPT} that 25000 people left Kazakhstan in 2019. {IMG} Fine."
    sentence = text.split(" Fine.")[0]
    start = text.index("25000")
    path = tmp_path / "claims.db"
    db = store.open_db(path)
    store.save_article(
        db,
        Article(
            path="hostile.md",
            text=text,
            title=f"Figures {SCRIPT}",
            source=f"Wire {IMG}",
            url="javascript:window.__pwned = 3",
            content_hash="h",
        ),
        [
            Claim(
                figure="25000",
                char_start=start,
                char_end=start + 5,
                sentence=sentence,
                value=25000.0,
                unit="people",
                year_start=2019,
                year_end=2019,
                place="Kazakhstan",
                speaker=f"ministry {IMG}",
                subject=SCRIPT,
                confidence=0.5,
            )
        ],
        "1",
    )
    db.close()
    return path


def assert_no_live_markup(html):
    assert "<script>window.__pwned" not in html
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html
    assert "&lt;script&gt;window.__pwned" in html


def test_markup_in_articles_is_shown_as_text(hostile_db):
    site = Site(hostile_db)
    try:
        for url in (
            "/claims/claims_flat",
            "/claims/claims",
            "/claims/articles",
            "/claims/articles/1",
            "/claims/claims/1",
            "/claims/search?q=ministry",
            "/claims/by_speaker?speaker="
            + "ministry%20%3Cimg%20src%3Dx%20onerror%3D%22window.__pwned%20%3D%202%22%3E",
        ):
            assert_no_live_markup(site.get(url).text)
        page = site.get("/claims/articles/1").text
        assert '<div class="article-text">' in page and "<mark>25000</mark>" in page
        search = site.get("/claims/search?q=ministry").text
        assert "<mark>ministry</mark>" in search
    finally:
        site.close()


def test_highlight_escapes_before_marking():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "news_claims_datasette", ROOT / "extract" / "site" / "plugins" / "news_claims_datasette.py"
    )
    plugin = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(plugin)
    html = plugin.highlight("a \u27e6<b>x</b>\u27e7 & <script>y</script>")
    assert str(html) == "a <mark>&lt;b&gt;x&lt;/b&gt;</mark> &amp; &lt;script&gt;y&lt;/script&gt;"


# --------------------------------------------------------- pages an analyst reads

ANALYST_COLUMNS = METADATA["plugins"]["news-claims"]["default_columns"]["claims_flat"]
HIDDEN = ["id", "char_start", "char_end", "latitude", "longitude", "claim_group", "article_id"]


def headings(html):
    """The data-column of each visible heading of the page's table."""
    head = html.split('<table class="rows-and-columns', 1)[1].split("</thead>", 1)[0]
    return re.findall(r'<th (?![^>]*\bhidden\b)[^>]*data-column="([^"]+)"', head)


def test_claims_pages_show_the_columns_an_analyst_reads(site, flat):
    assert set(HIDDEN).isdisjoint(ANALYST_COLUMNS)
    for table in ("claims_flat", "claims"):
        html = site.get(f"/claims/{table}").text
        assert headings(html) == ANALYST_COLUMNS, table
        # the map still finds its coordinates
        assert 'data-column="latitude"' in html and 'data-column="longitude"' in html
        # every column is one click away, and in the exports
        every = site.get(f"/claims/{table}?_columns=all").text
        assert set(HIDDEN) - {"id"} <= set(headings(every)), table
        data = site.json(f"/claims/{table}.json?_shape=objects&_size=1")
        assert set(HIDDEN) <= set(data["rows"][0])
        csv = site.get(f"/claims/{table}.csv?_size=1").text
        assert set(HIDDEN) <= set(csv.splitlines()[0].split(","))
    # columns the user picks win
    html = site.get("/claims/claims_flat?_col=figure&_col=char_start").text
    assert headings(html) == ["figure", "char_start"]


def test_a_claims_page_writes_values_years_and_marks_the_figure(site, flat):
    html = site.get(f"/claims/claims_flat?article={SEED}&_size=max").text
    body = html.split("<tbody>", 1)[1]
    rows = [r for r in flat if r["article"] == SEED]
    ranged = next(r for r in rows if r["value"] is None and r["value_low"] is not None)
    assert f"{ranged['value_low']:,.0f}–{ranged['value_high']:,.0f}" in body
    span = next(r for r in rows if r["year_end"] != r["year_start"])
    assert f"{span['year_start']}–{span['year_end']}" in body
    for row in rows:
        assert f"<mark>{escape(row['figure'])}</mark>" in body, row["figure"]
    # a place and a speaker link to their figures over the years
    assert '<a href="/claims/place_over_years?place=Kazakhstan"' in body
    assert '<a href="/claims/by_speaker?speaker=CABAR.asia"' in body


def test_a_claims_card(site, flat, corpus_db):
    db = store.open_db(corpus_db)
    text = next(db.query("select text from articles where path = ?", [SEED]))["text"]
    db.close()
    rows = [r for r in flat if r["article"] == SEED]
    # the figure is marked where the article has it (the sentence also has "300,000")
    claim = next(r for r in rows if r["figure"] == "299.500")
    html = site.get(f"/claims/claims/{claim['id']}").text
    card = html.split('<div class="claim-card">', 1)[1]
    sentence = card.split('<blockquote class="claim-sentence">', 1)[1].split("</blockquote>", 1)[0]
    assert re.sub("</?mark>", "", sentence) == str(escape(claim["sentence"]))
    start = text.rindex(claim["sentence"], 0, claim["char_start"] + len(claim["sentence"]))
    at = claim["char_start"] - start
    assert sentence.startswith(str(escape(claim["sentence"][:at])) + "<mark>299.500</mark>")
    fields = dict(
        re.findall(
            r'<dt class="field-(\w+)">.*?</dt>\s*<dd class="field-\1">(.*?)</dd>', card, re.S
        )
    )
    assert fields["value"] == "299,500"
    assert fields["years"] == "1997"
    assert "Kazakhstan" in fields["place"] and "CABAR.asia" in fields["speaker"]
    assert f"{claim['char_start']}–{claim['char_end']}" in fields["offsets"]
    assert "/claims/articles/" in fields["article"]
    others = [r["id"] for r in rows if r["id"] != claim["id"]]
    listed = re.findall(r'<li><a href="/claims/claims/(\d+)">', card)
    assert sorted(map(int, listed)) == sorted(others)


def chart_dots(html):
    """unit -> number of dots, for each chart on the page."""
    charts = re.findall(r'<figure class="figures-chart">(.*?)</figure>', html, re.S)
    found = {}
    for svg in charts:
        title = re.search(r'class="title[^"]*"[^>]*>([^<]+)<', svg).group(1)
        found[title.rsplit(":", 1)[0]] = svg.count("<circle")
    return found


def test_a_place_over_the_years_is_charted_per_unit(site, flat):
    html = site.get("/claims/place_over_years?place=Kazakhstan").text
    rows = site.rows("/claims/place_over_years.json?place=Kazakhstan")
    expected = Counter((r["unit"] or "(no unit)") for r in rows if r["amount"] is not None)
    assert len(expected) > 1  # several units, so several charts
    assert chart_dots(html) == dict(expected)
    svgs = "".join(re.findall(r'<figure class="figures-chart">(.*?)</figure>', html, re.S))
    assert "<script" not in svgs
    # each dot links to its claim and says what it is
    for r in rows:
        assert f'xlink:href="/claims/claims/{r["claim"]}"' in svgs
    # a speaker's figures too
    html = site.get("/claims/by_speaker?speaker=CABAR.asia").text
    assert sum(chart_dots(html).values()) == sum(
        1
        for r in flat
        if r["speaker"] == "CABAR.asia"
        and r["year_start"]
        and r["figure"]
        and (r["value"] is not None or r["value_low"] is not None)
    )


@pytest.mark.parametrize(
    "q, syntax, expected",
    [
        ("", "", None),  # the form, nothing run
        ("Kazakhstan", "", "kazakhstan"),
        ('"left the country"', "", "left"),
        ('"COVID-19', "", None),  # an unbalanced quote: a word, not an error
        ("Kazakhstan OR Russia", "", None),  # OR is a word without FTS syntax
        ("Kazakhstan OR Russia", "fts", "kazakhstan"),
        ('Kazakhstan OR "', "fts", None),  # not valid FTS: the words are searched
        ("Kazakh*", "fts", "kazakhstan"),
        ("NOT AND (", "", None),
    ],
)
def test_search_never_fails(site, flat, q, syntax, expected):
    url = "/claims/search?" + urllib.parse.urlencode({"q": q, "syntax": syntax})
    html = site.get(url).text
    assert "message-error" not in html and "syntax error" not in html
    assert '<input type="search" name="q"' in html
    rows = site.rows("/claims/search.json?" + urllib.parse.urlencode({"q": q, "syntax": syntax}))
    if not q:
        assert rows == [] and "<table" not in html
    if expected:
        assert rows and any(expected in r["snippet"].lower() for r in rows)
    if syntax and q.endswith('"'):
        assert "Not valid FTS5 syntax" in html


@given(st.text(max_size=30))
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_search_never_fails_on_any_text(site, q):
    for syntax in ("", "fts"):
        url = "/claims/search.json?" + urllib.parse.urlencode({"q": q, "syntax": syntax})
        assert site.json(url)["ok"] is True
