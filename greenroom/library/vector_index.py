"""An inverted-file (IVF) index of the library's sentence vectors, for search by
meaning in a library too large to compare the query with every line.

Brute force costs one multiply per stored number: 867k lines of 384 numbers took
~400 ms a query. The index groups the vectors around `lists` centres (k-means,
trained on a sample) and keeps each group contiguous, so a query is compared with
the centres, then with the vectors of its `probe` nearest groups only: one matrix
product over a few percent of the library. On disk vectors are int8 with a scale
per vector (a quarter of float32's size); the caller re-scores the best
candidates with their stored float16 vectors, so the order it shows is exact and
only which lines become candidates is approximate. In memory the codes are decoded
once to float32 (what a query multiplies); on disk they stay int8.

The index is a plain numpy file beside the library (`sidecar`), written to a
temporary name and renamed, so a reader sees the old index or the new one, never
half of one. It names the model its vectors came from and the highest vector row
it covers; rows added later are the caller's "fresh tail", searched exactly until
the next rebuild. It holds vector row ids only: a row deleted since (an interview
removed, a line re-embedded) simply fails to look up.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

FORMAT = 1
# k-means: centres = round(sqrt(n)) clamped, trained on at most TRAIN_PER_LIST vectors a
# centre for TRAIN_ROUNDS rounds (enough: the lists only need to be roughly balanced).
MIN_LISTS, MAX_LISTS = 16, 4096
TRAIN_PER_LIST = 40
TRAIN_ROUNDS = 10
CHUNK = 32_768  # vectors assigned to centres per matrix product (bounds the build's memory)


@dataclass
class IvfIndex:
    """The index: centres, and per list its vectors' row ids, int8 codes and scales.

    List `i` holds rows `offsets[i]:offsets[i + 1]` of `rowids`, `codes`, `scales`."""

    model: str
    centroids: np.ndarray  # (lists, dim) float32, unit length
    offsets: np.ndarray  # (lists + 1,) int64
    rowids: np.ndarray  # (n,) int64: utterance_vectors rowids
    codes: np.ndarray  # (n, dim) int8
    scales: np.ndarray  # (n,) float32: vector ≈ codes × scale
    upto: int  # the highest vector rowid the index was built over
    checks: np.ndarray  # (m, 2) int64: (rowid, text hash as int) of a few rows, to tell libraries apart
    built_s: float = 0.0
    vectors: np.ndarray = field(init=False, repr=False)  # (n, dim) float32: the codes times their scales

    def __post_init__(self) -> None:
        """Decode the int8 codes once, into the float32 matrix a query multiplies: decoding
        a probe's 40k rows per query cost more than the product itself (a fresh 60 MB
        array each time; 120-1,000 ms against 30-90 ms on the busy 2-core machine)."""
        self.vectors = np.empty(self.codes.shape, dtype=np.float32)
        for s in range(0, len(self.codes), CHUNK):
            self.vectors[s:s + CHUNK] = self.codes[s:s + CHUNK].astype(np.float32) * self.scales[s:s + CHUNK, None]

    @property
    def size(self) -> int:
        return len(self.rowids)

    @property
    def lists(self) -> int:
        return len(self.centroids)

    def search(self, query: np.ndarray, k: int, probe: int,
               budget: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(row ids, approximate cosines) of the best `k` vectors in the lists nearest
        the query, best first: at most `probe` lists, and no more lists once `budget`
        vectors are in (the first list always is)."""
        closeness = self.centroids @ query
        near = np.argpartition(-closeness, probe - 1)[:probe] if probe < self.lists else np.arange(self.lists)
        near = near[np.argsort(-closeness[near], kind="stable")]
        spans, taken = [], 0
        for i in near:
            a, b = int(self.offsets[i]), int(self.offsets[i + 1])
            if b > a:
                spans.append((a, b))
                taken += b - a
            if budget is not None and taken >= budget:
                break
        if not spans:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        # one matrix-vector product per list: its rows are contiguous, so no gather and no copy
        scores = np.concatenate([self.vectors[a:b] @ query for a, b in spans])
        rows = np.concatenate([self.rowids[a:b] for a, b in spans])
        if k < len(scores):
            top = np.argpartition(-scores, k)[:k]
            top = top[np.argsort(-scores[top], kind="stable")]
        else:
            top = np.argsort(-scores, kind="stable")
        return rows[top], scores[top]


def lists_for(count: int) -> int:
    return int(min(MAX_LISTS, max(MIN_LISTS, round(count ** 0.5))))


