"""probe / decode / stream on real media made with ffmpeg at test time, good and bad."""

from __future__ import annotations

import hashlib
import importlib
import os
import random
import subprocess
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from greenroom.errors import GreenroomError, InputError
from greenroom.media import probe, probe_audio
from greenroom.media.audio import SAMPLE_RATE, decode, last_error, sha256_file, stream

# The package re-exports the function `probe`, which hides the module of that name.
probe_module = importlib.import_module("greenroom.media.probe")
audio_module = importlib.import_module("greenroom.media.audio")

SINE = ["-f", "lavfi", "-i", "sine=frequency=440:duration=2:sample_rate=44100"]
VIDEO = ["-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25:duration=2"]


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-nostdin", *args], check=True)


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One of each kind of file, good and bad, made once for the module."""
    folder = tmp_path_factory.mktemp("media")
    files = {name: folder / name for name in (
        "tone.wav", "tone.mp3", "tone.m4a", "clip.mp4", "silent.mkv", "empty.wav",
        "corrupt.mp3", "text.wav", "noise.mp3", "odd:name.wav")}
    ffmpeg(*SINE, "-ac", "2", str(files["tone.wav"]))
    ffmpeg(*SINE, "-b:a", "64k", str(files["tone.mp3"]))
    ffmpeg(*SINE, "-c:a", "aac", str(files["tone.m4a"]))
    ffmpeg(*VIDEO, *SINE, "-shortest", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac",
           str(files["clip.mp4"]))
    ffmpeg(*VIDEO, "-c:v", "libx264", "-preset", "ultrafast", str(files["silent.mkv"]))
    ffmpeg("-f", "lavfi", "-i", "anullsrc=sample_rate=16000", "-t", "0", str(files["empty.wav"]))
    files["corrupt.mp3"].write_bytes(corrupted(files["tone.mp3"].read_bytes()))
    files["text.wav"].write_text("This is not audio, whatever its name says.\n")
    files["noise.mp3"].write_bytes(random.Random(7).randbytes(40_000))
    files["odd:name.wav"].write_bytes(files["tone.wav"].read_bytes())
    return files


def corrupted(data: bytes) -> bytes:
    """The first half of a file with garbage over the middle of what is left."""
    half = bytearray(data[: len(data) // 2])
    middle = len(half) // 2
    half[middle - 2000: middle + 2000] = random.Random(3).randbytes(4000)
    return bytes(half)


def test_probe_wav(media: dict[str, Path]) -> None:
    info = probe(media["tone.wav"])
    assert (info.duration_ms, info.sample_rate, info.channels) == (2000, 44100, 2)
    assert info.has_audio and not info.has_video
    assert info.audio_codec == "pcm_s16le" and info.format_name == "wav"
    assert info.path == str(media["tone.wav"])


@pytest.mark.parametrize("name, codec", [("tone.mp3", "mp3"), ("tone.m4a", "aac")])
def test_probe_compressed_audio(media: dict[str, Path], name: str, codec: str) -> None:
    info = probe(media[name])
    assert info.audio_codec == codec and info.has_audio and not info.has_video
    assert abs(info.duration_ms - 2000) < 100
    assert info.width is None and info.fps is None


def test_probe_video_with_sound(media: dict[str, Path]) -> None:
    info = probe(media["clip.mp4"])
    assert info.has_video and info.has_audio
    assert (info.width, info.height, info.fps) == (160, 120, 25.0)
    assert abs(info.duration_ms - 2000) < 100


def test_video_without_sound_probes_but_does_not_decode(media: dict[str, Path]) -> None:
    info = probe(media["silent.mkv"])
    assert info.has_video and not info.has_audio
    for read in (probe_audio, decode, lambda p: list(stream(p, 500))):
        with pytest.raises(InputError) as caught:
            read(media["silent.mkv"])
        assert caught.value.problem == "has no audio stream"


BAD = [
    ("empty.wav", "audio is empty (0 s)"),
    ("text.wav", "not an audio or video file ffmpeg can read"),
    ("noise.mp3", "not an audio or video file ffmpeg can read"),
    ("missing.wav", "no such file"),
]
READERS: list[Callable[[Path], object]] = [probe, decode]


@pytest.mark.parametrize("name, problem", BAD)
@pytest.mark.parametrize("read", READERS, ids=["probe", "decode"])
def test_bad_files_name_the_file_and_the_problem(
    media: dict[str, Path], name: str, problem: str, read: Callable[[Path], object]
) -> None:
    path = media["tone.wav"].parent / name
    with pytest.raises(InputError) as caught:
        read(path)
    assert caught.value.path == str(path)
    assert caught.value.problem == problem
    assert str(caught.value) == f"{path}: {problem}"


@pytest.mark.parametrize("name, problem", BAD[:2])
def test_stream_raises_as_decode_does(media: dict[str, Path], name: str, problem: str) -> None:
    with pytest.raises(InputError) as caught:
        list(stream(media[name], 500))
    assert (caught.value.path, caught.value.problem) == (str(media[name]), problem)


def test_directory_is_refused(tmp_path: Path) -> None:
    for read in (probe, decode, sha256_file):
        with pytest.raises(InputError, match="is a directory"):
            read(tmp_path)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file_is_permission_denied(media: dict[str, Path], tmp_path: Path) -> None:
    locked = tmp_path / "locked.wav"
    locked.write_bytes(media["tone.wav"].read_bytes())
    locked.chmod(0)
    with pytest.raises(InputError, match="permission denied"):
        probe(locked)


def test_corrupt_mp3_probes_but_fails_to_decode_with_ffmpegs_words(media: dict[str, Path]) -> None:
    path = media["corrupt.mp3"]
    assert probe(path).has_audio
    for read in (decode, lambda p: list(stream(p, 200))):
        with pytest.raises(InputError) as caught:
            read(path)
        assert caught.value.path == str(path)
        assert caught.value.problem.startswith("cannot decode audio: ")
        assert "0x" not in caught.value.problem and len(caught.value.problem) < 250


@pytest.mark.parametrize("name", ["tone.wav", "tone.mp3", "tone.m4a", "clip.mp4"])
def test_decode_is_mono_16k_float(media: dict[str, Path], name: str) -> None:
    samples = decode(media[name])
    assert samples.dtype == np.float32 and samples.ndim == 1
    assert abs(len(samples) - 2 * SAMPLE_RATE) < SAMPLE_RATE // 10
    assert 0.05 < float(np.max(np.abs(samples))) <= 1.0


@pytest.mark.parametrize("name", ["tone.wav", "tone.mp3"])
def test_stream_chunks_add_up_to_decode(media: dict[str, Path], name: str) -> None:
    whole = decode(media[name])
    chunks = list(stream(media[name], chunk_ms=300))
    assert [start for start, _ in chunks] == [i * 300 for i in range(len(chunks))]
    assert all(len(c) == 300 * 16 for _, c in chunks[:-1]) and 0 < len(chunks[-1][1]) <= 300 * 16
    joined = np.concatenate([c for _, c in chunks])
    assert abs(len(joined) - len(whole)) <= 300 * 16
    size = min(len(joined), len(whole))
    np.testing.assert_allclose(joined[:size], whole[:size], atol=1e-6)


def test_stream_closed_early_stops_ffmpeg(media: dict[str, Path]) -> None:
    chunks = stream(media["tone.wav"], chunk_ms=100)
    start, first = next(chunks)
    chunks.close()
    assert start == 0 and len(first) == 1600


def test_decode_window_has_the_right_samples(media: dict[str, Path]) -> None:
    whole = decode(media["tone.wav"])
    window = decode(media["tone.wav"], start_ms=500, duration_ms=700)
    assert len(window) == 700 * 16
    np.testing.assert_allclose(window[32:], whole[500 * 16 + 32: 1200 * 16], atol=1e-3)  # resampler edge
    assert len(decode(media["tone.wav"], start_ms=1500, duration_ms=2000)) == 500 * 16
    assert len(decode(media["tone.wav"], start_ms=3000)) == 0


def test_names_with_a_colon_are_files_not_protocols(media: dict[str, Path]) -> None:
    assert probe(media["odd:name.wav"]).duration_ms == 2000
    assert len(decode(media["odd:name.wav"])) == 2 * SAMPLE_RATE


def test_sha256_file(media: dict[str, Path]) -> None:
    path = media["clip.mp4"]
    assert sha256_file(path) == hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(InputError, match="no such file"):
        sha256_file(path.with_name("gone.mp4"))


def test_missing_ffprobe_says_how_to_install(media: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(probe_module, "FFPROBE", "ffprobe-not-installed-here")
    with pytest.raises(GreenroomError) as caught:
        probe(media["tone.wav"])
    assert not isinstance(caught.value, InputError)
    assert str(caught.value) == "ffprobe not found: install ffmpeg (apt-get install ffmpeg)"


def test_missing_ffmpeg_says_how_to_install(media: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audio_module, "FFMPEG", "ffmpeg-not-installed-here")
    for read in (decode, lambda p: list(stream(p, 500))):
        with pytest.raises(GreenroomError, match="ffmpeg not found: install ffmpeg"):
            read(media["tone.wav"])


def test_last_error_drops_addresses_and_generic_lines() -> None:
    stderr = (b"[mp3float @ 0x55986ea67580] Header missing\n"
              b"Error while decoding stream #0:0: Invalid data found when processing input\n\n")
    assert last_error(stderr) == "mp3float: Header missing"
    assert last_error(b"") == "ffmpeg failed"
