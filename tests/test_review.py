"""Analysts' reviews end to end, on real articles: `claims review` and the review form
of `claims serve --review` (through Datasette's own client) write to the corpus's
corrections.jsonl and apply it; the reviews survive `claims build`, `--full` and edits
that move offsets; an unanchorable review is reported by name; without --review every
write is refused; rejected claims leave the default pages and canned queries."""

import json
import re
import shutil
import urllib.parse
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from conftest import TINY_ARTICLES, copy_built
from sites import ServedSite

from extract import cli, corrections, serve, store
from extract import nlp as nlp_module
from extract.build import build

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="module")
def template(tmp_path_factory, nlp):
    """Three real articles built once; each test gets its own copy."""
    folder = tmp_path_factory.mktemp("template")
    (folder / "corpus").mkdir()
    for name in TINY_ARTICLES:
        shutil.copy2(CORPUS / name, folder / "corpus" / name)
    summary = build(folder / "corpus", folder / "claims.db")
    assert summary.failed == [] and summary.claims_total >= 6
    return folder


@pytest.fixture
def site(template, tmp_path):
    """A fresh copy of the built corpus: (corpus folder, database)."""
    return copy_built(template, tmp_path)


def claims_by_figure(db_path: Path) -> dict[tuple[str, str], dict]:
    """(article, figure) -> the claim's row, with its status."""
    db = store.open_db(db_path)
    try:
        return {(row["article"], row["figure"]): row for row in store.predictions(db)}
    finally:
        db.close()


def claim_id(db_path: Path, article: str, figure: str) -> int:
    return claims_by_figure(db_path)[(article, figure)]["id"]


