"""One self-contained HTML report of an interview, readable on screen and on paper.

`render_report(interview)` returns a single HTML document: inline CSS, inline SVG
charts, no JavaScript, no fonts or images fetched from anywhere. It shows the
header (who, how long, from where), the coaching verdicts and key figures, a
talk-time timeline with one lane per speaker (laughter and other marks, moments
and flags on their own lanes), the chapter bar, the turns, flags and moments,
and the transcript, whose lines carry `id="t=SECONDS"` anchors that the timeline
links to. The document is `templates/report.html` (with `_report_timeline.html` for
the SVG) in the layout the guide and site share; this module computes the numbers
and plain text they show, and the templates' autoescape escapes every piece of text
from the interview. A layer that is empty says so in a short note instead of
drawing nothing.

The output depends only on the interview (no generation time), so two renders
of the same interview are byte-identical.
"""

from __future__ import annotations

import bisect
import math
import os
from typing import Any

from markupsafe import Markup

from greenroom import timecode
from greenroom.language import is_english, language_name
from greenroom.model import Interview, Mark, Utterance
from greenroom.policy import cleared_ids, release

CSS = """blockquote { margin: .6em 0; padding-left: .8em; border-left: 3px solid #ccc; }
cite { display: block; font-size: .85em; color: #666; font-style: normal; }

:root { --ink: #1f2328; --dim: #5f6873; --rule: #d8dde3; --soft: #f4f6f8; --flag: #c62828; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1060px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 26px; margin: 0 0 6px; }
h2 { font-size: 19px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--rule); }
a { color: inherit; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0 0; }
.meta dt { color: var(--dim); }
.meta dd { margin: 0; }
.note { color: var(--dim); font-style: italic; }
.warning { border-left: 4px solid #d97706; padding: .3em .8em; background: #fff7ed; }
.verdicts li { margin: 3px 0; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; margin: 14px 0 0; }
.figure { border: 1px solid var(--rule); border-radius: 6px; padding: 8px 12px; }
.figure b { display: block; font-size: 22px; }
.figure span { color: var(--dim); font-size: 13px; }
svg { display: block; width: 100%; height: auto; margin: 10px 0; }
svg text { font: 11px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: var(--ink); }
svg .tick { stroke: var(--rule); stroke-width: 1; }
svg .lane { fill: var(--soft); }
svg .band { fill: var(--flag); fill-opacity: 0.08; }
svg .flag { fill: var(--flag); }
svg .on-dark { fill: #fff; }
svg .dim { fill: var(--dim); }
.legend { display: flex; flex-wrap: wrap; gap: 4px 18px; font-size: 13px; color: var(--dim); padding: 0; margin: 0; }
.legend li { list-style: none; }
.swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 5px;
  vertical-align: -1px; }
table { width: 100%; border-collapse: collapse; font-size: 14px; }
th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid var(--rule); }
th { font-weight: 600; color: var(--dim); white-space: nowrap; }
td.time { white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.cut td { background: #fdecea; }
.chapters, .moments { padding-left: 22px; }
.chapters li, .moments li { margin: 3px 0; }
.keywords { color: var(--dim); font-size: 13px; }
.transcript .line { display: grid; grid-template-columns: 4.2em 9em 1fr; gap: 10px; padding: 4px 6px;
  border-left: 3px solid transparent; }
.transcript .line:target { background: #fff6d6; }
.transcript .line.cut { border-left-color: var(--flag); background: #fdf3f2; }
.transcript .line.review { border-left-color: #e0a100; }
.transcript .time { color: var(--dim); font-variant-numeric: tabular-nums; text-decoration: none; }
.transcript .who { font-weight: 600; overflow-wrap: anywhere; }
.mark { color: var(--dim); font-style: italic; }
.badge { display: inline-block; font-size: 11px; font-weight: 600; text-transform: uppercase; color: #fff;
  background: var(--flag); border-radius: 3px; padding: 0 5px; margin-right: 6px; }
.badge.review { background: #b07d00; }
footer { margin-top: 40px; color: var(--dim); font-size: 12px; }
@media print {
  @page { margin: 14mm; }
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  a { text-decoration: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; }
  tr, .line, .figure, svg { break-inside: avoid; }
}
"""

