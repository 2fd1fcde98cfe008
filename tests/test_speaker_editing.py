"""Speaker editing through the CLI: merge, split, reassign, add, rename; what exports
show afterwards, that `analyze` keeps it, and one-line errors naming the id."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from greenroom.model import Interview, Speaker

THREE_VOICES = """\
[00:00:00] Host: Welcome in. How was the shoot? Freezing, honestly. We wore wetsuits.
[00:00:10] Guest: Under everything, for six weeks.
[00:00:16] Host: Did you ever think about quitting?
[00:00:20] Producer: (laughs) Every single morning, he did.
[00:00:26] Guest: She is not wrong about that.
[00:00:31] Host: And the last day?
"""


def imported(greenroom, tmp_path: Path, text: str = THREE_VOICES) -> str:  # type: ignore[no-untyped-def]
    path = tmp_path / "talk.txt"
    path.write_text(text, encoding="utf-8")
    result = greenroom("import", str(path), "--interviewer", "Host", "--guest", "Guest")
    assert result.exit_code == 0, result.output
    return result.stdout.split()[-1]


def stored(greenroom, iid: str) -> Interview:  # type: ignore[no-untyped-def]
    return Interview.from_dict(json.loads(greenroom("export", iid, "--to", "json").stdout))


def edit(greenroom, iid: str, *args: str) -> list[str]:  # type: ignore[no-untyped-def]
    result = greenroom("speakers", iid, *args)
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def failure(greenroom, iid: str, *args: str) -> str:  # type: ignore[no-untyped-def]
    result = greenroom("speakers", iid, *args)
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"greenroom: error: {iid}: ")
    return lines[0]


def speaker_by_name(interview: Interview, name: str) -> Speaker:
    return next(s for s in interview.speakers if s.display == name)


def test_merge_moves_every_utterance_mark_and_quote(greenroom, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    iid = imported(greenroom, tmp_path)
    before = stored(greenroom, iid)
    guest, producer = speaker_by_name(before, "Guest"), speaker_by_name(before, "Producer")
    lines = edit(greenroom, iid, "--merge", f"{producer.id}={guest.id}")
    assert lines[0] == f"merged {producer.id} (Producer) into {guest.id} (Guest): 1 utterances moved"
    after = stored(greenroom, iid)
    assert [s.display for s in after.speakers] == ["Host", "Guest"]
    assert [u.id for u in after.utterances] == [u.id for u in before.utterances]
    assert [u.speaker for u in after.utterances] == [guest.id if u.speaker == producer.id else u.speaker
                                                     for u in before.utterances]
    (laugh,) = [m for m in after.marks if m.kind == "laughter"]
    assert laugh.speaker == guest.id
    assert "Producer" not in {p.name for p in after.people}
    srt = greenroom("export", iid, "--to", "srt").stdout
    assert "Producer" not in srt and re.search(r"\nGuest: [^\n]*Every single morning", srt)


def test_split_without_word_times_splits_text_at_the_word_and_time_by_characters(  # type: ignore[no-untyped-def]
        greenroom, tmp_path: Path) -> None:
    iid = imported(greenroom, tmp_path)
    before = stored(greenroom, iid)
    host, guest = speaker_by_name(before, "Host"), speaker_by_name(before, "Guest")
    assert "7:Freezing," in edit(greenroom, iid, "--words", "u1")[-1]
    lines = edit(greenroom, iid, "--split", f"u1@7={guest.id}")
    assert lines[0] == f"split u1 at word 7 (0:04.6): u1.2 'Freezing, honestly. We wore wetsuits.' is {guest.id} (Guest)"
    after = stored(greenroom, iid)
    head, tail = after.utterances[0], after.utterances[1]
    assert (head.id, head.speaker, head.text) == ("u1", host.id, "Welcome in. How was the shoot?")
    assert (tail.id, tail.speaker, tail.text) == ("u1.2", guest.id, "Freezing, honestly. We wore wetsuits.")
    share = len("Welcome in. How was the shoot? ") / len(before.utterances[0].text)
    assert head.start == 0 and head.end == tail.start == round(10_000 * share) and tail.end == 10_000
    assert [u.id for u in after.utterances[2:]] == [u.id for u in before.utterances[1:]]
    srt = greenroom("export", iid, "--to", "srt").stdout
    assert "Host: Welcome in." in srt and "Guest: Freezing, honestly." in srt


def test_split_before_gives_the_words_before_to_the_speaker(greenroom, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    iid = imported(greenroom, tmp_path)
    interview = stored(greenroom, iid)
    host, producer = speaker_by_name(interview, "Host"), speaker_by_name(interview, "Producer")
    edit(greenroom, iid, "--split-before", f"u4@2={host.id}")  # the text is "Every single morning, he did."
    edit(greenroom, iid, "--split-before", f"u4.2@3={host.id}")
    after = stored(greenroom, iid)
    parts = [(u.id, u.speaker, u.text) for u in after.utterances if u.id.startswith("u4")]
    assert parts == [("u4", host.id, "Every"), ("u4.2", host.id, "single morning,"),
                     ("u4.2.2", producer.id, "he did.")]
    (laugh,) = [m for m in after.marks if m.kind == "laughter"]
    assert (laugh.utterance, laugh.speaker, laugh.at) == ("u4", host.id, 0)
    assert "has 1 word: nothing to split" in failure(greenroom, iid, "--split", "u4@2=S3")


def test_reassign_gives_a_whole_utterance_and_keeps_neighbours_separate(  # type: ignore[no-untyped-def]
        greenroom, tmp_path: Path) -> None:
    iid = imported(greenroom, tmp_path)
    before = stored(greenroom, iid)
    host = speaker_by_name(before, "Host")
    lines = edit(greenroom, iid, "--reassign", f"u2={host.id}")
    assert lines[0] == f"reassigned u2 (0:10.0) from S2 (Guest) to {host.id} (Host)"
    after = stored(greenroom, iid)
    assert [u.speaker for u in after.utterances[:3]] == [host.id] * 3
    assert len(after.utterances) == len(before.utterances)
    assert "Host: Under everything" in greenroom("export", iid, "--to", "srt").stdout


def test_a_missed_speaker_is_added_then_given_words(greenroom, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    iid = imported(greenroom, tmp_path)
    lines = edit(greenroom, iid, "--add", "Dana Reyes", "--reassign", "u6=S4", "--role", "S4=other")
    assert lines[0].startswith("added S4 (Dana Reyes)")
    after = stored(greenroom, iid)
    assert after.utterances[-1].speaker == "S4"
    assert after.speaker("S4") == Speaker("S4", "Dana Reyes", "Dana Reyes", "other", edited=True)
    assert "Dana Reyes: And the last day?" in greenroom("export", iid, "--to", "vtt").stdout.replace(
        "<v Dana Reyes>", "Dana Reyes: ")


def test_bad_ids_are_one_line_errors_naming_the_interview_and_the_id(  # type: ignore[no-untyped-def]
        greenroom, tmp_path: Path) -> None:
    iid = imported(greenroom, tmp_path)
    before = stored(greenroom, iid)
    assert "no speaker S9" in failure(greenroom, iid, "--merge", "S9=S1")
    assert "no speaker S9" in failure(greenroom, iid, "--merge", "S1=S9")
    assert "cannot merge S1 into itself" in failure(greenroom, iid, "--merge", "S1=S1")
    assert "no utterance u99 in this interview (utterances: u1..u6)" in failure(greenroom, iid, "--reassign", "u99=S1")
    assert "no utterance u99" in failure(greenroom, iid, "--split", "u99@2=S1")
    assert "no speaker S9" in failure(greenroom, iid, "--split", "u1@2=S9")
    assert "utterance u3 has 6 words: split at word 2..6" in failure(greenroom, iid, "--split", "u3@7=S2")
    assert "split at word 2..6" in failure(greenroom, iid, "--split", "u3@1=S2")
    assert "no utterance u99" in failure(greenroom, iid, "--words", "u99")
    # all or nothing: the merge before the bad reassignment is not stored either
    failure(greenroom, iid, "--merge", "S3=S2", "--reassign", "u99=S1")
    assert stored(greenroom, iid).equals(before)
    for bad in (["--split", "u1=S2"], ["--split", "u1@x=S2"], ["--split", "u1@2"], ["--merge", "S3"]):
        result = greenroom("speakers", iid, *bad)
        assert result.exit_code == 2 and "expected" in result.stderr
    assert greenroom("speakers", "ffffffff", "--merge", "S3=S2").exit_code == 1


def test_a_native_json_export_keeps_the_edited_marker(greenroom, greenroom_at, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    iid = imported(greenroom, tmp_path)
    edit(greenroom, iid, "--name", "S2=Tom Hale")
    backup = tmp_path / "backup.json"
    assert greenroom("export", iid, "--to", "json", "-o", str(backup)).exit_code == 0
    other = greenroom_at(tmp_path / "other.db")
    assert other("import", str(backup)).exit_code == 0
    moved = stored(other, iid)
    assert [(s.display, s.edited) for s in moved.speakers] == [("Host", False), ("Tom Hale", True),
                                                                ("Producer", False)]


# -- on the transcribed sample: word times, analysis layers, re-analysis ----------------

@pytest.fixture
def sample(analyzed_library, greenroom_at):  # type: ignore[no-untyped-def]
    path, iid = analyzed_library
    return greenroom_at(path), iid


def test_split_with_word_times_cuts_between_the_words_and_turns_follow(sample) -> None:  # type: ignore[no-untyped-def]
    greenroom, iid = sample
    before = stored(greenroom, iid)
    turn, target = next((t, u) for t in before.turns for u in before.utterances
                        if u.id in t.answer and len(u.words) >= 6)
    other = next(s for s in before.speakers if s.id != target.speaker)
    edit(greenroom, iid, "--split", f"{target.id}@4={other.id}")
    after = stored(greenroom, iid)
    head = next(u for u in after.utterances if u.id == target.id)
    tail = after.utterances[after.utterances.index(head) + 1]
    assert tail.id == f"{target.id}.2" and tail.speaker == other.id and head.speaker == target.speaker
    assert head.words == target.words[:3] and tail.words == target.words[3:]
    assert (head.start, head.end, tail.start, tail.end) == (
        target.start, target.words[2].end, target.words[3].start, target.end)
    assert head.text == " ".join(w.text for w in target.words[:3])
    same_turn = next(t for t in after.turns if t.id == turn.id)
    assert same_turn.answer.index(tail.id) == same_turn.answer.index(head.id) + 1
    assert len({u.id for u in after.utterances}) == len(after.utterances)
    srt = greenroom("export", iid, "--to", "srt", "--marks").stdout
    assert f"{other.display}: {tail.words[0].text.strip()}" in srt


def heard_at(interview: Interview, ms: float) -> str | None:
    """Who the speaker timeline says is heard at `ms`."""
    return next((s.speaker for s in interview.speaker_timeline if s.start <= ms < s.end), None)


def rttm_at(text: str, seconds: float) -> set[str]:
    """The speakers an RTTM export names at `seconds`."""
    rows = [line.split() for line in text.splitlines()]
    return {r[7] for r in rows if float(r[3]) <= seconds < float(r[3]) + float(r[4])}


def test_split_and_reassign_move_the_speaker_timeline_and_its_rttm(sample) -> None:  # type: ignore[no-untyped-def]
    """The timeline (and the RTTM written from it) says what the edited words say; elsewhere it is unchanged."""
    greenroom, iid = sample
    before = stored(greenroom, iid)
    assert before.speaker_timeline, "the transcribed sample has a timeline"
    long_ones = [u for u in before.utterances if len(u.words) >= 6]
    cut, whole = long_ones[0], long_ones[1]
    other_of = {u.id: next(s for s in before.speakers if s.id != u.speaker) for u in (cut, whole)}
    edit(greenroom, iid, "--split", f"{cut.id}@4={other_of[cut.id].id}",
         "--reassign", f"{whole.id}={other_of[whole.id].id}")
    after = stored(greenroom, iid)
    middles = {u.id: [(w.start + w.end) / 2 for w in u.words] for u in (cut, whole)}
    assert [heard_at(after, ms) for ms in middles[cut.id][:3]] == [cut.speaker] * 3
    assert {heard_at(after, ms) for ms in middles[cut.id][3:]} == {other_of[cut.id].id}
    assert {heard_at(after, ms) for ms in middles[whole.id]} == {other_of[whole.id].id}
    edited = [(cut.words[3].start, cut.end), (whole.start, whole.end)]
    for span in before.speaker_timeline:  # outside the edited words nothing moved
        for ms in range(span.start, span.end, 100):
            if not any(a <= ms < b for a, b in edited):
                assert heard_at(after, ms) == span.speaker, ms
    rttm = greenroom("export", iid, "--to", "rttm").stdout
    assert rttm_at(rttm, middles[whole.id][0] / 1000) == {other_of[whole.id].display.replace(" ", "_")}
    ends = [(s.end, t.start) for s, t in zip(after.speaker_timeline, after.speaker_timeline[1:])]
    assert all(a <= b for a, b in ends), "spans stay ordered and apart"


def test_merge_leaves_one_span_per_stretch_of_speech(sample) -> None:  # type: ignore[no-untyped-def]
    greenroom, iid = sample
    before = stored(greenroom, iid)
    first, second = before.speakers[0], before.speakers[1]
    edit(greenroom, iid, "--merge", f"{second.id}={first.id}")
    after = stored(greenroom, iid)
    assert {s.speaker for s in after.speaker_timeline} == {first.id}
    assert all(a.end < b.start for a, b in zip(after.speaker_timeline, after.speaker_timeline[1:]))
    speech = sum(s.end - s.start for s in before.speaker_timeline)
    assert sum(s.end - s.start for s in after.speaker_timeline) == speech


def test_edits_survive_analyze_and_reach_the_report(sample, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    greenroom, iid = sample
    before = stored(greenroom, iid)
    host = next(s for s in before.speakers if s.role == "interviewer")
    guest = next(s for s in before.speakers if s.role == "guest")
    answer = next(u for u in before.utterances if u.speaker == guest.id and len(u.words) >= 4)
    lines = edit(greenroom, iid, "--name", f"{host.id}=Dana R.", "--reassign", f"{answer.id}={host.id}",
                 "--split", f"{answer.id}@3={guest.id}")
    assert lines[-3].startswith("turns, coaching and moments are from before this edit")
    edited = stored(greenroom, iid)
    result = greenroom("analyze", iid)
    assert result.exit_code == 0, result.output
    again = stored(greenroom, iid)
    assert [s.to_dict() for s in again.speakers] == [s.to_dict() for s in edited.speakers]
    assert again.speaker(host.id) == Speaker(host.id, host.label, "Dana R.", "interviewer", edited=True)
    assert [(u.id, u.speaker, u.text) for u in again.utterances] == [
        (u.id, u.speaker, u.text) for u in edited.utterances]
    assert "Dana R.: " in greenroom("export", iid, "--to", "srt").stdout
    report = tmp_path / "report.html"
    assert greenroom("report", iid, "-o", str(report)).exit_code == 0
    assert "Dana R." in report.read_text(encoding="utf-8")


def test_preserved_puts_back_what_a_person_set() -> None:
    from greenroom.library.speakers import preserved

    interview = Interview(speakers=[Speaker("S1", "Speaker 1", "Dana", "guest", edited=True),
                                    Speaker("S2", "Speaker 2")])
    with preserved(interview):
        for speaker in interview.speakers:
            speaker.role, speaker.name = "interviewer", "Guessed"
    assert [(s.name, s.role) for s in interview.speakers] == [("Dana", "guest"), ("Guessed", "interviewer")]


def test_pull_quotes_follow_their_utterance(sample) -> None:  # type: ignore[no-untyped-def]
    greenroom, iid = sample
    before = stored(greenroom, iid)
    assert before.card and before.card.quotes
    quote = next(q for q in before.card.quotes if q.utterance)
    other = next(s for s in before.speakers if s.id != quote.speaker)
    edit(greenroom, iid, "--reassign", f"{quote.utterance}={other.id}")
    after = stored(greenroom, iid)
    assert after.card is not None
    moved = next(q for q in after.card.quotes if q.text == quote.text)
    assert (moved.utterance, moved.speaker) == (quote.utterance, other.id)
    edit(greenroom, iid, "--merge", f"{other.id}={quote.speaker}")
    merged = stored(greenroom, iid)
    assert merged.card is not None and {q.speaker for q in merged.card.quotes} <= {s.id for s in merged.speakers}
