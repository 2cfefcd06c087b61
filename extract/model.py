"""The two records the tool passes around: an :class:`Article` read from the corpus
and a :class:`Claim` extracted from it.

Both are frozen dataclasses. A claim keeps the raw text of its figure beside the
normalised value (as price-parser does), so an analyst can always see what the
article actually wrote.

The claim's fields are declared here once, each with its type and description: the
columns of the ``claims`` table and the ``claims_flat`` view (:data:`CLAIMS_TABLE`,
:data:`CLAIMS_FLAT`), their descriptions in datasette-metadata.json and the ``claims
show`` table (:data:`SHOWN`) follow from them, or are checked against them by tests
(``tests/test_model.py``).
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass, field
from datetime import date
from types import NoneType
from typing import Any


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


def _column(
    description: str, shown: str | None = None, *, later: bool = False, **default: Any
) -> Any:
    """A :class:`Claim` field that is a column of the ``claims`` table and of the
    ``claims_flat`` view: ``description`` is the column's description (the one in
    datasette-metadata.json), ``shown`` its heading in the ``claims show`` table (None:
    not shown); ``later``: added by a later migration, so it comes after
    ``claim_group`` in the table. ``default=...`` or ``default_factory=...`` gives the
    field a default."""
    return field(metadata={"description": description, "shown": shown, "later": later}, **default)


@dataclass(frozen=True)
class Claim:
    """One numeric claim: a figure with what it counts, when, where, who says so and
    which way it moves.

    Every field but ``article`` is a column of the ``claims`` table, in this order, with
    the SQL type of its Python type (:data:`CLAIM_FIELDS`); a field that may be None is a
    column that may be NULL."""

    figure: str = _column(
        'The figure exactly as written in the article, e.g. "299.500" or "$3bn"', "figure"
    )
    char_start: int = _column("Offset of the figure's first character in the article text")
    char_end: int = _column("Offset just after the figure's last character in the article text")
    sentence: str = _column("The sentence that makes the claim")
    value: float | None = _column(
        "The figure as a number (NULL for a range)", "value", default=None
    )
    value_low: float | None = _column(
        'Lower end of a range ("20000-40000"), else NULL', default=None
    )
    value_high: float | None = _column("Upper end of a range, else NULL", default=None)
    qualifier: str | None = _column(
        "Hedge kept apart from the value: almost, over, around, only, ...", default=None
    )
    unit: str | None = _column(
        "What is counted, e.g. people, dollars, percent", "unit", default=None
    )
    subject: str | None = _column('What the figure is about, e.g. "left the country"', default=None)
    year_start: int | None = _column("First year the claim is about", "years", default=None)
    year_end: int | None = _column(
        "Last year the claim is about (equal to year_start for a single year)", default=None
    )
    period: str | None = _column(
        'The period as written or inferred, e.g. "1996-2000", "the 2010s", "last year"',
        default=None,
    )
    place: str | None = _column(
        "Place the claim is about, resolved from an offline gazetteer", "place", default=None
    )
    country_code: str | None = _column(
        "ISO 3166-1 alpha-2 code of the place's country", default=None
    )
    latitude: float | None = _column("Latitude of the place", default=None)
    longitude: float | None = _column("Longitude of the place", default=None)
    speaker: str | None = _column(
        "Who asserts the figure (full name), or the outlet when the article speaks itself",
        "speaker",
        default=None,
    )
    direction: str | None = _column(
        "increase, decrease, stable, or NULL when no rise/fall cue", "direction", default=None
    )
    flow: str | None = _column(
        "outbound (leaving), inbound (arriving), or NULL", "flow", default=None
    )
    origin: str | None = _column("Where a flow comes from, when stated", default=None)
    destination: str | None = _column("Where a flow goes to, when stated", default=None)
    confidence: float = _column("How sure the extractor is, 0 to 1", "conf.", default=0.5)
    article: str = ""
    cues: dict[str, str] = _column(
        "Why each field holds its value: the cue its resolver reported, as JSON "
        '(e.g. {"speaker": "verb", "years": "attached"})',
        later=True,
        default_factory=dict,
    )

    def to_row(self) -> dict:
        """The claim as a flat dict, ready for sqlite-utils."""
        return dataclasses.asdict(self)

    def replace(self, **changes) -> Claim:
        return dataclasses.replace(self, **changes)


# ------------------------------------------------------------------ columns


@dataclass(frozen=True)
class Column:
    """A column of the ``claims`` table or the ``claims_flat`` view."""

    name: str
    sql_type: str  # as SQLite reports it: TEXT, INTEGER, REAL
    nullable: bool
    description: str  # as in datasette-metadata.json
    shown: str | None = None  # heading in the ``claims show`` table; None: not shown
    later: bool = False  # added by a later migration: after claim_group in the table


_SQL_TYPES = {str: "TEXT", int: "INTEGER", float: "REAL", dict: "TEXT"}  # dict: JSON text


def _claim_column(f: dataclasses.Field, hints: dict[str, Any]) -> Column:
    hint = hints[f.name]  # e.g. float | None
    args = typing.get_args(hint) if typing.get_origin(hint) is not dict else ()
    (kind,) = [t for t in args or (typing.get_origin(hint) or hint,) if t is not NoneType]
    later = bool(f.metadata.get("later"))
    return Column(
        name=f.name,
        sql_type=_SQL_TYPES[kind],
        nullable=NoneType in args or later,
        description=f.metadata.get("description", ""),
        shown=f.metadata.get("shown"),
        later=later,
    )


CLAIM_FIELDS: tuple[Column, ...] = tuple(
    _claim_column(f, typing.get_type_hints(Claim))
    for f in dataclasses.fields(Claim)
    if f.name != "article"
)
"""The fields of :class:`Claim` stored as columns, in order."""

CLAIM_ID = Column("id", "INTEGER", False, "Claim id (changes when its article is re-extracted)")
ARTICLE_ID = Column("article_id", "INTEGER", False, "The article the claim was found in")
CLAIM_GROUP = Column(
    "claim_group",
    "INTEGER",
    True,
    "Claims with the same value, years, place and speaker in different articles share this "
    "id (the group's smallest claim id): count DISTINCT claim_group to count each claim once",
)
STATUS = Column(
    "status",
    "TEXT",
    False,
    "Review status: extracted (not reviewed), confirmed or corrected by an analyst, or "
    "rejected (not a claim; hidden from the default pages, ?status=rejected shows them)",
)
EXTRACTED = Column(
    "extracted",
    "TEXT",
    True,
    "The extractor's own values of the fields an analyst corrected (JSON); "
    "NULL when nothing was corrected",
)
REVIEW = Column(
    "review",
    "TEXT",
    True,
    "The analyst's review applied to the claim (JSON: the record of corrections.jsonl, "
    "with who and when)",
)
REVIEW_COLUMNS: tuple[Column, ...] = (STATUS, EXTRACTED, REVIEW)
"""What an analyst's review (extract/corrections.py, migration m007) adds to a claim."""

