"""Analysis quality and speed on real interviews, one section per analyzer.

chapters: on the human-chaptered Lex Fridman transcripts (shared/corpus/
chaptered-transcripts), Pk and WindowDiff at turn level (nltk.metrics.
segmentation, k = half the mean reference chapter length in turns) for
greenroom, for NLTK's TextTilingTokenizer on the same turns (untuned: its
defaults, each turn a paragraph) and for the trivial no-boundary segmentation.
Pk rewards under-segmenting, hence the no-boundary row. All reference chapters
are kept, the one- and two-turn intro and outro ones included.

moments / privacy: on the four Tim Ferriss transcripts labelled by reading (bench/labels/), precision@10
and recall@10 of greenroom's top moments against 10 labelled highlights each, and the recall
(and, for context, precision: of all flags, and of those on the guest's lines, the only lines the
labels cover) of greenroom's flags against every labelled privacy passage. For
context, each further independent reading (tim-ferriss-reader2.json, -reader3.json): greenroom's
precision@10 against it, and how many of the first reading's 10 picks it also made.

speed: every registered analyzer on the first 60 minutes of one transcript
(about 9,000 words), cold (in a fresh process, engines load inside the timing:
what `greenroom analyze` costs) against 10 s, and warm (engines already loaded,
what each further interview of a batch costs) for context.

stories: moments on the 24 labelled Tim Ferriss pool interviews (bench/labels/moments/), the
frozen test split beside the dev split: precision@10, recall@10, AUC, distinct stories and the
random-from-candidates baseline (bench/moment_eval.py).

    python bench/analyze_bench.py [--only chapters,speed,moments,stories,privacy]

A new section is a function `(console) -> list[Check]` added to SECTIONS.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from greenroom import formats
from greenroom.model import Flag, Interview, Moment

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

    interview.chapters = []  # found by greenroom, never a file's own (which analysis would keep)
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


def _speed_case() -> Interview:
    return first_minutes(formats.load(CHAPTERED / f"{SPEED_CASE}.labelled.txt"), SPEED_MS)


def time_analyzers(interview: Interview) -> tuple[dict[str, float], float]:
    """Seconds per analyzer and in all for one `analyze` of `interview` with a fresh Context."""
    from greenroom.analyze import Context, analyze, load_all

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
    return laps, total


def _cold_laps() -> tuple[dict[str, float], float]:
    """The timing in a fresh interpreter, as `greenroom analyze` runs: model loads included."""
    done = subprocess.run([sys.executable, __file__, "--cold-speed"], capture_output=True, text=True,
                          check=True, cwd=REPO)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    return found["laps"], found["total"]


def speed_section(console: Console) -> list[Check]:
    """Cold (a fresh process: engines load inside the timing, what a user waits for) and
    warm (the same process again: engines cached, what a batch over a library costs)."""
    from greenroom.analyze import REGISTRY

    interview = _speed_case()
    words = sum(len(u.text.split()) for u in interview.utterances)
    cold, cold_total = _cold_laps()
    time_analyzers(_speed_case())  # load the engines in this process
    warm, warm_total = time_analyzers(interview)
    console.print(f"speed: {SPEED_CASE}, first 60 min: {words:,} words, {len(interview.utterances)} utterances")
    table = Table(title="speed: all analyzers, seconds")
    for column in ("analyzer", "cold (fresh process)", "warm (engines loaded)"):
        table.add_column(column, justify="left" if column == "analyzer" else "right")
    for name in sorted(REGISTRY, key=lambda n: -cold.get(n, 0.0)):
        table.add_row(name, f"{cold.get(name, 0.0):.2f}", f"{warm.get(name, 0.0):.2f}")
    table.add_row("[bold]total", f"[bold]{cold_total:.2f}", f"[bold]{warm_total:.2f}")
    console.print(table)
    return [Check("60-min interview, all analyzers, cold", f"{cold_total:.2f} s", f"<= {SPEED_TARGET_S:.0f} s",
                  cold_total <= SPEED_TARGET_S),
            Check("60-min interview, all analyzers, warm (context)", f"{warm_total:.2f} s", "-", True)]


# -- moments and privacy: against hand-made labels ------------------------------
# bench/labels/tim-ferriss.json: per transcript, the 10 guest utterances an editor would
# cut into a highlight reel and every passage to review for privacy, made by reading
# (see bench/labels/README.md). An utterance is its span [start, end] in greenroom's import.

LABELS = REPO / "bench" / "labels" / "tim-ferriss.json"
LABELLED = REPO.parent / "shared" / "corpus" / "tim-ferriss-transcripts"
OTHER_READINGS = REPO / "bench" / "labels" / "tim-ferriss-reader*.json"  # further readings, for context
PRECISION_AT_10 = 0.6
FLAG_RECALL = 0.9
_labelled_runs: dict[str, tuple[Interview, dict]] = {}


def _overlaps(start: int, end: int, span: tuple[int, int]) -> bool:
    return start < span[1] and span[0] < end


def _analyzed_labelled() -> dict[str, tuple[Interview, dict]]:
    """Each labelled transcript loaded, roles assigned, all analyzers run (once for both sections)."""
    if _labelled_runs:
        return _labelled_runs
    from greenroom.analyze import Context, analyze
    from greenroom.capture.roles import assign_roles

    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    for name in sorted(k for k in labels if not k.startswith("_")):
        interview = formats.load(LABELLED / name)
        assign_roles(interview, interviewers=["Tim Ferriss"])
        analyze(interview, context=Context())
        _labelled_runs[name] = (interview, labels[name])
    return _labelled_runs


def _registered(name: str) -> bool:
    from greenroom.analyze import REGISTRY, load_all

    load_all()
    return name in REGISTRY


def _spans(interview: Interview, items: list[dict]) -> dict[str, tuple[int, int]]:
    by_id = {u.id: u for u in interview.utterances}
    return {i["utterance"]: (by_id[i["utterance"]].start, by_id[i["utterance"]].end) for i in items}


def _moment_hits(moment: Moment, uid: str, span: tuple[int, int]) -> bool:
    """A moment hits a labelled utterance if it lists it or its time range overlaps the utterance's."""
    return uid in moment.utterances or _overlaps(moment.start, moment.end, span)


