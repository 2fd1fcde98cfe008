"""Hostile text: HTML, `onerror=` and `javascript:` links in titles, names and what
was said stay text in the Markdown outputs (`export --to md`, the social kit's
posts.md) when someone renders them, and our reader gets the text back as said."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest
from markdown_it import MarkdownIt

from greenroom import formats
from greenroom.model import Chapter, Interview, Person, Quote, Speaker, Utterance
from greenroom.publish.social import Post, Skipped, posts_markdown

PAYLOADS = (
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click me](javascript:alert(1))",
    "<javascript:alert(1)>",
    "[x]: javascript:alert(1)",
    "<a href='javascript:alert(1)'>hi</a>",
    "back\\<slash",
)


def rendered(markdown: str) -> str:
    """HTML as a permissive renderer makes it: raw HTML on, every link scheme allowed."""
    md = MarkdownIt("commonmark", {"html": True})
    md.validateLink = lambda url: True
    return md.render(markdown)


def assert_inert(html: str) -> None:
    lowered = html.lower()
    assert "<script" not in lowered and "<img" not in lowered and "<a href='javascript" not in lowered
    assert 'href="javascript:' not in lowered, html


def hostile_interview(payload: str) -> Interview:
    return Interview(
        id="hostile1", title=f"Title {payload}", people=[Person(f"Guest {payload}", "guest")],
        speakers=[Speaker("S1", "Ann", "Ann"), Speaker("S2", f"Bob {payload}", f"Bob {payload}")],
        utterances=[Utterance("u1", 0, 2000, "S1", f"She said {payload} and left."),
                    Utterance("u2", 3000, 5000, "S2", payload)],
        chapters=[Chapter(0, 5000, f"Chapter {payload}")])


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_export_renders_payloads_as_text(payload: str) -> None:
    assert_inert(rendered(formats.dump(hostile_interview(payload), "md")))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_export_reads_back_as_said(payload: str) -> None:
    said = [f"She said {payload} and left.", payload, "Really?", f"{payload} yes."]
    interview = Interview(id="hostile2", title=f"Title {payload}",
                          speakers=[Speaker("S1", "Ann", "Ann"), Speaker("S2", "Bob", "Bob")],
                          utterances=[Utterance(f"u{i}", i * 3000, i * 3000 + 2000, f"S{i % 2 + 1}", text)
                                      for i, text in enumerate(said)])
    back = formats.parse(formats.dump(interview, "md"), "hostile.md", "md")
    assert back.title == f"Title {payload}"
    assert [u.text for u in back.utterances] == said


@pytest.mark.parametrize("payload", PAYLOADS)
def test_social_posts_markdown_renders_payloads_as_text(payload: str) -> None:
    interview = hostile_interview(payload)
    post = Post(f"m1 {payload}", "quotable", Quote(payload, 3000, 5000, "S2", "u2"), f"Why {payload}?",
                f"Bob {payload}", "Film", "0:03", ["#Film"], f"“{payload}” says Bob #Film", {"square": "q.png"})
    html = rendered(posts_markdown(interview, [post], [Skipped(f"m2 {payload}", "humor", f"because {payload}")]))
    assert_inert(html)


def test_every_html_output_keeps_hostile_text_escaped(greenroom, library_path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Titles, names and what was said carrying markup go through every command that
    writes HTML (report, guide, site with its feeds, social kit, quote cards' posts)
    and come out as text: no tag, no handler, no javascript: link."""
    import json

    from greenroom.library import Library

    payload = '<script>alert(1)</script><img src=x onerror="alert(1)"><a href="javascript:alert(1)">x</a>'
    short = "<script>x</script>"
    said = [f"Where did {short} start?", f"It started in Dayton, {short}, and I never looked back once.",
            "What was the hardest scene?", f"The storm scene. We flooded the set twice {short} for real."]
    guest = "Kit <img src=x onerror=alert(1)>"
    interview = Interview(title=f"Title {payload}", project="Film <a href='javascript:alert(1)'>x</a>",
                          people=[Person(guest, "guest"), Person("Dana", "interviewer")],
                          speakers=[Speaker("S1", "Dana", "Dana", "interviewer"), Speaker("S2", guest, guest, "guest")],
                          utterances=[Utterance(f"u{i}", i * 6000, i * 6000 + 5000, f"S{i % 2 + 1}", text)
                                      for i, text in enumerate(said)])
    with Library(library_path) as library:
        iid = library.add(interview).id
    assert greenroom("analyze", iid).exit_code == 0
    for args in (("report", iid, "-o", str(tmp_path / "report.html")), ("guide", "-o", str(tmp_path / "guide.html")),
                 ("site", "-o", str(tmp_path / "site")), ("social", iid, "-o", str(tmp_path / "social"))):
        done = greenroom(*args)
        assert done.exit_code == 0, (args, done.output)
    pages = [p for p in tmp_path.rglob("*.html")]
    assert len(pages) >= 4
    for page in pages:
        assert_no_live_markup(page.read_text(encoding="utf-8"))
    rss = ElementTree.parse(tmp_path / "site" / "feed.xml")
    for element in rss.iter("description"):  # readers render an item's description as HTML
        assert_no_live_markup(element.text or "")
    feed = json.loads((tmp_path / "site" / "feed.json").read_text(encoding="utf-8"))
    for item in feed["items"]:
        assert_no_live_markup(item.get("content_html", ""))


LIVE = re.compile(r"<\s*(?:script|img|iframe)\b|<[^>]*\son\w+\s*=|<a\b[^>]*href\s*=\s*[\"']?\s*javascript:", re.IGNORECASE)


def assert_no_live_markup(html: str) -> None:
    """No tag a browser would run: escaped text (`&lt;script&gt;`) is fine."""
    found = LIVE.search(html)
    assert found is None, html[max(0, found.start() - 200):found.end() + 200] if found else ""
