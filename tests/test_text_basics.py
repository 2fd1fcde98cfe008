"""Shared text handling: encodings, non-speech marks, timecodes, duration parsing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greenroom import timecode
from greenroom.errors import FormatError
from greenroom.formats.encoding import decode
from greenroom.formats.marks import render_marks, split_marks

SAMPLE = "Tom: It’s “café” time — naïve, déjà vu."


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252"])
def test_decode_reads_what_editors_save(encoding: str) -> None:
    assert decode(SAMPLE.encode(encoding), "x.txt") == SAMPLE


def test_decode_refuses_empty_and_binary() -> None:
    with pytest.raises(FormatError, match="empty"):
        decode(b" \n", "x.srt")
    with pytest.raises(FormatError, match="binary"):
        decode(bytes(range(256)), "x.srt")


@pytest.mark.parametrize("raw, kind", [
    ("[Music]", "music"), ("[Laughter]", "laughter"), ("(laughs)", "laughter"), ("(LAUGHING)", "laughter"),
    ("[inaudible 00:03:39]", "inaudible"), ("[APPLAUSE]", "applause"), ("[crosstalk]", "crosstalk"),
    ("♪♪", "music"), ("♪ la la la ♪", "music"), ("[BLANK_AUDIO]", "silence"), ("(coughs)", "noise"),
    ("*laughs*", "laughter"), ("[chuckles]", "laughter"),
])
def test_marks_are_recognised(raw: str, kind: str) -> None:
    clean, marks = split_marks(f"Well {raw} that was fun.")
    assert clean == "Well that was fun."
    assert [(m.kind, m.text) for m in marks] == [(kind, raw)]
    assert render_marks(clean, [(marks[0].at, raw)]) == f"Well {raw} that was fun."


@pytest.mark.parametrize("text", ["[the film] was great", "(and I mean it) really", "I paid $5 (five dollars)"])
def test_editorial_brackets_stay_in_the_words(text: str) -> None:
    assert split_marks(text) == (text, [])


@given(st.integers(min_value=0, max_value=99 * 3_600_000))
def test_timecodes_round_trip(ms: int) -> None:
    assert timecode.parse(timecode.srt(ms)) == ms
    assert timecode.parse(timecode.vtt(ms)) == ms
    assert timecode.parse(timecode.stamp(ms)) == ms // 1000 * 1000


@pytest.mark.parametrize("text, ms", [("01:02.5", 62_500), ("1:02:03", 3_723_000), ("0.860", 860),
                                      ("00:00:01,2", 1_200), ("12", 12_000), ("00:00:01.0005", 1_000)])
def test_timecode_shapes(text: str, ms: int) -> None:
    assert timecode.parse(text) == ms


@pytest.mark.parametrize("text", ["", "1:60", "01:61:00", "abc", "1::2", "-1", "1:2:3:4"])
def test_bad_timecodes_name_themselves(text: str) -> None:
    with pytest.raises(timecode.TimecodeError):
        timecode.parse(text)


@pytest.mark.parametrize("text, ms", [("90s", 90_000), ("1m30s", 90_000), ("2m", 120_000), ("1:30", 90_000),
                                      ("1h", 3_600_000), ("1.5s", 1_500)])
def test_durations(text: str, ms: int) -> None:
    assert timecode.parse_duration(text) == ms
