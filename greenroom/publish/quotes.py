"""Pull quotes that keep their meaning: verbatim, timed, with the question they answered.

`check_quote(interview, text_or_quote)` finds the words in the transcript and says
whether they may be pulled out on their own. The match is verbatim but tolerant of
what transcripts and editors vary on: case, whitespace, curly or straight quotes
and apostrophes, punctuation, inline marks such as "(laughs)". It must lie inside
one run of one speaker's consecutive utterances (an interjection by anyone else
ends the run). The located quote carries the transcript's own text, its times
(from word times where they line up with the text) and the question it answered
(from the turns).

A verbatim quote is still refused, with a reason, when cutting it out changes
what it means:

- **contrast**: it is the first half of a "not … but" or "not only … but also";
- **undone**: the words that follow take it back or qualify it ("…, but", a next
  sentence opening "But", "Although", "That said", "Except", "Just kidding",
  "That's not true", "No, …", "No, really, …", "Actually, …"), it ends on a dangling
  "but"/"because", or it cuts off an "if …" or is the first half of "it's not that …";
- **points back**: it opens with a pronoun or connective whose referent lies
  before it ("That's why", "It was", "And so he", "Which …", "Because …", "Yes, …"),
  or has a "him", "her" or "them" it never names ("I told him …");
- **framed**: it opens mid-sentence after words that say it is only believed,
  reported, pretended, denied or supposed ("The film was broken." from "I thought
  the film was broken.", from "It's not that the film was broken", after "if");
- **someone else's words**: it reports another person's speech ("the director
  said, …"), sits inside quotation marks, or is followed right away by laughter
  (a joke or sarcasm that reads straight in print);
- **flagged**: it overlaps any flag (an off-the-record "cut" flag always refuses).

`pull_quotes(interview, n)` picks the best passing quotes from the card and the
moments; `moment_quote` the best passing quote of one moment.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from greenroom.analyze.moments import Sentence, guest_sentences, span_times
from greenroom.analyze.turns import asking_part, question_text
from greenroom.model import Interview, Moment, Quote, Turn, Utterance
from greenroom.text import lexicon
from greenroom.text.sentences import BRACKETS, split_spans
from greenroom.text.standalone import (
    ending_reasons,
    frame_reasons,
    opens_inside_quotation,
    pointer_reasons,
    unnamed_person,
)

QUOTE_MIN_WORDS, QUOTE_MAX_WORDS = 6, 40
NOT_VERBATIM = "not verbatim: no run of one speaker's consecutive utterances says these words in this order"
LAUGH_AFTER_MS = 2_000  # laughter starting this soon after a quote is a reaction to it
BACKCHANNEL_WORDS = 4  # "Really?" from the interviewer does not end the guest's thought

_WORD = re.compile(r"\w+(?:['’]\w+)*")
_TRAILING = re.compile(r"[.!?…]+[\"'”’)\]]*")
_I = re.IGNORECASE

_INNER_QUOTE = re.compile(r"[“\"][^”\"]+[”\"]")
_SAID = lexicon.table("quotes")  # reported speech, as data with examples (text/data/quotes.toml)
_BETWEEN = r"(?:(?:" + "|".join(_SAID["between"]["alternatives"]) + r")\s+){0,2}"  # "would always"
_REPORTING = r"(?P<who>[\w'’]+)\s+" + _BETWEEN + r"(?:" + "|".join(_SAID["reporting"]["alternatives"]) + ")"
_REPORTS = re.compile(_REPORTING + r"\s*[,:]", _I)
_REPORTED_BEFORE = re.compile(_REPORTING + r"\s*[,:]?\s*[\"“‘]?\s*$", _I)
_SELF = {"i", "we"}
_OPEN_QUOTE = ("“", '"', "‘")
_LAUGH = re.compile(r"^\s*[\[(](?:laugh|chuckl|giggl)", _I)


@dataclass
class QuoteCheck:
    """The verdict on one quote: `ok`, the `reasons` it was refused, and the quote
    as found in the transcript (`None` when it is not there verbatim)."""

    ok: bool
    reasons: list[str] = field(default_factory=list)
    quote: Quote | None = None
    question: str = ""
    turn: str | None = None
    utterances: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "reasons": list(self.reasons), "quote": self.quote.to_dict() if self.quote else None,
                "question": self.question, "turn": self.turn, "utterances": list(self.utterances)}


@dataclass
class _Token:
    utterance: Utterance
    begin: int
    end: int


@dataclass
class _Run:
    """Consecutive utterances of one speaker, as one searchable string of words."""

    utterances: list[Utterance]
    tokens: list[_Token] = field(default_factory=list)
    joined: str = " "
    offsets: list[int] = field(default_factory=list)


@dataclass
class _Span:
    run: _Run
    first: int
    last: int
    next_run: _Run | None

    @property
    def head(self) -> _Token:
        return self.run.tokens[self.first]

    @property
    def tail(self) -> _Token:
        return self.run.tokens[self.last]


def normal(word: str) -> str:
    """A word as matching sees it: NFKC, casefolded, apostrophes dropped."""
    return unicodedata.normalize("NFKC", word).casefold().replace("’", "").replace("'", "")


def words_of(text: str) -> list[str]:
    """The normalised words of `text`, inline marks ("(laughs)") left out."""
    return [normal(m.group(0)) for m in _WORD.finditer(BRACKETS.sub(" ", text))]


def _tokens(u: Utterance) -> list[_Token]:
    marks = [m.span() for m in BRACKETS.finditer(u.text)]
    found = [_Token(u, m.start(), m.end()) for m in _WORD.finditer(u.text)]
    return [t for t in found if not any(a <= t.begin < b for a, b in marks)]


def _build_run(utterances: list[Utterance]) -> _Run:
    run = _Run(utterances)
    parts: list[str] = []
    at = 1
    for u in utterances:
        for token in _tokens(u):
            run.tokens.append(token)
            run.offsets.append(at)
            word = normal(u.text[token.begin:token.end])
            parts.append(word)
            at += len(word) + 1
    run.joined = " " + " ".join(parts) + " "
    return run


class QuoteIndex:
    """The interview's speech as runs of one speaker, built once and reused for
    many checks (the card analyzer checks dozens of candidates)."""

    def __init__(self, interview: Interview):
        self.interview = interview
        ordered = sorted(interview.utterances, key=lambda u: (u.start, u.end))
        groups: list[list[Utterance]] = []
        for u in ordered:
            if groups and groups[-1][-1].speaker == u.speaker:
                groups[-1].append(u)
            else:
                groups.append([u])
        self.runs = [_build_run(g) for g in groups]
        self.run_of = {u.id: number for number, run in enumerate(self.runs) for u in run.utterances}
        self.turn_of = {uid: turn for turn in interview.turns for uid in turn.answer}

    # -- locating ---------------------------------------------------------
    def locate(self, text: str, near: Quote | None = None) -> _Span | None:
        """Where `text` is said verbatim; with several places, the one in `near`'s
        utterance, else the one closest to `near`'s start, else the first."""
        wanted = words_of(text)
        if not wanted:
            return None
        needle = " " + " ".join(wanted) + " "
        if near is not None and near.utterance in self.run_of:  # its own utterance first: one short search
            found = self._find(needle, len(wanted), [self.run_of[near.utterance]])
            if any(s.head.utterance.id == near.utterance for s in found):
                return _nearest(found, near)
        return _nearest(self._find(needle, len(wanted), range(len(self.runs))), near)

    def _find(self, needle: str, count: int, numbers: Iterable[int]) -> list[_Span]:
        found: list[_Span] = []
        for number in numbers:
            run = self.runs[number]
            pos = run.joined.find(needle)
            while pos >= 0:
                first = bisect.bisect_left(run.offsets, pos + 1)
                following = self.runs[number + 1:number + 3]
                found.append(_Span(run, first, first + count - 1, _continuation_run(following, run)))
                pos = run.joined.find(needle, pos + 1)
        return found

    # -- checking ---------------------------------------------------------
    def check(self, text_or_quote: str | Quote) -> QuoteCheck:
        """Locate the quote and apply every rule; see the module docstring."""
        near = text_or_quote if isinstance(text_or_quote, Quote) else None
        text = near.text if near else str(text_or_quote)
        if not words_of(text):
            return QuoteCheck(False, ["empty: the quote has no words"])
        span = self.locate(text, near)
        if span is None:
            return QuoteCheck(False, [NOT_VERBATIM])
        quote = _quote_of(span)
        reasons = self._flag_reasons(quote) + _meaning_reasons(span, quote) + self._laugh_reasons(span, quote)
        turn = self.turn_of.get(span.head.utterance.id)
        return QuoteCheck(not reasons, reasons, quote, self._question(turn), turn.id if turn else None,
                          _utterance_ids(span))

    def _question(self, turn: Turn | None) -> str:
        """What the interviewer asked, without the setup ("You mentioned the logbook.")."""
        if turn is None:
            return ""
        asked = question_text(self.interview, turn)
        return " ".join(asking_part(asked)) or " ".join(asked.split())

    def _flag_reasons(self, quote: Quote) -> list[str]:
        out = []
        for flag in self.interview.flags:
            if min(quote.end, flag.end) > max(quote.start, flag.start):
                never = " (never quoted)" if flag.action == "cut" else ""
                out.append(f"inside a flagged passage: {flag.action}{never}, {flag.kind}: {_short(flag.label)}")
        return out

    def _laugh_reasons(self, span: _Span, quote: Quote) -> list[str]:
        """Laughter right after the quote: inline "(laughs)" or a laughter mark."""
        after = span.tail.utterance.text[span.tail.end:]
        trailing = _TRAILING.match(after)
        laughed = bool(_LAUGH.match(after[trailing.end():] if trailing else after))
        ids = set(_utterance_ids(span))
        for mark in self.interview.marks:
            if mark.kind != "laughter":
                continue
            if mark.utterance in ids and mark.at is not None:
                laughed |= mark.utterance == span.tail.utterance.id and span.tail.end <= mark.at <= span.tail.end + 3
            elif quote.end - 300 <= mark.start <= quote.end + LAUGH_AFTER_MS:
                laughed = True
        return ["laughter right after it: a joke or sarcasm that would read straight in print"] if laughed else []


