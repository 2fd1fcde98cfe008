"""Social kit: a post draft and two quote cards for each moment worth sharing.

For every moment (best first) `draft_posts` takes the most quotable line inside
it that passes the quote check (`greenroom.publish.quotes`: verbatim, unflagged,
meaning kept) and drafts a post: the quote, the guest, the project, the time and
hashtags made from the project, within `POST_LIMIT` characters. A moment with no
passing line is skipped with the reason. `make_kit` writes `posts.md`,
`posts.json` and, per post, a 1080×1080 and a 1080×1920 PNG quote card (Pillow,
from the `publish` extra): the quote wrapped and sized to fit, the guest's name
and the project. Fonts are DejaVu where installed, else Pillow's scalable default.
Every file is written atomically.
"""

from __future__ import annotations

import io
import json
import os
import re
import zlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from greenroom import atomic, timecode
from greenroom.analyze.moments import guest_sentences
from greenroom.errors import InputError
from greenroom.formats.markdown import inert
from greenroom.model import Interview, Quote
from greenroom.publish.guide import guests_of
from greenroom.publish.quotes import QuoteIndex, moment_quote
from greenroom.text.blocklist import is_blocked

POST_LIMIT = 280
SIZES = {"square": (1080, 1080), "story": (1080, 1920)}
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = {"quote": ("DejaVuSerif.ttf", "DejaVuSans.ttf"), "name": ("DejaVuSans-Bold.ttf", "DejaVuSans.ttf"),
         "small": ("DejaVuSans.ttf",)}
QUOTE_SIZES = range(96, 29, -2)  # tried largest first until the quote fits
LINE_HEIGHT = 1.3
# (background, accent, ink, dim): dark grounds, one picked per project so a campaign looks alike
PALETTES = (("#1d2a38", "#f2b544", "#f7f3ea", "#a9b4c0"), ("#2b1d2f", "#f08a5d", "#fbf4ef", "#bfa9c4"),
            ("#15302b", "#7fd1b9", "#f1f7f4", "#9fbcb3"), ("#2e2a24", "#e4572e", "#faf6ef", "#b9b0a3"))


@dataclass
class Post:
    moment: str
    kind: str
    quote: Quote
    question: str
    guest: str
    project: str
    clock: str
    hashtags: list[str]
    text: str
    images: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "quote": self.quote.to_dict()}


@dataclass
class Skipped:
    moment: str
    kind: str
    reason: str


@dataclass
class SocialKit:
    posts: list[Post]
    skipped: list[Skipped]
    files: list[Path]


def hashtags(project: str) -> list[str]:
    """"Low Tide" -> ["#LowTide", "#BehindTheScenes"]: the project as one tag."""
    words = re.findall(r"[^\W_]+", project)
    tag = "".join(w[:1].upper() + w[1:] for w in words)
    return ([f"#{tag}"] if tag and not is_blocked(project) else ["#Interview"]) + ["#BehindTheScenes"]


def post_text(quote: str, guest: str, project: str, clock: str, tags: list[str]) -> str:
    """The post: the quote in double quotes (any quotation inside it turned to single
    ones, as print does), who said it, where, and the tags."""
    about = f" on {project}" if project else ""
    inner = quote.replace("“", "‘").replace("”", "’")
    return f"“{inner}” — {guest}{about} (at {clock})\n\n{' '.join(tags)}"


def _fits(interview: Interview, guest: str, tags: list[str], taken: set[str]) -> Callable[[Quote], bool]:
    """A quote new to the kit whose post stays within `POST_LIMIT`."""
    def fits(q: Quote) -> bool:
        who = interview.speaker_name(q.speaker) or guest
        return q.text not in taken and not is_blocked(q.text) and len(post_text(q.text, who, interview.project, timecode.clock(q.start),
                                                     tags)) <= POST_LIMIT
    return fits


def draft_posts(interview: Interview) -> tuple[list[Post], list[Skipped]]:
    """One post per moment that has a passing quote (best moments first); the
    others are skipped with the reason the check gave."""
    index = QuoteIndex(interview)
    sentences = guest_sentences(interview)
    tags = hashtags(interview.project)
    default_guest = ", ".join(guests_of(interview)) or "the guest"
    posts: list[Post] = []
    skipped: list[Skipped] = []
    for m in sorted(interview.moments, key=lambda m: (-m.score, m.start)):
        fits = _fits(interview, default_guest, tags, {p.quote.text for p in posts})
        check = moment_quote(m, sentences, index, accept=fits)
        if check is None or not check.ok or check.quote is None:
            reason = "; ".join(check.reasons) if check else "no guest line of pull-quote length inside it"
            skipped.append(Skipped(m.id, m.kind, reason))
            continue
        q = check.quote
        who = interview.speaker_name(q.speaker) or default_guest
        clock = timecode.clock(q.start)
        posts.append(Post(m.id, m.kind, q, check.question, who, interview.project, clock, tags,
                          post_text(q.text, who, interview.project, clock, tags)))
    return posts, skipped


