"""Question detector and classifier on real host turns: is it an ask, open or closed, double, leading, follow-up.

Scores `greenroom.text.questions` (the one detector turns, coaching and the linter use) on the
host-question labels of `bench/labels/host-questions/` (written blind by a labeller who never saw
the method; README there), split by the frozen project split (`bench/labels/moments/split.json`:
dev episodes tuned on, test episodes scored once at the end). "before" is the turn analyzer as it
was before text.questions (`turns.is_question`, `turns.classify`, `turns.is_follow_up` at
BEFORE_REV, read from git), so the table shows what moving to one detector changed.

Per host utterance: ask = the labelled ask is a question or a request (an utterance that asks
anywhere counts, as the turn analyzer counts it); kind accuracy over the labelled asks (open or
closed, whatever the method decided about asking); double, leading and follow-up precision and
recall over the labelled asks. Before, a question was either double-barreled, leading, closed or
open (one label); its open/closed is read from the old closed rule alone.

History (honest order). The labels arrived during the session; the method was tuned on the 8 dev
episodes only (216 asks), then the 5 test episodes (101 asks) were scored once, at 391ef14, and
nothing was changed after:

    measure            dev before   dev after    test before  test after
    ask P / R          0.92 / 0.87  0.94 / 0.94  0.96 / 0.85  0.98 / 0.89
    kind accuracy      0.78         0.93         0.79         0.86   (target >= 0.85)
    closed P / R       0.89 / 0.54  0.96 / 0.87  0.80 / 0.48  0.76 / 0.85
    double P / R       0.17 / 0.87  0.36 / 0.53  0.20 / 1.00  0.20 / 0.33  (n = 15 / 6)
    leading P / R      0.67 / 1.00  0.40 / 1.00  0.00 / 0.00  0.00 / 0.00  (n = 2 / 1: too few to say)
    follow-up P / R    0.49 / 0.47  0.63 / 0.72  0.51 / 0.31  0.61 / 0.51
    permission asks    0 of 4       0 of 4       0 of 1       0 of 1

Double-barreled on transcribed speech stays weak: a host restates one question in several
sentences far more often than he asks two, and the words rarely tell which.

Moves (`greenroom.text.moves`, the NewsInterview taxonomy the labels' `move` field follows), every
host turn and the labelled asks, beside the majority class of the dev split (the baseline names
every turn the same). Tuned on dev only; the test episodes were scored once, at 8d43ef6:

    measure                                 dev    baseline   test   baseline
    move accuracy, all host turns           0.68   0.36       0.67   0.41   (other)
    move accuracy, asks                     0.51   0.30       0.42   0.24   (topic-transition)
    coarse (the three follow-ups as one)    0.60   0.30       0.48   0.24
    asks, as coaching reads them            0.48              0.36   (the follow-up decision is is_follow_up's)
    right follow-up kind, when both agree
      it is a follow-up                     0.68              0.73

Per move (precision / recall, test): acknowledgement 0.86 / 0.63, verification 0.73 / 0.85, probe
0.57 / 0.41, topic transition 0.36 / 0.58, elaborate 0.38 / 0.15, re-ask 0.00 / 0.00 (n = 6);
opinion, challenge and kick-off have 0-3 rows a split, too few to say. What limits the asks is
telling a follow-up from a new topic (the same weakness as the follow-up flag above), and the
labels' own line between elaborate and probe.

The judge on doubtful kinds (`--judge packaged`, dev only, answers cached under /tmp/coach-cache):
the packaged Qwen2.5-Coder-1.5B named a kind for all 26 doubtful dev asks and got 15 right where
the rules got 18 (all dev asks 0.93 -> 0.92; 416 s wall, 103 s CPU, load average 13-16 on 2
cores), so `AnalysisOptions.judge_kinds` is off by default.

    python bench/question_bench.py                 # dev only
    python bench/question_bench.py --split both    # dev and test side by side (score test once, at the end)
    python bench/question_bench.py --errors dev    # every dev row the new method gets wrong
    python bench/question_bench.py --move-errors dev   # every dev row whose move the rules get wrong
    python bench/question_bench.py --judge packaged    # also the judge on doubtful kinds (slow on CPU)
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
import types
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))

from host_questions import CORPUS, HOST, first_readings, load_rows, split_of

from greenroom import formats
from greenroom.analyze import turns
from greenroom.model import Interview
from greenroom.text import moves, questions

REPO = Path(__file__).resolve().parents[1]
BEFORE_REV = "1dfc2c7"  # the last commit before text.questions
KIND_TARGET = 0.85


@dataclass(frozen=True)
class Case:
    """One labelled host utterance with what the method reads: its text and the guest's last answer."""
    split: str
    where: str
    text: str
    answer: str
    ask: bool
    kind: str
    flags: frozenset[str]
    move: str = "other"
    previous_ask: str = ""
    first: bool = False


