"""extract.confidence: named features from the resolvers' cues, the fitted logistic score."""

import json
from importlib import resources

from extract import confidence
from extract.cues import FIELD_CUES
from extract.model import Claim


def claim(**changes) -> Claim:
    base = Claim(
        figure="5,000",
        char_start=0,
        char_end=5,
        sentence="Officials said 5,000 people left in 2019.",
        value=5000.0,
        unit="people",
        year_start=2019,
        year_end=2019,
        cues={
            "value": "digits",
            "years": "attached",
            "place": "named",
            "speaker": "verb",
            "direction": "none",
            "flow": "outbound word",
        },
    )
    return base.replace(**changes)


def test_features_name_each_cue_and_trait():
    found = confidence.features_of(claim())
    assert found["speaker:verb"] and found["years:attached"] and found["unit"]
    assert "small_bare_number" not in found  # only features that are present


def test_features_of_a_stored_row_equal_those_of_the_claim():
    row = claim().to_row()
    row["cues"] = json.dumps(row["cues"])  # as the database holds them
    assert confidence.features_of(row) == confidence.features_of(claim())


def test_the_shipped_weights_are_the_fitted_ones_and_name_known_features():
    data = json.loads(resources.files("extract").joinpath(confidence.WEIGHTS_FILE).read_text())
    bias, weights = confidence.model()
    assert bias == data["bias"] and weights == data["weights"]
    cues = {f"{field}:{c.value}" for field, enum in FIELD_CUES.items() for c in enum}
    known = cues | set(confidence.TRAIT_NAMES) | set(confidence.CONTEXT_NAMES)
    assert set(weights) <= known, set(weights) - known
    assert set(confidence.features_of(claim())) <= known


def test_small_bare_counts_are_a_feature():
    assert confidence.features_of(claim(figure="3", value=3.0, unit=None))["small_bare_number"]


def test_confidence_of_takes_other_weights():
    found = {"unit": True, "range": False}
    assert confidence.confidence_of(found, {"unit": 0.0}, bias=0.0) == 0.5
    assert confidence.confidence_of(found, {"unit": 10.0}, bias=0.0) == 1.0
