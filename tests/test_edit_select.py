"""Choosing highlights: the budget held, cuts on word and sentence edges, nothing
off the record, variety, story order; by hand-built interviews, by property, and
through `greenroom highlights` on the analyzed sample."""

from __future__ import annotations

import itertools
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from greenroom.edit.select import PAD_BEFORE_MS, choose
from greenroom.errors import InputError
from greenroom.model import (
    Chapter,
    Cut,
    Flag,
    Interview,
    Moment,
    Speaker,
    Turn,
    Utterance,
    Word,
)

END = re.compile(r"[.!?]$")
TOL = 1000

# -- a hand-built junket ------------------------------------------------------

SCRIPT = [
    ("S1", "Welcome to the show. Thanks for coming in today."),
    ("S2", "Happy to be here."),
    ("S1", "Tell me about the script?"),
    ("S2", ("I read it on a train one morning. I missed my stop because of the last pages. "
           "I ended up two towns over on a bench. That is when I knew I had to play him.")),
    ("S1", "How did you prepare for the part?"),
    ("S2", ("Honestly I was terrified for two weeks. I did not think I could do it. "
           "So I kept his logbook every single morning.")),
    ("S1", "And what about your family?"),
    ("S2", "This is off the record now. My daughter thought the lighthouse was fake. Do not print that."),
    ("S1", "What should people take away from it?"),
    ("S2", "Silence is not emptiness at all. If they leave quieter we did our job."),
    ("S1", "Any last advice?"),
    ("S2", "Bring a warm jumper to the cinema."),
]


def build(script: list[tuple[str, str | None]], *, word_ms: int = 300, gap_ms: int = 100,
          pause_ms: int = 700, wordless: frozenset[int] = frozenset()) -> Interview:
    """An interview whose words are `word_ms` long with `gap_ms` between them and
    `pause_ms` between utterances; utterance numbers in `wordless` get no words."""
    utterances, at = [], 1000
    for n, (speaker, text) in enumerate(script, 1):
        words = []
        for token in (text or "").split():
            words.append(Word(at, at + word_ms, token))
            at += word_ms + gap_ms
        start, end = words[0].start, words[-1].end
        utterances.append(Utterance(f"u{n}", start, end, speaker, text or "",
                                    [] if n in wordless else words))
        at = end + pause_ms
    turns = [Turn(f"t{n}", [a.id], [b.id]) for n, (a, b) in enumerate(itertools.pairwise(utterances), 1)
             if a.speaker == "S1" and b.speaker == "S2"]
    return Interview(id="junket", title="Junket", speakers=[
        Speaker("S1", "Speaker 1", "Dana Reyes", "interviewer"), Speaker("S2", "Speaker 2", "Tom Hale", "guest")],
        utterances=utterances, turns=turns, chapters=[Chapter(0, at, "All")])


def sentences(u: Utterance) -> list[list[Word]]:
    out: list[list[Word]] = [[]]
    for w in u.words:
        out[-1].append(w)
        if END.search(w.text):
            out.append([])
    return [s for s in out if s]


def utterance(interview: Interview, uid: str) -> Utterance:
    return next(u for u in interview.utterances if u.id == uid)


def moment(interview: Interview, mid: str, kind: str, score: float, uid: str,
           first: int = 0, last: int | None = None) -> Moment:
    parts = sentences(utterance(interview, uid))
    chosen = parts[first:(last if last is not None else len(parts) - 1) + 1]
    return Moment(mid, chosen[0][0].start, chosen[-1][-1].end, kind, score, f"{kind} cues", [uid])


def junket() -> Interview:
    """Moments m1 (off the record, the best), m2 anecdote, m3 candid, m4 quotable, m5 humor."""
    iv = build(SCRIPT)
    iv.moments = [moment(iv, "m1", "candid", 0.95, "u8"), moment(iv, "m2", "anecdote", 0.85, "u4"),
                  moment(iv, "m3", "candid", 0.8, "u6", 0, 1), moment(iv, "m4", "quotable", 0.75, "u10"),
                  moment(iv, "m5", "humor", 0.5, "u12")]
    u8, u7 = utterance(iv, "u8"), utterance(iv, "u7")
    iv.flags = [Flag("f1", u8.start, u8.end, "off-the-record", "Said off the record", "high", "cut"),
                Flag("f2", u7.start, u7.end, "intrusive-question", "family", "medium", "review")]
    return iv