ARTICLE_COLUMNS: tuple[Column, ...] = (
    Column("article", "TEXT", False, "Path of the article file, relative to the corpus root"),
    Column("source", "TEXT", True, "The article's outlet"),
    Column("published", "TEXT", True, "Publication date of the article (ISO)"),
    Column("title", "TEXT", True, "The article's title"),
)
"""What ``claims_flat`` shows of each claim's article. They are stored on each claim
(migration m006, after ``claim_group``, so nullable there) and kept in step with
``articles``: the view needs no join."""

CLAIMS_TABLE: tuple[Column, ...] = (
    CLAIM_ID,
    ARTICLE_ID,
    *(c for c in CLAIM_FIELDS if not c.later),
    CLAIM_GROUP,
    *(dataclasses.replace(c, nullable=True) for c in ARTICLE_COLUMNS),
    *(c for c in CLAIM_FIELDS if c.later),
    *REVIEW_COLUMNS,
)
"""The columns of the ``claims`` table, in order."""

CLAIMS_FLAT: tuple[Column, ...] = (
    CLAIM_ID,
    *ARTICLE_COLUMNS,
    *CLAIM_FIELDS,
    CLAIM_GROUP,
    ARTICLE_ID,
    STATUS,
    EXTRACTED,
)
"""The columns of the ``claims_flat`` view. The view orders them for reading (its SQL
is ``store.CLAIMS_FLAT_SQL``): the article's columns first, then the sentence and the
figure, the review columns last."""

SHOWN: tuple[Column, ...] = tuple(c for c in CLAIM_FIELDS if c.shown)
"""The columns of the ``claims show`` table, in order."""


DIRECTIONS = ("increase", "decrease", "stable")
FLOWS = ("outbound", "inbound")

__all__ = [
    "Article",
    "Claim",
    "Column",
    "CLAIM_FIELDS",
    "CLAIMS_TABLE",
    "CLAIMS_FLAT",
    "SHOWN",
    "DIRECTIONS",
    "FLOWS",
    "field",
]
