"""Turns: the interviewer's questions paired with the guest's answers.

Everything here is plain rules over the text, so an editor can check why a
question was called closed or a follow-up. What counts as a question, its kind,
follow-ups and who asks are `greenroom.text.questions` (the same rules the
coaching and the question linter read); this module pairs questions with answers
and gives each a topic.

The helpers (`sentences`, `interviewer_ids`, `question_text`, ...) are shared
with the coaching and privacy analyzers so all three agree on who asks.
"""

from __future__ import annotations

import re
from typing import Any

from greenroom.analyze.registry import Context, analyzer
from greenroom.backends.judge import JudgeError
from greenroom.language import is_english
from greenroom.model import Interview, Turn, Utterance
from greenroom.text import lint_rules, questions, topics
from greenroom.text.moves import doubtful_kind
from greenroom.text.questions import is_follow_up, is_question

KINDS = ("open", "closed", "leading", "double-barreled")
TOPICS = ("craft", "process", "experience", "personal", "career", "advocacy", "promotion")
OTHER_TOPIC = "other"
BACKCHANNEL_WORDS = 4  # an interviewer "Wow, really." does not end the guest's answer
ANSWER_TOPIC_WEIGHT = 0.2  # the question names its topic; the answer only breaks ties
# A judge (AnalysisOptions.judge) is asked about doubtful kinds only (`text.moves.doubtful_kind`): one
# specific yes/no question for each kind, and its verdict is kept only when exactly one says yes.
JUDGE_CLOSED = ("Can the interviewer's question be answered fully with yes, no, or one short fact "
                "such as a name, a number or a date?")
JUDGE_OPEN = "Does the interviewer's question ask the guest to explain, describe or tell a story?"
JUDGE_WORDS = 80  # of the asking sentence: enough to read, short enough for a small model
JUDGED_KINDS = "judged_kinds"  # Context.cache key: the judge's answers, for the coaching's evidence

# Other analyzers read these through this module; they live in text.questions.
STOPWORDS = questions.STOPWORDS
asking_part = questions.asking_part
content_words = questions.content_words
clean = questions.clean
sentences = questions.sentences

_WORD = re.compile(r"[\w'’]+")

TOPIC_PATTERNS = topics.patterns()  # text/data/topics.toml; moments reads craft and process


# -- text helpers -------------------------------------------------------

def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


# -- who asks -----------------------------------------------------------

def interviewer_ids(interview: Interview) -> set[str]:
    """Speakers who ask (`text.questions.askers`): by role, else the guess an import
    makes, else the one asking most. Roles are not written back: a guess about roles
    belongs to `capture.roles`, where the user can correct it."""
    return questions.askers(interview)


def guest_ids(interview: Interview, interviewers: set[str]) -> set[str]:
    """Everyone who answers: guests by role, else every non-interviewer not marked "other"."""
    spoken = {u.speaker for u in interview.utterances if u.speaker}
    by_role = {s.id for s in interview.speakers if s.role == "guest"} & spoken
    if by_role:
        return by_role
    others = {s.id for s in interview.speakers if s.role == "other"}
    return spoken - interviewers - others


# -- classification -----------------------------------------------------

def classify(question: str, english: bool = True) -> str:
    """open / closed / leading / double-barreled, from the asking sentences
    (`text.questions`).

    Double-barreled wins (two questions in one is the flaw to fix first), then
    leading, then the ask's kind: closed (yes/no or a single fact) or open; in
    another language than English, open.
    """
    if questions.is_double(question):
        return "double-barreled"
    if questions.is_leading(question):
        return "leading"
    return questions.ask_kind(question, english)


def intrusive_topic(question: str) -> str | None:
    """The private matter a question pries into (health, money...), or None: the
    linter's rules (`text.lint_rules`, whose words are privacy's), so a host's question
    and a planned one are judged alike, and a word of the work ("the divorce scene")
    pries into nothing."""
    return lint_rules.intrusive_topic(clean(question))


def topic_of(question: str, answer: str = "") -> str:
    """The lexicon topic with the most hits; the answer counts a little, ties go
    to the earlier (more specific) topic in text/data/topics.toml."""
    if intrusive_topic(question):
        return "personal"
    scores = {name: len(p.findall(clean(question))) + ANSWER_TOPIC_WEIGHT * len(p.findall(clean(answer)))
              for name, p in TOPIC_PATTERNS.items()}
    best = max(scores, key=lambda name: scores[name])
    return best if scores[best] > 0 else OTHER_TOPIC


# -- the judge on doubtful kinds -------------------------------------------

def judge_passage(question: str) -> str:
    """What the judge reads: the first asking sentence as spoken (lead-ins kept), at most JUDGE_WORDS
    words from its end, where the ask is."""
    parts = questions.asking_part(question) or [clean(question)]
    said = parts[0].split()
    return "Interviewer: " + " ".join(said[-JUDGE_WORDS:])


