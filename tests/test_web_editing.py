"""Correct and cut by text in the studio, through ASGI: corrections keep their timing
and can be undone, a selected span becomes a clip job that survives a restart, runs
through the privacy policy, and shows its progress, file or error; viewers may do none
of it. The retiming itself is tested on its own first."""

from __future__ import annotations

import importlib.util
import json
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from greenroom.library import Library, access, corrections, jobs
from greenroom.model import Interview, Speaker, Utterance, Word

FFMPEG = pytest.mark.skipif(not shutil.which("ffmpeg") or importlib.util.find_spec("pysubs2") is None,
                            reason="ffmpeg or the edit extra is not installed")


def words(*spec: tuple[int, int, str]) -> list[Word]:
    return [Word(s, e, t) for s, e, t in spec]


LINE = words((0, 100, "I"), (100, 300, "was"), (300, 700, "terrifed,"), (900, 1000, "honestly."))


def timed(found: list[Word]) -> list[tuple[int, int, str]]:
    return [(w.start, w.end, w.text) for w in found]


# -- retiming ------------------------------------------------------------------------

def test_a_corrected_word_keeps_the_time_of_the_word_it_replaced() -> None:
    assert timed(corrections.retime(LINE, "I was terrified, honestly.", 0, 1100)) == [
        (0, 100, "I"), (100, 300, "was"), (300, 700, "terrified,"), (900, 1000, "honestly.")]


def test_punctuation_and_case_changes_keep_every_time() -> None:
    assert [w.start for w in corrections.retime(LINE, "i WAS terrifed honestly", 0, 1100)] == [0, 100, 300, 900]


def test_inserted_words_share_the_gap_or_the_word_before() -> None:
    found = timed(corrections.retime(LINE, "I was terrifed, truly honestly.", 0, 1100))
    assert found[3] == (700, 900, "truly") and found[4] == (900, 1000, "honestly.")
    squeezed = timed(corrections.retime(LINE, "I really was terrifed, honestly.", 0, 1100))
    assert squeezed[:3] == [(0, 50, "I"), (50, 100, "really"), (100, 300, "was")]


def test_replaced_words_share_the_span_of_the_words_they_replace() -> None:
    found = timed(corrections.retime(LINE, "We were terrifed, honestly.", 0, 1100))
    assert found[:2] == [(0, 150, "We"), (150, 300, "were")] and found[2] == (300, 700, "terrifed,")


def test_deleted_words_drop_out_and_the_rest_keep_their_times() -> None:
    assert timed(corrections.retime(LINE, "I was honestly.", 0, 1100)) == [
        (0, 100, "I"), (100, 300, "was"), (900, 1000, "honestly.")]


def test_a_line_without_word_times_keeps_none() -> None:
    assert corrections.retime([], "anything at all", 0, 1000) == []


def test_a_correction_is_shown_word_by_word() -> None:
    old = "Honestly, I was terrifed for the first two weeks of the shoot on the boat."
    new = "Honestly, I was terrified for the first two weeks of the shoot on the boat."
    assert corrections.diff(old, new) == [("same", "Honestly, I was"), ("del", "terrifed"), ("ins", "terrified"),
                                          ("same", "for the first …")]
    assert corrections.summary(old, new) == "“terrifed” → “terrified”"
    assert corrections.summary("a b c", "a c d") == "“b” removed; “d” added"
    assert corrections.summary("a  b", "a b") == "spacing only"


def test_correct_and_undo_in_the_library(tmp_path: Path) -> None:
    with Library(tmp_path / "library.db") as library:
        iid = library.add(Interview(title="T", speakers=[Speaker("S1", "Kit")],
                                    utterances=[Utterance("u1", 0, 1100, "S1", "I was terrifed, honestly.", LINE)])).id
        done = corrections.correct(library, iid, "u1", "I was  terrified, honestly.", "eve")
        assert done is not None and done.old_text == "I was terrifed, honestly."
        line = library.get(iid).utterances[0]
        assert line.text == "I was terrified, honestly." and line.words[2] == Word(300, 700, "terrified,")
        assert library.search("terrified")  # the full-text index follows
        assert corrections.correct(library, iid, "u1", "I was terrified, honestly.", "eve") is None
        undone = corrections.undo(library, iid, "eve")
        assert undone.undone and library.get(iid).utterances[0].words == LINE
        assert [c.undone for c in corrections.history(library, iid)] == [True]
        with pytest.raises(corrections.EditError, match="no correction to undo"):
            corrections.undo(library, iid, "eve")
        with pytest.raises(corrections.InputError, match="cannot be empty"):
            corrections.correct(library, iid, "u1", "   ", "eve")


