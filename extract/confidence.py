"""How sure the extractor is of a claim: the probability that every field is right.

Each claim gets named yes/no features: the cue each field resolver reported
(``speaker:verb``, ``place:focus``, …), read from the claim itself so that they can be
computed for a stored claim (:func:`features_of`), and traits of its sentence and
article seen while it is extracted (:func:`context_features`): the shape of the
speaker's name, a second opinion on the speaker and the direction from a simpler
reading of the sentence, the names and places within reach, how many sources, places
and years the article has had so far, and whether the figure looks like a count at all;
and traits of all the article's claims, known once it is read through
(:func:`article_features`): how many distinct speakers, how many in its own voice.

Fields go wrong for different reasons, so the :class:`Model` has one part per field
(:data:`FIELD_FEATURES`): ``P(field right) = sigmoid(bias + sum of the weights of its
features present)``. The confidence is the product of the parts, recalibrated
(``sigmoid(scale * logit(product) + shift)``) so that it reads as the share of claims
with every field right.

The weights are data, ``confidence_weights.json`` beside this module, fitted by
``scripts/fit_confidence.py`` with logistic regressions on the development gold and
checked there on folds held out by article (the README quotes that check). Without
the file, the hand-set priors below are used.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from . import lexicon as lx
from .cues import PlaceCue, SpeakerCue
from .nlp import text_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from .context import ArticleState, FigureContext
    from .model import Claim


WEIGHTS_FILE = "confidence_weights.json"

# the features besides the cues (``field:cue``): a trait of the claim's sentence ...
TRAIT_NAMES = ("long_sentence",)
# ... and of its context, seen while the article is extracted
CONTEXT_NAMES = (
    "sources_in_sentence:none",
    "sources_in_sentence:several",
    "source_before",
    "places_in_sentence:none",
    "places_in_sentence:several",
    "periods_in_sentence:several",
    "figures_in_sentence:several",
    "article_place_known",
    "place_is_article_place",
    "source_named_earlier",
    "quotes_in_article",
    # the shape of the speaker's name
    "speaker_shape:person",
    "speaker_shape:organisation",
    "speaker_shape:one_word",
    "speaker_shape:common_noun",
    "speaker_called_by_title",
    # a second opinion on the speaker: the subject of the nearest reporting verb
    "reporting_subject:none",
    "reporting_subject:agrees",
    "reporting_subject:differs",
    "reporting_subject:pronoun",
    # the people and organisations named in the sentence and the one before
    "names_in_reach:none",
    "names_in_reach:several",
    "speaker_is_nearest_name",
    # doubts on the article's own voice
    "outlet_while_a_source_governs",
    "outlet_after_a_document",
    "outlet_with_names_in_reach",
    # a second opinion on the direction: the sentence's words of change
    "direction_none_with_change_word",
    "direction_none_change_word_near",
    "change_words_both_ways",
    "direction_set_change_word_far",
    # the places the article has named so far
    "article_places:many",
    "place_carried_among_many",
    "place_carried_not_last_named",
    # a figure that may not be a count at all
    "figure_not_a_count",
    # the sentence names a document (a report, study, poll, data …), which the gold
    # often names as the speaker where we name its author or the outlet
    "document_in_sentence",
    # how much the article has named so far: people and organisations, places, and
    # the distinct places and years of its claims
    *(f"sources_so_far:{b}" for b in ("none", "1-2", "3-5", "6+")),
    *(f"places_named:{b}" for b in ("0-1", "2-3", "4-6", "7+")),
    *(f"claim_places:{b}" for b in ("0-1", "2", "3-4", "5+")),
    *(f"claim_years:{b}" for b in ("0-1", "2-3", "4+")),
    "place_most_named",
    "speaker_most_named",
    # the figure and its sentence
    *(f"unit_kind:{k}" for k in ("percent", "money", "other", "none")),
    "years_are_publication_year",
    "figure_early_in_sentence",
)
# ... and of all the claims of its article, known once the article is read through
ARTICLE_NAMES = (
    *(f"article_speakers:{b}" for b in ("0-1", "2-3", "4-6", "7+")),
    "article_mostly_own_voice",
)

# The confidence is the product of one probability per field (the figure is a claim
# with the right value, the speaker is right, ...), each a logistic regression over
# the features relevant to that field: a name here is a feature, or with a trailing
# ":" every feature it begins. Fields fail for different reasons, and one linear model
# over every feature mixes them.
FIELD_FEATURES: dict[str, tuple[str, ...]] = {
    "value": (
        "value:",
        "speaker:",
        "direction:",
        "reporting_subject:",
        "speaker_shape:",
        "outlet_with_names_in_reach",
        "place_most_named",
        "sources_so_far:",
    ),
    "speaker": (
        "speaker:",
        "years:",
        "flow:",
        "article_places:many",
        "sources_so_far:",
        "source_named_earlier",
        "reporting_subject:",
        "speaker_is_nearest_name",
        "document_in_sentence",
    ),
    "place": (
        "place:",
        "places_named:",
        "claim_places:",
        "claim_years:",
        "place_most_named",
        "unit_kind:",
        "names_in_reach:",
        "article_speakers:",
    ),
    "years": ("years:",),
    "direction": (
        "direction:",
        "direction_none_change_word_near",
        "years_are_publication_year",
        "place_is_article_place",
        "figure_early_in_sentence",
        "periods_in_sentence:several",
        "speaker_most_named",
        "article_mostly_own_voice",
    ),
    "flow": ("flow:",),
}


def field_of_feature(name: str, field: str) -> bool:
    """Whether the feature ``name`` is one the model of ``field`` weighs."""
    return any(name == p or (p.endswith(":") and name.startswith(p)) for p in FIELD_FEATURES[field])


# hand-set priors, used only when no fitted weights are shipped
PRIOR_BIAS = 0.5
PRIOR_WEIGHTS: dict[str, float] = {
    "years:attached": 0.4,
    "years:context": -0.4,
    "place:named": 0.4,
    "place:context": -0.2,
    "place:focus": -0.2,
    "speaker:verb": 0.5,
    "speaker:quote": 0.4,
    "speaker:according to": 0.5,
    "speaker:continued": -0.3,
    "direction:change word": 0.2,
    "speaker_shape:common_noun": -0.5,
    "figure_not_a_count": -1.0,
}

# the words of change the direction resolver reads, and of job losses
_CHANGE_WORDS = (
    {w.lower() for w in lx.INCREASE_CUES}
    | {w.lower() for w in lx.DECREASE_CUES}
    | set(lx.JOB_LOSS_VERBS)
)
_UP_WORDS = {w.lower() for w in lx.INCREASE_CUES}
_DOWN_WORDS = {w.lower() for w in lx.DECREASE_CUES} | set(lx.JOB_LOSS_VERBS)
_NEAR = 6  # tokens: a change word this close to the figure reads as its own
_REPORTING = set(lx.REPORTING_VERBS) | {"according"}
_NAME_LABELS = ("PERSON", "ORG")
_PLACE_LABELS = ("GPE", "LOC")
_MANY_PLACES = 4  # distinct places named before the figure
_TITLED = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr)\.? ([A-Z][\w'’-]+)")
_TITLED_KEY = "confidence_titled"
_A_RATIO_AFTER = re.compile(r" to \d\b")  # "a 3 to 1 margin"
_A_SCORE = re.compile(r"\d+-\d+")  # "5-4", "80-19"


def features_of(claim: Claim | dict[str, Any]) -> dict[str, bool]:
    """The named features present in one claim (a :class:`~extract.model.Claim`, or a
    stored row of it with ``cues`` as a dict or JSON text); those of its sentence and
    article, seen only while it is extracted, are :func:`context_features`."""
    row = claim if isinstance(claim, dict) else claim.to_row()
    cues = row.get("cues") or {}
    if isinstance(cues, str):
        cues = json.loads(cues)
    found = {f"{name}:{cue}": True for name, cue in cues.items()}
    found["long_sentence"] = len((row.get("sentence") or "").split()) > 40
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
        "article_place_known": state.home is not None,
        "place_is_article_place": state.home is not None and claim.place == state.home.name,
        "source_named_earlier": state.speakers.sources_named > 0,
        "quotes_in_article": bool(state.quotes.quotes),
    }
    names = _names_in_reach(fx.sent)
    found.update(_speaker_shape(claim, state, names, fx.sent.doc))
    found.update(_reporting_subject(claim, fx))
    found.update(_nearest_name(claim, fx, names))
    found.update(_outlet_doubts(claim, state, names))
    found.update(_change_words(claim, fx))
    found.update(_places_so_far(claim, fx))
    found["figure_not_a_count"] = _not_a_count(fx)
    found["document_in_sentence"] = any(t.lower_ in lx.DOCUMENT_NOUNS for t in fx.sent)
    found.update(_named_so_far(claim, fx, state))
    found.update(_claims_so_far(claim, fx, state))
    found.update(_figure_traits(claim, fx, state))
    return {k: v for k, v in found.items() if v}


_ARTICLE_SPEAKERS_BANDS = ((1, "0-1"), (3, "2-3"), (6, "4-6"), (10**9, "7+"))


def article_features(claims: list[Claim]) -> dict[str, bool]:
    """Traits of all the claims of an article, known once it is read through: how
    many distinct speakers they have, and whether most are in the article's own voice."""
    speakers = {c.speaker for c in claims if c.speaker}
    outlet = sum(c.cues.get("speaker") == SpeakerCue.OUTLET.value for c in claims)
    found = {
        f"article_speakers:{_band(len(speakers), _ARTICLE_SPEAKERS_BANDS)}": True,
        "article_mostly_own_voice": 2 * outlet > len(claims),
    }
    return {k: v for k, v in found.items() if v}


