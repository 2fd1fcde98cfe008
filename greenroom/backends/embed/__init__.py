"""Sentence embeddings behind one small interface.

A `SentenceEmbedder` turns texts into L2-normalised vectors, so cosine
similarity is a dot product. Analyzers (chapters, moments) only need that, so
any embedder can plug in; the default is all-MiniLM-L6-v2 as int8 ONNX (the
`analyze` extra), which runs offline on CPU without torch.
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


__all__ = ["SentenceEmbedder", "default_embedder"]
