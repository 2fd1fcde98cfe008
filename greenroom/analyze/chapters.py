"""Chapters: where the conversation changes topic, and what each part is about.

The unit of segmentation is a turn: an interviewer's question with the answers
that follow (without known askers, about a minute of talk), because people
change topic with a new question, not mid-sentence; so cuts fall only where a
unit opens. Who asks is read from who ends turns on questions
(`turns.interviewer_ids`), never from names. Each unit is embedded whole
(all-MiniLM-L6-v2, int8, in pieces of CHUNK_CHARS, averaged) and as TF-IDF words.

Every unit opening is a candidate cut with features a person can check
(`FEATURES`): how unlike the talk before it is to the talk after it at 2, 5 and
10 minutes (and TextTiling's depth of each dip), in meaning and in shared words;
whether its question is more like what follows than what came before; the host's
move as `text.transitions` reads it ("Let's talk about", "last question", "you
mentioned"); how long and how new the question is; and timing. A logistic
regression fitted on the dev files (`chapter_model.json`, written by
bench/fit_chapters.py) turns them into the log-odds that a person would start a
chapter there, and a dynamic programme picks the cuts, so the count follows the
talk instead of a fixed minutes-per-chapter. Besides each cut's log-odds, the
programme charges each chapter for how spread in meaning its units are
(`segment_dispersion`, the global cost of Utiyama-Isahara and C99): the local
features see a few minutes either side of a cut, this sees the whole chapter,
so a cut goes where it leaves both sides on one topic (bench/chapters_ceiling.py
showed the loss is in which openings are picked, not in the candidates or the count).

Leave-one-file-out over the 24 dev files (the 22 of the Lex chaptered pool's dev
split and the two older chaptered transcripts, with the published chapter titles
the pool's scraper glued into the text taken out): median Pk 0.304, mean 0.305,
Pk at most 0.8 x the better baseline on 79 % of files; without the coherence
cost 0.310, 0.335 and 58 %. Fitted on all dev files and scored once on the frozen
test split (bench/labels/chapters-split.json, which no fit reads): median Pk
0.308 against 0.316 without it, at most 0.8 x the better baseline on 8 of 12 files
against 7; the issue's 0.30 and 75 % are not reached.

Titles are short topic phrases of two to five words, as people write them: the
topic the opening question names ("Tell me about the rowing boats" -> "The
rowing boats"), else the chapter's best keyphrase of two to four words (TF-IDF
phrases specific to the chapter against the rest of the interview), else its
two best nouns ("Memory and forgetting"); never a list of keywords. No title
or keyword holds a word of `greenroom.text.blocklist`.
"""

from __future__ import annotations

import importlib.resources
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from greenroom.analyze.grammar import nouns
from greenroom.analyze.registry import AnalysisError, Context, analyzer
from greenroom.analyze.turns import (
    STOPWORDS,
    asking_part,
    clean,
    interviewer_ids,
    is_question,
    sentences,
    words,
)
from greenroom.model import Chapter, Interview, Utterance
from greenroom.text import transitions
from greenroom.text.blocklist import clean_title, is_blocked

if TYPE_CHECKING:
    import numpy as np

    from greenroom.backends.embed import SentenceEmbedder

