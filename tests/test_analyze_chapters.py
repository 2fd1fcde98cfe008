"""Chapters: topic segmentation with sentence embeddings, titles, and the embedder."""

from __future__ import annotations

from typing import Any

import pytest

from greenroom.analyze import AnalysisError, Context, analyze
from greenroom.analyze import chapters as ch
from greenroom.errors import MissingExtra
from greenroom.model import Interview, Speaker, Utterance

ROWING = [
    ("Tell me about the rowing boats.",
     "We rowed wooden rowing boats on the river every morning for three months, long before the cameras came."),
    ("How heavy were the boats?", ("Each boat weighed as much as a car, and eight of us carried it from the "
     "boathouse to the water with the oars on our shoulders.")),
    ("Did anyone fall in the river?", ("Twice. The coxswain steered us into the reeds and the whole crew went "
     "into the cold water, oars and all.")),
    ("Who taught you to row?", ("An old Olympic rower drilled the crew on the stroke, the catch and the "
     "finish until our hands blistered on the oars.")),
    ("What was the hardest part of rowing in a crew?", ("Timing. Eight rowers have to pull the oars at the "
     "same moment or the boat rolls and the stroke falls apart.")),
    ("Did you row in the race scenes yourselves?", ("Every stroke you see is ours; the boat racing down the "
     "river with the crew pulling hard was filmed on the real course.")),
    ("Would you row again?", ("I still row on the river on Sundays; the boathouse gave me an old wooden boat "
     "and a pair of oars.")),
]
SOUNDTRACK = [
    ("Let's talk about the soundtrack.", ("The composer wrote the score on an old upright piano, and the "
     "orchestra recorded the music in a church for the echo.")),
    ("Which instruments carry the main theme?", ("A cello and a solo violin; the strings come in under the "
     "melody when the music swells in the last act.")),
    ("Was the score written before the shoot?", ("The composer sent us piano sketches of the themes, and we "
     "listened to the music in the trailer between takes.")),
    ("Did you sing on the soundtrack?", ("One song. The choir recorded the hymn with the orchestra, and I "
     "sang the melody in the studio with headphones on.")),
    ("How long did the recording sessions take?", ("Two weeks in the studio with sixty musicians; the "
     "conductor recorded every cue of the score three times.")),
    ("What does the music do for the film?", ("The score tells you what the characters feel; the strings "
     "and the piano carry the scenes without a word.")),
    ("Is there a soundtrack album?", ("The album comes out on vinyl with the full orchestral score, the "
     "piano sketches and the choir's hymn.")),
]
PREMIERE = [
    ("What about the premiere?", ("The premiere was in Venice; we walked the red carpet in front of the "
     "photographers and the festival crowd.")),
    ("How did the audience react at the festival?", ("The festival audience stood and applauded for ten "
     "minutes after the screening in the big cinema.")),
    ("What did you wear on the red carpet?", ("A borrowed tuxedo; the stylist chose it the night before the "
     "premiere and the photographers loved it.")),
    ("Were the critics kind?", ("The critics at the festival wrote warm reviews, and the press conference "
     "after the screening was full of journalists.")),
    ("Did your family come to Venice?", ("My parents flew to the festival and sat next to me at the "
     "screening, and my mother cried at the premiere.")),
    ("What happened after the screening?", ("A party on a boat in the lagoon with the cast, the festival "
     "jury and the distributors celebrating the reviews.")),
    ("When does it open in cinemas?", ("After the festival run it opens in cinemas in the autumn, and the "
     "distributors plan more screenings and premieres.")),
]


def interview_of(topics: list[list[tuple[str, str]]], pair_ms: int = 60_000) -> Interview:
    """Host questions (8 s) and guest answers, one pair per `pair_ms`; no roles set."""
    utterances: list[Utterance] = []
    clock = 0
    for topic in topics:
        for question, answer in topic:
            n = len(utterances)
            utterances.append(Utterance(f"u{n + 1}", clock, clock + 8_000, "S1", question))
            utterances.append(Utterance(f"u{n + 2}", clock + 8_000, clock + pair_ms, "S2", answer))
            clock += pair_ms
    speakers = [Speaker("S1", "HOST", "Dana"), Speaker("S2", "GUEST", "Tom")]
    return Interview(id="synthetic", title="Behind the boat", speakers=speakers, utterances=utterances)


