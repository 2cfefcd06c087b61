"""Benchmark: time and peak memory of ``claims build`` on an article dense in figures.

    .venv/bin/python benchmarks/bench_dense.py                      # 1,000 / 4,000 / 16,000
    .venv/bin/python benchmarks/bench_dense.py --sizes 1000 4000 --max-seconds 900

For each size N, two articles of N numbers each, built alone into a fresh database by
``claims build`` in a fresh process (so that nothing is cached and the peak resident
memory is that of the build alone, read with ``os.wait4``):

* ``paragraph``: one paragraph, one sentence: "The counts were 1,000 people, 1,001
  people, ... and 1,999 people.";
* ``lines``: one number a line, each line a sentence of its own: "Some 1,000 people
  left the country in 2019.".

A build that runs longer than ``--max-seconds`` is stopped and reported as such
(issue 16: the time grew faster than linearly with the figures of one sentence, and
memory with figure-dense text). Per 1,000 numbers, the time of a linear cost stays
flat down the table.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_build import wait_peak

ROOT = Path(__file__).resolve().parent.parent


def paragraph_article(n: int) -> str:
    figures = [f"{1000 + i:,} people" for i in range(n)]
    return f"The counts were {', '.join(figures[:-1])} and {figures[-1]}.\n"


def lines_article(n: int) -> str:
    return "".join(f"Some {1000 + i:,} people left the country in 2019.\n" for i in range(n))


LAYOUTS = {"paragraph": paragraph_article, "lines": lines_article}


def run_build(text: str, folder: Path, max_seconds: float) -> tuple[str, float, float | None]:
    """Build a corpus of one article holding ``text`` in a fresh process: its outcome
    ("ok", "failed (status N)" or "stopped"), wall seconds and peak RSS in MB."""
    corpus = folder / "corpus"
    corpus.mkdir()
    (corpus / "dense.txt").write_text(text, encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "extract.cli",
        "build",
        str(corpus),
        "--db",
        str(folder / "claims.db"),
    ]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    peak, stopped = wait_peak(process, max_seconds)
    seconds = time.perf_counter() - started
    peak_mb = peak / 2**20
    if stopped:
        return "stopped", seconds, peak_mb
    code = process.returncode
    return ("ok" if code == 0 else f"failed (status {code})"), seconds, peak_mb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000, 16000])
    parser.add_argument(
        "--layouts", nargs="+", choices=sorted(LAYOUTS), default=["paragraph", "lines"]
    )
    parser.add_argument(
        "--max-seconds", type=float, default=1800, help="stop a build that runs longer"
    )
    args = parser.parse_args(argv)
    print(
        f"claims build of one article, fresh process each "
        f"(Python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"load {' '.join(f'{x:.2f}' for x in os.getloadavg())})"
    )
    print(
        f"{'layout':10} {'numbers':>8} {'chars':>10} {'outcome':>10} "
        f"{'seconds':>9} {'s per 1k':>9} {'peak RSS':>10}"
    )
    for layout in args.layouts:
        for n in args.sizes:
            text = LAYOUTS[layout](n)
            with tempfile.TemporaryDirectory(prefix="bench-dense-") as folder:
                outcome, seconds, peak = run_build(text, Path(folder), args.max_seconds)
            shown = f"{seconds:9.1f}" if outcome != "stopped" else f">{seconds:8.0f}"
            print(
                f"{layout:10} {n:8,} {len(text):10,} {outcome:>10} {shown} "
                f"{1000 * seconds / n:9.2f} {peak or 0:8.0f} MB",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
