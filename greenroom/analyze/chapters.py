"""Chapters: where the conversation changes topic, and what each part is about.

The unit of segmentation is a turn: an interviewer's question with the answers
that follow (without known askers, about a minute of talk), because people
change topic with a new question, not mid-sentence; so cuts fall only where a
unit opens, which is where the interviewer asks. Two units are alike by half
the cosine of their sentence embeddings (all-MiniLM-L6-v2, int8, of the
question and the start of the answer) and half the cosine of their TF-IDF
words (the whole unit: recurring names and jargon). For K chapters, K from
the duration, dynamic programming finds the exact cuts that minimise how far
the units of each chapter point from their common direction; this is done for
chapters of 5 to 9 minutes and the cuts most of those optima agree on are kept
(`stable_cuts`). Unlike TextTiling, which thresholds local dips in similarity
and cuts long talks into hundreds of slivers, the whole interview decides
where the cuts go.

Tuned on two human-chaptered podcast transcripts (bench/analyze_bench.py),
Pk 0.26 and 0.28 against 0.42 without boundaries; moving any one knob below
well off its value (unit length 45-90 s, 250-400 characters, lexical share
0.3-0.7, minimum chapter 0.25-0.5) kept Pk within 0.22-0.31.

Titles come from the question that opened the chapter when it names a topic
("Tell me about the rowing" -> "The rowing"), else from the chapter's top
TF-IDF keywords against the rest of the interview.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    import numpy as np

    from greenroom.backends.embed import SentenceEmbedder

# The few knobs, each with the reason for its value.
CHAPTER_MS = 7 * 60_000  # people chapter interviews every 5-8 minutes (Lex's pages: 6-7)
# The optimum is also found for chapters of these lengths; a cut that stays put whatever the
# length is a real change of topic, one that moves with the count a guess (see `stable_cuts`).
CHAPTER_SPREAD_MS = tuple(m * 60_000 for m in (5, 6, 7, 8, 9))
MIN_CHAPTER_FRACTION = 0.35  # no chapter shorter than a third of the target: slivers are noise
MAX_CHAPTERS = 40  # a 4-hour talk still gets a table of contents one can read
UNIT_MS = 60_000  # without known askers (or in a monologue), a unit is about a minute of talk
UNIT_CHARS = 300  # text embedded per unit (~70 tokens): the question and the start of the
#                   answer say what it is about, and a 60-minute interview encodes in ~2 s
LEXICAL_SHARE = 0.5  # weight of shared words against embeddings in unit similarity
BACKCHANNEL_WORDS = 4  # "Right, right." from the interviewer opens no new unit
TITLE_WORDS = 8
KEYWORDS = 5
TOPIC_TERMS = 15  # a question titles its chapter only if it names one of these top terms
NOUN_CHECK = 3  # candidates per keyword wanted that are ranked (and so tagged) before the noun filter

INTRO = re.compile(r"\b(?:the following is a (?:conversation|chat|talk)|welcome (?:back )?to|my guests? "
                   r"(?:today |this week )?(?:is|are)|joining (?:me|us) (?:today|now)|today (?:i'?m|we'?re|i am|"
                   r"we are) (?:talking|speaking|joined|sitting down)|this is the [\w ]{0,40}podcast)\b",
                   re.IGNORECASE)
INTRO_MS = 5 * 60_000  # an introduction comes in the first minutes or not at all
MIN_INTRO_MS = 20_000  # shorter, it is a greeting, not a chapter
# Lead-ins that wrap a topic: "Tell me about X", "Let's talk about X", "What about X?"
TOPIC_LEAD = re.compile(
    r"^(?:(?:so|and|now|okay|ok|well|but|alright|all right|first|finally|lastly|then|yeah)\b[,.!\s]+)*"
    r"(?:(?:can|could|would|will) you\s+)?(?:please\s+)?"
    r"(?:tell (?:me|us)(?: a (?:little|bit))?(?: more)?|talk (?:to (?:me|us) )?|let'?s talk|let me ask (?:you )?|"
    r"i (?:have|want|wanted|'d like|would like) to (?:ask|talk to) (?:you )?|i'?d love to hear|"
    r"walk (?:me|us) through|what about|how about|speaking of|on the topic of)\s*(?:about\s+)?",
    re.IGNORECASE)
FILLER_LEAD = re.compile(r"^(?:(?:so|and|now|okay|ok|well|but|alright|all right|yeah|right|i mean)\b[,.!\s]+)+",
                         re.IGNORECASE)
QUESTION_OF = re.compile(r"^(?:the|a|one|my|this)\s+(?:\w+\s+){0,2}question(?:\s+(?:of|about|on))?\s+",
                         re.IGNORECASE)
WH_WORD = re.compile(r"^(?:what|which|who|why|how|where|when|is|are|do|does|can|will|should)\b", re.IGNORECASE)
SOME_OF = re.compile(r"^(?:some|all|one|any|a few|a bit|a little)\s+(?:of\s+)?(?=\w)", re.IGNORECASE)
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

def chapter_count(duration_ms: int, units: int, chapter_ms: int | None = None) -> int:
    """About one chapter per CHAPTER_MS; two for anything over ten minutes."""
    count = round(duration_ms / (chapter_ms or CHAPTER_MS))
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


def stable_cuts(kernel: np.ndarray, weights: list[float], times: list[int]) -> list[int]:
    """The cuts for chapters of about CHAPTER_MS, chosen by how many of the
    optimal segmentations for the lengths in CHAPTER_SPREAD_MS agree on them.

    One optimum is brittle: on real interviews a small change (one unit more or
    less) moved a third of its cuts. Votes across nearby chapter lengths keep
    the cuts that every reading agrees on; the optimum for CHAPTER_MS itself
    breaks ties. No two cuts closer than the minimum chapter length.
    """
    import numpy as np

    n, duration = len(weights), times[-1] - times[0]
    count = chapter_count(duration, n)
    gap = MIN_CHAPTER_FRACTION * duration / count
    votes = np.zeros(n)
    for chapter_ms in CHAPTER_SPREAD_MS:
        k = chapter_count(duration, n, chapter_ms)
        votes[segment(kernel, weights, times, k, int(MIN_CHAPTER_FRACTION * duration / k))] += 1
    votes[segment(kernel, weights, times, count, int(gap))] += 0.5
    chosen: list[int] = []
    for i in np.argsort(-votes, kind="stable"):
        far = all(abs(times[i] - times[c]) >= gap for c in chosen)
        if votes[i] > 0 and far and min(times[i] - times[0], times[-1] - times[i]) >= gap:
            chosen.append(int(i))
        if len(chosen) == count - 1:
            break
    return sorted(chosen)


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
    the topic: the X of "Tell me about X" or "Let's talk about X", else a short
    question. Either must contain one of the chapter's top terms (`topic_words`,
    as `_key`s), so "So what's going on?" titles nothing."""
    leads = [_topic_after_lead(FILLER_LEAD.sub("", part)) for part in sentences(text)]
    for part in asking_part(text)[:2]:
        part = FILLER_LEAD.sub("", part)
        if TOPIC_LEAD.match(part) is None:  # with a lead-in it was tried above
            leads.append(_strip_text(part) + "?" if part.rstrip().endswith("?") else "")
    for title in leads:
        if 1 <= len(title.split()) <= TITLE_WORDS and {_key(w) for w in words(title)} & topic_words:
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
        ranked.append([shown[t] for t in sorted(score, key=lambda t: (-score[t], t))][:NOUN_CHECK * top])
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


