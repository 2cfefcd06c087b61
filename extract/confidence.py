"""How sure the extractor is of a claim: a logistic model over named features.

Each claim gets a few yes/no features saying how much of it the text states outright
and how ambiguous its sentence is (:func:`features`); its confidence is
``sigmoid(BIAS + sum of WEIGHTS of the features present)``.

The weights below are priors set by hand (each field read from the figure's own
sentence adds; context, defaults, ambiguity and small bare counts take away), not
fitted: ``scripts/fit_confidence.py`` fits them on the development gold and checks
the fit on held-out articles, and on that gold (100 claims, 16 of them wrong) no
feature separates right claims from wrong ones beyond noise, so a fit would only
learn noise. Rerun it when the gold grows and paste its weights here if its held-out
check beats these.
"""

from __future__ import annotations

import math

BIAS = 0.5
WEIGHTS: dict[str, float] = {
    "unit": 0.5,
    "period_in_sentence": 0.4,
    "period_from_context": -0.4,
    "place_in_sentence": 0.4,
    "place_from_context": -0.2,
    "speaker_named": 0.5,
    "speaker_unclear": -0.7,
    "trend_or_flow_cue": 0.2,
    "small_number_in_words": -1.2,
    "small_bare_number": -0.7,
    "several_places": -0.2,
    "several_periods": -0.2,
    "several_figures": 0.0,
    "long_sentence": 0.0,
    "qualifier": 0.0,
    "range": 0.0,
    "in_quotation": 0.0,
}


def features(
    *,
    unit: bool,
    period_cue: str | None,
    place_in_sentence: bool,
    speaker_cue: str,
    someone_speaks: bool,
    trend_or_flow_cue: bool,
    is_words: bool,
    value: float | None,
    qualifier: bool,
    is_range: bool,
    places: int = 0,
    periods: int = 0,
    figures: int = 1,
    words: int = 0,
    place_from_context: bool = False,
) -> dict[str, bool]:
    """The named features of one claim (see :data:`WEIGHTS`).

    ``period_cue`` is where its years came from ("sentence", "context", "published" or
    None); ``speaker_cue`` how its speaker was found ("verb", "according", "quote",
    "hearsay", "context", "default"); ``someone_speaks`` whether a reporting verb or a
    quotation mark is in its sentence; ``places``, ``periods``, ``figures`` and
    ``words`` count those in its sentence; ``place_from_context`` says its place was
    carried over from an earlier sentence."""
    named = speaker_cue in ("verb", "according", "quote")
    small = (value or 0) < 20 if is_words else (value or 0) < 10
    return {
        "unit": unit,
        "period_in_sentence": period_cue == "sentence",
        "period_from_context": period_cue == "context",
        "place_in_sentence": place_in_sentence,
        "speaker_named": named,
        "speaker_unclear": not named and someone_speaks,
        "trend_or_flow_cue": trend_or_flow_cue,
        "small_number_in_words": is_words and small and not qualifier and not is_range,
        "small_bare_number": not is_words and small and not qualifier and not unit,
        "qualifier": qualifier,
        "range": is_range,
        "in_quotation": speaker_cue == "quote",
        "several_places": places > 1,
        "several_periods": periods > 1,
        "several_figures": figures > 1,
        "long_sentence": words > 40,
        "place_from_context": place_from_context,
    }


def confidence_of(
    found: dict[str, bool], weights: dict[str, float] | None = None, bias: float | None = None
) -> float:
    """The confidence, 0 to 1 (two decimals), of a claim with the features ``found``."""
    weights = WEIGHTS if weights is None else weights
    score = BIAS if bias is None else bias
    score += sum(weights.get(name, 0.0) for name, present in found.items() if present)
    return round(1 / (1 + math.exp(-score)), 2)
