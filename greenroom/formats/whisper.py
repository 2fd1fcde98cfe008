"""Whisper-family JSON, read by its shape (none of those tools is imported).

- openai-whisper / WhisperX: `{"segments": [{"start", "end", "text", "speaker"?,
  "words": [{"word", "start", "end", "probability"|"score", "speaker"?}]}], "language"}`
- WhisperX's `word_segments` (alone or beside `segments`)
- a bare list of segments, as faster-whisper's `Segment`s serialised to dicts
  (`avg_logprob`, `no_speech_prob`, ...)
- whisper.cpp's `{"transcription": [{"offsets": {"from", "to"}, "text"}]}` (ms)

WhisperX leaves numbers without word times: those are interpolated between their
neighbours. When WhisperX gives a speaker per word, a segment is split where the
word speaker changes, so no utterance carries two voices.
"""

from __future__ import annotations

import math
import re
from typing import Any

from greenroom import timecode
from greenroom.errors import FormatError
from greenroom.formats import jsontext
from greenroom.formats.assemble import Options, Segment, assemble
from greenroom.model import Interview, Word, ends_sentence

NAME = "whisper"
EXTENSIONS = ("json",)

_SEGMENT_KEYS = re.compile(r'"(?:start|end)"\s*:\s*[\d.]')
_WHISPER_HINTS = ('"avg_logprob"', '"no_speech_prob"', '"word_segments"', '"compression_ratio"',
                  '"probability"', '"temperature"', '"seek"')
WORD_GAP_MS = 1500  # a silence this long between words starts a new utterance (word_segments)


class ShapeError(ValueError):
    """The JSON is valid but not whisper-shaped; the message says what was expected."""


def sniff(text: str, path: str) -> int:
    """3 for whisper-shaped JSON with whisper's own keys, 2 for start/end/text segments."""
    head = text.lstrip()[:8192]
    if not head.startswith(("{", "[")) or '"schema_version"' in head:
        return 0
    if '"transcription"' in head and '"offsets"' in head:
        return 3
    if '"text"' not in head and '"word"' not in head:
        return 0
    if not _SEGMENT_KEYS.search(head) or '"startTime"' in head:
        return 0
    if any(hint in head for hint in _WHISPER_HINTS):
        return 3
    return 2 if '"segments"' in head or head.startswith("[") else 1


def read(text: str, path: str) -> Interview:
    """Read whisper JSON; `FormatError` naming the problem for bad JSON or a bad shape."""
    data = jsontext.parse(text, path)
    try:
        segments, language = _segments_of(data)
    except ShapeError as err:
        raise FormatError(path, str(err)) from None
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        raise FormatError(path, f"not whisper JSON: bad segment ({_why(err)})") from None
    interview = assemble(segments, path, NAME, Options(merge="none"))
    interview.language = language
    return interview


def _why(err: Exception) -> str:
    return f"missing {err}" if isinstance(err, KeyError) else str(err)


def _segments_of(data: Any) -> tuple[list[Segment], str | None]:
    """Dispatch on the top-level shape."""
    if isinstance(data, list):
        return _from_segments(data), None
    if not isinstance(data, dict):
        raise ShapeError("not whisper JSON: expected an object with \"segments\" or a list of segments")
    language = data.get("language") if isinstance(data.get("language"), str) else None
    if isinstance(data.get("transcription"), list):
        return _from_whisper_cpp(data["transcription"]), language or _cpp_language(data)
    segments = data.get("segments")
    if isinstance(segments, list) and segments:
        return _from_segments(segments), language
    words = data.get("word_segments")
    if isinstance(words, list) and words:
        return _from_words(words), language
    raise ShapeError("not whisper JSON: expected \"segments\" (a list of {start, end, text}) "
                     "or \"word_segments\"")


def _cpp_language(data: dict[str, Any]) -> str | None:
    result = data.get("result")
    return result.get("language") if isinstance(result, dict) else None


def _ms(value: Any) -> int:
    return timecode.seconds_to_ms(value)


def _confidence(item: dict[str, Any]) -> float | None:
    """A word's score/probability; a segment's exp(avg_logprob)."""
    for key in ("score", "probability", "confidence"):
        if isinstance(item.get(key), (int, float)):
            return round(float(item[key]), 4)
    if isinstance(item.get("avg_logprob"), (int, float)):
        return round(math.exp(min(0.0, float(item["avg_logprob"]))), 4)
    return None


def _words(raw: list[Any], start: int | None, end: int | None) -> list[tuple[Word, str | None]]:
    """Words with their speakers; missing times interpolated between known neighbours."""
    out: list[tuple[Word, str | None]] = []
    known: list[tuple[int | None, int | None]] = []
    for item in raw:
        if not isinstance(item, dict):
            raise ShapeError("not whisper JSON: a word is not an object with \"word\", \"start\", \"end\"")
        text = str(item.get("word", item.get("text", ""))).strip()
        if not text:
            continue
        s = _ms(item["start"]) if item.get("start") is not None else None
        e = _ms(item["end"]) if item.get("end") is not None else None
        speaker = item.get("speaker") if isinstance(item.get("speaker"), str) else None
        out.append((Word(0, 0, text, _confidence(item)), speaker))
        known.append((s, e))
    _interpolate(out, known, start, end)
    return out


