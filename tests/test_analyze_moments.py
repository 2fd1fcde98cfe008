"""Moments and the card: on the sample, on a hand-made interview, and for speed."""

from __future__ import annotations

import time

import pytest

from greenroom import formats, sample
from greenroom.analyze import analyze
from greenroom.analyze.card import (
    bullet_line,
    guest_name,
    prints_alone,
    stands_alone,
    verify_quote,
)
from greenroom.analyze.moments import split_spans
from greenroom.capture.roles import assign_roles
from greenroom.model import Interview, Moment, Quote, Speaker, Utterance

OFF_RECORD = (122_000, 132_000)  # Tom's daughter, 2:02-2:12


def load_sample() -> Interview:
    iv = formats.load(sample.transcript_path())
    assign_roles(iv, [sample.GUEST], [sample.INTERVIEWER])
    return iv


@pytest.fixture(scope="module")
def analyzed() -> Interview:
    pytest.importorskip("onnxruntime")
    return analyze(load_sample())


def moment_text(m: Moment) -> str:
    return str(m.evidence["text"])


def find(iv: Interview, words: str) -> Moment:
    found = [m for m in iv.moments if words in moment_text(m)]
    assert found, f"no moment with {words!r}: {[moment_text(m)[:50] for m in iv.moments]}"
    return found[0]


def test_sample_kinds(analyzed: Interview) -> None:
    assert find(analyzed, "two towns over").kind == "anecdote"
    candid = find(analyzed, "terrified")
    assert candid.kind == "candid" and "I didn't think I could do it." in moment_text(candid)
    assert find(analyzed, "fell out of the boat").kind == "humor"


def test_silence_is_quotable(analyzed: Interview) -> None:
    assert analyzed.card is not None
    in_moments = any("silence is not emptiness" in moment_text(m) and m.kind == "quotable" for m in analyzed.moments)
    in_quotes = any("silence is not emptiness" in q.text for q in analyzed.card.quotes)
    assert in_moments or in_quotes


def overlaps(start: int, end: int) -> bool:
    return min(end, OFF_RECORD[1]) > max(start, OFF_RECORD[0])


def test_nothing_off_the_record(analyzed: Interview) -> None:
    assert analyzed.card is not None
    assert not [m for m in analyzed.moments if overlaps(m.start, m.end)]
    assert not [q for q in analyzed.card.quotes if overlaps(q.start, q.end)]
    assert all("daughter" not in q.text and "lighthouse" not in q.text for q in analyzed.card.quotes)


def test_quotes_verbatim(analyzed: Interview) -> None:
    card = analyzed.card
    assert card is not None and len(card.quotes) == 3
    assert all(verify_quote(analyzed, q) for q in card.quotes)
    assert len({q.utterance for q in card.quotes}) == 3
    assert all(analyzed.speaker_name(q.speaker) == sample.GUEST for q in card.quotes)
    assert not verify_quote(analyzed, Quote(text="Silence is emptiness.", start=136_000, end=138_000, utterance="u16"))


def test_moments_are_whole_sentences(analyzed: Interview) -> None:
    by_id = {u.id: u for u in analyzed.utterances}
    for m in analyzed.moments:
        texts = [by_id[i].text for i in m.utterances]
        sentences = [t[b:e] for t in texts for b, e in split_spans(t)]
        assert all(s in sentences for s in split_spans_text(moment_text(m))), moment_text(m)
        assert m.reason.strip().endswith(".") and 0.0 <= m.score <= 1.0
        assert 5_000 <= m.end - m.start <= 60_000


def split_spans_text(text: str) -> list[str]:
    return [text[b:e] for b, e in split_spans(text)]


def test_moments_sorted_and_apart(analyzed: Interview) -> None:
    scores = [m.score for m in analyzed.moments]
    assert len(analyzed.moments) >= 3 and scores == sorted(scores, reverse=True)
    for a in analyzed.moments:
        for b in analyzed.moments:
            if a is not b:
                shared = min(a.end, b.end) - max(a.start, b.start)
                assert shared <= 0.3 * min(a.end - a.start, b.end - b.start)


def test_card_text(analyzed: Interview) -> None:
    card = analyzed.card
    assert card is not None
    assert 3 <= len(card.learn) <= 5
    assert "Tom Hale" in card.impact and card.angle.endswith(".")


