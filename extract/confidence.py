"""How sure the extractor is of a claim: a logistic model over named features.

Each claim gets named yes/no features (:func:`features_of`): the cue each field
resolver reported (``speaker:verb``, ``place:focus``, …) and a few traits of the
figure and its sentence. Its confidence is ``sigmoid(bias + sum of the weights of the
features present)``, read as the probability that every field of the claim is right.

The weights are data (``confidence_weights.json`` beside this module), fitted by
``scripts/fit_confidence.py`` on the development gold and checked there on folds
held out by article. Without that file the hand-set priors below are used.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .context import FigureContext
    from .model import Claim

WEIGHTS_FILE = "confidence_weights.json"

# hand-set priors: each field read from the figure's own sentence adds, context and
# defaults take away
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
    "several_places": -0.2,
    "several_periods": -0.2,
}


def features_of(claim: Claim, fx: FigureContext | None = None) -> dict[str, bool]:
    """The named features of one claim: its cues and its traits."""
    found = {f"{name}:{cue}": True for name, cue in claim.cues.items()}
    value = claim.value if claim.value is not None else (claim.value_high or 0)
    is_words = claim.cues.get("value") in ("words", "fraction")
    small = abs(value) < 20 if is_words else abs(value) < 10
    found["unit"] = bool(claim.unit)
    found["qualifier"] = bool(claim.qualifier)
    found["small_number_in_words"] = is_words and small and not claim.qualifier
    found["small_bare_number"] = not is_words and small and not claim.qualifier and not claim.unit
    if fx is not None:
        sctx = fx.sentence
        found["several_places"] = len(sctx.mentions) > 1
        found["several_periods"] = len(sctx.periods) > 1
        found["several_figures"] = len(sctx.figures) > 1
        found["long_sentence"] = len(fx.sent) > 45
        named_here = any(a.named for a in sctx.attributions)
        found["speaker_unclear"] = claim.cues.get("speaker") == "outlet" and (
            named_here or any(t.text in '"“”' for t in fx.sent)
        )
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
