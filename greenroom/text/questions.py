"""Questions: what counts as an ask, its kind, and who in a conversation asks.

One detector and classifier for the turn analyzer, coaching and the question linter, so
the three never disagree about a question. The word lists and patterns are data
(text/data/questions.toml, each with example rows the tests check); this module only
combines them:

- `is_ask(sentence)`: a question ("...?") or a request without one ("Tell me about...",
  "I'd love for you to elaborate on that"); polite permission ("May I interject for one
  second?") takes the floor but asks nothing, so it is not an ask.
- `ask_kind(text)`: open or closed. Closed is a yes/no form ("Did you...?") or a single fact
  ("How old were you?"); a request in question form ("Could you tell a story or give us an
  example?") is open.
- `is_double`, `is_leading`, `is_follow_up`.
- `askers(interview)`: who asks, by role, else the speaker with a clear lead in turns that
  end on a question (`likely_asker`, the guess an import makes), else the one asking most.

In another language only "?" finds questions and every question counts as open, a safe
degradation rather than a wrong label.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from typing import Any

from greenroom.model import Interview, Speaker
from greenroom.text import lexicon as lexicon_data
from greenroom.text.sentences import BRACKETS

MARKS = ("?", "？")
_CLOSERS = "\"'”’)] "
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?…？。])[\"'”’)\]]*\s+")
_WORD = re.compile(r"[\w'’]+")


# -- the data -------------------------------------------------------------

def _data() -> dict[str, Any]:
    return lexicon_data.table("questions")  # the one loader of text/data


def _with_parts(pattern: str) -> str:
    for name, part in _data()["parts"].items():
        pattern = pattern.replace("{" + name + "}", part)
    return pattern


@cache
def lexicon(name: str) -> re.Pattern[str]:
    """The compiled, case-insensitive pattern of one lexicon; KeyError for an unknown name."""
    entry = _data()[name]
    if "alternatives" not in entry:
        raise KeyError(name)
    return re.compile(_with_parts(entry["prefix"] + "|".join(entry["alternatives"]) + entry["suffix"]),
                      re.IGNORECASE)


def matches(name: str, text: str) -> bool:
    """Whether lexicon `name` finds something (not the empty string) in `text`; curly
    apostrophes (transcripts) read as straight ones ("don’t" is "don't")."""
    return any(m.group(0) for m in lexicon(name).finditer(text.replace("’", "'")))


def examples() -> list[tuple[str, str, bool]]:
    """(lexicon, text, should match) for every example row in the data."""
    rows = []
    for name, entry in _data().items():
        rows += [(name, text, True) for text in entry.get("match", [])]
        rows += [(name, text, False) for text in entry.get("miss", [])]
    return rows


# -- sentences ------------------------------------------------------------

def clean(text: str) -> str:
    """Text without inline marks ("(laughs)") so they never decide a rule."""
    return " ".join(BRACKETS.sub(" ", text).split())


def sentences(text: str) -> list[str]:
    """Sentences split at . ! ? (also full-width): good enough for the question rules, which
    look at where a turn ends. (text.sentences is the careful splitter for quotes and names;
    moving these rules onto it needs a new measurement on the dev labels.)"""
    return [s.strip() for s in _SENTENCE_SPLIT.split(clean(text)) if s.strip()]


def strip_lead(sentence: str) -> str:
    """The sentence without spoken lead-ins ("So, and now, ...")."""
    return lexicon("lead_in").sub("", sentence.strip().replace("’", "'"), count=1)


def core(sentence: str) -> str:
    """The ask without lead-ins or chatter ("So, I'm curious, did you..." -> "did you..."):
    what decides its kind."""
    previous = None
    while previous != sentence:
        previous, sentence = sentence, lexicon("chatter").sub("", strip_lead(sentence), count=1)
    return sentence or previous


def has_mark(sentence: str) -> bool:
    return sentence.rstrip(_CLOSERS).endswith(MARKS)


# -- is it an ask ---------------------------------------------------------

def is_permission(sentence: str) -> bool:
    """"May I interject for one second?": asks leave to speak, not a question."""
    return matches("permission", core(sentence))


def is_request(sentence: str) -> bool:
    """An ask without question form: "Tell me about...", "I'd love for you to elaborate"."""
    return matches("request", strip_lead(sentence))


def is_ask(sentence: str) -> bool:
    """One sentence asks something: a question mark or a request, never bare permission."""
    if is_permission(sentence):
        return False
    return has_mark(sentence) or is_request(sentence)


def asking_part(text: str) -> list[str]:
    """The asking sentences of an utterance, from the first one on: the setup
    ("You mentioned the logbook.") is context, not the question itself."""
    parts = sentences(text)
    first = next((i for i, s in enumerate(parts) if is_ask(s)), None)
    return [] if first is None else parts[first:]


def is_question(text: str) -> bool:
    """An utterance asks when its last sentence is an ask, or when any sentence asks in a
    question's form ("Did the trip help? I'm just wondering, ..."): a host often asks,
    then keeps talking. A tag ("..., right?") inside a monologue asks nothing; at the end
    of a turn it hands the floor over."""
    parts = sentences(text)
    if parts and is_ask(parts[-1]):
        return True
    return any(is_ask(s) and ask_form(s) is not None and not matches("tag", s) for s in parts)


def _asked(text: str) -> list[str]:
    """The asking sentences, lead-ins stripped (the whole text when nothing asks)."""
    parts = asking_part(text) or sentences(text) or [clean(text)]
    return [strip_lead(p) for p in parts]


# -- kind -----------------------------------------------------------------

def topic_fronted(sentence: str) -> bool:
    """"And your family, do they...": the part before the comma is a topic, not a question."""
    head = sentence.split(",")[0]
    return "," in sentence and not (matches("opens_wh", head) or is_request(head) or matches("yes_no", head))


def is_yes_no(sentence: str) -> bool:
    """Opens for a yes or a no ("Did you enjoy...?", "And your family, do they...?"); a
    polite request ("Can you tell me...?") is not one."""
    asked = core(sentence)
    clauses = [asked] + ([core(asked.split(",")[-1])] if topic_fronted(asked) else [])
    return any(matches("yes_no", c) and not matches("polite_open", c) for c in clauses)


def first_ask(text: str) -> str:
    """The first asking sentence, lead-ins stripped: what the guest answers first."""
    return _asked(text)[0]


def is_closed(text: str) -> bool:
    """The first ask is a yes/no question (what the linter flags as closed)."""
    return is_yes_no(first_ask(text))


_CLAUSE = re.compile(r"\s*[,;:—–]\s*|\s+(?:but|so)\s+")


def asking_clause(sentence: str) -> tuple[str | None, str]:
    """The first clause of a sentence that asks, and how (`ask_form`): a host's asks come
    after a setup more often than not ("You mentioned surfing, was that a big part of your
    life?"); (None, the sentence) when no clause has a question's form."""
    for clause in _CLAUSE.split(sentence):
        form = ask_form(clause)
        if form is not None:
            return form, core(clause)
    return None, core(sentence)


def ask_kind(text: str, english: bool = True) -> str:
    """open or closed. Closed is a yes/no question ("Did you...?", "Didn't you...?"), an ask
    for a single fact ("How old were you?", "Which college?"), or a statement put as a
    question ("You grew up in Ohio?", "Any favourites?"); a request, even in question form
    ("Could you tell a story or give us an example?"), and a what/how/why question are open.
    The rules are English: in another language every question is open (`english=False`),
    a safe degradation rather than calling every "¿Cómo...?" a statement put as a question."""
    if not english:
        return "open"
    first = first_ask(text)
    form, clause = asking_clause(core(first))
    if form == "request":
        return "open"
    if form == "yes/no" or matches("single_fact", clause):
        return "closed"
    if form is None:
        return "closed" if has_mark(first) and not matches("open_fragment", clause) else "open"
    return "open"


def is_leading(text: str) -> bool:
    """Some asking sentence suggests the answer it expects."""
    return leading_sentence(text) is not None


def leading_sentence(text: str) -> str | None:
    """The first asking sentence that suggests its answer, lead-ins stripped, or None."""
    return next((s for s in _asked(text) if matches("leading", s)), None)


def _second_ask(sentence: str) -> re.Match[str] | None:
    match = lexicon("second_ask").search(sentence)
    if match is None or len(_WORD.findall(sentence[:match.start()])) < 2:
        return None  # "Or is it something else?" offers an alternative to the last question
    if matches("choice", match.group(0)) and matches("yes_no", sentence):
        return None  # "Did you X, or did you Y?" offers a choice: one question
    if matches("rewording", match.group(0)):
        return None  # "What was the straw, or what were the straws...?" says it again
    return match


def ask_form(sentence: str) -> str | None:
    """How a sentence asks: its question word ("how", "what", ...), "yes/no", "request",
    or None (a statement, or a fragment such as "Any favourites?")."""
    asked = core(sentence)
    if matches("polite_open", asked) or is_request(asked):
        return "request"
    if matches("yes_no", asked) or matches("negative_opening", asked):
        return "yes/no"
    found = lexicon("opens_wh").search(asked.replace("’", "'"))
    return found.group(0).split()[0].lower() if found else None  # "when you pray" is no question


OPEN_FORMS = frozenset({"request", "what", "how", "why"})


def _two_asks(first: str, second: str) -> bool:
    """Two marked sentences are two questions when they ask in different forms ("How long
    did it take? Did it hurt?"); a host restating one question asks it the same way again
    ("What did you learn? What were the takeaways?") or tacks on an alternative ("Or ...?")."""
    forms = ask_form(first), ask_form(second)
    if "request" in forms and set(forms) <= OPEN_FORMS:
        return False  # "Could you tell a story? What went wrong?": one invitation, said twice
    return None not in forms and forms[0] != forms[1] and not matches("restatement", second)


def double_parts(text: str) -> tuple[str, str] | None:
    """The two asks of a double-barreled question (bare, as spoken), or None: two asking
    sentences of three words or more that ask in different forms, or a second ask joined
    by "and"/"or" in question word order ("... and how did you ...")."""
    asked = _asked(text)
    marked = [s for s in asked if has_mark(s) and len(_WORD.findall(s)) >= 3]
    if len(marked) >= 2 and _two_asks(marked[0], marked[1]):
        return marked[0], marked[1]
    match = next((m for m in map(_second_ask, asked) if m), None)
    if match is None:
        return None
    second = re.sub(r"^(?:and|or)\s+(?:then\s+|also\s+)?", "", match.string[match.start():], flags=re.IGNORECASE)
    return match.string[:match.start()].rstrip(" ,;"), second


def is_double(text: str) -> bool:
    return double_parts(text) is not None


# -- follow-ups -----------------------------------------------------------

STOPWORDS = frozenset(_data()["stopwords"]["words"].split())


def content_words(text: str) -> set[str]:
    """Lower-case words that carry meaning, plural "s" stripped, for overlap tests."""
    found = set()
    for word in _WORD.findall(clean(text).lower()):
        word = word.replace("’", "'").split("'")[0]
        if len(word) >= 4 and word not in STOPWORDS:
            found.add(word[:-1] if word.endswith("s") and len(word) > 4 else word)
    return found


SHORT_ASK = 12  # words: a short ask that points back ("How do you do that?") follows up


def is_follow_up(question: str, previous_answer: str) -> bool:
    """Probes the last answer rather than opening a topic: never after "Let's talk about..."
    or "Anything you'd like to add?"; always for an anaphoric opening ("You mentioned...",
    "So..."), a request to go on ("Could you elaborate?", "When you say X..."), a short ask
    that points back ("What are they?"), or two content words shared with the answer."""
    if matches("new_topic", question):
        return False
    openings = [clean(question)] + asking_part(question)[:1]
    if any(matches("follow_up", s) for s in openings):
        return True
    ask = core(first_ask(question))
    if matches("say_more", ask) or (len(_WORD.findall(ask)) <= SHORT_ASK and matches("back_reference", ask)):
        return True
    return len(content_words(question) & content_words(previous_answer)) >= 2


# -- who asks -------------------------------------------------------------

MIN_QUESTION_SHARE = 0.2  # a host ends at least a fifth of their turns on a question
FLOOR_SHARE = 4.0  # a speaker talking this many times longer than the rest together is answering


def ends_on_question(text: str) -> bool:
    """The turn hands the floor over with a question mark."""
    return text.rstrip().rstrip("\"'”’)]").endswith(MARKS)


def likely_asker(interview: Interview) -> Speaker | None:
    """The guess when nobody named the interviewer: the speaker with a clear lead
    in the share of turns that end on a question, else in the share of turns
    that ask anything, else the quieter of two.

    A turn that ends on a question hands the floor over, which is what a host
    does; a guest's questions are mostly rhetorical and mid-answer ("Who writes
    about ants at seven? I did."), or asked back in passing. A host's turn can
    go on after its question too ("What was that like? You were nineteen."), so
    any question counts next. Shares, not counts, and the quieter of two when
    shares are close: a guest who talks three times as long can ask more in all."""
    if len(interview.speakers) < 2:
        return None
    said = {s.id: [u.text for u in interview.utterances if u.speaker == s.id] for s in interview.speakers}
    said = {sid: texts for sid, texts in said.items() if len(texts) >= 2}
    for asks in (ends_on_question, lambda text: any(mark in text for mark in MARKS)):
        leader = _clear_lead({sid: sum(map(asks, texts)) / len(texts) for sid, texts in said.items()})
        if leader and not _holds_the_floor(interview, leader):
            return interview.speaker(leader)
    return _quieter_of_two(interview)


def askers(interview: Interview) -> set[str]:
    """Speakers who ask: by role when roles are set, else `likely_asker` (the guess an
    import makes), else the one whose turns ask most.

    Roles are not written back: a guess about roles belongs to the import
    (`capture.roles`), where the user can correct it."""
    by_role = {s.id for s in interview.speakers if s.role == "interviewer"}
    if by_role:
        return by_role
    spoken = {u.speaker for u in interview.utterances if u.speaker}
    if len(spoken) < 2:
        return set()
    answering = {s.id for s in interview.speakers if s.role in ("guest", "other")}
    guess = likely_asker(interview)
    if guess is not None and guess.id in spoken and guess.id not in answering:
        return {guess.id}
    asks = Counter(u.speaker for u in interview.utterances
                   if u.speaker and u.speaker not in answering and is_question(u.text))
    if not asks:
        return set()
    best = max(asks, key=lambda sid: (asks[sid], -talk_ms(interview, sid)))
    return {best}


def _holds_the_floor(interview: Interview, sid: str) -> bool:
    """Whether `sid` talks FLOOR_SHARE times longer than everyone else together: a
    guest, whatever their share of questions. A long answer full of rhetorical
    "right?" and "you know?" once made a guest who spoke 110 of 119 minutes the host."""
    others = sum(talk_ms(interview, s.id) for s in interview.speakers if s.id != sid)
    return talk_ms(interview, sid) > FLOOR_SHARE * others


def _clear_lead(share: dict[str, float]) -> str | None:
    ranked = sorted(share.items(), key=lambda kv: kv[1], reverse=True)
    if ranked and ranked[0][1] >= MIN_QUESTION_SHARE and (len(ranked) == 1 or ranked[1][1] < ranked[0][1] * 0.8):
        return ranked[0][0]
    return None


def _quieter_of_two(interview: Interview) -> Speaker | None:
    """In a two-person conversation with no clear asker, the one who talks less hosts."""
    if len(interview.speakers) != 2:
        return None
    talk = {s.id: talk_ms(interview, s.id) for s in interview.speakers}
    quiet, loud = sorted(interview.speakers, key=lambda s: talk[s.id])
    return quiet if talk[quiet.id] < 0.6 * talk[loud.id] else None


def talk_ms(interview: Interview, speaker_id: str) -> int:
    return sum(u.end - u.start for u in interview.utterances if u.speaker == speaker_id)
