"""Moves: what an interviewer's turn does, in the NewsInterview taxonomy of interviewer moves.

The published scheme (alex2awesome/news-interview-question-generation, prompts.py) names what a
journalist's turn is for: a kick-off, an acknowledgement, a follow-up that asks the guest to
elaborate, probes a detail or re-asks an unanswered question, a topic transition, an opinion,
a verification, a challenge, a broadening. Coaching reads the mix ("7 of 9 follow-ups only asked
to elaborate; none probed or challenged"), which says more to a host than "30 % follow-ups".

`move(text, previous_answer, previous_ask, first)` names one host turn's move from rules kept as
data (text/data/moves.toml, each lexicon with example rows the tests check) and from
`text.questions`, the one detector of what asks, its kind and what follows up:

- a turn that asks nothing is an acknowledgement when short and made of backchannels, praise or
  thanks, else `other` (the host's own stories, setups, logistics);
- an ask is, in this order: the kick-off (nothing asked before it), a verification, a challenge,
  a re-ask, a broadening, an opinion, a topic transition (a transition cue, or no follow-up of the
  last answer), else a follow-up that elaborates (asks to go on) or probes (digs into a detail).

`doubtful_kind(text)` says when the open/closed rules of `text.questions` have conflicting
evidence, so a judge (a language model) can be asked about those questions only.
"""

from __future__ import annotations

import re

from greenroom.text import lexicon as _lexicon
from greenroom.text import questions

TOPIC = "moves"
MOVES = ("kick-off", "acknowledgement", "follow-up-elaborate", "follow-up-probe", "follow-up-re-ask",
         "topic-transition", "opinion", "verification", "challenge", "broadening", "other")
FOLLOW_UPS = ("follow-up-elaborate", "follow-up-probe", "follow-up-re-ask")
ASKING_MOVES = tuple(m for m in MOVES if m not in ("acknowledgement", "other"))
ACKNOWLEDGEMENT_WORDS = 12  # longer turns that ask nothing are the host's own talk ("other")
PRAISE_WORDS = 60  # ... unless they open with praise or thanks
CONFIRM_WORDS = 30  # a statement put as a question checks what was said only in a short turn
SHORT_ASK = 15  # words asked: a short ask right after an answer stays on it unless it says it moves on
TRANSITION_SETUP = 20  # words of setup before the ask that mark a new topic
RE_ASK_OVERLAP = 0.6  # share of an ask's content words already in the host's last ask: said again
_WORD = re.compile(r"[\w'’]+")


def lexicon(name: str) -> re.Pattern[str]:
    """The compiled pattern of one lexicon of moves.toml; KeyError for an unknown name."""
    return _lexicon.pattern(TOPIC, name)


def matches(name: str, text: str) -> bool:
    """Whether lexicon `name` finds something in `text` (inline marks removed, curly apostrophes read
    as straight ones)."""
    return bool(lexicon(name).search(questions.clean(text).replace("’", "'")))


def examples() -> list[tuple[str, str, bool]]:
    """(lexicon, text, should match) for every example row in the data."""
    return _lexicon.examples(TOPIC)


def word_count(text: str) -> int:
    return len(_WORD.findall(questions.clean(text)))


def move(text: str, previous_answer: str = "", previous_ask: str = "", first: bool = False,
         follows_up: bool | None = None) -> str:
    """The NewsInterview move of one host turn (one of MOVES). `previous_answer` is what the guest
    said since the host last spoke, `previous_ask` the host's last ask before this turn, `first`
    whether nothing was asked before it in the conversation. `follows_up` is a caller's own
    decision whether the ask stays on the last answer (the turn analyzer's `follow_up_of`, so the
    coaching's counts agree with each other); None: the rules here decide."""
    if not questions.is_question(text):
        return _statement_move(text)
    if first:
        return "kick-off"
    asked = " ".join(questions.asking_part(text)) or text
    for name, rule in (("verification", _verifies), ("challenge", _challenges), ("follow-up-re-ask", _re_asks),
                       ("broadening", _broadens), ("opinion", _asks_opinion)):
        if rule(text, asked, previous_answer, previous_ask):
            return name
    if follows_up is None:
        follows_up = not (matches("transition", text) or _sets_up(text, asked)) and _follows_up(text, asked, previous_answer)
    if not follows_up:
        return "topic-transition"
    return "follow-up-elaborate" if _elaborates(asked) else "follow-up-probe"