# The few knobs, each with the reason for its value.
MODEL_FILE = "chapter_model.json"  # the fitted boundary model, next to this file (bench/fit_chapters.py)
FEATURES = (  # what the boundary model reads at each candidate cut, in this order
    "sim_2min", "depth_2min", "sim_5min", "depth_5min", "sim_10min", "depth_10min",
    "words_sim_5min", "words_depth_5min", "previous_unit_sim", "question_leans_forward",
    "question_words_lean_forward",
    "transition", "closing", "follow_up", "host_opens", "question_words", "new_words",
    "minutes_since_previous", "unit_minutes", "position",
)
WINDOWS_MS = (2 * 60_000, 5 * 60_000, 10 * 60_000)  # a question's follow-ups, a topic, a theme
WINDOW_MS = 5 * 60_000  # the shared-words window (4-6 min were within 0.02 on dev)
MIN_SEGMENTED_MS = 10 * 60_000  # shorter talks are one chapter (and load no model)
CHUNK_CHARS = 300  # the whole unit is embedded in pieces of about this size (~70 tokens), averaged
UNIT_MS = 60_000  # without known askers (or in a monologue), a unit is about a minute of talk
UNIT_CHARS = 300  # text embedded per unit (~70 tokens): the question and the start of the
#                   answer say what it is about, and a 60-minute interview encodes in ~2 s
BACKCHANNEL_WORDS = 4  # "Right, right." from the interviewer opens no new unit
TITLE_WORDS = (2, 5)  # a title is a short topic phrase, as people write them ("Plate tectonics")
TITLE_LOOK = 3  # a two-to-four-word keyphrase this high in the ranking titles its chapter
KEYWORDS = 5
TOPIC_TERMS = 15  # a question titles its chapter only if it names one of these top terms
NOUN_CHECK = 3  # candidates per keyword wanted that are ranked (and so tagged) before the noun filter

INTRO = transitions.lexicon("introduction")
INTRO_MS = 5 * 60_000  # an introduction comes in the first minutes or not at all
MIN_INTRO_MS = 20_000  # shorter, it is a greeting, not a chapter
# Lead-ins that wrap a topic ("Tell me about X", "Let's talk about X", "What about X?") and the rest of
# what titles read are data: text/data/transitions.toml.
TOPIC_LEAD = transitions.lexicon("topic_lead")
FILLER_LEAD = transitions.lexicon("filler_lead")
QUESTION_OF = transitions.lexicon("question_of")
WH_WORD = transitions.lexicon("wh_start")
SOME_OF = transitions.lexicon("some_of")
# Words that say nothing about a topic, for the lexical similarity and keywords.
_LEXICAL_STOP_TEXT = """
i'm it's that's don't there's you're we're they're can't isn't doesn't didn't won't i've you've we've
gonna wanna kind sort maybe probably basically literally obviously right okay oh uh um mean guess
people time lot lots bit pretty sure different whole able need want try trying says saying ask
question questions answer yes yeah year years day days first two three new good great big long
"""
LEXICAL_STOP = STOPWORDS | frozenset(_LEXICAL_STOP_TEXT.split())
_TITLE_STOP_TEXT = """
stuff guys interesting incredible amazing fascinating important true love hard easy better best worse
idea sense point fact example part place world ways times work working works make makes making made
getting gets feel feels felt seem seems seemed wanted wants needs use used uses using look looking
looks someone somebody everybody everyone anyone nobody whatever exactly especially certainly
level levels start started end ended find found put keep kept give gave given call called
let lets thought thinking believe anyway else yet okay cool wow huge small large beautiful thank thanks
against across around among without within upon toward towards behind beyond along via per inside
outside between always never often sometimes almost already ago etc four five six seven eight nine ten
hundred thousand million billion minutes seconds hours weeks months
"""
TITLE_STOP = LEXICAL_STOP | frozenset(_TITLE_STOP_TEXT.split())


@dataclass
class Unit:
    """A stretch of consecutive utterances that segmentation never cuts inside."""

    first: int  # index of its first utterance
    last: int
    start: int
    end: int
    speaker: str | None  # who opened it
    question: str  # the asking part of the utterance that opened it, "" when none


# -- units ----------------------------------------------------------------

def _opens_unit(u: Utterance, unit: Unit | None, answered: bool, askers: set[str]) -> bool:
    """A new unit starts where the interviewer speaks again after an answer
    (backchannels aside: "Right, right." opens nothing); and, once a unit has
    run UNIT_MS, where someone other than its opener speaks, or anywhere after
    3 x UNIT_MS, so that long answers, monologues cut into caption cues and
    interviews without known roles still get cut points."""
    if unit is None:
        return True
    substantive = is_question(u.text) or len(words(u.text)) > BACKCHANNEL_WORDS
    asks = u.speaker in askers and answered and substantive
    elapsed = u.start - unit.start
    return asks or elapsed >= 3 * UNIT_MS or (elapsed >= UNIT_MS and u.speaker != unit.speaker)


