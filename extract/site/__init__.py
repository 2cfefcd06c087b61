"""What Datasette needs to publish the database the way ``claims serve`` does, shipped
inside the package so that an installed tool serves the full site from any folder:

- ``datasette-metadata.json``: titles, descriptions, facets, canned queries, plugin
  settings (a link to the repository's root file, which stays the one to edit;
  a wheel holds its content);
- ``plugins/``: the tool's Datasette plugin (search highlights, links, the article
  page, facet labels);
- ``templates/``: the templates that plugin's variables fill in.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

METADATA = "datasette-metadata.json"
PLUGINS = "plugins"
TEMPLATES = "templates"


def path(name: str) -> Path:
    """The file or folder ``name`` of the site, on disk (Datasette reads them by path)."""
    found = files(__name__) / name
    if not isinstance(found, Path):
        raise RuntimeError(f"{__name__} is not installed as files on disk: {found}")
    return found
