"""claims build --dask: extraction on a Dask cluster (a LocalCluster of worker processes)."""

import os
import shutil
import sys
import time

import pytest
from click.testing import CliRunner

pytest.importorskip("distributed", reason="the dask extra is not installed")

import cloudpickle  # noqa: E402
import dask  # noqa: E402
from distributed import Client, LocalCluster, WorkerPlugin  # noqa: E402
from test_build import dump, names  # noqa: E402

from extract import cluster  # noqa: E402
from extract import nlp as nlp_module  # noqa: E402
from extract.build import READ, build  # noqa: E402
from extract.cli import main  # noqa: E402

# The plugins below run in the workers' processes, which cannot import this test module.
cloudpickle.register_pickle_by_value(sys.modules[__name__])


class ExitOn(WorkerPlugin):
    """Ends the worker process (os._exit, as a crash or the OOM killer would) when it
    starts a task holding the article ``path``: on the first such task only if
    ``marker`` is given (the file records that it happened), else on every one."""

    def __init__(self, path, marker=None):
        self.path = path
        self.marker = marker

    def setup(self, worker):
        self.worker = worker

    def transition(self, key, start, finish, **kwargs):
        if finish != "executing":
            return
        if self.path not in _paths_of(self.worker, key):
            return
        if self.marker is not None:
            try:
                with open(self.marker, "x") as f:
                    f.write(f"{os.getpid()}\n")
            except FileExistsError:
                return
        # A moment after the task was handed over, as a crash while parsing would be
        # (a worker that dies at once after starting may not be restarted by its nanny).
        time.sleep(0.5)
        os._exit(1)


class SlowOn(WorkerPlugin):
    """Holds back the start of a task holding the article ``path`` for ``seconds``."""

    def __init__(self, path, seconds):
        self.path = path
        self.seconds = seconds

    def setup(self, worker):
        self.worker = worker

    def transition(self, key, start, finish, **kwargs):
        if finish == "executing" and self.path in _paths_of(self.worker, key):
            time.sleep(self.seconds)


def _paths_of(worker, key):
    """The articles of a task on a worker (its first argument)."""
    task = worker.state.tasks.get(key)
    articles = getattr(getattr(task, "run_spec", None), "args", ((),))[0]
    return [getattr(a, "path", None) for a in articles]


@pytest.fixture
def corpus(tiny_corpus):
    """The tiny corpus with a copy of one article (an alias) and an unreadable file."""
    shutil.copy(tiny_corpus / "asylum.md", tiny_corpus / "copy-of-asylum.md")
    (tiny_corpus / "broken.txt").write_bytes(b"\x00\x01binary\x00")
    return tiny_corpus


@pytest.fixture
def one_process(corpus, tmp_path, nlp):
    """The database of a one-process build of ``corpus``, and that build's summary."""
    path = tmp_path / "one.db"
    return path, build(corpus, path)


@pytest.fixture
def no_nlp_here(monkeypatch):
    """Loading spaCy in this process is an error: the cluster's workers must parse."""

    def refuse(*args, **kwargs):
        raise AssertionError("spaCy loaded in the client process")

    monkeypatch.setattr(nlp_module, "load", refuse)


@pytest.fixture
def sent(monkeypatch):
    """Every DaskExtraction a build makes, to count the tasks it sent."""
    made = []

    class Counted(cluster.DaskExtraction):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(cluster, "DaskExtraction", Counted)
    return made


@pytest.fixture
def local_cluster():
    """A cluster of two worker processes that the test can watch; allowed-failures 1, so
    an article that kills every worker fails after 2 × 2 tries instead of 2 × 4."""
    settings = {"allowed-failures": 1, "worker-saturation": 1.0}  # as claims build sets it
    with (
        dask.config.set({f"distributed.scheduler.{k}": v for k, v in settings.items()}),
        LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as lc,
        Client(lc) as client,
    ):
        yield lc, client


def test_dask_local_2_builds_the_same_database_as_one_process(
    corpus, one_process, tmp_path, no_nlp_here, sent
):
    one_db, one = one_process
    dask_db = tmp_path / "dask.db"
    result = CliRunner().invoke(
        main, ["build", str(corpus), "--db", str(dask_db), "--dask", "local:2"]
    )
    assert result.exit_code == 1, result.output  # broken.txt
    assert dump(dask_db) == dump(one_db)
    assert one.read == 3 and one.aliased == 1 and [p for p, _ in one.failed] == ["broken.txt"]
    assert f"{corpus / 'broken.txt'}: binary file, not text" in result.output
    assert "3 read, 0 unchanged, 0 skipped, 1 failed, 1 aliases" in result.output
    assert [s.tasks_sent for s in sent] == [3]  # a small build: one article per task


def test_an_unchanged_rebuild_sends_nothing_to_the_cluster(
    corpus, tmp_path, nlp, sent, monkeypatch
):
    db = tmp_path / "dask.db"
    build(corpus, db, dask="local:2")
    assert sent[-1].tasks_sent == 3

    def no_cluster(address):
        raise AssertionError(f"a cluster was started at {address}")

    with monkeypatch.context() as patch:
        patch.setattr(cluster, "_connect", no_cluster)
        again = build(corpus, db, dask="local:2")
    assert (again.read, again.skipped_unchanged, again.aliased) == (0, 4, 0)
    assert [p for p, _ in again.failed] == ["broken.txt"]  # read here, never sent
    assert sent[-1].tasks_sent == 0 and again.model is None

    (corpus / "worship.md").write_text(
        (corpus / "worship.md").read_text(encoding="utf-8") + "\nIn 2020, 12 people came.\n",
        encoding="utf-8",
    )
    edited = build(corpus, db, dask="local:1")
    assert (edited.read, edited.skipped_unchanged) == (1, 3)
    assert sent[-1].tasks_sent == 1


