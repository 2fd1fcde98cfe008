"""Rendering cut lists: durations, loudness, captions, vertical crops, audiograms,
stream copies, atomic outputs and the `render` command (issue #5).

Renders are small (640x360, cuts of about 4-5 s) and shared per session where the
checks only read them; the vertical check renders 1080x1920 from a 10 fps source.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
import render_fixtures as rf

from greenroom.edit import captions, crop
from greenroom.edit.render import RenderOptions, RenderResult, render
from greenroom.edit.render_plan import frame_windows, plan
from greenroom.errors import GreenroomError, InputError
from greenroom.library import Library
from greenroom.model import Cut, Highlights, Interview

SMALL = (640, 360)
FACE_LEFT = 400  # the face's left edge in the 640x360 video; it is 110 px wide
WIDE_FACE_LEFT, WIDE_FACE_WIDTH = 850, 240  # in the 1280x720 video
TOLERANCE_MS = 50


# -- fixtures ----------------------------------------------------------------

@pytest.fixture(scope="session")
def sample_interview(analyzed_sample_db: tuple[Path, str]) -> Interview:
    path, iid = analyzed_sample_db
    with Library(path) as library:
        return library.get(iid)


@pytest.fixture(scope="session")
def three_cuts(sample_interview: Interview) -> Highlights:
    """Three cuts of about 4-5 s on word boundaries, all in the first 50 s (short test videos)."""
    return rf.cuts_near(sample_interview, [12640, 22160, 43940])


@pytest.fixture(scope="session")
def small_video(tmp_path_factory: pytest.TempPathFactory, sample_files, three_cuts: Highlights) -> Path:  # type: ignore[no-untyped-def]
    """640x360 test pattern with a face, the sample's speech, a keyframe at cut 1 only."""
    folder = tmp_path_factory.mktemp("render-media")
    face = rf.face_png(folder / "face.png", 110)
    until = three_cuts.cuts[-1].end + 1000
    return rf.make_video(folder / "small.mp4", sample_files.audio, SMALL, 25, until, face, FACE_LEFT,
                         keyframes_at=[three_cuts.cuts[0].start])


def with_media(interview: Interview, media: Path) -> Interview:
    copy = Interview.from_dict(interview.to_dict())
    copy.source.media_path = str(media)
    return copy


@pytest.fixture(scope="session")
def sidecar_render(tmp_path_factory: pytest.TempPathFactory, sample_interview: Interview, small_video: Path,
                   three_cuts: Highlights) -> RenderResult:
    """Clips and reel with sidecar captions (nothing burned: clip 1 may be copied)."""
    out = tmp_path_factory.mktemp("sidecar")
    options = RenderOptions(clips=True, captions="sidecar")
    return render(with_media(sample_interview, small_video), three_cuts, out, options)


@pytest.fixture(scope="session")
def burned_render(tmp_path_factory: pytest.TempPathFactory, sample_interview: Interview, small_video: Path,
                  three_cuts: Highlights) -> RenderResult:
    out = tmp_path_factory.mktemp("burned")
    return render(with_media(sample_interview, small_video), three_cuts, out, RenderOptions(style="bold"))


# -- the timeline ------------------------------------------------------------

def test_reel_plan_overlaps_each_join_by_the_crossfade() -> None:
    cuts = [Cut("a", 1000, 5000), Cut("b", 9000, 12000), Cut("c", 20000, 26000)]
    timeline = plan(cuts, 150)
    assert [s.offset for s in timeline.segments] == [0, 3850, 6700]
    assert timeline.duration == 4000 + 3000 + 6000 - 2 * 150
    assert [(s.shown_from, s.shown_to) for s in timeline.segments] == [(0, 3925), (3925, 6775), (6775, 12700)]


def test_crossfade_shrinks_to_half_the_shortest_cut() -> None:
    assert plan([Cut("a", 0, 200), Cut("b", 1000, 5000)], 150).crossfade == 100
    assert plan([Cut("a", 0, 200)], 150).crossfade == 0


