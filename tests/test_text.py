"""Speaker-labelled plain text: every label shape, front/back matter, the txt writer."""

from __future__ import annotations

import pytest
from golden import check_golden
from transcript_fixtures import DATA, sample_interview

from greenroom import formats
from greenroom.errors import FormatError
from greenroom.formats import text
from greenroom.model import Interview

FOUR_TURNS = [
    ("Let's start with the first audition. What did you wear?", 3_000),
    ("A borrowed jacket, two sizes too big. The casting director laughed at me.", 9_000),
    ("And you still got the part.", 17_000),
    ("I got a callback. The part came four months later.", 20_000),
]


def load(name: str) -> Interview:
    return formats.load(DATA / name)


def who(interview: Interview) -> list[str]:
    return [interview.speaker_name(u.speaker) for u in interview.utterances]


def check_four_turns(interview: Interview, names: tuple[str, str], timed: bool) -> None:
    assert who(interview) == [names[0], names[1], names[0], names[1]]
    assert [u.text for u in interview.utterances] == [t for t, _ in FOUR_TURNS]
    if timed:
        assert [u.start for u in interview.utterances] == [ms for _, ms in FOUR_TURNS]
        assert interview.source.timing == "exact"
    else:
        assert interview.source.timing == "estimated"


def test_name_colon_text_with_front_and_back_matter() -> None:
    interview = load("colon.txt")
    assert interview.source.format == "text"
    assert [s.label for s in interview.speakers] == ["Nora Quill", "Dev Castellan"]
    assert interview.title.startswith("#12: Dev Castellan")
    assert "Please enjoy" not in interview.text and "Related and Recommended" not in interview.text
    assert "Listen to more" not in interview.text
    assert interview.utterances[0].text.startswith("Dev, welcome.")
    assert interview.utterances[-1].text == "The best I've had."


def test_a_sentence_with_a_colon_is_not_a_speaker() -> None:
    interview = load("colon.txt")
    assert len(interview.speakers) == 2
    assert any(u.text.startswith("Here's the thing: most people") for u in interview.utterances)
    assert any(u.text.startswith("Here's what nobody tells you:") for u in interview.utterances)


def test_unlabelled_paragraphs_continue_the_turn_one_utterance_each() -> None:
    interview = load("colon.txt")
    dev = [u for u in interview.utterances if interview.speaker_name(u.speaker) == "Dev Castellan"]
    assert len(dev) == 6  # four labelled turns, two continuation paragraphs
    texts = [u.text for u in interview.utterances]
    i = texts.index("Once. The cliff scene. I sat in the van and said to my agent, I can't do this one.")
    assert interview.speaker_name(interview.utterances[i + 1].speaker) == "Dev Castellan"
    assert interview.utterances[i + 1].text.startswith("Then the director came in with soup")
    starts = [u.start for u in interview.utterances]
    assert starts == sorted(starts) and interview.source.timing == "estimated"


def test_marks_leave_the_words() -> None:
    interview = load("colon.txt")
    assert [m.kind for m in interview.marks] == ["laughter"]
    assert all("[laughs]" not in u.text for u in interview.utterances)


def test_name_bracket_stamp_colon() -> None:
    check_four_turns(load("bracket_after.txt"), ("Nora", "Dev"), timed=True)


def test_bracket_stamp_before_name() -> None:
    check_four_turns(load("bracket_before.txt"), ("Nora", "Dev"), timed=True)


def test_name_paren_stamp_on_its_own_line() -> None:
    check_four_turns(load("paren_heading.txt"), ("Nora Quill", "Dev Castellan"), timed=True)


def test_otter_speaker_and_time_line() -> None:
    interview = load("otter.txt")
    check_four_turns(interview, ("Speaker 1", "Speaker 2"), timed=True)
    assert all(s.name is None for s in interview.speakers)  # anonymous labels stay labels


def test_bold_markdown_names() -> None:
    check_four_turns(load("bold.txt"), ("Nora", "Dev"), timed=False)


