"""Rich rendering for the command line: tables, transcripts, search hits."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from greenroom import timecode
from greenroom.language import is_english, language_name
from greenroom.model import Interview

if TYPE_CHECKING:
    from greenroom.library import AddResult, Hit, Summary

SPEAKER_STYLES = ("bold cyan", "bold magenta", "bold green", "bold yellow", "bold blue", "bold red")


def console() -> Console:
    """stdout console; wide and unwrapped when piped so scripts see whole lines."""
    if os.isatty(1):
        return Console(highlight=False)
    return Console(highlight=False, width=200, soft_wrap=True, no_color=True)


def import_line(name: str, result: AddResult, interview: Interview) -> str:
    """`imported <file>: <n> speakers, <n> utterances, <duration> <id>` (id last)."""
    verb = "imported" if result.created else "replaced" if result.replaced else "already in library"
    speakers = ", ".join(s.display for s in interview.speakers[:4]) or "no speakers named"
    if len(interview.speakers) > 4:
        speakers += f" +{len(interview.speakers) - 4}"
    detail = (f"{interview.source.format}, {speakers}, {len(interview.utterances)} utterances, "
              f"{timecode.clock(interview.duration)}")
    return f"{verb} {name} ({detail}) {result.id}"


def summaries_table(summaries: list[Summary]) -> None:
    out = console()
    if not summaries:
        out.print("The library is empty. Import something: greenroom import FILE")
        return
    table = Table(title=f"{len(summaries)} interviews", title_justify="left")
    for column in ("id", "title", "guests", "interviewers", "length", "utterances", "format", "added"):
        table.add_column(column, overflow="fold")
    for s in summaries:
        table.add_row(s.id, escape(s.title), escape(", ".join(s.guests)), escape(", ".join(s.interviewers)),
                      timecode.clock(s.duration), str(s.utterances), s.format or "", s.added[:16].replace("T", " "))
    out.print(table)


def _header(interview: Interview) -> Text:
    text = Text(interview.title or interview.id, style="bold")
    text.append(f"  [{interview.id}]", style="dim")
    people = [f"{p.name} ({p.role})" for p in interview.people]
    line = ", ".join(people) or ", ".join(s.display for s in interview.speakers)
    facts = [timecode.clock(interview.duration), f"{len(interview.utterances)} utterances"]
    if interview.source.timing != "exact":
        facts.append("times estimated")
    if interview.source.format:
        facts.append(f"from {interview.source.format}")
    text.append("\n" + " · ".join([line] + facts if line else facts), style="dim")
    return text


def transcript(interview: Interview) -> None:
    """The transcript: `[m:ss] Name  text`, marks inline in dim italics."""
    out = console()
    out.print(_header(interview))
    out.print()
    styles = {s.id: SPEAKER_STYLES[i % len(SPEAKER_STYLES)] for i, s in enumerate(interview.speakers)}
    inline: dict[str, list[tuple[int, str]]] = {}
    for mark in interview.marks:
        if mark.utterance:
            inline.setdefault(mark.utterance, []).append((mark.at or 0, mark.text or f"[{mark.kind}]"))
    loose = sorted((m for m in interview.marks if not m.utterance), key=lambda m: m.start)
    for utt in interview.utterances:
        while loose and loose[0].start <= utt.start:
            mark = loose.pop(0)
            out.print(Text(f"[{timecode.clock(mark.start)}] {mark.text or mark.kind}", style="dim italic"))
        line = Text(f"[{timecode.clock(utt.start)}] ", style="dim")
        line.append(interview.speaker_name(utt.speaker) or "—", style=styles.get(utt.speaker or "", "bold"))
        line.append("  ")
        line.append_text(_with_marks(utt.text, inline.get(utt.id, [])))
        out.print(line)
    for mark in loose:
        out.print(Text(f"[{timecode.clock(mark.start)}] {mark.text or mark.kind}", style="dim italic"))


def _with_marks(text: str, marks: list[tuple[int, str]]) -> Text:
    result = Text()
    cursor = 0
    for at, shown in sorted(marks):
        at = max(cursor, min(at, len(text)))
        result.append(text[cursor:at])
        result.append(f"{' ' if at else ''}{shown} ", style="dim italic")
        cursor = at
    result.append(text[cursor:])
    return result


def hits_table(query: str, hits: list[Hit]) -> None:
    out = console()
    if not hits:
        out.print(f"No matches for {query!r}.")
        return
    table = Table(title=f"{len(hits)} matches for {query!r}", title_justify="left")
    for column in ("interview", "time", "speaker", "snippet"):
        table.add_column(column, overflow="fold")
    for hit in hits:
        snippet = Text(hit.snippet.replace("\n", " "))
        snippet.highlight_regex(r"\[[^\[\]]+\]", "bold yellow")
        if hit.same_words:
            snippet.append(f"  (same words in {hit.same_words} more line{'s' * (hit.same_words > 1)})", "dim")
        table.add_row(f"{escape(hit.title)}\n[dim]{hit.interview_id}[/]",
                      timecode.clock(hit.start), escape(hit.speaker or ""), snippet)
    out.print(table)


def transcribe_line(name: str, result: AddResult, interview: Interview | None) -> str:
    """`transcribed <file> (...) <id>`; media already in the library says so."""
    if interview is None:
        return f"already in library {name} ({result.title}) {result.id}"
    verb = "transcribed" if result.created else "replaced"
    who = ", ".join(f"{s.display} ({s.role})" for s in interview.speakers) or "no speech found"
    detail = f"{who}, {len(interview.utterances)} utterances, {timecode.clock(interview.duration)}"
    if interview.language:
        detail += f", {interview.language}"
    return f"{verb} {name} ({detail}) {result.id}"


def analysis_report(interview: Interview) -> None:
    """What the analyzers found: coaching verdicts, turns, chapters, flags."""
    out = console()
    out.print(_header(interview))
    if not is_english(interview.language):
        out.print(f"[yellow]Note: this interview is in {escape(language_name(interview.language or ''))}; greenroom's "
                  "analyzers read English, so questions, moments, privacy flags (off-the-record remarks too) and "
                  "the card are unreliable: review it by hand.[/]")
    if interview.metrics:
        out.print("\n[bold]Coaching[/]")
        for verdict in interview.metrics.verdicts:
            out.print(f"  • {escape(verdict)}")
    _turns_table(out, interview)
    if interview.chapters:
        out.print("\n[bold]Chapters[/]")
        for chapter in interview.chapters:
            keywords = ", ".join(chapter.keywords[:5])
            out.print(f"  [{timecode.clock(chapter.start)}] {escape(chapter.title)}  [dim]{escape(keywords)}[/]")
    _moments(out, interview)
    _card(out, interview)
    if interview.flags:
        table = Table(title="Flags", title_justify="left")
        for column in ("time", "kind", "severity", "action", "label"):
            table.add_column(column, overflow="fold")
        for flag in sorted(interview.flags, key=lambda f: (f.start, f.end)):  # each analyzer appends its own
            table.add_row(f"{timecode.clock(flag.start)}–{timecode.clock(flag.end)}", flag.kind, flag.severity,
                          flag.action, escape(flag.label))
        out.print(table)


def _turns_table(out: Console, interview: Interview) -> None:
    if not interview.turns:
        return
    by_id = {u.id: u for u in interview.utterances}
    table = Table(title=f"{len(interview.turns)} questions", title_justify="left")
    for column in ("time", "kind", "topic", "follow-up", "question"):
        table.add_column(column, overflow="fold")
    for turn in interview.turns:
        first = by_id.get(turn.question[0]) if turn.question else None
        text = " ".join(by_id[u].text for u in turn.question if u in by_id)
        table.add_row(timecode.clock(first.start) if first else "", turn.kind, turn.topic,
                      "yes" if turn.follow_up_of else "", escape(shorten(text, QUESTION_CHARS)))
    out.print(table)


QUESTION_CHARS = 160
MOMENT_CHARS = 120


def shorten(text: str, limit: int) -> str:
    """`text` cut at the last whole word that fits, with an ellipsis ("watching
    multiple ep" was how a cut question read)."""
    if len(text) <= limit:
        return text
    return text[:limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def _moments(out: Console, interview: Interview, shown: int = 8) -> None:
    if not interview.moments:
        return
    best = sorted(interview.moments, key=lambda m: -m.score)[:shown]
    table = Table(title=f"Moments (best {len(best)} of {len(interview.moments)})", title_justify="left")
    for column in ("time", "kind", "score", "said", "why"):
        table.add_column(column, overflow="fold")
    for moment in best:  # what was said first: an editor judges the line, then the reason
        said = f"“{shorten(str(moment.evidence.get('text', '')), MOMENT_CHARS)}”" if moment.evidence.get("text") else ""
        table.add_row(f"{timecode.clock(moment.start)}–{timecode.clock(moment.end)}", moment.kind,
                      f"{moment.score:.2f}", escape(said), escape(moment.reason))
    out.print(table)


def _card(out: Console, interview: Interview) -> None:
    card = interview.card
    if card is None:
        return
    out.print("\n[bold]Card draft[/]")
    for bullet in card.learn:
        out.print(f"  • {escape(bullet)}")
    if card.impact:
        out.print(f"  [dim]impact[/] {escape(card.impact)}")
    if card.angle:
        out.print(f"  [dim]angle[/]  {escape(card.angle)}")
    for quote in card.quotes:
        who = interview.speaker_name(quote.speaker) or quote.speaker or ""
        out.print(f"  “{escape(quote.text)}” — {escape(who)} [{timecode.clock(quote.start)}]")
