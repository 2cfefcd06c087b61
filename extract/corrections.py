"""Analysts' reviews of claims: confirmed, corrected and rejected claims, kept as data in
the corpus folder so that no build loses them.

The corrections file
    ``<corpus>/corrections.jsonl`` (:data:`CORRECTIONS_FILE`): JSON Lines, one review a
    line, append-only. A record is a gold record (``../shared/gold/GOLD.md``: ``article``,
    ``figure`` and the fields the analyst set: ``value`` or ``low``/``high``, ``years``,
    ``place``, ``speaker``, ``direction``, ``flow``) plus ``char_start`` (the figure's
    offset when it was reviewed), ``status`` (:class:`Status`: confirmed, corrected or
    rejected), ``by`` and ``at`` (who and when) and an optional ``note``. The last record
    for a claim is its whole review: :func:`new_record` carries the fields of the
    claim's earlier record forward, so the earlier lines are history.

Anchoring (:func:`anchor`)
    A record names its claim by article, figure text and offset. After the article is
    edited the record goes to the claim with the same figure text (as GOLD.md compares
    figures) nearest the old offset; each claim takes at most one record. A record whose
    claim cannot be found is returned as :class:`Unanchored`, with the reason, for the
    build to report by name.

Applying (:func:`apply_corrections`)
    Runs after every build, and after every review, on the whole file: a claim shows the
    analyst's values; ``status`` is ``rejected``, ``corrected`` (some value differs from
    the extractor's) or ``confirmed``; ``extracted`` keeps the extractor's values of the
    changed columns (JSON) and ``review`` the record applied. A claim whose record is
    gone gets its extracted values back. Nothing is re-extracted.

Reviewing (:func:`review`)
    What ``claims review`` and the review form of ``claims serve --review`` call: under
    :func:`writer_lock`, append a record for one claim, then apply the file.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import math
import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import filelock
import sqlite_utils

from extract import store
from extract.articles import CORRECTIONS_FILE
from extract.evaluate import Gold, Report, gold_claim, normalize_figure, score
from extract.jsonlines import read_lines
from extract.model import DIRECTIONS, FLOWS

__all__ = [
    "CORRECTIONS_FILE",
    "ApplyReport",
    "Correction",
    "CorrectionError",
    "Status",
    "Unanchored",
    "anchor",
    "apply_corrections",
    "load",
    "review",
    "score_reviews",
]


class Status(StrEnum):
    """A claim's review status (the ``status`` column)."""

    EXTRACTED = "extracted"  # as the extractor found it, not reviewed
    CONFIRMED = "confirmed"  # an analyst says it is right
    CORRECTED = "corrected"  # an analyst set some of its values
    REJECTED = "rejected"  # an analyst says it is not a claim


REVIEWED = (Status.CONFIRMED, Status.CORRECTED, Status.REJECTED)
FIELD_KEYS = ("value", "low", "high", "years", "place", "speaker", "direction", "flow")
RECORD_KEYS = ("article", "figure", "char_start", "status", *FIELD_KEYS, "by", "at", "note")
LOCK_TIMEOUT = 60.0  # seconds a review waits for another writer
# Set by `claims serve --review` for the Datasette process (JSON: db, corpus, by); the
# plugin offers the review routes and forms only when it is set.
REVIEW_ENV = "NEWS_CLAIMS_REVIEW"


class CorrectionError(ValueError):
    """A correction that cannot be read or made; ``str(e)`` says where and why."""


# ------------------------------------------------------------------------ records


