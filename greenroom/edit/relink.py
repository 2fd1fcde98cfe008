"""An interview's media file: finding it, and pointing the interview at it again
after it moved.

`media_of` is what every edit step that reads media calls first, so a moved file
is one clear line that says how to fix it. `relink` checks that a new path holds
the same media, by its sha256, or, when none was recorded, by its duration.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from greenroom.errors import InputError
from greenroom.model import Interview

DURATION_SLACK_MS = 1000


@dataclass(frozen=True)
class Relinked:
    """What `relink` did: the new absolute path, and how the file was recognised."""

    path: Path
    checked: str  # "sha256" or "duration"
    note: str = ""


def media_of(interview: Interview) -> Path:
    """The interview's media file; `InputError` when none is recorded or it is
    missing or moved (the message says how to relink it)."""
    fix = f"relink it with `greenroom relink {interview.id} NEWPATH`"
    recorded = interview.source.media_path
    if not recorded:
        raise InputError(interview.id, f"no media file recorded for this interview; {fix}")
    path = Path(recorded)
    if not path.is_file():
        raise InputError(recorded, f"media missing or moved; {fix}")
    return path


def relink(interview: Interview, new_path: str | os.PathLike[str]) -> Relinked:
    """Point `interview.source` at `new_path` once it is known to be the same media.

    The file's sha256 must equal `source.media_sha256`; when no checksum was
    recorded, its duration must match the interview's within 1 s, and its sha256
    is recorded from then on. Raises `InputError` naming both files when it is not
    the same media, or naming `new_path` when it cannot be read. Changes
    `interview` in place; the caller stores it.
    """
    from greenroom.media.audio import sha256_file

    path = Path(os.path.abspath(os.fspath(new_path)))
    digest = sha256_file(path)
    expected = interview.source.media_sha256
    if expected and digest != expected:
        raise InputError(path, f"not the media of {interview.id}: sha256 {digest[:12]}… differs from "
                               f"{expected[:12]}… recorded for {interview.source.media_path or 'its media'}")
    result = Relinked(path, "sha256") if expected else _by_duration(interview, path)
    _point_at(interview, path, digest)
    return result


def _by_duration(interview: Interview, path: Path) -> Relinked:
    """Accept a file when no checksum was recorded, if its length matches."""
    from greenroom import timecode
    from greenroom.media.probe import probe

    media_ms = probe(path).duration_ms
    expected = interview.source.duration or interview.duration
    if abs(media_ms - expected) > DURATION_SLACK_MS:
        raise InputError(path, f"not the media of {interview.id}: it lasts {media_ms / 1000:.1f} s, the "
                               f"interview {expected / 1000:.1f} s ({interview.source.media_path or 'no media recorded'})")
    note = (f"no checksum was recorded, so it was accepted because its length "
            f"({timecode.clock(media_ms)}) matches within 1 s; its sha256 is recorded now")
    return Relinked(path, "duration", note)


def _point_at(interview: Interview, path: Path, digest: str) -> None:
    source = interview.source
    if source.path and source.path == source.media_path:  # transcribed from this very file
        source.path = str(path)
    source.media_path = str(path)
    source.media_sha256 = digest