def build_units(interview: Interview, begin: int = 0) -> list[Unit]:
    """Units in time order from utterance `begin` on; a unit opened by an
    interviewer keeps their question."""
    askers = interviewer_ids(interview)
    units: list[Unit] = []
    answered = False  # has someone other than the interviewer spoken in this unit?
    for index, u in enumerate(interview.utterances[begin:], start=begin):
        unit = units[-1] if units else None
        if _opens_unit(u, unit, answered, askers):
            question = " ".join(asking_part(u.text)) if u.speaker in askers else ""
            units.append(Unit(index, index, u.start, u.end, u.speaker, question))
            answered = False
        else:
            units[-1].last, units[-1].end = index, max(units[-1].end, u.end)
        answered = answered or u.speaker not in askers
    return units


def unit_text(interview: Interview, unit: Unit, chars: int | None = None) -> str:
    """What gets embedded: the question (its asking part, else the opening), then
    the start of the answer, cut at `chars` on a word boundary."""
    chars = chars or UNIT_CHARS
    utts = interview.utterances[unit.first:unit.last + 1]
    head = unit.question or clean(utts[0].text)
    rest = " ".join(clean(u.text) for u in utts[1:])
    text = f"{head[:chars // 2]} {rest}" if rest else head
    return text[:chars].rsplit(" ", 1)[0] if len(text) > chars else text


# -- segmentation ---------------------------------------------------------

def unit_weights(interview: Interview, units: list[Unit]) -> list[float]:
    """How much each unit counts: a two-word exchange says little about the topic."""
    utts = interview.utterances
    return [min(1.0, sum(len(u.text) for u in utts[unit.first:unit.last + 1]) / UNIT_CHARS) for unit in units]


def lexical_vectors(docs: list[str]) -> np.ndarray:
    """L2-normalised TF-IDF rows over content words: names and jargon that recur
    within a topic ("Veo", "the premiere") are what the short embedded text misses."""
    import numpy as np

    counts = [Counter(_stem(w) for w in words(doc) if len(w) >= 3 and w not in LEXICAL_STOP) for doc in docs]
    df = Counter(term for c in counts for term in c)
    vocab = {term: i for i, term in enumerate(t for t, n in df.items() if n > 1)}
    rows = np.zeros((len(docs), max(1, len(vocab))), dtype=np.float32)
    for row, c in enumerate(counts):
        for term, n in c.items():
            if term in vocab:
                rows[row, vocab[term]] = (1 + math.log(n)) * math.log(len(docs) / df[term])
    return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-9)


def _stem(word: str) -> str:
    word = word.replace("’", "'").split("'")[0]
    return word[:-1] if word.endswith("s") and len(word) > 4 else word


def window_sums(vectors: np.ndarray, weights: list[float], times: list[int], window_ms: int,
                skip: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """For each unit c, the weighted sums of the unit rows in the `window_ms` before it and
    of those in the `window_ms` from it on (from c + `skip` on: 1 leaves the unit out)."""
    import numpy as np

    n = len(vectors)
    at = np.array(times[:n])
    weighted = vectors * np.asarray(weights)[:, None]
    prefix = np.vstack([np.zeros((1, vectors.shape[1])), np.cumsum(weighted, axis=0)])
    lo = np.minimum(np.searchsorted(at, at - window_ms), np.maximum(np.arange(n) - 1, 0))
    hi = np.maximum(np.searchsorted(at, at + window_ms), np.minimum(np.arange(n) + 1 + skip, n))
    begin = np.minimum(np.arange(n) + skip, n)
    return prefix[np.arange(n)] - prefix[lo], prefix[hi] - prefix[begin]


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    import numpy as np

    return np.einsum("ij,ij->i", a, b) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1) + 1e-9)


def window_similarity(vectors: np.ndarray, weights: list[float], times: list[int],
                      window_ms: int) -> np.ndarray:
    """For each unit c (from 1), the cosine between the weighted sum of the units in the
    `window_ms` before it and of those in the `window_ms` from it on; NaN at 0."""
    left, right = window_sums(vectors, weights, times, window_ms)
    sims = _cosines(left, right)
    sims[0] = float("nan")
    return sims


