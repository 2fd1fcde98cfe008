"""Analysis quality and speed on real interviews, one section per analyzer.

chapters: on the human-chaptered Lex Fridman transcripts (shared/corpus/
chaptered-transcripts), Pk and WindowDiff at turn level (nltk.metrics.
segmentation, k = half the mean reference chapter length in turns) for
greenroom, for NLTK's TextTilingTokenizer on the same turns (untuned: its
defaults, each turn a paragraph) and for the trivial no-boundary segmentation.
Pk rewards under-segmenting, hence the no-boundary row. All reference chapters
are kept, the one- and two-turn intro and outro ones included.

speed: every registered analyzer on the first 60 minutes of one transcript
(about 9,000 words), cold (engines load inside the timing), against 10 s.

    python bench/analyze_bench.py [--only chapters,speed]

A new section is a function `(console) -> list[Check]` added to SECTIONS.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from greenroom import formats
from greenroom.model import Interview

REPO = Path(__file__).resolve().parents[1]
CHAPTERED = REPO.parent / "shared" / "corpus" / "chaptered-transcripts"
CASES = ("lex-447-cursor-team", "lex-475-demis-hassabis-2")
SPEED_CASE = "lex-447-cursor-team"
SPEED_MS = 60 * 60_000
SPEED_TARGET_S = 10.0
PK_MAX = 0.30
PK_GAIN = 0.20  # at least 20 % below the better baseline
COUNT_FACTOR = 1.5


@dataclass
class Check:
    name: str
    value: str
    target: str
    ok: bool


# -- chapters ---------------------------------------------------------------

def load_case(name: str) -> tuple[Interview, list[int]]:
    """The interview and the reference chapter starts (turn = utterance index)."""
    interview = formats.load(CHAPTERED / f"{name}.labelled.txt")
    reference = json.loads((CHAPTERED / f"{name}.reference.json").read_text())
    turns = reference["turns"]
    if len(turns) != len(interview.utterances):
        raise SystemExit(f"{name}: {len(turns)} reference turns but {len(interview.utterances)} utterances")
    for turn, utterance in zip(turns, interview.utterances):  # text differs: marks are lifted out
        if turn["start_ms"] != utterance.start or turn["speaker"] != interview.speaker_name(utterance.speaker):
            raise SystemExit(f"{name}: turn {utterance.id} has another time or speaker")
    return interview, sorted(c["first_turn"] for c in reference["chapters"])


def boundary_string(starts: list[int], turns: int) -> str:
    """'1' at each turn that opens a chapter (the first turn excluded), else '0'."""
    marks = ["0"] * turns
    for start in starts:
        if 0 < start < turns:
            marks[start] = "1"
    return "".join(marks)


def texttiling_starts(interview: Interview) -> list[int]:
    """NLTK TextTiling with its defaults, each turn a paragraph; segment -> first turn."""
    from nltk.tokenize.texttiling import TextTilingTokenizer

    from greenroom.analyze.turns import STOPWORDS  # nltk's list needs a corpus download

    texts = [" ".join(u.text.split()) for u in interview.utterances]
    tiler = TextTilingTokenizer(stopwords=sorted(STOPWORDS))
    segments = tiler.tokenize("\n\n".join(texts))
    starts, turn = [], 0
    for piece in segments:
        starts.append(turn)
        turn += len([p for p in piece.split("\n\n") if p.strip()])
    return starts


def greenroom_starts(interview: Interview) -> list[int]:
    """Chapter starts of greenroom's chapters analyzer, as utterance indices."""
    from greenroom.analyze import Context, analyze

    analyze(interview, only=["chapters"], context=Context())
    index = {u.start: i for i, u in reversed(list(enumerate(interview.utterances)))}
    return [index[c.start] for c in interview.chapters]


def score(ref: str, hyp: str, k: int) -> tuple[float, float]:
    from nltk.metrics.segmentation import pk, windowdiff

    return pk(ref, hyp, k=k), windowdiff(ref, hyp, k)


