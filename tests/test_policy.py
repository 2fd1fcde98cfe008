"""The privacy policy on small interviews written here: what is masked, withheld,
bleeped and listed, clearances, and the masked caption exports (goldens)."""

from __future__ import annotations

import pytest
from golden import check_golden

from greenroom import formats, policy
from greenroom.errors import InputError
from greenroom.model import (
    Card,
    Flag,
    Interview,
    Quote,
    Source,
    Speaker,
    Utterance,
    Word,
)


def timed(uid: str, speaker: str, start: int, text: str, step: int = 400) -> Utterance:
    """An utterance whose words last `step` ms each, back to back."""
    words = [Word(start + k * step, start + (k + 1) * step - 50, w) for k, w in enumerate(text.split())]
    return Utterance(uid, start, words[-1].end, speaker, text, words)


def interview(timing: str = "exact", with_words: bool = True) -> Interview:
    utterances = [
        timed("u1", "S1", 0, "Where did you grow up?"),
        timed("u2", "S2", 2000, "I grew up at 42 Maple Street in Dayton. My mother painted the kitchen yellow."),
        timed("u3", "S2", 9000, "Between us, the studio nearly went bankrupt that year. Anyway the film got made."),
    ]
    if not with_words:
        for u in utterances:
            u.words = []
    flags = [
        Flag("f-pii-1", 2000, 5500, "pii", "street address: 'I grew up at <ADDRESS> in Dayton.'", "high", "bleep",
             "I grew up at 42 Maple Street in Dayton.", spans=["42 Maple Street"], mask="address"),
        Flag("f-offrecord-1", 9000, 12500, "off-the-record", "Said off the record", "high", "cut",
             "Between us, the studio nearly went bankrupt that year."),
        Flag("f-sensitive-1", 2000, 8000, "sensitive-topic", "family: 'My mother painted'", "medium", "review",
             "My mother painted the kitchen yellow."),
    ]
    card = Card(learn=["Why 42 Maple Street is the look of the film",
                       "How the studio nearly went bankrupt that year and survived"],
                impact="Mara says: I grew up at 42 Maple Street in Dayton.", angle="A kitchen as a film's palette",
                quotes=[Quote("I grew up at 42 Maple Street in Dayton.", 2000, 5500, "S2", "u2"),
                        Quote("Between us, the studio nearly went bankrupt that year.", 9000, 12500, "S2", "u3")])
    return Interview(id="abcd1234", title="Mara Quinn on Yellow Kitchen",
                     speakers=[Speaker("S1", "Dana", "Dana", "interviewer"), Speaker("S2", "Mara", "Mara", "guest")],
                     utterances=utterances, flags=flags, card=card, source=Source(timing=timing))


def test_bleep_findings_are_masked_in_text_and_words_and_bleeped_over_their_words() -> None:
    released = policy.release(interview())
    u2 = released.interview.utterances[1]
    assert u2.text == "I grew up at [address] in Dayton. My mother painted the kitchen yellow."
    assert [w.text for w in u2.words][3:6] == ["at", "[address]", "in"]
    bleep = next(b for b in released.bleeps if b.flag == "f-pii-1")
    # words 4-6 ("42 Maple Street") run 3600..4750 ms; 150 ms of air either side
    assert (bleep.start, bleep.end, bleep.exact) == (3450, 4900, True)


def test_off_the_record_is_withheld_everywhere() -> None:
    released = policy.release(interview())
    u3 = released.interview.utterances[2]
    assert u3.text == "[withheld] Anyway the film got made."
    assert "bankrupt" not in " ".join(w.text for w in u3.words)
    assert released.withholds(9500, 9600) is not None and released.withholds(0, 1000) is None
    card = released.interview.card
    assert card is not None
    assert card.learn == ["Why [address] is the look of the film"]  # the bankruptcy bullet repeats the passage
    assert card.impact == "Mara says: I grew up at [address] in Dayton."
    assert [q.text for q in card.quotes] == ["I grew up at [address] in Dayton."]