def _precision_at_10(interview: Interview, items: list[dict]) -> tuple[int, int]:
    """(hits among greenroom's top 10 moments, labels found by them) against one reading's 10 picks."""
    spans = _spans(interview, items)
    top = sorted(interview.moments, key=lambda m: -m.score)[:10]
    good = sum(any(_moment_hits(m, uid, span) for uid, span in spans.items()) for m in top)
    found = sum(any(_moment_hits(m, uid, span) for m in top) for uid, span in spans.items())
    return good, found


def mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else float("nan")


def _other_readings() -> dict[str, dict]:
    """Further independent readings (bench/labels/tim-ferriss-reader*.json) by their name."""
    return {path.stem.rsplit("-", 1)[1]: json.loads(path.read_text(encoding="utf-8"))
            for path in sorted(OTHER_READINGS.parent.glob(OTHER_READINGS.name))}


def _agreement(first: list[dict], other: list[dict]) -> float:
    picked = {i["utterance"] for i in other}
    return sum(i["utterance"] in picked for i in first) / len(first)


def moments_section(console: Console) -> list[Check]:
    """Precision@10 against the labels; for context, against each further reading, and how
    far each agrees with the first (its 10 picks scored against the first's)."""
    if not LABELS.is_file() or not LABELLED.is_dir():
        console.print(f"moments: no labels or corpus ({LABELS.name}, {LABELLED})")
        return [Check("moments precision@10", "no labels/corpus", f">= {PRECISION_AT_10}", False)]
    if not _registered("moments"):
        console.print("moments: analyzer not available (no 'moments' in greenroom.analyze.REGISTRY)")
        return [Check("moments precision@10", "not available", f">= {PRECISION_AT_10}", False)]
    others = _other_readings()
    table = Table(title="moments: greenroom's top 10 vs 10 labelled highlights (utterance or time overlap)")
    columns = ["transcript", "moments", "hits in top 10", "precision@10", "labels found", "recall@10"]
    columns += [f"p@10 vs {r}" for r in others] + [f"{r} agrees" for r in others]
    for column in columns:
        table.add_column(column, justify="left" if column == "transcript" else "right")
    precisions: list[float] = []
    recalls: list[float] = []
    vs: dict[str, list[float]] = {r: [] for r in others}
    agree: dict[str, list[float]] = {r: [] for r in others}
    for name, (interview, labels) in _analyzed_labelled().items():
        good, found = _precision_at_10(interview, labels["highlights"])
        precision, recall = good / 10, found / len(labels["highlights"])
        precisions.append(precision)
        recalls.append(recall)
        cells = {}
        for r, reading in others.items():
            if name in reading:
                vs[r].append(_precision_at_10(interview, reading[name]["highlights"])[0] / 10)
                agree[r].append(_agreement(labels["highlights"], reading[name]["highlights"]))
                cells[r] = (f"{vs[r][-1]:.2f}", f"{agree[r][-1]:.2f}")
        table.add_row(name, str(len(interview.moments)), str(good), f"{precision:.2f}", f"{found}/10",
                      f"{recall:.2f}", *[cells.get(r, ("-", "-"))[0] for r in others],
                      *[cells.get(r, ("-", "-"))[1] for r in others])
    table.add_row("[bold]mean", "", "", f"[bold]{mean(precisions):.2f}", "", f"[bold]{mean(recalls):.2f}",
                  *[f"{mean(vs[r]):.2f}" for r in others], *[f"{mean(agree[r]):.2f}" for r in others])
    console.print(table)
    checks = [Check("moments precision@10 (mean)", f"{mean(precisions):.3f}", f">= {PRECISION_AT_10}",
                    mean(precisions) >= PRECISION_AT_10),
              Check("moments recall@10 (mean, context)", f"{mean(recalls):.2f}", "-", True)]
    for r in others:
        checks += [Check(f"moments p@10 vs {r} (context)", f"{mean(vs[r]):.2f}", "-", True),
                   Check(f"{r} agrees with the first reading (context)", f"{mean(agree[r]):.2f} of 10 picks",
                         "-", True)]
    return checks