@dataclass(frozen=True)
class Correction:
    """One record of the corrections file; ``fields`` holds the gold-format keys the
    analyst set (``years`` as ``[first, last]`` or None, names as lists)."""

    article: str
    figure: str
    char_start: int | None
    status: Status
    fields: Mapping[str, Any] = field(default_factory=dict)
    by: str | None = None
    at: str | None = None
    note: str | None = None
    line: int = 0

    @property
    def key(self) -> tuple[str, str, int | None]:
        return (self.article, self.figure, self.char_start)

    def record(self) -> dict:
        """The record as it is written in the file."""
        record: dict[str, Any] = {"article": self.article, "figure": self.figure}
        if self.char_start is not None:
            record["char_start"] = self.char_start
        record["status"] = str(self.status)
        record.update((k, self.fields[k]) for k in FIELD_KEYS if k in self.fields)
        for key in ("by", "at", "note"):
            if getattr(self, key) is not None:
                record[key] = getattr(self, key)
        return record

    def fingerprint(self) -> str:
        """The record as stored in a claim's ``review`` column."""
        return json.dumps(self.record(), ensure_ascii=False, sort_keys=True)


def parse_record(record: Any, where: str, line: int = 0) -> Correction:
    """A :class:`Correction` from one parsed JSON record; :class:`CorrectionError`
    naming ``where`` when the record is malformed."""
    if not isinstance(record, dict):
        raise CorrectionError(f"{where}: a correction must be a JSON object")
    unknown = sorted(set(record) - set(RECORD_KEYS))
    if unknown:
        raise CorrectionError(
            f"{where}: unknown key {unknown[0]!r} (a correction has {', '.join(RECORD_KEYS)})"
        )
    char_start = record.get("char_start")
    if char_start is not None and (
        isinstance(char_start, bool) or not isinstance(char_start, int) or char_start < 0
    ):
        raise CorrectionError(f"{where}: 'char_start' must be an offset (0 or more)")
    try:
        status = Status(str(record.get("status")))
    except ValueError:
        status = Status.EXTRACTED
    if status not in REVIEWED:
        raise CorrectionError(
            f"{where}: 'status' must be {', '.join(REVIEWED)}, not {record.get('status')!r}"
        )
    for key in ("by", "at", "note"):
        if record.get(key) is not None and not isinstance(record[key], str):
            raise CorrectionError(f"{where}: {key!r} must be a string")
    try:  # the gold rules check the fields' types (and article and figure)
        gold = gold_claim({k: v for k, v in record.items() if k not in ("status",)}, where)
    except ValueError as exc:
        raise CorrectionError(str(exc)) from None
    if "direction" in record and gold.direction not in (None, *DIRECTIONS):
        raise CorrectionError(f"{where}: {_label_problem('direction', gold.direction)}")
    if "flow" in record and gold.flow not in (None, *FLOWS):
        raise CorrectionError(f"{where}: {_label_problem('flow', gold.flow)}")
    if record.get("value") is not None and (
        record.get("low") is not None or record.get("high") is not None
    ):
        raise CorrectionError(f"{where}: give 'value' or 'low'/'high', not both")
    fields: dict[str, Any] = {}
    for key in FIELD_KEYS:
        if key not in record:
            continue
        if key == "years":
            fields[key] = list(gold.years) if gold.years else None
        elif key in ("place", "speaker"):
            fields[key] = list(getattr(gold, key) or ())
        else:
            fields[key] = record[key]
    return Correction(
        article=gold.article,
        figure=gold.figure,
        char_start=char_start,
        status=status,
        fields=fields,
        by=record.get("by"),
        at=record.get("at"),
        note=record.get("note"),
        line=line,
    )


@dataclass
class Loaded:
    """The records of a corrections file in file order, and its malformed lines."""

    corrections: list[Correction] = field(default_factory=list)
    errors: list[CorrectionError] = field(default_factory=list)


def load(path: Path) -> Loaded:
    """Read a corrections file. A missing file holds no records; a malformed line is
    kept in ``errors`` (``"<path>:<line>: <problem>"``) and the other lines are read."""
    loaded = Loaded()
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return loaded
    except OSError as exc:
        loaded.errors.append(CorrectionError(f"{path}: cannot read file: {exc.strerror or exc}"))
        return loaded
    for where, number, record, unread in read_lines(data.split(b"\n"), path):
        if isinstance(unread, UnicodeDecodeError):
            loaded.errors.append(CorrectionError(f"{where}: not UTF-8 text"))
            continue
        if isinstance(unread, json.JSONDecodeError):
            loaded.errors.append(CorrectionError(f"{where}: not valid JSON ({unread.msg})"))
            continue
        try:
            loaded.corrections.append(parse_record(record, where, number))
        except CorrectionError as exc:
            loaded.errors.append(exc)
    return loaded


