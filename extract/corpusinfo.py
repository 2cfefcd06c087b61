"""What a corpus says about itself: ``corpus.yaml`` at the root of the corpus folder.

    title: News claims: migration from Kazakhstan
    description: Articles collected by the research team, 2019-2023.
    source: Wikinews and two seed articles
    source_url: https://en.wikinews.org/
    license: CC BY 2.5 (the Wikinews articles)
    license_url: https://creativecommons.org/licenses/by/2.5/

Every key is optional (``licence`` and ``licence_url`` are accepted too). ``claims
serve`` lays them over the site's metadata (Datasette's ``title``, ``description``,
``source``, ``source_url``, ``license``, ``license_url``), so the published site says
where the articles come from and under which licence. Without the file the site names
no source and no licence: nothing claims a licence that the user's articles lack.
The file is not an article: the build leaves it alone.
"""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

CORPUS_FILE = "corpus.yaml"
KEYS = ("title", "description", "source", "source_url", "license", "license_url")
SPELLINGS = {"licence": "license", "licence_url": "license_url"}
URL_KEYS = ("source_url", "license_url")


class CorpusInfoError(Exception):
    """A corpus.yaml that cannot be used; ``str(e)`` names the file, line and problem."""


def read_corpus_info(corpus_dir: Path | str | None) -> dict[str, str]:
    """The metadata in ``corpus_dir/corpus.yaml``: {} when there is no such file."""
    if corpus_dir is None:
        return {}
    path = Path(corpus_dir) / CORPUS_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusInfoError(f"{path}: cannot read file: {exc}") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise CorpusInfoError(f"{path}: malformed YAML{where}: {problem}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise CorpusInfoError(f"{path}: expected keys and values ({', '.join(KEYS)})")
    info: dict[str, str] = {}
    for key, value in data.items():
        name = SPELLINGS.get(str(key), str(key))
        if name not in KEYS:
            raise CorpusInfoError(
                f"{path}: unknown key {key!r} (known: {', '.join(KEYS)}, licence, licence_url)"
            )
        if value is None:
            continue
        if not isinstance(value, str | int | float):
            raise CorpusInfoError(f"{path}: {key!r} must be a single value")
        value = str(value).strip()
        if name in URL_KEYS and value and not value.startswith(("https://", "http://")):
            raise CorpusInfoError(f"{path}: {key!r} must be an http(s) URL, not {value!r}")
        if value:
            info[name] = value
    return info


def apply_corpus_info(metadata: dict, info: dict[str, str]) -> dict:
    """``metadata`` (Datasette's) with the corpus's title, description, source and
    licence; a source or licence the corpus does not state is removed, so the site
    never claims one on the corpus's behalf."""
    result = copy.deepcopy(metadata)
    for key in KEYS:
        if key in info:
            result[key] = info[key]
        elif key not in ("title", "description"):
            result.pop(key, None)
    return result
