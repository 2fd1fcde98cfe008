"""Turns, coaching metrics, promotion share and privacy flags on small interviews."""

from __future__ import annotations

import pytest

from greenroom import formats, sample
from greenroom.analyze import AnalysisError, analyze
from greenroom.analyze.turns import classify, question_text
from greenroom.capture.roles import assign_roles, likely_interviewer
from greenroom.model import Interview, Speaker, Utterance

MINE = ["turns", "coaching", "off-record"]


def interview(text: str, interviewer: str = "Dana") -> Interview:
    """Labelled text, roles set, my analyzers run."""
    iv = formats.parse(text, "t.txt", "text")
    assign_roles(iv, interviewers=[interviewer])
    return analyze(iv, only=MINE)


def turn_asking(iv: Interview, start: str):  # type: ignore[no-untyped-def]
    return next(t for t in iv.turns if question_text(iv, t).startswith(start))


JUNKET = """Dana: Tell me about the first day on set.
Tom: It rained all day. We waited in the trucks and I read the script twice over.
Dana: Is it true you learned to row?
Tom: I did, badly. I kept a logbook of every morning on the water, the tides and the weather.
Dana: You mentioned the logbook. Did that end up in the film?
Tom: It did, the props team used my pages in the close-ups.
Dana: Don't you think the ending was perfect?
Tom: I think it was honest, which is better than perfect.
Dana: What was the hardest scene and how did you prepare for it?
Tom: The storm. I prepared by not sleeping, which I do not recommend.
Dana: How are your children coping with you being away so much?
Tom: They are fine, they have their grandmother.
"""


def test_question_kinds_and_follow_up() -> None:
    iv = interview(JUNKET)
    assert len(iv.turns) == 6
    assert turn_asking(iv, "Tell me about").kind == "open"  # no "?", still a question
    assert turn_asking(iv, "Is it true").kind == "closed"
    assert turn_asking(iv, "Don't you think").kind == "leading"
    assert turn_asking(iv, "What was the hardest").kind == "double-barreled"
    logbook = turn_asking(iv, "You mentioned the logbook")
    assert logbook.follow_up_of == turn_asking(iv, "Is it true").id
    assert turn_asking(iv, "Tell me about").follow_up_of is None
    assert all(t.answer for t in iv.turns)


@pytest.mark.parametrize("question, kind", [
    ("Walk us through a day on set.", "open"),
    ("Could you tell me about your mother?", "open"),
    ("And your family, do they come to the set?", "closed"),
    ("It was freezing, right?", "leading"),
    ("What was it like? Were you scared?", "double-barreled"),
    ("What did you and your brother build?", "open"),
])
def test_classify(question: str, kind: str) -> None:
    assert classify(question) == kind


def test_topics_and_intrusive_question_is_personal() -> None:
    iv = interview(JUNKET)
    assert turn_asking(iv, "What was the hardest").topic == "process"  # "how did you prepare"
    assert turn_asking(iv, "Don't you think the ending").topic == "craft"
    assert turn_asking(iv, "How are your children").topic == "personal"
    flags = [f for f in iv.flags if f.kind == "intrusive-question"]
    assert len(flags) == 1
    assert "children" in flags[0].label and flags[0].action == "review" and flags[0].severity == "medium"
    assert flags[0].id == "f-intrusive-1"


def test_an_intrusive_question_is_judged_on_what_it_asks_not_the_hosts_preamble() -> None:
    """A host's asides ("I'll turn this into a free therapy session", "my family
    were painters") earlier in the preamble of an ordinary question are no
    intrusion; the one sentence right before the question is part of it ("Your
    divorce was in every paper that year.")."""
    iv = interview("Dana: I'll turn this into a free therapy session. My whole family were painters. "
                   "I've been trying out these new drawing tools for months. What do you make of AI in art?\n"
                   "Sam: I think it can help with the making, but not with the noticing.\n"
                   "Dana: I read the coverage. Your divorce was in every paper that year. How did you get through it?\n"
                   "Sam: Work, mostly. I went back on stage the week after.\n")
    flags = [f for f in iv.flags if f.kind == "intrusive-question"]
    assert len(flags) == 1 and "relationships" in flags[0].label and "divorce" in flags[0].text


