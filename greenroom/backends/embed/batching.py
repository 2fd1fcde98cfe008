"""Batching shared by the sentence embedders."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def embed_by_length(texts: list[str], dim: int, batch: int,
                    encode: Callable[[list[str]], np.ndarray]) -> np.ndarray:
    """Embed `texts` in batches of similar length (little time goes into padding), one
    float32 row per text in the input order; an empty text is embedded as a space."""
    out = np.zeros((len(texts), dim), dtype=np.float32)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    for begin in range(0, len(order), batch):
        chunk = order[begin:begin + batch]
        out[chunk] = encode([texts[i] or " " for i in chunk])
    return out
