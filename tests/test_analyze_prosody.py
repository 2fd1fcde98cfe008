"""Prosody from the audio: pitch and loudness tracks, and moments that use them."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

np = pytest.importorskip("numpy")

from greenroom import formats
from greenroom.analyze.moments import find_moments, load_sentiment
from greenroom.analyze.prosody import RATE, VoiceTrack, frame_features, media_track
from greenroom.capture.roles import assign_roles


def tone(hz: float, seconds: float, level: float = 0.3) -> np.ndarray:
    t = np.arange(int(RATE * seconds)) / RATE
    return (level * np.sin(2 * np.pi * hz * t)).astype(np.float32)


@pytest.mark.parametrize("hz", [110.0, 180.0, 260.0])
def test_pitch_of_a_tone(hz: float) -> None:
    _, pitch = frame_features(tone(hz, 1.0))
    voiced = pitch[pitch > 0]
    assert voiced.size > 0.9 * pitch.size
    assert abs(float(np.median(voiced)) - hz) < hz * 0.04


def test_silence_has_no_pitch_and_louder_is_louder() -> None:
    _, pitch = frame_features(np.zeros(RATE, np.float32))
    assert not (pitch > 0).any()
    quiet, _ = frame_features(tone(150, 1.0, 0.05))
    loud, _ = frame_features(tone(150, 1.0, 0.5))
    assert float(loud.mean()) - float(quiet.mean()) == pytest.approx(20.0, abs=1.0)


def test_media_track_streams_in_step_with_time(tmp_path: Path) -> None:
    """Two minutes (two stream chunks): a tone starting at 90 s is found at 90 s."""
    wav = tmp_path / "t.wav"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "anullsrc=r=16000:cl=mono", "-f", "lavfi",
                    "-i", "sine=frequency=200:sample_rate=16000", "-filter_complex",
                    "[0]atrim=0:90[a];[1]atrim=0:30[b];[a][b]concat=n=2:v=0:a=1", "-t", "120", str(wav)],
                   check=True)
    track = media_track(str(wav))
    assert track is not None and abs(len(track.pitch) - 6000) <= 2
    first = int(np.argmax(track.pitch > 0))
    assert abs(first * 20 - 90_000) <= 60
    assert media_track(str(tmp_path / "gone.wav")) is None


TALK = """Dana: What happened on the first night?
Tom: I remember we drove to the coast. It was late and the road was dark. We found the lighthouse at two.
Dana: And the second night?
Tom: We went back to the same road. It was late again and the van was cold. We found the keeper at four.
"""


def test_a_raised_voice_lifts_a_moment() -> None:
    interview = formats.parse(TALK, "t.txt", "text")
    assign_roles(interview, interviewers=["Dana"])
    answers = [u for u in interview.utterances if interview.speaker_name(u.speaker) == "Tom"]
    frames = interview.duration // 20 + 50
    pitch = np.full(frames, 120.0, np.float32) + np.random.default_rng(1).normal(0, 3, frames).astype(np.float32)
    loudness = np.full(frames, -30.0, np.float32)
    a, b = answers[1].start // 20, answers[1].end // 20
    pitch[a:b] += 60.0  # the second answer said higher and louder
    loudness[a:b] += 8.0
    plain = find_moments(interview, load_sentiment())
    lifted = find_moments(interview, load_sentiment(), VoiceTrack(loudness, pitch))
    voiced = [m for m in lifted if answers[1].id in m.utterances]
    assert voiced and voiced[0].evidence["voice"] > 0.1  # half the sentences raised: z = 1 on each cue
    assert "raised or louder voice" in voiced[0].reason or voiced[0].kind != "emotion"
    assert all(m.evidence["voice"] == 0 for m in lifted if answers[0].id in m.utterances)
    assert all(m.evidence["voice"] == 0 for m in plain)
