"""How well a judge tells editors' picks from other story units, per question.

On the dev split of the labelled pool (bench/labels/moments; the test split is
never read here), each interview is cut into greenroom's story units exactly as
bench/moment_eval.py cuts them; the units that hit an editor's pick and as many
that do not (drawn with a fixed seed, at most --limit per interview) are each
asked the six questions of greenroom.backends.judge. For each question the
AUC of P(yes) for hit against not (0.5 is chance), pooled over interviews,
plus the mean of the six, the AUC of length alone for reference, and the
minutes the judge took.

    python bench/judge_bench.py --judge smollm2 --limit 6 --files 3
    python bench/judge_bench.py --judge-model ~/models/qwen2.5-7b-instruct-q4_k_m.gguf --limit 20
    python bench/judge_bench.py --judge-url http://127.0.0.1:11434 --judge-name qwen2.5:7b --limit 20

SmolLM2-135M and the packaged 1.5B are plumbing: expect them near 0.5.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
from moment_eval import auc, build, labelled
from moment_labels import load_interview  # type: ignore[import-not-found]

SEED = 21


def judge_of(args: argparse.Namespace) -> Any:
    """The judge the options name (the same options as `greenroom analyze`)."""
    from greenroom.backends import judge as judges

    if args.judge_url:
        chosen: Any = judges.openai_judge(args.judge_url, model=args.judge_name, api_key=args.judge_api_key)
    elif args.judge_model:
        chosen = judges.gguf_judge(args.judge_model, threads=args.threads)
    elif args.judge == "packaged":
        chosen = judges.packaged_judge(threads=args.threads)
    else:
        chosen = judges.smollm2_judge(threads=args.threads)
    if args.judge_name:
        chosen.name = args.judge_name
    return judges.cached(chosen, args.cache) if args.cache else chosen


def unit_texts(file: str, starts: list[int]) -> list[str]:
    """The story units' texts, rebuilt in build()'s order (checked by their starts)."""
    from greenroom.analyze.moments import guest_sentences
    from greenroom.analyze.ranker import story_text
    from greenroom.analyze.stories import stories

    interview = load_interview(file)
    units = stories(interview, guest_sentences(interview))
    if [u.start for u in units] != starts:
        raise SystemExit(f"{file}: the story units differ from bench/moment_eval.py's (stale cache?)")
    return [story_text(u) for u in units]


def sample(hits: list[int], limit: int, rng: random.Random) -> list[int]:
    """Unit indices: the hits (at most half the limit) and as many non-hits."""
    yes = [i for i, h in enumerate(hits) if h >= 0]
    no = [i for i, h in enumerate(hits) if h < 0]
    yes = sorted(rng.sample(yes, min(len(yes), (limit + 1) // 2)))
    return yes + sorted(rng.sample(no, min(len(no), limit - len(yes), len(yes))))


def run(args: argparse.Namespace, console: Console) -> None:
    from greenroom.backends.judge import QUESTIONS

    judge = judge_of(args)
    rng = random.Random(SEED)
    labels: list[float] = []
    answers: dict[str, list[float]] = {q: [] for q in QUESTIONS}
    words: list[float] = []  # for reference: how well length alone separates them
    files = labelled("dev")[: args.files] if args.files else labelled("dev")
    judging = 0.0  # seconds inside the judge (the model's load included), not cutting units
    for file in files:
        case = build(file)
        texts = unit_texts(file, case.starts)
        for i in sample(case.hits, args.limit, rng):
            began = time.perf_counter()
            for q, p in judge.ask(texts[i], list(QUESTIONS)).items():
                answers[q].append(p)
            judging += time.perf_counter() - began
            labels.append(float(case.hits[i] >= 0))
            words.append(float(len(texts[i].split())))
        console.log(f"{file}: {len(labels)} units so far, judging {judging / 60:.1f} min")
    report(console, judge.name, files, np.array(labels), answers, words, judging / 60)


def report(console: Console, name: str, files: list[str], y: np.ndarray, answers: dict[str, list[float]],
           words: list[float], minutes: float) -> None:
    console.print(f"judge {name}: AUC of P(yes), editor's pick vs not, on {len(files)} dev interviews "
                  f"({int(y.sum())} units that hit a pick, {int(len(y) - y.sum())} that do not)")
    table = Table()
    table.add_column("question")
    table.add_column("AUC", justify="right")
    table.add_column("mean P(yes) hit / not", justify="right")
    for q, ps in [*answers.items(), ("mean of six", list(np.mean(list(answers.values()), axis=0)))]:
        p = np.array(ps)
        table.add_row(q, f"{auc(y, p):.2f}", f"{p[y > 0].mean():.2f} / {p[y == 0].mean():.2f}")
    n = np.array(words)
    table.add_row("(length in words)", f"{auc(y, n):.2f}", f"{n[y > 0].mean():.0f} / {n[y == 0].mean():.0f} words")
    console.print(table)
    per_unit = minutes * 60 / max(1, len(y))
    console.print(f"{len(y)} units x {len(answers)} questions: {minutes:.1f} min judging ({per_unit:.1f} s a unit)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--judge-model", metavar="PATH", help="a local GGUF chat model (xllamacpp)")
    which.add_argument("--judge-url", metavar="URL", help="an OpenAI-compatible server with logprobs")
    which.add_argument("--judge", choices=["packaged", "smollm2"], help="a packaged model (plumbing)")
    parser.add_argument("--judge-name", metavar="NAME", help="the model's name (sent to a server as its model)")
    parser.add_argument("--judge-api-key", metavar="KEY", help="bearer key for --judge-url")
    parser.add_argument("--limit", type=int, default=20, help="units per interview (hits, then as many others)")
    parser.add_argument("--files", type=int, default=0, help="only the first N dev interviews (0: all)")
    parser.add_argument("--threads", type=int, default=1, help="threads for a local model")
    parser.add_argument("--cache", type=Path, help="keep answers in this SQLite file (timings then drop)")
    run(parser.parse_args(), Console(stderr=True))


if __name__ == "__main__":
    main()
