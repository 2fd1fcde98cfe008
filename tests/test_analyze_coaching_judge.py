"""The judge confirms doubtful question kinds (turns.confirmed_kind), with the real packaged
Qwen2.5-Coder-1.5B judge (the judge-qwen extra); skipped cleanly when the model package or the
judge extra is absent. The model is slow on CPU, so the test puts three questions to it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from greenroom import formats
from greenroom.analyze import analyze
from greenroom.analyze.registry import AnalysisOptions, Context
from greenroom.analyze.turns import (
    JUDGED_KINDS,
    build_turns,
    confirmed_kind,
    judged_kind,
)
from greenroom.capture.roles import assign_roles
from greenroom.config import cache_dir
from greenroom.errors import MissingExtra
from greenroom.text.moves import doubtful_kind


@pytest.fixture(scope="module")
def qwen(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    pytest.importorskip("xllamacpp", reason="the 'judge' extra (xllamacpp) is not installed")
    from greenroom.backends.judge import cached, packaged_judge
    from greenroom.backends.judge.packaged import QWEN_NAME, qwen_parts

    try:
        qwen_parts()
    except MissingExtra as err:
        pytest.skip(str(err))
    judge = packaged_judge(threads=1)  # joins the parts into the test run's cache folder (1.1 GB)
    yield cached(judge, Path(tmp_path_factory.mktemp("judge")) / "answers.sqlite")
    shutil.rmtree(cache_dir() / "models" / QWEN_NAME, ignore_errors=True)  # not kept per test run


CLEAR = "Did you ever go back to the school?"  # yes/no: the rules are sure, nobody is asked
THING = "What was your first paid job as a cook?"  # "What was X?": a name or an account
CUT_OFF = "And that was because the chef was unwilling to teach you or —"  # no form the rules know


def test_only_doubtful_kinds_are_put_to_the_judge(qwen: Any) -> None:
    assert not doubtful_kind(CLEAR) and doubtful_kind(THING) and doubtful_kind(CUT_OFF)
    kind, evidence = confirmed_kind(CLEAR, "closed", qwen, english=True)
    assert (kind, evidence) == ("closed", None)
    for question in (THING, CUT_OFF):
        rules = "open" if question == THING else "closed"
        kind, evidence = confirmed_kind(question, rules, qwen, english=True)
        assert evidence is not None and evidence["model"] == qwen.name and evidence["rules"] == rules
        assert set(evidence["answers"]) == {"closed", "open"}
        assert all(0.0 <= p <= 1.0 for p in evidence["answers"].values())
        # the judge's kind is kept only when it names exactly one of open and closed
        assert kind == (evidence["judge"] or rules) and kind in ("open", "closed")
        assert judged_kind(question, qwen)[0] == evidence["judge"]  # the cache answers the same


def test_another_language_or_no_judge_asks_nothing(qwen: Any) -> None:
    assert confirmed_kind(THING, "open", None, english=True) == ("open", None)
    assert confirmed_kind(THING, "open", qwen, english=False) == ("open", None)


def test_the_turn_analyzer_keeps_the_judges_answers_as_evidence(qwen: Any) -> None:
    iv = formats.parse(f"Dana: {THING}\nTom: Washing dishes at a diner in Leeds, for two pounds an hour.\n"
                       f"Dana: {CLEAR}\nTom: Never. I learned everything in kitchens.\n", "t.txt", "text")
    assign_roles(iv, interviewers=["Dana"])
    plain = Context(options=AnalysisOptions(judge=qwen, privacy_ner=False))
    analyze(iv, only=["turns", "coaching"], context=plain)  # off by default: the judge hurt on dev
    assert plain.cache[JUDGED_KINDS] == {} and iv.metrics is not None and "judged_kinds" not in iv.metrics.extra
    context = Context(options=AnalysisOptions(judge=qwen, judge_kinds=True, privacy_ner=False))
    analyze(iv, only=["turns", "coaching"], context=context)
    judged = context.cache[JUDGED_KINDS]
    assert list(judged) == ["t1"]  # the clear yes/no question was not asked about
    assert iv.turns[0].kind == (judged["t1"]["judge"] or "open")
    assert iv.metrics is not None and iv.metrics.extra["judged_kinds"] == judged
    assert [t.kind for t in build_turns(iv)][1] == "closed"  # without a judge: the rules alone
