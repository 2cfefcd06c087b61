"""Score predicted claims against gold claims, exactly as ``../shared/gold/GOLD.md`` says.

The scorer works on plain dicts (rows of the ``claims_flat`` view) and never touches
spaCy or the database, so it can score any extractor's output.

- :func:`load_gold` reads ``*.jsonl`` gold records and ``*-no-claims.txt`` article lists.
- :func:`match_article` pairs the predictions of one article with its gold claims.
- :func:`field_agrees` says whether one field of a matched pair agrees.
- :func:`score` does both for every gold article and returns a :class:`Report`.

A prediction dict carries (any may be ``None``): ``article`` (path relative to the
corpus root), ``source``, ``figure``, ``char_start``, ``value``, ``value_low``,
``value_high``, ``unit``, ``year_start``, ``year_end``, ``place``, ``speaker``,
``direction``, ``flow``.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from .jsonlines import read_lines

FIELDS = ("value", "years", "place", "speaker", "direction", "flow")

REL_TOLERANCE = 0.005
"""Values agree within 0.5 % of the gold value."""

QUALIFIERS = ("about", "almost", "around", "over", "only", "some", "nearly", "more than", "up to")

_QUALIFIER_RE = re.compile(
    r"^(?:" + "|".join(q.replace(" ", r"\s+") for q in QUALIFIERS) + r")(?!\w)\s*"
)
_LEADING_THE_RE = re.compile(r"^the\s+")
_DASHES = "-‐‑‒–—―/"

_GOLD_KEYS = {"article", "figure", "value", "low", "high", "optional", *FIELDS}


# --------------------------------------------------------------------------- gold


@dataclass(frozen=True)
class GoldClaim:
    """One gold record. ``scored`` names the :data:`FIELDS` the record scores: a key
    present with ``null``/``[]`` is scored (it must be matched by an empty field); an
    absent key is not. ``value`` is scored when the record has a value or bounds."""

    article: str
    figure: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    years: tuple[int, int] | None = None
    place: tuple[str, ...] | None = None
    speaker: tuple[str, ...] | None = None
    direction: str | None = None
    flow: str | None = None
    optional: bool = False
    scored: frozenset[str] = frozenset()
    line: str = ""

    @property
    def required(self) -> bool:
        return not self.optional


@dataclass
class Gold:
    """Gold claims in file order, and every article named by a gold file (including
    the articles of ``*-no-claims.txt`` files, which have no claims)."""

    claims: list[GoldClaim] = field(default_factory=list)
    articles: set[str] = field(default_factory=set)

    def by_article(self) -> dict[str, list[GoldClaim]]:
        grouped: dict[str, list[GoldClaim]] = {a: [] for a in self.articles}
        for claim in self.claims:
            grouped.setdefault(claim.article, []).append(claim)
        return grouped


def _number(record: dict, key: str, where: str) -> float | None:
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{where}: {key!r} must be a number or null, not {value!r}")
    return float(value)


def _names(record: dict, key: str, where: str) -> tuple[str, ...] | None:
    value = record.get(key)
    if value is None:
        # ``null`` is read like ``[]``: nothing named, so the prediction must be empty.
        return None if key not in record else ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{where}: {key!r} must be a list of names, not {value!r}")
    return tuple(value)


def _years(record: dict, where: str) -> tuple[int, int] | None:
    value = record.get("years")
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return (value, value)
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        and value[0] <= value[1]
    ):
        return (value[0], value[1])
    raise ValueError(f"{where}: 'years' must be [first, last] or null, not {value!r}")


def _label(record: dict, key: str, where: str) -> str | None:
    value = record.get(key)
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{where}: {key!r} must be a string or null, not {value!r}")
    return value


def gold_claim(record: dict, line: str = "") -> GoldClaim:
    """A :class:`GoldClaim` from one parsed gold record; ``ValueError`` (naming
    ``line``) when the record is malformed."""
    where = line or "gold record"
    if not isinstance(record, dict):
        raise ValueError(f"{where}: a gold record must be a JSON object")
    for key in ("article", "figure"):
        if not isinstance(record.get(key), str) or not record[key].strip():
            raise ValueError(f"{where}: {key!r} is required and must be a non-empty string")
    value = _number(record, "value", where)
    low = _number(record, "low", where)
    high = _number(record, "high", where)
    scored = {f for f in FIELDS[1:] if f in record}
    if value is not None or low is not None or high is not None:
        scored.add("value")
    optional = record.get("optional", False)
    if not isinstance(optional, bool):
        raise ValueError(f"{where}: 'optional' must be true or false")
    return GoldClaim(
        article=record["article"].strip(),
        figure=record["figure"],
        value=value,
        low=low,
        high=high,
        years=_years(record, where),
        place=_names(record, "place", where),
        speaker=_names(record, "speaker", where),
        direction=_label(record, "direction", where),
        flow=_label(record, "flow", where),
        optional=optional,
        scored=frozenset(scored),
        line=line,
    )


def load_gold(paths: Iterable[str | Path]) -> Gold:
    """Read gold files: ``*.jsonl`` holds one claim a line; ``*.txt`` (the
    ``*-no-claims.txt`` files) names one article a line, blank lines ignored.
    Malformed input raises ``ValueError`` naming the file and line."""
    gold = Gold()
    for path in map(Path, paths):
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".jsonl":
            for where, _, record, err in read_lines(text.splitlines(), path):
                if isinstance(err, json.JSONDecodeError):
                    raise ValueError(f"{where}: not valid JSON ({err.msg})") from err
                claim = gold_claim(record, where)
                gold.claims.append(claim)
                gold.articles.add(claim.article)
        elif path.suffix == ".txt":
            gold.articles.update(line.strip() for line in text.splitlines() if line.strip())
        else:
            raise ValueError(f"{path}: a gold file is *.jsonl or *-no-claims.txt")
    return gold


# ----------------------------------------------------------------- agreement rules


def _float(value) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _close(predicted: float | None, gold: float) -> bool:
    return predicted is not None and abs(predicted - gold) <= REL_TOLERANCE * abs(gold)


def values_agree(pred: dict, gold: GoldClaim) -> bool:
    """Rule 1: gold ``value`` equals the predicted point value, or gold ``low``/``high``
    equal the predicted bounds, within 0.5 %; a gold share (|x| <= 1) also matches the
    same share written as a percent."""
    point = _float(pred.get("value"))
    low, high = _float(pred.get("value_low")), _float(pred.get("value_high"))
    bounds = ((low, gold.low), (high, gold.high))
    has_bounds = gold.low is not None or gold.high is not None
    value = gold.value
    for factor in (1.0, 100.0):
        as_percent = factor != 1.0  # a gold share (0.25) may be written as a percent (25)
        if (
            value is not None
            and (not as_percent or abs(value) <= 1)
            and _close(point, value * factor)
        ):
            return True
        bounds_fit = has_bounds and (
            not as_percent or all(g is None or abs(g) <= 1 for _, g in bounds)
        )
        if bounds_fit and all(
            (b is None) if g is None else _close(b, g * factor) for b, g in bounds
        ):
            return True
    return False


def _strip_edges(text: str) -> str:
    start, end = 0, len(text)
    while start < end and _is_edge(text[start]):
        start += 1
    while end > start and _is_edge(text[end - 1]):
        end -= 1
    return text[start:end]


def _is_edge(char: str) -> bool:
    return char.isspace() or unicodedata.category(char).startswith("P")


def normalize_figure(figure: str | None) -> str:
    """A figure casefolded, without surrounding whitespace or punctuation and without
    leading qualifiers (``about``, ``more than``, ...)."""
    text = " ".join((figure or "").casefold().split())
    while True:
        stripped = _QUALIFIER_RE.sub("", _strip_edges(text), count=1)
        if stripped == text:
            return text
        text = stripped


def texts_agree(pred: dict, gold: GoldClaim) -> bool:
    """Rule 2: the figures are equal once casefolded and stripped of qualifiers."""
    text = normalize_figure(pred.get("figure"))
    return bool(text) and text == normalize_figure(gold.figure)


def claims_agree(pred: dict, gold: GoldClaim) -> bool:
    """Whether a prediction may be matched to a gold claim (rule 1, else rule 2)."""
    return values_agree(pred, gold) or texts_agree(pred, gold)


def _same_wording(pred: dict, gold: GoldClaim) -> bool:
    return (pred.get("figure") or "").casefold().strip() == gold.figure.casefold().strip()


def normalize_name(name: str | None) -> str:
    """A name casefolded, without punctuation (dashes and slashes become spaces) and
    without a leading ``the``."""
    text = (name or "").casefold()
    text = "".join(
        " " if c in _DASHES else ("" if unicodedata.category(c)[0] == "P" else c) for c in text
    )
    text = " ".join(text.split())
    return _LEADING_THE_RE.sub("", text)


def names_match(a: str | None, b: str | None) -> bool:
    """Equal once normalised, or one is the other's trailing words."""
    wa, wb = normalize_name(a).split(), normalize_name(b).split()
    if not wa or not wb:
        return False
    shorter, longer = sorted((wa, wb), key=len)
    return longer[len(longer) - len(shorter) :] == shorter


