"""Uploading an import and merging speakers in the studio, through ASGI: an editor's
upload goes through the CLI's importer and lands on the new interview (or `{"id"}`),
a file too large, of the wrong kind or that the importer refuses is one line and
writes nothing; a merge is the CLI's `--merge`; viewers may do neither, and both are
audited."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")
pytest.importorskip("httpx", reason="httpx (the test client) is not installed")

from fastapi.testclient import TestClient
from test_web_fixtures import build_accounts_db

from greenroom.web import uploads

JSON = {"Accept": "application/json"}
SRT = ("1\n00:00:01,000 --> 00:00:03,000\nKIT: Were you nervous on the first day?\n\n"
       "2\n00:00:03,500 --> 00:00:07,000\nMAYA: Terrified, honestly. I had never held a camera.\n\n")
BAD_SRT = "1\n00:00:01,000 --> 00:00:00,500\nHello\n\n"


@pytest.fixture(scope="module")
def studio_db(sample_files: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    path = tmp_path_factory.mktemp("import") / "library.db"
    return path, *build_accounts_db(sample_files.reference, sample_files.audio, path)


def count(client: TestClient) -> int:
    total: int = client.get("/interviews.json").json()["total"]
    return total


def audit(client: TestClient) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = client.get("/audit.json").json()["entries"]
    return entries


def upload(client: TestClient, token: str | None, name: str, text: str | bytes, **fields: str) -> Any:
    data = {"csrf": token, **fields} if token else dict(fields)
    return client.post("/import", data=data, files={"file": (name, text, "application/octet-stream")},
                       follow_redirects=False)


# -- upload an import ----------------------------------------------------------------

def test_an_editor_imports_captions_and_lands_on_the_new_interview(editor: tuple[TestClient, str]) -> None:
    client, token = editor
    before = count(client)
    answer = upload(client, token, "first_day.srt", SRT, title="Maya on the first day", guest="Maya",
                    interviewer="Kit")
    assert answer.status_code == 303 and answer.headers["location"].startswith("/interviews/")
    iid = answer.headers["location"].rsplit("/", 1)[1]
    stored = client.get(f"/interviews/{iid}.json").json()["interview"]
    assert stored["title"] == "Maya on the first day"
    roles = {s["name"]: s["role"] for s in stored["speakers"]}
    assert roles == {"Maya": "guest", "Kit": "interviewer"}
    assert count(client) == before + 1
    assert "Maya on the first day" in client.get(answer.headers["location"]).text
    entry = audit(client)[0]
    assert entry["action"] == "import" and entry["user"] == "eve" and entry["detail"] == "first_day.srt"


def test_the_json_twin_answers_the_new_id_and_the_same_file_is_not_added_twice(
        editor: tuple[TestClient, str]) -> None:
    client, token = editor
    files = {"file": ("talk.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHello there.\n", "text/vtt")}
    first = client.post("/import", data={"csrf": token}, files=files, headers=JSON)
    assert first.status_code == 201 and first.json()["created"] is True
    assert client.get(f"/interviews/{first.json()['id']}.json").json()["interview"]["title"] == "talk"
    again = client.post("/import.json", data={"csrf": token}, files=files)
    assert again.status_code == 200 and again.json() == {"id": first.json()["id"], "created": False}


def test_an_importer_error_is_its_one_line_in_the_page_and_writes_nothing(editor: tuple[TestClient, str]) -> None:
    client, token = editor
    before, logged = count(client), len(audit(client))
    page = upload(client, token, "broken.srt", BAD_SRT)
    assert page.status_code == 400 and "text/html" in page.headers["content-type"]
    assert "broken.srt:2: cue ends before it starts" in page.text and "greenroom-upload-" not in page.text
    as_json = client.post("/import", data={"csrf": token}, files={"file": ("empty.vtt", b"", "text/vtt")},
                          headers=JSON)
    assert as_json.status_code == 400 and as_json.json() == {"error": "empty.vtt: file is empty"}
    assert count(client) == before and len(audit(client)) == logged


def test_only_caption_and_transcript_extensions_are_taken(editor: tuple[TestClient, str]) -> None:
    client, token = editor
    before = count(client)
    answer = client.post("/import", data={"csrf": token}, files={"file": ("talk.exe", SRT, "text/plain")},
                         headers=JSON)
    assert answer.status_code == 400 and answer.json()["error"].startswith("talk.exe: greenroom imports .srt")
    missing = client.post("/import", data={"csrf": token}, headers=JSON)
    assert missing.status_code == 400 and missing.json()["error"] == "choose a file to import"
    assert count(client) == before


def test_a_file_over_the_size_limit_is_a_one_line_413(editor: tuple[TestClient, str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    client, token = editor
    before = count(client)
    monkeypatch.setattr(uploads, "MAX_BYTES", 100)
    answer = upload(client, token, "long.srt", SRT * 2)
    assert answer.status_code == 413 and "too large" in answer.text
    monkeypatch.setattr(uploads, "MAX_BYTES", 20 * 1024 * 1024)
    huge = client.post("/import", data={"csrf": token}, files={"file": ("huge.srt", b"x" * (21 * 1024 * 1024))},
                       headers=JSON)
    assert huge.status_code == 413 and huge.json()["error"].endswith("files up to 20 MB")
    assert count(client) == before


def test_an_import_needs_the_csrf_token(editor: tuple[TestClient, str]) -> None:
    client, _ = editor
    before = count(client)
    assert upload(client, None, "first_day.srt", SRT).status_code == 403
    assert count(client) == before


def test_viewers_cannot_import_nor_see_the_form(viewer: tuple[TestClient, str], editor: tuple[TestClient, str]
                                                ) -> None:
    client, token = viewer
    before = count(client)
    assert upload(client, token, "first_day.srt", SRT).status_code == 403
    assert count(client) == before
    assert 'action="/import"' not in client.get("/").text
    assert 'action="/import"' in editor[0].get("/").text


# -- merge speakers ---------------------------------------------------------------------

def speakers(client: TestClient, iid: str) -> dict[str, str]:
    stored = client.get(f"/interviews/{iid}.json").json()["interview"]
    return {s["id"]: s.get("name", "") for s in stored["speakers"]}


def test_an_editor_merges_one_speaker_into_another(editor: tuple[TestClient, str], ids: tuple[str, str]) -> None:
    client, token = editor
    iid = ids[1]
    assert f'action="/interviews/{iid}/speakers/S2/merge"' in client.get(f"/interviews/{iid}").text
    answer = client.post(f"/interviews/{iid}/speakers/S2/merge", data={"into": "S1", "csrf": token},
                         follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == f"/interviews/{iid}#speakers"
    assert list(speakers(client, iid)) == ["S1"]
    lines = client.get(f"/interviews/{iid}.json").json()["interview"]["utterances"]
    assert {u["speaker"] for u in lines} == {"S1"}
    entry = audit(client)[0]
    assert entry["action"] == "merge-speakers" and entry["detail"].startswith("merged ")
    assert entry["user"] == "eve"


def test_a_merge_into_itself_or_an_unknown_speaker_is_one_line_400(editor: tuple[TestClient, str],
                                                                    ids: tuple[str, str]) -> None:
    client, token = editor
    iid = ids[1]
    itself = client.post(f"/interviews/{iid}/speakers/S1/merge", data={"into": "S1", "csrf": token}, headers=JSON)
    assert itself.status_code == 400 and "cannot merge S1 into itself" in itself.json()["error"]
    unknown = client.post(f"/interviews/{iid}/speakers/S1/merge", data={"into": "S9", "csrf": token},
                          headers=JSON)
    assert unknown.status_code == 400 and "S9" in unknown.json()["error"]
    assert list(speakers(client, iid)) == ["S1", "S2"]


def test_viewers_cannot_merge_speakers(viewer: tuple[TestClient, str], ids: tuple[str, str]) -> None:
    client, token = viewer
    iid = ids[1]
    answer = client.post(f"/interviews/{iid}/speakers/S2/merge", data={"into": "S1", "csrf": token})
    assert answer.status_code == 403
    assert list(speakers(client, iid)) == ["S1", "S2"]
    assert "/merge" not in client.get(f"/interviews/{iid}").text
