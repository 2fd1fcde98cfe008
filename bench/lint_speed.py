"""How long `greenroom lint-questions` takes on 10 questions against a 20-interview library.

The library is built with greenroom's own import from the first 20 transcripts of
../shared/corpus/tim-ferriss-pool (kept in --workdir between runs; the bench exits 0 with
a note when the corpus is absent). Every timing is a fresh `greenroom` process, as a user
runs it, and the median of --repeat runs:

- no library: the same questions with no library file (the rules, and the stock-question
  bank for generic, whose vectors are kept in the cache folder's lint index after the first run);
- no guest: the library but no guest named (already-answered is skipped, with a note);
- --guest / --dossier, cold: the first check against the guest, its index deleted first,
  so the guest's past questions are embedded (Todd McFarlane: two interviews);
- --guest / --dossier, warm: the same run again: everything comes from the index;
- new questions, warm index: 10 questions never linted before (each embedded once).

The target is <= 15 s warm and <= 60 s cold. The machine's load average is printed with
the table: on the 2-core machine shared by other jobs, the embedder's speed varies several-fold.

Measured on the project's 2-core machine at load average ~19 (wall / CPU seconds, commit
28fe7f6 run from a snapshot: other helpers' edits to the question rules during a run change
the asked texts and so the index keys): floor 5.4 / 0.6; no guest 4.3 / 0.7; --guest cold
90.9 / 24.7, warm 2.6 / 0.7; --dossier cold 127.2 / 25.3, warm 2.1 / 0.7; 10 new questions on a
warm index 70.0 / 14.4 (loading torch, transformers and MPNet is about 10 of those CPU
seconds). Warm meets 15 s; cold and new questions miss their wall targets on these shared
cores, with CPU time below each target. Before (no index, every interview's questions, 2,119
comparable texts of 877 past questions embedded on every run), the same 10 questions without
a dossier were stopped after 1,500 s wall (nice 10) and 117 CPU s, unfinished.

    python bench/lint_speed.py [--workdir /tmp/lint-cache/speed] [--repeat 1]
"""

from __future__ import annotations

import argparse
import logging
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parents[1]
POOL = REPO.parent / "shared" / "corpus" / "tim-ferriss-pool"
GUEST = "Todd McFarlane"  # two interviews in the first 20 of the pool
WARM, COLD = 15.0, 60.0

QUESTIONS = [  # our own, for a comic-book artist; two re-ask what the host asked him before
    "What did you learn from Stan Lee that you still use today?",
    "How do you protect time for drawing when the business side keeps growing?",
    "Tell me about the first page of Spawn you drew after leaving Marvel.",
    "Did you enjoy working on Spider-Man?",
    "How did it feel?",
    "Which deadline came closest to beating you, and what did you do about it?",
    "What does a good day at the drawing table look like for you now?",
    "Why do you still letter some pages by hand?",
    "What would you tell a young artist sending out portfolio samples?",
    "How did you decide what a toy of a character should get right?",
]
NEW_QUESTIONS = [  # never linted before: embedded on the warm run
    "What did the early Image Comics meetings sound like?",
    "Which cover took you the longest to get right?",
    "How do you keep a character fresh after thirty years?",
    "What part of the deal with the toy makers surprised you most?",
    "Where do you do your best sketching?",
    "Tell me about the first convention where fans recognised you.",
    "How do you choose which artists to bring onto a book?",
    "What did your kids teach you about storytelling?",
    "Which of your own pages would you redraw today?",
    "How has your inking changed since the nineties?",
]
DOSSIER = f"""\
guest:
  name: {GUEST}
  role: comic book artist
project:
  title: Spawn
  kind: series
facts:
  - Created Spawn and co-founded Image Comics
avoid:
  - his kids
"""


def build_library(workdir: Path) -> Path:
    """The 20-interview library, imported once (greenroom's own import)."""
    from greenroom.capture.imports import import_file
    from greenroom.library import Library

    logging.getLogger("greenroom").setLevel(logging.ERROR)  # the importer's notes on front matter
    library_path = workdir / "library.db"
    if library_path.exists():
        return library_path
    library = Library(library_path)
    for transcript in sorted(POOL.glob("*.txt"))[:20]:
        import_file(library, transcript)
    return library_path


