"""Caption export time by input size: SRT and WebVTT writing must be linear.

Issue 20 found export superlinear on runs of label-like words (`Bob:`, `JOHN
SMITH:`, `- Ann:`): a 20 KB transcript took 15 s, because no cue could start on
such a word, so one cue grew over the whole run and was re-wrapped at every word.
Each input here is generated at 20 KB, 200 KB and 2 MB; the time per KB should
stay flat (the last column is ms/KB against the same input's 20 KB row).

    python bench/export_bench.py [--rounds 3] [--sizes 20,200,2000]
"""

from __future__ import annotations

import argparse
import random
import sys

from import_bench import best_of
from rich.console import Console
from rich.table import Table

from greenroom import formats
from greenroom.model import Interview, Speaker, Utterance

LABEL_LIKE = ["Bob:", "JOHN SMITH:", "- Ann:", ">> Dr.", "Note:", "SPEAKER_1:"]
SENTENCES = ("the scene we shot at night was cold and the director kept saying again with feeling.",
             "I think the character listens more than he speaks, and that is where the story lives.")
SPEECH = [word for sentence in SENTENCES for word in sentence.split()]
SPEAKERS = [Speaker("S1", "DANA"), Speaker("S2", "Tom Hale")]


def label_run(kb: int) -> Interview:
    """One utterance that is a run of label-like words (issue 20's input)."""
    per_round = sum(len(w) + 1 for w in LABEL_LIKE)
    words = LABEL_LIKE * (kb * 1024 // per_round + 1)
    return Interview(speakers=SPEAKERS, utterances=[Utterance("u1", 0, len(words) * 250, "S2", " ".join(words))])


def interview_turns(kb: int) -> Interview:
    """Ordinary speech: turns of 5-60 words, two speakers, 3 words a second."""
    rng = random.Random(7)
    utterances: list[Utterance] = []
    size = clock = 0
    while size < kb * 1024:
        text = " ".join(rng.choice(SPEECH) for _ in range(rng.randint(5, 60)))
        end = clock + len(text.split()) * 330
        utterances.append(Utterance(f"u{len(utterances) + 1}", clock, end, f"S{len(utterances) % 2 + 1}", text))
        size, clock = size + len(text) + 1, end + rng.randint(200, 1500)
    return Interview(speakers=SPEAKERS, utterances=utterances)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sizes", default="20,200,2000", help="input sizes in KB")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    table = Table(title=f"caption export time by size (best of {args.rounds})", title_justify="left")
    for column in ("input", "format", "KB", "cues", "ms", "ms/KB", "ms/KB vs first size"):
        table.add_column(column, justify="left" if column in ("input", "format") else "right")
    worst = 0.0
    for name, make in (("label-like run", label_run), ("interview turns", interview_turns)):
        for fmt in ("srt", "vtt"):
            base = None
            for kb in sizes:
                interview = make(kb)
                text = formats.dump(interview, fmt)
                seconds = best_of(lambda: formats.dump(interview, fmt), args.rounds)  # noqa: B023
                per_kb = seconds * 1000 / kb
                base = base or per_kb
                worst = max(worst, per_kb / base)
                table.add_row(name, fmt, f"{kb:,}", f"{text.count(' --> '):,}", f"{seconds * 1000:,.0f}",
                              f"{per_kb:.2f}", f"{per_kb / base:.2f}x")
    Console(width=120).print(table)
    verdict = "linear" if worst <= 2.0 else "SUPERLINEAR"
    print(f"target: ms/KB within 2x of the smallest size at every size -> {verdict} (worst {worst:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