def append(path: Path, record: dict) -> int:
    """Append ``record`` as one line to the corrections file (created if needed) and
    return its line number. Call under :func:`writer_lock`."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        data = b""
    prefix = b"\n" if data and not data.endswith(b"\n") else b""
    line = data.count(b"\n") + (1 if prefix else 0) + 1
    text = json.dumps(record, ensure_ascii=False) + "\n"
    with open(path, "ab") as f:
        f.write(prefix + text.encode("utf-8"))
        f.flush()
        os.fsync(f.fileno())
    return line


def writer_lock(db_path: Path, timeout: float | None = None) -> filelock.FileLock:
    """The lock that makes reviews and builds apply corrections to the database at
    ``db_path`` one at a time (a file ``<db>.lock`` beside it); waits up to
    ``timeout`` (default :data:`LOCK_TIMEOUT`) seconds."""
    return filelock.FileLock(
        f"{db_path}.lock", timeout=LOCK_TIMEOUT if timeout is None else timeout
    )


# ----------------------------------------------------------- values typed by analysts


_YEARS = re.compile(r"^\s*(\d{4})\s*(?:[-–—]|\.\.|to)?\s*(\d{4})?\s*$")
_RANGE = re.compile(r"^\s*([^\s–—]+?)\s*(?:[–—]|\.\.|(?<=\d)-|\s+to\s+)\s*([^\s–—]+)\s*$")
_NONE_WORDS = ("", "none", "null", "-", "—")


def parse_years(text: str) -> list[int] | None:
    """``"2019"`` → [2019, 2019]; ``"2019-2020"`` → [2019, 2020]; ``"none"`` → None."""
    if text.strip().casefold() in _NONE_WORDS:
        return None
    match = _YEARS.match(text)
    if not match:
        raise CorrectionError(
            f"years must be a year or a span like 2019 or 2019-2020 (or none), not {text!r}"
        )
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if last < first:
        raise CorrectionError(f"years {text!r} end before they start")
    return [first, last]


def _number(text: str) -> float:
    cleaned = text.strip().replace(",", "").replace("_", "").replace("\u202f", "")
    try:
        number = float(cleaned)
    except ValueError:
        raise CorrectionError(f"{text.strip()!r} is not a number") from None
    if not math.isfinite(number):
        raise CorrectionError(f"{text.strip()!r} is not a number")
    return number


def _tidy(number: float | None) -> float | int | None:
    """A number as written in a record: 299500.0 as 299500."""
    if number is None:
        return None
    number = float(number)
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def parse_value(text: str) -> dict:
    """``"5000"`` → {"value": 5000}; ``"1000-4000"`` → {"low": 1000, "high": 4000}."""
    text = text.strip()
    if not text:
        raise CorrectionError("value must be a number or a range like 1000-4000")
    match = _RANGE.match(text)
    if match:
        low, high = _number(match.group(1)), _number(match.group(2))
        if high < low:
            raise CorrectionError(f"the range {text!r} ends below its start")
        return {"low": _tidy(low), "high": _tidy(high)}
    return {"value": _tidy(_number(text))}


def _label_problem(name: str, value: object) -> str:
    labels = DIRECTIONS if name == "direction" else FLOWS
    return f"{name} must be {', '.join(labels)} or none, not {value!r}"


def parse_label(name: str, text: str) -> str | None:
    """A direction or flow label; ``"none"`` (or nothing) → None."""
    labels = DIRECTIONS if name == "direction" else FLOWS
    value = text.strip().casefold()
    if value in _NONE_WORDS:
        return None
    if value not in labels:
        raise CorrectionError(_label_problem(name, text))
    return value


def parse_name(text: str) -> list[str]:
    """A place or speaker as a gold list of names: ``""`` or ``"none"`` → []."""
    name = " ".join(text.split())
    return [] if name.casefold() in _NONE_WORDS else [name]


def parse_changes(values: Mapping[str, str | None]) -> dict:
    """Gold-format fields from the analyst's text for ``value``, ``years``, ``place``,
    ``speaker``, ``direction``, ``flow`` (a key given None is left out)."""
    changes: dict[str, Any] = {}
    for key, text in values.items():
        if text is None:
            continue
        if key == "value":
            changes.update(parse_value(text))
        elif key == "years":
            changes["years"] = parse_years(text)
        elif key in ("place", "speaker"):
            changes[key] = parse_name(text)
        elif key in ("direction", "flow"):
            changes[key] = parse_label(key, text)
        else:
            raise CorrectionError(f"cannot correct {key!r}")
    return changes


# ----------------------------------------------------------------- claims <-> records


def fields_of(row: Mapping[str, Any]) -> dict:
    """The gold-format fields of a claim row (``claims`` columns): what a confirmation
    says is right."""
    fields: dict[str, Any] = {}
    if row.get("value") is not None:
        fields["value"] = _tidy(row["value"])
    elif row.get("value_low") is not None or row.get("value_high") is not None:
        fields["low"], fields["high"] = _tidy(row.get("value_low")), _tidy(row.get("value_high"))
    start, end = row.get("year_start"), row.get("year_end")
    if start is None and end is None:
        fields["years"] = None
    else:
        fields["years"] = [start if start is not None else end, end if end is not None else start]
    fields["place"] = [row["place"]] if row.get("place") else []
    fields["speaker"] = [row["speaker"]] if row.get("speaker") else []
    fields["direction"] = row.get("direction")
    fields["flow"] = row.get("flow")
    return fields


PlaceLookup = Callable[[str], Any]  # name -> extract.places.Place or None


def _gazetteer_lookup(name: str):
    """The gazetteer's place for a name as an analyst types it ("almaty" too)."""
    from extract.places import gazetteer  # builds the gazetteer: only when a place is set

    found = gazetteer().lookup(name)
    if found is None and not name[:1].isupper():
        found = gazetteer().lookup(name[:1].upper() + name[1:])
    return found


