"""The Datasette metadata ``claims serve`` publishes with: titles, descriptions, facets,
canned queries and plugin settings.

Only the metadata shipped with the tool, or a file named on the command line, is ever
served: never one that happens to lie in the current folder or beside the corpus (anyone
who can drop a file there could otherwise add a query that writes, or a script). Even a
named file is refused (:class:`MetadataError`) when it

- has a canned query with ``"write": true`` (the site only reads),
- loads scripts or stylesheets (``extra_js_urls``, ``extra_css_urls``, at any level) from
  anywhere but the site itself, or
- gives a plugin a setting that points at another origin (``https://…``, ``//host/…``).
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from extract import site

METADATA_FILE = site.METADATA
DATABASE_KEY = "claims"  # the database's key in the shipped metadata
ASSET_KEYS = ("extra_js_urls", "extra_css_urls")

# Any scheme ("https:", "data:", "javascript:") or a network path ("//host/x.js").
_NOT_LOCAL_URL = re.compile(r"^\s*(//|\\\\|[a-z][a-z0-9+.\-]*:)", re.IGNORECASE)
# In plugin settings, strings are mostly labels ("Place: …"), so only what is plainly an
# address elsewhere: "scheme://…", a script or data scheme, or "//host/…".
_OTHER_ORIGIN = re.compile(
    r"^\s*(//|\\\\|[a-z][a-z0-9+.\-]*://|(javascript|vbscript|data|blob|file):)", re.IGNORECASE
)


class MetadataError(ValueError):
    """A metadata file that cannot be served: unreadable, not JSON, or unsafe."""


def shipped_path() -> Path:
    """The metadata file shipped with the tool (in the package, :mod:`extract.site`)."""
    return site.path(site.METADATA)


def read_metadata(path: Path | None = None) -> dict[str, Any]:
    """The metadata in ``path`` (default: the shipped file), checked by :func:`problems`.

    Raises :class:`MetadataError`, naming the file and every problem found."""
    path = shipped_path() if path is None else Path(path)
    try:
        metadata = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise MetadataError(f"{path}: cannot be read: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise MetadataError(f"{path}: not valid JSON: {exc}") from exc
    if not isinstance(metadata, dict):
        raise MetadataError(f"{path}: not a JSON object")
    found = problems(metadata)
    if found:
        raise MetadataError(f"{path}: refused, the site must only read: " + "; ".join(found))
    return metadata


def problems(metadata: dict[str, Any]) -> list[str]:
    """What makes ``metadata`` unsafe to serve (empty when it is fine)."""
    found = _writing_queries(metadata)
    for where, value in _walk(metadata, ()):
        key = where[-1] if where else None
        if key in ASSET_KEYS:
            found += _foreign_assets(where, value)
        elif _is_plugin_setting(where) and isinstance(value, str) and _OTHER_ORIGIN.match(value):
            found.append(f"plugin setting {_dotted(where)} points at another origin: {value!r}")
    return found


def _writing_queries(metadata: dict[str, Any]) -> list[str]:
    found = []
    databases = metadata.get("databases")
    for db_name, database in (databases or {}).items() if isinstance(databases, dict) else ():
        queries = database.get("queries") if isinstance(database, dict) else None
        for name, query in (queries or {}).items() if isinstance(queries, dict) else ():
            if isinstance(query, dict) and query.get("write"):
                found.append(
                    f'canned query "{name}" of database "{db_name}" writes ("write": true)'
                )
    return found


def _is_plugin_setting(where: tuple[str, ...]) -> bool:
    """Whether ``where`` lies under a ``plugins`` block: the top level's, a database's,
    or a table's or canned query's."""
    if where[:1] == ("plugins",):
        return True
    if where[:1] != ("databases",):
        return False
    return where[2:3] == ("plugins",) or (
        where[2:3] in (("tables",), ("queries",)) and where[4:5] == ("plugins",)
    )


def _foreign_assets(where: tuple[str, ...], value: Any) -> list[str]:
    """The entries of an ``extra_js_urls``/``extra_css_urls`` list that are not local."""
    entries = value if isinstance(value, list) else [value]
    found = []
    for entry in entries:
        url = entry.get("url") if isinstance(entry, dict) else entry
        if not isinstance(url, str) or _NOT_LOCAL_URL.match(url):
            found.append(f"{_dotted(where)} loads {url!r} from another origin")
    return found


def _walk(value: Any, where: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every value in a JSON document with its path of keys (list items keep their
    list's path); an asset list is yielded whole and not entered."""
    yield where, value
    if where and where[-1] in ASSET_KEYS:
        return
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*where, str(key)))
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item, where)


def _dotted(where: tuple[str, ...]) -> str:
    return ".".join(where) or "(top level)"


@contextlib.contextmanager
def metadata_file(metadata: dict[str, Any], db_path: Path) -> Iterator[Path]:
    """A temporary file holding ``metadata`` for ``db_path``, removed afterwards.

    Datasette names a database after its file's stem; when that is not the metadata's
    database key ("claims"), the key is renamed. The file holds exactly the metadata
    that was checked, so Datasette serves nothing else."""
    name = Path(db_path).stem
    databases = metadata.get("databases") or {}
    if name != DATABASE_KEY and DATABASE_KEY in databases:
        metadata = dict(metadata)
        metadata["databases"] = {
            (name if key == DATABASE_KEY else key): value for key, value in databases.items()
        }
    folder = Path(tempfile.mkdtemp(prefix="claims-metadata-"))
    try:
        path = folder / METADATA_FILE
        path.write_text(json.dumps(metadata, indent=2, ensure_ascii=False), encoding="utf-8")
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)