def _empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _predicted_years(pred: dict) -> tuple[int, int] | None:
    start, end = pred.get("year_start"), pred.get("year_end")
    first = start if start is not None else end
    last = end if end is not None else start
    if first is None or last is None:
        return None
    return (int(first), int(last))


def field_agrees(field: str, pred: dict, gold: GoldClaim) -> bool:
    """Whether ``field`` of the prediction agrees with the gold claim (regardless of
    whether the gold claim scores that field)."""
    if field == "value":
        return values_agree(pred, gold)
    if field == "years":
        return _predicted_years(pred) == gold.years
    if field in ("place", "speaker"):
        names = getattr(gold, field) or ()
        predicted = pred.get(field)
        if not names:
            if not normalize_name(predicted):
                return True
            # The article speaking in its own voice may be named as its outlet.
            return field == "speaker" and names_match(predicted, pred.get("source"))
        return any(names_match(predicted, n) for n in names)
    if field in ("direction", "flow"):
        predicted = pred.get(field)
        return (None if _empty(predicted) else predicted) == getattr(gold, field)
    raise ValueError(f"unknown field {field!r}; expected one of {FIELDS}")


def wrong_fields(pred: dict, gold: GoldClaim) -> tuple[str, ...]:
    """The fields the gold claim scores on which the prediction disagrees."""
    return tuple(f for f in FIELDS if f in gold.scored and not field_agrees(f, pred, gold))


