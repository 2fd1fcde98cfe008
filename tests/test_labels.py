"""The hand-made dev labels (bench/labels/tim-ferriss.json) stay valid and point at the right utterances.

The labels name utterances by greenroom's own import of each corpus file ("u57" and its start ms),
so an importer change that renumbers or retimes utterances must fail here, not silently skew the
moments/privacy bench. The corpus texts themselves are not in the repo: skip when it is absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from greenroom import formats
from greenroom.capture.roles import assign_roles

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO / "bench" / "labels" / "tim-ferriss.json"
OTHER_READINGS = sorted((REPO / "bench" / "labels").glob("tim-ferriss-reader*.json"))
CORPUS = REPO.parent / "shared" / "corpus"
FERRISS = CORPUS / "tim-ferriss-transcripts"
KINDS = {"health", "family", "relationship", "finance", "legal", "pii", "off-the-record"}
HINT_WORDS = 6


def labels() -> dict:
    return json.loads(LABELS.read_text(encoding="utf-8"))


def other_picks(name: str) -> list[dict]:
    """Every further reading's highlights for one file."""
    return [p for path in OTHER_READINGS for p in json.loads(path.read_text(encoding="utf-8"))[name]["highlights"]]


def files() -> list[str]:
    return sorted(k for k in labels() if not k.startswith("_"))


def test_label_file_shape() -> None:
    data = labels()
    assert isinstance(data.get("_about"), str) and data["_about"].strip()
    assert files(), "no labelled files"
    for name in files():
        entry = data[name]
        assert set(entry) == {"highlights", "privacy"}, name
        assert len(entry["highlights"]) == 10, f"{name}: {len(entry['highlights'])} highlights"
        assert entry["privacy"], f"{name}: no privacy labels"
        for item in entry["highlights"]:
            assert set(item) == {"utterance", "start_ms", "hint"}, (name, item)
        for item in entry["privacy"]:
            assert set(item) == {"utterance", "start_ms", "kind", "hint"}, (name, item)
            assert item["kind"] in KINDS, (name, item)
        for item in entry["highlights"] + entry["privacy"]:
            assert isinstance(item["utterance"], str) and item["utterance"].startswith("u"), (name, item)
            assert isinstance(item["start_ms"], int) and item["start_ms"] >= 0, (name, item)
            assert 0 < len(item["hint"].split()) <= HINT_WORDS, (name, item)
        ids = [i["utterance"] for i in entry["highlights"]]
        assert len(set(ids)) == len(ids), f"{name}: duplicate highlight"
        ids = [i["utterance"] for i in entry["privacy"]]
        assert len(set(ids)) == len(ids), f"{name}: duplicate privacy label"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent")
@pytest.mark.parametrize("name", files())
def test_labels_match_current_import(name: str) -> None:
    path = FERRISS / name
    if not path.is_file():
        pytest.skip(f"{name} is absent")
    interview = formats.load(path)
    assign_roles(interview, interviewers=["Tim Ferriss"])
    by_id = {u.id: u for u in interview.utterances}
    guests = {s.id for s in interview.speakers if s.role == "guest"}
    entry = labels()[name]
    for item in entry["highlights"] + entry["privacy"] + other_picks(name):
        utterance = by_id.get(item["utterance"])
        assert utterance is not None, f"{name}: {item['utterance']} is gone from the import"
        assert abs(utterance.start - item["start_ms"]) <= 1, (
            f"{name}: {item['utterance']} starts at {utterance.start}, labelled {item['start_ms']}")
        assert utterance.speaker in guests, f"{name}: {item['utterance']} is not the guest's"


@pytest.mark.parametrize("path", OTHER_READINGS, ids=lambda p: p.stem)
def test_other_reading_shape(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data.get("_about"), str) and data["_about"].strip()
    assert sorted(k for k in data if not k.startswith("_")) == files()
    for name in files():
        picks = data[name]["highlights"]
        assert set(data[name]) == {"highlights"} and len(picks) == 10, name
        assert len({i["utterance"] for i in picks}) == 10, f"{name}: duplicate highlight"
        for item in picks:
            assert set(item) == {"utterance", "start_ms", "hint"}, (name, item)
            assert 0 < len(item["hint"].split()) <= HINT_WORDS, (name, item)
