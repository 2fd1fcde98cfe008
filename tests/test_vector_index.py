"""The vector index beside a library (`library.vector_index`, `semantic.maintain`):
real MiniLM vectors of lines written here, the exact-search threshold lowered so a
small library gets an index. Search through it finds what comparing every vector
finds, a line stored after the build is found before any rebuild, a deleted
interview never comes back, and an index of another model or library is refused."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from greenroom.library import Library, semantic, vector_index
from greenroom.model import Interview, Person, Speaker, Utterance

pytest.importorskip("onnxruntime")

LINES = [
    "We shot the whole film on an island with no electricity.",
    "My mother taught me to read with the back of cereal boxes.",
    "The producers wanted a happy ending and I refused.",
    "I learned to sail the summer I turned twelve.",
    "The first week of rehearsals I could not remember a single line.",
    "We ran out of money halfway through and the crew worked for free.",
    "I still keep every rejection letter in a shoebox under my bed.",
    "The dog in the film was the most professional actor on set.",
    "We had to rebuild the kitchen set three times after the flood.",
    "My grandfather was a baker and the bakery smell never left me.",
    "Editing took two years because we had four hundred hours of footage.",
    "I wrote the score on a broken piano in a church basement.",
    "The studio cut forty minutes without telling us.",
    "I was so anxious before the premiere that I hid in the bathroom.",
    "We filmed the desert scenes at dawn to avoid the heat.",
    "My daughter thinks my job is just talking to cameras.",
    "The costume weighed almost twenty kilos and I fainted once.",
    "The best advice I got was to finish things, even badly.",
    "We recorded the dialogue again in a closet full of coats.",
    "I quit law school the week I sold my first screenplay.",
    "The festival rejected it twice before it won the top prize.",
    "Horses are terrible at hitting their marks.",
    "I cried reading the last page of the script on a train.",
    "Our lead actor broke his ankle on the second day.",
    "I grew up above a cinema and fell asleep to the soundtracks.",
    "We built the spaceship out of plywood and kitchen foil.",
    "Critics hated it, and then audiences found it on television.",
    "The winter shoot was so cold the cameras kept freezing.",
    "I learned patience from fishing with my uncle.",
    "The novel's author visited the set and loved the changes.",
    "Our budget was smaller than the catering bill of a big movie.",
    "I answer every letter a young filmmaker sends me.",
    "The hardest part was firing a friend from the production.",
    "We improvised the whole dinner scene with no script.",
    "I was terrified of the ocean until I made a film about it.",
    "My first camera was a birthday present from my sister.",
    "The music rights cost more than the rest of the film.",
    "We slept in the van for most of the tour.",
    "I practise my lines while walking the dog at night.",
    "The town let us close its main street for a week.",
]
FRESH = "Our parrot learned to imitate the clapperboard perfectly."
QUERIES = ["nervous before opening night", "money problems during production", "an animal on set",
           "advice for young directors", "bad reviews at first", "freezing weather while filming"]


def _interview(title: str, lines: list[str]) -> Interview:
    return Interview(title=title, people=[Person("Ana Lind", "guest"), Person("Bo Crane", "interviewer")],
                     speakers=[Speaker("S1", "Bo Crane", role="interviewer"), Speaker("S2", "Ana Lind", role="guest")],
                     utterances=[Utterance(f"u{n}", n * 5000, n * 5000 + 4000, "S1" if n % 3 == 0 else "S2", text)
                                 for n, text in enumerate(lines, 1)])


@pytest.fixture(scope="module")
def embedder() -> Any:
    from greenroom.backends.embed import default_embedder

    return default_embedder()


@pytest.fixture
def library(tmp_path: Path, embedder: Any) -> Any:
    """Four interviews of ten lines, embedded, with an index built over them (the
    threshold lowered from EXACT_MAX to 20 vectors)."""
    with Library(tmp_path / "library.db") as opened:
        for part in range(4):
            opened.add(_interview(f"Part {part}", LINES[part * 10:(part + 1) * 10]))
        semantic.index(opened, embedder)
        assert semantic.maintain(opened, embedder.name, exact_max=20) == "built"
        yield opened


def _exact(library: Library, query: str, embedder: Any, limit: int) -> list[tuple[str, str, float]]:
    """`nearest` comparing the query with every vector (as it does with no index)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(semantic, "current_index", lambda *args: None)
        return semantic.nearest(library, query, embedder, limit)


def _keys(found: list[tuple[str, str, float]]) -> list[tuple[str, str]]:
    return [(iid, uid) for iid, uid, _ in found]


