"""Fit the confidence (extract/confidence.py) on the development gold, check it on
articles held out, and write its weights.

The claims are those of the development sets (the bundled corpus, the BBC and the
PolNeAR development articles), extracted afresh with the features the extractor
computes for each (its cues, the figure, its sentence and article). Each claim is
labelled *right* when it matches a required gold claim with every field that gold
claim scores right, *wrong* when it matches none or has a wrong field; claims matched
to optional gold claims are left out. A logistic regression (scikit-learn) over the
claim's named features (:func:`extract.confidence.features_of`) is then

1. checked by 5-fold cross-validation with folds held out by article: every claim gets
   the confidence of a model that never saw its article; the script prints the AUC for
   "every field right", a reliability table (confidence band: claims, share right) and
   the share right among claims at 0.8 or more;
2. fitted on all claims and written to extract/confidence_weights.json (``--write``).

    .venv/bin/pip install scikit-learn
    .venv/bin/python scripts/fit_confidence.py --write
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dev_eval import SETS  # noqa: E402

from extract.confidence import WEIGHTS_FILE  # noqa: E402
from extract.evaluate import load_gold, match_article, wrong_fields  # noqa: E402

BANDS = (0.0, 0.2, 0.4, 0.6, 0.8, 0.9, 1.01)
C = 0.15  # inverse strength of the L2 penalty: few labelled claims, many features


def labelled_claims(shared: Path) -> list[tuple[str, dict, dict, bool]]:
    """``(group, claim row, its features, right)`` for every labelled claim of the dev
    sets, extracted afresh so that the features of its sentence and article are seen."""
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
                        out.append((group, p, p["_features"], not wrong_fields(p, g)))
                for p in match.unmatched:
                    out.append((group, p, p["_features"], False))
    finally:
        extractor.confidence.confidence_of = real  # type: ignore[assignment]
    return out


def design(claims):
    feats = [f for _, _, f, _ in claims]
    names = sorted({k for f in feats for k in f})
    x = np.array([[float(f.get(n, False)) for n in names] for f in feats])
    y = np.array([float(right) for _, _, _, right in claims])
    groups = [g for g, _, _, _ in claims]
    return names, x, y, groups


def held_out(x, y, groups, folds: int) -> np.ndarray:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    scores = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=folds).split(x, y, groups):
        fit = LogisticRegression(C=C, max_iter=2000).fit(x[train], y[train])
        scores[test] = fit.predict_proba(x[test])[:, 1]
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
    parser.add_argument("--write", action="store_true", help=f"write extract/{WEIGHTS_FILE}")
    args = parser.parse_args()

    claims = labelled_claims(args.shared)
    names, x, y, groups = design(claims)
    print(f"{len(y)} claims from {len(set(groups))} articles, {int(y.sum())} fully right")
    print("\n".join(report(y, held_out(x, y, groups, args.folds), groups)))

    from sklearn.linear_model import LogisticRegression

    fit = LogisticRegression(C=C, max_iter=2000).fit(x, y)
    weights = {n: round(float(w), 3) for n, w in zip(names, fit.coef_[0]) if abs(w) >= 0.005}
    data = {"bias": round(float(fit.intercept_[0]), 3), "weights": weights}
    if args.write:
        path = ROOT / "extract" / WEIGHTS_FILE
        path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {path}")
    else:
        print(json.dumps(data, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
