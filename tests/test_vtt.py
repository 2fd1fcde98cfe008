"""WebVTT: voices, comments, settings, odd timestamps and chapter tracks in;
escaped `<v Name>` cues out."""

from __future__ import annotations

from pathlib import Path

import pytest
from caption_fixtures import DATA, publishable_interviews, sample_interview
from golden import check_golden
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_srt import who

from greenroom import timecode
from greenroom.errors import FormatError
from greenroom.formats import dump, load, parse, vtt, youtube
from greenroom.model import Chapter, Interview

REPO = Path(__file__).resolve().parents[1]
CAPTIONS = REPO / DATA


def read(text: str) -> Interview:
    return parse(text, "t.vtt", "vtt")


# -- reading -----------------------------------------------------------------


def test_every_edge_case_in_one_file() -> None:
    interview = load(CAPTIONS / "film_shoot_edge.vtt")
    assert interview.source.format == "vtt"
    assert [s.label for s in interview.speakers] == ["Maya", "Tom Reyes"]  # <v.lead Tom Reyes> too
    assert who(interview) == ["Maya", "Tom Reyes", "Maya", "Maya", "Tom Reyes"]
    texts = [u.text for u in interview.utterances]
    assert texts[0] == "Morning, everyone. Coffee is on the truck."  # STYLE/REGION/NOTE skipped
    assert texts[1] == "We need the long lens & the slider by ten."  # tags gone, &amp; resolved
    # an unvoiced cue in a voiced file continues the voice before; "Props:" is not a speaker there
    assert texts[2] == "Copy that. Props: the letter goes on the desk, face down. Merci <3 from the crew too."
    assert texts[3:] == ["Lunch is at one.", "Then the night exterior."]  # two voices in one cue
    assert (interview.utterances[0].start, interview.utterances[0].end) == (1000, 3000)  # no hours
    assert interview.utterances[3].end == interview.utterances[4].start  # cue shared by characters
    assert interview.duration == 14_000


def test_bare_seconds_timestamps() -> None:
    interview = load(CAPTIONS / "bare_seconds.vtt")
    assert [(u.start, u.end) for u in interview.utterances] == [(500, 3250), (3400, 6000), (61_000, 64_500)]
    assert [s.label for s in interview.speakers] == ["SPEAKER_1", "SPEAKER_2"]
    assert interview.speakers[0].name is None  # an anonymous label is not a person


def test_chapter_track_becomes_chapters() -> None:
    interview = load(CAPTIONS / "chapters.vtt")
    assert interview.utterances == []
    assert interview.chapters == [Chapter(0, 65_000, "Arriving on location", authored=True),
                                  Chapter(65_000, 190_000, "Lighting the barn", authored=True),
                                  Chapter(190_000, 300_000, "Wrap party", authored=True)]
    assert interview.duration == 300_000


def test_kind_chapters_header_wins() -> None:
    interview = read("WEBVTT\nKind: chapters\n\n00:00.000 --> 00:05.000\nCold open\n")
    assert [c.title for c in interview.chapters] == ["Cold open"]


def test_short_caption_cues_are_not_chapters() -> None:
    interview = read("WEBVTT\n\n00:00.000 --> 00:02.000\nHello there\n\n00:02.000 --> 00:04.000\nGeneral Kenobi\n")
    assert interview.chapters == [] and len(interview.utterances) == 1


def test_header_fields_identifiers_and_settings() -> None:
    text = ("\ufeffWEBVTT FILE\r\nKind: captions\r\nLanguage: fr\r\n\r\n"
            "cue-1\r\n00:00:01.000 --> 00:00:02.500 align:start position:10% line:0\r\nBonjour.\r\n")
    interview = read(text)
    assert interview.language == "fr"
    assert [(u.start, u.end, u.text) for u in interview.utterances] == [(1000, 2500, "Bonjour.")]


def test_voice_closing_and_unclosed_and_class() -> None:
    text = ("WEBVTT\n\n00:01.000 --> 00:02.000\n<v.loud.intense Ana Lima>Cut!</v>\n\n"
            "00:02.000 --> 00:03.000\n<v Ben>Cutting.\n\n"
            "00:03.000 --> 00:04.000\n<v Ana Lima>Reset to one.</v>\n")
    interview = read(text)
    assert who(interview) == ["Ana Lima", "Ben", "Ana Lima"]
    assert len(interview.speakers) == 2


def test_prefix_labels_work_in_vtt_too() -> None:
    text = ("WEBVTT\n\n1\n00:01.000 --> 00:02.000\nDirector: Places.\n\n"
            "2\n00:02.000 --> 00:04.000\nActor: Which places?\n")
    assert who(read(text)) == ["Director", "Actor"]


