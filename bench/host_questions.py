"""Labelled host questions from the Tim Ferriss pool: check them and count them.

The labels (bench/labels/host-questions/, made blind to greenroom's question code; see the README
there) name each host utterance by greenroom's own import of a corpus file ("u57") and a short
anchor of at most six words copied from the start of the asking sentence. They measure one question
detector/classifier: does the host ask (question, request or none), is the ask open or closed,
double-barreled, leading, a permission formula, a follow-up, and which NewsInterview move it is.

Who is the host: the utterance's speaker, as the importer names it, must be the pool's host
(HOST below, "Tim Ferriss": the name the transcripts print before his turns). Nothing else is
used (no role guessing), so a relabelled or renumbered import fails the check instead of skewing
a score.

    python bench/host_questions.py --check      # every row resolves; exit 1 naming each bad row
    python bench/host_questions.py --stats      # counts per split, ask, kind, move
    python bench/host_questions.py --agreement  # first vs second reading (ask, kind) where both exist
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from greenroom import formats
from greenroom.model import Interview

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
LABELS = REPO / "bench" / "labels" / "host-questions"
SPLIT = REPO / "bench" / "labels" / "moments" / "split.json"
HOST = "Tim Ferriss"
MAX_ANCHOR_WORDS = 6
ASKS = ("question", "request", "none")
KINDS = ("open", "closed", "-")
FLAGS = ("double", "leading", "permission", "follow_up")
MOVES = (
    "kick-off",
    "acknowledgement",
    "follow-up-elaborate",
    "follow-up-probe",
    "follow-up-re-ask",
    "topic-transition",
    "opinion",
    "verification",
    "challenge",
    "broadening",
    "other",
)


@dataclass(frozen=True)
class Row:
    file: str
    utterance: str
    anchor: str
    ask: str
    kind: str
    move: str
    flags: frozenset[str]


def first_readings() -> list[Path]:
    """One label file per episode (the first reading); second readings end in .r2.json."""
    return sorted(p for p in LABELS.glob("*.json") if not p.name.endswith(".r2.json"))


def second_readings() -> list[Path]:
    return sorted(LABELS.glob("*.r2.json"))


def split_of(file: str) -> str:
    """'test' or 'dev' by the frozen project split (bench/labels/moments/split.json)."""
    split = json.loads(SPLIT.read_text(encoding="utf-8"))
    return "test" if file in split["test"] else "dev" if file in split["dev"] else "none"


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s']", " ", text.lower().replace("’", "'"))).strip()


def anchor_problem(anchor: str, text: str) -> str | None:
    """Why the anchor does not locate itself in the utterance text, or None when it does."""
    words = _norm(anchor).split()
    if not words or len(words) > MAX_ANCHOR_WORDS:
        return f"anchor {anchor!r} must be 1 to {MAX_ANCHOR_WORDS} words"
    if f" {' '.join(words)} " not in f" {_norm(text)} ":
        return f"anchor {anchor!r} not found"
    return None


def row_problem(raw: dict) -> str | None:
    """Why a label row is malformed (before looking at the corpus), or None."""
    if raw.get("ask") not in ASKS:
        return f"ask {raw.get('ask')!r} is not one of {ASKS}"
    if raw.get("kind") not in KINDS:
        return f"kind {raw.get('kind')!r} is not one of {KINDS}"
    if (raw["ask"] == "none") != (raw["kind"] == "-"):
        return f"kind {raw['kind']!r} does not fit ask {raw['ask']!r} (only asks are open/closed)"
    if raw.get("move") not in MOVES:
        return f"move {raw.get('move')!r} is not a NewsInterview move {MOVES}"
    for flag in FLAGS:
        if not isinstance(raw.get(flag), bool):
            return f"{flag} must be true or false"
    return None


def load_rows(path: Path) -> tuple[dict, list[Row]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    rows = [
        Row(r["file"], r["utterance"], r["anchor"], r["ask"], r["kind"], r["move"],
            frozenset(f for f in FLAGS if r.get(f)))
        for r in data["labels"]
    ]
    return data, rows


def host_utterance_ids(interview: Interview) -> list[str]:
    return [u.id for u in interview.utterances if interview.speaker_name(u.speaker) == HOST]


def check_file(path: Path) -> list[str]:
    """Every problem with one label file, each naming the file and row."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        raws = data["labels"]
        interview = formats.load(CORPUS / data["file"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        return [f"{path.name}: cannot read ({error})"]
    problems = []
    by_id = {u.id: u for u in interview.utterances}
    hosts = host_utterance_ids(interview)
    for raw in raws:
        where = f"{path.name}: {raw.get('utterance')}"
        utterance = by_id.get(raw.get("utterance", ""))
        bad = row_problem(raw)
        if raw.get("file") != data["file"]:
            bad = f"file {raw.get('file')!r} is not the file's {data['file']!r}"
        elif utterance is None:
            bad = "no such utterance in the import"
        elif interview.speaker_name(utterance.speaker) != HOST:
            bad = f"speaker is {interview.speaker_name(utterance.speaker)!r}, not the host {HOST!r}"
        elif bad is None:
            bad = anchor_problem(str(raw.get("anchor", "")), utterance.text)
        if bad:
            problems.append(f"{where}: {bad}")
    problems += stretch_problems(path.name, data, raws, hosts)
    return problems


def stretch_problems(name: str, data: dict, raws: list[dict], hosts: list[str]) -> list[str]:
    """The stretch must be labelled whole: every host utterance from its first to its last id, once."""
    first, last = data.get("stretch", [None, None])
    if first not in hosts or last not in hosts:
        return [f"{name}: stretch {data.get('stretch')} does not start and end on host utterances"]
    expected = hosts[hosts.index(first) : hosts.index(last) + 1]
    labelled = [r.get("utterance") for r in raws]
    if labelled != expected:
        missing = sorted(set(expected) - set(labelled), key=expected.index)
        extra = [u for u in labelled if u not in expected]
        return [f"{name}: stretch not labelled whole (missing {missing[:5]}, extra or repeated {extra[:5]})"]
    return []


def check(paths: list[Path]) -> int:
    bad = 0
    for path in paths:
        problems = check_file(path)
        for line in problems:
            print(line)
        if not problems:
            _, rows = load_rows(path)
            asks = sum(r.ask != "none" for r in rows)
            print(f"{path.name}: ok, {len(rows)} host utterances, {asks} asks")
        bad += bool(problems)
    return bad


def stats(paths: list[Path]) -> None:
    """Counts per split: rows, asks by type, kinds, flags and moves."""
    by_split: dict[str, list[Row]] = {}
    episodes: Counter[str] = Counter()
    for path in paths:
        data, rows = load_rows(path)
        split = split_of(data["file"])
        episodes[split] += 1
        by_split.setdefault(split, []).extend(rows)
    splits = sorted(by_split)
    print(f"{'':24}" + "".join(f"{s:>8}" for s in splits) + f"{'all':>8}")

    def line(label: str, count: Callable[[list[Row]], int]) -> None:
        values = [count(by_split[s]) for s in splits]
        print(f"{label:24}" + "".join(f"{v:>8}" for v in values) + f"{sum(values):>8}")

    print(f"{'episodes':24}" + "".join(f"{episodes[s]:>8}" for s in splits) + f"{sum(episodes.values()):>8}")
    line("host utterances", len)
    for ask in ASKS:
        line(f"ask={ask}", _counter("ask", ask))
    line("asks (question+request)", lambda rows: sum(r.ask != "none" for r in rows))
    for kind in KINDS[:2]:
        line(f"kind={kind}", _counter("kind", kind))
    for flag in FLAGS:
        line(flag, _flag_counter(flag))
    for move in MOVES:
        line(f"move={move}", _counter("move", move))


def _counter(field: str, value: str) -> Callable[[list[Row]], int]:
    return lambda rows: sum(getattr(r, field) == value for r in rows)


def _flag_counter(flag: str) -> Callable[[list[Row]], int]:
    return lambda rows: sum(flag in r.flags for r in rows)


def agreement() -> None:
    """Agreement of two readings of the same episode per field (raw and Cohen's kappa)."""
    for second in second_readings():
        first = second.with_name(second.name.replace(".r2.json", ".json"))
        _, a_rows = load_rows(first)
        _, b_rows = load_rows(second)
        b_by_id = {r.utterance: r for r in b_rows}
        pairs = [(a, b_by_id[a.utterance]) for a in a_rows if a.utterance in b_by_id]
        for field in ("ask", "kind", "move"):
            labels = [(getattr(a, field), getattr(b, field)) for a, b in pairs]
            print(f"{first.stem} {field}: {agreement_line(labels)}")
        for flag in FLAGS:
            flags = [(flag in a.flags, flag in b.flags) for a, b in pairs]
            print(f"{first.stem} {flag}: {agreement_line(flags)}")


def agreement_line(labels: list[tuple]) -> str:
    n = len(labels)
    observed = sum(a == b for a, b in labels) / n
    left, right = Counter(a for a, _ in labels), Counter(b for _, b in labels)
    chance = sum(left[k] * right[k] for k in left) / (n * n)
    kappa = (observed - chance) / (1 - chance) if chance < 1 else 1.0
    return f"{n} rows, agreement {observed:.2f}, kappa {kappa:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", nargs="*", metavar="LABELS", help="check label files (default: all readings)")
    parser.add_argument("--stats", action="store_true", help="counts per split (first readings)")
    parser.add_argument("--agreement", action="store_true", help="first vs second reading, per field")
    args = parser.parse_args()
    if args.check is not None:
        if not CORPUS.is_dir():
            sys.exit(f"{CORPUS}: corpus folder not found")
        sys.exit(1 if check([Path(p) for p in args.check] or first_readings() + second_readings()) else 0)
    elif args.stats:
        stats(first_readings())
    elif args.agreement:
        agreement()
    else:
        parser.print_help()


if __name__ == "__main__":
    main()