def test_off_the_record_remark_is_cut_over_its_utterance() -> None:
    text = (
        "1\n00:00:00,000 --> 00:00:04,000\nDana: How was the director?\n\n"
        "2\n00:00:04,000 --> 00:00:14,000\nTom: Wonderful. He cried at the wrap party. Don't print that.\n\n"
        "3\n00:00:14,000 --> 00:00:18,000\nDana: What comes next for you?\n\n"
        "4\n00:00:18,000 --> 00:00:30,000\nTom: A play in London, then a long sleep.\n"
    )
    iv = formats.parse(text, "t.srt", "srt")
    assign_roles(iv, interviewers=["Dana"])
    analyze(iv, only=MINE)
    cuts = [f for f in iv.flags if f.kind == "off-the-record"]
    assert len(cuts) == 1
    assert (cuts[0].start, cuts[0].end) == (4000, 14000)
    assert cuts[0].action == "cut" and cuts[0].severity == "high"
    assert "cried" in cuts[0].text


@pytest.mark.parametrize(("said", "cut"), [
    ("Wonderful. He cried at the wrap party. Actually, cut that.", True),
    ("Wonderful. He cried at the wrap party. Bleep that, please.", True),
    ("You make giant X's on your script. Cut this, cut this, this didn't work, change this.", False),
    ("He'd watch the edit and go, \u201cI'm bad here, cut me out of this, cut this.\u201d", False),
    ("You learn that anything can be cut, so if it helps, cut it.", False),
    ("He cried at the wrap party. Scratch that, I never said it.", True),
    ("I always want to scratch that itch of building games.", False),  # an idiom, not a request
])
def test_a_bare_cut_that_is_a_request_only_as_a_sentence_of_its_own(said: str, cut: bool) -> None:
    text = ("1\n00:00:00,000 --> 00:00:04,000\nDana: How was the edit?\n\n"
            f"2\n00:00:04,000 --> 00:00:14,000\nTom: {said}\n")
    iv = formats.parse(text, "t.srt", "srt")
    assign_roles(iv, interviewers=["Dana"])
    analyze(iv, only=MINE)
    assert any(f.kind == "off-the-record" for f in iv.flags) == cut


def test_flags_of_others_are_kept_and_own_replaced() -> None:
    from greenroom.model import Flag

    iv = formats.parse(JUNKET, "t.txt", "text")
    assign_roles(iv, interviewers=["Dana"])
    iv.flags = [Flag(id="pii-1", start=0, end=1, kind="pii", label="name")]
    analyze(iv, only=MINE)
    analyze(iv, only=MINE)
    assert [f.id for f in iv.flags] == ["pii-1", "f-intrusive-1"]


def test_talk_ratio_and_verdict_on_a_lopsided_interview() -> None:
    iv = Interview(speakers=[Speaker("S1", "Dana", role="interviewer"), Speaker("S2", "Tom", role="guest")])
    iv.utterances = [
        Utterance("u1", 0, 40_000, "S1", "So I have been thinking a lot about boats, and about the sea, and about "
                                          "how every film about the sea is really about fathers, which is what I "
                                          "wanted to ask, because my own father sailed: what did the sea mean to you?"),
        Utterance("u2", 40_000, 50_000, "S2", "A lot."),
        Utterance("u3", 50_000, 90_000, "S1", "Right, and I think that is true for so many people I have talked to "
                                              "over the years, in this chair, about their work. Did you sail?"),
        Utterance("u4", 90_000, 100_000, "S2", "No."),
    ]
    analyze(iv, only=MINE)
    assert iv.metrics is not None
    assert iv.metrics.talk_ratio == pytest.approx(0.8)
    assert iv.metrics.verdicts[0] == "You spoke 80 % of the time; strong interviews stay under 20 %."
    assert 3 <= len(iv.metrics.verdicts) <= 5
    assert any("cut the preamble" in v for v in iv.metrics.verdicts)  # questions average > 25 words


