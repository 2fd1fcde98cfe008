"""The guide and the static site: themes, FAQ, filters, escaping, anchors, feeds, atomic swap.

Interviews here are the sample transcript and two written for these tests, analyzed
without the embedding model (chapters set by hand) so the tests need no extra.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from greenroom import formats, sample
from greenroom.analyze import analyze
from greenroom.capture.roles import assign_roles
from greenroom.errors import InputError
from greenroom.model import Chapter, Flag, Interview, Person, Speaker, Utterance
from greenroom.publish.guide import (
    GuideOptions,
    Listed,
    build_guide,
    render_html,
    render_markdown,
)
from greenroom.publish.site import MARKER, SiteOptions, build_site, site_files

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

MUSICIAN = [
    ("host", "Welcome, Mara. Your new album Glass Harbour is out this week."),
    ("guest", "Thank you. It took four years, so I am very glad it exists at all."),
    ("host", "How did you get your big break?"),
    ("guest", ("I remember the night a producer heard me at a tiny bar in Leeds in 2014. I played to eleven "
              "people and one of them was Ruth Adler. Two weeks later I had a record deal, and I still had my "
              "job at the bakery.")),
    ("host", "What was the hardest part of your career so far?"),
    ("guest", ("Honestly, the second album nearly finished me. The label rejected it twice, and I was sure my "
              "career was over. Failure teaches you more than success ever does.")),
    ("host", "How do you write a song?"),
    ("guest", ("I write every morning before breakfast, one page, no matter what. The secret is that the first "
              "line is never the real first line. I always throw it away.")),
    ("host", "Tell me about the first time you read the script for your music video."),
    ("guest", ("I read it on the tour bus at four in the morning and laughed out loud at the ending. The "
              "director wanted me to fall into a harbour in January, and I said yes before I could think.")),
    ("host", "What do you hope listeners take away?"),
    ("guest", ("Music is not only my job but also my way of thinking. If a song helps someone through a bad "
              "night, that is enough for me.")),
]
ACTOR = [
    ("host", "Thanks for joining me, Ines."),
    ("guest", "It's good to be here, thank you for having me."),
    ("host", "Tell me about the first time you read the script."),
    ("guest", ("I read it in one sitting on a night bus. I cried at the last page, which never happens to me. "
              "I knew then that I wanted the part more than anything.")),
    ("host", "How did you prepare for the role?"),
    ("guest", ("I spent three months riding the night trains and writing down what people said. The trick is to "
              "listen more than you talk. I filled six notebooks with overheard lines.")),
    ("host", "How did it feel on the first day of shooting?"),
    ("guest", ("I was terrified, to be honest. I felt like a fraud for the whole first week on set. Then the "
              "director told me to stop acting and just look out of the window, and it worked.")),
    ("host", "What comes next for you?"),
    ("guest", "I'm directing my first short film next spring, a love story set in a laundrette in Glasgow."),
]


def written(iid: str, title: str, project: str, guest: str, host: str, recorded: str,
            lines: list[tuple[str, str]]) -> Interview:
    """An interview from (role, text) lines, timed at 2.5 words a second, analyzed."""
    utterances, at = [], 0
    for number, (role, text) in enumerate(lines, start=1):
        length = len(text.split()) * 400
        utterances.append(Utterance(f"u{number}", at, at + length, "S1" if role == "host" else "S2", text))
        at += length + 600
    iv = Interview(id=iid, title=title, project=project, recorded=recorded, utterances=utterances,
                   people=[Person(host, "interviewer"), Person(guest, "guest")],
                   speakers=[Speaker("S1", "Speaker 1", host, "interviewer"), Speaker("S2", "Speaker 2", guest, "guest")])
    return analyzed(iv)


def analyzed(iv: Interview) -> Interview:
    """Turns, flags, moments and the card; one chapter per question (no embeddings needed)."""
    analyze(iv, only=["turns", "off-record", "moments"])
    starts = [iv.utterances[0].start] + [u.start for u in iv.utterances if u.id in {t.question[0] for t in iv.turns}][1:]
    ends = starts[1:] + [iv.duration]
    iv.chapters = [Chapter(s, e, f"Part {i + 1}") for i, (s, e) in enumerate(zip(starts, ends))]
    analyze(iv, only=["card"])
    return iv


def sample_interview() -> Interview:
    iv = formats.load(sample.transcript_path())
    assign_roles(iv, [sample.GUEST], [sample.INTERVIEWER])
    iv.id, iv.title, iv.project, iv.published = "lowtide1", "Tom Hale on Low Tide", "Low Tide", "2025-03-14"
    return analyzed(iv)


def musician() -> Interview:
    return written("glass001", "Mara Quinn on Glass Harbour", "Glass Harbour", "Mara Quinn", "Dana Reyes",
                   "2025-06-12", MUSICIAN)


def actor() -> Interview:
    return written("north002", "Ines Okafor on Northern Line", "Northern Line", "Ines Okafor", "Sam Patel",
                   "2024-11-03", ACTOR)


@pytest.fixture(scope="module")
def shelf() -> list[Listed]:
    return [Listed(sample_interview(), "2025-04-01T10:00:00Z"), Listed(musician(), "2025-07-01T10:00:00Z"),
            Listed(actor(), "2025-01-02T10:00:00Z")]


# -- strict HTML ---------------------------------------------------------------------

class Page(HTMLParser):
    """Parses strictly: every end tag closes the innermost open element; ids are unique."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append(tag)
        if found.get("id"):
            self.ids.append(str(found["id"]))
        if tag == "a" and found.get("href"):
            self.hrefs.append(str(found["href"]))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] not in ("style", "title"):
            self.text.append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    assert page.stack == [], f"unclosed: {page.stack}"
    assert len(page.ids) == len(set(page.ids)), "duplicate ids"
    assert html.startswith("<!DOCTYPE html>")
    return page