def forward_lean(openings: np.ndarray, vectors: np.ndarray, weights: list[float], times: list[int],
                 window_ms: int) -> np.ndarray:
    """How much more the opening of each unit (its question) is like the talk after it than
    the talk before it: a new topic's question points forward, a follow-up points back."""
    left, right = window_sums(vectors, weights, times, window_ms, skip=1)
    lean = _cosines(openings, right) - _cosines(openings, left)
    lean[0] = 0.0
    return lean


def depth_scores(sims: np.ndarray) -> np.ndarray:
    """TextTiling's depth: how far the similarity climbs on each side of a dip before it falls."""
    import numpy as np

    depth = np.zeros(len(sims))
    for c in range(1, len(sims)):
        left = right = sims[c]
        i = c - 1
        while i >= 1 and sims[i] >= left:
            left, i = sims[i], i - 1
        i = c + 1
        while i < len(sims) and sims[i] >= right:
            right, i = sims[i], i + 1
        depth[c] = (left - sims[c]) + (right - sims[c])
    return depth


def _content_keys(text: str) -> set[str]:
    return {_stem(w) for w in words(text) if len(w) >= 3 and w not in LEXICAL_STOP}


def _opening_row(interview: Interview, units: list[Unit], c: int, askers: set[str], end: int) -> list[float]:
    """What a person sees at the utterance opening unit c: the host's move (a transition, a
    closing, a follow-up, `text.transitions`), how long the question is, how much of it is
    new against the unit before (a new topic, not a follow-up), and where it falls in time."""
    unit, utts = units[c], interview.utterances
    opening = utts[unit.first].text
    cue = transitions.cues(opening)
    asked = unit.question or " ".join(words(opening)[:40])
    said_before = _content_keys(" ".join(u.text for u in utts[units[c - 1].first:units[c - 1].last + 1])) \
        if c else set()
    new = _content_keys(asked)
    following = units[c + 1].start if c + 1 < len(units) else end
    return [float(cue["transition"]), float(cue["closing"]), float(cue["follow_up"]),
            float(unit.speaker in askers), math.log1p(len(words(unit.question))),
            len(new - said_before) / len(new) if new else 0.0,
            math.log1p((unit.start - units[c - 1].start) / 60_000) if c else 0.0,
            math.log1p(max(0, following - unit.start) / 60_000),
            (unit.start - units[0].start) / max(1, end - units[0].start)]


def boundary_features(interview: Interview, units: list[Unit], vectors: np.ndarray, openings: np.ndarray,
                      end: int) -> np.ndarray:
    """One row of `FEATURES` per unit (row 0, the opening, is never a cut): how much the talk
    before the unit differs from the talk after it, in meaning (`vectors`, at WINDOWS_MS) and
    in shared words (TF-IDF), with TextTiling's depth of each dip, and the opening's cues."""
    import numpy as np

    times = [u.start for u in units] + [end]
    weights = unit_weights(interview, units)
    utts = interview.utterances
    both = lexical_vectors([" ".join(u.text for u in utts[unit.first:unit.last + 1]) for unit in units]
                           + [utts[unit.first].text for unit in units])  # one vocabulary for both
    lexical, opening_words = both[:len(units)], both[len(units):]
    columns = []
    for source, windows in ((vectors, WINDOWS_MS), (lexical, (WINDOW_MS,))):
        for window in windows:
            sims = window_similarity(source, weights, times, window)
            columns += [np.nan_to_num(sims, nan=1.0), depth_scores(sims)]
    columns.append(np.concatenate([[1.0], np.einsum("ij,ij->i", vectors[1:], vectors[:-1])]))
    columns.append(forward_lean(openings, vectors, weights, times, WINDOW_MS))
    columns.append(forward_lean(opening_words, lexical, weights, times, WINDOW_MS))
    askers = interviewer_ids(interview)
    cue_rows = np.array([_opening_row(interview, units, c, askers, end) for c in range(len(units))])
    return np.column_stack([*columns, cue_rows]).astype(np.float64)


