"""Speaker-labelled plain text: the transcripts people type, edit and publish.

Shapes read (one label per paragraph, the rest of the paragraph is speech):
`Name: text`, `Name [00:01:02]: text`, `[00:01:02] Name: text`, `Name: 00:01:02: text`,
`**Name:** text` / `**Name**: text`, and heading lines with the text below them:
`Name (00:01:02)`, `Name (00:01:02):`, `Name:`, `**Name** [00:01:02]`, Otter's
`Speaker 1  0:00`. A paragraph without a label continues the previous speaker as an
utterance of its own (so search times stay fine-grained); a paragraph that starts
with a bare stamp (`00:01:42: text`, `[00:01:42] text`) does the same with a time.

Labels are guessed, so they are checked: a label is a short name (at most four
capitalised words, or "Speaker 1"), and it must recur unless most paragraphs are
labelled, so "Here's the thing: ..." never becomes a speaker. Text before the first
label (a host's intro, show notes) is front matter: its last title-like line becomes
the title, the rest is dropped. After the last turn, a heading-like line followed by
more text ("Related and Recommended") starts back matter, also dropped.

The parser here is shared with `markdown.py`, which adds `#` titles, chapter
headings and a table of contents.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from greenroom import timecode
from greenroom.errors import FormatError
from greenroom.formats.assemble import WORDS_PER_SECOND, Options, Segment, assemble
from greenroom.formats.marks import render_marks, split_marks
from greenroom.model import Chapter, Interview, Mark, Utterance
from greenroom.text.footers import footer

NAME = "text"
log = logging.getLogger(__name__)
EXTENSIONS = ("txt", "text")

STAMP = r"\d{1,2}(?::\d{1,2}){1,2}(?:[.,]\d{1,3})?"
_BRACKETED = rf"[\[(]\s*(?P<b>{STAMP})(?::\d{{1,2}})?\s*[\])]"  # `[1:02:03:04]`: frames ignored
# A stamp opening a paragraph: bracketed, or bare with a separator ("00:01:42: ").
_LEAD = re.compile(rf"^(?:{_BRACKETED}\s*[:\-–—|]?\s*|(?P<t>{STAMP})\s*(?:[:\-–—|]\s+|[:]$|\s+(?=\S)))")
_LEAD_BARE_FULL = re.compile(r"^\d{1,2}:\d{2}:\d{2}")
_TRAIL = re.compile(rf"(?:\s*{_BRACKETED}|\s+(?P<t>{STAMP}))\s*:?\s*$")
_REST_STAMP = re.compile(rf"^(?:{_BRACKETED}\s*:?|(?P<t>{STAMP})\s*(?::|$))\s*")
_BOLD = re.compile(r"^(\*\*|__)(?P<head>[^*_]{1,80}?)\1\s*(?P<rest>.*)$", re.DOTALL)
_COLON = re.compile(r":(?=\s|$)")
_COLON_OR_BRACKET = re.compile(r":(?=\s|$)|[()\[\]]")
# `RZA (Wu-Tang Clan)`: who someone is with, after their name; not a stamp.
_AFFILIATION = re.compile(r"(?<=\S)\s+\((?![\d:.,\s]+\))[^()]{1,40}\)$")
_WORD = re.compile(r"^[\w.'’\-&]+$")
_MARK_STAMP = re.compile(rf"[\[(]\s*[A-Za-z][\w -]{{0,30}}?\s+(?P<t>{STAMP})\s*[\])]")
_QUOTE = re.compile(r"^[\"“](?P<q>.{2,}?)[\"”]\s*[—–-]+\s*(?P<name>[^\"“”—–]{1,40})$")
_NOTE = re.compile(rf"\[({STAMP})\]\s*([^\[]+)")
_UNCLOSED = re.compile(rf"\[([A-Za-z]+ {STAMP})(?=$|[^\]\d:.,]|[.,](?!\d))")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>])")
# What a transcription service signs its export with: never anyone's words.
FOOTER = footer()  # a transcription service's credit line (text/data/footers.toml)
_SENTENCE_END = re.compile(r"[.!?…:;,]['\"”’)\]]*$")

PARTICLES = {"de", "da", "di", "del", "della", "der", "den", "van", "von", "la", "le", "du",
             "bin", "al", "el", "y", "ten", "ter", "of", "the"}
NOT_NAMES = {"note", "notes", "nb", "update", "edit", "edited", "warning", "caution", "tip",
             "example", "source", "sources", "summary", "title", "date", "time", "location",
             "link", "links", "website", "transcript", "episode", "chapter", "chapters", "part",
             "ps", "p.s.", "re", "fwiw", "tl;dr", "tldr", "speakers", "people", "duration",
             "contents", "table of contents", "show notes", "recorded", "published", "length",
             "guests", "quote", "quotes", "credits", "subject", "from", "to", "cc", "sent",
             "http", "https", "www", "i", "and", "but", "so", "then", "now", "yes", "no", "ok"}
MAX_NAME_WORDS = 4
MAX_NAME_CHARS = 40
# A heading label (`Name (00:01:02)`) is a name and a stamp: longer text is none, so a
# long paragraph is not parsed again at each line it gains (that was quadratic).
_MAX_HEADING = 200


@dataclass
class Label:
    """A speaker label found at the start of a paragraph."""

    name: str
    start: int | None
    text: str  # what follows the label; "" for a heading line with the text below


@dataclass
class Para:
    """One paragraph of the file: its first line number and its text."""

    line: int
    text: str
    label: Label | None = None
    stamp: int | None = None  # a bare leading stamp (continuation with a time)
    kind: str = "plain"  # plain, label, stamp, heading (markdown #), item (markdown list)
    raw: str = ""  # the paragraph as written (text loses a leading stamp)


@dataclass
class Parsed:
    """What the shared parser found, before `assemble`."""

    segments: list[Segment]
    title: str = ""
    headings: list[tuple[str, int]] = field(default_factory=list)  # (title, segment index)
    toc: list[tuple[str, int]] = field(default_factory=list)  # (title, start ms)


# -- labels ----------------------------------------------------------------

def is_name(text: str) -> bool:
    """Whether `text` reads as a speaker name: short, capitalised, no sentence punctuation."""
    name = text.strip()
    words = name.split()
    if not words or len(words) > MAX_NAME_WORDS or len(name) > MAX_NAME_CHARS:
        return False
    if name.casefold() in NOT_NAMES or not words[0][0].isupper():
        return False
    for word in words:
        if not _WORD.match(word):
            return False
        if not (word[0].isupper() or word[0].isdigit() or word.casefold() in PARTICLES):
            return False
    return not all(ch.isdigit() for ch in name.replace(" ", ""))


def _ms(stamp: str, line: int | None, path: str) -> int:
    try:
        return timecode.parse(stamp)
    except timecode.TimecodeError as err:
        raise FormatError(path, str(err), line) from None


def _stamp_of(match: re.Match[str]) -> str:
    return match.group("b") or match.group("t")


def _split_head(head: str) -> tuple[str, str | None]:
    """`Name [00:01:02]` -> ("Name", "00:01:02"); a head without a stamp keeps it None."""
    head = head.strip().rstrip(":").strip()
    found = _TRAIL.search(head)
    if found and found.start() > 0:
        return head[:found.start()].strip().rstrip(":").strip(), _stamp_of(found)
    return head, None


def _take_rest_stamp(rest: str) -> tuple[str, str | None]:
    """A stamp right after the label (`Lex: 00:00:59: text`)."""
    found = _REST_STAMP.match(rest)
    if found:
        return rest[found.end():], _stamp_of(found)
    return rest, None


def parse_label(line: str, path: str = "<text>", number: int | None = None) -> Label | None:
    """The speaker label opening `line`, or None; syntax only (recurrence is checked later)."""
    text = line.strip()
    lead = None
    found = _LEAD.match(text)
    if found and (found.group("b") or _lead_bare_ok(text, found)):
        lead, text = _stamp_of(found), text[found.end():]
    head_stamp: str | None
    bold = _BOLD.match(text)
    if bold:
        name, head_stamp = _split_head(bold.group("head"))
        rest = bold.group("rest").strip()
        if rest.startswith(":"):
            rest = rest[1:].lstrip()
        rest, rest_stamp = _take_rest_stamp(rest)
    else:
        colon = _label_colon(text)
        if colon is None:
            return _heading_only(text, lead, path, number)
        name, head_stamp = _split_head(text[:colon])
        rest, rest_stamp = _take_rest_stamp(text[colon + 1:].strip())
    name = _AFFILIATION.sub("", name) if _AFFILIATION.search(name) else name
    if not is_name(name):
        return None
    stamp = lead or head_stamp or rest_stamp
    return Label(" ".join(name.split()), _ms(stamp, number, path) if stamp else None, rest.strip())


def _label_colon(text: str) -> int | None:
    """Where the colon ending a label is: the first one before a space or the end
    that is not inside brackets (`RZA (Wu-Tang: Clan): ...`)."""
    depth = 0
    for found in _COLON_OR_BRACKET.finditer(text[:200]):
        token = found.group()
        if token in "([":
            depth += 1
        elif token in ")]":
            depth = max(0, depth - 1)
        elif depth == 0:
            return found.start()
    late = _COLON.search(text, 200)
    return late.start() if late and depth == 0 else None


def _lead_bare_ok(text: str, found: re.Match[str]) -> bool:
    """A bare leading stamp needs a separator or a full H:MM:SS, so "3:45 in the
    morning" stays speech."""
    after = text[len(found.group("t")):].lstrip()
    return bool(_LEAD_BARE_FULL.match(text)) or after[:1] in (":", "-", "–", "—", "|")


