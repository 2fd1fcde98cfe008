"""Long audio in bounded memory: stream the decode, cut chunks at quiet points.

A 60-minute interview is never held whole: ffmpeg's output is read in blocks and
cut into chunks of about `chunk_ms`, each cut placed at the quietest 100 ms in
the last 10 s before the limit, so no word is split between two chunks.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from greenroom.media.audio import SAMPLE_RATE, stream

BLOCK_MS = 20_000
SEARCH_MS = 10_000
FRAME_MS = 100


@dataclass
class Chunk:
    index: int
    start: int  # ms from the start of the file
    samples: np.ndarray

    @property
    def end(self) -> int:
        return self.start + samples_to_ms(len(self.samples))


def samples_to_ms(count: int) -> int:
    return count * 1000 // SAMPLE_RATE


def ms_to_samples(ms: int) -> int:
    return ms * SAMPLE_RATE // 1000


def chunks(path: str | os.PathLike[str], chunk_ms: int) -> Iterator[Chunk]:
    """Chunks of about `chunk_ms` covering the whole file, cut in silence."""
    limit = ms_to_samples(chunk_ms)
    buffer = np.zeros(0, dtype=np.float32)
    consumed = 0  # samples already handed out
    index = 0
    for _, block in stream(path, BLOCK_MS):
        buffer = np.concatenate([buffer, block])
        while len(buffer) >= limit + ms_to_samples(FRAME_MS):
            cut = quiet_cut(buffer, limit)
            yield Chunk(index, samples_to_ms(consumed), buffer[:cut].copy())
            buffer = buffer[cut:]
            consumed += cut
            index += 1
    if len(buffer):
        yield Chunk(index, samples_to_ms(consumed), buffer)


def quiet_cut(samples: np.ndarray, limit: int) -> int:
    """The sample index of the quietest frame in the SEARCH_MS before `limit`."""
    frame = ms_to_samples(FRAME_MS)
    low = max(frame, limit - ms_to_samples(SEARCH_MS))
    window = samples[low:limit]
    frames = len(window) // frame
    if frames == 0:
        return limit
    energy = np.square(window[: frames * frame].reshape(frames, frame)).mean(axis=1)
    quietest = int(np.argmin(energy))
    return low + quietest * frame + frame // 2
