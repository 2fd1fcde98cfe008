"""The HTML report: one self-contained, escaped, deterministic page; and `greenroom report`."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from greenroom import formats
from greenroom.analyze import analyze
from greenroom.capture.roles import assign_roles
from greenroom.model import Chapter, Interview, Mark, Moment
from greenroom.publish.report import render_report
from greenroom.sample import transcript_path

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def sample(*analyzers: str) -> Interview:
    interview = formats.load(transcript_path())
    assign_roles(interview, ["Tom Hale"], ["Dana Reyes"])
    if analyzers:
        analyze(interview, list(analyzers))
    return interview


class Page(HTMLParser):
    """Parses strictly: every end tag must close the innermost open element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.svg: str | None = None  # id of the <svg> being read
        self.counts: dict[str, int] = {}
        self.elements: list[tuple[str, dict[str, str | None], str | None]] = []  # tag, attrs, enclosing svg
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._record(tag, attrs)
        if tag == "svg":
            self.svg = dict(attrs).get("id") or "?"
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._record(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()
        if tag == "svg":
            self.svg = None

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] not in ("style", "title"):
            self.text.append(data)

    def _record(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.counts[tag] = self.counts.get(tag, 0) + 1
        self.elements.append((tag, dict(attrs), self.svg))

    def ids(self) -> set[str | None]:
        return {attrs.get("id") for _, attrs, _ in self.elements}

    def within(self, svg_id: str, tag: str, cls: str | None = None) -> list[dict[str, str | None]]:
        """Elements `tag` (of class `cls`) inside the <svg id=svg_id>."""
        assert svg_id in self.ids(), f"no <svg id={svg_id}>"
        return [attrs for name, attrs, svg in self.elements
                if svg == svg_id and name == tag and (cls is None or attrs.get("class") == cls)]


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    assert page.stack == [], f"left open: {page.stack}"
    return page


@pytest.fixture(scope="module")
def analyzed() -> Interview:
    return sample("turns", "coaching", "off-record")


def test_report_is_well_formed_and_has_every_section(analyzed: Interview) -> None:
    html = render_report(analyzed)
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    page = parse(html)
    assert page.counts["html"] == page.counts["body"] == page.counts["style"] == 1
    assert page.counts.get("section", 0) >= 6
    ids = page.ids()
    assert {"coaching", "timeline", "turns", "flags", "moments", "transcript"} <= ids
    assert "Dana Reyes (interviewer)" in html and "Tom Hale (guest)" in html
    assert "2:47" in html and "interview.txt" in html


def test_timeline_has_one_linked_rect_per_utterance(analyzed: Interview) -> None:
    page = parse(render_report(analyzed))
    assert page.counts["svg"] >= 1
    rects = page.within("timeline", "rect", "utt")
    assert len(rects) == len(analyzed.utterances) == 20
    ids = page.ids()
    links = [attrs.get("href") for attrs in page.within("timeline", "a")]
    assert links and all(h and h.startswith("#") for h in links)
    for utterance in analyzed.utterances:
        assert f"t={utterance.start // 1000}" in ids
    assert "#t=17" in links  # Tom's first answer at 0:17 links to its transcript line
    assert len(page.within("timeline", "circle", "laugh")) == 2  # the two (laughs) of the sample
    assert len(page.within("timeline", "rect", "flag")) == len(analyzed.flags) == 2
    assert "0:00" in html_text(page) and "2:00" in html_text(page)  # minute ticks


def html_text(page: Page) -> str:
    return " ".join(page.text)


def test_flags_verdicts_and_turns_are_shown(analyzed: Interview) -> None:
    html = render_report(analyzed)
    page = parse(html)
    text = html_text(page)
    row = re.search(r'<tr id="flag-f-offrecord-1"[^>]*>(.*?)</tr>', html)
    assert row and "off-the-record" in row.group(1) and "<b>cut</b>" in row.group(1)
    assert "2:02–2:12" in row.group(1)
    assert analyzed.metrics is not None
    for verdict in analyzed.metrics.verdicts:
        assert verdict in text
    for figure in ("27 %", "talk ratio", "open questions", "follow-up rate", "interruptions", "promotion share"):
        assert figure in text
    assert len(re.findall(r'<tr id="turn-', html)) == len(analyzed.turns) == 7
    assert "Tell me about the first time you read the script." in text
    assert 'class="line cut" id="t=122"' in html  # the off-the-record answer is marked in the transcript
    assert "(laughs)" in text


def test_text_is_escaped() -> None:
    interview = sample("turns", "coaching", "off-record")
    interview.utterances[3].text = "Well <script>alert(1)</script> & more"
    interview.title = 'Tom & "Dana" <live>'
    interview.speakers[1].name = "Tom <b>Hale</b>"
    html = render_report(interview)
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
    assert "<h1>Tom &amp; &#34;Dana&#34; &lt;live&gt;</h1>" in html  # the template's autoescape spells " as &#34;
    assert "<b>Hale</b>" not in html and "Tom &lt;b&gt;Hale&lt;/b&gt;" in html
    parse(html)


def test_self_contained_and_deterministic(analyzed: Interview) -> None:
    html = render_report(analyzed)
    assert "http://" not in html and "https://" not in html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:[a-z]+:)?//""", html, re.IGNORECASE)
    assert "url(" not in html and "@import" not in html and "<link" not in html and "<img" not in html
    assert "<script" not in html
    page = parse(html)
    hrefs = [attrs["href"] for name, attrs, _ in page.elements if name == "a"]
    assert hrefs and all(h is not None and h.startswith("#") for h in hrefs)
    assert render_report(analyzed) == html
    assert render_report(Interview.from_dict(analyzed.to_dict())) == html


