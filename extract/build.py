"""Bringing the database in line with the corpus folder: the logic behind ``claims build``.

:func:`build` scans the corpus, hashes every readable file (cheaply, without parsing it)
and compares the hash and :data:`extract.EXTRACTOR_VERSION` with what the database
holds:

* a file whose bytes and extractor version are unchanged is skipped: it is neither
  parsed nor run through spaCy;
* a file whose bytes equal an article already stored (or read in this build) under
  another name becomes an alias of that article (:func:`extract.store.add_alias`);
  a renamed file is thus kept without re-extracting it;
* a new or changed file is read (:func:`extract.articles.read_article`) and extracted
  (:func:`extract.extractor.extract_many`, so spaCy parses in batches); articles stream
  through one at a time and each is saved in its own transaction, so a build that is
  killed leaves whole articles only, and the next build carries on;
* a stored name whose file is gone, ignored, or no longer readable is deleted; the
  names inside a folder that cannot be read are kept (the folder is reported);
* the analysts' corrections (``corrections.jsonl`` in the corpus) are applied last
  (:func:`extract.corrections.apply_corrections`): editing only that file re-applies
  them without reading or parsing any article.

A file or folder that cannot be read (or a file that the extractor fails on) is reported in
:attr:`BuildSummary.failed` with the reason and the build goes on. The spaCy model is
loaded only when at least one article needs extracting. Nothing here prints: the
CLI shows progress through the ``progress`` callback.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import multiprocessing
import os
import signal
import sqlite3
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

import extract
from extract import corrections as corrections_module
from extract import nlp as nlp_module
from extract import store
from extract.articles import (
    CORRECTIONS_FILE,
    DEFAULT_MAX_BYTES,
    ArticleError,
    CorpusScan,
    read_article,
    scan,
)
from extract.model import Article, Claim

if TYPE_CHECKING:
    from spacy.language import Language

    from extract.cluster import DaskExtraction  # Dask is an optional extra

# What happened to one file (BuildEvent.outcome).
READ = "read"  # read, extracted and stored
UNCHANGED = "unchanged"  # same bytes and extractor version as stored: left alone
ALIAS = "alias"  # same bytes as another article: stored as a second name of it
SKIPPED = "skipped"  # not an article (unsupported type, .claimsignore, ...)
FAILED = "failed"  # could not be read or extracted

_CHUNK = 1 << 20


@dataclass
class BuildSummary:
    """What a build did. Paths are relative to the corpus root."""

    read: int = 0
    skipped_unchanged: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    aliased: int = 0
    deleted: int = 0
    claims_stored: int = 0
    articles_total: int = 0
    claims_total: int = 0
    model: str | None = None  # the spaCy model loaded, None when nothing needed extracting
    notes: list[tuple[str, str]] = field(default_factory=list)  # (path, note) of articles read
    corrections: corrections_module.ApplyReport | None = None  # None: the build stopped first

    @property
    def ok(self) -> bool:
        """Every file read, and every line of the corrections file readable."""
        return not self.failed and not (self.corrections and self.corrections.invalid)


@dataclass(frozen=True)
class BuildEvent:
    """Sent to the ``progress`` callback once per file found in the corpus."""

    path: str
    outcome: str
    reason: str | None
    done: int
    total: int
    notes: tuple[str, ...] = ()  # how an article read was read (Article.notes)


ProgressCallback = Callable[[BuildEvent], None]
_Extractor: TypeAlias = "_Extraction | _ParallelExtraction | DaskExtraction"


@dataclass(frozen=True)
class _Stored:
    article_id: int
    main: str  # the article's main name (articles.path)
    content_hash: str
    version: str


def build(
    corpus: Path,
    db_path: Path,
    *,
    full: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    model: str | None = None,
    progress: ProgressCallback | None = None,
    batch_size: int = 16,
    workers: int = 1,
    on_wait: Callable[[], None] | None = None,
    dask: str | None = None,
) -> BuildSummary:
    """Bring the database at ``db_path`` in line with the folder ``corpus``.

    ``full`` re-extracts every article even if unchanged. ``model`` names the spaCy
    model (default: :func:`extract.nlp.model_name`). ``workers`` > 1 reads and
    extracts articles in that many processes while this one writes, in corpus order,
    so the database is the same as with one. ``dask`` (``local:N`` or a scheduler
    address) extracts them on a Dask cluster instead (:mod:`extract.cluster`). One
    build at a time writes a database (:func:`extract.store.writer_lock`): if another
    holds it, ``on_wait`` is called and this one waits for it to end.

    Raises ``FileNotFoundError`` if ``corpus`` is not a folder,
    :class:`extract.nlp.ModelNotFound` if an article needs extracting and no model can
    be loaded, :class:`ArticleError` if the corpus's ``.claimsignore`` cannot be read,
    :class:`extract.store.DatabaseUnavailable` if the database cannot be written (its
    folder, a damaged file, another process holding it locked too long).
    """
    corpus = Path(corpus)
    if not corpus.is_dir():
        raise FileNotFoundError(f"corpus folder {corpus} does not exist")
    with store.writer_lock(db_path, on_wait):
        try:
            return _build(
                corpus, db_path, full, max_bytes, model, progress, batch_size, workers, dask
            )
        except sqlite3.OperationalError as exc:  # locked too long, disk full, ...
            raise store.DatabaseUnavailable(store.unavailable_reason(db_path, exc)) from exc


def _build(
    corpus: Path,
    db_path: Path,
    full: bool,
    max_bytes: int,
    model: str | None,
    progress: ProgressCallback | None,
    batch_size: int,
    workers: int,
    dask: str | None,
) -> BuildSummary:
    version = extract.EXTRACTOR_VERSION
    found = scan(corpus)
    events = _Events(progress, len(found.files) + len(found.unreadable_folders))
    db = store.open_db(db_path)
    try:
        run = _Run(corpus, db, full, max_bytes, version, events)
        run.hash_files(found)  # nothing is parsed yet
        to_read = run.write_aliases(run.plan())
        extraction = _extraction(corpus, max_bytes, model, batch_size, workers, dask)
        run.extract_and_store(extraction, to_read)
        run.delete_gone(found)
        run.finish(db_path, extraction.model_name)
        return run.summary
    finally:
        db.close()


# --------------------------------------------------------------------------- the steps


def _extraction(
    corpus: Path, max_bytes: int, model: str | None, batch_size: int, workers: int, dask: str | None
) -> _Extractor:
    """How articles are read and extracted: on a Dask cluster, in worker processes, or
    here (spaCy is loaded only when an article needs it)."""
    if dask:
        from extract.cluster import DaskExtraction

        return DaskExtraction(dask, corpus, max_bytes, model, batch_size)
    if workers > 1:
        return _ParallelExtraction(corpus, max_bytes, model, batch_size, workers)
    return _Extraction(corpus, max_bytes, model, batch_size)


@dataclass(frozen=True)
class _Plan:
    anchors: dict[str, str]  # content hash -> a stored name its new names become aliases of
    pre_delete: list[str]  # main names dropped first, so their stored text stays an alias
    groups: dict[str, list[str]]  # content hash -> the names to store, in corpus order


class _Run:
    """One build's state, with its steps in the order :func:`_build` runs them."""

    def __init__(self, corpus: Path, db, full: bool, max_bytes: int, version: str, events: _Events):
        self.corpus = corpus
        self.db = db
        self.full = full
        self.max_bytes = max_bytes
        self.version = version
        self.events = events
        self.summary = BuildSummary()
        self.stored = _stored(db)
        self.current: dict[str, str] = {}  # readable name -> content hash, corpus order
        self.failed_now: set[str] = set()  # names read in this build that failed

    def hash_files(self, found: CorpusScan) -> None:
        """Hash every readable file, in corpus order. A folder that cannot be read is a
        failure (what is stored from it is kept: :meth:`delete_gone`)."""
        for folder, why in found.unreadable_folders:
            self._fail(folder, why)
        for path, reason in found.files:
            rel = path.relative_to(self.corpus).as_posix()
            if reason is not None:
                self.summary.skipped.append((rel, reason))
                self.events.send(rel, SKIPPED, reason)
                continue
            try:
                self.current[rel] = _hash_file(path, self.corpus, rel, self.max_bytes)
            except ArticleError as exc:
                self._fail(rel, exc.reason)

    def _valid(self, s: _Stored) -> bool:
        return not self.full and s.version == self.version

    def _keeps(self, name: str) -> bool:
        s = self.stored.get(name)
        return s is not None and self._valid(s) and self.current.get(name) == s.content_hash

    def plan(self) -> _Plan:
        """Which names keep their stored article (reported now), which become aliases,
        which are read and extracted."""
        anchors, pre_delete = self._anchors()
        groups: dict[str, list[str]] = {}
        for name, content_hash in self.current.items():
            if self._keeps(name):
                self.summary.skipped_unchanged += 1
                self.events.send(name, UNCHANGED)
            else:
                groups.setdefault(content_hash, []).append(name)
        return _Plan(anchors, pre_delete, groups)

    def _anchors(self) -> tuple[dict[str, str], list[str]]:
        names_of: dict[int, list[str]] = {}
        for name, s in self.stored.items():
            names_of.setdefault(s.article_id, []).append(name)
        anchors: dict[str, str] = {}  # content hash -> a stored name to alias it to
        pre_delete: list[str] = []
        for names in names_of.values():
            s = self.stored[names[0]]
            if not self._valid(s):
                continue
            kept = sorted(n for n in names if self._keeps(n))
            if kept:
                anchors.setdefault(s.content_hash, kept[0])
                if s.main in self.current and not self._keeps(s.main):
                    # The main file changed but other names still hold the stored text:
                    # drop the main name first so the text survives under an alias
                    # instead of being overwritten by the main file's new text.
                    pre_delete.append(s.main)
            elif s.main not in self.current:
                # Renamed: its new name becomes an alias, then the old name is deleted
                # and the alias takes over as main name; no re-extraction.
                anchors.setdefault(s.content_hash, s.main)
        return anchors, pre_delete

    def write_aliases(self, plan: _Plan) -> list[list[str]]:
        """Store the names whose text is stored as aliases; the groups of names left to
        read, each with the name to read first."""
        if plan.pre_delete:
            store.delete_articles(self.db, plan.pre_delete)
        to_read: list[list[str]] = []
        for content_hash, names in plan.groups.items():
            anchor = plan.anchors.get(content_hash)
            if anchor is None:
                to_read.append(_representative_first(names, self.stored))
                continue
            for name in names:
                self._alias(name, anchor)
        return to_read

    def extract_and_store(self, extraction: _Extractor, to_read: list[list[str]]) -> None:
        """Read, extract and store the first name of each group, the others as its
        aliases; when it fails (or its file changed meanwhile), read the others anew."""
        while to_read:
            to_read = self._extract_round(extraction, to_read)

    def _extract_round(self, extraction: _Extractor, to_read: list[list[str]]) -> list[list[str]]:
        retry: list[list[str]] = []
        members = {group[0]: group[1:] for group in to_read}
        expected = {group[0]: self.current[group[0]] for group in to_read}
        for name, article, claims, reason in extraction.run(list(members)):
            others = members[name]
            if reason is None:
                assert article is not None and claims is not None  # as run() promises
                reason = self._save(article, claims)
            if reason is not None:
                self._fail(name, reason)
                self.failed_now.add(name)
                if others:  # same bytes, but read each on its own: report each by name
                    retry.append(others)
                continue
            assert article is not None and claims is not None
            self.summary.read += 1
            self.summary.claims_stored += len(claims)
            self.summary.notes += [(name, note) for note in article.notes]
            self.events.send(name, READ, notes=article.notes)
            if others and article.content_hash != expected[name]:
                retry.append(others)  # the file changed while we were building
                continue
            for other in others:
                self._alias(other, name)
        return retry

    def _save(self, article: Article, claims: list[Claim]) -> str | None:
        """Store an article; why it cannot be, or None."""
        try:
            store.save_article(self.db, article, claims, self.version)
        except ValueError as exc:  # the extractor produced an invalid claim
            return f"cannot store claims: {exc}"
        return None

    def _alias(self, name: str, anchor: str) -> None:
        store.add_alias(self.db, name, anchor)
        self.summary.aliased += 1
        self.events.send(name, ALIAS)

    def _fail(self, name: str, reason: str) -> None:
        self.summary.failed.append((name, reason))
        self.events.send(name, FAILED, reason)

    def delete_gone(self, found: CorpusScan) -> None:
        """Forget names whose file is gone, skipped or unreadable, but not those in a
        folder that could not be read: their files may well be there."""
        in_unreadable = _Within([folder for folder, _ in found.unreadable_folders])
        gone = [
            n
            for n in self.stored
            if (n not in self.current or n in self.failed_now) and n not in in_unreadable
        ]
        if gone:
            self.summary.deleted = store.delete_articles(self.db, gone)

    def finish(self, db_path: Path, model_name: str | None) -> None:
        """Apply the analysts' corrections over the claims as extracted, link the
        duplicates, count what the database holds."""
        with corrections_module.writer_lock(db_path):
            self.summary.corrections = corrections_module.apply_corrections(
                self.db, self.corpus / CORRECTIONS_FILE
            )
        store.link_duplicates(self.db)
        self.summary.articles_total = self.db.execute("SELECT count(*) FROM articles").fetchone()[0]
        self.summary.claims_total = self.db.execute("SELECT count(*) FROM claims").fetchone()[0]
        self.summary.model = model_name


