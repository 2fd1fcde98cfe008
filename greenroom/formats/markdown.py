"""Markdown transcripts: our own export and the ones people publish.

Read: a `# Title`, an optional table of contents of chapters (`- [0:59 – Title](link)`
or `- 0:59 – Title`), `## Chapter` headings, and turns in any shape `text.py` reads,
bold names included (`**Name** [00:01:02]` with the text below, `**Name:** text`,
`Name: 00:01:02: text`). Links and emphasis are reduced to their text. Chapters come
from the headings, timed by the first turn under each; without headings, from the
table of contents.

Written: `# Title`, an italic line of speakers and duration, the chapter list, then per
utterance a `**Name** [HH:MM:SS]` line and the text paragraph with marks inline. Only
starts are written (whole seconds), so a reader gets each end from the next start.
"""

from __future__ import annotations

import re

from greenroom import timecode
from greenroom.formats.text import (
    STAMP,
    inline_marks,
    read_transcript,
    shown,
    timeline,
    with_marks,
)
from greenroom.model import Interview, Mark

NAME = "md"
EXTENSIONS = ("md", "markdown")

_TURN = re.compile(rf"^(?:\*\*|__)[^*_\n]{{1,60}}(?:\*\*|__)\s*(?:[\[(]{STAMP}[\])])?\s*:?", re.MULTILINE)
_PLAIN_TURN = re.compile(rf"^[A-Z][\w.'’ \-]{{0,40}}:\s*{STAMP}:", re.MULTILINE)
_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]*\]:")  # `[x]: javascript:...` defines a link
_TOC = re.compile(rf"^[-*+]\s+\[?{STAMP}\s*[–—\-]", re.MULTILINE)


def sniff(text: str, path: str) -> int:
    """3 for a `#` title with bold-name or stamped turns, 2 for such turns alone,
    1 for a .md file, 0 otherwise."""
    head = text[:20000]
    if head.lstrip().startswith(("{", "[", "<", "WEBVTT")):
        return 0
    turns = len(_TURN.findall(head)) + len(_PLAIN_TURN.findall(head))
    titled = bool(re.match(r"^\s*#\s+\S", head))
    if turns >= 2 and (titled or _TOC.search(head)):
        return 3
    if turns >= 3:
        return 2
    return 1 if path.lower().endswith((".md", ".markdown")) else 0


def read(text: str, path: str) -> Interview:
    """Read a Markdown transcript (title, chapters, labelled turns)."""
    return read_transcript(text, path, NAME, markdown=True)


def _escape(text: str) -> str:
    """Keep a paragraph from reading as a heading, list item, quote or stamp, and from
    carrying HTML or links (see `inert`)."""
    text = inert(text)
    if re.match(r"^(?:[#>*+\-]|\d+[.)]\s|\d{1,2}:\d{2})", text):
        return "\\" + text
    return text


def inert(text: str) -> str:
    """Text from an interview (a title, a name, what was said), made safe to put in
    Markdown that someone will render: `<` is escaped, so no raw HTML (`<script>`,
    `<img onerror=...>`) or autolink (`<javascript:...>`) can start; `](` and a
    leading `[x]:` are escaped, so no link or link definition (`[x](javascript:...)`)
    can form. Renderers show the text as written; our reader takes the escapes out."""
    text = text.replace("\\", "\\\\").replace("<", "\\<").replace("](", "]\\(")
    return "\\" + text if _DEFINITION.match(text) else text


def _header(interview: Interview) -> list[str]:
    out = [f"# {inert(' '.join(interview.title.split())) or 'Transcript'}", ""]
    names = [p.name if p.role in ("", "unknown") else f"{p.name} ({p.role})" for p in interview.people]
    if not names:
        names = [s.display if s.role == "unknown" else f"{s.display} ({s.role})"
                 for s in interview.speakers]
    facts = [inert(", ".join(names))] if names else []
    facts.append(f"Duration {timecode.clock(interview.duration)}")
    out += [f"_{' · '.join(facts)}_", ""]
    if interview.chapters:
        out += ["## Chapters", ""]
        out += [f"- {timecode.clock(c.start)} – {inert(' '.join(c.title.split()))}" for c in interview.chapters]
        out.append("")
    return out


def write(interview: Interview) -> str:
    """A Markdown transcript: title, people and duration, chapters, timed turns."""
    out = _header(interview)
    marks = inline_marks(interview)
    for item in timeline(interview):
        if isinstance(item, Mark):
            out += [f"[{timecode.stamp(item.start)}] {inert(shown(item))}", ""]
            continue
        body = _escape(with_marks(item, marks.get(item.id, [])))
        name = inert(interview.speaker_name(item.speaker))
        stamp = f"[{timecode.stamp(item.start)}]"
        out += [f"**{name}** {stamp}" if name else stamp, body, ""]
    return "\n".join(out)