def _heading_only(text: str, lead: str | None, path: str, number: int | None) -> Label | None:
    """`Name (00:01:02)` or Otter's `Speaker 1  0:00`: a name and a time alone on a line."""
    found = _TRAIL.search(text)
    if lead or not found or found.start() == 0:
        return None
    name = text[:found.start()].strip()
    if not is_name(name):
        return None
    return Label(" ".join(name.split()), _ms(_stamp_of(found), number, path), "")


def leading_stamp(text: str, path: str, number: int | None) -> tuple[int, str] | None:
    """A paragraph opening with a stamp and no name: (ms, the text after it)."""
    found = _LEAD.match(text.strip())
    if not found or not (found.group("b") or _lead_bare_ok(text.strip(), found)):
        return None
    return _ms(_stamp_of(found), number, path), text.strip()[found.end():].strip()


# -- paragraphs --------------------------------------------------------------

def _is_wrapped(lines: list[str]) -> bool:
    """Hard-wrapped text (short lines, blank lines between paragraphs) joins its lines;
    otherwise every line is a paragraph (as in transcripts published from the web)."""
    lengths = sorted(len(line) for line in lines if line.strip())
    if not lengths:
        return False
    blanks = sum(1 for line in lines if not line.strip())
    return lengths[int(len(lengths) * 0.9)] <= 100 and blanks >= len(lengths) * 0.1


