"""Transcription-service footers (text/data/footers.toml): "Transcribed by https://otter.ai".

The plain-text importer ends a transcript's talk at such a line; the services and the
credit wording are data, so a new service is a data row and an example.
"""

from __future__ import annotations

import re
from functools import cache

from greenroom.text import lexicon


@cache
def footer() -> re.Pattern[str]:
    """The whole-line pattern of a service's credit line."""
    entry = lexicon.table("footers")["footer"]
    return re.compile(r"^\s*(?:" + "|".join(entry["credits"]) + r")\s+(?:https?://)?(?:www\.)?(?:"
                      + "|".join(entry["services"]) + r")\S*\s*$", re.IGNORECASE)


def is_footer(line: str) -> bool:
    """Whether `line` is a transcription service's credit line and nothing else."""
    return bool(footer().match(line))


def examples() -> list[tuple[str, str, bool]]:
    """(entry, text, should match) for every example row in the data."""
    return lexicon.examples("footers")
