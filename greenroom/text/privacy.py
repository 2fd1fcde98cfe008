"""Privacy's English rules, kept as data (text/data/privacy.toml) and compiled once.

The privacy analyzer reads everything language-specific from here: the patterns for
personal data (addresses, phones, schools, ...), the words that introduce a private
person ("my daughter", "our nanny"), the sensitive-topic lexicons and the exceptions
that keep them precise. `examples()` gives every entry's match/miss rows, which
tests/test_text_privacy.py checks. No stage is imported here.
"""

from __future__ import annotations

import importlib.resources
import re
import tomllib
from functools import cache
from typing import Any


@cache
def _data() -> dict[str, Any]:
    text = importlib.resources.files("greenroom.text").joinpath("data/privacy.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _expand(regex: str) -> str:
    """A regex with its [parts] (STREET_WORDS, SCHOOL_WORDS) written out."""
    for name, part in _data()["parts"].items():
        regex = regex.replace(name.upper(), part["regex"])
    return regex


@cache
def pattern(name: str) -> re.Pattern[str]:
    """One compiled [patterns.<name>] entry; KeyError for an unknown name."""
    entry = _data()["patterns"][name]
    return re.compile(_expand(entry["regex"]), re.IGNORECASE if entry["ignore_case"] else 0)


def topic_words(name: str) -> tuple[str, ...]:
    """The alternatives of one sensitive topic, as written in the data."""
    return tuple(_data()["topics"][name]["alternatives"])


@cache
def topics() -> dict[str, re.Pattern[str]]:
    """Every sensitive topic's pattern, in the order a passage's label names them (gravest
    first). Amounts ("\\$5,000") start with a non-word character, so they stand outside
    the word boundaries the other alternatives sit in."""
    compiled = {}
    for name, entry in _data()["topics"].items():
        words = entry["alternatives"]
        plain = "|".join(w for w in words if not w.startswith("\\$"))
        amounts = "".join("|" + w for w in words if w.startswith("\\$"))
        compiled[name] = re.compile(r"(?:\b(?:" + plain + r")\b" + amounts + ")", re.IGNORECASE)
    return compiled


@cache
def not_names() -> frozenset[str]:
    """Capitalised words that are never a private person's name ("So", "Monday")."""
    return frozenset(_data()["names"]["not_names"])


@cache
def kin_roles() -> dict[str, tuple[str, ...]]:
    """Private-person role ("child", "partner", "relative", "private role") -> words that introduce one."""
    return {role: tuple(words) for role, words in _data()["kin_roles"].items() if role != "about"}


def name_part(key: str) -> str:
    """A regex piece of the kinship-name patterns: "possessive", "adjectives" or "name"."""
    return str(_data()["names"][key])


def other_roles() -> tuple[str, ...]:
    """Role words besides the kinship ones that may introduce a person by name ("a designer called ...")."""
    return tuple(_data()["names"]["other_roles"])


def judge_question() -> str:
    """The yes/no question a judge answers about a sensitive-topic passage ("Does the speaker
    reveal something private about a real person they know ...?")."""
    return str(_data()["judge"]["question"])


def examples() -> list[tuple[str, str, bool]]:
    """(entry, text, should match) for every example row: entries are "patterns.<name>",
    "topics.<name>" and "exceptions.<name>"."""
    rows = []
    for section in ("patterns", "topics", "exceptions"):
        for name, entry in _data().get(section, {}).items():
            rows += [(f"{section}.{name}", text, True) for text in entry.get("match", [])]
            rows += [(f"{section}.{name}", text, False) for text in entry.get("miss", [])]
    return rows


def compiled(entry: str) -> re.Pattern[str]:
    """The compiled pattern behind an example row's entry name ("topics.health")."""
    section, name = entry.split(".", 1)
    if section == "topics":
        return topics()[name]
    if section == "exceptions":
        return exception(name)
    return pattern(name)


@cache
def exception(name: str) -> re.Pattern[str]:
    """One compiled [exceptions.<name>] entry (case-insensitive): words that make a hit not private."""
    return re.compile(_expand(_data()["exceptions"][name]["regex"]), re.IGNORECASE)


def excused(topic: str, sentence: str) -> bool:
    """Whether an [exceptions] entry says this topic's hit in `sentence` is not private
    (money about the work, body weight in pounds, a stolen base), and no `unless`
    entry keeps it private ("a lot of it my own money")."""
    for name, entry in _data().get("exceptions", {}).items():
        if topic in entry["topics"] and exception(name).search(sentence):
            unless = entry.get("unless")
            if not (unless and exception(unless).search(sentence)):
                return True
    return False
