"""Non-speech marks inside caption and transcript text.

`[Music]`, `[Laughter]`, `(laughs)`, `[inaudible 00:03:39]`, `♪♪` and friends are
events on the timeline, not words: `split_marks` takes them out of the text and
says where they stood, and `render_marks` puts them back for caption exports.
Brackets holding anything else (an editor's `[the film]`) stay in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_KINDS: tuple[tuple[str, str], ...] = (
    ("laughter", r"laugh\w*|chuckl\w*|giggl\w*|snicker\w*|cackl\w*"),
    ("applause", r"applau\w*|clap\w*|cheer\w*"),
    ("music", r"music\w*|musik|song|singing|jingle|theme music|intro music|outro music"),
    ("inaudible", r"inaudible|unintelligible|indistinct\w*|unclear|incomprehensible"),
    ("crosstalk", r"crosstalk|cross-talk|overlapping|talking over each other|overtalk"),
    ("silence", r"silence|blank_audio|no audio"),
    ("pause", r"pause\w*|long pause"),
    ("noise", r"noise|cough\w*|sigh\w*|sniff\w*|gasp\w*|beep\w*|bleep\w*|background noise|static|sound effect\w*"),
)

# A bracket group whose first words name a non-speech event; an optional
# qualifier ("laughs nervously", "inaudible 00:03:39") may follow.
_NAMES = "|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _KINDS)
_MARK = re.compile(
    r"(?:\[\s*(?:" + _NAMES.replace("?P<", "?P<b_") + r")(?:[^\[\]]{0,40})\]"
    r"|\(\s*(?:" + _NAMES.replace("?P<", "?P<p_") + r")(?:[^()]{0,40})\)"
    r"|\*\s*(?:" + _NAMES.replace("?P<", "?P<s_") + r")\s*\*"
    r"|♪+(?:[^♪\n]{0,200}♪+)?)",
    re.IGNORECASE,
)
SPEAKER_CHANGE = re.compile(r"(?:^|\s)>>+\s*")


@dataclass
class FoundMark:
    kind: str
    text: str
    at: int  # character offset in the cleaned text


def _kind_of(match: re.Match[str]) -> str:
    if match.group(0).startswith("♪"):
        return "music"
    for name, value in match.groupdict().items():
        if value is not None:
            return name.split("_", 1)[1]
    return "other"


def split_marks(text: str) -> tuple[str, list[FoundMark]]:
    """Remove non-speech marks from `text`; return the clean text and the marks."""
    if not any(ch in text for ch in "[(*♪"):
        return text, []
    marks: list[FoundMark] = []
    pieces: list[str] = []
    cursor = 0
    for match in _MARK.finditer(text):
        pieces.append(text[cursor:match.start()])
        clean_so_far = _squash("".join(pieces))
        marks.append(FoundMark(_kind_of(match), match.group(0).strip(), len(clean_so_far)))
        cursor = match.end()
    if not marks:
        return text, []
    pieces.append(text[cursor:])
    clean = _squash("".join(pieces))
    for mark in marks:
        mark.at = min(mark.at, len(clean))
    return clean, marks


def _squash(text: str) -> str:
    """Collapse the double spaces a removed mark leaves, and spaces before punctuation."""
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r" +([,.!?;:])", r"\1", text)
    return text.lstrip() if not text.strip() else text.strip(" \t")


def split_speaker_changes(text: str) -> list[str]:
    """Split caption text at `>>` speaker-change markers (YouTube, broadcast captions)."""
    parts = [p.strip() for p in SPEAKER_CHANGE.split(text)]
    if len(parts) == 1:
        return parts
    return [p for p in parts if p] or [""]


def render_marks(text: str, marks: list[tuple[int, str]]) -> str:
    """Put marks back into text at their offsets: `[(at, "[laughs]"), ...]`."""
    out = text
    for at, shown in sorted(marks, key=lambda m: m[0], reverse=True):
        at = max(0, min(at, len(out)))
        before, after = out[:at].rstrip(), out[at:].lstrip()
        out = " ".join(part for part in (before, shown, after) if part)
    return out
