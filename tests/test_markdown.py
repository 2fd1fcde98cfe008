"""Markdown transcripts: human pages with a TOC and chapter headings, and our own export."""

from __future__ import annotations

from golden import check_golden
from transcript_fixtures import DATA, sample_interview

from greenroom import formats
from greenroom.formats import markdown


def test_human_markdown_with_toc_headings_and_stamped_turns() -> None:
    interview = formats.load(DATA / "chaptered.md")
    assert interview.source.format == "md"
    assert interview.title == "Transcript for Dev Castellan: Salt Road | Set Talk #12"
    assert [(c.title, c.start) for c in interview.chapters] == [
        ("Introduction", 0), ("Auditions", 41_000), ("Night shoots", 91_000)]
    assert [interview.speaker_name(u.speaker) for u in interview.utterances] == [
        "Nora", "Nora", "Dev", "Dev", "Nora", "Dev"]
    assert interview.utterances[3].start == 65_000  # a bare stamp continues Dev's turn
    assert interview.utterances[2].text == "A borrowed jacket, two sizes too big. The casting director laughed at me."
    assert "transcript of Set Talk" not in interview.text and "episode page" not in interview.text
    assert [m.kind for m in interview.marks] == ["inaudible"]
    assert interview.chapters[-1].end == interview.duration
    assert all(c.authored for c in interview.chapters)  # the file's headings: analysis keeps them


def test_toc_gives_chapters_when_there_are_no_headings() -> None:
    source = "# T\n\n- 0:00 – Start\n- 1:00 – Later\n\n**A** [00:00:01]\nHello.\n\n**B** [00:01:05]\nHi.\n"
    interview = markdown.read(source, "x.md")
    assert [(c.title, c.start, c.end) for c in interview.chapters] == [
        ("Start", 0, 60_000), ("Later", 60_000, interview.duration)]


def test_writer_matches_golden() -> None:
    check_golden("sample.md", markdown.write(sample_interview()))


def test_md_round_trip() -> None:
    original = sample_interview()
    again = markdown.read(markdown.write(original), "sample.md")
    # stamps are whole seconds and only starts are written: ends come from the next start
    assert original.equals(again, scope="transcript", words=False, tolerance_ms=999, ends=False)
    assert again.title == original.title
    assert [(c.title, c.start) for c in again.chapters] == [(c.title, c.start) for c in original.chapters]


def test_md_round_trip_escapes_text_that_looks_like_markdown() -> None:
    original = sample_interview()
    original.utterances[1].text = "# not a heading - and 10:30 is a time"
    original.utterances[2].text = "- not a list item"
    again = markdown.read(markdown.write(original), "sample.md")
    assert original.equals(again, scope="transcript", words=False, tolerance_ms=999, ends=False)


def test_sniff_prefers_md_for_markdown_and_not_for_text() -> None:
    content = (DATA / "chaptered.md").read_text(encoding="utf-8")
    assert markdown.sniff(content, "chaptered.md") == 3
    assert formats.sniff(content, "chaptered.md") == "md"
    assert formats.sniff(markdown.write(sample_interview()), "export.md") == "md"
    assert markdown.sniff((DATA / "bracket_after.txt").read_text(encoding="utf-8"), "x.txt") == 0
