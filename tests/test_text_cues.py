"""The moment cue lexicons (text/data/cues.toml): example rows hold, and the compiled
patterns are the ones the moment model was fitted on."""

from __future__ import annotations

import hashlib

import pytest

from greenroom.text.cues import NAMES, cue, examples

# sha256 of "name\tpattern\tflags" lines (sorted by name) of the patterns the shipped
# moment model (analyze/moment_model.json) was fitted on, taken from analyze/moments.py
# before the lexicons moved to text/data/cues.toml. A change here needs a refit.
FITTED_ON = "3f6cc1ddc49b0f41b83eb3e074a48e66fbd1abfab99208f79b23a3c03a42251b"


@pytest.mark.parametrize(("name", "text", "matches"), examples())
def test_each_example_row_holds(name: str, text: str, matches: bool) -> None:
    assert bool(cue(name).search(text)) is matches


def test_every_cue_has_examples_both_ways() -> None:
    for name in NAMES:
        assert {m for n, _, m in examples() if n == name} == {True, False}, name


def test_cue_patterns_are_the_ones_the_moment_model_was_fitted_on() -> None:
    blob = "\n".join(f"{name}\t{cue(name).pattern}\t{int(cue(name).flags)}" for name in sorted(NAMES))
    assert hashlib.sha256(blob.encode()).hexdigest() == FITTED_ON


def test_an_unknown_cue_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        cue("nonsense")
