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
