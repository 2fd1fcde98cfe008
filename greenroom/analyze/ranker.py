"""The moment ranker: how likely an editor is to clip a story, from features a person can check.

Each story unit (`stories.Story`) gets about thirty named features — its length,
where it sits in the interview and in its answer, how much of it is told in the
past tense, reported speech ("and he said…"), laughter, sentiment, the cue words
of each kind, whether it opens where a story opens or leans on what came before —
plus its sentence embedding (all-MiniLM-L6-v2, what it is about). A logistic
regression over those, fitted on editors' ranked picks of many interviews by
`bench/fit_moments.py` (cross-validated across interviews, never within one),
turns them into a probability. The fitted weights are data
(`moment_model.json`), read with numpy alone; the reasons a moment shows are the
named features that pushed it up most.

Prosody (pitch, loudness, pace) is not in the fitted model: none of the labelled
interviews has media. It still decides the kind (`emotion`) when media exists.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from typing import Any

from greenroom.analyze.moments import (
    _TOKEN,
    KINDS,
    QUOTED,
    Signals,
    Window,
    passage_weights,
    score_window,
    windows,
)
from greenroom.analyze.standalone import clip_reasons, context_reasons
from greenroom.analyze.stories import OPENERS, Story
from greenroom.model import Interview
from greenroom.text.storytelling import lexicon

MODEL_FILE = "moment_model.json"
# The storytelling lexicons live as data in text/data/storytelling.toml, with their examples.
REPORTED = lexicon("reported")  # "and he said", "she was like"
FIRST_PERSON = lexicon("first_person")
SECOND_PERSON = lexicon("second_person")
WE = lexicon("we")
REACTION = lexicon("reaction")  # "Wow.", "That's hilarious."
REACTION_WORDS = 25  # a reply longer than this is a new question, not a reaction

# Features grouped by the kind of moment they speak for: a moment's kind is the
# group that pushed its score up most.
KIND_FEATURES = {
    "anecdote": ("narrative", "past_ratio", "reported", "specifics", "opens_story"),
    "candid": ("candid",),
    "humor": ("laughs_guest", "laughs_host", "humor"),
    "emotion": ("sentiment_max", "sentiment_low", "intense", "feeling"),
    "craft": ("craft", "craft_cues"),
    "quotable": ("quotable", "strong"),
}
# What each feature means, said the way a reason reads.
SAYS = {
    "narrative": "narrative markers", "past_ratio": "told in the past tense", "reported": "reported speech",
    "specifics": "specifics (names, places, numbers)", "opens_story": "opens where a story opens",
    "candid": "an admission", "laughs_guest": "laughter", "laughs_host": "the interviewer laughed",
    "humor": "humor words", "sentiment_max": "strong feeling", "sentiment_low": "a dark turn",
    "intense": "intense words", "feeling": "feeling words", "craft": "about the work",
    "craft_cues": "how it is done", "quotable": "a quotable line", "strong": "a strong claim",
    "log_seconds": "its length", "passage": "a substantial answer", "first_person": "in the first person",
    "whole_answer": "a whole answer", "opens_answer": "opens the answer", "position": "where it comes",
    "you": "addressed to 'you'", "we": "'we'", "leans_back": "leans on what came before",
    "ends_dangling": "ends before the thought does", "sentences": "its sentence count",
    "early": "the opening minutes", "late": "the closing minutes", "asks": "the guest asks questions",
    "answer_parts": "a long answer", "question_words": "a long question before it",
    "reaction": "the interviewer reacted", "follow_up": "the interviewer asked more about it",
    **{f"rule_{k}": f"{k} cues" for k in KINDS}, "rule_rank": "the rule's rank",
}


def story_features(story: Story, signals: Signals, duration: int, weights: dict[str, float],
                   after: str = "", reply: str = "", best: Window | None = None) -> dict[str, float]:
    """The named features of one story (rates are per 100 words); `best` is its best
    1-4 sentence window by the hand-set cues (`best_window`)."""
    run = story.sentences
    plain = " ".join(s.plain for s in run)
    words = max(1, len(_TOKEN.findall(plain)))

    def rate(name: str) -> float:
        return 100.0 * sum(s.feats[name] for s in run) / words

    past = sum(s.feats["past"] for s in run)
    verbs = past + sum(s.feats["present"] for s in run)
    laughs = [by for at, by in signals.laughs if story.start - 500 <= at <= story.end + 3_000]
    feelings = [signals.sentiment(s.plain) for s in run]
    position = story.start / max(1, duration)
    question = story.question.text if story.question is not None else ""
    return {
        "log_seconds": math.log(max(1.0, story.length / 1000)), "sentences": math.log1p(len(run)),
        "opens_answer": float(story.part == 0), "whole_answer": float(story.parts == 1),
        "answer_parts": math.log(story.parts), "position": position,
        "early": float(position < 0.05), "late": float(position > 0.95),
        "past_ratio": past / verbs if verbs >= 3 else 0.0,
        "narrative": rate("narrative"), "specifics": rate("numbers") + rate("places") + rate("names"),
        "candid": rate("candid"), "humor": rate("humor"), "intense": rate("intense"), "feeling": rate("feeling"),
        "craft": rate("craft"), "craft_cues": rate("craft_cues"), "strong": rate("strong"),
        "quotable": max(s.feats["quotable"] for s in run),
        "laughs_guest": float(min(3, laughs.count(False))), "laughs_host": float(min(3, laughs.count(True))),
        "sentiment_max": max(abs(f) for f in feelings), "sentiment_low": -min(0.0, min(feelings)),
        "reported": 100.0 * (len(QUOTED.findall(plain)) + len(REPORTED.findall(plain))) / words,
        "first_person": 100.0 * len(FIRST_PERSON.findall(plain)) / words,
        "you": 100.0 * len(SECOND_PERSON.findall(plain)) / words, "we": 100.0 * len(WE.findall(plain)) / words,
        "opens_story": float(bool(OPENERS.match(run[0].plain))),
        "leans_back": float(bool(context_reasons(run[0].plain))),
        "ends_dangling": float(bool(clip_reasons(run[-1].text, after)) and not context_reasons(run[-1].text)),
        "asks": float(sum(s.plain.rstrip().endswith("?") for s in run)),
        "passage": min(weights.get(i, 1.0) for i in story.utterance_ids),
        "question_words": math.log1p(len(question.split())),
        **_reply_features(plain, reply), **_rule_features(best),
    }


def _reply_features(plain: str, reply: str) -> dict[str, float]:
    """What the interviewer says right after it ("" when the guest goes on): a short
    "Wow." or a laugh is an audience of one reacting; a question reusing its words is
    an interviewer who wants more of it."""
    from greenroom.analyze.turns import content_words

    short = len(reply.split()) <= REACTION_WORDS
    said, asked = content_words(plain), content_words(reply)
    return {"reaction": float(bool(reply) and short and bool(REACTION.search(reply))),
            "follow_up": float(bool(reply) and not short and len(said & asked) >= 2)}


def best_window(story: Story, signals: Signals, weights: dict[str, float]) -> Window | None:
    """The story's clearest 1-4 sentence window by the hand-set cue scores (moments.score_window):
    what names the moment's kind and gives its reason, and per kind, what the rule
    alone would have said (features for the fitted model)."""
    best: Window | None = None
    peaks = dict.fromkeys(KINDS, 0.0)
    for run in windows(story.sentences):
        window = score_window(run, signals)
        window.weight = min(weights.get(s.utterance.id, 1.0) for s in run)
        peaks = {k: max(v, window.scores[k]) for k, v in peaks.items()}
        if best is None or (window.score, window.rank) > (best.score, best.rank):
            best = window  # the clearest cue of any kind names the story's kind
    if best is not None:
        best.evidence["peaks"] = peaks
    return best


def _rule_features(best: Window | None) -> dict[str, float]:
    peaks = best.evidence["peaks"] if best is not None else dict.fromkeys(KINDS, 0.0)
    return {**{f"rule_{k}": v for k, v in peaks.items()}, "rule_rank": best.rank if best is not None else 0.0}


def interview_features(interview: Interview, stories: list[Story], signals: Signals,
                       bests: list[Window | None] | None = None) -> list[dict[str, float]]:
    """Features of every story of one interview (`bests`: their `best_window`s, if known)."""
    weights = passage_weights(interview)
    bests = bests if bests is not None else [best_window(s, signals, weights) for s in stories]
    nexts = {id(a): b for a, b in pairwise(stories) if a.answer == b.answer}
    replies = Replies(interview)
    return [story_features(s, signals, interview.duration, weights,
                           nexts[id(s)].sentences[0].text if id(s) in nexts else "",
                           "" if id(s) in nexts else replies.after(s), best)
            for s, best in zip(stories, bests, strict=True)]


class Replies:
    """The first line after a story's end by someone else, when it is the interviewer's:
    one sort of the utterances and a binary search per story, not a pass per story."""

    def __init__(self, interview: Interview):
        from greenroom.analyze.turns import interviewer_ids

        self.asks = interviewer_ids(interview)
        self.ordered = sorted(interview.utterances, key=lambda u: u.start)  # stable: ties keep file order
        self.starts = [u.start for u in self.ordered]

    def after(self, story: Story) -> str:
        last = story.sentences[-1].utterance
        for u in self.ordered[bisect_left(self.starts, last.end):]:
            if u.speaker != last.speaker:
                return u.text if u.speaker in self.asks else ""
        return ""


EMBED_CHARS = 1200  # MiniLM reads 256 tokens at most; a 60 s story is about 900 characters


def story_text(story: Story) -> str:
    """What is embedded: the story's opening, up to EMBED_CHARS at a word boundary."""
    text = story.text
    return text if len(text) <= EMBED_CHARS else text[:EMBED_CHARS].rsplit(" ", 1)[0]


