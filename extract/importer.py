"""Articles in bulk: ``claims import SOURCE… --into corpus/``.

Each item of a source becomes one article file in the corpus folder, Markdown with
YAML front matter (``title``, ``source``, ``published``, ``url``), which ``claims build``
then reads like any other article. Sources:

* JSON Lines (``.jsonl``, ``.ndjson``): one JSON object a line;
* CSV (``.csv``): a header row, then one article a row;
  in both, the fields ``text`` (or ``body``), ``title``, ``source``, ``published`` (or
  ``date``) and ``url`` are read and any other field is ignored;
* RSS or Atom feeds (``.xml``, ``.rss``, ``.atom``, or an http(s) URL serving one), read
  with feedparser: one article per entry, its content (or summary) as the text, or with
  ``fetch_links`` the page its link points to;
* a list of URLs (``.txt``, ``.urls``, ``.list``: one URL a line, ``#`` for comments): each
  page is fetched (httpx) and reduced to its main text and metadata with trafilatura,
  as ``claims build`` reads an ``.html`` file; an http(s) URL given as a SOURCE that
  serves a page rather than a feed is such a page too.

An item whose text the corpus already holds (the same words, whatever the spacing) is
skipped and counted, and so is the second of two equal items. A bad item (a line that is
not JSON, a row without text, a page that does not answer) is reported with its line or
URL and the others are imported all the same. Each file is written whole (a temporary
file renamed into place) and checked by reading it back as an article.
"""

from __future__ import annotations

import contextlib
import csv
import email.utils
import enum
import hashlib
import io
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import yaml

from extract.articles import ArticleError, detected_encoding, read_article, read_text, scan_corpus
from extract.jsonlines import read_lines

TEXT_FIELDS = ("text", "body")
DATE_FIELDS = ("published", "date")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
CSV_SUFFIXES = (".csv",)
FEED_SUFFIXES = (".xml", ".rss", ".atom")
URL_LIST_SUFFIXES = (".txt", ".urls", ".list")
DEFAULT_TIMEOUT = 20.0
USER_AGENT = "news-claims (claims import)"
MAX_NAME = 60


class Outcome(enum.Enum):
    """What happened to one item."""

    WRITTEN = "written"
    DUPLICATE = "duplicate"
    FAILED = "failed"


@dataclass(frozen=True)
class Item:
    """One article to write, and where it came from (``file:line`` or a URL)."""

    where: str
    text: str
    title: str | None = None
    source: str | None = None
    published: date | None = None
    url: str | None = None


@dataclass(frozen=True)
class Pending:
    """A page still to fetch (an entry of a URL list, or a feed entry's link)."""

    where: str
    url: str
    title: str | None = None
    source: str | None = None
    published: date | None = None


@dataclass(frozen=True)
class Problem:
    """An item or a source that cannot be imported, and why."""

    where: str
    reason: str


@dataclass
class ImportSummary:
    written: list[Path] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    failed: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class ImportEvent:
    """Progress: ``total`` items found so far, one item done (``outcome``)."""

    total: int
    outcome: Outcome | None = None
    where: str = ""


Fetch = Callable[[str], tuple[bytes, str, str]]  # url -> (content, content type, final url)


class FetchError(Exception):
    """A page that cannot be fetched; ``str(e)`` says why."""


# --------------------------------------------------------------------------- the run


def import_sources(
    sources: list[str],
    into: Path,
    *,
    fetch: Fetch | None = None,
    fetch_links: bool = False,
    on_event: Callable[[ImportEvent], None] | None = None,
) -> ImportSummary:
    """Import every item of ``sources`` (paths or http(s) URLs) into the folder ``into``."""
    into = Path(into)
    into.mkdir(parents=True, exist_ok=True)
    fetch = fetch or http_fetcher()
    summary = ImportSummary()
    seen = _corpus_texts(into)
    todo: list[Item | Pending | Problem] = []
    for source in sources:
        todo.extend(_read_source(source, fetch, fetch_links))
    total = len(todo)
    if on_event:
        on_event(ImportEvent(total))
    for entry in todo:
        outcome = _import_one(entry, into, fetch, seen, summary)
        if on_event:
            on_event(ImportEvent(total, outcome, entry.where))
    return summary