def columns_of(
    fields: Mapping[str, Any], source: str | None, place_lookup: PlaceLookup = _gazetteer_lookup
) -> dict:
    """The ``claims`` columns that gold-format ``fields`` set. A place is looked up in
    the gazetteer for its coordinates (kept as typed, without them, when unknown); an
    empty speaker is the article's own voice, its ``source``, as the extractor has it."""
    columns: dict[str, Any] = {}
    if fields.get("value") is not None:
        columns.update(value=float(fields["value"]), value_low=None, value_high=None)
    elif fields.get("low") is not None or fields.get("high") is not None:
        low, high = fields.get("low"), fields.get("high")
        columns.update(
            value=None,
            value_low=None if low is None else float(low),
            value_high=None if high is None else float(high),
        )
    if "years" in fields:
        years = fields["years"]
        columns.update(
            year_start=years[0] if years else None,
            year_end=years[1] if years else None,
            period=None
            if not years
            else str(years[0])
            if years[0] == years[1]
            else "-".join(map(str, years)),
        )
    if "place" in fields:
        names = fields["place"]
        place = place_lookup(names[0]) if names else None
        columns.update(
            place=(place.name if place else names[0]) if names else None,
            country_code=place.country_code if place else None,
            latitude=place.latitude if place else None,
            longitude=place.longitude if place else None,
        )
    if "speaker" in fields:
        columns["speaker"] = fields["speaker"][0] if fields["speaker"] else source
    for key in ("direction", "flow"):
        if key in fields:
            columns[key] = fields[key]
    return columns


