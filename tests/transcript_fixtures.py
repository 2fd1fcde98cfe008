"""A small hand-built Interview for the writer golden files and round trips."""

from __future__ import annotations

from pathlib import Path

from greenroom.model import (
    Chapter,
    Interview,
    Mark,
    Person,
    Source,
    Speaker,
    Utterance,
    Word,
)

DATA = Path(__file__).resolve().parent / "data" / "transcripts"


def sample_interview() -> Interview:
    """An actor interview: two speakers, a multi-utterance turn, inline and loose marks, chapters."""
    return Interview(
        id="sample",
        title="Dev Castellan on Salt Road",
        people=[Person("Nora Quill", "interviewer"), Person("Dev Castellan", "guest")],
        source=Source(format="json"),
        speakers=[Speaker("S1", "Nora Quill", "Nora Quill", "interviewer"),
                  Speaker("S2", "Dev Castellan", "Dev Castellan", "guest")],
        utterances=[
            Utterance("u1", 1_000, 4_500, "S1", "Dev, welcome. How were the night shoots?",
                      [Word(1_000, 1_400, "Dev,"), Word(1_450, 2_000, "welcome.")]),
            Utterance("u2", 5_200, 11_000, "S2", "Cold. Two fire trucks of water, six nights."),
            Utterance("u3", 11_400, 16_800, "S2", "The director brought soup every night, which helped."),
            Utterance("u4", 19_000, 21_300, "S1", "Would you do it again?"),
            Utterance("u5", 21_900, 25_000, "S2", "Tomorrow. Ask me again in a week though."),
        ],
        marks=[
            Mark(0, 900, "music", "[Music]"),
            Mark(6_000, 6_000, "laughter", "[laughs]", "S2", "u2", 5),
            Mark(17_500, 18_500, "pause", "[pause]"),
        ],
        chapters=[Chapter(0, 19_000, "Night shoots"), Chapter(19_000, 25_000, "Doing it again")],
    )
