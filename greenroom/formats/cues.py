"""What SRT and WebVTT share: reading the text inside a cue, and cutting
utterances back into caption-sized cues for export.

Reading: speaker prefixes (`JOHN:` / `John Smith:`) and `- ` dialogue dashes are
conventions of cue *text*, not of either container, so both readers use the same
rules and agree on what a label is. Writing: both writers need the same cue
cutting (two lines of 42 characters, at most 7 seconds) so a transcript exported
to either format has the same cues.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass

from greenroom.formats.assemble import Segment
from greenroom.formats.marks import render_marks
from greenroom.model import Interview, Mark, Utterance

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


@dataclass
class Cue:
    """One caption cue to write; `label` is set on the first cue of an utterance."""

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


def interview_cues(interview: Interview) -> list[Cue]:
    """All cues of an interview in time order: utterances cut to size, standalone marks as cues."""
    by_utterance: dict[str, list[Mark]] = {}
    ids = {u.id for u in interview.utterances}
    standalone: list[Mark] = []
    for mark in interview.marks:
        if mark.utterance in ids and mark.at is not None:
            by_utterance.setdefault(mark.utterance, []).append(mark)  # type: ignore[arg-type]
        else:
            standalone.append(mark)
    cues: list[Cue] = []
    utterances = interview.utterances
    for n, utt in enumerate(utterances):
        following = utterances[n + 1].start if n + 1 < len(utterances) else None
        cues += utterance_cues(utt, by_utterance.get(utt.id, []), speaker_label(interview, utt.speaker),
                               following)
    return _merge_marks(cues, sorted(standalone, key=lambda m: (m.start, m.end)))


def _merge_marks(cues: list[Cue], marks: list[Mark]) -> list[Cue]:
    """Slot standalone-mark cues in by start time, keeping utterance cues in their order."""
    out: list[Cue] = []
    pending = list(marks)
    for cue in cues:
        while pending and pending[0].start < cue.start:
            mark = pending.pop(0)
            out.append(Cue(mark.start, max(mark.start, mark.end), mark_text(mark)))
        out.append(cue)
    out += [Cue(m.start, max(m.start, m.end), mark_text(m)) for m in pending]
    return out


def _tokens(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]


def _token_times(utt: Utterance, tokens: list[tuple[int, int]]) -> list[int]:
    """A start time per token: from word times when they line up, else by characters."""
    if utt.words and len(utt.words) == len(tokens):
        return [w.start for w in utt.words]
    span = max(0, utt.end - utt.start)
    length = max(1, len(utt.text))
    return [utt.start + span * first // length for first, _ in tokens]


def _unsafe_start(text: str) -> bool:
    """Text a reader would mistake for a label, a dialogue dash or a `>>` change at a line start."""
    stripped = text.lstrip()
    return bool(_DASH.match(stripped) or stripped.startswith(("-", "–", "—", ">>"))
                or prefix_of(stripped))


def _cut_points(utt: Utterance, tokens: list[tuple[int, int]], times: list[int],
                forced: set[int], until: int | None) -> list[int]:
    """Token indexes where a new cue starts: when the cue would outgrow two
    lines or 7 seconds, and at each inline mark (so its time survives).

    No cue starts after `until` (the next utterance's start, when they overlap),
    so the file's cues stay in time order.
    """
    cuts = [0]
    for i in range(1, len(tokens)):
        if until is not None and times[i] > until:
            break
        piece = [tokens[j] for j in range(cuts[-1], i + 1)]
        lines = _wrap_widths([utt.text[a:b] for a, b in piece])
        ends = times[i + 1] if i + 1 < len(tokens) else utt.end  # the cue's end if token i joins
        too_long = len(lines) > MAX_LINES or ends - times[cuts[-1]] > MAX_MS
        if (i in forced or too_long) and not _unsafe_start(utt.text[tokens[i][0]:]):
            cuts.append(i)
    return cuts


def _wrap_widths(words: list[str]) -> list[str]:
    """Greedy wrap into lines of at most MAX_CHARS, never starting a line where a
    reader would see a label, a dash or a `>>`."""
    lines: list[str] = []
    for i, word in enumerate(words):
        fits = lines and len(lines[-1]) + 1 + len(word) <= MAX_CHARS
        if lines and (fits or _unsafe_start(" ".join(words[i:i + 5]))):
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def utterance_cues(utt: Utterance, marks: list[Mark], label: str | None,
                   until: int | None = None) -> list[Cue]:
    """Cut one utterance into cues; the label goes on the first only, so readers
    join the unlabelled rest back to it."""
    tokens = _tokens(utt.text)
    if not tokens:
        return []
    times = _token_times(utt, tokens)
    starts = [a for a, _ in tokens]
    mark_tokens = {_token_at(starts, m.at or 0): m for m in marks if 0 < (m.at or 0) < len(utt.text)}
    cuts = _cut_points(utt, tokens, times, set(mark_tokens) - {0}, until)
    begin_times = _cue_starts(utt, cuts, times, mark_tokens)
    cues: list[Cue] = []
    for n, cut in enumerate(cuts):
        stop = cuts[n + 1] if n + 1 < len(cuts) else len(tokens)
        first, last = tokens[cut][0], tokens[stop - 1][1]
        end_char = tokens[stop][0] if stop < len(tokens) else len(utt.text) + 1
        ats = [(min(max(0, m.at or 0), len(utt.text)), mark_text(m)) for m in marks]
        shown = [(max(0, at - first), s) for at, s in ats if first <= at < end_char or (n == 0 and at < first)]
        text = render_marks(utt.text[first:last], shown)
        end = begin_times[n + 1] if n + 1 < len(cuts) else utt.end
        cues.append(Cue(begin_times[n], end, "\n".join(_wrap_widths(text.split())),
                        label if n == 0 else None))
    return cues


def _token_at(starts: list[int], at: int) -> int:
    """The token an inline mark sits before: the first token starting at or after it."""
    return next((i for i, s in enumerate(starts) if s >= at), len(starts) - 1)


def _cue_starts(utt: Utterance, cuts: list[int], times: list[int],
                mark_tokens: dict[int, Mark]) -> list[int]:
    """Start times of the cues, clamped inside the utterance and never going back."""
    out: list[int] = []
    for n, cut in enumerate(cuts):
        want = utt.start if n == 0 else (mark_tokens[cut].start if cut in mark_tokens else times[cut])
        low = out[-1] if out else utt.start
        out.append(min(max(want, low), utt.end))
    return out
