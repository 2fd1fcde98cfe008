"""Coaching reads the NewsInterview moves (text.moves): the mix of moves in the metrics and JSON, and
a sentence a host can act on when the follow-ups only ask the guest to go on."""

from __future__ import annotations

import json

from greenroom import formats
from greenroom.analyze import analyze
from greenroom.analyze.coaching import _moves_advice, move_mix
from greenroom.capture.roles import assign_roles
from greenroom.model import Interview
from greenroom.text import moves

MINE = ["turns", "coaching"]


def interview(text: str, language: str | None = None) -> Interview:
    iv = formats.parse(text, "t.txt", "text")
    if language:
        iv.language = language
    assign_roles(iv, interviewers=["Dana"])
    return analyze(iv, only=MINE)


# A host who keeps asking the guest to go on and never digs into a detail or pushes back.
ONLY_MORE = """Dana: Let's talk about the tour. What was the first night like?
Tom: The van broke down outside Leeds and we played the first show in borrowed clothes.
Dana: Please say more about the borrowed clothes.
Tom: A fan lent me a wedding suit. It was two sizes too big and I played the whole set in it.
Dana: Tell me more about the wedding suit.
Tom: I kept it. It hangs in the studio now, and I wear it when a song will not come.
Dana: Could you elaborate on the song that would not come?
Tom: It was the last track on the record. I wrote it in the suit, in one night, after months of nothing.
Dana: Walk us through that night in the studio.
Tom: Coffee, the suit, a drum machine, and the window open. By morning it was done.
"""

# A host who digs: asks why, checks a fact, and pushes back.
DIGS = """Dana: Let's talk about the tour. What was the first night like?
Tom: The van broke down outside Leeds and we played the first show in borrowed clothes.
Dana: Why did the van break down outside Leeds?
Tom: We had not serviced it in two years. Nobody in the band knew how to check the oil.
Dana: So nobody checked the oil for two years? Is that right?
Tom: That is right, and we paid for it with three cancelled shows.
Dana: But that can't be the only explanation. Why did nobody in the band take charge of the van?
Tom: Because we were all trying to be the singer. Nobody wanted to be the one who drives.
Dana: Why did nobody want to be the one who drives?
Tom: Driving meant missing the party after the show, and we were young.
Dana: Why did you keep the borrowed suit after the tour?
Tom: Because it reminded me that the worst night of the tour was also the best show we played.
"""


def test_the_mix_of_moves_is_in_the_metrics() -> None:
    iv = interview(ONLY_MORE)
    assert iv.metrics is not None
    extra = iv.metrics.extra
    assert set(extra["turn_moves"]) == {t.id for t in iv.turns}
    assert set(extra["turn_moves"].values()) <= set(moves.ASKING_MOVES) | {"other"}
    assert sum(extra["moves"].values()) == len(iv.turns)
    assert extra["moves"]["kick-off"] == 1  # the first question opens the talk
    assert extra["follow_up_moves"] == {"follow-up-elaborate": 4}
    saved = json.loads(json.dumps(iv.to_dict()))  # the interview's JSON carries the mix
    assert saved["metrics"]["extra"]["moves"] == extra["moves"]
    assert Interview.from_dict(saved).metrics.extra["turn_moves"] == extra["turn_moves"]  # type: ignore[union-attr]


def test_a_host_who_only_asks_for_more_is_told_to_dig() -> None:
    iv = interview(ONLY_MORE)
    assert iv.metrics is not None
    said = " ".join(iv.metrics.verdicts)
    assert "4 of 4 follow-ups only asked to elaborate; none probed or challenged" in said
    assert 3 <= len(iv.metrics.verdicts) <= 5


def test_a_host_who_digs_hears_what_the_follow_ups_did() -> None:
    iv = interview(DIGS)
    assert iv.metrics is not None
    mix = iv.metrics.extra["follow_up_moves"]
    assert mix.get("follow-up-probe", 0) >= 1 and mix.get("verification", 0) == 1
    assert iv.metrics.extra["moves"].get("challenge") == 1
    said = " ".join(iv.metrics.verdicts)
    assert "only asked to elaborate" not in said
    assert "Of 3 follow-ups, 2 probed, 1 checked a fact; you challenged a claim once." in said


def test_another_language_gets_no_moves() -> None:
    iv = interview(ONLY_MORE, language="es")
    assert iv.metrics is not None
    assert iv.metrics.extra["moves"] == {} and iv.metrics.extra["turn_moves"] == {}
    assert "elaborate" not in " ".join(iv.metrics.verdicts)


def test_advice_needs_enough_follow_ups() -> None:
    assert _moves_advice({"follow-up-elaborate": 2}, {}) == ""
    assert _moves_advice({"follow-up-elaborate": 3, "follow-up-probe": 1}, {}).startswith(
        "3 of 4 follow-ups only asked to elaborate: dig into")
    assert _moves_advice({"follow-up-elaborate": 1, "follow-up-probe": 2}, {}) == (
        "Of 3 follow-ups, 1 asked for more, 2 probed; you never challenged a claim.")
    assert move_mix({"t1": "kick-off", "t2": "follow-up-probe", "t3": "follow-up-probe"}, {"t2", "t3"}) == {
        "follow-up-probe": 2}