@lru_cache(maxsize=1)
def chapter_model() -> dict[str, Any]:
    """The fitted boundary model (bench/fit_chapters.py writes it; see its `about`)."""
    text = importlib.resources.files("greenroom.analyze").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    model = json.loads(text)
    if list(model["features"]) != list(FEATURES):
        raise AnalysisError(f"{MODEL_FILE}: fitted on other features; rerun bench/fit_chapters.py --write")
    return dict(model)


def cut_logits(features: np.ndarray, model: dict[str, Any]) -> np.ndarray:
    """The log-odds that a human chapter starts at each unit, by the logistic regression."""
    import numpy as np

    scaled = (features - np.asarray(model["mean"])) / np.asarray(model["scale"])
    return np.asarray(scaled @ np.asarray(model["coef"]) + model["intercept"])


def segment_dispersion(vectors: np.ndarray, weights: list[float]) -> np.ndarray:
    """How far apart in meaning the units of each possible chapter are: entry [i, j] is the
    weighted sum of squared distances of units i..j-1 from their weighted mean (the
    within-segment cost of Utiyama and Isahara's and C99's global segmentation). A chapter
    that keeps to one topic costs little; one that spans two costs more than the two apart.
    Local dips see only a few minutes either side; this sees the whole chapter."""
    import numpy as np

    w = np.asarray(weights, dtype=np.float64)
    rows = np.asarray(vectors, dtype=np.float64)
    summed = np.vstack([np.zeros((1, rows.shape[1])), np.cumsum(rows * w[:, None], axis=0)])
    mass = np.concatenate([[0.0], np.cumsum(w)])
    squares = np.concatenate([[0.0], np.cumsum(w * (rows**2).sum(axis=1))])
    gram = summed @ summed.T
    norms = np.diag(gram)
    between = norms[None, :] + norms[:, None] - 2 * gram  # |sum of units i..j-1|^2
    spread = (squares[None, :] - squares[:, None]) - between / np.maximum(mass[None, :] - mass[:, None], 1e-9)
    return np.asarray(np.maximum(spread, 0.0))


def pick_cuts(logits: np.ndarray, times: list[int], model: dict[str, Any],
              dispersion: np.ndarray | None = None) -> list[int]:
    """Indices of the units that open chapters 2.., by dynamic programming: each cut
    earns its log-odds plus `cut_bias`, each chapter the log-likelihood of its length
    under the log-normal that human chapters on dev follow (`length`), times
    `length_weight`, and pays its `segment_dispersion` times `coherence_weight`, so cuts
    go where they leave each chapter on one topic, not only where a local dip is. So the
    count adapts: short-chapter talks get more cuts where the evidence is there, and no
    chapter is shorter than `min_minutes` (fitted too)."""
    import numpy as np

    n = len(logits)
    at = np.asarray(times[:n + 1], dtype=np.float64) / 60_000
    mu, sigma = model["length"]["mu"], model["length"]["sigma"]
    gain = np.asarray(logits, dtype=np.float64) + model["cut_bias"]
    best = np.full(n + 1, -np.inf)
    back = np.zeros(n + 1, dtype=np.int64)
    best[0] = 0.0
    for j in range(1, n + 1):
        minutes = at[j] - at[:j]
        prior = -np.log(np.maximum(minutes, 1e-3)) - (np.log(np.maximum(minutes, 1e-3)) - mu) ** 2 / (2 * sigma**2)
        total = best[:j] + model["length_weight"] * prior
        if dispersion is not None:
            total = total - model["coherence_weight"] * dispersion[:j, j]
        total[minutes < model["min_minutes"]] = -np.inf
        i = int(np.argmax(total))
        if not np.isfinite(total[i]):
            continue
        back[j], best[j] = i, total[i] + (gain[j] if j < n else 0.0)
    if not np.isfinite(best[n]):
        return []
    cuts, j = [], n
    while j > 0:
        j = int(back[j])
        cuts.append(j)
    return sorted(c for c in cuts if c > 0)


# -- titles ---------------------------------------------------------------

