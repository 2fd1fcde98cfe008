"""Question-linter quality: precision and recall per flag kind on hand-labelled questions.

`bench/labels/questions.tsv` holds interview questions we wrote ourselves, each with the
kinds it should be flagged with (`-` for none). Rows marked `dev` were written first and
the rules and the similarity threshold were tuned on them; rows marked `held1`... were
written later, each scored once before anything was learned from it. Below is which of
them were tuned on afterwards: the untuned ones (held10-held12) give the honest figures.

already-answered is judged against `bench/labels/past-interview.txt`, a short interview
we wrote (ten Q/A turns with a band's singer), read in memory with no library file.
The target is precision >= 0.85 and recall >= 0.8 for every kind.

How honest the splits are. `dev` was written first and tuned on. `held1` was written after
that and scored once: generic P 0.75 / R 0.43, leading 1.00 / 0.86, intrusive 0.86 / 0.75,
already-answered 1.00 / 0.67, every other kind 1.00 / 1.00. Its misses were then fixed (more
vague words, tag questions, dating and parenthood euphemisms, threshold 0.70 -> 0.68), so
`held2` was written next and scored once: generic 0.83 / 0.71, leading 1.00 / 0.75, intrusive
1.00 / 0.90, already-answered 1.00 / 0.50, every other kind 1.00 / 1.00. Three general gaps it
showed were fixed after (any negative auxiliary opening leads, "pay you" pries, "describe
yourself" is vague), so today's held2 table is tuned as well.

`held3` (10 paraphrases of past-interview questions, 12 same-topic questions that ask
something else, 3 other kinds) was written next, before any change to already-answered,
and scored once with the cosine-only method: already-answered P 0.75 / R 0.30 (3/10, one
false positive), double-barreled R 0.00 (1 labelled). Then already-answered gained the
content-word overlap rule (`LintOptions.overlap_floor`, `overlap`), tuned on dev, held1 and
held2 only (all three count as tuned now), and held3 was scored once more with the final
method: already-answered P 0.80 / R 0.40. Its already-answered figures have not been tuned
on. Its one double-barreled miss ("..., and who taught you to play it?") was fixed after
that (irregular past tenses in the second-ask rule), so that row is tuned.

`held4` (12 re-asks of past-interview questions, 12 same-topic questions that ask something
else) was written afterwards by a writer who saw only past-interview.txt, never the method or
the other splits, and scored once with the method above: already-answered P 0.80 / R 0.33
(4/12, one false positive), with MiniLM.

Then the embedder changed: all-mpnet-base-v2 (the `paraphrase` extra) replaced MiniLM as the
default where installed, its thresholds (prep.lint.MATCHING) swept on dev, held1 and held2
only. That sweep's printout also showed held3 and held4 at each cosine threshold, so both
count as seen; the thresholds were picked by a rule on the tuned splits alone (the middle of
the widest precision-1.00 plateau). `held5` (28 rows, written blind like held4) was then
scored once: already-answered P 0.62 / R 0.36. Its misses showed asks that lean on a setup
sentence ("You made this record in an old church. What drew you to that space?"), so the
setup sentence now counts with its ask (prep.lint.comparable); held5 counts as tuned since.
`held6` (30 rows, written blind, setups included) was scored once with that final method:
already-answered P 0.85 / R 0.73 with all-mpnet-base-v2, P 0.67 / R 0.53 with MiniLM
(`--embedder minilm`). Nothing was changed after for already-answered; it is the freshest
figure. One generic false positive it showed ("The title track gives the album its name.
Where does that song come from?") was fixed after (an ask that points back is judged with
its setup), so held6's generic row is tuned.

`held7` to `held12` (44 then 50 rows each, half re-asks, half same-topic new asks, many of
them close calls) were each written blind like held4-held6, by a fresh writer who saw only
past-interview.txt. Each was scored once with the method as it stood, then its misses
taught the next change, so held7 to held9 count as tuned:
- held6's misses led to the ask-frame rule (prep.lint.ASK_FRAMES: the same kind of ask counts
  from cosine 0.50; a different kind vetoes a match below 0.85). held7, scored once: P 0.68 /
  R 0.68 without it, P 0.74 / R 0.77 with it.
- held7's misses: frames from the ask before its setup, more kinds of ask (easiest, memory,
  compare...). held8: P 0.67 / R 0.64 without frames, P 0.86 / R 0.76 with.
- held8's misses: more lead-ins ("I have to ask:"), naming, lessons, plans. held9: P 0.70 /
  R 0.76 without frames, P 0.71 / R 0.80 with.
- held9's misses: a "which/what X" ask about another kind of work (a lyric, not a song) or
  naming someone the past exchange never mentions is vetoed like another kind of ask;
  duration, performing live. Nothing was changed after this, and three fresh splits were
  scored once each with the final method (all-mpnet-base-v2; "without frames" is the cosine
  and overlap rules alone; MiniLM for context):
  held10: P 1.00 / R 0.88 (without frames 0.71 / 0.68; MiniLM 1.00 / 0.76);
  held11: P 0.92 / R 0.96 (0.70 / 0.76; MiniLM 0.95 / 0.76);
  held12: P 0.92 / R 0.92 (0.73 / 0.76; MiniLM 1.00 / 0.88).
  Pooled, 75 re-asks and 75 new asks: P 0.95 / R 0.92. Those are the honest figures. The
  writers were told to make every question otherwise clean, and no other kind was flagged
  on any of the 150.
`held13` (60 rows: invented film, music and theatre projects; 20 clean including close calls,
40 flagged across every kind but too-long) was written blind by a labeller who never saw the
method or its output, and scored once, with all-mpnet-base-v2, after the linter's scoping,
index and rewrite work (which changes no flag on these rows) and with the committed rules as
well as the questions helper's text.questions rules then in the working tree (the same
figures): generic P 1.00 / R 0.29 (2 of 7), double-barreled 1.00 / 0.57 (4 of 7), intrusive
1.00 / 0.83, already-answered 1.00 / 0.86, closed and leading 1.00 / 1.00; 50/60 with exactly
the labelled kinds. Generic and double-barreled miss the recall target on it; nothing was
changed after, so it stays untuned.
Session 25 then tuned on held13's misses (so held13 counts as tuned since): a second ask
opening with a question word and its own past verb ("..., and what went wrong?"), more vague
words for the generic check (text/data/lint.toml vague_in_asks) and one stock question, a rift
with a relative as prying. held13 went generic R 0.29 -> 1.00, double-barreled 0.57 -> 1.00,
intrusive 0.83 -> 1.00 at precision 1.00; the tuned splits and held10-held12 did not move.
`held14` (99 rows: 16 generic, 15 double-barreled, 13 closed, 10 leading, 10 intrusive,
10 already-answered, 28 clean with close calls) was written in session 25 before its writer
read the linter's rules (but by the same helper who then tuned, so it knew the rows while
tuning), committed before the linter ran on it (1a32839), and scored once at e078768, with
only the dev-held13 splits linted until then (--split):
  generic P 1.00 / R 0.38 (6 of 16), closed 1.00 / 1.00, leading 1.00 / 0.90,
  double-barreled 1.00 / 0.93, intrusive 0.83 / 0.50 (5 of 10, one false flag),
  already-answered 0.82 / 0.90 (two false flags); 78/99 with exactly the labelled kinds.
Generic, intrusive and already-answered miss the target there. Generic's misses are stock
questions whose words look specific ("How do you deal with pressure?", "Where do you see
yourself in ten years?"): a word list cannot know that "pressure" names nothing.
`held15` (95 rows: 14 generic, 13 double-barreled, 14 closed, 10 leading, 10 intrusive,
10 already-answered, 28 clean) was then written and frozen (a7dee57) before anything was tuned
on held14, by the same helper, who knew the rules by then. held14's misses were tuned on
(the stock questions it showed, a contracted second ask, 'How proud were you...' as leading,
privacy's therapist / sobriety / weight / prison words, a stock question not matching a past
one by its kind of ask alone), and held15 was scored once at 0b40af5:
  generic P 1.00 / R 0.21 (3 of 14), closed 1.00 / 1.00, leading 1.00 / 1.00,
  double-barreled 1.00 / 0.92, intrusive 0.73 / 0.80 (three false flags: a divorce scene,
  a character's illness, the money of a first season), already-answered 0.80 / 0.80.
So held14's stock-question patterns did not carry over: 11 of held15's 14 stock questions
use other words ("How has fame changed you?", "What do you do to relax?"). Generic needs
something that tells a question about anything from one about something (the judge, or
nearness to a bank of stock questions), not a longer list. held14 counts as tuned from here;
held15 has not been tuned on, but its writer knew the rules, so write the next split blind.

Session 25 then gave generic a method that does not depend on one split's words: nearness in
meaning to a bank of 142 stock interview questions (greenroom/text/data/stock_questions.toml,
24 topics, written from general knowledge before the seen rows were studied) by the
already-answered embedder, vetoed by a name or acronym the stock question lacks and made
stricter by each content word it lacks (prep.lint.STOCK). The rule that fitted it was stated
first and used the seen splits (dev to held15, all seen by then) only: similarity >= 0.50 and
the lowest at which the bank check alone keeps precision >= 0.95 on them; the per-word weight
giving the most recall on them plus the bank's own example rows (MPNet 0.52 and 0.05; MiniLM
0.50 and 0.07). Intrusive learned that a private word belonging to the work is not private life
(the divorce scene, your character's illness, the money from the first season). On the seen
splits generic went tuned 0.94 / 1.00 -> 0.91 / 1.00, held15 1.00 / 0.21 -> 0.91 / 0.71, and
intrusive held15 0.73 / 0.80 -> 1.00 / 0.80; nothing else moved (`--no-stock` gives the patterns alone).
`held16` (129 rows: 29 generic, 19 closed, 14 leading, 14 double-barreled, 15 intrusive,
13 already-answered, 35 clean) was written blind by a labeller who never saw the rules,
committed (a35bdc5) while the method was built, never linted before the method was final, and
scored once at 012fde8 (all-mpnet-base-v2):
  generic P 0.84 / R 0.55 (16 right of 19 flagged, of 29), closed 0.81 / 0.89,
  leading 1.00 / 0.71, double-barreled 0.93 / 0.93, intrusive 0.58 / 0.47 (7 of 12, of 15),
  already-answered 1.00 / 0.92; 91/129 with exactly the labelled kinds.
The method before (patterns only, f997548), run on held16 for comparison after that scoring:
generic 0.50 / 0.10, intrusive 0.50 / 0.47, every other kind the same; 76/129. Generic and
intrusive still miss the target on a blind split: generic misses stock questions the bank
words differently or that sit behind a setup or a title ("How does it feel to finally have
<album> out in the world?"), and closed yes/no stock questions; intrusive misses prying
without a topic word (a father's view of the career, the biggest cheque, a house's price) and
flags work plots about money, children or scandal. Nothing was tuned on held16.

Pooled over each honest split scored once with the method of its day (held10-held13 at the
start of session 25, held14, held15 and held16 as above; 533 questions):
  generic 0.90 / 0.41 (27 right of 30 flagged, of 66), closed 0.93 / 0.96 (50/54/52),
  leading 1.00 / 0.88 (36 of 41), double-barreled 0.98 / 0.88 (43/44/49), intrusive 0.74 / 0.61
  (25/34/41), already-answered 0.93 / 0.90 (104/112/115).
One label was changed after scoring: held4's "Who did what ..., and how were the roles
divided ...?" also counts as double-barreled (questions.tsv says why).

    python bench/lint_bench.py [--split dev,held1,...|all] [--errors] [--index FILE] [--no-stock]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from greenroom import formats
from greenroom.backends.embed import default_embedder, paraphrase_embedder
from greenroom.prep.index import CachedEmbedder, VectorIndex
from greenroom.prep.lint import KINDS, Linted, Linter, LintOptions, past_questions

LABELS = Path(__file__).resolve().parent / "labels"
QUESTIONS = LABELS / "questions.tsv"
PAST = LABELS / "past-interview.txt"
PRECISION, RECALL = 0.85, 0.80
SPLITS = ("dev", "held1", "held2", "held3", "held4", "held5", "held6", "held7", "held8", "held9", "held10", "held11", "held12",
          "held13", "held14", "held15", "held16")

# Pooled tables: the splits rules were tuned on, the ones scored honestly before session 25
# (held13's generic and double-barreled misses were tuned on in that session), held14, held15 and held16.
POOLS = {"tuned (dev, held1-held9)": SPLITS[:10], "held10-held13": ("held10", "held11", "held12", "held13"),
         "held14": ("held14",), "held15": ("held15",), "held16": ("held16",)}


@dataclass
class Row:
    split: str
    kinds: set[str]
    question: str


def load_rows(path: Path = QUESTIONS) -> list[Row]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    rows = []
    for record in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        kinds = {k.strip() for k in record["kinds"].split(",") if k.strip() not in ("", "-")}
        unknown = kinds - set(KINDS)
        if unknown:
            raise SystemExit(f"{path}: unknown kinds {sorted(unknown)} for {record['question']!r}")
        rows.append(Row(record["split"], kinds, record["question"]))
    return rows


def score(rows: list[Row], linted: list[Linted], kind: str) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) for one kind."""
    tp = fp = fn = 0
    for row, item in zip(rows, linted):
        got, want = kind in item.kinds, kind in row.kinds
        tp += got and want
        fp += got and not want
        fn += want and not got
    return tp, fp, fn


