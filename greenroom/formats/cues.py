"""What SRT and WebVTT share: reading the text inside a cue, and cutting
utterances back into caption-sized cues for export.

Reading: speaker prefixes (`JOHN:` / `John Smith:`) and `- ` dialogue dashes are
conventions of cue *text*, not of either container, so both readers use the same
rules and agree on what a label is. Writing: both writers need the same cue
cutting so a transcript exported to either format has the same cues, and both
are publishable by default (two lines of 42 characters, 0.7 to 7 seconds, no
lone word, no pause or mark-only cue; see `interview_cues`).
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from greenroom.formats.assemble import Options, Segment
from greenroom.formats.marks import split_marks
from greenroom.model import Interview, Mark, Utterance, ends_sentence

MAX_CHARS = 42
MAX_LINES = 2
MAX_MS = 7000

# -- reading ---------------------------------------------------------------

_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<\d[\d:.,]*>|\{\\[^{}]*\}")
_LABEL_WORD = r"[A-Z0-9][\w.'’&-]*"
_PARTICLE = r"(?:de|da|del|della|der|den|van|von|la|le|du|bin|al|y|of)"
# 1-4 capitalised words (particles allowed inside), then a colon and a space or end of line.
_PREFIX = re.compile(
    rf"^(?P<label>(?=[^\W\d_])(?:{_LABEL_WORD})(?:[ \t]+(?:{_LABEL_WORD}|{_PARTICLE})){{0,3}})"
    r"[ \t]*:(?:[ \t]+|$)(?P<rest>.*)$"
)
_ANONYMOUS = re.compile(r"^(?:speaker|spk|spkr|voice|unknown|guest|host)[ _-]?\w{0,3}$", re.IGNORECASE)
# Words that start "Word: ..." lines in dialogue or notes but never name a speaker.
STOPWORDS = frozenset(["note", "notes", "nb", "ps", "warning", "caution", "example", "examples", "answer", "question", "update", "edit", "tip", "hint", "step", "part", "chapter", "source", "translation", "translator", "subtitles", "subtitle", "captions", "caption", "transcript", "summary", "title", "important", "attention", "disclaimer", "reminder", "look", "listen", "well", "so", "yes", "no", "okay", "ok", "now", "remember", "wait", "see", "rule", "lesson", "location", "date", "time", "scene", "act", "result", "results", "reason", "fact", "quote", "warning", "bonus", "spoiler", "fun", "hey", "oh", "and", "but", "or", "then", "also"])
_DASH = re.compile(r"^[-–—]\s+")


def strip_tags(text: str) -> str:
    """Remove HTML-ish styling (`<i>`, `<font ...>`, `<c.x>`, `<00:01.000>`) and ASS `{\\an8}`."""
    return _TAG.sub("", text)


def unescape(text: str) -> str:
    """WebVTT character references (`&amp;`, `&lt;`, `&nbsp;` ...) to plain characters."""
    return html.unescape(text).replace("\xa0", " ") if "&" in text else text


def prefix_of(line: str) -> tuple[str, str] | None:
    """The `Label: rest` split of a line that starts with a label-shaped prefix, else None."""
    match = _PREFIX.match(line.strip())
    if not match or len(match["label"]) > 40:
        return None
    return " ".join(match["label"].split()), match["rest"]


def _strong(label: str, count: int) -> bool:
    letters = [c for c in label if c.isalpha()]
    shouting = len(letters) >= 2 and label.isupper()
    return count >= 2 or shouting or bool(_ANONYMOUS.match(label))


def accepted_labels(first_lines: list[str], strict: bool = False) -> set[str]:
    """Which label-shaped prefixes at cue starts really name speakers.

    A label that recurs, is ALLCAPS, or reads like `Speaker 1` is a speaker. A
    one-off Capitalised label is one too unless its first word is a word that
    starts ordinary sentences or notes ("Note:", "Look:", "Warning:"), which is
    how captions without speakers use colons. `strict` (a file that already
    names speakers another way, such as WebVTT voices) accepts strong labels only.
    """
    counts = Counter(found[0] for found in map(prefix_of, first_lines) if found)
    accepted = set()
    for label, count in counts.items():
        first_word = label.split()[0].rstrip(".").casefold()
        if _strong(label, count) or (not strict and first_word not in STOPWORDS):
            accepted.add(label)
    return accepted


@dataclass
class Line:
    """One speaker's part of a cue's text; `change` when a dialogue dash opened it."""

    text: str
    speaker: str | None = None
    change: bool = False


def split_dialogue(lines: list[str]) -> list[str] | None:
    """Two or more lines that each start with a dialogue dash are two speakers' lines.

    Returns the lines without their dashes, or None when the cue is not dialogue.
    Only the dash convention is known: who speaks stays unknown, and each line
    becomes its own utterance after a speaker change (assemble's `>>` mark).
    """
    kept = [line for line in lines if line.strip()]
    if len(kept) < 2 or not all(_DASH.match(line.strip()) for line in kept):
        return None
    return [_DASH.sub("", line.strip(), count=1) for line in kept]


def cue_lines(lines: list[str], labels: set[str]) -> list[Line]:
    """Cue text lines (tags already stripped) to speaker parts.

    A label opens a part at the start of the cue, of a dialogue line, or of any
    later line when that label is known from cue starts elsewhere in the file.
    """
    dialogue = split_dialogue(lines)
    if dialogue is not None:
        return [_labelled(line, labels, change=True) for line in dialogue]
    parts: list[Line] = []
    for line in (line.strip() for line in lines):
        if not line:
            continue
        found = prefix_of(line)
        if found and found[0] in labels:
            parts.append(Line(found[1], found[0]))
        elif parts:
            parts[-1].text = f"{parts[-1].text} {line}".strip()
        else:
            parts.append(Line(line))
    return parts


def segments_for(parts: list[Line], start: int, end: int, line: int) -> list[Segment]:
    """One cue's parts to segments, sharing the cue's time by characters when a
    label, voice or dialogue dash splits the cue."""
    total = sum(len(p.text) for p in parts) or 1
    out: list[Segment] = []
    clock = start
    for i, part in enumerate(parts):
        stop = end if i == len(parts) - 1 else clock + (end - start) * len(part.text) // total
        out.append(Segment(part.text, clock, stop, part.speaker, line=line, change=part.change))
        clock = stop
    return out


def _labelled(line: str, labels: set[str], change: bool) -> Line:
    found = prefix_of(line)
    if found and (found[0] in labels or _strong(found[0], 1)):
        return Line(found[1], found[0], change)
    return Line(line, None, change)


# -- writing ---------------------------------------------------------------
#
# Cues are cut per utterance by a shortest-path search over the token
# boundaries (each token considers only the ~40 tokens that can share a cue
# with it), so export is linear in the text; see `_best_cuts`.

MIN_MS = 700
# Marks that say nothing was heard; a caption shows silence by showing nothing.
SILENT_MARKS = frozenset({"pause", "silence"})
# A token is a run of non-space characters in which a bracket group is whole,
# spaces and all: a mask (`[home address]`) or a mark (`[long pause]`) is never split.
_TOKEN = re.compile(r"(?:\[[^\[\]\n]{0,60}\]|[^\s\[]|\[(?![^\[\]\n]{0,60}\]))+")
# Words that belong with the word after them: a line or cue never ends on one if it can help it.
_CLINGS = frozenset(["a", "an", "the", "to", "of", "in", "on", "at", "for", "with", "from", "by", "my",
                     "your", "his", "her", "our", "their", "its", "this", "that", "i", "we", "you"])
_CLAUSE_END = re.compile(r"[,;:—–][\"'”’)\]]*$")
# What a cue costs in the search; the hard limits (lines, width, 7 s) are never traded.
_CUE = 6         # every cue: fewer, fuller cues read better
_SHORT = 1000    # on screen under MIN_MS
_LONE = 1000     # a lone word (or only marks)
_UNSAFE = 400    # opens like a label or a dash, so the speaker's label is written again
_UNSAFE_LINE = 200  # its second line can only open like a label
_LATE = 2000     # starts after the next utterance has begun (cues interleave)
_MID_CLAUSE = 20    # a cut that is not after a sentence (0) or a clause (6)


@dataclass
class Cue:
    """One caption cue to write; `label` is set on the first cue of an utterance
    (and again where the text would otherwise open like someone else's label)."""

    start: int
    end: int
    text: str
    label: str | None = None


def speaker_label(interview: Interview, speaker_id: str | None) -> str | None:
    """The name to write before an utterance.

    The label the file had when the name is just its tidy form (`JOHN SMITH` read
    as John Smith), so a round trip keeps the label; the person's name when
    someone set one (a `SPEAKER_1` identified as Jane Doe).
    """
    speaker = interview.speaker(speaker_id)
    if speaker is None:
        return None
    label = " ".join(speaker.label.split())
    tidy = label.title() if label.isupper() and len(label) > 3 else label
    if speaker.name and speaker.name not in (label, tidy):
        return speaker.name
    return label or speaker.name


def mark_text(mark: Mark) -> str:
    """How a mark shows in caption text: as the source wrote it, else `[Kind]`."""
    if mark.text:
        return mark.text
    return f"[{mark.kind.replace('-', ' ').capitalize()}]"


def interview_cues(interview: Interview, marks: bool = False) -> list[Cue]:
    """All cues of an interview in time order, publishable unless `marks`.

    Every cue holds at most MAX_LINES lines of MAX_CHARS characters (the label
    included) and lasts at most MAX_MS; cuts fall after sentences and clauses
    where they can, with times from word times when the utterance has them,
    else by characters. A cue under MIN_MS or holding a lone word is merged into
    a neighbouring cue of the same speaker, else lengthened into the silence
    around it.

    What a broadcast caption shows of the marks: sound heard *with* the words
    (`[laughs]`, `[applause]` inside an answer) stays in the text where it sits,
    as captions for deaf and hard-of-hearing viewers write it. A pause or a
    silence is never shown (a caption shows silence by showing nothing), and a
    mark standing alone between utterances (a pause, a cough, a sting of music
    found by the detectors) is an editor's cue point, not a caption: neither is
    written. `marks=True` is for editors: every mark is kept, standalone marks
    as cues of their own and inline ones at their exact time (a cue starts
    there), and every utterance keeps its exact span in cues of its own, in
    order (a short cue stays short; speech that overlaps the next utterance stays
    in its last cue), so the file reads back as the transcript it came from.

    When utterances overlap, a cue starts after the next utterance's start only
    when the limits need it (a long turn under an interjection); such a cue is
    labelled again so a reader gives it to the right speaker.

    Text is never dropped (but for a pause or silence mark written into it) nor
    split inside a word or a bracket group, so a mask such as `[address]` that
    the privacy policy wrote always survives whole, even alone.
    """
    by_utterance: dict[str, list[Mark]] = {}
    ids = {u.id for u in interview.utterances}
    standalone: list[Mark] = []
    for mark in interview.marks:
        if mark.utterance in ids and mark.at is not None:
            by_utterance.setdefault(mark.utterance, []).append(mark)  # type: ignore[arg-type]
        else:
            standalone.append(mark)
    pieces: list[_Piece] = []
    utterances = interview.utterances
    for n, utt in enumerate(utterances):
        until = utterances[n + 1].start if n + 1 < len(utterances) else None
        pieces += _utterance_pieces(utt, by_utterance.get(utt.id, []),
                                    speaker_label(interview, utt.speaker), marks, until)
    pieces.sort(key=lambda p: p.start)  # stable: a long turn under an interjection interleaves by time
    if not marks:
        pieces = _merge_small(pieces)
        _fit_times(pieces)
    _relabel(pieces)
    cues = [Cue(p.start, p.end, "\n".join(_layout([t.text for t in p.tokens], p.lead)), p.label)
            for p in pieces]
    if not marks:
        return cues
    return _merge_marks(cues, sorted(standalone, key=lambda m: (m.start, m.end)))


def _merge_marks(cues: list[Cue], marks: list[Mark]) -> list[Cue]:
    """Slot standalone-mark cues in by start time, keeping utterance cues in their order."""
    out: list[Cue] = []
    n = 0
    for cue in cues:
        while n < len(marks) and marks[n].start < cue.start:
            out.append(Cue(marks[n].start, max(marks[n].start, marks[n].end), mark_text(marks[n])))
            n += 1
        out.append(cue)
    out += [Cue(m.start, max(m.start, m.end), mark_text(m)) for m in marks[n:]]
    return out


@dataclass
class _Token:
    """A word (or a mark shown in the text) with the time a cue opening on it starts;
    `cut` when a cue must start here (just after an inline mark, in `marks` mode)."""

    text: str
    time: int
    word: bool = True
    cut: bool = False
    mark: bool = False  # one of the interview's marks, not the utterance's text


@dataclass
class _Piece:
    """A cue before layout: its tokens, times and speaker; `label` is written
    before it, `name` is the speaker's label should it need writing again."""

    tokens: list[_Token]
    start: int
    end: int
    speaker: str | None
    name: str | None
    label: str | None = None
    utterance: str = ""
    opens: bool = True   # the utterance's first cue
    closes: bool = True  # its last

    @property
    def lead(self) -> int:
        return len(self.label) + 2 if self.label else 0

    @property
    def words(self) -> int:
        return sum(t.word for t in self.tokens)


def _is_mark(token: str) -> bool:
    text, found = split_marks(token)
    return bool(found) and not text.strip()


def _silent(token: str) -> bool:
    text, found = split_marks(token)
    return bool(found) and not text.strip() and all(m.kind in SILENT_MARKS for m in found)


def _token_times(utt: Utterance, starts: list[int]) -> list[int]:
    """A start time per token: from word times when they line up, else by characters."""
    if utt.words and len(utt.words) == len(starts):
        return [w.start for w in utt.words]
    span = max(0, utt.end - utt.start)
    length = max(1, len(utt.text))
    return [utt.start + span * first // length for first in starts]


def _utterance_tokens(utt: Utterance, marks: list[Mark], keep_marks: bool) -> list[_Token]:
    """The utterance's words, with its inline marks as tokens where they stand.

    Without `keep_marks`, pause and silence marks (inline or written in the text)
    are left out. With it, a cue starts at the word after an inline mark, at the
    mark's time, so a reader gets the mark's time back.
    """
    found = list(_TOKEN.finditer(utt.text))
    starts = [m.start() for m in found]
    times = _token_times(utt, starts)
    inserts: dict[int, list[Mark]] = {}
    for mark in sorted(marks, key=lambda m: (m.at or 0, m.start)):
        if keep_marks or mark.kind not in SILENT_MARKS:
            inserts.setdefault(bisect_left(starts, mark.at or 0), []).append(mark)
    out: list[_Token] = []
    for i in range(len(found) + 1):
        out += [_Token(mark_text(m), m.start, word=False, mark=True) for m in inserts.get(i, [])]
        if i == len(found) or (not keep_marks and _silent(found[i].group())):
            continue
        forced = keep_marks and i > 0 and i in inserts
        time = inserts[i][-1].start if forced else times[i]
        out.append(_Token(found[i].group(), time, not _is_mark(found[i].group()), forced))
    return out


def _utterance_pieces(utt: Utterance, marks: list[Mark], label: str | None,
                      keep_marks: bool, until: int | None = None) -> list[_Piece]:
    """One utterance cut into cues; the label goes on the first (and wherever the
    text would open like another label), so readers join the rest back to it."""
    tokens = _utterance_tokens(utt, marks, keep_marks)
    if not tokens or not (keep_marks or any(not t.mark for t in tokens)):
        return []  # no text: no mark-only cue unless marks are kept (text, masks included, is always kept)
    clock = [utt.start]
    for token in tokens[1:]:
        clock.append(min(max(token.time, clock[-1]), utt.end))
    clock.append(max(utt.end, clock[-1]))
    unsafe = [i > 0 and _unsafe_start(" ".join(t.text for t in tokens[i:i + 6])) for i in range(len(tokens))]
    late = next((i for i in range(1, len(tokens)) if until is not None and clock[i] > until), len(tokens))
    if keep_marks and late < len(tokens):  # no cue starts after the next utterance does
        cuts = _best_cuts(tokens[:late], clock[:late + 1], unsafe[:late], label)[:-1] + [len(tokens)]
    else:
        cuts = _best_cuts(tokens, clock, unsafe, label, late)
    pieces = []
    for j, k in pairwise(cuts):
        shown = label if j == 0 or unsafe[j] else None
        pieces.append(_Piece(tokens[j:k], clock[j], clock[k], utt.speaker, label, shown, utt.id,
                             j == 0, k == len(tokens)))
    return pieces


def _unsafe_start(text: str) -> bool:
    """Text a reader would mistake for a label, a dialogue dash or a `>>` change at a line start."""
    stripped = text.lstrip()
    return bool(_DASH.match(stripped) or stripped.startswith(("-", "–", "—", ">>"))
                or prefix_of(stripped))


def _best_cuts(tokens: list[_Token], clock: list[int], unsafe: list[bool], label: str | None,
               late: int | None = None) -> list[int]:
    """Token indexes where cues start (and the end), the cheapest way to cut.

    A shortest path over token boundaries: a cue from token j up to k must fit
    MAX_LINES lines of MAX_CHARS (with the label when it carries one) and
    MAX_MS (unless it is one token) and must not run over a forced cut; its
    cost adds `_CUE`, `_SHORT`, `_LONE`, `_UNSAFE`, `_UNSAFE_LINE`, where it
    cuts (`_break_cost`) and `_LATE` for a start at or after token `late` (once
    the next utterance has begun). Only the ~2·MAX_CHARS characters and MAX_MS
    before k can share a cue with it, so this is linear in the tokens (with a
    log for the widths).
    """
    n = len(tokens)
    ends = [0]
    for token in tokens:
        ends.append(ends[-1] + len(token.text) + 1)  # width of tokens[j:k] is ends[k] - ends[j] - 1
    words = [0]
    for token in tokens:
        words.append(words[-1] + token.word)
    safe = [0]
    for i in range(n):
        safe.append(safe[-1] + (not unsafe[i]))
    lead = [len(label) + 2 if label and (i == 0 or unsafe[i]) else 0 for i in range(n)]
    late = n if late is None else late
    opening = [0] + [_UNSAFE * unsafe[j] + _break_cost(tokens[j - 1].text) + _MID_CLAUSE * (not tokens[j].word)
                     + _LATE * (j >= late) for j in range(1, n)]  # what a cue starting at token j costs for where it starts
    first_line = [max(j + 1, bisect_right(ends, ends[j] + MAX_CHARS + 1 - lead[j]) - 1) for j in range(n)]
    any_line = [max(j + 1, bisect_right(ends, ends[j] + MAX_CHARS + 1) - 1) for j in range(n)] + [n]
    best = [0] + [10**18] * n
    back = [0] * (n + 1)
    floor = 0
    for k in range(1, n + 1):
        if tokens[k - 1].cut:
            floor = k - 1
        last_line = bisect_left(ends, ends[k] - MAX_CHARS - 1)  # the earliest start of a last line
        for j in range(k - 1, floor - 1, -1):
            if j < k - 1 and (ends[k] - ends[j] > 2 * MAX_CHARS + 2 or clock[k] - clock[j] > MAX_MS):
                break
            line = first_line[j]
            if line < k and any_line[line] < k:
                continue  # more than two lines
            cost = best[j] + _CUE + opening[j]
            if clock[k] - clock[j] < MIN_MS and not (j == 0 and k == n):
                cost += _SHORT
            if words[k] - words[j] <= 1 and words[n] > 1:
                cost += _LONE
            low = max(j + 1, last_line)
            if line < k and low <= line and safe[line + 1] == safe[low]:
                cost += _UNSAFE_LINE
            if cost < best[k]:
                best[k], back[k] = cost, j
    cuts = [n]
    while cuts[-1] > 0:
        cuts.append(back[cuts[-1]])
    return cuts[::-1]


def _break_cost(before: str) -> int:
    """What a cut after the word `before` costs: nothing after a sentence, a little
    after a clause, most after a word that clings to the next ("the", "to")."""
    if ends_sentence(before):
        return 0
    if _CLAUSE_END.search(before):
        return 6
    return 2 * _MID_CLAUSE if before.casefold() in _CLINGS else _MID_CLAUSE


def _layout(words: list[str], lead: int = 0) -> list[str]:
    """The cue's lines: one when it fits, else the best of the breaks that keep
    both lines within MAX_CHARS (after a clause, even lines, a mark kept with the
    word before it, never opening a line where a reader would see a label, a dash
    or a `>>`); `lead` is the label's width."""
    if lead + sum(len(w) + 1 for w in words) - 1 <= MAX_CHARS or len(words) < 2:
        return [" ".join(words)]
    best: tuple[float, int] | None = None
    for b in range(1, len(words)):
        top, bottom = lead + len(" ".join(words[:b])), len(" ".join(words[b:]))
        over = max(0, top - MAX_CHARS) + max(0, bottom - MAX_CHARS)
        cost = (1000 * over + 100 * _unsafe_start(" ".join(words[b:b + 6])) + _break_cost(words[b - 1])
                + _MID_CLAUSE * _is_mark(words[b]) + abs(top - bottom) / 4)
        if best is None or cost < best[0]:
            best = (cost, b)
    cut = best[1] if best else 1
    return [" ".join(words[:cut]), " ".join(words[cut:])]


def _fits(first: _Piece, second: _Piece) -> bool:
    """Whether two cues fit in one (lines, width and duration)."""
    if max(first.end, second.end) - first.start > MAX_MS:
        return False
    lines = _layout([t.text for t in first.tokens + second.tokens], first.lead)
    return len(lines) <= MAX_LINES and len(lines[0]) + first.lead <= MAX_CHARS and \
        all(len(line) <= MAX_CHARS for line in lines[1:])


def _small(piece: _Piece) -> bool:
    return piece.end - piece.start < MIN_MS or piece.words <= 1


def _merge_small(pieces: list[_Piece]) -> list[_Piece]:
    """Merge a short or lone-word cue into the cue before or after it when both
    are the same speaker's, the words run on (the next cue of one utterance, or
    the first of the next after the last of one; overlapping turns interleave)
    and the two fit in one (cues in time order)."""
    out: list[_Piece] = []
    for piece in pieces:
        prev = out[-1] if out else None
        if prev and _runs_on(prev, piece) and (_small(prev) or _small(piece)) and _fits(prev, piece):
            prev.tokens += piece.tokens
            prev.end, prev.utterance, prev.closes = max(prev.end, piece.end), piece.utterance, piece.closes
        else:
            out.append(piece)
    return out


def _runs_on(prev: _Piece, piece: _Piece) -> bool:
    """Whether `piece`'s words follow `prev`'s as the same speaker said them."""
    if prev.speaker != piece.speaker:
        return False
    return prev.utterance == piece.utterance or (prev.closes and piece.opens)


def _relabel(pieces: list[_Piece]) -> None:
    """Label a cue whose words do not run on from the cue before (overlapping
    utterances interleave) or that follows a silence after which a reader starts
    a new utterance (a one-word cue ended at MAX_MS), so a reader gives it to
    the right speaker, not the wrong one, the wrong utterance or nobody."""
    gap = Options().max_gap_ms
    for prev, piece in pairwise(pieces):
        if piece.label is None and piece.name and (not _runs_on(prev, piece) or piece.start - prev.end > gap):
            piece.label = piece.name


def _fit_times(pieces: list[_Piece]) -> None:
    """Lengthen a cue still under MIN_MS into the silence after it (then before it),
    and end a one-word cue longer than MAX_MS at MAX_MS."""
    for n, piece in enumerate(pieces):
        if piece.end - piece.start > MAX_MS:
            piece.end = piece.start + MAX_MS
        if piece.end - piece.start >= MIN_MS:
            continue
        after = pieces[n + 1].start if n + 1 < len(pieces) else piece.start + MIN_MS
        piece.end = max(piece.end, min(piece.start + MIN_MS, after))
        before = pieces[n - 1].end if n else 0
        piece.start = min(piece.start, max(before, piece.end - MIN_MS))
