"""SubRip (.srt): numbered cues, `HH:MM:SS,mmm --> HH:MM:SS,mmm`, text lines.

Real SRT files are loose: cue numbers missing or wrong, CRLF, blank lines at the
end, `<i>`/`<font>` styling, speakers as `NAME:` prefixes and `- ` dialogue
dashes. The reader tolerates all of that and refuses only what would make times
wrong, naming the line. Caption fragments are joined into utterances by
`assemble` (Options(merge="captions")).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from greenroom import timecode
from greenroom.errors import FormatError
from greenroom.formats import cues as cuetext
from greenroom.formats.assemble import Options, Segment, assemble
from greenroom.model import Interview

NAME = "srt"
EXTENSIONS = ("srt",)

_TIMING = re.compile(r"^\s*(?P<a>[^\s-][^\s]*)\s*-->\s*(?P<b>\S+)(?:\s+.*)?$")
# A whole line of two timestamps joined by something that is not `-->`.
_TIMELIKE = re.compile(r"^\s*\d+:\d+[:.,\d]*\s*(?:-+>?|–|—|=+>|to)\s*\d+:\d+[:.,\d]*(?:\s.*)?$")
_SRT_TIMING = re.compile(r"^\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}", re.MULTILINE)


@dataclass
class RawCue:
    """A cue as found: its times, its text lines (tags stripped) and its timing line."""

    start: int
    end: int
    line: int
    lines: list[str] = field(default_factory=list)


def sniff(text: str, path: str) -> int:
    """3 for SRT timing lines with commas, 2 with dots (not a WebVTT file)."""
    head = text.lstrip("\ufeff \t\r\n")[:8192]
    if head.startswith("WEBVTT"):
        return 0
    match = _SRT_TIMING.search(head)
    if not match:
        return 0
    return 3 if "," in match.group(0) else 2


def read(text: str, path: str) -> Interview:
    """Parse SRT text; `FormatError` with the line for malformed or impossible timings."""
    raw = parse_cues(text, path)
    labels = cuetext.accepted_labels(_label_candidates(raw))
    segments: list[Segment] = []
    for cue in raw:
        segments += cuetext.segments_for(cuetext.cue_lines(cue.lines, labels), cue.start, cue.end, cue.line)
    return assemble(segments, path, NAME, Options(merge="captions"))


def _label_candidates(raw: list[RawCue]) -> list[str]:
    """First lines of cues, and each line of dialogue-dash cues: where labels may stand."""
    found: list[str] = []
    for cue in raw:
        dialogue = cuetext.split_dialogue(cue.lines)
        found += dialogue if dialogue is not None else cue.lines[:1]
    return found


def parse_cues(text: str, path: str) -> list[RawCue]:
    """Split SRT text into cues by their timing lines, tolerating missing numbers
    and blank lines; text before the first timing line is refused."""
    lines = text.lstrip("\ufeff").splitlines()
    cues: list[RawCue] = []
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        previous = lines[number - 2].strip() if number > 1 else ""
        if "-->" in line:
            start, end = _timing(stripped, path, number)
            cues.append(RawCue(start, end, number))
        elif not stripped:
            continue
        elif _TIMELIKE.match(stripped) and (not previous or previous.isdigit()):
            raise FormatError(path, f"malformed timing line {stripped[:60]!r} (expected "
                                    "'00:00:01,000 --> 00:00:02,000')", number)
        elif cues:
            if not (stripped.isdigit() and _next_is_timing(lines, number)):
                cues[-1].lines.append(cuetext.strip_tags(stripped).strip())
        elif not stripped.isdigit():
            raise FormatError(path, f"expected a cue number or timing line, found {stripped[:40]!r}", number)
    if not cues:
        raise FormatError(path, "no SRT cues found (no 'start --> end' timing line)")
    for cue in cues:
        cue.lines = [x for x in cue.lines if x]
    return cues


def _next_is_timing(lines: list[str], number: int) -> bool:
    """Whether the line after line `number` (1-based) is a timing line."""
    return number < len(lines) and "-->" in lines[number]


def _timing(line: str, path: str, number: int) -> tuple[int, int]:
    match = _TIMING.match(line)
    if not match:
        raise FormatError(path, f"malformed timing line {line[:60]!r}", number)
    try:
        return timecode.parse(match["a"]), timecode.parse(match["b"])
    except timecode.TimecodeError as err:
        raise FormatError(path, f"malformed timing line: {err}", number) from None


def write(interview: Interview, *, marks: bool = False) -> str:
    """SRT with one cue per caption-sized piece; `Name: ` opens each utterance.

    Publishable by default (see `cues.interview_cues`): no pause or mark-only
    cues, none too short, too long or too wide; `marks=True` keeps every mark.
    """
    blocks = []
    for n, cue in enumerate(cuetext.interview_cues(interview, marks=marks), 1):
        text = f"{cue.label}: {cue.text}" if cue.label else cue.text
        blocks.append(f"{n}\n{timecode.srt(cue.start)} --> {timecode.srt(cue.end)}\n{text}\n")
    return "\n".join(blocks)
