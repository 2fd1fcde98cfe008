"""Fit the chapter boundary model on the dev files and write its weights.

Every candidate cut (the opening of each question-opened unit, `chapters.candidates`) gets
the features of `chapters.FEATURES`; a logistic regression says how likely a human chapter
starts there, and `chapters.pick_cuts` chooses the cuts by dynamic programming with a
log-normal chapter-length prior measured on the same files and a cost for chapters that
span more than one topic (`chapters.segment_dispersion`). Every variant (regularisation,
cut bias, prior weight, coherence weight, shortest chapter) is scored by leave-one-file-out cross-validation over the dev files
(the 22 dev conversations of the Lex pool and the two older chaptered transcripts): the
model and the length prior are fitted without the file they are scored on. The best by
median Pk (mean Pk breaks ties) is refitted on all dev files and written to
greenroom/analyze/chapter_model.json. The frozen test split
(bench/labels/chapters-split.json "test") is never read here: bench/chapters_bench.py scores it.

    python bench/fit_chapters.py [--write] [--tolerance]

Reproducible: the same files and code give the same weights (lbfgs, fixed order, no
random state). Embeddings are cached as in bench/chapters_bench.py.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
from analyze_bench import CASES as OLDER_CASES
from analyze_bench import boundary_string, score
from analyze_bench import load_case as load_older_case
from chapters_bench import (
    CACHE,
    SPLIT,
    CachedEmbedder,
    cached_texttiling,
    load_pool_case,
)

from greenroom.analyze import chapters as ch
from greenroom.model import Interview

REPO = Path(__file__).resolve().parents[1]
MODEL = REPO / "greenroom" / "analyze" / ch.MODEL_FILE
C_VALUES = (0.03, 0.1, 0.3)  # inverse L2 strength of the logistic regression
CUT_BIASES = tuple(np.round(np.arange(-5.0, 2.51, 0.5), 2))  # added to every cut's log-odds (the
#   coherence cost favours more cuts, so the bias that balances it runs negative)
LENGTH_WEIGHTS = (0.0, 0.25)  # weight of the chapter-length prior against the cuts (0.5 never won)
COHERENCE_WEIGHTS = (0.0, 1.0, 2.0, 3.0, 4.0)  # weight of each chapter's topic spread (0: off)
MIN_MINUTES = (3.0, 5.0)  # no chapter shorter than this (1 never won)


@dataclass
class Case:
    name: str
    interview: Interview
    reference: list[int]  # utterance indices that open human chapters
    found: ch.Candidates
    labels: np.ndarray  # 1 where a human chapter starts inside the unit (its opening is the nearest cut)
    baseline: float  # the better of TextTiling and no boundary, by Pk

    def pk(self, starts: list[int]) -> float:
        turns = len(self.interview.utterances)
        k = max(2, round(turns / len(self.reference) / 2))
        return score(boundary_string(self.reference, turns), boundary_string(starts, turns), k)[0]


def build(name: str, interview: Interview, reference: list[int], embedder: CachedEmbedder) -> Case:
    found = ch.candidates(interview, lambda: embedder)
    if found is None or found.features is None:
        raise SystemExit(f"{name}: too short to segment")
    labels = np.zeros(len(found.units))
    for start in reference:
        for c, unit in enumerate(found.units[1:], start=1):
            if unit.first <= start <= unit.last:
                labels[c] = 1
    turns = len(interview.utterances)
    case = Case(name, interview, reference, found, labels, 0.0)
    tiling = cached_texttiling(name, interview)
    case.baseline = min(case.pk([0]), case.pk(tiling if len(tiling) < turns else [0]))
    return case


def dev_cases(embedder: CachedEmbedder) -> list[Case]:
    names = json.loads(SPLIT.read_text(encoding="utf-8"))["dev"]
    cases = [build(name, *load_pool_case(name), embedder) for name in names]
    return cases + [build(name, *load_older_case(name), embedder) for name in OLDER_CASES]


def length_prior(cases: list[Case]) -> dict[str, float]:
    """Mean and spread of the log length in minutes of the human chapters."""
    logs = []
    for case in cases:
        utts = case.interview.utterances
        times = [utts[s].start for s in case.reference] + [max(u.end for u in utts)]
        logs += [np.log(max(0.5, (b - a) / 60_000)) for a, b in pairwise(times)]
    return {"mu": round(float(np.mean(logs)), 4), "sigma": round(float(np.std(logs)), 4)}


def fit(cases: list[Case], c: float) -> dict[str, Any]:
    """Standardised features and a logistic regression on every candidate cut of `cases`."""
    from sklearn.linear_model import LogisticRegression

    x = np.vstack([case.found.features[1:] for case in cases])  # type: ignore[index]
    y = np.concatenate([case.labels[1:] for case in cases])
    mean, spread = x.mean(axis=0), x.std(axis=0)
    scale = np.where(spread > 1e-6, spread, 1.0)
    model = LogisticRegression(C=c, max_iter=5000).fit((x - mean) / scale, y)
    return {"features": list(ch.FEATURES), "mean": mean.round(6).tolist(), "scale": scale.round(6).tolist(),
            "coef": model.coef_[0].round(6).tolist(), "intercept": round(float(model.intercept_[0]), 6),
            "length": length_prior(cases)}


def held_out_pk(case: Case, model: dict[str, Any], logits: np.ndarray) -> float:
    cuts = ch.pick_cuts(logits, case.found.times, model, case.found.dispersion)
    return case.pk(sorted({0, case.found.units[0].first} | {case.found.units[c].first for c in cuts}))


Variant = tuple[float, float, float, float, float]


def cross_validate(cases: list[Case]) -> dict[Variant, list[float]]:
    """Per (C, cut bias, length weight, coherence weight, shortest chapter): each file's Pk with a
    model fitted without it."""
    results: dict[Variant, list[float]] = {}
    for c in C_VALUES:
        folds = []
        for n, held in enumerate(cases):
            model = fit(cases[:n] + cases[n + 1:], c)
            folds.append((model, ch.cut_logits(held.found.features, model)))  # type: ignore[arg-type]
        for bias in CUT_BIASES:
            for weight in LENGTH_WEIGHTS:
                for coherence in COHERENCE_WEIGHTS:
                    for shortest in MIN_MINUTES:
                        decode = {"cut_bias": float(bias), "length_weight": weight,
                                  "coherence_weight": coherence, "min_minutes": shortest}
                        results[(c, float(bias), weight, coherence, shortest)] = [
                            held_out_pk(case, {**model, **decode}, logits)
                            for case, (model, logits) in zip(cases, folds)]
    return results


def _rank(pks: list[float]) -> tuple[float, float]:
    return round(statistics.median(pks), 3), statistics.mean(pks)


def nested(results: dict[Variant, list[float]]) -> list[float]:
    """Each file's Pk under the variant chosen without it (the choice is tuning too): an
    estimate for unseen files that the best variant's own figure flatters."""
    files = len(next(iter(results.values())))
    return [results[min(results, key=lambda v: _rank(results[v][:n] + results[v][n + 1:]))][n]
            for n in range(files)]