def test_frame_windows_add_up_to_the_reel_without_drift() -> None:
    cuts = [Cut(str(i), i * 10_000 + 7, i * 10_000 + 2_013 + 37 * i) for i in range(12)]
    timeline = plan(cuts, 150)
    windows = frame_windows(timeline, 29.97)
    assert sum(w.count for w in windows) == round(timeline.duration * 29.97 / 1000)
    for seg, window in zip(timeline.segments, windows):  # picture within half a frame of sound
        shown_source = seg.cut.start + seg.shown_from - seg.offset
        assert abs(window.first / 29.97 * 1000 - shown_source) <= 1000 / 29.97


# -- captions ----------------------------------------------------------------

def test_caption_lines_are_short_and_never_span_two_cuts(sample_interview: Interview,
                                                         three_cuts: Highlights) -> None:
    timeline = plan(three_cuts.cuts, 150)
    words = captions.words_on_output(sample_interview, timeline.segments)
    for limit in (42, 32):
        for line in captions.lines(words, limit):
            assert len(" ".join(w.text for w in line)) <= limit
            assert len({w.segment for w in line}) == 1


def test_a_sentence_end_does_not_open_the_next_caption_alone() -> None:
    text = "By the third eye, nobody was acting cold anymore. The secret on that scene is that the fear is real."
    words = [captions.Spoken(i * 300, i * 300 + 250, w, "S2", 0, i * 300 + 250) for i, w in enumerate(text.split())]
    shown = [" ".join(w.text for w in line) for line in captions.lines(words, 42)]
    assert shown[:2] == ["By the third eye,", "nobody was acting cold anymore."]
    assert all(len(line) <= 42 for line in shown)
    assert " ".join(shown) == text


def test_caption_times_follow_the_reel_offsets(sample_interview: Interview, three_cuts: Highlights) -> None:
    timeline = plan(three_cuts.cuts, 150)
    subs = captions.ass(sample_interview, timeline.segments, SMALL, captions.STYLES["clean"])
    second = timeline.segments[1]
    first_word = next(w for u in sample_interview.utterances for w in u.words if w.start >= second.cut.start)
    expected = max(second.offset + first_word.start - second.cut.start, second.shown_from)
    assert any(abs(e.start - expected) <= 10 and first_word.text in e.text for e in subs.events)
    assert all(e.end <= timeline.duration + captions.HOLD_MS for e in subs.events)
    assert int(subs.info["PlayResX"]) == 640 and subs.styles["Default"].marginv >= 36


def test_each_caption_event_highlights_exactly_one_word(sample_interview: Interview,
                                                        three_cuts: Highlights) -> None:
    subs = captions.ass(sample_interview, plan(three_cuts.cuts[:1]).segments, SMALL, captions.STYLES["bold"])
    assert subs.events and all(e.text.count("{\\c&H") == 1 for e in subs.events)
    assert all(e.start < e.end for e in subs.events)


def test_gain_is_limited_only_where_peaks_need_it() -> None:
    from greenroom.edit.render_ffmpeg import Loudness
    from greenroom.edit.render_graph import loudness_filter

    assert loudness_filter(-16, Loudness(-20.0, -9.0)) == "volume=4.00dB"
    assert loudness_filter(-16, Loudness(-20.0, -3.0, 0.3)).startswith("volume=4.30dB,alimiter=limit=0.8414")
    assert loudness_filter(-16, Loudness(-70.0, -90.0)) == "anull"  # silence gets no 54 dB of gain
    assert loudness_filter(None, Loudness(-20.0, -9.0)) == "anull"


# -- face following ------------------------------------------------------------