def run(library: Path, questions: Path, *extra: str) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one fresh `greenroom lint-questions`
    process: on a shared machine the wall clock measures the neighbours too, CPU time
    what the run itself costs (on idle cores, wall time comes near CPU time / cores used)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "greenroom", "--library", str(library), "lint-questions",
                           str(questions), "--json", *extra], capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"lint-questions failed ({done.returncode}): {done.stderr.strip()[-400:]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


Timing = tuple[float, float]


def timed(repeat: int, before: None | object, *args: object) -> Timing:
    """Median wall and CPU seconds of `repeat` runs; `before` (a callable) runs ahead of each."""
    runs = []
    for _ in range(repeat):
        if callable(before):
            before()
        runs.append(run(*args))  # type: ignore[arg-type]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/lint-cache/speed"))
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    console = Console(highlight=False)
    if not POOL.is_dir():
        console.print(f"skipped: {POOL} is absent")
        return 0
    args.workdir.mkdir(parents=True, exist_ok=True)
    load = _load()
    library = build_library(args.workdir)
    index = library.parent / f"{library.stem}-lint-index.sqlite"
    questions, fresh, dossier = (args.workdir / "questions.txt", args.workdir / "new-questions.txt",
                                 args.workdir / "dossier.yaml")
    questions.write_text("\n".join(QUESTIONS) + "\n", encoding="utf-8")
    fresh.write_text("\n".join(NEW_QUESTIONS) + "\n", encoding="utf-8")
    dossier.write_text(DOSSIER, encoding="utf-8")

    def forget() -> None:
        for path in index.parent.glob(f"{index.name}*"):  # the index and its WAL files
            path.unlink()

    rows: list[tuple[str, Timing, float | None]] = [
        ("no library (rules + stock-question bank)", timed(args.repeat, None, args.workdir / "none.db", questions), None),
        ("library, no guest named (skips already-answered)", timed(args.repeat, None, library, questions), None)]
    # --guest last: the new-question run below needs its index (a dossier masks names, so its texts differ)
    for how, extra in (("--dossier", ("--dossier", str(dossier))), ("--guest", ("--guest", GUEST))):
        rows.append((f"{how}, cold (index deleted first)", timed(args.repeat, forget, library, questions, *extra),
                     COLD))
        rows.append((f"{how}, warm (same questions again)", timed(args.repeat, None, library, questions, *extra),
                     WARM))
    fresh_runs = []
    for _ in range(args.repeat):
        fresh_runs.append(run(library, fresh, "--guest", GUEST))
        forget_new(index)
    rows.append(("--guest, warm index, 10 new questions",
                 (statistics.median(r[0] for r in fresh_runs), statistics.median(r[1] for r in fresh_runs)), WARM))
    show(console, rows, args.repeat, load)
    return 0 if all(target is None or timing[0] <= target for _, timing, target in rows) else 1


def forget_new(index: Path) -> None:
    """Drop the new questions' vectors again so a repeat embeds them anew (the past stay)."""
    import sqlite3

    from greenroom.prep.index import text_key
    from greenroom.prep.lint import comparable

    keys = [text_key(t) for q in NEW_QUESTIONS for t in {q, *comparable(q)}]
    with sqlite3.connect(index) as conn:
        conn.executemany("DELETE FROM vectors WHERE sha = ?", [(k,) for k in keys])


def show(console: Console, rows: list[tuple[str, Timing, float | None]], repeat: int, load: str) -> None:
    table = Table(title=f"lint-questions, 10 questions, 20-interview library (median of {repeat}; "
                        f"load average {load} -> {_load()} on {os.cpu_count()} cores)", title_justify="left")
    for column in ("run", "wall s", "CPU s", "target (wall)", "ok"):
        table.add_column(column, justify="left" if column == "run" else "right")
    for name, (wall, cpu), target in rows:
        ok = "" if target is None else ("yes" if wall <= target else "NO")
        table.add_row(name, f"{wall:.1f}", f"{cpu:.1f}", "" if target is None else f"<= {target:.0f}", ok)
    console.print(table)


def _load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


if __name__ == "__main__":
    sys.exit(main())