def check_site(folder: Path, interviews: list[Interview]) -> int:
    """Every page parses; every `<page>#t-<ms>` link anywhere lands on an anchor
    that is a real utterance's start on that page. Returns the links checked."""
    pages = {p.relative_to(folder).as_posix(): parse(p.read_text(encoding="utf-8")) for p in folder.rglob("*.html")}
    starts = {f"interviews/{iv.id}.html": {u.start for u in iv.utterances} for iv in interviews}
    checked = 0
    for name, page in pages.items():
        for href in page.hrefs:
            assert not href.startswith(("http:", "https:", "//")), f"{name} links out: {href}"
            target, _, anchor = href.partition("#")
            resolved = (Path(name).parent / target).as_posix() if target else name
            resolved = re.sub(r"[^/]+/\.\./", "", resolved)
            assert resolved in pages or resolved.endswith((".xml", ".json")), f"{name}: broken link {href}"
            if anchor.startswith("t-"):
                assert anchor in pages[resolved].ids, f"{name}: {href} has no anchor"
                assert int(anchor[2:]) in starts[resolved], f"{name}: {href} is no utterance start"
                checked += 1
    return checked


# -- the guide ----------------------------------------------------------------------

def test_guide_groups_by_theme_with_cards_faq_and_also_read(shelf: list[Listed]) -> None:
    guide = build_guide(shelf)
    keys = [s.theme.key for s in guide.sections if s.theme]
    assert keys == ["personal", "process", "career"]
    career = next(s for s in guide.sections if s.theme and s.theme.key == "career")
    assert "glass001" in [e.interview.id for e in career.entries]  # big break, rejected album
    assert set(guide.card_in) == {"lowtide1", "glass001", "north002"}
    shared = [f for f in guide.faq if len(f.asked_of) > 1]
    assert shared and "first time you read the script" in shared[0].question.lower()
    assert guide.faq[0] is shared[0]  # asked across interviews comes first
    assert all(item.answer.ok for item in guide.faq)
    assert all(e.also for e in guide.entries)
    assert guide.intro.startswith("3 interviews with ") and all(n in guide.intro for n in ("Tom Hale", "Mara Quinn", "Ines Okafor"))


def test_guide_intro_names_projects_only_for_their_interviews(shelf: list[Listed]) -> None:
    projects = [e.interview.project for e in build_guide(shelf).entries]
    assert all(projects)
    loose = written("loose001", "A chat", "", "Ada Vale", "Sam Reed", "2025-03-01", [
        ("host", "What was the hardest part of writing the book?"),
        ("guest", "The ending. I rewrote the last chapter nine times before the lighthouse scene felt true.")])
    intro = build_guide([*shelf, Listed(loose, "2025-03-01T10:00:00Z")]).intro
    assert intro.startswith("4 interviews with ") and ", from " in intro
    assert "(and 1 interview naming no project)." in intro  # "and 1 other" read as one more project


