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
from procs import N_COPIES, alive, children, make_copies, stored_articles

ROOT = Path(__file__).resolve().parent.parent


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
    make_copies(corpus)
    cmd = [sys.executable, "-m", "extract.cli", "build", str(corpus), "--db", str(db)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # wait until the build has stored some articles but not all (a safety cap
        # keeps a broken build from hanging the suite; it is not a speed check)
        deadline = time.monotonic() + 600
        while stored_articles(db) < 3 and proc.poll() is None and time.monotonic() < deadline:
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


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_workers_end_when_the_build_is_killed(tmp_path, sig):
    corpus, db = tmp_path / "corpus", tmp_path / "claims.db"
    make_copies(corpus)
    cmd = [sys.executable, "-m", "extract.cli", "build", str(corpus), "--db", str(db), "-w", "2"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    try:
        # safety caps so that a broken build cannot hang the suite, not speed checks
        deadline = time.monotonic() + 600
        while stored_articles(db) < 1 and proc.poll() is None and time.monotonic() < deadline:
            workers |= children(proc.pid)
            time.sleep(0.05)
        workers |= children(proc.pid)
        os.kill(proc.pid, sig)
    finally:
        proc.wait()
    assert proc.returncode == -sig, "the build finished before it could be killed"
    assert len(workers) >= 2, workers  # two workers (and multiprocessing's resource tracker)
    deadline = time.monotonic() + 120
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(pid) for pid in workers), "worker processes outlived the build"
    # nothing holds the build's stdout any more: reading it ends
    assert proc.stdout is not None
    proc.stdout.read()
    proc.stdout.close()
    assert _check_whole(db) >= 1
