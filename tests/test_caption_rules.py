"""Publishable captions: every SRT and WebVTT export (and clip caption) keeps the
broadcast rules, and `marks` keeps the marks for editors."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pytest
from caption_fixtures import interviews
from golden import check_golden
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from greenroom.formats import cues, dump, parse
from greenroom.formats.marks import split_marks
from greenroom.model import Interview, Mark, Speaker, Utterance, Word

Written = tuple[int, int, str | None, list[str]]  # start, end, label, text lines
SPEAKERS = [Speaker("S1", "Ann", role="interviewer"), Speaker("S2", "Dr. Okafor", role="guest")]
ANSWER = ("Honestly, nothing went wrong at first. The crew was early, the weather was kind, and the "
          "generator started on the first pull, which never happens. Then it rained for nine days "
          "straight and we shot everything inside the barn, which is how the film got its look.")


def said(text: str, start: int, end: int, speaker: str = "S2", uid: str = "u1", timed: bool = False) -> Utterance:
    """An utterance; `timed` gives it word times spread evenly."""
    words = text.split()
    step = (end - start) // max(1, len(words))
    times = [Word(start + i * step, start + (i + 1) * step, w) for i, w in enumerate(words)] if timed else []
    return Utterance(uid, start, end, speaker, text, times)


def interview(*utterances: Utterance, marks: list[Mark] | None = None) -> Interview:
    return Interview(id="rules", speakers=SPEAKERS, utterances=list(utterances), marks=marks or [])


def written(iv: Interview, fmt: str, marks: bool = False) -> list[Written]:
    """The cues of an export as (start, end, label, lines), the label taken off the first line."""
    from greenroom import timecode

    blocks = dump(iv, fmt, marks=marks).strip().split("\n\n")
    out: list[Written] = []
    for block in blocks[1:] if fmt == "vtt" else blocks:
        lines = block.split("\n")[1 if fmt == "srt" else 0:]
        start, end = (timecode.parse(t) for t in lines[0].split(" --> "))
        text, label = lines[1:], None
        names = "|".join(re.escape(cues.speaker_label(iv, s.id) or "") for s in iv.speakers)
        pattern = r"^<v ([^>]+)>" if fmt == "vtt" else rf"^({names}): "
        found = re.match(pattern, text[0])
        if found:
            label, text = found[1], [text[0][found.end():]] + text[1:]
        out.append((start, end, label, [html.unescape(x) if fmt == "vtt" else x for x in text]))
    return out


def broken(cue: Written) -> list[str]:
    """The rules a cue breaks: line width (the label counted), lines, duration, lone word, pauses."""
    start, end, label, lines = cue
    shown = [f"{label}: {lines[0]}"] + lines[1:] if label else lines
    words = [w for w in " ".join(lines).split() if not split_marks(w)[1]]
    problems = [f"{len(line)} characters: {line!r}" for line in shown if len(line) > cues.MAX_CHARS]
    problems += [f"{len(lines)} lines"] if len(lines) > cues.MAX_LINES else []
    problems += [f"{end - start} ms long"] if end - start > cues.MAX_MS else []
    problems += [f"{end - start} ms short"] if end - start < cues.MIN_MS else []
    problems += [f"a lone word {lines}"] if len(words) <= 1 else []
    problems += [f"a pause {lines}"] if re.search(r"pause|silence", " ".join(lines), re.IGNORECASE) else []
    return problems


def masked() -> Interview:
    """What the privacy policy hands the writers: masks in place of an address, a phone number, a name."""
    text = ("So I told him to send it to [home address], right by the station, or to call me on "
            "[phone] after six, and [name] would pick it up from the front desk of the hotel.")
    return interview(said("Where did the script go?", 0, 1_500, "S1", "u1"),
                     said(text, 1_800, 12_000, "S2", "u2", timed=True))


# name, interview, the rules a cue may still break (and why)
ROWS: list[tuple[str, Callable[[], Interview], set[str]]] = [
    ("a long answer by characters", lambda: interview(said(ANSWER, 0, 18_000)), set()),
    ("a long answer with word times", lambda: interview(said(ANSWER, 0, 18_000, timed=True)), set()),
    ("a long answer spoken fast", lambda: interview(said(ANSWER, 0, 9_000)), set()),
    ("pauses inline and alone", lambda: interview(
        said("We waited for the light and then we waited some more.", 0, 4_000, uid="u1"),
        said("And then it came back.", 6_000, 8_000, uid="u2"),
        marks=[Mark(1_500, 2_500, "pause", "[pause 1.0s]", "S2", "u1", 23),
               Mark(4_000, 6_000, "pause", "[pause 2.0s]"), Mark(8_000, 9_500, "silence", "[silence]")]), set()),
    ("a pause written in the text", lambda: interview(
        said("We waited [long pause] and then it came back.", 0, 4_000)), set()),
    ("music and laughter standing alone", lambda: interview(
        said("What was the first day like?", 0, 2_000, "S1", "u1"),
        said("Loud, and very very cold.", 5_000, 7_000, "S2", "u2"),
        marks=[Mark(2_000, 5_000, "music", "[Music]"), Mark(7_000, 7_300, "laughter", "[laughter]")]), set()),
    ("a one-word answer beside the same speaker's", lambda: interview(
        said("Yes.", 0, 400, uid="u1"), said("We shot it all in one week.", 400, 2_500, uid="u2")), set()),
    ("a sentence ending on a word after a full cue", lambda: interview(
        said("The crew was early and the weather was kind and the generator started on the first pull. "
             "Really.", 0, 6_000)), set()),
    ("a short answer between the other speaker's", lambda: interview(
        said("Would you do it again?", 0, 1_500, "S1", "u1"), said("No.", 1_600, 1_900, "S2", "u2"),
        said("Fair enough.", 3_000, 4_000, "S1", "u3")), {"a lone word"}),  # nothing of the same speaker to join
    ("a word held past 7 seconds", lambda: interview(
        said("Well...", 0, 9_000, uid="u1"), said("Maybe, yes.", 12_000, 13_000, uid="u2")), {"a lone word"}),
    ("a run of label-like words", lambda: interview(said(" ".join(["Bob:"] * 300), 0, 150_000)), set()),
    ("masks from the privacy policy", masked, set()),
]


@pytest.mark.parametrize("fmt", ["srt", "vtt"])
@pytest.mark.parametrize("name,make,allowed", ROWS, ids=[row[0] for row in ROWS])
def test_publishable_captions_keep_the_rules(name: str, make: Callable[[], Interview], allowed: set[str],
                                             fmt: str) -> None:
    iv = make()
    out = written(iv, fmt)
    problems = [(cue, p) for cue in out for p in broken(cue) if not any(p.startswith(a) for a in allowed)]
    assert not problems, problems
    assert all(a[0] <= b[0] and a[1] <= b[0] for a, b in pairwise(out))  # in order, never overlapping
    shown = " ".join(line for cue in out for line in cue[3])
    assert words_of(shown) == words_of(" ".join(u.text for u in iv.utterances))  # every word and mask, in order


def words_of(text: str) -> list[str]:
    """The words of a text, pause and silence marks left out."""
    return re.sub(r"\[[^\]]*\b(?:pause|silence)\b[^\]]*\]", " ", text, flags=re.IGNORECASE).split()


def test_marks_keep_pauses_and_lone_marks_for_editors() -> None:
    row = {name: make for name, make, _ in ROWS}
    pauses, alone = row["pauses inline and alone"](), row["music and laughter standing alone"]()
    for fmt in ("srt", "vtt"):
        assert "pause" not in dump(pauses, fmt) and "[Music]" not in dump(alone, fmt)
        kept = dump(pauses, fmt, marks=True)
        assert "[pause 1.0s]" in kept and "[pause 2.0s]" in kept and "[silence]" in kept
        cue_texts = [lines for _, _, _, lines in written(alone, fmt, marks=True)]
        assert ["[Music]"] in cue_texts and ["[laughter]"] in cue_texts
    back = parse(dump(pauses, "srt", marks=True), "t.srt", "srt")
    assert [(m.kind, m.start) for m in back.marks] == [("pause", 1_500), ("pause", 4_000), ("silence", 8_000)]


def test_laughter_inside_speech_stays_in_the_text() -> None:
    iv = interview(said("Then we laughed about it.", 0, 2_500),
                   marks=[Mark(1_500, 1_500, "laughter", "[laughs]", "S2", "u1", 15)])
    assert [" ".join(lines) for *_, lines in written(iv, "srt")] == ["Then we laughed [laughs] about it."]


def test_short_cues_merge_into_the_same_speaker() -> None:
    out = written(interview(said("Yes.", 0, 400, uid="u1"), said("We shot it all in one week.", 400, 2_500, uid="u2")),
                  "srt")
    assert out == [(0, 2_500, "Dr. Okafor", ["Yes.", "We shot it all in one week."])]


def test_a_short_cue_with_no_one_to_join_is_lengthened_into_the_silence() -> None:
    row = {name: make for name, make, _ in ROWS}
    out = written(row["a short answer between the other speaker's"](), "srt")
    assert out[1] == (1_600, 2_300, "Dr. Okafor", ["No."])


def test_masks_are_never_split_or_dropped() -> None:
    for fmt in ("srt", "vtt"):
        lines = [line for *_, cue_lines in written(masked(), fmt) for line in cue_lines]
        text = "\n".join(lines)
        assert text.count("[home address]") == text.count("[phone]") == text.count("[name]") == 1
        for mask in ("[home address]", "[phone]", "[name]"):
            assert any(mask in line for line in lines)


def test_golden_publishable_and_marked() -> None:
    row = {name: make for name, make, _ in ROWS}
    pauses = row["pauses inline and alone"]()
    both = interview(*masked().utterances, *[said(u.text, u.start + 13_000, u.end + 13_000, u.speaker or "S2",
                                                   f"p{u.id}") for u in pauses.utterances],
                     marks=[Mark(m.start + 13_000, m.end + 13_000, m.kind, m.text, m.speaker,
                                 f"p{m.utterance}" if m.utterance else None, m.at) for m in pauses.marks])
    check_golden("publishable.srt", dump(both, "srt"))
    check_golden("publishable.vtt", dump(both, "vtt"))
    check_golden("publishable-marks.srt", dump(both, "srt", marks=True))


def test_large_label_like_transcript_exports_in_linear_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 20: runs of label-like words made export quadratic (20 KB took 15 s): no
    cue could start on one, so a cue grew over the whole run and every word re-read
    the rest of the text for a label. Count the characters the label check reads
    and the words laid out on 200 KB: a bounded number per word."""
    read = {"label": 0, "layout": 0}
    real_prefix, real_layout = cues.prefix_of, cues._layout

    def prefix_of(line: str) -> tuple[str, str] | None:
        read["label"] += len(line)
        return real_prefix(line)

    def layout(words: list[str], lead: int = 0) -> list[str]:
        read["layout"] += len(words)
        return real_layout(words, lead)

    monkeypatch.setattr(cues, "prefix_of", prefix_of)
    monkeypatch.setattr(cues, "_layout", layout)
    words = ["Bob:", "JOHN SMITH:", "- Ann:", ">> Dr.", "Note:"] * 8_000
    text = " ".join(words)
    assert len(text) > 200_000
    out = written(interview(said(text, 0, len(words) * 300)), "srt")
    assert read["label"] <= 20 * len(text) and read["layout"] <= 5 * len(text.split())
    assert not [p for cue in out for p in broken(cue)]
    assert " ".join(line for cue in out for line in cue[3]).split() == text.split()


