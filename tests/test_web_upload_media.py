"""Uploading media in the studio, through ASGI: an editor's audio is saved (in chunks)
into the library's own media folder, checked by content with ffprobe, and transcribed
by a background job on the studio's worker through the real transcriber
(`greenroom transcribe`'s path) — a few seconds of espeak-ng speech; its job page and
JSON show the progress, then name the new interview, whose media is the kept file.
A text file renamed .wav is one line and leaves nothing; media over the limit is a
413; a viewer may not upload; an uploaded transcript's source is the kept copy,
not a temporary file; a library from before v8 opens with its jobs intact."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")
pytest.importorskip("httpx", reason="httpx (the test client) is not installed")

from fastapi.testclient import TestClient
from test_web_fixtures import build_accounts_db

from greenroom.library import Library, jobs, migrations
from greenroom.web import uploads
from greenroom.web.app import _speech_model_installed

JSON = {"Accept": "application/json"}
SPOKEN = "Were you nervous on the first day of shooting? Terrified. I had never held a camera."
SRT = "1\n00:00:01,000 --> 00:00:03,000\nKIT: Were you nervous?\n\n2\n00:00:03,500 --> 00:00:06,000\nMAYA: Very.\n\n"


@pytest.fixture(scope="module")
def studio_db(sample_files: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    path = tmp_path_factory.mktemp("media-upload") / "library.db"
    return path, *build_accounts_db(sample_files.reference, sample_files.audio, path)


@pytest.fixture(scope="module")
def spoken_wav(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A few seconds of espeak-ng speech as a 16 kHz mono wav."""
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed")
    wav = tmp_path_factory.mktemp("speech") / "first_day.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(wav), SPOKEN], check=True,
                   capture_output=True)
    return wav.read_bytes()


def post(client: TestClient, token: str, name: str, body: str | bytes, headers: dict[str, str] | None = None,
         **fields: str) -> Any:
    return client.post("/import", data={"csrf": token, **fields},
                       files={"file": (name, body, "application/octet-stream")}, headers=headers or {},
                       follow_redirects=False)


def uploaded_files(lib_path: Path) -> list[Path]:
    folder = lib_path.parent / f"{lib_path.stem}-media" / uploads.UPLOADS
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def wait_done(client: TestClient, job_url: str, timeout_s: float = 240) -> list[dict[str, Any]]:
    """Poll the job's JSON until it is finished; every answer seen, in order."""
    seen = []
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        state = client.get(f"{job_url}.json").json()
        seen.append(state)
        if state["state"] in ("done", "failed"):
            return seen
        time.sleep(0.5)
    raise AssertionError(f"the transcription did not finish in {timeout_s} s: {seen[-1]}")


@pytest.mark.skipif(not _speech_model_installed(), reason="the capture extra is not installed")
def test_uploaded_speech_is_transcribed_by_a_job_into_an_interview_whose_media_the_library_keeps(
        editor: tuple[TestClient, str], lib_path: Path, spoken_wav: bytes) -> None:
    client, token = editor
    answer = post(client, token, "first_day.wav", spoken_wav, title="Maya, first day", guest="Maya",
                  project="Salt and Static")
    assert answer.status_code == 303 and answer.headers["location"].startswith("/jobs/")
    job_url = answer.headers["location"]
    page = client.get(job_url)
    assert page.status_code == 200 and "first_day.wav" in page.text and "<progress" in page.text
    seen = wait_done(client, job_url)
    final = seen[-1]
    assert final["state"] == "done", final
    assert final["interview_url"] and final["download_url"] is None
    iid = final["interview_url"].rsplit("/", 1)[1]
    stored = client.get(f"/interviews/{iid}.json").json()
    interview = stored["interview"]
    heard = " ".join(u["text"] for u in interview["utterances"]).lower()
    assert "camera" in heard and "first day" in heard, heard
    assert any(u.get("words") for u in interview["utterances"])
    assert interview["title"] == "Maya, first day" and interview["project"] == "Salt and Static"
    # analyzed in the same job (a failed analysis would be a note, the transcript kept)
    assert interview.get("metrics") is not None or any(n.startswith("not analyzed") for n in final["notes"])
    kept = Path(interview["source"]["media_path"])
    assert kept.is_file() and kept.read_bytes() == spoken_wav
    assert kept.is_relative_to(lib_path.parent / f"{lib_path.stem}-media" / uploads.UPLOADS)
    assert stored["media_url"] == f"/interviews/{iid}/media"
    assert client.get(stored["media_url"]).content == spoken_wav
    done_page = client.get(job_url).text
    assert f'href="/interviews/{iid}"' in done_page
    library_page = client.get("/").text
    assert "Recent uploads" in library_page and "first_day.wav" in library_page
    actions = [(e["action"], e["interview_id"]) for e in client.get("/audit.json").json()["entries"]]
    assert ("import", iid) in actions and any(a == "upload-media" for a, _ in actions)


