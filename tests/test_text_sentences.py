"""The one sentence splitter and word tokenizer (greenroom/text/sentences.py)."""

from __future__ import annotations

import pytest

from greenroom.text.sentences import split_spans, timed_spans, words


def sentences(text: str) -> list[str]:
    return [text[b:e] for b, e in split_spans(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("I met Dr. Rao in St. Louis. It rained.", ["I met Dr. Rao in St. Louis.", "It rained."]),
    ("He said, “What's that? Is it growing?” and laughed. Then he left.",
     ["He said, “What's that? Is it growing?” and laughed.", "Then he left."]),
    ("(laughs) So that was it. Yes.", ["So that was it.", "Yes."]),
    ("you know.I said no", ["you know.", "I said no"]),
    ("T.S. Eliot wrote it.", ["T.S. Eliot wrote it."]),
])
def test_sentences_are_split_where_a_reader_would(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_words_keep_contractions_whole() -> None:
    assert words("Don't stop — it’s fine (laughs)") == ["Don't", "stop", "it’s", "fine", "laughs"]


def test_timed_spans_share_the_time_by_characters() -> None:
    (_, _, s1, e1), (_, _, s2, e2) = timed_spans("One two. Three four.", 0, 2_000)
    assert s1 == 0 and e2 <= 2_000 and e1 <= s2
