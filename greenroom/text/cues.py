"""The cues of a moment (text/data/cues.toml): narrative markers, past and present
tense, specifics, candour, humour, intensity, craft, strong statements, feelings,
inline laughs, names and quoted lines.

The moment model (analyze/moment_model.json) was fitted on counts of these, so the
compiled patterns are held byte-identical by a frozen hash (tests/test_text_cues.py).
"""

from __future__ import annotations

import re

from greenroom.text import lexicon

TOPIC = "cues"
NAMES = ("narrative", "past", "present", "numbers", "places_times", "candid", "humor", "intense", "craft_cues",
         "strong", "feeling", "inline_laugh", "name_like", "quoted")


def cue(name: str) -> re.Pattern[str]:
    """The compiled pattern of one cue lexicon; KeyError for an unknown name."""
    return lexicon.pattern(TOPIC, name)


def examples() -> list[tuple[str, str, bool]]:
    """(cue, text, should match) for every example row in the data."""
    return lexicon.examples(TOPIC)
