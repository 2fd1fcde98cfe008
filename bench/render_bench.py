"""Render speed: greenroom's reel and clips against the plain ffmpeg commands that make
the same cuts with the same encoder (x264 `veryfast`, CRF 21, AAC 160k) — the floor.

The source is a generated 720p test pattern (30 fps) muxed with the built-in sample
interview's speech (`greenroom.sample.make_sample`); the cuts are six 10 s stretches
of the guest's answers (60 s; the reel is 59.25 s after five 150 ms crossfades).
The sample's reference transcript has no word times, so words are spread evenly over
each utterance for the burned-captions row (timing only; it is not a captions test).

greenroom adds to the floor: probing, a loudness measuring pass (audio only) and
applying loudnorm, keyframe checks for clips, caption files. Targets: overhead at
most 15 % over the floor for the reel and for the clips (captions off, as the floor
has none), and the 720p reel rendered at least 1.5x real time on 2 cores.
Each command runs `--repeat` times, interleaved with its floor, best time kept.

    python bench/render_bench.py [--repeat 2] [--keep DIR]
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from greenroom import formats
from greenroom.edit.render import RenderOptions, RenderResult, render
from greenroom.edit.render_graph import Encoder
from greenroom.model import Cut, Highlights, Interview, Word

SIZE, FPS = (1280, 720), 30
ANSWERS = ("u4", "u6", "u8", "u10", "u12", "u16")
CUT_MS = 10_000
CROSSFADE_MS = 150
OVERHEAD_MAX = 0.15
SPEED_MIN = 1.5


@dataclass
class Row:
    name: str
    greenroom: float
    floor: float | None
    media_s: float
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return self.greenroom / self.floor if self.floor else None


def prepare(folder: Path) -> tuple[Interview, Highlights, Path]:
    """The sample (spoken once), its 720p video and the six cuts."""
    from greenroom.sample import make_sample

    files = make_sample(folder) if not (folder / "sample.json").exists() else None
    interview = formats.load(folder / "sample.json")
    spread_words(interview)
    by_id = {u.id: u for u in interview.utterances}
    cuts = [Cut(f"c{i + 1}", by_id[u].start, by_id[u].start + CUT_MS, kind="answer") for i, u in enumerate(ANSWERS)]
    video = folder / "sample-720p.mp4"
    if not video.exists():
        until = cuts[-1].end + 1000
        audio = files.audio if files else folder / "sample.wav"
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi",
                        "-i", f"testsrc2=s={SIZE[0]}x{SIZE[1]}:r={FPS}:d={until / 1000}", "-i", str(audio),
                        "-map", "0:v", "-map", "1:a", "-c:v", "libx264", "-preset", "ultrafast", "-g", str(FPS * 2),
                        "-pix_fmt", "yuv420p", "-c:a", "aac", "-t", f"{until / 1000}", str(video)], check=True)
    interview.source.media_path = str(video)
    return interview, Highlights(budget=len(cuts) * CUT_MS, cuts=cuts), video


def spread_words(interview: Interview) -> None:
    """Word times spread over each utterance by character count (the reference has none)."""
    for utterance in interview.utterances:
        tokens = utterance.text.split()
        total = sum(len(t) + 1 for t in tokens) or 1
        at, span = utterance.start, utterance.end - utterance.start
        utterance.words = []
        for token in tokens:
            length = round(span * (len(token) + 1) / total)
            utterance.words.append(Word(at, at + length - 20, token))
            at += length


def floor_reel(video: Path, cuts: list[Cut], out: Path) -> None:
    """The reel as one plain ffmpeg command: each cut an input, audio crossfaded,
    picture concatenated (hard cuts), same encoder settings."""
    args, video_parts, audio_parts = [], [], []
    fade = CROSSFADE_MS / 1000
    for i, cut in enumerate(cuts):
        args += ["-ss", f"{cut.start / 1000:.3f}", "-t", f"{(cut.end - cut.start) / 1000:.3f}", "-i", str(video)]
        head = fade / 2 if i else 0.0
        tail = fade / 2 if i < len(cuts) - 1 else 0.0
        video_parts.append(f"[{i}:v]trim=start={head}:end={(cut.end - cut.start) / 1000 - tail},"
                           f"setpts=PTS-STARTPTS[v{i}]")
    audio_parts.append(f"[0:a][1:a]acrossfade=d={fade}[x1]")
    for i in range(2, len(cuts)):
        audio_parts.append(f"[x{i - 1}][{i}:a]acrossfade=d={fade}[x{i}]")
    concat = "".join(f"[v{i}]" for i in range(len(cuts))) + f"concat=n={len(cuts)}:v=1:a=0[v]"
    graph = ";".join(video_parts + [concat] + audio_parts)
    encoder = Encoder()
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *args, "-filter_complex", graph,
                    "-map", "[v]", *encoder.video(), "-map", f"[x{len(cuts) - 1}]", *encoder.audio(),
                    *encoder.container(), str(out)], check=True)


def floor_clips(video: Path, cuts: list[Cut], folder: Path) -> None:
    encoder = Encoder()
    for i, cut in enumerate(cuts, 1):
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-ss", f"{cut.start / 1000:.3f}",
                        "-t", f"{(cut.end - cut.start) / 1000:.3f}", "-i", str(video), *encoder.video(),
                        *encoder.audio(), *encoder.container(), str(folder / f"floor-{i:02d}.mp4")], check=True)


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def measure(interview: Interview, cuts: Highlights, video: Path, folder: Path, repeat: int) -> list[Row]:
    reel_s = (sum(c.end - c.start for c in cuts.cuts) - (len(cuts.cuts) - 1) * CROSSFADE_MS) / 1000
    clips_s = sum(c.end - c.start for c in cuts.cuts) / 1000
    plain = RenderOptions(reel=True, captions="none")
    clips = RenderOptions(reel=False, clips=True, captions="none")
    burned = RenderOptions(reel=True, captions="burn")
    timings: dict[str, list[float]] = {k: [] for k in ("floor reel", "reel", "floor clips", "clips", "burn")}
    made: list[RenderResult] = []
    for _ in range(repeat):  # interleaved, so load drifts hit both sides alike
        timings["floor reel"].append(timed(lambda: floor_reel(video, cuts.cuts, folder / "floor-reel.mp4")))
        timings["reel"].append(timed(lambda: render(interview, cuts, folder / "gr", plain)))
        timings["floor clips"].append(timed(lambda: floor_clips(video, cuts.cuts, folder)))
        timings["clips"].append(timed(lambda: made.append(render(interview, cuts, folder / "gr", clips))))
    timings["burn"].append(timed(lambda: render(interview, cuts, folder / "gr-burn", burned)))
    copied = sum(o.copied for o in made[-1].outputs)
    t = {k: min(v) for k, v in timings.items()}
    return [
        Row("reel (6 cuts, crossfades, -16 LUFS)", t["reel"], t["floor reel"], reel_s),
        Row("clips (6 x 10 s, -16 LUFS)", t["clips"], t["floor clips"], clips_s,
            f"{copied} of 6 picture-copied"),
        Row("reel + burned captions (bold)", t["burn"], t["floor reel"], reel_s, "not in the targets"),
    ]


def report(console: Console, rows: list[Row]) -> bool:
    table = Table(title=f"render: greenroom vs plain ffmpeg, 720p{FPS}, x264 veryfast, 2 cores")
    for column in ("output", "media s", "greenroom s", "ffmpeg floor s", "ratio", "x real time", "note"):
        table.add_column(column, justify="left" if column in ("output", "note") else "right")
    for row in rows:
        table.add_row(row.name, f"{row.media_s:.2f}", f"{row.greenroom:.1f}",
                      f"{row.floor:.1f}" if row.floor else "", f"{row.ratio:.2f}" if row.ratio else "",
                      f"{row.media_s / row.greenroom:.2f}", row.note)
    console.print(table)
    reel, clips = rows[0], rows[1]
    checks = [
        (f"reel overhead {reel.ratio - 1:+.0%} <= {OVERHEAD_MAX:.0%}", (reel.ratio or 9) - 1 <= OVERHEAD_MAX),
        (f"clips overhead {clips.ratio - 1:+.0%} <= {OVERHEAD_MAX:.0%}", (clips.ratio or 9) - 1 <= OVERHEAD_MAX),
        (f"reel speed {reel.media_s / reel.greenroom:.2f}x >= {SPEED_MIN}x real time",
         reel.media_s / reel.greenroom >= SPEED_MIN),
    ]
    for text, ok in checks:
        console.print(f"[{'green' if ok else 'red'}]{'PASS' if ok else 'MISS'}[/] {text}")
    return all(ok for _, ok in checks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=2, help="runs per command, best kept (default 2)")
    parser.add_argument("--keep", type=Path, help="folder for the sample and video (reused across runs)")
    args = parser.parse_args()
    console = Console(width=150)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        interview, cuts, video = prepare(folder)
        ok = report(console, measure(interview, cuts, video, folder, args.repeat))
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
