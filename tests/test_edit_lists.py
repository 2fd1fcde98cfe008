"""Edit lists of a cut list: EDL, FCPXML and OTIO read back frame-exact, golden
files, audio-only media, and captions per clip timed from the clip's start."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import opentimelineio as otio
import pytest
from golden import check_golden
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from greenroom.edit.editlists import (
    AUDIO_FPS,
    build_timeline,
    clip_captions,
    clip_interview,
    edit_list,
    write,
)
from greenroom.errors import InputError
from greenroom.media.probe import MediaInfo
from greenroom.model import Cut, Highlights, Interview, Source, Speaker, Utterance, Word

MOVIE = "/media/Low Tide junket.mov"
ADAPTERS = {"edl": "cmx_3600", "fcpxml": "fcpx_xml", "otio": "otio_json"}


def media(fps: float | None = 25.0, duration_ms: int = 600_000, path: str = MOVIE) -> MediaInfo:
    """A probed file without a file: video at `fps`, or audio only when `fps` is None."""
    return MediaInfo(path, duration_ms, has_audio=True, has_video=fps is not None, fps=fps)


def reel(spans: list[tuple[int, int]]) -> Highlights:
    kinds = ["quotable", "anecdote", "candid", "humor", "craft"]
    return Highlights(90_000, [Cut(f"c{n}", start, end, f"m{n}", kinds[n % 5], 0.5, "why", "text")
                               for n, (start, end) in enumerate(spans, 1)])


SPANS = [(111_540, 119_620), (25_250, 38_750), (62_270, 70_250), (167_160, 174_220)]


def read_back(text: str, fmt: str, fps: float) -> list[otio.schema.Clip]:
    extra = {"rate": fps} if fmt == "edl" else {}
    timeline = otio.adapters.read_from_string(text, ADAPTERS[fmt], **extra)
    track = next(t for t in timeline.tracks if list(t.find_clips()))  # picture, else sound
    return list(track.find_clips())


def frame_ranges(clips: list[otio.schema.Clip]) -> list[tuple[int, int]]:
    return [(round(c.source_range.start_time.value), round(c.source_range.duration.value)) for c in clips]


def fcpxml_frames(text: str, fps: float) -> list[tuple[int, int]]:
    """(start, duration) frames of each spine clip, read as exact rationals: the
    adapter's reader truncates `113/25s * 25` to 112 (float error), FCP does not."""
    import xml.etree.ElementTree as ET
    from fractions import Fraction

    def frames(value: str) -> int:
        seconds = Fraction(value.removesuffix("s")) if value != "0s" else Fraction(0)
        exact = seconds * Fraction(fps).limit_denominator(1001)
        assert exact.denominator == 1, f"{value} is not a whole frame at {fps} fps"
        return int(exact)

    root = ET.fromstring(text.split("\n", 2)[2])  # past the XML declaration and DOCTYPE
    clips = [c for spine in root.iter("spine") for c in spine if c.tag in ("clip", "asset-clip")]
    return [(frames(c.get("start", "0s")), frames(c.get("duration", "0s"))) for c in clips]


def expected_frames(highlights: Highlights, fps: float) -> list[tuple[int, int]]:
    return [(round(c.start * fps / 1000), round(c.end * fps / 1000) - round(c.start * fps / 1000))
            for c in highlights.cuts]


def interview_with(highlights: Highlights | None, media_path: str | None = MOVIE) -> Interview:
    return Interview(id="junket", title="Low Tide junket", highlights=highlights,
                     source=Source(media_path=media_path, duration=180_000))