@dataclass
class MomentModel:
    """Fitted weights: z-scored named features and an embedding direction."""

    names: list[str]
    mean: list[float]
    scale: list[float]
    coef: list[float]
    embedding_coef: list[float]  # empty when the model was fitted without embeddings
    intercept: float
    about: dict[str, Any]

    @property
    def uses_embeddings(self) -> bool:
        return bool(self.embedding_coef)

    def contributions(self, feats: dict[str, float]) -> dict[str, float]:
        """Each named feature's push on the log-odds, against the labelled interviews' average."""
        return {n: c * (feats.get(n, 0.0) - m) / s
                for n, m, s, c in zip(self.names, self.mean, self.scale, self.coef, strict=True)}

    def logit(self, feats: dict[str, float], embedding: Any = None) -> float:
        value = self.intercept + sum(self.contributions(feats).values())
        if self.uses_embeddings and embedding is not None:
            value += float(sum(a * b for a, b in zip(self.embedding_coef, embedding, strict=True)))
        return value

    def probability(self, feats: dict[str, float], embedding: Any = None) -> float:
        return 1.0 / (1.0 + math.exp(-self.logit(feats, embedding)))

    def to_dict(self) -> dict[str, Any]:
        return {"about": self.about, "names": self.names, "mean": self.mean, "scale": self.scale,
                "coef": self.coef, "embedding_coef": self.embedding_coef, "intercept": self.intercept}


