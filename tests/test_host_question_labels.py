"""The labelled host questions (bench/labels/host-questions/) resolve on greenroom's own import.

Each row names a host utterance ("u57") of a Tim Ferriss pool episode and a short anchor from it,
so an importer change that renumbers utterances or renames speakers must fail here instead of
silently skewing the question-kind benchmark. The corpus is not in the repo: skip when it is absent.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent")


def host_questions():  # type: ignore[no-untyped-def]
    """bench/host_questions.py as a module (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location("host_questions", REPO / "bench" / "host_questions.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("host_questions", module)
    spec.loader.exec_module(module)
    return module


def test_labels_are_well_formed_and_cover_both_splits() -> None:
    hq = host_questions()
    paths = hq.first_readings()
    assert paths, "no host-question labels"
    splits = {hq.split_of(json.loads(p.read_text(encoding="utf-8"))["file"]) for p in paths}
    assert splits == {"dev", "test"}
    for path in paths + hq.second_readings():
        for raw in json.loads(path.read_text(encoding="utf-8"))["labels"]:
            assert hq.row_problem(raw) is None, (path.name, raw)
            assert len(raw["anchor"].split()) <= hq.MAX_ANCHOR_WORDS, (path.name, raw)


def test_a_bad_row_is_caught() -> None:
    hq = host_questions()
    good = {"ask": "question", "kind": "open", "move": "follow-up-probe",
            "double": False, "leading": False, "permission": False, "follow_up": True}
    assert hq.row_problem(good) is None
    assert hq.row_problem({**good, "kind": "-"}) is not None
    assert hq.row_problem({**good, "ask": "none"}) is not None
    assert hq.row_problem({**good, "move": "clarification"}) is not None
    assert hq.anchor_problem("what did you", "So, what did you learn?") is None
    assert hq.anchor_problem("what did you learn there", "So, what did you learn?") is not None
    assert hq.anchor_problem("one two three four five six seven", "one two three four five six seven") is not None


@needs_corpus
def test_every_row_is_a_host_utterance_holding_its_anchor() -> None:
    hq = host_questions()
    problems = [line for path in hq.first_readings() + hq.second_readings() for line in hq.check_file(path)]
    assert problems == []


@needs_corpus
def test_a_guest_utterance_is_refused(tmp_path: Path) -> None:
    hq = host_questions()
    first = hq.first_readings()[0]
    data = json.loads(first.read_text(encoding="utf-8"))
    interview = hq.formats.load(hq.CORPUS / data["file"])
    guest = next(u for u in interview.utterances if interview.speaker_name(u.speaker) != hq.HOST)
    row = {**data["labels"][0], "utterance": guest.id, "anchor": guest.text.split()[0]}
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**data, "labels": [row] + data["labels"][1:]}), encoding="utf-8")
    assert any("not the host" in line for line in hq.check_file(bad))