# -- the timeline -------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["edl", "fcpxml", "otio"])
@pytest.mark.parametrize("fps", [24.0, 25.0, 30.0, None])
def test_edit_lists_read_back_with_the_same_cuts_frame_exact(fmt: str, fps: float | None) -> None:
    info, highlights = media(fps), reel(SPANS)
    text = write(build_timeline(interview_with(highlights), highlights, info), fmt, info)
    rate = fps or AUDIO_FPS
    clips = read_back(text, fmt, rate)
    assert len(clips) == len(highlights.cuts)
    assert frame_ranges(clips) == expected_frames(highlights, rate)
    assert [c.name.split()[0] for c in clips] == ["c1", "c2", "c3", "c4"]
    for clip in clips:
        assert clip.media_reference.target_url == Path(MOVIE).as_uri()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edges=st.lists(st.integers(0, 7_200_000), min_size=2, max_size=16, unique=True),
       fps=st.sampled_from([24.0, 25.0, 30.0, 50.0, 60.0, None]))
def test_any_cut_list_survives_edl_and_fcpxml_frame_for_frame(edges: list[int], fps: float | None) -> None:
    points = sorted(edges)
    spans = [(a, b) for a, b in zip(points[::2], points[1::2]) if b - a >= 100]
    if not spans:
        return
    info, highlights = media(fps, duration_ms=7_300_000), reel(spans)
    timeline = build_timeline(interview_with(highlights), highlights, info)
    rate = fps or AUDIO_FPS
    assert frame_ranges(read_back(write(timeline, "edl", info), "edl", rate)) == expected_frames(highlights, rate)
    fcpxml = write(timeline, "fcpxml", info)
    assert len(read_back(fcpxml, "fcpxml", rate)) == len(spans)
    assert fcpxml_frames(fcpxml, rate) == expected_frames(highlights, rate)


def test_the_timeline_references_the_whole_media_and_keeps_the_cut_details() -> None:
    highlights = reel(SPANS)
    timeline = build_timeline(interview_with(highlights), highlights, media(25.0, duration_ms=175_382))
    (track,) = timeline.tracks
    assert track.kind == otio.schema.TrackKind.Video
    for clip, cut in zip(track, highlights.cuts):
        available = clip.media_reference.available_range
        assert (available.start_time.value, available.duration.value) == (0, round(175_382 * 25 / 1000))
        assert clip.metadata["greenroom"]["moment"] == cut.moment
        assert clip.metadata["greenroom"]["start_ms"] == cut.start
    assert timeline.name == "Low Tide junket highlights"


def test_audio_only_media_is_sound_on_a_25_fps_clock() -> None:
    info, highlights = media(None), reel(SPANS)
    timeline = build_timeline(interview_with(highlights), highlights, info)
    assert timeline.tracks[0].kind == otio.schema.TrackKind.Audio
    edl = write(timeline, "edl", info)
    events = [line for line in edl.splitlines() if line[:3].isdigit()]
    assert len(events) == 4 and all(line.split()[2] == "A" for line in events)
    fcpxml = write(timeline, "fcpxml", info)
    assert 'hasAudio="1" hasVideo="0"' in fcpxml and "<video " not in fcpxml and "<audio " in fcpxml
    assert 'frameDuration="1/25s"' in fcpxml
    (track,) = otio.adapters.read_from_string(fcpxml, "fcpx_xml").tracks
    assert track.kind == otio.schema.TrackKind.Audio


def test_a_video_with_sound_is_cut_with_its_sound() -> None:
    """An editor opening the reel must hear it: EDL events carry picture and both
    sound channels (AA/V), FCPXML clips are asset clips (picture and sound), where
    both had been picture only."""
    info, highlights = media(25.0), reel(SPANS)
    timeline = build_timeline(interview_with(highlights), highlights, info)
    edl = write(timeline, "edl", info)
    events = [line for line in edl.splitlines() if line[:3].isdigit()]
    assert len(events) == 4 and all(line.split()[2] == "AA/V" for line in events)
    back = otio.adapters.read_from_string(edl, "cmx_3600", rate=25.0)  # held: a temporary's tracks read empty
    kinds = [t.kind for t in back.tracks]
    assert kinds.count(otio.schema.TrackKind.Audio) == 2 and otio.schema.TrackKind.Video in kinds
    fcpxml = write(timeline, "fcpxml", info)
    assert 'hasAudio="1" hasVideo="1"' in fcpxml
    spine = fcpxml[fcpxml.index("<spine>"):fcpxml.index("</spine>")]
    assert spine.count("<asset-clip ") == 4 and "<video " not in spine
    silent = replace(media(25.0), has_audio=False)  # a picture without sound stays a video clip
    assert "<video " in write(timeline, "fcpxml", silent) and " V     C" in write(timeline, "edl", silent)