def privacy_section(console: Console) -> list[Check]:
    if not LABELS.is_file() or not LABELLED.is_dir():
        console.print(f"privacy: no labels or corpus ({LABELS.name}, {LABELLED})")
        return [Check("privacy flag recall", "no labels/corpus", f">= {FLAG_RECALL}", False)]
    available = _registered("privacy")
    if not available:
        console.print("privacy: analyzer not available (no 'privacy' in greenroom.analyze.REGISTRY); "
                      "the table below scores whatever flags the other analyzers raise")
    table = Table(title="privacy: labelled passages overlapped by any greenroom flag")
    for column in ("transcript", "labels", "flags", "recall", "flag precision", "on guest lines",
                   "missed (utterance:kind)"):
        table.add_column(column, justify="left" if column in ("transcript", "missed (utterance:kind)") else "right")
    recalls: list[float] = []
    precisions: list[float] = []
    guest_precisions: list[float] = []
    for name, (interview, labels) in _analyzed_labelled().items():
        spans = _spans(interview, labels["privacy"])
        kinds = {i["utterance"]: i["kind"] for i in labels["privacy"]}
        flags = interview.flags
        covered = [uid for uid, span in spans.items() if any(_overlaps(f.start, f.end, span) for f in flags)]
        useful = sum(any(_overlaps(f.start, f.end, span) for span in spans.values()) for f in flags)
        recall = len(covered) / len(spans)
        precision = useful / len(flags) if flags else 0.0
        on_guest = [f for f in flags if not _on_host_only(interview, f)]
        guest_precision = (sum(any(_overlaps(f.start, f.end, span) for span in spans.values()) for f in on_guest)
                           / len(on_guest) if on_guest else 0.0)
        recalls.append(recall)
        precisions.append(precision)
        guest_precisions.append(guest_precision)
        missed = [f"{uid}:{kinds[uid]}" for uid in spans if uid not in covered]
        table.add_row(name, str(len(spans)), str(len(flags)), f"{recall:.2f}", f"{precision:.2f}",
                      f"{guest_precision:.2f} of {len(on_guest)}",
                      " ".join(missed[:8]) + (" ..." if len(missed) > 8 else ""))
    mean_r, mean_p = sum(recalls) / len(recalls), sum(precisions) / len(precisions)
    mean_g = sum(guest_precisions) / len(guest_precisions)
    table.add_row("[bold]mean", "", "", f"[bold]{mean_r:.2f}", f"[bold]{mean_p:.2f}", f"[bold]{mean_g:.2f}", "")
    console.print(table)
    value = f"{mean_r:.3f}" if available else f"not available ({mean_r:.3f} from other flags)"
    return [Check("privacy flag recall (mean)", value, f">= {FLAG_RECALL}", available and mean_r >= FLAG_RECALL),
            Check("privacy flag precision (mean, context)", f"{mean_p:.2f}", "-", True),
            Check("privacy flag precision on guest lines (mean, context)", f"{mean_g:.2f}", "-", True)]


