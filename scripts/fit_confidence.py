"""Fit the confidence (extract/confidence.py) on the development gold, check it on
articles held out, and write its weights.

The claims are those of the development sets (the bundled corpus, the BBC and the
PolNeAR development articles), extracted afresh with the features the extractor
computes for each (its cues, the figure, its sentence and article). Each claim is
labelled *right* when it matches a required gold claim with every field that gold
claim scores right, *wrong* when it matches none or has a wrong field; claims matched
to optional gold claims are left out.

The model has one part per field (:data:`extract.confidence.FIELD_FEATURES`): a
logistic regression (scikit-learn) for "the figure is a claim with the right value"
over every claim, and one for each other field over the claims whose gold scores that
field, each over the features relevant to it. The confidence is their product,
recalibrated by a one-variable logistic regression fitted on held-out products. It is

1. checked by 5-fold cross-validation with folds held out by article: every claim gets
   the confidence of a model that never saw its article; the script prints the AUC for
   "every field right" (overall and within each set), a reliability table (confidence
   band: claims, share right) and the share right among claims at 0.8 or more;
   ``--seeds`` repeats the check on other random splits of the articles;
2. fitted on all claims and written to extract/confidence_weights.json (``--write``).

    .venv/bin/pip install -e '.[fit]'
    .venv/bin/python scripts/fit_confidence.py --write
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dev_eval import SETS  # noqa: E402

from extract.confidence import (  # noqa: E402
    FIELD_FEATURES,
    WEIGHTS_FILE,
    Model,
    Part,
    field_of_feature,
    logit,
)
from extract.evaluate import load_gold, match_article, wrong_fields  # noqa: E402

BANDS = (0.0, 0.2, 0.4, 0.6, 0.8, 0.9, 1.01)
# inverse strength of the L2 penalty of each part (C), chosen on the held-out folds of
# seeds 0-4: the speaker and direction parts (hundreds of labelled claims, errors with
# distinct causes) fit better nearly unpenalised; the years part (7 wrong of 127) is kept
# close to its base rate
C = 0.3
PART_C = {"speaker": 3.0, "direction": 10.0, "years": 0.1}


@dataclass
class Labelled:
    """One labelled claim: its article (``set/path``), features, and which fields of
    the gold claim it matched (``matched`` False: it matches no gold claim)."""

    group: str
    features: dict
    right: bool
    matched: bool
    scored: frozenset[str]
    wrong: tuple[str, ...]

    def field_label(self, name: str) -> bool | None:
        """Whether the part ``name`` is right for this claim; None when its gold claim
        does not score that field."""
        if name == "value":
            return self.matched and "value" not in self.wrong
        if not self.matched or name not in self.scored:
            return None
        return name not in self.wrong


def labelled_claims(shared: Path) -> list[Labelled]:
    """Every labelled claim of the dev sets, extracted afresh so that the features of
    its sentence and article are seen."""
    from extract import confidence, extractor
    from extract.articles import read_article, scan_corpus
    from extract.nlp import load

    nlp = load()
    recorded: list[dict] = []
    real = confidence.confidence_of

    def recording(found, *args, **kwargs):
        recorded.append(dict(found))
        return real(found, *args, **kwargs)

    out = []
    extractor.confidence.confidence_of = recording  # type: ignore[assignment]
    try:
        for name, dev in SETS.items():
            gold = load_gold(dev.gold_files(shared))
            corpus = dev.folder(shared)
            for path, reason in scan_corpus(corpus):
                if reason is not None:
                    continue
                article = read_article(path, corpus)
                if article.path not in gold.articles:
                    continue
                recorded.clear()
                claims = extractor.extract_claims(article, nlp)
                rows = []
                for claim, feats in zip(claims, recorded):
                    row = claim.to_row()
                    row.update(article=article.path, source=article.source, _features=feats)
                    rows.append(row)
                match = match_article(rows, gold.by_article().get(article.path, []))
                group = f"{name}/{article.path}"
                for g, p in match.pairs:
                    if p is not None and not g.optional:
                        wrong = wrong_fields(p, g)
                        out.append(
                            Labelled(group, p["_features"], not wrong, True, g.scored, wrong)
                        )
                for p in match.unmatched:
                    out.append(Labelled(group, p["_features"], False, False, frozenset(), ()))
    finally:
        extractor.confidence.confidence_of = real  # type: ignore[assignment]
    return out


def fit(claims: list[Labelled]) -> Model:
    """The model fitted on ``claims``: one part per field, then the calibration fitted
    on the products of parts that did not see the claim's article."""
    parts = fit_parts(claims)
    inner = np.zeros(len(claims))
    groups = [c.group for c in claims]
    for train, test in GroupKFold(n_splits=4, shuffle=True, random_state=1).split(
        claims, groups=groups
    ):
        inside = fit_parts([claims[i] for i in train])
        for i in test:
            inner[i] = Model(inside).confidence(claims[i].features)
    x = np.array([[logit(p)] for p in inner])
    y = np.array([c.right for c in claims])
    calibration = LogisticRegression(C=100.0, max_iter=2000).fit(x, y)
    scale, shift = calibration.coef_[0][0], calibration.intercept_[0]
    return Model(parts, round(float(scale), 3), round(float(shift), 3))