def _band(n: int, bands: tuple[tuple[int, str], ...]) -> str:
    """The name of the first band whose upper bound holds ``n`` (the last one else)."""
    return next((name for top, name in bands if n <= top), bands[-1][1])


_SOURCES_BANDS = ((0, "none"), (2, "1-2"), (5, "3-5"), (10**9, "6+"))
_PLACES_BANDS = ((1, "0-1"), (3, "2-3"), (6, "4-6"), (10**9, "7+"))
_CLAIM_PLACES_BANDS = ((1, "0-1"), (2, "2"), (4, "3-4"), (10**9, "5+"))
_CLAIM_YEARS_BANDS = ((1, "0-1"), (3, "2-3"), (10**9, "4+"))
_CLAIMS_KEY = "confidence_claims"


def _most_named(labels: tuple[str, ...], fx: FigureContext) -> str | None:
    """The name with these entity labels written most often before the figure."""
    start = fx.fig.start
    counts = Counter(
        e.text for e in fx.sent.doc.ents if e.label_ in labels and e.start_char < start
    )
    return counts.most_common(1)[0][0] if counts else None


def _named_so_far(claim: Claim, fx: FigureContext, state: ArticleState) -> dict:
    """How many people and organisations the article has named so far, and how many
    places; whether the claim's place and speaker are the ones named most often."""
    speakers = state.speakers
    sources = len(set(speakers.people) | {name for _, name in speakers.orgs})
    start = fx.fig.start
    places = {
        e.text for e in fx.sent.doc.ents if e.label_ in _PLACE_LABELS and e.start_char < start
    }
    top_place = _most_named(_PLACE_LABELS, fx) or ""
    top_name = _most_named(_NAME_LABELS, fx) or ""
    place, speaker = claim.place or "", claim.speaker or ""
    return {
        f"sources_so_far:{_band(sources, _SOURCES_BANDS)}": True,
        f"places_named:{_band(len(places), _PLACES_BANDS)}": True,
        "place_most_named": bool(place and top_place)
        and (top_place in place or place in top_place),
        "speaker_most_named": bool(speaker and top_name)
        and speaker != speakers.outlet()
        and (top_name in speaker or speaker in top_name),
    }


