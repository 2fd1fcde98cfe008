"""The plan on paper: Markdown, a one-file HTML page, and a printable PDF run sheet.

Each shows the same thing: the header (guest, project, time, angle), the run sheet (time
slot, category, question, lead-in fact, follow-up), then the homework (key facts, topics
to avoid, what other interviews covered, notes, past interviews with what they were asked and their notable moments,
capped so it fits beside the run sheet). `save(plan, path)` picks the format by extension
and writes atomically. The PDF uses DejaVu Sans when the system has it, else a core font
with the text folded to Latin-1.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from greenroom import atomic
from greenroom.errors import InputError
from greenroom.prep.plan import Plan, PlanItem

COVERED = "Covered elsewhere (build on it, do not repeat it)"
PAST_QUESTIONS_SHOWN = 8
MOMENTS_SHOWN = 4
FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF")
LATIN1 = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...",
                        "•": "-", "→": "->", "·": "-", "\u00a0": " "})


def clock(minute: int) -> str:
    return f"{minute // 60}:{minute % 60:02d}:00" if minute >= 60 else f"{minute}:00"


def slot_label(item: PlanItem) -> str:
    label = {"opener": "opener", "big": "the big question", "close": "close"}.get(item.slot, "")
    label = label or ("your question" if item.source == "dossier" else "")
    return f"{item.category} ({label})" if label else item.category


def heading(plan: Plan) -> tuple[str, str]:
    d = plan.dossier
    year = f", {d.year}" if d.year else ""
    who = f"{d.guest}, {d.role}" if d.role else d.guest
    angle = f" · angle: {d.angle}" if d.angle else ""
    return f"{d.guest} on {d.title}", f"{who} · {d.title} ({d.kind}{year}) · {plan.minutes} minutes{angle}"


# -- Markdown ------------------------------------------------------------------

def markdown(plan: Plan) -> str:
    title, line = heading(plan)
    out = [f"# Run sheet: {title}", "", line, "", f"Questions from: {plan.source}.", "", "## Run sheet", ""]
    for n, item in enumerate(plan.items, start=1):
        end = item.start + item.minutes
        out.append(f"{n}. **{clock(item.start)}–{clock(end)}** ({item.minutes} min) · {slot_label(item)}  ")
        if item.setup:
            out.append(f"   *Lead-in:* {item.setup}  ")
        out += [f"   **{item.question}**  ", f"   *Follow-up:* {item.follow_up}", ""]
    out += ["## Homework", "", *_homework_md(plan)]
    if plan.notes:
        out += ["## Notes on this plan", "", *(f"- {n}" for n in plan.notes), ""]
    return "\n".join(out).rstrip() + "\n"


def _homework_md(plan: Plan) -> list[str]:
    d, work = plan.dossier, plan.homework
    out = ["**Key facts**", "", *(f"- {f}" for f in d.facts), ""]
    if d.avoid:
        out += ["**Avoid**", "", *(f"- {a}" for a in d.avoid), ""]
    if d.covered:
        out += [f"**{COVERED}**", "", *(f"- {c}" for c in d.covered), ""]
    if d.notes:
        out += ["**Notes**", "", d.notes, ""]
    out += [f"**Past interviews with {d.guest}**", ""]
    if not work.interviews:
        return [*out, work.note or f"No past interviews with {d.guest}.", ""]
    for interview in work.interviews:
        out.append(f"- {interview.title or interview.id} (`{interview.id}`, {interview.added[:10] or 'date unknown'}): "
                   f"{len(interview.questions)} questions" + ("" if interview.analyzed else "; not analyzed yet"))
    out += ["", "**Already asked** (do not repeat; build on the answers)", ""]
    out += [f"- \"{q.text}\" ({q.interview_id} at {_time(q.start)}, {q.kind}, {q.topic or 'other'}) <{q.link}>"
            for q in work.questions[:PAST_QUESTIONS_SHOWN]]
    out += _more(len(work.questions), PAST_QUESTIONS_SHOWN)
    moments = work.moments[:MOMENTS_SHOWN]
    out += ["", "**Notable moments**", ""]
    out += [f"- {m.kind} at {m.clock} ({m.interview_id}): \"{m.text}\" <{m.link}>" for m in moments] or \
        ["- None found: run `greenroom analyze ID` on the past interviews to find them."]
    covered = ", ".join(f"{t} {n}" for t, n in work.topics().most_common())
    return [*out, "", f"Topics asked before: {covered or 'none'}.", ""]


def _more(total: int, shown: int) -> list[str]:
    return [f"- … and {total - shown} more"] if total > shown else []


def _time(ms: int) -> str:
    from greenroom import timecode

    return timecode.clock(ms)


# -- HTML ----------------------------------------------------------------------

CSS = """body { margin: 0; color: #1f2328; font: 14px/1.45 system-ui, "Segoe UI", Roboto, Arial, sans-serif; }
main { max-width: 900px; margin: 0 auto; padding: 20px 28px 40px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 22px 0 8px; border-bottom: 1px solid #d8dde3; }
.meta, .dim { color: #5f6873; } table { border-collapse: collapse; width: 100%; }
td, th { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid #e6e9ee; }
th { font-size: 12px; color: #5f6873; } .q { font-weight: 600; } .time { white-space: nowrap; }
.lead, .follow { color: #5f6873; font-size: 13px; } tr.big td { background: #f4f6f8; }
@media print { main { padding: 0; } h2 { break-after: avoid; } tr { break-inside: avoid; } }"""


def html(plan: Plan) -> str:
    title, line = heading(plan)
    rows = []
    for item in plan.items:
        lead = f'<div class="lead">Lead-in: {escape(item.setup)}</div>' if item.setup else ""
        rows.append(f'<tr class="{escape(item.slot)}"><td class="time">{clock(item.start)}<br>'
                    f'<span class="dim">{item.minutes} min</span></td><td>{escape(slot_label(item))}</td>'
                    f'<td>{lead}<div class="q">{escape(item.question)}</div>'
                    f'<div class="follow">Follow-up: {escape(item.follow_up)}</div></td></tr>')
    notes = "".join(f"<li>{escape(n)}</li>" for n in plan.notes)
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Run sheet: {escape(title)}'
            f"</title><style>{CSS}</style></head><body><main><h1>Run sheet: {escape(title)}</h1>"
            f'<p class="meta">{escape(line)}</p><p class="dim">Questions from: {escape(plan.source)}.</p>'
            f"<h2>Run sheet</h2><table><thead><tr><th>Time</th><th>Category</th><th>Question</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table><h2>Homework</h2>{_homework_html(plan)}"
            + (f"<h2>Notes on this plan</h2><ul>{notes}</ul>" if notes else "") + "</main></body></html>\n")


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def _homework_html(plan: Plan) -> str:
    d, work = plan.dossier, plan.homework
    out = ["<h3>Key facts</h3>", _list([escape(f) for f in d.facts])]
    if d.avoid:
        out += ["<h3>Avoid</h3>", _list([escape(a) for a in d.avoid])]
    if d.covered:
        out += [f"<h3>{COVERED}</h3>", _list([escape(c) for c in d.covered])]
    if d.notes:
        out += ["<h3>Notes</h3>", f"<p>{escape(d.notes)}</p>"]
    out.append(f"<h3>Past interviews with {escape(d.guest)}</h3>")
    if not work.interviews:
        return "".join(out) + f'<p class="dim">{escape(work.note or "No past interviews.")}</p>'
    out.append(_list([f"{escape(i.title or i.id)} (<code>{escape(i.id)}</code>, {escape(i.added[:10])}): "
                      f"{len(i.questions)} questions" for i in work.interviews]))
    asked = [f"“{escape(q.text)}” <a href=\"{escape(q.link)}\">{escape(q.interview_id)} at {_time(q.start)}</a> "
             f'<span class="dim">{escape(q.kind)}, {escape(q.topic or "other")}</span>'
             for q in work.questions[:PAST_QUESTIONS_SHOWN]]
    out += ["<h3>Already asked</h3>", _list(asked + [escape(m[2:]) for m in _more(len(work.questions),
                                                                                   PAST_QUESTIONS_SHOWN)])]
    moments = [f"{escape(m.kind)} <a href=\"{escape(m.link)}\">{m.clock}</a>: “{escape(m.text)}”"
               for m in work.moments[:MOMENTS_SHOWN]]
    out += ["<h3>Notable moments</h3>", _list(moments) if moments else
            '<p class="dim">None found: analyze the past interviews to find them.</p>']
    return "".join(out)


# -- PDF -----------------------------------------------------------------------

def _font_file(name: str) -> Path | None:
    return next((Path(d) / name for d in FONT_DIRS if (Path(d) / name).is_file()), None)


def latin1(text: str) -> str:
    """Text a core PDF font can draw: typographic marks folded, the rest decomposed or '?'."""
    text = unicodedata.normalize("NFC", text.translate(LATIN1))
    return text.encode("latin-1", "replace").decode("latin-1")


def pdf(plan: Plan) -> bytes:
    """The run sheet as an A4 PDF (fpdf2), questions first, homework after."""
    from fpdf import FPDF

    doc = FPDF(format="A4")
    doc.set_margins(14, 12, 14)
    doc.set_auto_page_break(True, margin=12)
    regular, bold = _font_file("DejaVuSans.ttf"), _font_file("DejaVuSans-Bold.ttf")
    fix: Callable[[str], str] = latin1
    family = "helvetica"
    if regular and bold:
        doc.add_font("body", "", str(regular))
        doc.add_font("body", "B", str(bold))
        family, fix = "body", str
    doc.add_page()
    title, line = heading(plan)
    write = _Writer(doc, family, fix)
    write.text(f"Run sheet: {title}", 15, "B")
    write.text(line, 8.5, grey=True)
    write.text(f"Questions from: {plan.source}.", 8, grey=True)
    write.gap(2)
    for n, item in enumerate(plan.items, start=1):
        write.text(f"{n}.  {clock(item.start)}-{clock(item.start + item.minutes)}  ({item.minutes} min)  "
                   f"{slot_label(item)}", 8, "B", grey=True)
        if item.setup:
            write.text(f"Lead-in: {item.setup}", 8, grey=True)
        write.text(item.question, 10.5, "B")
        write.text(f"Follow-up: {item.follow_up}", 8.5)
        write.gap(1.5)
    write.text("Homework", 12, "B")
    for paragraph in _homework_md(plan):
        if paragraph:
            bold_line = paragraph.startswith("**")
            write.text(paragraph.replace("**", "").replace("`", ""), 8.5, "B" if bold_line else "")
    return bytes(doc.output())


class _Writer:
    """Paragraphs down the page: a font size, bold or not, grey or ink."""

    def __init__(self, doc: Any, family: str, fix: Callable[[str], str]):
        self.doc, self.family, self.fix = doc, family, fix

    def text(self, value: str, size: float, style: str = "", grey: bool = False) -> None:
        self.doc.set_font(self.family, style, size)
        self.doc.set_text_color(*((95, 104, 115) if grey else (31, 35, 40)))
        self.doc.multi_cell(0, size * 0.48, self.fix(value), new_x="LMARGIN", new_y="NEXT")

    def gap(self, mm: float) -> None:
        self.doc.ln(mm)


# -- files ---------------------------------------------------------------------

RENDERERS = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".pdf": "pdf"}


def render(plan: Plan, fmt: str) -> bytes:
    if fmt == "pdf":
        return pdf(plan)
    return (html(plan) if fmt == "html" else markdown(plan)).encode("utf-8")


def save(plan: Plan, path: str | os.PathLike[str]) -> Path:
    """Write the plan as .md, .html or .pdf (by extension), atomically; `InputError` otherwise."""
    fmt = RENDERERS.get(Path(path).suffix.lower())
    if fmt is None:
        raise InputError(path, f"unknown plan format; use one of {', '.join(sorted(set(RENDERERS)))}")
    return atomic.write_bytes(path, render(plan, fmt))