@pytest.mark.parametrize("clause, alone", [
    ("I started keeping his logbook every single morning", True),
    ("I liked them a lot", False),  # "them" points back
    ("— with a wonderful graphic artist called Johnny", False),  # carried over from the last sentence
    ("Junior.", False), ("but the cold nearly broke me there", False),
    ("the storm scene took three nights in the rain", False),  # starts mid-sentence
    ("I felt like I had to", False), ("Then I post something and I go", False),  # broken off
    ("Some of them still existed back then", False)])
def test_a_card_line_must_stand_alone(clause: str, alone: bool) -> None:
    assert stands_alone(clause) is alone


def test_card_lines_stand_alone(analyzed: Interview) -> None:
    card = analyzed.card
    assert card is not None
    assert all(stands_alone(bullet.strip("“”")) for bullet in card.learn if not bullet.startswith("Also"))
    assert stands_alone(card.impact.split(": “", 1)[1].removesuffix("”"))


def test_moments_skip_the_off_record_answer_whatever_order_modules_were_imported_in() -> None:
    """Moments read flags: the analyzer that makes them runs first even when the
    moments module registered earlier (this test file imports card, hence moments,
    before privacy_rules)."""
    from greenroom.analyze.registry import plan

    names = [a.name for a in plan(["moments", "off-record", "turns"], load_sample())]
    assert names.index("off-record") < names.index("moments")


def test_moments_without_chapters_or_flags() -> None:
    iv = analyze(load_sample(), only=["turns", "moments"])
    assert iv.moments and iv.card is None


def handmade() -> Interview:
    """Flat promo talk first, a clear story second: the story must rank first."""
    lines = [
        ("A", "What can people expect from the new season?"),
        ("B", ("The new season is available to stream now. It is a great show with a great cast and it has "
               "something for everyone, so people should definitely watch it.")),
        ("A", "How did you get the part?"),
        ("B", ("I remember the day my agent called. I was standing in a laundrette in Leeds in 2009, soaking "
               "wet, and I dropped my phone into a washing machine. And then I ran three streets to a phone box "
               "and called her back.")),
    ]
    utts, at = [], 0
    for n, (who, text) in enumerate(lines, start=1):
        length = len(text) * 70
        utts.append(Utterance(id=f"u{n}", start=at, end=at + length, speaker=who, text=text))
        at += length + 500
    speakers = [Speaker("A", "Dana", "Dana", "interviewer"), Speaker("B", "Sam", "Sam", "guest")]
    return Interview(id="hand", speakers=speakers, utterances=utts)


@pytest.mark.parametrize("text, line", [
    # the telling whole sentence, not the opening cut at its first comma
    (("In the past they would say, you know, this one is mine. I was doing a tai chi exercise on the beach in "
      "Malibu and there was an incredible sunset. It was nice."),
     "I was doing a tai chi exercise on the beach in Malibu and there was an incredible sunset."),
    # a question, unbalanced quotation marks or a pointer back are no bullet; fillers go
    ("Do you know what I mean? So I wrote my first novel at seven, about an ant in Toronto. He said, “Why",
     "I wrote my first novel at seven, about an ant in Toronto."),
    # no sentence fits: the opening clause, as before
    (("Because of everything that happened that year, and all of the things that went on with the whole crew "
      "and the other people who were around at that time, we left."),
     "Because of everything that happened that year"),
])
def test_bullet_line(text: str, line: str) -> None:
    assert bullet_line(text) == line


def test_card_names_the_guest_when_roles_were_never_assigned() -> None:
    iv = handmade()
    for speaker in iv.speakers:
        speaker.role = "unknown"  # loaded straight from a file, never imported
    assert guest_name(analyze(iv, only=["turns", "moments"])) == "Sam"


def test_impact_credits_whoever_said_it_and_the_angle_names_every_guest() -> None:
    """With two guests the impact line is the second guest's when she said it
    (it named the first-listed guest: "Michael says" of a line Aman said)."""
    from greenroom.analyze.card import guest_names, impact
    from greenroom.analyze.moments import guest_sentences

    iv = handmade()
    iv.speakers.append(Speaker("C", "Ana", "Ana", "guest"))
    candid = ("Honestly, I was terrified before every single take that first month. "
              "I did not think I could do it at all.")
    iv.utterances.append(Utterance(id="u5", start=iv.utterances[-1].end + 500,
                                   end=iv.utterances[-1].end + 500 + len(candid) * 70, speaker="C", text=candid))
    analyze(iv, only=["turns", "moments"])
    assert impact(iv, guest_sentences(iv)).startswith("Ana admits: “Honestly, I was terrified")
    assert guest_names(iv) == "Sam and Ana"