@pytest.fixture(scope="module")
def embedder() -> Any:
    pytest.importorskip("onnxruntime")
    pytest.importorskip("tokenizers")
    from greenroom.backends.embed import default_embedder

    try:
        return default_embedder()
    except MissingExtra as exc:
        pytest.skip(str(exc))


def test_three_topics_make_chapters_at_the_topic_changes(embedder: Any) -> None:
    interview = interview_of([ROWING, SOUNDTRACK, PREMIERE], pair_ms=100_000)  # 35 minutes: about 3 chapters
    context = Context(cache={"sentence-embedder": embedder})
    analyze(interview, only=["chapters"], context=context)
    chapters = interview.chapters
    assert 2 <= len(chapters) <= 4
    starts = [c.start for c in chapters]
    for change in (700_000, 1_400_000):  # where the soundtrack and the premiere begin
        assert min(abs(s - change) for s in starts) <= 100_000, starts
    assert [c.title for c in chapters] == ["The rowing boats", "The soundtrack", "The premiere"]
    assert any("oars" in [k.lower() for k in c.keywords] for c in chapters)
    assert all(len(c.keywords) <= ch.KEYWORDS for c in chapters)
    assert chapters[-1].end == interview.utterances[-1].end


def test_short_interview_is_one_chapter() -> None:
    interview = interview_of([ROWING[:2]])  # 2 minutes: no model needed
    analyze(interview, only=["chapters"], context=Context())
    assert len(interview.chapters) == 1
    chapter = interview.chapters[0]
    assert (chapter.start, chapter.end) == (0, 120_000)
    assert chapter.title == "The rowing boats"


def test_embedder_orders_similar_sentences_first(embedder: Any) -> None:
    import numpy as np

    rows = embedder.embed(["A man is rowing a boat on the river.", "Someone paddles a canoe across the lake.",
                           "The orchestra recorded the film's score.", ""])
    assert rows.shape == (4, embedder.dim)
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-4)
    sim = rows @ rows.T
    assert sim[0, 1] > sim[0, 2] + 0.2
    assert embedder.embed([]).shape == (0, embedder.dim)


def test_missing_utterances_is_an_analysis_error() -> None:
    with pytest.raises(AnalysisError):
        analyze(Interview(id="empty"), only=["chapters"])
    with pytest.raises(AnalysisError):
        ch.analyze_chapters(Interview(id="empty"), Context())


def test_windows_dip_where_the_talk_changes() -> None:
    """The window similarity dips where the topic changes, and TextTiling's depth peaks there."""
    np = pytest.importorskip("numpy")
    topics = np.repeat(np.eye(3), [12, 12, 12], axis=0) + 0.05  # three topics, one-hot, a minute each
    times = list(range(0, 37 * 60_000, 60_000))
    sims = ch.window_similarity(topics, [1.0] * 36, times, ch.WINDOW_MS)
    assert np.isnan(sims[0]) and sims[12] < sims[6] and sims[24] < sims[30]
    depth = ch.depth_scores(sims)
    assert sorted(np.argsort(-depth)[:2]) == [12, 24]


def test_a_question_leans_toward_the_talk_it_opens() -> None:
    """A new topic's question is like what follows it, not what came before."""
    np = pytest.importorskip("numpy")
    topics = np.repeat(np.eye(2), [10, 10], axis=0)
    lean = ch.forward_lean(topics, topics, [1.0] * 20, list(range(0, 21 * 60_000, 60_000)), ch.WINDOW_MS)
    assert lean[10] > 0.9 and abs(lean[5]) < 1e-6 and lean[0] == 0.0


