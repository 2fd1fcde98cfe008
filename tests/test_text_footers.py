"""Transcription-service footers (text/data/footers.toml): every example row holds."""

from __future__ import annotations

import pytest

from greenroom.text.footers import examples, is_footer


@pytest.mark.parametrize(("name", "text", "matches"), examples())
def test_each_example_row_holds(name: str, text: str, matches: bool) -> None:
    assert is_footer(text) is matches


def test_the_data_has_examples_both_ways() -> None:
    assert {m for _, _, m in examples()} == {True, False}
