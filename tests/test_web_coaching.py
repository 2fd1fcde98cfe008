"""The coaching chart on the interview page, through ASGI: an inline SVG drawn by the
server from the stored coaching analysis (no script), with a title, a description
and a table carrying the same figures; its columns add up, its ticks are the
questions, its bars the question counts; names are escaped; no analysis, no chart."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")
pytest.importorskip("httpx", reason="httpx (the test client) is not installed")

from fastapi.testclient import TestClient
from markupsafe import escape
from test_web_fixtures import build_accounts_db

from greenroom.web import charts


@pytest.fixture(scope="module")
def studio_db(sample_files: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    path = tmp_path_factory.mktemp("coaching") / "library.db"
    return path, *build_accounts_db(sample_files.reference, sample_files.audio, path)


def section(html: str) -> str:
    found = re.search(r'<section id="coaching".*?</section>', html, re.DOTALL)
    assert found, "no coaching section"
    return found.group(0)


def floats(svg: str, cls: str, attr: str) -> list[float]:
    return [float(v) for v in re.findall(rf'<rect class="{cls}[^"]*"[^>]*?\b{attr}="([\d.]+)"', svg)]


def test_the_chart_draws_the_stored_coaching(viewer: tuple[TestClient, str], ids: tuple[str, str]) -> None:
    client, _ = viewer
    iid = ids[0]
    stored = client.get(f"/interviews/{iid}.json").json()["interview"]
    metrics = stored["metrics"]
    html = section(client.get(f"/interviews/{iid}").text)
    assert '<svg viewBox=' in html and 'role="img"' in html and "<desc id=\"talk-desc\">" in html
    assert "<script" not in html
    talk = html.split('class="talk-chart"', 1)[1].split("</svg>", 1)[0]
    # each stretch's segments stack to the full column height (rounding aside)
    xs = re.findall(r'<rect class="fill-sp\d" x="([\d.]+)" y="[\d.]+" width="[\d.]+" height="([\d.]+)"', talk)
    columns: dict[str, float] = {}
    for x, height in xs:
        columns[x] = columns.get(x, 0.0) + float(height)
    assert len(columns) == charts.STRETCHES
    assert all(abs(h - charts.COLUMNS_HEIGHT) < 0.5 for h in columns.values()), columns
    # one tick per question asked
    asked = [t for t in stored["turns"] if t["question"]]
    assert len(re.findall(rf'<rect class="q q-[\w-]+" x="[\d.]+" y="{charts.TICKS_TOP}"', talk)) == len(asked)
    # one bar per question kind, with its count
    kinds = html.split('class="kinds-chart"', 1)[1].split("</svg>", 1)[0]
    for kind, count in metrics["questions"].items():
        assert f'>{kind}</text>' in kinds and re.search(rf'class="kind-count"[^>]*>{count}</text>', kinds)
    # the interviewer's share in the legend is the analysis's talk ratio (two speakers)
    assert len(stored["speakers"]) == 2
    ratio = round(metrics["talk_ratio"] * 100)
    assert f"<strong>{ratio} %</strong>" in html
    assert re.search(rf"interviewer · {ratio} %", html)
    # the same figures as a table, and the verdicts as text
    assert "<summary>The figures as a table</summary>" in html and html.count("<tr>") >= charts.STRETCHES
    for verdict in metrics["verdicts"]:
        assert str(escape(verdict)) in html


def test_speaker_names_are_escaped_in_the_chart(editor: tuple[TestClient, str], ids: tuple[str, str]) -> None:
    client, token = editor
    iid = ids[0]
    speaker = client.get(f"/interviews/{iid}.json").json()["interview"]["speakers"][0]["id"]
    answer = client.post(f"/interviews/{iid}/speakers/{speaker}", data={"csrf": token, "name": "<b>Kit</b> & co"},
                         follow_redirects=False)
    assert answer.status_code == 303
    html = section(client.get(f"/interviews/{iid}").text)
    assert "<b>Kit</b>" not in html and "&lt;b&gt;Kit&lt;/b&gt; &amp; co" in html


def test_an_interview_without_coaching_has_no_chart(viewer: tuple[TestClient, str], ids: tuple[str, str]) -> None:
    client, _ = viewer
    assert client.get(f"/interviews/{ids[1]}.json").json()["interview"].get("metrics") is None
    assert 'id="coaching"' not in client.get(f"/interviews/{ids[1]}").text
