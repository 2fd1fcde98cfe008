"""The model: exact JSON round trips and a semantic `equals` that explains itself."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from greenroom.model import (
    Card, Chapter, Flag, Interview, Mark, Metrics, Moment, Person, Quote, Source, Speaker, Turn,
    Utterance, Word, compare,
)


def full_interview() -> Interview:
    return Interview(
        id="abc12345", title="Tom Hale on Low Tide", project="Low Tide", language="en",
        people=[Person("Tom Hale", "guest"), Person("Dana Reyes", "interviewer")],
        source=Source(path="/x/interview.srt", format="srt", sha256="00" * 32, duration=60_000),
        speakers=[Speaker("S1", "DANA", "Dana Reyes", "interviewer"), Speaker("S2", "Tom", "Tom Hale", "guest")],
        utterances=[
            Utterance("u1", 0, 2_000, "S1", "Tell me about the script.", [Word(0, 400, "Tell", 0.9)]),
            Utterance("u2", 2_500, 9_000, "S2", "I read it on a train.", confidence=0.8),
        ],
        marks=[Mark(2_500, 2_900, "laughter", "(laughs)", "S2", "u2", 0)],
        turns=[Turn("t1", ["u1"], ["u2"], "open", "process")],
        chapters=[Chapter(0, 9_000, "The script", ["train"])],
        moments=[Moment("m1", 2_500, 9_000, "anecdote", 0.7, "a story", ["u2"], {"past_tense": 3})],
        flags=[Flag("f1", 2_500, 3_000, "pii", "a child's name", "high", "bleep")],
        metrics=Metrics(talk_ratio=0.25, questions={"open": 1}),
        card=Card(["how he found the role"], "big", "craft", [Quote("I read it on a train.", 2_500, 9_000, "S2", "u2")]),
    )


def test_native_dict_round_trip_is_exact() -> None:
    original = full_interview()
    again = Interview.from_dict(json.loads(json.dumps(original.to_dict())))
    assert again == original
    assert again.to_dict() == original.to_dict()
    assert again.to_dict()["schema_version"] == 1


def test_equals_explains_differences() -> None:
    a, b = full_interview(), full_interview()
    assert a.equals(b)
    b.utterances[1].text = "I read it on a plane."
    b.utterances[0].start = 40
    result = a.equals(b)
    assert not result
    text = str(result)
    assert "utterance 2: text" in text and "plane" in text
    assert "utterance 1: time" in text


def test_equals_ignores_ids_and_whitespace_but_not_speakers() -> None:
    a, b = full_interview(), full_interview()
    b.utterances[0].id = "zz"
    b.utterances[0].text = "Tell  me about\nthe script."
    assert a.equals(b)
    b.speakers[0].label = "Someone"
    assert "speaker" in str(a.equals(b))


def test_equals_tolerance_and_transcript_scope() -> None:
    a, b = full_interview(), full_interview()
    b.utterances[1].end += 4
    b.title = "Other"
    assert not a.equals(b)
    assert a.equals(b, scope="transcript", tolerance_ms=5)


def test_newer_schema_is_refused() -> None:
    data = full_interview().to_dict()
    data["schema_version"] = 99
    with pytest.raises(ValueError, match="schema_version"):
        Interview.from_dict(data)


def test_unknown_keys_are_ignored_for_forward_compatibility() -> None:
    data = full_interview().to_dict()
    data["future_layer"] = [1, 2]
    data["utterances"][0]["sentiment"] = 0.3
    assert Interview.from_dict(data) == full_interview()


def test_duration_covers_utterances_marks_and_source() -> None:
    interview = full_interview()
    assert interview.duration == 60_000
    interview.source.duration = None
    assert interview.duration == 9_000


texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)


@st.composite
def interviews(draw: st.DrawFn) -> Interview:
    speakers = [Speaker(f"S{i}", draw(texts), draw(st.none() | texts), draw(st.sampled_from(["guest", "unknown"])))
                for i in range(draw(st.integers(0, 3)))]
    utterances = []
    clock = 0
    for i in range(draw(st.integers(0, 6))):
        start = clock + draw(st.integers(0, 5_000))
        end = start + draw(st.integers(0, 5_000))
        words = [Word(start, end, draw(texts), draw(st.none() | st.floats(0, 1)))] if draw(st.booleans()) else []
        speaker = draw(st.sampled_from([s.id for s in speakers])) if speakers else None
        utterances.append(Utterance(f"u{i}", start, end, speaker, draw(texts), words))
        clock = end
    return Interview(id=draw(texts), title=draw(texts), speakers=speakers, utterances=utterances,
                     metrics=draw(st.none() | st.builds(Metrics, talk_ratio=st.floats(0, 1))))


@settings(max_examples=60, deadline=None)
@given(interviews())
def test_any_interview_round_trips_through_json(interview: Interview) -> None:
    again = Interview.from_dict(json.loads(json.dumps(interview.to_dict())))
    assert again.to_dict() == interview.to_dict()
    assert compare(interview, again)