def _starts_paragraph(line: str, markdown: bool) -> bool:
    stripped = line.strip()
    if markdown and (stripped.startswith("#") or re.match(r"^[-*+]\s", stripped)):
        return True
    try:
        return parse_label(stripped) is not None or leading_stamp(stripped, "", None) is not None
    except FormatError:  # a malformed stamp still starts a paragraph; classify() reports it
        return True


def split_paragraphs(text: str, markdown: bool = False) -> list[Para]:
    """Paragraphs with their first line numbers; labels and stamps always start one."""
    lines = text.splitlines()
    wrapped = markdown or _is_wrapped(lines)
    paras: list[Para] = []
    current: Para | None = None
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line:
            current = None
            continue
        starts = not wrapped or current is None or _starts_paragraph(line, markdown)
        if not starts and current is not None and current.text.startswith("#"):
            starts = True
        if not starts and current is not None and len(current.text) <= _MAX_HEADING \
                and _is_heading_label(current.text):
            starts = True
        if starts:
            current = Para(number, line)
            paras.append(current)
        else:
            assert current is not None
            current.text = f"{current.text} {line}"
    return paras


def _is_heading_label(text: str) -> bool:
    try:
        label = parse_label(text)
    except FormatError:
        return False
    return label is not None and not label.text


# -- the shared parser ---------------------------------------------------------

