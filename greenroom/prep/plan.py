"""The question plan: a run sheet built from a dossier and the guest's past interviews.

Five categories are always covered: craft, process, experience, the personal side and
career (highlights, challenges and what comes next). The order builds rapport: an easy,
specific opener, lighter process and craft questions, the big question (the dossier's
angle) in the middle, then career and the personal side, and a forward-looking close.
Longer slots add questions in the categories the library shows were asked least before.

Every question comes from a template filled with the dossier (or from a text model's
drafts, tried first) and must pass the linter, already-answered check included, and name
something specific from the dossier; the first candidate that does wins its slot. Minutes
are shared by slot weight and always add up to the time available.
"""

from __future__ import annotations

import dataclasses

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from greenroom.analyze.turns import content_words, topic_of
from greenroom.errors import InputError
from greenroom.prep.dossier import Dossier
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
    ("body", "craft", "Which {piece} in {title} asked the most of you as a performer?",
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
    ("body", "personal", "How did you switch off after a long day of {playing}?",
     "Ask what the first free day after {title} wrapped looked like."),
    ("body", "personal", "What did you carry home from {title} that you didn't expect to?",
     "Ask whether it is still with them, and let a silence sit."),
    ("big", "", "What did {playing} teach you about {angle}?",
     "Stay with it: ask for the moment on {title} when that became clear."),
    ("big", "", "How has {title} changed the way you think about {angle}?",
     "Ask what they believed about it before {making} started."),
    ("big", "", "Where in {title} do you feel {angle} most strongly?",
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
    words["playing"] = words["playing"].format(role=_phrase(dossier.role))
    return template.format(title=dossier.title, angle=_phrase(dossier.angle), **words)


def _phrase(text: str) -> str:
    """A dossier phrase set inside a sentence: no closing full stop, no capital on a common word."""
    text = text.strip().rstrip(".")
    return text[:1].lower() + text[1:] if text[:1].isupper() and not text[1:2].isupper() and \
        text.split()[0].lower() in ("the", "a", "an", "his", "her", "their", "being") else text


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

def slots(dossier: Dossier, homework: Homework, count: int) -> list[tuple[str, str]]:
    """(slot, category) in rapport order: opener, lighter questions, the big one in the
    middle, heavier ones, the close (looking ahead, on top of the career question about
    highlights and challenges); every category at least once, and any further
    questions in the categories least asked so far (in the library and in this plan)."""
    big = _angle_category(dossier.angle)
    planned = Counter({"experience": 1}) + Counter({big: 1})  # the opener and the big question
    body = [c for c in CATEGORIES if not planned[c]]
    asked = homework.topics()
    while len(body) < count - 3:
        body.append(min(CATEGORIES, key=lambda c: (asked[c] + 2 * (planned[c] + body.count(c)),
                                                    CATEGORIES.index(c))))
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
        options.lint, avoid=[*options.lint.avoid, *dossier.avoid], subject=fill("{playing} in {title}", dossier),
        common=[*options.lint.common, dossier.title, dossier.guest], mask=fill("the {work}", dossier))
    linter = Linter(lint_options, homework.questions, embedder)
    plan = Plan(dossier, homework, [])
    drafts = _drafts(drafter, dossier, homework, plan)
    chosen = _choose(dossier, slots(dossier, homework, question_count(minutes)), drafts, linter, plan)
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


def _candidates(dossier: Dossier, slot: str, category: str, drafts: list[Draft]) -> list[_Candidate]:
    """A text model's drafts for the category first, then the templates for the slot. The big
    question (the angle) and the forward-looking close always come from templates."""
    found = [_Candidate(slot, category, d.question, d.follow_up or "Ask for one concrete moment.", "text model")
             for d in drafts if d.category == category and slot in ("opener", "body")]
    found += [_Candidate(slot, category or c, fill(q, dossier), fill(f, dossier), "template")
              for s, c, q, f in TEMPLATES if s == slot and (c == category or s == "big")]
    return found


def _choose(dossier: Dossier, wanted: list[tuple[str, str]], drafts: list[Draft], linter: Linter,
            plan: Plan) -> list[PlanItem]:
    """The first clean, grounded, unused candidate for each slot."""
    pools = [_candidates(dossier, slot, category, drafts) for slot, category in wanted]
    texts = sorted({c.question for pool in pools for c in pool})
    verdicts: dict[str, Linted] = dict(zip(texts, linter.lint(texts)))
    used: set[str] = set()
    items = []
    for pool in pools:
        fresh = [c for c in pool if c.question not in used]
        good = [c for c in fresh if not verdicts[c.question].flags and grounding(c.question, dossier)]
        pick = good[0] if good else min(fresh or pool, key=lambda c: len(verdicts[c.question].flags))
        if not good:
            kinds = ", ".join(verdicts[pick.question].kinds) or "no dossier detail"
            plan.notes.append(f"No clean question for the {pick.category} slot; kept one flagged {kinds}.")
        used.add(pick.question)
        items.append(PlanItem(pick.category, pick.slot, pick.question, pick.follow_up, source=pick.source))
    drafted = [d for d in drafts if d.question not in used]
    if drafts:
        plan.notes.append(f"{len(drafts) - len(drafted)} of {len(drafts)} text-model drafts used; the rest "
                          "failed the linter, named nothing from the dossier, or were not needed.")
    return items


def _add_setups(plan: Plan) -> None:
    """Pair key facts with the questions they lead into best (shared words, then a matching
    topic), one fact per question; facts left over go to body questions still without one,
    in order, except release news (promotion), which stays in the homework list."""
    title = _keys(plan.dossier.title)

    def fit(fact: str, item: PlanItem) -> float:
        shared = _keys(fact) & _keys(f"{item.question} {item.follow_up}")
        return len(shared - title) + 0.5 * (topic_of(fact) == item.category)

    items = [i for i in plan.items if i.slot != "close"]
    pairs = sorted(((fit(f, i), n, k) for n, f in enumerate(plan.dossier.facts) for k, i in enumerate(items)),
                   key=lambda p: (-p[0], p[1], p[2]))
    taken_facts: set[int] = set()
    for score, n, k in pairs:
        if score > 0 and n not in taken_facts and not items[k].setup:
            items[k].setup = plan.dossier.facts[n].rstrip(".") + "."
            taken_facts.add(n)
    left = [f for n, f in enumerate(plan.dossier.facts) if n not in taken_facts and topic_of(f) != "promotion"]
    for item, fact in zip([i for i in items if i.slot == "body" and not i.setup], left):
        item.setup = fact.rstrip(".") + "."


_WEAK = frozenset("first last every time morning night week weeks year years ask asked".split())


def _keys(text: str) -> set[str]:
    """Word stems worth matching a fact on ("reading" and "read" share "read")."""
    return {_stem(w) for w in content_words(text) if w not in VAGUE | _WEAK}


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[:-len(suffix)][:6]
    return word[:6]
