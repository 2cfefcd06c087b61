"""Datasette in the test's own process, set up from the command line `claims serve` runs
(its metadata, the tool's plugins and templates and its ``--setting`` values), reached
through Datasette's own client. test_datasette and test_review build their sites on it."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
from datasette.app import DEFAULT_SETTINGS, Datasette

from extract import serve
from extract.metadata import metadata_file, read_metadata


def setting(name: str, value: str) -> object:
    """A ``--setting name value`` of the command line as Datasette's Python API takes it
    (a number or a flag where Datasette's default is one)."""
    default = DEFAULT_SETTINGS[name]
    if isinstance(default, bool):
        return value.lower() in ("on", "true", "1")
    return type(default)(value)


class ServedSite:
    """A Datasette for one database, set up from the command line `claims serve` runs;
    ``metadata`` is the served metadata (the tool's own by default)."""

    def __init__(self, db_path: Path, metadata: dict | None = None):
        with metadata_file(metadata or read_metadata(), db_path) as metadata_path:
            self.command = serve.datasette_command(db_path, metadata_path)
            served = json.loads(Path(metadata_path).read_text(encoding="utf-8"))
        settings = {
            self.command[i + 1]: setting(self.command[i + 1], self.command[i + 2])
            for i, arg in enumerate(self.command)
            if arg == "--setting"
        }
        self.ds = Datasette(
            [str(db_path)],
            metadata=served,
            settings=settings,
            plugins_dir=self.option("--plugins-dir"),
            template_dir=self.option("--template-dir"),
        )
        self.name = db_path.stem
        self.loop = asyncio.new_event_loop()
        self.loop.run_until_complete(self.ds.invoke_startup())

    def option(self, name: str) -> str | None:
        """The value of ``name`` on the command line (None when it is not given)."""
        return self.command[self.command.index(name) + 1] if name in self.command else None

    def request(self, method: str, url: str, **kwargs) -> httpx.Response:
        return self.loop.run_until_complete(self.ds.client.request(method, url, **kwargs))

    def close(self) -> None:
        self.loop.close()