def test_angle_names_no_work_it_was_not_told() -> None:
    """Without --project the angle names no film or show: the keyword guess it
    replaced named the host ("Michael Schur on Tim Ferriss") or a character."""
    iv = handmade()
    for speaker in iv.speakers:
        speaker.role = "unknown"
    card = analyze(iv).card
    assert card is not None and card.angle.startswith(("A ", "An "))
    assert "Dana" not in card.angle and "the work" not in card.angle  # no host, no placeholder title
    iv = handmade()
    iv.project = "Low Tide"
    card = analyze(iv).card
    assert card is not None and "Low Tide" in card.angle


@pytest.mark.parametrize("line, alone", [
    ("Honestly, I was terrified for the first two weeks.", True),
    ("So I find him to be the most friendly, I guess is the word for it.", False),  # who?
    ("So when you’re talking about an actor, like Andy Samberg.", False),  # only the "when" part
    ("Is the gu ID, or the gu ID.", False),  # a phrase said twice over: a restart or a stutter
    ("Much of the web sub pub pub is built on Google.", False),  # a word said twice
    ("Now AlphaFold is the answer to what does a protein look like?", False),  # asks: the host's job
    ("It was a long, long time ago, and I was terrified.", True),  # repeated for emphasis, with a comma
    ("My great English teacher, who I put in a book because she was so peculiar.", False),  # a noun, no verb
    ("And the way the light was reflecting on the water and the colors in the sky.", False),
    ("Even if you’re not going to be fine.", False),  # only the "even if" part: was a card bullet
    ("Even if you fail, you learn something about the part.", True),
])
def test_a_pull_quote_or_impact_line_prints_alone(line: str, alone: bool) -> None:
    if line.startswith(("My great", "And the way")):
        pytest.importorskip("spacy")  # the parse that finds a noun at the root (privacy extra)
    assert prints_alone(line) is alone


def test_angle_topics_are_names_then_phrases_from_the_best_moments_chapters() -> None:
    """The chapter of the best moment comes first; within it a name ("Red Cross")
    before a plain phrase; a keyword capitalised only by a sentence start ("Bad
    cheater") and a lone capitalised word ("Week") are never pitched."""
    from greenroom.analyze.card import _topics
    from greenroom.model import Chapter, Moment
    iv = Interview(id="topics", chapters=[
        Chapter(0, 60_000, "Intro", ["Tim Ferriss", "Week", "podcast host"]),
        Chapter(60_000, 120_000, "Car", ["Bad cheater", "parked car", "Red Cross"])],
        moments=[Moment(id="m1", start=70_000, end=80_000, kind="anecdote", score=0.9)])
    assert _topics(iv, skip={"tim ferriss"}) == ["Red Cross", "parked car"]


@pytest.mark.parametrize(("quotable", "ending"), [(0.5, "."), (1.5, ", with quotable moments.")])
def test_angle_names_a_second_kind_only_when_it_weighs(quotable: float, ending: str) -> None:
    """A second kind is named only with a third of the lead kind's weight; named
    always, "with quotable and emotional moments" closed nearly every angle."""
    from greenroom.analyze.card import angle
    from greenroom.model import Moment
    iv = Interview(id="angle", moments=[
        Moment(id="m1", start=0, end=9_000, kind="anecdote", score=0.9),
        Moment(id="m2", start=10_000, end=19_000, kind="anecdote", score=0.9),
        Moment(id="m3", start=20_000, end=29_000, kind="anecdote", score=0.9),
        Moment(id="m4", start=30_000, end=39_000, kind="quotable", score=quotable / 2),
        Moment(id="m5", start=40_000, end=49_000, kind="quotable", score=quotable / 2)])
    assert angle(iv).startswith("A story-led profile") and angle(iv).endswith(ending)


def test_learn_prefers_whole_sentences_that_print_alone() -> None:
    """The best moment's only lines are a cut clause and a "him" nobody named:
    the bullets come from the next moments' whole sentences instead."""
    from greenroom.analyze.card import learn
    from greenroom.model import Moment
    texts = [("In the past they would say, you know, okay, these three are mine and these four are yours and "
              "those are hers, and so on and so on for every single song on the record that year"),
             "So I called him and told him the whole story from the start.",
             "I wrote my first novel at seven, about an ant in Toronto.",
             "My mother drove me to every audition in a borrowed van for three years.",
             "I fell out of the boat on the first morning, in front of the whole crew."]
    iv = Interview(id="learn", moments=[
        Moment(id=f"m{n}", start=n * 10_000, end=n * 10_000 + 9_000, kind="anecdote", score=1 - n / 10,
               evidence={"text": text}) for n, text in enumerate(texts)])
    assert learn(iv) == ["“I wrote my first novel at seven, about an ant in Toronto.”",
                         "“My mother drove me to every audition in a borrowed van for three years.”",
                         "“I fell out of the boat on the first morning, in front of the whole crew.”"]