def invoke(*args, expect: int = 0):
    result = CliRunner().invoke(cli.main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == expect, (result.stdout, result.stderr)
    return result


def records(corpus: Path) -> list[dict]:
    lines = (corpus / corrections.CORRECTIONS_FILE).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


# ------------------------------------------------------------------------- command line


def review_through_the_cli(corpus: Path, db: Path) -> None:
    """Five reviews through `claims review`, as an analyst would type them."""
    place = ["--db", db, "--corpus", corpus]
    before = claims_by_figure(db)
    out = invoke(
        "review", "fix", claim_id(db, "worship.md", "about 100,000"),
        "--speaker", "Greek Ministry of Culture", "--years", "2005-2006", "--by", "ana", *place,
    ).stdout  # fmt: skip
    assert "worship.md, 'about 100,000'" in out and ": corrected" in out
    speaker = before[("worship.md", "about 100,000")]["speaker"] or "(none)"
    assert f"speaker: {speaker} -> Greek Ministry of Culture" in out
    assert "Recorded in " in out and "corrections.jsonl:1" in out
    invoke("review", "reject", claim_id(db, "asylum.md", "200"), "--note", "boats", *place)
    invoke("review", "confirm", claim_id(db, "asylum.md", "over 700"), *place)
    invoke("review", "fix", claim_id(db, "asylum.md", "8000"), "--direction", "increase", *place)
    out = invoke(
        "review", "fix", claim_id(db, "003_a2bd9d0f0c373590.txt", "around 80,000"),
        "--place", "almaty", "--value", "80000", *place,
    ).stdout  # fmt: skip
    if before[("003_a2bd9d0f0c373590.txt", "around 80,000")]["place"] != "Almaty":
        assert " -> Almaty" in out


def assert_reviews_applied(db: Path) -> None:
    claims = claims_by_figure(db)
    fixed = claims[("worship.md", "about 100,000")]
    assert fixed["status"] == "corrected"
    assert (fixed["speaker"], fixed["year_start"], fixed["year_end"]) == (
        "Greek Ministry of Culture",
        2005,
        2006,
    )
    assert {"speaker", "year_start"} <= set(json.loads(fixed["extracted"]))
    assert claims[("asylum.md", "200")]["status"] == "rejected"
    assert claims[("asylum.md", "over 700")]["status"] == "confirmed"
    almaty = claims[("003_a2bd9d0f0c373590.txt", "around 80,000")]
    assert (almaty["status"], almaty["place"], almaty["country_code"]) == (
        "corrected",
        "Almaty",
        "KZ",
    )
    assert almaty["latitude"] is not None
    unreviewed = [c for c in claims.values() if c["figure"] in ("closer to 40,000", "around 1,500")]
    assert unreviewed and {c["status"] for c in unreviewed} == {"extracted"}


def test_reviews_through_the_cli_survive_rebuilds_and_edits(site):
    corpus, db = site
    review_through_the_cli(corpus, db)
    assert_reviews_applied(db)
    assert [r["status"] for r in records(corpus)] == [
        "corrected",
        "rejected",
        "confirmed",
        "corrected",
        "corrected",
    ]
    assert records(corpus)[0]["by"] == "ana" and records(corpus)[1]["note"] == "boats"

    # a build with nothing changed, then a full rebuild (every claim gets a new id)
    out = invoke("build", corpus, "--db", db)
    assert "3 unchanged" in out.stdout and "corrections.jsonl" not in out.stderr
    reviews = f"Reviews from {corpus / 'corrections.jsonl'}: 1 confirmed, 3 corrected, 1 rejected."
    assert reviews in out.stdout
    assert_reviews_applied(db)
    old_ids = {c["id"] for c in claims_by_figure(db).values()}
    invoke("build", corpus, "--db", db, "--full")
    assert old_ids.isdisjoint(c["id"] for c in claims_by_figure(db).values())
    assert_reviews_applied(db)
    assert claims_by_figure(db)[("asylum.md", "8000")]["direction"] == "increase"

    # edit the articles so that every offset moves: every review follows its figure
    before = {key: c["char_start"] for key, c in claims_by_figure(db).items()}
    note = "Updated with readers' notes.\n\n"
    for name in TINY_ARTICLES:
        path = corpus / name
        text = path.read_text(encoding="utf-8")
        if text.startswith("---"):
            _, front, body = text.split("---\n", 2)
            text = f"---\n{front}---\n{note}{body}"
        else:
            text = text.replace(" date 2022-10-20 ", " date 2022-10-20 " + note, 1)
        path.write_text(text, encoding="utf-8")
    out = invoke("build", corpus, "--db", db)
    assert "3 read" in out.stdout and "not applied" not in out.stderr
    after = claims_by_figure(db)
    assert all(after[key]["char_start"] > start for key, start in before.items())
    assert_reviews_applied(db)

    # the figure of a reviewed claim edited away: reported by name, the others kept
    path = corpus / "asylum.md"
    path.write_text(path.read_text().replace("8000 migrants", "9,000 migrants"))
    out = invoke("build", corpus, "--db", db)
    line = f"{corpus / 'corrections.jsonl'}:4: asylum.md: corrected '8000' at "
    assert line in out.stderr
    assert "the figure is no longer in the article (not applied)" in out.stderr
    assert "1 line(s) not applied, see above" in out.stdout
    assert_reviews_applied(db)


def test_editing_only_the_corrections_file_extracts_nothing(site, monkeypatch):
    corpus, db = site
    claim = claims_by_figure(db)[("worship.md", "closer to 40,000")]
    record = {
        "article": "worship.md",
        "figure": "closer to 40,000",
        "char_start": claim["char_start"],
        "status": "corrected",
        "direction": "decrease",
        "by": "ana",
        "at": "2024-05-01T10:00:00+00:00",
    }
    (corpus / "corrections.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")

    def refuse(*args, **kwargs):
        raise AssertionError("an article was read or spaCy loaded for a corrections-only change")

    monkeypatch.setattr(nlp_module, "load", refuse)
    monkeypatch.setattr("extract.build.read_article", refuse)
    summary = build(corpus, db)
    assert summary.read == 0 and summary.skipped_unchanged == 3 and summary.model is None
    assert summary.skipped == []  # the corrections file is not an article
    assert summary.corrections.reviewed == 1 and summary.corrections.changed == 1
    assert claims_by_figure(db)[("worship.md", "closer to 40,000")]["direction"] == "decrease"
    # the line removed: the claim is as extracted again, still without extracting
    (corpus / "corrections.jsonl").write_text("", encoding="utf-8")
    build(corpus, db)
    assert claims_by_figure(db)[("worship.md", "closer to 40,000")]["status"] == "extracted"
    assert (
        claims_by_figure(db)[("worship.md", "closer to 40,000")]["direction"] == claim["direction"]
    )


def test_a_malformed_line_is_reported_and_fails_the_build(site):
    corpus, db = site
    review_through_the_cli(corpus, db)
    with open(corpus / "corrections.jsonl", "a", encoding="utf-8") as f:
        f.write('{"article": "asylum.md", "figure": "200", "status": "maybe"}\n{oops\n')
    out = invoke("build", corpus, "--db", db, expect=1)
    assert f"{corpus / 'corrections.jsonl'}:6: 'status' must be confirmed" in out.stderr
    assert f"{corpus / 'corrections.jsonl'}:7: not valid JSON" in out.stderr
    assert_reviews_applied(db)  # the good lines still apply


def test_review_cli_errors_are_clear(site):
    corpus, db = site
    place = ["--db", db, "--corpus", corpus]
    some = claim_id(db, "asylum.md", "200")
    out = invoke("review", "fix", some, "--years", "20-19", *place, expect=2)
    assert "Invalid value for '--years': years must be a year or a span" in out.stderr
    out = invoke("review", "fix", some, "--flow", "out", *place, expect=2)
    assert "flow must be outbound, inbound or none, not 'out'" in out.stderr
    out = invoke("review", "fix", some, *place, expect=2)
    assert "give at least one field to fix" in out.stderr
    out = invoke("review", "confirm", 99999, *place, expect=1)
    assert "no claim 99999 in" in out.stderr
    out = invoke("review", "confirm", some, "--db", db, "--corpus", corpus / "nope", expect=1)
    assert "corpus folder" in out.stderr and "does not exist" in out.stderr
    assert not (corpus / "corrections.jsonl").exists()
    out = invoke("review", "fix", some, "--place", "Nowhereland", *place)
    assert "'Nowhereland' is not in the gazetteer" in out.stderr


def test_eval_scores_the_extractor_against_the_reviews(site):
    corpus, db = site
    gold = ROOT / "tests" / "gold" / "wikinews.jsonl"
    plain = json.loads(invoke("eval", gold, "--db", db, "--json").stdout)
    review_through_the_cli(corpus, db)
    file = corpus / "corrections.jsonl"
    scores = json.loads(invoke("eval", "--corrections", file, "--db", db, "--json").stdout)
    assert scores["reviewed"] == 5 and scores["lost"] == 0
    rows = {row["name"]: row for row in scores["rows"]}
    # 5 reviewed, 1 rejected: 4 right detections of 5 predictions
    assert (rows["detection"]["hits"], rows["detection"]["predicted_denominator"]) == (4, 5)
    assert (rows["speaker"]["hits"], rows["speaker"]["gold_denominator"]) == (1, 2)
    assert rows["full claim"]["hits"] == 1  # only the confirmed claim is right throughout
    # the file given as a gold file is recognised; with real gold both are reported
    text = invoke("eval", file, "--db", db).stdout
    assert text.startswith(f"Against the analysts' reviews in {file}: 5 reviewed claims")
    both = json.loads(invoke("eval", gold, file, "--db", db, "--json").stdout)
    assert set(both) == {"gold", str(file)}
    # the gold score reads the extractor's values, not the analysts'
    assert both["gold"]["rows"] == plain["rows"]


# --------------------------------------------------------------------------- Datasette


class Site(ServedSite):
    """Datasette as `claims serve` runs it; with ``review`` as `claims serve --review`."""

    def __init__(self, corpus: Path, db: Path, monkeypatch, review: bool):
        env = serve.review_environment(corpus, db, review, by="web-analyst")
        monkeypatch.delenv(corrections.REVIEW_ENV, raising=False)
        if corrections.REVIEW_ENV in env:
            monkeypatch.setenv(corrections.REVIEW_ENV, env[corrections.REVIEW_ENV])
        super().__init__(db)

    def get(self, url: str, **kwargs) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def form(self, claim: int) -> tuple[str, dict]:
        """The CSRF token of a claim's page, and the cookies that go with it."""
        page = self.get(f"/claims/claims/{claim}")
        assert page.status_code == 200
        token = re.search(r'name="csrftoken" value="([^"]+)"', page.text)
        assert token, "no review form on the claim's page"
        return token.group(1), {"ds_csrftoken": page.cookies["ds_csrftoken"]}

    def review(self, claim: int, **data) -> httpx.Response:
        token, cookies = self.form(claim)
        return self.post(f"/-/review/{claim}", data={"csrftoken": token, **data}, cookies=cookies)

    def message(self, response: httpx.Response) -> str:
        page = self.get(response.headers["location"], cookies=dict(response.cookies))
        found = re.findall(r'<p class="message-(\w+)">(.*?)</p>', page.text, re.S)
        assert len(found) == 1, found
        return ": ".join(found[0])


@pytest.fixture
def reviewing(site, monkeypatch):
    corpus, db = site
    web = Site(corpus, db, monkeypatch, review=True)
    yield corpus, db, web
    web.close()


@pytest.fixture
def read_only(site, monkeypatch):
    corpus, db = site
    monkeypatch.setenv(corrections.REVIEW_ENV, json.dumps({"db": str(db), "corpus": str(corpus)}))
    web = Site(corpus, db, monkeypatch, review=False)  # as `claims serve` without --review
    yield corpus, db, web
    web.close()


def test_review_in_datasette(reviewing):
    corpus, db, web = reviewing
    fixed = claim_id(db, "worship.md", "about 100,000")
    speaker = claims_by_figure(db)[("worship.md", "about 100,000")]["speaker"]
    page = web.get(f"/claims/claims/{fixed}").text
    assert f'name="speaker" value="{speaker or ""}"' in page
    assert 'name="action" value="reject"' in page

    response = web.review(
        fixed,
        action="fix",
        value="100,000",
        years="2005-2006",
        place="Greece",
        speaker="Greek Ministry of Culture",
        direction="",
        flow="",
    )
    assert response.status_code == 302
    assert response.headers["location"] == f"/claims/claims/{fixed}#review"
    message = web.message(response)
    assert message.startswith(f"info: Claim {fixed} corrected (")
    assert "speaker Greek Ministry of Culture" in message and "line 1" in message
    response = web.review(claim_id(db, "asylum.md", "200"), action="reject")
    assert web.message(response).startswith("info: Claim ")
    response = web.review(claim_id(db, "asylum.md", "over 700"), action="confirm")
    assert "confirmed" in web.message(response)
    response = web.review(claim_id(db, "asylum.md", "8000"), action="fix", years="199")
    assert web.message(response).startswith("error: Not saved: years must be a year or a span")
    unchanged = claims_by_figure(db)[("asylum.md", "8000")]["speaker"] or ""
    response = web.review(claim_id(db, "asylum.md", "8000"), action="fix", speaker=unchanged)
    assert web.message(response) == "error: Nothing to save: no field differs from the claim."

    written = records(corpus)
    assert [r["status"] for r in written] == ["corrected", "rejected", "confirmed"]
    assert {r["by"] for r in written} == {"web-analyst"}
    assert set(written[0]) >= {"years", "speaker"} and "place" not in written[0]  # unchanged
    claims = claims_by_figure(db)
    assert claims[("worship.md", "about 100,000")]["speaker"] == "Greek Ministry of Culture"
    assert claims[("asylum.md", "200")]["status"] == "rejected"
    page = web.get(f"/claims/claims/{fixed}").text
    assert "Status: <strong>corrected</strong> by web-analyst" in page
    assert "The extractor said: " in page and f"speaker {speaker or 'none'}" in page
    # what the browser wrote survives a full rebuild
    build(corpus, db, full=True)
    assert claims_by_figure(db)[("asylum.md", "200")]["status"] == "rejected"


def test_review_writes_are_refused_without_token_or_from_elsewhere(reviewing):
    corpus, db, web = reviewing
    claim = claim_id(db, "asylum.md", "200")
    url = f"/-/review/{claim}"
    token, cookies = web.form(claim)
    refused = [
        web.post(url, data={"action": "reject"}),  # no cookie: asgi-csrf lets it through
        web.post(url, data={"action": "reject", "csrftoken": token}),
        web.post(url, data={"action": "reject", "csrftoken": "forged"}, cookies=cookies),
        web.post(
            url,
            data={"action": "reject", "csrftoken": token},
            cookies=cookies,
            headers={"Origin": "http://evil.example"},
        ),
        web.post(
            url,
            data={"action": "reject", "csrftoken": token},
            cookies=cookies,
            headers={"Sec-Fetch-Site": "cross-site", "Origin": "null"},
        ),
        web.post(  # DNS rebinding: a foreign host name that resolves to 127.0.0.1
            url,
            data={"action": "reject", "csrftoken": token},
            cookies=cookies,
            headers={"Host": "evil.example"},
        ),
    ]
    assert [r.status_code for r in refused] == [403] * 6

    async def from_another_machine():
        transport = httpx.ASGITransport(app=web.ds.app(), client=("192.0.2.7", 4000))
        async with httpx.AsyncClient(transport=transport, cookies=cookies) as client:
            return await client.post(
                f"http://localhost{url}", data={"action": "reject", "csrftoken": token}
            )

    assert web.get(url).status_code == 302  # a GET only leads to the claim's page
    remote = web.loop.run_until_complete(from_another_machine())
    assert remote.status_code == 403 and "from this machine only" in remote.text
    assert not (corpus / "corrections.jsonl").exists()
    assert claims_by_figure(db)[("asylum.md", "200")]["status"] == "extracted"


def test_without_review_every_write_is_refused(read_only):
    corpus, db, web = read_only
    claim = claim_id(db, "asylum.md", "200")
    page = web.get(f"/claims/claims/{claim}")
    assert (
        page.status_code == 200 and "csrftoken" not in page.text and "Save fixes" not in page.text
    )
    assert web.get(f"/-/review/{claim}").status_code == 404  # the route does not exist
    token = page.cookies.get("ds_csrftoken") or ""
    before = claims_by_figure(db)
    attempts = {
        f"/-/review/{claim}": {"action": "reject"},
        f"/claims/claims/{claim}": {"action": "reject"},
        "/claims/claims": {"status": "rejected"},
        "/claims": {"sql": "update claims set status = 'rejected'"},
        "/claims/reviews": {},
        "/claims/search": {"q": "migrants"},
    }
    for url, data in attempts.items():
        response = web.post(url, data={**data, "csrftoken": token}, cookies={"ds_csrftoken": token})
        assert response.status_code >= 400, (url, response.status_code)
        response = web.post(url, data=data)
        assert response.status_code >= 400, (url, response.status_code)
    assert not (corpus / "corrections.jsonl").exists()
    assert claims_by_figure(db) == before


def test_serve_passes_review_settings_only_with_review(tmp_path, monkeypatch):
    monkeypatch.setenv(corrections.REVIEW_ENV, '{"db": "x", "corpus": "y"}')
    assert corrections.REVIEW_ENV not in serve.review_environment(
        tmp_path, tmp_path / "c.db", False
    )
    env = serve.review_environment(tmp_path, tmp_path / "c.db", True, by="ana")
    assert json.loads(env[corrections.REVIEW_ENV]) == {
        "db": str((tmp_path / "c.db").resolve()),
        "corpus": str(tmp_path.resolve()),
        "by": "ana",
    }


def test_rejected_claims_leave_the_default_pages(reviewing):
    corpus, db, web = reviewing
    rejected = claim_id(db, "asylum.md", "200")
    kept = claim_id(db, "asylum.md", "over 700")
    web.review(rejected, action="reject")
    everything = claims_by_figure(db)

    def ids(url: str) -> set[int]:
        sep = "&" if "?" in url else "?"
        data = web.get(url + sep + "_shape=objects&_size=max").json()
        return {row.get("id", row.get("claim")) for row in data["rows"]}

    for table in ("claims", "claims_flat"):
        shown = ids(f"/claims/{table}.json")
        assert rejected not in shown and kept in shown
        assert len(shown) == len(everything) - 1
        assert ids(f"/claims/{table}.json?status=rejected") == {rejected}
        assert len(ids(f"/claims/{table}.json?_rejected=show")) == len(everything)
    page = web.get("/claims/claims_flat?_facet=status").text
    assert "where status is not rejected" in page
    facets = web.get("/claims/claims_flat.json?_facet=status").json()["facet_results"]
    assert {v["value"] for v in facets["status"]["results"]} == {"extracted"}
    # canned queries leave it out too
    search = web.get("/claims/search.json?q=" + urllib.parse.quote("navy") + "&_shape=objects")
    assert rejected not in {row["claim"] for row in search.json()["rows"]}
    for query, column in (("by_speaker", "speaker"), ("place_over_years", "place")):
        for claim in (everything[("asylum.md", "200")], everything[("asylum.md", "over 700")]):
            if claim[column] is None:
                continue
            url = f"/claims/{query}.json?{column}={urllib.parse.quote(claim[column])}"
            rows = web.get(url + "&_shape=objects").json()["rows"]
            found = {row.get("claim") for row in rows} | {row["figure"] for row in rows}
            if claim["id"] == rejected:
                assert rejected not in found and "200" not in found, query
            elif query == "by_speaker":
                assert kept in found, query
    reviews = web.get("/claims/reviews.json?_shape=objects").json()["rows"]
    assert [(row["claim"], row["status"], row["reviewed_by"]) for row in reviews] == [
        (rejected, "rejected", "web-analyst")
    ]
    # the claim's own page still shows it, to undo the rejection
    assert web.get(f"/claims/claims/{rejected}").status_code == 200
    response = web.review(rejected, action="confirm")
    assert "confirmed" in web.message(response)
    assert rejected in ids("/claims/claims_flat.json")