def _import_one(
    entry: Item | Pending | Problem,
    into: Path,
    fetch: Fetch,
    seen: set[str],
    summary: ImportSummary,
) -> Outcome:
    if isinstance(entry, Pending):
        entry = _fetch_page(entry, fetch)
    if isinstance(entry, Problem):
        summary.failed.append(entry)
        return Outcome.FAILED
    key = text_key(entry.text)
    if key in seen:
        summary.duplicates.append(entry.where)
        return Outcome.DUPLICATE
    try:
        path = write_article(entry, into)
    except (ArticleError, OSError) as exc:
        reason = exc.reason if isinstance(exc, ArticleError) else str(exc)
        summary.failed.append(Problem(entry.where, reason))
        return Outcome.FAILED
    seen.add(key)
    summary.written.append(path)
    return Outcome.WRITTEN


def text_key(text: str) -> str:
    """Two texts with the same key are the same article (spacing and case aside)."""
    words = " ".join(unicodedata.normalize("NFC", text).split()).casefold()
    return hashlib.sha256(words.encode("utf-8")).hexdigest()


def _corpus_texts(root: Path) -> set[str]:
    """The keys of the texts of the articles already in the corpus folder."""
    keys = set()
    for path, reason in scan_corpus(root):
        if reason is None:
            with contextlib.suppress(ArticleError):  # `claims build` reports it
                keys.add(text_key(read_article(path, root).text))
    return keys


# --------------------------------------------------------------------------- sources


def _read_source(
    source: str, fetch: Fetch, fetch_links: bool
) -> Iterator[Item | Pending | Problem]:
    if source.startswith(("http://", "https://")):
        yield from _read_url_source(source, fetch, fetch_links)
        return
    path = Path(source)
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Problem(source, f"cannot read: {exc.strerror or exc}")
        return
    suffix = path.suffix.lower()
    kind = _kind(suffix, data)
    if kind is None:
        yield Problem(
            source,
            "cannot tell the format: use .jsonl, .csv, .xml/.rss/.atom (a feed) "
            "or .txt (a list of URLs)",
        )
        return
    if kind == "feed":
        yield from _feed_items(data, source, fetch_links)
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield Problem(source, f"not UTF-8 text (byte {exc.start})")
        return
    if kind == "jsonl":
        yield from _jsonl_items(text, source)
    elif kind == "csv":
        yield from _csv_items(text, source)
    else:
        yield from _url_list(text, source)


def _kind(suffix: str, data: bytes) -> str | None:
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in FEED_SUFFIXES:
        return "feed"
    if suffix in URL_LIST_SUFFIXES:
        return "urls"
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return {b"{": "jsonl", b"<": "feed"}.get(start)


def _read_url_source(
    url: str, fetch: Fetch, fetch_links: bool
) -> Iterator[Item | Pending | Problem]:
    """A URL given as a source: a feed, or else a page."""
    try:
        content, content_type, final_url = fetch(url)
    except FetchError as exc:
        yield Problem(url, str(exc))
        return
    if _looks_like_feed(content, content_type):
        yield from _feed_items(content, url, fetch_links)
    else:
        yield _page_item(url, content, content_type, final_url, Pending(url, url))


# ------------------------------------------------------------------- JSON Lines and CSV


def _jsonl_items(text: str, source: str) -> Iterator[Item | Problem]:
    for where, _, record, exc in read_lines(text.splitlines(), source):
        if isinstance(exc, json.JSONDecodeError):
            yield Problem(where, f"not JSON: {exc.msg} at column {exc.colno}")
            continue
        if not isinstance(record, dict):
            yield Problem(where, "expected a JSON object {...}")
            continue
        yield _record_item(record, where)


