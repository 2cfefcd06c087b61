"""Benchmark ``claims build`` against spaCy's own throughput, on the same texts.

Makes a corpus of N articles (default 2,000) from the real articles in ``corpus/``
(copies with distinct names and contents, so none is taken for a duplicate), then
measures in one run:

  (a) spaCy: ``nlp.pipe`` over every article with the full default pipeline of the
      model the tool ships, in words per second (model loading not counted);
  (b) ``claims build`` from an empty database, one process: words per second of the
      whole command (start-up, model loading, reading, hashing, writing included) and
      its peak memory;
  (c) the same build with ``--workers 2``;
  (d) a second build with nothing changed;
  (e) a build after adding one article;
  (f) the build (c) again with ``--dask local:1`` and (g) with ``--dask local:2``: a
      LocalCluster of 1 or 2 worker processes parses while this process reads and
      writes (skipped when the dask extra is not installed);
  (h) the single writer's ceiling: ``store.save_article`` (one transaction per
      article, as a build stores them) on copies of the articles and claims of (b),
      in articles and claims stored per second, and the client's reading
      (``read_article``) in articles per second;

and prints each figure and the ratios b/a, c/b, f/c, g/c and g/f. Each step runs in its
own process; peak memory is the largest resident set of any one process of the step
(with ``--workers``, each worker holds its own copy of the model); for (c), (f) and (g)
it is also split into the writer (the ``claims build`` process) and the largest worker.
``--scale N2`` then builds a corpus of N2 articles (with the same number of workers as
(c)) and reports its peak memory, to show whether memory grows with the corpus.

Run it by hand from the repository root, on an otherwise idle machine:

    .venv/bin/python benchmarks/bench_build.py              # N = 2,000
    .venv/bin/python benchmarks/bench_build.py --articles 200 --scale 2000
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract import store  # noqa: E402
from extract.articles import read_article, scan_corpus  # noqa: E402
from extract.model import Article, Claim  # noqa: E402


def make_corpus(folder: Path, n: int, start: int = 0) -> int:
    """Write copies ``start``..``start + n - 1`` of the bundled articles into ``folder``;
    the number of words written (whitespace-separated, article text only)."""
    source = ROOT / "corpus"
    originals = [
        (p, read_article(p, source)) for p, reason in scan_corpus(source) if reason is None
    ]
    folder.mkdir(parents=True, exist_ok=True)
    words = 0
    for i in range(start, start + n):
        path, article = originals[i % len(originals)]
        raw = path.read_bytes()
        # A distinct tail makes each copy a new text: a short paragraph with no figure.
        tail = f"\n\n(Benchmark copy {_letters(i)}.)\n".encode()
        (folder / f"copy{i:06d}_{path.name}").write_bytes(raw.rstrip(b"\n") + tail)
        words += len(article.text.split()) + 3
    return words


def _letters(i: int) -> str:
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(ord("a") + r) + out
    return out


def wait_peak(process: subprocess.Popen, max_seconds: float | None = None) -> tuple[int, bool]:
    """Wait for ``process`` with ``os.wait4``, killing it once it has run ``max_seconds``
    (if given): the peak resident set (bytes) of the largest process in its tree, and
    whether it was killed. Sets ``process.returncode`` (``wait4`` has reaped it)."""
    deadline = None if max_seconds is None else time.monotonic() + max_seconds
    stopped = False
    while True:
        pid, status, usage = os.wait4(process.pid, 0 if deadline is None else os.WNOHANG)
        if pid:
            break
        if deadline is not None and time.monotonic() > deadline and not stopped:
            process.send_signal(signal.SIGKILL)
            stopped = True
        time.sleep(0.05)
    process.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is in KiB on Linux, in bytes on macOS
    peak = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
    return peak, stopped


def measured(command: list[str]) -> tuple[float, int, str]:
    """Run a command: its wall time in seconds, the peak resident set (bytes) of the
    largest process in its tree (:func:`wait_peak`), and its stdout. Exits if it fails."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        process = subprocess.Popen(command, stdout=out, stderr=err, text=True, env=env)
        peak, _ = wait_peak(process)
        elapsed = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            raise SystemExit(
                f"{' '.join(command)} failed ({process.returncode}):\n{err.read()[-2000:]}"
            )
        return elapsed, peak, out.read()