def test_guide_html_is_well_formed_and_markdown_links_real_utterances(shelf: list[Listed]) -> None:
    guide = build_guide(shelf)
    page = parse(render_html(guide))
    assert {"personal", "process", "career", "faq"} <= set(page.ids)
    assert sum(1 for i in page.ids if i.startswith("card-")) == 3  # each card once
    text = render_markdown(guide)
    starts = {iv.interview.id: {u.start for u in iv.interview.utterances} for iv in shelf}
    links = re.findall(r"\]\(interviews/([\w-]+)\.html#t-(\d+)\)", text)
    assert len(links) > 15
    assert all(int(ms) in starts[iid] for iid, ms in links)


def test_guide_leaves_out_flagged_passages(shelf: list[Listed]) -> None:
    html = render_html(build_guide(shelf))
    assert "daughter" not in html and "off the record" not in html.lower()
    assert "do they come to the set" not in html  # the intrusive question is flagged too


def test_guide_filters_by_theme_year_and_guest(shelf: list[Listed]) -> None:
    process = build_guide(shelf, GuideOptions(theme="creative process"))
    assert [s.theme.key for s in process.sections if s.theme] == ["process"]
    assert all(item.question for item in process.faq)
    in_2024 = build_guide(shelf, GuideOptions(year=2024))
    assert [e.interview.id for e in in_2024.entries] == ["north002"]
    added = build_guide([Listed(Interview(id="x", title="Undated"), "2023-05-05T00:00:00Z")], GuideOptions(year=2023))
    assert [e.interview.id for e in added.entries] == ["x"]  # no dates of its own: the year it was added
    assert [e.interview.id for e in build_guide(shelf, GuideOptions(guest="mara")).entries] == ["glass001"]


@pytest.mark.parametrize("options, problem", [
    (GuideOptions(year=1999), "no interview matches year 1999"),
    (GuideOptions(guest="Nobody"), "no interview matches guest 'Nobody'"),
    (GuideOptions(theme="gardening"), "unknown theme 'gardening'"),
])
def test_guide_errors_name_the_problem(shelf: list[Listed], options: GuideOptions, problem: str) -> None:
    with pytest.raises(InputError, match=re.escape(problem)):
        build_guide(shelf, options)


def test_empty_library_is_one_clear_error() -> None:
    with pytest.raises(InputError, match="library.db: the library has no interviews yet"):
        build_guide([], where="library.db")


def test_text_from_the_library_is_escaped() -> None:
    iv = musician()
    iv.id, iv.title, iv.project = "evil", "<script>alert(1)</script> & co", 'Glass "Harbour" <b>'
    assert iv.card is not None
    iv.card.angle = "</div><img src=x onerror=alert(1)>"
    guide = build_guide([Listed(iv)])
    html = render_html(guide)
    parse(html)
    assert "<script>" not in html and "<img" not in html and "&lt;script&gt;" in html
    markdown = render_markdown(guide)
    assert "<script>" not in markdown and r"\<script\>" in markdown


# -- the site -------------------------------------------------------------------------

def test_site_pages_parse_and_every_timestamp_link_resolves(shelf: list[Listed], tmp_path: Path) -> None:
    folder = tmp_path / "public"
    written = build_site(shelf, folder)
    assert {"index.html", "guide.html", "feed.xml", "feed.json", "style.css", "guide/process.html",
            "interviews/lowtide1.html", "interviews/glass001.html"} <= {p.relative_to(folder).as_posix()
                                                                       for p in written}
    assert check_site(folder, [item.interview for item in shelf]) > 30
    page = (folder / "interviews" / "lowtide1.html").read_text(encoding="utf-8")
    assert page.count('id="t-') == len(shelf[0].interview.utterances)
    assert "she thought the lighthouse was fake" not in page and "[withheld" in page  # off the record
    assert "http" not in page and "<script" not in page  # self-contained


