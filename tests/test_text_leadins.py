"""Spoken lead-ins (text/data/leadins.toml): every example row holds, and the stages'
choices of kinds strip what they should."""

from __future__ import annotations

import pytest

from greenroom.text.leadins import KINDS, examples, opening, strip


@pytest.mark.parametrize(("kind", "text", "matches"), examples())
def test_each_example_row_holds(kind: str, text: str, matches: bool) -> None:
    assert bool(opening(kind).match(text)) is matches


def test_every_kind_has_examples_both_ways() -> None:
    for kind in KINDS:
        assert {m for k, _, m in examples() if k == kind} == {True, False}, kind


def test_a_run_of_lead_ins_is_stripped_whole() -> None:
    assert strip("So, um, you know, I wrote it.", "filler") == "I wrote it."


def test_fillers_leave_an_answer_and_a_pointer_for_standalone_to_read() -> None:
    assert strip("Yeah, we did.", "filler") == "Yeah, we did."
    assert strip("And but then it broke.", "filler") == "but then it broke."


def test_look_is_a_filler_only_before_a_comma() -> None:
    assert strip("Look, it was hard.", "filler") == "it was hard."
    assert strip("Look at the sky.", "filler") == "Look at the sky."


def test_an_unknown_kind_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        opening("nonsense")
