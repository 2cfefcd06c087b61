"""A build killed mid-way leaves a database that opens, holds whole articles only, and
is completed by the next build. A real subprocess and a real SIGKILL."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
N_COPIES = 40


def _make_corpus(folder: Path) -> None:
    folder.mkdir()
    text = (ROOT / "corpus" / "asylum.md").read_text(encoding="utf-8")
    for i in range(N_COPIES):
        # distinct texts, so that none becomes an alias of another
        (folder / f"copy_{i:03d}.md").write_text(text + f"\n\nCopy number {i}.\n", encoding="utf-8")


def _stored(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            return con.execute("select count(*) from articles").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def _check_whole(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
        assert con.execute("pragma journal_mode").fetchone()[0] == "wal"
        rows = con.execute(
            "select a.path, a.n_claims, count(c.id) from articles a "
            "left join claims c on c.article_id = a.id group by a.id"
        ).fetchall()
        for path, n_claims, found in rows:
            assert n_claims == found, f"{path}: {found} claims stored, {n_claims} expected"
            assert n_claims > 0
        return len(rows)
    finally:
        con.close()


def test_sigkill_mid_build_leaves_whole_articles(tmp_path):
    corpus, db = tmp_path / "corpus", tmp_path / "claims.db"
    _make_corpus(corpus)
    cmd = [sys.executable, "-m", "extract.cli", "build", str(corpus), "--db", str(db)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # wait until the build has stored some articles but not all (a safety cap
        # keeps a broken build from hanging the suite; it is not a speed check)
        deadline = time.monotonic() + 600
        while _stored(db) < 3 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the build finished before it could be killed"
    partial = _check_whole(db)
    assert 3 <= partial < N_COPIES

    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert _check_whole(db) == N_COPIES
    assert f"{partial} unchanged" in done.stdout


def _children(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; it waits for its new parent to reap it


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_workers_end_when_the_build_is_killed(tmp_path, sig):
    corpus, db = tmp_path / "corpus", tmp_path / "claims.db"
    _make_corpus(corpus)
    cmd = [sys.executable, "-m", "extract.cli", "build", str(corpus), "--db", str(db), "-w", "2"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    try:
        # safety caps so that a broken build cannot hang the suite, not speed checks
        deadline = time.monotonic() + 600
        while _stored(db) < 1 and proc.poll() is None and time.monotonic() < deadline:
            workers |= _children(proc.pid)
            time.sleep(0.05)
        workers |= _children(proc.pid)
        os.kill(proc.pid, sig)
    finally:
        proc.wait()
    assert proc.returncode == -sig, "the build finished before it could be killed"
    assert len(workers) >= 2, workers  # two workers (and multiprocessing's resource tracker)
    deadline = time.monotonic() + 120
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers), "worker processes outlived the build"
    # nothing holds the build's stdout any more: reading it ends
    assert proc.stdout is not None
    proc.stdout.read()
    proc.stdout.close()
    assert _check_whole(db) >= 1
