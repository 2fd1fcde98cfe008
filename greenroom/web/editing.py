"""Correct and cut by text: an editor corrects a line's words (their timing kept) and
undoes it, and makes a clip from a selected span as a background job.

Corrections are `library.corrections` (what `greenroom correct` runs); clips are
`library.clips` jobs, run by the studio's `jobs.Worker` thread through the render
`greenroom render` uses, so the privacy policy applies to every clip. A job is a row
in the library: its page polls it (htmx) until done, then offers the file; a reload
or a restarted server finds it where it was. Each POST answers JSON when asked
(`Accept: application/json`), the changed fragment to htmx, else a redirect.
Viewers may read job pages but cannot correct, undo or cut.
"""

from __future__ import annotations

import os
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response

from greenroom import timecode
from greenroom.errors import InputError, NotFound
from greenroom.library import access, clips, corrections, jobs
from greenroom.library.access import User
from greenroom.library.speakers import utterance_of
from greenroom.web import guard, views
from greenroom.web.app import render, wants_json
from greenroom.web.guard import studio

router = APIRouter()
Reader = Annotated[User, Depends(guard.reader)]
Editor = Annotated[User, Depends(guard.editor)]
Form = Annotated[dict[str, str], Depends(guard.posted)]


def _htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


# -- corrections ------------------------------------------------------------------

@router.get("/interviews/{interview_id}/utterances/{utterance_id}/text", include_in_schema=False)
def correct_form(request: Request, interview_id: str, utterance_id: str, user: Editor) -> Response:
    interview = guard.shown(studio(request).library, user, interview_id)
    return render(request, "correct.html", {"iv": interview, "u": utterance_of(interview, utterance_id)})


@router.post("/interviews/{interview_id}/utterances/{utterance_id}/text", tags=["editing"])
def correct_line(request: Request, interview_id: str, utterance_id: str, user: Editor, form: Form) -> Response:
    """Correct what a line says (form field `text`): words that stayed keep their
    times, new ones are timed within the words they replaced. Undo with
    `POST /interviews/ID/corrections/undo`."""
    library = studio(request).library
    iid = guard.check_visible(library, user, interview_id)
    done = corrections.correct(library, iid, utterance_id, form.get("text", ""), user.name)
    if done:
        access.record(library, user.name, "correct", iid,
                      f"{utterance_id}: {corrections.summary(done.old_text, done.new_text)}")
        _retime_later(request, iid, utterance_id, user)
    return _after_correction(request, iid, utterance_id, done)


@router.post("/interviews/{interview_id}/corrections/undo", tags=["editing"])
def undo_correction(request: Request, interview_id: str, user: Editor, form: Form) -> Response:
    """Put back the interview's last correction not yet undone (`EditError`, 400, when
    there is none or its line was changed again since)."""
    library = studio(request).library
    iid = guard.check_visible(library, user, interview_id)
    done = corrections.undo(library, iid, user.name)
    access.record(library, user.name, "undo-correction", iid,
                  f"{done.utterance_id}: {corrections.summary(done.new_text, done.old_text)}")
    return _after_correction(request, iid, done.utterance_id, done)


def _retime_later(request: Request, iid: str, utterance_id: str, user: User) -> None:
    """Queue timing the corrected line from the audio, where there is media and the
    speech model is installed (the `capture` extra); otherwise the interpolated
    times stand."""
    st = studio(request)
    if not st.retime or not views.media_file(st.library.get(iid)):
        return
    jobs.submit(st.library, corrections.RETIME, iid, {"utterance": utterance_id}, user.name)
    worker = getattr(request.app.state, "worker", None)
    if worker is not None:
        worker.wake()


def _after_correction(request: Request, iid: str, uid: str, done: corrections.Correction | None) -> Response:
    library = studio(request).library
    if wants_json(request):
        interview = library.get(iid)
        line = utterance_of(interview, uid)
        return JSONResponse({"correction": done.__dict__ if done else None, "utterance": line.to_dict()})
    if _htmx(request) and request.url.path.endswith("/text"):
        interview = library.get(iid)
        return render(request, "_corrected.html", {
            "iv": interview, "line": views.line_of(interview, uid), "media_url": views.media_url(interview),
            "can_edit": True, "edits": corrections.history(library, iid, limit=10), "word_diff": corrections.diff})
    return RedirectResponse(views.line_url(iid, uid), status_code=303)


@router.get("/interviews/{interview_id}/corrections.json", tags=["editing"])
def corrections_json(request: Request, interview_id: str, user: Editor) -> dict[str, Any]:
    """The interview's corrections, newest first: who changed which line, from what to what."""
    library = studio(request).library
    iid = guard.check_visible(library, user, interview_id)
    return {"corrections": [c.__dict__ for c in corrections.history(library, iid)]}


# -- clips --------------------------------------------------------------------------

def _ms(form: dict[str, str], name: str) -> int:
    """A form time: a clock (1:02.5), seconds (62.5), or `NAME_ms` in milliseconds."""
    raw_ms = form.get(f"{name}_ms", "").strip()
    if raw_ms.isdigit():
        return int(raw_ms)
    text = form.get(name, "").strip()
    if not text:
        raise InputError(name, f"give the clip's {name} time (select words in the transcript)")
    try:
        return timecode.parse(text)
    except ValueError as err:
        raise InputError(name, str(err)) from None


