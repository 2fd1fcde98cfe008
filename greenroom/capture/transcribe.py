"""Media in, a speaker-attributed, word-timed Interview out — offline, on a CPU.

The file is streamed in chunks cut at quiet points (bounded memory); each chunk
is transcribed with word times and its speech pieces are embedded by voice; the
chunk's result is cached by media hash + options, so a re-run is instant and an
interrupted run resumes where it stopped. Then all pieces are clustered into
speakers, every word takes its piece's speaker, and turns, marks and pauses are
built. Beside the words, each chunk's speech regions (Silero VAD) are covered by
sliding voice frames, so the speaker timeline (`Interview.speaker_timeline`, the
RTTM export) also holds speech the recogniser heard no words in.
Roles come from who asks; enrolled voiceprints put real names on voices.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from greenroom import atomic
from greenroom.backends.asr import AsrOptions, AsrSegment, Transcriber
from greenroom.backends.diarize import SpeakerEmbedder
from greenroom.backends.diarize.vad import speech_regions
from greenroom.capture import speakers as clustering
from greenroom.capture.chunks import Chunk, chunks, ms_to_samples
from greenroom.capture.roles import assign_roles, name_roles
from greenroom.capture.timeline import (
    HeardWord,
    pauses,
    place_marks,
    separate_marks,
    utterances,
)
from greenroom.config import cache_dir
from greenroom.library import AddResult, Library
from greenroom.media.audio import sha256_file
from greenroom.media.probe import MediaInfo, probe_audio
from greenroom.model import Interview, Source, Speaker, SpeakerSpan
from greenroom.timecode import clock

log = logging.getLogger(__name__)
PIPELINE_VERSION = "capture-3"  # 3: speech regions and sliding frames per chunk
Progress = Callable[[str, int, int], None]  # stage, done ms, total ms
VOICE_MATCH = 0.75


@dataclass
class CaptureOptions:
    """What to do with one media file.

    asr: speech-to-text options (model, language, beam, VAD).
    speakers: the number of speakers, or None to estimate it.
    guests / interviewers: names for the speakers whose role is decided
      from who asks the questions (or matched from enrolled voiceprints).
    title: the interview's title (default: the file's name).
    project: the film, show or album the interview is about.
    chunk_ms: audio per chunk; bounds memory on long files.
    cache: reuse and store per-chunk results under the cache folder.
    """

    asr: AsrOptions = field(default_factory=AsrOptions)
    speakers: int | None = None
    guests: list[str] = field(default_factory=list)
    interviewers: list[str] = field(default_factory=list)
    title: str | None = None
    chunk_ms: int = 120_000
    project: str = ""
    cache: bool = True


@dataclass
class ChunkResult:
    """What one chunk yields: segments (absolute ms), speech pieces and their voice vectors,
    and the speech regions (VAD, words or not) with the sliding frames laid over them."""

    segments: list[AsrSegment]
    language: str | None
    pieces: list[clustering.Piece]
    embeddings: np.ndarray
    regions: list[tuple[int, int]] = field(default_factory=list)
    frames: list[clustering.Frame] = field(default_factory=list)
    frame_vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 1), dtype=np.float32))

    def to_json(self) -> str:
        return json.dumps({"segments": [s.to_dict() for s in self.segments], "language": self.language,
                           "pieces": [[p.start, p.end, p.words] for p in self.pieces],
                           "dim": int(self.embeddings.shape[1]) if self.embeddings.ndim == 2 else 0,
                           "embeddings": _blob(self.embeddings), "regions": [list(r) for r in self.regions],
                           "frames": [[f.start, f.end, f.own_start, f.own_end] for f in self.frames],
                           "frame_vectors": _blob(self.frame_vectors)})

    @classmethod
    def from_json(cls, text: str) -> ChunkResult:
        data = json.loads(text)
        dim = data["dim"] or 1
        return cls([AsrSegment.from_dict(s) for s in data["segments"]], data["language"],
                   [clustering.Piece(a, b, w) for a, b, w in data["pieces"]], _unblob(data["embeddings"], dim),
                   [(a, b) for a, b in data.get("regions", [])],
                   [clustering.Frame(*f) for f in data.get("frames", [])],
                   _unblob(data.get("frame_vectors", ""), dim))


def _blob(vectors: np.ndarray) -> str:
    return base64.b64encode(vectors.astype(np.float32).tobytes()).decode()


def _unblob(blob: str, dim: int) -> np.ndarray:
    return np.frombuffer(base64.b64decode(blob), dtype=np.float32).reshape(-1, dim)


@dataclass
class Engines:
    """The heavy engines, loaded on first need so a fully cached run loads none."""

    options: CaptureOptions
    transcriber: Transcriber | None = None
    embedder: SpeakerEmbedder | None = None

    def asr(self) -> Transcriber:
        if self.transcriber is None:
            from greenroom.backends.asr import default_transcriber

            self.transcriber = default_transcriber(self.options.asr)
        return self.transcriber

    def voices(self) -> SpeakerEmbedder | None:
        if self.options.speakers == 1:
            return None
        if self.embedder is None:
            from greenroom.backends.diarize import default_embedder

            self.embedder = default_embedder()
        return self.embedder

    def key(self) -> str:
        embedder = "none" if self.options.speakers == 1 else getattr(self.embedder, "name", "resemblyzer")
        asr = getattr(self.transcriber, "name", "faster-whisper")
        return f"{PIPELINE_VERSION};{asr};{self.options.asr.key()};{embedder};chunk={self.options.chunk_ms}"


class ChunkCache:
    """Per-chunk results in `<cache>/capture/<media sha>-<options hash>/`."""

    def __init__(self, media_sha: str, key: str, enabled: bool):
        digest = hashlib.sha256(key.encode()).hexdigest()[:12]
        self.folder = cache_dir() / "capture" / f"{media_sha[:16]}-{digest}"
        self.enabled = enabled

    def path(self, index: int) -> Path:
        return self.folder / f"chunk-{index:05d}.json"

    def load(self, index: int) -> ChunkResult | None:
        if not self.enabled or not self.path(index).is_file():
            return None
        try:
            return ChunkResult.from_json(self.path(index).read_text())
        except (ValueError, KeyError, TypeError):
            log.warning("ignoring a damaged cache file %s", self.path(index))
            return None

    def save(self, index: int, result: ChunkResult) -> None:
        if self.enabled:
            atomic.write_text(self.path(index), result.to_json())

    def complete(self) -> int | None:
        """The chunk count when every chunk is cached (then no decoding is needed)."""
        marker = self.folder / "complete"
        if not self.enabled or not marker.is_file():
            return None
        count = int(marker.read_text() or 0)
        return count if all(self.path(i).is_file() for i in range(count)) else None

    def finish(self, count: int) -> None:
        if self.enabled:
            atomic.write_text(self.folder / "complete", str(count))


def transcribe(path: str | os.PathLike[str], options: CaptureOptions | None = None, *,
               engines: Engines | None = None, voiceprints: dict[str, np.ndarray] | None = None,
               progress: Progress | None = None, media_sha: str | None = None) -> Interview:
    """Transcribe and diarize one media file into an Interview (not stored).

    Raises `InputError` for files that are not media, have no audio or are empty.
    """
    options = options or CaptureOptions()
    engines = engines or Engines(options)
    report = progress or (lambda stage, done, total: None)
    info = probe_audio(path)
    if engines.transcriber is None:
        check_options(path, options.asr)
    sha = media_sha or sha256_file(path)
    cache = ChunkCache(sha, engines.key(), options.cache)
    results, decoded_ms = _chunk_results(path, info, cache, engines, report)
    report("diarizing", info.duration_ms, info.duration_ms)
    interview = _assemble(results, options, voiceprints or {})
    interview.title = options.title or Path(path).stem.replace("_", " ")
    interview.project = options.project
    full = os.path.abspath(path)
    interview.source = Source(path=full, format="media", sha256=sha, media_path=full, media_sha256=sha,
                              duration=heard_length(path, info.duration_ms, decoded_ms))
    return interview


TRUNCATED_SLACK_MS = 2_000  # a header may round; more missing than this is a cut-off file


def heard_length(path: str | os.PathLike[str], stated_ms: int, decoded_ms: int | None) -> int:
    """The media's length: what decoded, when that falls short of what the header
    states (a cut-off download), with a warning naming the file; else the header's."""
    if decoded_ms is None or decoded_ms + TRUNCATED_SLACK_MS >= stated_ms:
        return stated_ms
    log.warning("%s: the audio ends at %s of the %s its header states: the file looks truncated",
                path, clock(decoded_ms), clock(stated_ms))
    return decoded_ms


