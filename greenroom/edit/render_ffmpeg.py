"""Running ffmpeg for renders: progress, atomic outputs, loudness, keyframes.

`encode` writes to a temp file beside the target (`-f mp4`, since the temp name has no
extension ffmpeg knows) and `os.replace`s it only after ffmpeg succeeds; any failure
(ffmpeg's own, such as a full disk, or an interrupt) deletes the temp file and raises
`GreenroomError` naming the target and quoting ffmpeg's last error line. ffmpeg dies
with greenroom even when greenroom is SIGKILLed (`greenroom.children`), and a temp
file a killed run left is removed by the next write into its folder (`atomic.sweep`).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from greenroom.atomic import new_file_mode, temp_beside
from greenroom.children import tied
from greenroom.errors import GreenroomError
from greenroom.media.audio import last_error
from greenroom.media.probe import ffmpeg_url

FFMPEG = "ffmpeg"
FFPROBE = "ffprobe"
Tick = Callable[[int], None]  # output ms done so far
_OUT_TIME = re.compile(rb"^out_time_us=(\d+)", re.MULTILINE)
COPYABLE_VIDEO = ("h264", "hevc", "mpeg4", "av1")


@dataclass(frozen=True)
class Loudness:
    """What ffmpeg's `ebur128` measured: integrated loudness (LUFS) and sample peak (dBFS);
    `correction` (dB) is added to the gain when a limiter will take some loudness away."""

    integrated: float
    peak: float
    correction: float = 0.0


def encode(target: Path, args: list[str], tick: Tick | None = None, cwd: Path | None = None) -> Path:
    """Run `ffmpeg <args> -f mp4 <temp>` and move the temp file onto `target`."""
    fd, name = _temp_beside(target)
    os.close(fd)
    tmp = Path(name)
    try:
        run([*args, "-f", "mp4", "-y", str(tmp)], tick, cwd, target)
        os.chmod(tmp, new_file_mode())
        os.replace(tmp, target)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise GreenroomError(f"{target}: cannot write: {err.strerror or err}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def _temp_beside(target: Path) -> tuple[int, str]:
    try:
        return temp_beside(target)  # and sweeps temps left by killed runs
    except OSError as err:
        raise GreenroomError(f"{target}: cannot write: {err.strerror or err}") from None


def run(args: list[str], tick: Tick | None, cwd: Path | None, target: Path) -> None:
    """ffmpeg with `-progress pipe:1`, calling `tick(ms)` as output time advances."""
    command = [FFMPEG, "-nostdin", "-hide_banner", "-nostats", "-progress", "pipe:1", *args]
    with tempfile.TemporaryFile() as errors:
        proc = _start(command, errors, cwd)
        try:
            _follow(proc, tick)
            code = proc.wait()
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        if code != 0:
            errors.seek(0)
            raise GreenroomError(f"{target}: ffmpeg failed: {last_error(errors.read())}")


def _start(command: list[str], errors: IO[bytes], cwd: Path | None) -> subprocess.Popen[bytes]:
    try:
        return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, stdin=subprocess.DEVNULL,
                                cwd=cwd, **tied())
    except FileNotFoundError:
        raise GreenroomError("ffmpeg not found: install ffmpeg (apt-get install ffmpeg)") from None


def _follow(proc: subprocess.Popen[bytes], tick: Tick | None) -> None:
    assert proc.stdout is not None
    for line in proc.stdout:
        found = _OUT_TIME.match(line)
        if found and tick:
            tick(int(found.group(1)) // 1000)
    proc.stdout.close()


def measure(args: list[str], labels: list[str], target: Path, cwd: Path | None = None) -> list[Loudness]:
    """Run a graph whose outputs `labels` each end in `ebur128=peak=true`, and read each
    one's summary (in graph order: the filters are named `Parsed_ebur128_<position>`)."""
    command = [FFMPEG, "-nostdin", "-hide_banner", "-nostats", *args]
    for label in labels:
        command += ["-map", label, "-f", "null", "-"]
    try:
        done = subprocess.run(command, capture_output=True, stdin=subprocess.DEVNULL, cwd=cwd, check=False,
                              **tied())
    except FileNotFoundError:
        raise GreenroomError("ffmpeg not found: install ffmpeg (apt-get install ffmpeg)") from None
    if done.returncode != 0:
        raise GreenroomError(f"{target}: ffmpeg failed measuring loudness: {last_error(done.stderr)}")
    found = _summaries(done.stderr.decode("utf-8", "replace"))
    if len(found) != len(labels):
        raise GreenroomError(f"{target}: ffmpeg printed {len(found)} loudness measurements, not {len(labels)}")
    return found


_SUMMARY = re.compile(r"^\[Parsed_ebur128_(\d+) @ [^\]]+\] Summary:(.*?)(?=^\[|\Z)", re.DOTALL | re.MULTILINE)
_INTEGRATED = re.compile(r"I:\s+(-?[\d.]+) LUFS")
_PEAK = re.compile(r"Peak:\s+(-?[\d.]+|-inf) dBFS")


def _summaries(stderr: str) -> list[Loudness]:
    """Each ebur128's last summary (ffmpeg configures a graph twice and each instance of
    the first prints an empty one), in graph order."""
    last: dict[int, Loudness] = {}
    for position, block in _SUMMARY.findall(stderr):
        integrated, peak = _INTEGRATED.search(block), _PEAK.search(block)
        if integrated and peak:
            last[int(position)] = Loudness(float(integrated.group(1)), float(peak.group(1)))
    return [last[k] for k in sorted(last)]


def keyframes_near(path: str, times_ms: list[int], tolerance_ms: int) -> tuple[list[bool], str]:
    """For each time, whether the first video stream has a keyframe within `tolerance_ms`
    of it, and the stream's codec name. One ffprobe reading packets only (no decoding)
    around every time; an unreadable answer counts as "no keyframe"."""
    windows = ",".join(f"{max(t - 3000, 0) / 1000:.3f}%{(t + 1000) / 1000:.3f}" for t in times_ms)
    args = [FFPROBE, "-v", "error", "-select_streams", "v:0", "-read_intervals", windows,
            "-show_entries", "packet=pts_time,flags:stream=codec_name,start_time", "-of", "json",
            ffmpeg_url(path)]
    try:
        done = subprocess.run(args, capture_output=True, stdin=subprocess.DEVNULL, check=False, timeout=120)
        data = json.loads(done.stdout or b"{}")
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return [False] * len(times_ms), ""
    streams = data.get("streams") or [{}]
    origin = float(streams[0].get("start_time") or 0.0)
    keys = [(float(p["pts_time"]) - origin) * 1000 for p in data.get("packets", [])
            if "K" in p.get("flags", "") and p.get("pts_time") not in (None, "N/A")]
    found = [any(abs(k - t) <= tolerance_ms for k in keys) for t in times_ms]
    return found, str(streams[0].get("codec_name", ""))
