"""Choosing a highlight reel: moments, cut on word boundaries, filling a time budget.

`choose` is pure: it reads an interview's moments, words, turns, chapters and
flags and returns a `Highlights` cut list for the caller to store.

A reel is cut from *units* that are never split: sentences (words up to one that
ends in `.`, `!`, `?` or `…`), single words when mid-sentence cuts are allowed,
or a whole utterance that has no word times. Each unit carries padded edges, a
little air before and after its words, clamped to the middle of the silence
around it and to the edges of passages flagged to cut. So a cut never holds part
of another word, never touches an off-the-record passage, and two cuts never
overlap.

Picking is greedy by value: the moment's score, times `SAME_KIND` for every
earlier pick of its kind and `SAME_CHAPTER` for every earlier pick from its
chapter (variety), times the square root of the share kept when whole sentences
had to be dropped from its end to fit. While the total is still more than the
tolerance under budget, chosen cuts then grow by adjacent units: forward within
the speaker's run, then backward (a lead-in, or the question). `order="story"`
opens on a quotable or funny cut, closes on a strong line (each only when it
scores at least half the best cut, else the best cut opens or closes) and
keeps the middle in time order; `order="time"` is chronological.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from greenroom.errors import InputError
from greenroom.model import (
    Cut,
    Flag,
    Highlights,
    Interview,
    Moment,
    Utterance,
    Word,
    ends_sentence,
)

PAD_BEFORE_MS = 150  # air before the first word of a cut
PAD_AFTER_MS = 250  # and after the last, where a voice decays
SAME_KIND = 0.8
SAME_CHAPTER = 0.85
TOP_MOMENTS = 5  # the best moments whose absence gets a note
MAX_LEAD_IN_MS = 10_000  # answer before a moment that `with_question` may carry along
REEL_FLOOR = 0.01  # a moment scoring less is talk, not a highlight (see `_moments`)
STORY_SHARE = 0.5  # an opener or closer of the preferred kinds needs this share of the best score
OPENERS = ("quotable", "humor")
CLOSERS = ("quotable", "emotion", "craft")
ORDERS = ("story", "time")


@dataclass(frozen=True)
class Unit:
    """A stretch never split by a cut, with how far a cut around it may reach."""

    start: int
    end: int
    lead: int  # earliest start of a cut opening here (padding clamped into silence)
    tail: int  # latest end of a cut closing here
    utterance: str
    speaker: str | None
    text: str
    blocked: bool  # overlaps a passage flagged to cut
    joins_next: bool = True  # False when the silence before the next unit is flagged to cut


@dataclass(frozen=True)
class Option:
    """One way to cut a moment: units `first..last`, the moment itself from `core`."""

    moment: Moment
    first: int
    core: int
    last: int
    chapter: int
    question: bool
    note: str = ""  # why there is no question, when one was asked for


@dataclass
class Pick:
    option: Option
    first: int
    last: int
    value: float
    grown: int = 0
    role: str = ""


def choose(interview: Interview, budget_ms: int, *, kinds: Iterable[str] | None = None,
           with_question: bool = False, order: str = "story", tolerance_ms: int = 1000,
           allow_mid_sentence: bool = False) -> Highlights:
    """The cut list that best fills `budget_ms` (±`tolerance_ms`, never over it).

    `kinds` keeps only moments of those kinds; `with_question` opens each answer
    with the interviewer's question (from `turns`) where it fits; `order` is
    "story" or "time". Raises `InputError` naming the interview when it has no
    moments (or none of `kinds`), when every moment is flagged to cut, or when
    the budget is shorter than the shortest possible cut.
    """
    if order not in ORDERS:
        raise ValueError(f"order must be one of {ORDERS}, got {order!r}")
    kinds = [k.strip().lower() for k in kinds if k.strip()] if kinds is not None else None
    wanted = _moments(interview, kinds)
    if budget_ms <= 0:
        raise InputError(interview.id, f"budget must be positive, got {budget_ms} ms")
    units = units_of(interview, by_word=allow_mid_sentence)
    options, notes = _options(interview, units, wanted, with_question)
    _check_budget(interview, units, options, budget_ms, tolerance_ms)
    asked = {uid for turn in interview.turns for uid in turn.question}
    picks = _search(units, options, asked, budget_ms, tolerance_ms)
    ordered = _story(picks) if order == "story" else sorted(picks, key=lambda p: units[p.first].start)
    step = "word" if allow_mid_sentence else "sentence"
    cuts = [_cut(units, p, f"c{i}", step, asked) for i, p in enumerate(ordered, 1)]
    notes += _left_out(wanted, options, cuts)
    notes += _shortfall(cuts, budget_ms, tolerance_ms)
    return Highlights(budget_ms, cuts, order, kinds or [], with_question, notes)


# -- units --------------------------------------------------------------------

def units_of(interview: Interview, by_word: bool = False) -> list[Unit]:
    """Every unit of the interview in time order, padded and checked against flags."""
    flags = [f for f in interview.flags if f.action == "cut"]
    pieces = sorted(((s, e, text, u.id, u.speaker) for u in interview.utterances
                     for s, e, text in _pieces(u, by_word)), key=lambda p: (p[0], p[1]))
    media_end = interview.source.duration
    units: list[Unit] = []
    prev_end: int | None = None
    for i, (start, end, text, uid, speaker) in enumerate(pieces):
        next_start = pieces[i + 1][0] if i + 1 < len(pieces) else None
        tail = _tail(end, next_start, flags)
        if media_end and next_start is None and end <= media_end:
            tail = min(tail, media_end)
        bridge = next_start is None or not any(f.start < next_start and end < f.end for f in flags)
        units.append(Unit(start, end, _lead(start, prev_end, flags), tail, uid, speaker, text,
                          any(_touches(start, end, f) for f in flags), bridge))
        prev_end = end if prev_end is None else max(prev_end, end)
    return units


def _pieces(u: Utterance, by_word: bool) -> list[tuple[int, int, str]]:
    """(start, end, text) of one utterance's units; the utterance itself when it has no words."""
    words = sorted((w for w in u.words if w.end >= w.start), key=lambda w: (w.start, w.end))
    if not words:
        return [(u.start, max(u.start, u.end), " ".join(u.text.split()))]
    groups: list[list[Word]] = [[]]
    for w in words:
        groups[-1].append(w)
        if by_word or ends_sentence(w.text):
            groups.append([])
    return [(g[0].start, max(w.end for w in g), " ".join(w.text.strip() for w in g)) for g in groups if g]