# ------------------------------------------------------------------------ matching


@dataclass(frozen=True)
class ArticleMatch:
    """The outcome of matching one article: every gold claim (file order) with its
    prediction or ``None``, and the predictions left unmatched (article order)."""

    pairs: list[tuple[GoldClaim, dict | None]]
    unmatched: list[dict]


def _order_key(pred: dict) -> tuple[bool, float]:
    start = _float(pred.get("char_start"))
    return (start is None, start or 0.0)


def match_article(predictions: list[dict], golds: list[GoldClaim]) -> ArticleMatch:
    """Greedy matching within one article: required gold claims first, then optional
    ones, each in file order, takes the first agreeing prediction still free, those
    with the same wording before the others."""
    preds = sorted(predictions, key=_order_key)
    free = list(range(len(preds)))
    chosen: dict[int, dict | None] = {}
    order = sorted(range(len(golds)), key=lambda i: golds[i].optional)
    for gi in order:
        gold = golds[gi]
        agreeing = [pi for pi in free if claims_agree(preds[pi], gold)]
        pick = next((pi for pi in agreeing if _same_wording(preds[pi], gold)), None)
        if pick is None and agreeing:
            pick = agreeing[0]
        if pick is None:
            chosen[gi] = None
        else:
            chosen[gi] = preds[pick]
            free.remove(pick)
    return ArticleMatch(
        pairs=[(golds[i], chosen[i]) for i in range(len(golds))],
        unmatched=[preds[pi] for pi in free],
    )


