"""Cues: why a field of a claim holds its value, and why a figure is not a claim.

Every field resolver returns a :class:`Resolved`: the answer and the cue that decided
it, a member of the field's enum below. The claim keeps the cues (``Claim.cues``), so
``claims show --why`` can say why each field holds its value, and the confidence is
computed from them (:mod:`extract.confidence`). The enums' values are the words shown
to users and stored in the database; keep them short and stable.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Generic, NamedTuple, TypeVar


class ValueCue(StrEnum):
    DIGITS = "digits"  # "299.500", "5.2"
    SCALED = "scaled"  # "5.2 million", "$3bn", "25k"
    WORDS = "words"  # "a million", "forty-five"
    FRACTION = "fraction"  # "one third", "two-thirds"
    RANGE = "range"  # "20,000-40,000", "between 7,000 and 8,000"
    RATIO = "ratio"  # "one in five"


class YearsCue(StrEnum):
    ATTACHED = "attached"  # a time expression the parse attaches to the figure's clause
    ADJACENT = "adjacent"  # "299.500 in 1997": right after the figure
    IN_SENTENCE = "in sentence"  # the only, or nearest, time expression of the sentence
    PARENTHESIS = "parenthesis"  # "(2019)" within the figure's own brackets
    SHARED = "shared"  # shares the clause of the figure before it
    CONTEXT = "context"  # the time of an earlier sentence of the paragraph (past tense)
    PUBLISHED = "published"  # present tense in a dated article: the publication year
    NONE = "none"


class PlaceCue(StrEnum):
    NAMED = "named"  # a place named near the figure in its sentence
    NATIONALITY = "nationality"  # "Australian children"
    ANAPHOR = "anaphor"  # "the country", resolved from context
    SHARED = "shared"  # the place of the figure before it in the sentence
    CONTEXT = "context"  # the place of an earlier claim
    FOCUS = "focus"  # the country the article is about
    NONE = "none"


class SpeakerCue(StrEnum):
    QUOTE = "quote"  # inside a quotation attributed to someone
    VERB = "verb"  # "X said", "X told Y", "X estimates"
    ACCORDING_TO = "according to"  # "according to X"
    DOCUMENT = "document"  # "figures from X show", "a poll by X", "X's report"
    HEARSAY = "hearsay"  # "reportedly": the source the article rewrites
    CONTINUED = "continued"  # reported speech going on: "It could reach 14%."
    FINDINGS = "findings"  # a document's findings set out after it: "Unemployment stood at 25%."
    BETWEEN = "between"  # between two sentences that name the same source
    ADDED = "added"  # the sentence after says the source "added"
    SHARED = "shared"  # the speaker of the figure before it in the sentence
    OUTLET = "outlet"  # the article's own voice: its outlet
    NONE = "none"


class DirectionCue(StrEnum):
    CHANGE_WORD = "change word"  # "rose to", "cut 2,850 jobs", "a 5% rise"
    UP_DOWN = "up/down"  # "up 5%", "down from 4.8%", "higher than"
    SIGN = "sign"  # "+0.2%", "-1.3%"
    OLD_LEVEL = "old level"  # "from 4.8% to ...", "down from 780,000": a level left
    STABLE_WORD = "stable word"  # "unchanged", "stayed at", "on hold"
    COMPARED = "compared"  # set against the same measure earlier
    MINIMISER = "minimiser"  # "only 14,800" against a figure before
    NONE = "none"


class FlowCue(StrEnum):
    OUTBOUND_WORD = "outbound word"  # left, emigration, departures
    INBOUND_WORD = "inbound word"  # arrived, immigration, asylum applications
    SHARED = "shared"  # the flow of the figure before it in the sentence
    CONTEXT = "context"  # a movement named in the sentence before
    NONE = "none"


class NotClaim(StrEnum):
    """Why a figure is not a claim (:func:`extract.figures.not_claim_reason`)."""

    IDENTIFIER = "identifier"  # "Section 8", "COVID-19", "posts 542 and 543"
    YEAR = "year"
    DECADE = "decade"
    TIME = "time"
    DATE = "date"
    DURATION = "duration"
    AGE = "age"
    THE_WORD_ONE = "the word one"
    ORDINAL = "ordinal"
    NAME = "name"  # "the 747,"
    LIST_ITEM = "list item"  # "1." opening a numbered line
    SCORE = "score"  # "doubled the lead": a goal scored, not a quantity that doubled


T = TypeVar("T")
C = TypeVar("C", bound=StrEnum)


class Resolved(NamedTuple, Generic[T, C]):  # type: ignore[misc]
    """A field's value and the cue that decided it."""

    value: T
    cue: C