def test_a_worker_killed_mid_build_loses_and_duplicates_nothing(
    corpus, one_process, tmp_path, local_cluster, no_nlp_here
):
    one_db, one = one_process
    lc, client = local_cluster
    died = tmp_path / "died"
    client.register_plugin(ExitOn("worship.md", marker=str(died)), name="exit-on-worship")
    dask_db = tmp_path / "dask.db"
    summary = build(corpus, dask_db, dask=lc.scheduler_address, batch_size=1)
    assert died.exists()  # a worker did die while extracting worship.md
    assert dump(dask_db) == dump(one_db)
    assert (summary.read, summary.failed, summary.claims_stored) == (
        one.read,
        one.failed,
        one.claims_stored,
    )


def test_results_that_come_back_out_of_order_are_stored_in_corpus_order(
    corpus, one_process, tmp_path, local_cluster, no_nlp_here
):
    one_db, _ = one_process
    lc, client = local_cluster
    first = "003_a2bd9d0f0c373590.txt"
    client.register_plugin(SlowOn(first, seconds=3), name="slow-on-first")
    events = []
    build(corpus, tmp_path / "dask.db", dask=lc.scheduler_address, progress=events.append)
    assert dump(tmp_path / "dask.db") == dump(one_db)
    stored = [e.path for e in events if e.outcome == READ]
    assert stored == [first, "asylum.md", "worship.md"]


def test_an_article_that_kills_every_worker_is_reported_and_the_rest_stored(
    corpus, tmp_path, local_cluster, nlp, sent
):
    for i in range(6):
        (corpus / f"zz-extra-{i}.md").write_text(
            f"In 2015, {i + 1},000 people moved to Berlin, officials said.\n", encoding="utf-8"
        )
    lc, client = local_cluster
    client.register_plugin(ExitOn("asylum.md"), name="exit-on-asylum")
    dask_db = tmp_path / "dask.db"
    # 10 names on 2 workers go in chunks of 2, the first [003_…, asylum.md]: it fails for
    # good, then its articles go out one per task.
    summary = build(corpus, dask_db, dask=lc.scheduler_address)
    reason = "extraction failed: the Dask worker running it died, 4 times out of 4"
    assert summary.failed == [("asylum.md", reason), ("broken.txt", "binary file, not text")]
    # copy-of-asylum.md, the same text under another name, is then read on its own
    assert summary.read == 9 and summary.claims_stored > 6
    assert set(names(dask_db)) == {
        "003_a2bd9d0f0c373590.txt",
        "copy-of-asylum.md",
        "worship.md",
        *(f"zz-extra-{i}.md" for i in range(6)),
    }
    # 5 chunks, the first resent as 2 tasks, asylum.md resent alone once more, then
    # copy-of-asylum.md in a run of its own (and another task resent alone, if it was
    # waiting on a worker that asylum.md killed)
    assert sent[-1].tasks_sent >= 5 + 2 + 1 + 1

    one_db = tmp_path / "one.db"
    build(corpus, one_db)
    one = {a["path"]: a["n_claims"] for a in dump(one_db)["articles"]}
    two = {a["path"]: a["n_claims"] for a in dump(dask_db)["articles"]}
    assert two == {(p if p != "asylum.md" else "copy-of-asylum.md"): n for p, n in one.items()}


def test_a_local_cluster_left_without_workers_is_an_error_not_a_hang(tmp_path, monkeypatch):
    class NoWorkers:
        def nthreads(self):
            return {}

    class NothingFinishes:
        def has_ready(self):
            return False

    monkeypatch.setattr(cluster, "NO_WORKERS_TIMEOUT", 0.0)
    monkeypatch.setattr(cluster, "WORKER_CHECK", 0.0)
    extraction = cluster.DaskExtraction("local:2", tmp_path, 1000, None, 16)
    with pytest.raises(cluster.ClusterError, match="local:2 workers died and did not come back"):
        extraction._next_done(NoWorkers(), NothingFinishes())


def test_dask_address_is_checked(corpus, tmp_path):
    runner = CliRunner()
    db = str(tmp_path / "claims.db")
    result = runner.invoke(main, ["build", str(corpus), "--db", db, "--dask", "local:0"])
    assert result.exit_code == 2 and "local:N needs a number of workers N >= 1" in result.output
    result = runner.invoke(main, ["build", str(corpus), "--db", db, "--dask", "nowhere"])
    assert result.exit_code == 2 and "neither local:N nor a scheduler address" in result.output
    result = runner.invoke(
        main, ["build", str(corpus), "--db", db, "--dask", "local:2", "--workers", "2"]
    )
    assert result.exit_code == 2 and "either --workers or --dask" in result.output
    assert not (tmp_path / "claims.db").exists()


def test_without_dask_the_option_says_how_to_install_it(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(cluster, "dask_installed", lambda: False)
    result = CliRunner().invoke(
        main, ["build", str(corpus), "--db", str(tmp_path / "c.db"), "--dask", "local:2"]
    )
    assert result.exit_code == 2
    assert "pip install 'news-claims[dask]'" in result.output


def test_an_unreachable_scheduler_is_a_clear_error(corpus, tmp_path, nlp):
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        result = CliRunner().invoke(
            main,
            ["build", str(corpus), "--db", str(tmp_path / "c.db"), "--dask", "tcp://127.0.0.1:9"],
        )
    assert result.exit_code == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output
