"""The ffmpeg command lines a render runs, built from a timeline `Plan`.

Every cut is its own input (`-ss` before `-i`: a fast seek to the keyframe before the
cut, then decoding only from there), opened a little early (`PREROLL_MS`) and trimmed
exactly in the filter graph: audio by sample (`atrim`), video by whole source frames
(`trim` on the frame windows of `render_plan.frame_windows`). Audio joins with
`acrossfade`; picture with a hard cut mid-crossfade (`concat`). Filenames of captions
and title cards are relative: ffmpeg runs inside the render's scratch folder, so no
user path ever needs filter-graph escaping.
"""

from __future__ import annotations

from dataclasses import dataclass

from greenroom.edit.render_ffmpeg import Loudness
from greenroom.edit.render_plan import FrameWindow, Plan
from greenroom.media.probe import ffmpeg_url

PREROLL_MS = 100  # each input opens this early, so frames rounded before the cut exist
TAIL_MS = 100
AUDIO_RATE = 48000
CEILING = -1.5  # dBFS sample peak after the gain (about -1 dBTP, the usual delivery spec)
MAX_GAIN_DB = 30.0
SILENT_LUFS = -69.0  # ebur128's "nothing above the gate"


@dataclass(frozen=True)
class Encoder:
    """x264 + AAC settings shared by every re-encoded output (and the bench's floor).
    ffmpeg's AAC `fast` coder: half the time of its default (two-loop) and no audible
    difference for speech at this rate; AAC was a sixth of a clip's render time."""

    preset: str = "veryfast"
    crf: int = 21
    audio_bitrate: str = "160k"

    def video(self) -> list[str]:
        return ["-c:v", "libx264", "-preset", self.preset, "-crf", str(self.crf), "-pix_fmt", "yuv420p"]

    def audio(self) -> list[str]:
        return ["-c:a", "aac", "-aac_coder", "fast", "-b:a", self.audio_bitrate, "-ar", str(AUDIO_RATE)]

    def container(self) -> list[str]:
        return ["-movflags", "+faststart"]


@dataclass(frozen=True)
class Bleeps:
    """Spans of source time (ms) to hide, and how: "tone" (a 1 kHz beep) or "silence"."""

    spans: tuple[tuple[int, int], ...]
    mode: str = "tone"

    def filter(self, start: int, end: int, layout: str) -> str:
        """The filter (with its leading comma) hiding the spans inside one cut, on the
        cut's own clock (it starts at 0 after `asetpts`); "" when none falls inside."""
        local = [(max(a, start) - start, min(b, end) - start) for a, b in self.spans if a < end and start < b]
        if not local:
            return ""
        when = "+".join(f"between(t,{a / 1000:.3f},{b / 1000:.3f})" for a, b in local)
        if self.mode == "silence":
            return f",volume=volume=0:enable='{when}'"
        channels = 1 if layout == "mono" else 2
        exprs = "|".join(f"if({when},{TONE_LEVEL}*sin(2*PI*{TONE_HZ}*t),val({c}))" for c in range(channels))
        return f",aeval=exprs='{exprs}':channel_layout={layout},{audio_format(layout)}"  # aeval works in doubles


def audio_format(layout: str) -> str:
    return f"aformat=sample_fmts=fltp:sample_rates={AUDIO_RATE}:channel_layouts={layout}"


TONE_HZ = 1000  # the broadcast bleep
TONE_LEVEL = 0.2  # about -14 dBFS: plainly a bleep, not louder than the speech around it


def seeks(timeline: Plan, preroll_ms: int = PREROLL_MS) -> list[int]:
    """Where each segment's input opens (ms of source time)."""
    return [max(0, s.cut.start - preroll_ms) for s in timeline.segments]


def inputs(media: str, timeline: Plan, opened: list[int], audio_only: bool = False) -> list[str]:
    args: list[str] = []
    for seg, seek in zip(timeline.segments, opened):
        args += ["-ss", f"{seek / 1000:.3f}", "-t", f"{(seg.cut.end - seek + TAIL_MS) / 1000:.3f}"]
        args += ["-vn"] if audio_only else []
        args += ["-i", ffmpeg_url(media)]
    return args


