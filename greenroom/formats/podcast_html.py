"""Podcasting 2.0 HTML transcripts: `<cite>Name:</cite> <time>0:00</time> <p>text</p>`.

Hosts (Buzzsprout and others) publish this shape beside SRT and JSON. `<cite>` may be
missing: a block without one continues the previous speaker, or names nobody when
it opens the file. Only the standard library's `html.parser` is used; unclosed
`<p>` tags (common in these files) end at the next `<cite>`, `<time>` or `<p>`.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from greenroom import timecode
from greenroom.errors import FormatError
from greenroom.formats.assemble import Options, Segment, assemble
from greenroom.model import Interview

NAME = "podcast-html"
EXTENSIONS = ("html", "htm")

_TIME = re.compile(r"<time\b[^>]*>\s*\d{1,2}(?::\d{1,2}){1,2}(?:\.\d+)?\s*</time>", re.IGNORECASE)
_BLOCKS = ("cite", "time", "p", "title")
# A `<` that no `>` closes before the next `<` starts no tag: it is text. Escaping it
# first keeps html.parser linear (before Python 3.13 it rescanned to the end of the
# file at every unclosed `<v`: 115 KB of them took over 10 s).
_STRAY_LT = re.compile(r"<(?=[^<>]*(?:<|\Z))")


class _Blocks(HTMLParser):
    """Collects (tag, text, line) for cite, time and p elements, in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str, int]] = []
        self._open: tuple[str, list[str], int] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self._close()
            self._open = (tag, [], self.getpos()[0])
        elif tag == "br" and self._open:
            self._open[1].append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self._open and tag == self._open[0]:
            self._close()

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[1].append(data)

    def _close(self) -> None:
        if self._open:
            tag, parts, line = self._open
            self.blocks.append((tag, " ".join("".join(parts).split()), line))
            self._open = None

    def close(self) -> None:
        super().close()
        self._close()


def sniff(text: str, path: str) -> int:
    """3 for the `<cite>`/`<time>`/`<p>` transcript shape, 2 for `<time>`+`<p>` alone, else 0."""
    head = text[:200_000]
    lower = head.lower()
    if "<p" not in lower or not _TIME.search(head):
        return 0
    return 3 if "<cite" in lower else 2


def read(text: str, path: str) -> Interview:
    """Read an HTML transcript: one utterance per `<p>`, timed by the `<time>` before it."""
    parser = _Blocks()
    parser.feed(_STRAY_LT.sub("&lt;", text))
    parser.close()
    title = next((t for tag, t, _ in parser.blocks if tag == "title"), "")
    segments: list[Segment] = []
    speaker: str | None = None
    start: int | None = None
    for tag, content, line in parser.blocks:
        if tag == "cite":
            speaker = content.rstrip(":").strip() or None
        elif tag == "time":
            start = _time(content, path, line)
        elif tag == "p" and content:
            segments.append(Segment(content, start, speaker=speaker, line=line))
            start = None
    if not segments:
        raise FormatError(path, "no transcript found: expected <cite>Name:</cite><time>0:00</time><p>text</p>")
    return assemble(segments, path, NAME, Options(), title=title)


def _time(text: str, path: str, line: int) -> int:
    try:
        return timecode.parse(text)
    except timecode.TimecodeError as err:
        raise FormatError(path, str(err), line) from None
