"""Where the chapter loss is: the ceiling of the candidate cuts, count against placement, misses.

The boundary model (greenroom/analyze/chapters.py) may cut only where a unit opens (an
interviewer's question after an answer). Per file of the Lex chaptered pool, dev and test side
by side, this scores at turn level (Pk, as bench/chapters_bench.py):

- **model**: the cuts the model picks (dev: each file with a model fitted without it, by
  bench/fit_chapters.py's `fit`, and the shipped decoding; test: the shipped model);
- **oracle**: a cut at the unit opening nearest each human chapter start, the best any ranking
  of these candidates can do, and the same with the turn after each opening also a candidate
  (people's listed times often fall inside the question's turn and map to the answer's);
- **count given**: the model's ranking with the human number of chapters forced (the cut bias
  searched until the dynamic programme returns that many), and that number of cuts evenly
  spaced in time and snapped to unit openings, so that count and placement can be told apart;

and, for the model's cuts and the count-given cuts, how far each human start is from the nearest
cut: at its best candidate, one unit off, within 2 minutes, or missed (no cut within 2 minutes),
with the cuts that fall more than 2 minutes from any human start.

    python bench/chapters_ceiling.py [--split dev|test|both]

It reads the test split only to score it, as bench/chapters_bench.py does; nothing here is
fitted on test.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fit_chapters as fc
from chapters_bench import CACHE, SPLIT, CachedEmbedder, load_pool_case

from greenroom.analyze import chapters as ch

NEAR_MS = 120_000  # a cut within 2 minutes of a human start is "near" it
MISS_KINDS = ("at best candidate", "one unit off", "within 2 min", "missed")


@dataclass
class Row:
    name: str
    split: str
    reference: int
    found: int
    pk: dict[str, float] = field(default_factory=dict)
    baseline: float = 0.0
    misses: dict[str, Counter[str]] = field(default_factory=dict)
    stray: dict[str, tuple[int, int]] = field(default_factory=dict)  # cuts > 2 min from any start, of all cuts
    offsets: Counter[str] = field(default_factory=Counter)  # human starts against unit openings


def base_starts(case: fc.Case) -> set[int]:
    """What every segmentation opens with: turn 0 and the first unit (after any introduction)."""
    return {0, case.found.units[0].first}


def to_starts(case: fc.Case, cuts: list[int]) -> list[int]:
    return sorted(base_starts(case) | {case.found.units[c].first for c in cuts})


def nearest(candidates: list[int], turn: int) -> int:
    """The candidate turn closest to `turn` (the earlier on a tie)."""
    return min(candidates, key=lambda c: (abs(c - turn), c))


def oracle(case: fc.Case, after_too: bool = False) -> list[int]:
    """A cut at the candidate nearest each human start: the ceiling of the candidate set."""
    openings = sorted({0} | {u.first for u in case.found.units})
    if after_too:
        turns = len(case.interview.utterances)
        openings = sorted(set(openings) | {t + 1 for t in openings if t + 1 < turns})
    return sorted({0} | {nearest(openings, s) for s in case.reference})


def wanted_cuts(case: fc.Case) -> int:
    """How many cuts give the human number of chapters, after the ones every segmentation has."""
    return max(0, len(case.reference) - len(base_starts(case)))


def count_given(case: fc.Case, logits: np.ndarray, model: dict[str, Any]) -> list[int]:
    """The model's cuts with the cut bias searched (bisection) until the dynamic programme
    returns the human number of cuts, or the nearest count it can reach."""
    want = wanted_cuts(case)
    lo, hi = -30.0, 30.0
    best = ch.pick_cuts(logits, case.found.times, {**model, "cut_bias": 0.0}, case.found.dispersion)
    for _ in range(40):
        mid = (lo + hi) / 2
        cuts = ch.pick_cuts(logits, case.found.times, {**model, "cut_bias": mid}, case.found.dispersion)
        if abs(len(cuts) - want) < abs(len(best) - want):
            best = cuts
        if len(cuts) == want:
            return cuts
        lo, hi = (mid, hi) if len(cuts) < want else (lo, mid)
    return best


def evenly(case: fc.Case) -> list[int]:
    """The human number of cuts spaced evenly in time, each at the nearest unit opening."""
    want, units = wanted_cuts(case), case.found.units
    begin, end = case.found.times[0], case.found.times[-1]
    starts = np.array([u.start for u in units[1:]])
    if want == 0 or not len(starts):
        return []
    marks = [begin + (end - begin) * (i + 1) / (want + 1) for i in range(want)]
    return sorted({1 + int(np.argmin(np.abs(starts - m))) for m in marks})


def miss_kinds(case: fc.Case, starts: list[int]) -> tuple[Counter[str], tuple[int, int]]:
    """Each human start (after the first unit) by its distance to the nearest cut, and the
    cuts more than 2 minutes from any human start."""
    utts, units = case.interview.utterances, case.found.units
    openings = [u.first for u in units]
    cuts = [s for s in starts if s not in base_starts(case)]
    kinds: Counter[str] = Counter()
    for s in case.reference:
        if s <= openings[0]:
            continue
        best = nearest(openings, s)
        where = openings.index(best)
        neighbours = set(openings[max(0, where - 1):where + 2])
        if best in cuts:
            kinds["at best candidate"] += 1
        elif neighbours & set(cuts):
            kinds["one unit off"] += 1
        elif any(abs(utts[c].start - utts[s].start) <= NEAR_MS for c in cuts):
            kinds["within 2 min"] += 1
        else:
            kinds["missed"] += 1
    stray = sum(all(abs(utts[c].start - utts[s].start) > NEAR_MS for s in case.reference) for c in cuts)
    return kinds, (stray, len(cuts))


def offsets(case: fc.Case) -> Counter[str]:
    """Where human starts fall against unit openings: at one, 1 turn inside a unit, 2+ inside."""
    openings = [u.first for u in case.found.units]
    found: Counter[str] = Counter()
    for s in case.reference:
        if s <= openings[0]:
            continue
        inside = s - max(o for o in openings if o <= s)
        found["at an opening" if inside == 0 else "1 turn inside" if inside == 1 else "2+ turns inside"] += 1
    return found


def score_case(case: fc.Case, split: str, logits: np.ndarray, model: dict[str, Any]) -> Row:
    cuts = ch.pick_cuts(logits, case.found.times, model, case.found.dispersion)
    forced = count_given(case, logits, model)
    segmentations = {
        "model": to_starts(case, cuts),
        "oracle": oracle(case),
        "oracle +1 turn": oracle(case, after_too=True),
        "count given": to_starts(case, forced),
        "count given, even": to_starts(case, evenly(case)),
        "no boundary": [0],
    }
    row = Row(case.name, split, len(case.reference), len(segmentations["model"]), baseline=case.baseline)
    row.pk = {name: case.pk(starts) for name, starts in segmentations.items()}
    for name in ("model", "count given"):
        row.misses[name], row.stray[name] = miss_kinds(case, segmentations[name])
    row.offsets = offsets(case)
    return row


def dev_rows(cases: list[fc.Case], model: dict[str, Any], pool: set[str]) -> list[Row]:
    """Each pool dev file scored with a model fitted on the other dev files (the two older
    transcripts included in fitting, as bench/fit_chapters.py does)."""
    decode = {k: model[k] for k in ("cut_bias", "length_weight", "coherence_weight", "min_minutes")}
    rows = []
    for n, held in enumerate(cases):
        if held.name not in pool:
            continue
        fitted = {**fc.fit(cases[:n] + cases[n + 1:], model["about"]["variant"]["C"]), **decode}
        rows.append(score_case(held, "dev", ch.cut_logits(held.found.features, fitted), fitted))  # type: ignore[arg-type]
    return rows


def test_rows(names: list[str], model: dict[str, Any], embedder: CachedEmbedder) -> list[Row]:
    rows = []
    for name in names:
        case = fc.build(name, *load_pool_case(name), embedder)
        rows.append(score_case(case, "test", ch.cut_logits(case.found.features, model), model))  # type: ignore[arg-type]
    return rows


METHODS = ("model", "oracle", "oracle +1 turn", "count given", "count given, even", "no boundary")


def per_file(rows: list[Row]) -> Table:
    table = Table(title="Pk per file (lower is better): the model, its ceiling, and the count given")
    for column in ("split", "file", "ref", "ours", *METHODS, "0.8x better baseline"):
        table.add_column(column, justify="left" if column in ("split", "file") else "right")
    for r in rows:
        table.add_row(r.split, r.name, str(r.reference), str(r.found), *(f"{r.pk[m]:.3f}" for m in METHODS),
                      f"{0.8 * r.baseline:.3f}")
    return table


def summary(rows: list[Row], splits: list[str]) -> Table:
    table = Table(title="per split: median Pk, and files with Pk <= 0.8 x the better baseline")
    table.add_column("segmentation")
    for split in splits:
        table.add_column(f"{split} median Pk", justify="right")
        table.add_column(f"{split} <= 0.8x", justify="right")
    for method in METHODS:
        cells = []
        for split in splits:
            rs = [r for r in rows if r.split == split]
            cells += [f"{statistics.median(r.pk[method] for r in rs):.3f}",
                      f"{sum(r.pk[method] <= 0.8 * r.baseline for r in rs) / len(rs):.0%}"]
        table.add_row(method, *cells)
    return table


def misses(rows: list[Row], splits: list[str]) -> Table:
    table = Table(title="human chapter starts by distance to the nearest cut (share of starts), and stray cuts")
    table.add_column("cuts")
    table.add_column("split")
    for column in (*MISS_KINDS, "starts", "cuts > 2 min from any start"):
        table.add_column(column, justify="right")
    for method in ("model", "count given"):
        for split in splits:
            rs = [r for r in rows if r.split == split]
            kinds = sum((r.misses[method] for r in rs), Counter())
            total = sum(kinds.values())
            stray, cuts = (sum(r.stray[method][i] for r in rs) for i in (0, 1))
            table.add_row(method, split, *(f"{kinds[k] / total:.0%}" for k in MISS_KINDS), str(total),
                          f"{stray}/{cuts} ({stray / max(1, cuts):.0%})")
    for split in splits:
        found = sum((r.offsets for r in rows if r.split == split), Counter())
        total = sum(found.values())
        table.caption = (table.caption or "") + f"{split}: human starts " + ", ".join(
            f"{k} {found[k] / total:.0%}" for k in ("at an opening", "1 turn inside", "2+ turns inside")) + ". "
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("dev", "test", "both"), default="both")
    parser.add_argument("--json", type=Path, help="write per-file figures here")
    args = parser.parse_args()
    split = json.loads(SPLIT.read_text(encoding="utf-8"))
    splits = ["dev", "test"] if args.split == "both" else [args.split]
    model = ch.chapter_model()
    embedder = CachedEmbedder(CACHE / "embeddings.pkl")
    rows: list[Row] = []
    try:
        if "dev" in splits:
            rows += dev_rows(fc.dev_cases(embedder), model, set(split["dev"]))
        if "test" in splits:
            rows += test_rows(split["test"], model, embedder)
    finally:
        embedder.save()
    console = Console(width=160)
    console.print(per_file(rows))
    console.print(summary(rows, splits))
    console.print(misses(rows, splits))
    if args.json:
        args.json.write_text(json.dumps([{"name": r.name, "split": r.split, "pk": r.pk, "baseline": r.baseline,
                                          "misses": r.misses, "stray": r.stray} for r in rows], indent=1))


if __name__ == "__main__":
    main()