def _lead(start: int, prev_end: int | None, flags: list[Flag]) -> int:
    floor = 0 if prev_end is None else (prev_end + start) // 2 if prev_end <= start else start
    floor = max([floor] + [f.end for f in flags if f.end <= start])
    return max(start - PAD_BEFORE_MS, floor)


def _tail(end: int, next_start: int | None, flags: list[Flag]) -> int:
    limits = [end + PAD_AFTER_MS] + [f.start for f in flags if f.start >= end]
    if next_start is not None:
        limits.append((end + next_start) // 2 if next_start >= end else end)
    return min(limits)


def _touches(start: int, end: int, flag: Flag) -> bool:
    return flag.start < max(end, start + 1) and start < flag.end


def _clear(units: list[Unit], first: int, last: int) -> bool:
    """Whether units `first..last` and the silences between them are free of flags to cut."""
    run = units[first:last + 1]
    return not any(u.blocked for u in run) and all(u.joins_next for u in run[:-1])


def _span(units: list[Unit], first: int, last: int) -> tuple[int, int]:
    return units[first].lead, units[last].tail


def _length(units: list[Unit], first: int, last: int) -> int:
    start, end = _span(units, first, last)
    return end - start


# -- options ------------------------------------------------------------------

def _moments(interview: Interview, kinds: list[str] | None) -> list[Moment]:
    """The moments a reel may use: of `kinds`, and scoring at least REEL_FLOOR
    unless none does (a reel of a short chat once closed on "Thanks for having
    me.", a moment scored 0.00 that only filled the budget)."""
    if not interview.moments:
        raise InputError(interview.id, f"no moments yet: run `greenroom analyze {interview.id}` first")
    found = [m for m in interview.moments if not kinds or m.kind in kinds]
    if not found:
        have = ", ".join(sorted({m.kind for m in interview.moments}))
        raise InputError(interview.id, f"no moments of kind {', '.join(kinds or [])} (it has: {have})")
    return [m for m in found if m.score >= REEL_FLOOR] or found


def _options(interview: Interview, units: list[Unit], moments: list[Moment],
             with_question: bool) -> tuple[list[Option], list[str]]:
    """The ways to cut each moment (with its question first, then without) and
    notes on the top moments left out because they are flagged to cut."""
    options: list[Option] = []
    notes: list[str] = []
    top = {m.id for m in sorted(moments, key=lambda m: (-m.score, m.start))[:TOP_MOMENTS]}
    for m in moments:
        core = _core(units, m)
        flag = _cut_flag(interview, units, m, core)
        if flag is not None or core is None:
            if flag is not None and m.id in top:
                notes.append(f"top moment {m.id} ({m.kind}, {m.score:.2f}) left out: {_why_flagged(flag)}")
            continue
        chapter = next((i for i, c in enumerate(interview.chapters) if c.start <= m.start < c.end), -1)
        note = ""
        if with_question:
            first, note = _question(interview, units, core[0])
            if first is not None:
                options.append(Option(m, first, core[0], core[1], chapter, True))
        options.append(Option(m, core[0], core[0], core[1], chapter, False, note))
    return options, notes


def _core(units: list[Unit], m: Moment) -> tuple[int, int] | None:
    """First and last unit of a moment: units mostly inside it, else any it touches."""
    def shared(u: Unit) -> float:
        return (min(u.end, m.end) - max(u.start, m.start)) / max(1, u.end - u.start)

    inside = [i for i, u in enumerate(units) if shared(u) > 0.5]
    inside = inside or [i for i, u in enumerate(units) if shared(u) > 0]
    return (inside[0], inside[-1]) if inside else None


def _cut_flag(interview: Interview, units: list[Unit], m: Moment,
              core: tuple[int, int] | None) -> Flag | None:
    """The flag (action "cut") the moment or its units touch, if any."""
    lo = min(m.start, units[core[0]].start) if core else m.start
    hi = max(m.end, units[core[1]].end) if core else m.end
    return next((f for f in interview.flags if f.action == "cut" and _touches(lo, hi, f)), None)


def _why_flagged(flag: Flag) -> str:
    return "off the record" if flag.kind == "off-the-record" else f"flagged {flag.kind.replace('-', ' ')}"


def _question(interview: Interview, units: list[Unit], core: int) -> tuple[int | None, str]:
    """The first unit of the question asked before the answer at `core`, or why none."""
    answer = units[core].utterance
    turn = next((t for t in interview.turns if answer in t.answer and t.question), None)
    asked = [i for i, u in enumerate(units[:core]) if turn and u.utterance in turn.question]
    if not asked:
        return None, "no question before it"
    first = asked[0]
    if not _clear(units, first, core):
        return None, "its question is flagged to cut"
    lead_in = units[core].start - units[asked[-1]].end
    if lead_in > MAX_LEAD_IN_MS:
        return None, f"question left off: the moment starts {lead_in / 1000:.0f} s after it"
    return first, ""


def _check_budget(interview: Interview, units: list[Unit], options: list[Option],
                  budget: int, tol: int) -> None:
    """`InputError` when nothing can be cut, or even the shortest cut is over budget."""
    if not options:
        raise InputError(interview.id, "every moment touches a passage flagged to cut "
                                       "(off the record, ...): nothing to choose")
    shortest = min(options, key=lambda o: _length(units, o.core, o.core))
    size = _length(units, shortest.core, shortest.core)
    if size > budget + tol:
        raise InputError(interview.id, f"budget {_secs(budget)} is shorter than the shortest possible cut, "
                                       f"{_secs(size)} (the first sentence of {shortest.moment.id}); "
                                       f"ask for at least {math.ceil((size - tol) / 1000)}s")


# -- picking ------------------------------------------------------------------

def _total(units: list[Unit], picks: list[Pick]) -> int:
    return sum(_length(units, p.first, p.last) for p in picks)


def _overlaps(span: tuple[int, int], others: Iterable[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in others)


def _fit(units: list[Unit], opt: Option, taken: list[tuple[int, int]], room: int) -> int | None:
    """Last unit of the longest prefix of `opt` that keeps the moment's first unit,
    fits `room`, overlaps no chosen cut and ends on the speaker of the moment; None
    when even that does not fit."""
    if not _clear(units, opt.first, opt.core):
        return None
    last = None
    for i in range(opt.core, opt.last + 1):
        span = _span(units, opt.first, i)
        if i > opt.core and not _clear(units, i - 1, i):
            break
        if span[1] - span[0] > room or _overlaps(span, taken):
            break
        if units[i].speaker == units[opt.core].speaker:
            last = i  # never end on someone else's line (an interviewer's "Right." inside the story)
    return last


def _value(units: list[Unit], opt: Option, last: int, picks: list[Pick]) -> float:
    kind = sum(p.option.moment.kind == opt.moment.kind for p in picks)
    chapter = sum(opt.chapter >= 0 and p.option.chapter == opt.chapter for p in picks)
    kept = _length(units, opt.core, last) / max(1, _length(units, opt.core, opt.last))
    return opt.moment.score * SAME_KIND ** kind * SAME_CHAPTER ** chapter * math.sqrt(kept)


def _search(units: list[Unit], options: list[Option], asked: set[str], budget: int, tol: int) -> list[Pick]:
    """Greedy picks grown to fill the budget; then the same with each chosen moment
    left out in turn (other moments may fill the budget where the greedy set falls
    short). The best lands within `tol`, then has the most value."""
    def run(usable: list[Option]) -> list[Pick]:
        picks = _greedy(units, usable, budget, tol)
        _fill(units, picks, asked, budget, tol)
        return picks

    def merit(picks: list[Pick]) -> tuple[bool, float]:
        return abs(budget - _total(units, picks)) <= tol, sum(p.value for p in picks)

    best = run(options)
    for left_out in [p.option.moment.id for p in best]:
        trial = run([o for o in options if o.moment.id != left_out])
        if trial and merit(trial) > merit(best):
            best = trial
    return best


def _greedy(units: list[Unit], options: list[Option], budget: int, tol: int) -> list[Pick]:
    """Add the most valuable option that still fits until the budget is met."""
    picks: list[Pick] = []
    while not picks or budget - _total(units, picks) > tol:
        room = budget + tol - _total(units, picks)
        used = {p.option.moment.id for p in picks}
        taken = [_span(units, p.first, p.last) for p in picks]
        best: tuple[float, Option, int] | None = None
        for opt in options:
            last = None if opt.moment.id in used else _fit(units, opt, taken, room)
            if last is not None:
                value = _value(units, opt, last, picks)
                if best is None or value > best[0]:
                    best = (value, opt, last)
        if best is None:
            break
        picks.append(Pick(best[1], best[1].first, best[2], best[0]))
    return picks


def _fill(units: list[Unit], picks: list[Pick], asked: set[str], budget: int, tol: int) -> None:
    """Grow chosen cuts by adjacent units until the total is within `tol` of budget."""
    while budget - _total(units, picks) > tol:
        room = budget + tol - _total(units, picks)
        growth = _growths(units, picks, asked, room)
        if not growth:
            return
        _, _, pick, first, last = min(growth, key=lambda g: (g[0], -g[1]))
        pick.first, pick.last, pick.grown = first, last, pick.grown + 1


def _growths(units: list[Unit], picks: list[Pick], asked: set[str],
             room: int) -> list[tuple[int, int, Pick, int, int]]:
    """(preference, added ms, pick, first, last) for every one-unit growth that fits:
    forward within the speaker's run first, then backward in it, then back into
    the interviewer's question before an answer (never into an earlier answer)."""
    found = []
    for pick in picks:
        others = [_span(units, p.first, p.last) for p in picks if p is not pick]
        here = _length(units, pick.first, pick.last)
        after, before = pick.last + 1, pick.first - 1
        steps = []
        if after < len(units) and units[after].speaker == units[pick.last].speaker:
            steps.append((0, pick.first, after))
        if before >= 0 and units[before].speaker == units[pick.first].speaker:
            steps.append((1, before, pick.last))
        elif before >= 0 and units[before].utterance in asked and units[pick.first].utterance not in asked:
            steps.append((2, before, pick.last))
        for rank, first, last in steps:
            added = _length(units, first, last) - here
            if _clear(units, first, last) and added <= room and not _overlaps(_span(units, first, last), others):
                found.append((rank, added, pick, first, last))
    return found


# -- order and the cut list ---------------------------------------------------

def _story(picks: list[Pick]) -> list[Pick]:
    """Open on the best quotable or funny cut, close on the best strong line, the rest in time order."""
    if not picks:
        return []
    rest = sorted(picks, key=lambda p: p.option.moment.start)
    opener = _best(rest, OPENERS)
    opener.role = f"opens the reel ({opener.option.moment.kind})"
    rest.remove(opener)
    if not rest:
        return [opener]
    closer = _best(rest, CLOSERS)
    strong = closer.option.moment.kind in CLOSERS
    closer.role = f"closes the reel{' on a strong line' if strong else ''} ({closer.option.moment.kind})"
    rest.remove(closer)
    for p in rest:
        p.role = "middle of the reel, in time order"
    return [opener, *rest, closer]


def _best(picks: list[Pick], kinds: tuple[str, ...]) -> Pick:
    """The best pick of `kinds`, if it scores at least STORY_SHARE of the best
    pick of all; else the best of all. The sample's reel opened on a quotable
    moment scored 0.12 with a candid one at 0.85 beside it."""
    def merit(p: Pick) -> tuple[float, int]:
        return p.option.moment.score, -p.option.moment.start
    best = max(picks, key=merit)
    preferred = [p for p in picks if p.option.moment.kind in kinds]
    choice = max(preferred, key=merit) if preferred else best
    return choice if choice.option.moment.score >= STORY_SHARE * best.option.moment.score else best


def _cut(units: list[Unit], pick: Pick, cut_id: str, step: str, asked: set[str]) -> Cut:
    opt, m = pick.option, pick.option.moment
    chosen = units[pick.first:pick.last + 1]
    start, end = _span(units, pick.first, pick.last)
    question = opt.question or (pick.first < opt.core and units[pick.first].utterance in asked)
    return Cut(cut_id, start, end, m.id, m.kind, m.score, _reason(pick, question, step),
               " ".join(u.text for u in chosen if u.text), question,
               list(dict.fromkeys(u.utterance for u in chosen)))


def _reason(pick: Pick, question: bool, step: str) -> str:
    opt, m = pick.option, pick.option.moment
    parts = [f"{m.id}, {m.kind} {m.score:.2f}" + (f": {m.reason.rstrip('.')}" if m.reason else "")]
    if pick.role:
        parts.append(pick.role)
    if pick.last < opt.last:
        kept, whole = pick.last - opt.core + 1, opt.last - opt.core + 1
        parts.append(f"trimmed to {kept} of {whole} {step}s to fit the budget")
    if pick.grown:
        parts.append(f"grown by {pick.grown} {step}{'s' if pick.grown > 1 else ''} to fill the budget")
    if question:
        parts.append("opens with the interviewer's question")
    elif opt.note:
        parts.append(opt.note)
    return "; ".join(parts)


def _left_out(moments: list[Moment], options: list[Option], cuts: list[Cut]) -> list[str]:
    """Notes for top moments that could be cut but are not in the reel."""
    chosen = {c.moment for c in cuts}
    possible = {o.moment.id for o in options}
    notes = []
    for m in sorted(moments, key=lambda m: (-m.score, m.start))[:TOP_MOMENTS]:
        if m.id in chosen or m.id not in possible:
            continue
        overlapping = next((c for c in cuts if c.start < m.end and m.start < c.end), None)
        why = f"overlaps {overlapping.id}" if overlapping else "no room left in the budget"
        notes.append(f"top moment {m.id} ({m.kind}, {m.score:.2f}) left out: {why}")
    return notes


def _shortfall(cuts: list[Cut], budget: int, tol: int) -> list[str]:
    total = sum(c.end - c.start for c in cuts)
    if budget - total <= tol:
        return []
    return [(f"{_secs(total)} of a {_secs(budget)} budget: no more usable material fits "
            f"(what is left is too long, flagged to cut, or not next to a chosen cut)")]


def _secs(ms: int) -> str:
    return f"{ms / 1000:.1f} s"