def _continuation_run(following: list[_Run], run: _Run) -> _Run | None:
    """The same speaker's next run when only a short backchannel came between."""
    same = len(following) == 2 and following[1].utterances[0].speaker == run.utterances[0].speaker
    return following[1] if same and len(following[0].tokens) <= BACKCHANNEL_WORDS else None


def _nearest(found: list[_Span], near: Quote | None) -> _Span | None:
    if not found or near is None:
        return found[0] if found else None
    same = [s for s in found if s.head.utterance.id == near.utterance]
    return (same or sorted(found, key=lambda s: abs(s.head.utterance.start - near.start)))[0]


def _utterance_ids(span: _Span) -> list[str]:
    return list(dict.fromkeys(t.utterance.id for t in span.run.tokens[span.first:span.last + 1]))


def _quote_of(span: _Span) -> Quote:
    """The transcript's own text for the span, sentence punctuation included, timed."""
    head, tail = span.head, span.tail
    trailing = _TRAILING.match(tail.utterance.text, tail.end)
    end = trailing.end() if trailing else tail.end
    if head.utterance is tail.utterance:
        text = head.utterance.text[head.begin:end]
        start, stop = span_times(head.utterance, head.begin, end)
    else:
        ids = _utterance_ids(span)
        middle = [u.text for u in span.run.utterances if u.id in ids[1:-1]]
        text = " ".join([head.utterance.text[head.begin:].strip(), *middle, tail.utterance.text[:end].strip()])
        start = span_times(head.utterance, head.begin, len(head.utterance.text))[0]
        stop = span_times(tail.utterance, 0, end)[1]
    return Quote(text=" ".join(text.split()), start=start, end=max(start, stop),
                 speaker=head.utterance.speaker, utterance=head.utterance.id)


