"""Speak the sample script with espeak-ng: test audio whose truth we know exactly.

`make_sample(folder)` writes four files: `sample.wav` (16 kHz mono 16-bit PCM),
`sample.json` (the reference Interview, greenroom's native JSON, with the exact
sample positions of every utterance and laugh), `sample.rttm` (the speaker turns
for diarization scoring) and `sample.txt` (labelled text with the real stamps).

Two clearly different voices (an American female interviewer, a British male
guest) give diarization something real to separate; the guest's `(laughs)` is
spoken as "Ha ha ha!" but kept in the reference as a laughter mark, not words;
gaps between turns follow a fixed pattern; and one answer holds a deliberate
1.5 s pause so tests can check that a pause inside a turn does not split it.

Everything is deterministic (no randomness, no timestamps in any file): the
wav's sha256 is the same on every run on a machine, so tests can cache on it.
"""

from __future__ import annotations

import io
import subprocess
import tempfile
import wave
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from greenroom import atomic, timecode
from greenroom.errors import GreenroomError
from greenroom.formats import load, save
from greenroom.model import Interview, Mark, Person, Source, Speaker, Utterance
from greenroom.sample import GUEST, INTERVIEWER, PROJECT, transcript_path

SAMPLE_RATE = 16000
ESPEAK_RATE = 22050  # what espeak-ng writes; resampled once at the end
TITLE = f"{GUEST} on {PROJECT}"
# espeak-ng voice and its -s rate per speaker. espeak's -s 160 really speaks about
# 205 words a minute once its padding is trimmed; these rates give about 160.
VOICES = {"S1": ("en-us+f3", 130), "S2": ("en-gb+m3", 122)}  # interviewer, guest
LAUGH = "Ha ha ha!"
PAUSE_AFTER = "Honestly, I was terrified for the first two weeks."
PAUSE_MS = 1500
GAPS_MS = (600, 800, 500, 700, 900, 650, 550, 750)  # between turns, cycled
PIECE_GAP_MS = 250  # between a laugh and the words beside it
LEAD_MS = 400
TAIL_MS = 600
FRAME = 110  # 5 ms at 22.05 kHz: the trimming resolution
SILENCE_RMS = 200.0  # int16 RMS below which a frame counts as espeak's padding


@dataclass(frozen=True)
class SampleFiles:
    """Where `make_sample` put the sample interview's files."""

    audio: Path
    reference: Path
    rttm: Path
    transcript: Path


@dataclass(frozen=True)
class Piece:
    """One espeak-ng call: words, or a laugh, with the silence to put before it."""

    text: str
    laugh: bool = False
    gap_ms: int = PIECE_GAP_MS


@dataclass
class Spoken:
    """An utterance of the script with the sample spans of its pieces (22.05 kHz)."""

    utterance: Utterance
    pieces: list[Piece]
    spans: list[tuple[int, int]] = field(default_factory=list)


def make_sample(folder: Path) -> SampleFiles:
    """Write the sample interview's audio and reference files into `folder`.

    Raises `GreenroomError` when espeak-ng or ffmpeg is missing or fails.
    """
    script = load(transcript_path())
    script.title, script.project, script.people, script.speakers = "", "", [], []  # the reference names its cast
    return speak_script(script, Path(folder))


