"""A stored cut list for editors' tools: CMX 3600 EDL, FCPXML and OTIO JSON, and
captions per clip (SRT, WebVTT) timed from each clip's start.

The timeline holds one clip per cut, in the reel's order and back to back. Each
clip references the original media file (an `ExternalReference` whose available
range is the whole file), with a source range in whole frames of the media's
rate, the frame nearest each cut edge. Audio-only media has no frame rate: its
timecodes count `AUDIO_FPS` (25) frames a second, the PAL rate every editing
tool accepts for a sound-only timeline.

OpenTimelineIO's adapters do the writing; their limits are worked around
here. The EDL writer wants exactly one video track, so audio-only media gets an
empty one beside its audio track (events are written with channel `A`), and it
writes video-only events, so a video with sound has its events' channel set to
`AA/V` (picture and both sound channels: an editor gets the interview with its
voice, not a silent reel). The FCPXML writer puts only video tracks in the
primary storyline and marks every asset video-only: audio-only media is written
as a storyline clip whose `<video>` becomes `<audio>`, a video with sound as an
`<asset-clip>` (the asset's picture and sound, as Final Cut writes a camera
clip; a `<clip>` holding only `<video>` drops the sound), and each asset's
`hasAudio`/`hasVideo` follow the probed media.
"""

from __future__ import annotations

import re
from dataclasses import replace

import opentimelineio as otio

from greenroom import formats
from greenroom.edit.relink import media_of
from greenroom.errors import InputError
from greenroom.media.probe import MediaInfo, probe
from greenroom.model import Cut, Highlights, Interview, Mark, Utterance

EDIT_LISTS: dict[str, str] = {"edl": "cmx_3600", "fcpxml": "fcpx_xml", "otio": "otio_json"}
CLIP_CAPTIONS: dict[str, str] = {"clips-srt": "srt", "clips-vtt": "vtt"}
AUDIO_FPS = 25.0


def cut_list(interview: Interview) -> Highlights:
    """The stored highlights; `InputError` when there are none yet."""
    if interview.highlights is None or not interview.highlights.cuts:
        raise InputError(interview.id, f"no cut list yet: run `greenroom highlights {interview.id} "
                                       f"--budget 90s` first")
    return interview.highlights


def edit_list(interview: Interview, fmt: str) -> str:
    """The stored cut list as `fmt` ("edl", "fcpxml" or "otio") text.

    Raises `InputError` when there is no cut list, the media is missing or moved
    (saying how to relink it), or the format cannot carry the media's frame rate.
    """
    if fmt not in EDIT_LISTS:
        raise InputError(None, f"unknown edit list {fmt!r} (choose from {', '.join(EDIT_LISTS)})")
    highlights = cut_list(interview)
    media = probe(media_of(interview))
    return write(build_timeline(interview, highlights, media), fmt, media)


def frame_rate(media: MediaInfo) -> float:
    """The media's frame rate; `AUDIO_FPS` for sound without pictures."""
    return media.fps if media.has_video and media.fps else AUDIO_FPS


def frames(ms: int, fps: float) -> int:
    """The frame nearest to `ms`."""
    return round(ms * fps / 1000)


def build_timeline(interview: Interview, highlights: Highlights, media: MediaInfo) -> otio.schema.Timeline:
    """One track of one clip per cut, each an exact frame range of `media`."""
    fps = frame_rate(media)
    whole = frames(media.duration_ms, fps)
    kind = otio.schema.TrackKind.Video if media.has_video else otio.schema.TrackKind.Audio
    track = otio.schema.Track(name="V1" if media.has_video else "A1", kind=kind)
    url = _file_url(media.path)
    for cut in highlights.cuts:
        start, end = frames(cut.start, fps), frames(cut.end, fps)
        whole = max(whole, end)
        track.append(otio.schema.Clip(
            name=f"{cut.id} {cut.kind}".strip(),
            media_reference=otio.schema.ExternalReference(target_url=url),
            source_range=_range(start, max(1, end - start), fps),
            metadata={"greenroom": _clip_metadata(cut)},
        ))
    for clip in track:
        clip.media_reference.available_range = _range(0, whole, fps)
    timeline = otio.schema.Timeline(name=f"{interview.title or interview.id} highlights")
    timeline.tracks.append(track)
    timeline.metadata["greenroom"] = {"interview": interview.id, "budget_ms": highlights.budget,
                                      "order": highlights.order, "fps": fps}
    return timeline


def write(timeline: otio.schema.Timeline, fmt: str, media: MediaInfo) -> str:
    """`timeline` as `fmt` text, working around the adapters' limits (see the module doc)."""
    audio_only = not media.has_video
    if fmt == "edl" and audio_only:
        timeline = timeline.deepcopy()
        timeline.tracks.append(otio.schema.Track(name="V1", kind=otio.schema.TrackKind.Video))
    if fmt == "fcpxml" and audio_only:
        timeline = timeline.deepcopy()
        for track in timeline.tracks:
            track.kind = otio.schema.TrackKind.Video
    try:
        text: str = otio.adapters.write_to_string(timeline, EDIT_LISTS[fmt])
    except otio.exceptions.OTIOError as err:
        raise InputError(media.path, f"cannot write {fmt}: {err}") from None
    if fmt == "edl" and media.has_video and media.has_audio:
        text = _VIDEO_EVENT.sub(r"\1AA/V  ", text)
    return _fcpxml_media(text, media) if fmt == "fcpxml" else text


