"""Authenticity vs promotion: how much of the talk sells something.

A junket interview is partly a sales visit; editors and publicists both want
to know how much of the conversation was plugs (release dates, "go see it",
sponsors) and how much was the person and their craft. Shares are by speaking
time, sentence by sentence, so one plug at the end of a long answer counts as
the seconds it took, not as the whole answer.

What a plug is lives in `text.promotion` (data with examples). No analyzer of its
own: `coaching` stores the figures in `Metrics.extra`.
"""

from __future__ import annotations

from typing import Any

from greenroom.model import Interview, Utterance
from greenroom.text.promotion import is_promotional
from greenroom.text.sentences import BRACKETS, split_spans

__all__ = ["is_promotional", "promotion_by_chapter", "promotion_share", "promotional_ms"]

WHOLE_INTERVIEW = "whole interview"


def promotional_ms(utterance: Utterance) -> int:
    """Milliseconds of `utterance` spent on plugs, shared out by sentence length."""
    plain = " ".join(BRACKETS.sub(" ", utterance.text).split())  # inline marks ("(laughs)") are no talk
    parts = [plain[b:e] for b, e in split_spans(plain)]
    total = sum(len(s) for s in parts)
    if not total:
        return 0
    promo = sum(len(s) for s in parts if is_promotional(s))
    return round(utterance.duration * promo / total)


def _share(utterances: list[Utterance]) -> dict[str, Any]:
    talk = sum(max(0, u.duration) for u in utterances)
    promo = sum(promotional_ms(u) for u in utterances if u.duration > 0)
    return {"talk_ms": talk, "promotional_ms": promo, "share": round(promo / talk, 3) if talk else 0.0}


def promotion_share(interview: Interview) -> float:
    """Share (0..1) of all speaking time that is promotional."""
    return float(_share(interview.utterances)["share"])


def promotion_by_chapter(interview: Interview) -> list[dict[str, Any]]:
    """Per chapter (by utterance midpoint): title, start, end and the share; one
    "whole interview" entry when the interview has no chapters yet."""
    if not interview.chapters:
        entry = {"title": WHOLE_INTERVIEW, "start": 0, "end": interview.duration}
        return [{**entry, **_share(interview.utterances)}]
    rows = []
    for chapter in interview.chapters:
        inside = [u for u in interview.utterances if chapter.start <= (u.start + u.end) // 2 < chapter.end]
        rows.append({"title": chapter.title, "start": chapter.start, "end": chapter.end, **_share(inside)})
    return rows
