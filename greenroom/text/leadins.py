"""Spoken lead-ins (text/data/leadins.toml): "So, um, I mean, ..." before what a line says.

`opening(*kinds)` is the compiled run of lead-ins of those kinds at the start of a
line; `strip(text, *kinds)` removes it. Each stage picks the kinds that carry nothing
for it (the data file says why the kinds differ): `standalone` strips fillers only,
the card fillers and agreement.
"""

from __future__ import annotations

import re
from functools import cache

from greenroom.text import lexicon

TOPIC = "leadins"
KINDS = ("filler", "agreement", "sequence", "contrast")
SEPARATOR = r"[,\s]+"  # what follows a lead-in: a comma or a space


@cache
def opening(*kinds: str, separator: str = SEPARATOR) -> re.Pattern[str]:
    """The run of lead-ins of `kinds` opening a line ("So, um, "); KeyError for an unknown kind."""
    parts = [part for kind in kinds for part in lexicon.table(TOPIC)[kind]["alternatives"]]
    return re.compile(r"^(?:(?:" + "|".join(parts) + r")\b" + separator + r")+", re.IGNORECASE)


def strip(text: str, *kinds: str) -> str:
    """`text` without the lead-ins of `kinds` it opens with."""
    return opening(*kinds).sub("", text)


def examples() -> list[tuple[str, str, bool]]:
    """(kind, text, should open on a lead-in) for every example row in the data."""
    return lexicon.examples(TOPIC)