def check_options(path: str | os.PathLike[str], options: AsrOptions) -> None:
    """Refuse a bad language or model before any audio is decoded."""
    from greenroom.backends.asr.whisper import check_language, resolve_model
    from greenroom.errors import InputError

    try:
        check_language(options.language)
    except InputError as err:
        raise InputError(path, err.problem) from None
    resolve_model(options.model)


def _chunk_results(path: str | os.PathLike[str], info: MediaInfo, cache: ChunkCache, engines: Engines,
                   report: Progress) -> tuple[list[ChunkResult], int | None]:
    """Each chunk's result, and how much audio decoded (None when all came from the cache)."""
    count = cache.complete()
    if count is not None:
        cached = [cache.load(i) for i in range(count)]
        if all(r is not None for r in cached):
            report("cached", info.duration_ms, info.duration_ms)
            return [r for r in cached if r is not None], None
    results = []
    decoded = 0
    for chunk in chunks(path, engines.options.chunk_ms):
        decoded = chunk.end
        result = cache.load(chunk.index)
        if result is None:
            result = _process(chunk, engines, lambda ms: report("transcribing", ms, info.duration_ms))
            cache.save(chunk.index, result)
        results.append(result)
        report("transcribing", chunk.end, info.duration_ms)
        release_memory()
    cache.finish(len(results))
    return results, decoded


