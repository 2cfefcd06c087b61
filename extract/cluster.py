"""Extraction on a Dask cluster: the strategy behind ``claims build --dask ADDRESS``.

:class:`DaskExtraction` has the interface of the build's other extraction strategies
(``run(names)`` yields ``(name, article, claims, reason)`` in the order asked), so
:func:`extract.build.build` plans, writes and reports exactly as it does with one process:

* this process (the client) reads every article to send, where the corpus is; the
  workers never see the corpus folder, they receive :class:`~extract.model.Article`
  records;
* articles go out in chunks of up to ``batch_size`` (one spaCy batch each); at most
  ``2 × workers + 1`` chunks are between the oldest not yet stored and the newest sent,
  so memory stays flat however large the corpus;
* each worker loads the spaCy model once (:class:`extract.dask_worker.SpacyModel`, a
  Dask worker plugin);
* results come back as they finish (``as_completed``) and are handed to the writer in
  corpus order (a reorder buffer), so the database is the one a one-process build makes;
* a task whose worker dies is run again on another worker by the Dask scheduler (up to
  its ``distributed.scheduler.allowed-failures``, 3 by default); a task that raises is
  retried ``retries`` times. A chunk that fails for good is sent again one article per
  task, so only the article at fault is reported, by name, and the others are stored;
  an article whose own task kills its worker on every try is sent alone once more
  (:data:`KILLED_ROUNDS`) before it is reported, in case it was only waiting on a
  worker that another article killed.

Dask is an optional extra: this module imports it (and :mod:`extract.dask_worker`, the
workers' side) only when a build asks for it.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import extract
from extract import nlp as nlp_module
from extract.articles import ArticleError, read_article
from extract.model import Article, Claim

if TYPE_CHECKING:
    from distributed import Client

INSTALL_HINT = (
    "--dask needs Dask, an optional extra: pip install 'news-claims[dask]' "
    "(from a checkout: pip install -e '.[dask]')"
)
LOCAL = "local"
# An article alone in its task whose worker dies on every try (Dask's allowed-failures)
# is sent alone this many times before it is reported: the first time, it may only have
# been waiting on a worker that another article killed.
KILLED_ROUNDS = 2
NO_WORKERS_TIMEOUT = 120.0  # seconds a LocalCluster may be left without a worker
WORKER_CHECK = 5.0  # seconds between two counts of a LocalCluster's workers
PLUGIN_NAME = "claims-spacy-model"

Result = tuple[str, Article | None, list[Claim] | None, str | None]


class ClusterError(RuntimeError):
    """The cluster cannot run the build at all (unreachable, wrong environment, lost)."""


def dask_installed() -> bool:
    return importlib.util.find_spec("distributed") is not None


def parse_address(value: str) -> str:
    """Check a ``--dask`` value: ``local:N`` (a LocalCluster of N worker processes),
    ``local`` (one worker per CPU core) or a scheduler address (``tcp://host:8786``,
    ``host:8786``). Raises ``ValueError`` naming the problem, :class:`ModuleNotFoundError`
    with :data:`INSTALL_HINT` if Dask is not installed."""
    value = value.strip()
    if value == LOCAL or value.startswith(LOCAL + ":"):
        local_workers(value)
    elif ":" not in value or any(c.isspace() for c in value):
        raise ValueError(
            f"{value!r} is neither local:N nor a scheduler address such as tcp://host:8786"
        )
    if not dask_installed():
        raise ModuleNotFoundError(INSTALL_HINT)
    return value


def local_workers(address: str) -> int | None:
    """N for ``local:N``, the CPU count for ``local``, None for a scheduler address."""
    if address == LOCAL:
        return os.cpu_count() or 1
    if not address.startswith(LOCAL + ":"):
        return None
    count = address.removeprefix(LOCAL + ":")
    if not count.isdigit() or int(count) < 1:
        raise ValueError(f"local:N needs a number of workers N >= 1, not {count!r}")
    return int(count)


# --------------------------------------------------------------------------- the client


@dataclass
class _Chunk:
    """Consecutive names of the build, with what became of each."""

    names: list[str]
    articles: dict[str, Article] = field(default_factory=dict)
    outcome: dict[str, tuple[list[Claim] | None, str | None]] = field(default_factory=dict)
    waiting: int = 0  # tasks not finished

    @property
    def done(self) -> bool:
        return self.waiting == 0

    def results(self) -> Iterator[Result]:
        for name in self.names:
            claims, reason = self.outcome[name]
            if reason is None:
                yield name, self.articles[name], claims, None
            else:
                yield name, None, None, reason


class DaskExtraction:
    """Reads articles here and extracts them on a Dask cluster, handing back the results
    in the order asked. The cluster (or the connection to it) lives for one ``run``:
    a build with nothing to extract never starts one."""

    def __init__(
        self,
        address: str,
        corpus: Path,
        max_bytes: int,
        model: str | None,
        batch_size: int,
        retries: int = 1,
    ):
        self.address = address
        self.corpus = corpus
        self.max_bytes = max_bytes
        self.model = model
        self.batch_size = batch_size
        self.retries = retries
        self.model_name: str | None = None
        self.tasks_sent = 0  # extraction tasks submitted, over every run

    def run(self, names: list[str]) -> Iterator[Result]:
        """``(name, article, claims, None)`` per name extracted, ``(name, None, None,
        reason)`` per name that could not be read or extracted, in the order of
        ``names``. The cluster is reached once an article has been read."""
        for i, name in enumerate(names):
            first = self._read([name])
            if name not in first.articles:
                yield from first.results()
                continue
            # the workers load the model this process would, whatever their settings
            self.model_name = nlp_module.model_name(self.model)
            with _connect(self.address) as client:
                _register_model(client, self.model_name, self.address)
                yield from self._stream(client, names[i:], first.articles)
            return

    def _stream(
        self, client: Client, names: list[str], known: dict[str, Article]
    ) -> Iterator[Result]:
        from distributed import as_completed

        workers = max(1, len(client.nthreads()))
        # chunks of batch_size, or smaller for a small build: at least 4 per worker, so
        # results stream back while the workers go on
        size = max(1, min(self.batch_size, -(-len(names) // (4 * workers))))
        starts = range(0, len(names), size)
        window = _Window(client, workers)
        chunks: dict[int, _Chunk] = {}  # sent and not yet handed to the writer
        # task key -> its chunk, its names and how many times they were sent alone
        owner: dict[Any, tuple[int, list[str], int]] = {}
        finished = as_completed()
        sent = handed = 0
        while handed < len(starts):
            while sent < len(starts) and sent - handed < window.chunks():
                chunk = self._read(names[starts[sent] : starts[sent] + size], known)
                chunks[sent] = chunk
                self._send(client, chunk, sent, list(chunk.articles), owner, finished)
                sent += 1
            while handed in chunks and chunks[handed].done:
                yield from chunks.pop(handed).results()
                handed += 1
            if handed == sent:
                continue
            future = self._next_done(client, finished)
            index, sent_names, rounds = owner.pop(future.key)
            chunk = chunks[index]
            chunk.waiting -= 1
            results, error = self._outcome(future)
            del future
            if results is not None:
                for name, claims, reason in results:
                    chunk.outcome[name] = (claims, reason)
            elif len(sent_names) > 1:
                # One article of the chunk may be at fault: send them one by one.
                for name in sent_names:
                    self._send(client, chunk, index, [name], owner, finished)
            elif _worker_died(error) and rounds < KILLED_ROUNDS:
                # It may only have been queued on a worker that another article killed.
                self._send(client, chunk, index, sent_names, owner, finished, rounds + 1)
            else:
                chunk.outcome[sent_names[0]] = (None, _failure(error, rounds))

    def _next_done(self, client: Client, finished: Any) -> Any:
        """The next task that finished. A LocalCluster of this build with no worker left
        for :data:`NO_WORKERS_TIMEOUT` seconds is an error rather than a hang (a Dask
        nanny may fail to restart a worker that dies as soon as it starts); a scheduler
        of the user's may be waiting for workers to join, and is waited for."""
        alone_since = None
        checked = time.monotonic()
        while not finished.has_ready():
            time.sleep(0.05)
            now = time.monotonic()
            if local_workers(self.address) is None or now - checked < WORKER_CHECK:
                continue
            checked = now
            if client.nthreads():
                alone_since = None
            elif alone_since is None:
                alone_since = now
            elif now - alone_since > NO_WORKERS_TIMEOUT:
                raise ClusterError(
                    f"the {self.address} workers died and did not come back for "
                    f"{NO_WORKERS_TIMEOUT:.0f} s; the articles stored so far are kept, "
                    "build again to carry on"
                )
        return next(finished)

    def _outcome(self, future: Any) -> tuple[list | None, BaseException | None]:
        """The task's results, or the exception it failed with. A result lost with its
        worker is computed again (``Future.result`` waits for it)."""
        from distributed.utils import CancelledError

        try:
            return future.result(), None
        except CancelledError as exc:  # the scheduler went away, or dropped the task
            raise ClusterError(
                f"lost the Dask scheduler at {self.address} ({exc}); the articles stored so "
                "far are kept, build again to carry on"
            ) from exc
        except Exception as exc:
            return None, exc

    def _read(self, names: list[str], known: dict[str, Article] | None = None) -> _Chunk:
        chunk = _Chunk(names)
        for name in names:
            if known and name in known:
                chunk.articles[name] = known.pop(name)
                continue
            try:
                article = read_article(self.corpus / name, self.corpus, self.max_bytes)
            except ArticleError as exc:
                chunk.outcome[name] = (None, exc.reason)
            except Exception as exc:  # a reader bug must not end the build
                chunk.outcome[name] = (None, f"cannot read: {type(exc).__name__}: {exc}")
            else:
                chunk.articles[name] = article
        return chunk

    def _send(
        self,
        client: Client,
        chunk: _Chunk,
        index: int,
        names: list[str],
        owner: dict[Any, tuple[int, list[str], int]],
        finished: Any,
        rounds: int = 1,
    ) -> None:
        if not names:
            return
        from extract.dask_worker import extract_on_worker

        future = client.submit(
            extract_on_worker,
            [chunk.articles[name] for name in names],
            self.model_name,
            self.batch_size,
            extract.EXTRACTOR_VERSION,
            pure=False,
            retries=self.retries,
        )
        owner[future.key] = (index, names, rounds)
        chunk.waiting += 1
        finished.add(future)
        self.tasks_sent += 1


