"""Tests of extract.articles: reading the article files of the corpus."""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract.articles import (
    DEFAULT_MAX_BYTES,
    IGNORE_FILE,
    MAX_LINE_CHARS,
    SUPPORTED_SUFFIXES,
    ArticleError,
    read_article,
    read_text,
    scan,
    scan_corpus,
)
from extract.model import Article

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def write(root: Path, rel: str, content: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def error_of(path: Path, root: Path, **kwargs) -> ArticleError:
    with pytest.raises(ArticleError) as info:
        read_article(path, root, **kwargs)
    return info.value


# ------------------------------------------------------------------------- the API


def test_constants():
    assert SUPPORTED_SUFFIXES == (".txt", ".md", ".html", ".htm")
    assert DEFAULT_MAX_BYTES == 5_000_000
    assert IGNORE_FILE == ".claimsignore"


def test_article_error_fields_and_message():
    error = ArticleError("a/b.txt", "empty file")
    assert (error.path, error.reason, str(error)) == (
        "a/b.txt",
        "empty file",
        "a/b.txt: empty file",
    )
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.path, copy.reason, str(copy)) == ("a/b.txt", "empty file", "a/b.txt: empty file")


def test_read_article_path_hash_and_nested_folder(tmp_path):
    raw = b"Some text about 300 people.\n"
    path = write(tmp_path, "news/2022/a.txt", raw)
    article = read_article(path, tmp_path)
    assert isinstance(article, Article)
    assert article.path == "news/2022/a.txt"
    assert article.content_hash == hashlib.sha256(raw).hexdigest()
    assert article.text == "Some text about 300 people.\n"
    assert article.notes == ()


# -------------------------------------------------------------------- front matter


def test_front_matter_fields_and_body():
    text = (
        "---\n"
        "title: Over 900 rescued\n"
        "source: Wikinews\n"
        "published: 2015-05-18\n"
        "url: https://example.org/a\n"
        "license: CC BY 2.5\n"
        "---\n"
        "\n"
        "\n"
        "  First line, indented.\n\nSecond paragraph.\n"
    )
    article = read_text(text, "a.md", ".md")
    assert article.title == "Over 900 rescued"
    assert article.source == "Wikinews"
    assert article.published == date(2015, 5, 18)
    assert article.url == "https://example.org/a"
    # leading blank lines go, nothing else does
    assert article.text == "  First line, indented.\n\nSecond paragraph.\n"


def test_front_matter_quoted_values_and_date_synonym():
    text = '---\ntitle: "Reports: \'streamlined\' process"\ndate: "2023-02-23"\n---\nBody.'
    article = read_text(text)
    assert article.title == "Reports: 'streamlined' process"
    assert article.published == date(2023, 2, 23)


def test_front_matter_published_wins_over_date():
    article = read_text("---\ndate: 2001-01-01\npublished: 2002-02-02\n---\nBody.")
    assert article.published == date(2002, 2, 2)


def test_front_matter_values_kept_as_written():
    article = read_text("---\ntitle: 1984\nsource: yes\npublished:\n---\nBody.")
    assert article.title == "1984"
    assert article.source == "yes"
    assert article.published is None


def test_empty_front_matter_and_crlf_line_endings():
    assert read_text("---\n---\nBody.").text == "Body."
    article = read_text("---\r\ntitle: T\r\n---\r\nLine one.\r\nLine two.")
    assert article.title == "T"
    assert article.text == "Line one.\r\nLine two."


def test_no_front_matter_keeps_text():
    text = "Plain story.\n---\nnot: front matter\n"
    article = read_text(text)
    assert article.text == text
    assert article.title is None and article.published is None


def test_bom_is_dropped(tmp_path):
    path = write(tmp_path, "a.md", b"\xef\xbb\xbf---\ntitle: T\n---\nBody.")
    article = read_article(path, tmp_path)
    assert article.title == "T"
    assert article.text == "Body."


# ---------------------------------------------------------------- date-line marker


