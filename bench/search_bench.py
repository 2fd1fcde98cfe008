"""Search bench: full-text, semantic and hybrid search over a library of many
interviews, against a bare FTS5 MATCH on the same data, and recall@10 on
paraphrase queries.

The library holds the project's own sample interview once (the queries' answers)
and N-1 distractor interviews recombined from the corpus pools (a random run of
utterances from a random transcript; the sample's lines when the corpus is
absent). Each query below is a paraphrase of one of the sample guest's lines,
written to share few or no words with it: what a person remembers, not what was
said. Reports build and embedding time, library size, p50/p95 per search kind
and recall@10 of full-text and hybrid.

    .venv/bin/python bench/search_bench.py [--interviews 200] [--lines 120] [--rounds 3]

Embedding runs at ~100 utterances/s on 2 cores: 10,000 interviews of 150 lines
take hours, so the default is small; latency scales with --interviews.
"""

from __future__ import annotations

import argparse
import logging
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from greenroom.model import Interview

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
POOLS = ("lex-chaptered-pool/*.labelled.txt", "tim-ferriss-pool/*.txt", "tim-ferriss-transcripts/*.txt",
         "chaptered-transcripts/*.labelled.txt")

# (query, the sample utterance it means): paraphrases of the guest's lines.
QUERIES = [
    ("so absorbed in the screenplay he forgot to get off", "u4"),
    ("overshot the station while reading", "u4"),
    ("lost in a story on public transport", "u4"),
    ("capsized during rowing practice", "u6"),
    ("tumbled into the water in front of everyone", "u6"),
    ("embarrassing accident on the first day of filming", "u6"),
    ("nervous before the first day of shooting", "u8"),
    ("stage fright", "u8"),
    ("scared he could not pull off the role", "u8"),
    ("self-doubt at the start of the shoot", "u8"),
    ("keeping a diary as the character", "u8"),
    ("a role with almost no dialogue", "u8"),
    ("his own handwriting appears in the movie", "u10"),
    ("prop department used his notes", "u10"),
    ("bad spelling visible in a close-up", "u10"),
    ("filming in fake rain for several nights", "u12"),
    ("the cold on set was genuine", "u12"),
    ("the fear in that sequence is authentic", "u12"),
    ("a wind machine as big as a vehicle", "u12"),
    ("his kid visited the shoot", "u14"),
    ("a child said the set looked fake", "u14"),
    ("asked the press not to publish something", "u14"),
    ("quiet is not the same as nothing", "u16"),
    ("what audiences should feel afterwards", "u16"),
    ("the character mourns people he lost", "u16"),
    ("glad to be out of the cold weather", "u2"),
    ("take a sweater to the cinema", "u18"),
    ("when does the movie come out in theatres", "u17"),
    ("the most difficult sequence to film", "u12"),
    ("the first time he saw the screenplay", "u4"),
]
WORD_QUERIES = ["director", "script", "terrified", "first day", "\"the first time\"", "learn*", "rain", "family"]


def sources() -> list[Interview]:
    """The interviews distractors are cut from: corpus transcripts, else the sample."""
    from greenroom.errors import GreenroomError
    from greenroom.formats import load
    from greenroom.sample import transcript_path

    found = []
    for pattern in POOLS if CORPUS.is_dir() else ():
        for path in sorted(CORPUS.glob(pattern)):
            try:
                interview = load(path)
            except GreenroomError as err:
                print(f"skipped {path.name}: {err}", file=sys.stderr)
                continue
            if len(interview.utterances) >= 20:
                found.append(interview)
    return found or [load(transcript_path())]


def distractor(pool: list[Interview], rng: random.Random, lines: int, number: int) -> Interview:
    import copy

    base = copy.deepcopy(rng.choice(pool))
    start = rng.randrange(max(1, len(base.utterances) - lines))
    base.utterances = base.utterances[start:start + lines]
    for u in base.utterances:
        u.words = []
    base.id, base.title, base.marks = "", f"Distractor {number}", []
    base.source.sha256, base.source.path = None, None
    for layer in ("turns", "chapters", "moments", "flags"):
        setattr(base, layer, [])
    base.metrics = base.card = base.highlights = None
    return base


def build(path: Path, count: int, lines: int, seed: int) -> tuple[str, float]:
    """The library: the sample plus count-1 distractors; (sample id, seconds)."""
    from greenroom.formats import load
    from greenroom.library import Library
    from greenroom.sample import transcript_path

    rng = random.Random(seed)
    pool = sources()
    began = time.perf_counter()
    with Library(path) as library:
        sample = load(transcript_path())
        sample.title = "The sample"
        sample_id = library.add(sample).id
        for number in range(1, count):
            library.add(distractor(pool, rng, lines, number))
    return sample_id, time.perf_counter() - began


def timed(fn, rounds: int, queries: list[str]) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(rounds):
        for q in queries:
            began = time.perf_counter()
            fn(q)
            out.append((time.perf_counter() - began) * 1000)
    return out


def p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--interviews", type=int, default=200)
    parser.add_argument("--lines", type=int, default=120, help="utterances per distractor interview")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    logging.getLogger("greenroom").setLevel(logging.ERROR)  # the corpus's repaired timestamps, etc.

    from greenroom.backends.embed import default_embedder
    from greenroom.library import Library, semantic
    from greenroom.library.search import build_query

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "library.db"
        sample_id, built = build(path, args.interviews, args.lines, args.seed)
        embedder = default_embedder()
        with Library(path) as library:
            began = time.perf_counter()
            embedded = semantic.index(library, embedder)
            embed_s = time.perf_counter() - began
            utterances = library._read("SELECT count(*) FROM utterances")[0][0]
            size_mb = path.stat().st_size / 1e6
            bare = sqlite3.connect(path)
            queries = [q for q, _ in QUERIES] + WORD_QUERIES

            def fts(q: str) -> object:
                match = build_query(q)
                return bare.execute("SELECT rowid FROM utterances_fts WHERE utterances_fts MATCH ? "
                                    "ORDER BY rank LIMIT 50", (match,)).fetchall() if match else []

            semantic.nearest(library, "warm up", embedder, 10)  # load the matrix once
            kinds = {
                "bare FTS5 MATCH": fts,
                "full-text (library.search)": lambda q: library.search(q, limit=50),
                "semantic": lambda q: semantic.nearest(library, q, embedder, 50),
                "hybrid (RRF)": lambda q: semantic.hybrid(library, q, embedder, limit=50),
            }
            latency = {name: timed(fn, args.rounds, queries) for name, fn in kinds.items()}
            recall = {name: sum((sample_id, target) in [(h.interview_id, h.utterance_id) for h in fn(q)[:10]]
                                for q, target in QUERIES) / len(QUERIES)
                      for name, fn in (("full-text", lambda q: library.search(q, limit=10)),
                                       ("hybrid", lambda q: semantic.hybrid(library, q, embedder, limit=10)))}
    print(f"library: {args.interviews} interviews, {utterances} utterances, {size_mb:.1f} MB; "
          f"built in {built:.1f} s; {embedded} utterances embedded in {embed_s:.1f} s")
    print(f"{'search':28} {'p50 ms':>8} {'p95 ms':>8}")
    for name, values in latency.items():
        print(f"{name:28} {p(values, 50):8.2f} {p(values, 95):8.2f}")
    print(f"recall@10 on {len(QUERIES)} paraphrase queries: full-text {recall['full-text']:.2f}, "
          f"hybrid {recall['hybrid']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