def test_interruptions_counted_when_interviewer_starts_before_guest_ends() -> None:
    text = (
        "1\n00:00:00,000 --> 00:00:04,000\nDana: What was the first day like?\n\n"
        "2\n00:00:04,000 --> 00:00:20,000\nTom: It was long. We started before dawn and the boat would not start.\n\n"
        "3\n00:00:15,000 --> 00:00:18,000\nDana: Why would it not start?\n\n"
        "4\n00:00:18,100 --> 00:00:30,000\nTom: Nobody knew. The engine sat in salt water all winter.\n\n"
        "5\n00:00:30,000 --> 00:00:33,000\nDana: And then what happened?\n\n"
        "6\n00:00:33,000 --> 00:00:40,000\nTom: We rowed.\n"
    )
    iv = formats.parse(text, "t.srt", "srt")
    assign_roles(iv, interviewers=["Dana"])
    analyze(iv, only=MINE)
    assert iv.metrics is not None and iv.metrics.interruptions == 1
    assert any("still talking once" in v for v in iv.metrics.verdicts)
    assert iv.turns[2].follow_up_of == iv.turns[1].id  # "And then..."


def test_estimated_times_tell_nothing_about_interruptions() -> None:
    """Plain text gets times spread over its words: "you never interrupted" would
    be made up, so the verdict says the times cannot tell."""
    iv = interview(JUNKET)
    assert iv.source.timing != "exact" and iv.metrics is not None
    assert any("can't be told" in v for v in iv.metrics.verdicts)
    assert not any("never started speaking" in v for v in iv.metrics.verdicts)


def test_roles_guessed_when_not_set() -> None:
    iv = formats.parse(JUNKET, "t.txt", "text")
    analyze(iv, only=MINE)  # no assign_roles: the one asking most is the interviewer
    assert len(iv.turns) == 6


# A novelist who talks three times as long and asks more questions in all
# (back to the host, rhetorical ones) than the host does: still the guest.
TALKATIVE_GUEST = """Ray: What was your first book about?
Ada: An ant. Can you imagine? Ants do nothing until the last stage of their lives, so the plot had structural \
difficulties. Who writes about ants at seven? I did. And my mother read it aloud at dinner, which was mortifying, \
as you can imagine, and I never forgave her for it.
Ray: Did you keep writing after that?
Ada: Not for years. Why would I? Poems came later, on a football field, in a pink dress. Have you ever written a \
poem on a football field? I do not recommend it, the wind takes the page.
Ray: And the teachers, did they help?
Ada: One did. Miss Billings read everything I wrote and marked it in green ink, which felt kinder than red. Do you \
know what green ink does to a teenager? It makes her write more. Is that not the whole secret of teaching? I think \
it is, and she knew it before anyone told her.
Ray: Tell me about the attic.
Ada: The attic is where my grandmother kept everything she could not throw out. Were you ever allowed up into your \
grandmother's attic? You should have been.
Ada: My head is like that attic. What else would I write from? Full of things I cannot throw out, and every book I \
write is another trip up the ladder.
"""


def test_guest_who_asks_more_in_all_is_not_taken_for_the_interviewer() -> None:
    iv = formats.parse(TALKATIVE_GUEST, "t.txt", "text")
    analyze(iv, only=MINE)  # no roles given: the analyzers guess as an import would
    ray = next(s.id for s in iv.speakers if s.name == "Ray")
    assert [u.speaker for u in iv.utterances if u.id == iv.turns[0].question[0]] == [ray]
    assert len(iv.turns) == 4
    imported = assign_roles(formats.parse(TALKATIVE_GUEST, "t.txt", "text"))
    assert [s.name for s in imported.speakers if s.role == "interviewer"] == ["Ray"]


