"""Importing from the studio: `POST /import` of a transcript, captions or media.

An editor uploads one file with an optional title, project, guests and interviewers.
The file is copied in `CHUNK`-sized pieces (never read whole into memory) into the
library's own media folder, `<library>-media/uploads/<token>/<name>`, so what the
interview records as its source (and, for media, plays) is a file the library keeps,
not a temporary one.

- Transcripts and captions (.srt .vtt .txt .md .json, at most `MAX_BYTES`) go through
  `capture.import_file`, the entry point of `greenroom import`, at once.
- Audio and video (`MEDIA_EXTENSIONS`, at most `MAX_MEDIA_BYTES`) are checked by
  content with ffprobe (`media.probe.probe_audio`: a renamed text file or a video
  without sound is refused) and transcribed by a background job of kind
  `TRANSCRIBE`, run by the studio's `jobs.Worker` through `capture.transcribe_into`,
  the path of `greenroom transcribe`; its page shows live progress and, when done,
  links to the new interview.

Too large is a one-line 413; a wrong extension, a file ffprobe or the importer
cannot read, or media without the `capture` extra is a one-line 400 naming the file
as uploaded, and the saved copy is removed. A success is audited.
"""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from greenroom.errors import InputError
from greenroom.library import access, jobs
from greenroom.library.access import User
from greenroom.library.store import Library
from greenroom.web import guard
from greenroom.web.app import error, wants_json
from greenroom.web.guard import studio

router = APIRouter()
Editor = Annotated[User, Depends(guard.editor)]

MAX_BYTES = 20 * 1024 * 1024
MAX_MEDIA_BYTES = 4 * 1024 * 1024 * 1024
EXTENSIONS = (".srt", ".vtt", ".txt", ".md", ".json")
MEDIA_EXTENSIONS = (".wav", ".mp3", ".m4a", ".aac", ".flac", ".ogg", ".opus",
                    ".mp4", ".m4v", ".mov", ".mkv", ".webm")
CHUNK = 1 << 16
TRANSCRIBE = "transcribe"
UPLOADS = "uploads"


class TooLarge(Exception):
    """The upload is over its kind's limit."""


@router.post("/import", include_in_schema=False)
@router.post("/import.json", tags=["library"])
async def upload(request: Request, user: Editor) -> Response:
    """Import one uploaded file (form field `file`; optional `title`, `project`, and
    `guest` and `interviewer`, comma-separated for several). A transcript or captions
    answer `{"id": ...}` (201 when new); media answer 202 `{"job": ..., "url": ...}`:
    follow `/jobs/ID.json` until it is done and names the interview."""
    if _declared_size(request) > MAX_MEDIA_BYTES + CHUNK:
        return error(request, 413, _too_large(MAX_MEDIA_BYTES, "media"))
    form = await guard.posted(request)
    sent = (await request.form()).get("file")
    if not isinstance(sent, UploadFile) or not sent.filename:
        return error(request, 400, "choose a file to import")
    name = Path(sent.filename.replace("\\", "/")).name
    suffix = Path(name).suffix.lower()
    media = suffix in MEDIA_EXTENSIONS
    if suffix not in EXTENSIONS and not media:
        return error(request, 400, f"{name}: greenroom imports {', '.join(EXTENSIONS)} transcripts "
                                   f"and {', '.join(MEDIA_EXTENSIONS)} media")
    if media and not _can_transcribe():
        return error(request, 400, f"{name}: transcribing media needs the capture extra "
                                   "(pip install 'greenroom[capture,diarize]')")
    library = studio(request).library
    limit = MAX_MEDIA_BYTES if media else MAX_BYTES
    path = upload_path(library, name)
    try:
        await _save(sent, path, limit)
    except TooLarge:
        _discard(path)
        return error(request, 413, _too_large(limit, "media" if media else "transcript and caption"))
    if media:
        return await _queue_transcription(request, user, path, form)
    try:
        result, created = await run_in_threadpool(_import, library, user, path, form)
    except InputError as err:
        _discard(path)
        return error(request, 400, _as_uploaded(err, path))
    if not created:
        _discard(path)  # the library already holds this file under its first upload
    if wants_json(request):
        return JSONResponse({"id": result, "created": created}, status_code=201 if created else 200)
    return RedirectResponse(f"/interviews/{result}", status_code=303)


def upload_path(library: Library, name: str) -> Path:
    """A fresh `<library>-media/uploads/<token>/<name>` (its folder created): one
    folder per upload, so two files of the same name never meet."""
    folder = library.media_dir / UPLOADS / secrets.token_hex(8)
    folder.mkdir(parents=True, exist_ok=False)
    return folder / name


def _discard(path: Path) -> None:
    shutil.rmtree(path.parent, ignore_errors=True)


def _as_uploaded(err: InputError, path: Path) -> str:
    """The importer's line, naming the file as uploaded rather than where it was saved."""
    return str(err).replace(str(path), path.name).replace(str(path.parent), "")


def _declared_size(request: Request) -> int:
    try:
        return int(request.headers.get("content-length", "0"))
    except ValueError:
        return 0


def _too_large(limit: int, what: str) -> str:
    unit = next(u for u in ((1024 ** 3, "GB"), (1024 ** 2, "MB"), (1024, "KB"), (1, "bytes")) if limit >= u[0])
    size = f"{limit // unit[0]} {unit[1]}"
    return f"the file is too large: the studio imports {what} files up to {size}"


