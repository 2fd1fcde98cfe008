"""A curated guide across the library: themes, cards, linked timestamps, an FAQ.

`build_guide(items, options)` reads interviews (with the date each was added)
and groups them by theme: the personal side, the creative process, career
highlights and challenges. An interview's themes come from what analysis found:
the topics of its questions (turns), the kinds and topics of its moments and the
topics of its chapters; it is listed under every theme it touches, with links to
those passages, and its card (with pull quotes that pass the quote check) under
the theme it touches most. The FAQ gathers the questions interviewers asked,
similar questions from several interviews merged, each with the best answer
excerpt (a quote that passes the check). "Also read" points to interviews that
share a guest, a project, themes or words.

Anything overlapping a flag (off the record, personal data, a sensitive topic) is
left out of links, quotes and the FAQ. Links point at `<base><page>#t-<ms>`, the
anchor of a real utterance on the interview's page (see `greenroom.publish.site`).
`render_markdown` and `render_html` write the guide; output depends only on the
library, so two renders are identical.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from typing import Any

from greenroom import timecode
from greenroom.analyze.card import LABELS, first_clause, stands_alone, without_fillers
from greenroom.analyze.moments import features
from greenroom.analyze.turns import asking_part, content_words, question_text, topic_of
from greenroom.errors import InputError
from greenroom.model import Card, Interview, Moment, Quote, Turn
from greenroom.publish.quotes import QuoteCheck, QuoteIndex, pull_quotes
from greenroom.text.sentences import split_spans

LINKS_PER_ENTRY = 4
ALSO_READ = 3
FAQ_ITEMS = 8
FAQ_SIMILAR = 0.5  # content-word overlap (Jaccard) above which two questions are one
MIN_WEIGHT = 0.3  # less evidence than this and a theme is not claimed


@dataclass(frozen=True)
class Theme:
    key: str
    title: str
    blurb: str
    topics: tuple[str, ...]  # turn topics (greenroom.analyze.turns.TOPICS) that belong to it
    kinds: tuple[str, ...]  # moment kinds that belong to it whatever their topic


THEMES = (
    Theme("personal", "The personal side", "Family, nerves, doubt and what the work felt like.",
          ("personal", "experience"), ("candid", "emotion", "humor")),
    Theme("process", "Creative process", "How the work was made: preparation, craft and the choices behind it.",
          ("craft", "process"), ("craft",)),
    Theme("career", "Career highlights and challenges", "Breaks and setbacks, auditions, the hardest days.",
          ("career",), ()),
)


@dataclass
class Listed:
    """An interview as the library holds it, with the time it was added."""

    interview: Interview
    added: str = ""


@dataclass
class GuideOptions:
    """What to include. `theme` is a theme's key or (part of) its title; `year`
    matches the year recorded, else published, else added; `guest` matches part of
    a guest's name, case-insensitively."""

    theme: str | None = None
    year: int | None = None
    guest: str | None = None
    title: str = "Behind the scenes: a guide"


@dataclass
class Link:
    """A passage on an interview's page: `#t-<ms>` of the utterance it starts in."""

    label: str
    interview: str
    ms: int
    weight: float = 0.0


@dataclass
class Entry:
    interview: Interview
    year: int | None
    guests: list[str]
    weights: dict[str, float]
    links: dict[str, list[Link]]
    quotes: list[QuoteCheck]
    also: list[Interview] = field(default_factory=list)

    @property
    def primary(self) -> str | None:
        return max(self.weights, key=lambda k: (self.weights[k], -THEME_ORDER[k]), default=None)


@dataclass
class Section:
    theme: Theme | None  # None: interviews no theme claims
    entries: list[Entry]


@dataclass
class FaqItem:
    question: str
    asked_of: list[str]  # interview titles
    answer: QuoteCheck
    who: str
    link: Link


@dataclass
class Guide:
    title: str
    intro: str
    sections: list[Section]
    faq: list[FaqItem]
    card_in: dict[str, str]  # interview id -> key of the section that shows its card

    @property
    def entries(self) -> list[Entry]:
        seen: dict[str, Entry] = {}
        for section in self.sections:
            for entry in section.entries:
                seen.setdefault(entry.interview.id, entry)
        return list(seen.values())


THEME_ORDER = {t.key: i for i, t in enumerate(THEMES)}
TOPIC_THEME = {topic: t.key for t in THEMES for topic in t.topics}
KIND_THEME = {kind: t.key for t in THEMES for kind in t.kinds}
OTHERS = "others"