# --------------------------------------------------------------------------- helpers


class _Events:
    def __init__(self, callback: ProgressCallback | None, total: int):
        self.callback = callback
        self.total = total
        self.done = 0

    def send(
        self, path: str, outcome: str, reason: str | None = None, notes: tuple[str, ...] = ()
    ) -> None:
        self.done += 1
        if self.callback is not None:
            done = min(self.done, self.total)
            self.callback(BuildEvent(path, outcome, reason, done, self.total, notes))


class _Within:
    """The names inside any of some folders (relative names; ``.`` is the root)."""

    def __init__(self, folders: list[str]):
        self.everything = "." in folders
        self.prefixes = tuple(f"{folder}/" for folder in folders)

    def __contains__(self, name: str) -> bool:
        return self.everything or name.startswith(self.prefixes)


def _stored(db) -> dict[str, _Stored]:
    """Every stored name (aliases included) with its article."""
    rows = db.execute(
        "SELECT article_paths.path, articles.id, articles.path, articles.content_hash, "
        "articles.extractor_version "
        "FROM article_paths JOIN articles ON articles.id = article_paths.article_id"
    )
    return {name: _Stored(aid, main, h, v) for name, aid, main, h, v in rows}


def _hash_file(path: Path, corpus: Path, rel: str, max_bytes: int) -> str:
    """The sha256 of the file's bytes (as :attr:`Article.content_hash`), read in chunks."""
    try:
        with open(path, "rb") as f:
            if os.fstat(f.fileno()).st_size > max_bytes:
                read_article(path, corpus, max_bytes)  # raises, naming the limit
            digest = hashlib.sha256()
            size = 0
            while chunk := f.read(_CHUNK):
                size += len(chunk)
                if size > max_bytes:  # grew, or not a regular file
                    read_article(path, corpus, max_bytes)
                    break
                digest.update(chunk)
            return digest.hexdigest()
    except OSError as exc:
        raise ArticleError(rel, f"cannot read file: {exc.strerror or exc}") from exc


