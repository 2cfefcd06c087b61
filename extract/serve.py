"""Serving the database with Datasette, as ``claims serve`` does: the command line that
starts it, the supervision of that child process, and rebuilding while it serves.

The site reads only: Datasette opens the database through read-only connections, no
installed plugin writes, the metadata is checked (:mod:`extract.metadata`), SQL stops
after :data:`SQL_TIME_LIMIT_MS`. The one exception is ``claims serve --review``
(:func:`review_environment`): the tool's plugin then accepts analysts' reviews, which it
writes through :func:`extract.corrections.review`.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from extract import corrections, processes, site, store
from extract import watch as watch_corpus
from extract.build import BuildSummary
from extract.build import build as run_build
from extract.metadata import metadata_file
from extract.watch import StatusFile

DEFAULT_PORT = 8001
DEFAULT_HOST = "127.0.0.1"
SQL_TIME_LIMIT_MS = 3000


def site_folders() -> list[tuple[str, Path]]:
    """The tool's own Datasette plugins and templates, shipped in the package
    (:mod:`extract.site`), as ``(option, folder)``."""
    return [
        ("--plugins-dir", site.path(site.PLUGINS)),
        ("--template-dir", site.path(site.TEMPLATES)),
    ]


def datasette_command(
    db_path: Path,
    metadata_path: Path,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    extra: Sequence[str] = (),
    immutable: bool = False,
) -> list[str]:
    """The command line that serves ``db_path`` with Datasette (``extra`` is appended,
    e.g. ``["--get", "/claims.json"]`` to answer one request and exit).

    The tool's own plugins (search highlights, links to articles, an article's text on
    its page) and templates are added (:func:`site_folders`). SQL stops after
    ``SQL_TIME_LIMIT_MS``. Datasette's facet suggestions are off: they run some
    seventy queries on every table page (over 3 s at a million claims), while the
    useful facets are configured in the metadata and any column can still be
    faceted from its menu. ``immutable`` serves a database that cannot change (in a
    read-only folder: :func:`served_read_only`) with Datasette's ``-i``."""
    own = [arg for option, folder in site_folders() for arg in (option, str(folder))]
    return [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        *(["-i", str(db_path)] if immutable else [str(db_path)]),
        "--metadata",
        str(metadata_path),
        "--host",
        host,
        "--port",
        str(port),
        "--setting",
        "sql_time_limit_ms",
        str(SQL_TIME_LIMIT_MS),
        "--setting",
        "suggest_facets",
        "off",
        *own,
        *extra,
    ]


STOP_GRACE_SECONDS = 10.0  # after passing on a signal, how long Datasette has to stop
EXIT_INTERRUPTED = 130  # the exit status of `claims serve` stopped by Ctrl-C (SIGINT)
PLUGIN = "news-claims"  # the tool's Datasette plugin, as named in the metadata


def review_environment(
    corpus_dir: Path, db_path: Path, review: bool, by: str | None = None
) -> dict[str, str]:
    """The environment of the Datasette process: with ``review`` (``claims serve
    --review``), the plugin's review settings (database, corpus, reviewer) in
    :data:`extract.corrections.REVIEW_ENV`; without, that variable is removed, so a
    read-only site never has the review route, whatever the user's environment holds."""
    env = dict(os.environ)
    env.pop(corrections.REVIEW_ENV, None)
    if review:
        env[corrections.REVIEW_ENV] = json.dumps(
            {
                "db": str(Path(db_path).resolve()),
                "corpus": str(Path(corpus_dir).resolve()),
                "by": by or corrections.default_reviewer(),
            }
        )
    return env