@dataclass(frozen=True)
class Verdict:
    ask: bool
    kind: str
    double: bool
    leading: bool
    follow_up: bool
    move: str = "other"
    coached_move: str = "other"  # the move with the turn analyzer's follow-up decision, as coaching reads it


def last_answer(interview: Interview, index: int) -> str:
    """The other speakers' words since the host last spoke: what a follow-up would pick up."""
    said: list[str] = []
    for u in reversed(interview.utterances[:index]):
        if interview.speaker_name(u.speaker) == HOST:
            if said:
                break
            continue
        said.insert(0, u.text)
    return " ".join(said)


def last_ask(interview: Interview, index: int) -> tuple[str, bool]:
    """The host's last utterance before `index` that the detector calls a question (what a re-ask
    repeats), and whether there is none (the turn at `index` would be the kick-off)."""
    for u in reversed(interview.utterances[:index]):
        if interview.speaker_name(u.speaker) == HOST and questions.is_question(u.text):
            return u.text, False
    return "", True


def load_cases() -> list[Case]:
    cases = []
    for path in first_readings():
        data, rows = load_rows(path)
        interview = formats.load(CORPUS / data["file"])
        index = {u.id: i for i, u in enumerate(interview.utterances)}
        for row in rows:
            i = index[row.utterance]
            previous_ask, first = last_ask(interview, i)
            cases.append(Case(split_of(row.file), f"{Path(row.file).stem}:{row.utterance}",
                              interview.utterances[i].text, last_answer(interview, i),
                              row.ask != "none", row.kind, row.flags, row.move, previous_ask, first))
    return cases


def after(case: Case) -> Verdict:
    text = case.text
    return Verdict(questions.is_question(text), questions.ask_kind(text), questions.is_double(text),
                   questions.is_leading(text), questions.is_follow_up(text, case.answer),
                   moves.move(text, case.answer, case.previous_ask, case.first),
                   moves.move(text, case.answer, case.previous_ask, case.first,
                              follows_up=questions.is_follow_up(text, case.answer)))


def old_turns() -> types.ModuleType:
    """greenroom/analyze/turns.py as it was at BEFORE_REV, loaded as a module of its own."""
    source = subprocess.run(["git", "show", f"{BEFORE_REV}:greenroom/analyze/turns.py"], cwd=REPO,
                            capture_output=True, text=True, check=True).stdout
    source = source.replace("from greenroom.capture.roles import likely_interviewer\n",
                            "likely_interviewer = None  # not used by the rules scored here\n")
    source = re.sub(r"^@analyzer\(.*$", "", source, flags=re.MULTILINE)  # never registered twice
    module = types.ModuleType("turns_before")
    exec(compile(source, f"turns@{BEFORE_REV}", "exec"), module.__dict__)  # noqa: S102 - our own history
    return module


def before_rule(old: types.ModuleType) -> Callable[[Case], Verdict]:
    def verdict(case: Case) -> Verdict:
        text = case.text
        kind = old.classify(text)
        parts = old.asking_part(text) or old.sentences(text)
        first = old._strip_lead(parts[0]) if parts else text
        clauses = [first, first.split(",")[-1].strip()]
        closed = not old.POLITE_OPEN.match(first) and any(old.CLOSED.match(c) for c in clauses)
        return Verdict(old.is_question(text), "closed" if closed else "open", kind == "double-barreled",
                       kind == "leading", old.is_follow_up(text, case.answer))
    return verdict


