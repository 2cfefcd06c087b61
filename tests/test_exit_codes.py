"""Exit statuses of `claims` (0 done, 1 some files bad, 2 usage, 3 database busy or
unusable, 130 interrupted) and the database problems behind status 3: each said in
words, never a traceback. Two builds of one database: the second waits."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import filelock
import pytest
from click.testing import CliRunner
from procs import N_COPIES, group_alive, make_copies, stored_articles

from extract import cli, store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def runner():
    return CliRunner()


def invoke(runner, *args):
    return runner.invoke(cli.main, [str(a) for a in args])


def test_help_documents_the_exit_statuses(runner):
    for args in ((), ("build",)):
        text = invoke(runner, *args, "--help").stdout
        for status in ("0", "1", "2", "3", "130"):
            assert status in text
        assert "interrupted" in text and "busy" in text


def test_a_usage_error_is_2(runner, tmp_path):
    assert invoke(runner, "build", tmp_path / "nowhere").exit_code == 2
    assert invoke(runner, "build", "--workers", "0").exit_code == 2
    assert invoke(runner, "nosuchcommand").exit_code == 2


def test_db_under_a_regular_file_is_3_in_words(runner, tiny_corpus, tmp_path):
    (tmp_path / "notes.txt").write_text("a file", encoding="utf-8")
    db = tmp_path / "notes.txt" / "claims.db"
    result = invoke(runner, "build", tiny_corpus, "--db", db)
    assert result.exit_code == 3, result.output
    assert f"{tmp_path / 'notes.txt'} is a file, not a folder" in result.stderr
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)  # ended in words, not by an exception


def test_db_in_a_folder_that_cannot_be_written_is_3_in_words(
    runner, tiny_corpus, tmp_path, make_read_only
):
    folder = tmp_path / "locked"
    folder.mkdir()
    make_read_only(folder)
    result = invoke(runner, "build", tiny_corpus, "--db", folder / "claims.db")
    assert result.exit_code == 3, result.output
    assert str(folder) in result.stderr and "writable" in result.stderr
    assert isinstance(result.exception, SystemExit)  # no traceback


def test_a_file_that_is_not_a_database_is_3_and_left_alone(runner, tiny_corpus, tmp_path):
    db = tmp_path / "claims.db"
    db.write_bytes(b"these are not the bytes of an SQLite database" * 100)
    before = db.read_bytes()
    gold = tmp_path / "gold.jsonl"
    gold.write_text("", encoding="utf-8")
    for args in (("build", tiny_corpus, "--db", db), ("eval", gold, "--db", db)):
        result = invoke(runner, *args)
        assert result.exit_code == 3, result.output
        assert "not a claims database" in result.stderr
    assert db.read_bytes() == before


def test_a_database_locked_too_long_is_3(runner, tiny_corpus, tmp_path, nlp, monkeypatch):
    db = tmp_path / "claims.db"
    assert invoke(runner, "build", tiny_corpus, "--db", db).exit_code == 0
    (tiny_corpus / "new.md").write_text("In 2019, some 5,000 people left.\n", encoding="utf-8")
    monkeypatch.setattr(store, "BUSY_TIMEOUT_SECONDS", 0.5)
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer holds the database
    try:
        result = invoke(runner, "build", tiny_corpus, "--db", db)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert result.exit_code == 3, result.output
    assert "the database is busy" in result.stderr
    # the lock gone, the same build stores the new article
    done = invoke(runner, "build", tiny_corpus, "--db", db)
    assert done.exit_code == 0 and "1 read, 3 unchanged" in done.stdout


def test_a_build_waits_for_a_writer_that_lets_go_in_time(runner, tiny_corpus, tmp_path, nlp):
    db = tmp_path / "claims.db"
    assert invoke(runner, "build", tiny_corpus, "--db", db).exit_code == 0
    (tiny_corpus / "new.md").write_text("In 2019, some 5,000 people left.\n", encoding="utf-8")
    other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    releaser = threading.Timer(1.0, lambda: other.execute("ROLLBACK"))
    releaser.start()
    try:
        result = invoke(runner, "build", tiny_corpus, "--db", db)
    finally:
        releaser.join()
        other.close()
    assert result.exit_code == 0, result.output
    assert "1 read, 3 unchanged" in result.stdout


def _read_until(stream, text: str, seconds: float) -> str:
    """Lines of ``stream`` up to one that holds ``text`` (or the end of the stream)."""
    seen = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        line = stream.readline()
        if not line:
            break
        seen.append(line)
        if text in line:
            break
    return "".join(seen)


def test_a_second_build_waits_for_the_first(tiny_corpus, tmp_path):
    db = tmp_path / "claims.db"
    cmd = [sys.executable, "-m", "extract.cli", "build", str(tiny_corpus), "--db", str(db)]
    holder = filelock.FileLock(store.build_lock_path(db))  # the lock a running build holds
    holder.acquire()
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert proc.stderr is not None
        said = _read_until(proc.stderr, "waiting", 300)
        assert "another build is writing this database; waiting for it to finish" in said
        time.sleep(0.5)
        assert proc.poll() is None, "the second build did not wait"
        assert not db.exists() or stored_articles(db) == 0
    finally:
        holder.release()
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert "3 read" in out


@pytest.mark.parametrize("workers", ["1", "2"])
def test_ctrl_c_ends_a_build_with_130_and_keeps_what_is_stored(tmp_path, workers):
    corpus, db = tmp_path / "corpus", tmp_path / "claims.db"
    make_copies(corpus)
    cmd = [sys.executable, "-m", "extract.cli", "build", str(corpus), "--db", str(db)]
    # its own process group, as a shell gives a job: Ctrl-C goes to the whole group
    proc = subprocess.Popen(
        [*cmd, "--workers", workers],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 600  # a safety cap, not a speed check
        while stored_articles(db) < 1 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130, err
    assert "Interrupted" in err and "Traceback" not in err
    stored = stored_articles(db)
    assert 1 <= stored < N_COPIES
    # no process of the group is left (the workers)
    deadline = time.monotonic() + 120
    while group_alive(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not group_alive(proc.pid)
    done = subprocess.run([*cmd], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert f"{stored} unchanged" in done.stdout