def _on_host_only(interview: Interview, flag: Flag) -> bool:
    """A flag only on the interviewer's lines (an intrusive question, the host
    retelling the guest's story): the labels cover the guest's lines alone, so
    it can be neither right nor wrong against them."""
    hosts = {s.id for s in interview.speakers if s.role == "interviewer"}
    under = [u for u in interview.utterances if u.start < flag.end and flag.start < u.end]
    return bool(under) and all(u.speaker in hosts for u in under)


def corpus_files() -> list[Path]:
    """Every transcript and caption file in the corpus (labels and notes left out)."""
    suffixes = {".srt", ".vtt", ".txt", ".json", ".html", ".md"}
    corpus = REPO.parent / "shared" / "corpus"
    return [p for p in sorted(corpus.rglob("*")) if p.suffix in suffixes
            and p.name not in ("SOURCE.md", "README.md") and not p.name.endswith(".reference.json")
            and "/text/" not in p.as_posix()]


def corpus_section(console: Console) -> list[Check]:
    """All analyzers and the HTML report on every corpus file: no crash, and a
    file without utterances gets the one clear message."""
    from greenroom.analyze import Context, analyze
    from greenroom.errors import GreenroomError
    from greenroom.publish.report import render_report

    table = Table(title="every analyzer on every corpus file, then the HTML report")
    for column in ("file", "utterances", "turns", "chapters", "moments", "flags", "seconds", "result"):
        table.add_column(column, justify="left" if column in ("file", "result") else "right")
    crashes, context = 0, Context()
    for path in corpus_files():
        began = time.perf_counter()
        try:
            interview = analyze(formats.load(path), context=context)
            render_report(interview)
            counts = [len(interview.utterances), len(interview.turns), len(interview.chapters),
                      len(interview.moments), len(interview.flags)]
            result = "ok"
        except GreenroomError as err:  # a clear, expected message (e.g. a chapters-only file)
            counts, result = [0] * 5, f"message: {str(err)[:60]}"
        except Exception as err:  # noqa: BLE001 - a crash is what this section counts
            counts, result, crashes = [0] * 5, f"[red]CRASH {type(err).__name__}: {err}"[:80], crashes + 1
        table.add_row(path.name[:44], *map(str, counts), f"{time.perf_counter() - began:.1f}", result)
    console.print(table)
    return [Check("corpus files analyzed without a crash", f"{crashes} crashes", "0", crashes == 0)]


# -- stories: moments on the labelled pool, dev and frozen test side by side -----------
# bench/labels/moments/: 24 Tim Ferriss pool interviews with 16-20 ranked editor's picks each
# (whole stories, located by short anchors; bench/moment_labels.py), split before any tuning
# into 16 dev and 8 test interviews (split.json). The shipped model was fitted on dev
# (bench/fit_moments.py), so dev figures here are in-sample; the fit script prints the
# leave-one-interview-out figures for dev, which are the honest ones.

STORY_P_AT_10 = 0.6
STORY_Z = 2.0  # standard deviations above the random-from-candidates baseline
STORY_DISTINCT = 8


class _CachedEmbedder:
    """The case's own vectors, looked up by text: the embeddings the shipped ranker would compute."""

    name = "cached"

    def __init__(self, texts: list[str], vectors: object):
        self.by_text = dict(zip(texts, vectors, strict=True))  # type: ignore[call-overload]

    def embed(self, texts: list[str]) -> object:
        import numpy as np

        return np.vstack([self.by_text[t] for t in texts])


