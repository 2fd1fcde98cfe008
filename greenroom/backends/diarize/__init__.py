"""Speaker embeddings behind one small interface.

A `SpeakerEmbedder` turns short clips of 16 kHz mono audio into L2-normalised
vectors; clustering them into speakers is the capture stage's job
(`greenroom.capture.speakers`), so any embedder can plug in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import numpy as np


class SpeakerEmbedder(Protocol):
    name: str
    dim: int

    def embed(self, clips: list[np.ndarray]) -> np.ndarray:
        """One L2-normalised row per clip, shape (len(clips), dim)."""
        ...


def default_embedder() -> SpeakerEmbedder:
    """resemblyzer's voice encoder (the `diarize` extra: torch + resemblyzer)."""
    from greenroom.backends.diarize.resemblyzer import ResemblyzerEmbedder

    return ResemblyzerEmbedder.load()