def test_undo_refuses_when_the_line_changed_again(tmp_path: Path) -> None:
    with Library(tmp_path / "library.db") as library:
        iid = library.add(Interview(title="T", speakers=[Speaker("S1", "Kit")],
                                    utterances=[Utterance("u1", 0, 1100, "S1", "I was terrifed, honestly.", LINE)])).id
        corrections.correct(library, iid, "u1", "I was terrified, honestly.", "eve")

        def retype(interview: Interview) -> bool:
            interview.utterances[0].text = "Something else."
            return True

        library.rewrite(iid, retype)
        with pytest.raises(corrections.EditError, match="changed since"):
            corrections.undo(library, iid, "eve")


# -- the studio ------------------------------------------------------------------------

pytest.importorskip("fastapi", reason="the web extra is not installed")
pytest.importorskip("httpx", reason="httpx (the test client) is not installed")

from fastapi.testclient import TestClient
from test_web_fixtures import build_accounts_db, logged_in

from greenroom.web import create_app

JSON = {"Accept": "application/json"}
OFF_THE_RECORD = (128_300, 138_900)  # the sample's off-the-record passage


@pytest.fixture(scope="module")
def studio_db(sample_files: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    path = tmp_path_factory.mktemp("editing") / "library.db"
    return path, *build_accounts_db(sample_files.reference, sample_files.audio, path)


def wait_for(client: TestClient, job_id: str, limit_s: float = 90) -> dict[str, Any]:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        job: dict[str, Any] = client.get(f"/jobs/{job_id}.json").json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.3)
    raise AssertionError(f"job {job_id} did not finish in {limit_s} s")


def test_an_editor_corrects_a_line_as_json_as_htmx_and_undoes_it(editor: tuple[TestClient, str],
                                                                  ids: tuple[str, str]) -> None:
    client, token = editor
    url = f"/interviews/{ids[0]}/utterances/u8/text"
    form = client.get(url).text
    assert 'name="text"' in form and "I was terrified" in form
    answer = client.post(url, data={"text": "Honestly, I was petrified for the first two weeks.", "csrf": token},
                         headers=JSON)
    assert answer.status_code == 200
    assert answer.json()["utterance"]["text"] == "Honestly, I was petrified for the first two weeks."
    assert answer.json()["correction"]["old_text"].startswith("Honestly, I was terrified")
    fragment = client.post(url, data={"text": "Honestly, I was <b>petrified</b>.", "csrf": token},
                           headers={"HX-Request": "true"})
    assert fragment.text.startswith('<div class="line') and "&lt;b&gt;petrified&lt;/b&gt;" in fragment.text
    assert '<section id="corrections" hx-swap-oob="true">' in fragment.text  # the Undo appears at once
    history = client.get(f"/interviews/{ids[0]}/corrections.json").json()["corrections"]
    assert [c["utterance_id"] for c in history] == ["u8", "u8"]
    page = client.get(f"/interviews/{ids[0]}").text
    assert 'id="corrections"' in page and "Undo the last correction" in page
    undo = client.post(f"/interviews/{ids[0]}/corrections/undo", data={"csrf": token}, follow_redirects=False)
    assert undo.status_code == 303 and undo.headers["location"] == f"/interviews/{ids[0]}?u=u8#u-u8"  # the part holding the line
    said = client.get(f"/interviews/{ids[0]}.json").json()["interview"]["utterances"][7]["text"]
    assert said == "Honestly, I was petrified for the first two weeks."
    actions = [e["action"] for e in client.get("/audit.json").json()["entries"]]
    assert actions[:3] == ["undo-correction", "correct", "correct"]


def test_a_correction_of_an_unknown_line_or_to_nothing_is_one_line_400(editor: tuple[TestClient, str],
                                                                       ids: tuple[str, str]) -> None:
    client, token = editor
    missing = client.post(f"/interviews/{ids[0]}/utterances/u999/text", data={"text": "x", "csrf": token},
                          headers=JSON)
    assert missing.status_code == 400 and "no line u999" in missing.json()["error"]
    empty = client.post(f"/interviews/{ids[0]}/utterances/u8/text", data={"text": " ", "csrf": token}, headers=JSON)
    assert empty.status_code == 400 and "cannot be empty" in empty.json()["error"]
    nothing = client.post(f"/interviews/{ids[0]}/corrections/undo", data={"csrf": token}, headers=JSON)
    assert nothing.status_code == 400 and nothing.json()["error"].endswith("no correction to undo")
    stale = client.post(f"/interviews/{ids[0]}/utterances/u8/text", data={"text": "x", "csrf": "forged"})
    assert stale.status_code == 403