# -- quote cards -----------------------------------------------------------------------

@lru_cache(maxsize=256)
def _font(role: str, size: int) -> Any:
    from PIL import ImageFont

    for name in FONTS[role]:
        if (FONT_DIR / name).is_file():
            return ImageFont.truetype(str(FONT_DIR / name), size)
    return ImageFont.load_default(size=size)


def wrap(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Greedy word wrap to `width` pixels; a word too long alone gets a line."""
    lines: list[str] = []
    for word in text.split():
        if lines and measure(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _fit(text: str, width: float, height: float) -> tuple[Any, list[str]]:
    """The largest quote font whose wrapped lines fit the box."""
    for size in QUOTE_SIZES:
        font = _font("quote", size)
        lines = wrap(text, width, font.getlength)
        if len(lines) * size * LINE_HEIGHT <= height and all(font.getlength(x) <= width for x in lines):
            return font, lines
    font = _font("quote", QUOTE_SIZES[-1])
    return font, wrap(text, width, font.getlength)


def quote_card(text: str, guest: str, project: str, size: tuple[int, int], detail: str = "") -> bytes:
    """A PNG quote card: a large opening quote mark, the quote wrapped and sized to
    fit, then the guest's name and the project (and `detail`, e.g. the time)."""
    from PIL import Image, ImageDraw

    width, height = size
    bg, accent, ink, dim = PALETTES[zlib.crc32((project or guest).encode("utf-8")) % len(PALETTES)]
    image = Image.new("RGB", size, bg)
    draw = ImageDraw.Draw(image)
    margin = round(width * 0.09)
    draw.rectangle((margin, margin, margin + 140, margin + 12), fill=accent)
    mark = _font("quote", round(width * 0.2))
    draw.text((margin - 8, margin + 20), "“", font=mark, fill=accent)
    top, footer = margin + round(width * 0.22), 190
    box_h = height - margin - footer - top
    font, lines = _fit(text, width - 2 * margin, box_h)
    line_h = font.size * LINE_HEIGHT
    y = top + max(0.0, (box_h - len(lines) * line_h) / 2) if height > width else top
    for line in lines:
        draw.text((margin, y), line, font=font, fill=ink)
        y += line_h
    base = height - margin - footer + 40
    draw.line((margin, base - 20, width - margin, base - 20), fill=dim, width=2)
    draw.text((margin, base), guest, font=_font("name", 46), fill=ink)
    under = " · ".join(p for p in (project, detail) if p)
    if under:
        draw.text((margin, base + 66), under, font=_font("small", 34), fill=dim)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


# -- the kit --------------------------------------------------------------------------

def posts_markdown(interview: Interview, posts: list[Post], skipped: list[Skipped]) -> str:
    """The drafts as Markdown; what came from the interview is made `inert` (no raw HTML,
    no links), since someone will paste it into a page."""
    out = [f"# Social posts: {inert(interview.title or interview.id)}", ""]
    for number, post in enumerate(posts, start=1):
        out += [f"## {number}. {post.kind} at {post.clock} ({inert(post.moment)})", "", inert(post.text), ""]
        if post.question:
            out += [f"Answering: “{inert(post.question)}”", ""]
        out += [f"Images: {', '.join(post.images.values())}", ""]
    if skipped:
        out += ["## Skipped moments", ""] + [f"- {inert(s.moment)} ({s.kind}): {inert(s.reason)}"
                                             for s in skipped] + [""]
    return "\n".join(out)


def make_kit(interview: Interview, folder: str | os.PathLike[str]) -> SocialKit:
    """Draft the posts and write cards, `posts.md` and `posts.json` into `folder`.

    Raises `InputError` when the interview has no moments (not analyzed) or when
    no moment has a quote that passes the check.
    """
    if not interview.moments:
        raise InputError(interview.id, f"no moments yet: run greenroom analyze {interview.id} first")
    posts, skipped = draft_posts(interview)
    if not posts:
        why = "; ".join(f"{s.moment}: {s.reason}" for s in skipped[:3])
        raise InputError(interview.id, f"no moment has a quote that passes the check ({why})")
    target = Path(folder)
    files: list[Path] = []
    for post in posts:
        for name, size in SIZES.items():
            file = f"quote-{re.sub(r'[^A-Za-z0-9_-]+', '-', post.moment)}-{name}.png"
            png = quote_card(post.quote.text, post.guest, post.project, size, post.clock)
            files.append(atomic.write_bytes(target / file, png))
            post.images[name] = file
    files.append(atomic.write_text(target / "posts.md", posts_markdown(interview, posts, skipped)))
    data = {"interview": interview.id, "title": interview.title, "posts": [p.to_dict() for p in posts],
            "skipped": [asdict(s) for s in skipped]}
    files.append(atomic.write_text(target / "posts.json", json.dumps(data, ensure_ascii=False, indent=2) + "\n"))
    return SocialKit(posts, skipped, files)