_VIDEO_EVENT = re.compile(r"^(\d{3,}\s+\S+\s+)V     (?=C)", re.MULTILINE)  # "001  reel  V     C  ..."
_VIDEO_CLIP = re.compile(r'<clip name="([^"]*)" offset="([^"]*)" duration="([^"]*)" start="([^"]*)">\s*'
                         r'<video offset="[^"]*" ref="([^"]*)" duration="[^"]*"/>\s*</clip>')


def _range(start: int, duration: int, fps: float) -> otio.opentime.TimeRange:
    return otio.opentime.TimeRange(otio.opentime.RationalTime(start, fps),
                                   otio.opentime.RationalTime(duration, fps))


def _file_url(path: str) -> str:
    from pathlib import Path

    return Path(path).resolve().as_uri()


def _clip_metadata(cut: Cut) -> dict[str, object]:
    return {"cut": cut.id, "moment": cut.moment, "kind": cut.kind, "score": cut.score,
            "start_ms": cut.start, "end_ms": cut.end, "reason": cut.reason, "text": cut.text}


def _fcpxml_media(text: str, media: MediaInfo) -> str:
    """Asset flags from the probed media; audio-only clips reference their asset as
    `<audio>`, clips of a video with sound are `<asset-clip>`s (picture and sound)."""
    if 'frameDuration=""' in text:
        raise InputError(media.path, f"cannot write fcpxml at {media.fps} frames per second: FCPXML "
                                     f"takes 23.98, 24, 25, 29.97, 30, 50, 59.94 or 60")
    flags = f'hasAudio="{int(media.has_audio)}" hasVideo="{int(media.has_video)}"'
    text = re.sub(r'hasAudio="[01]" hasVideo="[01]"', flags, text)
    if media.has_video and media.has_audio:
        return _VIDEO_CLIP.sub(r'<asset-clip name="\1" offset="\2" duration="\3" start="\4" ref="\5" '
                               r'audioRole="dialogue"/>', text)
    return text if media.has_video else text.replace("<video ", "<audio ")


# -- captions per clip --------------------------------------------------------

def clip_captions(interview: Interview, fmt: str, marks: bool = False) -> list[tuple[str, str]]:
    """(file name, text) of captions for each cut, e.g. `c1.srt`, timed from the
    cut's start. `fmt` is "srt" or "vtt"; `InputError` when there is no cut list.

    Publishable like `export --to srt|vtt` (no pause or mark-only cues, none too
    short, long or wide; see `formats.cues.interview_cues`); `marks` keeps every mark.
    """
    return [(f"{cut.id}.{fmt}", formats.dump(clip_interview(interview, cut), fmt, marks=marks))
            for cut in cut_list(interview).cuts]


def clip_interview(interview: Interview, cut: Cut) -> Interview:
    """What is said inside one cut, as an interview whose time 0 is the cut's start.

    Utterances keep the words inside the cut (a cut starts and ends between words);
    an utterance without word times is clipped to the cut and keeps its text.
    """
    utterances = [u for u in (_clip_utterance(u, cut) for u in interview.utterances) if u]
    whole = {u.id for u in utterances if u.text == _by_id(interview, u.id).text}
    marks = [_clip_mark(m, cut, whole) for m in interview.marks if cut.start <= m.start and m.end <= cut.end]
    return Interview(id=f"{interview.id}-{cut.id}", title=f"{interview.title} ({cut.id})".strip(),
                     people=interview.people, project=interview.project, language=interview.language,
                     speakers=interview.speakers, utterances=utterances, marks=marks)


def _by_id(interview: Interview, uid: str) -> Utterance:
    return next(u for u in interview.utterances if u.id == uid)


def _clip_utterance(u: Utterance, cut: Cut) -> Utterance | None:
    if u.end <= cut.start or u.start >= cut.end:
        return None
    if not u.words:
        start, end = max(u.start, cut.start) - cut.start, min(u.end, cut.end) - cut.start
        return Utterance(u.id, start, end, u.speaker, u.text, [], u.confidence)
    inside = [w for w in u.words if cut.start <= w.start and w.end <= cut.end]
    if not inside:
        return None
    words = [replace(w, start=w.start - cut.start, end=w.end - cut.start) for w in inside]
    text = u.text if len(inside) == len(u.words) else " ".join(w.text.strip() for w in inside)
    return Utterance(u.id, words[0].start, words[-1].end, u.speaker, text, words, u.confidence)


def _clip_mark(mark: Mark, cut: Cut, whole: set[str]) -> Mark:
    keep = mark.utterance in whole
    return replace(mark, start=mark.start - cut.start, end=mark.end - cut.start,
                   utterance=mark.utterance if keep else None, at=mark.at if keep else None)
