"""The workers' side of ``claims build --dask`` (see :mod:`extract.cluster`): the plugin
that loads the spaCy model once per worker process, and the task that extracts a chunk
of articles. Imported by the client only for a Dask build (it imports Dask), and by the
workers, which need this package installed.
"""

from __future__ import annotations

import asyncio
import signal
import threading
from pathlib import Path
from typing import Any

from distributed import WorkerPlugin

import extract
from extract import nlp as nlp_module
from extract.cluster import ClusterError
from extract.model import Article, Claim


class SpacyModel(WorkerPlugin):
    """Loads the spaCy model (and warms the extractor up) once per worker process, as
    the worker starts or when the plugin is registered, and checks that the worker runs
    the client's extractor."""

    idempotent = False

    def __init__(self, model: str | None, version: str, local: bool = False):
        self.model = model
        self.version = version
        self.local = local

    async def setup(self, worker: Any) -> None:
        _check_version(self.version, getattr(worker, "address", "?"))
        if self.local and threading.current_thread() is threading.main_thread():
            # Ctrl-C reaches the whole process group: the build decides, and closes
            # the LocalCluster it started (a worker of a user's cluster is left alone)
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        await asyncio.to_thread(_warm_up, self.model)  # the worker's event loop stays free


_WARM_UP = Article("warm-up.txt", "In 2019, 5,000 people left Kazakhstan, officials said.")


def _warm_up(model: str | None) -> None:
    """Load the model and everything the extractor loads on first use (gazetteer, ...)."""
    from extract import extractor

    extractor.extract_claims(_WARM_UP, nlp_module.load(model))


def _check_version(version: str, where: str) -> None:
    if version != extract.EXTRACTOR_VERSION:
        raise ClusterError(
            f"the Dask worker {where} runs extractor version {extract.EXTRACTOR_VERSION}, "
            f"the client {version}: install the same version of this package on the workers"
        )


_parse_lock = threading.Lock()  # a worker with several threads parses one chunk at a time


def extract_on_worker(
    articles: list[Article], model: str | None, batch_size: int, version: str
) -> list[tuple[str, list[Claim] | None, str | None]]:
    """The Dask task: ``(path, claims, None)`` or ``(path, None, reason)`` per article,
    as :class:`extract.build._Extraction` extracts them in one process."""
    from extract.build import _Extraction

    _check_version(version, "running this task")
    extraction = _Extraction(Path(), 0, model, batch_size)  # reads nothing: articles come here
    with _parse_lock:
        return [
            (name, claims, reason)
            for name, _, claims, reason in extraction._extract(articles, lambda: iter(()))
        ]
