"""Cancelling a transcription from its progress page, through ASGI: a pending job is
cancelled at once, a running one stops at its next progress report (the real
transcriber's), and a server that stopped while one was asked to stop cancels it
when it starts again. Each time the job ends cancelled, its upload is removed and
its page says so; no interview is made."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")
pytest.importorskip("httpx", reason="httpx (the test client) is not installed")

from fastapi.testclient import TestClient
from test_web_fixtures import PASSWORD, csrf_of

from greenroom.library import Library, access, jobs
from greenroom.web import create_app, uploads
from greenroom.web.app import _speech_model_installed

pytestmark = pytest.mark.skipif(not _speech_model_installed() or not shutil.which("ffmpeg"),
                                reason="the capture extra or ffmpeg is not installed")


@pytest.fixture(scope="module")
def tone(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """Three seconds of a 440 Hz tone as a 16 kHz mono wav (ffprobe takes it as audio)."""
    wav = tmp_path_factory.mktemp("tone") / "tone.wav"
    subprocess.run(["ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=3",
                    "-ar", "16000", "-ac", "1", str(wav)], check=True)
    return wav.read_bytes()


@pytest.fixture
def studio(tmp_path: Path) -> tuple[TestClient, str, Path]:
    """A studio whose job worker is not started (no lifespan), so the test decides
    when a job runs; eve (editor) logged in. (client, CSRF token, library path)."""
    path = tmp_path / "library.db"
    with Library(path) as library:
        access.add_user(library, "eve", "editor", PASSWORD)
    client = TestClient(create_app(path, semantic=False, retime=False))
    token = csrf_of(client.get("/login").text)
    client.post("/login", data={"name": "eve", "password": PASSWORD, "csrf": token, "next": "/"})
    return client, csrf_of(client.get("/").text), path


def upload(client: TestClient, token: str, body: bytes) -> str:
    answer = client.post("/import", data={"csrf": token, "title": "Tone"}, follow_redirects=False,
                         files={"file": ("tone.wav", body, "audio/wav")})
    assert answer.status_code == 303 and answer.headers["location"].startswith("/jobs/")
    return answer.headers["location"]


def kept_uploads(path: Path) -> list[Path]:
    folder = path.parent / f"{path.stem}-media" / uploads.UPLOADS
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def test_a_pending_transcription_is_cancelled_and_its_upload_removed(studio: tuple[TestClient, str, Path],
                                                                      tone: bytes) -> None:
    client, token, path = studio
    job_url = upload(client, token, tone)
    assert len(kept_uploads(path)) == 1 and 'id="cancel-job"' in client.get(job_url).text
    answer = client.post(f"{job_url}/cancel", data={"csrf": token}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == job_url
    page = client.get(job_url).text
    assert "Cancelled by eve; the upload was removed." in page and 'data-status="cancelled"' in page
    assert 'id="cancel-job"' not in page and 'class="error"' not in page
    assert kept_uploads(path) == []
    state = client.get(f"{job_url}.json").json()
    assert state["state"] == "failed" and state["status"] == "cancelled" and state["error"] == "cancelled by eve"
    again = client.post(f"{job_url}/cancel", data={"csrf": token}, headers={"Accept": "application/json"})
    assert again.status_code == 400 and "nothing to cancel" in again.json()["error"]
    assert any(e["action"] == "cancel-job" for e in client.get("/audit.json").json()["entries"])
    assert ">cancelled</span>" in client.get("/").text  # the library's recent uploads say so too


def test_a_running_transcription_stops_at_its_next_report(studio: tuple[TestClient, str, Path],
                                                           tone: bytes) -> None:
    client, token, path = studio
    job_url = upload(client, token, tone)
    with Library(path) as library:
        job = jobs._claim(library)  # the worker takes it: running
        assert job is not None and job.state == "running"
        fragment = client.post(f"{job_url}/cancel", data={"csrf": token}, headers={"HX-Request": "true"})
        assert 'data-status="cancelling"' in fragment.text and "Stopping at the next step" in fragment.text
        ended = jobs.run_one(library, job)  # the real transcriber, which reports progress as it goes
        assert ended.cancelled and ended.error == "cancelled by eve" and not ended.interview_id
        assert library.list() == []  # no interview was made
    assert kept_uploads(path) == []
    assert "Cancelled by eve" in client.get(job_url).text


def test_a_job_asked_to_stop_when_the_server_stopped_is_cancelled_at_restart(
        studio: tuple[TestClient, str, Path], tone: bytes) -> None:
    client, token, path = studio
    job_url = upload(client, token, tone)
    with Library(path) as library:
        job = jobs._claim(library)
        assert job is not None
        assert jobs.cancel(library, job.id, "eve").cancelling
        assert jobs.recover(library) == []  # what a starting worker does first
        assert jobs.get(library, job.id).cancelled
    assert kept_uploads(path) == [] and "Cancelled by eve" in client.get(job_url).text