# -- pages and anchors ------------------------------------------------------------

def page_name(interview_id: str) -> str:
    """The file name of an interview's page: its id, made safe for a path."""
    return (re.sub(r"[^A-Za-z0-9._-]+", "-", interview_id).strip(".-") or "interview") + ".html"


def anchors(interview: Interview) -> dict[str, int]:
    """Utterance id -> the ms of the `t-<ms>` anchor its line carries (or shares:
    two utterances starting at the same ms share the first one's anchor)."""
    return {u.id: u.start for u in sorted(interview.utterances, key=lambda u: (u.start, u.end))}


def anchor_owners(interview: Interview) -> set[str]:
    """Ids of the utterances whose line carries the `id="t-<ms>"` attribute."""
    owners: dict[int, str] = {}
    for u in sorted(interview.utterances, key=lambda u: (u.start, u.end)):
        owners.setdefault(u.start, u.id)
    return set(owners.values())


def quote_anchor(interview: Interview, quote: Quote) -> int:
    """The anchor ms of the utterance a quote starts in (that line's `t-<ms>`)."""
    at = anchors(interview)
    if quote.utterance in at:
        return at[quote.utterance or ""]
    before = [u for u in interview.utterances if u.start <= quote.start]
    return max(before, key=lambda u: u.start).start if before else min(at.values(), default=0)


def flagged(interview: Interview, start: int, end: int) -> bool:
    return any(min(end, f.end) > max(start, f.start) for f in interview.flags)


# -- choosing interviews -----------------------------------------------------------

def year_of(item: Listed) -> int | None:
    for value in (item.interview.recorded, item.interview.published, item.added):
        found = re.search(r"\b(1[89]\d\d|2\d\d\d)\b", value or "")
        if found:
            return int(found.group(1))
    return None


def guests_of(interview: Interview) -> list[str]:
    """The guests; with no roles, everyone who is not an interviewer."""
    names = interview.people_named("guest")
    if names:
        return names
    hosts = set(interview.people_named("interviewer"))
    return [n for n in dict.fromkeys(s.display for s in interview.speakers) if n not in hosts]


def find_theme(name: str) -> Theme:
    """A theme by key or by part of its title; raises `InputError` listing them."""
    wanted = " ".join(name.lower().split())
    for theme in THEMES:
        if wanted in (theme.key, theme.title.lower()) or wanted in theme.title.lower():
            return theme
    known = ", ".join(f"{t.key} ({t.title.lower()})" for t in THEMES)
    raise InputError("--theme", f"unknown theme {name!r} (themes: {known})")


def _chosen(items: list[Listed], options: GuideOptions, where: str) -> list[Listed]:
    if not items:
        raise InputError(where, "the library has no interviews yet: import or transcribe some first")
    chosen = [i for i in items if options.year is None or year_of(i) == options.year]
    guest = (options.guest or "").casefold()
    chosen = [i for i in chosen if not guest or any(guest in g.casefold() for g in guests_of(i.interview))]
    if not chosen:
        wanted = [f"year {options.year}" if options.year else "", f"guest {options.guest!r}" if guest else ""]
        raise InputError(where, f"no interview matches {' and '.join(w for w in wanted if w)}")
    return chosen


# -- evidence: which themes an interview touches, and where ---------------------------

def _turn_of(interview: Interview) -> dict[str, Turn]:
    return {uid: t for t in interview.turns for uid in t.answer + t.question}


def _span_of(interview: Interview, ids: list[str]) -> tuple[int, int]:
    found = [u for u in interview.utterances if u.id in ids]
    return (min(u.start for u in found), max(u.end for u in found)) if found else (0, 0)


def _question(interview: Interview, turn: Turn) -> str:
    asked = asking_part(question_text(interview, turn))
    return short(asked[-1] if asked else question_text(interview, turn))