def build(vectors: np.ndarray, rowids: np.ndarray, model: str, checks: np.ndarray,
          lists: int | None = None, seed: int = 0) -> IvfIndex:
    """Train centres on a sample of `vectors` (unit rows) and file every vector
    under its nearest centre."""
    began = time.perf_counter()
    lists = lists or lists_for(len(vectors))
    rng = np.random.default_rng(seed)
    centroids = _kmeans(vectors, lists, rng)
    assigned = np.concatenate([np.argmax(vectors[s:s + CHUNK].astype(np.float32) @ centroids.T, axis=1)
                               for s in range(0, len(vectors), CHUNK)]) if len(vectors) else np.zeros(0, int)
    order = np.argsort(assigned, kind="stable")
    offsets = np.zeros(lists + 1, dtype=np.int64)
    offsets[1:] = np.cumsum(np.bincount(assigned, minlength=lists))
    codes, scales = quantize(vectors[order])
    return IvfIndex(model, centroids, offsets, rowids[order].astype(np.int64), codes, scales,
                    int(rowids.max()) if len(rowids) else 0, checks, time.perf_counter() - began)


def quantize(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 codes and a scale per row, the row's largest magnitude mapped to 127."""
    out_codes = np.empty(vectors.shape, dtype=np.int8)
    out_scales = np.empty(len(vectors), dtype=np.float32)
    for s in range(0, len(vectors), CHUNK):
        part = vectors[s:s + CHUNK].astype(np.float32)
        scale = np.maximum(np.abs(part).max(axis=1), 1e-12) / 127.0
        out_codes[s:s + CHUNK] = np.rint(part / scale[:, None]).astype(np.int8)
        out_scales[s:s + CHUNK] = scale
    return out_codes, out_scales


def _kmeans(vectors: np.ndarray, lists: int, rng: np.random.Generator) -> np.ndarray:
    """Spherical k-means (cosine) on a sample: unit centres."""
    size = min(len(vectors), lists * TRAIN_PER_LIST)
    sample = vectors[np.sort(rng.choice(len(vectors), size, replace=False))].astype(np.float32)
    centroids = sample[rng.choice(size, lists, replace=False)].copy()
    for _ in range(TRAIN_ROUNDS):
        nearest = np.argmax(sample @ centroids.T, axis=1)
        sums = np.zeros_like(centroids)
        np.add.at(sums, nearest, sample)
        empty = np.linalg.norm(sums, axis=1) < 1e-9
        sums[empty] = sample[rng.choice(size, int(empty.sum()))]  # an empty list restarts on a random vector
        centroids = sums / np.linalg.norm(sums, axis=1, keepdims=True)
    return centroids


def sidecar(library_path: Path, model: str) -> Path:
    """Where a library's index for `model` lives: beside it, named after both."""
    return library_path.parent / f"{library_path.stem}-vectors-{model}.ivf.npz"


def save(index: IvfIndex, path: Path) -> None:
    """Write atomically: a temporary file in the same folder, then a rename."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with temporary.open("wb") as handle:
        np.savez(handle, format=np.array(FORMAT), model=np.array(index.model), centroids=index.centroids,
                 offsets=index.offsets, rowids=index.rowids, codes=index.codes, scales=index.scales,
                 upto=np.array(index.upto), checks=index.checks, built_s=np.array(index.built_s))
    os.replace(temporary, path)


class Unusable(Exception):
    """An index file that must not be used (another model, another format, unreadable)."""


def load(path: Path, model: str, dim: int | None = None) -> IvfIndex:
    """The index at `path`; `Unusable` with the reason when it was built for another
    model or format, or cannot be read."""
    try:
        with np.load(path, allow_pickle=False) as data:
            if int(data["format"]) != FORMAT:
                raise Unusable(f"{path.name}: format {int(data['format'])}, this code reads {FORMAT}")
            if str(data["model"]) != model:
                raise Unusable(f"{path.name}: built for model {str(data['model'])!r}, searching with {model!r}")
            index = IvfIndex(model, data["centroids"], data["offsets"], data["rowids"], data["codes"],
                             data["scales"], int(data["upto"]), data["checks"], float(data["built_s"]))
    except (OSError, ValueError, KeyError, EOFError) as err:
        raise Unusable(f"{path.name}: unreadable ({err})") from None
    if dim is not None and index.centroids.shape[1] != dim:
        raise Unusable(f"{path.name}: vectors of {index.centroids.shape[1]} numbers, the model gives {dim}")
    return index
