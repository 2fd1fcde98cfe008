"""Privacy flags: what was said off the record, and questions that pry.

An off-the-record remark comes in two shapes. Announced before ("This is off
the record, but...", "Between us,...") it covers what follows; taken back after
("... Don't print that.", "Cut that.") it covers what came before. A bare
"cut that" counts only as a whole sentence: inside a longer one it is nearly
always talk about editing ("you make giant X's: cut this, cut this"). Editors cut whole
utterances, so a flag spans the remark's utterance, reaching into the same
speaker's previous or next utterance when the remark sits at its edge; only a
very long utterance is narrowed to the sentences concerned.

An explicit "on the record" is never off the record: a sentence that says so
("This is on the record", "You can quote me on that", "For the record", "This
isn't off the record", "Nothing I say is off the record") is no remark, and a
remark the same utterance later waives ("Between us, ... Actually, you can quote
me on that.") puts nothing off the record. "This is not on the record" announces
as "off the record" does. A question ("Is this off the record?") is settled by its
answer: a "No, ..." or an on-the-record reply waives it; any other reply is covered,
with what the one answering said just before the question ("Do you want that off the record?").

Intrusive questions (health, children and family, relationships, money,
rumours) are not always wrong to ask, so they are flagged for review, not cut.
Flags are appended: other analyzers' flags are never touched, and a re-run
replaces only this module's own ("f-offrecord-N", "f-intrusive-N").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from greenroom.analyze.registry import Context, analyzer
from greenroom.analyze.turns import (
    asking_part,
    intrusive_topic,
    question_text,
    sentences,
)
from greenroom.model import Flag, Interview, Utterance
from greenroom.text import privacy as text_privacy

_THAT = r"(?:that|this|it)(?: (?:part|bit|one))?(?: in(?: the \w+)?)?\s*(?:[.!?,;:]|$)"  # ...ending the clause
AFTER = re.compile(  # the remark takes back what was just said
    r"\b(?:(?:don'?t|do not|please don'?t|can you not|you can'?t) (?:print|use|put|publish|quote|air|include|"
    r"run|write) " + _THAT + r"|(?:can|could) (?:we|you) (?:cut|drop|lose|take out|leave out) " + _THAT +
    r"|(?:strike|scratch) that(?=\s*(?:[.!?,;:…—-]|$))"  # the request, not "scratch that itch"
    r"|(?:that'?s|that is|that was|this was|that stays) (?:off the record|between us|not for publication))",
    re.IGNORECASE)
BARE_CUT = re.compile(  # "Cut that." as a request, the whole sentence; not "cut this, cut this" about editing
    r"^\W*(?:(?:oh|no|actually|please|so|okay|ok|wait|yeah|sorry|um),?\s+)*(?:cut|bleep) (?:that|this|it)"
    r"(?: (?:part|bit|one))?(?:,? please)?\s*[.!]*$", re.IGNORECASE)
_US = r"between (?:us|you and me|you and i|ourselves)"
BEFORE = re.compile(  # the remark announces what follows
    r"\boff the record\b|^(?:(?:but|and|now|so|look|honestly),? )?" + _US + r"\b|"
    r"\b(?:just|strictly|stays|stay|is|'s) " + _US + r"\b|\bnot for publication\b", re.IGNORECASE)
NOT_ON = re.compile(r"\b(?:not|n['’]t)\s+(?:on the record|for publication)\b", re.IGNORECASE)  # announces
ON_RECORD = (  # a sentence saying what it holds may be printed
    r"(?<!\bnot\s)(?<!n't\s)(?<!n’t\s)\bon the record\b", r"\bfor the record\b",
    (r"\b(?:you can|you may|feel free to|happy for you to|go ahead and|please) (?:quote|print|use|publish|air) "
     r"(?:me|that|this|it|all of (?:it|that))\b"),
    r"\b(?:happy|glad|fine|okay|ok) (?:to be|being) quoted\b",
    r"(?:\bnot|n['’]t|\bnever|\bnothing(?: [\w'’]+){0,3}?)(?: (?!if\b|whether\b)[\w'’]+){0,2}? off the record\b",
)
_ON_RECORD = re.compile("|".join(ON_RECORD), re.IGNORECASE)
DECLINES = re.compile(r"^\W*(?:no|nope|nah|not at all|not really)\b", re.IGNORECASE)  # "No, it's on the record."
SECOND_PERSON = text_privacy.pattern("you")  # a sentence that speaks to the guest
LONG_MS = 45_000  # beyond this an utterance is narrowed to the sentences concerned
NEAR_MS = 30_000  # how far to reach for the same speaker's neighbouring utterance
EDGE_WORDS = 8  # "This is off the record." alone: the content is in the next utterance


@dataclass
class Span:
    start: int
    end: int
    remarks: list[str]
    utterances: list[Utterance]


HONORIFIC_END = text_privacy.pattern("honorific_end")


def name_safe_sentences(text: str) -> list[str]:
    """Sentences, with a piece the splitter ended on an honorific's full stop ("... and Dr.")
    joined to the next, so "Dr. Kuzio" stays one name in one sentence."""
    joined: list[str] = []
    for part in sentences(text):
        if joined and HONORIFIC_END.search(joined[-1]):
            joined[-1] = f"{joined[-1]} {part}"
        else:
            joined.append(part)
    return joined


def sentence_times(u: Utterance) -> list[tuple[str, int, int]]:
    """Sentences with times estimated by their share of the characters."""
    parts = name_safe_sentences(u.text)
    total = sum(len(s) for s in parts) or 1
    out, at = [], 0
    for part in parts:
        start = u.start + u.duration * at // total
        at += len(part)
        out.append((part, start, u.start + u.duration * at // total))
    return out


def _neighbour(interview: Interview, u: Utterance, step: int) -> Utterance | None:
    """The same speaker's previous (-1) or next (+1) utterance, when close in time."""
    ordered = sorted(interview.utterances, key=lambda x: (x.start, x.end))
    index = ordered.index(u) + step
    while 0 <= index < len(ordered):
        other = ordered[index]
        if other.speaker == u.speaker:
            gap = u.start - other.end if step < 0 else other.start - u.end
            return other if gap <= NEAR_MS else None
        index += step
    return None


