"""Fast exchanges for `capture_bench.py --fast`: who said each turn, greenroom vs the peer.

Imported by capture_bench (run that); kept apart so the file-based bench stays readable.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table
from scipy.cluster.hierarchy import fcluster, linkage

from greenroom.capture.transcribe import CaptureOptions, Engines, transcribe
from greenroom.formats import load
from greenroom.media.audio import decode
from greenroom.sample.exchanges import Word, heard_words, make_exchange, turns_right

SPLITS = {"dev": range(12), "dev36": range(36), "test": range(100, 112)}  # tune on dev36 at most
PEER_DISTANCE = 0.35  # average-linkage cosine distance: greenroom's own threshold before spectral clustering
TARGET_TURNS = 0.95
TARGET_COUNT = 0.90


@dataclass
class Scored:
    split: str
    seed: int
    voices: int
    ours: tuple[float, int]  # turns right, speakers found
    peer: tuple[float, int]
    seconds: float


def peer_words(path: Path, model: object, embedder: object) -> list[Word]:
    """Bare faster-whisper segments, one resemblyzer vector each, agglomerative clustering."""
    segments, _ = model.transcribe(str(path), beam_size=5, word_timestamps=True,  # type: ignore[attr-defined]
                                   vad_filter=True)
    segments = [s for s in segments if s.words]
    audio = decode(path)
    clips = [audio[int(s.start * 16000):int(s.end * 16000)] for s in segments]
    vectors = embedder.embed(clips)  # type: ignore[attr-defined]
    labels = (fcluster(linkage(vectors, method="average", metric="cosine"), t=PEER_DISTANCE, criterion="distance")
              if len(segments) > 1 else np.ones(len(segments), dtype=int))
    return [(round(w.start * 1000), round(w.end * 1000), f"P{label}")
            for s, label in zip(segments, labels) for w in s.words]


def cached_peer_words(path: Path, model: object, embedder: object, cache: Path | None) -> list[Word]:
    """`peer_words`, kept in `cache` by the audio's hash when a cache folder is given."""
    if cache is None:
        return peer_words(path, model, embedder)
    from greenroom.media.audio import sha256_file

    kept = cache / f"peer-{sha256_file(path)[:24]}.json"
    if not kept.is_file():
        kept.write_text(json.dumps(peer_words(path, model, embedder)))
    return [tuple(w) for w in json.loads(kept.read_text())]  # type: ignore[misc]


def score_one(split: str, seed: int, folder: Path, engines: Engines, model: object, embedder: object,
              cache: Path | None = None) -> Scored:
    files = make_exchange(seed, folder)
    reference = load(files.reference)
    start = time.perf_counter()
    interview = transcribe(files.audio, CaptureOptions(cache=False), engines=engines)
    seconds = time.perf_counter() - start
    return Scored(split, seed, len(reference.speakers), turns_right(reference, heard_words(interview)),
                  turns_right(reference, cached_peer_words(files.audio, model, embedder, cache)), seconds)


def report(scored: list[Scored], console: Console) -> None:
    table = Table(title="fast exchanges: turns attributed right, speakers found (greenroom vs peer)")
    for column in ("split", "seed", "voices", "greenroom turns", "greenroom spk", "peer turns", "peer spk",
                   "greenroom s"):
        table.add_column(column, justify="right")
    for s in scored:
        table.add_row(s.split, str(s.seed), str(s.voices), f"{s.ours[0]:.2f}", str(s.ours[1]),
                      f"{s.peer[0]:.2f}", str(s.peer[1]), f"{s.seconds:.1f}")
    console.print(table)
    for split in dict.fromkeys(s.split for s in scored):
        rows = [s for s in scored if s.split == split]
        for who, pick in (("greenroom", lambda s: s.ours), ("peer", lambda s: s.peer)):
            turns = float(np.mean([pick(s)[0] for s in rows]))
            exact = sum(1 for s in rows if pick(s)[1] == s.voices) / len(rows)
            mark = "pass" if turns >= TARGET_TURNS and exact >= TARGET_COUNT else "MISS"
            console.print(f"{split} {who}: turns right {turns:.3f} (target {TARGET_TURNS}), speaker count exact "
                          f"{exact:.0%} (target {TARGET_COUNT:.0%}) {mark if who == 'greenroom' else ''}")


def fast_mode(splits: list[str], load_models: Callable[[], tuple[Engines, object]], console: Console,
              cache: Path | None = None) -> int:
    unknown = set(splits) - set(SPLITS)
    if unknown:
        console.print(f"unknown split {', '.join(sorted(unknown))} (choose dev, test)")
        return 2
    from greenroom.backends.diarize import default_embedder

    engines, model = load_models()
    embedder = default_embedder()
    scored = []
    with tempfile.TemporaryDirectory(prefix="greenroom-fast-") as tmp:
        for split in splits:
            for seed in SPLITS[split]:
                scored.append(score_one(split, seed, Path(tmp), engines, model, embedder, cache))
                console.print(f"[dim]{split} seed {seed}: {scored[-1].ours[0]:.2f} / {scored[-1].peer[0]:.2f}[/]")
    report(scored, console)
    return 0