@router.post("/interviews/{interview_id}/clips", tags=["clips"], status_code=202)
def make_clip(request: Request, interview_id: str, user: Editor, form: Form) -> Response:
    """Queue a clip of the words between `start` and `end` (clock times, or `start_ms`
    and `end_ms`), `vertical=1` for 9:16, `question=1` to open with the question asked.
    Answers 202 with the job (JSON), or the job's page; follow `/jobs/ID.json`."""
    st = studio(request)
    iid = guard.check_visible(st.library, user, interview_id)
    params: dict[str, Any] = {"start": _ms(form, "start"), "end": _ms(form, "end"),
              "vertical": form.get("vertical") == "1", "question": form.get("question") == "1"}
    cut = clips.check(st.library, iid, params)
    params["cut"] = [cut.start, cut.end]  # what will be cut: the words touched, the question too
    job = jobs.submit(st.library, clips.KIND, iid, params, user.name)
    access.record(st.library, user.name, "make-clip", iid,
                  f"job {job.id}: {timecode.clock(cut.start)}–{timecode.clock(cut.end)}"
                  f"{', vertical' if params['vertical'] else ''}{', with the question' if cut.question else ''}")
    worker = getattr(request.app.state, "worker", None)
    if worker is not None:
        worker.wake()
    if wants_json(request):
        return JSONResponse(_job_json(job), status_code=202)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


def _job(request: Request, user: User, job_id: str) -> jobs.Job:
    """The job, when its interview is one this account may see (`NotFound` otherwise)."""
    library = studio(request).library
    job = jobs.get(library, job_id)
    if job.interview_id:
        guard.check_visible(library, user, job.interview_id)
    elif not user.can("editor"):  # an upload still transcribing: no interview to see yet
        raise NotFound(f"no job {job_id}")
    return job


def _job_json(job: jobs.Job) -> dict[str, Any]:
    data = {k: v for k, v in job.__dict__.items() if k != "output"}
    data["status"] = job.status  # the state as the page says it: cancelled and cancelling told apart
    data["file"] = os.path.basename(job.output) if job.output else None
    data["url"] = f"/jobs/{job.id}"
    data["download_url"] = f"/jobs/{job.id}/download" if job.state == "done" and job.kind == clips.KIND else None
    data["interview_url"] = f"/interviews/{job.interview_id}" if job.interview_id and job.state == "done" else None
    return data


@router.get("/jobs/{job_id}.json", tags=["clips"])
def job_json(request: Request, job_id: str, user: Reader) -> dict[str, Any]:
    """A job's state (pending, running, done, failed), progress 0..1, error line, notes
    and, when done, where to download its file."""
    return _job_json(_job(request, user, job_id))


@router.get("/jobs/{job_id}", include_in_schema=False)
def job_page(request: Request, job_id: str, user: Reader) -> Response:
    job = _job(request, user, job_id)
    interview = studio(request).library.get(job.interview_id) if job.interview_id else None
    name = "_job.html" if _htmx(request) else ("upload_job.html" if job.kind == "transcribe" else "job.html")
    return render(request, name, {"job": job, "iv": interview, "file": _job_json(job)["file"],
                                  "can_edit": user.can("editor")})


@router.get("/jobs/{job_id}/download", tags=["clips"], response_class=FileResponse)
def job_download(request: Request, job_id: str, user: Reader) -> Response:
    """The finished clip (only files the studio wrote into the library's media folder)."""
    library = studio(request).library
    job = _job(request, user, job_id)
    if job.state != "done" or not job.output:
        raise NotFound(f"job {job.id} has no file yet ({job.state})")
    folder = os.path.realpath(library.media_dir)
    path = os.path.realpath(job.output)
    if not path.startswith(folder + os.sep) or not os.path.isfile(path):
        raise NotFound(f"the file of job {job.id} is gone")
    return FileResponse(path, filename=os.path.basename(path), media_type="video/mp4")


@router.post("/jobs/{job_id}/delete", tags=["clips"])
def delete_clip(request: Request, job_id: str, user: Editor, form: Form) -> Response:
    """Take a clip back: cancelled while pending, its file deleted once finished, its
    job forgotten (400 while it runs)."""
    library = studio(request).library
    job = clips.delete(library, _job(request, user, job_id).id)
    access.record(library, user.name, "delete-clip", job.interview_id, f"job {job.id}")
    if wants_json(request):
        return JSONResponse({"deleted": job.id})
    return RedirectResponse(f"/interviews/{job.interview_id}#clips", status_code=303)


@router.post("/jobs/{job_id}/cancel", tags=["clips"])
def cancel_job(request: Request, job_id: str, user: Editor, form: Form) -> Response:
    """Stop a job: a pending one now, a running one at its next progress report (its
    page says cancelling, then cancelled). A cancelled transcription's upload is removed.
    400 once the job finished."""
    library = studio(request).library
    job = jobs.cancel(library, _job(request, user, job_id).id, user.name)
    access.record(library, user.name, "cancel-job", job.interview_id or None,
                  f"job {job.id} ({job.kind}{': ' + job.params['name'] if job.params.get('name') else ''})")
    if wants_json(request):
        return JSONResponse(_job_json(job))
    if _htmx(request):
        return render(request, "_job.html", {"job": job, "file": None, "can_edit": True})
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/interviews/{interview_id}/clips.json", tags=["clips"])
def clips_json(request: Request, interview_id: str, user: Reader) -> dict[str, Any]:
    """The interview's clip jobs, newest first."""
    library = studio(request).library
    iid = guard.check_visible(library, user, interview_id)
    return {"jobs": [_job_json(j) for j in jobs.of_interview(library, iid, kind=clips.KIND)]}