def test_hard_wrapped_multi_paragraph_turns() -> None:
    interview = load("long_turns.txt")
    assert who(interview) == ["Nora Quill", "Dev Castellan", "Dev Castellan", "Dev Castellan",
                              "Nora Quill", "Dev Castellan"]
    assert interview.utterances[0].text == ("Tell me about the months before the shoot. "
                                            "How did you prepare for a man who barely speaks?")
    assert interview.title == "Salt Road: a conversation with Dev Castellan"


@pytest.mark.parametrize("line, expected", [
    ("Nora: hello", ("Nora", None, "hello")),
    ("Nora [00:01:02]: hello", ("Nora", 62_000, "hello")),
    ("[00:01:02] Nora: hello", ("Nora", 62_000, "hello")),
    ("Nora (1:02): hello", ("Nora", 62_000, "hello")),
    ("Lex: 00:00:59: hello", ("Lex", 59_000, "hello")),
    ("**Nora:** hello", ("Nora", None, "hello")),
    ("**Nora**: hello", ("Nora", None, "hello")),
    ("**Nora** [00:00:05]", ("Nora", 5_000, "")),
    ("Speaker 1  0:05", ("Speaker 1", 5_000, "")),
    ("Dev Castellan (00:00:09)", ("Dev Castellan", 9_000, "")),
    ("SPEAKER_00: hi", ("SPEAKER_00", None, "hi")),
    ("Jean-Luc de la Tour: bonjour", ("Jean-Luc de la Tour", None, "bonjour")),
])
def test_label_shapes(line: str, expected: tuple[str, int | None, str]) -> None:
    label = text.parse_label(line)
    assert label is not None
    assert (label.name, label.start, label.text) == expected


@pytest.mark.parametrize("line", [
    "Here's the thing: it rained.", "The problem was this: nobody knew.", "Note: the set was closed.",
    "3:45 in the morning, I woke up.", "His new book is THE LONG TAKE: a memoir.",
    "Connect with Dev Castellan: links below", "Website: example.com", "And I said: no.",
])
def test_sentences_are_not_labels(line: str) -> None:
    assert text.parse_label(line) is None


def test_one_off_colon_phrases_in_a_labelled_file_stay_speech() -> None:
    body = "Nora: Hi.\nDev: Hello.\nNora: So.\nDev: Yes.\nMom: was a nurse, you know.\nA story follows.\n"
    lines = ["Nora: Hi.", "Plain line one.", "Plain line two.", "Plain three.",
             "Dev: Hello.", "Plain four.", "Mom: said no.", "Plain five.", "Plain six.",
             "Nora: Right.", "Plain seven.", "Dev: Yes.", "Plain eight."]
    sparse = "\n".join(lines)
    assert "Mom" in {s.label for s in text.read(body, "x.txt").speakers}  # mostly labelled: kept
    interview = text.read(sparse, "x.txt")
    assert {s.label for s in interview.speakers} == {"Nora", "Dev"}
    assert any(u.text == "Mom: said no." for u in interview.utterances)


def test_no_labels_is_a_one_line_error() -> None:
    with pytest.raises(FormatError, match="no speaker-labelled turns"):
        text.read("Just some notes.\nNothing else here.\n", "notes.txt")


def test_bad_stamp_names_the_line() -> None:
    with pytest.raises(FormatError) as err:
        text.read("Nora [00:00:35]: hi\nDev [00:00:39]: yo\nNora [00:00:03]: back in time\n", "t.txt")
    assert err.value.line == 3 and "backwards" in str(err.value)


def test_mark_stamps_anchor_untimed_paragraphs() -> None:
    lines = [f"{'Nora' if i % 2 else 'Dev'}: " + "word " * 30 for i in range(10)]
    lines[6] = "Dev: I was saying [inaudible 00:20:00] and then more words."
    interview = text.read("\n".join(lines), "x.txt")
    assert interview.utterances[6].start == 20 * 60_000 - int(3 / 2.6 * 1000)
    assert interview.marks[0].start >= 19 * 60_000