def total(cuts: list[Cut]) -> int:
    return sum(c.end - c.start for c in cuts)


def all_words(interview: Interview) -> list[Word]:
    """Every word, and a whole utterance standing for its words where it has none."""
    found = [w for u in interview.utterances for w in u.words]
    found += [Word(u.start, u.end, u.text) for u in interview.utterances if not u.words]
    return sorted(found, key=lambda w: (w.start, w.end))


def assert_reel_is_sound(interview: Interview, cuts: list[Cut], budget: int, *, sentences_whole: bool = True) -> None:
    """What every cut list must hold, whatever was asked."""
    assert total(cuts) <= budget + TOL
    ordered = sorted(cuts, key=lambda c: c.start)
    for a, b in itertools.pairwise(ordered):
        assert a.end <= b.start, f"{a.id} overlaps {b.id}"
    for cut in cuts:
        assert cut.start < cut.end and cut.reason and cut.text
        for flag in interview.flags:
            if flag.action == "cut":
                assert not (cut.start < flag.end and flag.start < cut.end), f"{cut.id} touches {flag.id}"
        for w in all_words(interview):
            assert not w.start < cut.start < w.end, f"{cut.id} starts inside {w.text!r}"
            assert not w.start < cut.end < w.end, f"{cut.id} ends inside {w.text!r}"
        if sentences_whole:
            assert_sentence_edges(interview, cut)


def assert_sentence_edges(interview: Interview, cut: Cut) -> None:
    inside = [(u, i) for u in interview.utterances for i, w in enumerate(u.words)
              if cut.start <= w.start and w.end <= cut.end]
    if not inside:
        return
    (first_u, first_i), (last_u, last_i) = inside[0], inside[-1]
    assert first_i == 0 or END.search(first_u.words[first_i - 1].text), f"{cut.id} starts mid-sentence"
    assert last_i == len(last_u.words) - 1 or END.search(last_u.words[last_i].text), f"{cut.id} ends mid-sentence"


# -- errors -------------------------------------------------------------------

def test_no_moments_is_an_input_error_saying_what_to_run() -> None:
    with pytest.raises(InputError) as err:
        choose(build(SCRIPT), 30_000)
    assert str(err.value) == "junket: no moments yet: run `greenroom analyze junket` first"


def test_a_budget_shorter_than_any_cut_names_the_shortest_possible() -> None:
    iv = junket()
    with pytest.raises(InputError) as err:
        choose(iv, 200)
    message = str(err.value)
    assert "shorter than the shortest possible cut" in message
    # m4 opens with the shortest sentence, 6 words: 6 * 300 + 5 * 100 ms, plus 150 + 50 ms of air
    assert "2.5 s (the first sentence of m4)" in message and "ask for at least 2s" in message


def test_kinds_keeps_only_those_kinds_and_an_absent_kind_is_an_error() -> None:
    highlights = choose(junket(), 60_000, kinds=["humor", "quotable"])
    assert {c.kind for c in highlights.cuts} == {"humor", "quotable"}
    assert highlights.kinds == ["humor", "quotable"]
    with pytest.raises(InputError, match="no moments of kind emotion"):
        choose(junket(), 60_000, kinds=["emotion"])


def test_every_moment_off_the_record_is_an_error() -> None:
    iv = junket()
    iv.moments = iv.moments[:1]
    with pytest.raises(InputError, match="flagged to cut"):
        choose(iv, 30_000)


# -- choosing -----------------------------------------------------------------

def test_off_the_record_top_moment_is_left_out_with_a_note() -> None:
    iv = junket()
    highlights = choose(iv, 120_000)
    assert "m1" not in {c.moment for c in highlights.cuts}
    assert "top moment m1 (candid, 0.95) left out: off the record" in highlights.notes
    assert_reel_is_sound(iv, highlights.cuts, 120_000)


@pytest.mark.parametrize("budget", [6_000, 9_000, 12_000, 16_000, 20_000])
def test_the_budget_is_held_within_a_second(budget: int) -> None:
    iv = junket()
    highlights = choose(iv, budget)
    assert abs(total(highlights.cuts) - budget) <= TOL, highlights
    assert highlights.budget == budget
    assert_reel_is_sound(iv, highlights.cuts, budget)


