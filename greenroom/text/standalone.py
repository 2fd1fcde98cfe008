"""Whether a stretch of speech makes sense on its own, cut out of the talk around it.

A moment and a pull quote are both read without what came before, so they share
one set of rules (card bullets keep a stricter check of their own, `analyze.card.stands_alone`). A passage needs its context when it:

- **opens mid-thought**: on a dash, an ellipsis or a lower-case word ("— with a
  graphic artist", "… and then");
- **opens inside a quotation**: a closing quotation mark before any opening one
  ("… the tree?” Have no idea."): the first words are someone else's, cut in half;
- **reacts or answers**: a short reaction ("Fascinating. But I …") or a bare
  answer ("No, …", "Yes, …") whose meaning is in what was said before;
- **points back**: it opens with a pronoun or connective whose referent lies
  before it ("That's why", "It was", "He said", "Which …", "Because …", "Some of
  them", "I liked them a lot", "Didn't strike me"), or a later
  sentence opens "He"/"She"/"They" with nobody named before it.

A clip must also end where the thought does (`ending_reasons`, `clip_reasons`):
not trailing off, not on a dangling "but", not as the first half of a "not … but"
or "it's not that … it's that" contrast, and not just before words that undo or
qualify it ("But actually …", "That's not true", "I'm lying"). A line printed alone
is held to two more openers of what follows, "No, really, …" and "Actually, …"
(`ending_reasons(..., printed=True)`): either may be the real answer after a joke.

A quote cut out of the middle of a sentence must not leave its frame behind
(`frame_reasons`): "The film was broken." from "I thought the film was broken."
drops the belief, "the film was broken" from "It's not that the film was broken"
drops the negation; a report ("people say", "he said that"), a pretence or an
"if" frames it the same way. A known fact ("I realized the film was broken") is no frame.

A line printed alone (a pull quote, the card's impact line and bullets) is held
to more: `unnamed_reference` finds a "him", "her" or "them" whose person it never
names ("I find him to be the most friendly"), a "this" with no noun, or a line
leaning on two "it"s, which a clip's viewer may have just heard named but a
reader of a pull quote has not; `subordinate_only` finds a sentence that is
only its "when" or "if" part.

`unnamed_person` alone is also the pull-quote check's: "I told him …" names nobody.

`context_reasons` gives every opening reason (empty when the passage stands alone);
`pointer_reasons` only the reacting, answering and pointing-back ones, for text
already known to open on a whole sentence.
"""

from __future__ import annotations

import re

from greenroom.model import ends_sentence
from greenroom.text import lexicon
from greenroom.text.leadins import opening
from greenroom.text.sentences import BRACKETS, split_spans

_I = re.IGNORECASE
TOPIC = "standalone"  # the word lists and pointers, as data with examples (text/data/standalone.toml)
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_FILLERS = opening("filler")  # "So, um, ...": spoken lead-ins (text/data/leadins.toml)
_EXTRAPOSED = re.compile(r"^it(?:['’]s|\s+is|\s+was)\s+(?:[\w'’]+\s+){0,3}?(?:to|that|when|how|what)\b", _I)
POINTERS = ("this_that", "it_did", "pronoun", "also", "some_of_them", "verb_them", "no_subject", "connective",
            "answer")  # text/data/standalone.toml, tried in this order
_POINTERS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (lexicon.pattern(TOPIC, name), lexicon.table(TOPIC)[name]["reason"]) for name in POINTERS)
_PERSON = re.compile(r"(?:he|she|they)\b", _I)
_SUBORDINATOR = re.compile(r"(?:even\s+)?(?:when|whenever|if|because|while|although|though|since|unless|until|"
                           r"as soon as|once)\b", _I)  # "Even if you're not going to be fine" too
_MAIN_CLAUSE = re.compile(r"(?i:i|you|he|she|we|they|it|that|this|there|the|my|your|his|her|our|their|a|an|then|"
                          r"everyone|everything|nobody|nothing|people)\b|[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*\s+[a-z]")