def test_missing_blank_line_between_cues() -> None:
    text = "WEBVTT\n\n00:01.000 --> 00:02.000\nOne.\n00:02.000 --> 00:03.000\nTwo.\n"
    assert [u.text for u in read(text).utterances] == ["One.", "Two."]


@pytest.mark.parametrize("text, line, fragment", [
    ("WEBVTT\n\n00:00.000 -> 00:01.000\nHello\n", 3, "malformed timing"),
    ("WEBVTT\n\n00:01.000 --> 00:0x.000\nHello\n", 3, "timing"),
    ("WEBVTT\n\n00:29.000 --> 00:30.000\nA\n\n00:01.000 --> 00:02.000\nB\n", 6, "backwards"),
    ("WEBVTT\n\n00:09.000 --> 00:08.000\nA\n", 3, "ends before"),
])
def test_errors_name_the_line(text: str, line: int, fragment: str) -> None:
    with pytest.raises(FormatError) as caught:
        read(text)
    assert caught.value.line == line and fragment in caught.value.problem


@pytest.mark.parametrize("text", ["WEBVTT\n", "WEBVTT\n\nNOTE only a comment\n"])
def test_nothing_to_read_is_an_error(text: str) -> None:
    with pytest.raises(FormatError, match="no vtt content"):
        read(text)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be", "cp1252"])
def test_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "enc.vtt"
    path.write_bytes("WEBVTT\n\n00:01.000 --> 00:02.000\n<v Zoë>Déjà vu — encore.\n".encode(encoding))
    interview = load(path)
    assert interview.source.format == "vtt" and who(interview) == ["Zoë"]
    assert interview.utterances[0].text == "Déjà vu — encore."


def test_sniff_leaves_youtube_to_youtube() -> None:
    rolling = (CAPTIONS / "youtube_rolling.vtt").read_text()
    assert vtt.sniff(rolling, "x.vtt") < youtube.sniff(rolling, "x.vtt") == 3
    plain = (CAPTIONS / "bare_seconds.vtt").read_text()
    assert vtt.sniff(plain, "x.vtt") == 3 and youtube.sniff(plain, "x.vtt") == 0
    assert vtt.sniff("1\n00:00:01,000 --> 00:00:02,000\nHi\n", "x.srt") == 0


# -- writing -----------------------------------------------------------------


def test_golden_sample() -> None:
    check_golden("sample.vtt", dump(sample_interview(), "vtt"))


def test_golden_sample_with_marks() -> None:
    check_golden("sample-marks.vtt", dump(sample_interview(), "vtt", marks=True))


def test_sample_round_trips_with_escaping() -> None:
    """The words come back from publishable captions; every mark only with `marks`."""
    original = sample_interview()
    text = dump(original, "vtt")
    assert "Rain &amp; wind &gt; sun &lt; clouds" in text
    assert text.count("<v TOM REYES>") == 3
    back = read(text)
    assert [(u.start, u.end, u.text) for u in back.utterances] == \
        [(u.start, u.end, u.text) for u in original.utterances]
    assert [(m.kind, m.utterance) for m in back.marks] == [("laughter", "u5")]
    exact = read(dump(original, "vtt", marks=True))
    assert exact.equals(original, scope="transcript", words=False)


def test_chapters_write_as_a_chapter_track() -> None:
    chapters = load(CAPTIONS / "chapters.vtt")
    assert read(dump(chapters, "vtt")).chapters == chapters.chapters


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(publishable_interviews())
def test_round_trip_generated(interview: Interview) -> None:
    back = read(dump(interview, "vtt"))
    result = back.equals(interview, scope="transcript", words=False)
    assert result, str(result)


@given(st.text(alphabet="ab &<>;#/v.1", min_size=1, max_size=30).filter(lambda s: "  " not in s))
def test_escaping_round_trip(text: str) -> None:
    assert vtt.clean(vtt.escape(text)) == text


@given(st.integers(min_value=0, max_value=100 * 3_600_000 - 1))
def test_timecodes_round_trip(ms: int) -> None:
    assert timecode.parse(timecode.srt(ms)) == ms
    assert timecode.parse(timecode.vtt(ms)) == ms


def test_times_inside_text_are_text_and_headless_files_read() -> None:
    text = "00:01.000 --> 00:03.000\nCall time is\n06:00 - 06:30 sharp.\n"
    assert vtt.sniff(text, "x.vtt") == 1
    assert parse(text, "x.vtt").utterances[0].text == "Call time is 06:00 - 06:30 sharp."
