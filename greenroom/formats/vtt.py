"""WebVTT (.vtt): the `WEBVTT` header, cues with optional identifiers and
settings, `<v Name>` voices, NOTE/STYLE/REGION blocks.

Times are accepted in every shape seen in the wild (`01:02:03.456`, `02:03.456`,
and the bare seconds `0.860` some podcast tools write). A file whose cues are a
few short contiguous titles is a chapter track and is read as chapters. YouTube
auto-captions (rolling lines with `<c>` word times) are youtube.py's, so this
module sniffs them lower; the block parser here is shared with it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from itertools import pairwise

from greenroom import timecode
from greenroom.errors import FormatError
from greenroom.formats import cues as cuetext
from greenroom.formats.assemble import Options, Segment, assemble
from greenroom.model import Chapter, Interview

NAME = "vtt"
log = logging.getLogger(__name__)
EXTENSIONS = ("vtt",)

_TIMING = re.compile(r"^\s*(?P<a>[^\s-]\S*?)\s*-->\s*(?P<b>[^\s-]\S*)(?P<settings>(?:\s+.*)?)$")
# A whole line of two timestamps joined by something that is not `-->`.
_TIMELIKE = re.compile(r"^\s*\d+(?:[:.,]\d+)+\s*(?:-+>?|–|—|=+>)\s*\d+(?:[:.,]\d+)+(?:\s.*)?$")
# A voice tag's class and name stop at the next `<` or line end: with `[^>]*` each
# unclosed `<v` scanned to the end of the cue, quadratic in its length.
_VOICE = re.compile(r"<v(?:\.[^\s<>]*)?(?:[ \t]+(?P<name>[^<>\n]*))?>|</v\s*>", re.IGNORECASE)
_HEADLESS = re.compile(r"^\s*(?:\d+:)?\d{1,2}:\d{2}\.\d{3}\s+-->\s+", re.MULTILINE)
_SKIPPED = ("NOTE", "STYLE", "REGION")
_YOUTUBE_TAG = re.compile(r"<\d{1,2}:\d{2}:\d{2}\.\d{3}><c[.>]")


@dataclass
class VttCue:
    """A cue as the file has it: times, identifier, settings and raw payload lines."""

    start: int
    end: int
    line: int
    ident: str | None = None
    settings: str = ""
    payload: list[str] = field(default_factory=list)


@dataclass
class VttFile:
    header: dict[str, str]
    cues: list[VttCue]


def looks_like_youtube(text: str) -> bool:
    """YouTube auto-captions: `<00:00:01.120><c>` word tags, or rolling cues whose
    first line repeats the line before (youtube.py reads those)."""
    head = text[:200_000]
    if _YOUTUBE_TAG.search(head):
        return True
    return _rolling(head)


def _rolling(text: str) -> bool:
    """Many cues open with the previous cue's last line: the rolling-caption shape."""
    blocks = [b.strip("\n").splitlines() for b in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n"))]
    texts = [[ln.strip() for ln in b[1:] if ln.strip()] for b in blocks if b and "-->" in b[0]]
    texts = [t for t in texts if t][:60]
    repeats = sum(1 for prev, cur in pairwise(texts) if cur[0] == prev[-1])
    return len(texts) >= 4 and repeats >= 0.5 * (len(texts) - 1)


def sniff(text: str, path: str) -> int:
    """3 for a WEBVTT file; 2 when it is YouTube-shaped (youtube.py says 3)."""
    if not text.lstrip("\ufeff").startswith("WEBVTT"):
        return 1 if _HEADLESS.search(text[:8192]) else 0
    return 2 if looks_like_youtube(text) else 3


def read(text: str, path: str) -> Interview:
    """Parse WebVTT; `FormatError` with the line for malformed timings."""
    parsed = parse_file(text, path)
    chapters = as_chapters(parsed)
    if chapters:
        interview = assemble([], path, NAME, chapters=chapters)
    else:
        interview = assemble(cue_segments(parsed.cues), path, NAME, Options(merge="captions"))
    language = parsed.header.get("language")
    if language:
        interview.language = language
    return interview


# -- blocks ----------------------------------------------------------------


def _blocks(lines: list[str]) -> list[list[tuple[int, str]]]:
    """Lines grouped into blocks at empty lines. A line of only spaces is payload
    (YouTube cues start with one) unless a timing line follows right after it."""
    blocks: list[list[tuple[int, str]]] = [[]]
    for i, line in enumerate(lines):
        ahead = lines[i + 1:i + 3]
        spaces_break = not line.strip() and any("-->" in x for x in ahead) and bool(ahead[0].strip())
        if line == "" or spaces_break:
            if blocks[-1]:
                blocks.append([])
            continue
        blocks[-1].append((i + 1, line))
    return [b for b in blocks if b]


def parse_file(text: str, path: str) -> VttFile:
    """The header fields and cues of a WebVTT text; comments and styles dropped."""
    lines = [ln.rstrip("\r") for ln in text.lstrip("\ufeff").replace("\r\n", "\n").split("\n")]
    blocks = _blocks(lines)
    header: dict[str, str] = {}
    if blocks and blocks[0][0][1].startswith("WEBVTT"):
        head, rest = _take_header(blocks[0])
        header = head
        blocks = ([rest] if rest else []) + blocks[1:]
    cues: list[VttCue] = []
    for block in blocks:
        first = block[0][1].strip()
        if first.split(" ")[0].split("\t")[0] in _SKIPPED and "-->" not in first:
            continue
        cues += _block_cues(block, path)
    return VttFile(header, cues)


def _take_header(block: list[tuple[int, str]]) -> tuple[dict[str, str], list[tuple[int, str]]]:
    """`Key: value` lines under WEBVTT; a cue glued to the header (no blank line) is kept."""
    header: dict[str, str] = {}
    for i, (_, line) in enumerate(block[1:], 1):
        if "-->" in line:
            cut = i - 1 if i > 1 and ":" not in block[i - 1][1] else i
            return header, block[cut:]
        if ":" in line:
            key, _, value = line.partition(":")
            header[key.strip().lower()] = value.strip()
    return header, []


def _block_cues(block: list[tuple[int, str]], path: str) -> list[VttCue]:
    """The cue(s) of one block; several when blank lines between cues are missing.

    A block without any timing line is ignored (as the spec says), unless a line
    looks like a timing with a broken arrow: that is an error worth naming.
    """
    cues: list[VttCue] = []
    pending: list[str] = []
    for number, line in block:
        if "-->" in line:
            ident = None
            if cues and pending and _is_ident(pending[-1]):
                ident = pending.pop().strip()
            if cues:
                cues[-1].payload += pending
            elif pending:
                ident = pending[-1].strip()
            start, end, settings = _timing(line, path, number)
            cues.append(VttCue(start, end, number, ident, settings))
            pending = []
        elif not cues and _TIMELIKE.match(line):
            raise FormatError(path, f"malformed timing line {line.strip()[:60]!r} (expected "
                                    "'00:00:01.000 --> 00:00:02.000')", number)
        else:
            pending.append(line)
    if cues:
        cues[-1].payload += pending
    elif pending:
        log.warning("%s: line %d left out: a block with no timing line (%s)", path, block[0][0],
                    block[0][1].strip()[:40])
    return cues


def _is_ident(line: str) -> bool:
    return bool(re.fullmatch(r"\s*\d+\s*", line))


def _timing(line: str, path: str, number: int) -> tuple[int, int, str]:
    match = _TIMING.match(line)
    if not match:
        raise FormatError(path, f"malformed timing line {line.strip()[:60]!r}", number)
    try:
        return timecode.parse(match["a"]), timecode.parse(match["b"]), match["settings"].strip()
    except timecode.TimecodeError as err:
        raise FormatError(path, f"malformed timing line: {err}", number) from None


# -- cue text --------------------------------------------------------------


_RUBY_TEXT = re.compile(r"<rt>.*?(?:</rt>|(?=</ruby>)|$)", re.IGNORECASE)


def clean(text: str) -> str:
    """Cue text without tags or ruby annotations, character references resolved,
    runs of spaces collapsed (a line break stays a line break)."""
    text = cuetext.unescape(cuetext.strip_tags(_RUBY_TEXT.sub("", text)))
    return re.sub(r"[ \t]{2,}", " ", text)


def voice_parts(payload: list[str]) -> list[tuple[str | None, list[str]]]:
    """Split a cue's payload at `<v Name>` tags: (voice or None, clean lines) in order.

    A `</v>` closes the voice; text after it in the cue has none.
    """
    text = "\n".join(payload)
    spans: list[tuple[str | None, str]] = []
    voice: str | None = None
    cursor = 0
    for match in _VOICE.finditer(text):
        spans.append((voice, text[cursor:match.start()]))
        name = None if match.group(0).startswith("</") else match["name"]
        voice = " ".join(clean(name).split()) or None if name else None
        cursor = match.end()
    spans.append((voice, text[cursor:]))
    out: list[tuple[str | None, list[str]]] = []
    for who, span in spans:
        lines = [x for x in (clean(line).strip() for line in span.split("\n")) if x]
        if lines:
            out.append((who, lines))
    return out


def cue_segments(cues: list[VttCue]) -> list[Segment]:
    """Cues to segments: voices name speakers, else `Name:` prefixes and dashes do."""
    split = [(cue, voice_parts(cue.payload)) for cue in cues]
    candidates: list[str] = []
    for _, parts in split:
        for voice, lines in parts:
            if voice is None:
                dialogue = cuetext.split_dialogue(lines)
                candidates += dialogue if dialogue is not None else lines[:1]
    voiced = any(voice for _, parts in split for voice, _ in parts)
    labels = cuetext.accepted_labels(candidates, strict=voiced)
    segments: list[Segment] = []
    for cue, parts in split:
        lines_out: list[cuetext.Line] = []
        for voice, lines in parts:
            if voice is None:
                lines_out += cuetext.cue_lines(lines, labels)
            else:
                dialogue = cuetext.split_dialogue(lines)
                lines_out.append(cuetext.Line(" ".join(dialogue or lines), voice))
        segments += cuetext.segments_for(lines_out, cue.start, cue.end, cue.line)
    return segments


# -- chapters --------------------------------------------------------------


def as_chapters(parsed: VttFile) -> list[Chapter]:
    """Chapters when the file is a chapter track, else [].

    `Kind: chapters` says so; otherwise the cues must look like titles: few,
    one short line each with no sentence ending, no voices, back to back in time,
    and long (a caption cue of a few words never lasts 20 seconds on average).
    """
    cues = parsed.cues
    titles = [" ".join(clean(" ".join(c.payload)).split()) for c in cues]
    if parsed.header.get("kind", "").lower() == "chapters" and cues:
        return [Chapter(c.start, c.end, t, authored=True) for c, t in zip(cues, titles) if t]
    if not 2 <= len(cues) <= 100 or any(_VOICE.search(" ".join(c.payload)) for c in cues):
        return []
    if any(len([x for x in c.payload if x.strip()]) != 1 for c in cues):
        return []
    if any(not t or len(t) > 80 or len(t.split()) > 10 or t[-1] in ".,;" or cuetext.prefix_of(t)
           for t in titles):
        return []
    contiguous = all(0 <= b.start - a.end <= 1000 for a, b in pairwise(cues))
    mean = sum(c.end - c.start for c in cues) / len(cues)
    if not contiguous or mean < 20_000:
        return []
    return [Chapter(c.start, c.end, t, authored=True) for c, t in zip(cues, titles)]


# -- writing ---------------------------------------------------------------


def escape(text: str) -> str:
    """Text safe inside a cue: `&`, `<` and `>` as character references."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write(interview: Interview, *, marks: bool = False) -> str:
    """WebVTT with `<v Name>` on the first cue of each utterance; a chapter track
    when the interview has chapters and nothing said.

    Publishable by default (see `cues.interview_cues`): no pause or mark-only
    cues, none too short, too long or too wide; `marks=True` keeps every mark.
    """
    out = ["WEBVTT", ""]
    if not interview.utterances and not interview.marks and interview.chapters:
        for chapter in interview.chapters:
            out += [f"{timecode.vtt(chapter.start)} --> {timecode.vtt(chapter.end)}",
                    escape(chapter.title), ""]
        return "\n".join(out)
    for cue in cuetext.interview_cues(interview, marks=marks):
        voice = f"<v {escape(cue.label)}>" if cue.label else ""
        out += [f"{timecode.vtt(cue.start)} --> {timecode.vtt(cue.end)}", voice + escape(cue.text), ""]
    return "\n".join(out)