def _representative_first(names: list[str], stored: dict[str, _Stored]) -> list[str]:
    """The names of one text, the one to read first: a name that is already the main
    name of a stored article (so it is updated in place), else the first."""
    for i, name in enumerate(names):
        s = stored.get(name)
        if s is not None and s.main == name:
            return [name, *names[:i], *names[i + 1 :]]
    return list(names)


class _Extraction:
    """Reads and extracts articles as a stream, loading spaCy on first need."""

    def __init__(self, corpus: Path, max_bytes: int, model: str | None, batch_size: int):
        self.corpus = corpus
        self.max_bytes = max_bytes
        self.model = model
        self.batch_size = batch_size
        self.model_name: str | None = None
        self._nlp: Language | None = None

    def nlp(self):
        if self._nlp is None:
            self._nlp = nlp_module.load(self.model)
            self.model_name = nlp_module.model_name(self.model)
        return self._nlp

    def run(
        self, names: list[str]
    ) -> Iterator[tuple[str, Article | None, list[Claim] | None, str | None]]:
        """``(name, article, claims, None)`` per name extracted, ``(name, None, None,
        reason)`` per name that failed; articles are held only while spaCy batches them."""
        failures: list[tuple[str, str]] = []

        def articles() -> Iterator[Article]:
            for name in names:
                try:
                    yield read_article(self.corpus / name, self.corpus, self.max_bytes)
                except ArticleError as exc:
                    failures.append((name, exc.reason))
                except Exception as exc:  # a reader bug must not end the build
                    failures.append((name, f"cannot read: {type(exc).__name__}: {exc}"))

        def drain() -> Iterator[tuple[str, None, None, str]]:
            while failures:
                name, reason = failures.pop(0)
                yield name, None, None, reason

        source = articles()
        for first in source:
            yield from drain()
            yield from self._extract(chain([first], source), drain)
            break
        yield from drain()

    def _extract(self, source: Iterable[Article], drain) -> Iterator:
        from extract import extractor  # imports spaCy: only when something is parsed

        nlp = self.nlp()
        source = iter(source)
        pending: dict[str, Article] = {}

        def feed() -> Iterator[Article]:
            for article in source:
                pending[article.path] = article
                yield article

        while True:
            try:
                for article, claims in extractor.extract_many(
                    feed(), nlp, batch_size=self.batch_size
                ):
                    pending.pop(article.path, None)
                    yield from drain()
                    yield article.path, article, claims, None
                return
            except Exception:
                if not pending:
                    raise
            # extract_many failed on one of the articles in flight: do them one by one,
            # so only the culprit fails, then go on batching the rest.
            stuck = list(pending.values())
            pending.clear()
            for article in stuck:
                try:
                    claims = extractor.extract_claims(article, nlp)
                except Exception as exc:
                    yield article.path, None, None, _extraction_failure(exc)
                else:
                    yield article.path, article, claims, None
            yield from drain()