# Okabe-Ito-like, readable on white and apart from the flag red.
SPEAKER_COLOURS = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#8c564b", "#7f7f7f", "#bcbd22")
MOMENT_COLOURS = ("#6a3d9a", "#1f78b4", "#33a02c", "#ff7f00", "#b15928", "#a6761d")
CHAPTER_COLOURS = ("#dce8f5", "#e9e2f3")
UNKNOWN_COLOUR = "#9aa1a9"

WIDTH = 1000  # SVG user units; the drawing scales to the page
LEFT = 130  # room for lane labels
RIGHT = 14
PLOT = WIDTH - LEFT - RIGHT
LANE = 18
GAP = 6
TICK_STEPS_MIN = (1, 2, 5, 10, 15, 30, 60, 120)
MAX_TICKS = 16
CHAR_PX = 6.3  # rough width of one 11px character, to fit labels in spans

def render_report(interview: Interview) -> str:
    """The whole report as one HTML document (a str ending in a newline), from
    `templates/report.html` in the shared layout. It is made from the privacy
    policy's release, so it can be shared: flagged words are masked, off-the-record
    passages withheld, and every clearance a person gave is listed."""

    from greenroom.publish.templating import render

    interview = release(interview).interview
    view = View(interview)
    iv = view.iv
    return render("report.html", title=f"{view.title} — greenroom report", heading=view.title, css=Markup(CSS),
                  css_href=None, nav="", iid=iv.id, iid_or_placeholder=iv.id or "ID", meta=_header(view),
                  language_warning="" if is_english(iv.language) else language_name(iv.language or ""),
                  card=_card(view), coaching=_coaching(view), timeline=_timeline_section(view),
                  turns=_turns(view), flags=_flags(view), flag_count=len(iv.flags), clearances=_clearances(view),
                  moments=_moments(view), lines=_transcript(view))


class View:
    """What every section shares: the time scale, speaker colours, transcript anchors."""

    def __init__(self, interview: Interview):
        self.iv = interview
        self.title = interview.title or interview.id or "Interview"
        self.duration = max(interview.duration, 1)
        known = {s.id for s in interview.speakers}
        spoken = {u.speaker for u in interview.utterances}
        lanes: list[tuple[str | None, str]] = [(s.id, s.display) for s in interview.speakers if s.id in spoken]
        for u in interview.utterances:  # utterances whose speaker is unnamed or unknown get a lane too
            if u.speaker not in known and all(u.speaker != key for key, _ in lanes):
                lanes.append((u.speaker, u.speaker or "unknown speaker"))
        self.lanes = lanes
        self.colour = {key: SPEAKER_COLOURS[i % len(SPEAKER_COLOURS)] if key in known else UNKNOWN_COLOUR
                       for i, (key, _) in enumerate(lanes)}
        self.anchor: dict[str, str] = {}  # utterance id -> the anchor of its transcript line
        self.owns_anchor: set[str] = set()  # utterance ids whose line carries the id attribute
        seen: dict[str, str] = {}
        for u in interview.utterances:
            name = f"t={_seconds(u.start)}"
            if name not in seen:
                seen[name] = u.id
                self.owns_anchor.add(u.id)
            self.anchor[u.id] = name
        timed = sorted(interview.utterances, key=lambda u: u.start)
        self._starts = [u.start for u in timed]
        self._anchors = [self.anchor[u.id] for u in timed]

    def x(self, ms: int) -> float:
        return LEFT + PLOT * min(max(ms, 0), self.duration) / self.duration

    def link(self, ms: int) -> str:
        """`#t=...` of the transcript line at or just before `ms` (an anchor that exists)."""
        if not self._anchors:
            return "#"
        i = max(bisect.bisect_right(self._starts, ms) - 1, 0)
        return f"#{self._anchors[i]}"

    def who(self, speaker: str | None) -> str:
        return self.iv.speaker_name(speaker) or speaker or "unknown speaker"