def short(text: str, limit: int = 140) -> str:
    """`text` on one line, cut at a word with an ellipsis when longer than `limit`."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def _moment_themes(moment: Moment, turn_of: dict[str, Turn]) -> list[str]:
    """Every theme a moment speaks to: by its kind (candid is personal, craft is
    process), by the topic of its own words and by the question it answers."""
    turn = next((turn_of[u] for u in moment.utterances if u in turn_of), None)
    found = [KIND_THEME.get(moment.kind), TOPIC_THEME.get(topic_of(str(moment.evidence.get("text", "")))),
             TOPIC_THEME.get(turn.topic if turn else "")]
    return list(dict.fromkeys(t for t in found if t))


def _opening(text: str) -> str:
    """The first clause of the first sentence that stands alone ("Thank you." and "I
    liked them a lot" are skipped), or "" when none does."""
    for begin, end in split_spans(text):
        clause = without_fillers(first_clause(text[begin:end]))
        if stands_alone(clause):
            return clause
    return ""


def _moment_links(interview: Interview, at: dict[str, int]) -> list[tuple[str, Link]]:
    turn_of = _turn_of(interview)
    out = []
    for m in interview.moments:
        first = next((u for u in m.utterances if u in at), None)
        opening = _opening(str(m.evidence.get("text", "")))
        if first is None or not opening or flagged(interview, m.start, m.end):
            continue
        label = f"{LABELS.get(m.kind, m.kind.title())}: {opening}"
        out += [(theme, Link(label, interview.id, at[first], m.score)) for theme in _moment_themes(m, turn_of)]
    return out


def _turn_links(interview: Interview, at: dict[str, int]) -> list[tuple[str, Link]]:
    out = []
    for turn in interview.turns:
        theme = TOPIC_THEME.get(turn.topic)
        start, end = _span_of(interview, turn.question + turn.answer)
        first = next((u for u in turn.question if u in at), None)
        if theme and first and not flagged(interview, start, end):
            out.append((theme, Link(f"“{_question(interview, turn)}”", interview.id, at[first], 0.5)))
    return out


def _chapter_links(interview: Interview, at: dict[str, int]) -> list[tuple[str, Link]]:
    out = []
    starts = sorted(interview.utterances, key=lambda u: u.start)
    for chapter in interview.chapters:
        theme = TOPIC_THEME.get(topic_of(" ".join([chapter.title, *chapter.keywords])))
        first = next((u for u in starts if u.end > chapter.start), None)
        if theme and first and not flagged(interview, first.start, first.end):
            out.append((theme, Link(f"Chapter: {chapter.title}", interview.id, at[first.id], 0.3)))
    return out


def _evidence(interview: Interview) -> tuple[dict[str, float], dict[str, list[Link]]]:
    at = anchors(interview)
    weights: dict[str, float] = {}
    links: dict[str, list[Link]] = {}
    for theme, link in _moment_links(interview, at) + _turn_links(interview, at) + _chapter_links(interview, at):
        weights[theme] = weights.get(theme, 0.0) + link.weight
        links.setdefault(theme, []).append(link)
    claimed = {k: w for k, w in weights.items() if w >= MIN_WEIGHT}
    return claimed, {k: _best_links(v) for k, v in links.items() if k in claimed}


def _best_links(links: list[Link]) -> list[Link]:
    """The strongest few, one per anchor, in time order."""
    best: dict[int, Link] = {}
    for link in sorted(links, key=lambda x: -x.weight):
        if link.ms not in best and len(best) < LINKS_PER_ENTRY:
            best[link.ms] = link
    return sorted(best.values(), key=lambda x: x.ms)


def _entry(item: Listed) -> Entry:
    weights, links = _evidence(item.interview)
    return Entry(item.interview, year_of(item), guests_of(item.interview), weights, links,
                 pull_quotes(item.interview, 3))


# -- also read ----------------------------------------------------------------------

def _words(entry: Entry) -> set[str]:
    iv = entry.interview
    card = iv.card or Card()
    text = " ".join([iv.title, iv.project, card.angle, *card.learn, *(k for c in iv.chapters for k in c.keywords)])
    return content_words(text)


def _relatedness(a: Entry, b: Entry, words: dict[str, set[str]]) -> float:
    guests = {g.casefold() for g in a.guests} & {g.casefold() for g in b.guests}
    project = bool(a.interview.project) and a.interview.project.casefold() == b.interview.project.casefold()
    themes = set(a.weights) & set(b.weights)
    wa, wb = words[a.interview.id], words[b.interview.id]
    overlap = len(wa & wb) / max(1, len(wa | wb))
    return 3.0 * bool(guests) + 2.0 * project + 0.5 * len(themes) + 2.0 * overlap


def _link_also(entries: list[Entry]) -> None:
    words = {e.interview.id: _words(e) for e in entries}
    for entry in entries:
        scored = [(_relatedness(entry, other, words), other.interview.title, other) for other in entries
                  if other is not entry]
        ranked = sorted((s for s in scored if s[0] > 0), key=lambda s: (-s[0], s[1]))
        entry.also = [other.interview for _, _, other in ranked[:ALSO_READ]]


# -- FAQ ---------------------------------------------------------------------------

@dataclass
class _Asked:
    interview: Interview
    turn: Turn
    question: str
    words: set[str]


def _asked(entries: list[Entry], theme: Theme | None) -> list[_Asked]:
    out = []
    for entry in entries:
        iv = entry.interview
        for turn in iv.turns:
            start, end = _span_of(iv, turn.question + turn.answer)
            if flagged(iv, start, end) or (theme and turn.topic not in theme.topics) or not turn.answer:
                continue
            question = _question(iv, turn)
            words = content_words(question)
            if words:
                out.append(_Asked(iv, turn, question, words))
    return out


def _similar(a: set[str], b: set[str]) -> bool:
    return len(a & b) / max(1, len(a | b)) >= FAQ_SIMILAR


def _answer(asked: _Asked, index: QuoteIndex) -> tuple[float, QuoteCheck] | None:
    """The answer's most quotable passing excerpt (a sentence or two), scored."""
    iv = asked.interview
    moments = [m for m in iv.moments if set(m.utterances) & set(asked.turn.answer)]
    candidates: list[tuple[float, Quote]] = []
    for u in (u for u in iv.utterances if u.id in asked.turn.answer):
        spans = split_spans(u.text)
        for i, (begin, end) in enumerate(spans):
            for stop in (end, spans[i + 1][1] if i + 1 < len(spans) else None):
                text = u.text[begin:stop] if stop else ""
                if 6 <= len(text.split()) <= 40:
                    candidates.append((features(text)[0]["quotable"], Quote(text, u.start, u.end, u.speaker, u.id)))
    for score, quote in sorted(candidates, key=lambda c: -c[0]):
        check = index.check(quote)
        if check.ok:
            return score + max((m.score for m in moments), default=0.0), check
    return None


def _faq(entries: list[Entry], theme: Theme | None) -> list[FaqItem]:
    clusters: list[list[_Asked]] = []
    for asked in _asked(entries, theme):
        home = next((c for c in clusters if _similar(c[0].words, asked.words)), None)
        if home is None:
            clusters.append([asked])
        else:
            home.append(asked)
    indexes = {e.interview.id: QuoteIndex(e.interview) for e in entries}
    items: list[tuple[tuple[int, int, float], FaqItem]] = []
    for cluster in clusters:
        answers = [(a, _answer(a, indexes[a.interview.id])) for a in cluster]
        scored = [(found[0], a, found[1]) for a, found in answers if found]
        if not scored:
            continue
        score, asked, check = max(scored, key=lambda s: s[0])
        titles = list(dict.fromkeys(a.interview.title or a.interview.id for a in cluster))
        quote = check.quote or Quote("", 0, 0)
        ms = quote_anchor(asked.interview, quote)
        link = Link(timecode.clock(ms), asked.interview.id, ms)
        item = FaqItem(cluster[0].question, titles, check, asked.interview.speaker_name(quote.speaker), link)
        rank = (-len(titles), 0 if asked.turn.kind == "open" else 1, -score)
        items.append((rank, item))
    return [item for _, item in sorted(items, key=lambda x: x[0])[:FAQ_ITEMS]]


# -- the guide ----------------------------------------------------------------------

def _intro(entries: list[Entry], options: GuideOptions, theme: Theme | None) -> str:
    guests = list(dict.fromkeys(g for e in entries for g in e.guests))
    projects = list(dict.fromkeys(e.interview.project for e in entries if e.interview.project))
    years = sorted({e.year for e in entries if e.year})
    count = f"{len(entries)} interview{'s' if len(entries) != 1 else ''}"
    others = sum(1 for e in entries if not e.interview.project)  # a project names only its own interviews
    # "from Low Tide and 29 others" read as 29 more projects; these are interviews that name none
    about = _names(projects) + (f" (and {others} interview{'s' if others != 1 else ''} naming no project)"
                                if others and projects else "")
    parts = [f"{count} with {_names(guests) or 'guests'}" + (f", from {about}" if projects else "") + "."]
    if years:
        parts.append(f"From {years[0]}." if len(years) == 1 else f"From {years[0]} to {years[-1]}.")
    scope = f"on {theme.title.lower()}" if theme else "by theme: " + ", ".join(t.title.lower() for t in THEMES)
    parts.append(f"Grouped {scope}; each interview comes with its card, pull quotes checked against the "
                 "transcript and links to the moments themselves. The FAQ collects the questions interviewers "
                 "asked, with the best answer.")
    return " ".join(parts)


def _names(names: list[str], limit: int = 6) -> str:
    shown = names[:limit] + ([f"{len(names) - limit} more"] if len(names) > limit else [])
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1] if shown else ""