def test_cuts_open_with_padding_inside_the_silence_before_the_first_word() -> None:
    iv = junket()
    for cut in choose(iv, 12_000).cuts:
        words = all_words(iv)
        first = next(i for i, w in enumerate(words) if w.start >= cut.start)
        assert cut.start <= words[first].start
        assert cut.start >= words[first - 1].end if first else cut.start >= 0
        assert words[first].start - cut.start <= PAD_BEFORE_MS


def test_padding_never_reaches_into_a_touching_word() -> None:
    iv = build(SCRIPT, gap_ms=0, pause_ms=0)
    iv.moments = [moment(iv, "m1", "anecdote", 0.9, "u4", 1, 1)]
    (cut,) = choose(iv, 2_000, tolerance_ms=2_000).cuts
    second = sentences(utterance(iv, "u4"))[1]
    assert (cut.start, cut.end) == (second[0].start, second[-1].end)


def test_trimming_drops_whole_sentences_from_the_end() -> None:
    iv = junket()
    iv.moments = [iv.moments[1]]  # m2: four sentences of u4
    parts = sentences(utterance(iv, "u4"))
    budget = parts[1][-1].end - parts[0][0].start + 200  # two sentences and a little air
    (cut,) = choose(iv, budget, tolerance_ms=100).cuts
    assert cut.text == "I read it on a train one morning. I missed my stop because of the last pages."
    assert "trimmed to 2 of 4 sentences" in cut.reason
    assert_sentence_edges(iv, cut)


def test_mid_sentence_cuts_only_when_allowed() -> None:
    iv = junket()
    iv.moments = [iv.moments[1]]
    first = sentences(utterance(iv, "u4"))[0]
    budget = first[-1].end - first[0].start + 1_300  # the first sentence and three words more
    whole = choose(iv, budget, tolerance_ms=200)
    assert whole.cuts[0].text == "I read it on a train one morning."
    loose = choose(iv, budget, tolerance_ms=200, allow_mid_sentence=True)
    assert loose.cuts[0].text.startswith("I read it on a train one morning. I missed")
    assert not END.search(loose.cuts[0].text)
    assert abs(total(loose.cuts) - budget) <= 200
    assert_reel_is_sound(iv, loose.cuts, budget, sentences_whole=False)


def test_a_second_pick_of_the_same_kind_loses_to_another_kind() -> None:
    iv = build(SCRIPT)
    iv.moments = [moment(iv, "a1", "anecdote", 0.9, "u4", 0, 0), moment(iv, "a2", "anecdote", 0.85, "u6", 0, 0),
                  moment(iv, "h1", "humor", 0.75, "u12")]
    sizes = sorted(m.end - m.start + 400 for m in iv.moments)
    budget = sizes[-1] + sizes[-2]  # room for two of the three
    highlights = choose(iv, budget, tolerance_ms=0)
    assert {c.moment for c in highlights.cuts} == {"a1", "h1"}


def test_with_question_opens_the_answer_with_the_interviewers_question() -> None:
    iv = junket()
    iv.moments = [iv.moments[1]]
    (cut,) = choose(iv, 60_000, with_question=True).cuts
    assert cut.question
    assert cut.text.startswith("Tell me about the script? I read it on a train")
    assert cut.utterances[:2] == ["u3", "u4"]
    assert cut.start <= utterance(iv, "u3").start
    assert "question" in cut.reason


def test_without_with_question_the_cut_starts_with_the_answer() -> None:
    iv = junket()
    iv.moments = [iv.moments[1]]
    (cut,) = choose(iv, 12_000).cuts
    assert not cut.question and cut.text.startswith("I read it")


def test_story_order_opens_on_a_quotable_or_funny_cut_and_time_order_is_chronological() -> None:
    iv = junket()
    story = choose(iv, 60_000, order="story")
    assert story.order == "story"
    assert story.cuts[0].kind in ("quotable", "humor")
    assert "opens the reel" in story.cuts[0].reason and "closes the reel" in story.cuts[-1].reason
    assert [c.id for c in story.cuts] == [f"c{n}" for n in range(1, len(story.cuts) + 1)]
    timed = choose(iv, 60_000, order="time")
    assert [c.start for c in timed.cuts] == sorted(c.start for c in timed.cuts)
    assert sorted((c.start, c.end) for c in story.cuts) == [(c.start, c.end) for c in timed.cuts]


