"""Reading the article files of the corpus.

One concern: turn a file (``.txt``, ``.md``, ``.html``, ``.htm``) into an
:class:`~extract.model.Article` holding its body text and metadata, or fail with an
:class:`ArticleError` that names the file and says what is wrong with it.

* ``.txt`` / ``.md``: UTF-8 text (a BOM is dropped; text in another encoding is
  decoded in the one charset-normalizer finds, with a note naming it). It may start with YAML front
  matter between two ``---`` lines (``title``, ``source``, ``published`` or ``date``,
  ``url``); the body may start with a ``date YYYY-MM-DD`` marker, which gives the
  publication date and is removed. A headline on the first line followed by a blank
  line is the title (when the front matter has none) and is removed from the body.
  Otherwise the body is kept exactly as written, because claim offsets index into it.
* ``.html`` / ``.htm``: reduced to its main text and metadata by trafilatura; the
  page's headline, which trafilatura keeps as the text's first line, is its title only;
  the publication date comes from the page's metadata only (with a note), never from
  a year in its text.

A text with a line over :data:`MAX_LINE_CHARS` (what spaCy reads at once) is refused
with a reason that says so. The notes of an :class:`Article` say how it was read.

:func:`scan` lists the files of a corpus folder and says which are skipped and why
(unsupported type, ``.claimsignore``, symlinks leading out of the corpus), and which
folders could not be read.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from fnmatch import fnmatchcase
from pathlib import Path

import yaml

from extract.corpusinfo import CORPUS_FILE
from extract.model import Article

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm")
DEFAULT_MAX_BYTES = 5_000_000
IGNORE_FILE = ".claimsignore"
CORRECTIONS_FILE = "corrections.jsonl"  # analysts' reviews (extract/corrections.py)
# Files at the corpus root that are data of the corpus, not articles: never listed.
CORPUS_DATA_FILES = (CORPUS_FILE, CORRECTIONS_FILE)

NOT_UTF8_NOTE = "not valid UTF-8; read as"  # followed by the encoding
HTML_DATE_NOTE = "publication date taken from the page's metadata"
# spaCy reads at most this many characters at once (``nlp.max_length``; error E088)
MAX_LINE_CHARS = 1_000_000
_HTML_SUFFIXES = (".html", ".htm")
_FRONT_MATTER_KEYS = ("title", "source", "url")
_DATE_KEYS = ("published", "date")  # the first one present wins
_MAX_CONTROL_SHARE = 0.1  # above this share of control characters a file is binary
_BENIGN_CONTROLS = "\t\n\r\f\v"

_CLOSING_FENCE = re.compile(r"^---[^\S\n]*$", re.MULTILINE)
_LEADING_BLANK_LINES = re.compile(r"\A(?:[^\S\n]*\n)+")
_MAX_TITLE = 200
_TITLE_LINE = re.compile(r"\A([^\n]*)\n[^\S\n]*\n")  # a line, then a blank line
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’')\]]*\s+[\"“‘(\[]?[A-Z0-9]")
_SITE_SEPARATORS = ("|", "-", "–", "—", ":", "·", "•")
_DATE_MARKER = re.compile(
    r"\A[^\S\n]*date:?[^\S\n]+([0-9]{4}-[0-9]{2}-[0-9]{2})(?=\s|\Z)[^\S\n]*", re.IGNORECASE
)


class ArticleError(Exception):
    """An article file that cannot be read; ``str(e)`` is ``"<path>: <reason>"``."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self):  # keep the two fields when pickled (e.g. across processes)
        return (type(self), (self.path, self.reason))


# --------------------------------------------------------------------------- reading


