"""Fit the moment ranker on the dev split of the labelled pool and write its weights.

Every candidate model is scored by leave-one-interview-out cross-validation on
the dev interviews (a model never sees the interview it is scored on); the best
by mean precision@10 (AUC breaks ties) is refitted on all dev interviews and
written to greenroom/analyze/moment_model.json. The frozen test split
(bench/labels/moments/split.json) is never read here: bench/analyze_bench.py
scores it.

    python bench/fit_moments.py [--write]

Reproducible: the same labels and code give the same weights (liblinear-free
lbfgs, fixed order, no random state involved).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.progress import track
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
from moment_eval import Case, build, labelled, score, summary

REPO = Path(__file__).resolve().parents[1]
MODEL = REPO / "greenroom" / "analyze" / "moment_model.json"
# (name, use embeddings, C): C is the inverse L2 strength of the logistic regression.
VARIANTS = [
    ("features, C=0.03", False, 0.03), ("features, C=0.3", False, 0.3), ("features, C=3", False, 3.0),
    ("features+embedding, C=0.01", True, 0.01), ("features+embedding, C=0.03", True, 0.03),
    ("features+embedding, C=0.1", True, 0.1), ("features+embedding, C=0.3", True, 0.3),
    ("features+embedding, C=1", True, 1.0), ("features+embedding, C=3", True, 3.0),
]


def matrix(cases: list[Case], names: list[str], embeddings: bool) -> tuple[np.ndarray, np.ndarray]:
    rows = [[f[n] for n in names] for c in cases for f in c.feats]
    x = np.array(rows, dtype=float)
    if embeddings:
        x = np.hstack([x, np.vstack([c.embeddings for c in cases])])
    return x, np.concatenate([c.y for c in cases])


class Fitted:
    """Standardised named features (embeddings as they are: unit vectors) and a logistic regression."""

    def __init__(self, cases: list[Case], names: list[str], embeddings: bool, c: float):
        from sklearn.linear_model import LogisticRegression

        x, y = matrix(cases, names, embeddings)
        self.names, self.embeddings, self.k = names, embeddings, len(names)
        self.mean = x[:, :self.k].mean(axis=0)
        spread = x[:, :self.k].std(axis=0)
        self.scale = np.where(spread > 1e-6, spread, 1.0)  # a feature constant on the labels carries nothing
        self.model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced")
        self.model.fit(self._z(x), y)

    def _z(self, x: np.ndarray) -> np.ndarray:
        z = x.copy()
        z[:, :self.k] = (x[:, :self.k] - self.mean) / self.scale
        return z

    def scores(self, case: Case) -> np.ndarray:
        x, _ = matrix([case], self.names, self.embeddings)
        return self.model.decision_function(self._z(x))

    def to_dict(self, about: dict) -> dict:
        coef = self.model.coef_[0]
        return {"about": about, "names": self.names, "mean": self.mean.round(6).tolist(),
                "scale": self.scale.round(6).tolist(), "coef": coef[:self.k].round(6).tolist(),
                "embedding_coef": coef[self.k:].round(6).tolist(), "intercept": round(float(self.model.intercept_[0]), 6)}


def cross_validate(cases: list[Case], names: list[str], embeddings: bool, c: float) -> dict[str, float]:
    results = []
    for n, held in enumerate(cases):
        fitted = Fitted(cases[:n] + cases[n + 1:], names, embeddings, c)
        results.append(score(held, fitted.scores(held)))
    return summary(results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="write the best model to " + str(MODEL.relative_to(REPO)))
    args = parser.parse_args()
    console = Console()
    files = labelled("dev")
    cases = [build(f) for f in track(files, description="stories, features, embeddings", console=console)]
    names = sorted(cases[0].feats[0])
    table = Table(title=f"Leave-one-interview-out on {len(cases)} dev interviews "
                        f"({sum(len(c.hits) for c in cases)} units, {int(sum(c.y.sum() for c in cases))} hit a pick)")
    for column in ("model", "P@10", "R@10", "AUC", "distinct (min)", "random P@10", "z"):
        table.add_column(column)
    results = {}
    for label, embeddings, c in VARIANTS:
        m = cross_validate(cases, names, embeddings, c)
        results[label] = (m, embeddings, c)
        table.add_row(label, f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['auc']:.3f}",
                      f"{m['distinct']:.1f} ({m['min_distinct']:.0f})", f"{m['random_mean']:.3f} ± {m['random_sd']:.3f}",
                      f"{m['z']:.1f}")
    console.print(table)
    if args.write:
        models = {}
        for kind, with_embeddings in (("with_embedding", True), ("features_only", False)):
            best = max((k for k in results if results[k][1] == with_embeddings),
                       key=lambda k: (round(results[k][0]["precision"], 3), results[k][0]["auc"]))
            m, embeddings, c = results[best]
            console.print(f"{kind}: best by cross-validated P@10: {best}")
            about = {"variant": best, "dev_files": files, "cv_precision_at_10": round(m["precision"], 3),
                     "cv_auc": round(m["auc"], 3), "units": int(sum(len(x.hits) for x in cases)),
                     "fit_by": "bench/fit_moments.py --write"}
            models[kind] = Fitted(cases, names, embeddings, c).to_dict(about)
        MODEL.write_text(json.dumps(models, indent=1) + "\n")
        console.print(f"wrote {MODEL.relative_to(REPO)}")


if __name__ == "__main__":
    main()
