"""From the pieces a reader finds (cues, turns, segments) to a clean `Interview`.

Every reader produces `Segment`s in file order and calls `assemble`, so the rules
that matter to users live in one place: times checked (nothing ends before it
starts or goes backwards), non-speech marks taken out of the words, `>>` speaker
changes split, caption fragments joined into utterances, speakers numbered in
order of appearance, and missing times estimated from neighbours when a human
transcript gives only a few stamps.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from greenroom import timecode
from greenroom.errors import FormatError
from greenroom.formats.limits import MAX_TIME_MS
from greenroom.formats.marks import split_marks, split_speaker_changes
from greenroom.model import (
    Interview,
    Mark,
    Source,
    Speaker,
    Utterance,
    Word,
    ends_sentence,
)

WORDS_PER_SECOND = 2.6  # conversational English, used only to estimate missing times
ANONYMOUS = re.compile(r"^(?:speaker|spk|spkr|voice|unknown|guest|host)[ _-]?\w{0,3}$", re.IGNORECASE)

log = logging.getLogger(__name__)
REPAIR_BACK_MS = 10_000  # a start up to this far behind the one before is repaired, not refused
MAX_LISTED = 5  # problems one error names


@dataclass
class Segment:
    """One piece of a transcript as the file has it.

    `speaker` is the label the file gives (None when this piece names nobody);
    `start`/`end` may be None in transcripts without stamps; `line` is the
    1-based source line, used in error messages.
    """

    text: str
    start: int | None = None
    end: int | None = None
    speaker: str | None = None
    words: list[Word] = field(default_factory=list)
    line: int | None = None
    confidence: float | None = None
    change: bool = False  # a `>>` marker put this piece after a change of speaker


@dataclass
class Options:
    """How `assemble` joins segments into utterances.

    merge: "none" keeps one utterance per segment; "captions" joins a segment
      that names no speaker to the utterance before it when the file labels
      speakers elsewhere, and otherwise joins caption fragments into sentences.
    max_gap_ms: a silence longer than this always starts a new utterance.
    max_utterance_ms: sentence-joining stops at this length.
    check_order: refuse segments whose start goes backwards.
    """

    merge: str = "none"
    max_gap_ms: int = 2000
    max_utterance_ms: int = 30_000
    check_order: bool = True


def assemble(segments: list[Segment], path: str, fmt: str, options: Options | None = None,
             *, title: str = "", chapters: list | None = None) -> Interview:
    """Build an Interview from segments; raise `FormatError` naming the line on bad times."""
    options = options or Options()
    if not segments and not chapters:
        raise FormatError(path, f"no {fmt} content found")
    if options.merge == "captions":  # a caption has exact times; a repeated "Yeah." in a transcript may be real
        segments = _without_repeats(segments, path)
    estimated = _fill_times(segments, path)
    _check_times(segments, path, options.check_order)
    pieces = _split_changes(segments)
    interview = Interview(title=title, source=Source(path=path, format=fmt,
                                                     timing="estimated" if estimated else "exact"))
    speakers = _SpeakerTable(interview)
    labelled = any(s.speaker for s in pieces)
    current: Utterance | None = None
    for piece in pieces:
        text, found = split_marks(piece.text)
        speaker_id = speakers.id_for(piece.speaker) if piece.speaker else None
        if not text.strip():
            if found:
                interview.marks += [Mark(piece.start or 0, piece.end or 0, m.kind, m.text, speaker_id)
                                    for m in found]
            continue
        if current is not None and _joins(current, piece, speaker_id, labelled, options):
            offset = len(current.text) + 1
            current.text = f"{current.text} {text}"
            current.end = max(current.end, piece.end or current.end)
            current.words += _clean_words(piece.words)
        else:
            current = Utterance(f"u{len(interview.utterances) + 1}", piece.start or 0,
                                piece.end or 0, speaker_id, text, _clean_words(piece.words),
                                piece.confidence)
            interview.utterances.append(current)
            offset = 0
        for m in found:
            interview.marks.append(_inline_mark(current, m.kind, m.text, offset + m.at, piece, len(text)))
        if piece.change:
            interview.marks.append(Mark(current.start, current.start, "speaker-change", ">>",
                                        utterance=current.id, at=0))
    if chapters:
        interview.chapters = chapters
    if not interview.utterances and not interview.marks and not interview.chapters:
        raise FormatError(path, f"no speech found in this {fmt} file")
    interview.marks.sort(key=lambda m: (m.start, m.end))
    return interview


def _without_repeats(segments: list[Segment], path: str) -> list[Segment]:
    """Caption segments less exact repeats of the one before (same times to the
    millisecond, speaker and text: a cue pasted twice), each reported by a warning
    naming its line."""
    kept: list[Segment] = []
    for seg in segments:
        last = kept[-1] if kept else None
        if (last is not None and seg.start is not None and (seg.start, seg.end, seg.speaker, seg.text)
                == (last.start, last.end, last.speaker, last.text)):
            log.warning("%s: line %s left out: it repeats the cue before it (same times and text)",
                        path, seg.line if seg.line is not None else "?")
            continue
        kept.append(seg)
    return kept


def _joins(current: Utterance, piece: Segment, speaker_id: str | None, labelled: bool,
           options: Options) -> bool:
    if options.merge != "captions" or piece.change:
        return False
    start = piece.start if piece.start is not None else current.end
    if start - current.end > options.max_gap_ms:
        return False
    if labelled:
        return piece.speaker is None
    if speaker_id != current.speaker:
        return False
    if ends_sentence(current.text):
        return False
    return (piece.end or start) - current.start <= options.max_utterance_ms


def _inline_mark(utterance: Utterance, kind: str, text: str, at: int, piece: Segment,
                 clean_length: int | None = None) -> Mark:
    """Time an inline mark by its position: from word times if any, else by characters.

    `clean_length` is the length of the piece's text once marks are taken out
    (what was appended to the utterance), so offsets are measured in the same text.
    """
    start = piece.start if piece.start is not None else utterance.start
    end = piece.end if piece.end is not None else utterance.end
    span = max(0, end - start)
    length = len(piece.text) if clean_length is None else clean_length
    local = at - (len(utterance.text) - length) if piece.text else 0
    ratio = min(1.0, max(0.0, local / max(1, length)))
    when = start + int(span * ratio)
    return Mark(when, when, kind, text, utterance.speaker, utterance.id, at)


def _clean_words(words: list[Word]) -> list[Word]:
    return [w for w in words if w.text.strip() and not split_marks(w.text)[1]]


class _SpeakerTable:
    """Speakers numbered S1, S2... in order of first appearance, by their label."""

    def __init__(self, interview: Interview):
        self.interview = interview
        self.by_label: dict[str, str] = {}

    def id_for(self, label: str) -> str:
        key = " ".join(label.split()).casefold()
        if key not in self.by_label:
            sid = f"S{len(self.by_label) + 1}"
            name = None if ANONYMOUS.match(label.strip()) else _person_name(label)
            self.interview.speakers.append(Speaker(sid, " ".join(label.split()), name))
            self.by_label[key] = sid
        return self.by_label[key]


def _person_name(label: str) -> str:
    """"JOHN SMITH" (SRT shouting) reads as "John Smith"; other labels stay as written."""
    name = " ".join(label.split())
    return name.title() if name.isupper() and len(name) > 3 else name


def _split_changes(segments: list[Segment]) -> list[Segment]:
    """Split each segment at `>>` markers; the part after a marker is a new turn."""
    out: list[Segment] = []
    for seg in segments:
        if ">>" not in seg.text:
            out.append(seg)
            continue
        parts = split_speaker_changes(seg.text)
        leading = seg.text.lstrip().startswith(">>")
        total = sum(len(p) for p in parts) or 1
        cursor = seg.start or 0
        span = (seg.end or cursor) - cursor
        for i, part in enumerate(parts):
            share = int(span * len(part) / total)
            out.append(Segment(part, cursor, cursor + share if i < len(parts) - 1 else seg.end,
                               seg.speaker if i == 0 else None, [], seg.line,
                               change=i > 0 or leading))
            cursor += share
        if seg.words:  # keep word times: hand them to the pieces by position
            _deal_words(seg.words, out[-len(parts):])
    return out


def _deal_words(words: list[Word], pieces: list[Segment]) -> None:
    index = 0
    for piece in pieces:
        count = len(piece.text.split())
        piece.words = words[index:index + count]
        index += count
        if piece.words:
            piece.start, piece.end = piece.words[0].start, piece.words[-1].end


def _fill_times(segments: list[Segment], path: str) -> bool:
    """Estimate missing start/end times from the nearest stamps and the word counts.

    Returns True when anything had to be estimated.
    """
    missing = [i for i, s in enumerate(segments) if s.start is None]
    if not missing:
        for i, seg in enumerate(segments):
            if seg.end is None:
                nxt = segments[i + 1].start if i + 1 < len(segments) else None
                seg.end = _natural_end(seg, nxt)
        return any(s.end is None for s in segments)
    i = 0
    clock = 0
    while i < len(segments):
        seg = segments[i]
        if seg.start is not None:
            clock = seg.start
            if seg.end is None:
                nxt = next((s.start for s in segments[i + 1:] if s.start is not None), None)
                seg.end = _natural_end(seg, nxt, following=_run_length(segments, i + 1))
            clock = max(clock, seg.end)
            i += 1
            continue
        j = i
        while j < len(segments) and segments[j].start is None:
            j += 1
        _spread(segments[i:j], clock, segments[j].start if j < len(segments) else None)
        clock = segments[j - 1].end or clock
        i = j
    return True


def _words_ms(seg: Segment) -> int:
    return max(400, int(len(seg.text.split()) / WORDS_PER_SECOND * 1000))


def _natural_end(seg: Segment, next_start: int | None, following: int = 0) -> int:
    assert seg.start is not None
    guess = seg.start + _words_ms(seg)
    if next_start is None:
        return guess
    if following:
        return min(guess, next_start)
    return max(seg.start, next_start) if next_start >= seg.start else guess


def _run_length(segments: list[Segment], start: int) -> int:
    n = 0
    while start + n < len(segments) and segments[start + n].start is None:
        n += 1
    return n


def _spread(run: list[Segment], begin: int, until: int | None) -> None:
    """Lay segments without times between `begin` and `until` by their word counts."""
    needs = [_words_ms(s) for s in run]
    total = sum(needs)
    scale = (until - begin) / total if until is not None and until > begin else 1.0
    clock = float(begin)
    for seg, need in zip(run, needs):
        seg.start = int(clock)
        clock += need * scale
        seg.end = int(clock)


def _check_times(segments: list[Segment], path: str, check_order: bool) -> None:
    """Refuse times out of range or ending before they start, listing every such line
    at once (up to MAX_LISTED); repair a start that runs back up to REPAIR_BACK_MS
    behind the one before (a scraped transcript's "[inaudible 01:11:46]" line, a cue a
    second out of order) by starting it where the one before started, with a warning
    naming the line. A stamp further back is an error: the file is out of order."""
    problems: list[tuple[int | None, str]] = []
    previous = None
    for seg in segments:
        assert seg.start is not None and seg.end is not None
        if seg.start < 0 or seg.end > MAX_TIME_MS:
            bad = seg.start if seg.start < 0 else seg.end
            problems.append((seg.line, (f"time {bad} ms is out of range: times must lie between 0 and "
                                       f"{MAX_TIME_MS // 3_600_000} hours")))
        elif seg.end < seg.start:
            problems.append((seg.line, (f"cue ends before it starts ({timecode.vtt(seg.start)} --> "
                                       f"{timecode.vtt(seg.end)})")))
        elif check_order and previous is not None and seg.start < previous:
            if previous - seg.start > REPAIR_BACK_MS:
                problems.append((seg.line, (f"timestamps go backwards ({timecode.vtt(seg.start)} after "
                                           f"{timecode.vtt(previous)})")))
            else:
                log.warning("%s:%s: timestamp %s runs back before %s; moved to %s", path, seg.line or "?",
                            timecode.vtt(seg.start), timecode.vtt(previous), timecode.vtt(previous))
                seg.start, seg.end = previous, max(seg.end, previous)
        previous = seg.start if previous is None else max(previous, seg.start)
    _refuse(problems, path)


def _refuse(problems: list[tuple[int | None, str]], path: str) -> None:
    """One error naming every problem (the first MAX_LISTED of them) with its line."""
    if not problems:
        return
    if len(problems) == 1:
        raise FormatError(path, problems[0][1], problems[0][0])
    listed = "; ".join(f"line {line}: {what}" if line else what for line, what in problems[:MAX_LISTED])
    more = f"; and {len(problems) - MAX_LISTED} more" if len(problems) > MAX_LISTED else ""
    raise FormatError(path, f"{len(problems)} problems: {listed}{more}")
