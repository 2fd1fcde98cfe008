"""The linter's index: sentence vectors of past questions, kept on disk beside the library.

The already-answered check compares each new question with every comparable text of the
guest's past questions (`lint.comparable`). Embedding those texts is the whole cost of
`lint-questions`: all-mpnet-base-v2 on two busy CPU cores takes a fraction of a second to
a second a text, and one long interview holds a few hundred. So every vector is kept in a
SQLite file beside the library (`library.db` -> `library-lint-index.sqlite`), keyed by
the embedder's name and a hash of the text: a text is embedded once, ever. The index
grows by what is new (an added interview, an edited question), and a text whose words
change gets a new key, so nothing stale is ever read. `CachedEmbedder` loads the real
embedder only when some text is missing: a run whose texts are all indexed imports
neither torch nor the model.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import logging
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from greenroom.backends.embed import SentenceEmbedder
    from greenroom.library import Library

log = logging.getLogger(__name__)

MPNET, MINILM = "all-mpnet-base-v2", "all-MiniLM-L6-v2-int8"
DIMENSIONS = {MPNET: 768, MINILM: 384}
_SCHEMA = """CREATE TABLE IF NOT EXISTS vectors (
    model TEXT NOT NULL, sha TEXT NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (model, sha)) WITHOUT ROWID"""


def text_key(text: str) -> str:
    """The key of a text's vector: a hash of its exact words (any edit is a new key)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def index_path(library: Library) -> Path:
    """Where a library's index lives: beside it, named after it."""
    return library.path.parent / f"{library.path.stem}-lint-index.sqlite"


class VectorIndex:
    """float32 vectors by (model, text hash) in one SQLite file; safe to share between
    processes (WAL, short write transactions, INSERT OR IGNORE: a vector is a pure function
    of its text, so two writers writing the same key write the same bytes)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute(_SCHEMA)

    def get(self, model: str, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored vectors of `keys` (those missing are left out)."""
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(keys))
        for begin in range(0, len(unique), 500):  # SQLite's limit on bound parameters
            chunk = unique[begin:begin + 500]
            marks = ",".join("?" * len(chunk))
            for sha, blob in self._conn.execute(
                    f"SELECT sha, vector FROM vectors WHERE model = ? AND sha IN ({marks})", (model, *chunk)):
                found[sha] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put(self, model: str, items: dict[str, np.ndarray]) -> None:
        """Store vectors in one transaction."""
        rows = [(model, sha, np.asarray(vector, dtype=np.float32).tobytes()) for sha, vector in items.items()]
        with self._conn:
            self._conn.execute("BEGIN IMMEDIATE")
            self._conn.executemany("INSERT OR IGNORE INTO vectors VALUES (?, ?, ?)", rows)

    def count(self, model: str) -> int:
        return int(self._conn.execute("SELECT count(*) FROM vectors WHERE model = ?", (model,)).fetchone()[0])

    def close(self) -> None:
        self._conn.close()


def paraphrase_name() -> str:
    """The name `paraphrase_embedder()` will load under, found without loading it (so an
    indexed run never imports torch): MPNet where its extra is installed, else MiniLM."""
    from greenroom.backends.embed.mpnet import PARTS

    installed = all(importlib.util.find_spec(m) is not None for m in ("torch", "transformers"))
    try:
        importlib.metadata.distribution(PARTS[0])
    except importlib.metadata.PackageNotFoundError:
        installed = False
    return MPNET if installed else MINILM


def _paraphrase() -> SentenceEmbedder:
    from greenroom.backends.embed import paraphrase_embedder

    return paraphrase_embedder()


class CachedEmbedder:
    """A `SentenceEmbedder` that answers from a `VectorIndex` and embeds only the texts it
    lacks, with `load()`'s embedder, loaded on the first miss. `embedded` counts the texts
    the real embedder was given (a warm run embeds none)."""

    def __init__(self, index: VectorIndex, load: Callable[[], SentenceEmbedder] = _paraphrase,
                 name: str | None = None):
        self.index = index
        self._load = load
        self._inner: SentenceEmbedder | None = None
        self.name = name or paraphrase_name()
        self.dim = DIMENSIONS.get(self.name, 0)
        self.embedded = 0

    @classmethod
    def around(cls, index: VectorIndex, embedder: SentenceEmbedder) -> CachedEmbedder:
        """An index in front of an embedder already loaded."""
        cached = cls(index, lambda: embedder, embedder.name)
        cached._inner, cached.dim = embedder, embedder.dim
        return cached

    def embed(self, texts: list[str]) -> np.ndarray:
        keys = [text_key(t) for t in texts]
        found = self.index.get(self.name, keys)
        if len(found) < len(set(keys)) and self._inner is None:
            predicted = self.name
            self._loaded()
            if self.name != predicted:
                found = self.index.get(self.name, keys)
        missing = {k: t for k, t in zip(keys, texts) if k not in found}
        if missing:
            found.update(self._embed_missing(missing))
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([found[k] for k in keys])

    def _embed_missing(self, missing: dict[str, str]) -> dict[str, np.ndarray]:
        assert self._inner is not None
        vectors = self._inner.embed(list(missing.values()))
        self.embedded += len(missing)
        made = dict(zip(missing, vectors))
        self.index.put(self.name, made)
        log.debug("indexed %d new texts (%s)", len(made), self.name)
        return made

    def _loaded(self) -> SentenceEmbedder:
        """The real embedder; when it is not the one predicted (its extra failed to load),
        the index is read under its own name from now on."""
        self._inner = self._load()
        if self._inner.name != self.name:
            self.name = self._inner.name
        self.dim = self._inner.dim
        return self._inner


NO_LIBRARY_INDEX = "lint-index.sqlite"  # in the cache folder: where linting with no library keeps vectors


def cached_embedder(library: Library | None, embedder: SentenceEmbedder | None = None) -> SentenceEmbedder | None:
    """The embedder for linting against `library`: behind its index where the library is a
    file, else behind one in the cache folder (the stock-question bank and the questions
    are embedded once, not on every run), so nothing is embedded twice; `embedder` (None:
    the paraphrase embedder, loaded on first need) computes what the index lacks."""
    if library is not None and library.path.exists():
        path = index_path(library)
    else:
        from greenroom.config import cache_dir

        cache_dir().mkdir(parents=True, exist_ok=True)
        path = cache_dir() / NO_LIBRARY_INDEX
    index = VectorIndex(path)
    return CachedEmbedder.around(index, embedder) if embedder is not None else CachedEmbedder(index)