def audio_chain(timeline: Plan, opened: list[int], layout: str = "stereo", first: int = 0,
                tag: str = "", bleeps: Bleeps | None = None) -> list[str]:
    """Statements ending in `[{tag}mix]`: each cut trimmed to the sample, then crossfaded,
    as 48 kHz `layout` ("mono" stays mono: AAC encodes it in half the time of stereo).
    The cuts are inputs `first`, `first + 1`, ...; `tag` keeps several outputs' labels apart.
    `bleeps` hides spans of source time (the privacy policy's) under a tone or silence."""
    parts = []
    for i, (seg, seek) in enumerate(zip(timeline.segments, opened)):
        hide = bleeps.filter(seg.cut.start, seg.cut.end, layout) if bleeps else ""
        parts.append(f"[{first + i}:a:0]atrim=start={(seg.cut.start - seek) / 1000:.3f}"
                     f":duration={seg.length / 1000:.3f},asetpts=PTS-STARTPTS,{audio_format(layout)}{hide}[{tag}a{i}]")
    last = f"{tag}a0"
    for i in range(1, len(timeline.segments)):
        parts.append(f"[{last}][{tag}a{i}]acrossfade=d={timeline.crossfade / 1000:.3f}:c1=tri:c2=tri[{tag}x{i}]")
        last = f"{tag}x{i}"
    parts.append(f"[{last}]anull[{tag}mix]")
    return parts


def loudness_filter(target: float | None, measured: Loudness | None) -> str:
    """One gain to reach `target` LUFS, then, only where that gain would push the peaks
    past `CEILING`, a look-ahead limiter at it; `anull` without a target.

    One gain keeps speech's dynamics (no pumping); the limiter touches only peaks, so the
    integrated loudness stays within a few tenths of the target unless the audio is very
    peaky (many dB of gain into loud transients). Silence gets no gain. The ceiling is on
    sample peaks, 0.5 dB under −1 dBTP to leave room for peaks between samples."""
    if target is None or measured is None or measured.integrated <= SILENT_LUFS:
        return "anull"
    gain = max(-MAX_GAIN_DB, min(MAX_GAIN_DB, target - measured.integrated))
    chain = f"volume={gain + measured.correction:.2f}dB"
    if measured.peak + gain > CEILING:
        chain += f",alimiter=limit={10 ** (CEILING / 20):.4f}:attack=5:release=50:level=disabled"
    return chain


def measuring_filter() -> str:
    """ebur128 with sample peaks (true peaks cost twice the time): what `measure` reads."""
    return "ebur128=peak=sample:framelog=verbose"


def video_chain(timeline: Plan, opened: list[int], windows: list[FrameWindow], fps: float,
                per_segment: list[str]) -> list[str]:
    """Statements ending in `[cat]`: each cut's frame window, its own filters
    (`per_segment[i]`, e.g. a crop and scale; "" for none), then joined."""
    parts, names = [], []
    for i, (seek, window, extra) in enumerate(zip(opened, windows, per_segment)):
        start = max(window.first / fps - seek / 1000 - 0.5 / fps, 0.0)
        end = start + window.count / fps
        chain = f"[{i}:v:0]trim=start={start:.4f}:end={end:.4f},setpts=PTS-STARTPTS"
        parts.append(chain + (f",{extra}" if extra else "") + f"[v{i}]")
        names.append(f"[v{i}]")
    if len(names) == 1:
        parts.append(f"{names[0]}null[cat]")
    else:
        parts.append(f"{''.join(names)}concat=n={len(names)}:v=1:a=0[cat]")
    return parts


def finish_video(source: str, captions: str | None) -> str:
    """The last video statement: burn the captions (libass) and settle the pixel format."""
    burn = f"subtitles=f={captions}," if captions else ""
    return f"[{source}]{burn}format=yuv420p,setsar=1[v]"


def graph(parts: list[str]) -> list[str]:
    return ["-filter_complex", ";".join(parts)]
