"""Stories: answers cut into whole stories, and the fitted ranker that orders them."""

from __future__ import annotations

import pytest

from greenroom.analyze.moments import guest_sentences
from greenroom.analyze.stories import STORY_MAX_MS, STORY_MIN_MS, stories
from greenroom.model import Interview, Speaker, Utterance

SPEAKERS = [Speaker("A", "Dana", "Dana", "interviewer"), Speaker("B", "Sam", "Sam", "guest")]
MS_PER_CHAR = 60  # about 2.8 words a second


def interview(*lines: tuple[str, str]) -> Interview:
    utts, at = [], 0
    for n, (who, text) in enumerate(lines, start=1):
        length = len(text) * MS_PER_CHAR
        utts.append(Utterance(id=f"u{n}", start=at, end=at + length, speaker=who, text=text))
        at += length + 400
    return Interview(id="t", speakers=SPEAKERS, utterances=utts)


FILLER = ("We spent most of that year touring small venues in the north and playing the same songs every night. "
          "The van broke down twice and the crowds were small but loyal. ")
STORY = ("I remember the night in Glasgow when the power went out in the middle of the second song. "
         "Nobody left. The whole room sang the chorus back to us in the dark, and the drummer kept time "
         "on a bin lid. When the lights came back on we just stood there, because nothing we played after "
         "that could beat it. ")


def test_a_short_answer_is_one_whole_story_with_its_question() -> None:
    iv = interview(("A", "What was the first gig like?"), ("B", STORY))
    found = stories(iv)
    assert len(found) == 1 and found[0].parts == 1 and found[0].question is not None
    assert found[0].question.id == "u1" and found[0].text == STORY.strip()


def test_a_long_answer_is_cut_at_sentence_bounds_into_stories_of_ten_to_sixty_seconds() -> None:
    answer = FILLER * 3 + STORY + FILLER * 2
    iv = interview(("A", "Tell me about the tour."), ("B", answer))
    found = stories(iv)
    assert len(found) >= 2
    assert " ".join(s.text for s in found) == " ".join(answer.split())  # every sentence once, in order
    for s in found:
        assert STORY_MIN_MS <= s.length <= STORY_MAX_MS
    # the story opener starts a unit: a clip of it opens where the story does
    assert any(s.text.startswith("I remember the night in Glasgow") for s in found)


def test_no_story_opens_on_a_line_that_leans_on_what_came_before_when_it_can_be_avoided() -> None:
    leaning = ("That's why he never came back. It was the last time. ")
    answer = (FILLER * 2 + leaning + STORY) * 2
    iv = interview(("A", "Why did you stop?"), ("B", answer))
    assert not any(s.text.startswith("That's why") for s in stories(iv)[1:])


def test_answers_shorter_than_five_seconds_are_no_story() -> None:
    iv = interview(("A", "Ready?"), ("B", "Yes."), ("A", "Tell me about Glasgow."), ("B", STORY))
    assert [s.utterance_ids for s in stories(iv)] == [["u4"]]


def test_the_ranker_scores_every_story_and_names_what_ranked_it() -> None:
    pytest.importorskip("onnxruntime")
    from greenroom.analyze.moments import find_moments, load_embedder, load_sentiment
    from greenroom.analyze.ranker import load_model

    iv = interview(("A", "How was the tour?"), ("B", FILLER * 2), ("A", "And the best night?"), ("B", STORY))
    moments = find_moments(iv, load_sentiment(), None, load_embedder())
    assert moments[0].utterances == ["u4"]  # the told story outranks the summary
    best = moments[0]
    assert 0.0 < best.score < 1.0 and "ranked up by" in best.reason
    assert best.evidence["question"] == "u3" and best.evidence["features"]["past_ratio"] > 0.5
    assert load_model().about["fit_by"] == "bench/fit_moments.py --write"
    assert guest_sentences(iv)  # the same sentences the stories were cut from


def test_without_embeddings_the_features_only_model_ranks() -> None:
    from greenroom.analyze.moments import find_moments, load_sentiment

    iv = interview(("A", "How was the tour?"), ("B", FILLER * 2), ("A", "And the best night?"), ("B", STORY))
    moments = find_moments(iv, load_sentiment(), None, None)
    assert moments and moments[0].evidence["model"].startswith("features,")


def test_a_judge_re_ranks_the_shortlist_and_its_answers_are_kept_as_evidence() -> None:
    """SmolLM2-135M: a real model, to prove the plumbing (its judgement is at chance)."""
    pytest.importorskip("xllamacpp")
    from greenroom.analyze.moments import find_moments, load_sentiment
    from greenroom.backends.judge import smollm2_judge
    from greenroom.errors import GreenroomError

    try:
        judge = smollm2_judge()
    except GreenroomError as missing:
        pytest.skip(str(missing))
    iv = interview(("A", "How was the tour?"), ("B", FILLER * 2), ("A", "And the best night?"), ("B", STORY))
    moments = find_moments(iv, load_sentiment(), None, None, judge)
    judged = [m for m in moments if "judge" in m.evidence]
    assert judged and set(judged[0].evidence["judge"]["answers"]) == {"story", "candid", "funny", "craft",
                                                                      "moving", "quote"}
    assert all(0.0 <= p <= 1.0 for p in judged[0].evidence["judge"]["answers"].values())
