"""The spoken sample interview: its audio, and a reference that tells the truth about it."""

from __future__ import annotations

import hashlib
import itertools
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from greenroom import timecode
from greenroom.formats import load
from greenroom.media import probe
from greenroom.media.audio import SAMPLE_RATE, decode
from greenroom.model import Interview
from greenroom.sample import GUEST, INTERVIEWER, make_sample
from greenroom.sample.make import PAUSE_MS, SampleFiles


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> SampleFiles:
    return make_sample(tmp_path_factory.mktemp("first"))


@pytest.fixture(scope="module")
def reference(sample: SampleFiles) -> Interview:
    return load(sample.reference)


@pytest.fixture(scope="module")
def samples(sample: SampleFiles) -> np.ndarray:
    return decode(sample.audio)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_same_bytes_on_every_run(sample: SampleFiles, tmp_path: Path) -> None:
    again = make_sample(tmp_path / "second")
    for first, second in zip(
        (sample.audio, sample.reference, sample.rttm, sample.transcript),
        (again.audio, again.reference, again.rttm, again.transcript),
    ):
        assert sha256(first) == sha256(second), first.name


def test_audio_is_16k_mono_pcm_of_about_three_minutes(sample: SampleFiles) -> None:
    info = probe(sample.audio)
    assert (info.sample_rate, info.channels, info.audio_codec) == (SAMPLE_RATE, 1, "pcm_s16le")
    assert 150_000 <= info.duration_ms <= 216_000
    assert not info.has_video


def test_reference_holds_the_script(reference: Interview) -> None:
    script = load(Path(__file__).resolve().parents[1] / "greenroom" / "sample" / "interview.txt")
    assert len(reference.utterances) == 20
    assert [u.text for u in reference.utterances] == [u.text for u in script.utterances]
    assert [(s.id, s.name, s.role) for s in reference.speakers] == [
        ("S1", INTERVIEWER, "interviewer"), ("S2", GUEST, "guest")]
    assert {(p.name, p.role) for p in reference.people} == {(GUEST, "guest"), (INTERVIEWER, "interviewer")}
    assert (reference.title, reference.project) == ("Tom Hale on Low Tide", "Low Tide")
    assert "Ha ha" not in reference.text


def test_reference_times_are_ordered_and_gapped(reference: Interview, sample: SampleFiles) -> None:
    utterances = reference.utterances
    assert utterances[0].start > 0 and utterances[-1].end < probe(sample.audio).duration_ms
    gaps = [b.start - a.end for a, b in itertools.pairwise(utterances)]
    assert all(480 <= gap <= 920 for gap in gaps), gaps
    assert all(u.duration > 800 for u in utterances)


def test_laughs_are_marks_inside_the_guests_answers(reference: Interview) -> None:
    assert [m.kind for m in reference.marks] == ["laughter", "laughter"]
    for mark in reference.marks:
        utterance = next(u for u in reference.utterances if u.id == mark.utterance)
        assert utterance.speaker == mark.speaker == "S2"
        assert utterance.start <= mark.start < mark.end <= utterance.end
        assert 500 < mark.end - mark.start < 2500
    first, last = reference.marks
    assert first.start == reference.utterances[5].start and first.at == 0
    assert last.end == reference.utterances[17].end


def test_times_are_tight_around_speech(reference: Interview, samples: np.ndarray) -> None:
    def rms(start_ms: int, end_ms: int) -> float:
        return float(np.sqrt(np.mean(samples[start_ms * 16: end_ms * 16] ** 2)))

    for u in reference.utterances:
        assert rms(u.start - 150, u.start - 10) < 0.01, u.id
        assert rms(u.end + 10, u.end + 150) < 0.01, u.id
        assert rms(u.start, u.start + 300) > 0.01, u.id


def test_one_long_pause_inside_one_answer(reference: Interview, samples: np.ndarray) -> None:
    longest = {u.id: longest_silence_ms(samples[u.start * 16: u.end * 16]) for u in reference.utterances}
    paused = [uid for uid, ms in longest.items() if ms >= PAUSE_MS - 100]
    assert paused == ["u8"]
    assert longest["u8"] <= PAUSE_MS + 100
    assert reference.utterances[7].text.startswith("Honestly, I was terrified")


def longest_silence_ms(segment: np.ndarray) -> int:
    """Longest run of 10 ms frames without sound."""
    frames = segment[: len(segment) // 160 * 160].reshape(-1, 160)
    quiet = np.sqrt(np.mean(frames**2, axis=1)) < 0.003
    best = run = 0
    for frame in quiet:
        run = run + 1 if frame else 0
        best = max(best, run)
    return best * 10


def test_rttm_agrees_with_the_reference(sample: SampleFiles, reference: Interview) -> None:
    lines = sample.rttm.read_text().splitlines()
    assert len(lines) == len(reference.utterances)
    for line, u in zip(lines, reference.utterances):
        kind, file, channel, start, duration, na1, na2, name, na3, na4 = line.split()
        assert (kind, file, channel, na1, na2, na3, na4) == ("SPEAKER", "sample", "1", *["<NA>"] * 4)
        assert name == reference.speaker_name(u.speaker).replace(" ", "_")
        assert abs(float(start) * 1000 - u.start) <= 1 and abs(float(duration) * 1000 - u.duration) <= 1


def test_labelled_transcript_has_the_real_stamps(sample: SampleFiles, reference: Interview) -> None:
    text = load(sample.transcript)
    assert [u.start for u in text.utterances] == [u.start // 1000 * 1000 for u in reference.utterances]
    assert [u.text for u in text.utterances] == [u.text for u in reference.utterances]
    assert [m.kind for m in text.marks] == ["laughter", "laughter"]
    assert sample.transcript.read_text().startswith(f"{INTERVIEWER} [{timecode.stamp(reference.utterances[0].start)}]: ")


def test_the_two_voices_differ(reference: Interview, samples: np.ndarray) -> None:
    def pitch(speaker: str) -> float:
        parts = [samples[u.start * 16: u.end * 16] for u in reference.utterances if u.speaker == speaker]
        return median_pitch_hz(np.concatenate(parts))

    dana, tom = pitch("S1"), pitch("S2")
    assert dana > 1.5 * tom, (dana, tom)


def median_pitch_hz(audio: np.ndarray) -> float:
    """Median autocorrelation pitch of loud 32 ms frames (60-400 Hz)."""
    size, low, high = 512, SAMPLE_RATE // 400, SAMPLE_RATE // 60
    found = []
    for start in range(0, len(audio) - size, size * 4):
        frame = audio[start: start + size]
        if np.sqrt(np.mean(frame**2)) < 0.05:
            continue
        frame = frame - frame.mean()
        corr = np.correlate(frame, frame, "full")[size - 1:]
        found.append(SAMPLE_RATE / (low + int(np.argmax(corr[low:high]))))
    return float(np.median(found))


def test_importing_the_sample_package_loads_no_numpy() -> None:
    code = "import sys, greenroom.sample; print('numpy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