def test_viewers_can_neither_correct_nor_undo_nor_cut(viewer: tuple[TestClient, str], ids: tuple[str, str]) -> None:
    client, token = viewer
    base = f"/interviews/{ids[0]}"
    for url, data in ((f"{base}/utterances/u8/text", {"text": "x"}), (f"{base}/corrections/undo", {}),
                      (f"{base}/clips", {"start": "1:30", "end": "1:40"})):
        answer = client.post(url, data={**data, "csrf": token}, headers=JSON)
        assert answer.status_code == 403 and answer.json() == {"error": "viewers can read but not change anything"}
    assert client.get(f"{base}/utterances/u8/text").status_code == 403
    assert client.get(f"{base}/corrections.json").status_code == 403
    page = client.get(base).text
    assert 'id="clipper"' not in page and "Correct the words" not in page
    assert client.get(f"{base}/clips.json").json() == {"jobs": []}


def test_clip_needs_words_and_media(editor: tuple[TestClient, str], ids: tuple[str, str]) -> None:
    client, token = editor
    no_media = client.post(f"/interviews/{ids[1]}/clips", data={"start": "0:10", "end": "0:20", "csrf": token},
                           headers=JSON)
    assert no_media.status_code == 400 and "no media file recorded" in no_media.json()["error"]
    silent = client.post(f"/interviews/{ids[0]}/clips", data={"start": "59:00", "end": "59:10", "csrf": token},
                         headers=JSON)
    assert silent.status_code == 400 and "nothing is said between 59:00 and 59:10" in silent.json()["error"]
    bad = client.post(f"/interviews/{ids[0]}/clips", data={"start": "soon", "end": "0:20", "csrf": token},
                      headers=JSON)
    assert bad.status_code == 400 and "'soon'" in bad.json()["error"]
    assert client.post(f"/interviews/{ids[0]}/clips", data={"end": "0:20", "csrf": token},
                       headers=JSON).status_code == 400


@FFMPEG
def test_a_selected_span_becomes_a_clip_job_with_progress_and_a_download(editor: tuple[TestClient, str],
                                                                        ids: tuple[str, str]) -> None:
    client, token = editor
    answer = client.post(f"/interviews/{ids[0]}/clips", headers=JSON,
                         data={"start_ms": "62555", "end_ms": "70000", "start": "", "end": "", "question": "1",
                               "csrf": token})
    assert answer.status_code == 202
    job = answer.json()
    assert job["state"] == "pending" and job["params"] == {"start": 62555, "end": 70000, "vertical": False,
                                                             "question": True, "cut": [58523, 70198]}
    done = wait_for(client, job["id"])
    assert done["state"] == "done" and done["progress"] == 1.0 and done["error"] is None
    assert done["file"] == "clip-01-selection.mp4" and done["download_url"] == f"/jobs/{job['id']}/download"
    video = client.get(done["download_url"])
    assert video.status_code == 200 and video.content[4:8] == b"ftyp"
    assert 'filename="clip-01-selection.mp4"' in video.headers["content-disposition"]
    page = client.get(f"/jobs/{job['id']}").text
    assert "Download clip-01-selection.mp4" in page and "with the question" in page and "hx-trigger" not in page
    listed = client.get(f"/interviews/{ids[0]}").text
    assert f'href="/jobs/{job["id"]}"' in listed and "0:58–1:10" in listed
    assert client.get(f"/interviews/{ids[0]}/clips.json").json()["jobs"][0]["id"] == job["id"]
    entry = client.get("/audit.json").json()["entries"][0]
    assert entry["action"] == "make-clip" and "with the question" in entry["detail"]


