"""Podcasting 2.0 JSON transcripts (the `podcast:transcript` tag, application/json).

`{"version": "1.0.0", "segments": [{"speaker", "startTime", "endTime", "body"}]}`.
Real files come in two grains, both rebuilt into utterances here:

- caption lines: a cue's text split over several segments that share one
  start/end (Buzzsprout); those are joined back into the cue first;
- single words, with or without separate segments for spaces and punctuation;
  they become `Word`s with their own times.

Consecutive pieces of one speaker then join into an utterance, which ends at a
pause over `MAX_GAP_MS`, or at a sentence end once it is `SENTENCE_MS` long, so
utterances are turns or sentences, not caption fragments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from greenroom import timecode
from greenroom.errors import FormatError
from greenroom.formats import jsontext
from greenroom.formats.assemble import Options, Segment, assemble
from greenroom.model import Interview, Word, ends_sentence

NAME = "podcast-json"
EXTENSIONS = ("json",)

MAX_GAP_MS = 2000
SENTENCE_MS = 8000
MAX_UTTERANCE_MS = 60_000
_PUNCT = re.compile(r"^[^\w\s]+$")


@dataclass
class Piece:
    """A cue or a word: text with times, a speaker and (for words) the words."""

    text: str
    start: int
    end: int
    speaker: str | None
    index: int
    words: list[Word] = field(default_factory=list)


def sniff(text: str, path: str) -> int:
    """3 for `segments` with `startTime`/`body`, 0 otherwise."""
    head = text.lstrip()[:4096]
    if head.startswith("{") and '"segments"' in head and '"startTime"' in head and '"body"' in head:
        return 3
    return 0


def read(text: str, path: str) -> Interview:
    """Read a Podcasting 2.0 JSON transcript into utterances (words kept when word-level)."""
    data = jsontext.parse(text, path)
    raw = data.get("segments") if isinstance(data, dict) else None
    if not isinstance(raw, list):
        raise FormatError(path, "not a podcast JSON transcript: expected an object with a "
                                "\"segments\" list of {speaker, startTime, endTime, body}")
    try:
        items = [_item(seg, i) for i, seg in enumerate(raw)]
    except (KeyError, TypeError, ValueError) as err:
        detail = f"missing {err}" if isinstance(err, KeyError) else str(err)
        raise FormatError(path, f"not a podcast JSON transcript: bad segment ({detail})") from None
    items = [item for item in items if item.text]
    pieces = _words(items) if _word_level(items) else _cues(items)
    segments = [Segment(p.text, p.start, p.end, p.speaker, p.words) for p in _utterances(pieces)]
    return assemble(segments, path, NAME, Options(merge="none"))


def _item(seg: Any, index: int) -> Piece:
    if not isinstance(seg, dict):
        raise TypeError(f"segment {index + 1} is not an object")
    start = timecode.seconds_to_ms(seg["startTime"])
    end = timecode.seconds_to_ms(seg["endTime"]) if seg.get("endTime") is not None else start
    speaker = seg.get("speaker")
    speaker = " ".join(speaker.split()) if isinstance(speaker, str) and speaker.strip() else None
    body = seg.get("body", "")
    if not isinstance(body, str):
        raise TypeError(f"segment {index + 1}: body is not a string")
    return Piece(body, start, end, speaker, index)


def _word_level(items: list[Piece]) -> bool:
    """Word files: almost every body is one token (or a space or punctuation)."""
    if not items:
        return False
    single = sum(1 for p in items if len(p.text.split()) <= 1)
    return single >= 0.9 * len(items)


def _cues(items: list[Piece]) -> list[Piece]:
    """Join lines that share a cue's start, end and speaker back into the cue."""
    cues: list[Piece] = []
    for item in items:
        last = cues[-1] if cues else None
        if last and (last.start, last.end, last.speaker) == (item.start, item.end, item.speaker):
            last.text = f"{last.text} {' '.join(item.text.split())}"
        else:
            cues.append(Piece(" ".join(item.text.split()), item.start, item.end, item.speaker, item.index))
    return [c for c in cues if c.text]


def _words(items: list[Piece]) -> list[Piece]:
    """Tokens into words: spaces separate, punctuation sticks to the word before."""
    spaced = any(not p.text.strip() or p.text != p.text.strip() for p in items)
    words: list[Piece] = []
    glue = False  # the next token continues the last word (no space seen between them)
    for item in items:
        token = item.text
        if not token.strip():
            glue = False
            continue
        token = token.strip()
        last = words[-1] if words else None
        joins = last is not None and last.speaker == item.speaker and (
            _PUNCT.match(token) or (spaced and glue and not item.text[:1].isspace()))
        if joins and last is not None:
            last.text += token
            last.end = max(last.end, item.end)
        else:
            words.append(Piece(token, item.start, max(item.start, item.end), item.speaker, item.index))
        glue = spaced and not item.text[-1:].isspace()
    for word in words:
        word.words = [Word(word.start, word.end, word.text)]
    return words


def _utterances(pieces: list[Piece]) -> list[Piece]:
    """Consecutive pieces of one speaker into utterances, broken at pauses and sentences."""
    out: list[Piece] = []
    for piece in pieces:
        last = out[-1] if out else None
        if last is not None and _continues(last, piece):
            last.text = f"{last.text} {piece.text}"
            last.end = max(last.end, piece.end)
            last.words += piece.words
        else:
            out.append(Piece(piece.text, piece.start, piece.end, piece.speaker, piece.index,
                             list(piece.words)))
    return out


def _continues(last: Piece, piece: Piece) -> bool:
    if piece.speaker != last.speaker or piece.start - last.end > MAX_GAP_MS:
        return False
    if piece.end - last.start > MAX_UTTERANCE_MS:
        return False
    return not (ends_sentence(last.text) and last.end - last.start >= SENTENCE_MS)
