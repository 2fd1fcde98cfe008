"""Plugs (text/data/promotion.toml): release dates, places to watch or buy, sponsors,
calls to action, and where to find the guest or the work.

`is_promotional(sentence)` is the one test; analyze/promotion.py shares speaking time
by it and the card keeps plugs out of its lines.
"""

from __future__ import annotations

import re
from functools import cache

from greenroom.text import lexicon

TOPIC = "promotion"
NAMES = ("month", "day", "plug", "address")


def _alternatives(name: str) -> list[str]:
    return list(lexicon.table(TOPIC)[name]["alternatives"])


def _source(name: str) -> str:
    """One lexicon's expression; a plug's {month} and {day} filled in."""
    month = "(?:" + "|".join(_alternatives("month")) + ")"
    day = "(?:" + "|".join(_alternatives("day")) + ")"
    if name == "address":
        return "|".join(_alternatives(name))
    joined = "|".join(_alternatives(name)).replace("{month}", month).replace("{day}", day)
    return r"\b(?:" + joined + (r")\b" if name in ("month", "day") else ")")


@cache
def part(name: str) -> re.Pattern[str]:
    """The compiled pattern of one lexicon of the topic; KeyError for an unknown name."""
    return re.compile(_source(name), re.IGNORECASE)


@cache
def plugs() -> re.Pattern[str]:
    """Any plug or address."""
    return re.compile(_source("plug") + "|" + _source("address"), re.IGNORECASE)


def is_promotional(sentence: str) -> bool:
    """A plug: a release date, a place to watch or buy, a sponsor, a call to action,
    or where to find the guest or the work (a handle, a web address, the show notes)."""
    return bool(plugs().search(sentence))


def examples() -> list[tuple[str, str, bool]]:
    """(lexicon, text, should match) for every example row in the data."""
    return lexicon.examples(TOPIC)
