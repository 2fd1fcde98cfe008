"""Who spoke when: clustering voice embeddings of short speech pieces into speakers.

Pieces are runs of words inside one recogniser segment, cut at pauses and kept
under ~2 s, so a segment that spans a change of speaker is split at the change
(labels are per word, through the piece each word belongs to). Clustering is
average-linkage agglomerative on cosine distance; when the number of speakers is
not given, clusters closer than a calibrated cosine distance are one voice, and tiny clusters (a cough,
a laugh) are folded into their nearest real speaker. Short isolated runs of
another speaker inside an answer ("yeah", "right") do not flip the answer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MAX_PIECE_MS = 2000
PIECE_GAP_MS = 300
MIN_CLIP_MS = 800
MAX_SPEAKERS = 8
SAME_VOICE_DISTANCE = 0.35  # average-linkage cosine distance below which pieces share a voice
MIN_CLUSTER_SHARE = 0.04
BACKCHANNEL_MS = 700


@dataclass
class Piece:
    start: int
    end: int
    words: list[int]  # indexes into the flat word list

    @property
    def duration(self) -> int:
        return self.end - self.start


def make_pieces(words: list[tuple[int, int, int]]) -> list[Piece]:
    """Group words `(start, end, segment)` into pieces: same segment, short gaps, ≤ 2 s."""
    pieces: list[Piece] = []
    for index, (start, end, segment) in enumerate(words):
        last = pieces[-1] if pieces else None
        if (last is not None and words[last.words[-1]][2] == segment
                and start - last.end <= PIECE_GAP_MS and end - last.start <= MAX_PIECE_MS):
            last.end = max(last.end, end)
            last.words.append(index)
        else:
            pieces.append(Piece(start, end, [index]))
    return pieces


def clip_span(piece: Piece, limit_ms: int) -> tuple[int, int]:
    """The audio span to embed: the piece, widened to MIN_CLIP_MS when short."""
    start, end = piece.start, piece.end
    if end - start < MIN_CLIP_MS:
        grow = (MIN_CLIP_MS - (end - start)) // 2
        start, end = max(0, start - grow), min(limit_ms, end + grow)
    return start, end


def cluster(embeddings: np.ndarray, durations: np.ndarray, speakers: int | None = None) -> np.ndarray:
    """Speaker index per piece (0 = the one heard first); `speakers` fixes the count."""
    n = len(embeddings)
    if n <= 1 or speakers == 1:
        return np.zeros(n, dtype=int)
    from scipy.cluster.hierarchy import linkage

    tree = linkage(embeddings, method="average", metric="cosine")
    labels = _cut_to(tree, embeddings, durations, speakers) if speakers else _best_cut(tree, embeddings, durations)
    return _first_heard_order(labels)


def _cut(tree: np.ndarray, clusters: int) -> np.ndarray:
    from scipy.cluster.hierarchy import fcluster

    return np.asarray(fcluster(tree, t=clusters, criterion="maxclust"), dtype=int) - 1


def _cut_to(tree: np.ndarray, embeddings: np.ndarray, durations: np.ndarray, speakers: int) -> np.ndarray:
    """Exactly `speakers` clusters, robust to outliers: cut finer, fold the crumbs, merge down."""
    labels = _cut(tree, speakers)
    for finer in range(speakers, min(len(embeddings), speakers + 10) + 1):
        labels = _fold_small(_cut(tree, finer), embeddings, durations)
        if len(set(labels.tolist())) >= speakers:
            break
    while len(set(labels.tolist())) > speakers:
        labels = _merge_smallest(labels, embeddings, durations)
    return labels


def _best_cut(tree: np.ndarray, embeddings: np.ndarray, durations: np.ndarray) -> np.ndarray:
    """Clusters closer than SAME_VOICE_DISTANCE are one voice; crumbs fold into neighbours."""
    from scipy.cluster.hierarchy import fcluster

    labels = np.asarray(fcluster(tree, t=SAME_VOICE_DISTANCE, criterion="distance"), dtype=int) - 1
    labels = _fold_small(labels, embeddings, durations)
    while len(set(labels.tolist())) > MAX_SPEAKERS:
        labels = _merge_smallest(labels, embeddings, durations)
    return labels


def _share(labels: np.ndarray, durations: np.ndarray, cluster_id: int) -> float:
    return float(durations[labels == cluster_id].sum()) / (float(durations.sum()) or 1.0)


def _merge_smallest(labels: np.ndarray, embeddings: np.ndarray, durations: np.ndarray) -> np.ndarray:
    ids = sorted(set(labels.tolist()))
    smallest = min(ids, key=lambda i: _share(labels, durations, i))
    merged = labels.copy()
    merged[labels == smallest] = _nearest(smallest, ids, labels, embeddings)
    return merged


def _fold_small(labels: np.ndarray, embeddings: np.ndarray, durations: np.ndarray) -> np.ndarray:
    """Merge clusters holding under MIN_CLUSTER_SHARE of the speech into their nearest."""
    while len(set(labels.tolist())) > 1:
        smallest = min(set(labels.tolist()), key=lambda i: _share(labels, durations, i))
        if _share(labels, durations, smallest) >= MIN_CLUSTER_SHARE:
            break
        labels = _merge_smallest(labels, embeddings, durations)
    return labels


def _nearest(cluster_id: int, ids: list[int], labels: np.ndarray, embeddings: np.ndarray) -> int:
    centre = _centroid(embeddings[labels == cluster_id])
    others = [i for i in ids if i != cluster_id]
    return max(others, key=lambda i: float(centre @ _centroid(embeddings[labels == i])))


def _centroid(vectors: np.ndarray) -> np.ndarray:
    mean = vectors.mean(axis=0)
    return mean / max(float(np.linalg.norm(mean)), 1e-9)


def centroids(embeddings: np.ndarray, labels: np.ndarray) -> list[np.ndarray]:
    """One normalised centroid per speaker index."""
    return [_centroid(embeddings[labels == i]) for i in range(int(labels.max()) + 1)] if len(labels) else []


def _first_heard_order(labels: np.ndarray) -> np.ndarray:
    order: dict[int, int] = {}
    for label in labels.tolist():
        order.setdefault(label, len(order))
    return np.array([order[label] for label in labels.tolist()], dtype=int)


def smooth(word_labels: list[int], words: list[tuple[int, int]]) -> list[int]:
    """Give short isolated runs (< BACKCHANNEL_MS) the speaker around them."""
    labels = list(word_labels)
    runs = _runs(labels)
    for i in range(1, len(runs) - 1):
        before, (b0, b1, label), after = runs[i - 1][2], runs[i], runs[i + 1][2]
        if before == after != label and words[b1 - 1][1] - words[b0][0] < BACKCHANNEL_MS:
            labels[b0:b1] = [before] * (b1 - b0)
    return labels


def _runs(labels: list[int]) -> list[tuple[int, int, int]]:
    runs: list[tuple[int, int, int]] = []
    start = 0
    for i in range(1, len(labels) + 1):
        if i == len(labels) or labels[i] != labels[start]:
            runs.append((start, i, labels[start]))
            start = i
    return runs
