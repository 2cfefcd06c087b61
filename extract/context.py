"""The context records the field resolvers read.

- :class:`ArticleState`: what earlier sentences leave for later ones (the place and
  time in focus, the people and sources named, the claim before).
- :class:`SentenceContext`: one sentence, read once: its figures, time expressions,
  places, sources and whether it reads as reported speech.
- :class:`FigureContext`: one figure in its sentence: its token in the parse, its
  brackets, the claim before it in the same sentence.

Built by :mod:`extract.extractor`, one sentence at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from spacy.tokens import Span, Token

from .cues import SpeakerCue
from .figures import Figure
from .grammar import number_token
from .model import Claim
from .periods import Period
from .places import Gazetteer, Mention, Place
from .quotes import Quotations
from .speakers import Attribution, SpeakerState


@dataclass
class Found:
    """A claim made earlier in the article, with what later figures may share."""

    fig: Figure
    claim: Claim
    paren: tuple[int, int] | None
    place: Place | None
    sentence_start: int


@dataclass
class ArticleState:
    published: date | None
    gaz: Gazetteer
    speakers: SpeakerState
    quotes: Quotations
    hearsay: bool = False
    home: Place | None = None  # the country the article is about
    focus: Place | None = None  # the country in focus now
    last_place: Place | None = None  # the place of the last claim that had one
    region: Place | None = None  # the last region of the world named ("the region")
    last_period: Period | None = None  # the time of the sentences before, this paragraph
    previous: Found | None = None
    previous_flow: str | None = None  # a movement named in the sentence before
    flow_sentence: int = -1


@dataclass
class SentenceContext:
    sent: Span
    index: int  # the sentence's position in the article
    figures: list[Figure]
    periods: list[Period]
    mentions: list[Mention]
    attributions: list[Attribution]
    continuing: Attribution | None  # a source from before that governs this sentence
    starts_paragraph: bool
    continuing_cue: SpeakerCue = SpeakerCue.CONTINUED  # how ``continuing`` goes on

    @property
    def figure_tokens(self) -> list:
        """The token each figure of the sentence hangs on, read once."""
        cached = self.__dict__.get("_figure_tokens")
        if cached is None:
            doc = self.sent.doc
            spans = (doc.char_span(f.start, f.end, alignment_mode="expand") for f in self.figures)
            cached = self.__dict__["_figure_tokens"] = [
                number_token(span) for span in spans if span is not None and len(span)
            ]
        return cached

    @property
    def period_starts(self) -> list[int]:
        """Where the sentence's time expressions start (for a bisect)."""
        cached = self.__dict__.get("_period_starts")
        if cached is None:
            cached = self.__dict__["_period_starts"] = [p.start for p in self.periods]
        return cached


@dataclass
class FigureContext:
    fig: Figure
    span: Span
    tok: Token
    tokens: set[int]
    paren: tuple[int, int] | None
    sentence: SentenceContext
    before: Found | None = None  # the claim before it in the same sentence
    attached: Found | None = None  # that claim, when this figure is in brackets after it
    period: str | None = None  # the time expression its years were read from

    @property
    def sent(self) -> Span:
        return self.sentence.sent

    @property
    def shared(self) -> Found | None:
        """The claim whose clause this figure shares, if any."""
        return self.attached or self.before
