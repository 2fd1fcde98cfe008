"""Where each cut lands in a rendered clip or reel: pure timeline arithmetic, no ffmpeg.

A reel joins cuts with an audio crossfade of `crossfade` ms, so each join overlaps the
two cuts by that much and the reel lasts `sum(cut lengths) - (n - 1) * crossfade`.
The picture is a hard cut in the middle of each overlap: during the crossfade the
sound mixes both cuts while the picture shows one, and outside it sound and picture
stay in sync. Captions follow the picture's windows, so two cuts' words never overlap.
"""

from __future__ import annotations

from dataclasses import dataclass

from greenroom.model import Cut


@dataclass(frozen=True)
class Segment:
    """One cut placed on an output timeline (all ms, on the output's clock).

    `offset` is where the cut's first sample plays; `shown_from`/`shown_to` bound the
    stretch where its picture and captions are on screen.
    """

    cut: Cut
    offset: int
    shown_from: int
    shown_to: int

    @property
    def length(self) -> int:
        return self.cut.end - self.cut.start


@dataclass(frozen=True)
class Plan:
    segments: list[Segment]
    crossfade: int

    @property
    def duration(self) -> int:
        last = self.segments[-1]
        return last.offset + last.length


def plan(cuts: list[Cut], crossfade_ms: int = 0) -> Plan:
    """Place `cuts` end to end, overlapping each join by the crossfade.

    The crossfade shrinks to half the shortest cut so no cut is swallowed by its joins.
    """
    if not cuts:
        raise ValueError("plan needs at least one cut")
    shortest = min(c.end - c.start for c in cuts)
    fade = max(0, min(crossfade_ms, shortest // 2)) if len(cuts) > 1 else 0
    offsets, at = [], 0
    for cut in cuts:
        offsets.append(at)
        at += cut.end - cut.start - fade
    total = at + fade
    joins = [offsets[i] + fade // 2 for i in range(1, len(cuts))]
    bounds = [0, *joins, total]
    segments = [Segment(cut, offsets[i], bounds[i], bounds[i + 1]) for i, cut in enumerate(cuts)]
    return Plan(segments, fade)


@dataclass(frozen=True)
class FrameWindow:
    """The source frames one segment shows: `count` frames from frame `first`."""

    first: int
    count: int


def frame_windows(timeline: Plan, fps: float) -> list[FrameWindow]:
    """Source frames per segment, snapped to the output's frame grid.

    Each join is rounded to a whole output frame and each segment's first frame to
    the nearest source frame, so the counts add up to exactly `round(duration * fps)`
    (no drift across many cuts) and picture is never more than half a frame off sound.
    """
    windows = []
    for seg in timeline.segments:
        lo, hi = round(seg.shown_from * fps / 1000), round(seg.shown_to * fps / 1000)
        first = round((seg.cut.start - seg.offset) * fps / 1000 + lo)
        windows.append(FrameWindow(max(first, 0), hi - lo))
    return windows
