"""Where to crop a 16:9 picture for a 9:16 video: follow the face, calmly.

Frames are sampled at `SAMPLE_FPS` by ffmpeg (scaled to `SAMPLE_WIDTH` pixels, gray,
raw over a pipe) and OpenCV's Haar frontal-face cascade finds faces; the largest face
per frame is the subject. The track of face centres is filled across missed frames,
median-filtered (one false detection moves nothing), then followed with a dead zone
and exponential easing: the crop stays put while the face moves within the dead
zone and glides toward it otherwise, so the picture does not jitter.

A cut with no face at all is centre-cropped; the caller reports it.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from itertools import pairwise
from statistics import median

from greenroom.errors import GreenroomError, InputError
from greenroom.media.audio import last_error
from greenroom.media.probe import ffmpeg_url

FFMPEG = "ffmpeg"
SAMPLE_FPS = 2.0
SAMPLE_WIDTH = 480
MEDIAN_WINDOW = 5
DEAD_ZONE = 0.06  # of the source width: face moves smaller than this keep the crop still
EASING = 0.35  # share of the remaining distance the crop moves per sample
CASCADE = "haarcascade_frontalface_default.xml"


@dataclass(frozen=True)
class Track:
    """Crop centres (source pixels) at times (ms from the sampled range's start)."""

    times: list[int]
    centres: list[float]
    found: int  # frames where a face was seen

    @property
    def centre(self) -> float:
        return float(median(self.centres))


def face_centres(path: str, start_ms: int, end_ms: int, width: int, height: int) -> list[float | None]:
    """The largest face's centre x (source pixels) in each sampled frame, None where none."""
    import cv2

    small_w = SAMPLE_WIDTH if width > SAMPLE_WIDTH else width - width % 2
    small_h = max(2, round(small_w * height / width / 2) * 2)
    detector = cv2.CascadeClassifier(os.path.join(cv2.data.haarcascades, CASCADE))  # type: ignore[attr-defined]
    smallest = max(20, small_w // 24)
    centres: list[float | None] = []
    for frame in _frames(path, start_ms, end_ms, small_w, small_h):
        gray = cv2.equalizeHist(frame)
        faces = detector.detectMultiScale(gray, scaleFactor=1.1, minNeighbors=5, minSize=(smallest, smallest))
        if len(faces) == 0:
            centres.append(None)
            continue
        x, _, w, _ = max(faces, key=lambda f: int(f[2]) * int(f[3]))
        centres.append((float(x) + float(w) / 2) * width / small_w)
    return centres


def _frames(path: str, start_ms: int, end_ms: int, w: int, h: int):  # type: ignore[no-untyped-def]
    """Gray frames (numpy uint8 h×w) of `path` between the times, at SAMPLE_FPS."""
    import numpy as np

    args = [FFMPEG, "-nostdin", "-hide_banner", "-v", "error", "-ss", f"{start_ms / 1000:.3f}",
            "-t", f"{max(end_ms - start_ms, 1) / 1000:.3f}", "-i", ffmpeg_url(path), "-an", "-sn",
            "-vf", f"fps={SAMPLE_FPS},scale={w}:{h},format=gray", "-f", "rawvideo", "pipe:1"]
    try:
        done = subprocess.run(args, capture_output=True, stdin=subprocess.DEVNULL, check=False)
    except FileNotFoundError:
        raise GreenroomError("ffmpeg not found: install ffmpeg (apt-get install ffmpeg)") from None
    if done.returncode != 0:
        raise InputError(path, f"cannot decode video: {last_error(done.stderr)}")
    data = np.frombuffer(done.stdout, dtype=np.uint8)
    count = data.size // (w * h)
    return list(data[: count * w * h].reshape(count, h, w))


def follow(centres: list[float | None], width: int) -> Track | None:
    """The smoothed crop centre per sample; None when no sample saw a face."""
    found = sum(c is not None for c in centres)
    if not found:
        return None
    filled = _filled(centres)
    steady = _median_filtered(filled, MEDIAN_WINDOW)
    eased = _eased(steady, DEAD_ZONE * width, EASING)
    times = [round(i * 1000 / SAMPLE_FPS) for i in range(len(eased))]
    return Track(times, eased, found)


def _filled(values: list[float | None]) -> list[float]:
    """Missing samples take the nearest seen value (earlier on a tie)."""
    seen = [(i, v) for i, v in enumerate(values) if v is not None]
    return [v if v is not None else min(seen, key=lambda s: abs(s[0] - i))[1] for i, v in enumerate(values)]


def _median_filtered(values: list[float], window: int) -> list[float]:
    half = window // 2
    return [float(median(values[max(0, i - half): i + half + 1])) for i in range(len(values))]


def _eased(values: list[float], dead: float, easing: float) -> list[float]:
    """Hold still while the target stays within `dead` of the crop; else ease toward it."""
    position = float(median(values))
    if abs(values[0] - position) > dead:
        position = values[0]
    out = []
    moving = False
    for target in values:
        gap = target - position
        moving = abs(gap) > (dead / 4 if moving else dead)
        if moving:
            position += easing * gap
        out.append(position)
    return out


def crop_left(centre: float, crop_width: int, width: int) -> int:
    """The crop's left edge for a centre, kept inside the picture."""
    return int(min(max(round(centre - crop_width / 2), 0), width - crop_width))


def x_expression(track: Track | None, crop_width: int, width: int, shift_ms: int) -> str:
    """ffmpeg `crop` x as a function of the segment's time `t` (s): a constant when the
    crop never moves more than 2 px, else piecewise-linear between the samples.

    `shift_ms` is the source time of the segment's first frame minus the track's start.
    """
    if track is None:
        return str(crop_left(width / 2, crop_width, width))
    keys = _keys([(t - shift_ms, crop_left(c, crop_width, width)) for t, c in zip(track.times, track.centres)])
    if len(keys) == 1:
        return str(keys[0][1])
    expr = str(keys[-1][1])
    for (t0, x0), (t1, x1) in reversed(list(pairwise(keys))):
        ramp = f"{x0}+({x1 - x0})*(t-{t0 / 1000:.3f})/{(t1 - t0) / 1000:.3f}"
        expr = f"if(lt(t\\,{t1 / 1000:.3f})\\,{ramp}\\,{expr})"
    return f"if(lt(t\\,{keys[0][0] / 1000:.3f})\\,{keys[0][1]}\\,{expr})"


def _keys(points: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop samples a straight line through their neighbours already gives (±2 px)."""
    if max(x for _, x in points) - min(x for _, x in points) <= 2:
        return [points[0]]
    keys = [points[0]]
    for i in range(1, len(points) - 1):
        (t0, x0), (t1, x1), (t2, x2) = keys[-1], points[i], points[i + 1]
        if t2 == t0 or abs(x0 + (x2 - x0) * (t1 - t0) / (t2 - t0) - x1) > 2:
            keys.append(points[i])
    keys.append(points[-1])
    return keys