def _csv_items(text: str, source: str) -> Iterator[Item | Problem]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = [c.strip().lower() for c in reader.fieldnames or []]
    if not set(TEXT_FIELDS) & set(columns):
        yield Problem(source, f"no text or body column (columns: {', '.join(columns) or 'none'})")
        return
    try:
        ended = reader.line_num  # a row's line is where it starts (a quoted value may span lines)
        for row in reader:
            where, ended = f"{source}:{ended + 1}", reader.line_num
            if None in row:
                yield Problem(where, "more values than columns")
                continue
            yield _record_item({k.strip().lower(): v for k, v in row.items() if k}, where)
    except csv.Error as exc:
        yield Problem(f"{source}:{reader.line_num}", f"malformed CSV: {exc}")


def _record_item(record: dict, where: str) -> Item | Problem:
    """An article from a JSON or CSV record: ``text`` or ``body``, and metadata."""
    text = next((record[k] for k in TEXT_FIELDS if record.get(k) not in (None, "")), None)
    if text is None:
        return Problem(where, "no text (a 'text' or 'body' field)")
    if not isinstance(text, str):
        return Problem(where, "'text' is not a string")
    meta = {}
    for key in ("title", "source", "url"):
        value = record.get(key)
        if value is not None and not isinstance(value, str | int | float):
            return Problem(where, f"'{key}' is not a single value")
        meta[key] = _one_line(str(value)) if value not in (None, "") else None
    raw_date = next((record[k] for k in DATE_FIELDS if record.get(k) not in (None, "")), None)
    published = parse_date(str(raw_date)) if raw_date is not None else None
    if raw_date is not None and published is None:
        return Problem(where, f"'published' is not a date: {str(raw_date)[:40]!r}")
    return Item(where=where, text=text, published=published, **meta)


# ------------------------------------------------------------------------------ feeds


def _looks_like_feed(content: bytes, content_type: str) -> bool:
    kind = content_type.split(";")[0].strip().lower()
    if kind.endswith(("rss+xml", "atom+xml", "/xml", "rdf+xml")):
        return True
    head = content.lstrip(b"\xef\xbb\xbf \t\r\n")[:200].lower()
    return head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf"))


def _feed_items(
    content: bytes, source: str, fetch_links: bool
) -> Iterator[Item | Pending | Problem]:
    import feedparser  # imported on first use

    feed = feedparser.parse(content)
    if not feed.entries:
        problem = getattr(feed, "bozo_exception", None)
        why = f": {problem}" if problem else ""
        yield Problem(source, f"not an RSS or Atom feed, or a feed without entries{why}")
        return
    outlet = _one_line(feed.feed.get("title") or "") or None
    for number, entry in enumerate(feed.entries, 1):
        link = entry.get("link") or None
        where = f"{source} entry {number}" + (f" ({link})" if link else "")
        title = _one_line(entry.get("title") or "") or None
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        published = date(*parsed[:3]) if parsed else None
        if fetch_links and link and link.startswith(("http://", "https://")):
            yield Pending(where, link, title=title, source=outlet, published=published)
            continue
        text = _entry_text(entry)
        if not text:
            yield Problem(where, "no text in the entry (try --fetch-links)")
            continue
        yield Item(where, text, title=title, source=outlet, published=published, url=link)