@FFMPEG
def test_a_clip_holding_an_off_the_record_passage_fails_with_the_policy_line(editor: tuple[TestClient, str],
                                                                             ids: tuple[str, str]) -> None:
    client, token = editor
    start, end = OFF_THE_RECORD
    answer = client.post(f"/interviews/{ids[0]}/clips", headers=JSON,
                         data={"start_ms": str(start), "end_ms": str(end), "csrf": token})
    failed = wait_for(client, answer.json()["id"])
    assert failed["state"] == "failed" and "off-the-record" in failed["error"]
    assert failed["download_url"] is None
    page = client.get(f"/jobs/{failed['id']}").text
    assert 'role="alert"' in page and "off-the-record" in page
    assert client.get(f"/jobs/{failed['id']}/download").status_code == 404


def test_a_pending_job_page_polls_and_unknown_jobs_are_404(lib_path: Path, ids: tuple[str, str]) -> None:
    with Library(lib_path) as library:
        job = jobs.submit(library, "clip", ids[0], {"start": 62555, "end": 70000}, "eve")
    client = TestClient(create_app(lib_path, semantic=False, retime=False))  # not started: no worker runs it
    logged_in(client, "val")
    page = client.get(f"/jobs/{job.id}").text
    assert 'hx-trigger="every 1s"' in page and "Waiting for its turn" in page
    fragment = client.get(f"/jobs/{job.id}", headers={"HX-Request": "true"}).text
    assert fragment.startswith('<div id="job"')
    assert client.get("/jobs/nope.json").json() == {"error": "no job nope"}
    assert client.get(f"/jobs/{job.id}/download").status_code == 404


@FFMPEG
def test_jobs_survive_a_server_restart(lib_path: Path, ids: tuple[str, str]) -> None:
    with Library(lib_path) as library:
        resumed = jobs.submit(library, "clip", ids[0], {"start": 62555, "end": 66000}, "eve")
        given_up = jobs.submit(library, "clip", ids[0], {"start": 62555, "end": 66000}, "eve")
        for _ in range(jobs.MAX_TRIES):  # the server stopped while it ran, again and again
            library._write(lambda conn: conn.execute(
                "UPDATE jobs SET state = 'running', tries = tries + 1 WHERE id = ?", (given_up.id,)))
        library._write(lambda conn: conn.execute(
            "UPDATE jobs SET state = 'running', tries = 1 WHERE id = ?", (resumed.id,)))
    with TestClient(create_app(lib_path, semantic=False, retime=False)) as client:
        logged_in(client, "eve")
        assert wait_for(client, resumed.id)["state"] == "done"
        lost = client.get(f"/jobs/{given_up.id}.json").json()
        assert lost["state"] == "failed" and "the server stopped while this job ran" in lost["error"]


def test_job_routes_hide_embargoed_interviews_from_viewers(lib_path: Path, ids: tuple[str, str]) -> None:
    with Library(lib_path) as library:
        job = jobs.submit(library, "clip", ids[0], {"start": 62555, "end": 70000}, "eve")
        access.set_embargo(library, ids[0], access.parse_day("2999-01-01"))
    client = TestClient(create_app(lib_path, semantic=False, retime=False))
    logged_in(client, "val")
    assert client.get(f"/jobs/{job.id}.json").status_code == 404
    assert client.get(f"/interviews/{ids[0]}/clips.json").status_code == 404


def test_new_routes_are_in_the_openapi_description(lib_path: Path) -> None:
    paths = TestClient(create_app(lib_path, semantic=False, retime=False)).get("/openapi.json").json()["paths"]
    for path in ("/interviews/{interview_id}/utterances/{utterance_id}/text",
                 "/interviews/{interview_id}/corrections/undo", "/interviews/{interview_id}/corrections.json",
                 "/interviews/{interview_id}/clips", "/interviews/{interview_id}/clips.json", "/jobs/{job_id}.json",
                 "/jobs/{job_id}/download", "/jobs/{job_id}/delete"):
        assert path in paths, path


# -- the command line -------------------------------------------------------------------

def test_cli_correct_undo_and_history(greenroom_at: Any, lib_path: Path, ids: tuple[str, str]) -> None:
    run = greenroom_at(lib_path)
    done = run("correct", ids[0], "u8", "Honestly, I was petrified for the first two weeks.")
    assert done.exit_code == 0 and done.stdout.startswith("corrected u8: “terrified” → “petrified”; “I didn't think")
    assert done.stdout.rstrip().endswith("showed up.” removed")
    assert run("correct", ids[0], "u8", "Honestly, I was petrified for the first two weeks.").stdout.strip() == (
        "u8 already says that: nothing changed")
    history = json.loads(run("correct", ids[0], "--history", "--json").stdout)
    assert [(c["utterance_id"], c["undone"]) for c in history] == [("u8", False)]
    assert run("correct", ids[0], "--undo").stdout.startswith("undid the correction of u8")
    with Library(lib_path) as library:
        assert library.get(ids[0]).utterances[7].text.startswith("Honestly, I was terrified")
        assert [e.action for e in access.audit_log(library, ids[0])][:2] == ["undo-correction", "correct"]
    usage = run("correct", ids[0])
    assert usage.exit_code == 2 and "give LINE and TEXT, or --undo, or --history" in usage.output


