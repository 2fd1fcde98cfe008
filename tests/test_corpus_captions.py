"""Every caption file of the shared corpus imports, and sensibly.

The corpus lives beside the repository (../shared/corpus); without it these
tests skip. Expectations are about shape (speakers named where the file names
them, no tags or timing arrows left in text, no rolling repeats, the right
length), not about the exact words.
"""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest

from greenroom.formats import dump, load, parse
from greenroom.model import Interview

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
EDGE = CORPUS / "vtt-edge-cases"
PODCASTS = CORPUS / "transcriptator-podcasts"

# file -> (format, speaker labels, duration in whole seconds)
EXPECTED: dict[str, tuple[str, list[str], int]] = {
    "vtt-edge-cases/1_Contain_Index_Number_like_1_2_3.vtt": ("vtt", [], 416),
    "vtt-edge-cases/2_No_Index_Number,_download_using_youtube-dl.vtt": ("vtt", [], 65),
    "vtt-edge-cases/3_Contain_Comment.vtt": ("vtt", [], 42),
    "vtt-edge-cases/4_No_Hour.vtt": ("vtt", ["Roger Bingham"], 26),
    "vtt-edge-cases/5_Position.vtt": ("vtt", [], 6),
    "vtt-edge-cases/6_Region.vtt": ("vtt", ["Fred", "Bill"], 32),
    "vtt-edge-cases/7_Comment.vtt": ("vtt", [], 9),
    "vtt-edge-cases/8_Chapters.vtt": ("vtt", [], 213),
    "transcriptator-podcasts/kde_express-16_kde_en_telegram.vtt": ("vtt", [], 141),
    "transcriptator-podcasts/podnews_daily_2024-01-25.vtt": ("vtt", ["SPEAKER_1"], 225),
    "transcriptator-podcasts/podnews_weekly_review_2024-01-19.vtt":
        ("vtt", ["SPEAKER_1", "SPEAKER_2", "SPEAKER_3", "SPEAKER_4"], 855),
    "transcriptator-podcasts/buzzcast.srt": ("srt", ["Alban", "Kevin", "Travis", "Tom", "Dave"], 1684),
    "transcriptator-podcasts/podcasting_20_episode_124.srt": ("srt", ["Adam Curry", "Unknown", "Dave Jones"], 2255),
}


def caption_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted([*EDGE.glob("*.vtt"), *PODCASTS.glob("*.srt"), *PODCASTS.glob("*.vtt")])


@pytest.fixture(scope="module")
def loaded() -> dict[str, Interview]:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent")
    return {str(p.relative_to(CORPUS)): load(p) for p in caption_files()}


def test_corpus_has_the_files_we_expect(loaded: dict[str, Interview]) -> None:
    assert set(EXPECTED) <= set(loaded)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_imports_sensibly(loaded: dict[str, Interview], name: str) -> None:
    interview = loaded[name]
    fmt, labels, seconds = EXPECTED[name]
    assert interview.source.format == fmt
    assert [s.label for s in interview.speakers] == labels
    assert interview.duration // 1000 == seconds
    for utt in interview.utterances:
        assert not re.search(r"<[A-Za-z/\d][^>]*>", utt.text), utt.text
        assert "-->" not in utt.text and "&amp;" not in utt.text
        assert utt.text.strip() and utt.start <= utt.end
    if labels:  # an unlabelled cue after a long silence stands alone, so "almost all"
        named = sum(1 for u in interview.utterances if u.speaker)
        assert named >= 0.95 * len(interview.utterances)


def test_no_rolling_repeats(loaded: dict[str, Interview]) -> None:
    for name, interview in loaded.items():
        texts = [u.text for u in interview.utterances]
        assert all(a != b for a, b in pairwise(texts)), name


def test_speaker_names_are_people_where_the_file_names_people(loaded: dict[str, Interview]) -> None:
    buzz = loaded["transcriptator-podcasts/buzzcast.srt"]
    assert {s.name for s in buzz.speakers} == {"Alban", "Kevin", "Travis", "Tom", "Dave"}
    assert buzz.utterances[0].text.startswith("It is so stinking nice")  # the label left the text
    podnews = loaded["transcriptator-podcasts/podnews_weekly_review_2024-01-19.vtt"]
    assert all(s.name is None for s in podnews.speakers)  # SPEAKER_n names nobody


def test_chapters_file(loaded: dict[str, Interview]) -> None:
    chapters = loaded["vtt-edge-cases/8_Chapters.vtt"]
    assert chapters.utterances == [] and len(chapters.chapters) == 4
    assert chapters.chapters[0].title == "Title Slide"


def test_dialogue_dashes_and_comments(loaded: dict[str, Interview]) -> None:
    comment = loaded["vtt-edge-cases/7_Comment.vtt"]
    assert [u.text for u in comment.utterances] == [
        "Never drink liquid nitrogen.", "It will perforate your stomach.", "You could die."]
    assert all("NOTE" not in u.text for i in loaded.values() for u in i.utterances)


@pytest.mark.parametrize("name", [n for n, (_, labels, _) in EXPECTED.items() if labels])
@pytest.mark.parametrize("fmt", ["srt", "vtt"])
def test_labelled_files_round_trip(loaded: dict[str, Interview], name: str, fmt: str) -> None:
    """Editors' captions (`marks`) read back as the transcript; publishable ones
    (short cues merged or lengthened, marks left out) keep who said every word."""
    interview = loaded[name]
    back = parse(dump(interview, fmt, marks=True), f"x.{fmt}", fmt)
    result = back.equals(interview, scope="transcript", words=False)
    assert result, str(result)
    published = parse(dump(interview, fmt), f"x.{fmt}", fmt)
    assert sorted(said(published)) == sorted(said(interview))


def said(interview: Interview) -> list[tuple[str, str]]:
    """(speaker, word) for every word said."""
    return [(interview.speaker_name(u.speaker), w) for u in interview.utterances for w in u.text.split()]
