"""`claims import`: articles from JSON Lines, CSV, RSS and Atom feeds and lists of URLs
written into the corpus folder. Web pages and feeds are served by a local HTTP server
on 127.0.0.1 only."""

import http.server
import json
import shutil
import threading
from datetime import date
from functools import partial
from pathlib import Path

import pytest
from click.testing import CliRunner

from extract import cli, importer
from extract.articles import read_article, read_text
from extract.build import build

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"

STORY_A = "The ministry said that 25,000 people left Kazakhstan in 2019."
STORY_B = "Some 4,000 nurses arrived in Norway in 2021, the agency said.\n\nMore are expected."
STORY_C = "Prices in Chile rose 12 percent in 2022, the central bank said."


def corpus_text(name: str) -> str:
    return read_article(CORPUS / name, CORPUS).text


def articles(folder: Path) -> dict[str, object]:
    """The articles in ``folder``, by their text's first words."""
    found = {}
    for path in sorted(folder.glob("*.md")):
        article = read_article(path, folder)
        found[article.text.split(",")[0][:30]] = article
    return found


def where(problems) -> dict[str, str]:
    return {p.where: p.reason for p in problems}


# ------------------------------------------------------------------------ a web server


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".atom": "application/atom+xml",
        ".html": "text/html; charset=utf-8",
    }

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture
def web(tmp_path):
    """A folder served over HTTP on 127.0.0.1; yields (folder, base URL)."""
    folder = tmp_path / "www"
    folder.mkdir()
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(Handler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def page(title: str, *paragraphs: str, published: str = "2021-05-06") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{title}</title>"
        f'<meta property="og:site_name" content="Local Wire">'
        f'<meta name="date" content="{published}"></head>'
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    )


# --------------------------------------------------------------------- JSON Lines


def test_json_lines(tmp_path):
    source = tmp_path / "export.jsonl"
    lines = [
        json.dumps(
            {
                "title": "Fewer leave",
                "text": STORY_A,
                "source": "Test Wire",
                "published": "2020-02-01T10:00:00",
                "url": "https://example.org/a",
                "tags": ["ignored"],
            }
        ),
        "",
        "{not json",
        json.dumps(
            {"body": STORY_B, "title": "Nurses arrive", "date": "Tue, 02 Mar 2021 08:00:00 GMT"}
        ),
        json.dumps(["a", "list"]),
        json.dumps({"title": "No text"}),
        json.dumps({"text": STORY_C, "published": "last week"}),
        json.dumps({"text": "  " + STORY_A.upper() + "  "}),  # the same text as line 1
    ]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    into = tmp_path / "corpus"
    summary = importer.import_sources([str(source)], into)

    assert len(summary.written) == 2
    assert summary.duplicates == [f"{source}:8"]
    assert where(summary.failed) == {
        f"{source}:3": "not JSON: Expecting property name enclosed in double quotes at column 2",
        f"{source}:5": "expected a JSON object {...}",
        f"{source}:6": "no text (a 'text' or 'body' field)",
        f"{source}:7": "'published' is not a date: 'last week'",
    }
    found = articles(into)
    a = found["The ministry said that 25"]
    assert (a.title, a.source, a.published, a.url) == (
        "Fewer leave",
        "Test Wire",
        date(2020, 2, 1),
        "https://example.org/a",
    )
    assert a.text.rstrip() == STORY_A
    b = found["Some 4"]
    assert (b.title, b.published, b.text.rstrip()) == ("Nurses arrive", date(2021, 3, 2), STORY_B)
    assert {p.name for p in summary.written} == {
        p.name for p in into.iterdir()
    }  # nothing half-written


# ----------------------------------------------------------------------------- CSV


def test_csv(tmp_path):
    source = tmp_path / "export.csv"
    source.write_text(
        "Title,Body,Source,Published,Section\n"
        f'"Fewer leave","{STORY_A}",Test Wire,2020-02-01,politics\n'
        "No text,,Test Wire,2020-02-01,x\n"
        f'"Nurses arrive","{STORY_B}",,2021-03-02,health\n'
        f'"Too many",{STORY_C},a,2021-01-01,x,extra\n',
        encoding="utf-8",
    )
    into = tmp_path / "corpus"
    summary = importer.import_sources([str(source)], into)
    assert len(summary.written) == 2
    assert where(summary.failed) == {
        f"{source}:3": "no text (a 'text' or 'body' field)",
        f"{source}:7": "more values than columns",  # line 7: the body before spans 4 to 6
    }
    found = articles(into)
    assert found["Some 4"].text.rstrip() == STORY_B  # a body with a blank line in it
    assert found["The ministry said that 25"].source == "Test Wire"

    bad = tmp_path / "bad.csv"
    bad.write_text("headline,content\nA,B\n", encoding="utf-8")
    summary = importer.import_sources([str(bad)], into)
    assert where(summary.failed) == {
        str(bad): "no text or body column (columns: headline, content)"
    }