def table(console: Console, title: str, rows: list[Row], linted: list[Linted]) -> bool:
    out = Table(title=f"{title}: {len(rows)} questions", title_justify="left")
    for column in ("kind", "labelled", "precision", "recall", "ok"):
        out.add_column(column, justify="left" if column == "kind" else "right")
    all_ok = True
    for kind in KINDS:
        tp, fp, fn = score(rows, linted, kind)
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        ok = precision >= PRECISION and recall >= RECALL
        all_ok &= ok
        out.add_row(kind, str(tp + fn), f"{precision:.2f}", f"{recall:.2f}", "yes" if ok else "NO")
    clean = sum(not r.kinds for r in rows)
    exact = sum(set(i.kinds) == r.kinds for r, i in zip(rows, linted))
    out.caption = f"{clean} clean questions; {exact}/{len(rows)} with exactly the labelled kinds"
    console.print(out)
    return all_ok


def errors(console: Console, rows: list[Row], linted: list[Linted]) -> None:
    for row, item in zip(rows, linted):
        if set(item.kinds) != row.kinds:
            console.print(f"[{row.split}] want {sorted(row.kinds)} got {sorted(item.kinds)}: {row.question}",
                          markup=False)


def pooled(console: Console, rows: list[Row], linted: list[Linted]) -> None:
    """One table, a column per pool (POOLS) whose splits were all linted: precision / recall
    and the counts behind them (true positives / flagged / labelled)."""
    present = {r.split for r in rows}
    pools = {name: splits for name, splits in POOLS.items() if set(splits) <= present}
    if not pools:
        return
    out = Table(title="pooled: precision / recall (true positives / flagged / labelled)", title_justify="left")
    out.add_column("kind")
    picked = {}
    for name, splits in pools.items():
        picked[name] = [i for i, r in enumerate(rows) if r.split in splits]
        out.add_column(f"{name} ({len(picked[name])})", justify="right")
    for kind in KINDS:
        cells = []
        for chosen in picked.values():
            tp, fp, fn = score([rows[i] for i in chosen], [linted[i] for i in chosen], kind)
            precision = tp / (tp + fp) if tp + fp else 1.0
            recall = tp / (tp + fn) if tp + fn else 1.0
            cells.append(f"{precision:.2f} / {recall:.2f} ({tp}/{tp + fp}/{tp + fn})")
        out.add_row(kind, *cells)
    console.print(out)


