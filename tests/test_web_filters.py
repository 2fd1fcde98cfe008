"""The library's theme and date filters, through ASGI: themes come from what the
analysis stored (question topics, moment kinds), each with the count a click would
give; the date range is over the day recorded (else added); the page and
`/interviews.json` agree; a bad date is one line."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")
pytest.importorskip("httpx", reason="httpx (the test client) is not installed")

from fastapi.testclient import TestClient
from test_web_fixtures import build_accounts_db

from greenroom.library import Library

JSON = {"Accept": "application/json"}


@pytest.fixture(scope="module")
def studio_db(sample_files: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    path = tmp_path_factory.mktemp("filters") / "library.db"
    first, second = build_accounts_db(sample_files.reference, sample_files.audio, path)
    with Library(path) as library:
        def recorded(interview: Any) -> bool:
            interview.recorded = "2019-05-02"
            return True
        library.rewrite(second, recorded)
    return path, first, second


def listing(client: TestClient, **query: str) -> dict[str, Any]:
    answer = client.get("/interviews.json", params=query)
    assert answer.status_code == 200, answer.text
    data: dict[str, Any] = answer.json()
    return data


def stored_themes(client: TestClient, iid: str) -> set[str]:
    interview = client.get(f"/interviews/{iid}.json").json()["interview"]
    topics = {t["topic"] for t in interview.get("turns", []) if t.get("topic") not in (None, "", "other")}
    return topics | {m["kind"] for m in interview.get("moments", [])}


def test_themes_are_the_analysed_topics_and_moment_kinds_with_counts_that_match_the_filter(
        viewer: tuple[TestClient, str], ids: tuple[str, str]) -> None:
    client, _ = viewer
    analysed, typed = ids
    everything = listing(client)
    expected = stored_themes(client, analysed)
    assert expected and set(everything["themes"]) == expected | stored_themes(client, typed)
    by_id = {e["id"]: e for e in everything["interviews"]}
    assert set(by_id[analysed]["themes"]) == stored_themes(client, analysed)
    for theme, count in everything["themes"].items():
        chosen = listing(client, theme=theme)
        assert chosen["count"] == count and chosen["filters"]["theme"] == theme
        assert all(theme in e["themes"] for e in chosen["interviews"])
    assert listing(client, theme="no-such-theme")["count"] == 0


def test_the_date_range_is_over_the_recorded_day_else_the_added_day(
        viewer: tuple[TestClient, str], ids: tuple[str, str]) -> None:
    client, _ = viewer
    analysed, typed = ids
    today = datetime.now(UTC).date()
    assert listing(client)["years"] == {str(today.year): 1, "2019": 1}
    old = listing(client, since="2019-01-01", until="2019-12-31")
    assert [e["id"] for e in old["interviews"]] == [typed]
    recent = listing(client, since=(today - timedelta(days=1)).isoformat())
    assert [e["id"] for e in recent["interviews"]] == [analysed]
    assert listing(client, until="2019-05-01")["count"] == 0
    assert listing(client, since="2019-05-02", until="2019-05-02")["count"] == 1
    # the theme counts follow the range: nothing of 2019 was analysed
    assert listing(client, until="2019-12-31")["themes"] == {}


def test_bad_dates_are_one_line(viewer: tuple[TestClient, str]) -> None:
    client, _ = viewer
    for query, words in (({"since": "last week"}, "not a date"), ({"until": "2019-13-01"}, "not a date"),
                         ({"since": "2020-01-02", "until": "2020-01-01"}, "ends")):
        answer = client.get("/interviews.json", params=query)
        assert answer.status_code == 400 and words in answer.json()["error"]
        page = client.get("/", params=query)
        assert page.status_code == 400 and words in page.text


def test_the_page_shows_the_filters_with_their_counts_and_narrows_like_its_json(
        viewer: tuple[TestClient, str], ids: tuple[str, str]) -> None:
    client, _ = viewer
    analysed, typed = ids
    counts = listing(client)["themes"]
    theme, count = next(iter(counts.items()))
    page = client.get("/").text
    assert f'<option value="{theme}" >{theme} ({count})</option>' in page
    assert 'type="date" name="since"' in page and ">2019</a><span>1</span>" in page
    narrowed = client.get("/", params={"theme": theme}).text
    assert f"/interviews/{analysed}" in narrowed and f"/interviews/{typed}\"" not in narrowed
    assert "Clear filters" in narrowed
    dated = client.get("/", params={"since": "2019-01-01", "until": "2019-12-31"}).text
    assert f'href="/interviews/{typed}"' in dated and f'href="/interviews/{analysed}"' not in dated
