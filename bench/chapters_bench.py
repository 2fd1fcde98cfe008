"""Chapters on conversations nobody tuned on: the Lex chaptered pool, dev and test side by side.

The pool (shared/corpus/lex-chaptered-pool, 34 conversations with the chapter lists people
published) is split once, before any tuning, in bench/labels/chapters-split.json: tune and
read on dev, only score test. Per file, as bench/analyze_bench.py's chapters section: Pk and
WindowDiff at turn level (nltk, k = half the mean reference chapter length in turns) for
greenroom, NLTK TextTiling (defaults, each turn a paragraph) and no boundary at all. Per
split: the median Pk of each, the share of files where greenroom's Pk is at most 0.8 x the
better baseline, and the titles: the share of 2-5 words, and any with a blocked word.

    python bench/chapters_bench.py [--split dev|test|both] [--files a,b] [--json out.json]

Sentence embeddings and TextTiling's output are cached under /tmp (keyed by the text), so a
rerun after a change to the method only pays for what changed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
from analyze_bench import boundary_string, score, texttiling_starts

from greenroom import formats
from greenroom.model import Chapter, Interview

REPO = Path(__file__).resolve().parents[1]
POOL = REPO.parent / "shared" / "corpus" / "lex-chaptered-pool"
SPLIT = REPO / "bench" / "labels" / "chapters-split.json"
CACHE = Path("/tmp/greenroom-chapters-bench")
PK_MAX = 0.30
PK_GAIN = 0.20  # greenroom's Pk at most 0.8 x the better baseline ...
WIN_SHARE = 0.75  # ... on at least this share of the files
TITLE_WORDS = (2, 5)


class CachedEmbedder:
    """The default embedder with a pickle of every text it embedded, by hash (bench only)."""

    def __init__(self, path: Path):
        from greenroom.backends.embed import default_embedder

        self.inner = default_embedder()
        self.name, self.dim = self.inner.name, self.inner.dim
        self.path = path
        self.rows: dict[str, Any] = pickle.loads(path.read_bytes()) if path.is_file() else {}
        self.added = 0

    def embed(self, texts: list[str]) -> Any:
        import numpy as np

        keys = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
        missing = sorted({k: t for k, t in zip(keys, texts) if k not in self.rows}.items())
        if missing:
            for (key, _), row in zip(missing, self.inner.embed([t for _, t in missing])):
                self.rows[key] = row
            self.added += len(missing)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self.rows[k] for k in keys])

    def save(self) -> None:
        if self.added:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_bytes(pickle.dumps(self.rows))
            tmp.replace(self.path)
            self.added = 0


@dataclass
class Result:
    name: str
    split: str
    turns: int
    k: int
    reference: int
    found: int
    pk: dict[str, float] = field(default_factory=dict)
    wd: dict[str, float] = field(default_factory=dict)
    titles: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def wins(self) -> bool:
        return self.pk["greenroom"] <= (1 - PK_GAIN) * min(self.pk["TextTiling"], self.pk["no boundary"])


KEEP_HEADINGS = False  # --keep-headings: score the text as the pool has it, headings and all


def load_pool_case(name: str) -> tuple[Interview, list[int]]:
    """The interview and its reference chapter starts as utterance indices.

    The import drops turns with no words ("[inaudible 01:18:42]") and moves a stamp that
    runs backwards forward, both kept in the pool on purpose, so turns are matched to
    utterances by their opening words, not by position or time. The published chapter
    titles, which the pool's scraper left at the end of the turn before most chapters,
    are taken out (`strip_headings`): they are the answer, not speech."""
    interview = formats.load(POOL / f"{name}.labelled.txt")
    reference = json.loads((POOL / f"{name}.reference.json").read_text(encoding="utf-8"))
    index = align_turns([t["text"] for t in reference["turns"]], [u.text for u in interview.utterances])
    if not KEEP_HEADINGS:
        strip_headings(interview, [c["title"] for c in reference["chapters"]])
    return interview, sorted({index[c["first_turn"]] for c in reference["chapters"]})


def strip_headings(interview: Interview, titles: list[str]) -> int:
    """Take each chapter title off the end of any utterance it ends ("... your first fight?
    Mike Tyson and early days of fighting"): 400 of the pool's 617 chapter starts have their
    published title glued to a turn one or two before them, which would tell a method where
    chapters start and what they are called. Returns how many were taken off."""
    taken = 0
    for u in interview.utterances:
        text = u.text.rstrip()
        for title in sorted(filter(None, titles), key=len, reverse=True):
            if text.endswith(title) and len(text) > len(title):
                u.text = text[:-len(title)].rstrip()
                taken += 1
                break
    return taken


def _opening(text: str) -> str:
    return re.sub(r"\W+", "", re.sub(r"\[[^\]]*\]|\([^)]*\)", "", text)).lower()[:40]


def align_turns(turns: list[str], utterances: list[str]) -> list[int]:
    """For each reference turn, the index of its utterance (a dropped turn: the next one)."""
    index, j = [], 0
    for turn in turns:
        opening = _opening(turn)
        if j < len(utterances) and _opening(utterances[j]) == opening:
            index.append(j)
            j += 1
        elif opening:
            raise SystemExit(f"turn {len(index)} ({turn[:40]!r}) matches no utterance")
        else:
            index.append(min(j, len(utterances) - 1))
    if j != len(utterances):
        raise SystemExit(f"{len(utterances) - j} utterances match no reference turn")
    return index


def cached_texttiling(name: str, interview: Interview) -> list[int]:
    """TextTiling's starts, cached by the text. A pool file is tiled as the pool has it
    (headings in): the baseline is the same one every earlier figure used, and NLTK's
    TextTiling takes minutes a file on a busy machine."""
    if (POOL / f"{name}.labelled.txt").is_file():
        interview = formats.load(POOL / f"{name}.labelled.txt")
    text = "\n".join(u.text for u in interview.utterances)
    path = CACHE / f"texttiling-{name}-{hashlib.sha1(text.encode()).hexdigest()[:12]}.json"
    if path.is_file():
        return list(json.loads(path.read_text()))
    starts = texttiling_starts(interview)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(starts))
    return starts


def greenroom_chapters(interview: Interview, embedder: CachedEmbedder) -> list[Chapter]:
    from greenroom.analyze import Context, analyze

    interview.chapters = []
    analyze(interview, only=["chapters"], context=Context(cache={"sentence-embedder": embedder}))
    return interview.chapters


def chapter_turns(interview: Interview, chapters: list[Chapter]) -> list[int]:
    """Chapter starts as utterance indices (the first utterance starting at or after each;
    a stamp that runs backwards, kept in the pool on purpose, maps to the first at that time)."""
    index = {u.start: i for i, u in reversed(list(enumerate(interview.utterances)))}
    return [index[c.start] for c in chapters]


def run_case(name: str, split: str, embedder: CachedEmbedder) -> Result:
    interview, reference = load_pool_case(name)
    turns = len(interview.utterances)
    k = max(2, round(turns / len(reference) / 2))
    ref = boundary_string(reference, turns)
    began = time.perf_counter()
    chapters = greenroom_chapters(interview, embedder)
    seconds = time.perf_counter() - began
    starts = {"greenroom": chapter_turns(interview, chapters), "TextTiling": cached_texttiling(name, interview),
              "no boundary": [0]}
    result = Result(name, split, turns, k, len(reference), len(chapters), titles=[c.title for c in chapters],
                    seconds=seconds)
    for method, found in starts.items():
        result.pk[method], result.wd[method] = score(ref, boundary_string(found, turns), k)
    return result


def title_problems(titles: list[str]) -> tuple[int, int]:
    """(titles outside 2-5 words, titles with a blocked word); "Introduction" counts as fine."""
    from greenroom.text.blocklist import is_blocked

    lo, hi = TITLE_WORDS
    odd = sum(not lo <= len(t.split()) <= hi for t in titles if t != "Introduction")
    return odd, sum(is_blocked(t) for t in titles)


def per_file_table(results: list[Result]) -> Table:
    table = Table(title="chapters on the Lex pool: Pk / WindowDiff at turn level (lower is better)")
    for column in ("split", "file", "turns", "k", "ref", "ours", "Pk ours", "Pk TT", "Pk none",
                   "WD ours", "WD TT", "WD none", "<=0.8x", "s"):
        table.add_column(column, justify="left" if column in ("split", "file") else "right")
    for r in results:
        table.add_row(r.split, r.name, str(r.turns), str(r.k), str(r.reference), str(r.found),
                      *(f"{r.pk[m]:.3f}" for m in ("greenroom", "TextTiling", "no boundary")),
                      *(f"{r.wd[m]:.3f}" for m in ("greenroom", "TextTiling", "no boundary")),
                      "yes" if r.wins else "[red]no", f"{r.seconds:.1f}")
    return table


def summary(results: list[Result], splits: list[str]) -> tuple[Table, dict[str, dict[str, float]]]:
    table = Table(title="chapters on the Lex pool, per split")
    table.add_column("measure")
    for split in splits:
        table.add_column(split, justify="right")
    numbers: dict[str, dict[str, float]] = {}
    for split in splits:
        rs = [r for r in results if r.split == split]
        titles = [t for r in rs for t in r.titles]
        odd, blocked = title_problems(titles)
        numbers[split] = {
            "files": len(rs),
            "median Pk greenroom": statistics.median(r.pk["greenroom"] for r in rs),
            "median Pk TextTiling": statistics.median(r.pk["TextTiling"] for r in rs),
            "median Pk no boundary": statistics.median(r.pk["no boundary"] for r in rs),
            "median WD greenroom": statistics.median(r.wd["greenroom"] for r in rs),
            "share Pk <= 0.8 x better baseline": sum(r.wins for r in rs) / len(rs),
            "chapters found / reference": sum(r.found for r in rs) / sum(r.reference for r in rs),
            "titles outside 2-5 words": odd / max(1, len(titles)),
            "titles with a blocked word": blocked,
        }
    for measure in numbers[splits[0]]:
        cells = [numbers[s][measure] for s in splits]
        table.add_row(measure, *(f"{c:.0f}" if float(c).is_integer() and c > 1 else f"{c:.3f}" for c in cells))
    return table, numbers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("dev", "test", "both"), default="both")
    parser.add_argument("--files", default="", help="comma-separated slugs (within the chosen split)")
    parser.add_argument("--json", type=Path, help="write per-file results here")
    parser.add_argument("--titles", action="store_true", help="print every generated title")
    parser.add_argument("--keep-headings", action="store_true",
                        help="leave the published chapter titles the pool's scraper glued to turns in the text")
    args = parser.parse_args(argv)
    global KEEP_HEADINGS
    KEEP_HEADINGS = args.keep_headings
    if not POOL.is_dir():
        print(f"no corpus at {POOL}", file=sys.stderr)
        return 2
    split = json.loads(SPLIT.read_text(encoding="utf-8"))
    splits = ["dev", "test"] if args.split == "both" else [args.split]
    wanted = set(filter(None, args.files.split(",")))
    embedder = CachedEmbedder(CACHE / "embeddings.pkl")
    console = Console(width=max(140, Console().width))
    results = []
    try:
        for name_split in splits:
            for name in split[name_split]:
                if not wanted or name in wanted:
                    results.append(run_case(name, name_split, embedder))
    finally:
        embedder.save()
    console.print(per_file_table(results))
    if args.titles:
        for r in results:
            console.print(f"[bold]{r.name}[/]: " + " | ".join(r.titles))
    table, numbers = summary(results, [s for s in splits if any(r.split == s for r in results)])
    console.print(table)
    if args.json:
        args.json.write_text(json.dumps({"summary": numbers, "files": [r.__dict__ for r in results]}, indent=1))
    test = numbers.get("test")
    if test is None:
        return 0
    ok = test["median Pk greenroom"] <= PK_MAX and test["share Pk <= 0.8 x better baseline"] >= WIN_SHARE
    ok = ok and test["titles with a blocked word"] == 0
    console.print(f"targets on test: median Pk <= {PK_MAX}, <= 0.8 x better baseline on >= {WIN_SHARE:.0%} "
                  f"of files, no blocked title: {'pass' if ok else 'MISS'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
