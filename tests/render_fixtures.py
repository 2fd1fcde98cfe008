"""Media made at test time for the render tests: a synthetic face, a test-pattern video
with the face at a known place and the sample's speech as its sound, hand-made cut
lists on word boundaries, and ffprobe/ffmpeg measurements of what was rendered."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from greenroom.model import Cut, Highlights, Interview


def face_png(path: Path, width: int) -> Path:
    """A shaded cartoon face (hair, skin, brows, dark eyes, nose shadow, mouth) that
    OpenCV's Haar frontal-face cascade detects; transparent around it."""
    from PIL import Image, ImageDraw, ImageFilter

    w, h = width, round(width * 1.3)
    img = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.ellipse((0, 0, w, h * 0.75), fill=(60, 40, 25, 255))
    d.ellipse((w * 0.08, h * 0.12, w * 0.92, h * 0.98), fill=(225, 180, 150, 255))
    for left in (0.2, 0.58):
        d.rectangle((w * left, h * 0.36, w * (left + 0.22), h * 0.40), fill=(50, 35, 25, 255))
        d.ellipse((w * left, h * 0.42, w * (left + 0.22), h * 0.52), fill=(120, 85, 70, 255))
        d.ellipse((w * (left + 0.06), h * 0.44, w * (left + 0.16), h * 0.50), fill=(30, 20, 15, 255))
    d.polygon([(w * 0.5, h * 0.5), (w * 0.44, h * 0.68), (w * 0.56, h * 0.68)], fill=(195, 150, 125, 255))
    d.ellipse((w * 0.34, h * 0.76, w * 0.66, h * 0.84), fill=(140, 60, 60, 255))
    img.filter(ImageFilter.GaussianBlur(max(width / 60, 1))).save(path)
    return path


def make_video(path: Path, audio: Path, size: tuple[int, int], fps: int, until_ms: int,
               face: Path | None = None, face_x: int = 0, keyframes_at: list[int] = ()) -> Path:  # type: ignore[assignment]
    """testsrc2 at `size`/`fps` for `until_ms`, the face overlaid at `face_x` (its left
    edge) and vertically centred, muxed with `audio`. Keyframes only every 10 s, plus
    at `keyframes_at` (ms) where asked, so tests control when a stream copy is possible."""
    width, height = size
    args = ["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi",
            "-i", f"testsrc2=s={width}x{height}:r={fps}:d={until_ms / 1000:.3f}"]
    if face:
        args += ["-i", str(face)]
    args += ["-i", str(audio)]
    vf = f"[0:v][1:v]overlay=x={face_x}:y=(H-h)/2,format=yuv420p[v]" if face else "[0:v]format=yuv420p[v]"
    forced = ",".join(f"{t / 1000:.3f}" for t in keyframes_at) or "0"
    args += ["-filter_complex", vf, "-map", "[v]", "-map", f"{2 if face else 1}:a",
             "-c:v", "libx264", "-preset", "ultrafast", "-g", str(fps * 10), "-sc_threshold", "0",
             "-force_key_frames", forced, "-c:a", "aac", "-b:a", "128k", "-t", f"{until_ms / 1000:.3f}", str(path)]
    subprocess.run(args, check=True)
    return path


def cuts_near(interview: Interview, starts: list[int], length_ms: int = 5000,
              kinds: tuple[str, ...] = ("candid", "anecdote", "craft")) -> Highlights:
    """A cut per start: from the first word at or after it, up to the last word
    ending within `length_ms` (cut on word boundaries, like the real chooser)."""
    words = sorted((w for u in interview.utterances for w in u.words), key=lambda w: w.start)
    cuts = []
    for i, at in enumerate(starts):
        first = next(w for w in words if w.start >= at)
        inside = [w for w in words if w.start >= first.start and w.end <= first.start + length_ms]
        text = " ".join(w.text for w in inside)
        cuts.append(Cut(f"c{i + 1}", first.start, inside[-1].end, kind=kinds[i % len(kinds)], text=text))
    return Highlights(budget=sum(c.end - c.start for c in cuts), cuts=cuts)


def probe(path: Path) -> dict:  # type: ignore[type-arg]
    done = subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams",
                           str(path)], capture_output=True, check=True)
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def duration_ms(path: Path) -> int:
    return round(float(probe(path)["format"]["duration"]) * 1000)


def stream_durations_ms(path: Path) -> dict[str, int]:
    """Each stream's own duration ({"video": ms, "audio": ms}): the container's is only the longest."""
    return {s["codec_type"]: round(float(s["duration"]) * 1000) for s in probe(path)["streams"]}


def video_size(path: Path) -> tuple[int, int]:
    video = next(s for s in probe(path)["streams"] if s["codec_type"] == "video")
    return int(video["width"]), int(video["height"])


def integrated_lufs(path: Path) -> float:
    """Integrated loudness as ffmpeg's ebur128 filter reports it."""
    done = subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-i", str(path), "-map", "0:a",
                           "-af", "ebur128", "-f", "null", "-"], capture_output=True, text=True, check=True)
    summary = done.stderr[done.stderr.rfind("Summary:"):]
    return float(re.search(r"I:\s+(-?[\d.]+) LUFS", summary).group(1))  # type: ignore[union-attr]


def frame(path: Path, at_ms: int, out: Path):  # type: ignore[no-untyped-def]
    """The frame at `at_ms` as an RGB numpy array (also saved to `out` as PNG)."""
    import numpy as np
    from PIL import Image

    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-ss", f"{at_ms / 1000:.3f}", "-i", str(path),
                    "-frames:v", "1", str(out)], check=True)
    return np.asarray(Image.open(out).convert("RGB")).astype(int)