def _statement_move(text: str) -> str:
    """A turn that asks nothing: an acknowledgement when short and made of backchannels, praise or
    thanks; else the host's own talk."""
    if questions.clean(text).rstrip().endswith(("—", "–", "-")):
        return "other"  # cut off: the host started something and stopped
    if word_count(text) <= ACKNOWLEDGEMENT_WORDS and matches("acknowledgement", text):
        return "acknowledgement"
    opening = (questions.sentences(text) or [""])[0]
    if word_count(text) <= PRAISE_WORDS and matches("praise", opening):
        return "acknowledgement"
    return "other"


def _verifies(text: str, asked: str, previous_answer: str, previous_ask: str) -> bool:
    """A verification cue anywhere in the turn ("Is that right?", "correct me if..."), or a short
    statement put as a question about the last answer ("So it's not exercise?", "A trail?")."""
    if matches("verification", text):
        return True
    first = questions.first_ask(text)
    form, clause = questions.asking_clause(questions.core(first))
    return (form is None and questions.has_mark(first) and word_count(text) <= CONFIRM_WORDS
            and not matches("elaborate", asked) and not questions.matches("open_fragment", clause))


def _challenges(text: str, asked: str, previous_answer: str, previous_ask: str) -> bool:
    return matches("challenge", text)


def _re_asks(text: str, asked: str, previous_answer: str, previous_ask: str) -> bool:
    """A re-ask cue, or an ask whose content words were mostly in the host's last ask (restated
    after an interruption or a short non-answer)."""
    if matches("re_ask", text):
        return True
    mine = questions.content_words(asked)
    before = questions.content_words(previous_ask)
    return len(mine) >= 2 and len(mine & before) >= RE_ASK_OVERLAP * len(mine)


def _broadens(text: str, asked: str, previous_answer: str, previous_ask: str) -> bool:
    return matches("broadening", asked)


def _asks_opinion(text: str, asked: str, previous_answer: str, previous_ask: str) -> bool:
    return matches("opinion", asked)


def _sets_up(text: str, asked: str) -> bool:
    """The host talks a while before asking (TRANSITION_SETUP words or more) and the ask does not
    point back at the answer ("You mentioned...", "say more"): on the dev labels a long setup marks a
    new topic (median 26 words before the ask) far more than a follow-up (median 0)."""
    if word_count(text) - word_count(asked) < TRANSITION_SETUP:
        return False
    ask = questions.core(questions.first_ask(asked))
    return not (questions.matches("follow_up", asked) or questions.matches("say_more", ask))


def _follows_up(text: str, asked: str, previous_answer: str) -> bool:
    """`text.questions.is_follow_up`, or a short ask that picks up a word of the last answer ("What
    was Grandma's move?", "Why 14 minutes?"): hosts open a new topic with a setup, and stay on one
    with a few words."""
    if questions.is_follow_up(text, previous_answer):
        return True
    shared = questions.content_words(asked) & questions.content_words(previous_answer)
    return word_count(asked) <= SHORT_ASK and bool(shared)


def _elaborates(asked: str) -> bool:
    """Asks to go on ("say more", "what happened", a request for an account) rather than digging
    into a detail."""
    return matches("elaborate", asked) or questions.ask_form(questions.first_ask(asked)) == "request"


# -- doubtful kinds -------------------------------------------------------------------------------

def kind_cues(text: str) -> set[str]:
    """The evidence the open/closed rules of `text.questions` see in an ask, per asking sentence:
    "open" for an open form (what/how/why, a request, an open fragment), "closed" for a yes/no form,
    a single fact or a statement put as a question."""
    cues = set()
    for sentence in questions.asking_part(text)[:3]:
        if not questions.has_mark(sentence) and not questions.is_request(sentence):
            continue
        form, clause = questions.asking_clause(questions.core(questions.strip_lead(sentence)))
        if form == "yes/no" or questions.matches("single_fact", clause):
            cues.add("closed")
        elif form is None:
            cues.add("open" if questions.matches("open_fragment", clause) else "closed")
        else:
            cues.add("open")
    return cues


def doubtful_kind(text: str) -> bool:
    """Whether the open/closed rules of `text.questions` decide an ask's kind on thin evidence, so a
    judge may be asked: no asking sentence has a form the rules know (the kind is their default), or
    the ask is "What was X?" (`thing_asked`: a name or an account, which the words do not tell).

    Conflicting cues between sentences ("What happened? Did you stay?") looked like the obvious
    doubt, but the rules read the first ask, as the labelling does, and got all 51 such dev asks
    right: asking a judge there could only lose."""
    if not kind_cues(text):
        return True
    form, clause = questions.asking_clause(questions.core(questions.first_ask(text)))
    return form is not None and matches("thing_asked", clause)