@lru_cache(maxsize=2)
def load_model(with_embedding: bool = True) -> MomentModel:
    """The fitted model shipped with greenroom (see bench/fit_moments.py): the one
    that reads sentence embeddings, or the one fitted without them, for when the
    `analyze` extra (MiniLM) is not installed."""
    models = json.loads(resources.files("greenroom.analyze").joinpath(MODEL_FILE).read_text())
    data = models["with_embedding" if with_embedding else "features_only"]
    return MomentModel(data["names"], data["mean"], data["scale"], data["coef"], data["embedding_coef"],
                       data["intercept"], data.get("about", {}))


SHORTLIST = 40  # stories embedded and re-ranked; on the dev split the top 40 by named features held all but
# a few of the full model's top ten (cross-validated P@10 0.494 against 0.500 embedding all: bench/fit_moments.py)


def rank(stories: list[Story], feats: list[dict[str, float]], embedder: Any,
         limit: int) -> tuple[MomentModel, list[float]]:
    """Probabilities for every story: by the named features alone, then, where an
    embedder is at hand, the shortlist (SHORTLIST or three times `limit`) again by
    the model that also reads what each story is about. Embedding is most of the
    cost, so only the stories that could make the top are embedded; the others
    keep their first score, below every shortlisted one."""
    plain = load_model(with_embedding=False)
    first = [plain.probability(f) for f in feats]
    if embedder is None:
        return plain, first
    full = load_model(with_embedding=True)
    shortlist = sorted(range(len(stories)), key=lambda i: -first[i])[:max(SHORTLIST, 3 * limit)]
    vectors = embedder.embed([story_text(stories[i]) for i in shortlist])
    scores = [p * 1e-3 for p in first]  # below any shortlisted story
    for i, vector in zip(shortlist, vectors, strict=True):
        scores[i] = full.probability(feats[i], vector)
    return full, scores