def test_feeds_parse(shelf: list[Listed]) -> None:
    files = site_files(shelf, SiteOptions(url="https://example.org/gr"))
    channel = ET.fromstring(files["feed.xml"]).find("channel")
    assert channel is not None
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["Mara Quinn on Glass Harbour", "Tom Hale on Low Tide",
                                                    "Ines Okafor on Northern Line"]  # newest first
    assert items[0].findtext("link") == "https://example.org/gr/interviews/glass001.html"
    assert items[1].findtext("pubDate") == "Fri, 14 Mar 2025 00:00:00 +0000"
    feed = json.loads(files["feed.json"])
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == "https://example.org/gr/feed.json"
    assert all(item["id"] and item["content_text"] for item in feed["items"])
    assert feed["items"][0]["authors"] == [{"name": "Mara Quinn"}]


def test_site_build_is_deterministic(shelf: list[Listed]) -> None:
    assert site_files(shelf) == site_files(shelf)


def test_site_is_swapped_in_whole_and_never_over_a_foreign_folder(shelf: list[Listed], tmp_path: Path) -> None:
    folder = tmp_path / "public"
    build_site(shelf[:1], folder)
    (folder / "stale.html").write_text("old", encoding="utf-8")
    build_site(shelf, folder)
    assert not (folder / "stale.html").exists() and (folder / MARKER).exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]  # no temp folder left behind
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(InputError, match="greenroom did not make"):
        build_site(shelf, mine)
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_a_failed_build_leaves_the_old_site(shelf: list[Listed], tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from greenroom.publish import site

    folder = tmp_path / "public"
    build_site(shelf, folder)
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}

    def broken(fresh: Path, target: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(site, "_swap", broken)
    with pytest.raises(Exception, match="No space left"):
        build_site(shelf[:1], folder)
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_withheld_text_covers_cut_and_bleep_flags() -> None:
    from greenroom.publish.site import public_text

    u = Utterance("u1", 0, 9_000, "S2", "I live at 12 Elm Street. The film was cold. This is off the record.")
    iv = Interview(utterances=[u], flags=[
        Flag("f1", 0, 2_000, "pii", "address", action="bleep", text="I live at 12 Elm Street."),
        Flag("f2", 6_000, 9_000, "off-the-record", "off", action="cut", text="This is off the record."),
        Flag("f3", 3_000, 5_000, "sensitive-topic", "cold", action="review", text="The film was cold.")])
    assert public_text(iv, u) == "[withheld] The film was cold. [withheld]"
    iv.flags[1].text = "something the transcript does not say"
    assert public_text(iv, u) is None  # cannot tell which words: the whole line is withheld


# -- the commands -----------------------------------------------------------------------

@pytest.fixture
def stocked(shelf: list[Listed], library_path: Path) -> Path:
    from greenroom.library import Library

    with Library(library_path) as library:
        for item in shelf:
            library.add(item.interview)
    return library_path


def test_guide_and_site_commands(greenroom_at, stocked: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run = greenroom_at(stocked)
    site = tmp_path / "site"
    done = run("site", "-o", str(site))
    assert done.exit_code == 0, done.output
    assert done.output.split()[-1] == str(site / "index.html")
    for name in ("guide.md", "guide.html"):
        done = run("guide", "--theme", "personal", "-o", str(site / name))
        assert done.exit_code == 0 and done.output.split()[-1] == str(site / name)
    parse((site / "guide.html").read_text(encoding="utf-8"))
    guide = (site / "guide.md").read_text(encoding="utf-8")
    assert "## The personal side" in guide and "## Creative process" not in guide
    for iid, ms in re.findall(r"\]\(interviews/([\w-]+)\.html#t-(\d+)\)", guide):
        assert f'id="t-{ms}"' in (site / "interviews" / f"{iid}.html").read_text(encoding="utf-8")


def test_guide_command_errors_are_one_line(greenroom_at, library_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from greenroom.library import Library

    Library(library_path).close()
    run = greenroom_at(library_path)
    for args, problem in ((("-o", str(tmp_path / "g.md")), "the library has no interviews yet"),
                          (("-o", str(tmp_path / "g.pdf")), "the guide is written as .md or .html"),
                          (("-o", str(tmp_path / "s")), None)):
        done = run("site" if problem is None else "guide", *args)
        assert done.exit_code == 1
        message = done.output.strip()
        assert message.startswith("greenroom: error:") and "\n" not in message
        assert problem is None or problem in message
