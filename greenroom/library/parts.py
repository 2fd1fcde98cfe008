"""Search by meaning over the parts of a line: its sentences, compared one by one.

A guest's answer is often several sentences, and a reader remembers one of them ("bad
spelling visible in a close-up" for "...that's my terrible spelling on screen."): the
whole line's vector averages the sentence a query means with the others, and the line
falls out of the nearest. So a line of two sentences or more also keeps one vector per
part (`parts_of`), and search by meaning re-scores its candidates (the best POOL
distinct texts by whole-line cosine) as the better of the whole line and its best part
(`rescored`). Re-scoring a bounded pool keeps the cost flat with the library's size:
the parts of at most a few hundred texts are read in one query.

Parts depend only on the words, so they are stored once per distinct text (model, text
hash), however many interviews hold that text, as one float16 blob of part vectors; a
text of one sentence stores an empty blob (nothing to add, nothing left to embed).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from itertools import pairwise
from typing import TYPE_CHECKING

from greenroom.text.questions import sentences

if TYPE_CHECKING:
    import numpy as np

    from greenroom.backends.embed import SentenceEmbedder
    from greenroom.library.store import Library

    Key = tuple[str, str]
    Near = tuple[str, tuple[Key, ...], float]

# Choices measured on the bench's dev queries only (bench/search_bench.py, the odd half,
# 1,000 interviews, 8,913 distinct texts): hybrid recall@10 went from 3 to 7 of 15 with
# sentences as parts, and stayed 7 with adjacent pairs too (1.8x the parts, target ranks
# no better), with pools of 100 or 200 (400: 6 with pairs), with caps of 6 to 16
# sentences, and with a blend (0.7 of the better, 0.3 of the whole: 7; half and half: 6).
# Where all tie, the cheaper or wider choice is taken.
# Re-score on: False leaves search by whole lines only (the bench compares both).
ENABLED = True
# Distinct texts re-scored per search, by whole-line cosine: a part can lift a line from
# this far down, no further. 200 rather than 100 (a tie on dev) for reach in larger libraries.
POOL = 200
# Sentences a text is cut into at most: a longer text's sentences are grouped into this
# many runs, so a 70-sentence monologue costs what an 8-sentence one does (12 % fewer
# parts than 16 on the bench, target ranks a little better).
MAX_SENTENCES = 8
# Also a part: each two adjacent sentences. Off: it did not earn its cost on dev.
PAIRS = False


def text_sha(text: str) -> str:
    """The hash a text's vectors are stored under (as `semantic` stores line vectors)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def parts_of(text: str) -> list[str]:
    """The parts of a text to embed: its sentences (grouped into MAX_SENTENCES runs when
    there are more) and, with PAIRS, each two adjacent ones; none for a text of one
    sentence (its whole vector says it all)."""
    said = sentences(text)
    if len(said) < 2:
        return []
    if len(said) > MAX_SENTENCES:
        said = _grouped(said, MAX_SENTENCES)
    found = said + ([f"{a} {b}" for a, b in pairwise(said)] if PAIRS else [])
    return list(dict.fromkeys(found))


def _grouped(said: list[str], runs: int) -> list[str]:
    """`said` joined into `runs` runs of adjacent sentences, as even as they come."""
    bounds = [round(i * len(said) / runs) for i in range(runs + 1)]
    return [" ".join(said[a:b]) for a, b in pairwise(bounds)]


