"""From recognised words with speaker labels to utterances, marks and pauses.

Whisper writes non-speech as words (`(laughs)`, `[Music]`, "Ha ha ha."): they
become marks on the timeline, not words. Silences over a second between words
become pause marks, which editors cut on. Utterances are speaker turns, split
at long silences and, once long, at sentence ends, so search times stay useful.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from greenroom.formats.marks import split_marks
from greenroom.model import Mark, Utterance, Word, ends_sentence

PAUSE_MS = 1000
TURN_GAP_MS = 2500
LONG_UTTERANCE_MS = 30_000
_LAUGH = re.compile(r"^\W*(?:ha){1,}h?\W*$|^\W*(?:he){2,}\W*$", re.IGNORECASE)


@dataclass
class HeardWord:
    start: int
    end: int
    text: str
    probability: float | None
    speaker: int


def separate_marks(words: list[HeardWord]) -> tuple[list[HeardWord], list[tuple[HeardWord, str, str]]]:
    """Split words into speech and non-speech: `(laughs)`, `[Music playing]`, "ha ha"."""
    speech: list[HeardWord] = []
    marks: list[tuple[HeardWord, str, str]] = []
    i = 0
    while i < len(words):
        span = _bracket_span(words, i)
        if span:
            joined = " ".join(w.text for w in words[i:span])
            clean, found = split_marks(joined)
            if found and not clean.strip():
                first, last = words[i], words[span - 1]
                merged = HeardWord(first.start, last.end, joined, None, first.speaker)
                marks.append((merged, found[0].kind, joined))
                i = span
                continue
        laugh_end = _laugh_span(words, i)
        if laugh_end:
            first, last = words[i], words[laugh_end - 1]
            text = " ".join(w.text for w in words[i:laugh_end])
            marks.append((HeardWord(first.start, last.end, text, None, first.speaker), "laughter", text))
            i = laugh_end
            continue
        speech.append(words[i])
        i += 1
    return speech, marks


def _bracket_span(words: list[HeardWord], i: int) -> int | None:
    """End index (exclusive) of a run of words opened by `(`/`[` and closed within 6 words."""
    if not words[i].text.lstrip().startswith(("(", "[", "*", "♪")):
        return None
    for j in range(i, min(len(words), i + 6)):
        if words[j].text.rstrip(".,!?").endswith((")", "]", "*", "♪")):
            return j + 1
    return None


def _laugh_span(words: list[HeardWord], i: int) -> int | None:
    j = i
    while j < len(words) and _LAUGH.match(words[j].text):
        j += 1
    if j - i >= 2 or (j - i == 1 and len(re.sub(r"\W", "", words[i].text)) >= 4):
        return j
    return None


def pauses(words: list[HeardWord], speaker_ids: list[str]) -> list[Mark]:
    """A pause mark for every silence over PAUSE_MS between consecutive words."""
    out = []
    for before, after in itertools.pairwise(words):
        gap = after.start - before.end
        if gap > PAUSE_MS:
            same = speaker_ids[before.speaker] if before.speaker == after.speaker else None
            out.append(Mark(before.end, after.start, "pause", f"[pause {gap / 1000:.1f}s]", same))
    return out


def utterances(words: list[HeardWord], speaker_ids: list[str]) -> list[Utterance]:
    """Speaker turns from labelled words; new turn on a change of speaker or a long gap."""
    out: list[Utterance] = []
    current: list[HeardWord] = []
    for word in words:
        if current and _breaks(current, word):
            out.append(_utterance(len(out) + 1, current, speaker_ids))
            current = []
        current.append(word)
    if current:
        out.append(_utterance(len(out) + 1, current, speaker_ids))
    return out


def _breaks(current: list[HeardWord], word: HeardWord) -> bool:
    last = current[-1]
    if word.speaker != last.speaker or word.start - last.end > TURN_GAP_MS:
        return True
    return last.end - current[0].start > LONG_UTTERANCE_MS and ends_sentence(last.text)


def _utterance(number: int, words: list[HeardWord], speaker_ids: list[str]) -> Utterance:
    probabilities = [w.probability for w in words if w.probability is not None]
    confidence = round(sum(probabilities) / len(probabilities), 3) if probabilities else None
    return Utterance(
        f"u{number}", words[0].start, words[-1].end, speaker_ids[words[0].speaker],
        " ".join(w.text for w in words),
        [Word(w.start, w.end, w.text, w.probability) for w in words], confidence)


def place_marks(found: list[tuple[HeardWord, str, str]], utts: list[Utterance],
                speaker_ids: list[str]) -> list[Mark]:
    """Marks for non-speech words; inside an utterance they carry its id and offset."""
    out = []
    for heard, kind, text in found:
        owner = next((u for u in utts if u.start <= heard.start <= u.end), None)
        at = None
        if owner is not None:
            before = [w for w in owner.words if w.end <= heard.start]
            at = len(" ".join(w.text for w in before))
        out.append(Mark(heard.start, heard.end, kind, text, speaker_ids[heard.speaker],
                        owner.id if owner else None, at))
    return out
