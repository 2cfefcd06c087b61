"""What the command line prints, as text or JSON: the claims of one article (``claims
show``) and the evaluation's misses and false positives (``claims eval --misses``)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from extract.cues import FIELD_CUES, explain
from extract.evaluate import GoldClaim, Miss, Report
from extract.model import SHOWN, Article, Claim
from extract.pages import value_text, years_text

# ------------------------------------------------------------------ claims show


def article_json(article: Article, claims: list[Claim]) -> dict:
    """An article's metadata and its claims, for ``claims show --json``."""
    published = article.published.isoformat() if article.published else None
    return {
        "article": {
            "path": article.path,
            "title": article.title,
            "source": article.source,
            "published": published,
            "url": article.url,
        },
        "claims": [claim.to_row() for claim in claims],
    }


def claims_table(article: Article, claims: list[Claim], name: str) -> Table:
    """The claims of ``article`` (read from the file ``name``) as a terminal table."""
    heading = " | ".join(
        str(x) for x in (article.title or name, article.source, article.published) if x
    )
    table = Table(title=Text(f"{heading}: {len(claims)} claim(s)"), title_justify="left")
    for column in SHOWN:
        table.add_column(
            column.shown or column.name,
            justify="left" if column.sql_type == "TEXT" else "right",  # numbers to the right
            overflow="fold",
        )
    for claim in claims:
        table.add_row(*(Text(cell) for cell in claim_cells(claim)))
    return table


def _value_cell(claim: Claim) -> str:
    return value_text(claim.value, claim.value_low, claim.value_high)


def _years_cell(claim: Claim) -> str:
    return years_text(claim.year_start, claim.year_end)


_CELLS = {  # the shown columns that are not simply the field's value
    "value": _value_cell,  # a value or a range
    "year_start": _years_cell,  # a year or a span
    "confidence": lambda claim: f"{claim.confidence:.2f}",
}


def claim_cells(claim: Claim) -> list[str]:
    """One row of :func:`claims_table`: a cell per column of :data:`~extract.model.SHOWN`."""
    cells = []
    for column in SHOWN:
        if column.name in _CELLS:
            cells.append(_CELLS[column.name](claim))
        else:
            value = getattr(claim, column.name)
            cells.append("" if value is None else str(value))
    return cells


_WHY_VALUES = {  # how each field is shown beside its cue
    "value": _value_cell,
    "years": _years_cell,
    "place": lambda c: c.place or "",
    "speaker": lambda c: c.speaker or "",
    "direction": lambda c: c.direction or "",
    "flow": lambda c: c.flow or "",
}


def why_report(claims: list[Claim], not_claims: Sequence[tuple[str, int, str]] = ()) -> Group:
    """``claims show --why``: each claim's fields with the cue that decided each, then
    the figures that are not claims with the reason (``(figure, offset, reason)``)."""
    parts: list[RenderableType] = []
    for n, claim in enumerate(claims, start=1):
        table = Table(
            title=Text(
                f"{n}. {claim.figure!r} at {claim.char_start}, confidence {claim.confidence:.2f}"
            ),
            title_justify="left",
            show_header=False,
            box=None,
            padding=(0, 2, 0, 2),
        )
        table.add_column("field")
        table.add_column("value", overflow="fold")
        table.add_column("cue")
        table.add_column("why", overflow="fold", style="dim")
        for field in FIELD_CUES:
            cue = claim.cues.get(field, "")
            table.add_row(field, _WHY_VALUES[field](claim), cue, explain(field, cue))
        parts.append(table)
    if not_claims:
        parts.append(Text("Figures that are not claims:"))
        skipped = Table()
        skipped.add_column("figure")
        skipped.add_column("at", justify="right")
        skipped.add_column("reason")
        for figure, start, reason in not_claims:
            skipped.add_row(figure, str(start), reason)
        parts.append(skipped)
    return Group(*parts)


# ------------------------------------------------------------------ claims eval

PREDICTION_KEYS = (
    "article",
    "figure",
    "char_start",
    "value",
    "value_low",
    "value_high",
    "unit",
    "year_start",
    "year_end",
    "place",
    "speaker",
    "direction",
    "flow",
    "sentence",
)


def gold_field(gold: GoldClaim, name: str):
    """Field ``name`` of a gold claim, as JSON shows it."""
    if name == "value":
        return gold.value if gold.value is not None else [gold.low, gold.high]
    if name == "years":
        return list(gold.years) if gold.years else None
    value = getattr(gold, name)
    return list(value) if isinstance(value, tuple) else value


def predicted_field(pred: dict, name: str):
    """Field ``name`` (a gold field: value, years, ...) of a predicted claim."""
    if name == "value":
        if pred.get("value") is not None:
            return pred["value"]
        return [pred.get("value_low"), pred.get("value_high")]
    if name == "years":
        if pred.get("year_start") is None and pred.get("year_end") is None:
            return None
        return [pred.get("year_start"), pred.get("year_end")]
    return pred.get(name)


def miss_dict(miss: Miss) -> dict:
    """A gold claim missed or found with wrong fields, for ``--json``."""
    return {
        "article": miss.gold.article,
        "figure": miss.gold.figure,
        "found": miss.prediction.get("figure") if miss.prediction else None,
        "wrong": {
            name: {
                "gold": gold_field(miss.gold, name),
                "predicted": predicted_field(miss.prediction or {}, name),
            }
            for name in miss.wrong_fields
        },
    }


def prediction_dict(pred: dict) -> dict:
    """A false positive, for ``--json``."""
    return {key: pred.get(key) for key in PREDICTION_KEYS}


def misses_json(report: Report) -> dict:
    """The ``misses`` and ``false_positives`` entries of ``claims eval --json --misses``."""
    return {
        "misses": [miss_dict(m) for m in report.misses()],
        "false_positives": [prediction_dict(p) for p in report.false_positives()],
    }


def _miss_line(miss: Miss) -> str:
    gold = miss.gold
    if miss.prediction is None:
        return f"  {gold.article}: {gold.figure!r} not found"
    wrong = "; ".join(
        f"{name} {_shown(predicted_field(miss.prediction, name))}, "
        f"gold {_shown(gold_field(gold, name))}"
        for name in miss.wrong_fields
    )
    return f"  {gold.article}: {gold.figure!r} found as {miss.prediction.get('figure')!r}: {wrong}"


def _false_positive_line(pred: dict) -> str:
    sentence = " ".join((pred.get("sentence") or "").split())
    if len(sentence) > 100:
        sentence = sentence[:99] + "…"
    return f"  {pred.get('article')}: {pred.get('figure')!r} in {sentence!r}"


def misses_text(report: Report) -> str:
    """The gold claims missed or wrong, then the false positives, one a line."""
    misses = [_miss_line(miss) for miss in report.misses()] or ["  (none)"]
    false = [_false_positive_line(pred) for pred in report.false_positives()] or ["  (none)"]
    return "\n".join(
        [
            "Missed or wrong (required gold claims):",
            *misses,
            "False positives (predictions matching no gold claim):",
            *false,
        ]
    )


def _shown(value) -> str:
    if value is None or value == [] or value == [None, None]:
        return "(none)"
    if isinstance(value, list):
        return "/".join("?" if v is None else str(v) for v in value)
    return str(value)