def test_story_order_opens_on_the_best_cut_when_the_quotable_one_is_weak() -> None:
    """A quotable cut scoring a fraction of the best one does not open the reel:
    the sample's opened on a 0.12 line beside a 0.85 admission."""
    iv = junket()
    iv.flags = []
    iv.moments = [moment(iv, "m2", "anecdote", 0.85, "u4"), moment(iv, "m3", "candid", 0.8, "u6", 0, 1),
                  moment(iv, "m4", "quotable", 0.12, "u10")]
    story = choose(iv, 60_000, order="story")
    assert story.cuts[0].moment == "m2" and "opens the reel (anecdote)" in story.cuts[0].reason
    iv.moments[2].score = 0.6  # strong enough now
    assert choose(iv, 60_000, order="story").cuts[0].moment == "m4"


def test_a_moment_scoring_nothing_does_not_pad_the_reel() -> None:
    """"Bring a warm jumper" scored 0.00 is left out while real moments exist, so
    the reel comes out short and says so; alone, it is still cut."""
    iv = junket()
    iv.flags = []
    iv.moments = [moment(iv, "m3", "candid", 0.8, "u6", 0, 1), moment(iv, "m5", "emotion", 0.0, "u12")]
    highlights = choose(iv, 60_000)
    assert [c.moment for c in highlights.cuts] == ["m3"]
    assert not any("jumper" in c.text for c in highlights.cuts)
    iv.moments = [iv.moments[1]]
    assert [c.moment for c in choose(iv, 60_000).cuts] == ["m5"]


def test_under_budget_cuts_grow_by_whole_sentences() -> None:
    iv = junket()
    iv.moments = [moment(iv, "m2", "anecdote", 0.85, "u4", 0, 0)]
    parts = sentences(utterance(iv, "u4"))
    budget = parts[2][-1].end - parts[0][0].start
    (cut,) = choose(iv, budget).cuts
    assert abs(total([cut]) - budget) <= TOL
    assert "grown by" in cut.reason
    assert cut.text.startswith("I read it on a train one morning. I missed my stop")
    assert_sentence_edges(iv, cut)


def test_when_material_runs_out_the_reel_is_short_and_says_so() -> None:
    iv = junket()
    iv.moments = [iv.moments[4]]  # m5, the last answer: nothing after it, a question before
    highlights = choose(iv, 60_000)
    assert total(highlights.cuts) < 60_000 - TOL
    assert any("no more usable material" in n for n in highlights.notes)


def test_utterances_without_words_are_cut_at_their_own_bounds() -> None:
    iv = build(SCRIPT, wordless=frozenset({4}))
    u4 = utterance(iv, "u4")
    iv.moments = [Moment("m1", u4.start, u4.end, "anecdote", 0.9, utterances=["u4"])]
    (cut,) = choose(iv, 30_000).cuts
    assert cut.start <= u4.start and cut.end >= u4.end
    assert_reel_is_sound(iv, [cut], 30_000)


def test_moments_sharing_sentences_never_give_overlapping_cuts() -> None:
    iv = junket()
    iv.moments = [moment(iv, "m1", "anecdote", 0.9, "u4", 0, 2), moment(iv, "m2", "candid", 0.85, "u4", 1, 3)]
    highlights = choose(iv, 60_000)
    assert_reel_is_sound(iv, highlights.cuts, 60_000)
    assert [c.moment for c in highlights.cuts] == ["m1"]
    assert "top moment m2 (candid, 0.85) left out: overlaps c1" in highlights.notes


# -- properties ---------------------------------------------------------------

WORDS = st.sampled_from(["the", "sea", "train", "I", "knew", "bench", "storm", "night"])
KINDS = ["anecdote", "candid", "humor", "emotion", "craft", "quotable"]