def _sections(entries: list[Entry], theme: Theme | None) -> list[Section]:
    themes = [theme] if theme else list(THEMES)
    sections = []
    for t in themes:
        inside = sorted((e for e in entries if t.key in e.weights),
                        key=lambda e: (-e.weights[t.key], e.interview.title, e.interview.id))
        if inside:
            sections.append(Section(t, inside))
    if not theme:
        rest = [e for e in entries if not e.weights]
        if rest:
            sections.append(Section(None, sorted(rest, key=lambda e: (e.interview.title, e.interview.id))))
    return sections


def _card_homes(sections: list[Section]) -> dict[str, str]:
    """Each interview's card is shown once: under its main theme when that is in
    the guide, else in the first section that lists it."""
    keys = [s.theme.key if s.theme else OTHERS for s in sections]
    homes: dict[str, str] = {}
    for section, key in zip(sections, keys):
        for entry in section.entries:
            main = entry.primary
            if entry.interview.id not in homes:
                homes[entry.interview.id] = main if main in keys else key
    return homes


def build_guide(items: list[Listed], options: GuideOptions | None = None, where: str = "library") -> Guide:
    """The guide for the interviews `options` choose. Raises `InputError` (naming
    `where`) when the library is empty or nothing matches, and for an unknown theme."""
    options = options or GuideOptions()
    theme = find_theme(options.theme) if options.theme else None
    chosen = _chosen(items, options, where)
    entries = [_entry(item) for item in chosen]
    sections = _sections(entries, theme)
    if not sections:
        raise InputError(where, f"no interview touches on {theme.title.lower() if theme else 'anything'} yet "
                                "(run greenroom analyze on them first)")
    listed = [e for s in sections for e in s.entries]
    unique = list({e.interview.id: e for e in listed}.values())
    _link_also(unique)
    return Guide(options.title, _intro(unique, options, theme), sections, _faq(unique, theme), _card_homes(sections))


