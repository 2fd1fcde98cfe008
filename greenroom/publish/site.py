"""A static HTML site for the whole library: index, interview pages, guide, feeds.

`site_files(items, options)` renders every file in memory; `write_site(files,
folder)` writes them into a fresh folder beside `folder` and swaps it in, so a
reader sees the old site or the new one, never half of each. Layout:

    index.html              every interview, newest first, with its angle
    interviews/<id>.html    card, chapters, moments and the transcript; each line
                            carries `id="t-<ms>"` (its start), which guide, card,
                            chapter and moment links point at
    guide.html              the guide (`greenroom.publish.guide`), FAQ included
    guide/<theme>.html      one page per theme
    feed.xml, feed.json     RSS 2.0 and JSON Feed 1.1
    style.css               the one style sheet

Pages need no network and no JavaScript, and every text from an interview is
escaped. What a flag says must not be published is withheld: sentences under a
"cut" or "bleep" flag are replaced by a note on the page (review flags are shown).
The output depends only on the library, so two builds are byte-identical.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path
from typing import Any

from markupsafe import Markup

from greenroom import timecode
from greenroom.errors import GreenroomError, InputError
from greenroom.model import Interview, Utterance
from greenroom.publish.guide import (
    CSS,
    THEMES,
    Entry,
    Guide,
    GuideOptions,
    Listed,
    anchor_owners,
    anchors,
    build_guide,
    card_view,
    flagged,
    page_name,
    quote_anchor,
    render_html,
    year_of,
)
from greenroom.publish.templating import render as fill
from greenroom.text.sentences import split_spans

MARKER = ".greenroom-site"
HIDDEN = ("cut", "bleep")
WITHHELD = "[withheld]"

SITE_CSS = CSS + """.site-nav { font: 14px system-ui, sans-serif; background: var(--soft); border-bottom: 1px solid var(--rule);
  padding: 8px 28px; }
.site-nav a { margin-right: 16px; }
.index-entry { margin: 22px 0; }
.chapters, .moments { padding-left: 22px; font-size: 15px; }
.transcript p { display: grid; grid-template-columns: 4.2em 9em 1fr; gap: 10px; margin: 0; padding: 4px 6px;
  border-left: 3px solid transparent; font-size: 15px; }
