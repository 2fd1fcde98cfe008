"""Coaching: figures about the interviewer, and what they mean in plain words.

Numbers alone do not coach anyone, so each figure that has a rule of thumb
gets a sentence comparing it with the target ("You spoke 41 % of the time;
strong interviews stay under 20 %."). The targets are the usual advice for
long-form interviews, kept as constants here so they are easy to argue with.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from greenroom.analyze import promotion
from greenroom.analyze.registry import Context, analyzer
from greenroom.analyze.turns import (
    JUDGED_KINDS,
    KINDS,
    TOPICS,
    answer_text,
    clean,
    ends_answer,
    guest_ids,
    interviewer_ids,
    question_text,
    words,
)
from greenroom.language import is_english, language_name
from greenroom.model import Interview, Metrics, Utterance
from greenroom.text import moves
from greenroom.text.questions import ask_kind

TALK_TARGET = 0.20  # strong interviews: the interviewer speaks under a fifth of the time
OPEN_TARGET = 0.60
FOLLOW_UP_TARGET = 0.30
QUESTION_WORDS_LIMIT = 25
INTERRUPT_TOLERANCE_MS = 250  # caption rounding is not an interruption
MONOLOGUES = 3
PROMOTION_WARN = 0.15
MOVE_ADVICE_MIN = 3  # follow-ups needed before their mix is worth a sentence
ELABORATE_HEAVY = 0.6  # share of follow-ups that only asked for more, above which digging is advised


def pct(value: float) -> str:
    return f"{round(value * 100)} %"


def talk_ms(interview: Interview, ids: set[str]) -> int:
    return sum(max(0, u.duration) for u in interview.utterances if u.speaker in ids)


def count_interruptions(interview: Interview, asks: set[str], answers: set[str]) -> int:
    """Interviewer utterances that start while the latest guest utterance is still running."""
    count, guest_end = 0, None
    for u in sorted(interview.utterances, key=lambda u: (u.start, u.end)):
        if u.speaker in asks and guest_end is not None and u.start < guest_end - INTERRUPT_TOLERANCE_MS:
            count += 1
        if u.speaker in answers:
            guest_end = u.end
    return count


def words_per_minute(interview: Interview) -> dict[str, float]:
    """Speaking pace per speaker display name (words over that speaker's talk time)."""
    spoken: Counter[str] = Counter()
    timed: Counter[str] = Counter()
    for u in interview.utterances:
        name = interview.speaker_name(u.speaker) or (u.speaker or "unknown")
        spoken[name] += len(words(clean(u.text)))
        timed[name] += max(0, u.duration)
    return {name: round(spoken[name] * 60000 / timed[name], 1) for name in spoken if timed[name] > 0}


def longest_monologues(interview: Interview, answers: set[str]) -> list[dict[str, Any]]:
    """The guest's longest stretches, top 3: consecutive utterances of one guest,
    bridging the interviewer's backchannels ("Mm-hm."), which do not take the floor."""
    stretches: list[list[Utterance]] = []
    for u in sorted(interview.utterances, key=lambda u: (u.start, u.end)):
        if u.speaker in answers and stretches and stretches[-1] and stretches[-1][-1].speaker == u.speaker:
            stretches[-1].append(u)
        elif u.speaker in answers:
            stretches.append([u])
        elif ends_answer(u):
            stretches.append([])
    return sorted((_stretch(interview, s) for s in stretches if s), key=lambda r: r["ms"],
                  reverse=True)[:MONOLOGUES]


def _stretch(interview: Interview, run: list[Utterance]) -> dict[str, Any]:
    first, last = run[0], run[-1]
    return {"speaker": interview.speaker_name(first.speaker) or first.speaker, "start": first.start,
            "end": last.end, "ms": last.end - first.start, "utterance": first.id,
            "utterances": [u.id for u in run]}


def question_words(interview: Interview) -> list[int]:
    return [len(words(clean(question_text(interview, t)))) for t in interview.turns]


def open_asks(interview: Interview) -> int:
    """Questions that invite an account: open or closed is what the guest can answer with,
    whatever else is wrong with the question, so a double-barreled "What ... and how ...?"
    is still open (`text.questions.ask_kind`) and "Could you tell a story or give us an
    example?" is one open request. A turn the analyzer called open or closed keeps that
    kind, which a judge may have confirmed (`turns.confirmed_kind`)."""
    english = is_english(interview.language)
    return sum((t.kind if t.kind in ("open", "closed") else ask_kind(question_text(interview, t), english)) == "open"
               for t in interview.turns)


def turn_moves(interview: Interview) -> dict[str, str]:
    """Each turn's NewsInterview move (`text.moves`), by turn id. Whether a turn stays on the last
    answer is the turn analyzer's `follow_up_of`, so the mix agrees with the follow-up rate; the
    rules are English, so another language gets no moves."""
    if not is_english(interview.language):
        return {}
    by_turn: dict[str, str] = {}
    previous = None
    for index, turn in enumerate(interview.turns):
        said = answer_text(interview, previous) if previous else ""
        asked = question_text(interview, previous) if previous else ""
        found = moves.move(question_text(interview, turn), said, asked, first=index == 0,
                           follows_up=bool(turn.follow_up_of))
        by_turn[turn.id] = found if found in moves.ASKING_MOVES else "other"
        previous = turn
    return by_turn


def move_mix(by_turn: dict[str, str], turn_ids: set[str] | None = None) -> dict[str, int]:
    """How many turns (of `turn_ids`, default all) made each move, in the taxonomy's order."""
    counts = Counter(move for tid, move in by_turn.items() if turn_ids is None or tid in turn_ids)
    return {move: counts[move] for move in moves.MOVES if counts[move]}


def build_metrics(interview: Interview) -> Metrics:
    """Every figure, then the verdicts that read them."""
    asks = interviewer_ids(interview)
    answers = guest_ids(interview, asks)
    mine, theirs = talk_ms(interview, asks), talk_ms(interview, answers)
    turns = interview.turns
    lengths = question_words(interview)
    metrics = Metrics(
        talk_ratio=round(mine / (mine + theirs), 3) if asks and answers and mine + theirs else None,
        interviewer_ms=mine, guest_ms=theirs,
        questions={kind: sum(t.kind == kind for t in turns) for kind in KINDS},
        follow_up_rate=round(sum(bool(t.follow_up_of) for t in turns) / len(turns), 3) if turns else None,
        interruptions=count_interruptions(interview, asks, answers),
        words_per_minute=words_per_minute(interview),
        longest_monologues=longest_monologues(interview, answers),
    )
    by_topic = Counter(t.topic or "other" for t in turns)
    opened = open_asks(interview)
    by_turn = turn_moves(interview)
    metrics.extra = {
        "moves": move_mix(by_turn),
        "follow_up_moves": move_mix(by_turn, {t.id for t in turns if t.follow_up_of}),
        "turn_moves": by_turn,
        "questions_by_topic": {topic: by_topic[topic] for topic in (*TOPICS, "other") if by_topic[topic]},
        "open_asks": opened,
        "open_share": round(opened / len(turns), 3) if turns else None,
        "avg_question_words": round(sum(lengths) / len(lengths), 1) if lengths else None,
        "interviewer": sorted(interview.speaker_name(i) or i for i in asks),
        "promotion_share": promotion.promotion_share(interview),
        "promotion_by_chapter": promotion.promotion_by_chapter(interview),
    }
    metrics.verdicts = verdicts(interview, metrics, speakers=len({u.speaker for u in interview.utterances}))
    return metrics


def verdicts(interview: Interview, m: Metrics, speakers: int) -> list[str]:
    """Three to five plain sentences with numbers and a target for each."""
    if speakers < 2:
        return [("Only one speaker was found, so there is no interviewer and guest to compare: "
                 "split or label the speakers (greenroom speakers) to get coaching.")]
    if m.talk_ratio is None:
        return [("No interviewer was found (nobody asked a question): set the interviewer's role "
                 "(greenroom speakers) to get coaching.")]
    lines = [_talk_verdict(m.talk_ratio)]
    asked = sum(m.questions.values())
    if not asked:
        lines.append("No questions were found: nothing ended with \"?\" or opened with a prompt like \"Tell me about\".")
    else:
        follow_up = _follow_up_verdict(m.follow_up_rate or 0.0, asked)
        advice = _moves_advice(m.extra.get("follow_up_moves", {}), m.extra.get("moves", {}))
        lines += [_open_verdict(m.extra["open_asks"], asked), f"{follow_up} {advice}".strip(),
                  _length_verdict(m.extra["avg_question_words"] or 0.0)]
    if interview.source.timing == "exact":
        lines.append(_interruption_verdict(m.interruptions))
    else:  # times spread evenly over the text: nobody can overlap, so "you never interrupted" would be made up
        lines.append("Interruptions can't be told from this transcript: its times are estimated, not measured.")
    share = m.extra["promotion_share"]
    if share >= PROMOTION_WARN and len(lines) < 5:
        lines.append(f"{pct(share)} of the talk was promotion (release dates, plugs); keep it short and near the end.")
    if not is_english(interview.language):
        note = (f"The question rules are English; in this {language_name(interview.language or '')} interview "
                "question kinds and topics are rough.")
        lines = lines[:4] + [note]
    return lines[:5]


def _talk_verdict(ratio: float) -> str:
    if ratio <= TALK_TARGET:
        return f"You spoke {pct(ratio)} of the time; strong interviews stay under {pct(TALK_TARGET)}, and you did."
    return f"You spoke {pct(ratio)} of the time; strong interviews stay under {pct(TALK_TARGET)}."


def _open_verdict(open_count: int, asked: int) -> str:
    share = open_count / asked
    advice = "good" if share >= OPEN_TARGET else "turn yes/no questions into \"how\" and \"what\" ones"
    return f"{open_count} of {asked} questions were open ({pct(share)}; aim for {pct(OPEN_TARGET)} or more): {advice}."


def _follow_up_verdict(rate: float, asked: int) -> str:
    count = round(rate * asked)
    advice = "you listened and built on answers" if rate >= FOLLOW_UP_TARGET else \
        "pick up a detail from the last answer more often"
    return f"{count} of {asked} questions followed up on an answer ({pct(rate)}; aim for about " \
           f"{pct(FOLLOW_UP_TARGET)}): {advice}."


def _moves_advice(follow_ups: dict[str, int], every: dict[str, int]) -> str:
    """What the follow-ups did, in the NewsInterview moves (`follow_ups`: the moves of the turns that
    followed up), and what to try when they only asked the guest to go on ("7 of 9 follow-ups only
    asked to elaborate; none probed or challenged"). A challenge counts wherever it came (`every`:
    all turns' moves): pushing back is about what was said, whatever the turn analyzer decided.
    Empty when there are too few follow-ups to say."""
    total = sum(follow_ups.values())
    if total < MOVE_ADVICE_MIN:
        return ""
    elaborate = follow_ups.get("follow-up-elaborate", 0)
    probed, challenged = follow_ups.get("follow-up-probe", 0), every.get("challenge", 0)
    if elaborate / total >= ELABORATE_HEAVY:
        if not probed and not challenged:
            return (f"{elaborate} of {total} follow-ups only asked to elaborate; none probed or challenged: "
                    "ask why, or what exactly, when an answer stays general.")
        return (f"{elaborate} of {total} follow-ups only asked to elaborate: dig into a detail or a why "
                "more often.")
    parts = [f"{count} {_MOVE_WORDS[name]}" for name, count in follow_ups.items()
             if name in _MOVE_WORDS and name != "challenge"]
    pushed = (f"you challenged a claim {'once' if challenged == 1 else f'{challenged} times'}" if challenged
              else "you never challenged a claim")
    return f"Of {total} follow-ups, {', '.join(parts)}; {pushed}."


_MOVE_WORDS = {"follow-up-probe": "probed", "follow-up-elaborate": "asked for more",
               "follow-up-re-ask": "asked again", "verification": "checked a fact", "challenge": "challenged",
               "opinion": "asked an opinion", "broadening": "widened the question"}


def _length_verdict(average: float) -> str:
    if average > QUESTION_WORDS_LIMIT:
        return f"Your questions averaged {average:.0f} words; above {QUESTION_WORDS_LIMIT}, cut the preamble " \
               "and ask one thing at a time."
    return f"Your questions averaged {average:.0f} words: short enough to leave the floor to the guest."


def _interruption_verdict(count: int) -> str:
    if not count:
        return "You never started speaking while the guest was still talking."
    times = "once" if count == 1 else f"{count} times"
    return f"You started speaking while the guest was still talking {times}; let answers land before you come in."


@analyzer("coaching", requires=("turns",), assigns=("metrics",))
def analyze_coaching(interview: Interview, context: Context) -> None:
    """Interviewer coaching metrics, promotion share and plain-English verdicts."""
    metrics = build_metrics(interview)
    judged = context.cache.get(JUDGED_KINDS)
    if judged:  # the judge's answers on doubtful kinds, as evidence beside the figures
        metrics.extra["judged_kinds"] = judged
    if interview.metrics is not None:  # figures other analyzers put in `extra` survive a re-run
        metrics.extra = {**interview.metrics.extra, **metrics.extra}
    if not judged:  # a run without a judge leaves no answers of an earlier one behind
        metrics.extra.pop("judged_kinds", None)
    interview.metrics = metrics
