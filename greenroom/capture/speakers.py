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
RELIABLE_MS = 500  # pieces at least this long decide what the voices are
SWITCH_PENALTY = 0.2  # in cosine-similarity units, per change of speaker
TURN_PAUSE_MS = 500


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


def cluster(embeddings: np.ndarray, durations: np.ndarray, speakers: int | None = None,
            gaps: np.ndarray | None = None) -> np.ndarray:
    """Speaker index per piece (0 = the one heard first); `speakers` fixes the count.

    The voices are found among the pieces long enough to embed reliably; then
    every piece, short ones included, is assigned by `resegment`, which weighs
    each piece's likeness to each voice against the cost of switching speaker
    between neighbouring pieces (`gaps`: silence before each piece, ms).
    """
    n = len(embeddings)
    if n <= 1 or speakers == 1:
        return np.zeros(n, dtype=int)
    reliable = durations >= RELIABLE_MS
    if reliable.sum() < max(4, (speakers or 2) * 2):
        reliable = np.ones(n, dtype=bool)
    labels = _voices(embeddings[reliable], durations[reliable], speakers)
    voices = centroids(embeddings[reliable], labels)
    if len(voices) <= 1:
        return np.zeros(n, dtype=int)
    gaps = gaps if gaps is not None else np.zeros(n)
    return _first_heard_order(resegment(embeddings, np.stack(voices), gaps))


def _voices(embeddings: np.ndarray, durations: np.ndarray, speakers: int | None) -> np.ndarray:
    from scipy.cluster.hierarchy import linkage

    if len(embeddings) <= 1:
        return np.zeros(len(embeddings), dtype=int)
    tree = linkage(embeddings, method="average", metric="cosine")
    return _cut_to(tree, embeddings, durations, speakers) if speakers else _best_cut(tree, embeddings, durations)


def resegment(embeddings: np.ndarray, voices: np.ndarray, gaps: np.ndarray) -> np.ndarray:
    """Viterbi over pieces in time order: likeness to each voice, minus a penalty
    for switching speaker that is smaller after a pause (turns change in pauses)."""
    scores = embeddings @ voices.T
    count, k = scores.shape
    total = scores[0].copy()
    back = np.zeros((count, k), dtype=int)
    for i in range(1, count):
        penalty = SWITCH_PENALTY * (0.5 if gaps[i] > TURN_PAUSE_MS else 1.0)
        stay = total
        switch = total.max() - penalty
        best_other = int(total.argmax())
        back[i] = np.where(stay >= switch, np.arange(k), best_other)
        total = np.maximum(stay, switch) + scores[i]
    path = np.zeros(count, dtype=int)
    path[-1] = int(total.argmax())
    for i in range(count - 1, 0, -1):
        path[i - 1] = back[i, path[i]]
    return path


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
    """One normalised centroid per speaker that has pieces, in label order."""
    return [_centroid(embeddings[labels == i]) for i in sorted(set(labels.tolist()))]


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
