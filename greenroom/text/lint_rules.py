"""The question linter's English rules, kept as data (text/data/lint.toml) and compiled once.

`prep.lint` decides what is wrong with a planned question; everything it knows about
English comes from here: the stock questions (a bank of them, text/data/stock_questions.toml,
and patterns) and vague words that make one generic, the
frames and presumptions that make one leading and the wording that asks it open or
neutral, the private matters a question pries into, the kinds of ask that make two
questions the same, and the templates of every rewrite and message. Question detection
itself (closed, double-barreled, leading) is `text.questions`, shared with the turn
analyzer and coaching.

The intrusive topics are one vocabulary with the privacy analyzer's (text/data/privacy.toml):
each topic's `shared` alternatives are privacy's, word for word (a test checks it), and
`question_only` holds the few prying forms a question needs that an answer does not. Why
not privacy's whole topic: it marks any mention in a guest's answer for review ("my
grandfather's radio", "the wedding scene"), which in a planned question pries into nothing.

No stage is imported here.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from greenroom.text import lexicon

TOPIC = "lint"


def _data() -> dict[str, Any]:
    return lexicon.table(TOPIC)


def _compiled(entry: dict[str, Any]) -> re.Pattern[str]:
    return re.compile(lexicon.source(entry), re.IGNORECASE if entry.get("ignore_case", True) else 0)


@cache
def pattern(name: str) -> re.Pattern[str]:
    """One top-level pattern entry ("generic", "leading_frame", ...); KeyError for an unknown name."""
    return _compiled(_data()[name])


@cache
def words(name: str) -> frozenset[str]:
    """One word entry ("vague", "soft"), lower case; KeyError for an unknown name."""
    entry = _data()[name]["words"]
    return frozenset(w.lower() for w in (entry.split() if isinstance(entry, str) else entry))


@cache
def ask_frames() -> dict[str, re.Pattern[str]]:
    """The kinds of ask a re-ask keeps ("origin", "hardest", "future", ...), in data order."""
    return {name: _compiled(entry) for name, entry in _data()["frames"].items()}


@cache
def work_units() -> dict[str, tuple[str, ...]]:
    """Kind of work ("song", "lyric", ...) -> the words that name it."""
    return {unit: tuple(entry["words"]) for unit, entry in _data()["work_units"].items()}


@cache
def open_forms() -> tuple[tuple[re.Pattern[str], str], ...]:
    """(pattern, template) pairs that ask a yes/no question open, tried in order."""
    return tuple((_compiled(entry), str(entry["template"])) for entry in _data()["open_forms"])


def _intrusive_alternatives(entry: dict[str, Any]) -> list[str]:
    return [*entry["shared"], *entry["question_only"]]


@cache
def intrusive_topics() -> dict[str, re.Pattern[str]]:
    """Private matter ("health", "money", ...) -> the whole-word pattern of a question prying into it."""
    return {topic: re.compile(r"\b(?:" + "|".join(_intrusive_alternatives(entry)) + r")\b", re.IGNORECASE)
            for topic, entry in _data()["intrusive"].items()}


def intrusive_topic(text: str) -> str | None:
    """The first private matter `text` pries into, or None: a private-sounding word that
    belongs to the work ("the divorce scene", "your character's illness", "the money from the
    first season") pries into nothing (`of_the_work`)."""
    for topic, found in intrusive_topics().items():
        if any(not of_the_work(text, match) for match in found.finditer(text)):
            return topic
    return None


def of_the_work(text: str, match: re.Match[str]) -> bool:
    """Whether the private-sounding word `match` found in `text` belongs to the work: a
    character's or a work's ([work_before]), followed by a kind of work ([work_after]), or of
    a work named after it ([of_the_work]) and the work's own ("the money", [work_article]), not someone's."""
    before, after = text[:match.start()], text[match.end():]
    if pattern("work_before").search(before) or pattern("work_after").match(after):
        return True
    return bool(pattern("of_the_work").match(after)) and bool(pattern("work_article").search(before))


def shared_with_privacy() -> dict[str, tuple[str, list[str]]]:
    """Intrusive topic -> (privacy.toml topic, the alternatives taken from it word for word)."""
    return {topic: (str(entry["privacy"]), list(entry["shared"])) for topic, entry in _data()["intrusive"].items()}


def positive_forms() -> dict[str, str]:
    """Negative-auxiliary stems whose positive form is not the stem without its n ("won" -> "will")."""
    return dict(_data()["positive"]["forms"])


def stem_suffixes() -> tuple[str, ...]:
    return tuple(_data()["stems"]["suffixes"])


def template(name: str) -> str:
    """A rewrite's wording ([templates]), to be filled with str.format."""
    return str(_data()["templates"][name])


def message(name: str) -> str:
    """A flag's explanation ([messages]), to be filled with str.format."""
    return str(_data()["messages"][name])


def _entries() -> list[tuple[str, dict[str, Any]]]:
    """Every entry with example rows, named as the tests print them ("frames.origin", "open_forms.3")."""
    found: list[tuple[str, dict[str, Any]]] = []
    for name, entry in _data().items():
        if isinstance(entry, list):
            found += [(f"{name}.{i}", item) for i, item in enumerate(entry)]
        elif isinstance(entry, dict) and ("match" in entry or "miss" in entry):
            found.append((name, entry))
        elif isinstance(entry, dict):
            found += [(f"{name}.{sub}", item) for sub, item in entry.items()
                      if isinstance(item, dict) and {"pattern", "words", "shared"} & set(item)]
    return found


def entry_pattern(name: str) -> re.Pattern[str]:
    """The compiled pattern behind an example row's entry name; word entries match their words whole."""
    head, _, sub = name.partition(".")
    if head == "open_forms":
        return open_forms()[int(sub)][0]
    if head == "intrusive":
        return intrusive_topics()[sub]
    if head == "frames":
        return ask_frames()[sub]
    entry = _data()[head][sub] if sub else _data()[head]
    if "words" in entry and isinstance(entry["words"], str):
        return re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(words(head)))) + r")\b", re.IGNORECASE)
    return _compiled(entry)


STOCK = "stock_questions"


@cache
def stock_questions() -> tuple[tuple[str, str], ...]:
    """The bank of stock interview questions (text/data/stock_questions.toml) as (topic, question):
    what a generic question is close to in meaning (`prep.lint`)."""
    return tuple((topic, str(q)) for topic, entry in lexicon.table(STOCK).items() for q in entry["questions"])


def stock_examples() -> list[tuple[str, str, bool]]:
    """(stock topic, text, should be generic) for every example row of stock_questions.toml."""
    rows = []
    for topic, entry in lexicon.table(STOCK).items():
        rows += [(topic, str(text), True) for text in entry.get("match", [])]
        rows += [(topic, str(text), False) for text in entry.get("miss", [])]
    return rows


def examples() -> list[tuple[str, str, bool]]:
    """(entry, text, should match) for every example row of lint.toml."""
    rows = []
    for name, entry in _entries():
        rows += [(name, text, True) for text in entry.get("match", [])]
        rows += [(name, text, False) for text in entry.get("miss", [])]
    return rows
