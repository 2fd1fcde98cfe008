"""What is in a media file, asked of `ffprobe` (a subprocess: no PyAV needed).

Every failure a user can cause is an `InputError(path, problem)` with a short,
plain problem ("no such file", "has no audio stream"), so the CLI can print one
line; a missing ffprobe is a `GreenroomError` that says how to install it.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from typing import Any

from greenroom.errors import GreenroomError, InputError

FFPROBE = "ffprobe"
TIMEOUT_S = 120
UNREADABLE = "not an audio or video file ffmpeg can read"
NO_AUDIO = "has no audio stream"
EMPTY = "audio is empty (0 s)"


@dataclass(frozen=True)
class MediaInfo:
    """The facts capture needs about a media file; sizes and rates are None when absent."""

    path: str
    duration_ms: int
    has_audio: bool
    has_video: bool
    sample_rate: int | None = None
    channels: int | None = None
    audio_codec: str | None = None
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    format_name: str = ""


def readable(path: str | os.PathLike[str]) -> str:
    """The path as a string once it is known to be a readable file.

    Checked here, before any subprocess runs, so the user gets "no such file"
    rather than whatever ffmpeg says about it. Raises `InputError`.
    """
    name = os.fspath(path)
    try:
        with open(name, "rb"):
            pass
    except OSError as err:
        raise InputError.from_os(name, err) from None
    if os.path.isdir(name):
        raise InputError(name, "is a directory, not a file")
    return name


def ffmpeg_url(name: str) -> str:
    """`file:` + path, so names with a colon or a leading dash are never taken as
    protocols or options."""
    return "file:" + name


def probe(path: str | os.PathLike[str]) -> MediaInfo:
    """Describe `path`; raise `InputError` when it is not media ffmpeg can read, or
    when it is audio-only and empty. A video without sound is valid (see `probe_audio`)."""
    name = readable(path)
    info = _info(name, _ffprobe(name))
    if not (info.has_audio or info.has_video):
        raise InputError(name, UNREADABLE)
    if info.has_audio and not info.has_video and info.duration_ms <= 0:
        raise InputError(name, EMPTY)
    return info


def probe_audio(path: str | os.PathLike[str]) -> MediaInfo:
    """`probe`, and also raise `InputError` when the file has no sound to transcribe."""
    info = probe(path)
    if not info.has_audio:
        raise InputError(info.path, NO_AUDIO)
    if info.duration_ms <= 0:
        raise InputError(info.path, EMPTY)
    return info


def _ffprobe(name: str) -> dict[str, Any]:
    """ffprobe's JSON for `name`; `InputError` when ffprobe cannot read it."""
    args = [FFPROBE, "-v", "error", "-print_format", "json", "-show_format", "-show_streams",
            ffmpeg_url(name)]
    try:
        done = subprocess.run(args, check=False, capture_output=True, timeout=TIMEOUT_S, stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        raise GreenroomError("ffprobe not found: install ffmpeg (apt-get install ffmpeg)") from None
    except subprocess.TimeoutExpired:
        raise InputError(name, f"ffprobe gave up after {TIMEOUT_S} s") from None
    if done.returncode != 0:
        raise InputError(name, UNREADABLE)
    try:
        data = json.loads(done.stdout or b"{}")
    except ValueError:
        raise InputError(name, UNREADABLE) from None
    return data if isinstance(data, dict) else {}


def _info(name: str, data: dict[str, Any]) -> MediaInfo:
    streams = [s for s in data.get("streams", []) if isinstance(s, dict)]
    fmt: dict[str, Any] = data["format"] if isinstance(data.get("format"), dict) else {}
    audio = next((s for s in streams if s.get("codec_type") == "audio"), None)
    video = next((s for s in streams if _is_picture(s)), None)
    return MediaInfo(
        path=name,
        duration_ms=_duration_ms(fmt, streams),
        has_audio=audio is not None,
        has_video=video is not None,
        sample_rate=_int(audio, "sample_rate"),
        channels=_int(audio, "channels"),
        audio_codec=audio.get("codec_name") if audio else None,
        width=_int(video, "width"),
        height=_int(video, "height"),
        fps=_fps(video),
        format_name=str(fmt.get("format_name", "")),
    )


def _is_picture(stream: dict[str, Any]) -> bool:
    """A real video stream: cover art in an MP3 or M4A is a one-frame 'video' we ignore."""
    disposition = stream.get("disposition") or {}
    return stream.get("codec_type") == "video" and not disposition.get("attached_pic")


def _duration_ms(fmt: dict[str, Any], streams: list[dict[str, Any]]) -> int:
    """The container's duration, else the longest stream's; 0 when nobody knows."""
    seconds = _float(fmt.get("duration"))
    if seconds is not None and seconds > 0:
        return round(seconds * 1000)
    longest = max((_float(s.get("duration")) or 0.0 for s in streams), default=0.0)
    return round(longest * 1000)


def _fps(video: dict[str, Any] | None) -> float | None:
    """Frames per second from `avg_frame_rate` ("30000/1001"), else `r_frame_rate`."""
    if video is None:
        return None
    for key in ("avg_frame_rate", "r_frame_rate"):
        num, _, den = str(video.get(key, "")).partition("/")
        try:
            rate = float(num) / float(den or 1)
        except (ValueError, ZeroDivisionError):
            continue
        if rate > 0:
            return round(rate, 3)
    return None


def _int(stream: dict[str, Any] | None, key: str) -> int | None:
    try:
        return int(stream[key]) if stream and stream.get(key) not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _float(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