def pending(library: Library, model: str, new_texts: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(text hash, text) of each distinct text that has a line vector of `model` but no
    parts stored, plus `new_texts` (lines about to get their vectors) lacking them."""
    rows = library._read("""SELECT v.text_sha, u.text FROM utterance_vectors v
        JOIN utterances u ON u.interview_id = v.interview_id AND u.id = v.utterance_id
        WHERE v.rowid IN (SELECT min(rowid) FROM utterance_vectors WHERE model = ?
                          AND text_sha NOT IN (SELECT text_sha FROM part_vectors WHERE model = ?)
                          GROUP BY text_sha)""", (model, model))
    found = {sha: text for sha, text in rows if text_sha(text) == sha}  # a stale vector: its line is re-embedded
    fresh = {text_sha(text): text for text in new_texts if text_sha(text) not in found}
    if fresh:
        stored = {r[0] for r in library._read(
            "SELECT text_sha FROM part_vectors WHERE model = ? AND text_sha IN (SELECT value FROM json_each(?))",
            (model, json.dumps(sorted(fresh))))}
        found.update((sha, text) for sha, text in fresh.items() if sha not in stored)
    return sorted(found.items())


def batches(texts: list[str], size: int) -> Iterator[tuple[int, list[str]]]:
    """Runs of `texts` holding about `size` parts each (a text is never split), with how
    many texts are done after each: short write transactions, as line vectors are stored."""
    batch: list[str] = []
    held = 0
    for done, text in enumerate(texts, 1):
        batch.append(text)
        held += len(parts_of(text))
        if held >= size or done == len(texts):
            yield done, batch
            batch, held = [], 0


def embedded(embedder: SentenceEmbedder, texts: list[str]) -> list[tuple[str, np.ndarray]]:
    """(text, the vectors of its parts) for each text, its parts embedded in one call."""
    import numpy as np

    cut = [parts_of(text) for text in texts]
    flat = [part for pieces in cut for part in pieces]
    vectors = embedder.embed(flat) if flat else np.zeros((0, 1), dtype=np.float32)
    bounds = np.cumsum([0] + [len(pieces) for pieces in cut])
    return [(text, vectors[a:b]) for text, a, b in zip(texts, bounds, bounds[1:], strict=False)]


def store(library: Library, model: str, rows: list[tuple[str, np.ndarray]]) -> None:
    """Store the part vectors of texts, one (text, unit vectors of `parts_of(text)`,
    possibly none) per row, in one write transaction."""
    import numpy as np

    blobs = [(model, text_sha(text), np.asarray(vectors, dtype=np.float16).tobytes()) for text, vectors in rows]
    library._write(lambda conn: conn.executemany("INSERT OR REPLACE INTO part_vectors VALUES (?,?,?)", blobs))


def drop_orphans(conn: sqlite3.Connection) -> None:
    """Drop the parts of texts no line vector holds any more (edited, deleted)."""
    for (model,) in conn.execute("SELECT DISTINCT model FROM part_vectors").fetchall():
        # not correlated: SQLite lists the model's hashes once (utterance_vectors_sha), then deletes
        conn.execute("""DELETE FROM part_vectors WHERE model = ? AND text_sha NOT IN
            (SELECT text_sha FROM utterance_vectors WHERE model = ?)""", (model, model))


def rescored(library: Library, model: str, vector: np.ndarray, candidates: list[Near]) -> list[Near]:
    """`candidates` (texts found by whole-line cosine) scored as the better of that
    cosine and the cosine of their best part, best first (ties keep their order).
    A text without stored parts keeps its whole-line cosine."""
    import numpy as np

    if not candidates:
        return []
    blobs = dict(library._read(
        "SELECT text_sha, vectors FROM part_vectors WHERE model = ? AND text_sha IN "
        "(SELECT value FROM json_each(?))", (model, json.dumps([sha for sha, _, _ in candidates]))))
    cut = [sha for sha, _, _ in candidates if blobs.get(sha)]
    best: dict[str, float] = {}
    if cut:  # every part in one product, each text's best by its run of rows
        sizes = [len(blobs[sha]) // (2 * len(vector)) for sha in cut]
        scores = np.frombuffer(b"".join(blobs[sha] for sha in cut), dtype=np.float16).reshape(-1, len(vector)) @ vector
        starts = np.cumsum([0, *sizes[:-1]])
        best = dict(zip(cut, np.maximum.reduceat(scores, starts).tolist(), strict=True))
    scored = [(sha, lines, max(cosine, best.get(sha, cosine))) for sha, lines, cosine in candidates]
    return sorted(scored, key=lambda near: -near[2])
