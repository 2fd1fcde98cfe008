"""Search by meaning over many stored vectors: every row is looked at, cheaply, then the
best few are compared in full.

Comparing a query with every stored vector in full reads the whole matrix per query
(867k MiniLM rows of 384 numbers: 1.33 GB of float32, ~100 ms on this machine). A
`Scan` keeps beside the rows a short sketch of each one: its coordinates on the
`dims` principal axes of the rows (PCA, fitted on a sample when the scan is built),
as float32. A query is projected on the same axes and compared with every sketch
(a fraction of the bytes), the `candidates` best by sketch are compared with their
full rows, and the best of those are returned in exact order. So the order is exact
and only which rows become candidates is approximate; unlike an IVF index (whose
lists lost real neighbours: MiniLM vectors cluster poorly) every row gets its
chance in stage one.

Below EXACT_BELOW rows the scan is plain brute force: there the full product is
cheaper than the two stages (one BLAS thread, k=50: even at ~35k rows; k=200, the
pool `semantic` asks for: 7.5 against 7.3 ms at 75k, 10.0 against 8.7 at 100k).

Measured (2 cores; recall = share of the exact top 50 found, by score, ties allowed;
dev = 300 distinct corpus sentences held out, test = search_bench's 38 queries):
- the 10k-interview bench library, 867k rows of 3,267 texts (~265 copies each: copies
  tie in the sketch, so a missed text misses all its copies), dev/test:
  d'=96: C=8k .980/.953, 16k .980/.974, 24k .990/1; d'=128: C=4k .983/.974,
  6k .992/1, 8k .993/1, 16k 1/1; d'=160: C=4k .997/1, 6k 1/1.
- 97k real distinct sentence vectors: the candidates needed for .98 of dev grow with
  n, slowest for more dims: d'=64 ~1,000/2,100/4,000 at 19k/48k/97k rows (like n);
  d'=96 300/480/800/1,100 at 12k/24k/48k/97k; d'=128 170/220/280/380 (x1.3 a
  doubling: ~900 at 867k). At 97k, d'=128 C=2,000: .998 dev, .999 test.
- at 867k, k=50, load 1.6-2: one BLAS thread, brute force 94/100 ms (p50/p95),
  the scan 37/39 (CPU time the same); two threads, brute force 50/56 wall (104 CPU),
  the scan 23/26 wall (47/51 CPU). Stage one reads 444 MB (27 ms on one thread);
  the re-score casts C float16 rows (~4 ms for 8,668; ~29 ms for 32k).
So DIMS = 128 and C = max(40 k, 2,000, 1 % of n): 8,668 at 867k, where the copies
need ~6k and distinct lines (extrapolated) ~1k. Built in 1.6-3.3 s at 867k (7.8 s at
load 3.4): build it off the request path. It holds 444 MB beside the rows; with the
rows as stored (float16, 666 MB) 1.11 GB against 1.33 GB of float32.
usearch HNSW (f16, connectivity 16), compared: on 97k distinct sentences built in
46 s, 152 MB, recall .968/.989/.996 at expansion_search 128/256/512 in 0.5/1.0/1.7
ms; on the bench library (copies) built in 290 s and found .25-.53: copies break its
graph. Not adopted: the numpy scan meets the target without a dependency.
"""

from __future__ import annotations

import math
import time

import numpy as np

EXACT_BELOW = 100_000  # fewer rows: brute force (a float32 copy, <= 154 MB)
DIMS = 128  # principal axes in the sketch
CANDIDATES_PER_HIT = 40  # rows re-scored in full: 40 per hit wanted,
MIN_CANDIDATES = 2_000  # at least this many,
CANDIDATE_SHARE = 0.01  # and at least this share of the rows (copies of one text all tie)
SAMPLE = 50_000  # rows the principal axes are fitted on (a 384x384 covariance: enough)
CHUNK = 65_536  # rows projected per matrix product while building (bounds the build's memory)


