"""Transcript and caption formats at the edge of the model.

Each format is one module with `NAME`, `EXTENSIONS`, `sniff(text, path) -> int`
(0 = not this format, 1 = maybe, 2 = likely, 3 = certain), `read(text, path) ->
Interview` and, where it can be written, `write(interview) -> str`. Modules are
imported lazily so `greenroom --help` stays fast.

`load(path)` reads any file people really have: it decodes the bytes, sniffs the
content (the extension only breaks ties) and raises `FormatError` when nothing or
several things match.
"""

from __future__ import annotations

import hashlib
import importlib
import os
from pathlib import Path
from types import ModuleType

from greenroom import atomic
from greenroom.errors import FormatError, InputError
from greenroom.formats import limits
from greenroom.formats.encoding import decode
from greenroom.language import guess_language
from greenroom.model import Interview

# name -> module; order matters only for the message listing them.
READERS: dict[str, str] = {
    "json": "greenroom.formats.native",
    "srt": "greenroom.formats.srt",
    "vtt": "greenroom.formats.vtt",
    "youtube": "greenroom.formats.youtube",
    "json3": "greenroom.formats.youtube_json3",
    "whisper": "greenroom.formats.whisper",
    "podcast-json": "greenroom.formats.podcast_json",
    "podcast-html": "greenroom.formats.podcast_html",
    "md": "greenroom.formats.markdown",
    "text": "greenroom.formats.text",
}
WRITERS: dict[str, str] = {
    "json": "greenroom.formats.native",
    "srt": "greenroom.formats.srt",
    "vtt": "greenroom.formats.vtt",
    "md": "greenroom.formats.markdown",
    "txt": "greenroom.formats.text",
    "rttm": "greenroom.formats.rttm",
}
EXTENSIONS: dict[str, str] = {"json": "json", "srt": "srt", "vtt": "vtt", "md": "md", "txt": "txt", "rttm": "rttm"}
MAX_BYTES = 200 * 1024 * 1024  # a 200 MB transcript is not a transcript


def module(name: str) -> ModuleType:
    """The module of format `name`; `FormatError` for an unknown name."""
    path = READERS.get(name) or WRITERS.get(name)
    if path is None:
        known = ", ".join(sorted(set(READERS) | set(WRITERS)))
        raise InputError(None, f"unknown format {name!r} (known: {known})")
    return importlib.import_module(path)


def sniff(text: str, path: str) -> str:
    """Name the format of `text`; `FormatError` when none or several fit equally."""
    scores = {name: module(name).sniff(text, path) for name in READERS}
    best = max(scores.values())
    if best <= 0:
        raise FormatError(path, "unknown format: not a transcript or caption file greenroom reads "
                                "(SRT, WebVTT, YouTube, JSON, labelled text, Markdown, HTML)")
    top = [name for name, score in scores.items() if score == best]
    if len(top) > 1:
        ext = Path(path).suffix.lower().lstrip(".")
        by_ext = [name for name in top if ext in getattr(module(name), "EXTENSIONS", ())]
        if len(by_ext) == 1:
            return by_ext[0]
        raise FormatError(path, f"ambiguous format: could be {' or '.join(top)}; pass --format")
    return top[0]


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """Read a file, turning OS errors into one-line `InputError`s."""
    name = os.fspath(path)
    try:
        if os.path.isdir(name):
            raise InputError(name, "is a directory, not a file")
        size = os.path.getsize(name)
        if size > MAX_BYTES:
            raise InputError(name, f"file too large ({size // (1024 * 1024)} MB; the limit is "
                                   f"{MAX_BYTES // (1024 * 1024)} MB)")
        with open(name, "rb") as handle:
            return handle.read()
    except OSError as err:
        raise InputError.from_os(name, err) from None


def parse(text: str, path: str = "<text>", format: str | None = None) -> Interview:
    """Read transcript text of `format` (sniffed when None) into an Interview."""
    return _parse(text, path, format)[1]


def _parse(text: str, path: str, format: str | None) -> tuple[str, Interview]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # CR-only files (old Mac editors) too
    name = format or sniff(text, path)
    if name not in READERS:
        raise InputError(path, f"greenroom cannot read format {name!r}")
    interview = module(name).read(text, path)
    limits.check_times(interview, path)
    if name != "json" or not interview.source.format:
        interview.source.format = name
    if not interview.language:  # captions and text rarely say; the analyzers read English, so ask the words
        interview.language = guess_language(interview.text)
    return name, interview


def load(path: str | os.PathLike[str], format: str | None = None) -> Interview:
    """Load any transcript or caption file into an Interview (source path and sha256 set).

    Native JSON keeps the source it records, so an exported interview re-imports as itself.
    """
    name = os.fspath(path)
    data = read_bytes(name)
    fmt, interview = _parse(decode(data, name), name, format)
    if fmt == "json" and interview.source.sha256:
        return interview
    interview.source.path = os.path.abspath(name)
    interview.source.sha256 = hashlib.sha256(data).hexdigest()
    if not interview.title:
        interview.title = Path(name).stem.replace("_", " ")
    return interview


CAPTIONS = ("srt", "vtt")  # the writers that take `marks`


def dump(interview: Interview, format: str, *, marks: bool = False) -> str:
    """Write an Interview as text in `format` (json, srt, vtt, md, txt).

    Captions (srt, vtt) are publishable unless `marks` keeps every mark for
    editors; the other formats always keep everything.
    """
    if format not in WRITERS:
        raise InputError(None, f"cannot export to {format!r} (choose from {', '.join(WRITERS)})")
    if format in CAPTIONS:
        return module(format).write(interview, marks=marks)
    return module(format).write(interview)


def save(interview: Interview, path: str | os.PathLike[str], format: str | None = None) -> Path:
    """Write an Interview to `path` atomically, format from `format` or the extension."""
    name = format or Path(path).suffix.lower().lstrip(".")
    return atomic.write_text(path, dump(interview, name))
