"""Search bench: full-text, semantic and hybrid search over a library of many
interviews, against a bare FTS5 MATCH on the same data, and recall@10 on
paraphrase queries; then the vector index itself, numpy brute force against the
studio's IVF index (`library.vector_index`), on the library's own vectors and on
distinct sentence vectors (--distinct). The library's index is built first by
`semantic.maintain`, what the studio's background indexer runs (none below
`semantic.EXACT_MAX` vectors: search is exact there).

The library holds the project's own sample interview once (the queries' answers)
and N-1 interviews recombined from the corpus pools (a random run of lines from a
random transcript, under its own id and title; the sample's lines when the corpus
is absent). Each query below is a paraphrase of one of the sample guest's lines,
written to share few or no words with it: what a person remembers, not what was
said. Nothing is tuned on them; they are split into two halves (odd and even),
reported side by side.

Embedding is the slow part (a few utterances a second on a busy 2-core machine),
so each unique text is embedded once, ever, into a cache (GREENROOM_BENCH_CACHE,
default /tmp/web1-cache), and the recombined interviews reuse those vectors: they
are stored through `semantic.store`, the path `semantic.index` writes by, and
searched through the studio's own `semantic.hybrid`. Without --embed-missing only
lines whose text is cached are drawn. Built libraries are kept in the cache too.

    .venv/bin/python bench/search_bench.py [--interviews 10000] [--lines 100] [--pools tim]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import random
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import numpy as np

    from greenroom.backends.embed import SentenceEmbedder
    from greenroom.library import Library
    from greenroom.library.search import Hit
    from greenroom.model import Interview

REPO = Path(__file__).resolve().parents[1]
CACHE = Path(os.environ.get("GREENROOM_BENCH_CACHE", "/tmp/web1-cache"))
CORPUS = REPO.parent / "shared" / "corpus"
R = TypeVar("R")
POOLS = ("lex-chaptered-pool/*.labelled.txt", "tim-ferriss-pool/*.txt", "tim-ferriss-transcripts/*.txt",
         "chaptered-transcripts/*.labelled.txt")
POOL_SETS = {"all": POOLS, "tim": POOLS[1:]}  # "tim": the shorter lines, 5x cheaper to embed

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


def sources(patterns: tuple[str, ...] = POOLS) -> list[Interview]:
    """The interviews distractors are cut from: corpus transcripts, else the sample."""
    from greenroom.errors import GreenroomError
    from greenroom.formats import load
    from greenroom.sample import transcript_path

    found = []
    for pattern in patterns if CORPUS.is_dir() else ():
        for path in sorted(CORPUS.glob(pattern)):
            try:
                interview = load(path)
            except GreenroomError as err:
                print(f"skipped {path.name}: {err}", file=sys.stderr)
                continue
            if len(interview.utterances) >= 20:
                found.append(interview)
    return found or [load(transcript_path())]


class VectorCache:
    """Sentence vectors of unique utterance texts, kept between bench runs in `folder`
    (float16 rows in a .npy beside a JSON list of text hashes): recombined interviews
    repeat the corpus's lines, so each text is embedded once, ever."""

    def __init__(self, folder: Path, model: str = "all-MiniLM-L6-v2-int8", kind: str = "vectors"):
        import numpy as np

        self.folder, self.model = folder, model
        self.rows_path = folder / f"{kind}-{model}.npy"
        self.keys_path = folder / f"{kind}-{model}.json"
        keys = json.loads(self.keys_path.read_text()) if self.keys_path.exists() else []
        self.matrix = np.load(self.rows_path) if keys else np.zeros((0, 384), dtype=np.float16)
        self.row = {key: i for i, key in enumerate(keys[:len(self.matrix)])}

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]

    def fill(self, texts: list[str], *, progress: bool = False, chunk: int = 256) -> int:
        """Embed the texts not cached yet; returns how many were embedded."""
        import numpy as np

        from greenroom.backends.embed import default_embedder

        todo = sorted({t for t in texts if self.key(t) not in self.row})
        random.Random(0).shuffle(todo)  # any part embedded so far is a fair sample
        if not todo:
            return 0
        embedder, began = default_embedder(), time.perf_counter()
        for start in range(0, len(todo), chunk):
            part = todo[start:start + chunk]
            vectors = embedder.embed(part).astype(np.float16)
            self.matrix = np.concatenate([self.matrix, vectors])
            for text in part:
                self.row[self.key(text)] = len(self.row)
            self._save()
            if progress:
                done = start + len(part)
                print(f"embedded {done}/{len(todo)} unique texts, {done / (time.perf_counter() - began):.0f}/s",
                      file=sys.stderr, flush=True)
        return len(todo)

    def _save(self) -> None:
        import numpy as np

        self.folder.mkdir(parents=True, exist_ok=True)
        keys = sorted(self.row, key=self.row.__getitem__)
        np.save(self.rows_path.with_suffix(".tmp.npy"), self.matrix)
        os.replace(self.rows_path.with_suffix(".tmp.npy"), self.rows_path)
        self.keys_path.write_text(json.dumps(keys))

    def vector(self, text: str):  # type: ignore[no-untyped-def]
        return self.matrix[self.row[self.key(text)]]

    def vectors(self, texts: list[str]):  # type: ignore[no-untyped-def]
        """The cached rows of `texts`, in order (0 rows for none)."""
        return self.matrix[[self.row[self.key(text)] for text in texts]]