def pr(pairs: list[tuple[bool, bool]]) -> str:
    """precision / recall of (got, want) pairs, with the labelled count."""
    tp = sum(g and w for g, w in pairs)
    fp = sum(g and not w for g, w in pairs)
    fn = sum(w and not g for g, w in pairs)
    precision = f"{tp / (tp + fp):.2f}" if tp + fp else "-"
    recall = f"{tp / (tp + fn):.2f}" if tp + fn else "-"
    return f"{precision} / {recall} (n={tp + fn})"


def measures(cases: list[Case], got: list[Verdict]) -> dict[str, str]:
    asks = [(c, v) for c, v in zip(cases, got) if c.ask]
    right = sum(v.kind == c.kind for c, v in asks)
    return {
        "ask P / R": pr([(v.ask, c.ask) for c, v in zip(cases, got)]),
        "kind accuracy": f"{right / len(asks):.2f} ({right}/{len(asks)})" if asks else "-",
        "closed P / R": pr([(v.kind == "closed", c.kind == "closed") for c, v in asks]),
        "double P / R": pr([(v.double, "double" in c.flags) for c, v in asks]),
        "leading P / R": pr([(v.leading, "leading" in c.flags) for c, v in asks]),
        "follow-up P / R": pr([(v.follow_up, "follow_up" in c.flags) for c, v in asks]),
        "permission rows called asks": f"{sum(v.ask for c, v in zip(cases, got) if not c.ask and 'permission' in c.flags)}"
                                       f" of {sum(not c.ask and 'permission' in c.flags for c in cases)}",
    }


def majority(cases: list[Case]) -> tuple[str, str]:
    """The commonest move over all host turns and over the labelled asks of `cases` (dev): the
    baseline that names every turn the same, read off the tuning split only."""
    every = Counter(c.move for c in cases)
    asks = Counter(c.move for c in cases if c.ask)
    return every.most_common(1)[0][0], asks.most_common(1)[0][0]


def family(move: str) -> str:
    """The coarse NewsInterview category: the three follow-ups are one."""
    return "follow-up" if move in moves.FOLLOW_UPS else move


def move_measures(cases: list[Case], got: list[Verdict], baseline: tuple[str, str]) -> dict[str, str]:
    """Move accuracy over every host turn and over the labelled asks, fine and coarse (the three
    follow-ups as one), beside the majority-class baseline."""
    def accuracy(pairs: list[tuple[str, str]]) -> str:
        right = sum(g == w for g, w in pairs)
        return f"{right / len(pairs):.2f} ({right}/{len(pairs)})" if pairs else "-"
    asks = [(c, v) for c, v in zip(cases, got) if c.ask]
    return {
        "move accuracy, all host turns": accuracy([(v.move, c.move) for c, v in zip(cases, got)]),
        f"  majority baseline ({baseline[0]})": accuracy([(baseline[0], c.move) for c in cases]),
        "move accuracy, asks": accuracy([(v.move, c.move) for c, v in asks]),
        f"  majority baseline ({baseline[1]})": accuracy([(baseline[1], c.move) for c, _ in asks]),
        "coarse move accuracy, asks": accuracy([(family(v.move), family(c.move)) for c, v in asks]),
        f"  majority baseline, coarse ({family(baseline[1])})": accuracy([(family(baseline[1]), family(c.move)) for c, _ in asks]),
        "move accuracy, asks, as coaching reads them": accuracy([(v.coached_move, c.move) for c, v in asks]),
        "asks called the right follow-up kind": accuracy([(v.move, c.move) for c, v in asks
                                                          if c.move in moves.FOLLOW_UPS and v.move in moves.FOLLOW_UPS]),
    }


