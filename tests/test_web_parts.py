"""The interview page in parts, through ASGI: a long transcript sends one part (ten
minutes of talk) with the page, and the rest as fragments; without JavaScript the
page offers plain links to every part, and `?part=`, `?from=` (seconds), `?t=` (ms)
and `?u=` (a line) choose the part sent. The JSON twin stays whole."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")
pytest.importorskip("httpx", reason="httpx (the test client) is not installed")

from fastapi.testclient import TestClient
from test_web_fixtures import PASSWORD, csrf_of, long_talk

from greenroom.library import Library, access
from greenroom.model import Interview, Utterance
from greenroom.web import create_app, views

MINUTES = 35  # parts: 0-10, 10-20, 20-30 and 30-35 minutes


@pytest.fixture(scope="module")
def long_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("parts") / "library.db"
    with Library(path) as library:
        iid = library.add(long_talk(MINUTES)).id
    return path, iid


@pytest.fixture
def client(long_db: tuple[Path, str]) -> Iterator[TestClient]:
    with TestClient(create_app(long_db[0], semantic=False)) as test_client:
        yield test_client


def line_ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'class="line[^"]*" id="u-u(\d+)"', html)]


def test_parts_follow_time_windows_and_cap_lines() -> None:
    talk = long_talk(MINUTES)
    found = views.parts(talk)
    assert [(p.first, p.end) for p in found] == [(0, 20), (20, 40), (40, 60), (60, 70)]
    assert [p.start_ms for p in found] == [0, 600_000, 1_200_000, 1_800_000] and found[-1].end_ms == 2_095_000
    assert views.part_at(found, ms=1_199_999) is found[1] and views.part_at(found, ms=10**9) is found[-1]
    assert views.part_at(found, utterance_id="u41", interview=talk) is found[2]
    assert views.part_at(found, utterance_id="nope", interview=talk) is None
    talk.utterances[21].start = 599_000  # overlapping talk: a line starting before the one it follows
    assert [(p.first, p.end) for p in views.parts(talk)][:2] == [(0, 20), (20, 40)]  # parts stay slices
    untimed = Interview(utterances=[Utterance(f"u{n}", 0, 0, None, "hi") for n in range(700)])
    assert [(p.first, p.end) for p in views.parts(untimed)] == [(0, 300), (300, 600), (600, 700)]
    assert views.parts(Interview()) == []


def test_page_sends_the_first_part_and_links_to_the_others(client: TestClient, long_db: tuple[Path, str]) -> None:
    iid = long_db[1]
    html = client.get(f"/interviews/{iid}").text
    assert line_ids(html) == list(range(1, 21))  # only the first ten minutes
    assert html.count('class="part pending"') == 3
    for n in (1, 2, 3):  # readable without JavaScript: a plain link to each part
        assert f'href="/interviews/{iid}?part={n}#part-{n}"' in html
    assert 'rel="next"' in html and 'rel="prev"' not in html
    assert f'data-parts="/interviews/{iid}/part"' in html
    assert f"{MINUTES * 2} lines" in html  # the header still counts the whole transcript


def test_part_from_and_line_choose_the_part_sent(client: TestClient, long_db: tuple[Path, str]) -> None:
    iid = long_db[1]
    second = client.get(f"/interviews/{iid}", params={"part": 2}).text
    assert line_ids(second) == list(range(41, 61))
    assert f'rel="prev" data-part="1" href="/interviews/{iid}?part=1#part-1"' in second
    assert f'rel="next" data-part="3" href="/interviews/{iid}?part=3#part-3"' in second
    assert line_ids(client.get(f"/interviews/{iid}", params={"from": 1830}).text)[0] == 61
    assert line_ids(client.get(f"/interviews/{iid}", params={"t": 650_000}).text)[0] == 21  # a search hit's link
    assert line_ids(client.get(f"/interviews/{iid}", params={"u": "u55"}).text)[0] == 41
    for params in ({"part": 4}, {"part": -1}, {"u": "u999"}):
        bad = client.get(f"/interviews/{iid}", params=params)
        assert bad.status_code == 400 and "Traceback" not in bad.text
    assert client.get(f"/interviews/{iid}", params={"part": 9}).text.count("this interview has parts 0 to 3") == 1


def test_fragment_is_one_part_and_the_json_twin_stays_whole(client: TestClient, long_db: tuple[Path, str]) -> None:
    iid = long_db[1]
    fragment = client.get(f"/interviews/{iid}/part", params={"n": 3}, headers={"HX-Request": "true"}).text
    assert fragment.lstrip().startswith('<section class="part" id="part-3"') and "<html" not in fragment
    assert line_ids(fragment) == list(range(61, 71)) and 'data-s="' in fragment
    assert line_ids(client.get(f"/interviews/{iid}/part", params={"u": "u30"}).text) == list(range(21, 41))
    assert client.get(f"/interviews/{iid}/part", params={"n": 7}).status_code == 400
    whole = client.get(f"/interviews/{iid}.json").json()["interview"]
    assert len(whole["utterances"]) == MINUTES * 2


def test_a_corrected_line_goes_back_to_its_part(long_db: tuple[Path, str], tmp_path: Path) -> None:
    path, iid = long_db
    with Library(path) as library:
        access.add_user(library, "eve", "editor", PASSWORD)
    with TestClient(create_app(path, semantic=False, retime=False)) as editor:
        token = csrf_of(editor.get("/login").text)
        editor.post("/login", data={"name": "eve", "password": PASSWORD, "csrf": token, "next": "/"})
        token = csrf_of(editor.get(f"/interviews/{iid}").text)
        done = editor.post(f"/interviews/{iid}/utterances/u65/text", follow_redirects=False,
                           data={"text": "At minute 32 the harbour light was blue", "csrf": token})
        assert done.status_code == 303 and done.headers["location"] == f"/interviews/{iid}?u=u65#u-u65"
        page = editor.get(done.headers["location"]).text
        assert 65 in line_ids(page) and ">blue</span>" in page
        listed = re.search(r'<a href="([^"]+)" data-line="u65">', page)  # the corrections list links into the part
        assert listed and listed.group(1) == f"/interviews/{iid}?u=u65#u-u65"


def test_a_kept_interview_gives_way_to_a_change_made_elsewhere(tmp_path: Path) -> None:
    """The page keeps the interviews it read (a long one is slow to read); a change
    written by another process (the command line) shows at the next read."""
    path = tmp_path / "library.db"
    with Library(path) as library:
        iid = library.add(long_talk(MINUTES)).id
    with TestClient(create_app(path, semantic=False)) as client:
        before = client.get(f"/interviews/{iid}", params={"part": 1})
        assert before.status_code == 200 and 'id="u-u26"' in before.text and "lantern" not in before.text
        with Library(path) as library:  # another connection, as `greenroom correct` would be
            interview = library.get(iid)
            interview.utterances[25].text = "A lantern swung over the quay"
            interview.utterances[25].words = []
            library.add(interview, replace=True)
        assert ">lantern</span>" in client.get(f"/interviews/{iid}", params={"part": 1}).text
        assert "lantern" in client.get(f"/interviews/{iid}/part", params={"n": 1}).text
        assert "lantern" in client.get(f"/interviews/{iid}.json").text