def new_record(
    row: Mapping[str, Any],
    status: Status,
    changes: Mapping[str, Any] | None = None,
    by: str | None = None,
    at: str | None = None,
    note: str | None = None,
) -> dict:
    """The record of a review of the claim ``row`` (a ``claims`` row with its article's
    ``article`` path). Confirming records every field as the claim shows it; a fix
    records the analyst's ``changes`` over the fields of the claim's earlier review;
    rejecting records no field."""
    changes = dict(changes or {})
    fields: dict[str, Any] = {}
    if status == Status.CONFIRMED:
        if changes:
            raise CorrectionError("confirming takes no field values (fix the claim instead)")
        fields = fields_of(row)
    elif status == Status.CORRECTED:
        if not changes:
            raise CorrectionError("a fix needs at least one field to set")
        earlier = json.loads(row["review"]) if row.get("review") else {}
        if earlier.get("status") != Status.REJECTED:
            fields = {k: earlier[k] for k in FIELD_KEYS if k in earlier}
        if "value" in changes:
            fields.pop("low", None)
            fields.pop("high", None)
        if "low" in changes or "high" in changes:
            fields.pop("value", None)
        fields.update(changes)
    elif status != Status.REJECTED:
        raise CorrectionError(f"a review confirms, corrects or rejects, not {status!r}")
    record: dict[str, Any] = {
        "article": row["article"],
        "figure": row["figure"],
        "char_start": row["char_start"],
        "status": str(status),
        **{k: fields[k] for k in FIELD_KEYS if k in fields},
    }
    record["by"] = by or default_reviewer()
    record["at"] = at or dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    if note:
        record["note"] = note
    return record


