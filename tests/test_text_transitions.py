"""The interviewer-move lexicons (text/data/transitions.toml): every example row holds."""

from __future__ import annotations

import pytest

from greenroom.text.transitions import NAMES, cues, examples, lexicon


@pytest.mark.parametrize(("name", "text", "matches"), examples())
def test_each_example_row_holds(name: str, text: str, matches: bool) -> None:
    assert bool(lexicon(name).search(text)) is matches


def test_every_lexicon_has_examples_both_ways() -> None:
    names = {name for name, _, _ in examples()}
    assert names == {*NAMES, "introduction", "topic_lead", "filler_lead", "question_of", "wh_start", "some_of"}
    for name in names:
        assert {m for n, _, m in examples() if n == name} == {True, False}


def test_cues_name_each_lexicon() -> None:
    assert cues("Switching gears: you mentioned Texas.") == {"transition": True, "closing": False,
                                                               "follow_up": True}


def test_an_unknown_lexicon_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        lexicon("nonsense")