# -- small helpers -------------------------------------------------------------

def _seconds(ms: int) -> str:
    return str(ms // 1000) if ms % 1000 == 0 else f"{ms / 1000:.3f}".rstrip("0")


def _clock(ms: int) -> str:
    return timecode.clock(max(int(ms), 0))


def _span(start: int, end: int) -> str:
    return f"{_clock(start)}–{_clock(end)}"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)} %"


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _fit(text: str, width: float) -> str:
    """`text` cut to what fits in `width` SVG units, with an ellipsis; "" if nothing fits."""
    room = int(width / CHAR_PX)
    if len(text) <= room:
        return text
    return text[: room - 1].rstrip() + "…" if room >= 4 else ""


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- header and coaching ---------------------------------------------------------

def _header(view: View) -> list[tuple[str, str]]:
    """The header's rows (name, value), those with a value."""
    iv = view.iv
    people = [f"{p.name} ({p.role})" for p in iv.people] or [f"{s.display} ({s.role})" for s in iv.speakers]
    source = iv.source
    where = [os.path.basename(p) for p in (source.path, source.media_path) if p] or ([source.url] if source.url else [])
    origin = ", ".join(where)
    if source.format:
        origin += f" ({source.format})" if origin else source.format
    duration = _clock(iv.duration)
    if source.timing != "exact":
        duration += " (times estimated)"
    rows = [("People", ", ".join(people)), ("Project", iv.project), ("Recorded", iv.recorded or ""),
            ("Published", iv.published or ""), ("Language", iv.language or ""),
            ("Duration", f"{duration} · {len(iv.utterances)} utterances"), ("Source", origin), ("Id", iv.id)]
    return [(name, value) for name, value in rows if value]


def _card(view: View) -> dict[str, Any] | None:
    """The card draft: what you'll learn, impact, angle and pull quotes with their times."""
    card = view.iv.card
    if card is None:
        return None
    return {"learn": card.learn, "impact": card.impact, "angle": card.angle,
            "quotes": [{"text": q.text, "who": view.iv.speaker_name(q.speaker) or q.speaker or "",
                        "seconds": _seconds(q.start), "at": _clock(q.start)} for q in card.quotes]}


def _coaching(view: View) -> dict[str, Any] | None:
    m = view.iv.metrics
    if m is None:
        return None
    asked = sum(m.questions.values())
    figures = [(_pct(m.talk_ratio), "talk ratio (interviewer's share)"),
               (_pct(m.extra.get("open_share")), "open questions"),
               (_pct(m.follow_up_rate), "follow-up rate"),
               (str(m.interruptions), "interruptions"),
               (str(asked), "questions asked")]
    if m.extra.get("promotion_share") is not None:
        figures.append((_pct(m.extra["promotion_share"]), "promotion share"))
    if m.extra.get("avg_question_words") is not None:
        figures.append((_num(m.extra["avg_question_words"]), "words per question"))
    return {"verdicts": m.verdicts, "figures": figures}


# -- timeline and chapter bar --------------------------------------------------