JUDGE_SHARE = 0.3  # the judge's part of a shortlisted story's score: set by hand, not fitted (see below)
JUDGE_QUESTIONS = ("story", "candid", "funny", "craft", "moving", "quote")


def judge_shortlist(stories: list[Story], scores: list[float], judge: Any, limit: int) -> dict[int, dict[str, Any]]:
    """Ask a judge (backends.judge) its six questions about the best 2 x `limit`
    stories and blend its strongest yes into their scores, in place:
    (1 - JUDGE_SHARE) x the ranker's probability + JUDGE_SHARE x the judge's highest
    P(yes). Returns each judged story's answers by index.

    The share is not fitted: the judges that run here (the packaged 1.5B, SmolLM2)
    answer at chance on the editors' picks (bench/judge_bench.py), so no weight
    learned from them would mean anything. A user who brings a stronger model can
    measure what it adds with bench/judge_bench.py and bench/analyze_bench.py."""
    shortlist = sorted(range(len(stories)), key=lambda i: -scores[i])[:2 * limit]
    verdicts: dict[int, dict[str, Any]] = {}
    for i in shortlist:
        answers = judge.ask(stories[i].text, list(JUDGE_QUESTIONS))
        top = max(answers, key=lambda q: answers[q])
        scores[i] = (1 - JUDGE_SHARE) * scores[i] + JUDGE_SHARE * answers[top]
        verdicts[i] = {"model": judge.name, "answers": {q: round(p, 3) for q, p in answers.items()}, "strongest": top}
    return verdicts


def kind_of(model: MomentModel, feats: dict[str, float]) -> str:
    """The kind whose features pushed the score up most (anecdote when none did)."""
    push = model.contributions(feats)
    totals = {kind: sum(max(0.0, push.get(n, 0.0)) for n in names) for kind, names in KIND_FEATURES.items()}
    best = max(totals, key=lambda k: totals[k])
    return best if totals[best] > 0 else "anecdote"


def reasons(model: MomentModel, feats: dict[str, float], top: int = 3) -> list[str]:
    """The named features that pushed this story up most, as words."""
    push = model.contributions(feats)
    ranked = sorted((n for n in push if push[n] > 0.05), key=lambda n: -push[n])[:top]
    return [SAYS.get(n, n.replace("_", " ")) for n in ranked]


def choose(stories: list[Story], scores: list[float], limit: int) -> list[int]:
    """Indexes of the best stories by score, the unit right after (or before) one
    already chosen in the same answer passed over until nothing else is left: two
    halves of one story are one story, and the top ten should be ten stories."""
    order = sorted(range(len(stories)), key=lambda i: (-scores[i], stories[i].start))
    chosen: list[int] = []
    for relaxed in (False, True):
        for i in order:
            if len(chosen) >= limit or i in chosen:
                continue
            if not relaxed and any(stories[i].answer == stories[j].answer and abs(stories[i].part - stories[j].part) == 1
                                   for j in chosen):
                continue
            chosen.append(i)
    return chosen
