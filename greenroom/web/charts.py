"""The coaching chart of an interview page, as geometry for an inline SVG.

The coaching analysis (`analyze.coaching`, stored as the interview's `metrics`)
says how much the interviewer talked and what kinds of question they asked; the
page draws it server-side, so it reads without JavaScript and needs no chart
library: who talked in each stretch of the interview (a stacked column per stretch,
one colour per speaker, as in the transcript), where each question was asked and of
what kind (a tick per question on the same time axis), and the questions counted by
kind. Everything here is numbers and words; the template escapes and draws them,
and gives the same figures as a table and as the SVG's own title and description.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from greenroom import timecode
from greenroom.model import Interview

STRETCHES = 12  # columns across the interview
WIDTH, LEFT, RIGHT = 320, 34, 8
COLUMNS_TOP, COLUMNS_HEIGHT = 8, 96
TICKS_TOP, TICKS_HEIGHT = 116, 14
AXIS_Y = 146
KIND_ROW = 22
KIND_LABEL = 118


@dataclass
class Segment:
    """One speaker's share of one stretch, as a rectangle."""

    speaker: str
    colour: int  # the speaker's index, as in the transcript (sp0..sp5)
    x: float
    y: float
    width: float
    height: float
    share: float


@dataclass
class Tick:
    """One question on the time axis."""

    x: float
    kind: str
    at: str


@dataclass
class KindBar:
    kind: str
    count: int
    y: float
    width: float


@dataclass
class Stretch:
    start: str
    end: str
    shares: dict[str, float]


@dataclass
class CoachingChart:
    """What the page draws, and the figures it draws from."""

    segments: list[Segment]
    ticks: list[Tick]
    kinds: list[KindBar]
    stretches: list[Stretch]
    speakers: list[tuple[str, int, str, float]]  # name, colour, role, share of all talk
    axis: list[tuple[float, str]]  # x, time label
    talk_ratio: float | None
    verdicts: list[str] = field(default_factory=list)
    kinds_height: float = 0.0
    summary: str = ""
    width: int = WIDTH
    height: int = AXIS_Y + 8
    left: int = LEFT
    plot_width: int = WIDTH - LEFT - RIGHT
    columns_top: int = COLUMNS_TOP
    columns_height: int = COLUMNS_HEIGHT
    ticks_top: int = TICKS_TOP
    ticks_height: int = TICKS_HEIGHT
    kind_label: int = KIND_LABEL


def coaching_chart(interview: Interview) -> CoachingChart | None:
    """The chart of `interview`'s coaching, or None when it has no coaching analysis
    or nothing was said."""
    metrics = interview.metrics
    spoken = [u for u in interview.utterances if u.end > u.start]
    if metrics is None or not spoken:
        return None
    start, end = min(u.start for u in spoken), max(u.end for u in spoken)
    order = {s.id: i for i, s in enumerate(interview.speakers)}
    stretches, segments = _columns(interview, start, end, order)
    ticks = _ticks(interview, start, end)
    kinds = _kind_bars(metrics.questions)
    speakers = _speakers(interview, order)
    axis = [(_x(at, start, end), timecode.clock(at)) for at in (start, (start + end) // 2, end)]
    chart = CoachingChart(segments, ticks, kinds, stretches, speakers, axis, metrics.talk_ratio,
                          list(metrics.verdicts), KIND_ROW * len(kinds) + 4)
    chart.summary = _summary(chart)
    return chart


def _x(at: int, start: int, end: int) -> float:
    return round(LEFT + (WIDTH - LEFT - RIGHT) * (at - start) / max(end - start, 1), 1)


def _columns(interview: Interview, start: int, end: int,
             order: dict[str, int]) -> tuple[list[Stretch], list[Segment]]:
    """Each stretch's talk by speaker, as shares of what was said in it, stacked."""
    step = max((end - start) / STRETCHES, 1)
    width = (WIDTH - LEFT - RIGHT) / STRETCHES
    stretches, segments = [], []
    for i in range(STRETCHES):
        a, b = start + i * step, start + (i + 1) * step
        talk: dict[str, float] = {}
        for u in interview.utterances:
            overlap = min(u.end, b) - max(u.start, a)
            if overlap > 0:
                name = u.speaker or ""
                talk[name] = talk.get(name, 0.0) + overlap
        total = sum(talk.values())
        shares = {sid: ms / total for sid, ms in sorted(talk.items(), key=lambda kv: order.get(kv[0], 99))} \
            if total else {}
        stretches.append(Stretch(timecode.clock(int(a)), timecode.clock(int(b)),
                                 {interview.speaker_name(sid) or sid or "?": round(v, 3) for sid, v in shares.items()}))
        y = float(COLUMNS_TOP + COLUMNS_HEIGHT)
        for sid, share in shares.items():
            height = COLUMNS_HEIGHT * share
            y -= height
            segments.append(Segment(interview.speaker_name(sid) or sid or "?", order.get(sid, 0) % 6,
                                    round(LEFT + i * width + 1, 1), round(y, 1), round(width - 2, 1),
                                    round(height, 1), round(share, 3)))
    return stretches, segments


def _ticks(interview: Interview, start: int, end: int) -> list[Tick]:
    starts = {u.id: u.start for u in interview.utterances}
    ticks = []
    for turn in interview.turns:
        asked = [starts[uid] for uid in turn.question if uid in starts]
        if asked:
            ticks.append(Tick(_x(min(asked), start, end), turn.kind, timecode.clock(min(asked))))
    return ticks


def _kind_bars(questions: dict[str, int]) -> list[KindBar]:
    most = max(questions.values(), default=0) or 1
    room = WIDTH - KIND_LABEL - 30
    return [KindBar(kind, count, 4 + i * KIND_ROW, round(room * count / most, 1))
            for i, (kind, count) in enumerate(questions.items())]


def _speakers(interview: Interview, order: dict[str, int]) -> list[tuple[str, int, str, float]]:
    talk: dict[str, int] = {}
    for u in interview.utterances:
        talk[u.speaker or ""] = talk.get(u.speaker or "", 0) + max(u.end - u.start, 0)
    total = sum(talk.values()) or 1
    return [(s.display, order[s.id] % 6, s.role, round(talk.get(s.id, 0) / total, 3))
            for s in interview.speakers if talk.get(s.id)]


def _summary(chart: CoachingChart) -> str:
    """The chart in one paragraph, for its SVG description (screen readers)."""
    talk = "; ".join(f"{name} ({role}) {round(share * 100)} %" for name, _, role, share in chart.speakers)
    asked = ", ".join(f"{k.count} {k.kind}" for k in chart.kinds if k.count)
    return (f"Share of the talking: {talk}. Questions asked: {asked or 'none found'}. "
            f"The columns show who talked in each of {len(chart.stretches)} equal stretches; "
            "the ticks below them mark each question, coloured by kind.")