@FFMPEG
def test_cli_clip_renders_one_clip_through_the_policy(greenroom_at: Any, lib_path: Path, ids: tuple[str, str],
                                                      tmp_path: Path) -> None:
    run = greenroom_at(lib_path)
    made = run("clip", ids[0], "--from", "1:02.5", "--to", "1:10", "--with-question", "-o", str(tmp_path / "out"))
    assert made.exit_code == 0, made.output
    path = Path(made.stdout.strip().splitlines()[-1])
    assert path.parent == tmp_path / "out" and path.read_bytes()[4:8] == b"ftyp"
    start, end = OFF_THE_RECORD
    refused = run("clip", ids[0], "--from", str(start / 1000), "--to", str(end / 1000), "-o", str(tmp_path / "no"))
    assert refused.exit_code == 1 and "off-the-record" in refused.output


@FFMPEG
def test_moments_offer_a_clip_and_a_finished_clip_can_be_deleted(editor: tuple[TestClient, str],
                                                                  ids: tuple[str, str], lib_path: Path) -> None:
    client, token = editor
    page = client.get(f"/interviews/{ids[0]}").text
    assert page.count('class="m-clip"') == page.count('class="m-head"') > 0 and "Clip it</button>" in page
    made = client.post(f"/interviews/{ids[0]}/clips", data={"start_ms": "22355", "end_ms": "30000", "csrf": token},
                       headers=JSON).json()
    done = wait_for(client, made["id"])
    assert done["state"] == "done" and "Delete this clip" in client.get(f"/jobs/{made['id']}").text
    folder = lib_path.parent / "library-media" / ids[0] / "clips" / made["id"]
    assert folder.is_dir()
    deleted = client.post(f"/jobs/{made['id']}/delete", data={"csrf": token}, headers=JSON)
    assert deleted.json() == {"deleted": made["id"]}
    assert not folder.exists() and client.get(f"/jobs/{made['id']}.json").status_code == 404
    assert client.get("/audit.json").json()["entries"][0]["action"] == "delete-clip"


def test_a_pending_clip_can_be_cancelled_and_a_running_one_is_asked_to_stop(lib_path: Path,
                                                                             ids: tuple[str, str]) -> None:
    with Library(lib_path) as library:
        pending = jobs.submit(library, "clip", ids[0], {"start": 62555, "end": 70000}, "eve")
        running = jobs.submit(library, "clip", ids[0], {"start": 62555, "end": 70000}, "eve")
        library._write(lambda conn: conn.execute("UPDATE jobs SET state = 'running' WHERE id = ?", (running.id,)))
    client = TestClient(create_app(lib_path, semantic=False, retime=False))  # not started: no worker takes them
    token = logged_in(client, "eve")
    assert "Cancel this clip" in client.get(f"/jobs/{pending.id}").text
    assert client.post(f"/jobs/{pending.id}/delete", data={"csrf": token}, headers=JSON).json() == {
        "deleted": pending.id}
    refused = client.post(f"/jobs/{running.id}/delete", data={"csrf": token}, headers=JSON)
    assert refused.status_code == 400 and refused.json()["error"].endswith("is running: wait until it is done")
    page = client.get(f"/jobs/{running.id}").text  # not deleted, but stopped at its next progress report
    assert "Delete this clip" not in page and 'action="/jobs/' + running.id + '/cancel"' in page
    asked = client.post(f"/jobs/{running.id}/cancel", data={"csrf": token}, headers=JSON).json()
    assert asked["state"] == "running" and asked["status"] == "cancelling"


def test_viewers_cannot_delete_a_clip(viewer: tuple[TestClient, str], ids: tuple[str, str], lib_path: Path) -> None:
    client, token = viewer
    with Library(lib_path) as library:
        job = jobs.submit(library, "clip", ids[0], {"start": 62555, "end": 70000}, "eve")
    assert client.post(f"/jobs/{job.id}/delete", data={"csrf": token}, headers=JSON).status_code == 403
    assert "Delete this clip" not in client.get(f"/jobs/{job.id}").text