def _after(span: _Span) -> str:
    """What the speaker says next: the rest of the run, then their next run when
    only a backchannel came between."""
    tail = span.tail.utterance
    rest = [u.text for u in span.run.utterances[span.run.utterances.index(tail) + 1:]]
    later = [u.text for u in span.next_run.utterances] if span.next_run else []
    return " ".join([tail.text[span.tail.end:], *rest, *later])


def _before(span: _Span) -> str:
    head = span.head.utterance
    earlier = [u.text for u in span.run.utterances[:span.run.utterances.index(head)]]
    return " ".join([*earlier, head.text[:span.head.begin]])


def _first_sentence(text: str) -> str:
    spans = split_spans(text)
    return text[spans[0][0]:spans[0][1]] if spans else text


def _meaning_reasons(span: _Span, quote: Quote) -> list[str]:
    before = _before(span)
    reasons = ending_reasons(quote.text, _after(span), printed=True)
    reasons += pointer_reasons(quote.text) or _person_reasons(quote.text)
    reasons += _reported_reasons(quote.text, before) or frame_reasons(before)
    return reasons


def _person_reasons(text: str) -> list[str]:
    who = unnamed_person(text)
    return [f"'{who}' in it stands for someone it never names"] if who else []


def _reported_reasons(text: str, before: str) -> list[str]:
    """Someone else's words: reported speech, or a quotation inside the answer, or
    mostly such a quotation ("The button of 'I never want to leave here.'")."""
    if opens_inside_quotation(text):
        return ["starts inside quotation marks: someone else's words"]
    inner = sum(len(words_of(m.group(0))) for m in _INNER_QUOTE.finditer(text))
    unclosed = text.rfind("“")
    if unclosed > text.rfind("”"):  # a quotation that runs on past the quote's end
        inner += len(words_of(text[unclosed:]))
    if inner and inner * 2 >= len(words_of(text)):
        return ["is mostly words in quotation marks, not the speaker's own"]
    for found in _REPORTS.finditer(text):
        if found.group("who").lower() not in _SELF:
            return [f"reports someone else's words ('{_short(found.group(0), 40)}')"]
    last_before = before[before.rfind(".") + 1:] if "." in before else before
    frame = _REPORTED_BEFORE.search(last_before)
    if frame and frame.group("who").lower() not in _SELF:
        return [f"is someone else's words, introduced by '{_short(frame.group(0).strip(), 40)}'"]
    if before.rstrip().endswith(_OPEN_QUOTE):
        return ["sits inside quotation marks: someone else's words"]
    return []


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