def test_date_marker_on_its_own_line():
    article = read_text("date 2022-10-20\n\nThe story begins.\nMore.")
    assert article.published == date(2022, 10, 20)
    assert article.text == "The story begins.\nMore."


def test_date_marker_inline_like_the_seed():
    article = read_text(" date 2022-10-20 Malika Toqmadi, co-founder of PaperLab, said.\n\nMore.")
    assert article.published == date(2022, 10, 20)
    assert article.text == "Malika Toqmadi, co-founder of PaperLab, said.\n\nMore."


def test_date_marker_after_front_matter_does_not_override_it():
    article = read_text("---\npublished: 2020-01-01\n---\ndate 2022-10-20\nStory.")
    assert article.published == date(2020, 1, 1)
    assert article.text == "Story."


def test_date_marker_fills_in_when_front_matter_has_no_date():
    article = read_text("---\ntitle: T\n---\n\ndate 2022-10-20 Story.")
    assert (article.title, article.published, article.text) == ("T", date(2022, 10, 20), "Story.")


def test_date_word_later_in_text_is_not_a_marker():
    text = "Story first.\ndate 2022-10-20 here."
    article = read_text(text)
    assert article.published is None
    assert article.text == text


def test_date_marker_must_be_a_whole_date():
    text = "date 2022-10-201 is not a marker"
    assert read_text(text).text == text


def test_invalid_date_marker_names_the_line():
    with pytest.raises(ArticleError) as info:
        read_text("---\ntitle: T\n---\ndate 2022-13-40 Story.", "x.txt")
    assert info.value.reason == "date marker at line 4 is not a valid date: 2022-13-40"


# -------------------------------------------------------------------- real corpus


def test_every_real_corpus_file_reads():
    results = list(scan_corpus(CORPUS))
    reasons = {path.name: reason for path, reason in results}
    assert reasons["ATTRIBUTION.md"] == "ignored by .claimsignore"
    assert IGNORE_FILE not in reasons  # hidden files are skipped silently
    to_read = [path for path, reason in results if reason is None]
    assert len(to_read) >= 26
    for path in to_read:
        article = read_article(path, CORPUS)
        assert article.path == path.relative_to(CORPUS).as_posix()
        assert article.text.strip()
        assert not article.text.startswith("---")
        assert not re.match(r"\s*date [0-9]{4}-", article.text)
        assert article.notes == ()


def test_seed_003_date_marker():
    article = read_article(CORPUS / "003_a2bd9d0f0c373590.txt", CORPUS)
    assert article.published == date(2022, 10, 20)
    assert article.text.startswith("Malika Toqmadi, co-founder of")


def test_wikinews_asylum_metadata():
    article = read_article(CORPUS / "asylum.md", CORPUS)
    assert article.source == "Wikinews"
    assert article.published == date(2015, 5, 18)
    assert article.title == "Over 900 asylum seekers rescued off Indonesian coast"
    assert (
        article.url
        == "https://en.wikinews.org/wiki/Over_900_asylum_seekers_rescued_off_Indonesian_coast"
    )
    assert article.text.startswith("On Friday, fishermen rescued over 700 asylum seekers")


# ------------------------------------------------------------------------ titles


@pytest.mark.parametrize(
    "text, title, body",
    [
        # a headline, a blank line, the story
        (
            "Over 900 rescued off coast\n\nOn Friday, 700 were rescued.\n",
            "Over 900 rescued off coast",
            "On Friday, 700 were rescued.\n",
        ),
        # with Windows line endings and blank lines before the story
        ("Migration falls\r\n\r\n\r\nSome 300,000 left.", "Migration falls", "Some 300,000 left."),
        # a headline in title case may end with a full stop
        (
            "Poll: Wealthy Voters Abandon the Party.\n\nA poll shows 24 percent.",
            "Poll: Wealthy Voters Abandon the Party.",
            "A poll shows 24 percent.",
        ),
        # a Markdown heading
        ("# Prices rise\n\nPrices rose 5 percent.", "Prices rise", "Prices rose 5 percent."),
        # the title, then the date marker
        (
            "Prices rise\n\ndate 2020-01-02 Prices rose 5 percent.",
            "Prices rise",
            "Prices rose 5 percent.",
        ),
    ],
)
def test_a_first_line_followed_by_a_blank_line_is_the_title(text, title, body):
    article = read_text(text, "story.txt")
    assert (article.title, article.text) == (title, body)


