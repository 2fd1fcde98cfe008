"""Lexicons read through the generic loader (text/lexicon.py): every example row of
every topic holds, and every lexicon has an example each way."""

from __future__ import annotations

import pytest

from greenroom.text import lexicon

TOPICS = ("card", "standalone", "quotes", "topics")  # topics read with lexicon.pattern as they stand


def rows() -> list[tuple[str, str, str, bool]]:
    return [(topic, name, text, matches) for topic in TOPICS for name, text, matches in lexicon.examples(topic)]


@pytest.mark.parametrize(("topic", "name", "text", "matches"), rows())
def test_each_example_row_holds(topic: str, name: str, text: str, matches: bool) -> None:
    assert bool(lexicon.pattern(topic, name).search(text)) is matches


@pytest.mark.parametrize("topic", TOPICS)
def test_every_lexicon_has_examples_both_ways(topic: str) -> None:
    for name, entry in lexicon.table(topic).items():
        assert entry.get("match") and entry.get("miss"), f"{topic}.{name}"


def test_a_word_list_matches_whole_words_only() -> None:
    assert lexicon.words("standalone", "dangling") >= {"but", "and"}


def test_an_unknown_topic_or_name_is_an_error() -> None:
    with pytest.raises(FileNotFoundError):
        lexicon.table("nonsense")
    with pytest.raises(KeyError):
        lexicon.pattern("card", "nonsense")
