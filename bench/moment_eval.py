"""Scoring moments against editors' ranked picks (bench/labels/moments), shared by
bench/fit_moments.py (fitting) and bench/analyze_bench.py (the report).

A story unit *hits* a pick when they share at least HIT_OVERLAP of the shorter of
the two spans. For the top 10 units of an interview:

- precision@10: units that hit some pick, out of 10;
- recall@10: picks hit by some top unit, out of all picks;
- distinct stories: different picks hit, plus top units that hit none and do not
  continue another top unit of the same answer;
- AUC: how often a unit that hits a pick outscores one that does not (all units);
- random: the precision@10 of 10 units drawn at random from the same units
  (hypergeometric mean and standard deviation, exact).
"""

from __future__ import annotations

import hashlib
import math
import pickle
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from moment_labels import CORPUS, LABELS, load_interview, read, split  # type: ignore[import-not-found]

HIT_OVERLAP = 0.5
TOP = 10
CACHE = Path("/tmp/greenroom-moment-cache")


@dataclass
class Case:
    """One labelled interview, cut into story units with features and labels."""

    file: str
    starts: list[int]
    ends: list[int]
    answers: list[int]
    parts: list[int]
    feats: list[dict[str, float]]
    embeddings: np.ndarray
    picks: list[tuple[int, int]]  # reader r1's picks, in rank order
    hits: list[int] = field(default_factory=list)  # per unit: index of the pick it hits, or -1

    @property
    def y(self) -> np.ndarray:
        return np.array([h >= 0 for h in self.hits], dtype=float)


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return max(0, shared) / max(1, min(a[1] - a[0], b[1] - b[0]))


def best_hit(span: tuple[int, int], picks: list[tuple[int, int]]) -> int:
    found = [(overlap(span, p), n) for n, p in enumerate(picks) if overlap(span, p) >= HIT_OVERLAP]
    return max(found)[1] if found else -1


def label_path(file: str, reader: str = "r1") -> Path:
    return LABELS / f"{file.replace('/', '-').removesuffix('.txt')}.{reader}.json"


def build(file: str, reader: str = "r1") -> Case:
    """Stories, features and embeddings of one corpus file (cached by code and label hash)."""
    from greenroom.analyze.moments import guest_sentences, load_sentiment, signals_of
    from greenroom.analyze.ranker import interview_features, story_text
    from greenroom.analyze.stories import stories
    from greenroom.backends.embed import default_embedder

    key = hashlib.sha256((_code_hash() + file + label_path(file, reader).read_text()).encode()).hexdigest()[:16]
    cached = CACHE / f"{key}.pickle"
    if cached.exists():
        return pickle.loads(cached.read_bytes())
    interview = load_interview(file)
    units = stories(interview, guest_sentences(interview))
    feats = interview_features(interview, units, signals_of(interview, load_sentiment()))
    vectors = default_embedder().embed([story_text(s) for s in units])
    picks = [(p.start, p.end) for p in read(label_path(file, reader), interview).picks]
    case = Case(file, [s.start for s in units], [s.end for s in units], [s.answer for s in units],
                [s.part for s in units], feats, vectors, picks)
    case.hits = [best_hit((a, b), picks) for a, b in zip(case.starts, case.ends, strict=True)]
    CACHE.mkdir(exist_ok=True)
    cached.write_bytes(pickle.dumps(case))
    return case


def _code_hash() -> str:
    root = Path(__file__).resolve().parents[1] / "greenroom" / "analyze"
    names = ("moments.py", "stories.py", "ranker.py", "standalone.py", "sentences.py", "turns.py",
             "../capture/roles.py")  # who asks decides whose answers are stories
    return hashlib.sha256(b"".join((root / n).read_bytes() for n in names)).hexdigest()


def labelled(part: str) -> list[str]:
    """The split's files that have a primary reading."""
    return [f for f in split()[part] if label_path(f).exists()]


@dataclass(frozen=True)
class _Unit:
    """What the shipped chooser reads of a story."""

    answer: int
    part: int
    start: int


def choose(case: Case, scores: np.ndarray, top: int = TOP) -> list[int]:
    """The shipped chooser (`ranker.choose`: two halves of one story count once) on a case."""
    from greenroom.analyze.ranker import choose as choose_stories

    units = [_Unit(a, p, s) for a, p, s in zip(case.answers, case.parts, case.starts, strict=True)]
    return choose_stories(units, [float(x) for x in scores], top)  # type: ignore[arg-type]


def auc(y: np.ndarray, scores: np.ndarray) -> float:
    pos, neg = scores[y > 0], scores[y == 0]
    if not len(pos) or not len(neg):
        return float("nan")
    wins = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(wins / (len(pos) * len(neg)))


@dataclass
class Score:
    precision: float
    recall: float
    distinct: int
    auc: float
    random_mean: float
    random_var: float


def score(case: Case, scores: np.ndarray) -> Score:
    chosen = choose(case, scores)
    hits = [case.hits[i] for i in chosen]
    found = {h for h in hits if h >= 0}
    loose = [i for i in chosen if case.hits[i] < 0
             and not any(case.answers[i] == case.answers[j] and case.parts[j] == case.parts[i] - 1 for j in chosen)]
    n, k, draw = len(case.hits), int(case.y.sum()), min(TOP, len(case.hits))
    mean = k / n if n else 0.0
    var = draw * mean * (1 - mean) * (n - draw) / max(1, n - 1) / TOP ** 2
    return Score(sum(h >= 0 for h in hits) / TOP, len(found) / max(1, len(case.picks)),
                 len(found) + len(loose), auc(case.y, scores), mean, var)


def summary(scores: list[Score]) -> dict[str, float]:
    """Means over interviews; z: how many standard deviations of the random mean the method is above it."""
    n = len(scores)
    mean = {name: float(np.nanmean([getattr(s, name) for s in scores])) for name in
            ("precision", "recall", "distinct", "auc", "random_mean")}
    sd = math.sqrt(sum(s.random_var for s in scores)) / n if n else float("nan")
    mean["random_sd"] = sd
    mean["z"] = (mean["precision"] - mean["random_mean"]) / sd if sd else float("nan")
    mean["min_distinct"] = float(min(s.distinct for s in scores)) if scores else float("nan")
    return mean


__all__ = ["CORPUS", "Case", "Score", "build", "choose", "labelled", "score", "summary"]