def _decoder(**change: float) -> dict[str, Any]:
    return {"cut_bias": 0.0, "length_weight": 0.0, "coherence_weight": 0.0, "min_minutes": 1.0,
            "length": {"mu": 2.0, "sigma": 0.5}, **change}


def test_cuts_go_where_the_model_is_sure() -> None:
    np = pytest.importorskip("numpy")
    logits = np.full(15, -5.0)
    logits[[5, 9]] = 3.0
    times = list(range(0, 16 * 60_000, 60_000))
    assert ch.pick_cuts(logits, times, _decoder()) == [5, 9]
    assert len(ch.pick_cuts(logits, times, _decoder(min_minutes=5.0))) == 1, "no chapter under min_minutes"
    assert ch.pick_cuts(logits, times, _decoder(cut_bias=-4.0)) == []


def test_the_length_prior_sets_the_count_when_evidence_is_flat() -> None:
    """Without a prior every slightly likely cut is taken; with one, chapters run about
    exp(mu) minutes (here about 7), so a talk with short human chapters gets more cuts
    than one with long ones only where the evidence says so."""
    np = pytest.importorskip("numpy")
    logits = np.full(60, 3.0)
    times = list(range(0, 61 * 60_000, 60_000))
    assert len(ch.pick_cuts(logits, times, _decoder())) == 59
    count = len(ch.pick_cuts(logits, times, _decoder(length_weight=2.0)))
    assert 4 <= count <= 14, count


def test_a_chapter_that_spans_two_topics_costs_more_than_the_two_apart() -> None:
    np = pytest.importorskip("numpy")
    vectors = np.array([[1.0, 0.0]] * 5 + [[0.0, 1.0]] * 5)
    spread = ch.segment_dispersion(vectors, [1.0] * 10)
    assert spread[0, 5] == pytest.approx(0.0) and spread[5, 10] == pytest.approx(0.0)
    assert spread[0, 10] == pytest.approx(5.0), "each unit is 0.5 from the mean of both topics"
    assert spread[3, 7] == pytest.approx(2.0)


def test_the_coherence_cost_cuts_where_the_topic_changes_when_the_cues_are_flat() -> None:
    """Every cut costs 1 in log-odds; only the cut between the two topics pays for itself, by
    the spread it removes; without the coherence term nothing is cut."""
    np = pytest.importorskip("numpy")
    vectors = np.array([[1.0, 0.0]] * 5 + [[0.0, 1.0]] * 5)
    spread = ch.segment_dispersion(vectors, [1.0] * 10)
    logits = np.full(10, -1.0)
    times = list(range(0, 11 * 60_000, 60_000))
    assert ch.pick_cuts(logits, times, _decoder(coherence_weight=1.0), spread) == [5]
    assert ch.pick_cuts(logits, times, _decoder(coherence_weight=0.0), spread) == []
    assert ch.pick_cuts(logits, times, _decoder(coherence_weight=1.0)) == [], "no table, no coherence term"


def test_the_shipped_model_reads_the_features_in_order() -> None:
    model = ch.chapter_model()
    assert model["features"] == list(ch.FEATURES)
    assert len(model["coef"]) == len(model["mean"]) == len(model["scale"]) == len(ch.FEATURES)
    assert model["about"]["fit_by"].startswith("bench/fit_chapters.py")
    assert "test" not in " ".join(model["about"]["dev_files"]), "fitted on dev files only"


def test_features_see_the_hosts_transition(embedder: Any) -> None:
    np = pytest.importorskip("numpy")
    interview = interview_of([ROWING, SOUNDTRACK, PREMIERE], pair_ms=100_000)
    found = ch.candidates(interview, lambda: embedder)
    assert found is not None and found.features is not None
    column = {name: found.features[:, i] for i, name in enumerate(ch.FEATURES)}
    firsts = [u.first for u in found.units]
    soundtrack = firsts.index(14)  # "Let's talk about the soundtrack."
    assert column["transition"][soundtrack] == 1.0 and column["transition"].sum() == 1.0
    assert column["question_leans_forward"][soundtrack] > np.median(column["question_leans_forward"])
    assert found.features.shape == (len(found.units), len(ch.FEATURES))


