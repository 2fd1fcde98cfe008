"""Fast exchanges: generated interviews where people answer quickly, for capture tests
and `bench/capture_bench.py`.

Real interviews are not the polite ping-pong of the built-in sample: answers start
0.2-0.6 s after the question, the host says "right" and "mm-hm" inside an answer,
and a second guest cuts in. Speaker clustering that only ever saw long, well-spaced
turns collapses two voices into one here. `make_exchange(seed, folder)` speaks one
such interview with espeak-ng (2 or 3 voices drawn from `VOICE_POOL`, the same seed
giving the same interview) and writes its exact reference, like the sample.

The script lines are this project's own, written for the purpose.
"""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np

from greenroom.model import Interview, Person, Speaker, Utterance
from greenroom.sample.make import SampleFiles, speak_script

VOICE_POOL = (  # (espeak-ng voice, rate): clearly different, as real guests and hosts are
    ("en-us+f3", 150), ("en-gb+m3", 140), ("en-us+m1", 145), ("en-gb-scotland+f2", 150),
    ("en-029+m4", 140), ("en-gb-x-rp+f4", 150),
)
GAP_RANGE_MS = (200, 600)
BACKCHANNELS = ("Right.", "Mm-hm.", "Yeah.", "Sure.", "Okay.")
QUESTIONS = (
    "What was the first day on set like?", "Did you ever think about quitting?",
    "How did you find the voice of the character?", "Who taught you the most on this film?",
    "What did you cut that you still miss?", "Was the ending always the plan?",
    "How long did the rehearsals take?", "What scared you about the role?",
    "Where did the title come from?", "How did the music change the story?",
    "What was hardest about working at night?", "Did the script change a lot while you shot?",
)
ANSWERS = (
    "Honestly it was chaos, nobody knew where to stand.", "We shot the first scene eleven times.",
    "I went home and slept for two days.", "The director just kept smiling at me.",
    "I listened to my grandfather's old radio tapes.", "He talked slowly, so I talked slower.",
    "The cinematographer, without a doubt.", "She showed me how to wait before a line.",
    "A whole scene in the rain, and it broke my heart to lose it.", "It was the best thing we made.",
    "No, we found it in the edit.", "The first version was much darker.",
    "About six weeks in a church hall.", "We ran the big scene every morning.",
    "Being that angry for that long.", "I am not an angry person at all.",
    "From a song my mother used to sing.", "Our editor found it on a napkin.",
    "It gave the quiet parts a pulse.", "We cut three scenes once the score came in.",
    "Staying awake and staying kind.", "The crew kept everyone going with soup.",
    "Every single day, sometimes twice.", "We rewrote the last page on the morning we shot it.",
)


def exchange_script(seed: int, turns: int = 10) -> tuple[Interview, list[int]]:
    """A script of `turns` questions with quick answers, backchannels and, with three
    voices, a second guest who adds to some answers; and the gap before each line."""
    rng = random.Random(seed)
    people = rng.choice((2, 2, 3))
    names = ["Host", "Guest", "Second Guest"][:people]
    roles = ["interviewer", "guest", "guest"]
    speakers = [Speaker(f"S{k + 1}", names[k], names[k], roles[k]) for k in range(people)]
    lines: list[tuple[str, str]] = []
    questions, answers = list(QUESTIONS), list(ANSWERS)
    rng.shuffle(questions)
    rng.shuffle(answers)
    for turn in range(turns):
        lines.append(("S1", questions[turn % len(questions)]))
        lines.append(("S2", answers.pop() if answers else "I think so."))
        if rng.random() < 0.4:
            lines.append(("S1", rng.choice(BACKCHANNELS)))
            lines.append(("S2", answers.pop() if answers else "That was it."))
        if people == 3 and rng.random() < 0.5:
            lines.append(("S3", answers.pop() if answers else "I agree with that."))
    utterances = [Utterance(f"u{k + 1}", 0, 0, who, text) for k, (who, text) in enumerate(lines)]
    gaps = [rng.randint(*GAP_RANGE_MS) for _ in utterances]
    script = Interview(title=f"Fast exchange {seed}", project="Fast exchanges",
                       people=[Person(s.name or s.label, s.role) for s in speakers], speakers=speakers,
                       utterances=utterances)
    return script, gaps


def voices_for(seed: int, count: int) -> dict[str, tuple[str, int]]:
    chosen = random.Random(seed * 7919 + 1).sample(VOICE_POOL, count)
    return {f"S{k + 1}": voice for k, voice in enumerate(chosen)}


def make_exchange(seed: int, folder: Path, turns: int = 10) -> SampleFiles:
    """Speak the exchange for `seed` into `folder/exchange-<seed>.*` (wav, json, rttm, txt)."""
    script, gaps = exchange_script(seed, turns)
    return speak_script(script, Path(folder), f"exchange-{seed}", voices=voices_for(seed, len(script.speakers)),
                        gaps_ms=gaps)


Word = tuple[int, int, str]  # start ms, end ms, speaker


def turns_right(reference: Interview, words: list[Word]) -> tuple[float, int]:
    """Share of the reference's turns whose words mostly went to the right speaker
    (found speakers mapped one-to-one to true ones by word overlap), and how many
    speakers the words name. A turn no word landed in counts as wrong."""
    from scipy.optimize import linear_sum_assignment

    found = sorted({w[2] for w in words})
    truth = sorted({u.speaker or "" for u in reference.utterances})
    overlap = np.zeros((len(found), len(truth)))
    votes = []
    for u in reference.utterances:
        counts: dict[str, int] = {}
        for start, end, who in words:
            if u.start - 100 <= (start + end) / 2 <= u.end + 100:
                counts[who] = counts.get(who, 0) + 1
                overlap[found.index(who), truth.index(u.speaker or "")] += 1
        votes.append(counts)
    rows, cols = linear_sum_assignment(-overlap)
    mapping = {found[r]: truth[c] for r, c in zip(rows, cols)}
    right = sum(1 for u, c in zip(reference.utterances, votes) if c and mapping.get(max(c, key=c.__getitem__)) == u.speaker)
    return right / max(1, len(reference.utterances)), len(found)


def heard_words(interview: Interview) -> list[Word]:
    return [(w.start, w.end, u.speaker or "") for u in interview.utterances for w in u.words]
