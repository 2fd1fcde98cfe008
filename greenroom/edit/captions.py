"""Captions for rendered clips and reels, made from the transcript's word times.

Words are grouped into short one-line captions (at most `max_chars`: about 42 for
16:9, 32 for vertical), broken early at a speaker change, a sentence end or a pause.
Each caption is written as one ASS event per word, the current word in the style's
highlight colour, so a viewer's eye follows the speech (per-word events rather than
karaoke `\\k` tags, which fill every word already spoken, not just the current one).

Times are on the output's clock: a word at source time `w` in a segment placed at
`offset` plays at `offset + (w - cut.start)`, clipped to the segment's on-screen
window so a reel's crossfades never show two captions at once. PlayRes matches the
output size and the margins keep text inside the title-safe area (10 % each side;
a vertical video keeps it higher, above the apps' buttons and descriptions).
"""

from __future__ import annotations

from dataclasses import dataclass

import pysubs2

from greenroom.analyze.sentences import timed_spans
from greenroom.edit.render_plan import Segment
from greenroom.model import Interview, Utterance, Word

PAUSE_BREAK_MS = 700  # a silence this long starts a new caption
MIN_CUE_MS = 700  # a sidecar cue shorter than this flashes past
MAX_CUE_MS = 7000  # and one longer than this outstays reading
HOLD_MS = 400  # a caption stays up this long after its last word (less if the next one starts)
SAFE = 0.10  # title-safe margin, a fraction of the width / height
VERTICAL_BOTTOM = 0.20  # vertical videos: keep captions above the apps' own overlays
CHAR_WIDTH = 0.56  # average glyph advance of DejaVu Sans, in ems (uppercase bold ~0.68)


@dataclass(frozen=True)
class Style:
    """A caption look. Colours are (r, g, b); sizes scale with the output."""

    name: str
    fontname: str
    bold: bool
    upper: bool
    text: tuple[int, int, int]
    highlight: tuple[int, int, int]
    outline: float  # as a fraction of the font size
    shadow: float
    box: bool  # an opaque box behind the text instead of an outline
    glyph_width: float
    line_factor: float  # lines this much shorter than the default limit


STYLES: dict[str, Style] = {
    "clean": Style("clean", "DejaVu Sans", False, False, (255, 255, 255), (255, 214, 74),
                   0.08, 0.04, False, CHAR_WIDTH, 1.0),
    "bold": Style("bold", "DejaVu Sans", True, True, (255, 255, 255), (56, 226, 122),
                  0.14, 0.0, False, 0.68, 0.8),
    "boxed": Style("boxed", "DejaVu Sans", True, False, (255, 255, 255), (255, 214, 74),
                   0.18, 0.0, True, 0.62, 0.9),
}


@dataclass(frozen=True)
class Spoken:
    """A word on the output's clock, with its speaker's id and its segment's index."""

    start: int
    end: int
    text: str
    speaker: str | None
    segment: int = 0
    until: int = 0  # the segment's last on-screen ms: a caption never outstays its cut
    estimated: bool = False  # its time is a share of its sentence's, not heard: shown by line, not by word


def max_chars(width: int, height: int, style: Style) -> int:
    """The line limit for an output shape: 32 characters vertical, 42 landscape."""
    limit = 32 if height > width else 42
    return max(12, round(limit * style.line_factor))


def words_on_output(interview: Interview, segments: list[Segment]) -> list[Spoken]:
    """Every word inside the segments' cuts, moved to the output clock and clipped
    to its segment's on-screen window (words wholly outside it are dropped)."""
    words: list[Spoken] = []
    for index, seg in enumerate(segments):
        shift = seg.offset - seg.cut.start
        for utterance in interview.utterances:
            if utterance.end <= seg.cut.start or utterance.start >= seg.cut.end:
                continue
            estimated = not utterance.words
            for word in utterance.words or estimated_words(utterance):
                middle = (word.start + word.end) // 2
                if not seg.cut.start <= middle < seg.cut.end:
                    continue
                start = max(word.start + shift, seg.shown_from)
                end = min(word.end + shift, seg.shown_to)
                if end > start and word.text.strip():
                    words.append(Spoken(start, end, word.text.strip(), utterance.speaker, index, seg.shown_to,
                                        estimated))
    return words


