"""Speaker editing: a person correcting who said what.

Rename or re-role a speaker, merge one speaker into another, split an utterance
at a word and give one part to another speaker, reassign a whole utterance, add
a speaker the transcription missed. Each edit changes the interview in place,
keeps every reference (marks, turns, moments, cuts, quotes) pointing at the
right utterance and speaker, and the speaker timeline (who is heard when, the
RTTM export) saying the same as the words, and returns one line saying what it did. Names and
roles a person set are marked `Speaker.edited`, and `preserved` puts them back
after anything automatic ran. Every wrong id raises `EditError` naming the
interview and the id.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from greenroom.errors import EditError
from greenroom.model import (
    Interview,
    Mark,
    Quote,
    Speaker,
    SpeakerSpan,
    Utterance,
    Word,
)

if TYPE_CHECKING:
    from greenroom.library.store import Library

_TOKEN = re.compile(r"\S+")


# -- lookups -------------------------------------------------------------

def speaker_of(interview: Interview, speaker_id: str) -> Speaker:
    """The speaker with this id; `EditError` listing the speakers there are."""
    found = interview.speaker(speaker_id)
    if found is None:
        known = ", ".join(s.id for s in interview.speakers) or "none"
        raise EditError(interview.id, f"no speaker {speaker_id} in this interview (speakers: {known})")
    return found


def utterance_of(interview: Interview, utterance_id: str) -> Utterance:
    """The utterance with this id; `EditError` naming the id and the range there is."""
    found = next((u for u in interview.utterances if u.id == utterance_id), None)
    if found is None:
        ids = [u.id for u in interview.utterances]
        shown = f"{ids[0]}..{ids[-1]}" if ids else "none"
        raise EditError(interview.id, f"no utterance {utterance_id} in this interview (utterances: {shown})")
    return found


def _who(interview: Interview, speaker_id: str | None) -> str:
    found = interview.speaker(speaker_id)
    if found is None:
        return "nobody"
    return found.id if found.display == found.id else f"{found.id} ({found.display})"


def _clock(ms: int) -> str:
    seconds = ms / 1000
    return f"{int(seconds // 60)}:{seconds % 60:04.1f}"


# -- names and roles -------------------------------------------------------

def rename(interview: Interview, names: dict[str, str], roles: dict[str, str]) -> list[str]:
    """Set names and roles by speaker id and mark those speakers edited.

    Raises `EditError` for an unknown speaker id or role."""
    from greenroom.capture.roles import edit_speakers

    for sid in [*names, *roles]:
        speaker_of(interview, sid)
    try:
        edit_speakers(interview, names, roles)
    except ValueError as err:
        raise EditError(interview.id, str(err)) from None
    done = []
    for sid in dict.fromkeys([*names, *roles]):
        speaker = speaker_of(interview, sid)
        speaker.edited = True
        done.append(f"set {speaker.id}: {speaker.display}, {speaker.role}")
    return done


def add_speaker(interview: Interview, name: str, role: str = "unknown") -> str:
    """Add a speaker the transcription missed (id S<n+1>), named and marked edited."""
    name = " ".join(name.split())
    if not name:
        raise EditError(interview.id, "a new speaker needs a name")
    taken = {s.id for s in interview.speakers}
    number = len(interview.speakers) + 1
    while f"S{number}" in taken:
        number += 1
    speaker = Speaker(f"S{number}", name, name, role, edited=True)
    interview.speakers.append(speaker)
    return f"added {speaker.id} ({name}): give it utterances with --split or --reassign"


@contextmanager
def preserved(interview: Interview) -> Iterator[Interview]:
    """Run something automatic (analysis, role guessing) and put back every name
    and role a person set: an edited speaker keeps what the person chose."""
    kept = {s.id: (s.name, s.role) for s in interview.speakers if s.edited}
    yield interview
    for speaker in interview.speakers:
        if speaker.id in kept:
            speaker.name, speaker.role = kept[speaker.id]
            speaker.edited = True


# -- merge -----------------------------------------------------------------

def merge(interview: Interview, source_id: str, target_id: str) -> str:
    """Give everything `source_id` said to `target_id` and remove `source_id`:
    utterances, marks and quotes follow (turns, moments and cuts name utterances,
    which keep their ids). Raises `EditError` for unknown or equal ids."""
    source, target = speaker_of(interview, source_id), speaker_of(interview, target_id)
    if source is target:
        raise EditError(interview.id, f"cannot merge {source_id} into itself")
    moved = sum(1 for u in interview.utterances if u.speaker == source.id)
    for items in (interview.utterances, interview.marks, interview.speaker_timeline, _quotes(interview)):
        for item in items:
            if item.speaker == source.id:
                item.speaker = target.id
    interview.speaker_timeline = _joined(interview.speaker_timeline)
    interview.speakers.remove(source)
    if not target.name and source.name:
        target.name = source.name
    _drop_person(interview, source)
    return f"merged {_describe(source)} into {_who(interview, target.id)}: {moved} utterances moved"


def _describe(speaker: Speaker) -> str:
    return speaker.id if speaker.display == speaker.id else f"{speaker.id} ({speaker.display})"


def _drop_person(interview: Interview, gone: Speaker) -> None:
    """The merged speaker's person entry goes unless another speaker is that person."""
    if not gone.name:
        return
    name = gone.name.casefold()
    if any((s.name or "").casefold() == name for s in interview.speakers):
        return
    interview.people = [p for p in interview.people if p.name.casefold() != name]