def _can_transcribe() -> bool:
    from greenroom.web.app import _speech_model_installed

    return _speech_model_installed()


async def _save(sent: UploadFile, path: Path, limit: int) -> None:
    """Copy the upload to `path` a chunk at a time, stopping with `TooLarge` past `limit`."""
    size = 0
    with path.open("wb") as out:
        while chunk := await sent.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise TooLarge()
            out.write(chunk)


def _import(library: Library, user: User, path: Path, form: dict[str, str]) -> tuple[str, bool]:
    """Run the CLI's importer on `path` and audit it: (interview id, whether it is new)."""
    from greenroom.capture import ImportOptions, import_file

    options = ImportOptions(title=form.get("title", "").strip() or None, guests=_names(form.get("guest", "")),
                            interviewers=_names(form.get("interviewer", "")),
                            project=form.get("project", "").strip() or None)
    result, _ = import_file(library, path, options)
    access.record(library, user.name, "import", result.id,
                  path.name + ("" if result.created else " (already in the library)"))
    return result.id, result.created


def _names(text: str) -> list[str]:
    return [" ".join(part.split()) for part in text.split(",") if part.strip()]


# -- media: checked by content, transcribed by a job ----------------------------------

async def _queue_transcription(request: Request, user: User, path: Path, form: dict[str, str]) -> Response:
    """Check the saved media with ffprobe, then queue its transcription; the job's page
    (or 202 and the job as JSON) is the answer."""
    from greenroom.media.probe import probe_audio

    library = studio(request).library
    try:
        info = await run_in_threadpool(probe_audio, path)
    except InputError as err:
        _discard(path)
        return error(request, 400, _as_uploaded(err, path))
    params: dict[str, Any] = {"path": str(path), "name": path.name, "duration": info.duration_ms,
                              "title": form.get("title", "").strip(), "project": form.get("project", "").strip(),
                              "guests": _names(form.get("guest", "")),
                              "interviewers": _names(form.get("interviewer", ""))}
    job = jobs.submit_unattached(library, TRANSCRIBE, params, user.name)
    access.record(library, user.name, "upload-media", None, f"{path.name}: job {job.id}")
    worker = getattr(request.app.state, "worker", None)
    if worker is not None:
        worker.wake()
    if wants_json(request):
        return JSONResponse({"job": job.id, "state": job.state, "url": f"/jobs/{job.id}"}, status_code=202)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


def transcribe_job(library: Library, job: jobs.Job, progress: jobs.Progress) -> tuple[str, list[str]]:
    """The `TRANSCRIBE` runner: `greenroom transcribe` on the uploaded media, then
    `greenroom analyze`; the new interview attached to the job and the import audited
    under the uploader's name.
    Media already in the library is not transcribed again (a note says which it is)."""
    from greenroom.capture.transcribe import CaptureOptions, transcribe_into

    params = job.params
    options = CaptureOptions(guests=list(params.get("guests", [])),
                             interviewers=list(params.get("interviewers", [])),
                             title=params.get("title") or None, project=params.get("project", ""))

    def report(stage: str, done: int, total: int) -> None:
        share = done / max(total, 1)
        progress(0.96 if stage == "diarizing" else 0.95 * share)

    result, _ = transcribe_into(library, params["path"], options, progress=report)
    jobs.attach(library, job.id, result.id)
    if not result.created:
        _discard(Path(params["path"]))
        access.record(library, job.user, "import", result.id, f"{params['name']} (already in the library)")
        return "", [f"this media is already in the library as “{result.title}”"]
    access.record(library, job.user, "import", result.id, params["name"])
    return str(params["path"]), _analyzed(library, result.id, _past_cancelling(progress))


def _past_cancelling(progress: jobs.Progress) -> jobs.Progress:
    """Progress once the interview is stored: too late to cancel (its media is the
    upload), so a cancel asked now lets the job finish."""
    def report(fraction: float) -> None:
        try:
            progress(fraction)
        except jobs.Cancelled:
            pass
    return report


def discard_upload(library: Library, job: jobs.Job) -> None:
    """The `jobs.CLEANUPS` entry of a cancelled transcription: its upload's folder goes,
    unless an interview was made from it (then the file is that interview's media)."""
    if job.interview_id or not job.params.get("path"):
        return
    path = Path(job.params["path"])
    uploads = (library.media_dir / UPLOADS).resolve()
    if path.resolve().parent.parent == uploads:  # <uploads>/<token>/<name>: only ever that folder
        _discard(path)


def _analyzed(library: Library, interview_id: str, progress: jobs.Progress) -> list[str]:
    """Analyze the new interview (turns, chapters, moments, flags, coaching, card), as
    `greenroom analyze` would, so its page and the library's filters have something
    to show; a failed analysis is a note, the transcript stands."""
    from greenroom.errors import GreenroomError
    from greenroom.library.analysis import analyze_stored

    progress(0.98)
    try:
        analyze_stored(library, interview_id)
    except GreenroomError as err:
        return [f"not analyzed: {err}"]
    return []


jobs.RUNNERS[TRANSCRIBE] = transcribe_job
jobs.CLEANUPS[TRANSCRIBE] = discard_upload
