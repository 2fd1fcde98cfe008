"""Lexicons kept as data: one TOML file per topic under text/data, compiled once.

Each table of a topic file is one lexicon. A pattern lexicon is `prefix` + its
`alternatives` joined by "|" + `suffix` (by default "\\b(?:" and ")\\b": whole
words), or a `pattern` as it stands, matched case-insensitively unless
`ignore_case = false`. A word lexicon is a `words` list. Every lexicon carries
`match` and `miss` example rows: texts it must find something in and texts it
must not; `examples(topic)` lists them for one table-driven test per topic.
"""

from __future__ import annotations

import importlib.resources
import re
import tomllib
from functools import cache
from typing import Any

WORD_PREFIX, WORD_SUFFIX = r"\b(?:", r")\b"


@cache
def table(topic: str) -> dict[str, Any]:
    """The parsed `text/data/<topic>.toml`; FileNotFoundError for an unknown topic."""
    text = importlib.resources.files("greenroom.text").joinpath(f"data/{topic}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def source(entry: dict[str, Any]) -> str:
    """The regular expression an entry stands for, before compiling."""
    if "pattern" in entry:
        return str(entry["pattern"])
    parts = entry["alternatives"] if "alternatives" in entry else [re.escape(w) for w in entry["words"]]
    return entry.get("prefix", WORD_PREFIX) + "|".join(parts) + entry.get("suffix", WORD_SUFFIX)


@cache
def pattern(topic: str, name: str) -> re.Pattern[str]:
    """The compiled pattern of lexicon `name` of `topic`; KeyError for an unknown name."""
    entry = table(topic)[name]
    return re.compile(source(entry), re.IGNORECASE if entry.get("ignore_case", True) else 0)


@cache
def words(topic: str, name: str) -> frozenset[str]:
    """The words of word lexicon `name` of `topic`, lower case; KeyError for an unknown name."""
    return frozenset(w.lower() for w in table(topic)[name]["words"])


def examples(topic: str) -> list[tuple[str, str, bool]]:
    """(lexicon, text, should match) for every example row of one topic."""
    rows = []
    for name, entry in table(topic).items():
        if isinstance(entry, dict):
            rows += [(name, text, True) for text in entry.get("match", [])]
            rows += [(name, text, False) for text in entry.get("miss", [])]
    return rows
