"""Privacy flags against hand-made labels, on the interviews they were tuned on (dev) and on
unseen ones (test), before and after.

Labels: bench/labels/tim-ferriss.json (four dev files) and bench/labels/privacy-pool.json
(ten pool files, with the frozen split). Splits: "dev" (tuned on: the four old files, 556, 569 and
the fresh 681, 513), "dev-seen" (551, 516, 564: the first test split, scored once in session 24 and
tuned on since, so no longer blind) and "test" (567, 494, 520: drawn fresh in session 25 and
labelled before the analyzer ever ran on them; scored once, at the end). Each labelled passage is one guest
utterance an editor must review before publishing. greenroom runs turns, privacy and
off-record on each interview (rules only unless the `privacy` extra is installed), and:

* recall: share of labelled utterances that some privacy flag overlaps in time (target >= 0.95);
* precision: share of flags that are useful (target >= 0.7). A flag is useful when it overlaps a
  labelled utterance, or, when it lies on the interviewer's lines alone (an intrusive question),
  when the guest's next utterance is labelled: the question that leads into a private answer
  is worth a look. "guest-line precision" counts only flags on the guest's lines, as
  analyze_bench does;
* flags per hour of interview.

    python bench/privacy_bench.py                    # dev and dev-seen, after, beside the saved baseline
    python bench/privacy_bench.py --test             # and the fresh test split: run once, at the end
    python bench/privacy_bench.py --save-baseline    # record the current method as "before"
    python bench/privacy_bench.py --judge model.gguf [--judge-cached-only]   # the judge reviews topic flags

With --judge, a GGUF judge (backends.judge, answers cached in /tmp/priv-cache/judge.sqlite)
reviews every sensitive-topic flag and drops those it calls not private (`privacy.judge_review`).
On two busy cores the packaged 1.5B takes ~20 s a passage, so --judge-cached-only answers from
the cache alone and keeps any flag not judged yet: the figures then say how many were judged.

The baseline (bench/privacy_baseline.json) holds every split's figures, but only the splits
asked for are printed.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from greenroom import formats
from greenroom.analyze import Context, analyze
from greenroom.analyze.registry import AnalysisOptions
from greenroom.backends.judge import JudgeError
from greenroom.capture.roles import assign_roles
from greenroom.model import Flag, Interview

CORPUS = REPO.parent / "shared" / "corpus"
OLD_LABELS = REPO / "bench" / "labels" / "tim-ferriss.json"
POOL_LABELS = REPO / "bench" / "labels" / "privacy-pool.json"
BASELINE = REPO / "bench" / "privacy_baseline.json"
RECALL_TARGET = 0.95
PRECISION_TARGET = 0.7
PRIVACY_ANALYZERS = ["turns", "privacy", "off-record"]
SPLITS = {"dev": "tuned on", "dev-seen": "the old test split, scored once in session 24, tuned on since",
          "test": "fresh, blind: scored once at the end"}


@dataclass
class Score:
    file: str
    split: str
    labels: int
    covered: int
    flags: int
    useful: int
    guest_flags: int
    guest_useful: int
    hours: float
    missed: list[str]

    @property
    def recall(self) -> float:
        return self.covered / self.labels if self.labels else 1.0

    @property
    def precision(self) -> float:
        return self.useful / self.flags if self.flags else 1.0

    @property
    def guest_precision(self) -> float:
        return self.guest_useful / self.guest_flags if self.guest_flags else 1.0

    @property
    def per_hour(self) -> float:
        return self.flags / self.hours if self.hours else 0.0


def labelled_files() -> dict[str, tuple[str, list[dict]]]:
    """corpus-relative file -> (split, privacy labels)."""
    pool = json.loads(POOL_LABELS.read_text(encoding="utf-8"))
    old = json.loads(OLD_LABELS.read_text(encoding="utf-8"))
    split = {f: s for s, names in pool["split"].items() for f in names}
    out: dict[str, tuple[str, list[dict]]] = {}
    for name, entry in old.items():
        if not name.startswith("_"):
            out[f"tim-ferriss-transcripts/{name}"] = (split[f"tim-ferriss-transcripts/{name}"], entry["privacy"])
    for name, entry in pool.items():
        if not name.startswith("_") and name != "split":
            out[name] = (split[name], entry["privacy"])
    return out


JUDGE_CACHE = Path("/tmp/priv-cache/judge.sqlite")
JUDGE_NAME = "gguf:qwen2.5-coder-1.5b-instruct-q4_k_m"


class CacheOnlyJudge:
    """A judge that answers only what the cache already holds; `JudgeError` otherwise
    (the analyzer then keeps the flag), so a partly filled cache measures a subset."""

    def __init__(self, path: Path, name: str):
        import sqlite3

        self.name, self.db = name, sqlite3.connect(path)
        self.asked = self.answered = 0

    def ask(self, passage: str, questions: list[str]) -> dict[str, float]:
        import hashlib

        from greenroom.backends.judge import PROMPT_VERSION

        digest = hashlib.sha256(passage.encode()).hexdigest()
        out = {}
        self.asked += 1
        for q in questions:
            row = self.db.execute("SELECT p_yes FROM answers WHERE judge = ? AND prompt = ? AND question = ? "
                                  "AND passage_sha256 = ?", (self.name, PROMPT_VERSION, q, digest)).fetchone()
            if row is None:
                raise JudgeError("not in the cache yet")
            out[q] = row[0]
        self.answered += 1
        return out


def make_judge(path: str | None, cached_only: bool) -> object | None:
    if path is None:
        return None
    if cached_only:
        return CacheOnlyJudge(JUDGE_CACHE, JUDGE_NAME)
    from greenroom.backends.judge import gguf_judge
    from greenroom.backends.judge.cache import CachedJudge

    return CachedJudge(gguf_judge(path, threads=1, name=JUDGE_NAME), JUDGE_CACHE)


def analyzed(path: Path, judge: object | None = None) -> Interview:
    interview = formats.load(path)
    assign_roles(interview, interviewers=["Tim Ferriss"])
    return analyze(interview, only=PRIVACY_ANALYZERS, context=Context(options=AnalysisOptions(judge=judge, judge_privacy=judge is not None)))


def _overlaps(flag: Flag, start: int, end: int) -> bool:
    return flag.start < end and start < flag.end


def score(name: str, split: str, labels: list[dict], interview: Interview) -> Score:
    ordered = sorted(interview.utterances, key=lambda u: (u.start, u.end))
    by_id = {u.id: u for u in ordered}
    hosts = {s.id for s in interview.speakers if s.role == "interviewer"}
    labelled = {i["utterance"] for i in labels}
    spans = [(by_id[uid].start, by_id[uid].end) for uid in labelled]
    flags = interview.flags
    covered = [uid for uid in labelled if any(_overlaps(f, by_id[uid].start, by_id[uid].end) for f in flags)]
    useful = guest_flags = guest_useful = 0
    for flag in flags:
        under = [u for u in ordered if u.start < flag.end and flag.start < u.end]
        hit = any(_overlaps(flag, s, e) for s, e in spans)
        if under and all(u.speaker in hosts for u in under):
            after = next((u for u in ordered if u.start >= under[-1].end and u.speaker not in hosts), None)
            hit = hit or (after is not None and after.id in labelled)
        else:
            guest_flags += 1
            guest_useful += hit
        useful += hit
    hours = (ordered[-1].end - ordered[0].start) / 3_600_000 if ordered else 0.0
    kinds = {i["utterance"]: i["kind"] for i in labels}
    missed = [f"{uid}:{kinds[uid]}" for uid in sorted(labelled - set(covered), key=lambda x: int(x[1:]))]
    return Score(name, split, len(labelled), len(covered), len(flags), useful, guest_flags, guest_useful,
                 hours, missed)


def run_all(splits: set[str], judge: object | None = None) -> list[Score]:
    scores = []
    for name, (split, labels) in labelled_files().items():
        if split in splits:
            scores.append(score(name, split, labels, analyzed(CORPUS / name, judge)))
    return scores


def pooled(scores: list[Score]) -> tuple[float, float, float, float]:
    """(recall, precision, guest-line precision, flags/hour) over all passages and flags of a split."""
    labels, flags = sum(s.labels for s in scores), sum(s.flags for s in scores)
    guest = sum(s.guest_flags for s in scores)
    hours = sum(s.hours for s in scores)
    return (sum(s.covered for s in scores) / labels if labels else 1.0,
            sum(s.useful for s in scores) / flags if flags else 1.0,
            sum(s.guest_useful for s in scores) / guest if guest else 1.0,
            flags / hours if hours else 0.0)


def load_baseline() -> dict[str, dict]:
    if not BASELINE.is_file():
        return {}
    return {row["file"]: row for row in json.loads(BASELINE.read_text(encoding="utf-8"))["files"]}


def _before(row: dict | None) -> Score | None:
    return Score(**row) if row else None


def print_tables(console: Console, scores: list[Score], baseline: dict[str, dict]) -> None:
    for split, about in SPLITS.items():
        rows = [s for s in scores if s.split == split]
        if not rows:
            continue
        table = Table(title=f"privacy on {split} ({about}): before (saved baseline) -> after (this checkout)")
        for column in ("file", "labels", "flags", "flags/h", "recall", "precision", "guest-line precision",
                       "missed (utterance:kind)"):
            table.add_column(column, justify="left" if column in ("file", "missed (utterance:kind)") else "right")
        befores = [b for b in (_before(baseline.get(s.file)) for s in rows) if b]
        for s in rows:
            b = _before(baseline.get(s.file))
            table.add_row(s.file, str(s.labels), _pair(None if b is None else b.flags, s.flags, "d"),
                          _pair(None if b is None else b.per_hour, s.per_hour, ".0f"), _pair(None if b is None else b.recall, s.recall),
                          _pair(None if b is None else b.precision, s.precision), _pair(None if b is None else b.guest_precision, s.guest_precision),
                          " ".join(s.missed[:6]) + (" ..." if len(s.missed) > 6 else ""))
        after = pooled(rows)
        before = pooled(befores) if len(befores) == len(rows) else None
        table.add_row(f"[bold]{split} (pooled)", str(sum(s.labels for s in rows)),
                      _pair(None if before is None else sum(b.flags for b in befores), sum(s.flags for s in rows), "d"),
                      _pair(None if before is None else before[3], after[3], ".0f"), _pair(None if before is None else before[0], after[0]),
                      _pair(None if before is None else before[1], after[1]), _pair(None if before is None else before[2], after[2]), "")
        console.print(table)
        console.print(f"{split}: recall {after[0]:.2f} (target >= {RECALL_TARGET}), precision {after[1]:.2f} "
                      f"(target >= {PRECISION_TARGET}): "
                      f"{'MET' if after[0] >= RECALL_TARGET and after[1] >= PRECISION_TARGET else 'not met'}")


def _pair(before: float | None, after: float, fmt: str = ".2f") -> str:
    now = format(after, fmt)
    return now if before is None else f"{format(before, fmt)} -> {now}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--test", action="store_true", help="also score the test split (once, at the end)")
    parser.add_argument("--save-baseline", action="store_true",
                        help=f"score every split with this checkout and save it as the baseline ({BASELINE.name})")
    parser.add_argument("--judge", metavar="GGUF", help="a GGUF judge reviews the sensitive-topic flags")
    parser.add_argument("--judge-cached-only", action="store_true",
                        help="answer from the judge cache only; flags not judged yet are kept")
    args = parser.parse_args(argv)
    console = Console(width=200)
    if not CORPUS.is_dir():
        console.print(f"privacy bench: no corpus at {CORPUS}")
        return 1
    shown = set(SPLITS) if args.test else {"dev", "dev-seen"}
    if args.save_baseline:
        scores = run_all(set(SPLITS))
        BASELINE.write_text(json.dumps({"files": [asdict(s) for s in scores]}, indent=1) + "\n", encoding="utf-8")
        console.print(f"saved {BASELINE.relative_to(REPO)}")
        print_tables(console, [s for s in scores if s.split in shown], {})
        return 0
    judge = make_judge(args.judge, args.judge_cached_only)
    print_tables(console, run_all(shown, judge), load_baseline())
    if isinstance(judge, CacheOnlyJudge):
        console.print(f"judge (cache only): {judge.answered} of {judge.asked} weak topic flags judged; "
                      "the others kept")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