def default_reviewer() -> str:
    """Who reviews when nobody says: the user's login name."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name and no entry in the password database
        return "unknown"


# ------------------------------------------------------------------------- anchoring


@dataclass(frozen=True)
class ClaimRef:
    """What anchoring needs of a stored claim."""

    id: int
    figure: str
    char_start: int


@dataclass(frozen=True)
class Unanchored:
    """A record whose claim cannot be found, and why."""

    correction: Correction
    reason: str
    path: str = CORRECTIONS_FILE

    def __str__(self) -> str:
        c = self.correction
        at = f" at {c.char_start}" if c.char_start is not None else ""
        return f"{self.path}:{c.line}: {c.article}: {c.status} {c.figure!r}{at}: {self.reason}"


def _figures_agree(a: str, b: str) -> bool:
    return a == b or normalize_figure(a) == normalize_figure(b) != ""


def anchor(
    corrections: Iterable[Correction],
    claims_of: Callable[[str], list[ClaimRef] | None],
    text_of: Callable[[str], str | None] = lambda article: None,
    path: str = CORRECTIONS_FILE,
) -> tuple[dict[int, Correction], list[Unanchored]]:
    """Claim id -> the record that applies to it, and the records that apply to none.

    ``claims_of(article)`` lists an article's claims (None when it is not stored);
    ``text_of(article)`` its text, to say whether a lost figure is still written there.
    The last record of each (article, figure, offset) counts. A record goes to the claim
    whose figure agrees at the same offset; else, latest records first, to the nearest
    claim whose figure agrees: a record whose nearest claim went to a later record is an
    earlier review of that same claim (history, not applied); one whose nearest claim
    went to an earlier record at its exact offset takes the nearest free claim, if any."""
    latest: dict[tuple, Correction] = {}
    for correction in corrections:
        latest.pop(correction.key, None)
        latest[correction.key] = correction
    by_article: dict[str, list[Correction]] = {}
    for correction in latest.values():
        by_article.setdefault(correction.article, []).append(correction)

    anchored: dict[int, Correction] = {}
    lost: list[Unanchored] = []
    for article, records in by_article.items():
        claims = claims_of(article)
        if claims is None:
            gone = "the article is not in the database (removed or renamed?)"
            lost += [Unanchored(c, gone, path) for c in records]
            continue
        taken: dict[int, Correction] = {}
        for c in records:  # exact offsets first
            exact = [k for k in claims if k.char_start == c.char_start and k.id not in taken]
            exact = [k for k in exact if _figures_agree(c.figure, k.figure)]
            if exact:
                taken[min(exact, key=lambda k: (k.figure != c.figure, k.id)).id] = c
        placed = {c.line for c in taken.values()}
        for c in sorted(records, key=lambda c: -c.line):
            if c.line in placed:
                continue
            agreeing = sorted(
                (k for k in claims if _figures_agree(c.figure, k.figure)),
                key=lambda k: (_distance(c, k), k.figure != c.figure, k.id),
            )
            if agreeing and agreeing[0].id in taken and taken[agreeing[0].id].line > c.line:
                continue  # superseded by a later review of the same claim
            free = [k for k in agreeing if k.id not in taken]
            if free:
                taken[free[0].id] = c
                continue
            lost.append(Unanchored(c, _lost_reason(c, agreeing, taken, text_of, article), path))
        anchored.update(taken)
    return anchored, sorted(lost, key=lambda u: u.correction.line)


def _distance(c: Correction, claim: ClaimRef) -> int:
    return abs(claim.char_start - (c.char_start or 0))


def _lost_reason(
    c: Correction,
    agreeing: list[ClaimRef],
    taken: dict[int, Correction],
    text_of: Callable[[str], str | None],
    article: str,
) -> str:
    """Why ``c`` has no claim."""
    if agreeing:
        lines = ", ".join(str(taken[k.id].line) for k in agreeing)
        return f"each claim with this figure already has a correction (line {lines})"
    text = text_of(article)
    if text is not None and c.figure in text:
        return "the figure is still in the article but no longer extracted as a claim"
    return "the figure is no longer in the article"


def _claims_of(db: sqlite_utils.Database) -> Callable[[str], list[ClaimRef] | None]:
    def claims_of(article: str) -> list[ClaimRef] | None:
        row = db.execute(
            "SELECT article_id FROM article_paths WHERE path = ?", [article]
        ).fetchone()
        if row is None:
            return None
        return [
            ClaimRef(*r)
            for r in db.execute(
                "SELECT id, figure, char_start FROM claims WHERE article_id = ? "
                "ORDER BY char_start",
                [row[0]],
            )
        ]

    return claims_of


def _text_of(db: sqlite_utils.Database) -> Callable[[str], str | None]:
    def text_of(article: str) -> str | None:
        row = db.execute(
            "SELECT articles.text FROM article_paths JOIN articles "
            "ON articles.id = article_paths.article_id WHERE article_paths.path = ?",
            [article],
        ).fetchone()
        return row[0] if row else None

    return text_of


# -------------------------------------------------------------------------- applying


@dataclass
class ApplyReport:
    """What applying a corrections file did."""

    path: str = CORRECTIONS_FILE
    records: int = 0  # valid records in the file
    reviewed: int = 0  # claims that carry a review
    changed: int = 0  # claims written now (applied, changed or restored)
    by_status: dict[str, int] = field(default_factory=dict)
    unanchored: list[Unanchored] = field(default_factory=list)
    invalid: list[CorrectionError] = field(default_factory=list)


def apply_corrections(
    db: sqlite_utils.Database,
    path: Path,
    place_lookup: PlaceLookup = _gazetteer_lookup,
) -> ApplyReport:
    """Bring the claims in line with the corrections file ``path``, in one transaction:
    claims with a record show it, claims whose record is gone get their extracted
    values back. Only claims whose review changed are written. Call under
    :func:`writer_lock`."""
    loaded = load(path)
    report = ApplyReport(path=str(path), records=len(loaded.corrections), invalid=loaded.errors)
    with store.writing(db):
        wanted, report.unanchored = anchor(
            loaded.corrections, _claims_of(db), _text_of(db), str(path)
        )
        applied: dict[int, str] = dict(
            db.execute(
                "SELECT id, review FROM claims WHERE status IN (?, ?, ?)",
                [s.value for s in REVIEWED],
            ).fetchall()
        )
        for claim_id, fingerprint in applied.items():
            correction = wanted.get(claim_id)
            if correction is None or correction.fingerprint() != fingerprint:
                _restore(db, claim_id)
                report.changed += correction is None
        for claim_id, correction in wanted.items():
            if applied.get(claim_id) != correction.fingerprint():
                _apply_one(db, claim_id, correction, place_lookup)
                report.changed += 1
        report.reviewed = len(wanted)
        report.by_status = dict(
            db.execute(
                "SELECT status, count(*) FROM claims WHERE status IN (?, ?, ?) GROUP BY 1",
                [s.value for s in REVIEWED],
            )
        )
    return report


def _restore(db: sqlite_utils.Database, claim_id: int) -> None:
    """Give a claim its extracted values back and forget its review."""
    row = db.execute("SELECT extracted FROM claims WHERE id = ?", [claim_id]).fetchone()
    originals = json.loads(row[0]) if row and row[0] else {}
    db.table("claims").update(
        claim_id,
        {**originals, "status": Status.EXTRACTED.value, "extracted": None, "review": None},
    )


def _apply_one(
    db: sqlite_utils.Database, claim_id: int, correction: Correction, place_lookup: PlaceLookup
) -> None:
    """Set a claim (with its extracted values) to what ``correction`` says."""
    claims = db.table("claims")
    update: dict[str, Any] = {"review": correction.fingerprint(), "extracted": None}
    if correction.status == Status.REJECTED:
        update["status"] = Status.REJECTED.value
        claims.update(claim_id, update)
        return
    row = dict(claims.get(claim_id))
    source = row["source"]  # the article's outlet, kept on each claim
    fields = dict(correction.fields)
    names = fields.get("place")
    if names and row["place"] and names[0].casefold() == row["place"].casefold():
        del fields["place"]  # the same place: its coordinates stand, no gazetteer needed
    if fields.get("speaker") == [] and row["speaker"] in (None, source):
        del fields["speaker"]  # the article's own voice already
    columns = columns_of(fields, source, place_lookup)
    changed = {k: v for k, v in columns.items() if row[k] != v}
    if "year_start" not in changed and "year_end" not in changed:
        changed.pop("period", None)  # the period as written stands while its years do
    update.update(changed)
    if changed:
        update["extracted"] = json.dumps({k: row[k] for k in changed}, ensure_ascii=False)
    update["status"] = (Status.CORRECTED if changed else Status.CONFIRMED).value
    claims.update(claim_id, update)


# ------------------------------------------------------------------ reviewing a claim


@dataclass(frozen=True)
class Reviewed:
    """The outcome of :func:`review`: the claim before and after, where the record went."""

    claim_id: int
    before: dict
    after: dict
    record: dict
    path: Path
    line: int
    report: ApplyReport

    def changes(self) -> dict[str, tuple[Any, Any]]:
        """Column -> (before, after), for the columns the review changed."""
        keys = ("status", *(k for k in self.after if k not in ("status", "review", "extracted")))
        return {
            k: (self.before.get(k), self.after.get(k))
            for k in keys
            if self.before.get(k) != self.after.get(k)
        }


def claim_row(db: sqlite_utils.Database, claim_id: int) -> dict | None:
    """A ``claims`` row (it holds its article's path, ``article``, and ``source``), or
    None."""
    return next(db.query("SELECT * FROM claims WHERE id = ?", [claim_id]), None)


def review(
    db_path: Path,
    corpus: Path,
    claim_id: int,
    status: Status,
    changes: Mapping[str, Any] | None = None,
    by: str | None = None,
    place_lookup: PlaceLookup = _gazetteer_lookup,
    note: str | None = None,
) -> Reviewed:
    """Record an analyst's review of claim ``claim_id`` in the corpus's corrections file
    and apply the file to the database. ``changes`` holds gold-format fields (see
    :func:`parse_changes`). Raises :class:`CorrectionError` with a message for the user."""
    db_path, corpus = Path(db_path), Path(corpus)
    if not corpus.is_dir():
        raise CorrectionError(f"corpus folder {corpus} does not exist (--corpus)")
    if not db_path.is_file():
        raise CorrectionError(f"{db_path} does not exist: run claims build first")
    path = corpus / CORRECTIONS_FILE
    try:
        with writer_lock(db_path):
            db = store.open_db(db_path)
            try:
                before = claim_row(db, claim_id)
                if before is None:
                    raise CorrectionError(
                        f"no claim {claim_id} in {db_path} (a claim's id changes when its "
                        "article is re-extracted: look it up again)"
                    )
                changes = _with_known_place(changes or {}, place_lookup)
                record = new_record(before, status, changes, by, note=note)
                parse_record(record, f"claim {claim_id}")  # the same checks as on loading
                line = append(path, record)
                report = apply_corrections(db, path, place_lookup)
                after = claim_row(db, claim_id) or {}
            finally:
                db.close()
    except filelock.Timeout:
        raise CorrectionError(
            f"{db_path} is being written by another review or build: try again"
        ) from None
    except sqlite3.OperationalError as exc:  # busy for longer than the busy timeout
        raise CorrectionError(f"{db_path}: {exc}: try again") from None
    if json.loads(after.get("review") or "{}").get("at") != record["at"]:
        lost = [u for u in report.unanchored if u.correction.line == line]
        why = lost[0].reason if lost else "another record holds it"
        raise CorrectionError(
            f"{path}:{line}: recorded, but not applied to claim {claim_id}: {why}"
        )
    return Reviewed(claim_id, before, after, record, path, line, report)


def _with_known_place(changes: Mapping[str, Any], place_lookup: PlaceLookup) -> dict:
    """``changes`` with a place the gazetteer knows spelled as the gazetteer does."""
    changes = dict(changes)
    names = changes.get("place")
    if names:
        found = place_lookup(names[0])
        if found is not None:
            changes["place"] = [found.name, *(n for n in names[1:] if n != found.name)]
    return changes


# ------------------------------------------------------------------------- evaluating


def is_corrections_file(path: Path) -> bool:
    """Whether ``path`` holds reviews rather than gold claims: it is named
    :data:`CORRECTIONS_FILE`, or its first record has a ``status``."""
    path = Path(path)
    if path.name == CORRECTIONS_FILE:
        return True
    if path.suffix != ".jsonl":
        return False
    try:
        with open(path, encoding="utf-8") as f:
            for raw in f:
                if raw.strip():
                    record = json.loads(raw)
                    return isinstance(record, dict) and "status" in record
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    return False


@dataclass(frozen=True)
class ReviewScore:
    """The extractor scored against the analysts' reviews."""

    report: Report
    reviewed: int  # claims with a review (confirmed, corrected, rejected)
    lost: int  # confirmed or corrected claims the extractor no longer finds
    elsewhere: int  # records of articles that are not in the database (not scored)
    invalid: list[CorrectionError]


def score_reviews(db: sqlite_utils.Database, path: Path) -> ReviewScore:
    """Score the database's extracted values against the corrections file: a confirmed
    claim is gold as it was confirmed, a corrected one gold with the analyst's values, a
    rejected one a false positive, a reviewed claim no longer extracted a miss. Only
    reviewed claims count; each is scored against its own review (as its own
    "article" of the report, ``<article> (claim <id>)``)."""
    loaded = load(path)
    wanted, unanchored = anchor(loaded.corrections, _claims_of(db), _text_of(db), str(path))
    # the reviewed claims with the extractor's own values (corrections undone)
    rows = {row["id"]: row for row in store.predictions(db, as_extracted=True, ids=wanted)}
    gold = Gold()
    predictions = []
    for claim_id, c in sorted(wanted.items()):
        key = f"{c.article} (claim {claim_id})"
        gold.articles.add(key)
        predictions.append({**rows[claim_id], "article": key})
        if c.status != Status.REJECTED:
            gold.claims.append(_gold(c, key))
    lost = elsewhere = 0
    for u in unanchored:
        c = u.correction
        if _claims_of(db)(c.article) is None:
            elsewhere += 1
        elif c.status != Status.REJECTED:
            key = f"{c.article} (line {c.line})"
            gold.articles.add(key)
            gold.claims.append(_gold(c, key))
            lost += 1
    return ReviewScore(score(predictions, gold), len(wanted), lost, elsewhere, loaded.errors)


def _gold(c: Correction, article: str):
    return gold_claim({"article": article, "figure": c.figure, **c.fields}, f"line {c.line}")