@pytest.mark.parametrize(
    "text",
    [
        # a first paragraph of one ordinary sentence stays text
        "The ministry said 25,000 people left.\n\nMore came back in 2021.",
        # several sentences on the first line: a paragraph, not a headline
        "Prices rose. Wages fell\n\nThe bank said so.",
        # no blank line after the first line
        "Prices rise\nPrices rose 5 percent in 2020.",
        # nothing after it: the line is the text
        "Prices rose 5 percent in 2020\n\n",
        # a line too long for a headline
        ("word " * 45).strip() + "\n\nMore.",
    ],
)
def test_other_first_lines_stay_in_the_text(text):
    article = read_text(text, "story.txt")
    assert article.title is None
    assert article.text == text


def test_the_seed_articles_first_paragraph_is_not_a_title():
    article = read_article(CORPUS / "000_b2c143e627d14fca.txt", CORPUS)
    assert article.title is None
    assert article.text.startswith("CABAR.asia notes that")


def test_front_matter_title_wins_and_a_repeated_headline_goes():
    front = "---\ntitle: Prices rise\n---\n"
    # the body repeats the title: it is not the first sentence
    article = read_text(front + "Prices Rise\n\nPrices rose 5 percent.")
    assert (article.title, article.text) == ("Prices rise", "Prices rose 5 percent.")
    # another first line is kept: the front matter says what the title is
    article = read_text(front + "Markets in turmoil\n\nPrices rose 5 percent.")
    assert article.title == "Prices rise"
    assert article.text == "Markets in turmoil\n\nPrices rose 5 percent."


# --------------------------------------------------------------------------- HTML

HTML_PAGE = """<!DOCTYPE html>
<html><head>
<title>Migration falls | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="og:title" content="Migration falls">
<meta name="date" content="2021-03-04">
<link rel="canonical" href="https://news.example.com/migration">
<script>var tracking = "SECRET_SCRIPT_TEXT";</script>
<style>p { color: red }</style>
</head><body>
<nav><a href="/">Home</a></nav>
<article>
<p>Over 300,000 people left the country in 1997, according to the national statistics office.</p>
<script>document.write("SECRET_SCRIPT_TEXT");</script>
<p>The number of departures fell sharply in the following years, the economist said.</p>
</article>
</body></html>"""


def test_html_main_text_without_script_and_with_metadata(tmp_path):
    path = write(tmp_path, "page.html", HTML_PAGE)
    article = read_article(path, tmp_path)
    assert "Over 300,000 people left the country in 1997" in article.text
    assert "fell sharply" in article.text
    assert "SECRET_SCRIPT_TEXT" not in article.text
    assert "<" not in article.text and "color: red" not in article.text
    assert article.title == "Migration falls"
    assert article.source == "Example News"
    assert article.published == date(2021, 3, 4)
    assert article.url == "https://news.example.com/migration"
    assert article.path == "page.html"
    assert article.notes == ("publication date taken from the page's metadata",)


def test_html_date_never_comes_from_a_year_in_the_text(tmp_path):
    page = re.sub(r"<meta[^>]*(?:date|published)[^>]*>", "", HTML_PAGE)
    assert "2021-03-04" not in page and "1997" in page
    article = read_article(write(tmp_path, "undated.html", page), tmp_path)
    assert "in 1997" in article.text
    assert article.published is None
    assert article.notes == ()