SPACY_SCRIPT = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from extract.articles import read_article, scan_corpus
    from extract import nlp as nlp_module
    folder = Path(sys.argv[1])
    nlp = nlp_module.load()
    texts = [read_article(p, folder).text for p, reason in scan_corpus(folder) if reason is None]
    start = time.perf_counter()
    for doc in nlp.pipe(texts):  # the model's own batch size
        pass
    print(time.perf_counter() - start, nlp_module.model_name(), ",".join(nlp.pipe_names))
""")


# ``claims build`` in this process, then the peak resident sets of this process (the
# writer) and of its largest child (a worker) on the last line of stdout.
BUILD_SCRIPT = textwrap.dedent("""
    import resource, sys
    from extract.cli import main
    if __name__ == "__main__":  # the workers are spawned: they import this file
        main(sys.argv[1:], standalone_mode=False)
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(f"peak-rss {own * 1024} {workers * 1024}")
""")


def measured_build(script: Path, args: list[str]) -> tuple[float, int, int]:
    """A ``claims build`` run through :data:`BUILD_SCRIPT`: its wall time in seconds and
    the peak resident sets (bytes) of the writer and of the largest worker."""
    seconds, _, out = measured([sys.executable, str(script), "build", *args])
    own, workers = out.strip().splitlines()[-1].split()[1:]
    return seconds, int(own), int(workers)


def writer_ceiling(source_db: Path, workdir: Path, n: int) -> tuple[float, float, float, float]:
    """Articles and claims stored per second by ``store.save_article`` (one transaction
    per article, as a build writes), on ``n`` renamed copies of the articles and claims
    of ``source_db``; articles read per second by ``read_article`` from the corpus of
    copies made for the benchmark; and the database's bytes per article."""
    db = store.open_db(source_db)
    try:
        articles = list(db.query("SELECT * FROM articles ORDER BY id"))
        claims_of: dict[int, list[Claim]] = {}
        for row in db.query("SELECT * FROM claims ORDER BY id"):
            fields = {k: row[k] for k in store.CLAIM_FIELDS}
            fields["cues"] = json.loads(row["cues"]) if row.get("cues") else {}
            claims_of.setdefault(row["article_id"], []).append(Claim(**fields))
    finally:
        db.close()
    copies = []
    for i in range(n):
        row = articles[i % len(articles)]
        article = Article(
            path=f"writer{i:07d}.md",
            text=row["text"],
            title=row["title"],
            source=row["source"],
            url=row["url"],
            content_hash=f"{i:064x}",
        )
        copies.append((article, claims_of.get(row["id"], [])))
    target = workdir / "writer.db"
    target.unlink(missing_ok=True)
    db = store.open_db(target)
    try:
        start = time.perf_counter()
        for article, claims in copies:
            store.save_article(db, article, claims, "bench")
        seconds = time.perf_counter() - start
    finally:
        db.close()
    stored = sum(len(claims) for _, claims in copies)
    size = sum(f.stat().st_size for f in workdir.glob("writer.db*"))
    corpus = workdir / "corpus"
    files = [p for p, reason in scan_corpus(corpus) if reason is None]
    start = time.perf_counter()
    for path in files:
        read_article(path, corpus)
    read_seconds = time.perf_counter() - start
    return n / seconds, stored / seconds, len(files) / read_seconds, size / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--articles", type=int, default=2000, help="articles in the corpus (default 2000)"
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="workers for (c) and (g) (default 2)"
    )
    parser.add_argument(
        "--writer-articles",
        type=int,
        default=5000,
        help="articles the writer stores in (h) (default 5000)",
    )
    parser.add_argument(
        "--scale",
        type=int,
        default=None,
        help="also build a corpus of this many articles and report its peak memory",
    )
    parser.add_argument(
        "--scale-only",
        action="store_true",
        help="with --scale: skip (a) to (e) and only build the --scale corpus",
    )
    parser.add_argument(
        "--workdir", type=Path, default=None, help="where to build (default: a temporary folder)"
    )
    args = parser.parse_args()

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-build-"))
    workdir.mkdir(parents=True, exist_ok=True)
    python = sys.executable
    claims = [python, "-m", "extract.cli", "build"]
    env_note = os.environ.get("CLAIMS_SPACY_MODEL")
    try:
        if args.scale_only:
            if not args.scale:
                parser.error("--scale-only needs --scale N")
            print(_machine())
            _scale(args, workdir, claims, None, None)
            return
        corpus = workdir / "corpus"
        shutil.rmtree(corpus, ignore_errors=True)
        words = make_corpus(corpus, args.articles)
        print(_machine())
        print(
            f"corpus: {args.articles} articles, {words:,} words, in {corpus}"
            + (f" (CLAIMS_SPACY_MODEL={env_note})" if env_note else "")
        )
        print()

        rows: list[tuple[str, float, float | None, int]] = []
        t_spacy_total, rss_a, out = measured([python, "-c", SPACY_SCRIPT, str(corpus)])
        t_spacy_text, model, pipes = out.split()
        t_spacy = float(t_spacy_text)
        rows.append(("(a) spaCy nlp.pipe, full pipeline", t_spacy, words / t_spacy, rss_a))

        db1 = workdir / "one.db"
        db1.unlink(missing_ok=True)
        t_b, rss_b, _ = measured([*claims, str(corpus), "--db", str(db1)])
        rows.append(("(b) claims build, 1 process", t_b, words / t_b, rss_b))

        script = workdir / "build_rss.py"
        script.write_text(BUILD_SCRIPT)
        split = []  # (step, writer's peak RSS, largest worker's peak RSS)
        db2 = workdir / "workers.db"
        db2.unlink(missing_ok=True)
        workers = ["--workers", str(args.workers)]
        t_c, writer_c, worker_c = measured_build(script, [str(corpus), "--db", str(db2), *workers])
        rss_c = max(writer_c, worker_c)
        rows.append((f"(c) claims build --workers {args.workers}", t_c, words / t_c, rss_c))
        split.append(("(c)", writer_c, worker_c))

        dask_times = {}
        if importlib.util.find_spec("distributed") is None:
            print("(f), (g) skipped: the dask extra is not installed (pip install -e '.[dask]')")
        for label, n in (("(f)", 1), ("(g)", args.workers)):
            if importlib.util.find_spec("distributed") is None:
                break
            db_dask = workdir / f"dask{n}.db"
            db_dask.unlink(missing_ok=True)
            t, writer, worker = measured_build(
                script, [str(corpus), "--db", str(db_dask), "--dask", f"local:{n}"]
            )
            rows.append(
                (f"{label} claims build --dask local:{n}", t, words / t, max(writer, worker))
            )
            split.append((label, writer, worker))
            dask_times[n] = t
            _same_claims(db2, db_dask)

        t_d, rss_d, _ = measured([*claims, str(corpus), "--db", str(db1)])
        rows.append(("(d) second build, nothing changed", t_d, None, rss_d))

        make_corpus(corpus, 1, start=args.articles)
        t_e, rss_e, _ = measured([*claims, str(corpus), "--db", str(db1)])
        rows.append(("(e) build after adding one article", t_e, None, rss_e))

        per_article, per_claim, reads, size = writer_ceiling(db1, workdir, args.writer_articles)

        print(f"spaCy model: {model} (pipeline: {pipes})")
        print(f"{'step':42} {'seconds':>9} {'words/s':>9} {'peak RSS':>10}")
        for name, seconds, rate, rss in rows:
            rate_text = f"{rate:9,.0f}" if rate else f"{'':9}"
            print(f"{name:42} {seconds:9.2f} {rate_text} {rss / 2**20:8.0f} MB")
        print()
        ratio = (words / t_b) / (words / t_spacy)
        print(f"b/a  build / spaCy throughput:        {ratio:.2f}  (bar >= 1.2)")
        print(f"c/b  --workers {args.workers} / 1 process:           {t_b / t_c:.2f}  (bar >= 1.7)")
        print(f"d    second build, nothing changed:   {t_d:.2f} s  (bar <= 2 s)")
        print(
            f"     peak memory (b, c):              {rss_b / 2**20:.0f} MB, "
            f"{rss_c / 2**20:.0f} MB  (bar <= 1024 MB)"
        )
        if dask_times:
            one, two = dask_times[1], dask_times[args.workers]
            w = args.workers
            print(f"f/c  --dask local:1 / --workers {w}:   {t_c / one:.2f}")
            print(f"g/c  --dask local:{w} / --workers {w}:   {t_c / two:.2f}")
            print(f"g/f  --dask local:{w} / local:1:       {one / two:.2f}")
        print()
        print(f"{'peak RSS':42} {'writer':>9} {'worker':>9}")
        for label, writer, worker in split:
            print(f"{label:42} {writer / 2**20:6.0f} MB {worker / 2**20:6.0f} MB")
        print()
        print(
            f"(h)  writer ceiling, store.save_article on {args.writer_articles:,} articles: "
            f"{per_article:,.0f} articles/s, {per_claim:,.0f} claims/s; "
            f"client reading: {reads:,.0f} articles/s; database: {size / 1024:.1f} kB per article"
        )

        if args.scale:
            _scale(args, workdir, claims, rss_c, args.articles)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


