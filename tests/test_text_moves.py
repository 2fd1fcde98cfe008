"""The move rules (text/data/moves.toml, text/moves.py): every example row holds, and a host's turns
get the NewsInterview move an interview producer would give them."""

from __future__ import annotations

import pytest

from greenroom.text import moves
from greenroom.text.moves import doubtful_kind, examples, kind_cues, matches, move


@pytest.mark.parametrize(("name", "text", "hit"), examples())
def test_each_example_row_holds(name: str, text: str, hit: bool) -> None:
    assert matches(name, text) is hit


def test_every_lexicon_has_examples_both_ways() -> None:
    names = {name for name, _, _ in examples()}
    assert names == {"acknowledgement", "praise", "verification", "challenge", "broadening", "opinion", "re_ask",
                     "elaborate", "transition", "thing_asked"}
    for name in names:
        assert {m for n, _, m in examples() if n == name} == {True, False}, name


def test_an_unknown_lexicon_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        moves.lexicon("nonsense")


ANSWER = "We drove north for three weeks, and the car broke down twice near the border."

# (host turn, the guest's last answer, the host's last ask, first ask?) -> move
TURNS = [
    ("Wow.", ANSWER, "", False, "acknowledgement"),
    ("I love that. Thank you for sharing it.", ANSWER, "", False, "acknowledgement"),
    ("I spent a summer in Lisbon once and I never got over how the light falls on the river in the evening.",
     ANSWER, "", False, "other"),
    ("What got you into rowing in the first place?", "", "", True, "kick-off"),
    ("So the car broke down twice? Is that right?", ANSWER, "", False, "verification"),
    ("And by broke down, you mean the engine?", ANSWER, "", False, "verification"),
    ("But that can't be the only explanation. Why north?", ANSWER, "", False, "challenge"),
    ("What advice would you give to someone planning a trip like that?", ANSWER, "", False, "broadening"),
    ("Let's talk about your daughters. How old were they when you left?", ANSWER, "", False, "topic-transition"),
    ("What was your first job?", ANSWER, "", False, "topic-transition"),
    ("Please say more about the border.", ANSWER, "", False, "follow-up-elaborate"),
    ("The car broke down twice? What happened at the border?", ANSWER, "", False, "follow-up-elaborate"),
    ("Why did the car break down near the border?", ANSWER, "", False, "follow-up-probe"),
    ("Why did you go back to Ohio after college?", "Yeah.", "Why did you go back to Ohio after college?", False,
     "follow-up-re-ask"),
]


@pytest.mark.parametrize(("text", "answer", "previous_ask", "first", "expected"), TURNS)
def test_a_host_turn_gets_its_move(text: str, answer: str, previous_ask: str, first: bool, expected: str) -> None:
    assert move(text, answer, previous_ask, first) == expected


def test_every_move_is_one_of_the_taxonomy() -> None:
    assert {expected for *_, expected in TURNS} <= set(moves.MOVES)
    assert set(moves.FOLLOW_UPS) <= set(moves.ASKING_MOVES)
    assert "other" not in moves.ASKING_MOVES and "acknowledgement" not in moves.ASKING_MOVES


@pytest.mark.parametrize(("text", "cues", "doubtful"), [
    ("What happened next?", {"open"}, False),
    ("Did you stay?", {"closed"}, False),
    ("What happened? Did you stay?", {"open", "closed"}, False),  # the first ask decides, as labelled
    ("And that was the price of that?", {"closed"}, False),
    ("What was your first paid gig with an athlete?", {"open"}, True),
    ("That was because she was unwilling due to the emotional charge or —", set(), True),
    ("Could you tell a story or give us an example?", {"open"}, False),
])
def test_kind_cues_and_doubt(text: str, cues: set[str], doubtful: bool) -> None:
    assert kind_cues(text) == cues
    assert doubtful_kind(text) is doubtful