def chapters_section(console: Console) -> list[Check]:
    table = Table(title="chapters: Pk / WindowDiff at turn level (lower is better)")
    for column in ("transcript", "turns", "k", "method", "chapters", "ref", "Pk", "WinDiff", "seconds"):
        table.add_column(column, justify="left" if column in ("transcript", "method") else "right")
    checks: list[Check] = []
    for name in CASES:
        interview, reference = load_case(name)
        turns, k = len(interview.utterances), max(2, round(len(interview.utterances) / len(reference) / 2))
        ref = boundary_string(reference, turns)
        rows: dict[str, tuple[list[int], float]] = {}
        for method, run in (("greenroom", greenroom_starts), ("TextTiling", texttiling_starts),
                            ("no boundary", lambda _: [0])):
            began = time.perf_counter()
            starts = run(interview)
            rows[method] = (starts, time.perf_counter() - began)
        scores = {m: score(ref, boundary_string(s, turns), k) for m, (s, _) in rows.items()}
        for method, (starts, seconds) in rows.items():
            p, wd = scores[method]
            table.add_row(name, str(turns), str(k), method, str(len(starts)), str(len(reference)),
                          f"{p:.3f}", f"{wd:.3f}", f"{seconds:.2f}")
        checks += _chapter_checks(name, scores, len(rows["greenroom"][0]), len(reference))
    console.print(table)
    return checks


def _chapter_checks(name: str, scores: dict[str, tuple[float, float]], count: int, ref: int) -> list[Check]:
    ours = scores["greenroom"][0]
    baseline = min(scores["TextTiling"][0], scores["no boundary"][0])
    return [
        Check(f"{name} Pk", f"{ours:.3f}", f"<= {PK_MAX}", ours <= PK_MAX),
        Check(f"{name} Pk vs best baseline", f"{1 - ours / baseline:+.0%} lower", f">= {PK_GAIN:.0%} lower",
              ours <= (1 - PK_GAIN) * baseline),
        Check(f"{name} chapter count", f"{count} vs {ref}", f"within x{COUNT_FACTOR}",
              ref / COUNT_FACTOR <= count <= ref * COUNT_FACTOR),
    ]


# -- speed ------------------------------------------------------------------

def first_minutes(interview: Interview, ms: int) -> Interview:
    """The interview cut to the utterances that start before `ms`."""
    cut = Interview.from_dict(interview.to_dict())
    cut.utterances = [u for u in cut.utterances if u.start < ms]
    cut.marks = [m for m in cut.marks if m.start < ms]
    cut.source.duration = None
    return cut


def speed_section(console: Console) -> list[Check]:
    from greenroom.analyze import REGISTRY, Context, analyze, load_all

    interview = first_minutes(formats.load(CHAPTERED / f"{SPEED_CASE}.labelled.txt"), SPEED_MS)
    words = sum(len(u.text.split()) for u in interview.utterances)
    load_all()
    laps: dict[str, float] = {}
    current: list[tuple[str, float]] = []  # the analyzer now running and when it began

    def progress(name: str, index: int, total: int) -> None:
        now = time.perf_counter()
        if current:
            laps[current[0][0]] = now - current[0][1]
        current[:] = [(name, now)]

    began = time.perf_counter()
    analyze(interview, context=Context(), progress=progress)
    total = time.perf_counter() - began
    if current:
        laps[current[0][0]] = time.perf_counter() - current[0][1]
    console.print(f"speed: {SPEED_CASE}, first 60 min: {words:,} words, {len(interview.utterances)} "
                  "utterances; cold (engines load inside the timing)")
    table = Table(title="speed: all analyzers")
    table.add_column("analyzer")
    table.add_column("seconds", justify="right")
    for name in sorted(REGISTRY, key=lambda n: -laps.get(n, 0.0)):
        table.add_row(name, f"{laps.get(name, 0.0):.2f}")
    table.add_row("[bold]total", f"[bold]{total:.2f}")
    console.print(table)
    return [Check("60-min interview, all analyzers", f"{total:.2f} s", f"<= {SPEED_TARGET_S:.0f} s",
                  total <= SPEED_TARGET_S)]


SECTIONS: dict[str, Callable[[Console], list[Check]]] = {
    "chapters": chapters_section,
    "speed": speed_section,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections")
    args = parser.parse_args(argv)
    if not CHAPTERED.is_dir():
        print(f"no corpus at {CHAPTERED}", file=sys.stderr)
        return 2
    console = Console(width=max(110, Console().width))
    checks: list[Check] = []
    for name in args.only.split(","):
        checks += SECTIONS[name.strip()](console)
    targets = Table(title="targets")
    for column in ("check", "value", "target", "result"):
        targets.add_column(column)
    for check in checks:
        targets.add_row(check.name, check.value, check.target, "pass" if check.ok else "[red]MISS")
    console.print(targets)
    return 0 if all(c.ok for c in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