def move_table(title: str, columns: dict[str, tuple[list[Case], list[Verdict]]]) -> Table:
    """Precision / recall per move over every host turn, one column per split."""
    table = Table(title=title, title_justify="left")
    table.add_column("move")
    for name in columns:
        table.add_column(name, justify="right")
    for name in moves.MOVES:
        table.add_row(name, *(pr([(v.move == name, c.move == name) for c, v in zip(cases, got)])
                              for cases, got in columns.values()))
    return table


def follow_up_mix(console: Console, cases: list[Case], split: str) -> None:
    """What the coaching sentence reads, per episode: the moves of the follow-ups as labelled (asks
    whose label says follow-up) beside the moves coaching gives the asks it calls follow-ups; the
    sentence is right when the shares agree, whatever the per-row accuracy."""
    table = Table(title=f"follow-up mix per episode ({split}): labelled | as coaching reads it", title_justify="left")
    for column in ("episode", "follow-ups", "elaborate", "probe", "re-ask", "verify", "challenge"):
        table.add_column(column, justify="right" if column != "episode" else "left")
    names = ("follow-up-elaborate", "follow-up-probe", "follow-up-re-ask", "verification", "challenge")
    for episode in sorted({c.where.split(":")[0] for c in cases if c.split == split}):
        asks = [c for c in cases if c.split == split and c.ask and c.where.startswith(episode + ":")]
        labelled = Counter(c.move for c in asks if "follow_up" in c.flags)
        got = [after(c) for c in asks]
        coached = Counter(v.coached_move for c, v in zip(asks, got) if v.follow_up)
        table.add_row(episode, f"{sum(labelled.values())} | {sum(coached.values())}",
                      *(f"{labelled[n]} | {coached[n]}" for n in names))
    console.print(table)


def errors(console: Console, cases: list[Case], got: list[Verdict], moves_only: bool = False) -> None:
    for case, verdict in zip(cases, got):
        wrong = []
        if verdict.ask != case.ask:
            wrong.append(f"ask {verdict.ask} (want {case.ask})")
        if case.ask and verdict.kind != case.kind:
            wrong.append(f"kind {verdict.kind} (want {case.kind})")
        for flag, value in (("double", verdict.double), ("leading", verdict.leading),
                            ("follow_up", verdict.follow_up)):
            if case.ask and value != (flag in case.flags):
                wrong.append(f"{flag} {value}")
        if moves_only:
            wrong = [f"move {verdict.move} (want {case.move})"] if verdict.move != case.move else []
        if wrong:
            console.print(f"{case.where}: {'; '.join(wrong)} | {case.text[:200]}", markup=False, soft_wrap=True)


def print_moves(console: Console, cases: list[Case], splits: list[str]) -> None:
    """The move tables: accuracy beside the dev majority class, then precision / recall per move."""
    baseline = majority([c for c in cases if c.split == "dev"])
    scored = {}
    for split in splits:
        chosen = [c for c in cases if c.split == split]
        scored[split] = (chosen, [after(c) for c in chosen])
    table = Table(title="NewsInterview moves (text.moves)", title_justify="left")
    table.add_column("measure")
    columns = {split: move_measures(*pair, baseline) for split, pair in scored.items()}
    for split in splits:
        table.add_column(split, justify="right")
    for measure in next(iter(columns.values())):
        table.add_row(measure, *(column[measure] for column in columns.values()))
    table.caption = "baseline: every turn named the dev split's commonest move; coarse: the three follow-ups as one"
    console.print(table)
    console.print(move_table("moves: precision / recall per move, every host turn", scored))


def make_judge(name: str, cache: Path) -> Any:
    """The named local judge behind an answer cache (so a rerun asks nothing twice)."""
    from greenroom.backends import judge as judges

    made = judges.packaged_judge() if name == "packaged" else judges.smollm2_judge()
    return judges.cached(made, cache)


