"""The registry orders analyzers by what they read and assign; options are typed."""

from __future__ import annotations

import pytest

from greenroom.analyze import (
    REGISTRY,
    AnalysisError,
    AnalysisOptions,
    Context,
    load_all,
)
from greenroom.analyze.registry import plan
from greenroom.model import Interview, Utterance


def talk() -> Interview:
    return Interview(id="t", utterances=[Utterance("u1", 0, 4_000, "S1", "What was the first day like?"),
                                         Utterance("u2", 4_000, 9_000, "S2", "I was terrified, honestly.")])


def order(names: list[str]) -> list[str]:
    load_all()
    return [a.name for a in plan(names, talk())]


def test_privacy_reads_turns_so_runs_after_them_whatever_the_order_asked() -> None:
    ran = order(["privacy", "turns"])
    assert "turns" in REGISTRY["privacy"].reads
    assert ran.index("turns") < ran.index("privacy")


def test_moments_read_flags_so_every_flag_maker_goes_first() -> None:
    ran = order(["moments", "privacy", "off-record", "turns"])
    assert ran.index("moments") > max(ran.index("privacy"), ran.index("off-record"))


def test_a_missing_requirement_names_the_analyzer_that_makes_it() -> None:
    with pytest.raises(AnalysisError, match="run turns first"):
        order(["coaching"])


def test_options_are_typed_and_a_misspelt_one_is_an_error() -> None:
    assert Context().options == AnalysisOptions()
    assert Context(options=AnalysisOptions(privacy_ner=False)).options.privacy_ner is False
    assert Context(options={"privacy_ner": False}).options == AnalysisOptions(privacy_ner=False)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Context(options={"privacy_nre": False})  # type: ignore[arg-type]