def _extraction_failure(exc: Exception) -> str:
    """Why the extractor failed on an article, in words."""
    if "[E088]" in str(exc):  # spaCy: a text longer than nlp.max_length at once
        return (
            "extraction failed: a stretch of the text is longer than the parser reads at "
            "once (1,000,000 characters): break it into shorter paragraphs"
        )
    return f"extraction failed: {type(exc).__name__}: {exc}"


class _ParallelExtraction:
    """Reads and extracts articles in worker processes (each loads spaCy once) and
    hands back their results in the order asked, with a bounded number of chunks in
    flight, so memory stays flat and the writer stays in corpus order.

    The workers end with this process, whatever ends it (:func:`_end_with_parent`);
    on Linux, with the thread that started them, so :meth:`run` is consumed on the
    thread that called it. Interrupted, it stops them at once."""

    def __init__(
        self, corpus: Path, max_bytes: int, model: str | None, batch_size: int, workers: int
    ):
        self.args = (corpus, max_bytes, model, batch_size)
        self.model = model
        self.batch_size = batch_size
        self.workers = workers
        self.model_name: str | None = None

    def run(
        self, names: list[str]
    ) -> Iterator[tuple[str, Article | None, list[Claim] | None, str | None]]:
        if not names:
            return
        self.model_name = nlp_module.model_name(self.model)  # fails here, not in a worker
        size = max(1, min(self.batch_size, -(-len(names) // self.workers)))
        chunks = [names[i : i + size] for i in range(0, len(names), size)]
        workers = min(self.workers, len(chunks))
        # spawn, not fork: the parent may run threads (progress bar, watcher)
        pool = ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_worker_start,
            initargs=(*self.args, os.getpid()),
        )
        finished = False
        try:
            in_flight: deque = deque()
            for chunk in chunks:
                in_flight.append(pool.submit(_worker_extract, chunk))
                if len(in_flight) > 2 * workers:
                    yield from in_flight.popleft().result()
            while in_flight:
                yield from in_flight.popleft().result()
            finished = True
        finally:
            if not finished:  # interrupted, or the writer stopped: the chunks at work are lost
                _end_workers(pool)
            pool.shutdown(wait=True, cancel_futures=True)


def _end_workers(pool: ProcessPoolExecutor) -> None:
    """Stop the pool's worker processes now, rather than after their current chunk."""
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14
    if terminate is not None:
        terminate()
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(OSError):
            process.terminate()


_worker: _Extraction | None = None


def _worker_start(
    corpus: Path, max_bytes: int, model: str | None, batch_size: int, parent: int
) -> None:
    global _worker
    # Ctrl-C reaches the whole process group: the parent alone decides what to do.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _end_with_parent(parent)
    _worker = _Extraction(corpus, max_bytes, model, batch_size)
    _worker.nlp()


PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
PARENT_CHECK_SECONDS = 1.0


def _end_with_parent(parent: int) -> None:
    """End this worker process when its parent ``parent`` ends, however it ends (a
    SIGKILL runs no clean-up in the parent): on Linux the kernel sends SIGKILL
    (``prctl(PR_SET_PDEATHSIG)``); elsewhere, and as a second guard, a thread sees
    that the process was handed to another parent and exits."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no prctl: the watching thread does it
            pass
    if os.getppid() != parent:  # the parent ended before the line above
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="claims-parent-watch").start()


def _worker_extract(names: list[str]) -> list:
    assert _worker is not None
    return list(_worker.run(names))