class Scan:
    """The rows of one matrix (unit length, float16 or float32, n x dim), searchable by
    cosine. Built once per matrix (seconds at a million rows); `top` is thread-safe
    (it only reads). The matrix is kept as given, not copied: pass the stored float16
    rows to keep half the memory of float32."""

    def __init__(self, matrix: np.ndarray, *, dims: int = DIMS, share: float = CANDIDATE_SHARE,
                 least: int = MIN_CANDIDATES, exact_below: int = EXACT_BELOW, seed: int = 0):
        began = time.perf_counter()
        self.share, self.least = share, least
        if matrix.ndim != 2:
            raise ValueError(f"a scan needs a 2-d matrix of row vectors, not shape {matrix.shape}")
        self.rows = matrix
        self.exact = len(matrix) < exact_below or matrix.shape[1] <= dims
        if self.exact:
            self.full = np.ascontiguousarray(matrix, dtype=np.float32)
            self.sketch = np.zeros((len(matrix), 0), dtype=np.float32)
            self.axes = np.zeros((matrix.shape[1], 0), dtype=np.float32)
        else:
            self.full = np.zeros((0, matrix.shape[1]), dtype=np.float32)
            centre, self.axes = principal_axes(matrix, dims, np.random.default_rng(seed))
            self.sketch = project(matrix, centre, self.axes)
        self.built_s = time.perf_counter() - began

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def nbytes(self) -> int:
        """Memory the scan holds beyond the caller's matrix."""
        return self.full.nbytes + self.sketch.nbytes + self.axes.nbytes

    def candidates(self, k: int) -> int:
        """How many rows stage one hands to the full comparison for `k` hits."""
        wanted = max(k * CANDIDATES_PER_HIT, self.least, math.ceil(self.share * len(self)))
        return min(len(self), wanted)

    def top(self, vector: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(row indices, cosines) of the `k` rows closest to `vector`, best first (ties by
        row index); fewer when the matrix has fewer rows."""
        query = np.asarray(vector, dtype=np.float32).reshape(-1)
        if k <= 0 or not len(self):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        if self.exact:
            return best(np.arange(len(self)), self.full @ query, k)
        rough = self.sketch @ (query @ self.axes)
        count = self.candidates(k)
        cut = len(self) - count  # the `count` highest sit past it after the partition (no negated copy)
        chosen = np.argpartition(rough, cut)[cut:] if cut > 0 else np.arange(len(self))
        chosen.sort()  # rows read in memory order
        return best(chosen, self.rows[chosen].astype(np.float32) @ query, k)


def best(rows: np.ndarray, scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The `k` highest of `scores` (one per entry of `rows`) as (rows, scores), best first,
    ties by row index. A partial sort: a full sort of a million scores took ~100 ms."""
    if k < len(scores):
        keep = np.argpartition(-scores, k - 1)[:k]
        rows, scores = rows[keep], scores[keep]
    order = np.lexsort((rows, -scores))
    return rows[order].astype(np.int64), scores[order].astype(np.float32)


def principal_axes(matrix: np.ndarray, dims: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """The rows' mean and their `dims` principal axes (dim x dims, float32), fitted on a
    sample of SAMPLE rows."""
    picks = np.sort(rng.choice(len(matrix), min(SAMPLE, len(matrix)), replace=False))
    sample = matrix[picks].astype(np.float64)
    centre = sample.mean(axis=0)
    sample -= centre
    variances, axes = np.linalg.eigh(sample.T @ sample)
    strongest = np.argsort(variances)[::-1][:dims]
    return centre.astype(np.float32), np.ascontiguousarray(axes[:, strongest], dtype=np.float32)


def project(matrix: np.ndarray, centre: np.ndarray, axes: np.ndarray) -> np.ndarray:
    """Every row's coordinates on `axes` (from `centre`: the mean adds the same to every
    row's score, so it is dropped), float32, CHUNK rows at a time."""
    sketch = np.empty((len(matrix), axes.shape[1]), dtype=np.float32)
    for start in range(0, len(matrix), CHUNK):
        sketch[start:start + CHUNK] = (matrix[start:start + CHUNK].astype(np.float32) - centre) @ axes
    return sketch