def classify(paras: list[Para], path: str, markdown: bool) -> None:
    """Mark each paragraph as label, stamp, markdown heading/item or plain speech."""
    for para in paras:
        para.raw = para.text
        if markdown and para.text.startswith("#"):
            para.kind = "heading"
            continue
        label = parse_label(para.text, path, para.line)
        if label is not None:
            para.label, para.kind = label, "label"
            continue
        stamped = leading_stamp(para.text, path, para.line)
        if stamped is not None:
            para.stamp, para.text, para.kind = stamped[0], stamped[1], "stamp"
        elif markdown and re.match(r"^[-*+]\s", para.text):
            para.kind = "item"


def accept_labels(paras: list[Para]) -> None:
    """Keep labels that recur, or all of them when most paragraphs are labelled;
    a label that fails falls back to plain speech."""
    labelled = [p for p in paras if p.label is not None]
    # a heading label's words are the paragraph under it: that pair is one turn (Otter's export)
    speech = [p for i, p in enumerate(paras) if p.kind in ("label", "plain", "stamp")
              and not (i and _heading_label(paras[i - 1]))]
    counts: dict[str, int] = {}
    for para in labelled:
        assert para.label is not None
        key = para.label.name.casefold()
        counts[key] = counts.get(key, 0) + 1
    mostly = len(labelled) >= 0.5 * max(1, len(speech))
    recurring_seen = not any(n >= 2 for n in counts.values())
    for para in labelled:
        assert para.label is not None
        once = counts[para.label.name.casefold()] < 2
        recurring_seen = recurring_seen or not once
        # a one-off label before the first recurring one is a title ("Salt Road: a talk")
        if once and (not mostly or not recurring_seen):
            para.label, para.kind = None, "plain"


def _heading_label(para: Para) -> bool:
    """A label alone on its line (`Speaker 1  0:00`): its words are the next paragraph."""
    return para.label is not None and not para.label.text


def _first_turn(paras: list[Para]) -> int | None:
    """Index of the first labelled paragraph (or stamped one, in a file without names)."""
    for i, para in enumerate(paras):
        if para.kind == "label":
            return i
    stamped = [i for i, p in enumerate(paras) if p.kind == "stamp"]
    speech = [p for p in paras if p.kind in ("plain", "stamp")]
    if len(stamped) >= 3 and len(stamped) >= 0.5 * len(speech):
        return stamped[0]
    return None


def _heading_like(text: str) -> bool:
    """A short title-like line without sentence punctuation: a section heading."""
    words = text.lstrip("#").split()
    if not words or len(words) > 8 or _SENTENCE_END.search(text) or not words[0][0].isupper():
        return False
    capitals = sum(1 for w in words if w[0].isupper() or w.casefold() in PARTICLES | {"and", "for"})
    return capitals >= len(words) / 2


def _back_matter(paras: list[Para], first: int) -> int:
    """Index where back matter starts (len(paras) when there is none)."""
    footer = next((i for i in range(first + 1, len(paras)) if paras[i].kind == "plain" and FOOTER.match(paras[i].text)),
                  None)
    if footer is not None:
        return footer
    last = max(i for i, p in enumerate(paras) if p.kind in ("label", "stamp") or i == first)
    for i in range(last + 1, len(paras) - 1):
        para = paras[i]
        if para.kind == "heading" or (para.kind == "plain" and _heading_like(para.text)):
            return i
    return len(paras)


