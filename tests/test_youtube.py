"""YouTube auto-captions: rolling WebVTT and json3, rebuilt without repeats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from caption_fixtures import DATA

from greenroom.errors import FormatError
from greenroom.formats import dump, load, parse, sniff, youtube, youtube_json3

CAPTIONS = Path(__file__).resolve().parents[1] / DATA


def test_rolling_vtt_has_no_repeats_and_keeps_word_times() -> None:
    interview = load(CAPTIONS / "youtube_rolling.vtt")
    assert interview.source.format == "youtube"
    assert interview.language == "en"
    texts = [u.text for u in interview.utterances]
    assert texts == ["okay so today we're on set for the last day of filming",
                     "and it's freezing out here", "tell me about it"]
    first = interview.utterances[0]
    assert [w.text for w in first.words] == first.text.split()
    assert (first.words[0].start, first.words[0].end) == (2760, 3120)  # untagged first word: cue start
    assert (first.words[5].start, first.words[5].end) == (4100, 5030)  # last word ends with its cue
    assert first.words[6].start == 5040
    for utt in interview.utterances:
        assert all(a.end <= b.start for a, b in zip(utt.words, utt.words[1:]))
        assert utt.start == utt.words[0].start and utt.end == utt.words[-1].end


def test_rolling_vtt_marks() -> None:
    interview = load(CAPTIONS / "youtube_rolling.vtt")
    marks = [(m.kind, m.start, m.utterance) for m in interview.marks]
    assert marks == [("music", 0, None), ("speaker-change", 7600, "u2"),
                     ("speaker-change", 10_200, "u3"), ("laughter", 12_010, None)]


def test_rolling_without_word_tags() -> None:
    cues = ["hello from the", "hello from the\nsecond unit", "second unit\nwe are rolling",
            "we are rolling\nin five", "in five\nfour three"]
    blocks = [f"00:00:0{n}.000 --> 00:00:0{n + 1}.000\n{text}\n" for n, text in enumerate(cues)]
    text = "WEBVTT\nKind: captions\nLanguage: en\n\n" + "\n".join(blocks)
    assert sniff(text, "x.vtt") == "youtube"
    interview = parse(text, "x.vtt")
    assert interview.text == "hello from the second unit we are rolling in five four three"
    assert interview.utterances[0].words == []


def test_sniff() -> None:
    rolling = (CAPTIONS / "youtube_rolling.vtt").read_text()
    assert youtube.sniff(rolling, "x.vtt") == 3
    assert youtube.sniff("WEBVTT\n\n00:01.000 --> 00:02.000\nHi.\n", "x.vtt") == 0
    assert youtube.sniff('{"events": []}', "x.json") == 0


def test_round_trip_through_srt_keeps_changes_and_marks() -> None:
    interview = load(CAPTIONS / "youtube_rolling.vtt")
    for fmt in ("srt", "vtt"):  # with `marks`: publishable captions leave the marks out
        back = parse(dump(interview, fmt, marks=True), f"x.{fmt}", fmt)
        assert back.equals(interview, scope="transcript", words=False), fmt


# -- json3 -------------------------------------------------------------------


def test_json3_events_to_words() -> None:
    interview = load(CAPTIONS / "youtube.json3")
    assert interview.source.format == "json3"
    first, second = interview.utterances
    assert first.text == "where do we want the camera by the fence I think"
    assert (first.start, first.end) == (1000, 6110)
    assert [(w.text, w.start, w.end) for w in first.words[:3]] == [("where", 1000, 1320), ("do", 1320, 1480),
                                                                   ("we", 1480, 1640)]
    # an event's end is cut where the next begins (the window scrolls, the words do not last)
    assert first.words[5].end == 3110
    assert second.text == "sounds good" and second.start == 11_300
    assert [m.kind for m in interview.marks] == ["music", "speaker-change"]


def test_json3_uploaded_captions_have_no_words() -> None:
    data = {"events": [{"tStartMs": 0, "dDurationMs": 2000, "segs": [{"utf8": "A whole line."}]}]}
    interview = parse(json.dumps(data), "x.json")
    assert interview.source.format == "json3"
    assert interview.utterances[0].text == "A whole line." and interview.utterances[0].words == []


@pytest.mark.parametrize("data, fragment", [
    ({"events": "nope"}, "must be a list"),
    ({"events": [{"tStartMs": "soon", "segs": [{"utf8": "hi"}]}]}, "tStartMs"),
    ({"events": [{"tStartMs": -5, "dDurationMs": 1, "segs": [{"utf8": "hi"}]}]}, "tStartMs"),
    ({"events": [{"tStartMs": 0, "segs": "hi"}]}, "segs"),
    ({"events": [{"tStartMs": 0, "wpWinPosId": 1}]}, "no json3 content"),
])
def test_json3_errors(data: object, fragment: str) -> None:
    with pytest.raises(FormatError, match=fragment):
        youtube_json3.read(json.dumps(data), "x.json")


def test_json3_invalid_json_names_the_line() -> None:
    with pytest.raises(FormatError) as caught:
        youtube_json3.read('{"events": [\n{"tStartMs": 0,,}]}', "x.json")
    assert caught.value.line == 2