def fit_parts(claims: list[Labelled]) -> dict[str, Part]:
    """One logistic regression per field, on the claims whose gold scores it."""
    parts = {}
    for name in FIELD_FEATURES:
        labels = [(c, c.field_label(name)) for c in claims]
        labelled = [(c, label) for c, label in labels if label is not None]
        names = sorted({k for c, _ in labelled for k in c.features if field_of_feature(k, name)})
        y = np.array([float(label) for _, label in labelled])
        if not labelled or len(set(y)) < 2:  # every claim right (or none)
            share = float(y.mean()) if labelled else 1.0
            parts[name] = Part(round(logit(share), 3))
            continue
        x = np.array([[float(c.features.get(n, False)) for n in names] for c, _ in labelled])
        lr = LogisticRegression(C=PART_C.get(name, C), max_iter=2000).fit(x, y)
        weights = {n: round(float(w), 3) for n, w in zip(names, lr.coef_[0]) if abs(w) >= 0.005}
        parts[name] = Part(round(float(lr.intercept_[0]), 3), weights)
    return parts


def held_out(claims: list[Labelled], folds: int, seed: int) -> np.ndarray:
    """Every claim's confidence under a model fitted without its article."""
    scores = np.zeros(len(claims))
    groups = [c.group for c in claims]
    split = GroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train, test in split.split(claims, groups=groups):
        fitted = fit([claims[i] for i in train])
        for i in test:
            # rounded as the stored confidence is (extract.confidence.confidence_of)
            scores[i] = round(fitted.confidence(claims[i].features), 2)
    return scores


def report(y: np.ndarray, scores: np.ndarray, groups: list[str]) -> list[str]:
    from sklearn.metrics import roc_auc_score

    lines = [f"AUC for 'every field right' on held-out articles: {roc_auc_score(y, scores):.3f}"]
    sets = np.array([g.split("/")[0] for g in groups])
    within = []
    for name in SETS:
        inside = sets == name
        if len(set(y[inside])) == 2:
            within.append(f"{name} {roc_auc_score(y[inside], scores[inside]):.3f}")
    lines.append(f"within each set: {', '.join(within)}")
    lines.append("")
    lines.append("| confidence | claims | fully right |")
    lines.append("| --- | --- | --- |")
    for lo, hi in zip(BANDS, BANDS[1:]):
        inside = (scores >= lo) & (scores < hi)
        if inside.any():
            top = "1.0" if hi > 1 else f"{hi:.1f}"
            lines.append(f"| {lo:.1f}–{top} | {int(inside.sum())} | {y[inside].mean():.0%} |")
    high = scores >= 0.8
    lines.append("")
    lines.append(
        f"at confidence >= 0.8: {int(high.sum())} claims, {y[high].mean():.1%} fully right"
        if high.any()
        else "no claim at confidence >= 0.8"
    )
    lines.append(f"all claims: {len(y)}, {y.mean():.1%} fully right")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument(
        "--seeds",
        default="0",
        help="random splits of the articles into folds, comma-separated; the table is "
        "that of the first, the AUC of each is printed",
    )
    parser.add_argument("--write", action="store_true", help=f"write extract/{WEIGHTS_FILE}")
    args = parser.parse_args()

    claims = labelled_claims(args.shared)
    y = np.array([float(c.right) for c in claims])
    groups = [c.group for c in claims]
    print(f"{len(y)} claims from {len(set(groups))} articles, {int(y.sum())} fully right")
    seeds = [int(s) for s in args.seeds.split(",")]
    for n, seed in enumerate(seeds):
        lines = report(y, held_out(claims, args.folds, seed), groups)
        print(f"\n-- folds of seed {seed}")
        print("\n".join(lines if n == 0 else lines[:2] + lines[-2:-1]))

    data = fit(claims).to_json()
    if args.write:
        path = ROOT / "extract" / WEIGHTS_FILE
        path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {path}")
    else:
        print(json.dumps(data, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
