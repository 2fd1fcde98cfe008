"""The command line, in-process, on the built-in sample transcript; plus one real subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from greenroom.sample import transcript_path

REPO = Path(__file__).resolve().parents[1]


def import_sample(greenroom, *extra: str) -> str:  # type: ignore[no-untyped-def]
    result = greenroom("import", str(transcript_path()), "--guest", "Tom Hale",
                       "--interviewer", "Dana Reyes", *extra)
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    return lines[0].split()[-1]


def test_import_prints_the_id_as_the_last_word(greenroom) -> None:  # type: ignore[no-untyped-def]
    interview_id = import_sample(greenroom)
    assert len(interview_id) >= 8
    shown = greenroom("show", interview_id)
    assert shown.exit_code == 0
    assert "Tom Hale" in shown.stdout and "Dana Reyes" in shown.stdout
    assert "[0:17] Tom Hale" in shown.stdout
    assert "missed my stop" in shown.stdout


def test_reimporting_the_same_file_does_not_duplicate(greenroom) -> None:  # type: ignore[no-untyped-def]
    first = import_sample(greenroom)
    again = greenroom("import", str(transcript_path()))
    assert again.exit_code == 0
    assert again.stdout.split()[-1] == first
    assert again.stdout.startswith("already in library")
    listed = json.loads(greenroom("list", "--json").stdout)
    assert [item["id"] for item in listed] == [first]


def test_list_json_has_roles_and_counts(greenroom) -> None:  # type: ignore[no-untyped-def]
    interview_id = import_sample(greenroom, "--title", "Tom Hale on Low Tide", "--project", "Low Tide")
    (item,) = json.loads(greenroom("list", "--json").stdout)
    assert item["id"] == interview_id
    assert item["title"] == "Tom Hale on Low Tide"
    assert item["guests"] == ["Tom Hale"] and item["interviewers"] == ["Dana Reyes"]
    assert item["utterances"] == 20
    assert 160_000 < item["duration"] < 200_000
    table = greenroom("list")
    assert interview_id in table.stdout and "Tom Hale on Low Tide" in table.stdout


def test_roles_are_guessed_from_who_asks(greenroom) -> None:  # type: ignore[no-untyped-def]
    result = greenroom("import", str(transcript_path()))
    interview_id = result.stdout.split()[-1]
    data = json.loads(greenroom("show", interview_id, "--json").stdout)
    roles = {s["name"]: s["role"] for s in data["speakers"]}
    assert roles == {"Dana Reyes": "interviewer", "Tom Hale": "guest"}


def test_search_finds_speaker_time_and_snippet(greenroom) -> None:  # type: ignore[no-untyped-def]
    interview_id = import_sample(greenroom)
    result = greenroom("search", "missed my stop", "--json")
    assert result.exit_code == 0
    hits = json.loads(result.stdout)
    assert hits and hits[0]["interview_id"] == interview_id
    assert hits[0]["speaker"] == "Tom Hale"
    assert hits[0]["start"] == 17_000
    assert "stop" in hits[0]["snippet"]
    assert json.loads(greenroom("search", "missed my stop", "--guest", "Nobody", "--json").stdout) == []
    assert json.loads(greenroom("search", "missed my stop", "--guest", "hale", "--json").stdout)
    table = greenroom("search", "lighthouse")
    assert table.exit_code == 0 and "Tom Hale" in table.stdout


@pytest.mark.parametrize("fmt", ["json", "srt", "vtt", "md", "txt"])
def test_export_to_file_and_read_back(greenroom, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    from greenroom import formats

    interview_id = import_sample(greenroom)
    target = tmp_path / "exports" / f"out.{fmt}"
    result = greenroom("export", interview_id, "--to", fmt, "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout.split()[-1] == str(target)
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temp files left
    stored = formats.load(transcript_path())
    back = formats.load(target)
    assert [u.text for u in back.utterances] == [u.text for u in stored.utterances]
    stdout = greenroom("export", interview_id, "--to", fmt)
    assert stdout.stdout == target.read_text()


def test_native_json_export_keeps_every_layer(greenroom, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from greenroom import formats

    interview_id = import_sample(greenroom)
    data = json.loads(greenroom("export", interview_id, "--to", "json").stdout)
    assert data["schema_version"] == 1
    assert data["id"] == interview_id
    assert {"turns", "chapters", "moments", "flags", "metrics", "card", "marks"} <= set(data)
    assert any(m["kind"] == "laughter" for m in data["marks"])
    path = tmp_path / "x.json"
    path.write_text(json.dumps(data))
    assert formats.load(path).to_dict() == data


def test_delete(greenroom) -> None:  # type: ignore[no-untyped-def]
    interview_id = import_sample(greenroom)
    result = greenroom("delete", interview_id)
    assert result.exit_code == 0 and result.stdout.split()[-1] == interview_id
    assert json.loads(greenroom("list", "--json").stdout) == []
    assert greenroom("show", interview_id).exit_code == 1


def test_every_command_has_help_with_an_example(greenroom) -> None:  # type: ignore[no-untyped-def]
    from greenroom.cli.main import cli

    for name in cli.commands:
        result = greenroom(name, "--help")
        assert result.exit_code == 0
        assert "Example" in result.stdout, name


def test_installed_command_runs_as_a_real_process(tmp_path: Path) -> None:
    exe = shutil.which("greenroom", path=str(Path(sys.executable).parent)) or shutil.which("greenroom")
    if exe is None:
        pytest.skip("greenroom is not installed as a command in this environment")
    env = {**os.environ, "GREENROOM_LIBRARY": str(tmp_path / "lib.db")}
    done = subprocess.run([exe, "import", str(transcript_path())], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    interview_id = done.stdout.split()[-1]
    shown = subprocess.run([sys.executable, "-m", "greenroom", "show", interview_id],
                           capture_output=True, text=True, env=env)
    assert shown.returncode == 0 and "lighthouse" in shown.stdout
    bad = subprocess.run([exe, "import", str(tmp_path / "missing.vtt")], capture_output=True, text=True, env=env)
    assert bad.returncode == 1
    assert bad.stderr == f"greenroom: error: {tmp_path / 'missing.vtt'}: no such file\n"


def test_replace_overwrites_with_new_options(greenroom) -> None:  # type: ignore[no-untyped-def]
    first = import_sample(greenroom)
    result = greenroom("import", str(transcript_path()), "--replace", "--title", "Renamed")
    assert result.stdout.startswith("replaced") and result.stdout.split()[-1] == first
    (item,) = json.loads(greenroom("list", "--json").stdout)
    assert item["title"] == "Renamed"


def test_speaker_names_and_roles_can_be_corrected(greenroom) -> None:  # type: ignore[no-untyped-def]
    interview_id = import_sample(greenroom)
    listing = greenroom("speakers", interview_id).stdout
    assert "S1\tDana Reyes\tinterviewer" in listing
    result = greenroom("speakers", interview_id, "--role", "S1=guest", "--role", "S2=interviewer",
                       "--name", "S2=Thomas Hale")
    assert result.exit_code == 0, result.output
    (item,) = json.loads(greenroom("list", "--json").stdout)
    assert item["interviewers"] == ["Thomas Hale"] and item["guests"] == ["Dana Reyes"]
    bad = greenroom("speakers", interview_id, "--role", "S9=guest")
    assert bad.exit_code == 1 and "no speaker S9" in bad.stderr
    assert greenroom("speakers", interview_id, "--role", "S1").exit_code == 2


def test_analyze_stores_layers_and_prints_a_report(greenroom) -> None:  # type: ignore[no-untyped-def]
    interview_id = import_sample(greenroom)
    result = greenroom("analyze", interview_id, "--only", "turns,coaching,off-record")
    assert result.exit_code == 0, result.output
    assert "Tell me about the first time you read the script" in result.stdout
    assert "off-the-record" in result.stdout and "You spoke" in result.stdout
    stored = json.loads(greenroom("export", interview_id, "--to", "json").stdout)
    assert len(stored["turns"]) == 7 and stored["metrics"]["talk_ratio"] > 0.2
    assert any(f["kind"] == "off-the-record" and f["action"] == "cut" for f in stored["flags"])
    (item,) = json.loads(greenroom("list", "--json").stdout)
    assert {"turns", "flags", "metrics"} <= set(item["layers"])
    moments = greenroom("analyze", interview_id, "--only", "moments")
    assert moments.exit_code == 0 and "said" in moments.stdout  # the moment's words, not only its reason
    assert "terrified" in moments.stdout


def test_analyze_says_what_is_missing(greenroom) -> None:  # type: ignore[no-untyped-def]
    interview_id = import_sample(greenroom)
    result = greenroom("analyze", interview_id, "--only", "coaching")
    assert result.exit_code == 1
    assert "needs turns" in result.stderr and "run turns first" in result.stderr
    unknown = greenroom("analyze", interview_id, "--only", "astrology")
    assert unknown.exit_code == 1 and "unknown analyzer astrology" in unknown.stderr


def test_a_missing_extra_is_one_line_naming_it(greenroom, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import sys

    for name in [m for m in sys.modules if m.startswith("greenroom.capture.transcribe")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "numpy", None)  # what a core-only install looks like
    media = tmp_path / "talk.wav"
    media.write_bytes(b"RIFF")
    result = greenroom("transcribe", str(media))
    assert result.exit_code == 1
    assert result.stderr.strip() == ("greenroom: error: transcription (numpy is missing) needs the "
                                     "'capture,diarize' extra: pip install 'greenroom[capture,diarize]'")


def test_a_long_question_is_cut_at_a_word_with_an_ellipsis() -> None:
    from greenroom.cli.render import shorten

    assert shorten("Did you watch multiple episodes before the audition?", 30) == "Did you watch multiple…"
    assert shorten("Short one?", 30) == "Short one?"


def test_the_card_shows_only_the_asking_part_of_a_long_question() -> None:
    from greenroom.cli.publish import asked_line

    preamble = "I read your memoir twice and loved the chapter about the boats. " * 6
    line = asked_line(preamble + "What did the storm teach you?")
    assert line == "What did the storm teach you?"
    assert len(asked_line("Why " + "very " * 60 + "long?")) <= 160


def test_import_replace_keeps_the_title_and_clearances_a_person_set(greenroom, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "talk.txt"
    path.write_text("Dana: Where did you grow up?\nTom: In Dayton, by the river.\n", encoding="utf-8")
    first = greenroom("import", str(path), "--title", "Tom Hale on Low Tide")
    iid = first.output.split()[-1]
    again = greenroom("import", str(path), "--replace")
    assert again.exit_code == 0, again.output
    assert "Tom Hale on Low Tide" in greenroom("show", iid).output
    renamed = greenroom("import", str(path), "--replace", "--title", "A new title")
    assert renamed.exit_code == 0 and "A new title" in greenroom("show", iid).output
