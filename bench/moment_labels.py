"""Ranked editor's picks of highlight moments, read from bench/labels/moments/.

One file per reading of one interview, `<pool>-<episode>.<reader>.json`:

    {"file": "tim-ferriss-pool/513.txt", "reader": "r1", "guest": "...",
     "picks": [{"rank": 1, "utterance": "u12", "utterance_end": "u12",
                "first_words": "So I was standing", "last_words": "never went back",
                "kind": "story", "hint": "paraphrase of at most eight words"}, ...]}

A pick is one whole story or thought, from its setup to its payoff, located by
the utterance it starts in, the utterance it ends in, and at most six words
copied from its first and its last sentence (short anchors: the corpus text is
never stored). `resolve` turns a pick into a (start ms, end ms) span on the
interview greenroom imports, by the characters' share of each utterance's time.

    python bench/moment_labels.py --view tim-ferriss-pool/513.txt   # numbered utterances to read
    python bench/moment_labels.py --check [FILE.json ...]           # every pick resolves
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from greenroom import formats
from greenroom.model import Interview, Utterance

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
LABELS = REPO / "bench" / "labels" / "moments"
SPLIT = LABELS / "split.json"
KINDS = {"story", "candid", "funny", "craft", "moving", "insight", "quote"}
MAX_ANCHOR_WORDS = 6


@dataclass(frozen=True)
class Pick:
    rank: int
    start: int
    end: int
    kind: str
    hint: str


@dataclass(frozen=True)
class Reading:
    file: str  # relative to the corpus folder
    reader: str
    picks: list[Pick]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s']", " ", text.lower().replace("’", "'"))).strip()


def _find(utterance: Utterance, words: str, last: bool) -> int:
    """Character offset in the utterance of the anchor's start (or end, for last words)."""
    text = utterance.text.lower().replace("’", "'")
    tokens = [re.escape(t) for t in _norm(words).split()]
    if not tokens or len(tokens) > MAX_ANCHOR_WORDS:
        raise ValueError(f"anchor {words!r} must be 1 to {MAX_ANCHOR_WORDS} words")
    pattern = re.compile(r"\b" + r"[^\w']+".join(tokens) + r"\b")
    found = list(pattern.finditer(text))
    if not found:
        raise ValueError(f"anchor {words!r} not found in {utterance.id}")
    return found[-1].end() if last else found[0].start()


def _time_at(utterance: Utterance, offset: int) -> int:
    return utterance.start + utterance.duration * offset // max(1, len(utterance.text))


def resolve(interview: Interview, pick: dict) -> Pick:
    """The pick as a time span on the interview, or ValueError naming what does not match."""
    by_id = {u.id: u for u in interview.utterances}
    first, last = by_id.get(pick["utterance"]), by_id.get(pick.get("utterance_end", pick["utterance"]))
    if first is None or last is None:
        raise ValueError(f"rank {pick.get('rank')}: no utterance {pick['utterance']}/{pick.get('utterance_end')}")
    if pick.get("kind") not in KINDS:
        raise ValueError(f"rank {pick.get('rank')}: kind {pick.get('kind')!r} is not one of {sorted(KINDS)}")
    start = _time_at(first, _find(first, pick["first_words"], last=False))
    end = _time_at(last, _find(last, pick["last_words"], last=True))
    if end <= start:
        raise ValueError(f"rank {pick.get('rank')}: ends before it starts")
    return Pick(int(pick["rank"]), start, end, pick["kind"], pick.get("hint", ""))


def load_interview(file: str) -> Interview:
    return formats.load(CORPUS / file)


def read(path: Path, interview: Interview | None = None) -> Reading:
    data = json.loads(path.read_text())
    interview = interview or load_interview(data["file"])
    picks = sorted((resolve(interview, p) for p in data["picks"]), key=lambda p: p.rank)
    return Reading(data["file"], data["reader"], picks)


def readings(reader: str | None = None) -> list[Path]:
    """Label files, all or one reader's (r1 is the primary reading of each interview)."""
    return sorted(p for p in LABELS.glob("*.json") if p != SPLIT and (reader is None or p.stem.endswith("." + reader)))


def split() -> dict[str, list[str]]:
    """{"dev": [...], "test": [...]}: corpus files, frozen before any labels or tuning."""
    return json.loads(SPLIT.read_text())


def view(file: str) -> None:
    interview = load_interview(file)
    for u in interview.utterances:
        minutes, seconds = divmod(u.start // 1000, 60)
        print(f"{u.id} [{minutes:d}:{seconds:02d}] {interview.speaker_name(u.speaker)}: {u.text}\n")


def check(paths: list[Path]) -> int:
    bad = 0
    for path in paths:
        try:
            reading = read(path)
        except (ValueError, KeyError) as error:
            print(f"{path.name}: {error}")
            bad += 1
            continue
        lengths = [(p.end - p.start) / 1000 for p in reading.picks]
        print(f"{path.name}: {len(reading.picks)} picks, {min(lengths):.0f}-{max(lengths):.0f} s (estimated times)")
    return bad


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--view", metavar="FILE", help="print a corpus file's utterances with their ids")
    parser.add_argument("--check", nargs="*", metavar="LABELS", help="check label files (default: all)")
    args = parser.parse_args()
    if args.view:
        view(args.view)
    elif args.check is not None:
        sys.exit(1 if check([Path(p) for p in args.check] or readings()) else 0)
    else:
        parser.print_help()


if __name__ == "__main__":
    main()