.transcript p:target { background: #fff6d6; border-left-color: var(--accent); }
.transcript .time { color: var(--dim); text-decoration: none; }
.transcript .who { font-weight: 600; font-size: 14px; overflow-wrap: anywhere; }
.withheld { color: var(--dim); font-style: italic; }
"""


@dataclass
class SiteOptions:
    """`url` is where the site will live (for the feeds' absolute links); empty
    keeps every link relative. `title` heads the index and the feeds."""

    url: str = ""
    title: str = "Behind the scenes"
    description: str = "Interviews with actors, directors and musicians about their work."

    def __post_init__(self) -> None:
        if self.url and not self.url.endswith("/"):
            self.url += "/"


# -- interview pages ------------------------------------------------------------------

def public_text(interview: Interview, u: Utterance) -> str | None:
    """The utterance's text with every sentence a cut or bleep flag covers replaced
    by "[withheld]"; None when nothing is left to show."""
    flags = [f for f in interview.flags if f.action in HIDDEN and min(u.end, f.end) > max(u.start, f.start)]
    text = u.text
    for flag in flags:
        sentences = [flag.text[b:end] for b, end in split_spans(flag.text)]
        found = [s for s in sentences if s and s in text]
        if not found:
            return None
        for sentence in found:
            text = text.replace(sentence, WITHHELD)
    return None if not re.search(r"\w", text.replace(WITHHELD, "")) else text


def _nav(prefix: str) -> Markup:
    return Markup(fill("_site_nav.html", prefix=prefix).strip())


def _meta(entry: Entry) -> list[tuple[str, str]]:
    iv = entry.interview
    rows = [("Guests", ", ".join(entry.guests)), ("Interviewer", ", ".join(iv.people_named("interviewer"))),
            ("Project", iv.project), ("Recorded", iv.recorded or ""), ("Published", iv.published or ""),
            ("Length", timecode.clock(iv.duration))]
    return [(name, value) for name, value in rows if value]


def _card(entry: Entry) -> dict[str, Any]:
    """The card, its quotes linked to their line on this page."""
    interview = entry.interview
    return card_view(entry, "", href=lambda q: f"#t-{quote_anchor(interview, q)}",
                     who=lambda q: interview.speaker_name(q.speaker))


def _chapters(interview: Interview) -> list[dict[str, Any]]:
    ordered = sorted(interview.utterances, key=lambda u: u.start)
    items = []
    for c in interview.chapters:
        first = next((u for u in ordered if u.end > c.start), None)
        if first:
            items.append({"anchor": first.start, "at": timecode.clock(c.start), "title": c.title})
    return items


def _moments(interview: Interview) -> list[dict[str, Any]]:
    """Moments in time order, each linked to its first line; a flagged one is left out."""
    at = anchors(interview)
    items = []
    for m in sorted(interview.moments, key=lambda m: m.start):
        first = next((u for u in m.utterances if u in at), None)
        if first is None or flagged(interview, m.start, m.end):
            continue
        items.append({"id": m.id, "anchor": at[first], "at": timecode.clock(m.start), "kind": m.kind,
                      "reason": m.reason})
    return items


def _transcript(interview: Interview) -> list[dict[str, Any]]:
    """Each line as published: its text in parts, the withheld ones marked
    (`parts` None when the whole line is withheld)."""
    owners = anchor_owners(interview)
    lines = []
    for u in sorted(interview.utterances, key=lambda u: (u.start, u.end)):
        text = public_text(interview, u)
        parts = None if text is None else [(piece, piece == WITHHELD)
                                           for piece in re.split(f"({re.escape(WITHHELD)})", text) if piece]
        lines.append({"owns": u.id in owners, "start": u.start, "at": timecode.clock(u.start),
                      "who": interview.speaker_name(u.speaker) or u.speaker or "", "parts": parts})
    return lines


def interview_page(entry: Entry) -> str:
    """An interview's page (`templates/site_interview.html`): header, card, chapters,
    moments and the transcript as the privacy policy lets it out."""
    iv = entry.interview
    return fill("site_interview.html", title=iv.title or iv.id, css=Markup(CSS), css_href="../style.css",
                nav=_nav("../"), meta=_meta(entry), the_card=_card(entry), chapters=_chapters(iv),
                moments=_moments(iv), lines=_transcript(iv), iid=iv.id)


# -- index and feeds --------------------------------------------------------------------

def _date(item: Listed) -> datetime | None:
    for value in (item.interview.published, item.interview.recorded, item.added):
        found = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?", value or "")
        if found:
            y, mo, d, h, mi, sec = (int(p) if p else 0 for p in found.groups())
            try:
                return datetime(y, mo, d, h, mi, sec, tzinfo=UTC)
            except ValueError:
                continue
    return None


def _newest_first(items: list[Listed]) -> list[Listed]:
    floor = datetime(1, 1, 1, tzinfo=UTC)
    return sorted(items, key=lambda i: (_date(i) or floor, i.interview.title, i.interview.id), reverse=True)


def index_page(items: list[Listed], guide: Guide, options: SiteOptions) -> str:
    """The site's front page (`templates/site_index.html`): every interview, newest first."""
    by_id = {entry.interview.id: entry for entry in guide.entries}
    rows = []
    for item in _newest_first(items):
        iv = item.interview
        entry = by_id.get(iv.id)
        meta = " · ".join(p for p in (", ".join(entry.guests) if entry else "", iv.project,
                                      str(year_of(item) or "")) if p)
        rows.append({"page": page_name(iv.id), "title": iv.title or iv.id, "meta": meta,
                     "angle": iv.card.angle if iv.card and iv.card.angle else ""})
    themes = [t for t in THEMES if any(s.theme is t for s in guide.sections)]
    return fill("site_index.html", title=options.title, css=Markup(CSS), css_href="style.css", nav=_nav(""),
                intro=guide.intro, themes=themes, rows=rows)


def _summary(item: Listed) -> str:
    card = item.interview.card
    if card is None:
        return item.interview.title or item.interview.id
    return " ".join(p for p in (card.angle, card.impact) if p) or (item.interview.title or "")


def _item_url(options: SiteOptions, interview_id: str) -> str:
    return f"{options.url}interviews/{page_name(interview_id)}"


def rss(items: list[Listed], options: SiteOptions) -> bytes:
    """RSS 2.0: one item per interview, newest first."""
    import xml.etree.ElementTree as ET

    root = ET.Element("rss", version="2.0")
    channel = ET.SubElement(root, "channel")
    for tag, text in (("title", options.title), ("link", f"{options.url}index.html"),
                      ("description", options.description), ("generator", "greenroom")):
        ET.SubElement(channel, tag).text = text
    for item in _newest_first(items):
        node = ET.SubElement(channel, "item")
        ET.SubElement(node, "title").text = item.interview.title or item.interview.id
        ET.SubElement(node, "link").text = _item_url(options, item.interview.id)
        ET.SubElement(node, "guid", isPermaLink="false").text = f"greenroom:{item.interview.id}"
        # RSS readers render a description as HTML: the summary is text, so it is escaped as HTML
        # once here (and as XML by the writer), or a name like "Kit <img onerror=...>" would run
        ET.SubElement(node, "description").text = escape(_summary(item), quote=False)
        when = _date(item)
        if when:
            ET.SubElement(node, "pubDate").text = format_datetime(when)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def json_feed(items: list[Listed], guide: Guide, options: SiteOptions) -> bytes:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""
    by_id = {entry.interview.id: entry for entry in guide.entries}
    feed: dict[str, object] = {"version": "https://jsonfeed.org/version/1.1", "title": options.title,
                               "description": options.description}
    if options.url:
        feed.update(home_page_url=f"{options.url}index.html", feed_url=f"{options.url}feed.json")
    out = []
    for item in _newest_first(items):
        iv = item.interview
        entry = by_id.get(iv.id)
        data: dict[str, object] = {"id": f"greenroom:{iv.id}", "url": _item_url(options, iv.id),
                                   "title": iv.title or iv.id, "content_text": _summary(item)}
        when = _date(item)
        if when:
            data["date_published"] = when.isoformat().replace("+00:00", "Z")
        if entry and entry.guests:
            data["authors"] = [{"name": g} for g in entry.guests]
        if entry and entry.weights:
            data["tags"] = [t.title for t in THEMES if t.key in entry.weights]
        out.append(data)
    feed["items"] = out
    return (json.dumps(feed, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# -- the whole site ----------------------------------------------------------------------

def site_files(items: list[Listed], options: SiteOptions | None = None, where: str = "library") -> dict[str, bytes]:
    """Every file of the site, by relative path. Raises `InputError` for an empty library."""
    options = options or SiteOptions()
    guide = build_guide(items, GuideOptions(title=f"{options.title}: a guide"), where)
    files: dict[str, str | bytes] = {"style.css": SITE_CSS, "index.html": index_page(items, guide, options),
                                     "guide.html": render_html(guide, "interviews/", "style.css", _nav(""))}
    for section in guide.sections:
        if section.theme:
            files[f"guide/{section.theme.key}.html"] = render_html(
                guide, "../interviews/", "../style.css", _nav("../"), keys=[section.theme.key], faq=False)
    for entry in guide.entries:
        files[f"interviews/{page_name(entry.interview.id)}"] = interview_page(entry)
    files["feed.xml"] = rss(items, options)
    files["feed.json"] = json_feed(items, guide, options)
    return {name: data.encode("utf-8") if isinstance(data, str) else data for name, data in files.items()}


def _writable(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise InputError(target, "exists and is not a folder")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).exists():
        raise InputError(target, f"is a folder greenroom did not make (no {MARKER}): choose a new or empty folder")


def _write_all(folder: Path, files: dict[str, bytes]) -> None:
    for name, data in {**files, MARKER: b"made by greenroom site; rebuilt as a whole\n"}.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())


def _swap(fresh: Path, target: Path) -> None:
    if not target.exists():
        os.rename(fresh, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
    os.rename(target, old / "site")
    try:
        os.rename(fresh, target)
    except OSError:
        os.rename(old / "site", target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def write_site(files: dict[str, bytes], folder: str | os.PathLike[str]) -> Path:
    """Write `files` as the folder's whole content: built in a temp folder beside
    it, then swapped in. Refuses (`InputError`) a folder it did not make."""
    target = Path(folder)
    _writable(target)
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        fresh = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent))
    except OSError as err:
        raise GreenroomError(f"{target}: cannot write: {err.strerror or err}") from None
    try:
        _write_all(fresh, files)
        os.chmod(fresh, 0o755)
        _swap(fresh, target)
    except OSError as err:
        shutil.rmtree(fresh, ignore_errors=True)
        raise GreenroomError(f"{target}: cannot write: {err.strerror or err}") from None
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    return target


def build_site(items: list[Listed], folder: str | os.PathLike[str], options: SiteOptions | None = None,
               where: str = "library") -> list[Path]:
    """Render and write the site; returns the paths written (pages, feeds, style)."""
    files = site_files(items, options, where)
    target = write_site(files, folder)
    return [target / name for name in files]
