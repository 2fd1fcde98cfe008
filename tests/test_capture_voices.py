"""How many voices: the sliding windows find a quieter third voice the word pieces merged.

Real espeak-ng fast exchanges (`greenroom.sample.exchanges`, dev seeds of the bench)
and the real resemblyzer encoder; no recogniser is needed, since the windows and the
voices the pieces found are built from the script's own exact times.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from greenroom.capture import speakers as clustering
from greenroom.capture.chunks import ms_to_samples
from greenroom.formats import load
from greenroom.media.audio import decode
from greenroom.sample.exchanges import make_exchange

pytest.importorskip("resemblyzer")


def heard(seed: int, folder: Path) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """Per reference speaker, their utterances' raw vectors; the windows' raw vectors over
    all speech; and the mean utterance vector (what every voice shares)."""
    from greenroom.backends.diarize import default_embedder

    files = make_exchange(seed, folder)
    reference, samples = load(files.reference), decode(files.audio)
    embedder = default_embedder()

    def clip(start: int, end: int) -> np.ndarray:
        return samples[ms_to_samples(start):ms_to_samples(end)]

    spoken = [u for u in reference.utterances if u.end - u.start >= clustering.RELIABLE_MS]
    vectors = embedder.embed([clip(u.start, u.end) for u in spoken])
    frames = clustering.make_frames(clustering.merge_spans([(u.start, u.end) for u in reference.utterances]))
    windows = embedder.embed([clip(f.start, f.end) for f in frames])
    by_speaker = {who: vectors[[i for i, u in enumerate(spoken) if u.speaker == who]]
                  for who in sorted({u.speaker or "" for u in spoken})}
    return by_speaker, windows, vectors.mean(axis=0)


def voice(vectors: np.ndarray, shared: np.ndarray) -> np.ndarray:
    return clustering.centroids(clustering.centred_on(vectors, shared), np.zeros(len(vectors), dtype=int))[0]


def test_a_third_voice_merged_into_another_is_found_on_the_windows(tmp_path: Path) -> None:
    """Seed 6: the second guest holds 15 % of the speech; given the two voices the
    pieces found (host; guest and second guest as one), the windows bring back three."""
    by_speaker, windows, shared = heard(6, tmp_path)
    assert len(by_speaker) == 3
    merged = np.concatenate([by_speaker["S2"], by_speaker["S3"]])
    voices = [voice(by_speaker["S1"], shared), voice(merged, shared)]
    assert len(clustering.grow_on_frames(voices, windows, shared)) == 3


def test_two_voices_are_not_grown_into_three(tmp_path: Path) -> None:
    """Seed 2 (host and guest only): the windows find no third voice."""
    by_speaker, windows, shared = heard(2, tmp_path)
    assert len(by_speaker) == 2
    voices = [voice(by_speaker["S1"], shared), voice(by_speaker["S2"], shared)]
    assert len(clustering.grow_on_frames(voices, windows, shared)) == 2
