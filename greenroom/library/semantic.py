"""Search by meaning: utterance vectors beside the full-text index, fused with it.

`index` embeds every utterance that has no vector for the embedder's model (or
whose text changed since), in short write transactions, so it can run in the
background while the library is used. `hybrid` ranks utterances by full-text
(FTS5 bm25) and by cosine to the query, and fuses the two lists by reciprocal
rank (RRF, k=60): a passage either finds near the top is near the top, and a
paraphrase ("stage fright") reaches a line no word of it matches ("I was
terrified"). Vectors are float16 blobs. Below EXACT_MAX distinct texts the search looks
at every text (lines with the same words are one text) through a `vector_scan.Scan` held
in memory and rebuilt when the stored vectors change; from there on the background
indexer keeps an IVF index beside the library (`vector_index`, `maintain`) and a query
compares itself with a few of its lists, plus the vectors stored since the index was
built, then re-scores the best with their stored vectors.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Collection
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

from greenroom.errors import GreenroomError
from greenroom.library.search import Filters, Hit
from greenroom.library.store import Library

if TYPE_CHECKING:
    import numpy as np

    from greenroom.backends.embed import SentenceEmbedder
    from greenroom.library import vector_index
    from greenroom.library.vector_scan import Scan

log = logging.getLogger(__name__)

RRF_K = 60
# Below this cosine a line is not offered for its meaning alone: on the sample, unrelated
# queries ("banana bread recipe", "got fired") came to 0.10-0.25, paraphrases to 0.31-0.39
# (MiniLM; a handful of queries, not a fitted threshold). 0.2, 0.3 and 0.4 gave the same
# recall on the bench's dev queries at 1,000 interviews.
MIN_COSINE = 0.3
BATCH = 128  # utterances embedded and written per transaction
SNIPPET_WORDS = 24
# A guest's line gets this much more of the fused score: 1/(60+1) against 1/(60+13) is
# 1.2, so a guest's line climbs about a dozen places past lines that others said.
GUEST_FUSED_WEIGHT = 1.2
# Below this many distinct texts search looks at every one (`vector_scan.Scan`: exact order,
# a PCA sketch choosing candidates from 100k rows on: 1.000 of the exact top 50 at 867k rows,
# 23/26 ms p50/p95, 1.1 GB); from it on the indexer keeps an IVF index beside the library,
# which holds int8 codes (a third of the scan's memory) but loses real neighbours: MiniLM
# vectors cluster poorly (0.935 of the exact top 50 on 97k distinct corpus sentences, 0.57
# on 19k at 4.6 % scanned). A paraphrase found beats one never found, so the index only takes
# over where the scan's memory (~1.3 KB a text) gets heavy.
EXACT_MAX = 2_000_000
# A query looks in the lists nearest it, in order, up to PROBE_SHARE of them (at least
# MIN_PROBE) and until it has compared SCAN_SHARE of the vectors (at least MIN_SCAN): lists
# are lopsided where many lines say the same thing, and a few big ones hold enough
# candidates. It re-scores CANDIDATES_PER_HIT candidates per hit wanted with their stored vectors.
PROBE_SHARE = 0.25
MIN_PROBE = 8
SCAN_SHARE = 0.2  # 0.83 of the exact top 50 on distinct lines (0.57 at 4.6 %, 0.89 at 30 %)
MIN_SCAN = 40_000
CANDIDATES_PER_HIT = 4
# The indexer rebuilds when vectors stored since the build, or rows gone since, reach this
# share of the index (the fresh tail is searched exactly: it must stay small).
REBUILD_SHARE = 0.1
COUNT_EVERY_S = 30.0  # how stale the cached matrix may be about deleted rows (they match nothing meanwhile)
_CACHE: dict[tuple[str, str], tuple[tuple[int, int], Any, Any, float]] = {}
_TAILS: dict[tuple[str, str, int], tuple[int, Any, Any]] = {}
_INDEXES: dict[tuple[str, str], tuple[tuple[int, int], Any]] = {}
_WORKERS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="greenroom-meaning")
_CACHE_LOCK = threading.Lock()


def _sha(text: str) -> str:
    from greenroom.library.parts import text_sha

    return text_sha(text)


def pending(library: Library, model: str) -> list[tuple[str, str, str]]:
    """(interview id, utterance id, text) of utterances with no current vector."""
    rows = library._read("""SELECT u.interview_id, u.id, u.text, v.text_sha FROM utterances u
        LEFT JOIN utterance_vectors v ON v.interview_id = u.interview_id AND v.utterance_id = u.id
             AND v.model = ? ORDER BY u.interview_id, u.seq""", (model,))
    return [(iid, uid, text) for iid, uid, text, sha in rows if sha != _sha(text)]


def index(library: Library, embedder: SentenceEmbedder,
          progress: Callable[[int, int], None] | None = None) -> int:
    """Embed and store every utterance lacking a current vector, then the parts of each
    distinct text lacking them (`parts`: its sentences, for search to find a line by one
    of them); returns how many utterances. `progress(done, total)` counts lines, then
    texts cut into parts. Vectors of utterances that no longer exist are dropped, and
    the parts of texts no line holds any more."""
    from greenroom.library import parts

    todo = pending(library, embedder.name)
    texts = parts.pending(library, embedder.name, [text for _, _, text in todo])
    total = len(todo) + len(texts)
    for begin in range(0, len(todo), BATCH):
        chunk = todo[begin:begin + BATCH]
        vectors = embedder.embed([text for _, _, text in chunk])
        store(library, embedder.name, [(iid, uid, text, vec) for (iid, uid, text), vec in zip(chunk, vectors)])
        if progress:
            progress(begin + len(chunk), total)
    for done, batch in parts.batches([text for _, text in texts], BATCH):
        parts.store(library, embedder.name, parts.embedded(embedder, batch))
        if progress:
            progress(len(todo) + done, total)
    library._write(_drop_orphans)
    return len(todo)


def store(library: Library, model: str, rows: list[tuple[str, str, str, np.ndarray]]) -> None:
    """Store given vectors of `model`, one (interview id, utterance id, the text it was
    computed from, unit vector) per row, in one write transaction: what `index` does
    after embedding, open to a caller that has the vectors already (an import that
    embedded them, a bench that reuses them)."""
    import numpy as np

    blobs = [(iid, uid, model, _sha(text), np.asarray(vec, dtype=np.float16).tobytes())
             for iid, uid, text, vec in rows]
    library._write(partial(_store, rows=blobs))


def _store(conn: sqlite3.Connection, rows: list[tuple[str, str, str, str, bytes]]) -> None:
    conn.executemany("INSERT OR REPLACE INTO utterance_vectors VALUES (?,?,?,?,?)", rows)


def _drop_orphans(conn: sqlite3.Connection) -> None:
    conn.execute("""DELETE FROM utterance_vectors WHERE NOT EXISTS (SELECT 1 FROM utterances u
        WHERE u.interview_id = utterance_vectors.interview_id AND u.id = utterance_vectors.utterance_id)""")
    from greenroom.library import parts

    parts.drop_orphans(conn)


Key = tuple[str, str]  # (interview id, utterance id)
Near = tuple[str, tuple[Key, ...], float]  # a text (its hash), the lines holding it, its cosine to the query


def _matrix(library: Library, model: str) -> tuple[Scan, list[tuple[str, tuple[Key, ...]]]]:
    """A `vector_scan.Scan` of one row per distinct text among the stored vectors of
    `model`, and the lines holding each (library order), cached until the stored set
    changes (built in seconds at a million rows: the indexer builds it after each pass,
    `Indexer._loop`, so a search seldom waits for it).

    Lines with the same words have the same vector, so a text is compared once, however
    many interviews hold it: a sponsor read repeated in 200 episodes, or a guest's stock
    answer across a press junket, takes one place among the nearest, not the whole list.
    A new or re-embedded vector raises the highest rowid, checked on every call (an
    index lookup); counting the rows, which sees deletions, takes ~70-110 ms at 867k
    vectors, so it runs at most every COUNT_EVERY_S. A deleted interview's stale rows
    meanwhile match nothing: hits are read from the library."""
    # Every model's rows: "max(rowid) WHERE model = ?" walks the (model, text_sha) index (58 ms at 1M rows).
    top = library._read("SELECT coalesce(max(rowid), 0) FROM utterance_vectors")[0][0]
    key = (str(library.path), model)
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
    if cached and cached[0][1] == top and time.monotonic() - cached[3] < COUNT_EVERY_S:
        return cached[1], cached[2]
    signature = (library._read("SELECT count(*) FROM utterance_vectors WHERE model = ?", (model,))[0][0], top)
    if cached and cached[0] == signature:
        with _CACHE_LOCK:
            _CACHE[key] = (signature, cached[1], cached[2], time.monotonic())
        return cached[1], cached[2]
    from greenroom.library.vector_scan import Scan

    matrix, lines = _distinct(library._read(
        "SELECT interview_id, utterance_id, text_sha, vector FROM utterance_vectors WHERE model = ? "
        "ORDER BY interview_id, rowid", (model,)))
    scan = Scan(matrix)
    with _CACHE_LOCK:
        _CACHE[key] = (signature, scan, lines, time.monotonic())
    return scan, lines


# Compare and fuse a text once however many lines hold it. False compares and fuses every
# stored line apart: what a library where no line repeats costs (bench/search_bench.py measures both).
FOLD_SAME_WORDS = True


def _distinct(rows: list[tuple[str, str, str, bytes]]) -> tuple[np.ndarray, list[tuple[str, tuple[Key, ...]]]]:
    """(float16 matrix of one vector per text hash, (hash, the lines holding it) per row) from stored rows."""
    import numpy as np

    row_of: dict[str, int] = {}
    blobs: list[bytes] = []
    texts: list[tuple[str, list[Key]]] = []
    for iid, uid, sha, blob in rows:
        at = row_of.setdefault(_folded(sha, (iid, uid)), len(blobs))
        if at == len(blobs):
            blobs.append(blob)
            texts.append((sha, []))
        texts[at][1].append((iid, uid))
    if not blobs:
        return np.zeros((0, 1), dtype=np.float32), []
    matrix = np.frombuffer(b"".join(blobs), dtype=np.float16).reshape(len(blobs), -1)
    return matrix, [(sha, tuple(held)) for sha, held in texts]


def nearest(library: Library, query: str, embedder: SentenceEmbedder, limit: int) -> list[tuple[str, str, float]]:
    """(interview id, utterance id, cosine) of the `limit` lines closest to `query`, at
    least MIN_COSINE alike, best first; lines with the same words follow each other
    (`nearest_texts` keeps them together)."""
    flat = [(iid, uid, cosine) for _, lines, cosine in nearest_texts(library, query, embedder, limit)
            for iid, uid in lines]
    return flat[:limit]


def nearest_texts(library: Library, query: str, embedder: SentenceEmbedder, limit: int) -> list[Near]:
    """The `limit` distinct texts closest to `query`, at least MIN_COSINE alike, best
    first, each with the lines that hold it. Through the library's vector index when
    the indexer has built one (`vector_index`; large libraries), else by comparing the
    query with every stored text; the best `parts.POOL` are then re-scored by their
    best sentence (`parts.rescored`), so a line is found by one of its sentences."""
    if not query.strip() or limit <= 0:
        return []
    from greenroom.library import parts

    vector = embedder.embed([query])[0]
    index = current_index(library, embedder.name, getattr(embedder, "dim", None))
    pool = max(limit, parts.POOL) if parts.ENABLED else limit
    if index is not None:
        found = _nearest_indexed(library, index, vector, pool)
    else:
        found = _nearest_exact(library, embedder.name, vector, pool)
    if parts.ENABLED:  # a line found by one of its sentences (library.parts)
        found = parts.rescored(library, embedder.name, vector, found)[:limit]
    return [near for near in found if near[2] >= MIN_COSINE]


def _nearest_exact(library: Library, model: str, vector: np.ndarray, limit: int) -> list[Near]:
    """The `limit` texts closest to `vector`, in exact order (`vector_scan.Scan`: brute
    force below 100k texts, a PCA sketch choosing which rows are compared above)."""
    scan, lines = _matrix(library, model)
    if not lines:
        return []
    rows, cosines = scan.top(vector, limit)
    return [(lines[i][0], lines[i][1], float(c)) for i, c in zip(rows.tolist(), cosines.tolist())]


def _nearest_indexed(library: Library, index: vector_index.IvfIndex, vector: np.ndarray,
                     limit: int) -> list[Near]:
    """The index's best candidates and the best of the vectors stored since it was built
    (the fresh tail, compared exactly), re-scored with their stored vectors and grouped
    by text: the order is exact, the index only chooses which lines are compared (so a
    text's group holds the copies it chose, not every copy). A candidate whose row is
    gone (its interview deleted, its line embedded again) no longer looks up."""
    import numpy as np

    wanted = limit * CANDIDATES_PER_HIT
    rowids, _ = index.search(vector, wanted, probe_for(index), budget_for(index))
    tail_ids, tail = _tail(library, index.model, index.upto)
    if len(tail_ids):
        scores = tail @ vector
        best = np.argpartition(-scores, wanted)[:wanted] if wanted < len(scores) else np.arange(len(scores))
        rowids = np.concatenate([rowids, tail_ids[best]])
    found = _vectors_of(library, index.model, [int(r) for r in rowids])
    if not found:
        return []
    matrix, lines = _distinct([(iid, uid, sha, blob) for _, iid, uid, sha, blob in sorted(found, key=lambda f: f[0])])
    scores = matrix.astype(np.float32) @ vector
    order = sorted(range(len(lines)), key=lambda i: (-scores[i], lines[i][1][0]))[:limit]
    return [(lines[i][0], lines[i][1], float(scores[i])) for i in order]  # no cut yet


def _vectors_of(library: Library, model: str, rowids: list[int]) -> list[tuple[int, str, str, str, bytes]]:
    """(rowid, interview id, utterance id, text hash, vector) of the rows that still exist."""
    if not rowids:
        return []
    return [tuple(r) for r in library._read(
        "SELECT rowid, interview_id, utterance_id, text_sha, vector FROM utterance_vectors "
        "WHERE rowid IN (SELECT value FROM json_each(?)) AND model = ?", (json.dumps(rowids), model))]


def probe_for(index: vector_index.IvfIndex) -> int:
    """Lists a query looks in at most: PROBE_SHARE of them, at least MIN_PROBE."""
    return min(index.lists, max(MIN_PROBE, round(index.lists * PROBE_SHARE)))


def budget_for(index: vector_index.IvfIndex) -> int:
    """Vectors a query compares itself with at most: SCAN_SHARE, at least MIN_SCAN."""
    return max(MIN_SCAN, round(index.size * SCAN_SHARE))


def _tail(library: Library, model: str, upto: int) -> tuple[np.ndarray, np.ndarray]:
    """Row ids and float32 vectors of `model` stored after row `upto`, cached until a
    vector is stored (a max-rowid check, cheap at any size)."""
    import numpy as np

    mark = library._read("SELECT coalesce(max(rowid), 0) FROM utterance_vectors")[0][0]
    key = (str(library.path), model, upto)
    with _CACHE_LOCK:
        cached = _TAILS.get(key)
        if cached and cached[0] == mark:
            return cached[1], cached[2]
    rows = library._read("SELECT rowid, vector FROM utterance_vectors WHERE rowid > ? AND model = ?", (upto, model))
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    matrix = (np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float16).reshape(len(rows), -1)
              .astype(np.float32) if rows else np.zeros((0, 1), dtype=np.float32))
    with _CACHE_LOCK:
        if len(_TAILS) > 8:  # one tail per open library and index: a bound, not a policy
            _TAILS.clear()
        _TAILS[key] = (mark, ids, matrix)
    return ids, matrix


def current_index(library: Library, model: str, dim: int | None = None) -> vector_index.IvfIndex | None:
    """The library's vector index for `model`, loaded once per file version, or None
    where there is none or it must not be used: built for another model, another
    format, or another library (its check rows hold other texts). A refused index is
    logged once, and search compares the query with every vector instead."""
    from greenroom.library import vector_index

    path = vector_index.sidecar(library.path, model)
    try:
        stat = path.stat()
    except OSError:
        return None
    version = (stat.st_mtime_ns, stat.st_size)
    key = (str(library.path), model)
    with _CACHE_LOCK:
        cached = _INDEXES.get(key)
        if cached and cached[0] == version:
            return cached[1]
    try:
        index: vector_index.IvfIndex | None = vector_index.load(path, model, dim)
        _check_library(library, index)  # type: ignore[arg-type]
    except vector_index.Unusable as err:
        log.warning("vector index not used, searching every vector: %s", err)
        index = None
    with _CACHE_LOCK:
        _INDEXES[key] = (version, index)
    return index


def _check_library(library: Library, index: vector_index.IvfIndex) -> None:
    """`Unusable` unless the index's check rows that still exist hold the texts they
    held when it was built (an index copied beside another library fails this)."""
    from greenroom.library import vector_index

    if not len(index.checks):
        return
    wanted = {int(r): int(h) for r, h in index.checks}
    rows = library._read("SELECT rowid, text_sha FROM utterance_vectors WHERE rowid IN (SELECT value FROM "
                         "json_each(?)) AND model = ?", (json.dumps(list(wanted)), index.model))
    wrong = [r for r, sha in rows if _sha_number(sha) != wanted[r]]
    if wrong:
        raise vector_index.Unusable(f"built for another library ({len(wrong)} of {len(rows)} check rows differ)")


def _sha_number(sha: str) -> int:
    return int(sha[:15], 16)  # fits an int64


def _hits_for(library: Library, keys: list[tuple[str, str]]) -> dict[tuple[str, str], Hit]:
    """Hits (no match markers: a meaning has none) for utterances found by vector,
    read in one query (one per key cost a millisecond each on a busy machine)."""
    if not keys:
        return {}
    rows = library._read("""SELECT u.interview_id, u.id, i.title, u.start_ms, u.end_ms, u.text,
        COALESCE((SELECT COALESCE(NULLIF(s.name, ''), s.label) FROM speakers s
                  WHERE s.interview_id = u.interview_id AND s.id = u.speaker_id ORDER BY s.seq LIMIT 1), ''),
        COALESCE((SELECT s.role FROM speakers s
                  WHERE s.interview_id = u.interview_id AND s.id = u.speaker_id ORDER BY s.seq LIMIT 1), '')
        FROM json_each(?) k JOIN utterances u
             ON u.interview_id = json_extract(k.value, '$[0]') AND u.id = json_extract(k.value, '$[1]')
        JOIN interviews i ON i.id = u.interview_id""", (json.dumps(keys),))
    found: dict[tuple[str, str], Hit] = {}
    for iid, uid, title, start, end, text, speaker, role in rows:
        words = text.split()
        snippet = " ".join(words[:SNIPPET_WORDS]) + ("…" if len(words) > SNIPPET_WORDS else "")
        found[(iid, uid)] = Hit(iid, title, uid, speaker, start, end, snippet, 0.0, role)
    return found


def hybrid(library: Library, query: str, embedder: SentenceEmbedder | None, *, limit: int = 50,
           guest: str | None = None, markers: tuple[str, str] = ("[", "]"), guests_only: bool = False,
           kind: str | None = None, hidden: Collection[str] = frozenset()) -> list[Hit]:
    """Full-text and semantic hits fused by reciprocal rank, best first, a guest's line
    weighted GUEST_FUSED_WEIGHT. `guest`, `guests_only` and `kind` filter both lists
    (see `search.Filters`); lines of `hidden` interviews (embargoed for this reader)
    are left out. Raises `InputError` for a query full-text refuses (too many terms).

    Lines with exactly the same words count as one text in both lists and come back
    as one hit (a guest's line if one is among them), `same_words` counting the others
    found: a sponsor read in 200 episodes is one result, not the whole page. Without an
    embedder (or with no vectors yet) only full-text ranks.

    The query is embedded and its nearest texts found in a worker thread while
    full-text runs here: the model and numpy work outside the GIL and the library's
    lock, so on a free core the two overlap and a search costs the longer of them."""
    pool = max(limit, 50)
    filters = Filters(guest, guests_only, kind)
    narrowed = filters.any or bool(hidden)
    meaning = (_WORKERS.submit(nearest_texts, library, query, embedder, pool * 4 if narrowed else pool)
               if embedder is not None else None)
    meant = _narrowed(library, meaning.result(), filters, hidden)[:pool] if meaning is not None else []
    size = pool * 4 if hidden else pool
    while True:
        text_hits, words, more = _by_words(library, query, size, markers, filters, hidden)
        hits = _ranked(library, text_hits, words, meant, limit)
        if len(hits) >= limit or not more or size >= MAX_TEXT_POOL:
            return _titled(library, hits)
        size = min(size * 4, MAX_TEXT_POOL)  # copies folded away places: read further down full-text's list


def _ranked(library: Library, text_hits: list[Hit], words: dict[Key, str], meant: list[Near],
            limit: int) -> list[Hit]:
    """The best `limit` texts of both lists fused, each as the hit of one of its lines."""
    scores, lines = _fused(text_hits, words, meant)
    best = _contenders(scores, limit)
    by_key = {(h.interview_id, h.utterance_id): h for h in text_hits}
    by_key.update(_hits_for(library, [k for sha in best for k in lines[sha][:REPRESENTATIVES] if k not in by_key]))
    hits = []
    for sha in best:
        shown = _representative([by_key[k] for k in lines[sha][:REPRESENTATIVES] if k in by_key])
        if shown is not None:
            weight = GUEST_FUSED_WEIGHT if shown.role == "guest" else 1.0
            hits.append(replace(shown, score=round(scores[sha] * weight, 6), same_words=len(lines[sha]) - 1,
                                others=[(*k, "") for k in lines[sha][:OTHERS_LISTED + 1]
                                        if k != (shown.interview_id, shown.utterance_id)]))
    hits.sort(key=lambda h: -h.score)
    return hits[:limit]


OTHERS_LISTED = 20  # other lines with the same words a hit lists (it counts them all)


def _titled(library: Library, hits: list[Hit]) -> list[Hit]:
    """`others` of each hit as (interview id, utterance id, title), at most OTHERS_LISTED."""
    wanted = sorted({o[0] for h in hits for o in h.others})
    if not wanted:
        return hits
    titles = dict(library._read("SELECT id, title FROM interviews WHERE id IN (SELECT value FROM json_each(?))",
                                (json.dumps(wanted),)))
    return [replace(h, others=[(iid, uid, titles.get(iid, "")) for iid, uid, _ in h.others][:OTHERS_LISTED])
            for h in hits]


def _contenders(scores: dict[str, float], limit: int) -> list[str]:
    """The texts that can end in the top `limit`: the `limit` best, and those a guest's
    weight could lift past the last of them."""
    ordered = sorted(scores, key=lambda sha: -scores[sha])
    if len(ordered) <= limit:
        return ordered
    floor = scores[ordered[limit - 1]]
    return [sha for sha in ordered if scores[sha] * GUEST_FUSED_WEIGHT >= floor]


REPRESENTATIVES = 4  # lines of one text read to choose the hit shown (a guest's, else the first)


def _narrowed(library: Library, meant: list[Near], filters: Filters, hidden: Collection[str]) -> list[Near]:
    """The texts found by meaning with only their lines that pass `filters` and are not
    in `hidden` interviews; texts left with none dropped. Filters are checked on at most
    FILTERED_COPIES lines of a text (a text repeated in thousands of interviews)."""
    if hidden:
        meant = [(sha, tuple(k for k in keys if k[0] not in hidden), cosine) for sha, keys, cosine in meant]
    if filters.any:
        allowed = library.filter_keys([k for _, keys, _ in meant for k in keys[:FILTERED_COPIES]], filters)
        meant = [(sha, tuple(k for k in keys[:FILTERED_COPIES] if k in allowed), cosine)
                 for sha, keys, cosine in meant]
    return [near for near in meant if near[1]]


FILTERED_COPIES = 100


def _by_words(library: Library, query: str, size: int, markers: tuple[str, str], filters: Filters,
              hidden: Collection[str]) -> tuple[list[Hit], dict[Key, str], bool]:
    """Full-text's best `size` lines but those of `hidden` interviews, the hash of each
    line's words, and whether full-text has more lines than it gave."""
    found = library.search(query, guest=filters.guest, limit=size, markers=markers,
                           guests_only=filters.guests_only, kind=filters.kind)
    kept = [h for h in found if h.interview_id not in hidden]
    return kept, _text_shas(library, [(h.interview_id, h.utterance_id) for h in kept]), len(found) == size


# Lines full-text reads at most when copies folded into one hit leave fewer hits than asked
# for (mostly a search by words alone: with meaning the other list fills the places). One
# read 4 times the pool: at 10,000 interviews, where the bench repeats each line ~100 times,
# going on to 1,600 lines took "script" to 244 ms and hybrid p95 from 62 to 99 ms.
MAX_TEXT_POOL = 200


def _fused(text_hits: list[Hit], words: dict[Key, str], meant: list[Near]) -> tuple[dict[str, float], dict[str, list[Key]]]:
    """Reciprocal-rank scores per text (hash) from both lists, each ranking distinct
    texts, and the lines found holding each text (full-text's first, in its order)."""
    keys = [(h.interview_id, h.utterance_id) for h in text_hits]
    scores: dict[str, float] = {}
    lines: dict[str, list[Key]] = {}
    for key in keys:
        sha = _folded(words.get(key, "/".join(key)), key)
        if sha not in lines:
            lines[sha] = []
            scores[sha] = 1 / (RRF_K + len(scores) + 1)
        lines[sha].append(key)
    for rank, (text, held, _) in enumerate(meant):
        sha = _folded(text, held[0])
        scores[sha] = scores.get(sha, 0.0) + 1 / (RRF_K + rank + 1)
        found = lines.setdefault(sha, [])
        known = set(found)
        found += [k for k in held if k not in known]
    return scores, lines


def _folded(sha: str, line: Key) -> str:
    """What fusion counts as one text: the words' hash, or with FOLD_SAME_WORDS off each line."""
    return sha if FOLD_SAME_WORDS else f"{sha}/{line[0]}/{line[1]}"


def _text_shas(library: Library, keys: list[Key]) -> dict[Key, str]:
    """The hash of each line's words, as vectors are stored under (`_sha`)."""
    if not keys:
        return {}
    rows = library._read("""SELECT u.interview_id, u.id, u.text FROM json_each(?) k JOIN utterances u
        ON u.interview_id = json_extract(k.value, '$[0]') AND u.id = json_extract(k.value, '$[1]')""",
                         (json.dumps(keys),))
    return {(iid, uid): _sha(text) for iid, uid, text in rows}


def _representative(hits: list[Hit]) -> Hit | None:
    """The hit shown for lines with the same words: a guest's line, else the first."""
    return next((h for h in hits if h.role == "guest"), hits[0] if hits else None)


def maintain(library: Library, model: str, *, exact_max: int | None = None) -> str:
    """Keep the vector index of `model` beside the library fit to use, for the indexer:
    none below `exact_max` (EXACT_MAX) distinct texts (the scan is fast there; a
    left-over index is removed); built when missing or refused (another model, format or
    library); rebuilt when the vectors stored since, or the rows gone since, reach
    REBUILD_SHARE of it. Returns what it did: "exact", "kept", "built" or "rebuilt".
    Slow at a million vectors (about a minute): run it off the request path."""
    from greenroom.library import vector_index

    limit = EXACT_MAX if exact_max is None else exact_max
    path = vector_index.sidecar(library.path, model)
    texts = library._read("SELECT count(DISTINCT text_sha) FROM utterance_vectors WHERE model = ?", (model,))[0][0]
    if texts < limit:
        path.unlink(missing_ok=True)
        return "exact"
    index = current_index(library, model)
    if index is not None:
        count = library._read("SELECT count(*) FROM utterance_vectors WHERE model = ?", (model,))[0][0]
        fresh = library._read("SELECT count(*) FROM utterance_vectors WHERE rowid > ? AND model = ?",
                              (index.upto, model))[0][0]
        gone = index.size - (count - fresh)
        if max(fresh, gone) < REBUILD_SHARE * index.size:
            return "kept"
    built = build_index(library, model)
    vector_index.save(built, path)
    log.info("vector index: %d vectors in %d lists, built in %.1f s", built.size, built.lists, built.built_s)
    return "built" if index is None else "rebuilt"


def build_index(library: Library, model: str) -> vector_index.IvfIndex:
    """An IVF index over every stored vector of `model` as it is now."""
    import numpy as np

    from greenroom.library import vector_index

    rows = library._read("SELECT rowid, text_sha, vector FROM utterance_vectors WHERE model = ? ORDER BY rowid",
                         (model,))
    rowids = np.array([r[0] for r in rows], dtype=np.int64)
    matrix = np.frombuffer(b"".join(r[2] for r in rows), dtype=np.float16).reshape(len(rows), -1)
    picks = np.linspace(0, len(rows) - 1, num=min(CHECK_ROWS, len(rows))).astype(int)
    checks = np.array([(rows[i][0], _sha_number(rows[i][1])) for i in sorted(set(picks.tolist()))],
                      dtype=np.int64).reshape(-1, 2)
    del rows
    return vector_index.build(matrix, rowids, model, checks)


CHECK_ROWS = 64  # rows whose text hash an index keeps, to tell its library from another


class Indexer:
    """Keeps the vectors current from a background thread with its own connection,
    so starting the studio or adding interviews never waits for embedding: it
    embeds what is missing at start, then looks again every `interval` seconds and
    embeds again only when an utterance was written since (a cheap max-rowid check:
    every save rewrites an interview's rows). After each look it keeps the vector
    index beside the library fit to use (`maintain`: built or rebuilt here, never in a
    request or an import). `done` is set after the first pass."""

    def __init__(self, library_path: str, embedder_factory: Callable[[], SentenceEmbedder],
                 interval: float = 30.0):
        self.path = library_path
        self.factory = embedder_factory
        self.interval = interval
        self.thread: threading.Thread | None = None
        self.done = threading.Event()
        self.stopping = threading.Event()

    def start(self) -> None:
        self.thread = threading.Thread(target=self._run, name="greenroom-embed", daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        if self.thread is not None:
            self.thread.join(timeout=10)

    def _run(self) -> None:
        try:
            with Library(self.path) as library:
                self._loop(library)
        except GreenroomError as err:  # a background job: say why, never take the studio down
            log.warning("semantic index not kept: %s", err)
        finally:
            self.done.set()

    def _loop(self, library: Library) -> None:
        embedder, seen = self.factory(), None
        while not self.stopping.is_set():
            mark = library._read("SELECT coalesce(max(rowid), 0) FROM utterances")[0][0]
            if mark != seen:
                count = index(library, embedder)
                if count:
                    log.info("semantic index: %d utterances embedded", count)
                seen = mark
            try:
                maintain(library, embedder.name)
            except (OSError, MemoryError) as err:  # no index: search stays exact, and correct
                log.warning("vector index not built: %s", err)
            if current_index(library, embedder.name) is None:
                _matrix(library, embedder.name)  # the scan a search uses, built here rather than in a request
            self.done.set()
            self.stopping.wait(self.interval)