def run_datasette(command: list[str], env: dict[str, str] | None = None) -> int:
    """Run Datasette until it stops; its exit status, or 130 when it was stopped with
    Ctrl-C (SIGINT) and 0 when stopped with SIGTERM or SIGHUP.

    The signal is passed on to Datasette, whether it came from a terminal (which sends
    it to both processes) or to this process alone (``kill -INT``, ``kill -TERM``);
    a Datasette that has not stopped :data:`STOP_GRACE_SECONDS` later is ended
    (:func:`extract.processes.stop`), so no server is left behind."""
    process = subprocess.Popen(command, env=env)
    received: list[tuple[int, float]] = []  # (signal, when)

    def pass_on(signum, frame):
        received.append((signum, time.monotonic()))
        if process.poll() is None:
            with contextlib.suppress(OSError):
                process.send_signal(signum)

    handled = [signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)]
    previous = {}
    if threading.current_thread() is threading.main_thread():
        previous = {sig: signal.signal(sig, pass_on) for sig in handled if sig is not None}
    try:
        while True:
            try:
                status = process.wait(timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                pass
            if received and time.monotonic() - received[0][1] > STOP_GRACE_SECONDS:
                status = processes.stop(process)
                break
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        processes.stop(process)
    if received:
        return EXIT_INTERRUPTED if received[0][0] == signal.SIGINT else 0
    return status


def served_read_only(db_path: Path) -> bool:
    """Whether ``db_path`` must be served as it is, immutable (Datasette's ``-i``):
    True when SQLite cannot open it read-only in the usual way, which in WAL mode
    needs its ``-shm`` file, i.e. a folder it can write in, and can open it immutable.
    Raises :class:`extract.store.DatabaseUnavailable` when it cannot open it at all."""
    try:
        _probe(f"file:{db_path}?mode=ro")
        return False
    except sqlite3.DatabaseError as first:
        try:
            _probe(f"file:{db_path}?immutable=1")
        except sqlite3.DatabaseError as exc:
            raise store.DatabaseUnavailable(store.unavailable_reason(db_path, exc)) from first
        return True


def _probe(uri: str) -> None:
    conn = sqlite3.connect(uri, uri=True)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        conn.close()


def with_status_file(metadata: dict[str, Any], status_file: Path) -> dict[str, Any]:
    """A copy of ``metadata`` telling the tool's plugin where the watch writes the state
    of the served data (:class:`extract.watch.StatusFile`), so pages say when it is stale."""
    plugins = dict(metadata.get("plugins") or {})
    plugins[PLUGIN] = {**(plugins.get(PLUGIN) or {}), "status_file": str(status_file)}
    return {**metadata, "plugins": plugins}


@contextlib.contextmanager
def prepared_site(
    db_path: Path,
    metadata: dict[str, Any],
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    immutable: bool = False,
    watch: bool = False,
) -> Iterator[tuple[list[str], StatusFile | None]]:
    """The Datasette command line that serves ``db_path`` with ``metadata`` (written to
    a temporary file, :func:`extract.metadata.metadata_file`) and, with ``watch``, the
    :class:`extract.watch.StatusFile` where rebuilds tell the site that its data is
    stale (in a temporary folder). Both are removed afterwards."""
    with contextlib.ExitStack() as stack:
        status = None
        if watch:
            state = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="claims-serve-")))
            status = StatusFile(state / "status.json")
            metadata = with_status_file(metadata, status.path)
        served_metadata = stack.enter_context(metadata_file(metadata, db_path))
        command = datasette_command(
            db_path, served_metadata, host=host, port=port, immutable=immutable
        )
        yield command, status


def start_watch(
    corpus_dir: Path,
    db_path: Path,
    on_rebuilt: Callable[[BuildSummary], object],
    on_failed: Callable[[Exception], object],
    *,
    retry: float = watch_corpus.RETRY_SECONDS,
    **build_options,
) -> threading.Event:
    """Rebuild ``db_path`` from ``corpus_dir`` in a background thread whenever the
    corpus changes, passing each summary to ``on_rebuilt``; a rebuild that fails goes
    to ``on_failed`` and is tried again every ``retry`` seconds and at the next change.
    Set the event to stop."""

    def rebuild() -> None:
        on_rebuilt(run_build(corpus_dir, db_path, **build_options))

    return watch_corpus.start(corpus_dir, rebuild, retry=retry, on_error=on_failed)
