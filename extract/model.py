"""The two records the tool passes around: an :class:`Article` read from the corpus
and a :class:`Claim` extracted from it.

Both are frozen dataclasses. A claim keeps the raw text of its figure beside the
normalised value (as price-parser does), so an analyst can always see what the
article actually wrote.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Article:
    """One article of the corpus, reduced to its text and metadata.

    ``path`` is the path relative to the corpus root, with ``/`` separators; it is
    the article's identity in the database. ``text`` is the body (front matter and a
    leading ``date YYYY-MM-DD`` marker removed); claim offsets point into it.
    """

    path: str
    text: str
    title: str | None = None
    source: str | None = None
    published: date | None = None
    url: str | None = None
    content_hash: str = ""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Claim:
    """One numeric claim: a figure with what it counts, when, where, who says so and
    which way it moves."""

    figure: str
    char_start: int
    char_end: int
    sentence: str
    value: float | None = None
    value_low: float | None = None
    value_high: float | None = None
    qualifier: str | None = None
    unit: str | None = None
    subject: str | None = None
    year_start: int | None = None
    year_end: int | None = None
    period: str | None = None
    place: str | None = None
    country_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    speaker: str | None = None
    direction: str | None = None
    flow: str | None = None
    origin: str | None = None
    destination: str | None = None
    confidence: float = 0.5
    article: str = ""
    cues: dict[str, str] = field(default_factory=dict)  # field -> the cue that decided it

    def to_row(self) -> dict:
        """The claim as a flat dict, ready for sqlite-utils."""
        return dataclasses.asdict(self)

    def replace(self, **changes) -> Claim:
        return dataclasses.replace(self, **changes)


DIRECTIONS = ("increase", "decrease", "stable")
FLOWS = ("outbound", "inbound")

__all__ = ["Article", "Claim", "DIRECTIONS", "FLOWS", "field"]
