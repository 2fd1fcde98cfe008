"""Social kit: post drafts that pass the quote check, quote cards of the right size, the command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from greenroom import formats, sample
from greenroom.analyze import analyze
from greenroom.capture.roles import assign_roles
from greenroom.model import Chapter, Interview
from greenroom.publish.quotes import check_quote
from greenroom.publish.social import (
    POST_LIMIT,
    SIZES,
    draft_posts,
    hashtags,
    make_kit,
    quote_card,
    wrap,
)

Image = pytest.importorskip("PIL.Image")


def tom() -> Interview:
    iv = formats.load(sample.transcript_path())
    assign_roles(iv, [sample.GUEST], [sample.INTERVIEWER])
    iv.id, iv.title, iv.project = "tom", "Tom Hale on Low Tide", "Low Tide"
    analyze(iv, only=["turns", "off-record", "moments"])
    iv.chapters = [Chapter(0, iv.duration, "All of it")]
    return iv


def test_hashtags_come_from_the_project() -> None:
    assert hashtags("Low Tide") == ["#LowTide", "#BehindTheScenes"]
    assert hashtags("the grand budapest hotel: 10th anniversary") == ["#TheGrandBudapestHotel10thAnniversary",
                                                                      "#BehindTheScenes"]
    assert hashtags("Amélie") == ["#Amélie", "#BehindTheScenes"]
    assert hashtags("") == ["#Interview", "#BehindTheScenes"]


def test_posts_quote_passing_lines_with_guest_project_time_and_tags() -> None:
    iv = tom()
    posts, skipped = draft_posts(iv)
    assert len(posts) >= 3 and len(posts) + len(skipped) == len(iv.moments)
    for post in posts:
        assert check_quote(iv, post.quote).ok
        assert len(post.text) <= POST_LIMIT
        assert f"“{post.quote.text}” — Tom Hale on Low Tide (at {post.clock})" in post.text
        assert post.text.endswith("#LowTide #BehindTheScenes")
    assert len({p.quote.text for p in posts}) == len(posts)
    assert all(s.reason for s in skipped)


def test_wrap_keeps_every_word_within_the_width() -> None:
    lines = wrap("one two three four five six seven", 10, len)
    assert lines == ["one two", "three four", "five six", "seven"]
    assert wrap("unbreakablewordhere ok", 5, len) == ["unbreakablewordhere", "ok"]


@pytest.mark.parametrize("name", sorted(SIZES))
@pytest.mark.parametrize("text", ["Short line.", " ".join(["A quote that goes on and on"] * 6)])
def test_quote_cards_are_images_of_the_right_size(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / "card.png"
    path.write_bytes(quote_card(text, "Tom Hale", "Low Tide", SIZES[name], "1:49"))
    with Image.open(path) as image:
        assert image.format == "PNG" and image.size == SIZES[name]
        low, high = image.convert("L").getextrema()
        assert high - low > 100  # text was drawn on the ground


def test_quote_card_without_system_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from greenroom.publish import social

    monkeypatch.setattr(social, "FONT_DIR", tmp_path / "no-fonts")
    social._font.cache_clear()
    try:
        data = quote_card("Silence is not emptiness, it is listening.", "Tom Hale", "Low Tide", (1080, 1080))
    finally:
        social._font.cache_clear()
    path = tmp_path / "card.png"
    path.write_bytes(data)
    with Image.open(path) as image:
        assert image.size == (1080, 1080)


def test_bigger_text_for_shorter_quotes() -> None:
    from greenroom.publish.social import _fit

    short, _ = _fit("The fear is real.", 900, 600)
    long, lines = _fit(" ".join(["The fear was real every single night of the shoot."] * 4), 900, 600)
    assert short.size > long.size and len(lines) > 2


def test_kit_files(tmp_path: Path) -> None:
    iv = tom()
    kit = make_kit(iv, tmp_path / "kit")
    names = sorted(p.name for p in kit.files)
    assert "posts.md" in names and "posts.json" in names
    assert len([n for n in names if n.endswith(".png")]) == 2 * len(kit.posts)
    data = json.loads((tmp_path / "kit" / "posts.json").read_text(encoding="utf-8"))
    assert [p["moment"] for p in data["posts"]] == [p.moment for p in kit.posts]
    for post in data["posts"]:
        for name, file in post["images"].items():
            with Image.open(tmp_path / "kit" / file) as image:
                assert image.size == SIZES[name]
    assert kit.posts[0].text in (tmp_path / "kit" / "posts.md").read_text(encoding="utf-8")


def test_kit_needs_moments(tmp_path: Path) -> None:
    from greenroom.errors import InputError

    iv = tom()
    iv.moments = []
    with pytest.raises(InputError, match="no moments yet: run greenroom analyze tom first"):
        make_kit(iv, tmp_path)


def test_nothing_greenroom_writes_carries_a_blocked_word() -> None:
    """A guest who swears: the card's lines, pull quotes and social posts hold no
    word from text/data/blocklist.txt (the guest's words stay in the transcript)."""
    from greenroom.analyze.card import analyze_card
    from greenroom.analyze.registry import Context
    from greenroom.text.blocklist import is_blocked

    iv = tom()
    guest = next(s.id for s in iv.speakers if s.name == sample.GUEST)
    for u in iv.utterances:
        if u.speaker == guest:
            u.text = u.text.replace("terrified", "fucking terrified").replace("silence", "fucking silence")
            u.text = u.text.replace("Honestly,", "Honestly, and I mean this, the whole fucking thing scared me.")
    analyze(iv, only=["turns", "off-record", "moments"])
    iv.chapters = [Chapter(0, iv.duration, "All of it")]
    analyze_card(iv, Context())
    assert iv.card is not None
    lines = [*iv.card.learn, iv.card.impact, iv.card.angle, *(q.text for q in iv.card.quotes)]
    posts, _ = draft_posts(iv)
    lines += [p.text for p in posts]
    assert posts and not [line for line in lines if is_blocked(line)]
    assert hashtags("Fucking Great") == ["#Interview", "#BehindTheScenes"]