# ------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class Row:
    """One line of the report. Precision is ``hits / predicted_denominator``, recall
    ``hits / gold_denominator``; a zero denominator gives 0.0."""

    name: str
    precision: float
    recall: float
    f1: float
    hits: int
    predicted_denominator: int
    gold_denominator: int

    @classmethod
    def of(cls, name: str, hits: int, predicted: int, gold: int) -> Row:
        precision = hits / predicted if predicted else 0.0
        recall = hits / gold if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return cls(name, precision, recall, f1, hits, predicted, gold)

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "hits": self.hits,
            "predicted_denominator": self.predicted_denominator,
            "gold_denominator": self.gold_denominator,
        }


class Miss(NamedTuple):
    """A required gold claim that was not found, or found with wrong fields."""

    gold: GoldClaim
    prediction: dict | None
    wrong_fields: tuple[str, ...]


@dataclass(frozen=True)
class Report:
    """Rows ``detection``, one per field, and ``full claim``; plus the match of every
    gold article, keyed by article."""

    rows: list[Row]
    matches: dict[str, ArticleMatch]

    def row(self, name: str) -> Row:
        for row in self.rows:
            if row.name == name:
                return row
        raise KeyError(name)

    def misses(self) -> Iterator[Miss]:
        """Required gold claims unmatched (``prediction`` None) or matched with wrong
        fields, by article then file order."""
        for article in sorted(self.matches):
            for gold, pred in self.matches[article].pairs:
                if gold.optional:
                    continue
                if pred is None:
                    yield Miss(gold, None, ())
                elif wrong := wrong_fields(pred, gold):
                    yield Miss(gold, pred, wrong)

    def false_positives(self) -> Iterator[dict]:
        """Predictions matched to no gold claim, by article then article order."""
        for article in sorted(self.matches):
            yield from self.matches[article].unmatched

    def as_dict(self) -> dict:
        return {
            "articles": len(self.matches),
            "rows": [row.as_dict() for row in self.rows],
        }

    def render(self) -> str:
        header = ("", "precision", "recall", "F1", "hits", "predicted", "gold")
        lines = [
            (
                row.name,
                f"{row.precision:.3f}",
                f"{row.recall:.3f}",
                f"{row.f1:.3f}",
                str(row.hits),
                str(row.predicted_denominator),
                str(row.gold_denominator),
            )
            for row in self.rows
        ]
        widths = [max(len(r[i]) for r in [header, *lines]) for i in range(len(header))]
        return "\n".join(
            "  ".join(
                cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i])
                for i, cell in enumerate(r)
            ).rstrip()
            for r in [header, *lines]
        )


def score(predictions: Iterable[dict], gold: Gold) -> Report:
    """Match and score predictions against gold, as GOLD.md says. Predictions for
    articles the gold does not name are ignored."""
    by_article: dict[str, list[dict]] = defaultdict(list)
    for pred in predictions:
        if pred.get("article") in gold.articles:
            by_article[pred["article"]].append(pred)
    matches = {
        article: match_article(by_article.get(article, []), golds)
        for article, golds in gold.by_article().items()
    }

    predicted = sum(len(preds) for preds in by_article.values())
    to_optional = 0
    required_pairs: list[tuple[GoldClaim, dict]] = []
    required = [g for g in gold.claims if not g.optional]
    for match in matches.values():
        for g, p in match.pairs:
            if p is None:
                continue
            if g.optional:
                to_optional += 1
            else:
                required_pairs.append((g, p))
    counted = predicted - to_optional

    rows = [Row.of("detection", len(required_pairs), counted, len(required))]
    for f in FIELDS:
        hits = sum(1 for g, p in required_pairs if f in g.scored and field_agrees(f, p, g))
        unscoring = sum(1 for g, _ in required_pairs if f not in g.scored)
        rows.append(Row.of(f, hits, counted - unscoring, sum(1 for g in required if f in g.scored)))
    full = sum(1 for g, p in required_pairs if not wrong_fields(p, g))
    rows.append(Row.of("full claim", full, counted, len(required)))
    return Report(rows=rows, matches=matches)


__all__ = [
    "FIELDS",
    "ArticleMatch",
    "Gold",
    "GoldClaim",
    "Miss",
    "Report",
    "Row",
    "field_agrees",
    "load_gold",
    "match_article",
    "names_match",
    "normalize_figure",
    "normalize_name",
    "score",
]