def release_memory() -> None:
    """Hand freed heap back to the OS after each chunk (glibc keeps it otherwise),
    so peak memory stays that of one chunk however long the file is."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _process(chunk: Chunk, engines: Engines, on_position: Callable[[int], None]) -> ChunkResult:
    """Transcribe one chunk and embed its speech pieces by voice."""
    segments, language = engines.asr().transcribe(chunk.samples, engines.options.asr,
                                                   lambda ms: on_position(chunk.start + ms))
    segments = [_shift(s, chunk.start) for s in segments]
    words = [(w.start, w.end, i) for i, s in enumerate(segments) for w in s.words]
    ends = [bool(sentence_end(w.text)) for s in segments for w in s.words]
    pieces = clustering.make_pieces(words, ends)
    regions = [(chunk.start + a, chunk.start + b) for a, b in speech_regions(chunk.samples)]
    embedder = engines.voices()
    if embedder is None or not pieces:
        return ChunkResult(segments, language, pieces, np.zeros((len(pieces), 1), dtype=np.float32), regions)
    frames = clustering.make_frames(clustering.merge_spans(regions + [(p.start, p.end) for p in pieces]))
    spans = [clustering.clip_span(piece, chunk.end) for piece in pieces] + [(f.start, f.end) for f in frames]
    clips = [chunk.samples[ms_to_samples(max(start, chunk.start) - chunk.start):
                           ms_to_samples(min(end, chunk.end) - chunk.start)] for start, end in spans]
    vectors = embedder.embed(clips)
    return ChunkResult(segments, language, pieces, vectors[:len(pieces)], regions, frames, vectors[len(pieces):])


def sentence_end(word: str) -> str:
    """"?" when a word ends a question, "." when it ends another sentence, else ""."""
    tail = word.rstrip().rstrip("\"'”’)")
    return "?" if tail.endswith("?") else "." if tail.endswith((".", "!", "…")) else ""


def _shift(segment: AsrSegment, offset: int) -> AsrSegment:
    for word in segment.words:
        word.start += offset
        word.end += offset
    segment.start += offset
    segment.end += offset
    return segment


def _assemble(results: list[ChunkResult], options: CaptureOptions,
              voiceprints: dict[str, np.ndarray]) -> Interview:
    words, pieces, vectors = _flatten(results)
    durations = np.array([max(1, p.duration) for p in pieces], dtype=float)
    gaps = np.array([p.start - q.end for q, p in zip([pieces[0], *pieces], pieces)], dtype=float) if pieces else None
    ends = [sentence_end(w.text) for w in words]
    after = np.array([ends[p.words[0] - 1] if p.words[0] else "" for p in pieces])
    frame_vectors = [r.frame_vectors for r in results if len(r.frames)]
    frames = np.concatenate(frame_vectors) if frame_vectors and vectors.shape[1] > 1 else None
    labels = (clustering.cluster(vectors, durations, options.speakers, gaps, after, frames) if pieces
              else np.zeros(0, dtype=int))
    word_labels = [0] * len(words)
    for piece, label in zip(pieces, labels.tolist()):
        for index in piece.words:
            word_labels[index] = label
    word_labels = clustering.smooth(word_labels, [(w.start, w.end) for w in words], [bool(e) for e in ends])
    order: dict[int, int] = {}
    word_labels = [order.setdefault(label, len(order)) for label in word_labels]
    for word, label in zip(words, word_labels):
        word.speaker = label
    labels = np.array([word_labels[p.words[0]] for p in pieces], dtype=int)
    interview = _interview(words, len(order) or 1)
    interview.speaker_timeline = _timeline(results, interview, words, vectors, durations, labels)
    interview.language = next((r.language for r in results if r.language), options.asr.language)
    _name_voices(interview, vectors, labels, voiceprints)
    assign_roles(interview)
    return name_roles(interview, options.guests, options.interviewers)


def _timeline(results: list[ChunkResult], interview: Interview, words: list[HeardWord], vectors: np.ndarray,
              durations: np.ndarray, labels: np.ndarray) -> list[SpeakerSpan]:
    """Who is heard when, over the VAD's speech as well as the words: the sliding frames
    are assigned to the voices the words' pieces found (centred the same way), and the
    words decide wherever there are words."""
    regions = [r for result in results for r in result.regions]
    frames = [f for result in results for f in result.frames]
    frame_vectors = [r.frame_vectors for r in results if len(r.frames)]
    frame_labels = np.zeros(len(frames), dtype=int)
    if frames and len(labels) and vectors.shape[1] > 1 and len(set(labels.tolist())) > 1:
        mean = vectors[clustering.reliable_pieces(durations)].mean(axis=0)
        ids = sorted(set(labels.tolist()))
        voices = np.stack(clustering.centroids(clustering.centred_on(vectors, mean), labels))
        assigned = clustering.frame_labels(clustering.centred_on(np.concatenate(frame_vectors), mean),
                                           voices, frames)
        frame_labels = np.array([ids[i] for i in assigned.tolist()], dtype=int)
    elif len(interview.speakers) == 1:  # one voice (or none embedded): all speech is theirs
        frames = clustering.make_frames(clustering.merge_spans(regions))
        frame_labels = np.zeros(len(frames), dtype=int)
    runs = clustering.speaker_timeline(regions, frames, frame_labels, [(w.start, w.end, w.speaker) for w in words])
    known = {s.id for s in interview.speakers}
    return [SpeakerSpan(start, end, f"S{who + 1}") for start, end, who in runs if f"S{who + 1}" in known]


def _flatten(results: list[ChunkResult]) -> tuple[list[HeardWord], list[clustering.Piece], np.ndarray]:
    words: list[HeardWord] = []
    pieces: list[clustering.Piece] = []
    vectors = []
    for result in results:
        offset = len(words)
        words += [HeardWord(w.start, w.end, w.text, w.probability, 0) for s in result.segments for w in s.words]
        pieces += [clustering.Piece(p.start, p.end, [i + offset for i in p.words]) for p in result.pieces]
        vectors.append(result.embeddings)
    dims = {v.shape[1] for v in vectors if len(v)}
    stacked = np.concatenate([v for v in vectors if len(v)]) if dims else np.zeros((0, 1), dtype=np.float32)
    return words, pieces, stacked


def _interview(words: list[HeardWord], count: int) -> Interview:
    speaker_ids = [f"S{i + 1}" for i in range(count)]
    speech, found = separate_marks(words)
    utts = utterances(speech, speaker_ids)
    used = {u.speaker for u in utts} | {speaker_ids[w.speaker] for w, _, _ in found}
    marks = place_marks(found, utts, speaker_ids) + pauses(speech, speaker_ids)
    marks.sort(key=lambda m: (m.start, m.end))
    speakers = [Speaker(sid, f"Speaker {i + 1}") for i, sid in enumerate(speaker_ids) if sid in used]
    return Interview(speakers=speakers, utterances=utts, marks=marks)


def _name_voices(interview: Interview, vectors: np.ndarray, labels: np.ndarray,
                 voiceprints: dict[str, np.ndarray]) -> None:
    """Label speakers whose voice matches an enrolled voiceprint with its name."""
    if not voiceprints or len(labels) == 0 or vectors.shape[1] <= 1:
        return
    centres = clustering.centroids(vectors, labels)
    claims = []
    for name, print_vector in voiceprints.items():
        for index, centre in enumerate(centres):
            score = float(centre @ (print_vector / max(float(np.linalg.norm(print_vector)), 1e-9)))
            if score >= VOICE_MATCH:
                claims.append((score, name, f"S{index + 1}"))
    taken: set[str] = set()
    for score, name, sid in sorted(claims, reverse=True):
        speaker = interview.speaker(sid)
        if speaker is None or sid in taken or name in taken:
            continue
        speaker.name = name
        taken |= {sid, name}
        log.info("speaker %s matches voiceprint %s (%.2f)", sid, name, score)


def transcribe_into(library: Library, path: str | os.PathLike[str], options: CaptureOptions | None = None,
                    *, replace: bool = False, progress: Progress | None = None) -> tuple[AddResult, Interview | None]:
    """Transcribe `path` and store it; media already in the library is not redone.

    Returns the library's answer and the new interview (None when it was there).
    Enrolled voiceprints name the speakers they match.
    """
    options = options or CaptureOptions()
    probe_audio(path)
    sha = sha256_file(path)
    existing = library.find_by_sha256(sha)
    if existing and not replace:
        return AddResult(existing, created=False, title=library.get(existing).title), None
    prints = {v.name: np.asarray(v.vector, dtype=np.float32) for v in library.voices()}
    interview = transcribe(path, options, voiceprints=prints, progress=progress, media_sha=sha)
    if existing:
        from greenroom.capture.imports import keep_what_was_set

        keep_what_was_set(library.get(existing), interview, title=options.title is not None,
                          project=bool(options.project))
    return library.add(interview, replace=replace), interview


def voiceprint(path: str | os.PathLike[str], start_ms: int, end_ms: int,
               embedder: SpeakerEmbedder | None = None) -> np.ndarray:
    """A voice vector from a stretch of one speaker's speech (for `voices enroll`)."""
    from greenroom.backends.diarize import default_embedder
    from greenroom.errors import InputError
    from greenroom.media.audio import decode

    info = probe_audio(path)
    if not 0 <= start_ms < end_ms or start_ms >= info.duration_ms:
        raise InputError(path, f"bad range for a voiceprint: the media is {info.duration_ms / 1000:.1f} s long")
    if end_ms - start_ms < 3000:
        raise InputError(path, "a voiceprint needs at least 3 s of speech (--from/--to)")
    samples = decode(path, start_ms, end_ms - start_ms)
    step = ms_to_samples(2000)
    clips = [samples[i:i + step] for i in range(0, max(1, len(samples) - step // 2), step)]
    vectors = (embedder or default_embedder()).embed(clips)
    mean = vectors.mean(axis=0)
    return mean / max(float(np.linalg.norm(mean)), 1e-9)


def to_list(vector: np.ndarray) -> list[float]:
    return [round(float(x), 6) for x in vector]
