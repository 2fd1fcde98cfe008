"""NIST RTTM speaker turns: who is heard when, as diarization tools read and score it.

A captured interview writes its speaker timeline (speech with or without recognised
words); an imported one, which has none, writes its utterances' spans. Speaker
names have their spaces as underscores (RTTM fields are space-separated).
"""

from __future__ import annotations

import re

from greenroom.model import Interview

EXTENSIONS = ("rttm",)


def write(interview: Interview) -> str:
    """One `SPEAKER` line per stretch of one speaker, in time order."""
    spans = [(s.start, s.end, s.speaker) for s in interview.speaker_timeline]
    spans = spans or [(u.start, u.end, u.speaker) for u in interview.utterances]
    uri = re.sub(r"\s+", "_", interview.id or interview.title or "interview")
    lines = []
    for start, end, speaker in sorted(spans, key=lambda s: (s[0], s[1])):
        if end > start and speaker:
            name = re.sub(r"\s+", "_", interview.speaker_name(speaker) or speaker)
            lines.append(f"SPEAKER {uri} 1 {start / 1000:.3f} {(end - start) / 1000:.3f} <NA> <NA> {name} <NA> <NA>")
    return "\n".join(lines) + "\n" if lines else ""
