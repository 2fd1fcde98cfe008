"""Every importer is total: any bytes give an Interview or a typed InputError naming
the file (and the line where it can). Each crash class the fuzzer found has a
minimal file here, made by the test."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from greenroom import formats
from greenroom.errors import FormatError, InputError
from greenroom.formats.encoding import decode
from greenroom.library import Library

DEEP = {
    "json": '{"schema_version": 1, "utterances": [], "title": ' + "[" * 1000 + "]" * 1000 + "}",
    "whisper": '{"segments": [{"start": 0, "end": 1, "text": "hi", "x": ' + "[" * 5000 + "]" * 5000 + "}]}",
    "json3": '{"events": ' + "[" * 1000 + "]" * 1000 + "}",
    "podcast-json": '{"version": "1.0.0", "segments": ' + '{"a":' * 2000 + "1" + "}" * 2000 + "}",
}


@pytest.mark.parametrize("fmt", sorted(DEEP))
def test_deeply_nested_json_is_a_clean_error(fmt: str) -> None:
    with pytest.raises(FormatError, match="nested more than"):
        formats.parse(DEEP[fmt], "deep.json", fmt)


def test_nesting_inside_strings_does_not_count() -> None:
    text = json.dumps({"segments": [{"start": 0, "end": 1, "text": "[" * 5000}]})
    assert formats.parse(text, "brackets.json", "whisper").utterances[0].text == "[" * 5000


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999", "9" * 5000])
def test_json3_numbers_that_are_not_times_are_clean_errors(number: str) -> None:
    text = '{"events": [{"tStartMs": ' + number + ', "dDurationMs": 1000, "segs": [{"utf8": "hi"}]}]}'
    with pytest.raises(FormatError, match="invalid JSON"):
        formats.parse(text, "nan.json3", "json3")


HUGE_TIMES = {
    "srt": "1\n2000000000000:00:00,000 --> 2000000000000:00:01,000\nToo late.\n",
    "vtt": "WEBVTT\n\n00:00.000 --> 00:01.000\nFine.\n\n49:00:00.000 --> 49:00:01.000\nTwo days in.\n",
    "text": "Ann [00:00:01]: Hello.\n\nBob [49:00:00]: Much later.\n\nAnn [49:00:05]: Yes.\n",
    "whisper": json.dumps({"segments": [{"start": 1e12, "end": 1e12 + 1, "text": "hi"}]}),
    "json3": json.dumps({"events": [{"tStartMs": 10 ** 15, "dDurationMs": 1, "segs": [{"utf8": "hi"}]}]}),
}


@pytest.mark.parametrize("fmt", sorted(HUGE_TIMES))
def test_times_past_48_hours_are_refused(fmt: str) -> None:
    with pytest.raises(FormatError, match="out of range"):
        formats.parse(HUGE_TIMES[fmt], f"late.{fmt}", fmt)


def test_the_out_of_range_cue_is_named_by_its_line() -> None:
    with pytest.raises(FormatError) as caught:
        formats.parse(HUGE_TIMES["vtt"], "late.vtt", "vtt")
    assert caught.value.line == 6


def test_an_hour_of_5000_digits_is_a_clean_error() -> None:
    with pytest.raises(FormatError):
        formats.parse("1\n" + "9" * 5000 + ":00:00,000 --> 00:00:01,000\nHi.\n", "digits.srt", "srt")


def native(start: object, end: object) -> str:
    return json.dumps({"schema_version": 1, "id": "", "speakers": [], "utterances": [
        {"id": "u1", "start": start, "end": end, "speaker": None, "text": "hi", "words": []}]})


@pytest.mark.parametrize("start,end", [(10 ** 17, 10 ** 17 + 1), (0, 10 ** 16), (0.5, 1), (True, 2), (0, "2")])
def test_native_times_must_be_plausible_integers(start: object, end: object, tmp_path: Path) -> None:
    with pytest.raises(FormatError):
        formats.parse(native(start, end), "sent.json", "json")


def test_a_huge_native_time_never_reaches_sqlite(tmp_path: Path) -> None:
    """It overflowed SQLite's 64-bit integers at insert (OverflowError escaped)."""
    path = tmp_path / "huge.json"
    path.write_text(native(2 ** 63, 2 ** 63 + 1))
    with pytest.raises(InputError), Library(tmp_path / "library.db") as library:
        library.add(formats.load(path))