def judge_table(console: Console, cases: list[Case], splits: list[str], judge: Any) -> None:
    """Kind accuracy with and without the judge on the doubtful asks (`text.moves.doubtful_kind`),
    per split: how many were doubtful, how many the judge settled, and what that did to accuracy."""
    table = Table(title=f"judge on doubtful kinds ({judge.name})", title_justify="left")
    table.add_column("measure")
    rows: dict[str, list[str]] = {}
    for split in splits:
        table.add_column(split, justify="right")
        asks = [c for c in cases if c.split == split and c.ask]
        doubtful = [c for c in asks if moves.doubtful_kind(c.text)]
        started, cpu = time.perf_counter(), time.process_time()
        judged = {c.where: turns.confirmed_kind(c.text, questions.ask_kind(c.text), judge, True) for c in doubtful}
        wall, used = time.perf_counter() - started, time.process_time() - cpu
        settled = [c for c in doubtful if (judged[c.where][1] or {}).get("judge")]
        rules_right = sum(questions.ask_kind(c.text) == c.kind for c in doubtful)
        judge_right = sum(judged[c.where][0] == c.kind for c in doubtful)
        others_right = sum(questions.ask_kind(c.text) == c.kind for c in asks if c not in doubtful)
        for name, value in (
                ("doubtful asks", f"{len(doubtful)} of {len(asks)}"),
                ("judge named one kind", f"{len(settled)} of {len(doubtful)}"),
                ("kind accuracy on doubtful, rules", f"{rules_right / len(doubtful):.2f} ({rules_right}/{len(doubtful)})"),
                ("kind accuracy on doubtful, with judge", f"{judge_right / len(doubtful):.2f} ({judge_right}/{len(doubtful)})"),
                ("kind accuracy on all asks, rules", f"{(rules_right + others_right) / len(asks):.2f}"),
                ("kind accuracy on all asks, with judge", f"{(judge_right + others_right) / len(asks):.2f}"),
                ("seconds (wall / CPU)", f"{wall:.0f} / {used:.0f}")):
            rows.setdefault(name, []).append(value)
    for name, values in rows.items():
        table.add_row(name, *values)
    table.caption = "answers cached: a rerun's seconds are the cache's, not the model's"
    console.print(table)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "test", "both"), default="dev",
                        help="dev (the default, tuned on), test (score once, at the end) or both side by side")
    parser.add_argument("--errors", choices=("dev",), help="List the dev rows the new method gets wrong.")
    parser.add_argument("--judge", choices=("packaged", "smollm2"),
                        help="Also score a local judge on the doubtful kinds (packaged: Qwen2.5-Coder-1.5B, slow on CPU).")
    parser.add_argument("--judge-cache", type=Path, default=Path("/tmp/coach-cache/judge-kinds.sqlite"),
                        help="SQLite file keeping the judge's answers between runs.")
    parser.add_argument("--move-errors", choices=("dev",), help="List the dev rows whose move the rules get wrong.")
    args = parser.parse_args(argv)
    console = Console(highlight=False)
    if not CORPUS.is_dir():
        console.print(f"no corpus at {CORPUS}: nothing to score")
        return 0
    cases = load_cases()
    splits = ["dev", "test"] if args.split == "both" else [args.split]
    old = before_rule(old_turns())
    table = Table(title=f"host questions ({', '.join(f'{s}: {sum(c.split == s for c in cases)} host turns' for s in splits)})",
                  title_justify="left")
    table.add_column("measure")
    columns = {}
    for split in splits:
        chosen = [c for c in cases if c.split == split]
        for name, rule in (("before", old), ("after", after)):
            table.add_column(f"{split} {name}", justify="right")
            columns[(split, name)] = measures(chosen, [rule(c) for c in chosen])
    for measure in next(iter(columns.values())):
        table.add_row(measure, *(column[measure] for column in columns.values()))
    table.caption = (f"kind target >= {KIND_TARGET}; before = analyze/turns.py at {BEFORE_REV}; "
                     "ask = question or request, permission alone is not an ask")
    console.print(table)
    print_moves(console, cases, splits)
    for split in splits:
        follow_up_mix(console, cases, split)
    if args.judge:
        judge_table(console, cases, splits, make_judge(args.judge, args.judge_cache))
    if args.errors or args.move_errors:
        chosen = [c for c in cases if c.split == "dev"]
        errors(console, chosen, [after(c) for c in chosen], moves_only=not args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