def estimated_words(utterance: Utterance) -> list[Word]:
    """Words of a transcript that gave no word times (imported captions, a typed
    transcript), each given its share of its sentence's time by characters: close
    enough to show a line while it is said, not to highlight a word."""
    out = []
    for first, stop, start, end in timed_spans(utterance.text, utterance.start, utterance.end):
        tokens = utterance.text[first:stop].split()
        total = sum(len(t) + 1 for t in tokens) or 1
        at = 0
        for token in tokens:
            said = start + (end - start) * at // total
            at += len(token) + 1
            out.append(Word(said, start + (end - start) * at // total, token))
    return out


def has_estimated(words: list[Spoken]) -> bool:
    return any(w.estimated for w in words)


def lines(words: list[Spoken], limit: int) -> list[list[Spoken]]:
    """Group words into one-line captions of at most `limit` characters (a single
    longer word stands alone), breaking at cuts, speaker changes, sentence ends and pauses.
    A sentence's last word is not left to open the next line alone ("anymore. The
    secret…"): the line breaks at its last comma instead, when it has one."""
    out: list[list[Spoken]] = []
    current: list[Spoken] = []
    for word in words:
        if current and _breaks(current, word, limit):
            head, current = _at_clause(current, word, limit)
            out.append(head)
        current.append(word)
    if current:
        out.append(current)
    return [line for line in out if line]


def _at_clause(current: list[Spoken], word: Spoken, limit: int) -> tuple[list[Spoken], list[Spoken]]:
    """Where to end a full line: all of it, or, when the next word ends the sentence
    and still fits after the line's last comma, up to that comma."""
    ends = word.text.endswith((".", "?", "!")) and not _breaks(current[-1:], word, limit)
    commas = [i for i, w in enumerate(current[:-1]) if w.text.endswith((",", ";", ":"))] if ends else []
    for i in reversed(commas):
        rest = current[i + 1:]
        if sum(len(w.text) for w in rest) + len(rest) + len(word.text) <= limit:
            return current[:i + 1], rest
    return current, []


def _breaks(current: list[Spoken], word: Spoken, limit: int) -> bool:
    last = current[-1]
    width = sum(len(w.text) for w in current) + len(current) + len(word.text)
    sentence_end = last.text.endswith((".", "?", "!")) and len(current) > 1
    return (width > limit or word.speaker != last.speaker or word.segment != last.segment
            or sentence_end or word.start - last.end >= PAUSE_BREAK_MS)


def ass(interview: Interview, segments: list[Segment], size: tuple[int, int],
        style: Style) -> pysubs2.SSAFile:
    """The burnable captions: one event per word of each line, that word highlighted."""
    width, height = size
    subs = _file(size, style)
    grouped = lines(words_on_output(interview, segments), max_chars(width, height, style))
    for i, line in enumerate(grouped):
        line_end = _line_end(line, grouped[i + 1] if i + 1 < len(grouped) else None)
        who = interview.speaker_name(line[0].speaker)
        if line[0].estimated:  # no word is heard at a known time: the whole line, unhighlighted
            text = " ".join(_marked(w.text, style, False) for w in line)
            subs.append(pysubs2.SSAEvent(start=line[0].start, end=line_end, text=text, name=who))
            continue
        for j, word in enumerate(line):
            start = line[0].start if j == 0 else word.start
            end = line[j + 1].start if j + 1 < len(line) else line_end
            if end > start:
                text = " ".join(_marked(w.text, style, w is word) for w in line)
                subs.append(pysubs2.SSAEvent(start=start, end=end, text=text, name=who))
    return subs


def srt(interview: Interview, segments: list[Segment], size: tuple[int, int], style: Style) -> str:
    """The same captions as plain SRT (it cannot highlight a word), as a broadcast
    sidecar wants them: a line under MIN_CUE_MS or of one word shares its cue with
    the next (or the one before) as a second line, when the same speaker says both
    in the same cut and the cue stays within MAX_CUE_MS."""
    width, height = size
    subs = pysubs2.SSAFile()
    grouped = lines(words_on_output(interview, segments), max_chars(width, height, style))
    cues = sidecar_cues(grouped)
    for i, cue in enumerate(cues):
        end = _line_end(cue[-1], cues[i + 1][0] if i + 1 < len(cues) else None)
        subs.append(pysubs2.SSAEvent(start=cue[0][0].start, end=end,
                                     text="\\N".join(" ".join(w.text for w in line) for line in cue)))
    return str(subs.to_string("srt"))


def sidecar_cues(grouped: list[list[Spoken]]) -> list[list[list[Spoken]]]:
    """Lines paired into cues of at most two, so no cue is a lone word or a flash."""
    cues: list[list[list[Spoken]]] = []
    for line in grouped:
        last = cues[-1] if cues else None
        if last is not None and len(last) == 1 and _joinable(last[0], line) and (_weak(last[0]) or _weak(line)):
            last.append(line)
        else:
            cues.append([line])
    return cues


def _weak(line: list[Spoken]) -> bool:
    return len(line) == 1 or line[-1].end - line[0].start < MIN_CUE_MS


def _joinable(first: list[Spoken], second: list[Spoken]) -> bool:
    return (first[0].speaker == second[0].speaker and first[0].segment == second[0].segment
            and second[-1].end - first[0].start <= MAX_CUE_MS)


def _line_end(line: list[Spoken], following: list[Spoken] | None) -> int:
    end = min(line[-1].end + HOLD_MS, max(line[-1].until, line[-1].end))
    return min(end, following[0].start) if following else end


def _marked(text: str, style: Style, current: bool) -> str:
    safe = text.replace("\\", "/").replace("{", "(").replace("}", ")")
    if style.upper:
        safe = safe.upper()
    return "{\\c" + _bgr(style.highlight) + "}" + safe + "{\\r}" if current else safe


def _bgr(rgb: tuple[int, int, int]) -> str:
    r, g, b = rgb
    return f"&H{b:02X}{g:02X}{r:02X}&"


def _file(size: tuple[int, int], style: Style) -> pysubs2.SSAFile:
    width, height = size
    subs = pysubs2.SSAFile()
    subs.info.update({"PlayResX": str(width), "PlayResY": str(height), "WrapStyle": "0",
                      "ScaledBorderAndShadow": "yes"})
    limit = max_chars(width, height, style)
    fontsize = round(min(height * 0.065, width * (1 - 2 * SAFE) / (limit * style.glyph_width)))
    bottom = VERTICAL_BOTTOM if height > width else SAFE
    subs.styles = {"Default": pysubs2.SSAStyle(
        fontname=style.fontname, fontsize=fontsize, bold=style.bold,
        primarycolor=pysubs2.Color(*style.text), secondarycolor=pysubs2.Color(*style.highlight),
        outlinecolor=pysubs2.Color(0, 0, 0, 0 if not style.box else 60),
        backcolor=pysubs2.Color(0, 0, 0, 110),
        borderstyle=3 if style.box else 1,
        outline=round(fontsize * style.outline, 1), shadow=round(fontsize * style.shadow, 1),
        alignment=pysubs2.Alignment.BOTTOM_CENTER,
        marginl=round(width * SAFE), marginr=round(width * SAFE), marginv=round(height * bottom))}
    return subs
