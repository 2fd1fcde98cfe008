"""Relinking moved media: the one-line error when it is gone, the checksum that
proves a new path holds the same media, and the duration when no checksum exists."""

from __future__ import annotations

import shutil
import wave
from pathlib import Path

import pytest

from greenroom.edit.relink import media_of, relink
from greenroom.errors import InputError
from greenroom.model import Interview, Source, Utterance


def silence(path: Path, seconds: float) -> Path:
    """A mono 16 kHz WAV of silence, `seconds` long."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(16_000)
        out.writeframes(b"\0\0" * int(16_000 * seconds))
    return path


def interview(media: Path | None, sha256: str | None = None, duration: int | None = 3_000) -> Interview:
    return Interview(id="junket", utterances=[Utterance("u1", 0, 2_500, "S1", "Hello there.")],
                     source=Source(media_path=str(media) if media else None, media_sha256=sha256,
                                   duration=duration))


def test_media_of_gives_the_file_or_says_how_to_relink(tmp_path: Path) -> None:
    audio = silence(tmp_path / "a.wav", 1)
    assert media_of(interview(audio)) == audio
    with pytest.raises(InputError) as gone:
        media_of(interview(tmp_path / "gone.wav"))
    assert str(gone.value) == (f"{tmp_path / 'gone.wav'}: media missing or moved; "
                               "relink it with `greenroom relink junket NEWPATH`")
    with pytest.raises(InputError, match="junket: no media file recorded"):
        media_of(interview(None))


def test_relink_accepts_the_same_bytes_and_refuses_others(tmp_path: Path) -> None:
    from greenroom.media.audio import sha256_file

    original = silence(tmp_path / "a.wav", 3)
    iv = interview(original, sha256_file(original))
    moved = tmp_path / "archive" / "junket.wav"
    moved.parent.mkdir()
    shutil.move(original, moved)
    done = relink(iv, moved)
    assert (done.path, done.checked, done.note) == (moved, "sha256", "")
    assert iv.source.media_path == str(moved)
    other = silence(tmp_path / "other.wav", 3.5)
    with pytest.raises(InputError) as wrong:
        relink(iv, other)
    message = str(wrong.value)
    assert message.startswith(f"{other}: not the media of junket: sha256 ")
    assert str(moved) in message and "\n" not in message
    assert iv.source.media_path == str(moved)
    with pytest.raises(InputError, match="no such file"):
        relink(iv, tmp_path / "nowhere.wav")


def test_relink_without_a_checksum_goes_by_duration_and_records_one(tmp_path: Path) -> None:
    from greenroom.media.audio import sha256_file

    iv = interview(tmp_path / "lost.wav", None, duration=3_000)
    with pytest.raises(InputError, match="it lasts 5.0 s, the interview 3.0 s"):
        relink(iv, silence(tmp_path / "long.wav", 5))
    assert iv.source.media_sha256 is None
    close = silence(tmp_path / "close.wav", 3.4)
    done = relink(iv, close)
    assert done.checked == "duration" and "no checksum was recorded" in done.note
    assert iv.source.media_sha256 == sha256_file(close)


def test_relink_keeps_the_source_path_of_a_transcribed_file_in_step(tmp_path: Path) -> None:
    from greenroom.media.audio import sha256_file

    audio = silence(tmp_path / "a.wav", 3)
    iv = interview(tmp_path / "old.wav", sha256_file(audio))
    iv.source.path = iv.source.media_path
    relink(iv, audio)
    assert iv.source.path == iv.source.media_path == str(audio)


def test_relink_command_after_the_media_moved(analyzed_library, greenroom_at, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from greenroom.library import Library

    path, iid = analyzed_library
    runner = greenroom_at(path)
    with Library(path) as library:
        shared = Path(library.get(iid).source.media_path or "")
    # the session's sample audio is shared with other tests: work on a private copy
    first = tmp_path / "first" / "sample.wav"
    first.parent.mkdir()
    shutil.copy(shared, first)
    linked = runner("relink", iid, str(first))
    assert linked.exit_code == 0, linked.output
    assert linked.stdout == f"relinked {iid} (sha256 matches) {first}\n"
    assert runner("highlights", iid, "--budget", "20s").exit_code == 0

    moved = tmp_path / "moved" / "sample.wav"
    moved.parent.mkdir()
    shutil.move(first, moved)
    lost = runner("export", iid, "--to", "edl")
    assert lost.exit_code == 1
    assert lost.stderr == (f"greenroom: error: {first}: media missing or moved; "
                           f"relink it with `greenroom relink {iid} NEWPATH`\n")

    impostor = silence(tmp_path / "impostor.wav", 175)
    refused = runner("relink", iid, str(impostor))
    assert refused.exit_code == 1 and refused.stderr.count("\n") == 1
    assert str(impostor) in refused.stderr and str(first) in refused.stderr

    assert runner("relink", iid, str(moved)).exit_code == 0
    edl = runner("export", iid, "--to", "edl")
    assert edl.exit_code == 0, edl.output
    assert f"FROM CLIP: {moved.as_uri()}" in edl.stdout
    with Library(path) as library:
        assert library.get(iid).source.media_path == str(moved)
