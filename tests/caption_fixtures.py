"""A small hand-built interview for the caption writers, and Hypothesis strategies
for interviews that SRT and WebVTT can carry exactly."""

from __future__ import annotations

from hypothesis import strategies as st

from greenroom.model import Interview, Mark, Speaker, Utterance, Word

DATA = "tests/data/captions"


def sample_interview() -> Interview:
    """Two people on a film set: a long answer to cut, word times, an inline laugh,
    music between turns, and text with `&`, `<`, `>` for escaping."""
    words = ["We", "lost", "the", "light", "at", "four", "so", "we", "moved", "the", "whole", "unit", "inside"]
    timed = [Word(12_000 + i * 400, 12_000 + (i + 1) * 400, w) for i, w in enumerate(words)]
    return Interview(
        title="Barn day",
        speakers=[Speaker("S1", "Maya", role="interviewer"), Speaker("S2", "TOM REYES", "Tom Reyes", "guest")],
        utterances=[
            Utterance("u1", 1_000, 4_500, "S1", "What went wrong on the barn day?"),
            Utterance("u2", 5_000, 11_000, "S2",
                      "Honestly, nothing went wrong at first. The crew was early, the weather "
                      "was kind, and the generator started on the first pull, which never happens."),
            Utterance("u3", 12_000, 16_800, "S2", " ".join(words), timed),
            Utterance("u4", 20_000, 23_000, "S1", "Rain & wind > sun < clouds, then?"),
            Utterance("u5", 23_500, 26_000, "S2", "Then we laughed about it."),
        ],
        marks=[
            Mark(17_000, 19_500, "music", "[Music]"),
            Mark(25_000, 25_000, "laughter", "[laughs]", "S2", "u5", 15),
        ],
    )


LABELS = ("Ann", "BEN", "Cleo Park", "SPEAKER_1", "Dr. Okafor")
_WORD = st.from_regex(r"[A-Za-z][a-z']{0,11}[.,?!]?", fullmatch=True)


@st.composite
def interviews(draw: st.DrawFn) -> Interview:
    """Small labelled interviews: sorted, non-overlapping utterances with plain text."""
    count = draw(st.integers(1, 6))
    clock = draw(st.integers(0, 100_000))
    speakers: dict[str, Speaker] = {}
    utterances = []
    for n in range(count):
        label = draw(st.sampled_from(LABELS))
        speaker = speakers.setdefault(label, Speaker(f"S{len(speakers) + 1}", label))
        text = " ".join(draw(st.lists(_WORD, min_size=1, max_size=40)))
        clock += draw(st.integers(0, 5_000))
        length = draw(st.integers(0, 30_000))
        utterances.append(Utterance(f"u{n + 1}", clock, clock + length, speaker.id, text))
        clock += length
    return Interview(speakers=list(speakers.values()), utterances=utterances)


@st.composite
def publishable_interviews(draw: st.DrawFn) -> Interview:
    """`interviews()` as publishable captions carry them exactly: every utterance
    at least two words and MIN_MS long, at a speaking rate captions can show
    (60 to 150 ms a character), so no cue has to be merged or lengthened."""
    interview = draw(interviews())
    clock = draw(st.integers(0, 100_000))
    for utt in interview.utterances:
        if len(utt.text.split()) < 2:
            utt.text += " " + draw(_WORD)
        low = max(700, 60 * len(utt.text))
        clock += draw(st.integers(0, 5_000))
        utt.start, utt.end = clock, clock + draw(st.integers(low, max(low, 150 * len(utt.text))))
        clock = utt.end
    return interview
