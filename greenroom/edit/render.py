"""Render a cut list into social video: clips, a reel, vertical cuts, audiograms.

`render(interview, highlights, out_dir, options)` writes, into `out_dir`:

- `clip-01-<kind>.mp4` … one per cut (`options.clips`), and `reel.mp4`, every cut joined
  with a short audio crossfade (`options.reel`). `-vertical` in the name for 9:16.
- Captions from the transcript's word times, current word highlighted (`captions.py`):
  burned in with libass, or written beside the video as `.ass` + `.srt`.
- Audio normalised to `options.loudness` LUFS integrated (−16, for social) in two passes:
  `ebur128` measures the exact audio of every output in one ffmpeg run (sound only),
  then each output gets one gain, with a limiter only where that gain would push peaks
  past −1.5 dBFS (about −1 dBTP). loudnorm's two passes cost far more: both run at
  192 kHz, and its first pass alone took 3x the time of this whole measurement.
- Vertical (1080×1920) video follows the face (`crop.py`); with no face, a centre crop
  and a note in the result.
- Audio-only interviews become audiograms: title card, moving waveform, captions.
- What may be published is the privacy policy's (`greenroom.policy`): the render works on
  its release, so flagged words are masked in every caption and bleeped in the sound
  (`options.bleep`: a tone or silence), and a cut holding an off-the-record passage is
  skipped. Imported text without word times is captioned by line, not by word.

Re-encoding is x264 (`veryfast`) + AAC. A clip's picture is stream-copied, not
re-encoded, only when nothing touches the picture (no burned captions, not vertical,
from a video source) and the source has a keyframe at the cut's start (within half a
frame) in a codec MP4 carries; its sound is still re-encoded (loudness, AAC). Camera
files have a keyframe every second or two and cuts fall on words, so copying is the
exception, not the rule. Reels always re-encode: crossfades and joins need decoding.

Every file appears whole or not at all (temp file + `os.replace`). Errors: `InputError`
for a missing cut list, missing media, bad options or cuts past the media's end;
`GreenroomError` naming the output and quoting ffmpeg when ffmpeg fails.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from greenroom import atomic, policy, timecode
from greenroom.edit import audiogram, captions, crop
from greenroom.edit import render_graph as g
from greenroom.edit.relink import media_of
from greenroom.edit.render_ffmpeg import (
    COPYABLE_VIDEO,
    Loudness,
    encode,
    keyframes_near,
    measure,
)
from greenroom.edit.render_plan import FrameWindow, Plan, frame_windows, plan
from greenroom.errors import InputError
from greenroom.media.probe import MediaInfo, probe
from greenroom.model import Cut, Highlights, Interview

CAPTION_MODES = ("burn", "sidecar", "none")
BLEEP_MODES = ("tone", "silence")
VERTICAL = (1080, 1920)
Progress = Callable[[str, int, int], None]  # (output file name, done ms, total ms)


@dataclass
class RenderOptions:
    """What to render and how."""

    reel: bool = True  # every cut in one file, joined by crossfades
    clips: bool = False  # one file per cut
    vertical: bool = False  # 9:16 at 1080×1920, cropped to follow the face
    captions: str = "burn"  # "burn" into the picture, "sidecar" (.ass + .srt beside it) or "none"
    style: str = "clean"  # caption look: a name in `captions.STYLES` ("clean", "bold", "boxed")
    crossfade_ms: int = 150  # audio crossfade at each reel join; 0 for hard cuts
    loudness: float | None = -16.0  # integrated LUFS target; None keeps the source's level
    preset: str = "veryfast"  # x264 preset
    crf: int = 21  # x264 quality (lower is better and bigger)
    bleep: str = "tone"  # what a bleeped finding sounds like: "tone" or "silence"
    allow: tuple[str, ...] = ()  # flag ids published anyway, this once (see `greenroom.policy`)


@dataclass
class Output:
    """One file written: what it holds and how it was made."""

    kind: str  # "clip" or "reel"
    path: Path
    duration_ms: int  # as planned: cuts minus crossfade overlaps
    cuts: list[str]
    size: tuple[int, int]
    copied: bool = False  # picture stream-copied from the source (no re-encode)
    measured_lufs: float | None = None  # loudness before normalising
    sidecars: list[Path] = field(default_factory=list)
    crop_centres: list[int] = field(default_factory=list)  # vertical: source x per cut


@dataclass
class RenderResult:
    outputs: list[Output]
    notes: list[str]  # what the user should know (e.g. a centre crop for lack of a face)

    @property
    def reel(self) -> Output | None:
        return next((o for o in self.outputs if o.kind == "reel"), None)


@dataclass
class _Job:
    """Everything one render call shares across its outputs."""

    interview: Interview
    media: str
    info: MediaInfo
    options: RenderOptions
    out_dir: Path
    scratch: Path
    progress: Progress | None
    tracks: dict[str, crop.Track | None] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    bleeps: g.Bleeps | None = None


def render(interview: Interview, highlights: Highlights | None, out_dir: str | Path,
           options: RenderOptions | None = None, progress: Progress | None = None) -> RenderResult:
    """Render `highlights` (default: the interview's stored cut list) into `out_dir`.

    Clips come first, then the reel. `progress(name, done_ms, total_ms)` is called as each
    output advances. Raises `InputError` (no cut list, media missing, bad option, cut past
    the media's end) or `GreenroomError` (ffmpeg failed; nothing partial is left).
    """
    options = options or RenderOptions()
    _check_options(options)
    released = policy.release(interview, options.allow)
    notes: list[str] = []
    cuts = _cuts(interview, highlights)
    media = _media_path(interview)
    info = probe(media)
    _check_cuts(cuts, info)
    cuts = _publishable(released, cuts, notes)
    notes += released.notes([(c.start, c.end) for c in cuts])
    if captions.has_estimated(captions.words_on_output(released.interview, plan(cuts).segments)):
        notes.append("word times are estimated (imported text): captions follow lines, not words")
    with atomic.scratch_folder("render") as scratch:
        job = _Job(released.interview, media, info, options, Path(out_dir), Path(scratch), progress, notes=notes)
        job.bleeps = g.Bleeps(tuple((b.start, b.end) for b in released.bleeps), options.bleep)
        if options.vertical and info.has_video:
            _track_faces(job, cuts)
        specs = _specs(job, cuts)
        levels = _measure(job, specs)
        outputs = [_render(job, spec, level) for spec, level in zip(specs, levels)]
    return RenderResult(outputs, job.notes)


@dataclass(frozen=True)
class _Spec:
    """One output to make: its timeline, whether its picture is copied, where inputs open."""

    kind: str
    name: str
    timeline: Plan
    copied: bool
    opened: list[int]


def _specs(job: _Job, cuts: list[Cut]) -> list[_Spec]:
    """Clips (numbered in cut-list order), then the reel."""
    options, specs = job.options, []
    if options.clips:
        copyable = _copyable(job, cuts)
        for number, (cut, copied) in enumerate(zip(cuts, copyable), 1):
            timeline = plan([cut])
            opened = g.seeks(timeline, 0 if copied else g.PREROLL_MS)
            specs.append(_Spec("clip", _clip_name(number, cut, options.vertical), timeline, copied, opened))
    if options.reel:
        timeline = plan(cuts, options.crossfade_ms)
        name = "reel-vertical.mp4" if options.vertical else "reel.mp4"
        specs.append(_Spec("reel", name, timeline, False, g.seeks(timeline)))
    return specs


def _publishable(released: policy.Release, cuts: list[Cut], notes: list[str]) -> list[Cut]:
    """The cuts that hold nothing off the record; the others are skipped, and said so."""
    kept = []
    for cut in cuts:
        held = released.withholds(cut.start, cut.end)
        if held is None:
            kept.append(cut)
        else:
            notes.append(f"skipped cut {cut.id} ({timecode.clock(cut.start)}): it holds {held.id}, said off the record")
    if not kept:
        raise InputError(released.interview.id, "every cut holds an off-the-record passage: nothing may be published "
                                                "(choose other cuts, or clear the flag with `greenroom flags`)")
    return kept


def _check_options(options: RenderOptions) -> None:
    if options.captions not in CAPTION_MODES:
        raise InputError(None, f"captions must be one of {', '.join(CAPTION_MODES)}, not {options.captions!r}")
    if options.style not in captions.STYLES:
        raise InputError(None, f"unknown caption style {options.style!r} (try {', '.join(captions.STYLES)})")
    if options.bleep not in BLEEP_MODES:
        raise InputError(None, f"bleep must be one of {', '.join(BLEEP_MODES)}, not {options.bleep!r}")
    if options.crossfade_ms < 0:
        raise InputError(None, f"crossfade must be 0 ms or more, not {options.crossfade_ms}")
    if not (options.reel or options.clips):
        raise InputError(None, "nothing to render: ask for the reel, the clips or both")


def _cuts(interview: Interview, highlights: Highlights | None) -> list[Cut]:
    chosen = highlights or interview.highlights
    if chosen is None:
        raise InputError(interview.id, f"no cut list yet: run `greenroom highlights {interview.id} --budget 90s` first")
    cuts = [c for c in chosen.cuts if c.end > c.start]
    if not cuts:
        raise InputError(interview.id, "the cut list is empty: run `greenroom highlights` with a larger budget")
    return cuts


def _media_path(interview: Interview) -> str:
    """The media as an absolute path (ffmpeg runs in the scratch folder); `InputError`
    from `relink.media_of` when none is recorded or it moved."""
    return str(media_of(interview).resolve())


def _check_cuts(cuts: list[Cut], info: MediaInfo) -> None:
    if not info.has_audio:
        raise InputError(info.path, "has no audio stream: a reel needs sound")
    for cut in cuts:
        if cut.start < 0 or cut.end > info.duration_ms + 100:
            raise InputError(info.path, f"cut {cut.id} ends at {timecode.clock(cut.end)} but the media lasts "
                                        f"{timecode.clock(info.duration_ms)}: is it the right file?")


def _clip_name(number: int, cut: Cut, vertical: bool) -> str:
    kind = re.sub(r"[^a-z0-9]+", "-", (cut.kind or "cut").lower()).strip("-") or "cut"
    return f"clip-{number:02d}-{kind}{'-vertical' if vertical else ''}.mp4"


def _track_faces(job: _Job, cuts: list[Cut]) -> None:
    width, height = job.info.width or 0, job.info.height or 0
    if width * 16 <= height * 9:
        return  # already as narrow as 9:16: crop top and bottom only
    for cut in cuts:
        if cut.id in job.tracks:
            continue
        centres = crop.face_centres(job.media, cut.start, cut.end, width, height)
        job.tracks[cut.id] = crop.follow(centres, width)
        if job.tracks[cut.id] is None:
            job.notes.append(f"cut {cut.id} ({timecode.clock(cut.start)}): no face found, centre crop")


def _render(job: _Job, spec: _Spec, measured: Loudness | None) -> Output:
    """One output file: captions, encoded with the loudness gain, then sidecars."""
    target, size, timeline = job.out_dir / spec.name, _size(job), spec.timeline
    style = captions.STYLES[job.options.style]
    burn = _burn_file(job, target, timeline, size, style)
    audio = g.audio_chain(timeline, spec.opened, _layout(job), bleeps=job.bleeps)
    picture, extra, crops = _picture(job, timeline, spec.opened, size, burn, spec.copied)
    split = ",asplit=2[a][aw]" if not job.info.has_video else "[a]"
    parts = audio + [f"[mix]{g.loudness_filter(job.options.loudness, measured)}{split}"] + picture
    args = g.inputs(job.media, timeline, spec.opened) + extra + g.graph(parts)
    args += _maps(job, spec.copied) + ["-t", f"{timeline.duration / 1000:.3f}"]
    encode(target, args, _ticker(job, spec.name, timeline.duration), job.scratch)
    output = Output(spec.kind, target, timeline.duration, [s.cut.id for s in timeline.segments], size,
                    spec.copied, measured.integrated if measured else None, crop_centres=crops)
    if job.options.captions == "sidecar":
        output.sidecars = _sidecars(job, target, timeline, size, style)
    return output


def _layout(job: _Job) -> str:
    return "mono" if job.info.channels == 1 else "stereo"


def _size(job: _Job) -> tuple[int, int]:
    if not job.info.has_video:
        return audiogram.size(job.options.vertical)
    if job.options.vertical:
        return VERTICAL
    width, height = job.info.width or 0, job.info.height or 0
    return width - width % 2, height - height % 2


def _burn_file(job: _Job, target: Path, timeline: Plan, size: tuple[int, int],
               style: captions.Style) -> str | None:
    """Write the captions to burn into the scratch folder; their name relative to it."""
    if job.options.captions != "burn":
        return None
    name = f"{target.stem}.ass"
    subs = captions.ass(job.interview, timeline.segments, size, style)
    (job.scratch / name).write_text(subs.to_string("ass"), encoding="utf-8")
    return name


def _copyable(job: _Job, cuts: list[Cut]) -> list[bool]:
    """Per clip: can its picture be copied? Untouched, and a keyframe where it starts."""
    if not job.info.has_video or job.options.vertical or job.options.captions == "burn":
        return [False] * len(cuts)
    half_frame = round(500 / (job.info.fps or 25))
    found, codec = keyframes_near(job.media, [c.start for c in cuts], half_frame)
    return [hit and codec in COPYABLE_VIDEO for hit in found]


def _measure(job: _Job, specs: list[_Spec]) -> list[Loudness | None]:
    """Loudness of every output, measured in one ffmpeg run decoding only the sound of
    exactly what each output holds (its cuts, trims and crossfades). Outputs whose gain
    needs the limiter are measured once more through gain and limiter, and the gain is
    corrected by what the limiter took (else they land a few tenths under the target)."""
    target = job.options.loudness
    if target is None:
        return [None] * len(specs)
    levels = _measure_pass(job, specs, [None] * len(specs))
    limited = [k for k, level in enumerate(levels) if "alimiter" in g.loudness_filter(target, level)]
    if limited:
        again = _measure_pass(job, [specs[k] for k in limited], [levels[k] for k in limited])
        for k, level in zip(limited, again):
            levels[k] = replace(levels[k], correction=max(-1.0, min(2.0, target - level.integrated)))
    return list(levels)


def _measure_pass(job: _Job, specs: list[_Spec], through: list[Loudness | None]) -> list[Loudness]:
    """One ffmpeg run measuring each spec's sound, after `through`'s gain where given."""
    args: list[str] = []
    parts: list[str] = []
    for k, (spec, level) in enumerate(zip(specs, through)):
        first = sum(len(s.timeline.segments) for s in specs[:k])
        args += g.inputs(job.media, spec.timeline, spec.opened, audio_only=True)
        parts += g.audio_chain(spec.timeline, spec.opened, _layout(job), first, f"o{k}", job.bleeps)
        gain = g.loudness_filter(job.options.loudness, level)
        parts.append(f"[o{k}mix]{gain},{g.measuring_filter()}[o{k}]")
    labels = [f"[o{k}]" for k in range(len(specs))]
    return measure(args + g.graph(parts), labels, job.out_dir / specs[0].name, job.scratch)


def _picture(job: _Job, timeline: Plan, opened: list[int], size: tuple[int, int], burn: str | None,
             copied: bool) -> tuple[list[str], list[str], list[int]]:
    """Video statements ending in `[v]`, extra inputs, and the crop centres per cut."""
    if copied:
        return [], [], []
    if not job.info.has_video:
        return _audiogram(job, timeline, size, burn), _card_input(job, size), []
    fps = job.info.fps or 25.0
    windows = frame_windows(timeline, fps)
    if job.options.vertical:
        extras, crops = _vertical(job, timeline, windows, fps)
    else:
        extras, crops = [_even(job)] * len(timeline.segments), []
    parts = g.video_chain(timeline, opened, windows, fps, extras)
    return parts + [g.finish_video("cat", burn)], [], crops


def _even(job: _Job) -> str:
    width, height = job.info.width or 0, job.info.height or 0
    return "" if width % 2 == 0 and height % 2 == 0 else "crop=trunc(iw/2)*2:trunc(ih/2)*2:0:0"


def _vertical(job: _Job, timeline: Plan, windows: list[FrameWindow], fps: float) -> tuple[list[str], list[int]]:
    """Per segment: crop to 9:16 (following the face), then scale to 1080×1920."""
    width, height = job.info.width or 0, job.info.height or 0
    crop_w, crop_h = _crop_size(width, height)
    scale = f"scale={VERTICAL[0]}:{VERTICAL[1]}:flags=bicubic"
    if crop_w == width:  # a source already 9:16 or narrower: trim top and bottom
        return [f"crop={crop_w}:{crop_h}:0:{(height - crop_h) // 2},{scale}"] * len(windows), []
    extras, centres = [], []
    for seg, window in zip(timeline.segments, windows):
        track = job.tracks.get(seg.cut.id)
        shift = round(window.first * 1000 / fps) - seg.cut.start
        extras.append(f"crop=w={crop_w}:h={crop_h}:y=0:x={crop.x_expression(track, crop_w, width, shift)},{scale}")
        centres.append(round(track.centre) if track else width // 2)
    return extras, centres


def _crop_size(width: int, height: int) -> tuple[int, int]:
    if width * 16 > height * 9:
        crop_w = round(height * 9 / 16)
        return crop_w - crop_w % 2, height - height % 2
    crop_h = round(width * 16 / 9)
    return width - width % 2, min(crop_h - crop_h % 2, height - height % 2)


def _card_input(job: _Job, size: tuple[int, int]) -> list[str]:
    guest = ", ".join(job.interview.people_named("guest"))
    audiogram.title_card(job.scratch / "card.png", size, job.interview.title, guest, job.interview.project)
    return ["-i", "card.png"]


def _audiogram(job: _Job, timeline: Plan, size: tuple[int, int], burn: str | None) -> list[str]:
    card = len(timeline.segments)  # the card is the input after the cuts
    x, y, _, _ = audiogram.wave_box(size)
    return [f"[aw]{audiogram.waveform(size)}[wave]",
            f"[{card}:v]format=yuv420p,loop=loop=-1:size=1,fps={audiogram.FPS}[card]",
            f"[card][wave]overlay=x={x}:y={y}:shortest=1:format=yuv420[bg]",
            g.finish_video("bg", burn)]


def _maps(job: _Job, copied: bool) -> list[str]:
    encoder = g.Encoder(job.options.preset, job.options.crf)
    video = ["-map", "0:v:0", "-c:v", "copy"] if copied else ["-map", "[v]", *encoder.video()]
    return video + ["-map", "[a]", *encoder.audio(), *encoder.container()]


def _ticker(job: _Job, name: str, total: int) -> Callable[[int], None] | None:
    report = job.progress
    if report is None:
        return None
    report(name, 0, total)
    return lambda ms: report(name, min(ms, total), total)


def _sidecars(job: _Job, target: Path, timeline: Plan, size: tuple[int, int],
              style: captions.Style) -> list[Path]:
    """`.ass` (word highlights) and `.srt` (plain lines) beside the video, each atomic."""
    subs = captions.ass(job.interview, timeline.segments, size, style)
    ass_path = atomic.write_text(target.with_suffix(".ass"), subs.to_string("ass"))
    srt_path = atomic.write_text(target.with_suffix(".srt"),
                                 captions.srt(job.interview, timeline.segments, size, style))
    return [ass_path, srt_path]
