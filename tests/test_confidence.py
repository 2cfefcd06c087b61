"""extract.confidence: named features from the resolvers' cues, the logistic score."""

from extract import confidence
from extract.model import Claim


def claim(**changes) -> Claim:
    base = Claim(
        figure="5,000",
        char_start=0,
        char_end=5,
        sentence="Officials said 5,000 people left in 2019.",
        value=5000.0,
        unit="people",
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


def test_a_claim_stated_outright_scores_above_one_from_defaults():
    stated = confidence.confidence_of(confidence.features_of(claim()))
    defaults = claim(
        unit=None,
        cues={"value": "digits", "years": "published", "place": "focus", "speaker": "outlet"},
    )
    low = confidence.confidence_of(confidence.features_of(defaults))
    assert 0 < low < stated < 1


def test_small_bare_counts_score_lower():
    small = claim(figure="3", value=3.0, unit=None)
    found = confidence.features_of(small)
    assert found["small_bare_number"]
    assert confidence.confidence_of(found) < confidence.confidence_of(
        confidence.features_of(claim())
    )


def test_confidence_of_takes_other_weights():
    found = {"unit": True, "range": False}
    assert confidence.confidence_of(found, {"unit": 0.0}, bias=0.0) == 0.5
    assert confidence.confidence_of(found, {"unit": 10.0}, bias=0.0) == 1.0