def tolerance(cases: list[Case], console: Console) -> None:
    """Where human chapter starts fall against the units: at an opening, inside a unit, or
    before the first one (the introduction)."""
    table = Table(title="human chapter starts against candidate cuts (dev)")
    for column in ("file", "starts", "at a unit opening", "inside a unit", "turns off (median)", "units"):
        table.add_column(column, justify="left" if column == "file" else "right")
    for case in cases:
        firsts = [u.first for u in case.found.units]
        inner = [s for s in case.reference[1:] if s not in firsts and s > firsts[0]]
        offsets = [s - max(f for f in firsts if f <= s) for s in inner]
        table.add_row(case.name, str(len(case.reference) - 1), str(len(case.reference) - 1 - len(inner)),
                      str(len(inner)), f"{statistics.median(offsets) if offsets else 0:.0f}", str(len(firsts)))
    console.print(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help=f"write the best model to {MODEL.relative_to(REPO)}")
    parser.add_argument("--tolerance", action="store_true", help="print where human starts fall against units")
    args = parser.parse_args()
    console = Console(width=140)
    embedder = CachedEmbedder(CACHE / "embeddings.pkl")
    try:
        cases = dev_cases(embedder)
    finally:
        embedder.save()
    if args.tolerance:
        tolerance(cases, console)
    results = cross_validate(cases)
    ranked = sorted(results, key=lambda v: _rank(results[v]))
    table = Table(title=f"leave-one-file-out on {len(cases)} dev files ({sum(len(c.labels) - 1 for c in cases)} "
                        f"candidate cuts, {int(sum(c.labels.sum() for c in cases))} at a human start)")
    for column in ("C", "cut bias", "length weight", "coherence weight", "shortest (min)", "median Pk", "mean Pk",
                   "<= 0.8x baseline"):
        table.add_column(column, justify="right")
    for variant in ranked[:12]:
        pks = results[variant]
        wins = sum(p <= 0.8 * case.baseline for p, case in zip(pks, cases)) / len(cases)
        table.add_row(*(f"{v:g}" for v in variant), f"{statistics.median(pks):.3f}", f"{statistics.mean(pks):.3f}",
                      f"{wins:.0%}")
    console.print(table)
    best = ranked[0]
    pks = results[best]
    console.print("per file (held out): " + ", ".join(f"{c.name} {p:.3f}" for c, p in zip(cases, pks)))
    alone = min((v for v in results if v[3] == 0.0), key=lambda v: _rank(results[v]))
    console.print(f"without the coherence term (best variant {alone}): median Pk "
                  f"{statistics.median(results[alone]):.3f}, mean {statistics.mean(results[alone]):.3f}, "
                  f"<= 0.8x baseline on {sum(p <= 0.8 * c.baseline for p, c in zip(results[alone], cases)) / len(cases):.0%}")
    fair = nested(results)
    fair_wins = sum(p <= 0.8 * case.baseline for p, case in zip(fair, cases)) / len(cases)
    console.print(f"nested (variant also chosen without the file): median Pk {statistics.median(fair):.3f}, "
                  f"mean {statistics.mean(fair):.3f}, <= 0.8x baseline on {fair_wins:.0%}")
    if args.write:
        c, bias, weight, coherence, shortest = best
        model = fit(cases, c)
        model.update(cut_bias=bias, length_weight=weight, coherence_weight=coherence, min_minutes=shortest, about={
            "fit_by": "bench/fit_chapters.py --write", "dev_files": [case.name for case in cases],
            "variant": {"C": c, "cut_bias": bias, "length_weight": weight, "coherence_weight": coherence,
                        "min_minutes": shortest},
            "loo_median_pk": round(statistics.median(pks), 3), "loo_mean_pk": round(statistics.mean(pks), 3),
            "loo_share_at_most_0.8x_baseline": round(sum(p <= 0.8 * x.baseline for p, x in zip(pks, cases))
                                                      / len(cases), 3),
            "nested_median_pk": round(statistics.median(fair), 3), "nested_share_at_most_0.8x_baseline":
                round(fair_wins, 3)})
        MODEL.write_text(json.dumps(model, indent=1) + "\n")
        console.print(f"wrote {MODEL.relative_to(REPO)}")


if __name__ == "__main__":
    main()
