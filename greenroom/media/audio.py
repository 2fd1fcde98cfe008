"""Audio as numbers: float32 mono at 16 kHz, the rate speech models expect.

Decoding runs an `ffmpeg` subprocess writing raw `f32le` to a pipe, so every
container and codec ffmpeg knows works, and `stream` can read long recordings
chunk by chunk with bounded memory. ffmpeg runs with `-xerror`: corrupt data
mid-file is an `InputError` naming the file and ffmpeg's own words, not
silently skipped audio that would shift every later timestamp.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import tempfile
from collections.abc import Generator, Iterator
from typing import IO

import numpy as np

from greenroom.errors import GreenroomError, InputError
from greenroom.media.probe import EMPTY, ffmpeg_url, probe_audio, readable

SAMPLE_RATE = 16000
SAMPLES_PER_MS = SAMPLE_RATE // 1000
BYTES_PER_SAMPLE = 4  # float32
HASH_BLOCK = 1 << 20
FFMPEG = "ffmpeg"
_ADDRESS = re.compile(r"^\[(\S+) @ 0x[0-9a-f]+\]\s*")
_GENERIC = ("conversion failed", "exiting normally", "error while decoding stream")


def decode(path: str | os.PathLike[str], start_ms: int = 0, duration_ms: int | None = None) -> np.ndarray:
    """Samples of `path` from `start_ms` for `duration_ms` (to the end when None).

    Raises `InputError` for unreadable files, files without an audio stream, empty or
    corrupt files, and `GreenroomError` when ffmpeg is not installed.
    """
    name = readable(path)
    done = _run(_args(name, start_ms, duration_ms))
    if done.returncode != 0:
        _fail(name, done.stderr)
    samples = np.frombuffer(bytearray(done.stdout), dtype="<f4")
    if duration_ms is not None:
        samples = samples[: duration_ms * SAMPLES_PER_MS]
    if samples.size == 0 and start_ms <= 0:
        probe_audio(name)
        raise InputError(name, EMPTY)
    return samples.astype(np.float32, copy=False)


def stream(
    path: str | os.PathLike[str], chunk_ms: int = 30_000
) -> Generator[tuple[int, np.ndarray], None, None]:
    """Yield `(start_ms, samples)` chunks of `chunk_ms` (the last may be shorter).

    Only one chunk is held at a time, so hours of audio cost a few megabytes.
    A decoding error is raised when reached, after the chunks before it; closing
    the generator early stops ffmpeg.
    """
    if chunk_ms <= 0:
        raise ValueError(f"chunk_ms must be positive, got {chunk_ms}")
    name = readable(path)
    with tempfile.TemporaryFile() as errors:
        proc = _start(_args(name, 0, None), errors)
        try:
            yield from _chunks(proc, chunk_ms, name)
            if proc.wait() != 0:
                errors.seek(0)
                _fail(name, errors.read())
        finally:
            _stop(proc)


def sha256_file(path: str | os.PathLike[str]) -> str:
    """Hex sha256 of a file read in 1 MiB blocks (media can be gigabytes)."""
    name = readable(path)
    digest = hashlib.sha256()
    try:
        with open(name, "rb") as handle:
            while block := handle.read(HASH_BLOCK):
                digest.update(block)
    except OSError as err:
        raise InputError(name, f"cannot read: {err.strerror or err}") from None
    return digest.hexdigest()


def _chunks(proc: subprocess.Popen[bytes], chunk_ms: int, name: str) -> Iterator[tuple[int, np.ndarray]]:
    assert proc.stdout is not None
    size = chunk_ms * SAMPLES_PER_MS * BYTES_PER_SAMPLE
    start_ms = 0
    while True:
        block = _read_block(proc.stdout, size)
        if not block:
            break
        yield start_ms, np.frombuffer(block, dtype="<f4").astype(np.float32, copy=False)
        start_ms += chunk_ms
    if start_ms == 0 and proc.wait() == 0:
        probe_audio(name)
        raise InputError(name, EMPTY)


def _read_block(pipe: IO[bytes], size: int) -> bytearray:
    """Exactly `size` bytes from a pipe, fewer only at its end (whole samples only)."""
    buffer = bytearray(size)
    view = memoryview(buffer)
    got = 0
    while got < size:
        count = pipe.readinto(view[got:])  # type: ignore[attr-defined]
        if not count:
            break
        got += count
    view.release()
    del buffer[got - got % BYTES_PER_SAMPLE:]
    return buffer


def _args(name: str, start_ms: int, duration_ms: int | None) -> list[str]:
    args = [FFMPEG, "-nostdin", "-hide_banner", "-v", "error", "-xerror"]
    if start_ms > 0:
        args += ["-ss", f"{start_ms / 1000:.3f}"]
    args += ["-i", ffmpeg_url(name)]
    if duration_ms is not None:
        args += ["-t", f"{max(duration_ms, 0) / 1000:.3f}"]
    return args + ["-map", "0:a:0", "-vn", "-sn", "-dn", "-ac", "1", "-ar", str(SAMPLE_RATE),
                   "-f", "f32le", "-"]


def _run(args: list[str]) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(args, check=False, capture_output=True, stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        raise _missing() from None


def _start(args: list[str], errors: IO[bytes]) -> subprocess.Popen[bytes]:
    try:
        return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=errors, stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        raise _missing() from None


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Kill ffmpeg if the reader stopped early, and reap it either way."""
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    if proc.stdout is not None:
        proc.stdout.close()


def _missing() -> GreenroomError:
    return GreenroomError("ffmpeg not found: install ffmpeg (apt-get install ffmpeg)")


def _fail(name: str, stderr: bytes) -> None:
    """Raise the most specific `InputError`: what probing finds wrong, else ffmpeg's words."""
    probe_audio(name)
    raise InputError(name, f"cannot decode audio: {last_error(stderr)}")


def last_error(stderr: bytes) -> str:
    """ffmpeg's last meaningful stderr line, without the `@ 0x…` address, at most 200 chars."""
    lines = [line.strip() for line in stderr.decode("utf-8", "replace").splitlines()]
    useful = [line for line in lines if line and not line.lower().startswith(_GENERIC)]
    line = (useful or [line for line in lines if line] or ["ffmpeg failed"])[-1]
    line = _ADDRESS.sub(lambda m: f"{m.group(1)}: ", line)
    return line[:200]