# --------------------------------------------------------------------------- feeds

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Local Wire</title><link>https://example.org/</link>
<item><title>Fewer leave</title><link>https://example.org/a</link>
<pubDate>Sat, 01 Feb 2020 10:00:00 GMT</pubDate>
<description>Short summary.</description>
<content:encoded><![CDATA[<p>{STORY_A}</p><script>alert(1)</script>
<p>It was <b>fewer</b> than before.</p>]]></content:encoded>
</item>
<item><title>Nurses arrive</title><link>https://example.org/b</link>
<description>{STORY_B.split(chr(10))[0]}</description></item>
<item><title>Empty</title><link>https://example.org/c</link></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>
<id>urn:x</id><updated>2022-03-01T00:00:00Z</updated>
<entry><title>Prices rise</title><id>urn:1</id><link href="https://example.org/p"/>
<updated>2022-03-01T00:00:00Z</updated>
<content type="html">&lt;p&gt;{STORY_C}&lt;/p&gt;</content></entry>
</feed>"""


def test_an_rss_file(tmp_path):
    source = tmp_path / "feed.xml"
    source.write_text(RSS, encoding="utf-8")
    into = tmp_path / "corpus"
    summary = importer.import_sources([str(source)], into)
    assert len(summary.written) == 2
    assert where(summary.failed) == {
        f"{source} entry 3 (https://example.org/c)": "no text in the entry (try --fetch-links)"
    }
    a = articles(into)["The ministry said that 25"]
    assert a.text.rstrip() == f"{STORY_A}\n\nIt was fewer than before."  # content, not the summary
    assert "alert" not in a.text
    assert (a.title, a.source, a.published, a.url) == (
        "Fewer leave",
        "Local Wire",
        date(2020, 2, 1),
        "https://example.org/a",
    )


def test_an_atom_feed_served_over_http(tmp_path, web):
    folder, base = web
    (folder / "feed.atom").write_text(ATOM, encoding="utf-8")
    into = tmp_path / "corpus"
    summary = importer.import_sources([f"{base}/feed.atom", f"{base}/missing.atom"], into)
    assert [p.name for p in summary.written] == [summary.written[0].name]
    (article,) = articles(into).values()
    assert (article.title, article.source, article.published) == (
        "Prices rise",
        "Atom Wire",
        date(2022, 3, 1),
    )
    assert article.text.rstrip() == STORY_C
    assert where(summary.failed) == {f"{base}/missing.atom": "HTTP 404 File not found"}


def test_a_feed_whose_links_are_fetched(tmp_path, web):
    folder, base = web
    (folder / "a.html").write_text(page("Fewer leave", STORY_A, "More text."), encoding="utf-8")
    feed = (
        RSS.replace("https://example.org/a", f"{base}/a.html")
        .replace("https://example.org/b", f"{base}/gone.html")
        .replace("https://example.org/c", f"{base}/c.html")
    )
    (folder / "c.html").write_text(page("Empty", STORY_C), encoding="utf-8")
    (folder / "feed.rss").write_text(feed, encoding="utf-8")
    into = tmp_path / "corpus"
    summary = importer.import_sources([f"{base}/feed.rss"], into, fetch_links=True)
    found = articles(into)
    a = found["The ministry said that 25"]
    # the page as `claims build` reads an .html file: main text, its headline left out
    assert a.text.rstrip() == f"{STORY_A}\nMore text."
    assert (a.title, a.source, a.published) == ("Fewer leave", "Local Wire", date(2020, 2, 1))
    assert found["Prices in Chile rose 12 percen"].title == "Empty"  # the feed's title wins
    assert where(summary.failed) == {
        f"{base}/feed.rss entry 2 ({base}/gone.html)": "HTTP 404 File not found"
    }


def test_not_a_feed(tmp_path):
    source = tmp_path / "feed.xml"
    source.write_text("<html><body>no feed</body></html>", encoding="utf-8")
    summary = importer.import_sources([str(source)], tmp_path / "corpus")
    (problem,) = summary.failed
    assert problem.where == str(source)
    assert problem.reason.startswith("not an RSS or Atom feed")


# --------------------------------------------------------------------- a list of URLs


def test_a_list_of_urls(tmp_path, web):
    folder, base = web
    (folder / "a.html").write_text(
        page("Fewer leave", STORY_A, "The figures come from the ministry."), encoding="utf-8"
    )
    (folder / "b.html").write_text(page("Nurses arrive", *STORY_B.split("\n\n")), encoding="utf-8")
    (folder / "copy-of-a.html").write_text(
        page("Fewer leave (copy)", STORY_A, "The figures come from the ministry."),
        encoding="utf-8",
    )
    (folder / "empty.html").write_text("<html><body></body></html>", encoding="utf-8")
    (folder / "data.bin").write_bytes(b"\x00\x01")
    urls = tmp_path / "urls.txt"
    urls.write_text(
        "# pages to read\n"
        f"{base}/a.html\n"
        f"{base}/b.html\n"
        "ftp://example.org/x\n"
        f"{base}/missing.html\n"
        f"{base}/copy-of-a.html\n"
        f"{base}/empty.html\n"
        "\n"
        f"{base}/data.bin\n",
        encoding="utf-8",
    )
    into = tmp_path / "corpus"
    summary = importer.import_sources([str(urls)], into)
    assert len(summary.written) == 2
    assert summary.duplicates == [f"{urls}:6 {base}/copy-of-a.html"]
    assert where(summary.failed) == {
        f"{urls}:4": "not an http(s) URL: 'ftp://example.org/x'",
        f"{urls}:5 {base}/missing.html": "HTTP 404 File not found",
        f"{urls}:7 {base}/empty.html": "no main text found in HTML",
        f"{urls}:9 {base}/data.bin": "not a web page (application/octet-stream)",
    }
    found = articles(into)
    a = found["The ministry said that 25"]
    assert a.title == "Fewer leave"
    assert a.source == "Local Wire" and a.published == date(2021, 5, 6)
    assert a.url == f"{base}/a.html"
    assert a.text.startswith(STORY_A) and "Fewer leave" not in a.text
    assert found["Some 4"].text.rstrip() == STORY_B.replace("\n\n", "\n")  # as trafilatura


# ------------------------------------------------------------------ the corpus and the CLI


def test_what_the_corpus_holds_is_skipped(tmp_path):
    into = tmp_path / "corpus"
    shutil.copytree(CORPUS, into)
    before = sorted(p.name for p in into.iterdir())
    source = tmp_path / "more.jsonl"
    source.write_text(
        json.dumps({"text": corpus_text("asylum.md"), "title": "Again"})
        + "\n"
        + json.dumps({"text": STORY_A})
        + "\n",
        encoding="utf-8",
    )
    summary = importer.import_sources([str(source)], into)
    assert summary.duplicates == [f"{source}:1"]
    assert len(summary.written) == 1
    assert sorted(p.name for p in into.iterdir()) == sorted(before + [summary.written[0].name])
    # importing the same again adds nothing
    again = importer.import_sources([str(source)], into)
    assert again.written == [] and len(again.duplicates) == 2


def test_written_files_read_back_as_they_were_given(tmp_path):
    item = importer.Item(
        where="x",
        text="date 2020 was not a marker: 5 people.\n\n---\nA second part.",
        title='A "quoted": title #1',
        source="Wire: the source",
        published=date(2020, 1, 2),
        url="https://example.org/?a=1&b=2",
    )
    path = importer.write_article(item, tmp_path)
    article = read_text(path.read_text(encoding="utf-8"), path.name, ".md")
    assert (article.title, article.source, article.published, article.url) == (
        item.title,
        item.source,
        item.published,
        item.url,
    )
    assert article.text == item.text + "\n"
    assert path.name.startswith("a-quoted-title-1-")


def test_the_import_command(tmp_path, web, nlp):
    folder, base = web
    (folder / "a.html").write_text(page("Fewer leave", STORY_A, "More text."), encoding="utf-8")
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{base}/a.html\n{base}/missing.html\n", encoding="utf-8")
    jsonl = tmp_path / "items.jsonl"
    jsonl.write_text(
        json.dumps({"text": STORY_C, "title": "Prices"}) + "\n{bad\n", encoding="utf-8"
    )
    into = tmp_path / "corpus"
    result = CliRunner().invoke(
        cli.main, ["import", str(urls), str(jsonl), "--into", str(into)], catch_exceptions=False
    )
    assert result.exit_code == 1
    assert f"{urls}:2 {base}/missing.html: HTTP 404 File not found" in result.output
    assert f"{jsonl}:2: not JSON" in result.output
    assert f"-> {into}: 2 imported, 0 duplicates skipped, 2 failed." in result.output
    assert f"Next: claims build {into}" in result.output
    # and claims build takes it from there
    summary = build(into, tmp_path / "claims.db")
    assert summary.read == 2 and summary.failed == []
    assert summary.claims_stored >= 2


def test_import_help():
    result = CliRunner().invoke(cli.main, ["import", "--help"])
    assert result.exit_code == 0
    for word in ("--into", "--fetch-links", ".jsonl", ".csv", ".rss", "URLs"):
        assert word in result.output