@st.composite
def interviews(draw: st.DrawFn, speakers: tuple[str, ...] = ("S1", "S2"), max_word: int = 900,
               max_gap: int = 400, max_pause: int = 2_000, max_words: int = 6, flags: bool = True,
               wordless: bool = True) -> Interview:
    """Random interviews: sentences of random words and times, random moments over
    whole sentences, random flags (some to cut), turns from who speaks after whom."""
    utterances, at = [], draw(st.integers(0, 2_000))
    for n in range(1, draw(st.integers(1, 7)) + 1):
        speaker = draw(st.sampled_from(speakers))
        words: list[Word] = []
        for _ in range(draw(st.integers(1, 3))):
            count = draw(st.integers(1, max_words))
            for k in range(count):
                length = draw(st.integers(50, max_word))
                text = draw(WORDS) + ("." if k == count - 1 else "")
                words.append(Word(at, at + length, text))
                at += length + draw(st.integers(0, max_gap))
        keep = not (wordless and draw(st.booleans()) and draw(st.booleans()))
        utterances.append(Utterance(f"u{n}", words[0].start, words[-1].end, speaker,
                                    " ".join(w.text for w in words), words if keep else []))
        at = words[-1].end + draw(st.integers(0, max_pause))
    iv = Interview(id="prop", speakers=[Speaker("S1", "S1", role="interviewer"), Speaker("S2", "S2", role="guest")],
                   utterances=utterances, chapters=[Chapter(0, at // 2, "one"), Chapter(at // 2, at + 1, "two")])
    iv.turns = [Turn(f"t{n}", [a.id], [b.id]) for n, (a, b) in enumerate(itertools.pairwise(utterances))
                if a.speaker == "S1" and b.speaker != "S1"]
    for n in range(draw(st.integers(1, 5))):
        u = draw(st.sampled_from(utterances))
        parts = sentences(u) if u.words else [[Word(u.start, u.end, u.text)]]
        first = draw(st.integers(0, len(parts) - 1))
        last = draw(st.integers(first, len(parts) - 1))
        iv.moments.append(Moment(f"m{n}", parts[first][0].start, parts[last][-1].end, draw(st.sampled_from(KINDS)),
                                 draw(st.floats(0, 1)), utterances=[u.id]))
    edges = sorted({t for u in utterances for w in (u.words or [Word(u.start, u.end, "")]) for t in (w.start, w.end)})
    for n in range(draw(st.integers(0, 2)) if flags else 0):
        # like an analyzer's flags: near word edges, sometimes reaching into the silence around them
        start = max(0, draw(st.sampled_from(edges)) - draw(st.sampled_from([0, 0, 60, 200, 500])))
        end = max(start + 1, draw(st.sampled_from(edges)) + draw(st.sampled_from([0, 0, 60, 200, 500])))
        iv.flags.append(Flag(f"f{n}", start, end, "off-the-record", "", action=draw(st.sampled_from(["cut", "review"]))))
    return iv


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(iv=interviews(), budget=st.integers(8_000, 90_000), with_question=st.booleans(),
       order=st.sampled_from(["story", "time"]), mid=st.booleans())
def test_any_reel_holds_the_budget_word_edges_and_flags(iv: Interview, budget: int, with_question: bool,
                                                        order: str, mid: bool) -> None:
    try:
        highlights = choose(iv, budget, with_question=with_question, order=order, allow_mid_sentence=mid)
    except InputError as err:  # every moment off the record, or only long wordless ones
        if "flagged to cut" in str(err):
            assert any(f.action == "cut" for f in iv.flags)
        else:
            assert "shorter than the shortest possible cut" in str(err)
            assert any(not u.words for u in iv.utterances)
        return
    assert highlights.cuts
    assert_reel_is_sound(iv, highlights.cuts, budget, sentences_whole=not mid)
    moments = {m.id: m for m in iv.moments}
    for cut in highlights.cuts:
        assert moments[cut.moment].kind == cut.kind
    if order == "time":
        assert [c.start for c in highlights.cuts] == sorted(c.start for c in highlights.cuts)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(iv=interviews(speakers=("S2",), max_word=350, max_gap=200, max_pause=200, max_words=3, flags=False,
                     wordless=False),
       share=st.floats(0.05, 1.0))
def test_the_budget_is_met_whenever_the_material_allows(iv: Interview, share: float) -> None:
    # One speaker, no flags, sentences under 2 s: every sentence can be reached by growing cuts,
    # and no growth can jump over the ±1 s window.
    span = iv.utterances[-1].end - iv.utterances[0].start
    budget = int(span * share)
    if budget < 2_500:
        return
    highlights = choose(iv, budget)
    assert abs(total(highlights.cuts) - budget) <= TOL, (budget, highlights)


# -- the command, on the analyzed sample ----------------------------------------

def highlights_json(runner, iid: str, *args: str) -> dict:  # type: ignore[no-untyped-def]
    result = runner("highlights", iid, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_highlights_command_stores_the_cut_list_and_prints_the_table(analyzed_library, greenroom_at) -> None:  # type: ignore[no-untyped-def]
    from greenroom.library import Library

    path, iid = analyzed_library
    runner = greenroom_at(path)
    result = runner("highlights", iid, "--budget", "30s")
    assert result.exit_code == 0, result.output
    assert "total" in result.stdout and "of a 30.0 s budget" in result.stdout
    with Library(path) as library:
        interview = library.get(iid)
    stored = interview.highlights
    assert stored is not None and stored.budget == 30_000 and stored.cuts
    shortfall = any("no more usable material" in n for n in stored.notes)
    assert abs(total(stored.cuts) - 30_000) <= TOL or shortfall
    assert_reel_is_sound(interview, stored.cuts, 30_000)
    for cut in stored.cuts:
        assert cut.kind in result.stdout
    off_record = [f for f in interview.flags if f.action == "cut"]
    assert off_record, "the sample's off-the-record passage should be flagged to cut"


def test_budget_lengths_are_read_in_every_spelling(analyzed_library, greenroom_at) -> None:  # type: ignore[no-untyped-def]
    path, iid = analyzed_library
    runner = greenroom_at(path)
    budgets = {spelling: highlights_json(runner, iid, "--budget", spelling)["budget"]
               for spelling in ("90s", "1:30", "1m30s", "90")}
    assert set(budgets.values()) == {90_000}
    assert highlights_json(runner, iid, "--budget", "2m")["budget"] == 120_000
    data = highlights_json(runner, iid, "--budget", "45s", "--order", "time", "--with-question")
    assert data["order"] == "time" and data["with_question"] is True
    assert data["total_ms"] == total([Cut.from_dict(c) for c in data["cuts"]]) <= 46_000


def test_highlights_errors_are_one_line(analyzed_library, greenroom_at) -> None:  # type: ignore[no-untyped-def]
    from greenroom.sample import transcript_path

    path, iid = analyzed_library
    runner = greenroom_at(path)
    short = runner("highlights", iid, "--budget", "1s")
    assert short.exit_code == 1
    assert short.stderr.startswith("greenroom: error: ") and short.stderr.count("\n") == 1
    assert "shortest possible cut" in short.stderr
    assert runner("highlights", iid, "--budget", "soon").exit_code == 2
    assert runner("highlights", iid, "--budget", "90s", "--kinds", "astrology").exit_code == 2
    fresh = runner("import", str(transcript_path())).stdout.split()[-1]
    bare = runner("highlights", fresh, "--budget", "30s")
    assert bare.exit_code == 1
    assert bare.stderr == f"greenroom: error: {fresh}: no moments yet: run `greenroom analyze {fresh}` first\n"


def test_the_kinds_the_command_offers_are_the_analyzers_kinds() -> None:
    from greenroom.analyze.moments import KINDS as ANALYZED
    from greenroom.cli.edit import MOMENT_KINDS

    assert tuple(MOMENT_KINDS) == tuple(ANALYZED)


def test_a_reel_of_the_analyzed_sample_fills_its_budget_opens_on_questions_and_never_ends_on_the_interviewer() -> None:
    """The reel a producer asks for first: 60 s of the sample with the questions,
    from the fitted story ranker's moments (issue: a 90 s reel once filled 65 s
    and closed on the host's question)."""
    pytest.importorskip("onnxruntime")
    from greenroom import formats, sample
    from greenroom.analyze import analyze
    from greenroom.capture.roles import assign_roles

    iv = formats.load(sample.transcript_path())
    assign_roles(iv, [sample.GUEST], [sample.INTERVIEWER])
    analyze(iv)
    reel = choose(iv, 60_000, with_question=True)
    total = sum(c.end - c.start for c in reel.cuts)
    assert abs(total - 60_000) <= 0.05 * 60_000, reel.notes
    by_id = {u.id: u for u in iv.utterances}
    guest = next(s.id for s in iv.speakers if s.name == sample.GUEST)
    for cut in reel.cuts:
        assert by_id[cut.utterances[-1]].speaker == guest, cut
    assert any(c.question for c in reel.cuts)
