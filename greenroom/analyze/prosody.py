"""How it was said: pitch and loudness of the voice over time, from the audio.

When an interview has its media (`source.media_path`, e.g. one transcribed by
greenroom), moments weigh a passage said higher or louder than the guest's own
usual voice as more charged: a raised pitch and a louder voice are the cues
prosody research links to arousal, and they are relative to the speaker, so a
deep or quiet voice is not penalised. Without media these cues are absent and
moments rest on the text alone.

The track is computed once per analysis in 20 ms steps: loudness as RMS in dB,
pitch by autocorrelation over 40 ms frames at 8 kHz (70-400 Hz, voiced where the
normalised peak is clear). Audio is streamed in chunks, so an hour costs a few
megabytes; a failure to read the media is logged and leaves the cues out.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

RATE = 8_000  # the decoded 16 kHz halved: pitch and loudness need no more, and it is 4x cheaper
HOP = 160  # 20 ms
FRAME = 320  # 40 ms
FFT = 512
MIN_HZ, MAX_HZ = 70, 400
VOICED = 0.45  # normalised autocorrelation peak above which a frame has a pitch
SILENCE_DB = -50.0


@dataclass
class VoiceTrack:
    """Per-20-ms loudness (dB) and pitch (Hz, 0 where unvoiced)."""

    loudness: np.ndarray
    pitch: np.ndarray

    def span(self, start_ms: int, end_ms: int) -> tuple[float, float] | None:
        """Median pitch of the voiced frames and mean loudness of the sounding
        frames in [start, end), or None when too little voice is there."""
        import numpy as np

        a, b = max(0, start_ms // 20), min(len(self.pitch), max(0, end_ms // 20))
        pitch, loud = self.pitch[a:b], self.loudness[a:b]
        voiced = pitch[pitch > 0]
        sounding = loud[loud > SILENCE_DB]
        if voiced.size < 10 or sounding.size < 10:
            return None
        return float(np.median(voiced)), float(sounding.mean())


def frame_features(samples: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Loudness (dB) and pitch (Hz or 0) of each 20 ms step of `samples` (8 kHz)."""
    import numpy as np

    count = max(0, (len(samples) - FRAME) // HOP + 1)
    if count == 0:
        return np.zeros(0, np.float32), np.zeros(0, np.float32)
    index = np.arange(FRAME)[None, :] + HOP * np.arange(count)[:, None]
    frames = samples[index] * np.hanning(FRAME).astype(np.float32)
    rms = np.sqrt(np.mean(frames ** 2, axis=1) + 1e-12)
    loudness = 20 * np.log10(rms)
    spectrum = np.fft.rfft(frames, n=FFT, axis=1)
    corr = np.fft.irfft(np.abs(spectrum) ** 2, n=FFT, axis=1)
    lo, hi = RATE // MAX_HZ, RATE // MIN_HZ
    lags = corr[:, lo:hi] / np.maximum(corr[:, :1], 1e-9)
    best = lags.argmax(axis=1)
    peak = lags[np.arange(count), best]
    pitch = np.where((peak > VOICED) & (loudness > SILENCE_DB), RATE / (best + lo), 0.0)
    return loudness.astype(np.float32), pitch.astype(np.float32)


def voice_track(path: str | os.PathLike[str]) -> VoiceTrack | None:
    """The whole file's track, or None (logged) when the media cannot be read."""
    try:
        import numpy as np

        from greenroom.media.audio import stream
    except ImportError:
        return None
    loud: list[np.ndarray] = []
    pitch: list[np.ndarray] = []
    carry = np.zeros(0, np.float32)  # the overlap a frame needs from the previous chunk
    try:
        for _, chunk in stream(path, chunk_ms=60_000):  # 60 s is a whole number of steps
            halved = chunk[: len(chunk) // 2 * 2].reshape(-1, 2).mean(axis=1)  # 16 -> 8 kHz
            samples = np.concatenate([carry, halved])
            a, b = frame_features(samples)
            loud.append(a)
            pitch.append(b)
            carry = samples[len(a) * HOP:]
    except Exception as err:  # noqa: BLE001 - prosody is optional: say why, go on without it
        log.warning("prosody left out: %s", err)
        return None
    if not loud:
        return None
    return VoiceTrack(np.concatenate(loud), np.concatenate(pitch))


def media_track(media_path: str | None) -> VoiceTrack | None:
    """The track of an interview's media when the file is there."""
    if not media_path or not os.path.isfile(media_path):
        return None
    return voice_track(media_path)