def speak_script(script: Interview, folder: Path, name: str = "sample", *,
                 voices: dict[str, tuple[str, int]] | None = None, gaps_ms: list[int] | None = None) -> SampleFiles:
    """Speak any script into `folder/<name>.wav` with its reference files: tests and
    benches make interviews whose truth they know (a scripted street address, a fast
    exchange) the same way the sample is made. `voices` maps speaker ids to an espeak-ng
    voice and rate (default: the sample's "S1" interviewer and "S2" guest); `gaps_ms`
    gives the silence before each utterance (default: the sample's pattern)."""
    spoken = [Spoken(u, pieces(u, script.marks)) for u in script.utterances]
    pcm = assemble(spoken, voices or VOICES, gaps_ms)
    files = SampleFiles(folder / f"{name}.wav", folder / f"{name}.json", folder / f"{name}.rttm",
                        folder / f"{name}.txt")
    audio = resample(pcm)
    atomic.write_bytes(files.audio, wav_bytes(audio))
    reference = build_reference(script, spoken, duration_ms=len(audio) // 2 * 1000 // SAMPLE_RATE)
    reference.source.media_path = files.audio.name
    save(reference, files.reference, "json")
    atomic.write_text(files.rttm, rttm(reference))
    atomic.write_text(files.transcript, labelled_text(reference))
    return files


def pieces(utterance: Utterance, marks: list[Mark]) -> list[Piece]:
    """Split an utterance at its inline laughs and at the deliberate pause."""
    laughs = sorted(m.at or 0 for m in marks if m.utterance == utterance.id and m.kind == "laughter")
    out: list[Piece] = []
    cut = 0
    for at in laughs:
        out += words(utterance.text[cut:at])
        out.append(Piece(LAUGH, laugh=True))
        cut = at
    return out + words(utterance.text[cut:])


def words(text: str) -> list[Piece]:
    """The words of `text` as pieces: two when the pause sentence is in it."""
    before, found, after = text.strip().partition(PAUSE_AFTER)
    if not found:
        return [Piece(text.strip())] if text.strip() else []
    return [Piece((before + found).strip()), Piece(after.strip(), gap_ms=PAUSE_MS)]


def assemble(spoken: list[Spoken], voices: dict[str, tuple[str, int]] = VOICES,
             gaps_ms: list[int] | None = None) -> np.ndarray:
    """Speak every piece and lay them end to end with the planned gaps; fills `spans`."""
    parts: list[np.ndarray] = [silence(LEAD_MS)]
    cursor = len(parts[0])
    with tempfile.TemporaryDirectory(prefix="greenroom-sample-") as tmp:
        for turn, item in enumerate(spoken):
            for index, piece in enumerate(item.pieces):
                between = gaps_ms[turn] if gaps_ms is not None else GAPS_MS[turn % len(GAPS_MS)]
                gap = between if index == 0 else piece.gap_ms
                audio = trim(speak(piece.text, voices[item.utterance.speaker or "S1"], Path(tmp)))
                if turn or index:
                    parts.append(silence(gap))
                    cursor += len(parts[-1])
                item.spans.append((cursor, cursor + len(audio)))
                parts.append(audio)
                cursor += len(audio)
    parts.append(silence(TAIL_MS))
    return np.concatenate(parts)


def speak(text: str, voice: tuple[str, int], tmp: Path) -> np.ndarray:
    """int16 samples at 22.05 kHz of `text` in `voice` (name, espeak -s rate);
    `GreenroomError` if espeak-ng fails."""
    out = tmp / "piece.wav"
    args = ["espeak-ng", "-v", voice[0], "-s", str(voice[1]), "-w", str(out), "--", text]
    try:
        subprocess.run(args, check=True, capture_output=True, stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        raise GreenroomError("espeak-ng not found: install it (apt-get install espeak-ng)") from None
    except subprocess.CalledProcessError as err:
        raise GreenroomError(f"espeak-ng failed: {err.stderr.decode(errors='replace').strip()[:200]}") from None
    with wave.open(str(out), "rb") as handle:
        if handle.getframerate() != ESPEAK_RATE or handle.getnchannels() != 1:
            raise GreenroomError(f"espeak-ng wrote {handle.getframerate()} Hz audio, expected {ESPEAK_RATE}")
        return np.frombuffer(handle.readframes(handle.getnframes()), dtype="<i2").astype(np.int16)


def trim(audio: np.ndarray) -> np.ndarray:
    """Drop the silence espeak-ng pads around speech, by 5 ms frame energy,
    so the reference times are tight."""
    frames = len(audio) // FRAME
    if frames == 0:
        return audio
    energy = np.sqrt(np.mean(audio[: frames * FRAME].astype(np.float64).reshape(frames, FRAME) ** 2, axis=1))
    loud = np.flatnonzero(energy >= SILENCE_RMS)
    if loud.size == 0:
        return audio[:0]
    return audio[loud[0] * FRAME: (loud[-1] + 1) * FRAME]


def silence(ms: int) -> np.ndarray:
    return np.zeros(ms * ESPEAK_RATE // 1000, dtype=np.int16)


def to_ms(samples: int) -> int:
    """A 22.05 kHz sample position in ms (the same instant in the 16 kHz output)."""
    return round(samples * 1000 / ESPEAK_RATE)


def resample(pcm: np.ndarray) -> bytes:
    """22.05 kHz int16 → 16 kHz int16 little-endian bytes, by ffmpeg's resampler."""
    args = ["ffmpeg", "-nostdin", "-hide_banner", "-v", "error", "-f", "s16le", "-ar", str(ESPEAK_RATE),
            "-ac", "1", "-i", "-", "-af", f"aresample={SAMPLE_RATE}", "-f", "s16le", "-"]
    try:
        done = subprocess.run(args, input=pcm.astype("<i2").tobytes(), capture_output=True, check=True)
    except FileNotFoundError:
        raise GreenroomError("ffmpeg not found: install ffmpeg (apt-get install ffmpeg)") from None
    except subprocess.CalledProcessError as err:
        raise GreenroomError(f"ffmpeg failed: {err.stderr.decode(errors='replace').strip()[:200]}") from None
    return done.stdout


def wav_bytes(pcm: bytes) -> bytes:
    """A plain RIFF/WAVE file: 16 kHz, mono, 16-bit, no metadata chunks."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(SAMPLE_RATE)
        handle.writeframes(pcm)
    return buffer.getvalue()


def build_reference(script: Interview, spoken: list[Spoken], duration_ms: int) -> Interview:
    """The script with the real times of what was spoken, and who is who."""
    utterances = [
        Utterance(id=s.utterance.id, start=to_ms(s.spans[0][0]), end=to_ms(s.spans[-1][1]),
                  speaker=s.utterance.speaker, text=s.utterance.text)
        for s in spoken
    ]
    return Interview(
        title=script.title or TITLE,
        project=script.project or PROJECT,
        language="en",
        people=script.people or [Person(GUEST, "guest"), Person(INTERVIEWER, "interviewer")],
        speakers=script.speakers or [Speaker("S1", INTERVIEWER, INTERVIEWER, "interviewer"),
                                     Speaker("S2", GUEST, GUEST, "guest")],
        utterances=utterances,
        marks=laugh_marks(script, spoken),
        source=Source(format="json", media_path="sample.wav", duration=duration_ms, timing="exact"),
    )


def laugh_marks(script: Interview, spoken: list[Spoken]) -> list[Mark]:
    """The script's laughter marks at the times the laughs were spoken."""
    by_id = {s.utterance.id: s for s in spoken}
    marks: list[Mark] = []
    for mark in script.marks:
        item = by_id[mark.utterance or ""]
        laughs = [span for piece, span in zip(item.pieces, item.spans) if piece.laugh]
        nth = sum(1 for m in marks if m.utterance == mark.utterance)
        start, end = laughs[nth]
        marks.append(Mark(start=to_ms(start), end=to_ms(end), kind=mark.kind, text=mark.text,
                          speaker=mark.speaker, utterance=mark.utterance, at=mark.at))
    return marks


def rttm(interview: Interview) -> str:
    """NIST RTTM speaker turns, one line per utterance, names with underscores."""
    lines = []
    for u in interview.utterances:
        name = interview.speaker_name(u.speaker).replace(" ", "_")
        lines.append(f"SPEAKER sample 1 {u.start / 1000:.3f} {u.duration / 1000:.3f} <NA> <NA> {name} <NA> <NA>")
    return "\n".join(lines) + "\n"


def labelled_text(interview: Interview) -> str:
    """`Name [hh:mm:ss]: text` lines, as the script is written, with `(laughs)` back inline."""
    lines = []
    for u in interview.utterances:
        text = u.text
        for mark in sorted((m for m in interview.marks if m.utterance == u.id), key=lambda m: -(m.at or 0)):
            at = mark.at or 0
            text = " ".join(part for part in (text[:at].strip(), mark.text, text[at:].strip()) if part)
        lines.append(f"{interview.speaker_name(u.speaker)} [{timecode.stamp(u.start)}]: {text}")
    return "\n".join(lines) + "\n"