def test_an_html_pages_headline_is_its_title_not_its_first_sentence(tmp_path):
    page = HTML_PAGE.replace("<article>\n", "<article>\n<h1>Migration falls</h1>\n")
    article = read_article(write(tmp_path, "page.html", page), tmp_path)
    assert article.title == "Migration falls"
    assert article.text.startswith("Over 300,000 people left the country in 1997")
    assert "Migration falls" not in article.text
    # the page's <title> with the site's name after the headline
    page = page.replace('<meta property="og:title" content="Migration falls">\n', "")
    article = read_article(write(tmp_path, "page2.html", page), tmp_path)
    assert article.text.startswith("Over 300,000 people left the country in 1997")


def test_htm_suffix_reads_as_html(tmp_path):
    path = write(tmp_path, "PAGE.HTM", HTML_PAGE)
    assert "SECRET_SCRIPT_TEXT" not in read_article(path, tmp_path).text


def test_html_without_main_text(tmp_path):
    path = write(
        tmp_path,
        "empty.html",
        "<html><head><title>x</title></head><body><script>1</script></body></html>",
    )
    error = error_of(path, tmp_path)
    assert (error.path, error.reason) == ("empty.html", "no main text found in HTML")


# ------------------------------------------------------------------------- errors


def test_empty_file(tmp_path):
    for name, content in [("empty.txt", b""), ("blank.md", b" \n\t\r\n  ")]:
        error = error_of(write(tmp_path, name, content), tmp_path)
        assert (error.path, error.reason) == (name, "empty file")
        assert str(error) == f"{name}: empty file"


def test_only_front_matter_is_not_an_article():
    with pytest.raises(ArticleError) as info:
        read_text("---\ntitle: T\n---\n\n", "t.md")
    assert info.value.path == "t.md"
    assert "no article text" in info.value.reason