def _claims_so_far(claim: Claim, fx: FigureContext, state: ArticleState) -> dict:
    """How many distinct places and years the article's claims have had so far, this
    one included: an article that moves between places and times is one where a
    place or a year carried from context is more often wrong."""
    data = fx.sent.doc.user_data
    tally = data.get(_CLAIMS_KEY)
    if tally is None or tally[0] is not state:  # a new extraction of this document
        tally = data[_CLAIMS_KEY] = (state, set(), set())
    places: set[str] = tally[1]
    years: set[int] = tally[2]
    if claim.place:
        places.add(claim.place)
    if claim.year_start is not None:
        years.add(claim.year_start)
    return {
        f"claim_places:{_band(len(places), _CLAIM_PLACES_BANDS)}": True,
        f"claim_years:{_band(len(years), _CLAIM_YEARS_BANDS)}": True,
    }


_MONEY_UNITS = set(lx.CURRENCIES.values()) | set(lx.CURRENCY_WORDS.values())
_PERCENT_UNITS = {"percent", "share", "percentage points"}


def _figure_traits(claim: Claim, fx: FigureContext, state: ArticleState) -> dict:
    """What the figure counts (a share, money, something else, nothing named), whether
    its year is the year of publication, and whether it opens its sentence."""
    unit = claim.unit or ""
    kind = (
        "percent"
        if unit in _PERCENT_UNITS
        else "money"
        if unit in _MONEY_UNITS
        else "other"
        if unit
        else "none"
    )
    sent = fx.sent
    published = state.published
    return {
        f"unit_kind:{kind}": True,
        "years_are_publication_year": published is not None and claim.year_start == published.year,
        "figure_early_in_sentence": (fx.tok.i - sent.start) < 0.25 * len(sent),
    }