def _title_of(front: list[Para]) -> str:
    """The title from front matter: a markdown `#` line, else the last title-like line."""
    for para in front:
        if re.match(r"^#\s", para.text):
            return unescape_markdown(para.text.lstrip("#").strip())
    for para in front:  # a podcast's "#602: Guest — Topic" line
        if re.match(r"^#\d+\s*[:.–—-]\s*\S", para.text) and len(para.text.split()) <= 60:
            return para.text.strip()
    for para in reversed(front):
        text = para.text.strip()
        if split_marks(text)[0].strip() == "" or para.kind == "item":
            continue
        if len(text.split()) <= 60 and not re.search(r"[.!?:;,]$", text):
            return re.sub(r"^#+\s+", "", text)
    return ""


def _clean(text: str, markdown: bool) -> str:
    """Speech text: whitespace squashed, markdown reduced to words, and a stamped mark
    left unclosed by the transcriber (`[inaudible 00:04:22.`) closed so it is a mark."""
    text = _UNCLOSED.sub(r"[\1]", text)
    if markdown:
        text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links and images
        text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
        text = unescape_markdown(text)
    return " ".join(text.split())


def unescape_markdown(text: str) -> str:
    """Markdown's backslash escapes taken out (`\\<`, `\\[`, `\\*` ... read as the character)."""
    return _MD_ESCAPE.sub(r"\1", text)


def _toc_entry(text: str, path: str, line: int) -> tuple[str, int] | None:
    """`- [0:59 – Title](link)` or `- 0:59 – Title`: a chapter in a table of contents."""
    body = re.sub(r"^[-*+]\s+", "", text.strip())
    body = re.sub(r"^\[(.*)\]\([^)]*\)$", r"\1", body)
    found = re.match(rf"^[\[(]?(?P<t>{STAMP})[\])]?\s*(?:[–—\-:|]\s*)?(?P<title>\S.*)$", body)
    if not found:
        return None
    return found.group("title").strip(), _ms(found.group("t"), line, path)


def parse_paragraphs(paras: list[Para], path: str, markdown: bool, fmt: str) -> Parsed:
    """From classified paragraphs to segments, title, chapter headings and TOC."""
    first = _first_turn(paras)
    if first is None:
        return _quotes_only(paras, path)
    end = _back_matter(paras, first)
    while first > 0 and paras[first - 1].kind == "heading" and not re.match(r"^#\s", paras[first - 1].text):
        first -= 1  # a chapter heading right above the first turn opens the body
    front, body = paras[:first], paras[first:end]
    parsed = Parsed([], _title_of(front))
    _report_left_out(path, [p for p in front if p.kind in ("plain", "label") and p.text.strip() != parsed.title],
                     "before the first turn: front matter")
    _report_left_out(path, [p for p in paras[end:] if p.kind != "heading"], "after the last turn: back matter")
    parsed.toc = [e for p in front if p.kind == "item" for e in [_toc_entry(p.text, path, p.line)] if e]
    parsed.toc = parsed.toc or _show_notes(paras[:first] + paras[end:], path)
    parsed.segments += _front_marks(front)
    current: str | None = None
    pending: Label | None = None
    for para in body:
        if para.kind == "heading":
            parsed.headings.append((unescape_markdown(para.text.lstrip("#").strip()), len(parsed.segments)))
            continue
        if para.kind == "label":
            assert para.label is not None
            current = para.label.name
            if not para.label.text:
                pending = para.label
                continue
            parsed.segments.append(Segment(_clean(para.label.text, markdown), para.label.start,
                                           speaker=current, line=para.line))
            pending = None
            continue
        start = para.stamp if para.stamp is not None else (pending.start if pending else None)
        pending = None
        text = _clean(para.text, markdown)
        if text:
            parsed.segments.append(Segment(text, start, speaker=current, line=para.line))
    return parsed


def _report_left_out(path: str, paras: list[Para], why: str) -> None:
    """A warning naming the lines of speech-like paragraphs the reader leaves out."""
    if paras:
        lines = f"line {paras[0].line}" if len(paras) == 1 else f"lines {paras[0].line}-{paras[-1].line}"
        log.warning("%s: %s left out (%d paragraph%s %s)", path, lines, len(paras),
                    "" if len(paras) == 1 else "s", why)


