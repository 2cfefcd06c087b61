"""Watch mode: a change in the corpus triggers one rebuild; no change, none."""

import threading
import time

from extract import watch


def test_fingerprint_changes_with_edits_additions_and_removals(tmp_path):
    (tmp_path / "a.md").write_text("one")
    first = watch.fingerprint(tmp_path)
    (tmp_path / "b.md").write_text("two")
    second = watch.fingerprint(tmp_path)
    assert second != first
    (tmp_path / "b.md").write_text("two, edited")
    third = watch.fingerprint(tmp_path)
    assert third != second
    (tmp_path / "b.md").unlink()
    assert watch.fingerprint(tmp_path) != third


def test_watch_rebuilds_once_per_change(tmp_path):
    (tmp_path / "a.md").write_text("one")
    calls = []
    rebuilt = threading.Event()

    def rebuild():
        calls.append(watch.fingerprint(tmp_path))
        rebuilt.set()

    stop = watch.start(tmp_path, rebuild, interval=0.05)
    try:
        time.sleep(0.3)
        assert calls == []  # nothing changed, nothing rebuilt
        (tmp_path / "new.md").write_text("a new article")
        assert rebuilt.wait(60), "no rebuild after a new file"
        time.sleep(0.3)
        assert len(calls) == 1
        assert any(name == "new.md" for name, *_ in calls[0])
    finally:
        stop.set()


def test_a_failing_rebuild_does_not_end_the_watch_and_is_retried(tmp_path):
    (tmp_path / "a.md").write_text("one")
    attempts: list[float] = []
    errors: list[Exception] = []
    outcomes = iter([RuntimeError("database is locked"), RuntimeError("still locked"), None])
    succeeded = threading.Event()

    def rebuild():
        attempts.append(time.monotonic())
        outcome = next(outcomes)
        if outcome is not None:
            raise outcome
        succeeded.set()

    stop = watch.start(tmp_path, rebuild, interval=0.05, retry=0.3, on_error=errors.append)
    try:
        (tmp_path / "b.md").write_text("two")  # one change; the retries come by themselves
        assert succeeded.wait(120), f"no successful rebuild after {len(attempts)} attempts"
        assert [str(e) for e in errors] == ["database is locked", "still locked"]
        time.sleep(1.0)
        assert len(attempts) == 3  # after a good rebuild, no more retries
        (tmp_path / "c.md").write_text("three")
        deadline = time.monotonic() + 120
        while len(attempts) < 4 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(attempts) == 4, "the watch stopped after the failures"
    finally:
        stop.set()


def test_the_status_file_says_since_when_the_data_is_stale(tmp_path):
    path = tmp_path / "status.json"
    status = watch.StatusFile(path)
    assert (watch.read_status(path) or {"stale_since": "missing"})["stale_since"] is None
    assert watch.stale_status(path) is None
    status.failed("database is locked")
    first = watch.read_status(path)
    assert first is not None and first["stale_since"] and first["error"] == "database is locked"
    status.failed("still locked")
    second = watch.stale_status(path)
    assert (
        second is not None
        and second["stale_since"] == first["stale_since"]
        and second["error"] == "still locked"
    )
    status.rebuilt()
    assert watch.stale_status(path) is None
    assert watch.stale_status(None) is None
    assert watch.read_status(tmp_path / "missing.json") is None
