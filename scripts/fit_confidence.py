"""Fit the weights of extract/confidence.py on the development gold, and check them on
held-out articles.

Extracts the claims of every gold article in corpus/ with the current extractor,
records each claim's confidence features, labels it right when it matches a required
gold claim with every scored field right (a prediction that matches no gold claim is
wrong; one matching an optional gold claim is left out), then:

1. k-fold cross-validation by article: the weights are fitted on the other folds and
   each claim gets the confidence of a model that never saw its article; prints the
   share of right claims by confidence band and the AUC, beside those of the
   confidence in use;
2. fits on all articles and prints BIAS and WEIGHTS to paste into extract/confidence.py.

    .venv/bin/python scripts/fit_confidence.py [../shared/gold/*.jsonl ...] [--folds 5]
"""

from __future__ import annotations

import argparse
import glob
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract import confidence, extractor  # noqa: E402
from extract.articles import read_article, scan_corpus  # noqa: E402
from extract.evaluate import load_gold, match_article, wrong_fields  # noqa: E402
from extract.nlp import load  # noqa: E402


def collect(
    gold_paths: list[str],
) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, list[str]]:
    gold = load_gold(gold_paths)
    by_article = gold.by_article()
    nlp = load()
    recorded: list[dict] = []
    real = confidence.confidence_of

    def recording(found, *args, **kwargs):
        recorded.append(found)
        return real(found, *args, **kwargs)

    extractor.confidence.confidence_of = recording
    names = sorted(confidence.PRIOR_WEIGHTS)
    rows, labels, current, groups = [], [], [], []
    corpus = ROOT / "corpus"
    try:
        for path, reason in scan_corpus(corpus):
            if reason is not None:
                continue
            article = read_article(path, corpus)
            if article.path not in gold.articles:
                continue
            recorded.clear()
            claims = extractor.extract_claims(article, nlp)
            feats = {c.char_start: f for c, f in zip(claims, recorded)}
            preds = []
            for c in claims:
                row = c.to_row()
                row["article"], row["source"] = article.path, article.source
                preds.append(row)
            match = match_article(preds, by_article.get(article.path, []))
            outcome = {}
            for g, p in match.pairs:
                if p is not None:
                    outcome[p["char_start"]] = None if g.optional else not wrong_fields(p, g)
            for p in match.unmatched:
                outcome[p["char_start"]] = False
            for p in preds:
                label = outcome.get(p["char_start"])
                if label is None:
                    continue
                rows.append([float(feats[p["char_start"]][n]) for n in names])
                labels.append(float(label))
                current.append(p["confidence"])
                groups.append(article.path)
    finally:
        extractor.confidence.confidence_of = real
    return names, np.array(rows), np.array(labels), np.array(current), groups


def fit(x: np.ndarray, y: np.ndarray, l2: float) -> np.ndarray:
    """L2-penalised logistic regression by Newton's method; the first weight is the bias."""
    x1 = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(x1.shape[1])
    penalty = np.eye(len(w)) * l2
    penalty[0, 0] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-x1 @ w))
        grad = x1.T @ (p - y) + penalty @ w
        hess = (x1.T * (p * (1 - p))) @ x1 + penalty
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def predict(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-(w[0] + x @ w[1:])))


def auc(scores: np.ndarray, y: np.ndarray) -> float:
    """Probability that a right claim scores above a wrong one (ties count half)."""
    pos, neg = scores[y == 1], scores[y == 0]
    if not len(pos) or not len(neg):
        return float("nan")
    greater = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(greater / (len(pos) * len(neg)))


def bands(scores: np.ndarray, y: np.ndarray) -> str:
    lines = []
    for lo, hi in ((0.0, 0.6), (0.6, 0.8), (0.8, 0.9), (0.9, 1.01)):
        sel = (scores >= lo) & (scores < hi)
        share = f"{y[sel].mean():4.0%}" if sel.any() else "   -"
        lines.append(f"    {lo:.1f}-{min(hi, 1.0):.1f}: {int(sel.sum()):3d} claims, {share} right")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "gold", nargs="*", help="gold files (default: ../shared/gold/*.jsonl and *-no-claims.txt)"
    )
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--l2", type=float, default=1.0, help="L2 penalty (default 1.0)")
    args = parser.parse_args()
    gold = args.gold or sorted(
        glob.glob(str(ROOT.parent / "shared/gold/*.jsonl"))
        + glob.glob(str(ROOT.parent / "shared/gold/*-no-claims.txt"))
    )
    names, x, y, current, groups = collect(gold)
    right = int(y.sum())
    print(
        f"{len(y)} claims from {len(set(groups))} articles, {right} right, {len(y) - right} wrong"
    )

    articles = sorted(set(groups))
    fold_of = {a: i % args.folds for i, a in enumerate(articles)}
    held_out = np.zeros(len(y))
    for k in range(args.folds):
        test = np.array([fold_of[g] == k for g in groups])
        w = fit(x[~test], y[~test], args.l2)
        held_out[test] = predict(w, x[test])

    print(f"\nconfidence in use (extract/confidence.py): AUC {auc(current, y):.2f}")
    print(bands(current, y))
    print(f"\nfitted, {args.folds}-fold held out by article: AUC {auc(held_out, y):.2f}")
    print(bands(held_out, y))

    w = fit(x, y, args.l2)
    print("\nfitted on all articles (paste into extract/confidence.py):")
    print(f"BIAS = {w[0]:.2f}")
    print("WEIGHTS: dict[str, float] = {")
    for name, weight in zip(names, w[1:]):
        print(f'    "{name}": {weight:.2f},')
    print("}")


if __name__ == "__main__":
    main()
