"""Importing a transcript or caption file from the studio: `POST /import`.

An editor uploads one file (.srt .vtt .txt .md .json, at most `MAX_BYTES`) with an
optional title, guests and interviewers; it goes through `capture.import_file`, the
same entry point as `greenroom import`, from a private temporary folder that is
removed afterwards. Too large is a one-line 413, a wrong extension or a file the
importer cannot read a one-line 400 (the importer's own line, naming the file as
uploaded), and nothing is written. A success is audited and answered with a
redirect to the interview, or `{"id": ...}` for JSON.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from greenroom.errors import InputError
from greenroom.library import access
from greenroom.library.access import User
from greenroom.web import guard
from greenroom.web.app import error, wants_json
from greenroom.web.guard import studio

router = APIRouter()
Editor = Annotated[User, Depends(guard.editor)]

MAX_BYTES = 20 * 1024 * 1024
EXTENSIONS = (".srt", ".vtt", ".txt", ".md", ".json")
CHUNK = 1 << 16


class TooLarge(Exception):
    """The upload is over `MAX_BYTES`."""


@router.post("/import", include_in_schema=False)
@router.post("/import.json", tags=["library"])
async def upload(request: Request, user: Editor) -> Response:
    """Import one uploaded transcript or caption file (form field `file`, optional
    `title`, `guest` and `interviewer`, comma-separated for several); `{"id": ...}`."""
    if _declared_size(request) > MAX_BYTES + CHUNK:
        return error(request, 413, _too_large())
    form = await guard.posted(request)
    sent = (await request.form()).get("file")
    if not isinstance(sent, UploadFile) or not sent.filename:
        return error(request, 400, "choose a file to import")
    name = Path(sent.filename.replace("\\", "/")).name
    if Path(name).suffix.lower() not in EXTENSIONS:
        return error(request, 400, f"{name}: greenroom imports {', '.join(EXTENSIONS)} files")
    with tempfile.TemporaryDirectory(prefix="greenroom-upload-") as folder:
        path = Path(folder) / name
        try:
            await _save(sent, path)
        except TooLarge:
            return error(request, 413, _too_large())
        try:
            result, created = await run_in_threadpool(_import, request, user, path, form)
        except InputError as err:
            return error(request, 400, str(err).replace(str(path), name).replace(folder, ""))
    if wants_json(request):
        return JSONResponse({"id": result, "created": created}, status_code=201 if created else 200)
    return RedirectResponse(f"/interviews/{result}", status_code=303)


def _declared_size(request: Request) -> int:
    try:
        return int(request.headers.get("content-length", "0"))
    except ValueError:
        return 0


def _too_large() -> str:
    return f"the file is too large: the studio imports files up to {MAX_BYTES // (1024 * 1024)} MB"


async def _save(sent: UploadFile, path: Path) -> None:
    """Copy the upload to `path`, stopping with `TooLarge` past `MAX_BYTES`."""
    size = 0
    with path.open("wb") as out:
        while chunk := await sent.read(CHUNK):
            size += len(chunk)
            if size > MAX_BYTES:
                raise TooLarge()
            out.write(chunk)


def _import(request: Request, user: User, path: Path, form: dict[str, str]) -> tuple[str, bool]:
    """Run the CLI's importer on `path` and audit it: (interview id, whether it is new)."""
    from greenroom.capture import ImportOptions, import_file

    library = studio(request).library
    options = ImportOptions(title=form.get("title", "").strip() or None, guests=_names(form.get("guest", "")),
                            interviewers=_names(form.get("interviewer", "")))
    result, _ = import_file(library, path, options)
    access.record(library, user.name, "import", result.id,
                  path.name + ("" if result.created else " (already in the library)"))
    return result.id, result.created


def _names(text: str) -> list[str]:
    return [" ".join(part.split()) for part in text.split(",") if part.strip()]
