"""Chapters: where the conversation changes topic, and what each part is about.

The unit of segmentation is a turn: an interviewer's question with the answers
that follow (without known askers, about a minute of talk), because people
change topic with a new question, not mid-sentence; so cuts fall only where a
unit opens, which is where the interviewer asks. Two units are alike by half
the cosine of their sentence embeddings (all-MiniLM-L6-v2, int8, of the
question and the start of the answer) and half the cosine of their TF-IDF
words (the whole unit: recurring names and jargon). The interview is cut into
K chapters, K from its duration, by dynamic programming that minimises how far
the units of each chapter point from their common direction: the exact
optimum, not a greedy one. Unlike TextTiling, which thresholds local dips in
similarity and cuts long talks into hundreds of slivers, the whole interview
decides where the cuts go.

Tuned on two human-chaptered podcast transcripts (bench/analyze_bench.py):
Pk stayed at 0.22-0.29 for chapter targets of 6, 7 and 8 minutes, so nothing
here hangs on one lucky setting. Short units count less (`unit_weights`).

Titles come from the question that opened the chapter when it names a topic
("Tell me about the rowing" -> "The rowing"), else from the chapter's top
TF-IDF keywords against the rest of the interview.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from greenroom.analyze.registry import AnalysisError, Context, analyzer
from greenroom.analyze.turns import STOPWORDS, asking_part, clean, interviewer_ids, sentences, words
from greenroom.model import Chapter, Interview, Utterance

if TYPE_CHECKING:
    import numpy as np

    from greenroom.backends.embed import SentenceEmbedder

# The few knobs, each with the reason for its value.
CHAPTER_MS = 7 * 60_000  # people chapter interviews every 5-8 minutes (Lex's pages: 6-7)
MIN_CHAPTER_FRACTION = 0.35  # no chapter shorter than a third of the target: slivers are noise
MAX_CHAPTERS = 40  # a 4-hour talk still gets a table of contents one can read
UNIT_MS = 60_000  # without known askers (or in a monologue), a unit is about a minute of talk
UNIT_CHARS = 300  # text embedded per unit (~70 tokens): the question and the start of the
#                   answer say what it is about, and a 60-minute interview encodes in ~2 s
LEXICAL_SHARE = 0.5  # weight of shared words against embeddings in unit similarity
BACKCHANNEL_WORDS = 4  # "Right, right." from the interviewer opens no new unit
TITLE_WORDS = 8
KEYWORDS = 5

INTRO = re.compile(r"\b(?:the following is a (?:conversation|chat|talk)|welcome (?:back )?to|my guests? "
                   r"(?:today |this week )?(?:is|are)|joining (?:me|us) (?:today|now)|today (?:i'?m|we'?re|i am|"
                   r"we are) (?:talking|speaking|joined|sitting down)|this is the [\w ]{0,40}podcast)\b",
                   re.IGNORECASE)
INTRO_MS = 5 * 60_000  # an introduction comes in the first minutes or not at all
# Lead-ins that wrap a topic: "Tell me about X", "Let's talk about X", "What about X?"
TOPIC_LEAD = re.compile(
    r"^(?:(?:so|and|now|okay|ok|well|but|alright|all right|first|finally|lastly|then|yeah)\b[,.!\s]+)*"
    r"(?:(?:can|could|would|will) you\s+)?(?:please\s+)?"
    r"(?:tell (?:me|us)(?: a (?:little|bit))?(?: more)?|talk (?:to (?:me|us) )?|let'?s talk|let me ask (?:you )?|"
    r"i (?:have|want|wanted|'d like|would like) to (?:ask|talk to) (?:you )?|i'?d love to hear|"
    r"walk (?:me|us) through|what about|how about|speaking of|on the topic of)\s*(?:about\s+)?",
    re.IGNORECASE)
TITLE_STOP = STOPWORDS | frozenset("""
i'm it's that's don't there's you're we're they're can't isn't doesn't didn't won't i've you've we've
gonna wanna kind sort maybe probably basically literally obviously right okay oh uh um mean guess
people time lot lots bit pretty sure different whole able need want try trying says saying ask
question questions answer yes yeah year years day days first two three new good great big long
""".split())


@dataclass
class Unit:
    """A stretch of consecutive utterances that segmentation never cuts inside."""

    first: int  # index of its first utterance
    last: int
    start: int
    end: int
    question: str  # the asking part of the utterance that opened it, "" when none


# -- units ----------------------------------------------------------------

def _opens_unit(u: Utterance, prev: Utterance | None, unit: Unit | None, askers: set[str]) -> bool:
    """A new unit starts where the interviewer speaks after someone else
    (backchannels aside), and at any speaker turn once a unit has run a minute
    without one, so a monologue still gets cut points."""
    if unit is None or prev is None:
        return True
    asks = u.speaker in askers and prev.speaker not in askers and len(words(u.text)) > BACKCHANNEL_WORDS
    too_long = u.start - unit.start >= UNIT_MS and (not askers or u.speaker != prev.speaker
                                                     or u.start - unit.start >= 3 * UNIT_MS)
    return asks or too_long


def build_units(interview: Interview) -> list[Unit]:
    """Units in time order; a unit opened by an interviewer keeps their question."""
    askers = interviewer_ids(interview)
    utts = interview.utterances
    units: list[Unit] = []
    for index, u in enumerate(utts):
        prev = utts[index - 1] if index else None
        unit = units[-1] if units else None
        if _opens_unit(u, prev, unit, askers):
            question = " ".join(asking_part(u.text)) if u.speaker in askers else ""
            units.append(Unit(index, index, u.start, u.end, question))
        else:
            units[-1].last, units[-1].end = index, max(units[-1].end, u.end)
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

def chapter_count(duration_ms: int, units: int) -> int:
    """About one chapter per CHAPTER_MS; two for anything over ten minutes."""
    count = round(duration_ms / CHAPTER_MS)
    if duration_ms > 10 * 60_000:
        count = max(count, 2)
    return max(1, min(count, MAX_CHAPTERS, units // 2 or 1))


def unit_weights(interview: Interview, units: list[Unit]) -> list[float]:
    """How much each unit counts: a two-word exchange says little about the topic."""
    utts = interview.utterances
    return [min(1.0, sum(len(u.text) for u in utts[unit.first:unit.last + 1]) / UNIT_CHARS) for unit in units]


def lexical_vectors(docs: list[str]) -> np.ndarray:
    """L2-normalised TF-IDF rows over content words: names and jargon that recur
    within a topic ("Veo", "the premiere") are what the short embedded text misses."""
    import numpy as np

    counts = [Counter(_stem(w) for w in words(doc) if len(w) >= 3 and w not in TITLE_STOP) for doc in docs]
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


def segment(kernel: np.ndarray, weights: list[float], times: list[int], count: int,
            min_ms: int) -> list[int]:
    """Indices of the units that open chapters 2..count, by exact DP.

    `kernel[i, j]` is the dot product of unit vectors i and j (unit length),
    `times` each unit's start and, last, the end of the interview. A chapter
    costs sum(w) - |sum(w x)|: the weighted distance of its units' directions
    from their common direction, zero when all agree. Chapters shorter than
    `min_ms` are not allowed (fewer chapters when nothing else fits).
    """
    import numpy as np

    n = len(weights)
    w = np.asarray(weights, dtype=np.float64)
    gram = np.zeros((n + 1, n + 1))
    gram[1:, 1:] = np.cumsum(np.cumsum(kernel * w[:, None] * w[None, :], axis=0), axis=1)
    diag = np.diag(gram)
    squared = np.maximum(diag[None, :] + diag[:, None] - 2 * gram, 0.0)  # |sum over [a, b)|^2
    total = np.concatenate([[0.0], np.cumsum(w)])
    cost = (total[None, :] - total[:, None]) - np.sqrt(squared)
    at = np.asarray(times, dtype=np.int64)
    sizes = np.arange(n + 1)[None, :] - np.arange(n + 1)[:, None]
    cost[(sizes <= 0) | (at[None, :] - at[:, None] < min_ms)] = np.inf
    return _best_cuts(cost, n, count) if count > 1 else []


def _best_cuts(cost: np.ndarray, n: int, count: int) -> list[int]:
    """Dynamic programme over `count` segments of [0, n); falls back to fewer."""
    import numpy as np

    best = np.full((count + 1, n + 1), np.inf)
    back = np.zeros((count + 1, n + 1), dtype=np.int64)
    best[0, 0] = 0.0
    for k in range(1, count + 1):
        total = best[k - 1][:, None] + cost
        back[k] = np.argmin(total, axis=0)
        best[k] = total[back[k], np.arange(n + 1)]
    k = max((k for k in range(1, count + 1) if np.isfinite(best[k, n])), default=1)
    cuts, end = [], n
    for level in range(k, 0, -1):
        end = int(back[level, end])
        cuts.append(end)
    return sorted(c for c in cuts if c > 0)


# -- titles ---------------------------------------------------------------

def _title_case(text: str) -> str:
    text = text.strip(" ,.;:!?-–—\"'“”‘’")
    return text[:1].upper() + text[1:]


def question_title(question: str) -> str:
    """A title from an opening question when it names its topic, else ""."""
    for sentence in sentences(question)[:2]:
        lead = TOPIC_LEAD.match(sentence)
        topic = sentence[lead.end():] if lead and lead.end() else ""
        topic = re.split(r"[?,;:.!]| (?:and|because|which|where|when) ", topic)[0]
        if 1 <= len(topic.split()) <= TITLE_WORDS:
            return _title_case(topic)
        plain = sentence.rstrip()
        if plain.endswith("?") and len(plain.split()) <= TITLE_WORDS:
            return _title_case(plain) + "?"
    return ""


def _terms(text: str) -> list[str]:
    return [w for w in re.findall(r"[A-Za-z][\w'’-]+", text)
            if len(w) >= 3 and w.lower().replace("’", "'") not in TITLE_STOP]


def keywords(docs: list[str], top: int = KEYWORDS) -> list[list[str]]:
    """Top TF-IDF terms of each chapter against the others, in their usual casing."""
    counts = [Counter(w.lower() for w in _terms(doc)) for doc in docs]
    surface: Counter[str] = Counter(_terms(" ".join(docs)))
    shown = {}
    for form, _ in surface.most_common():
        shown.setdefault(form.lower(), form)
    df = Counter(term for c in counts for term in c)
    out = []
    for c in counts:
        score = {t: (1 + math.log(n)) * math.log(1 + len(docs) / df[t]) for t, n in c.items() if n >= 2}
        out.append([shown[t] for t in sorted(score, key=lambda t: (-score[t], t))[:top]])
    return out


# -- the analyzer ---------------------------------------------------------

def _intro_end(interview: Interview) -> int:
    """Index of the utterance that ends a standalone introduction, or -1."""
    for index, u in enumerate(interview.utterances[:4]):
        if u.start > INTRO_MS:
            break
        if INTRO.search(u.text) and index + 1 < len(interview.utterances):
            return index
    return -1


def unit_kernel(interview: Interview, units: list[Unit], embedder: SentenceEmbedder) -> np.ndarray:
    """Similarity of every pair of units: half meaning (embeddings of the
    opening text), half shared words (TF-IDF of the whole unit)."""
    utts = interview.utterances
    semantic = embedder.embed([unit_text(interview, unit) for unit in units])
    lexical = lexical_vectors([" ".join(u.text for u in utts[unit.first:unit.last + 1]) for unit in units])
    return (1 - LEXICAL_SHARE) * (semantic @ semantic.T) + LEXICAL_SHARE * (lexical @ lexical.T)


def chapter_starts(interview: Interview, embedder: SentenceEmbedder) -> tuple[list[int], int]:
    """Utterance indices that open chapters (0 first), and the intro's last index or -1."""
    intro = _intro_end(interview)
    units = [u for u in build_units(interview) if u.first > intro]
    if intro >= 0 and units:
        units[0].first = intro + 1
    if not units:
        return [0], intro
    end = max(u.end for u in interview.utterances)
    count = chapter_count(end - units[0].start, len(units))
    starts = [0, units[0].first]
    if count > 1:
        kernel = unit_kernel(interview, units, embedder)
        min_ms = int(MIN_CHAPTER_FRACTION * (end - units[0].start) / count)
        times = [u.start for u in units] + [end]
        starts += [units[c].first for c in segment(kernel, unit_weights(interview, units), times, count, min_ms)]
    return sorted(set(starts)), intro