def test_units_follow_the_questions() -> None:
    interview = interview_of([ROWING[:3]])
    interview.utterances.insert(2, Utterance("bc", 8_500, 9_000, "S1", "Right, right."))
    units = ch.build_units(interview)
    assert [u.first for u in units] == [0, 3, 5]
    assert units[0].question == "Tell me about the rowing boats."


@pytest.mark.parametrize("question, title", [
    ("Tell me about the rowing boats.", "The rowing boats"),
    ("So, let me ask you about the soundtrack. Who wrote it?", "The soundtrack"),
    ("What about the premiere in Venice?", "The premiere in Venice"),
    ("Okay, so which oars did you use?", ""),  # a bare question is no contents-list title
    ("Let's talk about the soundtrack.", "The soundtrack"),
    ("So what's going on?", ""),  # names nothing the chapter is about
    ("Let me ask the ridiculous question of which boat is faster?", ""),
    ("Tell me about rowing.", ""),  # one word: too short to say what the chapter is
])
def test_question_titles(question: str, title: str) -> None:
    topic_words = {"rowing", "boat", "soundtrack", "premiere", "venice", "oars"}
    assert ch.question_title(question, topic_words) == title


@pytest.mark.parametrize("terms, title", [
    (["wake", "fish", "forget"], "Wake and fish"),  # was "Wake, fish, forget"
    (["memory", "scaling laws", "distillation"], "Scaling laws"),
    (["Abbey Road", "soundtrack"], "Abbey Road"),
    (["soundtrack"], "Soundtrack"),
    ([], ""),
])
def test_phrase_titles_are_short_phrases_never_lists(terms: list[str], title: str) -> None:
    assert ch.phrase_title(terms) == title
    assert "," not in ch.phrase_title(terms)


def test_no_title_or_keyword_holds_a_blocked_word() -> None:
    """A slur or strong profanity the guest said (or the host asked about) never titles a
    chapter nor is one of its keywords: one published title quoted a racial slur."""
    from greenroom.text.blocklist import is_blocked

    swearing = [("Tell me about the fucking boats.", ("The fucking boats were heavy, the fucking boats leaked, "
                 "and the shitty oars broke. The rowing boats, the rowing boats.")),
                ("And the river?", "The shitty river was cold and the shitty oars snapped twice.")]
    interview = interview_of([swearing], pair_ms=60_000)  # 2 minutes: one chapter, no model
    analyze(interview, only=["chapters"], context=Context())
    chapter = interview.chapters[0]
    assert not is_blocked(chapter.title) and chapter.title != "The fucking boats"
    assert chapter.keywords and not [k for k in chapter.keywords if is_blocked(k)]
    assert 2 <= len(chapter.title.split()) <= 5


def test_keywords_prefer_phrases_and_names() -> None:
    docs = ["The rowing boats on the river. Rowing boats need oars. The river Thames.",
            "The soundtrack and the Abbey Road studio. The soundtrack was recorded at Abbey Road."]
    first, second = ch.keywords(docs)
    assert first[0] == "rowing boats"
    assert "Abbey Road" in second and "soundtrack" in second
    assert ch.phrase_title(second).startswith(("Abbey Road", "Soundtrack"))


def test_missing_model_files_name_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("numpy")
    from greenroom.backends.embed import minilm

    monkeypatch.setattr(minilm, "TOKENIZER_HOMES", (("no_such_package_here", "tokenizer.json"),))
    with pytest.raises(MissingExtra, match="analyze"):
        minilm.tokenizer_file()


def test_keywords_keep_an_ampersand_inside_a_title() -> None:
    """"Law & Order" is one title, not "Law Order"; "&" alone, or opening or closing a
    phrase, is no keyword, and two titles sharing "&" are still two distinct keywords."""
    found = ch.phrases("I loved Law & Order and Black & White. Salt & pepper, you & me.")
    assert "Law & Order" in found and "Black & White" in found
    assert not [p for p in found if p.startswith("&") or p.endswith("&")] and "Law Order" not in found
    assert ch._distinct(["Law & Order", "Black & White", "order"], 5) == ["Law & Order", "Black & White"]


