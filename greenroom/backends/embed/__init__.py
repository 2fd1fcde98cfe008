"""Sentence embeddings behind one small interface.

A `SentenceEmbedder` turns texts into L2-normalised vectors, so cosine
similarity is a dot product. Analyzers (chapters, moments) only need that, so
any embedder can plug in; the default is all-MiniLM-L6-v2 as int8 ONNX (the
`analyze` extra), which runs offline on CPU without torch. Telling a re-asked
question from a new one needs a stronger model: `paraphrase_embedder` gives
all-mpnet-base-v2 (the `paraphrase` extra, on torch) where it is installed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import numpy as np


class SentenceEmbedder(Protocol):
    name: str
    dim: int

    def embed(self, texts: list[str]) -> np.ndarray:
        """One L2-normalised float32 row per text, shape (len(texts), dim)."""
        ...


def default_embedder() -> SentenceEmbedder:
    """all-MiniLM-L6-v2 int8 on onnxruntime; `MissingExtra` without the `analyze` extra."""
    from greenroom.backends.embed.minilm import MiniLMEmbedder

    return MiniLMEmbedder.load()


def paraphrase_embedder() -> SentenceEmbedder:
    """all-mpnet-base-v2 where the `paraphrase` extra is installed, else the default
    MiniLM (callers keep thresholds per `name`: the two models' cosines differ)."""
    from greenroom.errors import MissingExtra

    try:
        from greenroom.backends.embed.mpnet import MPNetEmbedder

        return MPNetEmbedder.load()
    except MissingExtra:
        return default_embedder()


__all__ = ["SentenceEmbedder", "default_embedder", "paraphrase_embedder"]