def test_an_odd_frame_rate_is_a_clear_error_for_fcpxml() -> None:
    info, highlights = media(12.5), reel(SPANS)
    timeline = build_timeline(interview_with(highlights), highlights, info)
    with pytest.raises(InputError, match="cannot write fcpxml at 12.5 frames per second"):
        write(timeline, "fcpxml", info)


def test_edl_golden() -> None:
    info, highlights = media(25.0), reel(SPANS)
    check_golden("highlights.edl", write(build_timeline(interview_with(highlights), highlights, info), "edl", info))


def test_fcpxml_golden() -> None:
    info, highlights = media(25.0), reel(SPANS)
    text = write(build_timeline(interview_with(highlights), highlights, info), "fcpxml", info)
    check_golden("highlights.fcpxml", text)


# -- errors -------------------------------------------------------------------

def test_no_cut_list_says_what_to_run() -> None:
    with pytest.raises(InputError) as err:
        edit_list(interview_with(None), "edl")
    assert str(err.value) == "junket: no cut list yet: run `greenroom highlights junket --budget 90s` first"
    with pytest.raises(InputError, match="no cut list yet"):
        clip_captions(interview_with(None), "srt")


def test_missing_media_names_the_path_and_the_fix(tmp_path: Path) -> None:
    gone = tmp_path / "moved.wav"
    with pytest.raises(InputError) as err:
        edit_list(interview_with(reel(SPANS), str(gone)), "fcpxml")
    assert str(err.value) == f"{gone}: media missing or moved; relink it with `greenroom relink junket NEWPATH`"


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg")
def test_a_real_video_is_cut_at_its_own_frame_rate(tmp_path: Path) -> None:
    video = tmp_path / "clip.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=30:duration=3",
                    "-f", "lavfi", "-i", "sine=duration=3", "-shortest", "-c:v", "mpeg4", "-c:a", "aac",
                    str(video)], check=True, capture_output=True)
    highlights = reel([(100, 1_234), (1_500, 2_900)])
    interview = interview_with(highlights, str(video))
    text = edit_list(interview, "fcpxml")
    assert 'frameDuration="100/3000s"' in text and 'hasAudio="1" hasVideo="1"' in text
    assert frame_ranges(read_back(text, "fcpxml", 30)) == [(3, 34), (45, 42)]
    assert frame_ranges(read_back(edit_list(interview, "edl"), "edl", 30)) == [(3, 34), (45, 42)]


# -- captions per clip --------------------------------------------------------

def captioned() -> Interview:
    words = [Word(1_000 + 500 * i, 1_400 + 500 * i, t) for i, t in enumerate(["I", "read", "it.", "On", "a", "train."])]
    speakers = [Speaker("S1", "Tom", "Tom Hale", "guest"), Speaker("S2", "Dana", "Dana Reyes", "interviewer")]
    return Interview(id="junket", title="Low Tide junket", speakers=speakers, utterances=[
        Utterance("u1", 1_000, 3_900, "S1", "I read it. On a train.", words),
        Utterance("u2", 5_000, 7_000, "S2", "Why a train?"),
    ], highlights=Highlights(10_000, [Cut("c1", 2_450, 6_000, "m1", "anecdote"), Cut("c2", 800, 2_450, "m2")]))


