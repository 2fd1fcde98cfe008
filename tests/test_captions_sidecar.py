"""Sidecar SRT beside a render: broadcast-ready cues (no lone word, no flash, 2 lines, 7 s)."""

from __future__ import annotations

import pysubs2

from greenroom.edit import captions
from greenroom.edit.render_plan import plan
from greenroom.model import Cut, Interview, Speaker, Utterance, Word


def timed(uid: str, speaker: str, start: int, text: str, step: int = 350) -> Utterance:
    words = [Word(start + k * step, start + (k + 1) * step - 40, w) for k, w in enumerate(text.split())]
    return Utterance(uid, start, words[-1].end, speaker, text, words)


def interview() -> Interview:
    return Interview(speakers=[Speaker("S1", "Dana"), Speaker("S2", "Tom")], utterances=[
        timed("u1", "S1", 0, "And then?"),
        timed("u2", "S2", 1200, "Nothing. We waited for the tide to turn, and the light went gold over the harbour "
                                "while the whole crew just stood there. Magic."),
        timed("u3", "S1", 12000, "Wow."),
    ])


def test_sidecar_cues_follow_broadcast_rules() -> None:
    iv = interview()
    text = captions.srt(iv, plan([Cut("c1", 0, 13000)]).segments, (1280, 720), captions.STYLES["clean"])
    events = pysubs2.SSAFile.from_string(text, format_="srt").events
    assert events
    for event in events:
        rows = event.plaintext.split("\n")
        assert len(rows) <= 2 and all(len(r) <= 42 for r in rows)
        assert event.end - event.start <= 7000
        assert len(event.plaintext.split()) > 1 or event.plaintext in ("Wow.",)  # a lone word only with no partner
    words = " ".join(e.plaintext.replace("\n", " ") for e in events).split()
    assert words == " ".join(u.text for u in iv.utterances).split()  # every word, in order
    assert not any(e.plaintext == "Magic." for e in events)  # joined to the line before it
