"""Atomic file outputs: a temp file in the same folder, fsync, then `os.replace`.

A crash or a full disk leaves either the old file or the new one, never half.
The file gets the mode any new file would (0666 less the umask: 0644 as a rule),
not the temp file's private 0600: a report or a reel is for colleagues and web
servers to read; a file that was already there keeps its own mode.

Outputs are regular files only. A path that is a directory, a device
(`/dev/null`), a FIFO or a socket is refused with `InputError`: renaming a temp
file over it would replace the device or pipe itself. A symlink is followed: the
file it points to is replaced (atomically, in that file's folder) and the link
stays a link, as `>` in a shell would leave it. `/dev/stdout` is such a link to a
pipe or terminal, so it is refused; `-o -` is how the CLI writes to stdout.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from greenroom.errors import GreenroomError, InputError


def write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write `data` to `path` atomically and return `path`; `InputError` when `path` is
    not a regular file (or a link to one, or nothing yet), `GreenroomError` naming the
    path when the write fails."""
    given = Path(path)
    target, mode = _destination(given)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise GreenroomError(f"{given}: cannot write: {err.strerror or err}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise GreenroomError(f"{given}: cannot write: {err.strerror or err}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return given


def _destination(path: Path) -> tuple[Path, int]:
    """The file to replace (a symlink's target, resolved) and the mode to give it."""
    try:
        info = os.stat(path)  # follows links
    except FileNotFoundError:
        info = None
    except OSError as err:
        raise InputError(path, f"cannot write: {err.strerror or err}") from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise InputError(path, f"{_kind(info.st_mode)}, not a regular file: outputs are written only to "
                               "files (use '-o -' for standard output)")
    target = Path(os.path.realpath(path)) if os.path.islink(path) else path
    mode = stat.S_IMODE(info.st_mode) if info is not None else new_file_mode()
    return target, mode


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a directory"
    if stat.S_ISFIFO(mode):
        return "is a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "is a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device"
    return "is a special file"


def inside(root: str | os.PathLike[str], *parts: str) -> Path:
    """`root / parts...`, checked to lie inside `root` once both are resolved (`..`,
    absolute parts and symlinks pointing out all fail); `GreenroomError` otherwise.
    Every output path built from something an input gave (an id, a name) goes
    through this."""
    base = Path(root)
    candidate = base.joinpath(*parts)
    resolved, real_root = Path(os.path.realpath(candidate)), Path(os.path.realpath(base))
    if resolved != real_root and real_root not in resolved.parents:
        shown = os.path.join(*parts) if parts else ""
        raise GreenroomError(f"{base}: refusing to write {shown!r}: it would land outside {base}")
    return candidate


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