def _quotes_only(paras: list[Para], path: str) -> Parsed:
    """A page with no turns but attributed pull quotes (`“...”— Name`): the quotes are
    the only speech it holds, so they become untimed utterances of their speakers."""
    segments: list[Segment] = []
    seen: set[str] = set()
    for para in paras:
        found = _QUOTE.match(para.text.strip())
        if found and is_name(found.group("name")) and found.group("q").strip() not in seen:
            seen.add(found.group("q").strip())
            segments.append(Segment(" ".join(found.group("q").split()), None,
                                    speaker=" ".join(found.group("name").split()), line=para.line))
    if not segments:
        raise FormatError(path, "not a transcript format greenroom reads: no speaker-labelled turns "
                                "(expected lines like 'Name: text' or 'Name [00:01:02]: text')")
    return Parsed(segments, _title_of(paras), toc=_show_notes(paras, path))


def _show_notes(paras: list[Para], path: str) -> list[tuple[str, int]]:
    """Chapters from show notes outside the transcript: `[05:39] Title[11:39] Title...`."""
    for para in paras:
        text = (para.raw or para.text).strip()
        if text.startswith("[") and len(_NOTE.findall(text)) >= 3:
            return [(title.strip(), _ms(stamp, para.line, path)) for stamp, title in _NOTE.findall(text)]
    return []


def _front_marks(front: list[Para]) -> list[Segment]:
    """Paragraphs of nothing but marks before the first turn (intro music) are kept."""
    out = []
    for para in front:
        text, found = split_marks(para.text)
        if found and not text.strip():
            out.append(Segment(para.text.strip(), None, line=para.line))
    return out


def anchor_marks(segments: list[Segment]) -> None:
    """Use stamps inside marks (`[inaudible 01:17:44]`) to pin untimed paragraphs.

    Human transcribers stamp what they could not hear; those are real positions in
    the audio, so they make the estimated times much better. An anchor that would
    go backwards, or past the next real stamp, is ignored; so is one that would
    make the talk since the last anchor implausibly fast or slow (a typo such as
    "00:04:22" for "01:04:22" would squeeze an hour of talk into four minutes).
    """
    floor, words = 0, 0  # the last anchor, and the words said since it
    for i, seg in enumerate(segments):
        if seg.start is not None:
            floor, words = seg.start, len(seg.text.split())
            continue
        found = _MARK_STAMP.search(seg.text)
        if not found:
            words += len(seg.text.split())
            continue
        try:
            at = timecode.parse(found.group("t"))
        except timecode.TimecodeError:
            continue
        words_before = len(seg.text[:found.start()].split())
        start = at - int(words_before / WORDS_PER_SECOND * 1000)
        ceiling = next((s.start for s in segments[i + 1:] if s.start is not None), None)
        plausible = _plausible_rate(words, start - floor)
        if start >= floor and (ceiling is None or start <= ceiling) and plausible:
            seg.start, floor, words = start, start, 0
        words += len(seg.text.split())


ANCHOR_RATES = (0.8, 6.0)  # words per second an anchor may imply since the last one


def _plausible_rate(words: int, elapsed_ms: int) -> bool:
    """Whether `words` said in `elapsed_ms` is speech (few words prove nothing)."""
    if words < 200:
        return True
    low, high = ANCHOR_RATES
    return elapsed_ms > 0 and low <= words * 1000 / elapsed_ms <= high


def set_chapters(interview: Interview, parsed: Parsed) -> None:
    """Chapters from headings (timed by their first turn), else from the table of contents."""
    starts: list[tuple[str, int]] = []
    for title, index in parsed.headings:
        if index < len(parsed.segments) and (not starts or starts[-1][1] != index):
            starts.append((title, parsed.segments[index].start or 0))
    if not starts:
        starts = parsed.toc
    end = interview.duration
    chapters = []
    for i, (title, start) in enumerate(starts):
        stop = starts[i + 1][1] if i + 1 < len(starts) else max(end, start)
        chapters.append(Chapter(start, max(start, stop), title, authored=True))
    interview.chapters = chapters