FIELD_CUES: dict[str, type[StrEnum]] = {
    "value": ValueCue,
    "years": YearsCue,
    "place": PlaceCue,
    "speaker": SpeakerCue,
    "direction": DirectionCue,
    "flow": FlowCue,
}


# what each cue means, for ``claims show --why``
EXPLAINED: dict[str, str] = {
    "value:digits": "read from the digits as written",
    "value:scaled": "digits with a scale word or abbreviation (million, bn, m, k)",
    "value:words": "a number written in words",
    "value:fraction": "a fraction written in words",
    "value:range": "a range: one quantity's lower and upper bounds",
    "value:ratio": "a ratio (one in five)",
    "years:attached": "a time expression the parse attaches to the figure's clause",
    "years:adjacent": "the time expression right after the figure",
    "years:in sentence": "the nearest time expression in the sentence",
    "years:parenthesis": "a time expression in the figure's own brackets",
    "years:shared": "the years of the figure whose clause it shares",
    "years:context": "the time of an earlier sentence in the paragraph (past tense)",
    "years:published": "no time stated: the publication year",
    "years:none": "no time stated and no publication date",
    "place:named": "a place named near the figure in its sentence",
    "place:nationality": "a nationality describing what the figure counts",
    "place:anaphor": '"the country" or "the region", resolved from context',
    "place:shared": "the place of the figure whose clause it shares",
    "place:context": "the place of an earlier claim",
    "place:focus": "the country the article is about",
    "place:none": "no place stated or implied",
    "speaker:quote": "inside a quotation attributed to the speaker",
    "speaker:verb": "the subject of a reporting verb whose content holds the figure",
    "speaker:according to": '"according to" in the sentence',
    "speaker:document": "a document or statement and its owner (figures from X, X's plan)",
    "speaker:hearsay": '"reportedly": the source the article rewrites',
    "speaker:continued": "a source named just before, still being reported (could, would)",
    "speaker:findings": "a document named just before, whose findings the sentence sets out",
    "speaker:between": "between two sentences that name the same source",
    "speaker:added": 'the next sentence says this source "added"',
    "speaker:shared": "the speaker of the figure it is in brackets after",
    "speaker:outlet": "no one else named: the article's own voice (its outlet)",
    "speaker:none": "no one named and no outlet known",
    "direction:change word": "a rise or fall word governs the figure (rose, cut, a 5% rise)",
    "direction:up/down": '"up 5%", "down from", "5% higher"',
    "direction:sign": "a plus or minus sign",
    "direction:old level": "a level left behind (from X, down from X): no change of its own",
    "direction:stable word": '"unchanged", "held at", "stayed at"',
    "direction:compared": "set against another level of the same measure (from X to Y, "
    "compared with X a year earlier, the same measure in an earlier year)",
    "direction:minimiser": '"only N" set against a figure before or a fall',
    "direction:none": "no rise or fall cue",
    "flow:outbound word": "a word of leaving (left, emigration, departures)",
    "flow:inbound word": "a word of arriving (arrived, immigration, asylum)",
    "flow:shared": "the flow of the figure whose clause it shares",
    "flow:context": "a movement named in the sentence before",
    "flow:none": "not a movement of people",
}


def explain(field: str, cue: str | None) -> str:
    """A sentence on what ``cue`` means for ``field``."""
    if not cue:
        return ""
    return EXPLAINED.get(f"{field}:{cue}", cue)
