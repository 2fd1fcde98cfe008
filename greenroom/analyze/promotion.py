"""Authenticity vs promotion: how much of the talk sells something.

A junket interview is partly a sales visit; editors and publicists both want
to know how much of the conversation was plugs (release dates, "go see it",
sponsors) and how much was the person and their craft. Shares are by speaking
time, sentence by sentence, so one plug at the end of a long answer counts as
the seconds it took, not as the whole answer.

No analyzer of its own: `coaching` stores the figures in `Metrics.extra`.
"""

from __future__ import annotations

import re
from typing import Any

from greenroom.analyze.turns import sentences
from greenroom.model import Interview, Utterance

_MONTH = (r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
          r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)")
_DAY = r"(?:\d{1,2}(?:st|nd|rd|th)?|\w+(?:st|nd|rd|th)|\w+day)"
PROMO = re.compile(
    r"\b(?:(?:opens?|releases?|premieres?|comes? out|is out|arrives?)\s+(?:this|next|nationwide|everywhere|"
    r"on (?:the )?" + _DAY + r"\b|on " + _MONTH + r"\b|in " + _MONTH + r"\b)|"
    r"in (?:cinemas|theaters|theatres|stores|select theaters)|hits (?:theaters|theatres|cinemas|screens|shelves)|"
    r"go (?:and )?see it|go watch it|go check it out|streaming (?:on|now|from|everywhere)|"
    r"out (?:now|everywhere|today)|available (?:now|everywhere|on|from|today)|"
    r"(?:get|buy|book|grab) (?:your |some )?tickets|tickets (?:are|on sale|available)|pre-?order\w*|"
    r"release date|on the \w+(?:th|st|nd|rd) of " + _MONTH + r"\b|"
    r"sponsored by|brought to you by|use (?:the )?code|promo code|discount code|"
    r"check (?:it |us |me |them )?out|link in (?:the|my) (?:bio|description)|on tour|new album|"
    # where to find the guest or the work: "People can find you on Twitter at ...", "@SarahKSilverman",
    # "tim.blog/podcast", "podnews dot net", "we'll link to everything ... in the show notes"
    r"(?:find|follow) (?:you|me|him|her|them|us|it|(?-i:[A-Z]\w+)) (?:on|at)|where (?:can|should) (?:people|listeners|"
    r"folks|we|they) (?:find|follow|go)|we(?:'|’)?ll link to|(?:link|links|linked) (?:to|in) (?:the )?show ?notes|"
    r"in (?:the )?show ?notes|wherever you get your (?:podcasts|books)|in (?:book ?stores|bookshops)|"
    r"previews? (?:start|begin|open)|"
    # subscribing as a call to action, not talk about subscribers ("most of the Buzzcast ones lose subscribers")
    r"subscrib(?:e|ing) to (?:the|our|my|this) (?:channel|podcast|show|newsletter|feed)|"
    r"subscribe(?=\s*[.!]|\s+(?:in|on|at|now|today|for free)\b)|(?:hit|like and|please|consider) subscrib(?:e|ing))"
    r"|(?<![\w.@])@[A-Za-z_]\w{2,}\b|(?<![@\w.-])[\w-]+\.(?:com|net|org|io|blog|fm|tv)(?:/[\w./-]*)?(?!\w)"
    r"|\b\w+ dot (?:com|net|org|io|fm)\b",
    re.IGNORECASE)
WHOLE_INTERVIEW = "whole interview"


def is_promotional(sentence: str) -> bool:
    """A plug: a release date, a place to watch or buy, a sponsor, a call to action,
    or where to find the guest or the work (a handle, a web address, the show notes)."""
    return bool(PROMO.search(sentence))


def promotional_ms(utterance: Utterance) -> int:
    """Milliseconds of `utterance` spent on plugs, shared out by sentence length."""
    parts = sentences(utterance.text)
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
