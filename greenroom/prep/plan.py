"""The question plan: a run sheet built from a dossier and the guest's past interviews.

Five categories are always covered: craft, process, experience, the personal side and
career (highlights, challenges and what comes next). The order builds rapport: an easy,
specific opener, lighter process and craft questions, the big question (the dossier's
angle) in the middle, then career and the personal side, and a forward-looking close.
Longer slots add questions in the categories the library shows were asked least before.

Every question comes from the interviewer's own questions in the dossier (tried first for
their category), a text model's drafts or a template filled with the dossier, and must pass
the linter, already-answered check included; drafts and templates must also name something
specific from the dossier and stay off what it says other interviews covered. The first
candidate that does wins its slot. Minutes are shared by slot weight and always add up to
the time available. Dossier phrases are fitted into the templates as phrases: the role
gets its article ("guitarist, Harbour Lights" is "being the guitarist in Harbour Lights"),
an angle written as a label and a clause ("The craft: how she builds ...") gives the clause,
in the second person ("how you build ..."), and lead-ins are facts that share a word with
their question.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from greenroom.analyze.turns import content_words, topic_of
from greenroom.errors import InputError
from greenroom.prep.dossier import ROLE_KINDS, Dossier
from greenroom.prep.homework import Homework
from greenroom.prep.lint import VAGUE, Linted, Linter, LintOptions

if TYPE_CHECKING:
    from greenroom.backends.embed import SentenceEmbedder
    from greenroom.prep.llm import ChatDrafter, Draft

CATEGORIES = ("experience", "process", "craft", "career", "personal")  # also the rapport order
WEIGHTS = {"opener": 0.8, "body": 1.0, "big": 1.6, "close": 0.8}
MIN_QUESTIONS, MAX_QUESTIONS, MINUTES_PER_QUESTION = 6, 12, 3.5

VOCAB: dict[str, dict[str, str]] = {
    "film": {"work": "film", "making": "the shoot", "piece": "scene", "lead": "the director",
             "first": "read the script", "audience": "audiences", "playing": "playing {role}"},
    "series": {"work": "series", "making": "the shoot", "piece": "episode", "lead": "the showrunner",
               "first": "read the first scripts", "audience": "viewers", "playing": "playing {role}"},
    "album": {"work": "album", "making": "the sessions", "piece": "song", "lead": "the producer",
              "first": "heard the demos back", "audience": "listeners", "playing": "being {role}"},
    "tour": {"work": "tour", "making": "rehearsals", "piece": "show", "lead": "the musical director",
             "first": "saw the stage design", "audience": "crowds", "playing": "being {role}"},
}

# -- fitting dossier phrases into sentences, as data ------------------------------------

# A role that starts with one of these needs no article ("the band's singer", "her first lead").
DETERMINERS = frozenset({"the", "a", "an", "his", "her", "their", "its", "our", "your", "my", "one", "this",
                         "that", "herself", "himself", "themselves"})
# Nouns of roles written title-cased ("Lead Guitarist") that are still common nouns.
ROLE_NOUNS = frozenset(w for words in ROLE_KINDS.values() for w in words) | frozenset({
    "keeper", "detective", "captain", "doctor", "nurse", "mother", "father", "sister", "brother", "teacher",
    "writer", "editor", "composer", "choreographer", "dancer", "designer", "showrunner", "host", "narrator",
    "villain", "hero"})
# Roles behind the camera: "being the showrunner", not "playing the showrunner".
CREW = frozenset({"director", "showrunner", "writer", "screenwriter", "producer", "composer", "creator",
                  "co-creator", "cinematographer", "editor", "designer", "choreographer"})
PREPOSITION = {"film": "in", "series": "in", "album": "on", "tour": "on"}  # "being X on <album>"
# What the big question is about when the dossier names no angle.
DEFAULT_ANGLES = {"film": "acting", "series": "acting", "album": "making music", "tour": "playing live",
                  "crew": "telling a story"}
# An angle written about the guest, turned to the guest ("how she builds" is "how you build").
SECOND_PERSON = {"she": "you", "he": "you", "they": "you", "his": "your", "their": "your", "her": "your",
                 "herself": "yourself", "himself": "yourself", "themselves": "yourself", "hers": "yours",
                 "theirs": "yours", "she's": "you're", "he's": "you're", "they're": "you're",
                 "she'd": "you'd", "he'd": "you'd", "she'll": "you'll", "he'll": "you'll"}
AGREEMENT = {"is": "are", "was": "were", "has": "have", "does": "do", "isn't": "aren't", "wasn't": "weren't",
             "hasn't": "haven't", "doesn't": "don't"}
# After these (or at the end) "her" is the object ("around her" is "around you"), else "your".
OBJECT_NEXT = frozenset({"to", "in", "on", "at", "for", "with", "about", "from", "and", "or", "but", "than", "as",
                         "into", "by", "of"})
ADVERBS = frozenset({"always", "never", "still", "often", "usually", "really", "just", "also", "now", "sometimes"})
WH_WORDS = ("how", "why", "what", "when", "where", "whether", "who", "which")

# (slot, category, question, follow-up); {title} {playing} {angle} and VOCAB keys are filled in.
TEMPLATES: tuple[tuple[str, str, str, str], ...] = (
    ("opener", "experience", "Where were you the first time you {first} for {title}?",
     "Ask what they noticed first: a line, an image, a sound."),
    ("opener", "experience", "What's the first detail of {title} you could picture clearly, before {making} began?",
     "Ask where that detail ended up in the finished {work}."),
    ("opener", "experience", "What's a small moment from {making} of {title} that still makes you smile?",
     "Ask who else was there and what they said."),
    ("body", "experience", "Which day of {making} on {title} would you happily live again?",
     "Ask what the weather was like and who was next to them."),
    ("body", "experience", "What surprised you most the first time you saw {title} with {audience}?",
     "Ask what they were watching: the screen or the room."),
    ("body", "process", "How did you prepare for {playing} in the weeks before {making}?",
     "Ask for one thing they did every day, and the day it started to work."),
    ("body", "process", "What did a normal day of {making} on {title} look like for you?",
     "Ask about the first hour: where they were, what they did before anyone else arrived."),
    ("body", "process", "Which habit or ritual helped you find your way into {playing}?",
     "Ask whether they kept it up after {title} wrapped."),
    ("body", "craft", "Which {piece} in {title} asked the most of you?",
     "Ask them to walk through one take or one decision in that {piece}."),
    ("body", "craft", "What did {lead} give you that changed how you approached {playing}?",
     "Ask for the exact words, if they remember them."),
    ("body", "craft", "What choice of yours in {title} are you still turning over in your head?",
     "Ask what they would try instead today."),
    ("body", "career", "What did {title} ask of you that no earlier {work} had?",
     "Ask what they would have said if offered it ten years ago."),
    ("body", "career", "What was the biggest risk in saying yes to {title}?",
     "Ask who they talked to before deciding."),
    ("body", "career", "Where does {playing} sit among the hardest things you've taken on?",
     "Ask what the hardest one before it taught them."),
    ("body", "personal", "What part of yourself went into {playing}?",
     "Ask where that part of them comes from; let them choose how personal to get."),
    ("body", "personal", "How did you switch off after a long day of {making} on {title}?",
     "Ask what the first free day after {title} wrapped looked like."),
    ("body", "personal", "What did you carry home from {title} that you didn't expect to?",
     "Ask whether it is still with them, and let a silence sit."),
    ("big", "", "What did {playing} teach you about {angle}?",
     "Stay with it: ask for the moment on {title} when that became clear."),
    ("big", "", "How has {title} changed the way you think about {angle}?",
     "Ask what they believed about it before {making} started."),
    ("big", "", "Which {piece} of {title} says the most about {angle}?",
     "Ask them to describe that {piece} as if the listener cannot see it."),
    ("close", "career", "What would you like to try next that {title} made you hungry for?",
     "Ask what would have to happen for that to come true."),
    ("close", "career", "After {title}, what kind of {work} do you want to make next?",
     "Ask who they would most like to make it with."),
    ("close", "career", "What do you hope {audience} carry with them after {title}?",
     "Ask what they would like people to say to each other on the way out."),
)


@dataclass
class PlanItem:
    """One slot of the run sheet; `start` is minutes from the top of the interview."""

    category: str
    slot: str
    question: str
    follow_up: str
    minutes: int = 0
    start: int = 0
    setup: str = ""
    source: str = "template"


@dataclass
class Plan:
    dossier: Dossier
    homework: Homework
    items: list[PlanItem]
    source: str = "offline templates"
    notes: list[str] = field(default_factory=list)
    fallback: str = ""  # why the text model was not used, when one was asked for

    @property
    def minutes(self) -> int:
        return sum(i.minutes for i in self.items)

    def to_dict(self) -> dict[str, Any]:
        return {"dossier": self.dossier.to_dict(), "minutes": self.minutes, "source": self.source,
                "notes": self.notes, "items": [asdict(i) for i in self.items],
                "homework": self.homework.to_dict()}


@dataclass
class PlanOptions:
    """minutes: time available (default: the dossier's); lint: the linter's settings
    (avoid and subject are filled from the dossier)."""

    minutes: int | None = None
    lint: LintOptions = field(default_factory=LintOptions)


# -- what the dossier says, as words to fill and to find -----------------------

def fill(template: str, dossier: Dossier) -> str:
    words = dict(VOCAB[dossier.kind])
    words["playing"] = playing(dossier)
    return template.format(title=dossier.title, angle=angle_phrase(dossier), **words)


def playing(dossier: Dossier) -> str:
    """The guest's part as the object of a question: "playing the lighthouse keeper", "being the
    guitarist in Harbour Lights", or "your role in <title>" when the dossier gives no role."""
    role = role_phrase(dossier.role, dossier.title)
    if role and _crew(dossier):
        return f"being {role}"
    if role:
        return VOCAB[dossier.kind]["playing"].format(role=role)
    return f"your role in {dossier.title}" if dossier.kind in ("film", "series") else f"your work on {dossier.title}"


def subject(dossier: Dossier) -> str:
    """What the interview is about, for the linter's rewrites."""
    role = role_phrase(dossier.role, dossier.title)
    return f"{playing(dossier)} {PREPOSITION[dossier.kind]} {dossier.title}" if role else playing(dossier)


def _crew(dossier: Dossier) -> bool:
    """Whether the guest works behind the camera (a film or series role such as showrunner)."""
    head = re.split(r"[,(]", dossier.role)[0].casefold().split()
    return dossier.kind in ("film", "series") and bool(head) and head[-1] in CREW


def role_phrase(role: str, title: str = "") -> str:
    """A role set inside a sentence: 'guitarist, Harbour Lights' is 'the guitarist in Harbour
    Lights', 'Lead Guitarist' 'the lead guitarist', 'Maggie, a retired nurse' 'Maggie'."""
    role = re.sub(r"^(?:playing|being|as)\s+", "", role.strip().rstrip("."), flags=re.IGNORECASE)
    found = re.match(r"^(.+?)\s*(?:\((.+)\)|,\s*(.+)|\s[—–-]\s+(.+))$", role)
    head, rest = (found.group(1), next(g for g in found.groups()[1:] if g)) if found else (role, "")
    if not head:
        return ""
    words = head.split()
    if words[-1].casefold() in ROLE_NOUNS and all(w[:1].isupper() or not w[:1].isalpha() for w in words):
        head = head.lower()
        words = head.split()
    if words[0][:1].islower() and words[0].casefold() not in DETERMINERS and not words[0].endswith(("'s", "ing")):
        head = f"the {head}"
    if rest and rest[:1].isupper() and rest.casefold() != title.casefold() and head.startswith("the ") \
            and not re.search(r"\b(?:in|of|for|with|on)\b", head):
        head = f"{head} in {rest}"
    return _phrase(head)


def angle_phrase(dossier: Dossier) -> str:
    """The angle as the end of a question ("teach you about ___"): a label's clause when the
    angle is written "Label: clause", turned to the guest; the kind's default when none."""
    angle = dossier.angle.strip().rstrip(".")
    if not angle or angle.endswith("?"):
        return DEFAULT_ANGLES["crew" if _crew(dossier) else dossier.kind]
    parts = re.split(r"\s*(?::|\s[—–-])\s+", angle, maxsplit=1)
    if len(parts) == 2 and len(parts[0].split()) <= 5:
        angle = parts[1] if len(parts[1].split()) <= 16 else parts[0]
    if about_guest(angle, dossier.guest):
        angle = second_person(angle, dossier.guest)
    if angle.split()[0].lower() == "you":
        angle = f"how {angle}"
    return _phrase(_common_first(angle, dossier))


def about_guest(text: str, guest: str) -> bool:
    """Whether `text` is about the guest ("how she builds", "her fear of heights"), not about
    someone else who happens to be a "she" later on."""
    names = "|".join(re.escape(n) for n in [guest, *guest.split()[:1]] if n)
    subject = rf"(?:she|he|they|her|his|their{'|' + names if names else ''})"
    return bool(re.match(rf"^(?:(?:{'|'.join(WH_WORDS)})\s+)?{subject}\b", text, re.IGNORECASE))


def _common_first(text: str, dossier: Dossier) -> str:
    """`text` with its first word in lower case unless the dossier writes it as a name."""
    first = text.split()[0]
    if not first[:1].isupper() or first[1:2].isupper():
        return text
    named = " ".join([dossier.guest, dossier.title, dossier.role, *(f.split(" ", 1)[-1] for f in dossier.facts)])
    return text if re.search(rf"\b{re.escape(first)}\b", named) else first[:1].lower() + text[1:]


def second_person(text: str, guest: str = "") -> str:
    """Third-person words about the guest turned to "you" ("how she builds" is "how you build")."""
    names = {n.casefold() for n in [guest, *guest.split()[:1]] if n}
    for name in sorted(names, key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(name)}(?:'s|’s)", "your", text, flags=re.IGNORECASE)
        text = re.sub(rf"\b{re.escape(name)}\b", "she", text, flags=re.IGNORECASE)
    tokens = text.split()
    out: list[str] = []
    singular = False
    for n, token in enumerate(tokens):
        word = token.casefold().rstrip(",;")
        after = tokens[n + 1].casefold() if n + 1 < len(tokens) else ""
        if word == "her" and (not after or after in OBJECT_NEXT or token.endswith((",", ";"))):
            out.append("you" + token[len(word):])
            singular = False
            continue
        if word in SECOND_PERSON:
            out.append(SECOND_PERSON[word] + token[len(word):])
            singular = word in ("she", "he")
            continue
        out.append(_agree(token) if singular and word not in ADVERBS else token)
        singular = singular and word in ADVERBS
    return " ".join(out)


def _agree(verb: str) -> str:
    """A verb after a "she" that became "you": "builds" is "build", "is" is "are"."""
    word = verb.casefold()
    if word in AGREEMENT:
        return AGREEMENT[word]
    if word.endswith("ies") and len(word) > 4:
        return verb[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes", "oes")):
        return verb[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 2:
        return verb[:-1]
    return verb


def _phrase(text: str) -> str:
    """A dossier phrase set inside a sentence: no closing full stop, no capital on a common word."""
    text = text.strip().rstrip(".")
    if not text:
        return text
    first = text.split()[0]
    common = first.lower() in ("the", "a", "an", "his", "her", "their", "being", "your", "you", *WH_WORDS)
    return text[:1].lower() + text[1:] if text[:1].isupper() and not text[1:2].isupper() and common else text


def anchors(dossier: Dossier) -> set[str]:
    """The dossier's specific words: title, role, angle and key-fact words that name something."""
    found = content_words(" ".join([dossier.title, dossier.role, dossier.angle, *dossier.facts]))
    return {w for w in found if w not in VAGUE} | {dossier.title.casefold()}


def grounding(question: str, dossier: Dossier) -> list[str]:
    """The dossier words `question` mentions (empty: it could be asked of anyone)."""
    mentioned = content_words(question) | ({dossier.title.casefold()} if dossier.title.casefold()
                                           in question.casefold() else set())
    return sorted(mentioned & anchors(dossier))


# -- the plan --------------------------------------------------------------------

def slots(dossier: Dossier, homework: Homework, count: int, most: int | None = None) -> list[tuple[str, str]]:
    """(slot, category) in rapport order: opener, lighter questions, the big one in the
    middle, heavier ones, the close (looking ahead, on top of the career question about
    highlights and challenges); every category at least once, a slot for each of the
    interviewer's own questions (up to `most` questions in all), and any further questions
    in the categories least asked so far (in the library and in this plan)."""
    big = _angle_category(dossier.angle)
    planned = Counter({"experience": 1}) + Counter({big: 1})  # the opener and the big question
    body = [c for c in CATEGORIES if not planned[c]]
    asked = homework.topics()

    def least() -> str:
        return min(CATEGORIES, key=lambda c: (asked[c] + 2 * (planned[c] + body.count(c)), CATEGORIES.index(c)))

    own = Counter(c for c, _ in own_questions(dossier))
    room = max(count, most or count) - 3
    for category in [c for c in CATEGORIES for _ in range(own[c] - body.count(c))] + [""] * own[""]:
        if len(body) < room:
            body.append(category or least())
    while len(body) < count - 3:
        body.append(least())
    body.sort(key=CATEGORIES.index)
    middle = [("body", c) for c in body]
    middle.insert(len(middle) // 2, ("big", big))
    return [("opener", "experience"), *middle, ("close", "career")]


def _angle_category(angle: str) -> str:
    topic = topic_of(angle)
    return topic if topic in CATEGORIES and topic != "experience" else "craft"


def share(minutes: int, weights: list[float]) -> list[int]:
    """Whole minutes per slot, at least one each, adding up to `minutes` (largest remainder)."""
    total = sum(weights)
    spare = minutes - len(weights)
    raw = [spare * w / total for w in weights]
    given = [1 + int(r) for r in raw]
    order = sorted(range(len(weights)), key=lambda i: (-(raw[i] - int(raw[i])), i))
    for i in order[:minutes - sum(given)]:
        given[i] += 1
    return given


def question_count(minutes: int) -> int:
    return max(MIN_QUESTIONS, min(MAX_QUESTIONS, round(minutes / MINUTES_PER_QUESTION)))


def most_questions(minutes: int) -> int:
    """The most questions `minutes` can hold when the interviewer brings their own: two minutes each."""
    return max(MIN_QUESTIONS, min(MAX_QUESTIONS, minutes // 2))


def build_plan(dossier: Dossier, homework: Homework, options: PlanOptions | None = None,
               drafter: ChatDrafter | None = None, embedder: SentenceEmbedder | None = None) -> Plan:
    """The run sheet for `dossier`. With `drafter`, its drafts are tried before the
    templates; if it cannot be used the plan says so in `fallback` and stays offline."""
    options = options or PlanOptions()
    minutes = options.minutes or dossier.minutes
    if minutes < MIN_QUESTIONS:
        raise InputError(dossier.path, f"{minutes} minutes is too short: a plan covering all five "
                         f"categories and a close needs at least {MIN_QUESTIONS}")
    lint_options = dataclasses.replace(
        options.lint, avoid=[*options.lint.avoid, *dossier.avoid], subject=subject(dossier),
        common=[*options.lint.common, dossier.title, dossier.guest], mask=fill("the {work}", dossier))
    linter = Linter(lint_options, homework.questions, embedder)
    plan = Plan(dossier, homework, [])
    drafts = _drafts(drafter, dossier, homework, plan)
    wanted = slots(dossier, homework, question_count(minutes), most_questions(minutes))
    chosen = _choose(dossier, wanted, drafts, linter, plan)
    for item, share_ in zip(chosen, share(minutes, [WEIGHTS[i.slot] for i in chosen])):
        item.start, item.minutes = sum(i.minutes for i in plan.items), share_
        plan.items.append(item)
    _add_setups(plan)
    return plan


def _drafts(drafter: ChatDrafter | None, dossier: Dossier, homework: Homework, plan: Plan) -> list[Draft]:
    if drafter is None:
        return []
    from greenroom.prep.llm import LLMUnavailable

    try:
        drafts = drafter.draft(dossier, homework)
    except LLMUnavailable as err:
        plan.fallback = f"text model not used, offline templates instead: {err}"
        plan.source = "offline templates (text model unavailable)"
        plan.notes.append(plan.fallback)
        return []
    plan.source = f"text model at {drafter.url}, checked by the linter; templates where it fell short"
    return drafts


@dataclass
class _Candidate:
    slot: str
    category: str
    question: str
    follow_up: str
    source: str


OWN_FOLLOW_UP = "Ask for one concrete moment, then let a silence sit."


def own_questions(dossier: Dossier) -> list[tuple[str, str]]:
    """The interviewer's own questions with their category ("" when no category fits)."""
    found = []
    for question in dossier.questions:
        topic = topic_of(question)
        found.append((topic if topic in CATEGORIES else "", question))
    return found


def _candidates(dossier: Dossier, slot: str, category: str, drafts: list[Draft]) -> list[_Candidate]:
    """The interviewer's own questions for the category first (a body slot; the big slot takes
    an angle written as a question), then a text model's drafts, then the templates for the slot.
    The forward-looking close always comes from templates."""
    found = []
    if slot == "body":
        own = own_questions(dossier)
        found += [_Candidate(slot, category, q, OWN_FOLLOW_UP, "dossier") for c, q in own if c == category]
        found += [_Candidate(slot, category, q, OWN_FOLLOW_UP, "dossier") for c, q in own if not c]
    if slot == "big" and dossier.angle.rstrip().endswith("?"):
        found.append(_Candidate(slot, category, dossier.angle.strip(), fill(TEMPLATES_BIG_FOLLOW_UP, dossier),
                                "dossier"))
    found += [_Candidate(slot, category, d.question, d.follow_up or "Ask for one concrete moment.", "text model")
              for d in drafts if d.category == category and slot in ("opener", "body")]
    found += [_Candidate(slot, category or c, fill(q, dossier), fill(f, dossier), "template")
              for s, c, q, f in TEMPLATES if s == slot and (c == category or s == "big")]
    return found


TEMPLATES_BIG_FOLLOW_UP = "Stay with it: ask for the moment on {title} when that became clear."


def covered_by(question: str, dossier: Dossier) -> str:
    """The dossier's 'already covered' item that `question` repeats ('' when none): two or more
    specific words in common, beyond the title, the guest's name and role (which every
    question may name)."""
    known = _keys(f"{dossier.title} {dossier.guest} {dossier.role}")
    asked = _keys(question) - known
    for item in dossier.covered:
        if len(asked & (_keys(item) - known)) >= 2:
            return item
    return ""


def _usable(candidate: _Candidate, verdict: Linted, dossier: Dossier) -> bool:
    """Clean under the linter; a draft or template must also name the dossier and not repeat
    what other interviews covered (the interviewer's own questions are theirs to ask)."""
    if verdict.flags:
        return False
    return candidate.source == "dossier" or (bool(grounding(candidate.question, dossier))
                                             and not covered_by(candidate.question, dossier))


def _choose(dossier: Dossier, wanted: list[tuple[str, str]], drafts: list[Draft], linter: Linter,
            plan: Plan) -> list[PlanItem]:
    """The first clean, grounded, unused candidate for each slot."""
    pools = [_candidates(dossier, slot, category, drafts) for slot, category in wanted]
    texts = sorted({c.question for pool in pools for c in pool} | set(dossier.questions))
    verdicts: dict[str, Linted] = dict(zip(texts, linter.lint(texts)))
    used: set[str] = set()
    items = []
    for pool in pools:
        fresh = [c for c in pool if c.question not in used]
        good = [c for c in fresh if _usable(c, verdicts[c.question], dossier)]
        pick = good[0] if good else min(fresh or pool, key=lambda c: (len(verdicts[c.question].flags),
                                                                       bool(covered_by(c.question, dossier))))
        if not good:
            covered = covered_by(pick.question, dossier) and f"covered elsewhere ({covered_by(pick.question, dossier)})"
            kinds = ", ".join(verdicts[pick.question].kinds) or covered or "no dossier detail"
            plan.notes.append(f"No clean question for the {pick.category} slot; kept one flagged {kinds}.")
        used.add(pick.question)
        items.append(PlanItem(pick.category, pick.slot, pick.question, pick.follow_up, source=pick.source))
    plan.notes += _own_left_out(dossier, used, verdicts)
    drafted = [d for d in drafts if d.question not in used]
    if drafts:
        plan.notes.append(f"{len(drafts) - len(drafted)} of {len(drafts)} text-model drafts used; the rest "
                          "failed the linter, named nothing from the dossier, or were not needed.")
    return items


def _own_left_out(dossier: Dossier, used: set[str], verdicts: dict[str, Linted]) -> list[str]:
    """Why each of the interviewer's own questions is not on the run sheet."""
    notes = []
    for question in dossier.questions:
        flags = verdicts[question].flags
        if question in used:
            continue
        if flags:
            why = "; ".join(f"{f.kind}: {f.message.split('. ')[0].rstrip('.')}" for f in flags)
            better = next((f.rewrite for f in flags if f.rewrite), "")
            notes.append(f"Your question \"{question}\" was left out ({why})."
                         + (f" Try \"{better}\"" if better else ""))
        else:
            notes.append(f"Your question \"{question}\" did not fit: ask for more minutes, or ask it in a "
                         "follow-up.")
    return notes


def _add_setups(plan: Plan) -> None:
    """Pair key facts with the questions they lead into: a fact shares a specific word (or
    its kin in KIN: learning to row leads into "How did you prepare") with its question, a
    matching topic breaking ties, one fact per question. A fact that fits no question stays
    in the homework list rather than lead into a question it is not about."""
    title = _keys(plan.dossier.title)

    def fit(fact: str, item: PlanItem) -> float:
        shared = shared_words(fact, f"{item.question} {item.follow_up}") - title
        return len(shared) + 0.5 * (topic_of(fact) == item.category) if shared else 0.0

    items = [i for i in plan.items if i.slot != "close"]
    pairs = sorted(((fit(f, i), n, k) for n, f in enumerate(plan.dossier.facts) for k, i in enumerate(items)),
                   key=lambda p: (-p[0], p[1], p[2]))
    taken_facts: set[int] = set()
    for score, n, k in pairs:
        if score > 0 and n not in taken_facts and not items[k].setup:
            items[k].setup = plan.dossier.facts[n].rstrip(".") + "."
            taken_facts.add(n)


_WEAK = frozenset({"first", "last", "every", "time", "morning", "night", "week", "weeks", "year", "years", "ask",
                   "asked"})
# Words that lead into the same question: a fact about learning to row leads into "How did you prepare".
KIN: dict[str, tuple[str, ...]] = {
    "prepare": ("prepare", "prepared", "preparing", "preparation", "learn", "learned", "learnt", "learning",
                "train", "trained", "training", "rehearse", "rehearsed", "rehearsal", "practise", "practised",
                "practice", "practiced", "studied", "study", "research", "researched"),
    "shoot": ("shoot", "shot", "filmed", "filming", "take", "takes", "set"),
    "record": ("record", "recorded", "recording", "tracked", "tracking", "session", "sessions", "studio"),
    "script": ("script", "scripts", "screenplay", "pages", "draft"),
}
_KIN = {word: family for family, kin in KIN.items() for word in kin}


def shared_words(fact: str, question: str) -> set[str]:
    """The word stems (KIN counted as one) a fact and a question have in common."""
    return _keys(fact) & _keys(question)


def _keys(text: str) -> set[str]:
    """Word stems worth matching a fact on ("reading" and "read" share "read")."""
    return {_stem(_KIN.get(w, w)) for w in content_words(text) if w not in VAGUE | _WEAK}


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[:-len(suffix)][:6]
    return word[:6]
