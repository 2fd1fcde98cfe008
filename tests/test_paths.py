"""Paths are ours, never the input's: ids are checked wherever an interview comes in,
paths built from them stay inside their folder, and `-o` writes regular files only."""

from __future__ import annotations

import json
import logging
import os
import stat
from pathlib import Path

import pytest

from greenroom import atomic, formats, ids
from greenroom.errors import GreenroomError, InputError, LibraryError
from greenroom.library import Library
from greenroom.model import Interview, Speaker, Utterance

HOSTILE_IDS = ["../../../tmp/owned", "/etc/greenroom-owned", "has space", "line\nbreak", "--help",
               "UPPER", "a" * 73, "", "..", "x/y", "\u00e9t\u00e9"]


def native(iid: object, text: str = "We shot it in one take.") -> str:
    interview = Interview(id="", title="Sent to me", speakers=[Speaker("S1", "Ann")],
                          utterances=[Utterance("u1", 0, 2000, "S1", text)])
    data = interview.to_dict()
    data["id"] = iid
    return json.dumps(data)


@pytest.mark.parametrize("bad", [i for i in HOSTILE_IDS if i])
def test_a_native_file_never_chooses_its_id(bad: str, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "sent.json"
    path.write_text(native(bad))
    with caplog.at_level(logging.WARNING):
        interview = formats.load(path)
    assert interview.id == ""
    assert str(path) in caplog.text and "not a greenroom id" in caplog.text
    with Library(tmp_path / "library.db") as library:
        stored = library.add(interview).id
    assert ids.is_valid(stored)


def test_a_good_native_id_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "mine.json"
    path.write_text(native("3fa2c1d0"))
    assert formats.load(path).id == "3fa2c1d0"


def test_a_non_string_id_is_a_bad_shape(tmp_path: Path) -> None:
    path = tmp_path / "odd.json"
    path.write_text(native(12345))
    with pytest.raises(InputError):  # a number where the model says string: a bad shape
        formats.load(path)


def test_the_library_replaces_a_bad_id_from_any_caller(tmp_path: Path) -> None:
    interview = Interview(id="../escape", utterances=[Utterance("u1", 0, 1000, None, "Hi.")])
    with Library(tmp_path / "library.db") as library:
        result = library.add(interview)
        assert ids.is_valid(result.id) and result.id != "../escape"


def test_every_generated_id_is_valid() -> None:
    assert all(ids.is_valid(ids.fresh()) for _ in range(50))
    assert not any(ids.is_valid(bad) for bad in HOSTILE_IDS)


def test_the_media_folder_of_an_unsafe_stored_id_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An id stored before ids were checked cannot name a folder."""
    with Library(tmp_path / "library.db") as library:
        with monkeypatch.context() as old_greenroom:
            old_greenroom.setattr(ids, "is_valid", lambda value: True)
            library.add(Interview(id="../../outside", utterances=[Utterance("u1", 0, 1000, None, "Hi.")]))
        with pytest.raises(LibraryError, match="cannot name a folder"):
            library.media_folder("../../outside")
        good = library.add(Interview(utterances=[Utterance("u1", 0, 1000, None, "Other.")])).id
        assert library.media_folder(good) == library.media_dir / good
        assert not library.media_dir.exists()  # made only when something is written into it
    assert not (tmp_path.parent / "outside").exists()


@pytest.mark.parametrize("part", ["../x", "/tmp/x", "a/../../x"])
def test_inside_refuses_paths_that_leave_their_folder(tmp_path: Path, part: str) -> None:
    with pytest.raises(GreenroomError, match="outside"):
        atomic.inside(tmp_path / "media", part)
    assert atomic.inside(tmp_path / "media", "abc", "clip.srt") == tmp_path / "media" / "abc" / "clip.srt"


def test_inside_refuses_a_symlink_pointing_out(tmp_path: Path) -> None:
    media = tmp_path / "media"
    media.mkdir()
    (media / "abc").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(GreenroomError, match="outside"):
        atomic.inside(media, "abc", "clip.srt")


# -- -o writes regular files only -------------------------------------------


def test_a_device_is_refused_and_left_alone() -> None:
    with pytest.raises(InputError, match="device"):
        atomic.write_text("/dev/null", "<html>")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_fifo_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="FIFO"):
        atomic.write_text(fifo, "x")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and os.listdir(tmp_path) == ["pipe"]


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="directory"):
        atomic.write_text(tmp_path, "x")


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real" / "report.html"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "link.html"
    link.symlink_to(real)
    assert atomic.write_text(link, "new") == link
    assert link.is_symlink() and real.read_text() == "new"
    assert sorted(os.listdir(real.parent)) == ["report.html"] and sorted(os.listdir(tmp_path)) == ["link.html", "real"]


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "target.txt")
    atomic.write_text(link, "hi")
    assert link.is_symlink() and (tmp_path / "target.txt").read_text() == "hi"


def test_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "notes.md"
    target.write_text("old")
    target.chmod(0o640)
    atomic.write_text(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


@pytest.fixture
def imported(greenroom, tmp_path: Path) -> str:  # type: ignore[no-untyped-def]
    path = tmp_path / "talk.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:02,000\nAnn: Hello there.\n")
    result = greenroom("import", str(path))
    assert result.exit_code == 0, result.output
    return str(result.stdout.split()[-1])


def test_export_to_a_fifo_is_one_line(greenroom, imported: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = greenroom("export", imported, "--to", "srt", "-o", str(fifo))
    assert result.exit_code == 1
    expected = (f"greenroom: error: {fifo}: is a FIFO (named pipe), not a regular file: outputs are written "
                "only to files (use '-o -' for standard output)")
    assert result.stderr.strip().splitlines() == [expected]


def test_dash_o_dash_is_standard_output(greenroom, imported: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = greenroom("export", imported, "--to", "srt", "-o", "-")
    assert result.exit_code == 0 and "Hello there." in result.stdout and "wrote" not in result.stdout
    assert not (Path.cwd() / "-").exists()


def test_report_to_dash_is_standard_output(greenroom, imported: str) -> None:  # type: ignore[no-untyped-def]
    result = greenroom("report", imported, "-o", "-")
    assert result.exit_code == 0 and result.stdout.lstrip().startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("field,value", [("id", "../../../tmp/owned"), ("kind", "x/../../../../etc/owned"),
                                         ("id", "a b")])
def test_a_native_cut_never_names_a_path(field: str, value: str, tmp_path: Path) -> None:
    """Cut ids and kinds name clip files (`<id>.srt`, `clip-01-<kind>.mp4`)."""
    data = json.loads(native("3fa2c1d0"))
    data["highlights"] = {"budget": 0, "cuts": [{"id": "c1", "start": 0, "end": 1000, "kind": "humor"}]}
    data["highlights"]["cuts"][0][field] = value
    path = tmp_path / "cuts.json"
    path.write_text(json.dumps(data))
    with pytest.raises(InputError, match="name files"):
        formats.load(path)


def test_clip_captions_are_checked_to_stay_in_their_folder(greenroom, imported: str, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from greenroom.edit import editlists

    monkeypatch.setattr(editlists, "clip_captions", lambda interview, fmt, *a, **k: [("../escaped.srt", "x")])
    result = greenroom("export", imported, "--to", "clips-srt", "-o", str(tmp_path / "clips"))
    assert result.exit_code == 1 and "outside" in result.stderr
    assert not (tmp_path / "escaped.srt").exists()


def test_the_command_says_so_when_it_replaces_an_id(tmp_path: Path) -> None:
    """The warning reaches a real terminal or log as one `greenroom: warning:` line."""
    import subprocess
    import sys

    path = tmp_path / "sent.json"
    path.write_text(native("../../owned"))
    env = {**os.environ, "GREENROOM_LIBRARY": str(tmp_path / "lib.db")}
    done = subprocess.run([sys.executable, "-m", "greenroom", "import", str(path)], capture_output=True, text=True,
                          env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == (f"greenroom: warning: {path}: id '../../owned' is not a greenroom id (1-72 lower-case "
                           "letters, digits and '-', not starting with '-'); the interview gets a new one\n")
    assert ids.is_valid(done.stdout.split()[-1])