def _fix_heading_index(parsed: Parsed) -> None:
    """Drop headings that no segment follows before the next heading (empty sections)."""
    kept: list[tuple[str, int]] = []
    for i, (title, index) in enumerate(parsed.headings):
        nxt = parsed.headings[i + 1][1] if i + 1 < len(parsed.headings) else len(parsed.segments)
        if index < nxt:
            kept.append((title, index))
    parsed.headings = kept


def read_transcript(text: str, path: str, fmt: str, markdown: bool) -> Interview:
    """The whole reader, shared by `text` and `md`."""
    paras = split_paragraphs(text, markdown)
    classify(paras, path, markdown)
    accept_labels(paras)
    parsed = parse_paragraphs(paras, path, markdown, fmt)
    if not parsed.segments:
        raise FormatError(path, "speaker labels found but no speech after them")
    anchor_marks(parsed.segments)
    _fix_heading_index(parsed)
    interview = assemble(parsed.segments, path, fmt, Options(), title=parsed.title)
    set_chapters(interview, parsed)
    return interview


# -- the format's interface ----------------------------------------------------

def sniff(text: str, path: str) -> int:
    """2 when most of a sample is labelled turns, 1 for a .txt file, 0 otherwise."""
    head = text[:20000]
    if re.match(r"^\s*(?:[{<]|\[\s*[{\[\"\]]|WEBVTT)", head) or "-->" in head:
        return 0  # JSON, HTML/XML, captions
    paras = split_paragraphs(head)
    labels = [_quiet_label(p.text) for p in paras[:400]]
    names = [lab.name.casefold() for lab in labels if lab is not None]
    recurring = sum(1 for n in names if names.count(n) >= 2)
    if recurring >= 3 or (names and len(names) >= 0.5 * len(paras) and len(names) >= 2):
        return 2
    return 1 if path.lower().endswith((".txt", ".text")) else 0


def _quiet_label(text: str) -> Label | None:
    try:
        return parse_label(text)
    except FormatError:
        return None


def read(text: str, path: str) -> Interview:
    """Read a speaker-labelled text transcript; `FormatError` when it has no labelled turns."""
    return read_transcript(text, path, NAME, markdown=False)


def inline_marks(interview: Interview) -> dict[str, list[Mark]]:
    """Marks placed inside utterances, by utterance id (speaker changes are left out:
    the labels carry them)."""
    out: dict[str, list[Mark]] = {}
    for mark in interview.marks:
        if mark.utterance and mark.kind != "speaker-change":
            out.setdefault(mark.utterance, []).append(mark)
    return out


def shown(mark: Mark) -> str:
    return mark.text or f"[{mark.kind}]"


def with_marks(utterance: Utterance, marks: list[Mark]) -> str:
    """The utterance text with its marks put back where they stood."""
    text = " ".join(utterance.text.split())
    return render_marks(text, [(m.at if m.at is not None else len(text), shown(m)) for m in marks])


def timeline(interview: Interview) -> list[Utterance | Mark]:
    """Utterances and standalone marks in time order (marks before speech at a tie)."""
    loose = [m for m in interview.marks if not m.utterance and m.kind != "speaker-change"]
    items: list[tuple[int, int, int, Utterance | Mark]] = [
        (u.start, 1, i, u) for i, u in enumerate(interview.utterances)]
    items += [(m.start, 0, i, m) for i, m in enumerate(loose)]
    return [item for *_, item in sorted(items, key=lambda t: (t[0], t[1], t[2]))]


def write(interview: Interview) -> str:
    """`Name: text` paragraphs separated by blank lines; no times; marks inline."""
    marks = inline_marks(interview)
    out: list[str] = []
    if interview.title.strip():
        title = " ".join(interview.title.split())
        out.append(f"# {title}" if parse_label(title) or leading_stamp(title, "", None) else title)
    for item in timeline(interview):
        if isinstance(item, Mark):
            out.append(shown(item))
            continue
        name = interview.speaker_name(item.speaker)
        body = with_marks(item, marks.get(item.id, []))
        out.append(f"{name}: {body}" if name else body)
    return "\n\n".join(out) + "\n"
