"""Find in one interview, through ASGI: `/interviews/ID/find` (the find box's htmx
fragment, or a page of plain links without JavaScript) and its JSON twin list the
lines of that interview alone that match the library search's query language, in
the order they were said, whichever part of the page holds them; an embargoed
interview is not found for a viewer; transcripts and queries come back escaped."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")
pytest.importorskip("httpx", reason="httpx (the test client) is not installed")

from fastapi.testclient import TestClient
from test_web_fixtures import PASSWORD, logged_in, long_talk

from greenroom.library import Library, access
from greenroom.model import Interview
from greenroom.web import create_app, finding

MINUTES = 35  # parts: 0-10, 10-20, 20-30 and 30-35 minutes; lines u1..u70, one every 30 s
# Lines rewritten in the long talk (utterance id -> text): the words found below.
REWRITTEN = {
    "u4": "Before the first lighthouse I had a long walk along the cliffs and a longer wait for the ferry",
    "u9": "We were terrified of the storm that night",
    "u30": "The stage fright came later, on the pier, with the keepers watching",
    "u44": "She was terrifying when she sang <script>alert('x')</script> & we all listened",
    "u67": "The lighthouse lighthouse lighthouse keeper waved from the gallery",
}


def _talk(title: str) -> Interview:
    talk = long_talk(MINUTES, title=title)
    for u in talk.utterances:
        if u.id in REWRITTEN:
            u.text, u.words = REWRITTEN[u.id], []
    return talk


@pytest.fixture(scope="module")
def find_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """A library with the long talk and a second talk saying the same words, an
    editor (eve) and a viewer (val); the second talk is embargoed."""
    path = tmp_path_factory.mktemp("find") / "library.db"
    with Library(path) as library:
        other = library.add(_talk("Another harbour talk")).id
        iid = library.add(_talk("The long harbour talk")).id
        access.add_user(library, "eve", "editor", PASSWORD)
        access.add_user(library, "val", "viewer", PASSWORD)
        access.set_embargo(library, other, date.today() + timedelta(days=30))
    return path, iid, other


@pytest.fixture
def client(find_db: tuple[Path, str, str]) -> Iterator[TestClient]:
    with TestClient(create_app(find_db[0], semantic=False, retime=False)) as test_client:
        logged_in(test_client, "eve")
        yield test_client


def found(client: TestClient, iid: str, q: str) -> dict[str, object]:
    answer = client.get(f"/interviews/{iid}/find.json", params={"q": q})
    assert answer.status_code == 200, answer.text
    data: dict[str, object] = answer.json()
    return data


def ids(data: dict[str, object]) -> list[str]:
    hits = data["hits"]
    assert isinstance(hits, list)
    return [h["utterance_id"] for h in hits]


def test_fragment_lists_the_lines_in_time_order_with_links_into_their_part(
        client: TestClient, find_db: tuple[Path, str, str]) -> None:
    iid = find_db[1]
    fragment = client.get(f"/interviews/{iid}/find", params={"q": "lighthouse"}, headers={"HX-Request": "true"}).text
    assert "<html" not in fragment and 'data-q="lighthouse"' in fragment and 'data-count="2"' in fragment
    links = re.findall(r'<a class="hit" href="([^"]+)" data-line="([^"]+)">', fragment)
    # u67 (a guest) says it three times and ranks first in the library's search; the find box lists by time
    assert links == [(f"/interviews/{iid}?u=u4#u-u4", "u4"), (f"/interviews/{iid}?u=u67#u-u67", "u67")]
    with Library(find_db[0]) as library:
        ranked = [h.utterance_id for h in library.search("lighthouse", interview=iid)]
    assert ranked == ["u67", "u4"]
    assert "<mark>lighthouse</mark>" in fragment and "2</strong> lines match" in fragment
    assert ">33:00</span>" in fragment  # u67's time, in the last part of the page


def test_json_twin_has_the_same_hits_with_parts_and_only_this_interview(
        client: TestClient, find_db: tuple[Path, str, str]) -> None:
    iid, other = find_db[1], find_db[2]
    data = found(client, iid, "lighthouse")
    assert data["count"] == 2 and data["shown"] == 2 and data["more"] is False and data["interview_id"] == iid
    last = data["hits"][1]  # type: ignore[index]
    assert last["utterance_id"] == "u67" and last["part"] == 3 and last["start"] == 66 * 30_000
    assert last["snippet"].startswith("The [lighthouse") and last["url"] == f"/interviews/{iid}?u=u67#u-u67"
    assert ids(found(client, other, "lighthouse")) == ["u4", "u67"]  # an editor finds in the embargoed one
    # the line it points at is in the part the page sends for it
    page = client.get(f"/interviews/{iid}", params={"u": "u67"}).text
    assert 'id="u-u67"' in page and 'id="u-u1"' not in page
    assert "/interviews/{interview_id}/find.json" in client.get("/openapi.json").text


def test_the_query_language_of_search(client: TestClient, find_db: tuple[Path, str, str]) -> None:
    iid = find_db[1]
    assert ids(found(client, iid, '"stage fright"')) == ["u30"]  # a phrase
    assert ids(found(client, iid, '"fright stage"')) == []
    assert ids(found(client, iid, 'storm OR "stage fright"')) == ["u9", "u30"]  # either, in time order
    assert ids(found(client, iid, "terrif*")) == ["u9", "u44"]  # a prefix
    assert ids(found(client, iid, "keeper")) == ["u30", "u67"]  # a bare word finds its forms (keepers)
    assert ids(found(client, iid, "lighthouse keeper")) == ["u67"]  # every word


def test_the_list_is_capped_and_counts_every_match(client: TestClient, find_db: tuple[Path, str, str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    iid = find_db[1]
    monkeypatch.setattr(finding, "FIND_LIMIT", 10)
    data = found(client, iid, "harbour")  # said on every line but the five rewritten
    assert data["count"] == MINUTES * 2 - len(REWRITTEN) and data["shown"] == 10
    assert ids(data) == ["u1", "u2", "u3", "u5", "u6", "u7", "u8", "u10", "u11", "u12"]
    fragment = client.get(f"/interviews/{iid}/find", params={"q": "harbour"}, headers={"HX-Request": "true"}).text
    assert "65</strong> lines match" in fragment and "the first 10 are listed" in fragment
    assert fragment.count('class="hit"') == 10


def test_an_embargoed_interview_is_not_found_for_a_viewer(find_db: tuple[Path, str, str]) -> None:
    path, iid, other = find_db
    with TestClient(create_app(path, semantic=False, retime=False)) as viewer:
        logged_in(viewer, "val")
        assert ids(found(viewer, iid, "lighthouse")) == ["u4", "u67"]
        for route in ("find", "find.json"):
            answer = viewer.get(f"/interviews/{other}/{route}", params={"q": "lighthouse"})
            assert answer.status_code == 404 and "lighthouse" not in answer.text.replace("q=lighthouse", "")
        assert viewer.get(f"/interviews/{other}/find.json", params={"q": "x"}).json() == {
            "error": f"no interview {other}"}
    with TestClient(create_app(path, semantic=False, retime=False)) as nobody:
        assert nobody.get(f"/interviews/{iid}/find.json", params={"q": "lighthouse"}).status_code == 401


def test_lines_and_queries_come_back_escaped(client: TestClient, find_db: tuple[Path, str, str]) -> None:
    iid = find_db[1]
    fragment = client.get(f"/interviews/{iid}/find", params={"q": "sang"}, headers={"HX-Request": "true"}).text
    assert "&lt;script&gt;" in fragment and "<script>" not in fragment and "&amp; we" in fragment
    assert "<mark>sang</mark>" in fragment
    hostile = '<img src=x onerror=alert(1)> "</strong><script>'
    page = client.get(f"/interviews/{iid}/find", params={"q": hostile}).text
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<script>" not in page.split("</head>")[1]


def test_empty_and_nonsense_queries_find_nothing_and_say_so(client: TestClient,
                                                            find_db: tuple[Path, str, str]) -> None:
    iid = find_db[1]
    for q in ("", "   ", '"', "OR", "- ( )", "zqxjv"):
        data = found(client, iid, q)
        assert data["count"] == 0 and data["hits"] == [], q
    empty = client.get(f"/interviews/{iid}/find", params={"q": ""}, headers={"HX-Request": "true"}).text
    assert 'class="hit"' not in empty and "match" not in empty
    nothing = client.get(f"/interviews/{iid}/find", params={"q": "zqxjv"}, headers={"HX-Request": "true"}).text
    assert "Nothing in this interview matches <strong>zqxjv</strong>" in nothing
    too_many = " ".join(f"word{n}x" for n in range(80))
    answer = client.get(f"/interviews/{iid}/find.json", params={"q": too_many})
    assert answer.status_code == 400 and "too many different terms" in answer.json()["error"]
    fragment = client.get(f"/interviews/{iid}/find", params={"q": too_many}, headers={"HX-Request": "true"})
    assert fragment.status_code == 400 and 'class="error"' in fragment.text and "Traceback" not in fragment.text
    assert client.get("/interviews/nope/find", params={"q": "x"}).status_code == 404


def test_without_javascript_the_box_is_a_form_and_the_hits_are_links(client: TestClient,
                                                                    find_db: tuple[Path, str, str]) -> None:
    iid = find_db[1]
    page = client.get(f"/interviews/{iid}").text
    form = re.search(r'<form class="find-form" id="find-form" action="([^"]+)" method="get"', page)
    assert form and form.group(1) == f"/interviews/{iid}/find" and 'name="q" id="find-q"' in page
    listed = client.get(form.group(1), params={"q": "lighthouse"}).text
    assert listed.lstrip().lower().startswith("<!doctype html>") and "Find in this interview" in listed
    assert f'href="/interviews/{iid}?u=u67#u-u67"' in listed and 'value="lighthouse"' in listed
    assert 'name="q" value=""' in listed  # the bar's library search is not the find box's query