def _entry_text(entry) -> str:
    """The entry's content, else its summary, as plain text with paragraphs."""
    parts = entry.get("content") or []
    value = next((p.get("value") for p in parts if p.get("value")), None)
    value = value or entry.get("summary") or ""
    return html_to_text(value)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, one paragraph a block, scripts and styles dropped."""
    import lxml.html
    from lxml_html_clean import Cleaner

    if not fragment.strip():
        return ""
    if "<" not in fragment:
        return fragment.strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
        root = Cleaner(scripts=True, javascript=True, style=True, comments=True).clean_html(root)
    except Exception:  # lxml fails in many ways on malformed markup
        return re.sub(r"<[^>]*>", " ", fragment).strip()
    for element in root.iter(
        "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "br", "tr"
    ):
        element.tail = "\n\n" + (element.tail or "")
    paragraphs = (" ".join(p.split()) for p in root.text_content().split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


# ------------------------------------------------------------------------------ pages


def _url_list(text: str, source: str) -> Iterator[Pending | Problem]:
    for number, line in enumerate(text.splitlines(), 1):
        url = line.strip()
        if not url or url.startswith("#"):
            continue
        where = f"{source}:{number}"
        if not re.match(r"https?://[^\s/]+", url) or any(c.isspace() for c in url):
            yield Problem(where, f"not an http(s) URL: {url[:80]!r}")
            continue
        yield Pending(f"{where} {url}", url)


def _fetch_page(pending: Pending, fetch: Fetch) -> Item | Problem:
    try:
        content, content_type, final_url = fetch(pending.url)
    except FetchError as exc:
        return Problem(pending.where, str(exc))
    return _page_item(pending.where, content, content_type, final_url, pending)


def _page_item(
    where: str, content: bytes, content_type: str, final_url: str, pending: Pending
) -> Item | Problem:
    """An article from a fetched page, reduced as an .html file is."""
    kind = content_type.split(";")[0].strip().lower()
    if kind and not (kind.startswith("text/") or "html" in kind or "xml" in kind):
        return Problem(where, f"not a web page ({kind})")
    html = _decode(content, content_type)
    try:
        article = read_text(html, path=pending.url, suffix=".html")
    except ArticleError as exc:
        return Problem(where, exc.reason)
    return Item(
        where,
        article.text,
        title=pending.title or article.title,
        source=pending.source or article.source,
        published=pending.published or article.published,
        url=article.url or final_url,
    )


def _decode(content: bytes, content_type: str) -> str:
    """The page's text: the charset the server names, else charset-normalizer's guess."""
    match = re.search(r"charset=[\"']?([\w.:-]+)", content_type, re.I)
    if match:
        try:
            return content.decode(match.group(1))
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        detected = detected_encoding(content)
        return detected[1] if detected is not None else content.decode("utf-8", "replace")


def http_fetcher(timeout: float = DEFAULT_TIMEOUT) -> Fetch:
    """A fetch function over HTTP (httpx): redirects followed, errors as FetchError."""
    import httpx

    client = httpx.Client(
        follow_redirects=True, timeout=timeout, headers={"User-Agent": USER_AGENT}
    )

    def fetch(url: str) -> tuple[bytes, str, str]:
        try:
            response = client.get(url)
        except httpx.HTTPError as exc:
            raise FetchError(f"cannot fetch: {exc or type(exc).__name__}") from exc
        if response.status_code >= 400:
            raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}".strip())
        return response.content, response.headers.get("content-type", ""), str(response.url)

    return fetch


# ---------------------------------------------------------------------------- writing


def write_article(item: Item, into: Path) -> Path:
    """Write ``item`` as ``into/<title>-<hash>.md``, whole or not at all; the file is
    read back as an article first (ArticleError if that fails)."""
    meta = {
        "title": item.title,
        "source": item.source,
        "published": item.published.isoformat() if item.published else None,
        "url": item.url,
    }
    front = yaml.safe_dump(
        {k: v for k, v in meta.items() if v is not None},
        allow_unicode=True,
        sort_keys=False,
        width=10_000,
    )
    body = item.text.strip() + "\n"
    content = f"---\n{front}---\n{body}" if front.strip() != "{}" else body
    name = f"{_slug(item.title or item.url or 'article')}-{text_key(item.text)[:10]}.md"
    read_text(content, path=name, suffix=".md")  # raises ArticleError naming the problem
    path = into / name
    fd, temporary = tempfile.mkstemp(prefix=".import-", suffix=".md", dir=into)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"^https?://(www\.)?", "", ascii_text.lower())
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug[:MAX_NAME].rstrip("-") or "article"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def parse_date(value: str) -> date | None:
    """An ISO date or date and time, or an RFC 2822 date (as feeds and mail write them)."""
    value = value.strip()
    for parse in (date.fromisoformat, lambda v: datetime.fromisoformat(v).date()):
        try:
            return parse(value)
        except ValueError:
            pass
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None
