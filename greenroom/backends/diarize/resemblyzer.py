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
THREADS = 1  # torch threads for the encoder: 2 spun 5x the CPU (17.5 vs 3.5 CPU s for 128 clips) at load 12-18
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
        """The encoder over the mel windows, in batches, on THREADS torch threads: the
        small LSTM gains little from a second thread, and on a busy machine its
        threads spin waiting for each other (the Whisper run beside it has the cores)."""
        import torch

        parts = []
        threads = torch.get_num_threads()
        torch.set_num_threads(THREADS)
        try:
            with torch.no_grad():
                for start in range(0, len(mels), BATCH):
                    batch = torch.from_numpy(mels[start:start + BATCH]).to(self.encoder.device)
                    parts.append(self.encoder(batch).cpu().numpy())
        finally:
            torch.set_num_threads(threads)
        return np.concatenate(parts)


def _normalise(clip: np.ndarray) -> np.ndarray:
    rms = float(np.sqrt(np.mean(np.square(clip)))) if len(clip) else 0.0
    if rms < 1e-5:
        return clip.astype(np.float32)
    return (clip * (10 ** (TARGET_DBFS / 20) / rms)).astype(np.float32)


N_FFT = 400  # resemblyzer's 25 ms mel window at 16 kHz (`wav_to_mel_spectrogram`)
N_MELS = 40
_MEL_BASIS: list[np.ndarray] = []


def _mel(clip: np.ndarray) -> np.ndarray:
    """resemblyzer's (linear) mel spectrogram, frames first, computed as its
    `wav_to_mel_spectrogram` does but with the filter bank built once and applied by
    `np.einsum` without BLAS: librosa rebuilt the bank per clip and multiplied through
    threaded OpenBLAS, whose idle threads spun 7x the CPU (2.2 vs 0.3 CPU s for 128 clips)."""
    import librosa

    need = WINDOW_FRAMES * HOP
    if 0 < len(clip) < need:  # repeat a short clip: padding with silence skews the voice vector
        clip = np.resize(clip, need)
    elif len(clip) < need:
        clip = np.pad(clip, (0, need - len(clip)))
    if not _MEL_BASIS:
        _MEL_BASIS.append(librosa.filters.mel(sr=16_000, n_fft=N_FFT, n_mels=N_MELS))
    power = np.abs(librosa.stft(clip, n_fft=N_FFT, hop_length=HOP)) ** 2
    return np.einsum("mf,ft->tm", _MEL_BASIS[0], power).astype(np.float32)


def _windows(mel: np.ndarray) -> list[np.ndarray]:
    last = max(0, len(mel) - WINDOW_FRAMES)
    starts = list(range(0, last + 1, STEP_FRAMES))
    if starts[-1] != last:
        starts.append(last)
    return [mel[s:s + WINDOW_FRAMES] for s in starts]
