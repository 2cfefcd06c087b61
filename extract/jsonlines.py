"""JSON Lines, as the gold files, the corrections file and imports write them."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple


class Line(NamedTuple):
    """One non-blank line: where it is (``source:number``), its number, and the record
    it holds, or the error that kept it from being read."""

    where: str
    number: int
    record: Any
    error: json.JSONDecodeError | UnicodeDecodeError | None


def read_lines(lines: Iterable[str | bytes], source: object) -> Iterator[Line]:
    """Every non-blank line of ``lines`` (text, or bytes that must be UTF-8), parsed;
    a line that is not JSON comes with its error, for the caller to report."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        where = f"{source}:{number}"
        try:
            yield Line(where, number, json.loads(raw), None)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            yield Line(where, number, None, exc)