def judged_kind(question: str, judge: Any) -> tuple[str | None, dict[str, float]]:
    """The kind a judge gives a question, open or closed, or None when its two answers do not
    agree on exactly one kind (or it cannot answer); with its P(yes) per question."""
    try:
        answers = judge.ask(judge_passage(question), [JUDGE_CLOSED, JUDGE_OPEN])
    except JudgeError:
        return None, {}
    closed, opened = answers[JUDGE_CLOSED] > 0.5, answers[JUDGE_OPEN] > 0.5
    kind = "closed" if closed and not opened else "open" if opened and not closed else None
    return kind, {"closed": round(answers[JUDGE_CLOSED], 3), "open": round(answers[JUDGE_OPEN], 3)}


def confirmed_kind(question: str, kind: str, judge: Any, english: bool) -> tuple[str, dict[str, Any] | None]:
    """The rules' kind, or the judge's where the rules are doubtful and the judge names one of
    open and closed (double-barreled and leading stay the rules'); with the evidence when asked."""
    if judge is None or not english or kind not in ("open", "closed") or not doubtful_kind(question):
        return kind, None
    judged, answers = judged_kind(question, judge)
    evidence = {"model": getattr(judge, "name", "judge"), "rules": kind, "judge": judged, "answers": answers}
    return (judged if judged in ("open", "closed") else kind), evidence


# -- pairing ------------------------------------------------------------

def _texts(by_id: dict[str, Utterance], ids: list[str]) -> str:
    return " ".join(by_id[i].text for i in ids if i in by_id)


def question_text(interview: Interview, turn: Turn) -> str:
    """The full text of a turn's question utterances (setup included)."""
    return _texts({u.id: u for u in interview.utterances}, turn.question)


def answer_text(interview: Interview, turn: Turn) -> str:
    return _texts({u.id: u for u in interview.utterances}, turn.answer)


def ends_answer(u: Utterance) -> bool:
    """An interviewer's question or statement closes an answer; a backchannel
    ("Wow, really.") does not."""
    return is_question(u.text) or len(words(clean(u.text))) > BACKCHANNEL_WORDS


def is_echo(text: str, said: str) -> bool:
    """A short repeat of the guest's own words with a question mark ("Law &
    Order?" after "... watching Law & Order"): a nudge to go on, not a question,
    so it neither opens a turn nor counts as an open question."""
    mine = words(clean(text))
    return (0 < len(mine) <= BACKCHANNEL_WORDS and is_question(text)
            and set(mine) <= set(words(clean(said))))


def pair(interview: Interview) -> list[tuple[list[str], list[str]]]:
    """(question ids, answer ids) in order.

    Interviewer statements right before a question are its setup and join it;
    questions asked back to back, or a statement before any answer, join the
    open question; a statement after the answer closes it (a guest's "thank
    you" to a promo line is not an answer); backchannels and echoes
    (`is_echo`) change nothing.
    """
    asks = interviewer_ids(interview)
    answers = guest_ids(interview, asks)
    if not asks or not answers:
        return []
    pairs: list[tuple[list[str], list[str]]] = []
    setup: list[str] = []
    current: tuple[list[str], list[str]] | None = None
    said = ""  # the guest's last utterance
    for u in sorted(interview.utterances, key=lambda u: (u.start, u.end)):
        if u.speaker in answers:
            setup, said = [], u.text
            if current is not None:
                current[1].append(u.id)
        elif u.speaker not in asks or not ends_answer(u) or is_echo(u.text, said):
            continue
        elif current is not None and not current[1]:
            current[0].extend(setup + [u.id])
            setup = []
        elif is_question(u.text):
            current = (setup + [u.id], [])
            pairs.append(current)
            setup = []
        else:
            current = None
            setup.append(u.id)
    return pairs


def build_turns(interview: Interview, judge: Any = None,
                judged: dict[str, dict[str, Any]] | None = None) -> list[Turn]:
    """Turns with kind, topic and follow-up link, ids t1, t2, ... With a `judge`, doubtful
    open/closed kinds are put to it (`confirmed_kind`); its answers go into `judged` by turn id."""
    by_id = {u.id: u for u in interview.utterances}
    english = is_english(interview.language)
    turns: list[Turn] = []
    for index, (question_ids, answer_ids) in enumerate(pair(interview), start=1):
        question, answer = _texts(by_id, question_ids), _texts(by_id, answer_ids)
        previous = turns[-1] if turns else None
        follow = previous is not None and is_follow_up(question, _texts(by_id, previous.answer))
        kind, evidence = confirmed_kind(question, classify(question, english), judge, english)
        if evidence is not None and judged is not None:
            judged[f"t{index}"] = evidence
        turns.append(Turn(id=f"t{index}", question=question_ids, answer=answer_ids,
                          kind=kind, topic=topic_of(question, answer),
                          follow_up_of=previous.id if follow and previous else None))
    return turns


@analyzer("turns", requires=("utterances",), assigns=("turns",))
def analyze_turns(interview: Interview, context: Context) -> None:
    """Pair interviewer questions with guest answers; classify kind, topic, follow-ups (a judge,
    when given and `judge_kinds` is on, confirms the kinds the rules are unsure of)."""
    judged: dict[str, dict[str, Any]] = {}
    judge = context.options.judge if context.options.judge_kinds else None
    interview.turns = build_turns(interview, judge, judged)
    context.cache[JUDGED_KINDS] = judged