# -- the public API ------------------------------------------------------------

def check_quote(interview: Interview, text_or_quote: str | Quote) -> QuoteCheck:
    """Check one quote against the interview; see the module docstring for the rules.

    For many checks on one interview build a `QuoteIndex` once and call `check`.
    """
    return QuoteIndex(interview).check(text_or_quote)


def _word_count(text: str) -> int:
    return len(words_of(text))


def _sentence_quotes(run: list[Sentence]) -> Quote:
    first, last = run[0], run[-1]
    return Quote(text=first.utterance.text[first.begin:last.end], start=first.start, end=last.stop,
                 speaker=first.utterance.speaker, utterance=first.utterance.id)


def _sentence_candidates(picked: list[Sentence], ordered: list[Sentence]) -> list[Quote]:
    """Each picked sentence as a quote, and a short one together with the sentence
    after it in its utterance, within the length a pull quote can have."""
    position = {id(s): i for i, s in enumerate(ordered)}
    out = []
    for s in picked:
        if QUOTE_MIN_WORDS <= _word_count(s.text) <= QUOTE_MAX_WORDS:
            out.append(_sentence_quotes([s]))
        i = position.get(id(s), len(ordered))
        after = ordered[i + 1] if i + 1 < len(ordered) else None
        short = after is not None and after.utterance is s.utterance and _word_count(s.text) < 10
        if after and short and QUOTE_MIN_WORDS <= _word_count(s.text + " " + after.text) <= QUOTE_MAX_WORDS:
            out.append(_sentence_quotes([s, after]))
    return out


def _inside(s: Sentence, m: Moment) -> bool:
    return s.utterance.id in m.utterances and m.start <= s.start and s.stop <= m.end


def moment_quote(moment: Moment, sentences: list[Sentence], index: QuoteIndex,
                 accept: Callable[[Quote], bool] | None = None) -> QuoteCheck | None:
    """The most quotable passing quote inside `moment` that `accept` (if given)
    takes; when none passes, the first refusal (so the caller can say why), or
    None when the moment holds no sentence of the right length."""
    inside = sorted((s for s in sentences if _inside(s, moment)), key=lambda s: (-s.feats["quotable"], s.start))
    refused: QuoteCheck | None = None
    for quote in _sentence_candidates(inside, sentences):
        check = index.check(quote)
        if check.ok and check.quote and (accept is None or accept(check.quote)):
            return check
        if check.ok:
            check = QuoteCheck(False, ["too long for a post, or the same quote as another post"], check.quote)
        refused = refused or check
    return refused


def pull_quotes(interview: Interview, n: int = 3, index: QuoteIndex | None = None) -> list[QuoteCheck]:
    """The `n` best passing quotes, at most one per utterance: the card's own
    quotes first (the editor's choice), then the moments' best lines by score,
    then the most quotable guest sentences."""
    index = index or QuoteIndex(interview)
    sentences = guest_sentences(interview)
    candidates: list[Quote] = list(interview.card.quotes) if interview.card else []
    for m in sorted(interview.moments, key=lambda m: -m.score):
        best = moment_quote(m, sentences, index)
        if best and best.ok and best.quote:
            candidates.append(best.quote)
    ranked = sorted(sentences, key=lambda s: (-s.feats["quotable"], s.start))
    candidates += _sentence_candidates([s for s in ranked if s.feats["quotable"] > 0], sentences)
    chosen: list[QuoteCheck] = []
    for quote in candidates:
        if len(chosen) >= n:
            break
        if any(quote.utterance == c.quote.utterance for c in chosen if c.quote):
            continue
        check = index.check(quote)
        if check.ok and check.quote and all(check.quote.utterance != c.quote.utterance for c in chosen if c.quote):
            chosen.append(check)
    return chosen
