"""resemblyzer's GE2E voice encoder, batched.

resemblyzer embeds one utterance per call; capture needs thousands of short
clips, so this computes the mel windows itself and runs them through the LSTM
in batches (same windows, same model, many times faster on 2 cores).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from greenroom.errors import MissingExtra

WINDOW_FRAMES = 160  # 1.6 s partials, as resemblyzer was trained
STEP_FRAMES = 80
HOP = 160  # samples per mel frame at 16 kHz
TARGET_DBFS = -30.0
BATCH = 64
_ENCODER: list[Any] = []


class ResemblyzerEmbedder:
    name = "resemblyzer"
    dim = 256

    def __init__(self, encoder: Any):
        self.encoder = encoder

    @classmethod
    def load(cls) -> ResemblyzerEmbedder:
        """Load the encoder once per process; `MissingExtra` if not installed."""
        if not _ENCODER:
            try:
                import warnings

                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    from resemblyzer import VoiceEncoder
            except ImportError:
                raise MissingExtra("speaker diarization", "diarize") from None
            _ENCODER.append(VoiceEncoder("cpu", verbose=False))
        return cls(_ENCODER[0])

    def embed(self, clips: list[np.ndarray]) -> np.ndarray:
        if not clips:
            return np.zeros((0, self.dim), dtype=np.float32)
        windows, owners = [], []
        for index, clip in enumerate(clips):
            for window in _windows(_mel(_normalise(clip))):
                windows.append(window)
                owners.append(index)
        vectors = self._forward(np.stack(windows))
        out = np.zeros((len(clips), self.dim), dtype=np.float32)
        np.add.at(out, np.array(owners), vectors)
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)

    def _forward(self, mels: np.ndarray) -> np.ndarray:
        import torch

        parts = []
        with torch.no_grad():
            for start in range(0, len(mels), BATCH):
                batch = torch.from_numpy(mels[start:start + BATCH]).to(self.encoder.device)
                parts.append(self.encoder(batch).cpu().numpy())
        return np.concatenate(parts)


def _normalise(clip: np.ndarray) -> np.ndarray:
    rms = float(np.sqrt(np.mean(np.square(clip)))) if len(clip) else 0.0
    if rms < 1e-5:
        return clip.astype(np.float32)
    return (clip * (10 ** (TARGET_DBFS / 20) / rms)).astype(np.float32)


def _mel(clip: np.ndarray) -> np.ndarray:
    from resemblyzer.audio import wav_to_mel_spectrogram

    need = WINDOW_FRAMES * HOP
    if 0 < len(clip) < need:  # repeat a short clip: padding with silence skews the voice vector
        clip = np.resize(clip, need)
    elif len(clip) < need:
        clip = np.pad(clip, (0, need - len(clip)))
    return np.asarray(wav_to_mel_spectrogram(clip), dtype=np.float32)


def _windows(mel: np.ndarray) -> list[np.ndarray]:
    last = max(0, len(mel) - WINDOW_FRAMES)
    starts = list(range(0, last + 1, STEP_FRAMES))
    if starts[-1] != last:
        starts.append(last)
    return [mel[s:s + WINDOW_FRAMES] for s in starts]
