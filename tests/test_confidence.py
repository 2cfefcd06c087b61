"""extract.confidence: named features, the logistic score, and the fitting script's model."""

import importlib.util
from pathlib import Path

import numpy as np

from extract import confidence

ROOT = Path(__file__).resolve().parent.parent

STATED = {
    "unit": True,
    "period_cue": "sentence",
    "place_in_sentence": True,
    "speaker_cue": "verb",
    "someone_speaks": True,
    "trend_or_flow_cue": True,
    "is_words": False,
    "value": 5000.0,
    "qualifier": False,
    "is_range": False,
}


def test_every_feature_has_a_weight():
    assert set(confidence.features(**STATED)) == set(confidence.WEIGHTS)


def test_a_claim_stated_outright_scores_above_one_from_defaults():
    defaults = dict(
        STATED,
        unit=False,
        period_cue="published",
        place_in_sentence=False,
        speaker_cue="default",
        trend_or_flow_cue=False,
        place_from_context=True,
    )
    high = confidence.confidence_of(confidence.features(**STATED))
    low = confidence.confidence_of(confidence.features(**defaults))
    assert 0 < low < high < 1


def test_small_counts_and_unclear_speakers_lower_the_score():
    base = confidence.confidence_of(confidence.features(**STATED))
    words = confidence.features(**dict(STATED, is_words=True, value=3.0))
    assert words["small_number_in_words"] and confidence.confidence_of(words) < base
    unclear = confidence.features(**dict(STATED, speaker_cue="default"))
    assert unclear["speaker_unclear"] and not unclear["speaker_named"]
    assert confidence.confidence_of(unclear) < base


def test_confidence_of_takes_other_weights():
    found = {"unit": True, "range": False}
    assert confidence.confidence_of(found, {"unit": 0.0}, bias=0.0) == 0.5
    assert confidence.confidence_of(found, {"unit": 10.0}, bias=0.0) == 1.0


def load_fit_script():
    spec = importlib.util.spec_from_file_location(
        "fit_confidence", ROOT / "scripts" / "fit_confidence.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_fitting_script_recovers_a_planted_signal():
    fit = load_fit_script()
    rng = np.random.default_rng(0)
    x = rng.integers(0, 2, size=(400, 3)).astype(float)
    y = (rng.random(400) < np.where(x[:, 0] == 1, 0.95, 0.3)).astype(
        float
    )  # only feature 0 matters
    w = fit.fit(x, y, l2=1.0)
    assert w[1] > 1.5 and abs(w[2]) < 0.6 and abs(w[3]) < 0.6
    assert fit.auc(fit.predict(w, x), y) > 0.75
    assert fit.auc(np.array([0.9, 0.8, 0.1]), np.array([1.0, 1.0, 0.0])) == 1.0
