"""Score the extractor on each development set, and on both halves of each.

    python scripts/dev_eval.py                 # build the three sets, then score
    python scripts/dev_eval.py --no-build      # score the databases already built
    python scripts/dev_eval.py --sets bbc --half even --misses speaker

The sets are the bundled corpus (seeds and Wikinews gold), the BBC development articles
and the PolNeAR development articles of ``../shared``. Each is built into its own
database under ``--out`` and scored as ``claims eval`` scores it. A set's articles are
split by their position in name order into an ``even`` half (0, 2, 4, ...) and an
``odd`` half: rules are written while reading the misses of one half and checked on
the other, so that a rule fitted to one half's wording shows up as a gap between them.

Besides the F1 of ``claims eval``, two numbers the issues quote:

- ``years acc``: of the found claims whose gold gives years, the share with the right
  years (the BBC gold gives years only where the text states a time);
- ``speaker acc``: of the found claims whose gold scores a speaker, the share with the
  right speaker (PolNeAR's gold scores value and speaker only).

A column the set's gold does not score shows ``–`` (PolNeAR's years, place, direction
and flow).
"""

from __future__ import annotations

import argparse
import math
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract import store  # noqa: E402
from extract.build import build  # noqa: E402
from extract.evaluate import Gold, field_agrees, load_gold, score, wrong_fields  # noqa: E402


@dataclass(frozen=True)
class DevSet:
    name: str
    corpus: str  # relative to the shared folder, or "corpus" for the bundled one
    gold: tuple[str, ...]  # relative to the shared folder's gold/

    def folder(self, shared: Path) -> Path:
        """The set's articles."""
        return ROOT / "corpus" if self.corpus == "corpus" else shared / self.corpus

    def gold_files(self, shared: Path) -> list[Path]:
        return [shared / "gold" / name for name in self.gold]


SETS = {
    "corpus": DevSet(
        "corpus", "corpus", ("seeds.jsonl", "wikinews.jsonl", "wikinews-no-claims.txt")
    ),
    "bbc": DevSet("bbc", "dev-articles/bbc", ("bbc-dev.jsonl",)),
    "polnear": DevSet(
        "polnear", "dev-articles/polnear", ("polnear-dev.jsonl", "polnear-dev-optional.jsonl")
    ),
}


def half_of(gold: Gold, half: str) -> Gold:
    """The gold of the articles at even (or odd) positions in name order."""
    if half == "all":
        return gold
    names = sorted(gold.articles)
    keep = {n for i, n in enumerate(names) if (i % 2 == 0) == (half == "even")}
    return Gold([c for c in gold.claims if c.article in keep], keep)


def summary(predictions: list[dict], gold: Gold) -> dict[str, float]:
    """The :data:`COLUMNS` of one set (and ``n``, the found required claims): NaN where
    the gold scores nothing (no required claim scores the field, or no found one does)."""
    report = score(predictions, gold)
    out = {row.name: row.f1 if row.gold_denominator else NAN for row in report.rows}
    detection = report.row("detection")
    out["det recall"] = detection.recall if detection.gold_denominator else NAN
    pairs = [
        (g, p)
        for m in report.matches.values()
        for g, p in m.pairs
        if p is not None and not g.optional
    ]
    with_years = [(g, p) for g, p in pairs if "years" in g.scored and g.years is not None]
    with_speaker = [(g, p) for g, p in pairs if "speaker" in g.scored]
    out["years acc"] = _share(with_years, "years")
    out["speaker acc"] = _share(with_speaker, "speaker")
    out["n"] = len(pairs)
    return out


def _share(pairs, field: str) -> float:
    if not pairs:
        return NAN
    return sum(field_agrees(field, p, g) for g, p in pairs) / len(pairs)


COLUMNS = (
    "detection",
    "det recall",
    "value",
    "years",
    "years acc",
    "place",
    "speaker",
    "speaker acc",
    "direction",
    "flow",
    "full claim",
)
NAN = float("nan")
UNSCORED = "–"  # as the README's tables show a column the gold does not score


def table_line(label: str, cells: dict[str, float] | None = None) -> str:
    """One line of the table, as the README shows it: the header when ``cells`` is None.
    Each cell is two spaces and its text right-aligned under the column's name; a NaN
    score shows as UNSCORED."""
    line = f"{label:<15}"
    for column in COLUMNS:
        if cells is None:
            text = column
        else:
            text = UNSCORED if math.isnan(cells[column]) else f"{cells[column]:.3f}"
        line += "  " + text.rjust(len(column))
    return line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=Path("/tmp/claims-dev"))
    parser.add_argument("--sets", default="corpus,bbc,polnear")
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--full", action="store_true", help="re-extract every article")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--half", choices=("all", "even", "odd"), default=None)
    parser.add_argument("--misses", metavar="FIELD", help="list the misses of FIELD (or 'all')")
    args = parser.parse_args()

    args.out.mkdir(parents=True, exist_ok=True)
    print(table_line("set"))
    for name in args.sets.split(","):
        dev = SETS[name]
        db_path = args.out / f"{name}.db"
        if not args.no_build:
            build(dev.folder(args.shared), db_path, full=args.full, workers=args.workers)
        gold = load_gold(dev.gold_files(args.shared))
        db = store.open_db(db_path)
        predictions = store.predictions(db, as_extracted=True)
        db.close()
        halves = [args.half] if args.half else ["all", "even", "odd"]
        for half in halves:
            row = summary(predictions, half_of(gold, half))
            print(table_line(f"{name} {half}", row))
        if args.misses:
            _print_misses(predictions, half_of(gold, args.half or "all"), args.misses)


def _print_misses(predictions: list[dict], gold: Gold, field: str) -> None:
    report = score(predictions, gold)
    for m in report.matches.values():
        for g, p in m.pairs:
            if g.optional:
                continue
            if p is None:
                if field in ("all", "found"):
                    print(f"  {g.article}: {g.figure!r} not found")
                continue
            wrong = wrong_fields(p, g)
            if field in wrong or (field == "all" and wrong):
                shown = {
                    f: (getattr(g, f) if f != "value" else (g.value, g.low, g.high)) for f in wrong
                }
                got = {f: _pred(p, f) for f in wrong}
                sentence = " ".join(p["sentence"].split())
                print(f"- {g.article} {p['figure']!r}: got {got} gold {shown}\n    {sentence}")
        if field in ("all", "fp"):
            for p in m.unmatched:
                print(f"  FP {p['article']}: {p['figure']!r} in {' '.join(p['sentence'].split())}")


def _pred(p: dict, field: str):
    if field == "years":
        return (p.get("year_start"), p.get("year_end"))
    if field == "value":
        return (p.get("value"), p.get("value_low"), p.get("value_high"))
    return p.get(field)


if __name__ == "__main__":
    main()
