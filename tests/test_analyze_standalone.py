"""Sentences and standing alone: where a sentence ends, and what a cut-out passage needs from before it."""

from __future__ import annotations

import pytest

from greenroom.analyze import analyze
from greenroom.analyze.moments import CONTEXT_PENALTY
from greenroom.model import Interview, Speaker, Utterance
from greenroom.text.sentences import split_spans
from greenroom.text.standalone import (
    clip_reasons,
    context_reasons,
    subordinate_only,
    unnamed_reference,
)


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_spans(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("So if you studied T.S. Eliot, you knew the tarot. Then more.",
     ["So if you studied T.S. Eliot, you knew the tarot.", "Then more."]),
    ("I met Dr. Rao in St. Louis. It was fun.", ["I met Dr. Rao in St. Louis.", "It was fun."]),
    ("No. I don’t think so.", ["No.", "I don’t think so."]),
    ("He asked, “What’s that? Is it growing on the tree?” Have no idea. But I walked by.",
     ["He asked, “What’s that? Is it growing on the tree?”", "Have no idea.", "But I walked by."]),
    ("She said “wait. stop” and left. Then silence.", ["She said “wait. stop” and left.", "Then silence."]),
    ('He asked, "Is it a tree? A fungus?" Have no idea.', ['He asked, "Is it a tree? A fungus?"', "Have no idea."]),
    # a quotation mark that never closes does not swallow the rest of the answer
    ("He said, “I quit. I am done. Then he left. We never spoke again.",
     ["He said, “I quit.", "I am done.", "Then he left.", "We never spoke again."]),
    # two sentences a transcript glued together; abbreviations and names stay whole
    ("You know.I said no. Then Kevin left.Michael stayed.",
     ["You know.", "I said no.", "Then Kevin left.", "Michael stayed."]),
    ("See e.g.Hamlet and St.Louis, Prof.Rao said.", ["See e.g.Hamlet and St.Louis, Prof.Rao said."]),
])
def test_sentence_ends(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(("text", "reason"), [
    ("— with a wonderful graphic artist. And that was fun.", "mid-thought"),
    ("and then we left the studio at dawn.", "mid-thought"),
    ("tree?” Have no idea. But I walked by that tree every day.", "mid-thought"),
    ("Nice doing business with you.” That was the last time we ever talked.", "inside quotation marks"),
    ("Fascinating. But I walked by it many times without noticing.", "reacting"),
    ("No, I never went back to that theatre.", "answering"),
    ("But he was like, “Well, what did it say?”", "points back"),
    ("I liked them a lot. And it was very instructive.", "points back"),
    ("Some of them still existed, but not in the same way.", "points back"),
    ("Or I know this is not advice at all, but I never set goals.", "points back"),
    ("Didn’t strike me until the next year, when I had a new teacher.", "without its subject"),
    ("I cried all night. She said I was being silly.", "does not name"),
])
def test_needs_context(text: str, reason: str) -> None:
    found = context_reasons(text)
    assert found and reason in found[0], found


@pytest.mark.parametrize("text", [
    "I have a Polaroid picture I took of myself when I was twelve.",
    "It's good to be back in the studio with the band.",
    "Didn't you ever want to quit?",
    "I loved it. The cold was part of the fun on that boat.",
    "Don't ever give up on the work you love.",
    "My teacher Miss Billings read the poem. She said it was good.",
])
def test_stands_alone(text: str) -> None:
    assert context_reasons(text) == []


def story_interview() -> Interview:
    """One answer whose middle sentences point back: the moment must open where the story does."""
    answer = ("I remember the night the theatre flooded in 2009. The stage manager ran in soaking wet. "
              "But he was like, “Keep going, they can't see the water yet.” And then the lights went out "
              "and we finished the play by torchlight.")
    utts = [Utterance(id="u1", start=0, end=3_000, speaker="A", text="What was your worst night on stage?"),
            Utterance(id="u2", start=3_500, end=3_500 + len(answer) * 70, speaker="B", text=answer)]
    speakers = [Speaker("A", "Dana", "Dana", "interviewer"), Speaker("B", "Sam", "Sam", "guest")]
    return Interview(id="flood", speakers=speakers, utterances=utts)


def test_moments_open_where_the_story_does() -> None:
    iv = analyze(story_interview(), only=["turns", "moments"])
    assert iv.moments
    best = iv.moments[0]
    assert str(best.evidence["text"]).startswith("I remember the night")
    assert best.evidence["needs_context"] == ""
    for m in iv.moments:  # any window that opens mid-story is marked and halved
        if str(m.evidence["text"]).startswith("But he was like"):
            assert "points back" in str(m.evidence["needs_context"])
            assert max(m.evidence["scores"].values()) <= CONTEXT_PENALTY
            assert "; but it starts with 'But'" in m.reason


@pytest.mark.parametrize(("text", "after", "reason"), [
    ("Acting is the easiest job in the world.", "Just kidding, it nearly broke me.", "undo or qualify"),
    ("Fame was never about the money for me.", "But about the people I met.", "contrast"),
    ("And the house we had back then was…", "", "trails off"),
    ("I always wanted to direct, but", "", "dangling 'but'"),
    ("But he was like, keep going.", "", "points back"),  # the opening is judged first
])
def test_clip_reasons(text: str, after: str, reason: str) -> None:
    found = clip_reasons(text, after)
    assert found and reason in found[0], found


def test_clip_ending_where_the_thought_does() -> None:
    assert clip_reasons("Acting is the easiest job in the world.", "And I loved every day of it.") == []


def test_moment_not_cut_before_its_undoing() -> None:
    """A line the next sentence takes back is no clip on its own; with that sentence it is."""
    answer = ("Acting is the easiest job in the world, you just stand there and say the lines every night. "
              "Just kidding, it nearly broke me and I was terrified every single night for a year.")
    utts = [Utterance(id="u1", start=0, end=3_000, speaker="A", text="Was the play hard?"),
            Utterance(id="u2", start=3_500, end=3_500 + len(answer) * 70, speaker="B", text=answer)]
    speakers = [Speaker("A", "Dana", "Dana", "interviewer"), Speaker("B", "Sam", "Sam", "guest")]
    iv = analyze(Interview(id="kidding", speakers=speakers, utterances=utts), only=["turns", "moments"])
    alone = [m for m in iv.moments if str(m.evidence["text"]).endswith("every night.")]
    assert all("undo or qualify" in str(m.evidence["needs_context"]) for m in alone)
    assert "Just kidding" in str(iv.moments[0].evidence["text"])


@pytest.mark.parametrize(("text", "word"), [
    ("So I find him to be the most friendly, I guess is the word for it.", "him"),
    ("And we exchanged ideas through drawing them and sending them over.", "them"),
    ("And when we were working together, I insisted that when he sang, he also played guitar.", "he"),
    ("I never thought about this before.", "this"),
    ("The other is a movie called Tár, which people loved.", "The other"),
    ("So, I’ll never say never, but it would be even tougher to do it now.", "it"),  # two "it"s lean on before
    ("And if you have to have us, it still doesn't solve the problem.", "us"),
    ("One is the polling with RSS feeds.", "One is"),  # an item of a list left out
    ("No one is safe on a film set.", ""),
    # named or described first, or everyone's "they": nothing missing
    ("My father told me his rule.", ""), ("Tina Fey taught me her trick.", ""),
    ("They say you never forget your first night.", ""), ("I love that scene.", ""),
    ("It was the best year of my life.", ""),  # one "it" is clear from the line
])
def test_a_printed_line_names_who_and_what_it_is_about(text: str, word: str) -> None:
    assert unnamed_reference(text) == word


@pytest.mark.parametrize(("text", "fragment"), [
    ("So when you’re talking about an actor, like Andy Samberg.", True),
    ("Because it was there.", True),
    ("When I was nineteen, I moved to New York.", False),
    ("If you screw up, you’re dead to me.", False),
    ("If Andy Samberg was in a scene, Andy Samberg was the funniest thing in it.", False),
    ("I love it when a plan comes together.", False),
])
def test_a_when_or_if_part_alone_is_no_sentence(text: str, fragment: bool) -> None:
    assert subordinate_only(text) is fragment