def _interpolate(words: list[tuple[Word, str | None]], known: list[tuple[int | None, int | None]],
                 start: int | None, end: int | None) -> None:
    """Spread words without times evenly over the gap between their timed neighbours."""
    i = 0
    while i < len(words):
        s, e = known[i]
        if s is not None and e is not None:
            words[i][0].start, words[i][0].end = s, max(s, e)
            i += 1
            continue
        j = i
        while j < len(words) and (known[j][0] is None or known[j][1] is None):
            j += 1
        left = _left_edge(words, known, i, start)
        right = max(left, _right_edge(known, j, end, left))
        step = (right - left) / (j - i)
        for k in range(i, j):
            words[k][0].start = int(left + step * (k - i))
            words[k][0].end = int(left + step * (k - i + 1))
        i = j


def _left_edge(words: list[tuple[Word, str | None]], known: list[tuple[int | None, int | None]],
               i: int, start: int | None) -> int:
    """Where an untimed run begins: the previous word's end, else the segment start."""
    if i > 0:
        return words[i - 1][0].end
    if start is not None:
        return start
    return known[i][0] or 0


def _right_edge(known: list[tuple[int | None, int | None]], j: int, end: int | None, left: int) -> int:
    """Where an untimed run ends: the next timed word's start, else the segment end."""
    nxt = known[j][0] if j < len(known) else None
    if nxt is not None:
        return nxt
    return end if end is not None else left


def _from_segments(raw: list[Any]) -> list[Segment]:
    segments: list[Segment] = []
    for item in raw:
        if not isinstance(item, dict):
            raise ShapeError("not whisper JSON: each segment must be an object with start, end, text")
        segments += _split_by_speaker(item)
    return segments


def _split_by_speaker(item: dict[str, Any]) -> list[Segment]:
    """One whisper segment, split where its words' speakers change."""
    start = _ms(item["start"]) if item.get("start") is not None else None
    end = _ms(item["end"]) if item.get("end") is not None else None
    words = _words(item.get("words") or [], start, end)
    text = " ".join(str(item.get("text", "")).split())
    speaker = item.get("speaker") if isinstance(item.get("speaker"), str) else None
    confidence = _confidence(item)
    if not words:
        if start is None:
            raise ShapeError("not whisper JSON: a segment without \"start\" and without timed words")
        return [Segment(text, start, end, speaker, confidence=confidence)] if text else []
    groups = _speaker_runs(words, speaker)
    if len(groups) == 1:
        ws = [w for w, _ in words]
        return [Segment(text or " ".join(w.text for w in ws), start if start is not None else ws[0].start,
                        end if end is not None else ws[-1].end, groups[0][0], ws, confidence=confidence)]
    return [Segment(" ".join(w.text for w in ws), ws[0].start, ws[-1].end, who, ws, confidence=confidence)
            for who, ws in groups]


def _speaker_runs(words: list[tuple[Word, str | None]], default: str | None) -> list[tuple[str | None, list[Word]]]:
    """Consecutive words of one speaker; a word without a speaker stays with the run."""
    runs: list[tuple[str | None, list[Word]]] = []
    for word, who in words:
        if runs and (who is None or who == runs[-1][0]):
            runs[-1][1].append(word)
        elif not runs:
            runs.append((who or default, [word]))
        else:
            runs.append((who, [word]))
    return runs


def _from_words(raw: list[Any]) -> list[Segment]:
    """WhisperX `word_segments` alone: words into sentences, split at speakers and pauses."""
    words = _words(raw, None, None)
    segments: list[Segment] = []
    for word, who in words:
        last = segments[-1] if segments else None
        if (last is None or (who is not None and who != last.speaker)
                or word.start - (last.end or 0) > WORD_GAP_MS or ends_sentence(last.text)):
            segments.append(Segment(word.text, word.start, word.end, who, [word]))
        else:
            last.text = f"{last.text} {word.text}"
            last.end = word.end
            last.words.append(word)
    return segments


def _from_whisper_cpp(raw: list[Any]) -> list[Segment]:
    segments = []
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("offsets"), dict):
            raise ShapeError("not whisper.cpp JSON: each transcription entry needs \"offsets\"")
        text = " ".join(str(item.get("text", "")).split())
        start, end = int(item["offsets"]["from"]), int(item["offsets"]["to"])
        if start < 0 or end < 0:
            raise ShapeError(f"not whisper.cpp JSON: negative offset {start}..{end}")
        if text:
            segments.append(Segment(text, start, end))
    return segments