_SOMEONE = re.compile(r"\b(?:he|him|his|she|her|hers|them)\b", _I)
_SOMETHING = re.compile(r"\b(?:this|that|these|those)(?=\s*(?:[.,!?;:…]|$|before\b|again\b|anymore\b|either\b|"
                        r"too\b|at all\b))", _I)
_VAGUE = re.compile(r"\b(?:it|it['’]s|us|them)\b", _I)
VAGUE_LIMIT = 2  # a printed line leaning on two of these is about something it never names
_THE_OTHER = re.compile(r"(?:the other|the same|the former|the latter|the rest|another one|"
                        r"(?:one|another|the (?:first|second|third|last) one) (?:is|was)|the (?:first|second|third|last) "
                        r"(?:is|was))\b", _I)  # "One is the polling ...": the list it counts is left out
_SOMEONE_NAMED = re.compile(r"\b(?:[Mm]y|[Oo]ur|[Yy]our|[Tt]he|[Hh]is|[Hh]er|[Tt]heir)\s+(?!way\b|time\b)[a-z]{3,}|"
                            r"(?<=[\w,;:] )(?!I\b)[A-Z][a-z]+|^(?!I\b|And\b|So\b|But\b|When\b|If\b)[A-Z][a-z]+\s+[A-Z][a-z]+")
REACTION_WORDS = 3  # "Fascinating.", "Oh, wow.", "Have no idea." opening a passage react to what came before
_SUBJECTS = lexicon.words(TOPIC, "subjects")  # a short opening sentence starting so is no reaction
_REFERENT = re.compile(r"\b(?:[Tt]he|[Mm]y|[Oo]ur|[Hh]is|[Hh]er|[Tt]heir|[Tt]his|[Tt]hat|[Aa]n?)\s+[a-z]|"
                       r"[\w,;:]\s+(?!I\b)[A-Z][a-z]+")
_MID_THOUGHT = re.compile(r"^\s*(?:[-–—…]|\.\.\.|[a-z])")
_TRAILS_OFF = re.compile(r"(?:…|\.\.\.|[-–—])[\"'”’)\]]*\s*$")
_NEGATION = re.compile(r"\b(?:not|never|no\s+longer|nothing|nobody|no\s+one)\b|n['’]t\b", _I)
_NOT_ONLY = re.compile(r"(?:\bnot|n['’]t)\s+(?:only|just|merely|simply)\b", _I)
_SECOND_HALF = re.compile(r"\b(?:but|also|it['’]s|it\s+is)\b", _I)
_CONTRAST_NEXT = re.compile(r"(?:but|rather|instead)\b", _I)
_UNDO_CLAUSE = re.compile(r"(?:but|although|though|except|then\s+again)\b", _I)
UNDOING = tuple(lexicon.table(TOPIC)["undoing"]["alternatives"])  # a next sentence opening so takes it back
UNDOING_IN_PRINT = tuple(lexicon.table(TOPIC)["undoing_in_print"]["alternatives"])  # also, under a printed line
_UNDO_SENTENCE = lexicon.pattern(TOPIC, "undoing")
_UNDO_IN_PRINT = re.compile(r"(?:" + "|".join(UNDOING + UNDOING_IN_PRINT) + r")\b", _I)
_NOT_THAT = re.compile(r"^(?:it['’]s|it\s+is|it\s+was)\s+not\s+that\b|^it\s+(?:isn['’]t|wasn['’]t)\s+that\b|"
                       r"^not\s+that\b", _I)  # "It's not that X. It's that Y.": X alone says the opposite