def test_sniff_picks_text_for_every_text_fixture() -> None:
    for name in ("colon.txt", "bracket_after.txt", "bracket_before.txt", "paren_heading.txt",
                 "otter.txt", "bold.txt", "long_turns.txt"):
        content = (DATA / name).read_text(encoding="utf-8")
        assert text.sniff(content, name) >= 1
        assert formats.sniff(content, name) == "text", name


def test_writer_matches_golden() -> None:
    check_golden("sample.txt", text.write(sample_interview()))


def test_txt_round_trip_keeps_speakers_text_and_marks() -> None:
    original = sample_interview()
    again = text.read(text.write(original), "sample.txt")
    # txt carries no times: compare with a tolerance wider than any time in it
    assert original.equals(again, scope="transcript", words=False, tolerance_ms=10**9)
    assert again.title == original.title


def test_txt_round_trip_of_every_fixture() -> None:
    for name in ("colon.txt", "bracket_after.txt", "otter.txt", "long_turns.txt"):
        first = load(name)
        again = text.read(text.write(first), name)
        # "NORA QUILL" is written as its display name "Nora Quill": match speakers by display
        assert first.equals(again, scope="transcript", words=False, tolerance_ms=10**9,
                            speaker_by="display"), name


def test_title_that_looks_like_a_label_is_kept_out_of_the_speech() -> None:
    interview = sample_interview()
    interview.title = "Interview: Dev Castellan"
    again = text.read(text.write(interview), "x.txt")
    assert again.title == "Interview: Dev Castellan"
    assert len(again.speakers) == 2


def test_a_stamp_a_second_back_is_repaired_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    """Scraped transcripts write "[inaudible 01:11:46]" a second ahead of the next
    turn (13 of 34 in the Lex pool): the turn starts where the one before did."""
    said = "Lex [01:11:03]: So with a sport it is different.\nLex [01:11:46]: [inaudible].\nAndrew [01:11:45]: Overuse.\n"
    interview = text.read(said, "t.txt")
    assert [u.start for u in interview.utterances][-1] == 4_306_000
    assert "t.txt:3: timestamp 01:11:45.000 runs back" in caplog.text


def test_every_bad_time_is_listed_at_once() -> None:
    said = ("1\n00:00:05,000 --> 00:00:04,000\nA\n\n2\n00:00:09,000 --> 00:00:08,000\nB\n\n"
            "3\n00:01:00,000 --> 00:01:01,000\nC\n\n4\n00:00:01,000 --> 00:00:02,000\nD\n")
    from greenroom.formats import srt

    with pytest.raises(FormatError, match=r"3 problems: line 2: cue ends .*; line 6: cue ends .*; line 14: timestamps go backwards"):
        srt.read(said, "x.srt")


OTTER_NAMED = ("Dana Reyes  0:00\nWelcome to the show. Where did you grow up?\n\nTom Hale  0:04\nIn Dayton, by the "
               "river.\n\nDana Reyes  0:09\nAnd the film?\n\nUnknown Speaker  0:12\nIt started there, really.\n\n"
               "Transcribed by https://otter.ai\n")
OTTER_NUMBERED = ("Speaker 1  0:00\nWelcome to the show.\n\nSpeaker 2  0:04\nThanks.\n\nSpeaker 1  0:07\nSo, the "
                  "film?\n\nSpeaker 2  0:10\nIt started in Dayton.\n\nTranscribed by https://otter.ai\n")


@pytest.mark.parametrize("export", [OTTER_NAMED, OTTER_NUMBERED], ids=["named", "numbered"])
def test_an_otter_export_keeps_its_last_block_and_drops_its_footer(export: str,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    """Otter names each speaker once above their words: a name said once (the guest,
    "Unknown Speaker" at the end) is still a speaker, and "Transcribed by
    https://otter.ai" is nobody's words (it was the last speaker's)."""
    interview = text.read(export, "otter.txt")
    last = interview.utterances[-1]
    assert last.text in ("It started there, really.", "It started in Dayton.")
    assert interview.speaker_name(last.speaker) in ("Unknown Speaker", "Speaker 2")
    assert len({u.speaker for u in interview.utterances}) >= 2
    assert not any("otter" in u.text for u in interview.utterances)
    assert "otter.txt: line 13 left out" in caplog.text
