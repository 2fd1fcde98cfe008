"""Atomic file outputs: a temp file in the same folder, fsync, then `os.replace`.

A crash or a full disk leaves either the old file or the new one, never half.
The file gets the mode any new file would (0666 less the umask: 0644 as a rule),
not the temp file's private 0600: a report or a reel is for colleagues and web
servers to read."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from greenroom.errors import GreenroomError


def write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write `data` to `path` atomically; raise `GreenroomError` naming the path on failure."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise GreenroomError(f"{target}: cannot write: {err.strerror or err}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), new_file_mode())
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise GreenroomError(f"{target}: cannot write: {err.strerror or err}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def new_file_mode() -> int:
    """0666 less the process's umask: the mode `open()` would give a new file."""
    try:
        status = Path("/proc/self/status").read_text()
        return 0o666 & ~int(next(x.split()[1] for x in status.splitlines() if x.startswith("Umask:")), 8)
    except (OSError, StopIteration, ValueError, IndexError):
        mask = os.umask(0o022)  # the portable way to read it is to set it, so put it back at once
        os.umask(mask)
        return 0o666 & ~mask


def write_text(path: str | os.PathLike[str], text: str) -> Path:
    return write_bytes(path, text.encode("utf-8"))
