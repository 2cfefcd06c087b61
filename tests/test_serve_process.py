"""`claims serve` as a real process with its real Datasette child: stopped by
`kill -INT` or `kill -TERM` sent to it alone (not to its process group, as a terminal
would), with and without --watch; a watch whose rebuild fails keeps serving, says on
every page that the data is stale, and recovers; a read-only database folder is
served. Deadlines are safety caps against a hang, not speed checks."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from procs import alive, children, free_port

from extract.build import build

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="finds the Datasette child in /proc"
)


@pytest.fixture
def built(tiny_corpus, tmp_path, nlp) -> Path:
    db = tmp_path / "data" / "claims.db"
    assert build(tiny_corpus, db).ok
    return db


class Served:
    """`claims serve ... --port P` in its own session, its stderr in a file."""

    def __init__(self, tmp_path: Path, *args: str):
        self.port = free_port()
        self.log_path = tmp_path / f"serve-{self.port}.log"
        self.log = open(self.log_path, "wb")  # noqa: SIM115 (closed in close())
        command = [sys.executable, "-m", "extract.cli", "serve", *args, "--port", str(self.port)]
        self.process = subprocess.Popen(
            command, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def get(self, path: str = "/") -> tuple[int, str]:
        try:
            url = f"http://127.0.0.1:{self.port}{path}"
            with urllib.request.urlopen(url, timeout=60) as r:
                return r.status, r.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8")

    def wait_until_serving(self) -> None:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"claims serve ended ({self.process.returncode}): {self.text()}")
            try:
                if self.get("/-/versions.json")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        pytest.fail(f"Datasette never answered: {self.text()}")

    def text(self) -> str:
        self.log.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_for_log(self, text: str, after: int = 0) -> None:
        deadline = time.monotonic() + 300
        while text not in self.text()[after:]:
            if time.monotonic() > deadline or self.process.poll() is not None:
                pytest.fail(f"{text!r} never logged: {self.text()}")
            time.sleep(0.1)

    def children(self) -> set[int]:
        return children(self.process.pid)

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        else:  # its Datasette, if it outlived it
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()


@pytest.mark.parametrize("watch", [False, True], ids=["serve", "serve --watch"])
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["INT", "TERM"])
def test_a_signal_to_claims_serve_alone_stops_it_and_datasette(
    built, tiny_corpus, tmp_path, sig, watch
):
    args = [str(tiny_corpus), "--db", str(built), "--no-build", *(["--watch"] if watch else [])]
    served = Served(tmp_path, *args)
    try:
        served.wait_until_serving()
        datasette = served.children()
        assert len(datasette) == 1, datasette
        os.kill(served.process.pid, sig)  # to claims serve only, not to its group
        status = served.process.wait(timeout=120)
        assert status == (130 if sig == signal.SIGINT else 0), served.text()
        deadline = time.monotonic() + 60
        while any(alive(pid) for pid in datasette) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(alive(pid) for pid in datasette), "Datasette outlived claims serve"
        assert "Traceback" not in served.text()
    finally:
        served.close()


def test_a_failing_rebuild_is_shown_and_the_watch_recovers(built, tiny_corpus, tmp_path):
    served = Served(tmp_path, str(tiny_corpus), "--db", str(built), "--no-build", "--watch")
    try:
        served.wait_until_serving()
        assert "claims-stale" not in served.get("/claims/claims_flat")[1]
        (tiny_corpus / ".claimsignore").mkdir()  # the ignore file cannot be read
        served.wait_for_log("Rebuild failed")
        assert ".claimsignore" in served.text()
        for page in ("/", "/claims/claims_flat", "/claims/articles/1"):
            status, html = served.get(page)
            assert status == 200 and "claims-stale" in html and ".claimsignore" in html, page
        assert served.process.poll() is None  # still serving
        logged = len(served.text())
        (tiny_corpus / ".claimsignore").rmdir()
        served.wait_for_log("Rebuilt:", after=logged)
        assert "claims-stale" not in served.get("/claims/claims_flat")[1]
        # and the watch goes on: a new article is picked up
        logged = len(served.text())
        (tiny_corpus / "new.md").write_text("In 2019, 5,000 people left.\n", encoding="utf-8")
        served.wait_for_log("Rebuilt:", after=logged)
        assert "1 read" in served.text()[logged:]
    finally:
        served.close()


def test_a_database_in_a_read_only_folder_is_served(built, tiny_corpus, tmp_path, make_read_only):
    folder = built.parent
    assert not (folder / "claims.db-shm").exists()  # the build closed the database
    make_read_only(folder)
    served = Served(tmp_path, "--db", str(built), "--no-build")
    try:
        served.wait_until_serving()
        status, html = served.get("/claims/claims_flat")
        assert status == 200 and "8000" in html
        assert "immutable" in served.text()
    finally:
        served.close()
    watching = subprocess.run(
        [sys.executable, "-m", "extract.cli", "serve", str(tiny_corpus), "--db", str(built)]
        + ["--no-build", "--watch", "--port", str(free_port())],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert watching.returncode == 3
    assert "cannot be rebuilt" in watching.stderr and "Traceback" not in watching.stderr