def test_crop_ignores_jitter_and_a_single_false_face() -> None:
    jittery: list[float | None] = [600 + (-1) ** i * 12.0 for i in range(20)]
    jittery[7] = 100.0  # one false detection
    jittery[12] = None  # one missed frame
    track = crop.follow(jittery, 1280)
    assert track is not None
    assert max(track.centres) - min(track.centres) < 1.0
    assert abs(track.centre - 600) <= 15
    assert crop.x_expression(track, 405, 1280, 0).isdigit()  # one constant: the crop never moves


def test_crop_glides_to_a_face_that_moves() -> None:
    moving: list[float | None] = [300.0] * 6 + [900.0] * 14
    track = crop.follow(moving, 1280)
    assert track is not None
    steps = [b - a for a, b in zip(track.centres, track.centres[1:])]
    assert all(step >= 0 for step in steps) and max(steps) < 300  # eased, never backwards
    assert track.centres[-1] > 850
    assert crop.x_expression(track, 405, 1280, 0).startswith("if(")


def test_no_face_means_no_track() -> None:
    assert crop.follow([None, None, None], 1280) is None
    assert crop.x_expression(None, 404, 1280, 0) == str((1280 - 404) // 2)


# -- rendered files ---------------------------------------------------------------

def test_rendered_files_are_readable_like_any_new_file(sidecar_render: RenderResult) -> None:
    """Reels and clips are for colleagues and web servers: the mode a new file gets
    (0644 under the usual umask), not the temp file's private 0600."""
    from greenroom.atomic import new_file_mode

    assert {stat.S_IMODE(o.path.stat().st_mode) for o in sidecar_render.outputs} == {new_file_mode()}


def test_durations_match_the_plan(sidecar_render: RenderResult, three_cuts: Highlights) -> None:
    clips = [o for o in sidecar_render.outputs if o.kind == "clip"]
    assert [o.path.name for o in clips] == ["clip-01-candid.mp4", "clip-02-anecdote.mp4", "clip-03-craft.mp4"]
    for output, cut in zip(clips, three_cuts.cuts):
        assert abs(rf.duration_ms(output.path) - (cut.end - cut.start)) <= TOLERANCE_MS, output.path.name
    reel = sidecar_render.reel
    assert reel is not None and reel.path.name == "reel.mp4"
    planned = sum(c.end - c.start for c in three_cuts.cuts) - 2 * 150
    assert reel.duration_ms == planned
    assert abs(rf.duration_ms(reel.path) - planned) <= TOLERANCE_MS
    for kind, ms in rf.stream_durations_ms(reel.path).items():  # sound and picture both, not just the longer
        assert abs(ms - planned) <= TOLERANCE_MS, (kind, ms, planned)
    assert rf.video_size(reel.path) == SMALL


def test_loudness_is_minus_16_lufs(sidecar_render: RenderResult) -> None:
    reel = sidecar_render.reel
    assert reel is not None
    assert reel.measured_lufs is not None and reel.measured_lufs < -18  # the sample is quieter
    for output in sidecar_render.outputs:  # all measured in one ffmpeg run: each got its own gain
        assert abs(rf.integrated_lufs(output.path) + 16) <= 0.5, output.path.name  # spec: ±1 LU


def test_clip_is_stream_copied_only_where_a_keyframe_allows(sidecar_render: RenderResult,
                                                           small_video: Path) -> None:
    first, second = sidecar_render.outputs[:2]
    assert first.copied and not second.copied
    source_size = os.path.getsize(small_video)
    assert os.path.getsize(first.path) > 0 and source_size > 0


def test_sidecar_captions_sit_beside_each_video(sidecar_render: RenderResult) -> None:
    import pysubs2

    for output in sidecar_render.outputs:
        assert [p.suffix for p in output.sidecars] == [".ass", ".srt"]
        srt = pysubs2.load(str(output.sidecars[1]))
        assert srt.events and srt.events[0].start < 1500
        assert srt.events[-1].end <= output.duration_ms + captions.HOLD_MS


def test_no_temp_files_are_left(sidecar_render: RenderResult) -> None:
    folder = sidecar_render.outputs[0].path.parent
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".") or p.suffix == ".tmp"]