def _same_claims(a: Path, b: Path) -> None:
    """Exit if two builds of the same corpus stored different claims."""
    query = "SELECT articles.path, claims.char_start, claims.figure, claims.value FROM claims "
    query += "JOIN articles ON articles.id = claims.article_id ORDER BY 1, 2, 3"
    found = []
    for path in (a, b):
        db = store.open_db(path)
        try:
            found.append(db.execute(query).fetchall())
        finally:
            db.close()
    if found[0] != found[1]:
        raise SystemExit(f"{b} does not hold the claims of {a}")


def _scale(
    args, workdir: Path, claims: list[str], rss_before: int | None, n_before: int | None
) -> None:
    big = workdir / "corpus-scale"
    shutil.rmtree(big, ignore_errors=True)
    big_words = make_corpus(big, args.scale)
    db = workdir / "scale.db"
    db.unlink(missing_ok=True)
    seconds, rss, _ = measured([*claims, str(big), "--db", str(db), "--workers", str(args.workers)])
    compared = f" (vs {rss_before / 2**20:.0f} MB at {n_before})" if rss_before else ""
    print()
    print(
        f"scale: {args.scale} articles ({big_words:,} words) with --workers {args.workers}: "
        f"{seconds:.1f} s, {big_words / seconds:,.0f} words/s, "
        f"peak RSS {rss / 2**20:.0f} MB{compared}"
    )


def _machine() -> str:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem = (
            next(
                int(line.split()[1])
                for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")
            )
            / 2**20
        )
        mem_text = f"{mem:.0f} GiB RAM"
    except (OSError, StopIteration):
        mem_text = "? RAM"
    import spacy

    return (
        f"machine: {os.cpu_count()} CPUs ({cpu}), {mem_text}, "
        f"{platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, spaCy {spacy.__version__}"
    )


if __name__ == "__main__":
    main()
