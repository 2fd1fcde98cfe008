"""The pool privacy labels (bench/labels/privacy-pool.json) stay valid: shape, frozen split, and ids
that still name the guest's utterance at the labelled start in greenroom's current import.

Like tests/test_labels.py for tim-ferriss.json: an importer change that renumbers or retimes
utterances must fail here, not silently skew bench/privacy_bench.py. Skips without the corpus.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from greenroom import formats
from greenroom.capture.roles import assign_roles

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO / "bench" / "labels" / "privacy-pool.json"
CORPUS = REPO.parent / "shared" / "corpus"
KINDS = {"health", "family", "relationship", "finance", "legal", "pii", "off-the-record"}
HINT_WORDS = 6


def labels() -> dict:
    return json.loads(LABELS.read_text(encoding="utf-8"))


def files() -> list[str]:
    return sorted(k for k in labels() if not k.startswith("_") and k != "split")


def test_split_is_disjoint_and_covers_every_labelled_file() -> None:
    split = labels()["split"]
    dev, seen, test = set(split["dev"]), set(split["dev-seen"]), set(split["test"])
    assert not dev & test and not seen & test and not dev & seen
    assert len(test) >= 3 and len(dev | seen | test) >= 8
    assert set(files()) <= dev | seen | test
    assert set(files()) | {f for f in dev if f.startswith("tim-ferriss-transcripts/")} == dev | seen | test


def test_fresh_test_split_is_the_seeded_draw() -> None:
    """The fresh test files are the first three of the draw the _about_fresh_split note records."""
    import random

    candidates = ["494", "501", "513", "520", "522", "545", "567", "590", "639", "681"]
    drawn = random.Random(25).sample(sorted(candidates), 5)
    split = labels()["split"]
    assert split["test"] == [f"tim-ferriss-pool/{e}.txt" for e in drawn[:3]]
    assert {f"tim-ferriss-pool/{e}.txt" for e in drawn[3:]} <= set(split["dev"])
    assert split["dev-seen"] == ["tim-ferriss-pool/551.txt", "tim-ferriss-pool/516.txt", "tim-ferriss-pool/564.txt"]


def test_label_shape() -> None:
    data = labels()
    assert data["_about"].strip() and data["_about_fresh_split"].strip()
    for name in files():
        items = data[name]["privacy"]
        assert items, name
        ids = [i["utterance"] for i in items]
        assert len(set(ids)) == len(ids), f"{name}: duplicate label"
        for item in items:
            assert set(item) == {"utterance", "start_ms", "kind", "hint"}, (name, item)
            assert item["kind"] in KINDS, (name, item)
            assert 0 < len(item["hint"].split()) <= HINT_WORDS, (name, item)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent")
@pytest.mark.parametrize("name", files())
def test_labels_match_current_import(name: str) -> None:
    interview = formats.load(CORPUS / name)
    assign_roles(interview, interviewers=["Tim Ferriss"])
    by_id = {u.id: u for u in interview.utterances}
    guests = {s.id for s in interview.speakers if s.role == "guest"}
    for item in labels()[name]["privacy"]:
        utterance = by_id.get(item["utterance"])
        assert utterance is not None, f"{name}: {item['utterance']} is gone from the import"
        assert abs(utterance.start - item["start_ms"]) <= 1, (name, item["utterance"], utterance.start)
        assert utterance.speaker in guests, f"{name}: {item['utterance']} is not the guest's"
