"""What search by parts adds to indexing: `semantic.index` on a fresh library embeds
the lines, then the parts of each distinct text (`library.parts`); this times the two
apart, wall and CPU, on the project's sample interview and on N corpus lines (the first
lines of the corpus's tim-ferriss pool transcripts, whole interviews), with the part
vectors' storage beside the line vectors'.

    .venv/bin/python bench/parts_index_bench.py [--lines 1000]
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from greenroom.model import Interview

sys.path.insert(0, str(Path(__file__).resolve().parent))


def corpus_lines(count: int) -> list[Interview]:
    """Whole corpus interviews (tim pool) cut to `count` utterances in all."""
    from search_bench import POOL_SETS, sources

    chosen: list[Interview] = []
    held = 0
    for interview in sources(POOL_SETS["tim"][:1]):
        interview.utterances = interview.utterances[:count - held]
        for u in interview.utterances:
            u.words = []
        chosen.append(interview)
        held += len(interview.utterances)
        if held >= count:
            break
    return chosen


def timed_index(interviews: list[Interview]) -> dict[str, float]:
    """Seconds (wall, CPU) `semantic.index` spent on lines and on parts, and what it stored."""
    from greenroom.backends.embed import default_embedder
    from greenroom.library import Library, semantic

    embedder = default_embedder()
    embedder.embed(["warm up"])
    with tempfile.TemporaryDirectory() as folder, Library(Path(folder) / "library.db") as library:
        for interview in interviews:
            library.add(interview)
        lines = library._read("SELECT count(*) FROM utterances")[0][0]
        marks: list[tuple[int, float, float]] = []
        began, began_cpu = time.perf_counter(), time.process_time()
        semantic.index(library, embedder, lambda done, total: marks.append((done, time.perf_counter(),
                                                                            time.process_time())))
        end, end_cpu = time.perf_counter(), time.process_time()
        at_lines = next(m for m in marks if m[0] >= lines)
        texts, cut, part_bytes = library._read("SELECT count(*), count(nullif(length(vectors), 0)), "
                                               "sum(length(vectors)) FROM part_vectors")[0]
        line_bytes = library._read("SELECT sum(length(vector)) FROM utterance_vectors")[0][0]
    return {"lines": lines, "texts": texts, "cut": cut, "parts": part_bytes // (2 * embedder.dim),
            "lines_s": at_lines[1] - began, "lines_cpu": at_lines[2] - began_cpu,
            "parts_s": end - at_lines[1], "parts_cpu": end_cpu - at_lines[2],
            "line_mb": line_bytes / 1e6, "part_mb": part_bytes / 1e6}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=1000)
    args = parser.parse_args()
    logging.getLogger("greenroom").setLevel(logging.ERROR)
    from greenroom.formats import load
    from greenroom.library import parts
    from greenroom.sample import transcript_path

    runs = {"sample": [load(transcript_path())], f"{args.lines} corpus lines": corpus_lines(args.lines)}
    results = {name: timed_index(interviews) for name, interviews in runs.items()}
    load1, load5, _ = os.getloadavg()
    print(f"parts: sentences{' + adjacent pairs' if parts.PAIRS else ''}, at most {parts.MAX_SENTENCES} sentences a "
          f"text; load average {load1:.1f} / {load5:.1f} on {os.cpu_count()} cores")
    print(f"{'indexed':18} {'lines':>6} {'texts cut':>10} {'parts':>6} {'lines s':>8} {'(CPU)':>6} {'parts s':>8} "
          f"{'(CPU)':>6} {'extra':>6} {'line MB':>8} {'part MB':>8}")
    for name, r in results.items():
        print(f"{name:18} {r['lines']:6.0f} {r['cut']:10.0f} {r['parts']:6.0f} {r['lines_s']:8.1f} "
              f"{r['lines_cpu']:6.1f} {r['parts_s']:8.1f} {r['parts_cpu']:6.1f} "
              f"{r['parts_s'] / max(r['lines_s'], 1e-9):5.0%} {r['line_mb']:8.2f} {r['part_mb']:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