def _quotes(interview: Interview) -> list[Quote]:
    return list(interview.card.quotes) if interview.card else []


# -- reassign --------------------------------------------------------------

def reassign(interview: Interview, utterance_id: str, speaker_id: str) -> str:
    """Give a whole utterance (and its inline marks and quotes) to another speaker.
    Neighbouring utterances of that speaker stay separate utterances."""
    utterance = utterance_of(interview, utterance_id)
    speaker = speaker_of(interview, speaker_id)
    before = _who(interview, utterance.speaker)
    _relabel_timeline(interview, utterance.start, utterance.end, utterance.speaker, speaker.id)
    utterance.speaker = speaker.id
    for mark in interview.marks:
        if mark.utterance == utterance.id:
            mark.speaker = speaker.id
    for quote in _quotes(interview):
        if quote.utterance == utterance.id:
            quote.speaker = speaker.id
    return f"reassigned {utterance.id} ({_clock(utterance.start)}) from {before} to {_who(interview, speaker.id)}"


# -- split -----------------------------------------------------------------

def split(interview: Interview, utterance_id: str, word: int, speaker_id: str, *,
          part: str = "after") -> str:
    """Split an utterance before its `word`-th word (counting from 1) and give one
    part to `speaker_id`: the words from `word` on (`part="after"`) or the words
    before it (`part="before"`).

    The first part keeps the utterance's id; the second gets a new one
    (`u12.2`), placed right after it in the transcript and in every turn, moment
    and cut that named the utterance. Word times decide the split time; without
    them the text splits at the word and the time by its share of characters.
    Raises `EditError` for unknown ids or a word that leaves a part empty."""
    utterance = utterance_of(interview, utterance_id)
    speaker = speaker_of(interview, speaker_id)
    if part not in ("after", "before"):
        raise ValueError(f"part must be 'after' or 'before', not {part!r}")
    count = len(utterance.words) or len(_TOKEN.findall(utterance.text))
    if count < 2:
        raise EditError(interview.id, f"utterance {utterance.id} has {count} word: nothing to split; "
                        "reassign the whole utterance")
    if not 2 <= word <= count:
        raise EditError(interview.id, f"utterance {utterance.id} has {count} words: "
                        f"split at word 2..{count}, or reassign the whole utterance")
    head, tail, offset = _cut(utterance, word, _new_id(interview, utterance.id))
    if part == "after":
        tail.speaker = speaker.id
    else:
        head.speaker = speaker.id
    index = interview.utterances.index(utterance)
    interview.utterances[index:index + 1] = [head, tail]
    _follow_split(interview, utterance, head, tail, offset)
    given = tail if part == "after" else head
    _relabel_timeline(interview, given.start, given.end, utterance.speaker, speaker.id)
    return (f"split {utterance.id} at word {word} ({_clock(tail.start)}): {given.id} "
            f"'{_preview(given.text)}' is {_who(interview, speaker.id)}")