# -- rendering ------------------------------------------------------------------------

def e(value: object) -> str:
    return escape(str(value), quote=True)


def md(value: object) -> str:
    """Text safe inside Markdown: its syntax characters backslash-escaped."""
    return re.sub(r"([\\`*_\[\]<>#|!])", r"\\\1", " ".join(str(value).split()))


def _href(base: str, interview_id: str, ms: int | None = None) -> str:
    return f"{base}{page_name(interview_id)}" + (f"#t-{ms}" if ms is not None else "")


def _meta(entry: Entry) -> str:
    parts = [", ".join(entry.guests), entry.interview.project, str(entry.year or "")]
    return " · ".join(p for p in parts if p)


def _section_key(section: Section) -> str:
    return section.theme.key if section.theme else OTHERS


def _section_title(section: Section) -> str:
    return section.theme.title if section.theme else "More interviews"


def _section_blurb(section: Section) -> str:
    return section.theme.blurb if section.theme else "Interviews no theme claims yet (not analyzed, or too short)."


def _quote_who(entry: Entry, quote: Quote) -> str:
    return entry.interview.speaker_name(quote.speaker) or ", ".join(entry.guests)


def _theme_title(key: str) -> str:
    return next((t.title for t in THEMES if t.key == key), "More interviews")


# Markdown

def render_markdown(guide: Guide, base: str = "interviews/") -> str:
    """The guide as Markdown; links go to `<base><page>.html#t-<ms>`."""
    out = [f"# {md(guide.title)}", "", md(guide.intro), ""]
    out += [f"- [{md(_section_title(s))}](#{_section_key(s)}) ({len(s.entries)})" for s in guide.sections]
    out += ["- [Frequently asked](#faq)" if guide.faq else "", ""]
    for section in guide.sections:
        out += [f'<a id="{_section_key(section)}"></a>', "", f"## {md(_section_title(section))}", "",
                f"*{md(_section_blurb(section))}*", ""]
        for entry in section.entries:
            out += _md_entry(guide, section, entry, base)
    out += _md_faq(guide, base)
    return "\n".join(out).rstrip() + "\n"