_FRAME = lexicon.pattern(TOPIC, "frames")  # "I thought", "people say", "it's not that", "if" before a quote
_OTHERS_SAID = re.compile(r"\b(?P<who>[\w'’]+)\s+(?:said|says|claimed|claims|swore|insisted|told\s+(?:me|us))\b", _I)
_CLAUSE_RESET = re.compile(r"(?:^|,?\s+)(?:and|but|so|then)\b(?:\s+|$)", _I)  # "I thought about it, and X": X is said
_CONDITION_NEXT = re.compile(r"(?:if|unless|until|as\s+long\s+as|only\s+if|provided)\b", _I)
_DANGLING = lexicon.words(TOPIC, "dangling")  # a clip ending on one of these is cut off


def lead(text: str) -> str:
    """The opening words, without leading punctuation and inline marks ("(laughs)")."""
    return BRACKETS.sub(" ", text).lstrip(" \t\n,;:—–-.…").lstrip()


def _words(text: str) -> list[str]:
    return [m.group(0).lower() for m in _WORD.finditer(BRACKETS.sub(" ", text))]


def opens_inside_quotation(text: str) -> bool:
    """A closing quotation mark comes before any opening one."""
    closes, opens = text.find("”"), text.find("“")
    return closes >= 0 and (opens < 0 or closes < opens)


def pointer_reasons(text: str) -> list[str]:
    """An opening reaction ("Fascinating. But I ..."), a bare answer ("No, ..."), an
    opening pronoun or connective whose referent lies before the text, or a later
    sentence opening "He"/"She"/"They" with nobody named before it."""
    opened = lead(text)
    opening = _FILLERS.sub("", opened)
    spans = split_spans(opened)
    first = opened[spans[0][0]:spans[0][1]].strip() if spans else ""
    said = _words(first)
    if (len(spans) > 1 and first[:1].isupper() and said and len(said) <= REACTION_WORDS
            and said[0] not in _SUBJECTS):
        return [f"starts by reacting ('{first}'): what it reacts to is left out"]
    if not _EXTRAPOSED.match(opening):  # "It's good to be …": the referent is inside
        for pattern, kind in _POINTERS:
            found = pattern.match(opening)
            if found:
                word = found.group(0).strip(" ,.!")
                if kind == "answers":
                    return [f"starts by answering ('{word}, …'): its meaning is in the question"]
                if kind == "drops its subject":
                    return [f"starts '{word} …' without its subject, which came before"]
                return [f"starts with '{word}', which points back to something it leaves out"]
    for begin, _ in split_spans(text)[1:]:
        later = _PERSON.match(text[begin:])
        if later and not _REFERENT.search(text[:begin]):
            return [f"'{later.group(0)}' in it points back to someone it does not name"]
    return []


def unnamed_reference(text: str) -> str:
    """The first word in `text` that stands for someone or something it never
    names ("" when there is none): a "he", "him", "his", "she", "her", "hers" or
    "them" with nobody named or described before it, a "this" or "that" with
    no noun ("I never thought about this before."), an opening "the other",
    "the latter" or "one is" (an item of a list left out), or the first of two or more "it", "us" or "them" ("it
    would be even tougher to do it now": one "it" is often clear from the line,
    two rarely were in drafted cards). "They" and "their" are left out: a
    line's "they" is as often everyone ("they say")."""
    bare = BRACKETS.sub(" ", text)
    thing = _SOMETHING.search(bare) or _THE_OTHER.match(_FILLERS.sub("", lead(bare)))
    if thing:
        return thing.group(0)
    leaning = _VAGUE.findall(bare)
    if len(leaning) >= VAGUE_LIMIT:  # "it would be tougher to do it now", "if you have us, it still ..."
        return leaning[0]
    return unnamed_person(bare)


def unnamed_person(text: str) -> str:
    """The first "he", "him", "his", "she", "her", "hers" or "them" with nobody
    named or described before it in `text` ("I told him ..."), else ""."""
    bare = BRACKETS.sub(" ", text)
    for found in _SOMEONE.finditer(bare):
        if not _SOMEONE_NAMED.search(bare[:found.start()]):
            return found.group(0)
    return ""


