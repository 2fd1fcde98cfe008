"""What an imported interview may hold: times finite, non-negative and plausible.

`MAX_TIME_MS` (48 hours) bounds every time a transcript or caption file gives;
no interview runs longer, and a cue at hour 2,000,000,000,000 is a broken or
hostile file, not a recording (it would overflow SQLite's 64-bit integers and
stall anything that draws a timeline). A file that records the duration of its
media (native JSON from `transcribe`) may go as far as that duration, up to
`MAX_MEDIA_MS` (one week). File size is bounded by `formats.MAX_BYTES` and JSON
by `jsontext`'s limits.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from greenroom import timecode
from greenroom.errors import FormatError
from greenroom.model import Interview, Record

MAX_TIME_MS = 48 * 3_600_000
MAX_MEDIA_MS = 7 * 24 * 3_600_000
_TIME_FIELDS = ("start", "end")


def time_limit(interview: Interview) -> int:
    """The latest time `interview` may hold: 48 hours, or its media's stated duration."""
    media = interview.source.duration
    if isinstance(media, int) and not isinstance(media, bool) and MAX_TIME_MS < media <= MAX_MEDIA_MS:
        return media
    return MAX_TIME_MS


def check_times(interview: Interview, path: str) -> None:
    """Raise `FormatError` naming the first time that is negative or past `time_limit`."""
    media = interview.source.duration
    if media is not None and not 0 <= media <= MAX_MEDIA_MS:
        raise FormatError(path, f"source duration {media} ms is out of range (0 to {MAX_MEDIA_MS} ms)")
    limit = time_limit(interview)
    for where, value in _times(interview, "interview"):
        if not 0 <= value <= limit:
            raise FormatError(path, f"{where} = {value} ms is out of range: times must lie between 0 and "
                                    f"{timecode.clock(limit)} ({limit // 3_600_000} hours)")


def _times(record: Record, where: str) -> Any:
    """(where, value) for every integer start/end in `record` and the records under it."""
    times, nested = _fields(type(record))
    for name in times:
        value = getattr(record, name)
        if isinstance(value, int) and not isinstance(value, bool):
            yield f"{where}.{name}", value
    for name in nested:
        value = getattr(record, name)
        if isinstance(value, Record):
            yield from _times(value, f"{where}.{name}")
        elif isinstance(value, list) and value and isinstance(value[0], Record):
            for i, item in enumerate(value):
                if isinstance(item, Record):
                    yield from _times(item, f"{where}.{name}[{i}]")


_FIELDS: dict[type, tuple[tuple[str, ...], tuple[str, ...]]] = {}


def _fields(cls: type) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A record class's time fields, and the fields that may hold records."""
    if cls not in _FIELDS:
        names = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
        _FIELDS[cls] = (tuple(n for n in names if n in _TIME_FIELDS),
                        tuple(n for n in names if n not in _TIME_FIELDS))
    return _FIELDS[cls]