def test_export_marks_flag(greenroom, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from greenroom import formats

    row = {name: make for name, make, _ in ROWS}
    source = tmp_path / "pauses.json"
    formats.save(row["pauses inline and alone"](), source)
    result = greenroom("import", str(source))
    assert result.exit_code == 0, result.output
    iid = result.stdout.strip().split()[-1]
    plain = greenroom("export", iid, "--to", "srt")
    kept = greenroom("export", iid, "--to", "vtt", "--marks")
    assert plain.exit_code == kept.exit_code == 0, plain.output + kept.output
    assert "pause" not in plain.stdout
    assert "[pause 1.0s]" in kept.stdout and "[pause 2.0s]" in kept.stdout
    wrong = greenroom("export", iid, "--to", "md", "--marks")
    assert wrong.exit_code == 2 and "--marks is for captions" in wrong.output


def test_overlapping_turns_of_one_speaker_never_mix() -> None:
    """A long turn under an interjection interleaves with the next turns by time;
    a cue only ever holds words that run on (6_Region.vtt in the corpus made
    'my Would' of two of Fred's overlapping turns), and each is labelled."""
    fred = "Hi, my name is Fred and I will talk for a very long time about the shoot."
    iv = Interview(speakers=[Speaker("S1", "Fred"), Speaker("S2", "Bill")], utterances=[
        Utterance("u1", 0, 20_000, "S1", fred), Utterance("u2", 2_500, 6_000, "S2", "Hi, I'm Bill."),
        Utterance("u3", 5_000, 25_000, "S1", "Would you like to get a coffee after the last take?")])
    for fmt in ("srt", "vtt"):
        out = written(iv, fmt)
        texts = [" ".join(lines) for *_, lines in out]
        assert all(any(t in u.text for u in iv.utterances) for t in texts), texts
        back = parse(dump(iv, fmt), f"x.{fmt}", fmt)
        fred_back = [w for u in back.utterances if back.speaker_name(u.speaker) == "Fred" for w in u.text.split()]
        assert sorted(fred_back) == sorted((fred + " " + iv.utterances[2].text).split())


def test_golden_clip_captions() -> None:
    """Captions per cut obey the same rules (and `marks`): a cut through a masked answer and a pause."""
    from greenroom.edit.editlists import clip_captions
    from greenroom.model import Cut, Highlights

    row = {name: make for name, make, _ in ROWS}
    pauses = row["pauses inline and alone"]()
    iv = interview(*masked().utterances,
                   *[said(u.text, u.start + 13_000, u.end + 13_000, "S2", f"p{u.id}") for u in pauses.utterances],
                   marks=[Mark(m.start + 13_000, m.end + 13_000, m.kind, m.text, m.speaker,
                               f"p{m.utterance}" if m.utterance else None, m.at) for m in pauses.marks])
    iv.highlights = Highlights(30_000, [Cut("c1", 1_800, 12_000, "m1", "anecdote"),
                                        Cut("c2", 13_000, 21_000, "m2", "candid")])
    files = dict(clip_captions(iv, "srt"))
    check_golden("clips-c1.srt", files["c1.srt"])
    check_golden("clips-c2.srt", files["c2.srt"])
    marked = dict(clip_captions(iv, "vtt", marks=True))["c2.vtt"]
    assert "[pause 2.0s]" in marked and "pause" not in files["c2.srt"]
    for text in files.values():
        assert not [p for cue in written_text(text) for p in broken(cue)]


def written_text(text: str) -> list[Written]:
    """The cues of SRT text (labels Ann and Dr. Okafor taken off)."""
    from greenroom import timecode

    out: list[Written] = []
    for block in text.strip().split("\n\n"):
        lines = block.split("\n")[1:]
        start, end = (timecode.parse(t) for t in lines[0].split(" --> "))
        found = re.match(r"^(Ann|Dr\. Okafor): ", lines[1])
        label = found[1] if found else None
        out.append((start, end, label, [lines[1][found.end() if found else 0:]] + lines[2:]))
    return out


def test_a_mask_alone_is_never_dropped() -> None:
    """A mask that reads like a mark ('[bleep]') is text: it is never left out, even alone."""
    iv = interview(said("[bleep]", 0, 1_000, uid="u1"), said("Hello there, all.", 3_000, 5_000, "S1", "u2"))
    assert [" ".join(lines) for *_, lines in written(iv, "srt")] == ["[bleep]", "Hello there, all."]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(interviews(), st.sampled_from(["srt", "vtt"]))
def test_any_interview_keeps_the_hard_limits(iv: Interview, fmt: str) -> None:
    """Width (the label counted), lines and duration hold for any interview, zero-length
    and one-word utterances included; only a cue with no room may stay short or alone."""
    for start, end, label, lines in written(iv, fmt):
        shown = [f"{label}: {lines[0]}"] + lines[1:] if label else lines
        assert len(lines) <= cues.MAX_LINES and all(len(line) <= cues.MAX_CHARS for line in shown), shown
        assert 0 <= end - start <= cues.MAX_MS