def test_keywords_leave_out_the_speakers_names() -> None:
    """A speaker's name, or a phrase with it, is in every chapter and names no topic:
    "Low Tide, Tom, scene" was the sample's chapter title."""
    docs = ["Tom, the storm scene. Tom Hale shot the storm scene at night. Thanks, Tom.",
            "The soundtrack and the Abbey Road studio. The soundtrack was recorded at Abbey Road, Dana."]
    first, second = ch.keywords(docs, people=["Tom Hale", "Dana Reyes"])
    assert "storm scene" in first
    assert not [k for k in first + second if {"Tom", "Hale", "Dana"} & set(k.split())]
    assert "Tom" in ch.keywords(docs)[0] or "Tom Hale" in ch.keywords(docs)[0]  # without `people` it would lead


def test_chapters_the_file_brought_are_kept_and_given_keywords() -> None:
    """A transcript's own chapter headings are a person's: analysis keeps their
    titles and bounds and adds keywords (it replaced them with its own).
    Chapters it found itself it finds again."""
    from greenroom.model import Chapter

    interview = interview_of([ROWING[:2], SOUNDTRACK[:2]])  # 4 minutes: no model needed
    interview.chapters = [Chapter(0, 120_000, "On the water", authored=True),
                          Chapter(120_000, 240_000, "The score", authored=True)]
    analyze(interview, only=["chapters"], context=Context())
    assert [(c.start, c.end, c.title) for c in interview.chapters] == [
        (0, 120_000, "On the water"), (120_000, 240_000, "The score")]
    assert "rowing boats" in interview.chapters[0].keywords and "Tom" not in interview.chapters[1].keywords
    interview.chapters = [Chapter(0, 100_000, "Found before")]
    analyze(interview, only=["chapters"], context=Context())
    assert [c.title for c in interview.chapters] != ["Found before"]


def test_imported_chapter_tracks_are_authored_chapters() -> None:
    from greenroom import formats

    vtt = ("WEBVTT\nKind: chapters\n\n00:00.000 --> 01:00.000\nOn the water\n\n"
           "01:00.000 --> 02:00.000\nThe score\n")
    chapters = formats.parse(vtt, "chapters.vtt", "vtt").chapters
    assert [c.title for c in chapters] == ["On the water", "The score"] and all(c.authored for c in chapters)


def test_a_greeting_is_no_introduction_chapter() -> None:
    """"Sarah, welcome to the show." (4 s) made a 4-second "Introduction"; a real
    introduction of its own (a minute of "The following is a conversation...") still is one."""
    short = Interview(id="g", utterances=[
        Utterance("u1", 0, 4_000, "S1", "Sarah, welcome to the show. It's nice to finally see you."),
        Utterance("u2", 4_000, 60_000, "S2", "Thanks for having me.")])
    assert ch._intro_end(short) == -1
    long = Interview(id="l", utterances=[
        Utterance("u1", 0, 60_000, "S1", "The following is a conversation with Tom Hale, who plays the keeper."),
        Utterance("u2", 60_000, 90_000, "S1", "Tom, welcome. Tell me about the first day.")])
    assert ch._intro_end(long) == 0


def test_a_lone_keyword_is_a_noun() -> None:
    """"Appreciate, date, nice" titled a chapter: a lone lower-case word must name a
    thing (spaCy tags it a noun alone and after "the"); phrases and names stay."""
    pytest.importorskip("spacy")
    docs = [("It was nice, really nice. I mentioned the sauna. I mentioned the lighthouse keeper twice, "
            "the lighthouse keeper. The logbook, the logbook."),
            "The soundtrack and the Abbey Road studio. The soundtrack was recorded at Abbey Road."]
    first, _ = ch.keywords(docs)
    assert "lighthouse keeper" in first and "logbook" in first
    assert "nice" not in first and "mentioned" not in first