def _strip_text(text: str) -> str:
    return text.strip(" ,.;:!?-–—\"'“”‘’…")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _topic_after_lead(sentence: str) -> str:
    """"Let me ask you about OpenAI o1." -> "OpenAI o1"; "" without a lead-in."""
    lead = TOPIC_LEAD.match(sentence)
    if not lead or not lead.end():
        return ""
    topic = QUESTION_OF.sub("", sentence[lead.end():])
    topic = re.split(r"[?,;:.!…]| (?:and|because|where|when|that|so|if|but|since) ", topic)[0]
    topic = _strip_text(SOME_OF.sub("", topic))
    return topic + "?" if WH_WORD.match(topic) and sentence.rstrip().endswith("?") else topic


def question_title(text: str, topic_words: set[str]) -> str:
    """A title from the interviewer's words that opened a chapter, when they name
    the topic: the X of "Tell me about X" or "Let's talk about X", of TITLE_WORDS
    words. It must contain one of the chapter's top terms (`topic_words`, as
    `_key`s), so "Let's talk about it." titles nothing; a bare question is no
    title ("Which oars did you use?" is not what people write in a contents list)."""
    for part in sentences(text):
        title = _topic_after_lead(FILLER_LEAD.sub("", part)).rstrip("?")
        if (TITLE_WORDS[0] <= len(title.split()) <= TITLE_WORDS[1] and not WH_WORD.match(title)
                and {_key(w) for w in words(title)} & topic_words):
            return _capital(title)
    return ""


def _is_filler(token: str) -> bool:
    low = token.lower().replace("’", "'")
    return (len(low) < 3 or "'" in low or low in TITLE_STOP or not low[0].isalpha()
            or (low.endswith("ly") and len(low) > 4))


def _key(word: str) -> str:
    return _stem(word.lower())


def phrases(text: str) -> list[str]:
    """Candidate keywords: runs of up to three words between filler words and
    punctuation ("scaling laws", "Shadow Workspace", "John von Neumann", "Law & Order")."""
    found: list[str] = []
    for clause in re.split(r"[.,;:!?()\[\]\"“”…]+|\s[-–—]+\s", text):
        run: list[str] = []
        for token in re.findall(r"[A-Za-z][\w'’-]*|(?<= )&(?= [A-Z])", clause) + [""]:  # "Law & Order"
            if token == "&" and run or token and not _is_filler(token):
                run.append(token)
                continue
            found += [" ".join(run[i:i + n]) for n in (1, 2, 3) for i in range(len(run) - n + 1)
                      if "&" not in (run[i], run[i + n - 1])]
            run = []
    return found


def keywords(docs: list[str], top: int = KEYWORDS, people: Iterable[str] = ()) -> list[list[str]]:
    """Top TF-IDF phrases of each chapter against the other chapters.

    A phrase must occur twice in its chapter; longer phrases and names
    (usually capitalised mid-sentence) score higher because they say more than
    a lone common word. Shown in the casing people wrote most. A phrase with a
    word of the speakers' own names (`people`) is left out: "Low Tide, Tom,
    scene" says nothing that "Low Tide, scene" does not; the speakers are in every chapter.
    A lone lower-case word must be a noun (`grammar.nouns`): "Appreciate, date,
    nice" was a chapter's title.
    """
    names = {_key(w) for name in people for w in re.findall(r"[A-Za-z][\w'’-]*", name)}
    found = [[p for p in phrases(doc) if not names & {_key(w) for w in p.split()}] for doc in docs]
    shown: dict[str, str] = {}
    for form, _ in Counter(p for f in found for p in f).most_common():
        shown.setdefault(" ".join(_key(w) for w in form.split()), form)
    counts = [Counter(" ".join(_key(w) for w in p.split()) for p in f) for f in found]
    df = Counter(term for c in counts for term in c)
    ranked = []
    for c in counts:
        score = {t: (1 + math.log(n)) * math.log(1 + len(docs) / df[t])
                 * (1.0, 1.5, 1.75)[t.count(" ")] * (1.5 if shown[t][:1].isupper() else 1.0)
                 for t, n in c.items() if n >= 2}
        best = [shown[t] for t in sorted(score, key=lambda t: (-score[t], t))][:2 * NOUN_CHECK * top]
        ranked.append([p for p in best if not is_blocked(p)][:NOUN_CHECK * top])  # no slur is a keyword
    lone = sorted({p for r in ranked for p in r if " " not in p and p.islower()})
    things = nouns(lone) if lone else set()  # only the front runners are tagged: spaCy is slow per word
    return [_distinct([p for p in r if p in things or p not in lone], top) for r in ranked]


