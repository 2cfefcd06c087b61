"""End to end in a real browser: `claims serve --no-build` serves the bundled corpus on
127.0.0.1, and headless Chromium (Debian's `chromium`, driven by Playwright) applies a
speaker facet, opens a claim's card, runs the search, sees the map's markers, a place's
charts and a disagreement side by side, and opens an article whose text carries
<script> without running it. With `claims serve --review`, fixes a speaker from a
claim's page and finds it in the speaker facet.

Screenshots at 1400 px go to a temporary folder; set CLAIMS_SCREENSHOTS to a folder
(e.g. CLAIMS_SCREENSHOTS=docs/screenshots, relative to the repository) to refresh the
ones the README shows.

Skipped when /usr/bin/chromium or Playwright is missing, except under CI (the CI
variable set), where that is a failure: .ci/run installs both."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from procs import free_port, wait_for_server

from extract import processes, store
from extract.build import build

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
WIDTH = 1400
CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SEED = "000_b2c143e627d14fca.txt"  # the CABAR.asia seed article about leaving Kazakhstan
SCRIPT = "<script>window.__pwned=1;document.title='pwned'</script>"
HOSTILE = f"""---
title: Ministry figures {SCRIPT}
source: Test Wire
published: 2020-02-01
url: javascript:window.__pwned=3
---
The ministry said that 25,000 people left Kazakhstan in 2019 {SCRIPT}, fewer than a year before.