def _remark_span(interview: Interview, u: Utterance, index: int, taken_back: bool) -> Span:
    """The stretch one remark (sentence `index` of `u`) puts off the record."""
    parts = sentence_times(u)
    text = parts[index][0]
    if u.duration > LONG_MS:
        first = max(0, index - 1) if taken_back else index
        last = index if taken_back else len(parts) - 1
        return Span(parts[first][1], parts[last][2], [text], [u])
    span = Span(u.start, u.end, [text], [u])
    edge = index == 0 if taken_back else index == len(parts) - 1 and len(text.split()) <= EDGE_WORDS
    other = _neighbour(interview, u, -1 if taken_back else 1) if edge else None
    if other is not None:
        span = Span(min(u.start, other.start), max(u.end, other.end), [text], sorted([other, u], key=lambda x: x.start))
    return span


def on_record(text: str) -> bool:
    """The sentence says what it holds may be printed ("You can quote me on that")."""
    return bool(_ON_RECORD.search(text))


def _reply(interview: Interview, u: Utterance) -> Utterance | None:
    """The next utterance by someone else: the answer to a question ending `u`."""
    later = sorted((x for x in interview.utterances if x.start >= u.end and x.speaker != u.speaker),
                   key=lambda x: (x.start, x.end))
    return later[0] if later else None


def _declined(reply: Utterance) -> bool:
    said = sentences(reply.text)[:2]
    return bool(said and DECLINES.match(said[0])) or any(on_record(x) for x in said)