def _distinct(ranked: list[str], top: int) -> list[str]:
    """The best phrases that share no word with a better one."""
    chosen: list[str] = []
    taken: set[str] = set()
    for phrase in ranked:
        keys = {_key(w) for w in phrase.split() if w != "&"}
        if not keys & taken:
            chosen.append(phrase)
            taken |= keys
        if len(chosen) == top:
            break
    return chosen


def phrase_title(terms: list[str]) -> str:
    """A short topic phrase from the chapter's ranked keyphrases (`keywords`): the best
    phrase of two to four words among the first few ("Scaling laws"), else the two best
    single words joined ("Memory and forgetting"), never a list ("Wake, fish, forget")."""
    lo, hi = TITLE_WORDS
    for term in terms[:TITLE_LOOK]:
        if lo <= len(term.split()) <= hi - 1:
            return _capital(term)
    single = [t for t in terms if " " not in t][:2]
    if len(single) == 2:
        return _capital(f"{single[0]} and {single[1]}")
    return _capital(terms[0]) if terms else ""


# -- the analyzer ---------------------------------------------------------

def _intro_end(interview: Interview) -> int:
    """Index of the utterance that ends a standalone introduction, or -1.

    Only an utterance of its own ("The following is a conversation with..."),
    and long enough to be a chapter: "Sarah, welcome to the show." (4 s) is a
    greeting, not an introduction; an intro that runs into the first question
    stays in the first chapter."""
    utts = interview.utterances
    for index, u in enumerate(utts[:4]):
        if u.start > INTRO_MS:
            break
        if INTRO.search(u.text) and not is_question(u.text) and index + 1 < len(utts):
            return index if u.end - utts[0].start >= MIN_INTRO_MS else -1
    return -1


def unit_chunks(interview: Interview, unit: Unit) -> list[str]:
    """The unit's sentences in pieces of about CHUNK_CHARS, all of it: what a stretch
    of talk is about is in its answers as much as in the question."""
    chunks: list[str] = []
    for sentence in sentences(" ".join(u.text for u in interview.utterances[unit.first:unit.last + 1])):
        if chunks and len(chunks[-1]) + len(sentence) < CHUNK_CHARS:
            chunks[-1] += " " + sentence
        else:
            chunks.append(sentence)
    return chunks or [unit_text(interview, unit) or "."]


def unit_vectors(interview: Interview, units: list[Unit],
                 embedder: SentenceEmbedder) -> tuple[np.ndarray, np.ndarray]:
    """Unit-length rows per unit: the mean embedding of its chunks, and its first chunk's
    (the question and the start of the answer)."""
    import numpy as np

    pieces = [unit_chunks(interview, unit) for unit in units]
    rows = embedder.embed([chunk for chunks in pieces for chunk in chunks])
    sizes = [len(chunks) for chunks in pieces]
    owner = np.repeat(np.arange(len(units)), sizes)
    summed = np.zeros((len(units), rows.shape[1]), dtype=np.float32)
    np.add.at(summed, owner, rows)
    firsts = rows[np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(int)]
    return summed / np.maximum(np.linalg.norm(summed, axis=1, keepdims=True), 1e-9), firsts


@dataclass
class Candidates:
    """What the boundary model reads of one interview, computed once (the fit reuses it)."""

    units: list[Unit]  # the candidate cuts are their openings (unit 0 excepted)
    features: np.ndarray | None  # one row of FEATURES per unit; None when too few units to cut
    times: list[int]  # each unit's start, then the end of the interview
    intro: int  # index of the utterance that ends a standalone introduction, or -1
    dispersion: np.ndarray | None = None  # `segment_dispersion` of the units; None with no features