def recombined(pool: list[Interview], rng: random.Random, lines: int, number: int,
               usable: Callable[[str], bool]) -> Interview:
    """A new interview: a run of `lines` lines (only those `usable`) from a random
    transcript, under its own title; no analysis layers."""
    import copy

    base = copy.deepcopy(rng.choice(pool))
    kept = [u for u in base.utterances if usable(u.text)]
    start = rng.randrange(max(1, len(kept) - lines))
    base.utterances = kept[start:start + lines]
    for u in base.utterances:
        u.words = []
    base.id, base.title, base.marks = "", f"Recombined {number}", []
    base.source.sha256, base.source.path = None, None
    for layer in ("turns", "chapters", "moments", "flags"):
        setattr(base, layer, [])
    base.metrics = base.card = base.highlights = None
    return base


def build(path: Path, count: int, lines: int, seed: int, pool: list[Interview], cache: VectorCache,
          model: str) -> tuple[str, dict[str, float]]:
    """The library: the sample plus count-1 recombined interviews, each stored with its
    cached vectors; (sample id, seconds spent adding and storing vectors)."""
    from greenroom.formats import load
    from greenroom.library import Library, semantic
    from greenroom.sample import transcript_path

    rng = random.Random(seed)
    spent = {"add": 0.0, "vectors": 0.0}
    usable = [i for i in pool if sum(cache.key(u.text) in cache.row for u in i.utterances) >= 20]
    with Library(path) as library:
        sample = load(transcript_path())
        sample.title = "The sample"
        made = [sample] + [recombined(usable, rng, lines, n, lambda t: cache.key(t) in cache.row)
                           for n in range(1, count)]
        sample_id = ""
        for number, interview in enumerate(made):
            began = time.perf_counter()
            iid = library.add(interview).id
            sample_id = sample_id or iid
            added = time.perf_counter()
            semantic.store(library, model, [(iid, u.id, u.text, cache.vector(u.text)) for u in interview.utterances])
            spent["add"] += added - began
            spent["vectors"] += time.perf_counter() - added
            if number and number % 1000 == 0:
                print(f"built {number}/{count} interviews", file=sys.stderr, flush=True)
    return sample_id, spent


def store_parts(library: Library, model: str, cache: VectorCache) -> tuple[int, float, float]:
    """Part vectors (`library.parts`) of every distinct text in the library lacking them,
    each unique part embedded once, ever, into `cache` and stored by `parts.store`, what
    `semantic.index` stores by; (texts stored, seconds embedding parts not cached yet,
    seconds storing)."""
    from greenroom.library import parts

    todo = [text for _, text in parts.pending(library, model)]
    began = time.perf_counter()
    cache.fill([part for text in todo for part in parts.parts_of(text)], progress=True, chunk=1024)
    embedded = time.perf_counter()
    for begin in range(0, len(todo), 1000):
        parts.store(library, model, [(text, cache.vectors(parts.parts_of(text))) for text in todo[begin:begin + 1000]])
    return len(todo), embedded - began, time.perf_counter() - embedded


