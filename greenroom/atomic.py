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

Temp files are named `.<name>.gr<pid>.<random>.tmp`. A process killed mid-write
(SIGKILL, power loss) leaves one behind; the next write into that folder removes
every such file whose process is gone (or untouched for a day), and only those:
see `sweep`. Scratch folders (`scratch_folder`) are swept the same way.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import stat
import tempfile
import time
from pathlib import Path

from greenroom.errors import GreenroomError, InputError

log = logging.getLogger(__name__)

# Ours: `.<name>.gr<pid>.<8 random>.tmp`; before pids were named, `.<name>.<8 random>.tmp`.
_TEMP = re.compile(r"^\..+\.gr(\d+)\.[a-z0-9_]{8}\.tmp$")
_UNNAMED_TEMP = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")
_SCRATCH = re.compile(r"^\.?greenroom-[a-z]+-(\d+)-[a-z0-9_]{8}$")
UNNAMED_AGE_S = 600  # an old-style temp (no pid) untouched this long is a leftover
STALE_AGE_S = 86_400  # any temp of ours untouched for a day is (a reused pid guards nothing)


def write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write `data` to `path` atomically and return `path`; `InputError` when `path` is
    not a regular file (or a link to one, or nothing yet), `GreenroomError` naming the
    path when the write fails."""
    given = Path(path)
    target, mode = _destination(given)
    try:
        fd, tmp = temp_beside(target)
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


def temp_beside(target: Path) -> tuple[int, str]:
    """A new temp file (fd, name) in `target`'s folder, made if missing, named for this
    process; leftovers of dead processes in that folder are swept first. `OSError`
    when the folder cannot be made or written."""
    folder = target.parent if str(target.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    sweep(folder)
    return tempfile.mkstemp(prefix=f".{target.name}.gr{os.getpid()}.", suffix=".tmp", dir=folder)


def sweep(folder: str | os.PathLike[str]) -> list[Path]:
    """Remove greenroom temp files in `folder` left by a process that is gone (its pid
    in the name no longer runs), or untouched for `STALE_AGE_S`; old-style temps
    without a pid after `UNNAMED_AGE_S`. Only regular files with our names; never
    raises. Returns what was removed."""
    removed = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith(".") and entry.name.endswith(".tmp") and _stale_temp(entry):
                    try:
                        os.unlink(entry.path)
                    except OSError:
                        continue
                    removed.append(Path(entry.path))
    except OSError:
        return removed
    if removed:
        log.info("removed %d temp file(s) left by stopped runs in %s", len(removed), folder)
    return removed


def _stale_temp(entry: os.DirEntry[str]) -> bool:
    try:
        if not entry.is_file(follow_symlinks=False):
            return False
        age = time.time() - entry.stat(follow_symlinks=False).st_mtime
    except OSError:
        return False
    found = _TEMP.match(entry.name)
    if found:
        return age > STALE_AGE_S or not _running(int(found.group(1)))
    return bool(_UNNAMED_TEMP.match(entry.name)) and age > UNNAMED_AGE_S


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # someone else's process (or no pid we can ask about): leave it
    return True


def scratch_folder(kind: str = "scratch") -> tempfile.TemporaryDirectory[str]:
    """A private scratch folder in the system temp folder (removed on exit from the
    `with`), named `greenroom-<kind>-<pid>-<random>`; scratch folders of processes
    that are gone are removed first. `kind` is lowercase letters ("render")."""
    base = tempfile.gettempdir()
    sweep_scratch(base)
    return tempfile.TemporaryDirectory(prefix=scratch_prefix(kind), dir=base)


def scratch_prefix(kind: str, hidden: bool = False) -> str:
    """The name a scratch folder of this process starts with (for `mkdtemp`)."""
    return f"{'.' if hidden else ''}greenroom-{kind}-{os.getpid()}-"


def sweep_scratch(base: str | os.PathLike[str]) -> None:
    """Remove scratch folders in `base` (named by `scratch_prefix`) whose process is
    gone; never raises."""
    try:
        with os.scandir(base) as entries:
            for entry in entries:
                found = _SCRATCH.match(entry.name)
                if found and entry.is_dir(follow_symlinks=False) and not _running(int(found.group(1))):
                    shutil.rmtree(entry.path, ignore_errors=True)
    except OSError:
        pass


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