def read_article(path: Path, root: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Read the article file ``path``, which lies under the corpus folder ``root``."""
    rel = _relative_path(Path(path), Path(root))
    suffix = _checked_suffix(Path(path), rel)
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > max_bytes:
                raise ArticleError(rel, _too_big(size, max_bytes))
            data = f.read(max_bytes + 1)
    except OSError as exc:
        raise ArticleError(rel, f"cannot read file: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:  # the file grew, or it is not a regular file
        raise ArticleError(rel, _too_big(len(data), max_bytes))
    text, notes = _decode(data, rel)
    return _parse(text, rel, suffix, hashlib.sha256(data).hexdigest(), notes)


def read_text(text: str, path: str = "<text>", suffix: str = ".txt") -> Article:
    """Parse already-decoded article text as if read from a file named ``path``."""
    suffix = suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ArticleError(path, f"unsupported file type {suffix or '(no suffix)'}")
    content_hash = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return _parse(text, path, suffix, content_hash, ())


def _too_big(size: int, max_bytes: int) -> str:
    return f"file is {size} bytes, over the limit of {max_bytes} bytes (--max-bytes)"


def _relative_path(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` with ``/`` separators (symlinks are not resolved).

    Raises ValueError when ``path`` is not under ``root``: a caller's mistake.
    """
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.absolute().relative_to(root.absolute()).as_posix()


def _checked_suffix(path: Path, rel: str) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ArticleError(rel, f"unsupported file type {suffix or '(no suffix)'}")
    return suffix


def _decode(data: bytes, path: str) -> tuple[str, tuple[str, ...]]:
    """The text of the raw bytes and the notes on how it was decoded.

    UTF-8 (a BOM is dropped) is read as it is. UTF-8 damaged in a few places (more
    valid multi-byte characters than invalid bytes) is read as UTF-8 with the invalid
    bytes replaced by U+FFFD. Anything else is decoded in the encoding that
    charset-normalizer finds (cp1251 for Russian, cp1252 for Western text, ...),
    with a note saying which."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ArticleError(path, "UTF-16 text, not UTF-8 (save the file as UTF-8)")
    if b"\x00" in data:
        raise ArticleError(path, "binary file, not text")
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError:
        pass
    replaced = data.decode("utf-8-sig", errors="replace")
    invalid = replaced.count("\ufffd") - data.count("\ufffd".encode())
    multibyte = sum(1 for c in replaced if c > "\x7f") - replaced.count("\ufffd")
    if multibyte > invalid:
        return replaced, (f"not valid UTF-8 in {invalid} place(s); those bytes read as \ufffd",)
    detected = detected_encoding(data)
    if detected is None:
        raise ArticleError(path, "not valid UTF-8 text, and not text in another known encoding")
    encoding, text = detected
    return text, (f"{NOT_UTF8_NOTE} {encoding}",)


def detected_encoding(data: bytes) -> tuple[str, str] | None:
    """The encoding of legacy text as charset-normalizer finds it (a Python codec
    name) and the text, or None. When cp1252 gives the same text as the encoding
    found (Western text fits cp1250 and cp1252 alike), cp1252 is named: the usual one."""
    import charset_normalizer

    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        return None
    text = str(best)
    with contextlib.suppress(UnicodeDecodeError):
        if data.decode("cp1252") == text:
            return "cp1252", text
    return best.encoding, text


def _parse(text: str, path: str, suffix: str, content_hash: str, notes: tuple[str, ...]) -> Article:
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ArticleError(path, "empty file")
    if _looks_binary(text):
        raise ArticleError(path, "binary file, not text")
    if suffix in _HTML_SUFFIXES:
        fields = _parse_html(text, path)
    else:
        fields = _parse_plain(text, path)
    notes = (*notes, *fields.pop("notes", ()))
    body = fields["text"]
    if suffix in _HTML_SUFFIXES:
        _check_line_lengths(body, path, None)
    else:  # the body is the end of the file's text: count lines as the file has them
        _check_line_lengths(body, path, text.count("\n", 0, len(text) - len(body)) + 1)
    return Article(path=path, content_hash=content_hash, notes=notes, **fields)


def _check_line_lengths(body: str, path: str, first_line: int | None) -> None:
    """Refuse a body with a line longer than the parser reads at once (spaCy's E088).
    ``first_line`` is the body's first line in the file, None for an HTML page."""
    if len(body) <= MAX_LINE_CHARS:
        return
    for number, line in enumerate(body.split("\n"), start=first_line or 1):
        if len(line) > MAX_LINE_CHARS:
            where = f"line {number}" if first_line else "a paragraph of the page's main text"
            raise ArticleError(
                path,
                f"{where} is {len(line):,} characters long; the parser reads at most "
                f"{MAX_LINE_CHARS:,} at a time: break it into paragraphs",
            )


def _looks_binary(text: str) -> bool:
    controls = sum(
        1 for c in text if (c < " " and c not in _BENIGN_CONTROLS) or "\x7f" <= c <= "\x9f"
    )
    return "\x00" in text or controls > _MAX_CONTROL_SHARE * len(text)


# ---------------------------------------------------------------- plain text and markdown


def _parse_plain(text: str, path: str) -> dict:
    """Front matter, date marker and body of a ``.txt`` or ``.md`` file."""
    meta: dict = {"title": None, "source": None, "published": None, "url": None}
    body = text
    first_line, _, rest = text.partition("\n")
    if first_line.rstrip() == "---":
        closing = _CLOSING_FENCE.search(rest)
        if closing is None:
            raise ArticleError(
                path, "front matter opened at line 1 is never closed by a '---' line"
            )
        meta.update(_front_matter(rest[: closing.start()], path))
        body = rest[closing.end() :].removeprefix("\n")

    body = _LEADING_BLANK_LINES.sub("", body)
    body, marked = _date_marker(body, text, path)
    body, title = _title_line(body, meta["title"])
    if marked is None and title is not None:  # "Title", blank line, "date 2020-01-02 ..."
        body, marked = _date_marker(body, text, path)
    meta["title"] = meta["title"] or title
    meta["published"] = meta["published"] or marked

    if not body.strip():
        raise ArticleError(path, "no article text after the front matter or date marker")
    return {"text": body, **meta}


def _date_marker(body: str, text: str, path: str) -> tuple[str, date | None]:
    """``body`` without a leading ``date YYYY-MM-DD`` marker, and the marker's date."""
    marker = _DATE_MARKER.match(body)
    if not marker:
        return body, None
    marker_date = _iso_date(marker.group(1))
    if marker_date is None:
        line = text.count("\n", 0, len(text) - len(body)) + 1
        raise ArticleError(
            path, f"date marker at line {line} is not a valid date: {marker.group(1)}"
        )
    return _LEADING_BLANK_LINES.sub("", body[marker.end() :]), marker_date


def _title_line(body: str, title: str | None) -> tuple[str, str | None]:
    """A headline on the body's first line, followed by a blank line, is the title, not
    the start of the first sentence: ``body`` without it, and the headline. With a title
    from the front matter, the line is only dropped when it repeats that title.

    A headline is a single line of at most ``_MAX_TITLE`` characters holding one
    sentence, that either does not end like a sentence (``.``, ``!``, ``?``) or is
    written in title case; a first paragraph of one ordinary sentence stays text."""
    match = _TITLE_LINE.match(body)
    if not match:
        return body, None
    line = match.group(1).strip().lstrip("#").strip()  # a Markdown "# Heading" too
    rest = _LEADING_BLANK_LINES.sub("", body[match.end() :])
    if not line or not rest.strip():
        return body, None
    if title is not None:
        return (rest, None) if _same_headline(line, title) else (body, None)
    if len(line) > _MAX_TITLE or _SENTENCE_BREAK.search(line):
        return body, None
    if line.endswith((".", "!", "?", "…", ":", ";", ",")) and not _title_case(line):
        return body, None
    return rest, line


def _title_case(line: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def _same_headline(line: str, title: str) -> bool:
    """Whether the line is the title (as a page repeats it: alone, or the title is
    the line followed by the site's name, "Headline | Site")."""

    def norm(value: str) -> str:
        return " ".join(value.casefold().split()).strip(" .:;,!?-–—|·")

    line, title = norm(line), norm(title)
    if not line or not title:
        return False
    if line == title:
        return True
    longer, shorter = (title, line) if len(title) > len(line) else (line, title)
    return longer.startswith(shorter) and longer[len(shorter) :].lstrip()[:1] in _SITE_SEPARATORS


_PLAIN_LINE = re.compile(r"^([A-Za-z_][\w-]*):[ \t]+([^'\"\[{|>&*!#\s].*?)[ \t]*$")


def _composed(block: str) -> yaml.Node | None:
    """The YAML nodes of a front matter block. A headline with a colon ("title: CBO:
    bill would cut $834bn") is plain text to its writer though YAML wants it quoted:
    when the block as written is not YAML, its one-line values are read as quoted; the
    error raised is the block's own."""
    try:
        return yaml.compose(block, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        try:
            return yaml.compose(_quote_plain_values(block), Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            pass
    return yaml.compose(block, Loader=yaml.SafeLoader)


def _quote_plain_values(block: str) -> str:
    """The block with each one-line top-level value quoted as a YAML string, so a
    value may hold ": " as prose does; line numbers are kept."""

    def quote(match: re.Match) -> str:
        return f"{match[1]}: '" + match[2].replace("'", "''") + "'"

    return "\n".join(_PLAIN_LINE.sub(quote, line) for line in block.split("\n"))


def _front_matter(block: str, path: str) -> dict:
    """The metadata of a front matter block (which starts at line 2 of the file).

    The block is only composed into YAML nodes, never constructed into Python
    objects, so values are kept as written and every value knows its line.
    """

    def line_of(index: int) -> int:
        return 2 + block.count("\n", 0, index)

    try:
        node = _composed(block)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        index = mark.index if mark is not None else getattr(exc, "position", 0)
        problem = getattr(exc, "problem", None) or getattr(exc, "reason", None) or str(exc)
        raise ArticleError(
            path, f"malformed front matter at line {line_of(index)}: {problem}"
        ) from exc
    except RecursionError:
        raise ArticleError(path, "malformed front matter at line 2: nested too deeply") from None

    if node is None:  # empty front matter
        return {}
    if not isinstance(node, yaml.MappingNode):
        raise ArticleError(
            path,
            f"front matter at line {line_of(node.start_mark.index)} "
            "is not a mapping of keys to values",
        )

    values = {}
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            values[key_node.value] = value_node

    meta: dict = {}
    for key in _FRONT_MATTER_KEYS:
        if key in values:
            meta[key] = _scalar_text(values[key], key, path, line_of)
    date_key = next((key for key in _DATE_KEYS if key in values), None)
    if date_key:
        raw = _scalar_text(values[date_key], date_key, path, line_of)
        meta["published"] = _iso_date(raw) if raw else None
        if raw and meta["published"] is None:
            line = line_of(values[date_key].start_mark.index)
            raise ArticleError(
                path, f"'{date_key}' at line {line} is not an ISO date (YYYY-MM-DD): {raw}"
            )
    return meta


def _scalar_text(node: yaml.Node, key: str, path: str, line_of) -> str | None:
    """A front matter value as written, or None when it is empty or null."""
    if not isinstance(node, yaml.ScalarNode):
        raise ArticleError(
            path, f"'{key}' at line {line_of(node.start_mark.index)} is not a single value"
        )
    if node.tag == "tag:yaml.org,2002:null":
        return None
    return node.value.strip() or None


def _iso_date(value: str) -> date | None:
    """The date written as an ISO date (or ISO date and time), else None."""
    for parse in (date.fromisoformat, lambda v: datetime.fromisoformat(v).date()):
        try:
            return parse(value)
        except ValueError:
            pass
    return None


# ---------------------------------------------------------------------------------- HTML


def _parse_html(text: str, path: str) -> dict:
    """Main text and metadata of an HTML page, as extracted by trafilatura."""
    import trafilatura  # imported on first use: it takes a moment to load
    from trafilatura.settings import Document

    try:
        doc = trafilatura.bare_extraction(
            text,
            with_metadata=True,
            include_comments=False,
            include_images=False,
            include_links=False,
            # the date from the page's metadata and markup only (meta tags, JSON-LD,
            # <time>, the URL), never a year guessed from the text
            date_extraction_params={
                "original_date": True,
                "extensive_search": False,
                "max_date": date.today().isoformat(),
            },
        )
    except Exception as exc:  # lxml and trafilatura fail in many ways on malformed pages
        raise ArticleError(path, f"cannot parse HTML: {exc}") from exc
    if not isinstance(doc, Document) or not (doc.text or "").strip():
        raise ArticleError(path, "no main text found in HTML")
    published = _iso_date(doc.date) if doc.date else None
    body = (doc.text or "").strip()
    title = doc.title or None
    first, newline, rest = body.partition("\n")
    if title and newline and rest.strip() and _same_headline(first, title):
        body = rest.strip()  # the page's headline, not the start of its first sentence
    return {
        "text": body,
        "title": title,
        "source": doc.sitename or doc.hostname or None,
        "published": published,
        "url": doc.url or None,
        "notes": (HTML_DATE_NOTE,) if published else (),
    }


# ------------------------------------------------------------------------------ scanning


@dataclass(frozen=True)
class CorpusScan:
    """What :func:`scan` found: every file with None when it should be read or the
    reason it is skipped, and the folders that could not be read, with the reason."""

    files: list[tuple[Path, str | None]]
    unreadable_folders: list[tuple[str, str]]  # (folder relative to the root, reason)


def scan(root: Path) -> CorpusScan:
    """Every file under ``root``, sorted by relative path, and every folder that could
    not be listed or entered (it is reported, not silently skipped: the build keeps
    the articles stored from it). Hidden files and folders, and the corpus's data
    files at its root (:data:`CORPUS_DATA_FILES`: its ``corpus.yaml`` and
    ``corrections.jsonl``), are left out silently; symlinked folders are not descended
    into."""
    root = Path(root)
    patterns = _ignore_patterns(root)
    real_root = root.resolve()
    found = []
    unreadable: list[tuple[str, str]] = []

    def folder_error(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else root
        unreadable.append((_folder_name(where, root), _cannot_read_folder(exc)))

    for folder, dirs, files in os.walk(root, onerror=folder_error):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        linked_dirs = [d for d in dirs if os.path.islink(os.path.join(folder, d))]
        dirs[:] = [d for d in dirs if d not in linked_dirs]
        if not os.access(folder, os.R_OK | os.X_OK):  # listed, but its files cannot be opened
            error = PermissionError(errno.EACCES, os.strerror(errno.EACCES), folder)
            unreadable.append((_folder_name(Path(folder), root), _cannot_read_folder(error)))
            dirs[:] = []
            continue
        for name in files + linked_dirs:
            if not name.startswith("."):
                path = Path(folder, name)
                rel = path.relative_to(root).as_posix()
                if rel not in CORPUS_DATA_FILES:
                    found.append((rel, path))
    files_found = [
        (path, _skip_reason(path, rel, patterns, real_root)) for rel, path in sorted(found)
    ]
    return CorpusScan(files_found, sorted(unreadable))


def scan_corpus(root: Path) -> Iterator[tuple[Path, str | None]]:
    """The files of :func:`scan` (without the unreadable folders): each with None when
    it should be read or the reason it is skipped."""
    yield from scan(root).files


def _folder_name(folder: Path, root: Path) -> str:
    """A folder under ``root`` as a relative name (``.`` for the root itself)."""
    return folder.relative_to(root).as_posix()


def _cannot_read_folder(exc: OSError) -> str:
    return f"cannot read folder: {exc.strerror or exc}; the articles stored from it are kept"


def _skip_reason(path: Path, rel: str, patterns: list[str], real_root: Path) -> str | None:
    if any(fnmatchcase(rel, p) or fnmatchcase(path.name, p) for p in patterns):
        return f"ignored by {IGNORE_FILE}"
    if path.is_symlink():
        try:
            target = path.resolve()
        except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
            return "symlink loop"
        if not target.is_relative_to(real_root):
            return "symlink pointing outside the corpus"
    if path.is_dir():
        return "symlink to a folder inside the corpus (not followed)"
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return f"unsupported file type {suffix or '(no suffix)'}"
    if path.exists() and not path.is_file():
        return "not a regular file"
    return None


def _ignore_patterns(root: Path) -> list[str]:
    """The glob patterns of ``root/.claimsignore``: one a line, ``#`` starts a comment."""
    try:
        lines = (root / IGNORE_FILE).read_text(encoding="utf-8", errors="replace").splitlines()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise ArticleError(IGNORE_FILE, f"cannot read file: {exc.strerror or exc}") from exc
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