def test_host_whose_questions_trail_on_is_still_the_interviewer() -> None:
    """Transcribed speech: the host's turns go on after the question."""
    text = ("Ray: What was the first day like? You were nineteen.\n"
            "Ada: Loud. I remember the lights and the smell of the paint on the set.\n"
            "Ray: Who helped you most? I ask everyone this.\n"
            "Ada: The sound man. He told me where to stand and when to breathe.\n"
            "Ray: And the ending, how did you shoot it? It looks like one take.\n"
            "Ada: It was four takes, stitched together in the edit by a patient man.\n")
    iv = formats.parse(text, "t.txt", "text")
    ray = next(s for s in iv.speakers if s.name == "Ray")
    assert likely_interviewer(iv) is ray
    assert ray.role == "unknown" and assign_roles(iv) and ray.role == "interviewer"


def test_one_speaker_gives_no_turns_and_a_clear_verdict() -> None:
    iv = formats.parse("Tom: I was born by the sea. Why did I leave? I still wonder.\n"
                       "Tom: Anyway, that is the story.\n", "t.txt", "text")
    analyze(iv, only=MINE)
    assert iv.turns == []
    assert iv.metrics is not None and iv.metrics.talk_ratio is None
    assert iv.metrics.verdicts and "Only one speaker" in iv.metrics.verdicts[0]


def test_empty_interview_is_an_analysis_error() -> None:
    with pytest.raises(AnalysisError, match="no utterances"):
        analyze(Interview(title="empty"), only=MINE)


def test_spanish_interview_runs() -> None:
    iv = formats.parse("Ana: ¿Cómo te preparaste para el papel?\n"
                       "Luis: Leí mucho y hablé con pescadores durante semanas.\n"
                       "Ana: Cuéntame de tu familia.\n"
                       "Luis: Prefiero no hablar de eso.\n", "t.txt", "text")
    iv.language = "es"
    assign_roles(iv, interviewers=["Ana"])
    analyze(iv, only=MINE)
    assert len(iv.turns) == 1 and iv.turns[0].kind == "open"
    assert iv.metrics is not None and 3 <= len(iv.metrics.verdicts) <= 5
    assert "English" in iv.metrics.verdicts[-1]


def test_promotion_share_per_chapter() -> None:
    from greenroom.model import Chapter

    iv = formats.parse(JUNKET + "Dana: The film opens in cinemas on Friday. Go see it.\nTom: Please do.\n",
                       "t.txt", "text")
    assign_roles(iv, interviewers=["Dana"])
    middle = iv.utterances[6].start
    iv.chapters = [Chapter(0, middle, "Start"), Chapter(middle, iv.duration + 1, "End")]
    analyze(iv, only=MINE)
    assert iv.metrics is not None
    by_chapter = iv.metrics.extra["promotion_by_chapter"]
    assert [c["title"] for c in by_chapter] == ["Start", "End"]
    assert by_chapter[0]["share"] == 0 and by_chapter[1]["share"] > 0
    assert 0 < iv.metrics.extra["promotion_share"] < 0.5


@pytest.mark.parametrize(("sentence", "plug"), [
    ("People can find you on Twitter at Rick Rubin.", True),
    ("Sarah Kate Silverman @SarahKSilverman on Twitter.", True),
    ("We'll link to everything in the show notes at tim.blog/podcast.", True),
    ("Previews start in April at the Atlantic Theater.", True),
    ("You can get tickets at podnews dot net.", True),
    ("Please subscribe to the channel.", True),
    ("You can subscribe in Apple Podcasts.", True),
    ("I'm going to follow up on the professor.", False),
    ("Most of the shows lose subscribers in the summer.", False),
    ("If you subscribe to a feed, you know when it changes.", False),
    ("Write to me at dana@example.com about the cut.", False),  # an e-mail is personal data, not a plug
    ("We shot it over three nights in November.", False),
])
def test_plugs_include_where_to_find_the_guest(sentence: str, plug: bool) -> None:
    """Where to find the guest or the work is a plug (a handle, a web address, the
    show notes); talk about subscribers, or "follow up on", is not."""
    from greenroom.analyze.promotion import is_promotional

    assert is_promotional(sentence) is plug


