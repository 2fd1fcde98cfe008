"""What a host's question is about (craft, process, experience, personal, career,
advocacy, promotion): lexicons kept as data (text/data/topics.toml), compiled once by
the one lexicon loader (`text.lexicon`). `analyze.turns.topic_of` counts their hits;
the order of the tables is the tie-break, more specific topics first.
"""

from __future__ import annotations

import re
from functools import cache

from greenroom.text import lexicon

TOPIC = "topics"


@cache
def patterns() -> dict[str, re.Pattern[str]]:
    """Topic name -> its compiled whole-word pattern, in the data file's order."""
    return {name: lexicon.pattern(TOPIC, name) for name, entry in lexicon.table(TOPIC).items()
            if isinstance(entry, dict)}
