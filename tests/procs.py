"""Helpers of the tests that run `claims` as real processes: a free port, waiting for a
server to answer, processes read from /proc, a corpus of many articles for a build to
be stopped in the middle of, and how many articles a build has stored so far."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SERVER_DEADLINE_SECONDS = 120
"""How long a server may take to answer at all: a safety cap against a hang, not a
speed check."""


def free_port() -> int:
    """A port of 127.0.0.1 that nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_server(url: str, process: subprocess.Popen, log: Path) -> None:
    """Wait until ``url`` + /-/versions.json answers 200; fail, showing ``log``, if the
    server's ``process`` ends or it does not answer within SERVER_DEADLINE_SECONDS."""
    deadline = time.monotonic() + SERVER_DEADLINE_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"claims serve stopped:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url + "/-/versions.json", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.25)
    pytest.fail(f"claims serve did not answer on {url}:\n{log.read_text(errors='replace')}")


# ------------------------------------------------------------------------------ /proc


def _stat(stat: Path) -> list[str] | None:
    """The fields of a /proc/PID/stat after the command name (state, parent, group...);
    None when the process has ended meanwhile."""
    try:
        return stat.read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def children(pid: int) -> set[int]:
    """The processes whose parent is ``pid``."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        fields = _stat(stat)
        if fields is not None and int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` runs. A zombie has ended: it waits for its new parent to reap it."""
    fields = _stat(Path(f"/proc/{pid}/stat"))
    return fields is not None and fields[0] != "Z"


def group_alive(pgid: int) -> bool:
    """Whether a process of the group ``pgid`` runs (zombies count as gone: only their
    parent, init here, can reap them)."""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    for stat in Path("/proc").glob("[0-9]*/stat"):
        fields = _stat(stat)
        if fields is not None and int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


# ---------------------------------------------------------------------------- builds

N_COPIES = 40


def make_copies(folder: Path, n: int = N_COPIES) -> None:
    """A new ``folder`` of ``n`` copies of a real article, each a distinct text (so that
    none becomes an alias of another): a build long enough to stop in the middle."""
    folder.mkdir()
    text = (ROOT / "corpus" / "asylum.md").read_text(encoding="utf-8")
    for i in range(n):
        (folder / f"copy_{i:03d}.md").write_text(text + f"\n\nCopy number {i}.\n", encoding="utf-8")


def stored_articles(db: Path) -> int:
    """The articles ``db`` holds (0 when there is no database yet), read without
    creating or changing it."""
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            return con.execute("select count(*) from articles").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0