def test_sample_transcript() -> None:
    iv = formats.load(sample.transcript_path())
    assign_roles(iv, interviewers=[sample.INTERVIEWER])
    analyze(iv, only=MINE)
    # Dana asks seven questions (six "?" and one "Tell me about..."); the welcome,
    # the promo line and the thank-you are not questions.
    assert len(iv.turns) == 7
    assert turn_asking(iv, "Tell me about the first time").kind == "open"
    assert turn_asking(iv, "Is it true you learned to row").kind == "closed"
    assert turn_asking(iv, "You mentioned the logbook").follow_up_of is not None
    cuts = [f for f in iv.flags if f.kind == "off-the-record"]
    assert len(cuts) == 1
    assert 121_000 <= cuts[0].start <= 123_000 and 131_000 <= cuts[0].end <= 133_000  # 2:02-2:12
    intrusive = [f for f in iv.flags if f.kind == "intrusive-question"]
    assert len(intrusive) == 1 and "family" in intrusive[0].text
    assert turn_asking(iv, "And your family").topic == "personal"
    assert iv.metrics is not None
    assert iv.metrics.extra["promotion_share"] > 0
    assert iv.metrics.extra["promotion_by_chapter"][0]["title"] == "whole interview"
    assert 3 <= len(iv.metrics.verdicts) <= 5 and "%" in iv.metrics.verdicts[0]
    assert iv.metrics.longest_monologues[0]["utterance"] == "u8"  # "Honestly, I was terrified..."
    assert iv.metrics.interruptions == 0 and 0.2 < (iv.metrics.talk_ratio or 0) < 0.35


def test_an_echo_is_a_nudge_not_a_question() -> None:
    """"Law & Order?" repeating the guest's words keeps the answer going: one turn,
    one open question, where the echo had counted as a second question."""
    iv = interview("Dana: What did you watch growing up?\n"
                   "Tom: Mostly Law & Order, every night with my grandmother.\n"
                   "Dana: Law & Order?\n"
                   "Tom: Every single episode. She solved them before the detectives did.\n"
                   "Dana: Homicidal grandmothers?\n"
                   "Tom: Ha, no. Just very good at reading people.\n")
    analyze(iv, only=MINE)
    assert [len(t.answer) for t in iv.turns] == [2, 1]  # "Homicidal grandmothers?" asks something new
    assert iv.metrics is not None and sum(iv.metrics.questions.values()) == 2


SKILLED_HOST = """Dana: Could you tell a story or give us an example of a night when the show almost fell apart? What went wrong?
Tom: The generator died in the second act. We finished by torchlight and nobody asked for a refund.
Dana: May I interject for one second?
Tom: Please.
Dana: Who held the torches?
Tom: The stage crew, and two people from the front row who volunteered.
Dana: I'd love for you to just elaborate on that.
Tom: They were strangers. By the encore they were part of the company, and one of them works for us now.
Dana: Can you talk about how the company changed after that night?
Tom: We stopped trusting the equipment and started trusting the room.
"""


def test_a_skilled_hosts_requests_count_as_open_and_permission_is_no_question() -> None:
    """The issue's coaching example: "Could you tell a story or give us an example?" is one
    open request, "I'd love for you to just elaborate on that" an open ask without "?",
    and "May I interject for one second?" no question at all."""
    iv = interview(SKILLED_HOST)
    asked = [question_text(iv, t) for t in iv.turns]
    assert not any(q.startswith("May I") for q in asked)
    assert turn_asking(iv, "Could you tell a story").kind == "open"
    assert turn_asking(iv, "I'd love for you").kind == "open"
    assert turn_asking(iv, "Can you talk about").kind == "open"
    assert turn_asking(iv, "Who held the torches").kind == "closed"  # one fact
    assert iv.metrics is not None and iv.metrics.extra["open_asks"] == 3
    assert "3 of 4 questions were open" in " ".join(iv.metrics.verdicts)
