"""Podcasting 2.0 transcripts: JSON (caption lines or words) and HTML."""

from __future__ import annotations

import pytest
from transcript_fixtures import DATA

from greenroom import formats
from greenroom.errors import FormatError
from greenroom.formats import podcast_html, podcast_json


def test_caption_lines_sharing_a_time_join_into_utterances() -> None:
    interview = formats.load(DATA / "podcast_captions.json")
    assert interview.source.format == "podcast-json"
    assert [(interview.speaker_name(u.speaker), u.start, u.end) for u in interview.utterances] == [
        ("Nora", 0, 6_000), ("Dev", 6_400, 15_000), ("Dev", 18_000, 20_000)]  # a 3 s pause splits
    assert interview.utterances[0].text == ("Welcome back to Set Talk. Today I'm with Dev Castellan, "
                                            "who played the lighthouse keeper. Dev, how were the night shoots?")


def test_long_turns_break_at_a_sentence_end() -> None:
    segments = ",".join(
        f'{{"speaker": "Dev", "startTime": {i * 3}, "endTime": {i * 3 + 3}, "body": "Part {i} ends here."}}'
        for i in range(6))
    interview = podcast_json.read(f'{{"version": "1.0.0", "segments": [{segments}]}}', "x.json")
    assert [u.text for u in interview.utterances] == [
        "Part 0 ends here. Part 1 ends here. Part 2 ends here.", "Part 3 ends here. Part 4 ends here. Part 5 ends here."]


def test_word_segments_become_words() -> None:
    interview = formats.load(DATA / "podcast_words.json")
    assert [u.text for u in interview.utterances] == ["How cold was it?", "Very cold."]
    words = interview.utterances[1].words
    assert [(w.text, w.start, w.end) for w in words] == [("Very", 1_800, 2_100), ("cold.", 2_110, 2_600)]


def test_token_segments_with_spaces_and_punctuation() -> None:
    interview = formats.load(DATA / "podcast_tokens.json")
    assert [u.text for u in interview.utterances] == ["It's cold, Dev.", "Yes."]
    assert [w.text for w in interview.utterances[0].words] == ["It's", "cold,", "Dev."]
    assert all(s.name is None for s in interview.speakers)  # "Speaker 1" is anonymous


@pytest.mark.parametrize("text, problem", [
    ('{"segments": [', "invalid JSON"),
    ('{"version": "1.0.0", "segments": {}}', "expected an object with a \"segments\" list"),
    ('{"segments": [{"speaker": "A", "body": "hi"}]}', "missing 'startTime'"),
    ('{"segments": [{"startTime": -1, "endTime": 2, "body": "hi"}]}', "bad segment"),
])
def test_bad_podcast_json_is_one_line(text: str, problem: str) -> None:
    with pytest.raises(FormatError, match=problem):
        podcast_json.read(text, "bad.json")


def test_html_cite_time_p() -> None:
    interview = formats.load(DATA / "podcast.html")
    assert interview.source.format == "podcast-html"
    assert interview.title == "Set Talk #12 transcript"
    assert [(interview.speaker_name(u.speaker), u.start) for u in interview.utterances] == [
        ("Nora", 0), ("Dev", 6_000), ("Nora", 3_723_000)]
    assert interview.utterances[0].text == "Welcome back to Set Talk. Today I'm with Dev Castellan."
    assert interview.utterances[1].text == "Thanks. It’s good to be out of the rain."
    assert [m.kind for m in interview.marks] == ["laughter"]
    assert interview.utterances[2].text == "One last question before we go."  # unclosed <p>


def test_html_without_cite() -> None:
    interview = formats.load(DATA / "podcast_nocite.html")
    assert [(interview.speaker_name(u.speaker), u.start) for u in interview.utterances] == [
        ("", 0), ("Dev", 12_000), ("Dev", 15_000)]


def test_html_bad_time_names_the_line() -> None:
    with pytest.raises(FormatError, match="bad timestamp") as err:
        podcast_html.read("<cite>A:</cite>\n<time>0:99</time>\n<p>hi</p>", "x.html")
    assert err.value.line == 2


def test_sniff() -> None:
    assert podcast_html.sniff("<html><body><p>Just a page 10:30</p></body></html>", "x.html") == 0
    assert podcast_json.sniff('{"segments": [{"start": 1, "end": 2, "text": "x"}]}', "x.json") == 0
    for name, fmt in (("podcast_captions.json", "podcast-json"), ("podcast_words.json", "podcast-json"),
                      ("podcast_tokens.json", "podcast-json"), ("podcast.html", "podcast-html"),
                      ("podcast_nocite.html", "podcast-html")):
        content = (DATA / name).read_text(encoding="utf-8")
        assert formats.sniff(content, name) == fmt, name
