"""How people tell stories: lexicons kept as data (text/data/storytelling.toml), compiled once.

`lexicon("openers")` is the compiled pattern of a lexicon; `examples()` its example rows,
which the tests check. The moment ranker and the story cutter read these; no stage
writes a storytelling rule of its own. Loaded by the one lexicon loader (`text.lexicon`).
"""

from __future__ import annotations

import re

from greenroom.text import lexicon as _lexicon

TOPIC = "storytelling"


def lexicon(name: str) -> re.Pattern[str]:
    """The compiled, case-insensitive pattern of one lexicon; KeyError for an unknown name."""
    return _lexicon.pattern(TOPIC, name)


def examples() -> list[tuple[str, str, bool]]:
    """(lexicon, text, should match) for every example row in the data."""
    return _lexicon.examples(TOPIC)