def whole_lines(fn: Callable[[str], R]) -> Callable[[str], R]:
    """`fn` searching by whole lines only (`parts.ENABLED` off): the baseline parts are
    measured against."""
    from greenroom.library import parts

    def searched(q: str) -> R:
        parts.ENABLED = False
        try:
            return fn(q)
        finally:
            parts.ENABLED = True
    return searched


def timed(fn: Callable[[str], object], rounds: int, queries: list[str]) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds per call. On a machine shared with other work the
    wall clock counts the time this process waited for a core; CPU time is what the
    search itself cost (all of the process's threads), near its wall time on an idle machine."""
    wall, cpu = [], []
    for _ in range(rounds):
        for q in queries:
            began, began_cpu = time.perf_counter(), time.process_time()
            fn(q)
            wall.append((time.perf_counter() - began) * 1000)
            cpu.append((time.process_time() - began_cpu) * 1000)
    return wall, cpu


def p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def recall_at_10(fn: Callable[[str], list[Hit]], sample_id: str, queries: list[tuple[str, str]],
                 texts: dict[tuple[str, str], str] | None = None) -> float:
    """Share of queries whose sample line is in the top 10. With `texts`, copies of one
    text count once (a recombined library repeats each cached line many times, which a
    real library does not): the top 10 distinct texts."""
    found = 0
    for q, target in queries:
        keys = [(h.interview_id, h.utterance_id) for h in fn(q)]
        if texts is not None:
            seen: dict[str, tuple[str, str]] = {}
            for key in keys:
                seen.setdefault(texts.get(key, str(key)), key)
            keys = list(seen.values())
        found += (sample_id, target) in keys[:10]
    return found / len(queries)


def index_bench(matrix: np.ndarray, queries: np.ndarray, rounds: int,
                distinct: np.ndarray | None) -> list[tuple[str, str, list[float], float]]:
    """(index, build note, query ms, recall of the exact top 50) for numpy brute force,
    the studio's IVF index (`vector_index`, probed as `semantic.nearest` probes it) and
    the two-stage scan (`vector_scan.Scan`, over float16 rows as they are stored) over
    the library's matrix, its first 50k rows, and over `distinct` (real MiniLM
    vectors of distinct corpus sentences: the recombined library repeats each text, so
    its copies fall in the same list, which makes lists lopsided and recall easy; for
    the scan, copies tie in its sketch too, so a missed text misses all its copies)."""
    sets = [("library", matrix)]
    if len(matrix) > 50_000:
        sets.append(("library", matrix[:50_000]))
    if distinct is not None:
        sets.append(("distinct", distinct.astype("float32")))
    rows = []
    for label, vectors in sets:
        rows += _index_rows(f"{label} {len(vectors) // 1000}k", vectors, queries, rounds)
    return rows


def _index_rows(label: str, matrix: np.ndarray, queries: np.ndarray,
                rounds: int) -> list[tuple[str, str, list[float], float]]:
    """Brute force, the IVF index, then the scan at each kept setting (sketch dims,
    candidate share; forced to two stages, which it skips below `vector_scan.EXACT_BELOW`
    rows), on one matrix. Recall is by score (copies of one text tie, so the exact set
    is arbitrary among them): the share of the 50 best re-scored candidates at least as
    close as the exact 50th."""
    import numpy as np

    from greenroom.library import semantic, vector_index, vector_scan

    k = 50
    ms = []
    for _ in range(rounds):
        for q in queries:
            began = time.perf_counter()
            scores = matrix @ q
            top = np.argpartition(-scores, k)[:k]
            top[np.argsort(-scores[top])]
            ms.append((time.perf_counter() - began) * 1000)
    rows = [(f"numpy float32 brute force, {label}", f"{matrix.nbytes / 1e6:.0f} MB in memory", ms, 1.0)]
    floors = [float(-np.partition(-(matrix @ q), k - 1)[k - 1]) for q in queries]
    index = vector_index.build(matrix, np.arange(len(matrix)), "bench", np.zeros((0, 2), dtype=np.int64))
    probe, budget = semantic.probe_for(index), semantic.budget_for(index)
    ms, hits = [], 0
    for round_ in range(rounds):
        for q, floor in zip(queries, floors):
            began = time.perf_counter()
            found, _ = index.search(q, k * semantic.CANDIDATES_PER_HIT, probe, budget)
            best = np.sort(matrix[found] @ q)[::-1][:k]  # the re-scoring nearest() does
            ms.append((time.perf_counter() - began) * 1000)
            if round_ == 0:
                hits += int((best >= floor - 1e-4).sum())
    memory = (index.codes.nbytes + index.scales.nbytes + index.rowids.nbytes) / 1e6
    rows.append((f"IVF {index.lists} lists, probe <={probe}/<={budget // 1000}k, {label}",
                 f"built in {index.built_s:.0f} s, {memory:.0f} MB", ms, hits / (k * len(queries))))
    del index
    stored = matrix.astype(np.float16)  # the rows as the library stores them
    for dims, share in ((vector_scan.DIMS, vector_scan.CANDIDATE_SHARE), (96, 0.02)):
        rows.append(_scan_row(label, vector_scan.Scan(stored, dims=dims, share=share, exact_below=0),
                              queries, floors, rounds))
    return rows


def _scan_row(label: str, scan: object, queries: np.ndarray, floors: list[float],
              rounds: int) -> tuple[str, str, list[float], float]:
    """One table row for a built `vector_scan.Scan`: its query times (CPU time in the
    note: this machine is shared), its recall of the exact top 50, its build and memory."""
    from greenroom.library.vector_scan import Scan

    assert isinstance(scan, Scan)
    k = 50
    wall, cpu = timed(lambda q: scan.top(q, k), rounds, queries)  # type: ignore[arg-type]
    hits = sum(int((scan.top(q, k)[1] >= floor - 1e-4).sum()) for q, floor in zip(queries, floors))
    note = (f"CPU p50 {p(cpu, 50):.1f} p95 {p(cpu, 95):.1f} ms; built in {scan.built_s:.1f} s, "
            f"{scan.nbytes / 1e6:.0f} MB + {scan.rows.nbytes / 1e6:.0f} MB float16 rows")
    return f"scan d'={scan.sketch.shape[1]} C={scan.candidates(k)}, {label}", note, wall, hits / (k * len(queries))


def every_line(library: Library, embedder: SentenceEmbedder, rounds: int,
               queries: list[str]) -> dict[str, tuple[list[float], list[float]]]:
    """Semantic and hybrid latency with every stored line compared, copies included: the
    cost in a library of as many lines where no line repeats (the recombined library
    repeats each cached text, which folding same-word lines makes cheap)."""
    from greenroom.library import semantic

    semantic.FOLD_SAME_WORDS = False
    semantic._CACHE.clear()
    try:
        semantic.nearest(library, "warm up", embedder, 10)
        return {
            "semantic, every line compared": timed(lambda q: semantic.nearest(library, q, embedder, 50),
                                                   rounds, queries),
            "hybrid, every line compared": timed(lambda q: semantic.hybrid(library, q, embedder, limit=50),
                                                 rounds, queries)}
    finally:
        semantic.FOLD_SAME_WORDS = True
        semantic._CACHE.clear()


def parts_stored(library: Library, model: str) -> str:
    """What the part vectors hold and take: texts, parts, MB of vectors."""
    texts, cut, size = library._read("SELECT count(*), count(nullif(length(vectors), 0)), "
                                     "coalesce(sum(length(vectors)), 0) FROM part_vectors WHERE model = ?", (model,))[0]
    dim = len(library._read("SELECT vector FROM utterance_vectors WHERE model = ? LIMIT 1", (model,))[0][0]) // 2
    return (f"{texts} distinct texts, {cut} of them cut into {size // (2 * max(dim, 1))} parts, "
            f"{size / 1e6:.1f} MB of part vectors")


def all_vectors(library: Library, model: str) -> np.ndarray:
    """Every stored vector of `model`, copies included, as float32 rows."""
    import numpy as np

    rows = library._read("SELECT vector FROM utterance_vectors WHERE model = ?", (model,))
    return np.frombuffer(b"".join(r[0] for r in rows), dtype=np.float16).reshape(len(rows), -1).astype(np.float32)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--interviews", type=int, default=200)
    parser.add_argument("--lines", type=int, default=100, help="utterances per recombined interview")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pools", choices=sorted(POOL_SETS), default="all")
    parser.add_argument("--embed-missing", action="store_true", help="embed every pool line not cached yet")
    parser.add_argument("--no-index-bench", action="store_true")
    parser.add_argument("--distinct", type=Path, help="a .npy of distinct sentence vectors for the index bench")
    parser.add_argument("--library", type=Path, help="this library file instead of the cache's (built there if absent)")
    args = parser.parse_args()
    logging.getLogger("greenroom").setLevel(logging.ERROR)  # the corpus's repaired timestamps, etc.

    from greenroom.backends.embed import default_embedder
    from greenroom.formats import load
    from greenroom.library import Library, semantic, vector_index
    from greenroom.library.search import build_query
    from greenroom.sample import transcript_path

    embedder = default_embedder()
    cache = VectorCache(CACHE, embedder.name)
    pool = sources(POOL_SETS[args.pools])
    texts = {u.text for i in pool for u in i.utterances}
    began = time.perf_counter()
    embedded = cache.fill([u.text for u in load(transcript_path()).utterances])
    if args.embed_missing:
        embedded += cache.fill(sorted(texts), progress=True)
    embed_s = time.perf_counter() - began
    usable = sum(cache.key(t) in cache.row for t in texts)
    path = args.library or CACHE / f"library-{args.pools}-{args.interviews}x{args.lines}-s{args.seed}-{usable}.db"
    if not path.exists():
        partial = path.with_suffix(".part")
        partial.unlink(missing_ok=True)
        sample_id, spent = build(partial, args.interviews, args.lines, args.seed, pool, cache, embedder.name)
        partial.rename(path)
        built = f"built in {spent['add']:.0f} s (+ {spent['vectors']:.0f} s storing vectors)"
    else:
        built = "built earlier (kept in the cache)"
    part_cache = VectorCache(CACHE, embedder.name, kind="parts")
    with Library(path) as library:
        part_texts, parts_embed_s, parts_store_s = store_parts(library, embedder.name, part_cache)
        parts_note = (f"parts: {part_texts} texts given part vectors this run ({parts_embed_s:.0f} s embedding parts "
                      f"not cached, {parts_store_s:.0f} s storing); ") + parts_stored(library, embedder.name)
        began, began_cpu = time.perf_counter(), time.process_time()
        indexed = semantic.maintain(library, embedder.name)  # what the studio's indexer does
        index_note = (f"vector index {indexed} in {time.perf_counter() - began:.0f} s wall, "
                      f"{time.process_time() - began_cpu:.0f} s CPU")
        sidecar = vector_index.sidecar(library.path, embedder.name)
        if sidecar.exists():
            index_note += f", {sidecar.stat().st_size / 1e6:.0f} MB beside the library"
        sample_id = library._read("SELECT id FROM interviews WHERE title = 'The sample'")[0][0]
        utterances = library._read("SELECT count(*) FROM utterances")[0][0]
        size_mb = path.stat().st_size / 1e6
        bare = sqlite3.connect(path)
        queries = [q for q, _ in QUERIES] + WORD_QUERIES

        def fts(q: str) -> object:
            match = build_query(q)
            return bare.execute("SELECT rowid FROM utterances_fts WHERE utterances_fts MATCH ? "
                                "ORDER BY rank LIMIT 50", (match,)).fetchall() if match else []

        began = time.perf_counter()
        semantic.nearest(library, "warm up", embedder, 10)  # load the matrix or the index once
        load_s = time.perf_counter() - began
        texts_compared = len(semantic._matrix(library, embedder.name)[1])
        kinds: dict[str, Callable[[str], object]] = {
            "bare FTS5 MATCH": fts,
            "full-text (library.search)": lambda q: library.search(q, limit=50),
            "semantic (nearest)": lambda q: semantic.nearest(library, q, embedder, 50),
            "hybrid (RRF)": lambda q: semantic.hybrid(library, q, embedder, limit=50),
            "  of which: embed the query": lambda q: embedder.embed([q]),
            "semantic, whole lines only": whole_lines(lambda q: semantic.nearest(library, q, embedder, 50)),
            "hybrid, whole lines only": whole_lines(lambda q: semantic.hybrid(library, q, embedder, limit=50)),
        }
        latency = {name: timed(fn, args.rounds, queries) for name, fn in kinds.items()}
        latency.update(every_line(library, embedder, args.rounds, queries))
        loadavg = os.getloadavg()
        halves = {"odd": QUERIES[0::2], "even": QUERIES[1::2], "all": QUERIES}
        line_texts = {(r[0], r[1]): r[2] for r in library._read("SELECT interview_id, id, text FROM utterances")}
        searches: tuple[tuple[str, Callable[[str], list[Hit]]], ...] = (
            ("full-text", lambda q: library.search(q, limit=50)),
            ("hybrid, whole lines only", whole_lines(lambda q: semantic.hybrid(library, q, embedder, limit=50))),
            ("hybrid", lambda q: semantic.hybrid(library, q, embedder, limit=50)))
        recall = {(name, half, collapsed): recall_at_10(fn, sample_id, qs, line_texts if collapsed else None)
                  for half, qs in halves.items() for name, fn in searches for collapsed in (False, True)}
        del line_texts
        terrified = library.search("terrified", limit=50)
        ranked = [(h.interview_id, h.utterance_id) for h in terrified]
        terrified_rank = ranked.index((sample_id, "u8")) + 1 if (sample_id, "u8") in ranked else None
        distinct_above = len({h.snippet for h in terrified[:(terrified_rank or 51) - 1]})
        fired = library.search("got fired", limit=50, markers=("[", "]"))
        on_fire = sum("[fire]" in h.snippet.casefold() for h in fired)
        index_rows = []
        if not args.no_index_bench:
            import numpy as np

            matrix = all_vectors(library, embedder.name)
            distinct = np.load(args.distinct) if args.distinct else None
            index_rows = index_bench(matrix, embedder.embed(queries), args.rounds, distinct)
    print(f"library: {args.interviews} interviews x {args.lines} lines ({args.pools} pools), {utterances} utterances, "
          f"{size_mb:.0f} MB; {built}")
    print(f"search compares {texts_compared} distinct texts (lines with the same words fold into one); the "
          f"'every line' rows compare all {utterances} lines, as in a library where no line repeats")
    print(f"vectors: {usable} of the pools' {len(texts)} unique texts embedded once and cached "
          f"({embedded} embedded this run, {embed_s:.0f} s); recombined interviews reuse them "
          f"({utterances / max(usable, 1):.0f} utterances per unique text); first search (loads vectors "
          f"or index) {load_s:.1f} s")
    print(index_note)
    print(parts_note)
    print(f"load average while measuring: {loadavg[0]:.1f} {loadavg[1]:.1f} {loadavg[2]:.1f} on {os.cpu_count()} cores")
    print(f"\n{'search (' + str(len(queries)) + ' queries x ' + str(args.rounds) + ')':32} {'wall p50':>9} "
          f"{'wall p95':>9} {'CPU p50':>9} {'CPU p95':>9}  (ms)")
    for name, (wall, cpu) in latency.items():
        print(f"{name:32} {p(wall, 50):9.1f} {p(wall, 95):9.1f} {p(cpu, 50):9.1f} {p(cpu, 95):9.1f}")
    for clock, at in (("wall", 0), ("CPU", 1)):
        ratio = p(latency["full-text (library.search)"][at], 95) / max(p(latency["bare FTS5 MATCH"][at], 95), 1e-3)
        print(f"full-text p95 / bare FTS5 p95 ({clock}): {ratio:.2f} (target <= 2)")
    print(f"\nrecall@10 on {len(QUERIES)} paraphrase queries   {'odd half':>9} {'even half':>9} {'all':>6}")
    for collapsed, label in ((False, ""), (True, ", copies once")):
        for name in ("full-text", "hybrid, whole lines only", "hybrid"):
            row = [recall[(name, half, collapsed)] for half in ("odd", "even", "all")]
            print(f"{name + label:40} {row[0]:9.2f} {row[1]:9.2f} {row[2]:6.2f}")
    print(f"\n'terrified': the sample guest's 'I was terrified' ranks {terrified_rank or 'below 50'} of "
          f"{len(ranked)} full-text hits ({distinct_above} distinct lines above it); "
          f"'got fired': {len(fired)} hits, {on_fire} of them on the bare word 'fire'")
    if index_rows:
        print(f"\n{'vector index (k=50)':44} {'p50 ms':>8} {'p95 ms':>8} {'recall':>7}  notes")
        for name, note, ms, agree in index_rows:
            print(f"{name:44} {p(ms, 50):8.2f} {p(ms, 95):8.2f} {agree:7.3f}  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