def story_scores(file: str) -> tuple[object, object]:
    """(Case, the shipped ranker's scores for its stories) for one labelled corpus file."""
    import numpy as np
    from moment_eval import build, load_interview

    from greenroom.analyze import ranker
    from greenroom.analyze.moments import guest_sentences, moment_limit
    from greenroom.analyze.stories import stories

    case = build(file)
    interview = load_interview(file)
    units = stories(interview, guest_sentences(interview))
    texts = [ranker.story_text(s) for s in units]
    _, scores = ranker.rank(units, case.feats, _CachedEmbedder(texts, case.embeddings), moment_limit(interview))
    return case, np.array(scores)


def stories_section(console: Console) -> list[Check]:
    """P@10, R@10, AUC, distinct stories and the random baseline on the pool's dev and test splits."""
    sys.path.insert(0, str(REPO / "bench"))
    from moment_eval import labelled, score, summary

    if not (REPO.parent / "shared" / "corpus" / "tim-ferriss-pool").is_dir():
        console.print("stories: no tim-ferriss-pool corpus")
        return [Check("stories precision@10 (test)", "no corpus", f">= {STORY_P_AT_10}", False)]
    table = Table(title="moments on the labelled pool: the shipped ranker's top 10 stories vs editors' picks")
    for column in ("split", "file", "units", "hit units", "P@10", "R@10", "AUC", "distinct", "random P@10"):
        table.add_column(column, justify="left" if column in ("split", "file") else "right")
    results: dict[str, dict[str, float]] = {}
    for part in ("dev", "test"):
        scores = []
        for file in labelled(part):
            case, ranked = story_scores(file)
            result = score(case, ranked)  # type: ignore[arg-type]
            scores.append(result)
            table.add_row(part, file.split("/")[-1], str(len(case.hits)), str(int(case.y.sum())),  # type: ignore[attr-defined]
                          f"{result.precision:.2f}", f"{result.recall:.2f}", f"{result.auc:.3f}",
                          str(result.distinct), f"{result.random_mean:.2f}")
        results[part] = summary(scores)
        m = results[part]
        table.add_row(f"[bold]{part} mean", f"{len(scores)} files", "", "", f"[bold]{m['precision']:.3f}",
                      f"{m['recall']:.3f}", f"{m['auc']:.3f}", f"{m['distinct']:.1f} (min {m['min_distinct']:.0f})",
                      f"{m['random_mean']:.3f} ± {m['random_sd']:.3f}")
    console.print(table)
    from greenroom.analyze.ranker import load_model

    about = load_model().about
    console.print(f"dev rows are in-sample (the model was fitted on them); leave-one-interview-out on dev: "
                  f"P@10 {about.get('cv_precision_at_10')}, AUC {about.get('cv_auc')} ({about.get('variant')})")
    test = results["test"]
    return [Check("stories precision@10 (test, mean)", f"{test['precision']:.3f}", f">= {STORY_P_AT_10}",
                  test["precision"] >= STORY_P_AT_10),
            Check("stories above random (test, z)", f"{test['z']:.1f} sd", f">= {STORY_Z}", test["z"] >= STORY_Z),
            Check("distinct stories in the top 10 (test, min)", f"{test['min_distinct']:.0f}", f">= {STORY_DISTINCT}",
                  test["min_distinct"] >= STORY_DISTINCT),
            Check("stories recall@10 / AUC (test, context)", f"{test['recall']:.3f} / {test['auc']:.3f}", "-", True)]


SECTIONS: dict[str, Callable[[Console], list[Check]]] = {
    "corpus": corpus_section,
    "chapters": chapters_section,
    "speed": speed_section,
    "moments": moments_section,
    "stories": stories_section,
    "privacy": privacy_section,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections")
    parser.add_argument("--cold-speed", action="store_true", help=argparse.SUPPRESS)  # the speed section's child
    args = parser.parse_args(argv)
    if args.cold_speed:
        laps, total = time_analyzers(_speed_case())
        print(json.dumps({"laps": laps, "total": total}))
        return 0
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