def test_search_through_the_index_finds_what_comparing_every_vector_finds(library: Library, embedder: Any,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    index = semantic.current_index(library, embedder.name)
    assert index is not None and index.size == len(LINES) and index.lists == vector_index.MIN_LISTS
    monkeypatch.setattr(semantic, "MIN_PROBE", 4)  # a quarter of the lists: the index really narrows
    assert semantic.probe_for(index) == 4
    vector = embedder.embed([QUERIES[0]])[0]
    nearest_list = int((index.centroids @ vector).argmax())
    one_list = index.search(vector, 100, index.lists, budget=1)[0]  # a budget of 1: the nearest list only
    assert sorted(one_list) == sorted(index.rowids[index.offsets[nearest_list]:index.offsets[nearest_list + 1]])
    for query in QUERIES:
        indexed = semantic.nearest(library, query, embedder, 5)
        exact = _exact(library, query, embedder, 5)
        assert _keys(indexed) == _keys(exact), query
        assert [round(c, 4) for *_, c in indexed] == [round(c, 4) for *_, c in exact]


def test_a_line_stored_after_the_build_is_found_before_any_rebuild(library: Library, embedder: Any) -> None:
    built = semantic.current_index(library, embedder.name)
    added = library.add(_interview("Later", [FRESH])).id
    semantic.index(library, embedder)
    found = semantic.nearest(library, "a bird that copies film set noises", embedder, 3)
    assert found[0][:2] == (added, "u1")
    assert semantic.current_index(library, embedder.name) is built  # the same index: the line came from the tail
    assert semantic.maintain(library, embedder.name, exact_max=20) == "kept"  # 1 of 40 is under REBUILD_SHARE


def test_a_deleted_interview_never_comes_back(library: Library, embedder: Any) -> None:
    query = "I was scared of the sea"
    before = semantic.nearest(library, query, embedder, 5)
    gone = before[0][0]
    library.delete(gone)
    after = semantic.nearest(library, query, embedder, 5)
    assert after and all(iid != gone for iid, _, _ in after)
    hits = semantic.hybrid(library, query, embedder, limit=10)
    assert hits and all(h.interview_id != gone for h in hits)
    assert semantic.maintain(library, embedder.name, exact_max=20) == "rebuilt"  # a quarter of the rows went


def test_an_index_of_another_model_or_library_is_refused_and_search_stays_exact(
        library: Library, embedder: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = vector_index.sidecar(library.path, embedder.name)
    index = vector_index.load(path, embedder.name)
    index.model = "another-model"
    vector_index.save(index, path)
    with caplog.at_level(logging.WARNING, logger="greenroom.library.semantic"):
        assert semantic.current_index(library, embedder.name) is None
    assert "another-model" in caplog.text
    assert _keys(semantic.nearest(library, QUERIES[0], embedder, 5)) == _keys(_exact(library, QUERIES[0],
                                                                                      embedder, 5))
    assert semantic.maintain(library, embedder.name, exact_max=20) == "built"  # the indexer replaces it

    with Library(tmp_path / "other.db") as other:  # the same rows in another order: other texts at the rowids
        other.add(_interview("Other", list(reversed(LINES))))
        semantic.index(other, embedder)
        path.replace(vector_index.sidecar(other.path, embedder.name))
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="greenroom.library.semantic"):
            assert semantic.current_index(other, embedder.name) is None
        assert "another library" in caplog.text


def test_below_the_threshold_there_is_no_index(library: Library, embedder: Any) -> None:
    path = vector_index.sidecar(library.path, embedder.name)
    assert path.exists()
    assert semantic.maintain(library, embedder.name) == "exact"  # 40 vectors, far under EXACT_MAX
    assert not path.exists() and semantic.current_index(library, embedder.name) is None


def test_an_embargoed_interview_stays_out_of_a_viewers_search_through_the_index(
        library: Library, embedder: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("fastapi", reason="the web extra is not installed")
    pytest.importorskip("httpx", reason="httpx (the test client) is not installed")
    from datetime import date

    from fastapi.testclient import TestClient
    from test_web_fixtures import PASSWORD, csrf_of

    from greenroom.library import access
    from greenroom.web import create_app

    monkeypatch.setattr(semantic, "EXACT_MAX", 20)  # the studio's indexer keeps the index of this small library
    query = "I was scared of the sea"
    hidden = semantic.nearest(library, query, embedder, 1)[0][0]
    access.set_embargo(library, hidden, date(2999, 1, 1))
    for name, role in (("vic", "viewer"), ("eve", "editor")):
        access.add_user(library, name, role, PASSWORD)
    seen = {}
    for name in ("vic", "eve"):
        app = create_app(library.path)
        with TestClient(app) as client:
            assert app.state.indexer.done.wait(120)
            assert semantic.current_index(library, embedder.name) is not None  # searched through the index
            token = csrf_of(client.get("/login").text)
            client.post("/login", data={"name": name, "password": PASSWORD, "csrf": token, "next": "/"})
            found = client.get("/search.json", params={"q": query})
            assert found.status_code == 200 and found.json()["mode"] == "hybrid"
            seen[name] = {h["interview_id"] for h in found.json()["hits"]}
    assert seen["vic"] and hidden not in seen["vic"]
    assert hidden in seen["eve"]