def test_a_text_file_named_wav_is_refused_by_its_content_in_one_line(
        editor: tuple[TestClient, str], lib_path: Path) -> None:
    client, token = editor
    if not _speech_model_installed():
        pytest.skip("the capture extra is not installed")
    answer = post(client, token, "interview.wav", "this is not audio at all\n" * 50, headers=JSON)
    assert answer.status_code == 400
    line = answer.json()["error"]
    assert "\n" not in line and line.startswith("interview.wav") and str(lib_path.parent) not in line
    assert uploaded_files(lib_path) == []
    assert jobs.of_kind(Library(lib_path), uploads.TRANSCRIBE) == []


def test_media_over_the_limit_is_a_413_and_nothing_is_kept(editor: tuple[TestClient, str], lib_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    if not _speech_model_installed():
        pytest.skip("the capture extra is not installed")
    client, token = editor
    monkeypatch.setattr(uploads, "MAX_MEDIA_BYTES", 4096)
    answer = post(client, token, "long.mp3", b"\0" * 200_000, headers=JSON)
    assert answer.status_code == 413 and "media files up to 4 KB" in answer.json()["error"]
    assert uploaded_files(lib_path) == []


def test_an_unknown_kind_of_file_names_both_kinds_it_takes(editor: tuple[TestClient, str]) -> None:
    client, token = editor
    answer = post(client, token, "notes.docx", b"PK\3\4", headers=JSON)
    assert answer.status_code == 400
    line = answer.json()["error"]
    assert line.startswith("notes.docx") and ".srt" in line and ".wav" in line


def test_a_viewer_cannot_upload_media(viewer: tuple[TestClient, str], spoken_wav: bytes,
                                      lib_path: Path) -> None:
    client, token = viewer
    assert post(client, token, "first_day.wav", spoken_wav, headers=JSON).status_code == 403
    assert uploaded_files(lib_path) == []


def test_an_uploaded_transcript_keeps_its_source_in_the_library_not_a_temporary_file(
        editor: tuple[TestClient, str], lib_path: Path) -> None:
    client, token = editor
    answer = post(client, token, "notes.srt", SRT, headers=JSON, guest="Maya", interviewer="Kit")
    assert answer.status_code == 201
    source = client.get(f"/interviews/{answer.json()['id']}.json").json()["interview"]["source"]["path"]
    assert Path(source).is_file() and Path(source).read_text() == SRT
    assert Path(source).is_relative_to(lib_path.parent / f"{lib_path.stem}-media" / uploads.UPLOADS)
    again = post(client, token, "copy.srt", SRT, headers=JSON)
    assert again.status_code == 200 and not again.json()["created"]
    assert uploaded_files(lib_path) == [Path(source)]  # the duplicate is not kept


def test_a_library_from_before_v8_opens_with_its_jobs_and_takes_unattached_jobs(
        lib_path: Path, ids: tuple[str, str]) -> None:
    older = lib_path.parent / "v7.db"
    with Library(older) as library:
        pass
    conn = sqlite3.connect(older)
    conn.execute("DROP TABLE jobs")
    for statement in migrations.MIGRATIONS[5]:  # v6 made the jobs table with interview_id NOT NULL
        if "jobs" in statement and "INDEX" not in statement:
            conn.execute(statement)
    conn.execute("CREATE INDEX jobs_interview ON jobs(interview_id, created)")
    conn.execute("INSERT INTO interviews(id, title, added, duration, doc, summary, guest_key) "
                 "VALUES ('old1', 't', '2026-01-01', 0, '{}', '{}', '')")
    conn.execute("INSERT INTO jobs(id, kind, interview_id, params, state, user, created, updated) "
                 "VALUES ('j1', 'clip', 'old1', '{}', 'done', 'eve', '2026-01-01', '2026-01-01')")
    conn.execute("PRAGMA user_version = 7")
    conn.commit()
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO jobs(id, kind, interview_id, params, state, user, created, updated) "
                     "VALUES ('j2', 'clip', NULL, '{}', 'done', 'eve', '2026-01-01', '2026-01-01')")
    conn.close()
    with Library(older) as library:
        assert jobs.get(library, "j1").interview_id == "old1"
        made = jobs.submit_unattached(library, uploads.TRANSCRIBE, {"name": "x.wav"}, "eve")
        assert jobs.get(library, made.id).interview_id == ""
        jobs.attach(library, made.id, "old1")
        assert [j.id for j in jobs.of_interview(library, "old1")] == [made.id, "j1"]
        assert library._read("PRAGMA user_version")[0][0] == migrations.latest()