def split_list(text: str) -> list[str]:
    """The --split argument: split names separated by commas, each known."""
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in (*SPLITS, "all")]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"unknown split {', '.join(unknown) or text!r}; known: {', '.join(SPLITS)}, all")
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", type=split_list, default=["all"], metavar="NAME[,NAME...]",
                        help=f"Splits to lint and score (comma-separated): {', '.join(SPLITS)} or all (the default). "
                             "Only the named splits are linted, so a fresh split stays unseen.")
    parser.add_argument("--errors", action="store_true", help="List every question scored wrong.")
    parser.add_argument("--embedder", choices=("paraphrase", "minilm"), default="paraphrase",
                        help="paraphrase: all-mpnet-base-v2 where installed (the default); minilm: the fallback.")
    parser.add_argument("--index", type=Path, metavar="FILE",
                        help="Keep the vectors in this index (prep.index) so a rerun embeds nothing twice.")
    parser.add_argument("--no-stock", action="store_true",
                        help="Generic by the patterns alone, without the bank of stock questions (the method before it).")
    args = parser.parse_args(argv)
    console = Console(highlight=False)
    rows = [r for r in load_rows() if "all" in args.split or r.split in args.split]
    started = time.perf_counter()
    embedder = paraphrase_embedder() if args.embedder == "paraphrase" else default_embedder()
    if args.index:
        embedder = CachedEmbedder.around(VectorIndex(args.index), embedder)
    linter = Linter(LintOptions(stock_bank=not args.no_stock), past_questions(formats.load(PAST)), embedder)
    linted = linter.lint([r.question for r in rows])
    console.print(f"linted {len(rows)} questions in {time.perf_counter() - started:.1f}s with {embedder.name} "
                  f"(loading it included; thresholds {linter.matching()}, "
                  f"stock bank {'off' if args.no_stock else linter.stock_rule()})")
    ok = True
    splits = list(dict.fromkeys(r.split for r in rows))
    for split in splits:
        chosen = [i for i, r in enumerate(rows) if r.split == split]
        ok &= table(console, split, [rows[i] for i in chosen], [linted[i] for i in chosen])
        if args.errors:
            errors(console, [rows[i] for i in chosen], [linted[i] for i in chosen])
    pooled(console, rows, linted)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