def test_binary_file_with_nul_bytes(tmp_path):
    path = write(tmp_path, "sub/image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    error = error_of(path, tmp_path)
    assert (error.path, error.reason) == ("sub/image.txt", "binary file, not text")


def test_binary_file_with_many_control_characters(tmp_path):
    path = write(tmp_path, "ctl.txt", bytes(range(1, 32)) * 10 + b"some words")
    assert error_of(path, tmp_path).reason == "binary file, not text"


def test_a_few_control_characters_are_fine():
    article = read_text("A story\x1a with one stray control character in a long enough line.")
    assert "\x1a" in article.text


def test_oversized_file(tmp_path):
    path = write(tmp_path, "big.txt", b"x" * 101)
    error = error_of(path, tmp_path, max_bytes=100)
    assert error.path == "big.txt"
    assert error.reason == "file is 101 bytes, over the limit of 100 bytes (--max-bytes)"
    assert read_article(path, tmp_path, max_bytes=101).text == "x" * 101


def test_malformed_front_matter_names_the_line(tmp_path):
    path = write(tmp_path, "bad.md", "---\ntitle: fine\nsource: [unclosed\nurl: x\n---\nBody.")
    error = error_of(path, tmp_path)
    assert error.path == "bad.md"
    assert error.reason.startswith("malformed front matter at line ")
    # the problem is found where the flow sequence breaks: line 4 of the file
    assert error.reason.startswith("malformed front matter at line 4: ")


@pytest.mark.parametrize(
    "line, title",
    [
        ("title: CBO: House bill would cut $834 billion", "CBO: House bill would cut $834 billion"),
        ("title: Poll: Smith leads 46% to 42%", "Poll: Smith leads 46% to 42%"),
        ("title: Analysis: it's the economy", "Analysis: it's the economy"),
        ("title: 'Quoted: as YAML wants'", "Quoted: as YAML wants"),
    ],
)
def test_a_headline_with_a_colon_is_read_as_written(line, title):
    article = read_text(f"---\n{line}\nsource: Wire\npublished: 2024-03-01\n---\nBody.", "x.md")
    assert (article.title, article.source) == (title, "Wire")
    assert article.published is not None and article.published.isoformat() == "2024-03-01"


def test_malformed_front_matter_bad_indentation_line():
    with pytest.raises(ArticleError) as info:
        read_text("---\ntitle: a\n  source: b\n---\nBody.", "x.md")
    assert info.value.reason.startswith("malformed front matter at line 3: ")


def test_unclosed_front_matter():
    with pytest.raises(ArticleError) as info:
        read_text("---\ntitle: T\nBody without a closing line.", "x.md")
    assert "never closed" in info.value.reason


def test_front_matter_not_a_mapping():
    with pytest.raises(ArticleError) as info:
        read_text("---\n- a\n- b\n---\nBody.", "x.md")
    assert info.value.reason == "front matter at line 2 is not a mapping of keys to values"


def test_published_not_an_iso_date_names_the_line():
    with pytest.raises(ArticleError) as info:
        read_text("---\ntitle: T\n\npublished: 18 May 2015\n---\nBody.", "x.md")
    assert info.value.path == "x.md"
    assert info.value.reason == "'published' at line 4 is not an ISO date (YYYY-MM-DD): 18 May 2015"


def test_published_impossible_date():
    with pytest.raises(ArticleError) as info:
        read_text("---\ndate: 2015-02-30\n---\nBody.", "x.md")
    assert info.value.reason == "'date' at line 2 is not an ISO date (YYYY-MM-DD): 2015-02-30"


def test_title_must_be_a_single_value():
    with pytest.raises(ArticleError) as info:
        read_text("---\ntitle:\n  - a\n  - b\n---\nBody.", "x.md")
    assert info.value.reason == "'title' at line 3 is not a single value"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a file whatever its mode")
def test_unreadable_file(tmp_path):
    path = write(tmp_path, "secret.txt", "text")
    path.chmod(0)
    try:
        error = error_of(path, tmp_path)
    finally:
        path.chmod(0o644)
    assert error.path == "secret.txt"
    assert error.reason == "cannot read file: Permission denied"


def test_unreadable_path_is_an_article_error(tmp_path):
    (tmp_path / "folder.txt").mkdir()
    error = error_of(tmp_path / "folder.txt", tmp_path)
    assert error.path == "folder.txt"
    assert error.reason == "cannot read file: Is a directory"
    assert (
        error_of(tmp_path / "missing.txt", tmp_path).reason
        == "cannot read file: No such file or directory"
    )


def test_unsupported_suffix_is_an_article_error(tmp_path):
    error = error_of(write(tmp_path, "doc.pdf", b"%PDF-1.4"), tmp_path)
    assert (error.path, error.reason) == ("doc.pdf", "unsupported file type .pdf")


def test_cp1252_fallback_adds_a_note(tmp_path):
    raw = "Caf\u00e9 prices rose by 5\u20ac \u2014 \u201cquite a lot\u201d.".encode("cp1252")
    article = read_article(write(tmp_path, "old.txt", raw), tmp_path)
    assert article.text == "Caf\u00e9 prices rose by 5\u20ac \u2014 \u201cquite a lot\u201d."
    assert article.notes == ("not valid UTF-8; read as cp1252",)
    assert article.content_hash == hashlib.sha256(raw).hexdigest()


def test_bytes_in_no_known_encoding(tmp_path):
    error = error_of(write(tmp_path, "odd.txt", bytes(range(128, 256)) * 3), tmp_path)
    assert error.path == "odd.txt"
    assert error.reason == "not valid UTF-8 text, and not text in another known encoding"


RUSSIAN = (
    "В 2019 году из Казахстана уехали почти 45 тысяч человек, сообщил Комитет по "
    "статистике. По данным ведомства, это на 12 процентов больше, чем годом ранее. "
    "Эксперты считают, что основная причина - поиск работы и образования за рубежом.\n"
)


@pytest.mark.parametrize("encoding", ["cp1251", "koi8_r"])
def test_a_russian_article_in_a_legacy_encoding_is_read_as_such(tmp_path, encoding):
    raw = RUSSIAN.encode(encoding)
    article = read_article(write(tmp_path, "ru.txt", raw), tmp_path)
    assert article.text == RUSSIAN
    assert article.notes == (f"not valid UTF-8; read as {encoding}",)
    assert article.content_hash == hashlib.sha256(raw).hexdigest()


def test_utf8_damaged_in_a_few_places_stays_utf8(tmp_path):
    text = "Prices “rose” by 5 € in Zürich, said Müller; the café agreed. "
    raw = text.encode("utf-8") + b"\xff" + text.encode("utf-8")
    article = read_article(write(tmp_path, "damaged.txt", raw), tmp_path)
    assert article.text == text + "\ufffd" + text
    assert article.notes == ("not valid UTF-8 in 1 place(s); those bytes read as \ufffd",)


def test_a_line_too_long_for_the_parser_is_refused_in_words(tmp_path):
    long_line = "7 " * (MAX_LINE_CHARS // 2 + 10)
    front = "---\ntitle: Long\n---\nFirst paragraph.\n"
    path = write(tmp_path, "long.txt", front + long_line + "\n")
    error = error_of(path, tmp_path)
    assert error.reason.startswith("line 5 is 1,000,020 characters long")
    assert "break it into paragraphs" in error.reason and "E088" not in error.reason
    # many lines, each under the limit, are fine
    lines = ("Some 5,000 people left in 2019.\n" * (MAX_LINE_CHARS // 30)).encode()
    assert read_article(write(tmp_path, "many.txt", lines), tmp_path).text.count("\n") > 30_000


def test_utf16_file_is_named_as_such(tmp_path):
    error = error_of(write(tmp_path, "u16.txt", "Hello".encode("utf-16")), tmp_path)
    assert "UTF-16" in error.reason


# --------------------------------------------------------------------- scan_corpus


def scanned(root: Path) -> dict[str, str | None]:
    return {path.relative_to(root).as_posix(): reason for path, reason in scan_corpus(root)}


def test_scan_skips_unsupported_types_hidden_files_and_sorts(tmp_path):
    for rel in [
        "b.md",
        "a.txt",
        "sub/c.html",
        "sub/d.HTM",
        "doc.pdf",
        "notes",
        ".hidden.txt",
        ".git/x.txt",
    ]:
        write(tmp_path, rel, "text")
    results = list(scan_corpus(tmp_path))
    rels = [path.relative_to(tmp_path).as_posix() for path, _ in results]
    assert rels == sorted(rels) == ["a.txt", "b.md", "doc.pdf", "notes", "sub/c.html", "sub/d.HTM"]
    assert dict(zip(rels, (reason for _, reason in results))) == {
        "a.txt": None,
        "b.md": None,
        "doc.pdf": "unsupported file type .pdf",
        "notes": "unsupported file type (no suffix)",
        "sub/c.html": None,
        "sub/d.HTM": None,
    }
    assert all(path == tmp_path / rel for (path, _), rel in zip(results, rels))


def test_scan_claimsignore_patterns(tmp_path):
    for rel in [
        "ATTRIBUTION.md",
        "README.md",
        "keep.md",
        "drafts/x.txt",
        "sub/README.md",
        "sub/keep.txt",
    ]:
        write(tmp_path, rel, "text")
    write(tmp_path, IGNORE_FILE, "# not articles\nATTRIBUTION.md\n  README.md  \n\ndrafts/*\n")
    assert scanned(tmp_path) == {
        "ATTRIBUTION.md": "ignored by .claimsignore",
        "README.md": "ignored by .claimsignore",
        "drafts/x.txt": "ignored by .claimsignore",
        "keep.md": None,
        "sub/README.md": "ignored by .claimsignore",  # matched by its file name
        "sub/keep.txt": None,
    }


def test_scan_symlinks(tmp_path):
    root = tmp_path / "corpus"
    outside = write(tmp_path, "outside/secret.txt", "secret text")
    inside = write(root, "real.txt", "real text")
    write(root, "folder/in.txt", "nested text")
    (root / "out_link.txt").symlink_to(outside)
    (root / "in_link.txt").symlink_to(inside)
    (root / "out_dir").symlink_to(outside.parent, target_is_directory=True)
    (root / "in_dir").symlink_to(root / "folder", target_is_directory=True)
    assert scanned(root) == {
        "folder/in.txt": None,
        "in_dir": "symlink to a folder inside the corpus (not followed)",
        "in_link.txt": None,
        "out_dir": "symlink pointing outside the corpus",
        "out_link.txt": "symlink pointing outside the corpus",
        "real.txt": None,
    }
    link_article = read_article(root / "in_link.txt", root)
    assert (link_article.path, link_article.text) == ("in_link.txt", "real text")


def test_scan_real_corpus_ignore_file_exists():
    patterns = (CORPUS / IGNORE_FILE).read_text().splitlines()
    assert patterns[0].startswith("#")
    assert {"ATTRIBUTION.md", "README.md"} <= set(patterns)


# ---------------------------------------------------------------- property-based


@settings(deadline=None, max_examples=300)
@given(st.text())
def test_read_text_raises_only_article_error(text):
    try:
        article = read_text(text, "prop.txt")
    except ArticleError as error:
        assert error.path == "prop.txt" and error.reason
    else:
        assert article.text.strip()
        assert article.text in text  # the body is a slice of the input, never rewritten


@settings(deadline=None, max_examples=300)
@given(
    st.one_of(
        st.builds(lambda body: "---\n" + body, st.text()),
        st.builds(
            lambda fm, body: f"---\n{fm}\n---\n{body}",
            st.text(alphabet=st.sampled_from(list("abdeiltuprs:-[]{}'\" \n\t#!&*|>0123456789"))),
            st.text(),
        ),
    )
)
def test_read_text_with_front_matter_raises_only_article_error(text):
    try:
        article = read_text(text, "prop.md", ".md")
    except ArticleError as error:
        assert error.path == "prop.md" and error.reason
    else:
        assert article.text.strip()
        assert article.text in text


@settings(deadline=None, max_examples=200)
@given(st.text())
def test_read_text_html_raises_only_article_error(text):
    try:
        article = read_text(text, "prop.html", ".html")
    except ArticleError as error:
        assert error.path == "prop.html" and error.reason
    else:
        assert article.text.strip()


@settings(
    deadline=None, max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.one_of(st.binary(), st.builds(lambda b: b"---\n" + b, st.binary())),
    suffix=st.sampled_from([".txt", ".md", ".html"]),
)
def test_read_article_raises_only_article_error(tmp_path, data, suffix):
    path = tmp_path / f"prop{suffix}"
    path.write_bytes(data)
    try:
        article = read_article(path, tmp_path)
    except ArticleError as error:
        assert error.path == f"prop{suffix}" and error.reason
    else:
        assert article.content_hash == hashlib.sha256(data).hexdigest()
        assert article.text.strip()


def test_scan_reports_an_unreadable_folder(tmp_path, make_unreadable):
    write(tmp_path, "a.md", "text")
    write(tmp_path, "locked/b.md", "text")
    write(tmp_path, "locked/deeper/c.md", "text")
    write(tmp_path, "open/d.md", "text")
    make_unreadable(tmp_path / "locked")
    found = scan(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p, _ in found.files] == ["a.md", "open/d.md"]
    assert [folder for folder, _ in found.unreadable_folders] == ["locked"]
    reason = found.unreadable_folders[0][1]
    assert reason.startswith("cannot read folder: Permission denied")
    assert [p for p, _ in scan_corpus(tmp_path)] == [p for p, _ in found.files]


@pytest.mark.skipif(os.geteuid() == 0, reason="root enters any folder whatever its mode")
def test_scan_reports_a_folder_that_can_be_listed_but_not_entered(tmp_path):
    write(tmp_path, "listed/b.md", "text")
    (tmp_path / "listed").chmod(0o444)
    try:
        found = scan(tmp_path)
    finally:
        (tmp_path / "listed").chmod(0o755)
    assert found.files == []
    assert [folder for folder, _ in found.unreadable_folders] == ["listed"]
