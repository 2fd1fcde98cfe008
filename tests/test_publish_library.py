"""Publishing a real library end to end, through the commands.

The sample interview transcribed from its audio and analyzed (`analyzed_library`:
word times, an off-the-record flag near 2:08-2:19), two interviews written for the
tests and, when ../shared/corpus is there, a real podcast transcript.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from test_publish_site import actor, analyzed, check_site, musician, parse

from greenroom.model import Interview

TRUE_LINE = "the fear is real"


def stock(path: Path, corpus: Path | None) -> list[Interview]:
    """Add the written interviews (and a corpus one) beside the analyzed sample."""
    from greenroom import formats
    from greenroom.library import Library

    extra = [musician(), actor()]
    if corpus is not None:
        podcast = formats.load(corpus / "transcriptator-podcasts" / "buzzcast.json")
        podcast.title, podcast.published = "Buzzcast: going all in on video", "2023-02-10"
        extra.append(analyzed(podcast))
    with Library(path) as library:
        for iv in extra:
            iv.id = ""
            library.add(iv)
        return [library.get(s.id) for s in library.list()]


@pytest.fixture
def corpus_or_none(request: pytest.FixtureRequest) -> Path | None:
    from conftest import CORPUS

    return CORPUS if CORPUS.is_dir() else None


def test_guide_and_site_of_a_whole_library(greenroom_at, analyzed_library: tuple[Path, str],  # type: ignore[no-untyped-def]
                                           corpus_or_none: Path | None, tmp_path: Path) -> None:
    path, iid = analyzed_library
    interviews = stock(path, corpus_or_none)
    assert len(interviews) == (4 if corpus_or_none else 3)
    run = greenroom_at(path)
    site = tmp_path / "public"
    done = run("site", "-o", str(site), "--url", "https://example.org/studio")
    assert done.exit_code == 0, done.output
    for name in ("guide.html", "guide.md"):
        assert run("guide", "-o", str(site / name)).exit_code == 0
    assert check_site(site, interviews) > 40  # every #t-<ms> link is a real utterance on its page
    guide = parse((site / "guide.html").read_text(encoding="utf-8"))
    assert {"personal", "process", "career", "faq"} <= set(guide.ids)
    text = " ".join(guide.text)
    assert "Tom Hale on Low Tide" in text and "Mara Quinn" in text
    assert "lighthouse was fake" not in text  # off the record never reaches the guide
    page = (site / "interviews" / f"{iid}.html").read_text(encoding="utf-8")
    assert "lighthouse was fake" not in page and "[withheld" in page
    markdown = (site / "guide.md").read_text(encoding="utf-8")
    starts = {iv.id: {u.start for u in iv.utterances} for iv in interviews}
    links = re.findall(r"\]\(interviews/([\w-]+)\.html#t-(\d+)\)", markdown)
    assert links and all(int(ms) in starts[i] for i, ms in links)
    rss = ET.fromstring((site / "feed.xml").read_bytes())
    assert len(rss.findall("channel/item")) == len(interviews)
    feed = json.loads((site / "feed.json").read_text(encoding="utf-8"))
    assert {item["url"] for item in feed["items"]} == {f"https://example.org/studio/interviews/{iv.id}.html"
                                                       for iv in interviews}


def test_quotes_on_the_transcribed_sample(greenroom_at, analyzed_library: tuple[Path, str]) -> None:  # type: ignore[no-untyped-def]
    path, iid = analyzed_library
    run = greenroom_at(path)
    good = run("quote", iid, TRUE_LINE)
    assert good.exit_code == 0 and good.output.startswith("ok\t1:5"), good.output
    off = run("quote", iid, "she thought the lighthouse was fake")
    assert off.exit_code == 1 and "inside a flagged passage: cut (never quoted)" in off.output
    made_up = run("card", iid, "--set", "quote=The fear was fake and nobody cared.")
    assert made_up.exit_code == 1 and "quote 1 refused: not verbatim" in made_up.output
    off_card = run("card", iid, "--set", "quote=My daughter came once.")
    assert off_card.exit_code == 1 and "off-the-record" in off_card.output
    card = json.loads(run("card", iid, "--json").output)
    assert not card["edited"] and len(card["quotes"]) == 3 and all(q["ok"] for q in card["quotes"])
    assert all(q["question"] for q in card["quotes"])


def test_social_kit_for_the_transcribed_sample(greenroom_at, analyzed_library: tuple[Path, str]) -> None:  # type: ignore[no-untyped-def]
    from PIL import Image

    path, iid = analyzed_library
    done = greenroom_at(path)("social", iid)
    assert done.exit_code == 0, done.output
    written = [Path(line.split()[-1]) for line in done.stdout.splitlines()]
    assert all(p.is_file() and p.parent == path.parent / "library-media" / iid / "social" for p in written)
    cards = [p for p in written if p.suffix == ".png"]
    assert len(cards) >= 6
    for card in cards:
        with Image.open(card) as image:
            assert image.size == ((1080, 1080) if card.stem.endswith("square") else (1080, 1920))
    posts = json.loads((written[0].parent / "posts.json").read_text(encoding="utf-8"))["posts"]
    assert all("#LowTide" in p["text"] and p["guest"] == "Tom Hale" for p in posts)
    assert all(not 128_000 <= p["quote"]["start"] <= 139_000 for p in posts)
