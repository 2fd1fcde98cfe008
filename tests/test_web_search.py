"""Search that puts the guest's own words first and filters by who said it, by guest and
by moment kind: in the library, in the studio (page and JSON) and on the command line
(`greenroom search --semantic --json`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from greenroom.library import Library, search
from greenroom.model import Interview, Person, Speaker, Utterance

HOST_ASKS = "Were you terrified?"
GUEST_SAYS = ("I was terrified for the first two weeks of the shoot, and I did not sleep much, and every "
              "morning I walked the harbour wall twice before call time to calm down a little.")


def interview() -> Interview:
    return Interview(title="Fear", people=[Person("Ana Lind", "guest"), Person("Bo Crane", "interviewer")],
                     speakers=[Speaker("S1", "Bo Crane", role="interviewer"), Speaker("S2", "Ana Lind", role="guest")],
                     utterances=[Utterance("u1", 0, 1500, "S1", HOST_ASKS),
                                 Utterance("u2", 1600, 12000, "S2", GUEST_SAYS)])


@pytest.fixture
def library(tmp_path: Path) -> Any:
    with Library(tmp_path / "library.db") as opened:
        opened.add(interview())
        yield opened


def test_the_guests_own_words_rank_above_the_hosts_short_question(library: Library,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    hits = library.search("terrified")
    assert [h.utterance_id for h in hits] == ["u2", "u1"] and [h.role for h in hits] == ["guest", "interviewer"]
    monkeypatch.setattr(search, "GUEST_WEIGHT", 1.0)  # bm25 alone favours the short question
    assert [h.utterance_id for h in library.search("terrified")] == ["u1", "u2"]


def test_only_what_guests_said(library: Library) -> None:
    assert [h.utterance_id for h in library.search("terrified", guests_only=True)] == ["u2"]
    assert library.search("were you", guests_only=True) == []


def test_hybrid_without_an_embedder_keeps_the_filters(library: Library) -> None:
    from greenroom.library.semantic import hybrid

    assert [h.utterance_id for h in hybrid(library, "terrified", None, guests_only=True)] == ["u2"]
    assert hybrid(library, "terrified", None, guest="Nobody") == []


# -- the studio ---------------------------------------------------------------------------

pytest.importorskip("fastapi", reason="the web extra is not installed")
pytest.importorskip("httpx", reason="httpx (the test client) is not installed")

from fastapi.testclient import TestClient
from test_web_fixtures import build_studio_db

from greenroom.web import create_app


@pytest.fixture(scope="module")
def studio_db(sample_files: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    path = tmp_path_factory.mktemp("search") / "library.db"
    first, second = build_studio_db(sample_files.reference, sample_files.audio, path)
    return path, first, second


@pytest.fixture
def client(lib_path: Path) -> Any:
    with TestClient(create_app(lib_path, semantic=False)) as test_client:
        yield test_client


def test_moment_kind_filter_in_the_library(lib_path: Path, studio_db: tuple[Path, str, str]) -> None:
    with Library(lib_path) as library:
        kinds = {m.kind: m.utterances for m in library.get(studio_db[1]).moments}
        kind, (uid, *_) = next((k, u) for k, u in kinds.items() if u)
        said = next(u.text for u in library.get(studio_db[1]).utterances if u.id == uid)
        word = max(said.split(), key=len).strip(".,!?;:\"'")
        assert uid in [h.utterance_id for h in library.search(word, kind=kind)]
        others = [k for k in kinds if uid not in kinds[k]]
        for other in others:
            assert uid not in [h.utterance_id for h in library.search(word, kind=other)]
        assert library.search(word, kind="no-such-kind") == []


def test_search_json_filters_by_who_said_it_and_moment_kind(client: TestClient) -> None:
    everyone = client.get("/search.json", params={"q": "the"}).json()
    assert everyone["said"] == "anyone" and {h["role"] for h in everyone["hits"]} >= {"guest", "interviewer"}
    guests = client.get("/search.json", params={"q": "the", "said": "guests"}).json()
    assert guests["count"] and {h["role"] for h in guests["hits"]} == {"guest"}
    assert guests["count"] < everyone["count"]
    candid = client.get("/search.json", params={"q": "terrified", "kind": "candid"}).json()
    assert candid["kind"] == "candid" and [h["utterance_id"] for h in candid["hits"]] == ["u8"]
    assert client.get("/search.json", params={"q": "terrified", "kind": "humor"}).json()["count"] == 0
    wrong = client.get("/search.json", params={"q": "terrified", "said": "hosts"})
    assert wrong.status_code == 400 and "unknown speaker filter 'hosts'" in wrong.json()["error"]


def test_search_page_offers_the_filters_and_marks_guests(client: TestClient) -> None:
    page = client.get("/search", params={"q": "terrified", "said": "guests", "kind": "candid"}).text
    assert 'name="said" value="guests" checked' in page and "Only in candid moments" in page
    assert '<option value="candid" selected>' in page
    assert '<span class="role-guest">guest</span>' in page and "only what guests said, in candid moments" in page


def test_hybrid_search_with_filters_finds_a_paraphrase(lib_path: Path) -> None:
    pytest.importorskip("onnxruntime", reason="the analyze extra (sentence embeddings) is not installed")
    app = create_app(lib_path)
    with TestClient(app) as client:
        assert app.state.indexer.done.wait(120), "the background index did not finish"
        found = client.get("/search.json", params={"q": "nervous before the first day of shooting",
                                                   "said": "guests"}).json()
        assert found["mode"] == "hybrid" and found["hits"][0]["role"] == "guest"
        assert "I was terrified" in found["hits"][0]["snippet"]
        assert all(h["role"] == "guest" for h in found["hits"])


# -- the command line ----------------------------------------------------------------------

def test_cli_search_filters_and_json(greenroom_at: Any, lib_path: Path) -> None:
    run = greenroom_at(lib_path)
    hits = json.loads(run("search", "the", "--guests-only", "--json").stdout)
    assert hits and {h["role"] for h in hits} == {"guest"}
    candid = json.loads(run("search", "terrified", "--kind", "candid", "--json").stdout)
    assert [h["utterance_id"] for h in candid] == ["u8"]
    assert "Tom Hale" in run("search", "terrified").stdout


def test_cli_semantic_search(greenroom_at: Any, lib_path: Path) -> None:
    pytest.importorskip("onnxruntime", reason="the analyze extra (sentence embeddings) is not installed")
    run = greenroom_at(lib_path)
    words_only = json.loads(run("search", "nervous before the first day of shooting", "--json").stdout)
    assert words_only == []
    meant = json.loads(run("search", "nervous before the first day of shooting", "--semantic", "--json").stdout)
    assert meant and "I was terrified" in meant[0]["snippet"] and meant[0]["role"] == "guest"