def test_burned_captions_change_the_picture_only_where_captions_go(
        sidecar_render: RenderResult, burned_render: RenderResult, tmp_path: Path) -> None:
    plain, burned = sidecar_render.reel, burned_render.reel
    assert plain is not None and burned is not None
    at = 1200  # "I read it on a train" is on screen
    a = rf.frame(plain.path, at, tmp_path / "plain.png")
    b = rf.frame(burned.path, at, tmp_path / "burned.png")
    bottom, top = slice(round(SMALL[1] * 0.65), SMALL[1]), slice(0, round(SMALL[1] * 0.5))
    changed = (abs(a - b).sum(axis=2) > 60)
    assert changed[bottom].mean() > 0.02  # text drawn in the lower band
    assert changed[top].mean() < 0.005  # the rest is the same picture


def test_vertical_crop_follows_the_face(tmp_path: Path, sample_interview: Interview, sample_files,  # type: ignore[no-untyped-def]
                                        three_cuts: Highlights) -> None:
    cuts = Highlights(budget=0, cuts=three_cuts.cuts[:2])  # the video lasts only to 27 s
    face = rf.face_png(tmp_path / "face.png", WIDE_FACE_WIDTH)
    video = rf.make_video(tmp_path / "wide.mp4", sample_files.audio, (1280, 720), 10, cuts.cuts[-1].end + 500,
                          face, WIDE_FACE_LEFT)
    result = render(with_media(sample_interview, video), cuts, tmp_path / "out",
                    RenderOptions(vertical=True, captions="burn", style="bold"))
    reel = result.reel
    assert reel is not None and reel.path.name == "reel-vertical.mp4"
    assert rf.video_size(reel.path) == (1080, 1920)
    assert abs(rf.duration_ms(reel.path) - reel.duration_ms) <= TOLERANCE_MS
    face_x = WIDE_FACE_LEFT + WIDE_FACE_WIDTH / 2
    assert all(abs(x - face_x) <= 30 for x in reel.crop_centres), reel.crop_centres
    assert not result.notes
    seen = crop.face_centres(str(reel.path), 1000, 3000, 1080, 1920)
    assert seen and all(x is not None and abs(x - 540) <= 60 for x in seen), seen  # the face is in the middle


def test_vertical_without_a_face_is_centre_cropped_and_says_so(tmp_path: Path, sample_interview: Interview,
                                                               sample_files) -> None:  # type: ignore[no-untyped-def]
    cut = Cut("c1", 2000, 4500, kind="intro")
    video = rf.make_video(tmp_path / "noface.mp4", sample_files.audio, SMALL, 10, 5000)
    result = render(with_media(sample_interview, video), Highlights(0, [cut]), tmp_path,
                    RenderOptions(vertical=True, captions="none", loudness=None))
    assert result.notes == ["cut c1 (0:02): no face found, centre crop"]
    assert result.outputs[0].crop_centres == [320]
    assert rf.video_size(result.outputs[0].path) == (1080, 1920)


def test_audio_only_interview_becomes_an_audiogram(tmp_path: Path, sample_interview: Interview,
                                                   sample_files, three_cuts: Highlights) -> None:  # type: ignore[no-untyped-def]
    cuts = Highlights(0, three_cuts.cuts[:2])
    result = render(with_media(sample_interview, sample_files.audio), cuts, tmp_path, RenderOptions())
    reel = result.reel
    assert reel is not None
    assert rf.video_size(reel.path) == (1280, 720)
    assert abs(rf.duration_ms(reel.path) - reel.duration_ms) <= TOLERANCE_MS
    picture = rf.frame(reel.path, 1500, tmp_path / "audiogram.png")
    middle = picture[300:420]  # the waveform band: light strokes on a dark card
    assert (middle.mean(axis=2) > 180).mean() > 0.02
    assert picture[:80].mean() < 90  # dark card at the top, title text apart
    assert abs(rf.integrated_lufs(reel.path) + 16) <= 1.0


