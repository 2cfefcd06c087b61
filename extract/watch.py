"""Watch mode: rebuild when the files of the corpus change, while Datasette serves.

Polling, not inotify: it works the same on every platform and on network folders,
and a corpus folder is small enough to stat every second.

A rebuild that fails (the database locked for too long, an unreadable
``.claimsignore``, ...) does not end the watch: the error goes to ``on_error``, the
rebuild is tried again every ``retry`` seconds and at the next change, and the
served data is marked stale in a :class:`StatusFile` that the Datasette plugin reads
(``claims serve --watch`` names it in the plugin's settings, ``status_file``), so every
page says since when the data is stale and why, until a rebuild succeeds.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

RETRY_SECONDS = 30.0


def fingerprint(root: Path) -> tuple:
    """What changes when a file under ``root`` is added, removed or edited."""
    entries = []
    for path in sorted(Path(root).rglob("*")):
        try:
            st = path.lstat()
        except OSError:
            continue
        entries.append((str(path.relative_to(root)), st.st_size, st.st_mtime_ns))
    return tuple(entries)


def watch(
    root: Path,
    rebuild: Callable[[], object],
    stop: threading.Event,
    interval: float = 1.0,
    *,
    retry: float = RETRY_SECONDS,
    on_error: Callable[[Exception], object] | None = None,
    seen: tuple | None = None,
) -> None:
    """Call ``rebuild`` each time the corpus changes, until ``stop`` is set. A change
    is acted on once the folder has been still for one ``interval`` (an editor that
    saves in several steps triggers one build). A rebuild that raises is passed to
    ``on_error`` and tried again every ``retry`` seconds, and at the next change, until
    one succeeds; the watch goes on whatever happens. ``seen`` is the fingerprint to
    compare with first (default: the folder as it is now)."""
    if seen is None:
        seen = fingerprint(root)
    failed_at: float | None = None  # when the last rebuild failed; None after a good one
    while not stop.wait(interval):
        now = fingerprint(root)
        due = failed_at is not None and time.monotonic() - failed_at >= retry
        if now == seen and not due:
            continue
        while now != seen and not stop.wait(interval):  # let a burst of writes settle
            later = fingerprint(root)
            if later == now:
                break
            now = later
        if stop.is_set():
            return
        seen = now
        try:
            rebuild()
        except Exception as exc:  # whatever it is, the watch goes on
            failed_at = time.monotonic()
            if on_error is not None:
                with contextlib.suppress(Exception):
                    on_error(exc)
        else:
            failed_at = None


def start(
    root: Path,
    rebuild: Callable[[], object],
    interval: float = 1.0,
    *,
    retry: float = RETRY_SECONDS,
    on_error: Callable[[Exception], object] | None = None,
) -> threading.Event:
    """Watch ``root`` in a daemon thread; set the returned event to stop. Any change
    made after this returns is seen."""
    stop = threading.Event()
    threading.Thread(
        target=watch,
        args=(root, rebuild, stop, interval),
        kwargs={"retry": retry, "on_error": on_error, "seen": fingerprint(root)},
        daemon=True,
        name="claims-watch",
    ).start()
    return stop


class StatusFile:
    """The state of the served data, as a small JSON file: ``stale_since`` (when the
    first of the rebuilds that have failed since the last good one failed, ISO time,
    or None), ``error`` (the last failure), ``checked`` (the last attempt)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.stale_since: str | None = None
        self._write(None)

    def failed(self, error: str) -> None:
        if self.stale_since is None:
            self.stale_since = _now()
        self._write(error)

    def rebuilt(self) -> None:
        self.stale_since = None
        self._write(None)

    def _write(self, error: str | None) -> None:
        state = {"stale_since": self.stale_since, "error": error, "checked": _now()}
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".status-")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(state, f)
        os.replace(tmp, self.path)  # readers see the old file or the new one, whole


def read_status(path: Path) -> dict | None:
    """The state written by :class:`StatusFile`, or None if there is none."""
    try:
        state = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) else None


def stale_status(path: str | Path | None) -> dict | None:
    """The state in the status file ``path`` when the data is stale, else None."""
    if not path:
        return None
    state = read_status(Path(path))
    return state if state and state.get("stale_since") else None


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")