def _names_in_reach(sent: Span) -> list[Span]:
    """The people and organisations named in the sentence and the one before."""
    doc = sent.doc
    previous = list(doc[sent.start - 1].sent.ents) if sent.start > 0 else []
    return [e for e in previous + list(sent.ents) if e.label_ in _NAME_LABELS]


def _same_name(a: str, b: str) -> bool:
    """Whether one name holds the other's last word ("Clarke", "Tom Clarke")."""
    return a.split()[-1].lower() in b.lower() or b.split()[-1].lower() in a.lower()


def _titled_surnames(doc: Doc) -> set[str]:
    """The surnames the article writes after a title ("Mr. Clarke"), read once."""
    cached = doc.user_data.get(_TITLED_KEY)
    if cached is None:
        cached = doc.user_data[_TITLED_KEY] = set(_TITLED.findall(text_of(doc)))
    return cached


def _speaker_shape(claim: Claim, state: ArticleState, names: list[Span], doc: Doc) -> dict:
    """What kind of name the speaker is: a common noun ("authors", "website"), one
    capitalised word, a person introduced in the article, else an organisation; and
    whether the article calls that person by a title ("Mr. Clarke"), the form readers
    (and annotators) quote."""
    speaker = claim.speaker
    if not speaker or speaker == state.speakers.outlet():
        return {}
    person = any(speaker in p for p in state.speakers.people) or any(
        e.label_ == "PERSON" and e.text == speaker for e in names
    )
    words = speaker.split()
    shape = (
        "common_noun"
        if speaker[0].islower()
        else "person"
        if person
        else "one_word"
        if len(words) == 1
        else "organisation"
    )
    titled = len(words) > 1 and speaker[0].isupper() and words[-1] in _titled_surnames(doc)
    return {f"speaker_shape:{shape}": True, "speaker_called_by_title": titled}


def _reporting_subject(claim: Claim, fx: FigureContext) -> dict:
    """A second opinion on the speaker: the subject of the reporting verb nearest the
    figure, and whether it is the chosen speaker."""
    subjects = [
        t
        for t in fx.sent
        if t.dep_ in ("nsubj", "nsubjpass") and t.head.lemma_.lower() in _REPORTING
    ]
    if not subjects:
        return {"reporting_subject:none": True}
    subject = min(subjects, key=lambda t: abs(t.i - fx.tok.i))
    if subject.pos_ == "PRON":
        return {"reporting_subject:pronoun": True}
    text = next((e.text for e in fx.sent.ents if e.start <= subject.i < e.end), subject.text)
    agrees = bool(claim.speaker) and _same_name(text, claim.speaker or "")
    return {"reporting_subject:agrees": agrees, "reporting_subject:differs": not agrees}


def _nearest_name(claim: Claim, fx: FigureContext, names: list[Span]) -> dict:
    """How many people and organisations are within reach, and whether the speaker is
    the one named nearest the figure in its sentence."""
    in_sentence = [e for e in names if e.start >= fx.sent.start]
    nearest = min(
        in_sentence, key=lambda e: min(abs(e.start - fx.tok.i), abs(e.end - fx.tok.i)), default=None
    )
    speaker = claim.speaker or ""
    distinct = len({e.text for e in names})
    return {
        "names_in_reach:none": distinct == 0,
        "names_in_reach:several": distinct > 2,
        "speaker_is_nearest_name": bool(speaker)
        and nearest is not None
        and (nearest.text in speaker or speaker in nearest.text),
    }


def _outlet_doubts(claim: Claim, state: ArticleState, names: list[Span]) -> dict:
    """The article's own voice, where someone else may be speaking: a source that went
    on governing, a report named before, a person or organisation within reach."""
    if claim.cues.get("speaker") != SpeakerCue.OUTLET.value:
        return {}
    return {
        "outlet_while_a_source_governs": state.speakers.governing is not None,
        "outlet_after_a_document": bool(state.speakers.last_document or state.speakers.last_poll),
        "outlet_with_names_in_reach": bool(names),
    }


