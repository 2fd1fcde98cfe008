"""Stories: each guest answer cut into whole stories or thoughts, the unit a moment is.

An editor clips a story from its setup to its payoff, not a window of three
sentences that happens to hold strong words. So every answer is cut, at sentence
bounds only, into consecutive, non-overlapping units of STORY_MIN_MS to
STORY_MAX_MS (an answer that short is one unit, whole). Where a long answer is
cut is chosen by dynamic programming over its sentence bounds, with a cost that
prefers:

- units near STORY_TYPICAL_MS (a social clip's length, and the median of the
  editors' picks in bench/labels/moments);
- a start where a story starts: "I remember", "One day", "When I was 19", "So
  there was a time" (`OPENERS`), and never a start that leans on what came before
  ("But he said…", "That's why…": `standalone.context_reasons`), since a clip
  that opens there cannot be watched alone;
- a cut where the talk moves on: few content words shared between the
  sentences either side of it (lexical cohesion, as TextTiling measures it).

The question that prompted the answer is kept with each unit (`question`), so a
reel can open on it.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from greenroom.analyze.moments import (
    Sentence,
    SentenceRun,
    answer_blocks,
    guest_sentences,
)
from greenroom.analyze.standalone import context_reasons
from greenroom.analyze.turns import content_words, interviewer_ids
from greenroom.model import Interview, Utterance
from greenroom.text.storytelling import lexicon

STORY_MIN_MS, STORY_MAX_MS = 10_000, 60_000
STORY_TYPICAL_MS = 48_000
SHORT_ANSWER_MS = 5_000  # an answer shorter than this is no unit at all ("Yeah, totally.")
OPENER_BONUS = 0.6  # cost saved by starting where a story starts
LEANING_COST = 1.5  # cost of starting on a sentence that needs what came before
COHESION_COST = 2.0  # times the words shared across the cut (0-1)
COHESION_REACH = 2  # sentences each side of a cut compared for shared words

OPENERS = lexicon("openers")  # "I remember", "One day", "When I was 19": text/data/storytelling.toml


@dataclass
class Story(SentenceRun):
    """A whole story or thought: consecutive guest sentences of one answer."""

    sentences: list[Sentence]
    answer: int  # the answer's number in the interview (0-based)
    part: int  # this unit's number within the answer (0 = it opens the answer)
    parts: int  # how many units the answer was cut into
    question: Utterance | None  # the interviewer's line that prompted the answer

    @property
    def length(self) -> int:
        """Time it takes to say, estimated from words where importers guessed times."""
        return sum(s.length for s in self.sentences)

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    @property
    def utterance_ids(self) -> list[str]:
        return list(dict.fromkeys(s.utterance.id for s in self.sentences))


def stories(interview: Interview, sentences: list[Sentence] | None = None) -> list[Story]:
    """Every answer of the guest cut into whole-story units, in time order."""
    sentences = guest_sentences(interview) if sentences is None else sentences
    questions = _questions(interview)
    by_answer: dict[int, list[Sentence]] = {}
    for s in sentences:
        by_answer.setdefault(s.block, []).append(s)
    out: list[Story] = []
    for answer, run in sorted(by_answer.items()):
        if sum(s.length for s in run) < SHORT_ANSWER_MS:
            continue
        cuts = segment(run)
        bounds = list(zip(cuts, cuts[1:] + [len(run)], strict=True))
        for part, (a, b) in enumerate(bounds):
            out.append(Story(run[a:b], answer, part, len(bounds), questions.get(answer)))
    return out


def _questions(interview: Interview) -> dict[int, Utterance]:
    """For each answer number, the last interviewer line before it, if any (the asks in
    time order, and a binary search per answer)."""
    asks = interviewer_ids(interview)
    ordered = [u for u in sorted(interview.utterances, key=lambda u: (u.start, u.end)) if u.speaker in asks]
    starts = [u.start for u in ordered]
    out: dict[int, Utterance] = {}
    for number, block in enumerate(answer_blocks(interview)):
        before = bisect_right(starts, block[0].start)
        if before:
            out[number] = ordered[before - 1]
    return out


def segment(run: list[Sentence]) -> list[int]:
    """Indexes of the sentences that start a unit (always 0), by least total cost."""
    n = len(run)
    lengths = [s.length for s in run]
    prefix = [0]
    for length in lengths:
        prefix.append(prefix[-1] + length)
    if prefix[-1] <= STORY_MAX_MS:
        return [0]
    best: list[float] = [0.0] + [float("inf")] * n
    back = [0] * (n + 1)
    for end in range(1, n + 1):
        for begin in range(end - 1, -1, -1):
            duration = prefix[end] - prefix[begin]
            if duration > STORY_MAX_MS and end - begin > 1:
                break
            cost = best[begin] + _unit_cost(duration) + (_start_cost(run, begin) if begin else 0.0)
            if cost < best[end]:
                best[end], back[end] = cost, begin
    starts, at = [], n
    while at > 0:
        at = back[at]
        starts.append(at)
    return sorted(starts)


def _unit_cost(duration: int) -> float:
    """Squared distance from the typical length; a unit under the minimum costs more."""
    cost = ((duration - STORY_TYPICAL_MS) / 25_000) ** 2
    return cost + (2.0 if duration < STORY_MIN_MS else 0.0)


def _start_cost(run: list[Sentence], begin: int) -> float:
    """The cost of starting a unit at sentence `begin` (never 0: an answer's start is free)."""
    text = run[begin].plain
    cost = COHESION_COST * _shared(run, begin)
    if OPENERS.match(text):
        cost -= OPENER_BONUS
    elif context_reasons(text):
        cost += LEANING_COST
    return cost


def _shared(run: list[Sentence], begin: int) -> float:
    """Share of content words that the sentences either side of a cut have in common."""
    before = _words(tuple(s.plain for s in run[max(0, begin - COHESION_REACH):begin]))
    after = _words(tuple(s.plain for s in run[begin:begin + COHESION_REACH]))
    if not before or not after:
        return 0.0
    return len(before & after) / min(len(before), len(after))


@lru_cache(maxsize=8192)
def _words(texts: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w for text in texts for w in content_words(text))
