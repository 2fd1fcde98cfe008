"""Fuzz bench: every importer against ten thousand hostile inputs or more.

For each format, a worker process reads N seeded mutations of the repository's
own test files (tests/fuzz_inputs.py: bytes flipped, slices cut and repeated,
files spliced, line endings changed, numbers blown up, nesting and tags run deep)
through decode, the format's reader, a dict round trip and a library insert. The
parent watches it: an input that takes more than --hang seconds is a hang (the
worker is killed and restarted after it). Each input ends as one of

- accepted: an Interview, stored;
- clean error: a typed `InputError` (one line naming the file, and the line);
- crash: any other exception (the first inputs of each kind are saved to --save);
- hang: over --hang seconds.

The slowest input that finished is shown too: a format near the hang limit is
superlinear somewhere, even with no hang yet.

The target is 0 crashes and 0 hangs, with peak memory (the worker's max RSS)
bounded. Same seed, same inputs.

    python bench/fuzz_bench.py [--inputs 10000] [--formats srt,vtt] [--seed 20] [--save DIR]
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import resource
import selectors
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

import fuzz_inputs

MEMORY_LIMIT = 4 * 1024 ** 3  # a worker past this fails with MemoryError: a crash, not a dead machine
SAVE_PER_KIND = 3


@dataclass
class Tally:
    """What one format's inputs came to."""

    fmt: str
    inputs: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    crashes: Counter[str] = field(default_factory=Counter)
    hangs: list[int] = field(default_factory=list)
    peak_kb: int = 0
    slowest: tuple[float, int] = (0.0, -1)  # (seconds, input) of the slowest input that finished
    seconds: float = 0.0


# -- the worker ------------------------------------------------------------------


def worker(fmt: str, first: int, count: int, seed: int, save: Path | None) -> None:
    """Run inputs first..count-1 of `fmt`, one line per input on stdout:
    `S i` as it starts, `D i outcome` when done; `M kb` (max RSS) at the end."""
    from greenroom.library import Library

    logging.disable(logging.WARNING)  # readers warn about what they skip; thousands of times here
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    seeds = fuzz_inputs.seeds()
    others = [data for found in seeds.values() for data in found]
    saved: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as folder, Library(Path(folder) / "fuzz.db") as library:
        for i in range(first, count):
            print(f"S {i}", flush=True)
            data = generate(fmt, i, seed, seeds, others)
            try:
                result = fuzz_inputs.outcome(fmt, data, library, path=f"fuzz-{fmt}-{i}")
            except Exception as err:  # noqa: BLE001 - a crash: exactly what this bench counts
                result = "crash:" + crash_kind(err)
                if save is not None and saved[result] < SAVE_PER_KIND:
                    saved[result] += 1
                    save.mkdir(parents=True, exist_ok=True)
                    (save / f"{fmt}-{i}.bin").write_bytes(data)
            print(f"D {i} {result}", flush=True)
    print(f"M {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", flush=True)


def generate(fmt: str, i: int, seed: int, seeds: dict[str, list[bytes]], others: list[bytes]) -> bytes:
    rng = random.Random(f"{seed}:{fmt}:{i}")
    return fuzz_inputs.mutate(rng, rng.choice(seeds[fmt]), others)


def crash_kind(err: BaseException) -> str:
    """`Type@file:line` of the innermost greenroom frame: one name per crash class."""
    frames = [f for f in traceback.extract_tb(err.__traceback__) if "/greenroom/" in f.filename]
    where = frames[-1] if frames else traceback.extract_tb(err.__traceback__)[-1]
    return f"{type(err).__name__}@{where.filename.split('/greenroom/')[-1]}:{where.lineno}".replace(" ", "_")


# -- the parent ------------------------------------------------------------------


def run_format(fmt: str, count: int, seed: int, hang: float, save: Path | None) -> Tally:
    """All `count` inputs of one format, restarting the worker after a hang."""
    tally = Tally(fmt, count)
    began = time.perf_counter()
    first = 0
    while first < count:
        first = _run_worker(fmt, first, count, seed, hang, save, tally)
    tally.seconds = time.perf_counter() - began
    return tally


