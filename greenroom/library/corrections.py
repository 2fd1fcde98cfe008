"""Correcting what a line says while keeping its timing, and taking a correction back.

`retime(old_words, new_text, start, end)` aligns the new words to the old ones
(difflib over casefolded tokens without their punctuation): a word that stayed keeps
its times; words that replaced others share the replaced words' span evenly; words
inserted between two others share the gap between them (or, with no gap, split the
time of the word before them). A line without word times keeps none: its words are
estimated from its characters wherever they are shown.

Where the media exists, `retime_from_audio` then times the line from what the speech
model hears in it (the studio queues it as a background job after each correction).

`correct(library, interview_id, utterance_id, text, user)` stores the corrected line
and what it replaced in one transaction; `undo(library, interview_id, user)` puts
the last correction not yet undone back, refusing (`EditError`) when the line was
changed again since. The web studio and `greenroom correct` both call these.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Any

from greenroom.errors import EditError, InputError, MissingExtra
from greenroom.library import jobs
from greenroom.library.store import Library, _rows
from greenroom.model import Interview, Utterance, Word

if TYPE_CHECKING:
    from greenroom.backends.asr import AsrOptions, Transcriber

MAX_LINE_CHARS = 20_000
_PUNCT = re.compile(r"[^\w']+")


@dataclass(frozen=True)
class Correction:
    """One stored correction: the line, who changed it, and its text before and after."""

    seq: int
    interview_id: str
    utterance_id: str
    at: str
    user: str
    old_text: str
    new_text: str
    undone: bool = False


def _key(token: str) -> str:
    return _PUNCT.sub("", token.casefold()) or token


def retime(old: list[Word], text: str, start: int, end: int) -> list[Word]:
    """Words for `text`, timed from `old` (the line's words, spanning `start`..`end`)."""
    tokens = text.split()
    if not old:
        return []
    matcher = SequenceMatcher(None, [_key(w.text) for w in old], [_key(t) for t in tokens], autojunk=False)
    out: list[Word] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out += [Word(w.start, w.end, t, w.confidence) for w, t in zip(old[i1:i2], tokens[j1:j2])]
        elif op == "replace":
            out += _spread(tokens[j1:j2], old[i1].start, old[i2 - 1].end)
        elif op == "insert":
            before = out[-1].end if out else start
            after = old[i1].start if i1 < len(old) else end
            if after - before < 2 * (j2 - j1) and out:  # no gap: share the word before
                last = out.pop()
                out += _spread([last.text, *tokens[j1:j2]], last.start, last.end)
            else:
                out += _spread(tokens[j1:j2], before, max(after, before))
    return out


def _spread(tokens: list[str], start: int, end: int) -> list[Word]:
    """`tokens` sharing start..end evenly, in order, each at least 1 ms long where there is room."""
    count = len(tokens)
    span = max(end - start, 0)
    return [Word(start + span * i // count, max(start + span * (i + 1) // count, start + span * i // count),
                 token) for i, token in enumerate(tokens)]


def apply(interview: Interview, utterance_id: str, text: str) -> Utterance:
    """Change one line's text (and its words, retimed) in `interview`; return the line
    as it was. `InputError` for an empty or overlong text, `EditError` for no such line."""
    clean = " ".join(text.split())
    if not clean:
        raise InputError(utterance_id, "a line cannot be empty: to drop it, cut around it instead")
    if len(clean) > MAX_LINE_CHARS:
        raise InputError(utterance_id, f"a line holds at most {MAX_LINE_CHARS} characters")
    line = next((u for u in interview.utterances if u.id == utterance_id), None)
    if line is None:
        raise EditError(interview.id, f"no line {utterance_id} in this interview")
    before = Utterance.from_dict(line.to_dict())
    line.words = retime(line.words, clean, line.start, line.end)
    line.text = clean
    return before


def diff(old: str, new: str, context: int = 3) -> list[tuple[str, str]]:
    """A correction as ("same" | "del" | "ins", text) pieces, word by word; unchanged
    runs keep `context` words beside each change and "…" for the rest."""
    a, b = old.split(), new.split()
    ops = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    out: list[tuple[str, str]] = []
    for n, (op, i1, i2, j1, j2) in enumerate(ops):
        if op == "equal":
            out.append(("same", _trim(a[i1:i2], context, n == 0, n == len(ops) - 1)))
            continue
        if i2 > i1:
            out.append(("del", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(("ins", " ".join(b[j1:j2])))
    return [piece for piece in out if piece[1]]


def _trim(words: list[str], context: int, first: bool, last: bool) -> str:
    head = [] if first else words[:context]
    tail = [] if last else words[-context:]
    if len(words) <= len(head) + len(tail) + 1 or (first and last):
        return " ".join(words)
    return " ".join([*head, "…", *tail])


def summary(old: str, new: str) -> str:
    """The changed words only: `“terrified” → “petrified”`, `“so” added`, `“very” removed`."""
    parts = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old.split(), new.split(), autojunk=False).get_opcodes():
        was, now = " ".join(old.split()[i1:i2]), " ".join(new.split()[j1:j2])
        if op == "replace":
            parts.append(f"“{was}” → “{now}”")
        elif op == "delete":
            parts.append(f"“{was}” removed")
        elif op == "insert":
            parts.append(f"“{now}” added")
    return "; ".join(parts) or "spacing only"


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def correct(library: Library, interview_id: str, utterance_id: str, text: str, user: str) -> Correction | None:
    """Store `text` as what line `utterance_id` says, timed from its old words, and
    remember the old text and words for `undo`. None when the text is unchanged."""
    def fn(conn: sqlite3.Connection) -> Correction | None:
        interview, _ = library.get_revision(interview_id)
        before = apply(interview, utterance_id, text)
        after = next(u for u in interview.utterances if u.id == utterance_id)
        if after.text == before.text:
            return None
        library._save(conn, interview.id, _rows(interview), added=None)
        at = _now()
        cursor = conn.execute("""INSERT INTO corrections(interview_id, utterance_id, at, user, old_text,
            old_words, new_text) VALUES (?,?,?,?,?,?,?)""", (interview.id, utterance_id, at, user, before.text,
                                                            json.dumps([w.to_dict() for w in before.words]),
                                                            after.text))
        return Correction(int(cursor.lastrowid or 0), interview.id, utterance_id, at, user, before.text, after.text)
    return library._write(fn)


def undo(library: Library, interview_id: str, user: str) -> Correction:
    """Put back the interview's last correction not yet undone; returns it.
    `EditError` when there is none, or its line has been changed again since."""
    def fn(conn: sqlite3.Connection) -> Correction:
        interview, _ = library.get_revision(interview_id)
        row = conn.execute("""SELECT seq, utterance_id, at, user, old_text, old_words, new_text FROM corrections
            WHERE interview_id = ? AND undone = 0 ORDER BY seq DESC LIMIT 1""", (interview.id,)).fetchone()
        if row is None:
            raise EditError(interview.id, "no correction to undo")
        seq, uid, at, by, old_text, old_words, new_text = row
        line = next((u for u in interview.utterances if u.id == uid), None)
        if line is None or line.text != new_text:
            raise EditError(interview.id, f"line {uid} was changed since that correction: correct it by hand")
        line.text, line.words = old_text, [Word.from_dict(w) for w in json.loads(old_words)]
        library._save(conn, interview.id, _rows(interview), added=None)
        conn.execute("UPDATE corrections SET undone = 1 WHERE seq = ?", (seq,))
        return Correction(seq, interview.id, uid, at, by, old_text, new_text, undone=True)
    return library._write(fn)


AUDIO_MARGIN_MS = 300  # heard around the line, so its first and last words are whole
RETIME = "retime"  # the job kind


def heard_words(interview: Interview, line: Utterance,
                transcriber: Callable[[AsrOptions], Transcriber] | None = None) -> list[Word]:
    """The words the speech model hears in the line's stretch of the media, with times
    on the interview's clock. `InputError` when there is no media; `MissingExtra`
    without the `capture` extra."""
    from greenroom.backends.asr import AsrOptions
    from greenroom.edit.relink import media_of

    try:
        from greenroom.media.audio import decode
    except ImportError as err:
        raise MissingExtra(f"timing from the audio ({err.name or 'a package'} is missing)", "capture") from None
    from greenroom.backends.asr import default_transcriber

    make = transcriber or default_transcriber
    start = max(0, line.start - AUDIO_MARGIN_MS)
    samples = decode(media_of(interview), start, line.end + AUDIO_MARGIN_MS - start)
    options = AsrOptions(language=interview.language or None, vad=False)
    try:
        model = make(options)
    except ImportError as err:
        raise MissingExtra(f"timing from the audio ({err.name or 'a package'} is missing)", "capture") from None
    segments, _ = model.transcribe(samples, options)
    return [Word(start + w.start, start + w.end, w.text.strip()) for seg in segments for w in seg.words
            if w.text.strip()]


def retime_from_audio(library: Library, interview_id: str, utterance_id: str,
                      transcriber: Callable[[AsrOptions], Transcriber] | None = None) -> bool:
    """Time line `utterance_id`'s words from what is heard in the media: a word the
    speech model also heard takes its time, the others are timed within their
    neighbours (as `retime` does). Nothing is written when the line changed while it
    was being heard; returns whether it was written."""
    interview = library.get(interview_id)
    line = next((u for u in interview.utterances if u.id == utterance_id), None)
    if line is None:
        raise EditError(interview.id, f"no line {utterance_id} in this interview")
    heard = heard_words(interview, line, transcriber)
    if not heard:
        return False
    text = line.text

    def change(current: Interview) -> bool:
        now = next((u for u in current.utterances if u.id == utterance_id), None)
        if now is None or now.text != text:
            return False
        now.words = [_within(w, now.start, now.end) for w in retime(heard, text, now.start, now.end)]
        return True

    return bool(library.rewrite(interview.id, change)[1])


def _within(word: Word, start: int, end: int) -> Word:
    """`word` kept inside its line (the audio heard reached a little past it)."""
    first = min(max(word.start, start), end)
    return Word(first, min(max(word.end, first), end), word.text, word.confidence)


def _run_retime(library: Library, job: Any, progress: Callable[[float], None]) -> tuple[str, list[str]]:
    written = retime_from_audio(library, job.interview_id, job.params["utterance"])
    return "", [] if written else ["the line changed, or nothing was heard in it: its times stay as they were"]


def history(library: Library, interview_id: str, limit: int = 50) -> list[Correction]:
    """The interview's corrections, newest first."""
    iid = library._resolve(interview_id)
    rows = library._read("""SELECT seq, interview_id, utterance_id, at, user, old_text, new_text, undone
        FROM corrections WHERE interview_id = ? ORDER BY seq DESC LIMIT ?""", (iid, limit))
    return [Correction(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7])) for r in rows]


jobs.RUNNERS[RETIME] = _run_retime
