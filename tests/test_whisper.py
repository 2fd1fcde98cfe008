"""Whisper-family JSON: WhisperX, openai-whisper, faster-whisper, word_segments, whisper.cpp."""

from __future__ import annotations

import json

import pytest
from transcript_fixtures import DATA

from greenroom import formats
from greenroom.errors import FormatError
from greenroom.formats import whisper


def test_whisperx_segments_words_and_speakers() -> None:
    interview = formats.load(DATA / "whisperx.json")
    assert interview.source.format == "whisper" and interview.language == "en"
    assert [s.label for s in interview.speakers] == ["SPEAKER_00", "SPEAKER_01"]
    first = interview.utterances[0]
    assert (first.start, first.end, first.text) == (500, 4_200, "Let's start with the first audition.")
    assert [w.text for w in first.words][:2] == ["Let's", "start"] and first.words[0].confidence == 0.91


def test_words_without_times_are_interpolated() -> None:
    interview = formats.load(DATA / "whisperx.json")
    words = interview.utterances[1].words
    nineteen = next(w for w in words if w.text == "19.")
    assert (nineteen.start, nineteen.end) == (4_900, 6_000)  # between "was" and "Two"


def test_a_segment_splits_where_the_word_speaker_changes() -> None:
    interview = formats.load(DATA / "whisperx.json")
    names = [interview.speaker_name(u.speaker) for u in interview.utterances]
    assert names == ["SPEAKER_00", "SPEAKER_01", "SPEAKER_00"]
    assert interview.utterances[1].text == "I was 19. Two sizes too big."
    last = interview.utterances[2]
    assert (last.text, last.start, last.end) == ("Right.", 8_900, 9_600)


def test_faster_whisper_list_with_marks_and_confidence() -> None:
    interview = formats.load(DATA / "faster_whisper.json")
    assert interview.source.format == "whisper"
    assert [u.text for u in interview.utterances] == [
        "Let's start with the first audition.", "A borrowed jacket, two sizes too big."]
    assert [(m.kind, m.start) for m in interview.marks] == [("music", 3_520)]
    assert interview.utterances[1].confidence == pytest.approx(0.7408, abs=1e-4)  # exp(-0.3)
    assert interview.utterances[0].words[0].text == "Let's"  # leading space stripped


def test_word_segments_alone_become_sentences_per_speaker() -> None:
    interview = formats.load(DATA / "word_segments.json")
    assert [(interview.speaker_name(u.speaker), u.text) for u in interview.utterances] == [
        ("SPEAKER_00", "Hello Dev."), ("SPEAKER_01", "Hi Nora."), ("SPEAKER_01", "Thanks for having me.")]
    assert interview.utterances[2].words[-1].end == 3_200


def test_whisper_cpp_offsets() -> None:
    data = {"result": {"language": "en"}, "transcription": [
        {"timestamps": {"from": "00:00:00,000", "to": "00:00:02,000"}, "offsets": {"from": 0, "to": 2000},
         "text": " Hello there."}]}
    text = json.dumps(data)
    assert formats.sniff(text, "x.json") == "whisper"
    interview = whisper.read(text, "x.json")
    assert (interview.utterances[0].end, interview.language) == (2000, "en")


@pytest.mark.parametrize("text, problem", [
    ('{"segments": [{"start": 1}', "invalid JSON"),
    ('{"segments": [{"start": "soon", "end": 2, "text": "hi"}]}', "bad segment"),
    ('{"segments": [{"end": 2, "text": "hi"}]}', "without \"start\""),
    ('{"segments": 3}', "expected \"segments\""),
    ('"just a string"', "expected an object"),
    ('{"segments": [{"start": 5, "end": 2, "text": "hi"}]}', "ends before it starts"),
])
def test_bad_whisper_json_is_one_line(text: str, problem: str) -> None:
    with pytest.raises(FormatError, match=problem) as err:
        whisper.read(text, "bad.json")
    assert "\n" not in str(err.value)


def test_sniff() -> None:
    for name in ("whisperx.json", "faster_whisper.json", "word_segments.json"):
        content = (DATA / name).read_text(encoding="utf-8")
        assert whisper.sniff(content, name) == 3
        assert formats.sniff(content, name) == "whisper"
    assert whisper.sniff((DATA / "podcast_words.json").read_text(encoding="utf-8"), "p.json") == 0
    assert whisper.sniff('{"schema_version": 1, "utterances": []}', "n.json") == 0
