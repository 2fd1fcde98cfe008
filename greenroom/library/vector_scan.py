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
cheaper than the two stages.

FIGURES
"""

from __future__ import annotations

import math
import time

import numpy as np

EXACT_BELOW = 50_000
DIMS = 128
CANDIDATES_PER_HIT = 40
MIN_CANDIDATES = 2_000
CANDIDATE_SHARE = 0.01
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
        chosen = np.argpartition(-rough, count - 1)[:count] if count < len(self) else np.arange(len(self))
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