def _md_entry(guide: Guide, section: Section, entry: Entry, base: str) -> list[str]:
    iv = entry.interview
    out = [f"### [{md(iv.title or iv.id)}]({_href(base, iv.id)})", "", f"*{md(_meta(entry))}*", ""]
    if guide.card_in.get(iv.id) == _section_key(section):
        out += _md_card(entry, base)
    else:
        out += [f"Card: see {md(_theme_title(guide.card_in.get(iv.id, OTHERS)))}.", ""]
    links = entry.links.get(_section_key(section), [])
    out += [f"- [{timecode.clock(link.ms)}]({_href(base, iv.id, link.ms)}) {md(link.label)}" for link in links]
    if entry.also:
        also = ", ".join(f"[{md(o.title or o.id)}]({_href(base, o.id)})" for o in entry.also)
        out += ["", f"Also read: {also}"]
    return out + [""]


def _md_card(entry: Entry, base: str) -> list[str]:
    card = entry.interview.card
    if card is None:
        return [f"*No card yet: run `greenroom analyze {md(entry.interview.id)}`.*", ""]
    out = (["**What you'll learn**", ""] + [f"- {md(item)}" for item in card.learn] + [""]) if card.learn else []
    out += [f"**Impact.** {md(card.impact)}", ""] if card.impact else []
    out += [f"**Angle.** {md(card.angle)}", ""] if card.angle else []
    for check in entry.quotes:
        q = check.quote or Quote("", 0, 0)
        href = _href(base, entry.interview.id, quote_anchor(entry.interview, q))
        out += [f"> “{md(q.text)}”", f"> — {md(_quote_who(entry, q))}, [{timecode.clock(q.start)}]({href})", ""]
    return out


def _md_faq(guide: Guide, base: str) -> list[str]:
    if not guide.faq:
        return []
    out = ['<a id="faq"></a>', "", "## Frequently asked", ""]
    for item in guide.faq:
        q = item.answer.quote or Quote("", 0, 0)
        href = _href(base, item.link.interview, item.link.ms)
        out += [f"### {md(item.question)}", "", f"*Asked in {md(_names(item.asked_of))}.*", "",
                f"> “{md(q.text)}”", f"> — {md(item.who)}, [{timecode.clock(q.start)}]({href})", ""]
    return out


# HTML

CSS = """:root { --ink: #1f2328; --dim: #5f6873; --rule: #d8dde3; --soft: #f4f6f8; --accent: #7a3b2e; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 16px/1.55 Georgia, "Iowan Old Style", "Times New Roman", serif; }
main { max-width: 860px; margin: 0 auto; padding: 28px 28px 56px; }
h1, h2, h3, nav, .meta, cite, footer, .links, .also, .toc, .note, .badge, .time, .who, table {
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 30px; margin: 0 0 8px; }
h2 { font-size: 21px; margin: 40px 0 6px; padding-bottom: 4px; border-bottom: 2px solid var(--accent); }
h3 { font-size: 18px; margin: 26px 0 2px; }
a { color: var(--accent); }
.intro { font-size: 17px; }
.blurb { color: var(--dim); font-style: italic; margin-top: 0; }
.meta { color: var(--dim); font-size: 14px; margin: 0 0 8px; }
.toc ul { padding-left: 20px; margin: 6px 0; }
.card { background: var(--soft); border-radius: 8px; padding: 10px 18px 6px; margin: 8px 0 10px; }
.card h4 { margin: 8px 0 2px; font: 600 14px system-ui, sans-serif; color: var(--dim);
  text-transform: uppercase; letter-spacing: .04em; }
.card ul { margin: 4px 0 8px; padding-left: 20px; }
blockquote { margin: 10px 0; padding: 2px 0 2px 14px; border-left: 3px solid var(--accent); font-size: 17px; }
cite { display: block; font-size: 13px; color: var(--dim); font-style: normal; margin-top: 2px; }
.links { list-style: none; padding-left: 0; font-size: 14px; margin: 8px 0; }
.links li { margin: 2px 0; }
.links a, .time { font-variant-numeric: tabular-nums; }
.also, .note { font-size: 14px; color: var(--dim); }
.faq blockquote { font-size: 16px; }
footer { margin-top: 48px; color: var(--dim); font-size: 12px; }
@media print { a { color: inherit; text-decoration: none; } main { max-width: none; } }
"""