def subordinate_only(text: str) -> bool:
    """A sentence that is only its "when", "if" or "because" part: "So when you're
    talking about an actor, like Andy Samberg." A main clause after the first
    comma opens on its subject ("When I was nineteen, I moved ...")."""
    opening = _FILLERS.sub("", lead(text))
    if not _SUBORDINATOR.match(opening):
        return False
    _, comma, rest = opening.partition(",")
    return not comma or not _MAIN_CLAUSE.match(rest.strip())


def context_reasons(text: str) -> list[str]:
    """Why `text` cannot be understood on its own; empty when it can."""
    bare = BRACKETS.sub(" ", text).strip()
    if _MID_THOUGHT.match(bare):
        return ["starts mid-thought (on a dash, an ellipsis or a lower-case word)"]
    if opens_inside_quotation(bare):
        return ["starts inside quotation marks: the first words are someone else's, cut in half"]
    return pointer_reasons(text)


def _last_sentence(text: str) -> str:
    spans = split_spans(text)
    return text[spans[-1][0]:] if spans else text


def ending_reasons(text: str, after: str, printed: bool = False) -> list[str]:
    """Contrast, undoing and dangling rules: what the words right after `text` do to it
    (`after` is what the speaker says next, "" at the end of their answer); `printed`
    for a line read alone, which "No, really, …" and "Actually, …" after it also undo."""
    last = _last_sentence(text)
    tail_words = _words(text)
    nxt = lead(after)
    opener = " ".join(nxt.split()[:4])
    ended = ends_sentence(text)
    if not ended and tail_words and tail_words[-1] in _DANGLING:
        return [f"ends on a dangling '{tail_words[-1]}': the thought is cut off"]
    only = _NOT_ONLY.search(last)
    if only and not _SECOND_HALF.search(last[only.end():]):
        return [f"first half of a 'not only … but also' contrast ('{only.group(0)}' with no 'but')"]
    if _NEGATION.search(last) and _CONTRAST_NEXT.match(nxt):
        return [f"first half of a 'not … but' contrast: the speaker goes on '{opener} …'"]
    not_that = _NOT_THAT.match(lead(last))
    if not_that:
        return [f"first half of an '{not_that.group(0).lower()} … it's that' contrast"]
    if ((_UNDO_IN_PRINT if printed else _UNDO_SENTENCE) if ended else _UNDO_CLAUSE).match(nxt):
        return [f"the next words undo or qualify it: '{opener} …'"]
    if not ended and _CONDITION_NEXT.match(nxt):
        return [f"cuts off the condition that follows: '{opener} …'"]
    return []


def frame_reasons(before: str) -> list[str]:
    """Why a quote that opens mid-sentence, after `before` (what the speaker said
    before it), loses a frame that says it is only believed, reported, pretended,
    denied or supposed ("I thought", "people say", "it's not that", "if"); empty
    when it opens on a sentence or after words that leave it said ("I realized")."""
    spans = split_spans(before)
    clause = before[spans[-1][0]:] if spans else before
    if spans and ends_sentence(clause):
        return []
    clause = " ".join(clause.split())
    own = _CLAUSE_RESET.split(clause)[-1]
    others = [m for m in _OTHERS_SAID.finditer(own) if m.group("who").lower() not in ("i", "we")]
    if clause and (_FRAME.search(own) or others):
        return [f"cut out of '{clause}': without those words it says what the speaker does not"]
    return []


def clip_reasons(text: str, after: str) -> list[str]:
    """Why `text`, cut out as a clip with `after` left out, would not make sense or
    would change meaning: its opening (`context_reasons`), an ending that trails
    off ("... and I was…"), or the ending rules of `ending_reasons`."""
    found = context_reasons(text)
    if found:
        return found
    if _TRAILS_OFF.search(text):
        return ["trails off at the end: the thought is not finished"]
    return ending_reasons(text, after)