Officials <img src=x onerror="window.__pwned=2"> expect 40,000 people to leave Kazakhstan in 2021.
"""


MINISTRY = """---
title: Fewer leave Kazakhstan, the ministry says
source: Test Wire
published: 2020-02-01
---
The ministry said that 25,000 people left Kazakhstan in 2019, fewer than a year before.
"""


def _missing() -> str | None:
    if not CHROMIUM.is_file():
        return f"{CHROMIUM} not found (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="module")
def browser():
    missing = _missing()
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"browser test cannot run under CI: {missing}")
        pytest.skip(missing)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class Server:
    def __init__(self, corpus: Path, db: Path, port: int, log: Path, *extra: str):
        self.corpus, self.db, self.port, self.log = corpus, db, port, log
        self.url = f"http://127.0.0.1:{port}"
        with open(log, "wb") as out:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    "from extract.cli import main; main()",
                    "serve",
                    str(corpus),
                    "--db",
                    str(db),
                    "--no-build",
                    "--port",
                    str(port),
                    *extra,
                ],
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )

    def wait(self) -> None:
        wait_for_server(self.url, self.process, self.log)

    def stop(self) -> None:
        processes.stop(self.process, timeout=30)


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory) -> Path:
    """Where screenshots go: $CLAIMS_SCREENSHOTS if set, else a temporary folder."""
    wanted = os.environ.get("CLAIMS_SCREENSHOTS")
    folder = Path(wanted) if wanted else tmp_path_factory.mktemp("screenshots")
    folder = folder if folder.is_absolute() else ROOT / folder
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def server(browser, bundled):
    """`claims serve --no-build` on a copy of the bundled corpus, built."""
    corpus, db = bundled()
    server = Server(corpus, db, free_port(), db.parent / "serve.log")
    try:
        server.wait()
        yield server
    finally:
        server.stop()
    assert "http://127.0.0.1:" in server.log.read_text(errors="replace")


@pytest.fixture
def page(browser, server):
    """A fresh page that may only reach the local server: anything else (map tiles) is
    refused and recorded, so every script and stylesheet must be served locally."""
    context = browser.new_context(viewport={"width": WIDTH, "height": 900})
    page = context.new_page()
    page.outside = []
    page.errors = []
    page.dialogs = []

    def route(r):
        if r.request.url.startswith(server.url + "/"):
            r.continue_()
        else:
            page.outside.append((r.request.resource_type, r.request.url))
            r.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()


def geolocated_claims(db: Path) -> int:
    database = store.open_db(db)
    try:
        return database.execute(
            "select count(*) from claims where latitude is not null and longitude is not null"
        ).fetchone()[0]
    finally:
        database.close()


def claims_of(db: Path, article: str) -> list[int]:
    database = store.open_db(db)
    try:
        return [
            row[0]
            for row in database.execute(
                "select claims.id from claims join articles on articles.id = claims.article_id "
                "where articles.path = ?",
                [article],
            )
        ]
    finally:
        database.close()


def only_tiles_outside(page):
    assert all(kind == "image" and "tile" in url for kind, url in page.outside), page.outside


def test_the_claims_page_and_a_speaker_facet(page, server, screenshots):
    page.set_viewport_size({"width": WIDTH, "height": 1400})
    page.goto(server.url + "/claims/claims_flat")
    page.wait_for_selector(".leaflet-marker-icon")
    # the columns an analyst reads, all on screen at 1400 px, the sentence given room
    headings = page.eval_on_selector_all(
        "table.claims-compact thead th:not([hidden])", "ths => ths.map(th => th.dataset.column)"
    )
    assert headings[0] == "figure" and headings[-1] == "sentence" and "char_start" not in headings
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    sentence = page.locator("table.claims-compact td.col-sentence").first.bounding_box()
    assert sentence and sentence["width"] >= 300
    # the screenshot: from the row count, past the facets and the map, to the first claims
    top = page.locator("h3").first.bounding_box()["y"] - 8
    table = page.locator("table.claims-compact").bounding_box()
    page.screenshot(
        path=str(screenshots / "claims.png"),
        full_page=True,
        clip={"x": 0, "y": top, "width": WIDTH, "height": table["y"] + 700 - top},
    )
    assert page.locator("#facet-speaker .facet-label").inner_text() == "Who says it"
    page.locator("#facet-speaker a", has_text="CABAR.asia").first.click()
    page.wait_for_url(re.compile(r"speaker=CABAR\.asia"))
    speakers = page.locator("table.rows-and-columns td.col-speaker").all_inner_texts()
    assert speakers and set(speakers) == {"CABAR.asia"}
    assert re.search(
        r"\d+ rows? where speaker = .?CABAR\.asia", page.locator("h3").first.inner_text()
    )
    # each claim links to its article, whose page shows the text with the claims marked
    page.locator("td.col-article a", has_text=SEED).first.click()
    page.wait_for_selector(".article-text mark")
    assert "Kazakhstan" in page.locator(".article-text").inner_text()
    linked = page.eval_on_selector_all(
        ".article-text a.claim-figure", "links => links.map(a => a.getAttribute('href'))"
    )
    assert sorted(linked) == sorted(f"/claims/claims/{i}" for i in claims_of(server.db, SEED))
    assert page.errors == []
    only_tiles_outside(page)


def test_a_claims_card(page, server, screenshots):
    page.goto(server.url + "/claims/claims_flat?" + "speaker=CABAR.asia&_sort=id")
    page.locator("table.claims-compact td.col-figure a").first.click()
    page.wait_for_selector(".claim-card")
    mark = page.locator(".claim-card .claim-sentence mark")
    assert mark.count() == 1 and mark.inner_text()
    fields = page.locator(".claim-card dl.claim-fields dt").all_inner_texts()
    assert {"Value or range", "Years", "Place", "Who says it", "Article"} <= set(fields)
    others = page.locator(".claim-card ul.other-claims li")
    assert others.count() == len(claims_of(server.db, SEED)) - 1
    page.screenshot(path=str(screenshots / "card.png"), full_page=True)
    others.first.locator("a").first.click()
    page.wait_for_selector(".claim-card")
    assert page.errors == []
    only_tiles_outside(page)


def test_the_search_query_highlights_matches(page, server):
    page.goto(server.url + "/claims/search")
    page.fill("input[name=q]", "Kazakhstan")
    page.click("input[type=submit]")
    page.wait_for_selector("td.col-snippet mark")
    marks = page.locator("td.col-snippet mark").all_inner_texts()
    assert marks and {m.lower() for m in marks} == {"kazakhstan"}
    assert "q=Kazakhstan" in page.url
    assert page.locator("td.col-article a", has_text=SEED).count() > 0
    assert page.errors == []


def test_the_map_shows_every_geolocated_claim(page, server, screenshots):
    page.goto(server.url + "/claims/claims_flat")
    page.wait_for_selector(".leaflet-marker-icon")
    # wait until the markers of every row are placed (the plugin loads them in pages)
    expected = geolocated_claims(server.db)
    count_markers = """() => {
        const clusters = [...document.querySelectorAll('.marker-cluster span')]
            .reduce((n, s) => n + parseInt(s.textContent, 10), 0);
        const singles = document
            .querySelectorAll('.leaflet-marker-icon:not(.marker-cluster)').length;
        return clusters + singles;
    }"""
    page.wait_for_function(f"({count_markers})() === {expected}")
    assert expected > 0
    leaflet_map = page.locator(".leaflet-container")
    leaflet_map.scroll_into_view_if_needed()
    leaflet_map.screenshot(path=str(screenshots / "map.png"))
    assert page.errors == []
    only_tiles_outside(page)


def test_a_place_over_the_years_as_charts(page, server, screenshots):
    page.goto(server.url + "/claims/claims_flat")
    page.locator("table.claims-compact td.col-place a", has_text="Kazakhstan").first.click()
    page.wait_for_url(re.compile(r"/claims/place_over_years\?place=Kazakhstan"))
    charts = page.locator("figure.figures-chart svg")
    assert charts.count() >= 2  # one chart per unit
    for i in range(charts.count()):
        box = charts.nth(i).bounding_box()
        assert box and box["width"] >= 800 and box["height"] >= 200
    titles = page.eval_on_selector_all(
        "figure.figures-chart text.title", "ts => ts.map(t => t.textContent)"
    )
    assert len(titles) == charts.count()
    assert len(set(titles)) == len(titles)  # never two charts for one unit
    top = page.locator("h1").first.bounding_box()["y"] - 8
    last = charts.nth(min(1, charts.count() - 1)).bounding_box()
    bottom = last["y"] + last["height"] + 24
    page.screenshot(
        path=str(screenshots / "chart.png"),
        full_page=True,
        clip={"x": 0, "y": top, "width": WIDTH, "height": bottom - top},
    )
    # a dot is a link to its claim
    page.locator("figure.figures-chart svg a").first.click()
    page.wait_for_selector(".claim-card")
    assert page.errors == []
    only_tiles_outside(page)


def test_disagreements_side_by_side(page, server, screenshots):
    (server.corpus / "ministry.md").write_text(MINISTRY, encoding="utf-8")
    assert build(server.corpus, server.db).read == 1  # while the server keeps serving
    page.goto(server.url + "/claims/disagreements")
    page.wait_for_selector(".disagreement")
    pair = page.locator(".disagreement", has_text="ministry.md").first
    sides = pair.locator(".side")
    assert sides.count() == 2
    a, b = sides.nth(0).bounding_box(), sides.nth(1).bounding_box()
    assert abs(a["y"] - b["y"]) < 2 and a["x"] + a["width"] < b["x"]  # side by side
    assert re.fullmatch(r"\d+(\.\d+)?%", pair.locator(".difference strong").inner_text())
    assert set(pair.locator("mark").all_inner_texts()) == {"31,000", "25,000"}
    page.screenshot(path=str(screenshots / "disagreements.png"), full_page=False)
    assert page.errors == []


def test_markup_in_an_article_is_shown_as_text_and_never_run(page, server):
    (server.corpus / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    summary = build(server.corpus, server.db)  # while the server keeps serving
    assert summary.read == 1 and summary.claims_stored > 0

    def check_not_run():
        assert page.evaluate("() => window.__pwned") is None
        assert page.title() != "pwned"
        assert page.dialogs == [] and page.errors == []
        assert page.locator("a[href^='javascript:']").count() == 0

    page.goto(server.url + "/claims/claims_flat?article=hostile.md")
    page.wait_for_selector("td.col-article")
    assert SCRIPT in page.locator("td.col-article").first.inner_text()  # the title
    assert any(SCRIPT in s for s in page.locator("td.col-sentence").all_inner_texts())
    page.wait_for_load_state("networkidle")
    check_not_run()

    page.locator("td.col-article a", has_text="Ministry figures").first.click()
    page.wait_for_selector(".article-text")
    assert SCRIPT in page.locator(".article-text").inner_text()
    assert '<img src=x onerror="window.__pwned=2">' in page.locator(".article-text").inner_text()
    page.wait_for_load_state("networkidle")
    check_not_run()

    page.goto(server.url + "/claims/search?q=ministry")
    page.wait_for_selector("td.col-snippet mark")
    page.wait_for_load_state("networkidle")
    check_not_run()


# ------------------------------------------------------------------------------ reviews


@pytest.fixture(scope="module")
def review_server(browser, bundled):
    """`claims serve --no-build --review` on a copy of the bundled corpus, built."""
    corpus, db = bundled()
    server = Server(corpus, db, free_port(), db.parent / "serve.log", "--review", "--by", "ana")
    try:
        server.wait()
        yield server
    finally:
        server.stop()


def claim_figure(db: Path, claim: int) -> str:
    database = store.open_db(db)
    try:
        return database.execute("select figure from claims where id = ?", [claim]).fetchone()[0]
    finally:
        database.close()


def test_fix_a_speaker_from_the_claim_page(browser, review_server):
    server = review_server
    claim = claims_of(server.db, SEED)[0]
    context = browser.new_context(viewport={"width": 1280, "height": 1400})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{server.url}/claims/claims/{claim}")
        page.fill("#review-speaker", "Ana Lytic")
        page.click("text=Save fixes")
        page.wait_for_url(f"**/claims/claims/{claim}#review")
        assert f"Claim {claim} corrected" in page.locator(".message-info").inner_text()
        assert page.locator("#review-speaker").input_value() == "Ana Lytic"
        assert "by ana" in page.locator(".review-status").inner_text()

        article_page = f"{server.url}/claims/claims_flat?article={SEED}"
        page.goto(article_page)
        facet = page.locator("#facet-speaker")
        assert "Ana Lytic" in facet.inner_text()
        facet.locator("a", has_text="Ana Lytic").first.click()
        page.wait_for_url(re.compile(r"speaker=Ana\+Lytic|speaker=Ana%20Lytic"))
        figure = claim_figure(server.db, claim)
        rows = page.locator("table.rows-and-columns tbody tr")
        assert rows.count() == 1 and figure in rows.first.inner_text()
        # a reject from the same page takes it out of the default claims page
        page.goto(f"{server.url}/claims/claims/{claim}")
        page.click("button[value=reject]")
        page.wait_for_url(f"**/claims/claims/{claim}#review")
        assert "rejected" in page.locator(".review-status").inner_text()
        page.goto(article_page)
        assert rows.count() == len(claims_of(server.db, SEED)) - 1
        assert "Ana Lytic" not in page.locator("#facet-speaker").inner_text()
        assert errors == []
    finally:
        context.close()
    lines = (server.corpus / "corrections.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["status"] for line in lines] == ["corrected", "rejected"]
    assert json.loads(lines[0])["speaker"] == ["Ana Lytic"]