def _remarks(interview: Interview, u: Utterance) -> list[Span]:
    """The stretches the remarks in `u` put off the record, less those waived."""
    said = sentences(u.text)
    found = []
    for index, sentence in enumerate(said):
        taken_back = bool(AFTER.search(sentence) or BARE_CUT.search(sentence))
        if not (taken_back or BEFORE.search(sentence) or NOT_ON.search(sentence)):
            continue
        if any(on_record(x) for x in said[index:]):  # on the record now or a moment later
            continue
        span = _remark_span(interview, u, index, taken_back)
        if sentence.rstrip().endswith("?") and index == len(said) - 1:  # "Is this off the record?"
            reply = _reply(interview, u)
            if reply is None or _declined(reply):
                continue
            before = _neighbour(interview, reply, -1)  # "Do you want that off the record?": what was just said
            said_before = [before] if before is not None and before.end <= u.start else []
            covered = [*said_before, u, reply]
            span = Span(covered[0].start, max(u.end, reply.end), [sentence], covered)
        found.append(span)
    return found


def off_record_spans(interview: Interview) -> list[Span]:
    """Every off-the-record stretch, overlapping ones merged into one."""
    found = [span for u in interview.utterances for span in _remarks(interview, u)]
    merged: list[Span] = []
    for span in sorted(found, key=lambda s: (s.start, s.end)):
        if merged and span.start <= merged[-1].end:
            last = merged[-1]
            last.end = max(last.end, span.end)
            last.remarks += span.remarks
            last.utterances += [x for x in span.utterances if x not in last.utterances]
        else:
            merged.append(span)
    return merged


def off_record_flags(interview: Interview) -> list[Flag]:
    flags = []
    for n, span in enumerate(off_record_spans(interview), start=1):
        remarks = " / ".join(dict.fromkeys(span.remarks))
        flags.append(Flag(id=f"f-offrecord-{n}", start=span.start, end=span.end, kind="off-the-record",
                          label=f"Said off the record: \"{remarks}\"", severity="high", action="cut",
                          text=" ".join(x.text for x in span.utterances)))
    return flags


def asked_near(question: str) -> str:
    """The question sentences and the one sentence that sets them up ("Your
    divorce was in every paper. How did you get through it?"): a host's long
    preamble ("I'll turn this into a free therapy session", "I come from an art
    family") is not what the question pries into. The setup counts only when it
    speaks of the guest ("your ..."): the host's own aside before asking ("I was
    such a child. What scared you?") pries into nothing."""
    parts, asking = sentences(question), asking_part(question)
    first = len(parts) - len(asking) if asking else 0
    setup = parts[first - 1:first] if first > 0 and SECOND_PERSON.search(parts[first - 1]) else []
    return " ".join(setup + parts[first:])


def intrusive_flags(interview: Interview) -> list[Flag]:
    """Interviewer questions about health, family, relationships, money or rumours."""
    by_id = {u.id: u for u in interview.utterances}
    flags: list[Flag] = []
    for turn in interview.turns:
        question = question_text(interview, turn)
        topic = intrusive_topic(asked_near(question))
        asked = [by_id[i] for i in turn.question if i in by_id]
        if topic is None or not asked:
            continue
        shown = " ".join(asking_part(question)) or question
        flags.append(Flag(id=f"f-intrusive-{len(flags) + 1}", start=min(u.start for u in asked),
                          end=max(u.end for u in asked), kind="intrusive-question",
                          label=f"Intrusive question about {topic}: \"{shown}\"", severity="medium",
                          action="review", text=question))
    return flags


OWN_PREFIXES = ("f-offrecord-", "f-intrusive-")


@analyzer("off-record", requires=("turns",), assigns=("flags",))
def analyze_off_record(interview: Interview, context: Context) -> None:
    """Flag off-the-record remarks (cut) and intrusive interviewer questions (review)."""
    kept = [f for f in interview.flags if not f.id.startswith(OWN_PREFIXES)]
    interview.flags = kept + off_record_flags(interview) + intrusive_flags(interview)