def test_estimated_word_times_bleep_the_whole_sentence() -> None:
    released = policy.release(interview(with_words=False))
    bleep = next(b for b in released.bleeps if b.flag == "f-pii-1")
    assert not bleep.exact
    u2 = interview().utterances[1]
    sentence_end = u2.start + u2.duration * len("I grew up at 42 Maple Street in Dayton.") // len(u2.text)
    assert bleep.start <= u2.start and bleep.end >= sentence_end


def test_review_flags_are_published_but_listed() -> None:
    released = policy.release(interview())
    assert "My mother painted the kitchen yellow." in released.interview.utterances[1].text
    notes = released.notes()
    assert any(n.startswith("to review before publishing: f-sensitive-1") for n in notes)
    assert any(n.startswith("bleeped address at") for n in notes)


def test_a_clearance_publishes_the_flag_and_lapses_when_the_flag_changes() -> None:
    iv = interview()
    done = policy.clear(iv, "f-pii-1", "her studio's public address", by="editor")
    assert (done.by, done.reason) == ("editor", "her studio's public address")
    assert "42 Maple Street" in policy.release(iv).interview.utterances[1].text
    iv.flags[0].text = "Something else was found."
    assert "42 Maple Street" not in policy.release(iv).interview.utterances[1].text


def test_clearing_needs_a_known_flag_and_a_reason() -> None:
    with pytest.raises(InputError, match="no flag 'f-pii-9'"):
        policy.clear(interview(), "f-pii-9", "why")
    with pytest.raises(InputError, match="needs a reason"):
        policy.clear(interview(), "f-pii-1", " ")
    with pytest.raises(InputError, match="no flag 'nope'"):
        policy.release(interview(), allow=["nope"])


@pytest.mark.parametrize("fmt", ["srt", "vtt"])
def test_masked_caption_exports(fmt: str) -> None:
    check_golden(f"masked.{fmt}", formats.dump(policy.release(interview()).interview, fmt))


def test_flags_command_lists_clears_and_restores(greenroom, library_path) -> None:  # type: ignore[no-untyped-def]
    from greenroom.library import Library

    with Library(library_path) as library:
        library.add(interview())
    listed = greenroom("flags", "abcd1234")
    assert "f-pii-1\t0:02\tbleep" in listed.output
    assert greenroom("flags", "abcd1234", "--clear", "f-pii-1").exit_code == 1  # no reason
    done = greenroom("flags", "abcd1234", "--clear", "f-pii-1", "--reason", "public studio address")
    assert done.exit_code == 0 and "cleared f-pii-1" in done.output
    assert "f-pii-1\t0:02\tcleared" in greenroom("flags", "abcd1234").output
    exported = greenroom("export", "abcd1234", "--to", "txt").output
    assert "42 Maple Street" in exported and "bankrupt" not in exported
    report = greenroom("report", "abcd1234", "-o", "-").output
    assert "public studio address" in report
    assert greenroom("flags", "abcd1234", "--restore", "f-pii-1").exit_code == 0
    assert "42 Maple Street" not in greenroom("export", "abcd1234", "--to", "txt").output


def test_a_cut_holding_an_off_the_record_passage_leaves_every_cut_list() -> None:
    from greenroom.edit.editlists import clip_captions
    from greenroom.model import Cut, Highlights

    iv = interview()
    iv.highlights = Highlights(budget=12000, cuts=[Cut("c1", 2000, 7950), Cut("c2", 9000, 14550)])
    released = policy.release(iv).interview
    assert released.highlights is not None
    assert [c.id for c in released.highlights.cuts] == ["c1"]
    assert "cut c2 left out: it holds f-offrecord-1" in released.highlights.notes[-1]
    assert [name for name, _ in clip_captions(released, "srt")] == ["c1.srt"]