def test_a_crash_in_one_file_does_not_stop_the_others(greenroom, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from greenroom.formats import vtt

    def broken(text: str, path: str) -> None:
        raise RuntimeError("a bug in a reader")

    monkeypatch.setattr(vtt, "read", broken)
    bad, good = tmp_path / "a.vtt", tmp_path / "b.srt"
    bad.write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nHi.\n")
    good.write_text("1\n00:00:01,000 --> 00:00:02,000\nHello.\n")
    result = greenroom("import", str(bad), str(good))
    assert result.exit_code == 1
    assert result.stdout.startswith(f"imported {good}")
    assert result.stderr.strip().splitlines() == [
        f"greenroom: error: {bad}: unexpected RuntimeError reading it (a greenroom bug; --debug shows where)"]


# -- line endings and encodings ------------------------------------------------

DATA = Path(__file__).resolve().parent / "data"


@pytest.mark.parametrize("name", ["captions/film_shoot.srt", "captions/film_shoot_edge.vtt",
                                  "transcripts/colon.txt", "transcripts/chaptered.md"])
def test_cr_only_line_endings_read_like_lf(name: str, tmp_path: Path) -> None:
    lf = (DATA / name).read_bytes().replace(b"\r\n", b"\n")
    path = tmp_path / Path(name).name
    path.write_bytes(lf.replace(b"\n", b"\r"))
    old, new = formats.load(DATA / name), formats.load(path)
    assert [(u.start, u.end, u.text) for u in new.utterances] == [(u.start, u.end, u.text) for u in old.utterances]


def test_a_bom_and_a_stray_cp1252_byte_read_right() -> None:
    data = b"\xef\xbb\xbfAnn: It\x92s the caf\xc3\xa9.\n"
    assert decode(data, "x.txt") == "Ann: It\u2019s the caf\u00e9.\n"


def test_mixed_utf8_and_cp1252_keep_both_and_warn_with_the_line(caplog: pytest.LogCaptureFixture) -> None:
    data = "Ann: the café\nBob: the ".encode() + b"caf\xe9\n"
    with caplog.at_level(logging.WARNING):
        assert decode(data, "mixed.txt") == "Ann: the café\nBob: the café\n"
    assert "mixed.txt:2: byte 0xe9 is not UTF-8" in caplog.text


def test_plain_cp1252_still_reads_as_cp1252() -> None:
    assert decode(b"Ann: \x93Quoted\x94 caf\xe9\n", "old.txt") == "Ann: \u201cQuoted\u201d caf\u00e9\n"


# -- labels and what is left out ----------------------------------------------


def test_a_label_with_a_colon_inside_brackets_is_a_label() -> None:
    text = ("RZA (Wu-Tang: Clan): I built the beat first.\n\nDana: And then?\n\n"
            "RZA (Wu-Tang: Clan): Then the words.\n\nDana: Tell me.\n")
    iv = formats.parse(text, "rza.txt", "text")
    assert [(iv.speaker_name(u.speaker), u.text) for u in iv.utterances][:2] == [
        ("RZA", "I built the beat first."), ("Dana", "And then?")]


def test_a_stamp_with_frames_is_a_label_not_a_continuation() -> None:
    text = ("Ann [1:02:03:01]: First.\n\nBob [1:02:03:04]: Second.\n\nAnn [1:02:05:00]: Third.\n\n"
            "Bob [1:02:07:10]: Fourth.\n")
    iv = formats.parse(text, "smpte.txt", "text")
    assert [(iv.speaker_name(u.speaker), u.start) for u in iv.utterances] == [
        ("Ann", 3_723_000), ("Bob", 3_723_000), ("Ann", 3_725_000), ("Bob", 3_727_000)]


def test_front_matter_left_out_is_reported_with_its_lines(caplog: pytest.LogCaptureFixture) -> None:
    text = "Thanks for listening, these are notes.\n\nAnn: Hello.\n\nBob: Hi.\n\nAnn: Bye.\n\nBob: Bye.\n"
    with caplog.at_level(logging.WARNING):
        formats.parse(text, "notes.txt", "text")
    assert "notes.txt: line 1 left out" in caplog.text


def test_a_vtt_block_without_timing_is_reported(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        formats.parse("WEBVTT\n\nstray words\n\n00:01.000 --> 00:02.000\nHi.\n", "x.vtt", "vtt")
    assert "x.vtt: line 3 left out" in caplog.text


def test_a_lone_surrogate_escape_is_replaced_and_stores(tmp_path: Path) -> None:
    """`"\\ud800"` in a JSON string made a str no UTF-8 holds: SQLite's insert raised
    UnicodeEncodeError (the fuzz bench's one crash in 10,000 native files)."""
    text = json.dumps({"segments": [{"start": 0, "end": 1, "text": "caf\ud800 ok \U0001f600"}]})
    interview = formats.parse(text, "lone.json", "whisper")
    assert interview.utterances[0].text.startswith("caf\ufffd") and "\U0001f600" in interview.utterances[0].text
    with Library(tmp_path / "library.db") as library:
        library.add(interview)


def test_an_exact_duplicate_cue_is_left_out_with_its_line(caplog: pytest.LogCaptureFixture) -> None:
    cue = "00:00:01,000 --> 00:00:02,500\nWe shot it at dawn.\n\n"
    text = "1\n" + cue + "2\n" + cue + "3\n00:00:03,000 --> 00:00:04,000\nTwice, in fact.\n"
    with caplog.at_level(logging.WARNING):
        interview = formats.parse(text, "twice.srt", "srt")
    assert " ".join(u.text for u in interview.utterances) == "We shot it at dawn. Twice, in fact."
    assert "twice.srt: line 6 left out: it repeats the cue before it" in caplog.text


def test_a_repeated_line_in_a_transcript_is_kept() -> None:
    text = "Ann [00:00:01]: Yeah.\n\nAnn [00:00:01]: Yeah.\n\nBob [00:00:02]: Right.\n\nBob [00:00:03]: Sure.\n"
    assert len(formats.parse(text, "yeah.txt", "text").utterances) >= 2
