"""YouTube's json3 timed text (`&fmt=json3`): `{"events": [...]}`.

An event has `tStartMs`, `dDurationMs` and `segs` (`{"utf8": " word", "tOffsetMs":
480}`). Window events (`wpWinPosId`, `wsWinStyleId`) carry no `segs`; events with
`aAppend` only add the `"\\n"` that scrolls the window. Auto-captions have one word
per seg, which become `Word`s; uploaded captions have whole lines per seg and
keep their event times only.
"""

from __future__ import annotations

from typing import Any

from greenroom.errors import FormatError
from greenroom.formats import jsontext
from greenroom.formats.assemble import Options, Segment, assemble
from greenroom.model import Interview, Word

NAME = "json3"
EXTENSIONS = ("json",)


def sniff(text: str, path: str) -> int:
    """3 for a JSON object whose `events` hold `tStartMs` (2 for an `events` key alone)."""
    head = text.lstrip("\ufeff \t\r\n")[:8192]
    if not head.startswith("{") or '"events"' not in head:
        return 0
    return 3 if '"tStartMs"' in head or '"wireMagic"' in head else 2


def read(text: str, path: str) -> Interview:
    """Parse json3 events into utterances with word times."""
    data = jsontext.parse(text, path)
    events = data.get("events") if isinstance(data, dict) else None
    if not isinstance(events, list):
        raise FormatError(path, "not YouTube json3: 'events' must be a list")
    spoken = [e for e in events if isinstance(e, dict) and _text(e, path).strip()]
    segments = [_segment(e, nxt, path) for e, nxt in zip(spoken, spoken[1:] + [None])]
    return assemble(segments, path, NAME, Options(merge="captions"))


def _int(event: dict[str, Any], key: str, path: str, default: int | None = None) -> int:
    value = event.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise FormatError(path, f"bad {key} {value!r} in a json3 event (expected milliseconds)")
    return int(value)


def _segs(event: dict[str, Any], path: str) -> list[dict[str, Any]]:
    segs = event.get("segs") or []
    if not isinstance(segs, list) or not all(isinstance(s, dict) for s in segs):
        raise FormatError(path, "bad segs in a json3 event (expected a list of objects)")
    return segs


def _text(event: dict[str, Any], path: str) -> str:
    return "".join(str(s.get("utf8", "")) for s in _segs(event, path))


def _segment(event: dict[str, Any], following: dict[str, Any] | None, path: str) -> Segment:
    """One event to a segment; it ends at its own end or where the next event
    starts, whichever is first (auto-caption events overlap while lines scroll)."""
    start = _int(event, "tStartMs", path)
    end = start + _int(event, "dDurationMs", path, 0)
    if following is not None:
        end = max(start, min(end, _int(following, "tStartMs", path)))
    text = " ".join(_text(event, path).split())
    return Segment(text, start, end, words=_words(event, start, end, path))


def _words(event: dict[str, Any], start: int, end: int, path: str) -> list[Word]:
    """Word times when segs are words (auto-captions); none for one whole-line seg.

    A word ends where the next begins, the last at the segment's end.
    """
    segs = _segs(event, path)
    found: list[tuple[int, str]] = []
    for seg in segs:
        tokens = [t for t in str(seg.get("utf8", "")).split() if t != ">>"]
        if len(segs) == 1 and len(tokens) > 1:
            return []
        if tokens:
            at = min(end, start + _int(seg, "tOffsetMs", path, 0))
            found.append((at, " ".join(tokens).lstrip(">") or tokens[0]))
    stops = [at for at, _ in found[1:]] + [end]
    return [Word(at, max(at, stop), text) for (at, text), stop in zip(found, stops)]
