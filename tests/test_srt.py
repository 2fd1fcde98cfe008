"""SRT: the loose files people really have in, caption-sized cues out."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest
from caption_fixtures import DATA, interviews, publishable_interviews, sample_interview
from golden import check_golden
from hypothesis import HealthCheck, given, settings

from greenroom import timecode
from greenroom.errors import FormatError
from greenroom.formats import dump, load, parse, sniff, srt
from greenroom.model import Interview, Utterance, Word

REPO = Path(__file__).resolve().parents[1]
FILM = REPO / DATA / "film_shoot.srt"


def read(text: str) -> Interview:
    return parse(text, "t.srt", "srt")


def who(interview: Interview) -> list[str | None]:
    return [interview.speaker_name(u.speaker) or None for u in interview.utterances]


# -- reading -----------------------------------------------------------------


def test_film_shoot_fixture() -> None:
    interview = load(FILM)
    assert interview.source.format == "srt"
    assert [s.label for s in interview.speakers] == ["MAYA", "Tom Reyes"]
    assert interview.speakers[0].name == "Maya"
    assert who(interview) == ["Maya", "Tom Reyes", None, None, "Maya", "Tom Reyes", "Maya"]
    texts = [u.text for u in interview.utterances]
    assert texts[0] == "Okay, rolling on scene twelve, take three. Everybody settle, please."
    assert texts[1] == "The light keeps drifting off the window. I think the cloud is back."
    assert texts[2:4] == ["Can we hold for the sun?", "Two minutes, no more."]
    assert texts[4] == "Fine, two minutes. Note: nobody touch the dolly."
    assert texts[-1] == "And action."
    assert (interview.utterances[0].start, interview.utterances[0].end) == (1000, 6000)
    assert interview.duration == 24_000
    kinds = [(m.kind, m.utterance) for m in interview.marks]
    assert ("music", None) in kinds and ("laughter", "u5") in kinds
    assert sum(1 for m in interview.marks if m.kind == "speaker-change") == 2


def test_dialogue_dashes_become_two_utterances_after_a_change() -> None:
    text = "1\n00:00:01,000 --> 00:00:03,000\n- Ready?\n- Ready.\n"
    interview = read(text)
    assert [u.text for u in interview.utterances] == ["Ready?", "Ready."]
    assert interview.utterances[0].end == interview.utterances[1].start
    assert [m.kind for m in interview.marks] == ["speaker-change", "speaker-change"]


def test_one_dash_line_is_just_text() -> None:
    interview = read("1\n00:00:01,000 --> 00:00:03,000\n- Ready when you are\nsaid the gaffer.\n")
    assert [u.text for u in interview.utterances] == ["- Ready when you are said the gaffer."]


@pytest.mark.parametrize("first, expect", [
    ("Note: keep the slate in frame.", None),       # a note, not a speaker
    ("Look: the boom is in the shot.", None),      # dialogue with a colon
    ("Warning: wet paint on set.", None),
    ("GAFFER: Lights up.", "Gaffer"),              # ALLCAPS shouts a speaker
    ("Priya Shah: Lights up.", "Priya Shah"),      # a one-off name is still a name
    ("Speaker 2: Lights up.", "Speaker 2"),
    ("We start at 10:30 sharp.", None),            # a time is not a label
    ("see http://example.com today", None),
    ("One Two Three Four Five: too long.", None),  # more than four words
])
def test_speaker_prefix_judgment(first: str, expect: str | None) -> None:
    interview = read(f"1\n00:00:01,000 --> 00:00:03,000\n{first}\n")
    assert who(interview) == [expect]


def test_a_stopword_label_that_recurs_is_a_speaker() -> None:
    cue = "{n}\n00:00:0{n},000 --> 00:00:0{n},500\nNarrator: Line {n}.\n"
    interview = read("\n".join(cue.format(n=n) for n in range(1, 4)))
    assert who(interview) == ["Narrator"] * 3


def test_label_only_inside_cue_when_known_elsewhere() -> None:
    text = ("1\n00:00:01,000 --> 00:00:03,000\nANN: We wrap at six.\n\n"
            "2\n00:00:03,000 --> 00:00:05,000\nat the latest.\nBEN: Not a minute later.\n\n"
            "3\n00:00:05,000 --> 00:00:06,000\nBEN: Deal.\n")
    interview = read(text)
    assert [u.text for u in interview.utterances] == [
        "We wrap at six. at the latest.", "Not a minute later.", "Deal."]
    assert who(interview) == ["ANN", "BEN", "BEN"]  # short shouts stay as written


def test_tags_numbers_crlf_and_missing_final_newline() -> None:
    text = ("\r\n\r\n3\r\n00:00:01,000 --> 00:00:02,000\r\n<i>Quiet</i> <b>on</b> "
            "<font color=\"red\">set.</font>{\\an8}\r\n\r\n"
            "00:00:02,500 --> 00:00:04,000 X1:10 X2:20 Y1:5 Y2:9\r\n<u>Rolling.</u>\r\n\r\n"
            "1\r\n00:00:05,000 --> 00:00:06,000\r\nSpeed.\r\n\r\n\r\n\r\n"
            "2\r\n00:00:06,000 --> 00:00:07,000\r\nAction.")
    interview = read(text)
    assert [u.text for u in interview.utterances] == ["Quiet on set.", "Rolling.", "Speed.", "Action."]
    assert interview.utterances[-1].end == 7000


def test_cue_with_no_text_is_skipped() -> None:
    interview = read("1\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:02,000 --> 00:00:03,000\nHi.\n")
    assert [u.text for u in interview.utterances] == ["Hi."]


def test_a_number_line_of_text_is_kept() -> None:
    interview = read("1\n00:00:01,000 --> 00:00:02,000\nThe count is\n42\n\n"
                     "2\n00:00:03,000 --> 00:00:04,000\nexactly.\n")
    assert interview.utterances[0].text == "The count is 42 exactly."


@pytest.mark.parametrize("text, line, fragment", [
    ("1\n00:00:01,000 --> 00:00:02,000\nA\n\n2\n00:00:0x,000 --> 00:00:03,000\nB\n", 6, "timing"),
    ("1\n00:00:01,000 -> 00:00:02,000\nA\n", 2, "malformed timing"),
    ("1\nabc --> def\nhello\n", 2, "timing"),
    ("1\n00:00:25,000 --> 00:00:26,000\nA\n\n2\n00:00:01,000 --> 00:00:02,000\nB\n", 6, "backwards"),
    ("1\n00:00:05,000 --> 00:00:04,000\nA\n", 2, "ends before it starts"),
    ("1\n00:61:00,000 --> 00:62:00,000\nA\n", 2, "out of range"),
    ("Hello there\n00:00:01,000 --> 00:00:02,000\nA\n", 1, "expected a cue"),
])
def test_errors_name_the_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(FormatError) as caught:
        read(text)
    assert caught.value.line == line
    assert fragment in caught.value.problem
    assert "\n" not in str(caught.value)


def test_no_cues_is_an_error() -> None:
    with pytest.raises(FormatError, match="no SRT cues"):
        read("1\n\n2\n")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "cp1252"])
def test_encodings(tmp_path: Path, encoding: str) -> None:
    text = "1\r\n00:00:01,000 --> 00:00:03,000\r\nRENÉ: Café crème, s’il vous plaît.\r\n"
    path = tmp_path / "enc.srt"
    path.write_bytes(text.encode(encoding))
    interview = load(path)
    assert interview.source.format == "srt"
    assert interview.utterances[0].text == "Café crème, s’il vous plaît."
    assert interview.speakers[0].name == "René"


def test_sniff() -> None:
    assert srt.sniff("1\n00:00:01,000 --> 00:00:02,000\nHi\n", "x") == 3
    assert srt.sniff("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n", "x") == 0
    assert srt.sniff("Just some prose: nothing timed.", "x") == 0
    assert sniff("\ufeff1\n00:00:01,000 --> 00:00:02,000\nHi\n", "x.txt") == "srt"


# -- writing -----------------------------------------------------------------


def cues_of(text: str) -> list[tuple[int, int, list[str]]]:
    """(start, end, text lines) of each cue in SRT text."""
    out = []
    for block in text.strip().split("\n\n"):
        lines = block.split("\n")
        start, end = (timecode.parse(t) for t in lines[1].split(" --> "))
        out.append((start, end, lines[2:]))
    return out


def test_golden_sample() -> None:
    check_golden("sample.srt", dump(sample_interview(), "srt"))


def test_golden_sample_with_marks() -> None:
    check_golden("sample-marks.srt", dump(sample_interview(), "srt", marks=True))


def test_sample_round_trips() -> None:
    """Publishable captions carry the words and the inline laugh (timed by its
    place in the cue); the standalone [Music] is not a caption. With `marks`
    every mark comes back at its exact time."""
    original = sample_interview()
    back = read(dump(original, "srt"))
    assert [(u.start, u.end, u.text) for u in back.utterances] == \
        [(u.start, u.end, u.text) for u in original.utterances]
    assert [(m.kind, m.utterance) for m in back.marks] == [("laughter", "u5")]
    exact = read(dump(original, "srt", marks=True))
    assert exact.equals(original, scope="transcript", words=False), str(exact.equals(original, scope="transcript"))
    assert [m.utterance for m in exact.marks] == [None, "u5"]


def test_cues_are_caption_sized() -> None:
    long_text = " ".join(f"word{n}" for n in range(120))
    interview = Interview(utterances=[Utterance("u1", 0, 60_000, None, long_text)])
    cues = cues_of(dump(interview, "srt"))
    assert len(cues) > 5
    for start, end, lines in cues:
        assert len(lines) <= 2 and all(len(line) <= 42 for line in lines)
        assert end - start <= 7000
    assert cues[0][0] == 0 and cues[-1][1] == 60_000
    assert all(a[1] == b[0] for a, b in pairwise(cues))


def test_word_times_place_the_cuts() -> None:
    words = [Word(i * 1000, i * 1000 + 900, f"w{i}") for i in range(20)]
    utt = Utterance("u1", 0, 20_000, None, " ".join(w.text for w in words), words)
    cues = cues_of(dump(Interview(utterances=[utt]), "srt"))
    starts = [c[0] for c in cues]
    assert all(s % 1000 == 0 for s in starts)  # every cut falls on a word's start
    assert all(b - a <= 7000 for a, b in pairwise(starts))


def test_label_only_on_first_cue() -> None:
    text = dump(sample_interview(), "srt")
    assert len(re.findall(r"^TOM REYES: ", text, re.MULTILINE)) == 3
    assert "\nThe crew was early, the weather was kind,\n" in text  # u2's second cue: no label


def test_overlapping_utterances_keep_cues_in_order() -> None:
    """Cues of overlapping utterances interleave by time, each within the limits;
    a cue after someone else's names its speaker again, so every word comes back
    to whoever said it (Fred's long turn reads back as two utterances around Bill's)."""
    from greenroom.model import Speaker
    interview = Interview(speakers=[Speaker("S1", "Fred"), Speaker("S2", "Bill")], utterances=[
        Utterance("u1", 0, 20_000, "S1", "Hi, my name is Fred and I will talk for a very long time " * 3),
        Utterance("u2", 2_500, 6_000, "S2", "Hi, I'm Bill."),
    ])
    text = dump(interview, "srt")
    cues = cues_of(text)
    assert all(a[0] <= b[0] for a, b in pairwise(cues))
    assert all(end - start <= 7000 and len(lines) <= 2 for start, end, lines in cues)
    back = read(text)
    said = {name: " ".join(u.text for u in back.utterances if back.speaker_name(u.speaker) == name)
            for name in ("Fred", "Bill")}
    assert said == {"Fred": " ".join(interview.utterances[0].text.split()), "Bill": "Hi, I'm Bill."}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(publishable_interviews())
def test_round_trip_generated(interview: Interview) -> None:
    back = read(dump(interview, "srt"))
    result = back.equals(interview, scope="transcript", words=False)
    assert result, str(result)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(interviews())
def test_round_trip_generated_keeps_the_words(interview: Interview) -> None:
    """Any interview (one-word and zero-length utterances too) reads back with its
    words, in order, by speaker, though short cues may have been merged or lengthened."""
    back = read(dump(interview, "srt"))
    def said(x: Interview) -> list[tuple[str, str]]:
        return [(x.speaker_name(u.speaker), word) for u in x.utterances for word in u.text.split()]
    assert said(back) == said(interview)


def test_times_inside_text_are_text() -> None:
    interview = read("1\n00:00:01,000 --> 00:00:03,000\nLunch is\n12:30 - 13:15 today.\n")
    assert interview.utterances[0].text == "Lunch is 12:30 - 13:15 today."
