"""Timestamps in and out: the one place text times become integer milliseconds.

Accepted on input: `HH:MM:SS,mmm` (SRT), `HH:MM:SS.mmm` and `MM:SS.mmm` (WebVTT),
`H:MM:SS` / `M:SS` clock stamps (transcripts), and bare seconds `12.5`.
"""

from __future__ import annotations

import re

_CLOCK = re.compile(
    r"^\s*(?:(?P<h>\d{1,15}):)?(?P<m>\d{1,2}):(?P<s>\d{1,2})(?:[.,](?P<frac>\d{1,9}))?\s*$"
)
_SECONDS = re.compile(r"^\s*(?P<s>\d{1,15})(?:[.,](?P<frac>\d{1,9}))?\s*$")


class TimecodeError(ValueError):
    """A timestamp that cannot be read; the message quotes it."""


def _frac_ms(frac: str | None) -> int:
    if not frac:
        return 0
    return int(round(int(frac) / 10 ** (len(frac) - 3))) if len(frac) > 3 else int(frac.ljust(3, "0"))


def parse(text: str) -> int:
    """Parse a timestamp into milliseconds; raise `TimecodeError` naming it if malformed."""
    match = _CLOCK.match(text)
    if match:
        minutes, seconds = int(match["m"]), int(match["s"])
        if seconds >= 60 or (match["h"] is not None and minutes >= 60):
            raise TimecodeError(f"bad timestamp {text.strip()!r}: minutes/seconds out of range")
        hours = int(match["h"] or 0)
        return ((hours * 60 + minutes) * 60 + seconds) * 1000 + _frac_ms(match["frac"])
    match = _SECONDS.match(text)
    if match:
        return int(match["s"]) * 1000 + _frac_ms(match["frac"])
    raise TimecodeError(f"bad timestamp {text.strip()[:40]!r}")


def seconds_to_ms(value: float | int | str) -> int:
    """Seconds (as JSON gives them) to milliseconds, rejecting negatives and NaN."""
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise TimecodeError(f"bad time {value!r}: not a number") from None
    if not seconds >= 0 or seconds > 1e9:
        raise TimecodeError(f"bad time {value!r}: out of range")
    return int(round(seconds * 1000))


def _split(ms: int) -> tuple[int, int, int, int]:
    if ms < 0:
        raise ValueError(f"negative time {ms}")
    seconds, millis = divmod(int(ms), 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return hours, minutes, seconds, millis


def srt(ms: int) -> str:
    """`HH:MM:SS,mmm` as SRT wants it."""
    h, m, s, f = _split(ms)
    return f"{h:02d}:{m:02d}:{s:02d},{f:03d}"


def vtt(ms: int) -> str:
    """`HH:MM:SS.mmm` as WebVTT wants it."""
    h, m, s, f = _split(ms)
    return f"{h:02d}:{m:02d}:{s:02d}.{f:03d}"


def clock(ms: int) -> str:
    """A short human clock: `M:SS` under an hour, `H:MM:SS` above (rounded down)."""
    h, m, s, _ = _split(ms)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def stamp(ms: int) -> str:
    """`HH:MM:SS`, the bracketed stamp of transcripts."""
    h, m, s, _ = _split(ms)
    return f"{h:02d}:{m:02d}:{s:02d}"


def parse_duration(text: str) -> int:
    """A duration such as `90s`, `1m30s`, `2m`, `1:30` or `90` (seconds) in milliseconds."""
    value = text.strip().lower()
    match = re.fullmatch(r"(?:(\d+)h)?\s*(?:(\d+)m(?!s))?\s*(?:(\d+(?:\.\d+)?)s)?\s*(?:(\d+)ms)?", value)
    if value and match and any(match.groups()):
        h, m, s, ms = match.groups()
        return int(h or 0) * 3_600_000 + int(m or 0) * 60_000 + int(round(float(s or 0) * 1000)) + int(ms or 0)
    return parse(value)
