"""Plugs (text/data/promotion.toml): every example row holds."""

from __future__ import annotations

import pytest

from greenroom.text.promotion import NAMES, examples, is_promotional, part


@pytest.mark.parametrize(("name", "text", "matches"), examples())
def test_each_example_row_holds(name: str, text: str, matches: bool) -> None:
    assert bool(part(name).search(text)) is matches


def test_every_lexicon_has_examples_both_ways() -> None:
    for name in NAMES:
        assert {m for n, _, m in examples() if n == name} == {True, False}, name


def test_a_plug_or_an_address_is_promotional_and_talk_is_not() -> None:
    assert is_promotional("It's streaming now on every platform.")
    assert is_promotional("Find it at greenroom.fm/episodes.")
    assert not is_promotional("We streamed the rehearsal to my mother.")