def _preview(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def _new_id(interview: Interview, utterance_id: str) -> str:
    taken = {u.id for u in interview.utterances}
    number = 2
    while f"{utterance_id}.{number}" in taken:
        number += 1
    return f"{utterance_id}.{number}"


def _cut(utterance: Utterance, word: int, new_id: str) -> tuple[Utterance, Utterance, int]:
    """The two halves of `utterance`, split before word number `word` (from 1),
    and the character offset of the split in its text."""
    offset = _text_offset(utterance, word)
    head_text, tail_text = utterance.text[:offset].rstrip(), utterance.text[offset:].strip()
    head_words, tail_words = utterance.words[:word - 1], utterance.words[word - 1:]
    if head_words and tail_words:
        head_end, tail_start = head_words[-1].end, tail_words[0].start
    else:
        share = offset / max(len(utterance.text), 1)
        head_end = tail_start = utterance.start + round(utterance.duration * share)
    head = Utterance(utterance.id, utterance.start, head_end, utterance.speaker, head_text,
                     head_words, _confidence(head_words, utterance))
    tail = Utterance(new_id, tail_start, utterance.end, utterance.speaker, tail_text,
                     tail_words, _confidence(tail_words, utterance))
    return head, tail, offset


def _text_offset(utterance: Utterance, word: int) -> int:
    """Character offset in the text where word number `word` begins: the text's own
    tokens when they match the timed words one for one, else the words' own join."""
    tokens = list(_TOKEN.finditer(utterance.text))
    if not utterance.words or len(tokens) == len(utterance.words):
        return tokens[word - 1].start()
    utterance.text = " ".join(w.text for w in utterance.words)
    return len(" ".join(w.text for w in utterance.words[:word - 1])) + 1


def _confidence(words: list[Word], utterance: Utterance) -> float | None:
    known = [w.confidence for w in words if w.confidence is not None]
    return round(sum(known) / len(known), 3) if known else utterance.confidence


def _follow_split(interview: Interview, old: Utterance, head: Utterance, tail: Utterance,
                  cut_at: int) -> None:
    """Inline marks, quotes, and the turns, moments and cuts that named the
    utterance follow its halves."""
    for mark in interview.marks:
        if mark.utterance == old.id:
            _place_mark(mark, head, tail, cut_at)
    for quote in _quotes(interview):
        if quote.utterance == old.id and quote.start >= tail.start:
            quote.utterance, quote.speaker = tail.id, tail.speaker
        elif quote.utterance == old.id:
            quote.speaker = head.speaker
    lists = [t.question for t in interview.turns] + [t.answer for t in interview.turns]
    lists += [m.utterances for m in interview.moments]
    lists += [c.utterances for c in interview.highlights.cuts] if interview.highlights else []
    for ids in lists:
        if old.id in ids and tail.id not in ids:
            ids.insert(ids.index(old.id) + 1, tail.id)


def _place_mark(mark: Mark, head: Utterance, tail: Utterance, cut_at: int) -> None:
    in_tail = mark.at >= cut_at if mark.at is not None else mark.start >= tail.start
    owner = tail if in_tail else head
    mark.utterance, mark.speaker = owner.id, owner.speaker
    if mark.at is not None:
        mark.at = max(0, mark.at - cut_at) if in_tail else min(mark.at, len(head.text))


# -- the speaker timeline ------------------------------------------------------

def _relabel_timeline(interview: Interview, start: int, end: int, old: str | None, new: str) -> None:
    """Give `new` the timeline's stretches of `old` between `start` and `end` (ms): what
    the edited words' speaker was heard saying in their time. Other speakers heard
    there (crosstalk the recogniser gave no words) keep theirs; an import without a
    timeline has nothing to change."""
    if old == new or not interview.speaker_timeline:
        return
    spans: list[SpeakerSpan] = []
    for span in interview.speaker_timeline:
        if span.speaker != old or span.end <= start or span.start >= end:
            spans.append(span)
            continue
        if span.start < start:
            spans.append(SpeakerSpan(span.start, start, old))
        spans.append(SpeakerSpan(max(span.start, start), min(span.end, end), new))
        if span.end > end:
            spans.append(SpeakerSpan(end, span.end, old))
    interview.speaker_timeline = _joined(spans)


def _joined(spans: list[SpeakerSpan]) -> list[SpeakerSpan]:
    """The spans in time order, touching stretches of one speaker made one."""
    out: list[SpeakerSpan] = []
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        if out and out[-1].speaker == span.speaker and span.start <= out[-1].end:
            out[-1] = SpeakerSpan(out[-1].start, max(out[-1].end, span.end), span.speaker)
        else:
            out.append(span)
    return out


# -- all at once, in the library ---------------------------------------------

@dataclass
class SpeakerEdits:
    """Edits for one interview, applied in this order so later ones can name what
    earlier ones made: speakers added, merges, splits, reassignments, then names
    and roles.

    add: names of new speakers (S<n+1>, ...). merge: {source: target}.
    split: (utterance, word from 1, speaker, "after"|"before").
    reassign: {utterance: speaker}. names/roles: {speaker: value}.
    """

    add: list[str] = field(default_factory=list)
    merge: dict[str, str] = field(default_factory=dict)
    split: list[tuple[str, int, str, str]] = field(default_factory=list)
    reassign: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return any((self.add, self.merge, self.split, self.reassign, self.names, self.roles))


def apply(interview: Interview, edits: SpeakerEdits) -> list[str]:
    """Apply every edit to the interview in place; one line per edit done."""
    done = [add_speaker(interview, name) for name in edits.add]
    done += [merge(interview, source, target) for source, target in edits.merge.items()]
    done += [split(interview, uid, word, sid, part=part) for uid, word, sid, part in edits.split]
    done += [reassign(interview, uid, sid) for uid, sid in edits.reassign.items()]
    if edits.names or edits.roles:
        done += rename(interview, edits.names, edits.roles)
    return done


def edit_stored(library: Library, interview_id: str, edits: SpeakerEdits) -> tuple[Interview, list[str]]:
    """Apply `edits` to a stored interview and save it in one write, or nothing
    when any edit fails (`EditError`, `NotFound`). The edits are read, applied and
    written under the write lock (they take milliseconds), so an analysis or edit
    another process saves is never undone."""
    return library.rewrite(interview_id, lambda interview: apply(interview, edits), quick=True)


# -- what to edit --------------------------------------------------------------

def utterance_lines(interview: Interview) -> list[str]:
    """One line per utterance: id, start, speaker id and name, the text's start."""
    return [f"{u.id}\t{_clock(u.start)}\t{_who(interview, u.speaker)}\t{_preview(u.text, 60)}"
            for u in interview.utterances]


def numbered_words(interview: Interview, utterance_id: str) -> str:
    """An utterance with its words numbered from 1, as `split` counts them."""
    utterance = utterance_of(interview, utterance_id)
    words = [w.text for w in utterance.words] or _TOKEN.findall(utterance.text)
    numbered = " ".join(f"{i}:{w}" for i, w in enumerate(words, 1))
    return f"{utterance.id}\t{_clock(utterance.start)}\t{_who(interview, utterance.speaker)}\t{numbered}"