class _Window:
    """How many chunks may be between the oldest not yet handed to the writer and the
    newest sent: two per worker and one more, as workers come and go (an adaptive
    cluster grows with the work it is given)."""

    REFRESH = 5.0  # seconds between two counts of the workers

    def __init__(self, client: Client, workers: int):
        self.client = client
        self.workers = workers
        self.counted = time.monotonic()

    def chunks(self) -> int:
        if time.monotonic() - self.counted > self.REFRESH:
            self.workers = max(1, len(self.client.nthreads()))
            self.counted = time.monotonic()
        return 2 * self.workers + 1


def _worker_died(error: BaseException | None) -> bool:
    from distributed import KilledWorker

    return isinstance(error, KilledWorker)


def _failure(exc: BaseException | None, rounds: int) -> str:
    from distributed import KilledWorker

    if isinstance(exc, KilledWorker):
        tries = rounds * (exc.allowed_failures + 1)
        return f"extraction failed: the Dask worker running it died, {tries} times out of {tries}"
    return f"extraction failed: {type(exc).__name__}: {exc}"


@contextmanager
def _connect(address: str) -> Iterator[Client]:
    """A client of a new LocalCluster (``local:N``) or of the scheduler at ``address``."""
    import dask
    from distributed import Client, LocalCluster

    workers = local_workers(address)
    if workers is not None:
        with (
            # a worker is handed one task at a time, so a worker that dies takes down
            # no task but the one it runs
            dask.config.set({"distributed.scheduler.worker-saturation": 1.0}),
            LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                # the build reports failed articles itself
                silence_logs=logging.CRITICAL,
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client
        return
    try:
        client = Client(address)
    except (OSError, ValueError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
    with client:
        yield client


def _register_model(client: Client, model: str | None, address: str) -> None:
    from extract.dask_worker import SpacyModel

    try:
        plugin = SpacyModel(model, extract.EXTRACTOR_VERSION, local_workers(address) is not None)
        client.register_plugin(plugin, name=PLUGIN_NAME)
    except (nlp_module.ModelNotFound, ClusterError):
        raise
    except Exception as exc:  # e.g. the workers cannot import this package
        raise ClusterError(
            f"the Dask workers at {address} cannot load the extractor "
            f"({type(exc).__name__}: {exc}); install this package and its spaCy model "
            "in the workers' environment"
        ) from exc
