"""extract.confidence: named features from the resolvers' cues and the extraction
context, the fitted logistic score."""

import json
import math
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


def known_features() -> set[str]:
    cues = {f"{field}:{c.value}" for field, enum in FIELD_CUES.items() for c in enum}
    names = confidence.CONTEXT_NAMES + confidence.ARTICLE_NAMES
    return cues | set(confidence.TRAIT_NAMES) | set(names)


def test_the_shipped_weights_are_the_fitted_ones_and_name_known_features():
    data = json.loads(resources.files("extract").joinpath(confidence.WEIGHTS_FILE).read_text())
    fitted = confidence.model()
    assert fitted == confidence.Model.from_json(data) != confidence.PRIOR_MODEL
    assert set(fitted.parts) == set(confidence.FIELD_FEATURES)
    for name, part in fitted.parts.items():
        assert set(part.weights) <= known_features(), set(part.weights) - known_features()
        # each part weighs only the features of its field
        assert all(confidence.field_of_feature(n, name) for n in part.weights), name
    assert set(confidence.features_of(claim())) <= known_features()


def test_every_field_has_features_that_exist():
    for name, wanted in confidence.FIELD_FEATURES.items():
        for prefix in wanted:
            assert any(
                k == prefix or (prefix.endswith(":") and k.startswith(prefix))
                for k in known_features()
            ), (name, prefix)


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
        # how much the article has named so far, and the figure's own traits
        (
            "Jobs rose in France. Spain lost 300 jobs, the minister said.",
            "300",
            "places_named:2-3 claim_places:0-1 sources_so_far:none unit_kind:other",
            "places_named:0-1",
        ),
        (
            "Prices rose 5% in Spain in 2010. In Italy they fell 3% in 2012.",
            "3%",
            "claim_places:2 claim_years:2-3 unit_kind:percent",
            "claim_places:0-1 figure_early_in_sentence",
        ),
        (
            "Some 400 people left Spain. Spain lost $3bn.",
            "$3bn",
            "unit_kind:money place_most_named",
            "",
        ),
        (
            "400 people left in May.",
            "400",
            "figure_early_in_sentence unit_kind:other",
            "document_in_sentence",
        ),
        ("A new study says 400 people left in May.", "400", "document_in_sentence", ""),
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


def test_article_features_count_the_speakers_of_all_its_claims():
    own = claim(speaker="BBC News", cues={"speaker": "outlet"})
    others = [claim(speaker=name) for name in ("Ann Lee", "Bo Ma", "Ann Lee")]
    found = confidence.article_features([own, own, own, *others])
    assert found == {"article_speakers:2-3": True}  # BBC News, Ann Lee, Bo Ma; 3 of 6 own
    found = confidence.article_features([own, own, others[0]])
    assert found == {"article_speakers:2-3": True, "article_mostly_own_voice": True}
    assert set(confidence.article_features([])) == {"article_speakers:0-1"}
    assert set(found) <= set(confidence.ARTICLE_NAMES)


def test_the_extractor_scores_claims_with_their_article_features(nlp, monkeypatch):
    seen: list[set[str]] = []
    real = confidence.confidence_of

    def recording(found, *args, **kwargs):
        seen.append(set(found))
        return real(found, *args, **kwargs)

    monkeypatch.setattr(confidence, "confidence_of", recording)
    claims_of(nlp, "Exports rose 4% in May, Ann Lee said. Imports fell 3%, Bo Ma said.")
    assert len(seen) == 2
    assert all("article_speakers:2-3" in found for found in seen), seen


def test_confidence_of_takes_another_model():
    found = {"unit": True, "range": False}
    even = confidence.Model({"claim": confidence.Part(0.0, {"unit": 0.0})})
    assert confidence.confidence_of(found, even) == 0.5
    sure = confidence.Model({"claim": confidence.Part(0.0, {"unit": 10.0})})
    assert confidence.confidence_of(found, sure) == 1.0


def test_the_confidence_is_the_calibrated_product_of_the_fields():
    found = {"speaker:verb": True, "place:context": True}
    parts = {
        "speaker": confidence.Part(0.0, {"speaker:verb": 2.0}),  # 0.88
        "place": confidence.Part(0.0, {"place:context": -1.0}),  # 0.27
    }
    product = (1 / (1 + math.exp(-2.0))) * (1 / (1 + math.exp(1.0)))
    assert confidence.Model(parts).confidence(found) == pytest.approx(product)
    # the calibration stretches the product's log-odds
    stretched = confidence.Model(parts, scale=2.0, shift=0.5).confidence(found)
    assert stretched == pytest.approx(1 / (1 + math.exp(-(2 * confidence.logit(product) + 0.5))))
    # a wrong field lowers the confidence: the product never exceeds a part
    assert confidence.Model(parts).confidence(found) < 0.27


def test_a_model_round_trips_through_json():
    model = confidence.Model({"value": confidence.Part(1.5, {"value:digits": 0.2})}, 1.7, 0.1)
    assert confidence.Model.from_json(json.loads(json.dumps(model.to_json()))) == model
