"""Bad input: one line on stderr naming the file and the problem, exit 1, library unchanged.

Each case is a file we wrote to break a reader in a distinct way.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from greenroom.sample import transcript_path

GOOD_SRT = "1\n00:00:01,000 --> 00:00:02,000\nHello.\n"

# name -> (file bytes, a fragment the one-line error must contain)
BAD_FILES: dict[str, tuple[bytes, str]] = {
    "empty.srt": (b"", "empty"),
    "blank.vtt": (b"   \n\n  \n", "empty"),
    "random.srt": (bytes(range(256)) * 8, "binary"),
    "image.vtt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64, "binary"),
    "truncated.srt": (b"1\n00:00:01,000 --> 00:00", ""),
    "backwards.srt": (b"1\n00:00:25,000 --> 00:00:26,000\nLater.\n\n2\n00:00:01,000 --> 00:00:02,000\nEarlier.\n",
                      "backwards"),
    "ends-before-start.srt": (b"1\n00:00:05,000 --> 00:00:04,000\nOops.\n", "before"),
    "bad-minutes.srt": (b"1\n00:61:00,000 --> 00:62:00,000\nNo such minute.\n", ""),
    "garbage-timing.srt": (b"1\nabc --> def\nhello\n\n2\n00:00:01,000 --> 00:00:02,000\nhi\n", ""),
    "numbers-only.srt": (b"1\n\n2\n\n3\n", ""),
    "header-only.vtt": (b"WEBVTT\n", ""),
    "note-only.vtt": (b"WEBVTT\n\nNOTE just a comment\n", ""),
    "backwards.vtt": (b"WEBVTT\n\n00:00:29.000 --> 00:00:30.000\nA\n\n00:00:01.000 --> 00:00:02.000\nB\n",
                      "backwards"),
    "bad-arrow.vtt": (b"WEBVTT\n\n00:00.000 -> 00:01.000\nHello\n", ""),
    "trailing-comma.json": (b'{"segments": [{"start": 0, "end": 1, "text": "hi"},]}', "JSON"),
    "truncated.json": (b'{"schema_version": 1, "utterances": [{"id": "u1", "start": 0', "JSON"),
    "wrong-shape.json": (b'{"foo": 1, "bar": [1, 2]}', ""),
    "numbers.json": (b"[1, 2, 3]", ""),
    "future-schema.json": (json.dumps({"schema_version": 99, "utterances": []}).encode(), "schema_version"),
    "negative-range.json": (json.dumps({"schema_version": 1, "speakers": [], "utterances": [
        {"id": "u1", "start": 500, "end": 100, "speaker": None, "text": "x"}]}).encode(), "time"),
    "text-is-number.json": (json.dumps({"schema_version": 1, "utterances": [
        {"id": "u1", "start": 0, "end": 100, "speaker": None, "text": 42}]}).encode(), ""),
    "whisper-bad-time.json": (json.dumps({"segments": [{"start": "soon", "end": 2.0, "text": "hi"}]}).encode(), ""),
    "podcast-negative.json": (json.dumps({"version": "1.0.0", "segments": [
        {"speaker": "A", "startTime": -5, "endTime": 1, "body": "hi"}]}).encode(), ""),
    "json3-bad-events.json": (json.dumps({"events": "nope"}).encode(), ""),
    "prose.txt": (b"This is a shopping list.\nEggs, milk and bread.\nNothing else here at all.\n", "format"),
    "web-page.html": (b"<html><head><title>Hi</title></head><body><p>Welcome to my site.</p></body></html>",
                      "format"),
    "backwards-stamps.txt": (b"Ann [00:05:00]: Later words.\nBen [00:01:00]: Earlier words.\n"
                             b"Ann [00:06:00]: More.\n", "backwards"),
    "odd-utf16.srt": ("\ufeff1\n00:00:01,000 --> 00:00:02,000\nHi\n".encode("utf-16-le") + b"\x00", ""),
    "nul-in-text.vtt": (b"WEBVTT\n\n00:00.000 --> 00:01.000\nHel\x00\x00\x00lo\x00\x00\x01\x02\n", "binary"),
}


def library_state(greenroom) -> str:  # type: ignore[no-untyped-def]
    result = greenroom("list", "--json")
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def seeded(greenroom, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A library that already holds one interview, so 'unchanged' means something."""
    good = tmp_path / "good.srt"
    good.write_text(GOOD_SRT)
    assert greenroom("import", str(good)).exit_code == 0
    return greenroom


def assert_one_line_error(result, path: str, fragment: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"greenroom: error: {path}"), lines[0]
    assert "Traceback" not in result.output
    assert fragment.lower() in lines[0].lower(), lines[0]


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_gives_one_line_and_leaves_library_unchanged(seeded, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    data, fragment = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(data)
    before = library_state(seeded)
    result = seeded("import", str(path))
    assert_one_line_error(result, str(path), fragment)
    assert result.stdout == ""
    assert library_state(seeded) == before


def test_there_are_at_least_25_distinct_bad_files() -> None:
    assert len({data for data, _ in BAD_FILES.values()}) >= 25


def test_missing_file(seeded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "nowhere.srt"
    assert_one_line_error(seeded("import", str(missing)), str(missing), "no such file")


def test_directory_instead_of_file(seeded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert_one_line_error(seeded("import", str(tmp_path)), str(tmp_path), "directory")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(seeded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    locked = tmp_path / "locked.srt"
    locked.write_text(GOOD_SRT)
    locked.chmod(0)
    assert_one_line_error(seeded("import", str(locked)), str(locked), "permission")


def test_huge_file_is_refused_before_reading(seeded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from greenroom import formats

    monkeypatch.setattr(formats, "MAX_BYTES", 1024)
    big = tmp_path / "big.srt"
    big.write_text(GOOD_SRT * 200)
    assert_one_line_error(seeded("import", str(big)), str(big), "too large")


def test_good_files_still_import_when_a_bad_one_is_among_them(seeded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad, good = tmp_path / "empty.vtt", tmp_path / "sample.txt"
    bad.write_bytes(b"")
    good.write_bytes(transcript_path().read_bytes())
    result = seeded("import", str(bad), str(good))
    assert result.exit_code == 1
    assert len(result.stdout.strip().splitlines()) == 1
    assert "empty" in result.stderr


def test_not_a_library_file(tmp_path: Path, greenroom_at) -> None:  # type: ignore[no-untyped-def]
    fake = tmp_path / "notes.db"
    fake.write_text("just some notes, not a database\n" * 100)
    result = greenroom_at(fake)("list")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"greenroom: error: {fake}")
    assert "not a greenroom library" in result.stderr
    assert fake.read_text().startswith("just some notes")


def test_unknown_id_is_one_line(seeded) -> None:  # type: ignore[no-untyped-def]
    result = seeded("show", "doesnotexist")
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "doesnotexist" in result.stderr


def test_usage_errors_exit_2(seeded) -> None:  # type: ignore[no-untyped-def]
    assert seeded("export", "x", "--to", "docx").exit_code == 2
    assert seeded("import").exit_code == 2
    assert seeded("frobnicate").exit_code == 2


def test_unknown_format_name_is_one_line(seeded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    good = tmp_path / "good.srt"
    good.write_text(GOOD_SRT)
    result = seeded("import", str(good), "--format", "docx")
    assert result.exit_code == 1
    assert "unknown format 'docx'" in result.stderr


def test_debug_shows_the_traceback(seeded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from greenroom.errors import FormatError

    empty = tmp_path / "empty.srt"
    empty.write_bytes(b"")
    with pytest.raises(FormatError):
        seeded("--debug", "import", str(empty))
