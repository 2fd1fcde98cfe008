"""Lines with exactly the same words are one text to search (`semantic.hybrid`): a
sponsor read repeated across many episodes takes one place among the hits, not the
whole list, and comes back as one hit that counts and lists the other lines. Real
MiniLM vectors of lines written here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from greenroom.library import Library, semantic
from greenroom.model import Interview, Person, Speaker, Utterance

pytest.importorskip("onnxruntime")

READ = "This episode is brought to you by a mattress company, sleep better tonight."
LINES = [
    "I could not sleep for a week before the premiere.",
    "We shot the night scenes in a real hospital.",
    "My co-star and I still argue about the ending.",
    "The best advice I got was to finish things, even badly.",
    "Insomnia followed me through the whole shoot.",
    "We talked for hours about the scene, the lights, the weather and whether the crew could finish the shoot "
    "tonight or would have to come back to the harbour tomorrow morning before sunrise.",
]


def _interview(title: str, lines: list[str], guest_reads: bool = False) -> Interview:
    people = [Person("Ana Lind", "guest"), Person("Bo Crane", "interviewer")]
    speakers = [Speaker("S1", "Bo Crane", role="interviewer"), Speaker("S2", "Ana Lind", role="guest")]
    said = [Utterance(f"u{n}", n * 5000, n * 5000 + 4000, "S2", text) for n, text in enumerate(lines, 1)]
    read = Utterance("u0", 0, 4000, "S2" if guest_reads else "S1", READ)
    return Interview(title=title, people=people, speakers=speakers, utterances=[read, *said])


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from greenroom.backends.embed import default_embedder

    embedder = default_embedder()
    path: Path = tmp_path_factory.mktemp("same") / "library.db"
    with Library(path) as library:
        library.add(_interview("Episode 1", LINES))
        for n in range(2, 80):  # the read, and nothing else, in 78 more episodes, where the guest reads it
            library.add(_interview(f"Episode {n}", [], guest_reads=True))
        semantic.index(library, embedder)
        yield library, embedder


def test_a_repeated_line_is_one_hit_and_leaves_room_for_the_rest(library: Any) -> None:
    lib, embedder = library
    hits = semantic.hybrid(lib, "trouble sleeping", embedder, limit=10)
    reads = [h for h in hits if h.snippet.startswith("This episode")]
    assert len(reads) == 1 and reads[0].same_words == 78
    assert reads[0].role == "guest"  # a guest's copy is the one shown
    assert len(reads[0].others) == semantic.OTHERS_LISTED and all(t.startswith("Episode") for _, _, t in reads[0].others)
    found = {h.utterance_id for h in hits if h.title == "Episode 1"}
    assert {"u1", "u5"} <= found  # the sleepless lines, which 79 copies of the read pushed out before


def test_hidden_interviews_are_neither_shown_nor_counted(library: Any) -> None:
    lib, embedder = library
    ids = {title: iid for iid, title in lib._read("SELECT id, title FROM interviews")}
    hidden = {ids[f"Episode {n}"] for n in range(2, 80) if n != 78}  # visible: 1 (the host reads), 78 (a guest)
    hits = semantic.hybrid(lib, "mattress", embedder, limit=10, hidden=hidden)
    reads = [h for h in hits if h.snippet.replace("[", "").startswith("This episode")]
    assert len(reads) == 1 and reads[0].title == "Episode 78" and reads[0].same_words == 1
    assert {h.interview_id for h in hits} | {o[0] for h in hits for o in h.others} <= {ids["Episode 1"], ids["Episode 78"]}


def test_full_text_alone_folds_the_copies_too(library: Any) -> None:
    lib, _ = library
    hits = semantic.hybrid(lib, "mattress", None, limit=10)
    assert len(hits) == 1 and hits[0].same_words == 78  # full-text read past its 50-line pool to find more texts


def test_copies_do_not_crowd_other_lines_out_of_full_text(library: Any) -> None:
    lib, _ = library
    hits = semantic.hybrid(lib, "tonight", None, limit=10)  # 79 copies of the short read rank above the long line
    assert [(h.title, h.utterance_id) for h in hits][1:] == [("Episode 1", "u6")]  # not lost past 50 copies
