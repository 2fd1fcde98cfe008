"""Import throughput: greenroom's full import vs `pysubs2.load`, side by side.

For each SRT/VTT file (the corpus ones when ../shared/corpus is there, plus
generated long files), both run in this one process, best of N rounds each,
interleaved so machine noise hits both alike. greenroom's side is the whole
import a user gets (decode, sniff, parse, marks, merge, model); pysubs2's is its
parse. The target is a ratio: greenroom no slower than 2x pysubs2.

    python bench/import_bench.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import pysubs2
from rich.console import Console
from rich.table import Table

from greenroom import formats, timecode

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
WORDS = ("the scene we shot at night was cold and the director kept saying again with feeling "
         "I think the character listens more than he speaks and that is where the story lives").split()


def generated(folder: Path, cues: int = 5000) -> list[Path]:
    """A long SRT with speaker prefixes and marks, and the same as WebVTT with voice tags."""
    rng = random.Random(7)
    srt, vtt = [], ["WEBVTT", ""]
    clock = 0
    for i in range(cues):
        start, end = clock, clock + rng.randint(1200, 4000)
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 14)))
        who = "DANA" if i % 7 == 0 else "TOM"
        mark = " [laughter]" if i % 50 == 0 else ""
        srt += [str(i + 1), f"{timecode.srt(start)} --> {timecode.srt(end)}", f"{who}: {text}{mark}", ""]
        vtt += [f"{timecode.vtt(start)} --> {timecode.vtt(end)}", f"<v {who}>{text}{mark}", ""]
        clock = end + rng.randint(0, 500)
    paths = [folder / "generated-5000.srt", folder / "generated-5000.vtt"]
    paths[0].write_text("\n".join(srt))
    paths[1].write_text("\n".join(vtt))
    return paths


def corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.suffix in (".srt", ".vtt"))


def best_of(fn, rounds: int) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def measure(path: Path, rounds: int) -> tuple[int, int, float, float]:
    cues = len(pysubs2.load(str(path)))
    utterances = len(formats.load(path).utterances)
    ours = peer = float("inf")
    for _ in range(rounds):  # interleave so drift in machine speed hits both sides
        peer = min(peer, best_of(lambda: pysubs2.load(str(path)), 1))
        ours = min(ours, best_of(lambda: formats.load(path), 1))
    return cues, utterances, ours, peer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = corpus_files() + generated(Path(tmp))
        table = Table(title="import throughput: greenroom vs pysubs2.load (same process, best of "
                      f"{args.rounds})", title_justify="left")
        for column in ("file", "pysubs2 cues", "greenroom utterances", "greenroom ms", "pysubs2 ms",
                       "greenroom utt/s", "ratio (time)"):
            table.add_column(column, justify="left" if column == "file" else "right")
        total_ours = total_peer = 0.0
        for path in files:
            cues, utterances, ours, peer = measure(path, args.rounds)
            total_ours, total_peer = total_ours + ours, total_peer + peer
            table.add_row(path.name, str(cues), str(utterances), f"{ours * 1000:.2f}", f"{peer * 1000:.2f}",
                          f"{utterances / ours:,.0f}", f"{ours / peer:.2f}x")
        table.add_row("ALL", "", "", f"{total_ours * 1000:.1f}", f"{total_peer * 1000:.1f}", "",
                      f"{total_ours / total_peer:.2f}x", style="bold")
    Console(width=140).print(table)
    print("pysubs2 reads bare-second VTT timings (podnews_*) as no or fewer cues; greenroom reads them all.")
    verdict = "meets" if total_ours / total_peer <= 2.0 else "MISSES"
    print(f"target: greenroom time <= 2.00x pysubs2 -> {verdict} ({total_ours / total_peer:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