def test_a_clip_keeps_only_its_words_timed_from_its_start() -> None:
    interview = captioned()
    clip = clip_interview(interview, interview.highlights.cuts[0])  # type: ignore[union-attr]
    first, second = clip.utterances
    assert first.text == "On a train." and (first.start, first.end) == (50, 1_450)
    assert [w.start for w in first.words] == [50, 550, 1_050]
    assert (second.start, second.end, second.text) == (2_550, 3_550, "Why a train?")
    whole = clip_interview(interview, interview.highlights.cuts[1]).utterances  # type: ignore[union-attr]
    assert [(u.text, u.start, u.end) for u in whole] == [("I read it.", 200, 1_600)]


def test_clip_captions_are_srt_or_vtt_per_cut() -> None:
    files = dict(clip_captions(captioned(), "srt"))
    assert list(files) == ["c1.srt", "c2.srt"]
    assert files["c1.srt"].startswith("1\n00:00:00,050 --> 00:00:01,450\nTom Hale: On a train.\n")
    assert "00:00:02,550 --> 00:00:03,550\nDana Reyes: Why a train?" in files["c1.srt"]
    vtt = dict(clip_captions(captioned(), "vtt"))["c2.vtt"]
    assert vtt.startswith("WEBVTT") and "00:00:00.200 --> 00:00:01.600" in vtt


# -- the command, on the analyzed sample ----------------------------------------

def test_export_writes_edit_lists_of_the_stored_cut_list(analyzed_library, greenroom_at, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from greenroom.library import Library

    path, iid = analyzed_library
    runner = greenroom_at(path)
    before = runner("export", iid, "--to", "edl")
    assert before.exit_code == 1
    assert before.stderr == (f"greenroom: error: {iid}: no cut list yet: run `greenroom highlights {iid} "
                             f"--budget 90s` first\n")
    assert runner("highlights", iid, "--budget", "30s").exit_code == 0
    with Library(path) as library:
        highlights = library.get(iid).highlights
    assert highlights is not None
    for fmt in ("edl", "fcpxml"):
        target = tmp_path / f"reel.{fmt}"
        result = runner("export", iid, "--to", fmt, "-o", str(target))
        assert result.exit_code == 0, result.output
        assert result.stdout == f"wrote {target}\n"
        clips = read_back(target.read_text(), fmt, AUDIO_FPS)  # the sample is a WAV: 25 fps
        assert len(clips) == len(highlights.cuts)
        # the fcpxml adapter's reader truncates float seconds (a start at frame 3480 read back as 3479):
        # read fcpxml as exact rationals, as FCP does
        got = fcpxml_frames(target.read_text(), AUDIO_FPS) if fmt == "fcpxml" else frame_ranges(clips)
        assert got == expected_frames(highlights, AUDIO_FPS)
    native = otio.adapters.read_from_string(runner("export", iid, "--to", "otio").stdout, "otio_json")
    assert [c.metadata["greenroom"]["cut"] for c in native.find_clips()] == [c.id for c in highlights.cuts]


def test_export_writes_captions_per_clip(analyzed_library, greenroom_at, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from greenroom import formats
    from greenroom.library import Library

    path, iid = analyzed_library
    runner = greenroom_at(path)
    assert runner("highlights", iid, "--budget", "30s").exit_code == 0
    with Library(path) as library:
        cuts = library.get(iid).highlights.cuts  # type: ignore[union-attr]
    result = runner("export", iid, "--to", "clips-vtt", "-o", str(tmp_path / "captions"))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [f"wrote {tmp_path / 'captions' / f'{c.id}.vtt'}" for c in cuts]
    for cut in cuts:
        clip = formats.load(tmp_path / "captions" / f"{cut.id}.vtt")
        assert clip.utterances and clip.utterances[0].start < 1_000
        assert clip.utterances[-1].end <= cut.end - cut.start
        assert " ".join(u.text for u in clip.utterances).split()[:3] == cut.text.split()[:3]
    default = runner("export", iid, "--to", "clips-srt")
    assert default.exit_code == 0
    assert all(Path(line.split(maxsplit=1)[1]).parent == path.parent / "library-media" / iid
               for line in default.stdout.splitlines())