def test_empty_layers_say_not_analyzed() -> None:
    html = render_report(sample())
    page = parse(html)
    assert html.count("not analyzed yet") + html.count("Not analyzed yet") >= 4
    assert "greenroom analyze" in html
    assert len(page.within("timeline", "rect", "utt")) == 20
    assert 'id="chapters"' not in html and "<table" not in html
    empty = parse(render_report(Interview(id="x1")))
    assert "No transcript." in html_text(empty)


def test_chapter_bar_and_moments_from_given_layers(analyzed: Interview) -> None:
    interview = Interview.from_dict(analyzed.to_dict())
    interview.chapters = [Chapter(0, 60_000, "Opening <cold>", ["train"]), Chapter(60_000, 167_153, "The storm")]
    interview.moments = [Moment("m1", 37_000, 52_000, "funny", 0.9, reason="falls out of the boat",
                                evidence={"text": "I fell out of the boat <twice>."})]
    interview.marks.append(Mark(100_000, 104_000, "pause"))
    html = render_report(interview)
    page = parse(html)
    segments = page.within("chapters", "rect", "chapter")
    assert len(segments) == 2
    assert "<title>0:00–1:00 Opening &lt;cold&gt; — train</title>" in html
    assert len(page.within("timeline", "rect", "moment")) == 1
    assert len(page.within("timeline", "rect", "mark-span")) == 1
    assert 'id="moment-m1"' in html and "falls out of the boat" in html_text(page)
    assert "<q>I fell out of the boat &lt;twice&gt;.</q>" in html  # what was said, escaped, beside why


def test_chapters_from_the_analyzer() -> None:
    pytest.importorskip("onnxruntime")
    interview = sample("turns", "coaching", "off-record", "chapters")
    assert interview.chapters
    html = render_report(interview)
    page = parse(html)
    assert len(page.within("chapters", "rect", "chapter")) == len(interview.chapters)
    for chapter in interview.chapters:
        assert chapter.title in html_text(page)


def test_report_command_writes_atomically_and_prints_the_path(greenroom, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    imported = greenroom("import", str(transcript_path()), "--guest", "Tom Hale", "--interviewer", "Dana Reyes")
    interview_id = imported.stdout.split()[-1]
    assert greenroom("analyze", interview_id, "--only", "turns,coaching,off-record").exit_code == 0
    replaced: list[tuple[str, str]] = []
    real_replace = os.replace

    def spy(src, dst):  # type: ignore[no-untyped-def]
        replaced.append((str(src), str(dst)))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    target = tmp_path / "out" / "low-tide.html"
    result = greenroom("report", interview_id, "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines()[-1].split()[-1] == str(target)
    html = target.read_text(encoding="utf-8")
    assert "off-the-record" in html and 'class="utt"' in html
    assert any(dst == str(target) and Path(src).parent == target.parent for src, dst in replaced)
    assert [p.name for p in target.parent.iterdir()] == ["low-tide.html"]  # no temp file left

    monkeypatch.chdir(tmp_path)
    default = greenroom("report", interview_id)
    assert default.exit_code == 0
    written = default.stdout.split()[-1]
    assert written == f"{interview_id}-report.html" and (tmp_path / written).read_text(encoding="utf-8") == html

    missing = greenroom("report", "nosuchid")
    assert missing.exit_code == 1 and "greenroom: error" in missing.stderr


def test_report_help_has_an_example(greenroom) -> None:  # type: ignore[no-untyped-def]
    result = greenroom("report", "--help")
    assert result.exit_code == 0 and "Example" in result.stdout


def test_headless_screenshot(analyzed: Interview, tmp_path: Path) -> None:
    browser = shutil.which("chromium")
    if browser is None:
        pytest.skip("chromium is not installed")
    page = tmp_path / "report.html"
    page.write_text(render_report(analyzed), encoding="utf-8")
    shot = tmp_path / "report.png"
    subprocess.run([browser, "--headless", "--disable-gpu", "--no-sandbox", f"--screenshot={shot}",
                    "--window-size=1200,2400", page.as_uri()], check=True, capture_output=True, timeout=120)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
