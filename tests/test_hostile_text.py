"""Hostile text: HTML, `onerror=` and `javascript:` links in titles, names and what
was said stay text in the Markdown outputs (`export --to md`, the social kit's
posts.md) when someone renders them, and our reader gets the text back as said."""

from __future__ import annotations

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