def _timeline_section(view: View) -> dict[str, Any] | None:
    """What `templates/_report_timeline.html` draws: the talk-time timeline (a lane per
    speaker, then marks, moments and flags), its legend and the chapter bar, as
    numbers and plain text; None with no utterances."""
    iv = view.iv
    if not iv.utterances:
        return None
    extra = [name for name, layer in (("Marks", iv.marks), ("Moments", iv.moments), ("Flags", iv.flags)) if layer]
    top = 6
    height = top + (len(view.lanes) + len(extra)) * (LANE + GAP) + 22
    y_of = {key: top + i * (LANE + GAP) for i, (key, _) in enumerate(view.lanes)}
    speakers_bottom = top + len(view.lanes) * (LANE + GAP) - GAP
    lanes = []
    for key, label in view.lanes:
        speaker = iv.speaker(key)
        lanes.append({"y": y_of[key], **_lane_label(y_of[key], label, f"{label} ({speaker.role})" if speaker else label)})
    bands = [{"x": f"{view.x(f.start):.1f}", "y": top, "width": f"{max(view.x(f.end) - view.x(f.start), 1):.1f}",
              "height": speakers_bottom - top} for f in iv.flags]  # what a flag covers, across the speech lanes
    shapes = {"Marks": _mark_glyphs, "Moments": _moment_spans, "Flags": _flag_spans}
    y = top + len(view.lanes) * (LANE + GAP)
    more = []
    for name in extra:
        more.append({**_lane_label(y, name, name), "shapes": shapes[name](view, y)})
        y += LANE + GAP
    return {"width": WIDTH, "height": height, "left": LEFT, "plot": PLOT, "lane": LANE,
            "aria": f"Talk time by speaker over {_clock(iv.duration)}", "lanes": lanes,
            "ticks": _ticks(view, top - 4, height - 20), "bands": bands,
            "utterances": [_utterance_rect(view, u, y_of[u.speaker]) for u in iv.utterances], "extra": more,
            **_legend(view), "chapters": _chapter_bar(view), "chapter_lane": _lane_label(5, "Chapters", "Chapters")}


def _ticks(view: View, top: int, bottom: int) -> list[dict[str, Any]]:
    """At most MAX_TICKS + 1 ticks, whatever the length: past the longest step, the step
    grows in multiples of it (a cue at an absurd hour once made this loop for minutes)."""
    minutes = view.duration / 60_000
    longest = TICK_STEPS_MIN[-1]
    step = next((s for s in TICK_STEPS_MIN if minutes / s <= MAX_TICKS),
                longest * math.ceil(minutes / (longest * MAX_TICKS)))
    out = []
    at = 0
    while at <= view.duration:
        x = view.x(at)
        anchor = "start" if at == 0 else "end" if x > WIDTH - RIGHT - 20 else "middle"
        out.append({"x": f"{x:.1f}", "top": top, "bottom": bottom, "label_y": bottom + 13, "anchor": anchor,
                    "at": _clock(at)})
        at += step * 60_000
    return out


def _lane_label(y: int, text: str, full: str) -> dict[str, Any]:
    return {"label_x": LEFT - 8, "label_y": y + LANE - 5, "label": _fit(text, LEFT - 12), "full": full}


def _utterance_rect(view: View, u: Utterance, y: int) -> dict[str, Any]:
    x0, x1 = view.x(u.start), view.x(u.end)
    return {"anchor": view.anchor[u.id], "x": f"{x0:.1f}", "y": y, "width": f"{max(x1 - x0, 0.8):.1f}",
            "fill": view.colour[u.speaker], "tip": f"{_span(u.start, u.end)} {view.who(u.speaker)}: {_short(u.text, 120)}"}


