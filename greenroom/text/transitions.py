"""How interviewers move the talk: lexicons kept as data (text/data/transitions.toml), compiled once.

`lexicon("transition")` is the compiled pattern of a lexicon ("Let's talk about…"),
`examples()` its example rows, which the tests check. The chapter model reads these
at the utterance that opens each candidate cut; no stage writes such a rule of its own.
"""

from __future__ import annotations

import importlib.resources
import re
import tomllib
from functools import cache, lru_cache
from typing import Any

NAMES = ("transition", "closing", "follow_up")


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    text = importlib.resources.files("greenroom.text").joinpath("data/transitions.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def lexicon(name: str) -> re.Pattern[str]:
    """The compiled, case-insensitive pattern of one lexicon; KeyError for an unknown name."""
    entry = _data()[name]
    return re.compile(entry["prefix"] + "(?:" + "|".join(entry["alternatives"]) + ")" + entry["suffix"],
                      re.IGNORECASE)


def cues(text: str) -> dict[str, bool]:
    """Which of the lexicons (`NAMES`) the text holds: {"transition": True, ...}."""
    return {name: bool(lexicon(name).search(text)) for name in NAMES}


def examples() -> list[tuple[str, str, bool]]:
    """(lexicon, text, should match) for every example row in the data."""
    rows = []
    for name, entry in _data().items():
        rows += [(name, text, True) for text in entry.get("match", [])]
        rows += [(name, text, False) for text in entry.get("miss", [])]
    return rows
