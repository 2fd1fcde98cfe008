"""The speaker timeline: who is heard when, over all speech, words recognised or not.

Capture lays speech regions (Silero VAD) and sliding voice frames beside the words;
the words decide where there are words, the frames fill speech the recogniser
missed. Real default backends on the built-in espeak-ng sample; the timeline's
building blocks on small hand-made inputs.
"""

from __future__ import annotations

import itertools
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from greenroom.capture import speakers as clustering
from greenroom.capture.transcribe import CaptureOptions, transcribe
from greenroom.library import Library
from greenroom.model import Interview, SpeakerSpan, Utterance


@pytest.fixture(scope="module")
def heard(sample_files) -> Interview:  # type: ignore[no-untyped-def]
    return transcribe(sample_files.audio, CaptureOptions())


def span_at(interview: Interview, ms: int) -> SpeakerSpan | None:
    return next((s for s in interview.speaker_timeline if s.start <= ms < s.end), None)


def test_every_word_lies_in_a_span_of_its_own_speaker(heard: Interview) -> None:
    words = [(w, u.speaker) for u in heard.utterances for w in u.words]
    assert words
    for word, speaker in words:
        span = span_at(heard, (word.start + word.end) // 2)
        assert span is not None and span.speaker == speaker, (word, speaker, span)


def test_the_timeline_is_ordered_and_names_known_speakers(heard: Interview) -> None:
    spans = heard.speaker_timeline
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))
    assert {s.speaker for s in spans} == {s.id for s in heard.speakers}
    assert heard.source.duration and spans[-1].end <= heard.source.duration


def test_the_timeline_matches_the_samples_turns(heard: Interview, sample_files) -> None:  # type: ignore[no-untyped-def]
    """DER of the timeline against the sample's own RTTM, as a diarization system is scored."""
    metrics = pytest.importorskip("pyannote.metrics.diarization")
    from pyannote.core import Annotation, Segment

    reference = Annotation()
    for line in Path(sample_files.rttm).read_text().splitlines():
        parts = line.split()
        start, length = float(parts[3]), float(parts[4])
        reference[Segment(start, start + length), len(reference)] = parts[7]
    hypothesis = Annotation()
    for index, span in enumerate(heard.speaker_timeline):
        hypothesis[Segment(span.start / 1000, span.end / 1000), index] = span.speaker
    error = metrics.DiarizationErrorRate(collar=0.25)(reference, hypothesis)
    assert error < 0.06, error


def test_speech_without_words_takes_the_frames_speaker() -> None:
    """A region the recogniser heard nothing in is still speech, and its frames say whose."""
    words = [(0, 400, 0), (450, 900, 0)]
    regions = [(0, 900), (2000, 4000)]
    frames = clustering.make_frames(clustering.merge_spans(regions + [(0, 900)]))
    labels = np.array([0 if f.end <= 1000 else 1 for f in frames])
    runs = clustering.speaker_timeline(regions, frames, labels, words)
    assert runs == [(0, 900, 0), (2000, 4000, 1)]


def test_frames_cover_each_region_once() -> None:
    frames = clustering.make_frames([(0, 700), (1000, 5000)])
    assert (frames[0].own_start, frames[0].own_end) == (0, 700)
    owned = [(f.own_start, f.own_end) for f in frames[1:]]
    assert owned[0][0] == 1000 and owned[-1][1] == 5000
    assert all(a[1] == b[0] for a, b in itertools.pairwise(owned))
    assert all(f.end - f.start == clustering.FRAME_MS for f in frames[1:])


def test_a_lone_odd_frame_does_not_flip_the_speaker() -> None:
    """The minimum-duration prior: one window nearer the other voice, inside a run, stays."""
    voices = np.eye(2)
    vectors = np.array([[1, 0], [1, 0], [0.45, 0.55], [1, 0], [1, 0], [0, 1], [0, 1], [0, 1]], dtype=float)
    frames = clustering.make_frames([(0, 500 * 8 + 1000)])[:8]
    assert clustering.frame_labels(vectors, voices, frames).tolist() == [0, 0, 0, 0, 0, 1, 1, 1]


def test_a_library_without_timelines_still_opens(tmp_path: Path) -> None:
    """Interviews stored before the timeline existed read back with an empty one; new
    ones keep theirs."""
    path = tmp_path / "library.db"
    interview = Interview(title="Timeline", utterances=[Utterance("u1", 0, 900, "S1", "Hello there.")],
                          speaker_timeline=[SpeakerSpan(0, 900, "S1"), SpeakerSpan(1200, 2500, "S1")])
    added = Library(path).add(interview)
    assert Library(path).get(added.id).speaker_timeline == interview.speaker_timeline
    with sqlite3.connect(path) as conn:  # as an older greenroom wrote it
        conn.execute("UPDATE interviews SET doc = json_remove(doc, '$.speaker_timeline')")
    old = Library(path).get(added.id)
    assert old.speaker_timeline == [] and old.utterances[0].text == "Hello there."


def test_rttm_export_writes_the_timeline(heard: Interview) -> None:
    from greenroom import formats

    lines = formats.dump(heard, "rttm").splitlines()
    assert len(lines) == len(heard.speaker_timeline)
    fields = lines[0].split()
    first = heard.speaker_timeline[0]
    assert fields[0] == "SPEAKER" and float(fields[3]) == first.start / 1000
    assert fields[7] == heard.speaker_name(first.speaker).replace(" ", "_")


def test_rttm_export_of_an_import_uses_its_utterances() -> None:
    from greenroom import formats
    from greenroom.model import Speaker

    imported = Interview(id="imp", speakers=[Speaker("S1", "Dana Reyes")],
                         utterances=[Utterance("u1", 1000, 2500, "S1", "Hello."), Utterance("u2", 3000, 3000, "S1", "")])
    assert formats.dump(imported, "rttm") == "SPEAKER imp 1 1.000 1.500 <NA> <NA> Dana_Reyes <NA> <NA>\n"
