"""Benchmark: does an error page cost the other visitors anything?

    .venv/bin/python benchmarks/bench_errors.py
    .venv/bin/python benchmarks/bench_errors.py --requests 100 --clients 4

A small database (synthetic articles written through ``store.save_articles``) is
served by a real Datasette started as ``claims serve`` starts it, on a free port of
127.0.0.1. ``select 1`` through the SQL API is timed ``--requests`` times with no
other traffic, then again while ``--clients`` threads send bad requests without
pause (a table that does not exist, a page size that is not a number, a sort by a
column that does not exist: 404, 400 and 500 pages).

The same is measured, in the same run, with Datasette's own error handler: the same
command without this project's plugin. With ``rich`` installed (it is: the CLI uses
it), that handler prints a traceback with every local variable for each error,
which holds the server for about half a second each time (issue 16). The plugin's
``handle_exception`` renders the same error page without it.

Every loop is bounded in requests and in time; the servers are stopped at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_datasette import free_port  # noqa: E402

from extract import processes, store  # noqa: E402
from extract import serve as serving  # noqa: E402
from extract.metadata import metadata_file, read_metadata  # noqa: E402
from extract.model import Article, Claim  # noqa: E402

BAD_PATHS = (
    "/claims/no_such_table",  # 404
    "/claims/claims?_size=many",  # 400
    "/claims/claims?_sort=no_such_column",  # 500 (as Datasette 0.65 has it)
)
GOOD_PATH = "/claims.json?sql=select+1&_shape=array"
MAX_SECONDS = 600  # no phase runs longer than this, whatever happens


def make_database(path: Path, n_articles: int = 200) -> None:
    db = store.open_db(path)
    try:
        items = []
        for i in range(n_articles):
            text = f"In 2019, some {1000 + i} people left the country, officials said."
            article = Article(
                path=f"a{i:04d}.md",
                text=text,
                title=f"Article {i}",
                source="Synthetic",
                published=date(2020, 1, 1),
                content_hash=f"hash{i}",
            )
            figure = str(1000 + i)
            start = text.index(figure)
            claim = Claim(
                figure=figure,
                char_start=start,
                char_end=start + len(figure),
                sentence=text,
                value=1000.0 + i,
                unit="people",
                year_start=2019,
                year_end=2019,
                speaker="officials",
                flow="outbound",
            )
            items.append((article, [claim]))
        store.save_articles(db, items, "bench")
    finally:
        db.close()


class Server:
    """Datasette in a subprocess, as ``claims serve`` runs it, optionally without the
    project's plugin (``--plugins-dir``)."""

    def __init__(self, db_path: Path, metadata: Path, own_plugin: bool, log: Path):
        self.port = free_port()
        command = serving.datasette_command(db_path, metadata, port=self.port)
        if not own_plugin:
            i = command.index("--plugins-dir")
            del command[i : i + 2]
        self.log = open(log, "wb")  # noqa: SIM115 (closed in close())
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while True:
            with contextlib.suppress(OSError):
                self.get(GOOD_PATH)
                return
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise SystemExit(f"Datasette did not start; see {log}")
            time.sleep(0.2)

    def get(self, path: str) -> tuple[int, float]:
        """Status and seconds of one request."""
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=120) as r:
                r.read()
                status = r.status
        except urllib.error.HTTPError as exc:
            exc.read()
            status = exc.code
        return status, time.perf_counter() - started

    def close(self) -> None:
        processes.stop(self.process, timeout=20)
        self.log.close()


def time_select_1(server: Server, n: int) -> list[float]:
    times = []
    deadline = time.monotonic() + MAX_SECONDS
    for _ in range(n):
        status, seconds = server.get(GOOD_PATH)
        if status != 200:
            raise SystemExit(f"select 1 answered {status}")
        times.append(seconds)
        if time.monotonic() > deadline:
            break
    return times


def under_bad_requests(server: Server, n: int, clients: int) -> tuple[list[float], dict, float]:
    """``select 1`` times while ``clients`` threads send bad requests; the statuses
    those got and their rate per second."""
    stop = threading.Event()
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    def hammer(k: int) -> None:
        i = k
        deadline = time.monotonic() + MAX_SECONDS
        while not stop.is_set() and time.monotonic() < deadline:
            status, _ = server.get(BAD_PATHS[i % len(BAD_PATHS)])
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
            i += 1

    threads = [threading.Thread(target=hammer, args=(k,), daemon=True) for k in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    time.sleep(1.0)  # let the bad requests pile up first
    try:
        times = time_select_1(server, n)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=150)
    elapsed = time.perf_counter() - started
    return times, statuses, sum(statuses.values()) / elapsed


def _ms(values: list[float], q: float) -> str:
    if not values:
        return "-"
    ordered = sorted(values)
    return f"{1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]:8.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=50, help="select 1 requests per phase")
    parser.add_argument("--clients", type=int, default=4, help="threads sending bad requests")
    args = parser.parse_args(argv)

    try:
        import rich  # noqa: F401

        has_rich = "rich installed"
    except ImportError:
        has_rich = "rich not installed"
    with tempfile.TemporaryDirectory(prefix="bench-errors-") as folder:
        db_path = Path(folder) / "claims.db"
        make_database(db_path)
        metadata = read_metadata()  # the shipped one, as claims serve reads it
        rows = []
        for label, own in (
            ("Datasette's own error handler", False),
            ("claims serve (plain error pages)", True),
        ):
            with metadata_file(metadata, db_path) as metadata_path:
                server = Server(db_path, metadata_path, own, Path(folder) / f"{own}.log")
                try:
                    time_select_1(server, 5)  # warm up
                    idle = time_select_1(server, args.requests)
                    busy, statuses, rate = under_bad_requests(server, args.requests, args.clients)
                finally:
                    server.close()
            rows.append((label, idle, busy, statuses, rate))

    print(
        f"select 1 through the SQL API, {args.requests} requests each; "
        f"{args.clients} clients sending bad requests ({has_rich}; "
        f"{platform.python_version()}, {os.cpu_count()} CPUs, "
        f"load {' '.join(f'{x:.2f}' for x in os.getloadavg())})"
    )
    print(
        f"{'server':34} {'alone: median':>14} {'p90':>8}   "
        f"{'with bad requests: median':>26} {'p90':>8} {'bad req/s':>10}  statuses"
    )
    for label, idle, busy, statuses, rate in rows:
        print(
            f"{label:34} {_ms(idle, 0.5):>14} {_ms(idle, 0.9):>8}   "
            f"{_ms(busy, 0.5):>26} {_ms(busy, 0.9):>8} {rate:10.1f}  "
            f"{', '.join(f'{k}: {v}' for k, v in sorted(statuses.items()))}"
        )
    print("(times in ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