def _mark_glyphs(view: View, y: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    mid = y + LANE / 2
    for mark in sorted(view.iv.marks, key=lambda m: (m.start, m.end, m.kind)):
        tip = _mark_tip(view, mark)
        x = view.x(mark.start)
        if mark.end - mark.start >= 1000 and mark.kind != "laughter":  # a stretch: pause, music, inaudible
            out.append({"shape": "span", "x": f"{x:.1f}", "y": f"{mid - 3:.1f}",
                        "width": f"{max(view.x(mark.end) - x, 1):.1f}", "fill": UNKNOWN_COLOUR, "tip": tip})
        elif mark.kind == "laughter":
            out.append({"shape": "laugh", "x": f"{x:.1f}", "y": f"{mid:.1f}", "tip": tip})
        else:
            points = f"{x:.1f},{mid - 5:.1f} {x + 4:.1f},{mid:.1f} {x:.1f},{mid + 5:.1f} {x - 4:.1f},{mid:.1f}"
            out.append({"shape": "mark", "points": points, "fill": UNKNOWN_COLOUR, "tip": tip})
    return out


def _mark_tip(view: View, mark: Mark) -> str:
    who = f" — {view.who(mark.speaker)}" if mark.speaker else ""
    shown = f" {mark.text}" if mark.text else ""
    return f"{_clock(mark.start)} {mark.kind}{shown}{who}"


def _moment_colours(view: View) -> dict[str, str]:
    kinds = sorted({m.kind for m in view.iv.moments})
    return {kind: MOMENT_COLOURS[i % len(MOMENT_COLOURS)] for i, kind in enumerate(kinds)}


def _span_shape(shape: str, ident: str, x0: float, x1: float, y: int, tip: str, label: str, rx: int,
                fill: str = "") -> dict[str, Any]:
    """A moment or flag on its lane, linked to its row below; its label when it fits."""
    width = max(x1 - x0, 2)
    return {"shape": shape, "id": ident, "x": f"{x0:.1f}", "y": y, "width": f"{width:.1f}", "rx": rx, "fill": fill,
            "tip": tip, "label": _fit(label, width - 4), "text_x": f"{x0 + 3:.1f}", "text_y": y + LANE - 5}


def _moment_spans(view: View, y: int) -> list[dict[str, Any]]:
    colours = _moment_colours(view)
    return [_span_shape("moment", m.id, view.x(m.start), view.x(m.end), y,
                        f"{_span(m.start, m.end)} {m.kind} (score {m.score:.2f})" + (f": {m.reason}" if m.reason else ""),
                        m.kind, 3, colours[m.kind]) for m in view.iv.moments]


def _flag_spans(view: View, y: int) -> list[dict[str, Any]]:
    return [_span_shape("flag", f.id, view.x(f.start), view.x(f.end), y,
                        f"{_span(f.start, f.end)} {f.kind} ({f.severity}): {f.action} — {f.label}", f.action, 2)
            for f in view.iv.flags]


def _legend(view: View) -> dict[str, Any]:
    iv = view.iv
    talk = {key: sum(max(u.duration, 0) for u in iv.utterances if u.speaker == key) for key, _ in view.lanes}
    total = sum(talk.values()) or 1
    speakers = []
    for key, label in view.lanes:
        speaker = iv.speaker(key)
        speakers.append({"colour": view.colour[key], "label": label, "role": f", {speaker.role}" if speaker else "",
                         "talk": _clock(talk[key]), "share": _pct(talk[key] / total)})
    return {"legend": speakers, "laughter": bool(iv.marks), "moment_kinds": list(_moment_colours(view).items()),
            "flags": bool(iv.flags)}


def _chapter_bar(view: View) -> list[dict[str, Any]]:
    out = []
    for i, c in enumerate(view.iv.chapters):
        x0, x1 = view.x(c.start), view.x(c.end)
        width = max(x1 - x0, 1)
        keywords = f" — {', '.join(c.keywords)}" if c.keywords else ""
        out.append({"link": view.link(c.start), "x": f"{x0:.1f}", "width": f"{width:.1f}",
                    "fill": CHAPTER_COLOURS[i % 2], "tip": f"{_span(c.start, c.end)} {c.title}{keywords}",
                    "label": _fit(c.title, width - 8), "text_x": f"{x0 + 4:.1f}", "text_y": 5 + LANE - 5,
                    "at": _clock(c.start), "title": c.title, "keywords": ", ".join(c.keywords[:6])})
    return out


# -- tables and lists -----------------------------------------------------------

def _turns(view: View) -> list[dict[str, Any]]:
    iv = view.iv
    by_id = {u.id: u for u in iv.utterances}
    rows = []
    for turn in iv.turns:
        asked = [by_id[u] for u in turn.question if u in by_id]
        rows.append({"id": turn.id, "anchor": view.anchor[asked[0].id] if asked else "",
                     "at": _clock(asked[0].start) if asked else "", "kind": turn.kind, "topic": turn.topic,
                     "follow": turn.follow_up_of or "", "text": _short(" ".join(u.text for u in asked), 220)})
    return rows


def _flags(view: View) -> list[dict[str, Any]]:
    iv = view.iv
    cleared = cleared_ids(iv)
    return [{"id": f.id, "cut": f.action == "cut" and f.id not in cleared, "link": view.link(f.start),
             "span": _span(f.start, f.end), "kind": f.kind, "severity": f.severity, "action": f.action,
             "label": f.label}
            for f in sorted(iv.flags, key=lambda f: (f.start, f.end))]  # each analyzer appends its own


def _clearances(view: View) -> list[dict[str, str]]:
    """The clearances that stand (a person published a flagged passage), listed with the flags."""
    cleared = cleared_ids(view.iv)
    return [{"flag": c.flag, "by": c.by, "at": c.at, "reason": c.reason} for c in view.iv.clearances
            if c.flag in cleared]


def _moments(view: View) -> list[dict[str, Any]]:
    iv = view.iv
    colours = _moment_colours(view)
    return [{"id": m.id, "colour": colours[m.kind], "link": view.link(m.start), "span": _span(m.start, m.end),
             "kind": m.kind, "score": f"{m.score:.2f}", "reason": m.reason,
             "said": str(m.evidence["text"]) if m.evidence.get("text") else ""}
            for m in sorted(iv.moments, key=lambda m: (m.start, m.id))]


# -- transcript -------------------------------------------------------------------

def _transcript(view: View) -> list[dict[str, Any]]:
    """The transcript's lines, with the marks that belong to no line (laughter between
    lines) placed by time."""
    iv = view.iv
    inline: dict[str, list[Mark]] = {}
    for mark in iv.marks:
        if mark.utterance:
            inline.setdefault(mark.utterance, []).append(mark)
    loose = sorted((m for m in iv.marks if not m.utterance), key=lambda m: (m.start, m.kind))
    lines = []
    for u in iv.utterances:
        while loose and loose[0].start <= u.start:
            lines.append(_loose_mark(loose.pop(0)))
        lines.append(_line(view, u, inline.get(u.id, [])))
    lines += [_loose_mark(m) for m in loose]
    return lines


def _line(view: View, u: Utterance, marks: list[Mark]) -> dict[str, Any]:
    flags = [f for f in view.iv.flags if f.start < u.end and f.end > u.start]
    actions = {f.action for f in flags}
    state = "cut" if "cut" in actions else "review" if flags else ""
    return {"loose": False, "cls": f"line {state}".strip(), "owns": u.id in view.owns_anchor,
            "anchor": view.anchor[u.id], "at": _clock(u.start), "colour": view.colour.get(u.speaker, UNKNOWN_COLOUR),
            "who": view.who(u.speaker), "badges": sorted(actions), "parts": _with_marks(u.text, marks)}


def _with_marks(text: str, marks: list[Mark]) -> list[tuple[str, bool]]:
    """The utterance's text in parts with its inline marks put back where they were
    ((text, is a mark)), trailing space dropped."""
    out: list[tuple[str, bool]] = []
    cursor = 0
    for mark in sorted(marks, key=lambda m: (m.at or 0, m.start)):
        at = max(cursor, min(mark.at or 0, len(text)))
        space = " " if at and not text[:at].endswith(" ") else ""
        out += [(text[cursor:at] + space, False), (mark.text or "[" + mark.kind + "]", True), (" ", False)]
        cursor = at
    out.append((text[cursor:], False))
    while out and not out[-1][1] and not out[-1][0].rstrip():
        out.pop()
    if out and not out[-1][1]:
        out[-1] = (out[-1][0].rstrip(), False)
    return [part for part in out if part[0]]


def _loose_mark(mark: Mark) -> dict[str, Any]:
    return {"loose": True, "at": _clock(mark.start), "text": mark.text or "[" + mark.kind + "]"}