def candidates(interview: Interview, embedder: Callable[[], SentenceEmbedder]) -> Candidates | None:
    """The units after any introduction and their features; None for a talk too short to
    segment (under MIN_SEGMENTED_MS, or fewer than three units), which needs no model."""
    utts = interview.utterances
    end = max(u.end for u in utts)
    if end - utts[0].start < MIN_SEGMENTED_MS:
        return None
    intro = _intro_end(interview)
    units = build_units(interview, begin=intro + 1)
    if len(units) < 3 or end - units[0].start < MIN_SEGMENTED_MS:
        return Candidates(units, None, [], intro) if units else None
    vectors, openings = unit_vectors(interview, units, embedder())
    return Candidates(units, boundary_features(interview, units, vectors, openings, end),
                      [u.start for u in units] + [end], intro,
                      segment_dispersion(vectors, unit_weights(interview, units)))


def starts_of(found: Candidates, model: dict[str, Any]) -> list[int]:
    """Utterance indices that open chapters (0 first): the intro's end, then the model's cuts."""
    starts = {0, found.units[0].first}
    if found.features is not None:
        cuts = pick_cuts(cut_logits(found.features, model), found.times, model, found.dispersion)
        starts |= {found.units[c].first for c in cuts}
    return sorted(starts)


def chapter_starts(interview: Interview, embedder: Callable[[], SentenceEmbedder]) -> tuple[list[int], int]:
    """Utterance indices that open chapters (0 first), and the intro's last index or -1.

    `embedder` loads the encoder; it is called only when there is something to
    segment, so a short clip needs no model."""
    found = candidates(interview, embedder)
    if found is None:
        return [0], -1
    return starts_of(found, chapter_model()), found.intro


def build_chapters(interview: Interview, embedder: Callable[[], SentenceEmbedder]) -> list[Chapter]:
    """Chapters with start/end in ms, a title and the top keywords (`embedder` loads the encoder)."""
    utts = interview.utterances
    starts, intro = chapter_starts(interview, embedder)
    bounds = list(zip(starts, starts[1:] + [len(utts)]))
    terms = keywords([" ".join(u.text for u in utts[a:b]) for a, b in bounds], top=TOPIC_TERMS,
                     people=speaker_names(interview))
    askers = interviewer_ids(interview)
    chapters = []
    for (a, b), ranked in zip(bounds, terms):
        opening = utts[a].text if utts[a].speaker in askers else ""
        topic_words = {_key(w) for term in ranked for w in term.split()}
        title = "Introduction" if a == 0 and intro >= 0 else ""
        for candidate in (title, question_title(opening, topic_words), phrase_title(ranked)):
            title = clean_title(candidate)
            if title:
                break
        chapters.append(Chapter(start=utts[a].start, end=max(u.end for u in utts[a:b]),
                                title=title or "Conversation", keywords=ranked[:KEYWORDS]))
    return chapters


@analyzer("chapters", requires=("utterances",), assigns=("chapters",))
def analyze_chapters(interview: Interview, context: Context) -> None:
    """Topic chapters from sentence embeddings, titled by their opening question or
    keywords; chapters the file brought (`Chapter.authored`) are kept, with keywords added."""
    if not interview.utterances:
        raise AnalysisError(f"{interview.id or interview.title}: chapters need utterances")
    if interview.chapters and all(c.authored for c in interview.chapters):
        add_keywords(interview)  # the file's own chapters: a person's, not ours to redraw
        return
    from greenroom.backends.embed import default_embedder

    interview.chapters = build_chapters(interview, lambda: context.engine("sentence-embedder", default_embedder))


def add_keywords(interview: Interview) -> None:
    """Keywords for chapters a person wrote (their titles and bounds stay): what
    the card's angle and the report's chapter list read."""
    utts, chapters = interview.utterances, interview.chapters
    docs = [" ".join(u.text for u in utts if c.start <= (u.start + u.end) // 2 < c.end) for c in chapters]
    for chapter, ranked in zip(chapters, keywords(docs, top=TOPIC_TERMS, people=speaker_names(interview))):
        chapter.keywords = chapter.keywords or ranked[:KEYWORDS]


def speaker_names(interview: Interview) -> list[str]:
    """Everyone's name the interview knows: never a chapter keyword (see `keywords`)."""
    return [p.name for p in interview.people] + [s.name for s in interview.speakers if s.name]