def _run_worker(fmt: str, first: int, count: int, seed: int, hang: float, save: Path | None,
                tally: Tally) -> int:
    """Run one worker from `first`; return where the next one must start (count when done)."""
    command = [sys.executable, __file__, "--worker", fmt, "--first", str(first), "--inputs", str(count),
               "--seed", str(seed)] + (["--save", str(save)] if save else [])
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=REPO)
    assert proc.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(proc.stdout, selectors.EVENT_READ)
    current, since = first, time.monotonic()
    try:
        while True:
            if not selector.select(timeout=max(0.0, hang - (time.monotonic() - since))):
                tally.hangs.append(current)  # no word for `hang` seconds
                proc.kill()
                return current + 1
            line = proc.stdout.readline()
            if not line:
                break
            kind, *rest = line.split()
            if kind == "S":
                current, since = int(rest[0]), time.monotonic()
            elif kind == "D":
                took = time.monotonic() - since
                if took > tally.slowest[0]:
                    tally.slowest = (took, int(rest[0]))
                outcome = rest[1]
                tally.outcomes[outcome.split(":")[0]] += 1
                if outcome.startswith("crash:"):
                    tally.crashes[outcome[len("crash:"):]] += 1
            elif kind == "M":
                tally.peak_kb = max(tally.peak_kb, int(rest[0]))
    finally:
        proc.wait()
        selector.close()
    if proc.returncode != 0:  # died without a Python exception (a signal, out of memory)
        tally.outcomes["crash"] += 1
        tally.crashes[f"worker exit {proc.returncode}"] += 1
        return current + 1
    return count


def table(tallies: list[Tally], hang: float) -> Table:
    out = Table(title="greenroom importers under fuzzing", title_justify="left")
    for column in ("format", "inputs", "accepted", "clean errors", "crashes", f"hangs (> {hang:g} s)",
                   "peak memory", "slowest input", "time"):
        out.add_column(column, justify="left" if column == "format" else "right")
    for t in tallies:
        out.add_row(t.fmt, f"{t.inputs:,}", f"{t.outcomes['accepted']:,}", f"{t.outcomes['error']:,}",
                    f"{t.outcomes['crash']:,}", f"{len(t.hangs):,}", f"{t.peak_kb / 1024:.0f} MB",
                    f"{t.slowest[0]:.2f} s", f"{t.seconds:.0f} s")
    total = sum(t.inputs for t in tallies)
    out.add_row("all", f"{total:,}", f"{sum(t.outcomes['accepted'] for t in tallies):,}",
                f"{sum(t.outcomes['error'] for t in tallies):,}", f"{sum(t.outcomes['crash'] for t in tallies):,}",
                f"{sum(len(t.hangs) for t in tallies):,}", f"{max(t.peak_kb for t in tallies) / 1024:.0f} MB",
                f"{max(t.slowest[0] for t in tallies):.2f} s", f"{sum(t.seconds for t in tallies):.0f} s")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=10_000, help="Inputs per format.")
    parser.add_argument("--formats", default=",".join(fuzz_inputs.FORMATS), help="Comma-separated formats.")
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--hang", type=float, default=10.0, help="Seconds after which an input is a hang.")
    parser.add_argument("--save", type=Path, help="Folder for the first inputs of each crash kind.")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--first", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.first, args.inputs, args.seed, args.save)
        return
    console = Console(width=140)
    tallies = []
    for fmt in [f.strip() for f in args.formats.split(",") if f.strip()]:
        tallies.append(run_format(fmt, args.inputs, args.seed, args.hang, args.save))
        t = tallies[-1]
        console.print(f"{fmt}: {t.inputs:,} inputs in {t.seconds:.0f} s, {t.outcomes['crash']} crashes, "
                      f"{len(t.hangs)} hangs", style="dim")
    console.print(table(tallies, args.hang))
    for t in tallies:
        for kind, n in t.crashes.most_common():
            console.print(f"crash {t.fmt}: {kind} x{n}")
        if t.hangs:
            console.print(f"hangs {t.fmt}: inputs {', '.join(map(str, t.hangs[:10]))}")
        console.print(f"slowest {t.fmt}: input {t.slowest[1]} ({t.slowest[0]:.2f} s)", style="dim")
    if any(t.outcomes["crash"] or t.hangs for t in tallies):
        raise SystemExit(1)


if __name__ == "__main__":
    os.environ.setdefault("GREENROOM_CACHE", tempfile.gettempdir())
    main()