def render_html(guide: Guide, base: str = "interviews/", css_href: str | None = None, nav: str = "",
                keys: list[str] | None = None, faq: bool = True) -> str:
    """The guide as one HTML document (`templates/guide.html`). `keys` limits it to
    some sections (a theme page of the site, which then shows every entry's card)."""
    from markupsafe import Markup

    from greenroom.publish.templating import render as fill

    sections = [s for s in guide.sections if keys is None or _section_key(s) in keys]
    return fill("guide.html", title=guide.title, css=Markup(CSS), css_href=css_href, nav=Markup(nav), guide=guide,
                sections=[_section_view(guide, s, base, every_card=keys is not None) for s in sections],
                faq=_faq_view(guide, base) if faq else [], count=len(guide.entries))


def _section_view(guide: Guide, section: Section, base: str, every_card: bool) -> dict[str, Any]:
    key = _section_key(section)
    return {"key": key, "title": _section_title(section), "blurb": _section_blurb(section),
            "entries": [_entry_view(guide, key, entry, base, every_card) for entry in section.entries]}


def _entry_view(guide: Guide, key: str, entry: Entry, base: str, every_card: bool) -> dict[str, Any]:
    """One entry of a section: its card is shown where it lives (or everywhere on a
    theme page), elsewhere a note points at it."""
    iv = entry.interview
    home = guide.card_in.get(iv.id)
    shown = every_card or home == key
    return {"id": iv.id, "slug": page_name(iv.id)[:-5], "href": _href(base, iv.id), "title": iv.title or iv.id,
            "meta": _meta(entry), "card": card_view(entry, base) if shown else None, "card_id": home == key,
            "card_home": _theme_title(home or OTHERS),
            "links": [{"href": _href(base, iv.id, link.ms), "at": timecode.clock(link.ms), "label": link.label}
                      for link in entry.links.get(key, [])],
            "also": [{"href": _href(base, o.id), "title": o.title or o.id} for o in entry.also]}


def card_view(entry: Entry, base: str, href: Callable[[Quote], str] | None = None,
              who: Callable[[Quote], str] | None = None) -> dict[str, Any]:
    """The card as `templates/_card.html` draws it; `{"missing": True}` without one.
    Quotes link to `href(quote)` and name `who(quote)` (the guide's own by default)."""
    card = entry.interview.card
    if card is None:
        return {"missing": True}
    link = href or (lambda q: _href(base, entry.interview.id, quote_anchor(entry.interview, q)))
    name = who or (lambda q: _quote_who(entry, q))
    quotes = [check.quote or Quote("", 0, 0) for check in entry.quotes]
    return {"missing": False, "learn": card.learn, "impact": card.impact, "angle": card.angle,
            "quotes": [{"text": q.text, "who": name(q), "href": link(q), "at": timecode.clock(q.start),
                        "asked": short(check.question) if check.question else ""}
                       for q, check in zip(quotes, entry.quotes, strict=True) if href is None or check.quote]}


def _faq_view(guide: Guide, base: str) -> list[dict[str, Any]]:
    items = []
    for item in guide.faq:
        q = item.answer.quote or Quote("", 0, 0)
        items.append({"question": item.question, "asked_in": _names(item.asked_of),
                      "quote": {"text": q.text, "who": item.who, "href": _href(base, item.link.interview, item.link.ms),
                                "at": timecode.clock(q.start), "asked": ""}})
    return items


def render(guide: Guide, fmt: str, base: str = "interviews/") -> str:
    """Markdown ("md") or HTML ("html")."""
    return render_markdown(guide, base) if fmt == "md" else render_html(guide, base)


FORMATS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}


def format_of(path: str) -> str:
    """"md" or "html" from the output's extension; raises `InputError` otherwise."""
    suffix = path[path.rfind("."):].lower() if "." in path.rsplit("/", 1)[-1] else ""
    if suffix not in FORMATS:
        raise InputError(path, "the guide is written as .md or .html; name the output accordingly")
    return FORMATS[suffix]