@FFMPEG
def test_a_vertical_clip_is_nine_by_sixteen(greenroom_at: Any, lib_path: Path, ids: tuple[str, str],
                                            tmp_path: Path) -> None:
    from greenroom.media.probe import probe

    made = greenroom_at(lib_path)("clip", ids[0], "--from", "1:03", "--to", "1:06", "--vertical", "-o", str(tmp_path))
    assert made.exit_code == 0, made.output
    info = probe(made.stdout.strip().splitlines()[-1])
    assert (info.width, info.height) == (1080, 1920)


# -- timing a corrected line from the audio (the speech model behind its interface) ----------

class HeardTranscriber:
    """Hears the sample's line u8 as Whisper would, times relative to the audio given."""

    name = "heard"

    def __init__(self, options: Any):
        self.calls: list[int] = []

    def transcribe(self, samples: Any, options: Any, progress: Any = None) -> tuple[list[Any], str | None]:
        from greenroom.backends.asr import AsrSegment, AsrWord

        assert len(samples) > 16_000 * 20  # the line's 22 s of audio and a margin, not the whole interview
        heard = [(300, 900, " Honestly,"), (1000, 1150, " I"), (1150, 1400, " was"), (1400, 2000, " terrified"),
                 (2000, 2200, " for")]
        return [AsrSegment(300, 2200, "", [AsrWord(s, e, t) for s, e, t in heard])], "en"


@FFMPEG
def test_a_corrected_line_is_timed_from_what_is_heard(lib_path: Path, ids: tuple[str, str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from greenroom.backends import asr

    monkeypatch.setattr(asr, "default_transcriber", HeardTranscriber)
    with Library(lib_path) as library:
        corrections.correct(library, ids[0], "u8", "Honestly, I was petrified for the first two weeks.", "eve")
        assert library.get(ids[0]).utterances[7].words == []  # imported text: no word times to keep
        assert corrections.retime_from_audio(library, ids[0], "u8")
        line = library.get(ids[0]).utterances[7]
    start = line.start - corrections.AUDIO_MARGIN_MS
    assert [(w.start - start, w.end - start, w.text) for w in line.words[:5]] == [
        (300, 900, "Honestly,"), (1000, 1150, "I"), (1150, 1400, "was"), (1400, 2000, "petrified"),
        (2000, 2200, "for")]
    assert [w.text for w in line.words] == line.text.split() and line.words[-1].end <= line.end


@FFMPEG
def test_cli_correct_from_audio(greenroom_at: Any, lib_path: Path, ids: tuple[str, str],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    from greenroom.backends import asr

    monkeypatch.setattr(asr, "default_transcriber", HeardTranscriber)
    done = greenroom_at(lib_path)("correct", ids[0], "u8", "Honestly, I was petrified.", "--from-audio")
    assert done.exit_code == 0 and done.stdout.rstrip().endswith("; timed from the audio")
    with Library(lib_path) as library:
        assert [w.text for w in library.get(ids[0]).utterances[7].words] == ["Honestly,", "I", "was", "petrified."]


@FFMPEG
def test_the_studio_queues_the_timing_after_a_correction(lib_path: Path, ids: tuple[str, str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from greenroom.backends import asr

    monkeypatch.setattr(asr, "default_transcriber", HeardTranscriber)
    app = create_app(lib_path, semantic=False)
    app.state.studio.retime = True  # as with the capture extra installed
    with TestClient(app) as client:
        token = logged_in(client, "eve")
        client.post(f"/interviews/{ids[0]}/utterances/u8/text", headers=JSON,
                    data={"text": "Honestly, I was petrified for the first two weeks.", "csrf": token})
        with Library(lib_path) as library:
            queued = jobs.of_interview(library, ids[0], kind=corrections.RETIME)
            assert [j.params for j in queued] == [{"utterance": "u8"}]
        assert wait_for(client, queued[0].id)["state"] == "done"
        words = client.get(f"/interviews/{ids[0]}.json").json()["interview"]["utterances"][7]["words"]
        assert words and words[3]["text"] == "petrified"
        assert client.get(f"/interviews/{ids[0]}/clips.json").json() == {"jobs": []}  # not a clip
