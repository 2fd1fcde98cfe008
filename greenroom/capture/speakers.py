"""Who spoke when: clustering voice embeddings of short speech pieces into speakers.

Pieces are runs of words inside one recogniser segment, cut at pauses, at sentence
ends and kept under ~2 s, so a segment that spans a change of speaker is split at
the change (labels are per word, through the piece each word belongs to). Voices are
found by spectral clustering of the centred vectors (`_voices`, `voice_count`), and
the sliding windows may add a quieter voice the pieces merged into another
(`grow_on_frames`: k voices against k+1 on the windows); every piece is then assigned by a Viterbi pass weighing its voice against what the words
say (`resegment`). Tiny clusters (a cough, a laugh) fold into their nearest real
speaker, and short isolated runs of another speaker inside an answer do not flip
it unless they are a sentence of their own ("Right.").

The speaker timeline (`make_frames`, `frame_labels`, `speaker_timeline`) covers all
speech, words or not: 1.5 s windows every 0.5 s over the VAD's regions are assigned
to the voices the pieces found, by Viterbi with a minimum-duration prior; the words
decide wherever there are words.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

MAX_PIECE_MS = 2000
PIECE_GAP_MS = 300
CLIP_AIR_MS = 60
MAX_SPEAKERS = 8
SAME_VOICE_COS = 0.93  # raw centroids of one voice split in two: 0.95 (a monologue, dev); two voices 0.61-0.92
GROW_COS = 0.87  # a third (fourth...) voice's raw centroid is below this from every other
NEIGHBOUR_SHARE = 0.2  # spectral clustering: each piece's graph keeps this share of the others (fast exchanges, dev)
MIN_NEIGHBOURS = 6  # a short recording's graph stays connected within one voice
MIN_PIECES_PER_VOICE = 3  # the eigengap may find at most one voice per this many pieces
MAX_SPECTRAL = 1500  # pieces the voices are found on (the eigendecomposition is cubic)
KMEANS_TRIES = 5
MIN_CLUSTER_SHARE = 0.04
BACKCHANNEL_MS = 700
RELIABLE_MS = 500  # pieces at least this long decide what the voices are
SWITCH_PENALTY = 0.2  # in cosine-similarity units, per change of speaker
TURN_PAUSE_MS = 500
# The switch penalty's factor by how the words before a piece end: after a question a change
# of speaker is rewarded (the other one answers), after a sentence it is cheap, mid-sentence dear.
AFTER_FACTOR = {"?": -2.0, ".": 0.5, "": 3.0}


@dataclass
class Piece:
    start: int
    end: int
    words: list[int]  # indexes into the flat word list

    @property
    def duration(self) -> int:
        return self.end - self.start


def make_pieces(words: list[tuple[int, int, int]], ends: list[bool] | None = None) -> list[Piece]:
    """Group words `(start, end, segment)` into pieces: same segment, short gaps, ≤ 2 s,
    and never across the end of a sentence (`ends[i]`: word i ends one). People who
    answer quickly leave almost no pause, and a recogniser's segment runs on across
    the change; the sentence end is where the change most often is."""
    pieces: list[Piece] = []
    for index, (start, end, segment) in enumerate(words):
        last = pieces[-1] if pieces else None
        ended = ends is not None and last is not None and ends[last.words[-1]]
        if (last is not None and words[last.words[-1]][2] == segment and not ended
                and start - last.end <= PIECE_GAP_MS and end - last.start <= MAX_PIECE_MS):
            last.end = max(last.end, end)
            last.words.append(index)
        else:
            pieces.append(Piece(start, end, [index]))
    return pieces


def clip_span(piece: Piece, limit_ms: int) -> tuple[int, int]:
    """The audio span to embed: the piece and a little air, never its neighbours' speech
    (a short piece widened into the next turn took on the other voice; the embedder
    repeats a short clip to the length it needs instead)."""
    return max(0, piece.start - CLIP_AIR_MS), min(limit_ms, piece.end + CLIP_AIR_MS)


def cluster(embeddings: np.ndarray, durations: np.ndarray, speakers: int | None = None,
            gaps: np.ndarray | None = None, after: np.ndarray | None = None,
            frames: np.ndarray | None = None) -> np.ndarray:
    """Speaker index per piece (0 = the one heard first); `speakers` fixes the count.

    The voices are found among the pieces long enough to embed reliably; then
    every piece, short ones included, is assigned by `resegment`, which weighs
    each piece's likeness to each voice against the cost of switching speaker
    between neighbouring pieces (`gaps`: silence before each piece, ms; `after`: how
    the words before each piece ended: "?" a question, "." a sentence, "" mid-sentence).
    `frames`, the sliding windows' raw vectors, may add a voice the pieces missed
    (`grow_on_frames`) when the count is not given.
    """
    n = len(embeddings)
    if n <= 1 or speakers == 1:
        return np.zeros(n, dtype=int)
    reliable = reliable_pieces(durations, speakers)
    raw, embeddings = embeddings, centred(embeddings, reliable)
    labels = _voices(embeddings[reliable], durations[reliable], speakers, raw[reliable])
    voices = centroids(embeddings[reliable], labels)
    if speakers is None and frames is not None and len(voices) >= 2:
        voices = grow_on_frames(voices, frames, raw[reliable].mean(axis=0))
    if len(voices) <= 1:
        return np.zeros(n, dtype=int)
    gaps = gaps if gaps is not None else np.zeros(n)
    after = after if after is not None else np.array([""] * n)
    return _first_heard_order(resegment(embeddings, np.stack(voices), gaps, after))


def reliable_pieces(durations: np.ndarray, speakers: int | None = None) -> np.ndarray:
    """Which pieces are long enough to embed reliably (all of them when too few are)."""
    reliable = durations >= RELIABLE_MS
    if reliable.sum() < max(4, (speakers or 2) * 2):
        reliable = np.ones(len(durations), dtype=bool)
    return reliable


def centred(embeddings: np.ndarray, reliable: np.ndarray) -> np.ndarray:
    """Vectors less what every voice in the recording shares (room, channel, the
    encoder's bias), renormalised: two voices at cosine 0.74 within and 0.69
    between (two actors on one microphone) come apart once the common part is gone."""
    return centred_on(embeddings, embeddings[reliable].mean(axis=0))


def centred_on(embeddings: np.ndarray, shared: np.ndarray) -> np.ndarray:
    """`centred` with the shared part given (frames are centred on their pieces' mean)."""
    moved = embeddings - shared
    return moved / np.maximum(np.linalg.norm(moved, axis=1, keepdims=True), 1e-9)


def _voices(embeddings: np.ndarray, durations: np.ndarray, speakers: int | None, raw: np.ndarray) -> np.ndarray:
    """Voices among the reliable pieces: spectral clustering on a k-nearest-neighbour
    graph; crumbs folded; the count, unless given, by `voice_count`."""
    if len(embeddings) <= 2:
        return np.zeros(len(embeddings), dtype=int)
    chosen = _spread(len(embeddings), MAX_SPECTRAL)
    points, values = spectral_points(embeddings[chosen])
    if speakers is not None:
        labels = kmeans_labels(points, speakers)
    else:
        labels = voice_count(points, values, raw[chosen])
    if len(chosen) < len(embeddings):  # the rest join the nearest voice
        centres = np.stack(centroids(embeddings[chosen], labels))
        labels = np.asarray(np.argmax(embeddings @ centres.T, axis=1), dtype=int)
    labels = _fold_small(labels, embeddings, durations)
    while len(set(labels.tolist())) > (speakers or MAX_SPEAKERS):
        labels = _merge_smallest(labels, embeddings, durations)
    return labels


def voice_count(points: np.ndarray, values: np.ndarray, raw: np.ndarray) -> np.ndarray:
    """Labels for the voices the recording holds: as many as the largest eigengap says,
    fewer while two of them have raw centroids at GROW_COS or closer (one voice split:
    0.91-0.93 on the dev exchanges, a real third voice 0.81-0.82), and two rather than
    one when their raw centroids are below SAME_VOICE_COS (an interview seldom has one
    voice). Growing beyond the eigengap's count by the same test was tried and left
    out: it found 4 voices in real two-person calls (pyannote-sample, ami-dev00).
    """
    most = max(1, min(MAX_SPEAKERS, len(points) // MIN_PIECES_PER_VOICE))
    k = int(np.argmax(np.diff(values[:most + 1])) + 1)
    labels = kmeans_labels(points, k)
    while k >= 3 and _closest_pair(raw, labels) >= GROW_COS:
        k -= 1
        labels = kmeans_labels(points, k)
    if k == 1 and most >= 2:
        split = kmeans_labels(points, 2)
        if len(set(split.tolist())) == 2 and _closest_pair(raw, split) < SAME_VOICE_COS:
            return split
    return labels


GROW_SEPARATION = 3.0  # d' of the closest pair's frames: a real extra voice 3.1-4.5, one voice split 1.6-2.4 (dev)
FRAME_GROW_COS = 0.82  # ...and their raw centroids below this: a real extra voice 0.79, two voices' crossings 0.84-0.86


def grow_on_frames(voices: list[np.ndarray], frames: np.ndarray, shared: np.ndarray) -> list[np.ndarray]:
    """The voices, or more when the sliding windows hold a voice the pieces merged
    into another (a quieter third voice with few words of its own).

    k voices are compared with k+1 on the windows, which cover all speech evenly:
    the windows are split into k+1 groups (spectral clustering, as the pieces are),
    and the two groups with the closest raw centroids must be told apart: each of
    their windows' likeness to its own centre less its likeness to the other's,
    in standard deviations (d'), at least GROW_SEPARATION, and their centroids under
    FRAME_GROW_COS. One voice split in two fails this (its halves' windows barely prefer
    their own half); a different voice passes. The windows' groups are then the voices."""
    if len(frames) < MIN_PIECES_PER_VOICE * (len(voices) + 1):
        return voices
    chosen = _spread(len(frames), MAX_SPECTRAL)
    raw = frames[chosen]
    centred_frames = centred_on(raw, shared)
    points, _ = spectral_points(centred_frames)
    grown: np.ndarray | None = None
    for k in range(len(voices) + 1, MAX_SPEAKERS + 1):
        labels = kmeans_labels(points, k)
        if not _separable(centred_frames, raw, labels, k):
            break
        grown = labels
    return voices if grown is None else centroids(centred_frames, grown)


def _separable(vectors: np.ndarray, raw: np.ndarray, labels: np.ndarray, k: int) -> bool:
    """Whether all k groups are real voices: none under MIN_CLUSTER_SHARE of the windows,
    and the closest two (raw centroids) apart by GROW_SEPARATION and under FRAME_GROW_COS."""
    counts = np.bincount(labels, minlength=k)
    if counts.min() < max(2, MIN_CLUSTER_SHARE * len(labels)):
        return False
    closeness = np.stack(centroids(raw, labels)) @ np.stack(centroids(raw, labels)).T
    np.fill_diagonal(closeness, -1.0)
    first, second = np.unravel_index(int(np.argmax(closeness)), closeness.shape)
    if closeness[first, second] >= FRAME_GROW_COS:
        return False
    centres = np.stack(centroids(vectors, labels))
    pair = (labels == first) | (labels == second)
    mine = np.where(labels[pair] == first, first, second)
    theirs = np.where(labels[pair] == first, second, first)
    margin = (vectors[pair] * centres[mine]).sum(axis=1) - (vectors[pair] * centres[theirs]).sum(axis=1)
    return float(margin.mean()) >= GROW_SEPARATION * float(margin.std())


def _closest_pair(raw: np.ndarray, labels: np.ndarray) -> float:
    """The highest cosine between two clusters' raw centroids (1 when a cluster is empty)."""
    if len(set(labels.tolist())) < int(labels.max()) + 1:
        return 1.0
    centres = np.stack(centroids(raw, labels))
    likeness = centres @ centres.T
    np.fill_diagonal(likeness, -1.0)
    return float(likeness.max())


def spectral_points(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each unit vector's place in the spectral embedding (the normalised Laplacian's
    eigenvectors, smallest first, with the eigenvalues) of its graph of nearest neighbours: each keeps its
    nearest NEIGHBOUR_SHARE of the others (binarised, symmetrised). Near neighbours
    hold two alternating voices apart where one global threshold on distance merges them."""
    n = len(vectors)
    near = max(1, min(n - 1, max(MIN_NEIGHBOURS, round(n * NEIGHBOUR_SHARE))))
    order = np.argsort(-(vectors @ vectors.T), axis=1)[:, :near + 1]
    graph = np.zeros((n, n))
    graph[np.repeat(np.arange(n), near + 1), order.ravel()] = 1.0
    graph = (graph + graph.T) / 2
    degree = graph.sum(axis=1)
    laplacian = np.eye(n) - graph / np.sqrt(np.outer(degree, degree))
    values, vectors_out = np.linalg.eigh(laplacian)
    return vectors_out[:, :MAX_SPEAKERS], values


def kmeans_labels(points: np.ndarray, k: int) -> np.ndarray:
    """k clusters of the first k spectral coordinates (rows normalised), best of KMEANS_TRIES."""
    from scipy.cluster.vq import kmeans2

    if k <= 1:
        return np.zeros(len(points), dtype=int)
    chosen = points[:, :k] / np.maximum(np.linalg.norm(points[:, :k], axis=1, keepdims=True), 1e-9)
    best: tuple[float, np.ndarray] | None = None
    for seed in range(KMEANS_TRIES):
        centres, labels = kmeans2(chosen, k, seed=seed, minit="++")
        inertia = float(((chosen - centres[labels]) ** 2).sum())
        if best is None or inertia < best[0]:
            best = (inertia, labels)
    assert best is not None
    return np.asarray(best[1], dtype=int)


def _spread(count: int, limit: int) -> np.ndarray:
    """Up to `limit` indexes spread evenly over `count` (a long recording's voices are
    found on a sample; every piece is then assigned)."""
    return np.arange(count) if count <= limit else np.linspace(0, count - 1, limit).round().astype(int)


def resegment(embeddings: np.ndarray, voices: np.ndarray, gaps: np.ndarray,
              after: np.ndarray | None = None, switch: float = SWITCH_PENALTY) -> np.ndarray:
    """Viterbi over pieces in time order: likeness to each voice, minus a penalty
    for switching speaker, halved after a pause and weighed by what the words say
    (`AFTER_FACTOR`): a question hands the floor over, a sentence end may, the middle
    of a sentence seldom does. The words are a prior, never the only signal: a clear
    voice still wins (a host's second question after her first stays hers)."""
    scores = embeddings @ voices.T
    count, k = scores.shape
    total = scores[0].copy()
    back = np.zeros((count, k), dtype=int)
    for i in range(1, count):
        factor = AFTER_FACTOR.get(after[i], 1.0) if after is not None else 1.0  # no words: the voice alone
        penalty = switch * (0.5 if gaps[i] > TURN_PAUSE_MS else 1.0) * factor
        other, switched = _best_other(total)
        switched = switched - penalty
        back[i] = np.where(total >= switched, np.arange(k), other)
        total = np.maximum(total, switched) + scores[i]
    path = np.zeros(count, dtype=int)
    path[-1] = int(total.argmax())
    for i in range(count - 1, 0, -1):
        path[i - 1] = back[i, path[i]]
    return path


def _best_other(total: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each state, the best other state and its score (a switch must change speaker,
    so a negative penalty, a reward for changing, cannot be taken by staying)."""
    order = np.argsort(-total)
    first, second = int(order[0]), int(order[1]) if len(order) > 1 else int(order[0])
    other = np.where(np.arange(len(total)) == first, second, first)
    return other, total[other]


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


def smooth(word_labels: list[int], words: list[tuple[int, int]], ends: list[bool] | None = None) -> list[int]:
    """Give short isolated runs (< BACKCHANNEL_MS) the speaker around them, unless the
    run is a sentence of its own ("Right." between two of the guest's sentences is the
    host's; "scared to | ask" split mid-phrase is not)."""
    labels = list(word_labels)
    runs = _runs(labels)
    for i in range(1, len(runs) - 1):
        before, (b0, b1, label), after = runs[i - 1][2], runs[i], runs[i + 1][2]
        whole = ends is not None and ends[b1 - 1] and (b0 == 0 or ends[b0 - 1])
        if before == after != label and not whole and words[b1 - 1][1] - words[b0][0] < BACKCHANNEL_MS:
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


# -- the speaker timeline: speech with or without words --------------------------

FRAME_MS = 1500  # a sliding window's audio (the encoder's own partial is 1.6 s)
HOP_MS = 500  # between windows; each window speaks for the HOP_MS around its centre
FRAME_SWITCH = 0.3  # per change of speaker between frames, in cosine units: a minimum-duration prior
SAME_SPEAKER_GAP_MS = 1000  # a pause between one speaker's words stays theirs
GRID_MS = 10


@dataclass
class Frame:
    """One sliding window inside a speech region: the audio embedded (`start`-`end`)
    and the stretch it speaks for (`own_start`-`own_end`, about HOP_MS)."""

    start: int
    end: int
    own_start: int
    own_end: int


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The union of (start, end) spans, sorted and non-overlapping."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        elif end > start:
            merged.append((start, end))
    return merged


def make_frames(regions: list[tuple[int, int]]) -> list[Frame]:
    """Windows of FRAME_MS every HOP_MS over each region; a short region is one frame."""
    frames: list[Frame] = []
    for start, end in regions:
        if end - start <= FRAME_MS:
            frames.append(Frame(start, end, start, end))
            continue
        centres = list(range(start + FRAME_MS // 2, end - FRAME_MS // 2 + 1, HOP_MS))
        for i, centre in enumerate(centres):
            own_start = start if i == 0 else centre - HOP_MS // 2
            own_end = end if i == len(centres) - 1 else centre + HOP_MS // 2
            frames.append(Frame(centre - FRAME_MS // 2, centre + FRAME_MS // 2, own_start, own_end))
    return frames


def frame_labels(vectors: np.ndarray, voices: np.ndarray, frames: list[Frame]) -> np.ndarray:
    """Viterbi over frames in time order: likeness to each voice, less FRAME_SWITCH per
    change (halved across a pause between regions), so a speaker holds the floor for a
    while and one odd window does not flip it."""
    if len(frames) == 0 or len(voices) == 0:
        return np.zeros(len(frames), dtype=int)
    gaps = np.array([0] + [b.own_start - a.own_end for a, b in itertools.pairwise(frames)], dtype=float)
    if len(voices) == 1:
        return np.zeros(len(frames), dtype=int)
    return resegment(vectors, voices, gaps, switch=FRAME_SWITCH)


def speaker_timeline(regions: list[tuple[int, int]], frames: list[Frame], labels: np.ndarray,
                     words: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """(start, end, speaker) runs over the speech: words `(start, end, speaker)` decide
    where there are words (and the pauses under SAME_SPEAKER_GAP_MS inside one speaker's
    run of them, which count as speech); the frames' speakers fill the speech regions
    without recognised words."""
    held = [(start, _held_until(end, who, nxt)) for (start, end, who), nxt in zip(words, [*words[1:], None])]
    speech = merge_spans(regions + held)
    if not speech:
        return []
    cells = np.full(speech[-1][1] // GRID_MS + 1, -1, dtype=int)
    for frame, label in zip(frames, labels.tolist()):
        cells[frame.own_start // GRID_MS:frame.own_end // GRID_MS] = label
    for (start, stop), (_, _, who) in zip(held, words):
        cells[start // GRID_MS:stop // GRID_MS] = who
    inside = np.zeros(len(cells), dtype=bool)
    for start, end in speech:
        inside[start // GRID_MS:end // GRID_MS] = True
    cells[~inside] = -1
    return _runs_of(cells)


def _held_until(end: int, who: int, following: tuple[int, int, int] | None) -> int:
    """Where a word's speaker still holds the floor: to their next word across a short
    pause (a breath inside a turn is part of it, as transcript-made references count it)."""
    if following is not None and following[2] == who and following[0] - end <= SAME_SPEAKER_GAP_MS:
        return max(end, following[0])
    return end


def _runs_of(cells: np.ndarray) -> list[tuple[int, int, int]]:
    """Runs of one speaker in the grid, in ms; unlabelled cells (-1) are not speech."""
    change = np.flatnonzero(np.diff(cells)) + 1
    starts = np.concatenate([[0], change])
    ends = np.concatenate([change, [len(cells)]])
    return [(int(a) * GRID_MS, int(b) * GRID_MS, int(cells[a])) for a, b in zip(starts, ends) if cells[a] >= 0]