# -- errors and atomic outputs -------------------------------------------------

def fake_ffmpeg(folder: Path) -> Path:
    """An ffmpeg that measures for real but, when encoding, writes half a file and
    fails like a full disk."""
    script = folder / "ffmpeg"
    script.write_text(
        "#!/bin/sh\n"
        'for last; do :; done\n'
        'case "$*" in *-progress*) echo partial > "$last"; '
        'echo "[mp4 @ 0x55d0c0ffee00] Error writing trailer: No space left on device" >&2; '
        'echo "Conversion failed!" >&2; exit 1;; esac\n'
        'exec ffmpeg "$@"\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


def test_failed_encode_leaves_no_partial_file_and_quotes_ffmpeg(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample_interview: Interview, small_video: Path,
        three_cuts: Highlights) -> None:
    from greenroom.edit import render_ffmpeg

    monkeypatch.setattr(render_ffmpeg, "FFMPEG", str(fake_ffmpeg(tmp_path)))
    out = tmp_path / "out"
    out.mkdir()
    (out / "reel.mp4").write_bytes(b"the previous reel")
    with pytest.raises(GreenroomError) as caught:
        render(with_media(sample_interview, small_video), three_cuts, out, RenderOptions(clips=True))
    message = str(caught.value)
    assert message == f"{out / 'clip-01-candid.mp4'}: ffmpeg failed: mp4: Error writing trailer: No space left on device"
    assert sorted(p.name for p in out.iterdir()) == ["reel.mp4"]
    assert (out / "reel.mp4").read_bytes() == b"the previous reel"


def test_user_errors_are_one_line_input_errors(tmp_path: Path, sample_interview: Interview,
                                               small_video: Path, three_cuts: Highlights) -> None:
    ready = with_media(sample_interview, small_video)
    ready.highlights = None
    with pytest.raises(InputError, match="no cut list yet: run `greenroom highlights"):
        render(ready, None, tmp_path)
    with pytest.raises(InputError, match="unknown caption style 'neon'"):
        render(ready, three_cuts, tmp_path, RenderOptions(style="neon"))
    moved = with_media(sample_interview, tmp_path / "gone.mp4")
    with pytest.raises(InputError, match="media missing or moved; relink it with `greenroom relink"):
        render(moved, three_cuts, tmp_path)
    late = Highlights(0, [Cut("c9", 100_000, 900_000)])
    with pytest.raises(InputError, match="cut c9 ends at"):
        render(ready, late, tmp_path)
    assert list(tmp_path.iterdir()) == []


# -- the command ------------------------------------------------------------------

def test_render_command(analyzed_library: tuple[Path, str], greenroom_at, small_video: Path,  # type: ignore[no-untyped-def]
                        three_cuts: Highlights, tmp_path: Path) -> None:
    path, iid = analyzed_library
    run = greenroom_at(path)
    missing = run("render", iid)
    assert missing.exit_code == 1
    assert missing.output.strip() == (f"greenroom: error: {iid}: no cut list yet: run "
                                      f"`greenroom highlights {iid} --budget 90s` first")
    with Library(path) as library:
        interview = library.get(iid)
        interview.source.media_path = str(small_video)
        short = Cut("c1", three_cuts.cuts[0].start, three_cuts.cuts[0].start + 2500)  # no kind: "cut"
        interview.highlights = Highlights(0, [short, three_cuts.cuts[1]])
        library.update(interview)
        folder = library.media_folder(iid)
    done = run("render", iid, "--clips", "--captions", "none")
    assert done.exit_code == 0, done.output
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 3 and lines[-1].startswith("reel ")
    paths = [Path(line.split()[-1]) for line in lines]
    assert [p.name for p in paths] == ["clip-01-cut.mp4", "clip-02-anecdote.mp4", "reel.mp4"]
    assert all(p.parent == folder and p.is_file() for p in paths)
