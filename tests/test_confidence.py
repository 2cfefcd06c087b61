"""extract.confidence: named features from the resolvers' cues and the extraction
context, the fitted logistic score."""

import json
from importlib import resources

import pytest
from extracted import claims_of

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
    assert found["speaker:verb"] and found["years:attached"]
    assert "long_sentence" not in found  # only features that are present
    long = claim(sentence=" ".join(["word"] * 41))
    assert confidence.features_of(long)["long_sentence"]


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


def context_of(nlp, monkeypatch, text: str) -> dict[str, set[str]]:
    """The context features of each figure of ``text`` (figure -> names), as the
    extractor computes them."""
    seen: dict[str, set[str]] = {}
    real = confidence.context_features

    def recording(fx, state, found_claim):
        found = real(fx, state, found_claim)
        seen[found_claim.figure] = set(found)
        return found

    monkeypatch.setattr(confidence, "context_features", recording)
    claims_of(nlp, text)
    return seen


@pytest.mark.parametrize(
    "text, figure, present, absent",
    [
        # figures that read as something else than a count
        # (years as modifiers, "9/11" and ages are not claims at all: test_figures)
        ("The court made a surprise 5-4 decision on Monday.", "5-4", "figure_not_a_count", ""),
        ("Parties split 4 to 1 in favour, and 300 abstained.", "4", "figure_not_a_count", ""),
        ("Parties split 4 to 1 in favour, and 300 abstained.", "300", "", "figure_not_a_count"),
        # the shape of the speaker's name, and a second opinion on it
        (
            "The authors of the report said 73 percent of companies paid no tax.",
            "73 percent",
            "speaker_shape:common_noun",
            "speaker_shape:person",
        ),
        (
            "John Smith, the mayor, said 5,000 people left the city in 2019.",
            "5,000",
            "speaker_shape:person reporting_subject:agrees speaker_is_nearest_name",
            "reporting_subject:differs speaker_called_by_title",
        ),
        (
            "Mr. Clarke runs the fund. Tom Clarke said the fund holds $28 million.",
            "$28 million",
            "speaker_called_by_title",
            "",
        ),
        # the article's own voice with a person named beside the figure
        (
            "Scott, 69, leads after 3 rivals withdrew.",
            "3",
            "outlet_with_names_in_reach reporting_subject:none",
            "",
        ),
        # no direction, though the sentence has a word of change near the figure
        (
            "Exports stood at 400 tonnes, while imports fell.",
            "400 tonnes",
            "direction_none_with_change_word direction_none_change_word_near",
            "",
        ),
    ],
)
def test_context_features_of_a_figure(nlp, monkeypatch, text, figure, present, absent):
    found = context_of(nlp, monkeypatch, text)[figure]
    assert set(present.split()) <= found, found
    assert not set(absent.split()) & found, found
    assert found <= set(confidence.CONTEXT_NAMES)


def test_confidence_of_takes_other_weights():
    found = {"unit": True, "range": False}
    assert confidence.confidence_of(found, {"unit": 0.0}, bias=0.0) == 0.5
    assert confidence.confidence_of(found, {"unit": 10.0}, bias=0.0) == 1.0