def test_whole_sentence_check_passes_every_line_without_the_english_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the privacy extra the parse cannot run: the check then removes
    nothing (it only ever narrows candidates), and asks for the model once."""
    from greenroom.text import grammar
    calls = []

    def missing() -> None:
        calls.append(1)
        raise ImportError("no spacy")
    monkeypatch.setattr(grammar, "load_spacy", missing)
    grammar._pipeline.cache_clear()
    try:
        line = "My great English teacher, who I put in a book because she was so peculiar."
        assert grammar.whole_sentences([line, line]) == [True, True] and grammar.whole_sentences([line]) == [True]
        assert calls == [1]
    finally:
        grammar._pipeline.cache_clear()


def test_card_quotes_print_alone(analyzed: Interview) -> None:
    card = analyzed.card
    assert card is not None and card.quotes
    assert all(prints_alone(q.text) for q in card.quotes)
    assert prints_alone(card.impact.split(": “", 1)[1].removesuffix("”"))


def test_handmade_anecdote_first() -> None:
    iv = analyze(handmade(), only=["turns", "moments"])
    assert iv.moments[0].kind == "anecdote" and iv.moments[0].utterances == ["u4"]
    assert "I remember" in iv.moments[0].reason or "'i remember'" in iv.moments[0].reason
    assert all(m.score < iv.moments[0].score for m in iv.moments[1:])


def test_speed_9000_words() -> None:
    """Moments and card on ~9,000 words (the sample repeated); behaviour is what
    tests check, the time is printed (-s) and only loosely bounded: 30 s catches a
    pass that went quadratic (it takes about 2 s on a quiet 2-core machine, and a
    shared one running other work took 7), and bench/analyze_bench.py measures it."""
    base = load_sample()
    iv = Interview(id="long", speakers=base.speakers)
    span = base.duration + 2_000
    while sum(len(u.text.split()) for u in iv.utterances) < 9_000:
        k = len(iv.utterances) // len(base.utterances)
        for u in base.utterances:
            iv.utterances.append(Utterance(id=f"{u.id}-{k}", start=u.start + k * span, end=u.end + k * span,
                                           speaker=u.speaker, text=u.text))
    analyze(iv, only=["turns", "off-record"])
    iv.chapters = []
    began = time.perf_counter()
    analyze(iv, only=["moments"])
    from greenroom.analyze.card import analyze_card
    from greenroom.analyze.registry import Context
    analyze_card(iv, Context())
    took = time.perf_counter() - began
    print(f"moments+card on {sum(len(u.text.split()) for u in iv.utterances)} words: {took:.2f} s")
    assert took < 30 and len(iv.moments) >= 5 and iv.card is not None and len(iv.card.quotes) == 3


def test_passage_weights_favour_told_stories() -> None:
    from greenroom.analyze.moments import PASSAGE_FLOOR, passage_weights
    iv = handmade()
    weights = passage_weights(iv)
    assert set(weights) == {"u2", "u4"}
    assert weights["u4"] == 1.0 and weights["u2"] == PASSAGE_FLOOR


def test_implausible_times_fall_back_to_word_count() -> None:
    """An importer that squeezed a long answer into 2 s still yields clips from it."""
    story = handmade().utterances[3].text
    utts = [Utterance(id="u1", start=0, end=3_000, speaker="A", text="How did you get the part?"),
            Utterance(id="u2", start=3_000, end=5_000, speaker="B", text=story + " " + story)]
    speakers = [Speaker("A", "Dana", "Dana", "interviewer"), Speaker("B", "Sam", "Sam", "guest")]
    iv = analyze(Interview(id="squeezed", speakers=speakers, utterances=utts), only=["turns", "moments"])
    assert iv.moments and iv.moments[0].utterances == ["u2"]


@pytest.mark.parametrize(("line", "alone"), [
    ("How do I apologize to the forty drunk soccer moms who all tweeted at…", False),  # cut off: a card bullet
    ("Even if you’re not going to be fine", False),
    ("I grew up watching Law & Order in Toledo", True),
])
def test_a_bullet_neither_trails_off_nor_is_only_its_if_part(line: str, alone: bool) -> None:
    from greenroom.analyze.card import stands_alone

    assert stands_alone(line) is alone
