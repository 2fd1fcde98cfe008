"""YouTube auto-captions as WebVTT (what yt-dlp downloads with `--write-auto-subs`).

The shape: a `Kind: captions` / `Language: en` header, then "rolling" cues. Each
cue shows the line before again and adds a new line whose words carry times:
`word<00:00:01.120><c> next</c>`. Between them come 10 ms cues that only repeat.
Reading keeps each new line once, with its word times, so the transcript has no
duplicated text; `>>` (speaker change) and `[Music]` are left to `assemble`.
"""

from __future__ import annotations

import re

from greenroom import timecode
from greenroom.errors import FormatError
from greenroom.formats import vtt
from greenroom.formats.assemble import Options, Segment, assemble
from greenroom.model import Interview, Word

NAME = "youtube"
EXTENSIONS = ("vtt",)

_STAMP = re.compile(r"<(\d{1,2}:\d{2}:\d{2}\.\d{3}|\d{1,2}:\d{2}\.\d{3})>")
HISTORY = 3  # how many recent lines a repeated line is looked for in


def sniff(text: str, path: str) -> int:
    """3 for a WEBVTT file with `<c>` word times or rolling repeated lines."""
    if not text.lstrip("\ufeff").startswith("WEBVTT"):
        return 0
    return 3 if vtt.looks_like_youtube(text) else 0


def read(text: str, path: str) -> Interview:
    """Rebuild clean utterances from rolling auto-captions, keeping word times."""
    parsed = vtt.parse_file(text, path)
    segments: list[Segment] = []
    recent: list[str] = []
    for cue in parsed.cues:
        for raw in cue.payload:
            segment = _new_line(raw, cue, recent, path)
            if segment is not None:
                segments.append(segment)
    interview = assemble(segments, path, NAME, Options(merge="captions"))
    if parsed.header.get("language"):
        interview.language = parsed.header["language"]
    return interview


def _new_line(raw: str, cue: vtt.VttCue, recent: list[str], path: str) -> Segment | None:
    """The segment a cue line adds, or None when it only repeats a recent line.

    A line with word-time tags is always new (YouTube tags only what it adds);
    a plain line is new unless it equals one of the last few lines kept.
    """
    plain = " ".join(vtt.clean(raw).split())
    if not plain:
        return None
    timed = bool(_STAMP.search(raw)) or "<c" in raw
    if not timed and plain in recent[-HISTORY:]:
        return None
    recent.append(plain)
    words = _words(raw, cue, path) if timed else []
    start = words[0].start if words else cue.start
    return Segment(plain, start, cue.end, words=words, line=cue.line)


def _words(raw: str, cue: vtt.VttCue, path: str) -> list[Word]:
    """Words with times: the text before the first stamp starts at the cue start,
    each `<stamp>` starts the words after it; a word ends where the next begins."""
    pieces = _STAMP.split(raw)
    found: list[tuple[int, str]] = []
    when = cue.start
    for i, piece in enumerate(pieces):
        if i % 2:
            try:
                when = max(cue.start, timecode.parse(piece))
            except timecode.TimecodeError as err:
                raise FormatError(path, f"bad word time: {err}", cue.line) from None
            continue
        for token in vtt.clean(piece).split():
            token = token.lstrip(">") if token.startswith(">>") and len(token) > 2 else token
            if token != ">>" and not set(token) <= {">"}:
                found.append((when, token))
    return [Word(start, max(start, found[n + 1][0] if n + 1 < len(found) else cue.end), text)
            for n, (start, text) in enumerate(found)]