def keyword_title(terms: list[str]) -> str:
    """"Scaling laws, distillation": the top two or three keywords."""
    picked = terms[:3] if sum(len(t.split()) for t in terms[:3]) <= TITLE_WORDS else terms[:2]
    return _capital(", ".join(picked)) if picked else ""


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


def unit_kernel(interview: Interview, units: list[Unit], embedder: SentenceEmbedder) -> np.ndarray:
    """Similarity of every pair of units: half meaning (embeddings of the
    opening text), half shared words (TF-IDF of the whole unit)."""
    utts = interview.utterances
    semantic = embedder.embed([unit_text(interview, unit) for unit in units])
    lexical = lexical_vectors([" ".join(u.text for u in utts[unit.first:unit.last + 1]) for unit in units])
    return (1 - LEXICAL_SHARE) * (semantic @ semantic.T) + LEXICAL_SHARE * (lexical @ lexical.T)


def chapter_starts(interview: Interview, embedder: Callable[[], SentenceEmbedder]) -> tuple[list[int], int]:
    """Utterance indices that open chapters (0 first), and the intro's last index or -1.

    `embedder` loads the encoder; it is called only when there is more than one
    chapter to find, so a short clip needs no model."""
    utts = interview.utterances
    end = max(u.end for u in utts)
    if chapter_count(end - utts[0].start, len(utts)) < 2:
        return [0], -1
    intro = _intro_end(interview)
    units = build_units(interview, begin=intro + 1)
    starts = [0, units[0].first]
    if chapter_count(end - units[0].start, len(units)) > 1:
        kernel = unit_kernel(interview, units, embedder())
        times = [u.start for u in units] + [end]
        starts += [units[c].first for c in stable_cuts(kernel, unit_weights(interview, units), times)]
    return sorted(set(starts)), intro


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
        title = "Introduction" if a == 0 and intro >= 0 else question_title(opening, topic_words)
        chapters.append(Chapter(start=utts[a].start, end=max(u.end for u in utts[a:b]),
                                title=title or keyword_title(ranked) or "Conversation",
                                keywords=ranked[:KEYWORDS]))
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