def build_chapters(interview: Interview, embedder: SentenceEmbedder) -> list[Chapter]:
    """Chapters with start/end in ms, a title and the top keywords."""
    utts = interview.utterances
    starts, intro = chapter_starts(interview, embedder)
    bounds = list(zip(starts, starts[1:] + [len(utts)]))
    docs = [" ".join(u.text for u in utts[a:b]) for a, b in bounds]
    terms = keywords(docs)
    askers = interviewer_ids(interview)
    chapters = []
    for (a, b), kws in zip(bounds, terms):
        opening = next((" ".join(asking_part(u.text)) for u in utts[a:b] if u.speaker in askers), "")
        title = "Introduction" if a == 0 and intro >= 0 else question_title(opening)
        title = title or ", ".join(w if w.isupper() else w.capitalize() for w in kws[:3]) or "Conversation"
        chapters.append(Chapter(start=utts[a].start, end=max(u.end for u in utts[a:b]),
                                title=title, keywords=kws))
    return chapters


@analyzer("chapters", requires=("utterances",), assigns=("chapters",))
def analyze_chapters(interview: Interview, context: Context) -> None:
    """Topic chapters from sentence embeddings, titled by their opening question or keywords."""
    if not interview.utterances:
        raise AnalysisError(f"{interview.id or interview.title}: chapters need utterances")
    from greenroom.backends.embed import default_embedder

    embedder = context.engine("sentence-embedder", default_embedder)
    interview.chapters = build_chapters(interview, embedder)
