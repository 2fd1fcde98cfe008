"""The real transcripts in ../shared/corpus read well: speakers, turns, chapters, no junk."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from greenroom import formats
from greenroom.model import Interview

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FERRISS = CORPUS / "tim-ferriss-transcripts"
LEX = CORPUS / "chaptered-transcripts"
PODCASTS = CORPUS / "transcriptator-podcasts"

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent")


def load(path: Path) -> Interview:
    if not path.is_file():
        pytest.skip(f"{path.name} is absent")
    return formats.load(path)


def talk(interview: Interview) -> Counter[str]:
    return Counter(interview.speaker_name(u.speaker) for u in interview.utterances)


@pytest.mark.parametrize("number, guest, least", [
    ("563", "Sarah Silverman", 200), ("565", "Michael Schur", 300),
    ("573", "Margaret Atwood", 350), ("649", "Rick Rubin", 150),
])
def test_tim_ferriss_transcripts(number: str, guest: str, least: int) -> None:
    interview = load(FERRISS / f"{number}.txt")
    assert interview.source.format == "text"
    assert set(talk(interview)) == {"Tim Ferriss", guest}
    assert least <= len(interview.utterances) <= least * 1.5
    assert interview.title.endswith(("More", f"(#{number})")) and f"{number}" in interview.title
    assert "Please enjoy" not in interview.text and "Transcripts may contain" not in interview.text
    assert "Related and Recommended" not in interview.text and "900 million downloads" not in interview.text
    assert interview.utterances[0].speaker == interview.speakers[0].id  # Tim opens
    assert interview.source.timing == "estimated"
    assert 45 * 60_000 < interview.duration < 3 * 3_600_000
    assert all(not u.text.startswith(("Tim Ferriss:", f"{guest}:")) for u in interview.utterances)


def test_marks_in_ferriss_transcripts_are_not_words_and_pin_the_clock() -> None:
    interview = load(FERRISS / "565.txt")
    assert [m.kind for m in interview.marks] == ["inaudible"] * 3  # one left unclosed in the file
    assert "[inaudible" not in interview.text
    # [inaudible 01:12:35] pins its paragraph; the mark lands by its place in the words
    assert abs(interview.marks[1].start - (1 * 3600 + 12 * 60 + 35) * 1000) < 2_000


def test_show_notes_page_without_a_transcript() -> None:
    interview = load(FERRISS / "602.txt")  # only pull quotes and show notes: no turns at all
    assert set(talk(interview)) == {"Bill Burr"}
    assert 5 <= len(interview.utterances) <= 10
    assert "SCROLL BELOW" not in interview.text and "5-Bullet Friday" not in interview.text
    assert interview.title.startswith("#602")
    assert len(interview.chapters) == 15 and interview.chapters[0].start == 339_000


@pytest.mark.parametrize("name, speakers, turns", [
    ("lex-447-cursor-team", {"Lex", "Michael", "Sualeh", "Arvid", "Aman"}, 409),
    ("lex-475-demis-hassabis-2", {"Lex Fridman", "Demis Hassabis"}, 289),
])
def test_lex_labelled_text(name: str, speakers: set[str], turns: int) -> None:
    interview = load(LEX / f"{name}.labelled.txt")
    reference = json.loads((LEX / f"{name}.reference.json").read_text(encoding="utf-8"))
    assert interview.source.format == "text" and interview.source.timing == "exact"
    assert set(talk(interview)) == speakers
    assert len(interview.utterances) == turns == len(reference["turns"])
    got = [(interview.speaker_name(u.speaker), u.start) for u in interview.utterances]
    assert got == [(t["speaker"], t["start_ms"]) for t in reference["turns"]]
    assert all("[inaudible" not in u.text for u in interview.utterances)


@pytest.mark.parametrize("name, speakers, chapters", [
    ("lex-447-cursor-team", {"Lex", "Michael", "Sualeh", "Arvid", "Aman"}, 22),
    ("lex-475-demis-hassabis-2", {"Lex Fridman", "Demis Hassabis"}, 24),
])
def test_lex_markdown_chapters(name: str, speakers: set[str], chapters: int) -> None:
    interview = load(LEX / f"{name}.md")
    reference = json.loads((LEX / f"{name}.reference.json").read_text(encoding="utf-8"))
    assert interview.source.format == "md" and interview.title.startswith("Transcript for ")
    assert set(talk(interview)) == speakers
    assert len(interview.chapters) == chapters
    assert [(c.title, c.start) for c in interview.chapters] == [
        (c["title"], c["start_ms"]) for c in reference["chapters"]]
    assert all(a.end == b.start for a, b in zip(interview.chapters, interview.chapters[1:]))
    assert len(reference["turns"]) <= len(interview.utterances) <= 1.4 * len(reference["turns"])
    assert "Table of Contents" not in interview.text and "Go back to" not in interview.text
    assert "  " not in interview.text  # the page's double spaces are gone


@pytest.mark.parametrize("name, fmt, speakers, least", [
    ("buzzcast.json", "podcast-json", {"Alban", "Kevin", "Travis", "Tom", "Dave"}, 30),
    ("how_to_start_a_podcast.json", "podcast-json", {"Travis", "Eric"}, 30),
    ("podnews_weekly_review_2023-05-05.json", "podcast-json",
     {"James C", "Jingles", "Sam Sethi", "Chris Quamme Rhoden", "Nick Hilton"}, 15),
    ("podnews_weekly_review_2023-06-02.json", "podcast-json", {"Speaker 1", "Speaker 2"}, 2),
    ("buzzcast.html", "podcast-html", {"Alban", "Kevin", "Travis", "Tom", "Dave"}, 30),
    ("podnews_weekly_review_2023-03-17.html", "podcast-html", {"", "Norma-Jean Belenky", "Jingle"}, 5),
])
def test_podcast_transcripts(name: str, fmt: str, speakers: set[str], least: int) -> None:
    interview = load(PODCASTS / name)
    assert interview.source.format == fmt and interview.source.timing == "exact"
    assert set(talk(interview)) == speakers
    assert least <= len(interview.utterances) <= 200
    starts = [u.start for u in interview.utterances]
    assert starts == sorted(starts)


def test_buzzcast_json_and_html_agree() -> None:
    as_json, as_html = load(PODCASTS / "buzzcast.json"), load(PODCASTS / "buzzcast.html")
    assert abs(as_json.duration - as_html.duration) < 60_000
    assert " ".join(as_json.text.split())[:200] == " ".join(as_html.text.split())[:200]


def test_word_level_podcast_json_keeps_words() -> None:
    interview = load(PODCASTS / "how_to_start_a_podcast.json")
    words = [w for u in interview.utterances for w in u.words]
    assert len(words) > 2000
    assert sum(len(u.text.split()) for u in interview.utterances) == len(words)
    tokens = load(PODCASTS / "podnews_weekly_review_2023-06-02.json")
    assert tokens.utterances[0].text.startswith("It's Friday, the 2nd of June 2023.")
