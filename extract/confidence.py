"""How sure the extractor is of a claim: the probability that every field is right.

Each claim gets named yes/no features (:func:`features_of`): the cue each field
resolver reported (``speaker:verb``, ``place:focus``, …) and a few traits of the
figure and its sentence, all read from the claim itself, so the same features can be
computed for a stored claim. Its confidence is ``sigmoid(bias + sum of the weights of
the features present)``.

The weights are data, ``confidence_weights.json`` beside this module, fitted by
``scripts/fit_confidence.py`` with a logistic regression on the development gold and
checked there on folds held out by article (the README quotes that check). Without
the file, the hand-set priors below are used.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .context import ArticleState, FigureContext
    from .model import Claim


WEIGHTS_FILE = "confidence_weights.json"

# the features besides the cues (``field:cue``): traits of the claim and its sentence ...
TRAIT_NAMES = (
    "unit",
    "unit:money",
    "unit:percent",
    "qualifier",
    "small_number_in_words",
    "small_bare_number",
    "long_sentence",
    "quotation_marks",
    "speaker_unclear",
    "no_years",
    "no_place",
    "several_figures",
    "many_figures",
    "speaker_in_sentence",
    "place_in_sentence",
    "year_in_sentence",
    "early_in_article",
)
# ... and of its context, seen while the article is extracted
CONTEXT_NAMES = (
    "sources_in_sentence:none",
    "sources_in_sentence:several",
    "source_before",
    "places_in_sentence:none",
    "places_in_sentence:several",
    "periods_in_sentence:several",
    "figures_in_sentence:several",
    "article_has_outlet",
    "article_place_known",
    "place_is_article_place",
    "article_dated",
    "source_named_earlier",
    "outlet_after_a_source",
    "quotes_in_article",
)

# hand-set priors, used only when no fitted weights are shipped
PRIOR_BIAS = 0.5
PRIOR_WEIGHTS: dict[str, float] = {
    "unit": 0.5,
    "years:attached": 0.4,
    "years:context": -0.4,
    "place:named": 0.4,
    "place:context": -0.2,
    "place:focus": -0.2,
    "speaker:verb": 0.5,
    "speaker:quote": 0.4,
    "speaker:according to": 0.5,
    "speaker:continued": -0.3,
    "speaker_unclear": -0.7,
    "direction:change word": 0.2,
    "small_number_in_words": -1.2,
    "small_bare_number": -0.7,
}

_QUOTE_MARKS = re.compile(r"[\"“”]|''")
_SAYING = re.compile(
    r"\b(?:said|says|say|told|tells|according|added|noted|reported|estimated|argued|warned)\b",
    re.IGNORECASE,
)


_FIGURE_LIKE = re.compile(r"\d[\d,.]*")
_A_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _named_in(name: str | None, sentence: str) -> bool:
    """Whether the last word of ``name`` is written in the sentence."""
    if not name:
        return False
    return name.split()[-1].lower() in sentence.lower()


def features_of(claim: Claim | dict[str, Any]) -> dict[str, bool]:
    """The named features present in one claim (a :class:`~extract.model.Claim`, or a
    stored row of it with ``cues`` as a dict or JSON text); those of its sentence and
    article, seen only while it is extracted, are :func:`context_features`."""
    row = claim if isinstance(claim, dict) else claim.to_row()
    cues = row.get("cues") or {}
    if isinstance(cues, str):
        cues = json.loads(cues)
    found = {f"{name}:{cue}": True for name, cue in cues.items()}
    value = row.get("value")
    if value is None:
        value = row.get("value_high") or row.get("value_low") or 0
    words = cues.get("value") in ("words", "fraction")
    small = abs(value) < 20 if words else abs(value) < 10
    unit = row.get("unit") or ""
    sentence = row.get("sentence") or ""
    figures = len(_FIGURE_LIKE.findall(sentence))
    found.update(
        {
            "unit": bool(unit),
            "unit:money": bool(unit) and len(unit) == 3 and unit.isupper(),
            "unit:percent": unit == "percent",
            "qualifier": bool(row.get("qualifier")),
            "small_number_in_words": words and small and not row.get("qualifier"),
            "small_bare_number": not words and small and not row.get("qualifier") and not unit,
            "long_sentence": len(sentence.split()) > 40,
            "quotation_marks": bool(_QUOTE_MARKS.search(sentence)),
            "speaker_unclear": cues.get("speaker") == "outlet" and bool(_SAYING.search(sentence)),
            "no_years": row.get("year_start") is None,
            "no_place": row.get("place") is None,
            "several_figures": figures > 2,
            "many_figures": figures > 5,
            "speaker_in_sentence": _named_in(row.get("speaker"), sentence),
            "place_in_sentence": _named_in(row.get("place"), sentence),
            "year_in_sentence": bool(_A_YEAR.search(sentence)),
            "early_in_article": (row.get("char_start") or 0) < 600,
        }
    )
    return {k: v for k, v in found.items() if v}


def context_features(fx: FigureContext, state: ArticleState, claim: Claim) -> dict[str, bool]:
    """The features of a claim's sentence and article, seen while it is extracted."""
    sctx = fx.sentence
    named = sum(1 for a in sctx.attributions if a.named)
    found = {
        "sources_in_sentence:none": named == 0,
        "sources_in_sentence:several": named > 1,
        "source_before": state.speakers.governing is not None,
        "places_in_sentence:none": not sctx.mentions,
        "places_in_sentence:several": len({m.place for m in sctx.mentions}) > 1,
        "periods_in_sentence:several": len(sctx.periods) > 1,
        "figures_in_sentence:several": len(sctx.figures) > 2,
        "article_has_outlet": state.speakers.source is not None,
        "article_place_known": state.home is not None,
        "place_is_article_place": state.home is not None and claim.place == state.home.name,
        "article_dated": state.published is not None,
        "source_named_earlier": state.speakers.sources_named > 0,
        "outlet_after_a_source": claim.cues.get("speaker") == "outlet"
        and state.speakers.sources_named > 0,
        "quotes_in_article": bool(state.quotes.quotes),
    }
    return {k: v for k, v in found.items() if v}


@lru_cache(maxsize=1)
def model() -> tuple[float, dict[str, float]]:
    """The bias and weights in use: the fitted ones shipped beside this module, else
    the priors."""
    try:
        data = json.loads(resources.files(__package__).joinpath(WEIGHTS_FILE).read_text())
    except (FileNotFoundError, OSError, ValueError):
        return PRIOR_BIAS, dict(PRIOR_WEIGHTS)
    return float(data["bias"]), {k: float(v) for k, v in data["weights"].items()}


def confidence_of(
    found: dict[str, bool], weights: dict[str, float] | None = None, bias: float | None = None
) -> float:
    """The confidence, 0 to 1 (two decimals), of a claim with the features ``found``."""
    fitted_bias, fitted = model()
    weights = fitted if weights is None else weights
    score = fitted_bias if bias is None else bias
    score += sum(weights.get(name, 0.0) for name, present in found.items() if present)
    return round(1 / (1 + math.exp(-score)), 2)
