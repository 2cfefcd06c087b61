"""Watch mode: rebuild when the files of the corpus change, while Datasette serves.

Polling, not inotify: it works the same on every platform and on network folders,
and a corpus folder is small enough to stat every second.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path


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
    root: Path, rebuild: Callable[[], object], stop: threading.Event, interval: float = 1.0
) -> None:
    """Call ``rebuild`` each time the corpus changes, until ``stop`` is set. A change
    is acted on once the folder has been still for one ``interval`` (an editor that
    saves in several steps triggers one build)."""
    seen = fingerprint(root)
    while not stop.wait(interval):
        now = fingerprint(root)
        if now == seen:
            continue
        while not stop.wait(interval):  # let a burst of writes settle
            later = fingerprint(root)
            if later == now:
                break
            now = later
        if stop.is_set():
            return
        seen = now
        rebuild()


def start(root: Path, rebuild: Callable[[], object], interval: float = 1.0) -> threading.Event:
    """Watch ``root`` in a daemon thread; set the returned event to stop."""
    stop = threading.Event()
    threading.Thread(
        target=watch, args=(root, rebuild, stop, interval), daemon=True, name="claims-watch"
    ).start()
    return stop
