"""The question rules (text/data/questions.toml, text/questions.py): every example row holds,
and the detector and classifier say what an interview producer would."""

from __future__ import annotations

import pytest

from greenroom import formats
from greenroom.text import questions
from greenroom.text.questions import (
    ask_kind,
    askers,
    double_parts,
    examples,
    is_ask,
    is_double,
    is_follow_up,
    is_leading,
    is_question,
    lexicon,
    likely_asker,
    matches,
)


@pytest.mark.parametrize(("name", "text", "hit"), examples())
def test_each_example_row_holds(name: str, text: str, hit: bool) -> None:
    assert matches(name, text) is hit


def test_every_lexicon_has_examples_both_ways() -> None:
    names = {name for name, _, _ in examples()}
    assert names >= {"request", "permission", "polite_open", "yes_no", "leading", "second_ask", "follow_up"}
    for name in names:
        assert {m for n, _, m in examples() if n == name} == {True, False}, name


def test_an_unknown_lexicon_and_a_word_list_are_key_errors() -> None:
    with pytest.raises(KeyError):
        lexicon("nonsense")
    with pytest.raises(KeyError):
        lexicon("stopwords")  # a word list, not a pattern


@pytest.mark.parametrize(("sentence", "asks"), [
    ("I'd love for you to just elaborate on that.", True),
    ("Walk me through the morning of the first show.", True),
    ("Tell me about your father.", True),
    ("What happened next?", True),
    ("May I interject for one second?", False),  # permission to speak: asks nothing yet
    ("Can I ask you something?", False),
    ("Can I ask you about your father?", True),  # a topic makes it an ask
    ("I told him about the film.", False),
    ("That's fascinating.", False),
])
def test_is_ask(sentence: str, asks: bool) -> None:
    assert is_ask(sentence) is asks


@pytest.mark.parametrize(("utterance", "asks"), [
    ("Did the trip help? I'm just wondering. It was a long drive.", True),  # asked, then kept talking
    ("They overlap a lot, right? And that is why the study matters so much.", False),  # a tag mid-monologue
    ("That is why the study matters, right?", True),  # a tag that ends the turn hands it over
])
def test_is_question(utterance: str, asks: bool) -> None:
    assert is_question(utterance) is asks


def test_permission_before_a_question_leaves_the_question() -> None:
    assert is_question("May I interject for one second? What did your mother say?")
    assert not is_question("Sorry. May I interject for one second?")


@pytest.mark.parametrize(("question", "kind"), [
    ("Could you tell a story or give us an example of when that happened?", "open"),
    ("Can you talk about the years in Berlin?", "open"),
    ("I'd love for you to just elaborate on that.", "open"),
    ("What did you learn from the first book?", "open"),
    ("So, I'm curious, did you ever go back?", "closed"),
    ("Did you enjoy filming in the desert?", "closed"),
    ("And your family, do they come to the set?", "closed"),
    ("How old were you?", "closed"),  # one fact
    ("Didn't that scare you?", "closed"),
    ("Can you still play the piano pieces?", "closed"),
])
def test_ask_kind(question: str, kind: str) -> None:
    assert ask_kind(question) == kind


@pytest.mark.parametrize(("question", "double"), [
    ("Could you tell a story or give us an example of when that happened?", False),  # one request
    ("What drew you to the role and how did you prepare for the fights?", True),
    ("What was it like? Were you scared?", True),
    ("Could you describe the night? What went wrong?", False),  # one invitation, said twice
    ("What did you learn? What were the takeaways?", False),  # restated the same way
    ("How long did the makeup take? Did it hurt?", True),
    ("What was the straw, or what were the straws that broke you?", False),  # reworded
    ("What did you cut from the script, or what did the studio cut?", True),  # a new doer: a new ask
    ("Did you write the lyrics alone or did you ask Finn?", False),  # a choice: one question
    ("What did you and your brother build?", False),
])
def test_is_double(question: str, double: bool) -> None:
    assert is_double(question) is double


def test_double_parts_are_the_two_asks() -> None:
    assert double_parts("What drew you to the role, and how did you prepare?") == (
        "What drew you to the role", "how did you prepare?")


@pytest.mark.parametrize(("question", "leading"), [
    ("Don't you think the ending was rushed?", True),
    ("It was freezing, right?", True),
    ("So it must have been terrifying?", True),
    ("What did you think of the ending?", False),
    ("Was it freezing?", False),
])
def test_is_leading(question: str, leading: bool) -> None:
    assert is_leading(question) is leading


@pytest.mark.parametrize(("question", "answer", "follow"), [
    ("You mentioned the logbook. Did it end up in the film?", "I kept notes.", True),
    ("What did the tides and the weather teach you?", "I rowed every morning and logged the tides and the weather.", True),
    ("What was your first job?", "I rowed every morning.", False),
    ("How do you do that?", "I write before anyone else is awake.", True),  # short, points back
    ("Could you elaborate?", "Yes.", True),
    ("Let's talk about the tides and the weather.", "I logged the tides and the weather.", False),  # a new topic
])
def test_is_follow_up(question: str, answer: str, follow: bool) -> None:
    assert is_follow_up(question, answer) is follow


TALK = """Ray: You started as a drummer, right? What made you switch to writing songs?
Sam: I got bored of keeping time for other people's ideas. So I started writing my own, badly at first.
Ray: Badly how?
Sam: Too many words. Every verse was a novel. Who writes like that at nineteen? I did.
Ray: I'd love for you to just elaborate on that.
Sam: Well, I thought every line had to explain itself, and nothing was left for the listener.
"""


def test_who_asks_is_the_speaker_who_ends_turns_on_questions() -> None:
    iv = formats.parse(TALK, "t.txt", "text")
    ray = next(s for s in iv.speakers if s.name == "Ray")
    assert likely_asker(iv) is ray
    assert askers(iv) == {ray.id}


def test_who_asks_follows_the_roles_when_they_are_set() -> None:
    iv = formats.parse(TALK, "t.txt", "text")
    sam = next(s for s in iv.speakers if s.name == "Sam")
    sam.role = "interviewer"
    assert askers(iv) == {sam.id}


def test_a_speaker_with_one_line_is_nobody_to_ask() -> None:
    iv = formats.parse("Ray: Hello there, what is this?\n", "t.txt", "text")
    assert likely_asker(iv) is None and askers(iv) == set()


def test_stopwords_are_data() -> None:
    assert "because" in questions.STOPWORDS and "logbook" not in questions.STOPWORDS