def _change_words(claim: Claim, fx: FigureContext) -> dict:
    """A second opinion on the direction: the sentence's words of change (rise, cut,
    lost …), near the figure or not, one way or both."""
    words = [(t.i, t.lower_, t.lemma_.lower()) for t in fx.sent]
    changes = [i for i, w, lemma in words if w in _CHANGE_WORDS or lemma in _CHANGE_WORDS]
    near = any(abs(i - fx.tok.i) <= _NEAR for i in changes)
    up = any(w in _UP_WORDS or lemma in _UP_WORDS for _, w, lemma in words)
    down = any(w in _DOWN_WORDS or lemma in _DOWN_WORDS for _, w, lemma in words)
    moving = claim.direction is not None and claim.direction != "stable"
    return {
        "direction_none_with_change_word": claim.direction is None and bool(changes),
        "direction_none_change_word_near": claim.direction is None and near,
        "change_words_both_ways": up and down,
        "direction_set_change_word_far": moving and not near,
    }


def _places_so_far(claim: Claim, fx: FigureContext) -> dict:
    """A place carried from context in an article that has named many places, or one
    that is not the place named last."""
    start = fx.fig.start
    before = [
        e.text for e in fx.sent.doc.ents if e.label_ in _PLACE_LABELS and e.start_char < start
    ]
    cue = claim.cues.get("place")
    carried = cue in (PlaceCue.CONTEXT.value, PlaceCue.FOCUS.value)
    many = len(set(before)) > _MANY_PLACES
    last = before[-1] if before else None
    place = claim.place
    return {
        "article_places:many": many,
        "place_carried_among_many": many and (carried or cue == PlaceCue.SHARED.value),
        "place_carried_not_last_named": carried
        and place is not None
        and last is not None
        and last not in place
        and place not in last,
    }


def _not_a_count(fx: FigureContext) -> bool:
    """A figure that may read as something else than a count or amount: a score ("5-4",
    "3 to 1"). (Years used as modifiers, dates like "9/11" and ages are no claims at all:
    :func:`extract.figures.not_claim_reason`.)"""
    after = text_of(fx.sent.doc)[fx.fig.end : fx.fig.end + 20]
    return bool(_A_SCORE.fullmatch(fx.fig.text.strip()) or _A_RATIO_AFTER.match(after))


@dataclass(frozen=True)
class Part:
    """One field's logistic regression: P(that field is right)."""

    bias: float
    weights: dict[str, float] = field(default_factory=dict)

    def probability(self, found: dict[str, bool]) -> float:
        score = self.bias + sum(self.weights.get(n, 0.0) for n, present in found.items() if present)
        return _sigmoid(score)


@dataclass(frozen=True)
class Model:
    """The confidence model: one :class:`Part` per field, multiplied, and the product
    recalibrated (``sigmoid(scale * logit(product) + shift)``) so that the confidence
    reads as the share of claims with every field right."""

    parts: dict[str, Part]
    scale: float = 1.0
    shift: float = 0.0

    def confidence(self, found: dict[str, bool]) -> float:
        product = math.prod(part.probability(found) for part in self.parts.values())
        return _sigmoid(self.scale * logit(product) + self.shift)

    def to_json(self) -> dict:
        return {
            "parts": {
                name: {"bias": part.bias, "weights": dict(sorted(part.weights.items()))}
                for name, part in self.parts.items()
            },
            "calibration": {"scale": self.scale, "shift": self.shift},
        }

    @classmethod
    def from_json(cls, data: dict) -> Model:
        parts = {
            name: Part(float(p["bias"]), {k: float(v) for k, v in p["weights"].items()})
            for name, p in data["parts"].items()
        }
        calibration = data.get("calibration", {})
        return cls(
            parts, float(calibration.get("scale", 1.0)), float(calibration.get("shift", 0.0))
        )


PRIOR_MODEL = Model({"claim": Part(PRIOR_BIAS, PRIOR_WEIGHTS)})


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def logit(p: float) -> float:
    """The log-odds of ``p``, kept finite (``p`` clipped to 0.001 … 0.999)."""
    p = min(max(p, 0.001), 0.999)
    return math.log(p / (1 - p))


@lru_cache(maxsize=1)
def model() -> Model:
    """The model in use: the fitted one shipped beside this module, else the priors."""
    try:
        data = json.loads(resources.files(__package__).joinpath(WEIGHTS_FILE).read_text())
        return Model.from_json(data)
    except (FileNotFoundError, OSError, ValueError, KeyError):
        return PRIOR_MODEL


def confidence_of(found: dict[str, bool], fitted: Model | None = None) -> float:
    """The confidence, 0 to 1 (two decimals), of a claim with the features ``found``,
    under the shipped model or ``fitted``."""
    return round((fitted or model()).confidence(found), 2)
