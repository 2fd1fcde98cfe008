"""How interviewers move the talk: lexicons kept as data (text/data/transitions.toml), compiled once.

`lexicon("transition")` is the compiled pattern of a lexicon ("Let's talk about…"),
`examples()` its example rows, which the tests check. The chapter model reads the
moves (`cues`) at the utterance that opens each candidate cut; chapter titles read
the lead-ins that wrap a topic ("Tell me about X"), and the introduction
("The following is a conversation with…"). No stage writes such a rule of its own.
Loaded by the one lexicon loader (`text.lexicon`).
"""

from __future__ import annotations

import re

from greenroom.text import lexicon as _lexicon

TOPIC = "transitions"
NAMES = ("transition", "closing", "follow_up")  # the host's moves, as `cues` reports them


def lexicon(name: str) -> re.Pattern[str]:
    """The compiled pattern of one lexicon; KeyError for an unknown name."""
    return _lexicon.pattern(TOPIC, name)


def cues(text: str) -> dict[str, bool]:
    """Which of the moves (`NAMES`) the text holds: {"transition": True, ...}."""
    return {name: bool(lexicon(name).search(text)) for name in NAMES}


def examples() -> list[tuple[str, str, bool]]:
    """(lexicon, text, should match) for every example row in the data."""
    return _lexicon.examples(TOPIC)
