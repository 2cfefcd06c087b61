"""Serving the database with Datasette, as ``claims serve`` does: the command line that
starts it, the supervision of that child process, and rebuilding while it serves.

The site reads only: Datasette opens the database through read-only connections, no
installed plugin writes, the metadata is checked (:mod:`extract.metadata`), SQL stops
after :data:`SQL_TIME_LIMIT_MS`. The one exception is ``claims serve --review``
(:func:`review_environment`): the tool's plugin then accepts analysts' reviews, which it
writes through :func:`extract.corrections.review`.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from extract import corrections, processes, site
from extract import watch as watch_corpus
from extract.build import BuildSummary
from extract.build import build as run_build

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
) -> list[str]:
    """The command line that serves ``db_path`` with Datasette (``extra`` is appended,
    e.g. ``["--get", "/claims.json"]`` to answer one request and exit).

    The tool's own plugins (search highlights, links to articles, an article's text on
    its page) and templates are added (:func:`site_folders`). SQL stops after
    ``SQL_TIME_LIMIT_MS``. Datasette's facet suggestions are off: they run some
    seventy queries on every table page (over 3 s at a million claims), while the
    useful facets are configured in the metadata and any column can still be
    faceted from its menu."""
    own = [arg for option, folder in site_folders() for arg in (option, str(folder))]
    return [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        str(db_path),
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


class _Stopped(Exception):
    pass


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
    """Run Datasette until it stops; its exit status. Ctrl-C stops it, and so does
    SIGTERM or SIGHUP sent to this process (passed on, so no server is left behind)."""
    process = subprocess.Popen(command, env=env)

    def stop(signum, frame):
        raise _Stopped(signum)

    handled = (signal.SIGTERM, getattr(signal, "SIGHUP", None))
    previous = {}
    if threading.current_thread() is threading.main_thread():
        previous = {sig: signal.signal(sig, stop) for sig in handled if sig is not None}
    try:
        return process.wait()
    except KeyboardInterrupt:  # the child got the same Ctrl-C: let it shut down
        process.wait()
        return 0
    except _Stopped:
        return 0
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        processes.stop(process)


def start_watch(
    corpus_dir: Path,
    db_path: Path,
    on_rebuilt: Callable[[BuildSummary], object],
    **build_options,
) -> threading.Event:
    """Rebuild ``db_path`` from ``corpus_dir`` in a background thread whenever the
    corpus changes, passing each summary to ``on_rebuilt``; set the event to stop."""

    def rebuild() -> None:
        on_rebuilt(run_build(corpus_dir, db_path, **build_options))

    return watch_corpus.start(corpus_dir, rebuild)
