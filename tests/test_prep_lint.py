"""The question linter: each kind fires on what it should and not on its near misses,
rewrites fix what they were made for, and the CLI's --json shape."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import numpy as np
import pytest

from greenroom import formats
from greenroom.prep.lint import (
    KINDS,
    MATCHING,
    Linter,
    LintOptions,
    Matching,
    PastQuestion,
    ask_frames,
    ask_object,
    ask_words,
    comparable,
    lint,
    past_questions,
    quotable_sentences,
    shared_words,
)
from greenroom.sample import transcript_path

REPO = Path(__file__).resolve().parents[1]


def kinds(question: str, **options: object) -> list[str]:
    return lint([question], LintOptions(**options))[0].kinds  # type: ignore[arg-type]


@pytest.mark.parametrize("question", [
    "How did it feel?", "Tell me about yourself.", "What's your favourite colour?",
    "What was it like working with everyone on the project?", "What inspires you?",
    "I love your work. What inspires you?", "Where does that come from?",
    "What inspires you lately?", "What's your creative approach like?", "What was the tour like?",
    "What do you want viewers to take away from the series?", "How did you get into directing?",
    "How do you handle the fame?", "Where do you see yourself after this?"])
def test_generic_questions_are_flagged(question: str) -> None:
    assert "generic" in kinds(question)


@pytest.mark.parametrize("question", [
    "How did it feel to fall out of the rowing boat in November?",
    "What did the logbook teach you about the keeper?", "What happened next?",
    "The title track gives the album its name. Where does that song come from?",
    "Lantern took eleven takes to get right. What is the song actually about?",
    "What do you think AI will do to music making?",
    "Which of the new songs has gone down best with audiences on the road?",
    "What was a typical day in the lighthouse like during the shoot?"])
def test_specific_questions_are_not_generic(question: str) -> None:
    assert "generic" not in kinds(question)


@pytest.mark.parametrize("question", [
    "Did you enjoy the storm scene?", "Is it true you learned to row for the part?",
    "Were the car chases done with stunt drivers?", "And your family, do they come to the set?",
    "Have you ever forgotten a line on stage?"])
def test_closed_questions_are_flagged(question: str) -> None:
    assert "closed" in kinds(question)


@pytest.mark.parametrize("question", [
    "Can you tell me about the storm scene?", "What did you enjoy about the storm scene?",
    "Tell me about the first time you read the script.", "Don't you think the ending was rushed?"])
def test_open_polite_and_leading_questions_are_not_closed(question: str) -> None:
    assert "closed" not in kinds(question)


@pytest.mark.parametrize("question", [
    "Don't you think the ending was rushed?", "Wasn't it exhausting to shoot in the rain?",
    "Surely the storm scene was the hardest?", "Isn't it true the director rewrote every page?",
    "The fight choreography was brutal, wasn't it?", "How amazing was it to work with Marlon Vance?",
    "How proud were you when the play transferred to Broadway?"])
def test_leading_questions_are_flagged(question: str) -> None:
    assert "leading" in kinds(question)


def test_neutral_question_is_not_leading() -> None:
    assert "leading" not in kinds("How would you describe the ending?")


@pytest.mark.parametrize("question", [
    "What drew you to the role and how did you prepare for the fight scenes?",
    "What was the first day like? And how did the cast get along?",
    "How did you learn to row, or did the film use a double?",
    "Why did you leave the band and what made you come back?",
    "What did your first guitar cost, and who taught you to play it?",
    "How did you light the flood scene, and what went wrong on the first take?",
    "Why did the band drop Leeds, and which venue surprised you?",
    "How did you two meet, and what's the first song you finished?"])
def test_double_barreled_questions_are_flagged(question: str) -> None:
    assert "double-barreled" in kinds(question)


@pytest.mark.parametrize("question", [
    "How did you and the cinematographer choose the grain of the flashbacks?",
    "How did you balance what the script demanded and what your instincts told you?",
    "Did you write the lyrics alone or did Finn help?",
    "Tell me about the new songs and what they meant to you on the road."])
def test_one_ask_with_and_or_is_not_double_barreled(question: str) -> None:
    assert "double-barreled" not in kinds(question)


def test_too_long_counts_words_against_the_limit() -> None:
    question = " ".join(["word"] * 30) + " so what did the storm scene teach you about fear?"
    assert "too-long" in kinds(question)
    assert "too-long" not in kinds(question, max_words=60)
    flag = lint([question])[0].flags[-1]
    assert flag.rewrite == "What did the storm scene teach you about fear?"


@pytest.mark.parametrize("question", [
    "How is your health after the surgery?", "How much were you paid for the sequel?",
    "What really happened in your divorce?", "What do you make of the rumours about a feud?",
    "How are your kids coping with the tour?", "When did you and your brother stop speaking?",
    "Did your father's time in prison shape the record?", "How did your drinking affect the band?"])
def test_intrusive_questions_are_flagged(question: str) -> None:
    assert "intrusive" in kinds(question)


@pytest.mark.parametrize("question", [
    "Your father plays the priest in the wedding scene; how did that happen?",
    "How did your grandmother's recipes end up in the kitchen scene?",
    "How did you find the child actors for the school scenes?"])
def test_a_relative_named_in_passing_is_not_intrusive(question: str) -> None:
    assert "intrusive" not in kinds(question)


def test_an_intrusive_question_is_not_rewritten_into_an_open_one_that_pries_as_much() -> None:
    """"Is it true your marriage fell apart...?" is closed and intrusive; the closed
    flag's open rewrite ("Tell me the story of how your marriage fell apart...")
    would pry as much, so only the intrusive flag's rewrite is offered."""
    flags = {f.kind: f for f in lint(["Is it true your marriage fell apart during the shoot?"])[0].flags}
    assert {"closed", "intrusive"} <= set(flags)
    assert flags["closed"].rewrite == "" and "marriage" not in flags["intrusive"].rewrite
    assert lint(["Is it true you learned to row for the part?"])[0].flags[0].rewrite  # not intrusive: rewritten


def test_relationship_with_the_director_is_craft_not_gossip() -> None:
    assert "intrusive" not in kinds("How did your relationship with the director change during the shoot?")


def test_dossier_topics_to_avoid_are_intrusive() -> None:
    question = "What did the lawsuit with your old label teach you?"
    assert "intrusive" not in kinds(question)
    linted = lint([question], LintOptions(avoid=["the lawsuit"]))[0]
    assert linted.kinds == ["intrusive"]
    assert "the lawsuit" in linted.flags[0].message


def test_a_clean_question_has_no_flags() -> None:
    assert kinds("What did writing the keeper's logbook every morning teach you about him?") == []


@pytest.mark.parametrize("question, kind", [
    ("Did you enjoy the storm scene?", "closed"),
    ("Were you nervous about the reviews for the new album?", "closed"),
    ("Wasn't it exhausting to shoot in the rain?", "leading"),
    ("Surely the storm scene was the hardest?", "leading"),
    ("What drew you to the role and how did you prepare for the fight scenes?", "double-barreled"),
])
def test_rewrites_fix_the_flaw_they_were_made_for(question: str, kind: str) -> None:
    flag = next(f for f in lint([question])[0].flags if f.kind == kind)
    assert flag.rewrite and flag.rewrite != question
    assert kind not in lint([flag.rewrite])[0].kinds


def test_closed_rewrite_example_from_the_brief() -> None:
    flag = lint(["Did you enjoy the boat scenes?"])[0].flags[0]
    assert flag.rewrite == "What did you enjoy about the boat scenes?"


class WordEmbedder:
    """Bag-of-words vectors: same words, cosine 1. Stands in for MiniLM in unit tests."""

    name, dim = "words", 64

    def embed(self, texts: list[str]) -> np.ndarray:
        rows = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().strip("?.").split():
                rows[i, zlib.crc32(word.encode()) % self.dim] += 1  # not hash(): salted per process
        return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-9)


def test_already_answered_names_where_it_was_asked() -> None:
    past = [PastQuestion("abc123", "Junket", "t4", 93_000, "What was the hardest scene to shoot?",
                         answer="The storm night. We shot it over three nights with rain machines.")]
    linter = Linter(LintOptions(similarity=0.9, stock_bank=False), past, WordEmbedder())
    repeated, fresh = linter.lint(["What was the hardest scene to shoot?", "Who built the lighthouse set?"])
    assert repeated.kinds == ["already-answered"] and fresh.kinds == []
    flag = repeated.flags[0]
    assert flag.link == "greenroom://abc123#t=93"
    assert "abc123 at 1:33" in flag.message
    assert flag.rewrite == 'You once said, "We shot it over three nights with rain machines." What would you add to that now?'


def test_no_past_questions_and_no_stock_bank_never_loads_an_embedder() -> None:
    """The patterns alone (stock_bank=False) need no model: nothing is embedded without past questions."""
    class Exploding:
        def embed(self, texts: list[str]) -> np.ndarray:
            raise AssertionError("embedder used without past questions")

    rules_only = LintOptions(stock_bank=False)
    assert Linter(rules_only, [], Exploding()).lint(["What did the logbook teach you?"])[0].kinds == []  # type: ignore[arg-type]


def test_already_answered_with_minilm_against_the_sample() -> None:
    pytest.importorskip("onnxruntime")
    interview = formats.load(transcript_path())
    interview.id = "sample01"
    past = past_questions(interview)
    assert len(past) == 7 and past[0].start == 13_000
    paraphrase, new = Linter(LintOptions(), past).lint([
        "Where were you the first time you read the script?",
        "Which knot did the crew teach you for mooring the boat?"])
    assert paraphrase.kinds == ["already-answered"]
    assert paraphrase.flags[0].link == "greenroom://sample01#t=13"
    assert new.kinds == []


def test_comparable_drops_spoken_lead_ins_and_splits_long_asks() -> None:
    assert comparable("So, I'm curious, what drew you to the keeper?") == ["what drew you to the keeper?"]
    assert comparable("You know, I wonder why you cut the storm scene?") == ["why you cut the storm scene?"]
    long_ask = "What was the hardest scene to shoot? And why did it take three nights in the rain?"
    first, second = "What was the hardest scene to shoot?", "why did it take three nights in the rain?"
    assert comparable(long_ask) == [f"{first} {second}", first, second]
    assert comparable("Why? What happened?") == ["Why? What happened?"]  # short sentences match anything


def test_shared_words_weighs_stems_and_rare_words() -> None:
    same = shared_words(ask_words("Which lyric are you proudest of?"), ask_words("What lyric are you most proud of?"),
                        lambda w: 1.0)
    assert same == 1.0
    rare = {"church": 3.0, "record": 1.0, "organ": 3.0}
    weight = rare.get
    assert shared_words({"church", "record"}, {"church", "organ"}, weight) == pytest.approx(2 * 3 / (4 + 6))  # type: ignore[arg-type]
    assert shared_words(set(), {"church"}, lambda w: 1.0) == 0.0


def test_ask_frames_name_the_kind_of_ask() -> None:
    assert ask_frames("Once the tour wraps up, what does the future hold for the band?") == {"future"}
    assert ask_frames("Which track put up the biggest fight before you could call it done?") == {"hardest"}
    assert ask_frames("Who did what when it came to writing these songs?") == {"roles"}
    assert ask_frames("What's your routine for keeping your voice in shape?") == {"care"}  # "in shape" is not "shaped"
    assert ask_frames("How did you first come to work with Ivo?") == {"genesis", "working with"}
    assert ask_frames("What colour is the van?") == frozenset()


def test_ask_object_is_the_kind_of_work_a_which_ask_is_about() -> None:
    assert ask_object("What was the hardest song to finish?") == "song"
    assert ask_object("Which track gave you the most trouble?") == "song"  # the same thing
    assert ask_object("Which words on the record are you most proud of?") == "lyric"
    assert ask_object("How did you protect your voice?") is None


def test_frames_come_from_the_ask_and_from_the_setup_only_without_one() -> None:
    assert ask_frames("Some songs come easily and some don't. Which was the toughest to finish?") == {"hardest"}
    assert ask_frames("One song on every album fights back. Which one was it this time?") == {"hardest"}


def _flat_linter(past: list[PastQuestion], cosine: float) -> Linter:
    """A linter whose embedder scores every new question at `cosine` to every past one
    (mpnet's thresholds): only the rules beyond the cosine decide."""
    said = {p.text for p in past}

    class Flat:
        name = "all-mpnet-base-v2"

        def embed(self, texts: list[str]) -> np.ndarray:
            rows = np.zeros((len(texts), 2), dtype=np.float32)
            rows[:, 0] = 1.0
            if texts and texts[0] in said:  # the past side: the reference direction
                return rows
            rows[:, 0], rows[:, 1] = cosine, (1 - cosine ** 2) ** 0.5
            return rows

    return Linter(LintOptions(stock_bank=False), past, Flat())  # type: ignore[arg-type]


def _frame_linter(cosine: float) -> Linter:
    past = [PastQuestion("p1", "Tour talk", "t9", 146_000, "What's next for the band once this tour ends?",
                         answer="Sleep. Then a string quartet version of the album.")]
    return _flat_linter(past, cosine)


def test_the_same_kind_of_ask_in_other_words_is_already_answered() -> None:
    linter = _frame_linter(0.52)  # below every cosine rule: the ask frame decides
    reask, other_kind, new_name = linter.lint([
        "After the last show, what does the future hold for you?",
        "Which song was the hardest to finish?",
        "What's planned for Lantern once the tour ends?"])  # a name the past exchange never mentions
    assert reask.kinds == ["already-answered"]
    assert "the same kind of ask: future" in reask.flags[0].message
    assert other_kind.kinds == [] and new_name.kinds == []
    assert _frame_linter(0.45).lint(["After the last show, what does the future hold for you?"])[0].kinds == []


def test_a_stock_question_is_not_a_repeat_by_its_kind_of_ask_alone() -> None:
    """"What are you most proud of?" makes the same kind of ask as "Which lyric are you
    proudest of?" but names nothing: only a cosine rule may match it, not the frame."""
    past = [PastQuestion("p1", "Album talk", "t8", 120_000, "Which lyric on the album are you proudest of?",
                         answer="The line in Breakwater about the porch light.")]
    stock, specific = _flat_linter(past, 0.52).lint(["What are you most proud of?",
                                                     "Which line on the record makes you proudest?"])
    assert stock.kinds == ["generic"]
    assert specific.kinds == ["already-answered"]
    assert "already-answered" in _flat_linter(past, 0.70).lint(["What are you most proud of?"])[0].kinds


def test_another_kind_of_work_or_a_new_name_is_not_a_repeat_below_the_veto() -> None:
    past = [PastQuestion("p1", "Album talk", "t5", 70_000, "What was the hardest song to finish?",
                         answer="Lantern. We cut it eleven times.")]
    for cosine, expected in ((0.80, []), (0.90, ["already-answered"])):
        linter = _flat_linter(past, cosine)
        lyric, named, same = linter.lint(["Which lyric was the hardest to write?",  # a lyric, not a song
                                          "Which song did Oona find hardest to finish?",  # Oona: never mentioned
                                          "Which track was the toughest to get done?"])
        assert lyric.kinds == expected and named.kinds == expected
        assert same.kinds == ["already-answered"]


def test_a_different_kind_of_ask_is_not_a_repeat_below_the_veto() -> None:
    question = "Which song on the next record was the hardest to write?"  # hardest and future: not only future
    assert _frame_linter(0.80).lint([question])[0].kinds == []
    assert _frame_linter(0.90).lint([question])[0].kinds == ["already-answered"]  # near-identical wins


BAND = REPO / "bench" / "labels" / "past-interview.txt"


@pytest.fixture(scope="module")
def band_interview() -> Linter:
    """The bench's short band interview with MiniLM, which scores the pairs below 0.6-0.68."""
    pytest.importorskip("onnxruntime")
    from greenroom.backends.embed import default_embedder

    return Linter(LintOptions(), past_questions(formats.load(BAND)), default_embedder())


def test_loose_paraphrase_with_the_same_content_words_is_already_answered(band_interview: Linter) -> None:
    question = "How did you come to choose a church to make the record in?"
    ((past, cosine),) = band_interview.already_asked([question])  # type: ignore[misc]
    assert past.text == "Why did you record the whole album in a converted church?"
    assert cosine < band_interview.matching().similarity  # MiniLM alone would miss it
    strict = Linter(LintOptions(overlap=1.01, frame_floor=1.01), band_interview.past, band_interview._embedder)
    assert strict.already_asked([question]) == [None]


def test_same_topic_new_ask_is_not_already_answered(band_interview: Linter) -> None:
    fresh = band_interview.lint(["What did the church's organ add to the last track?",
                                 "Which lyric did you change on the day you recorded the second verse?"])
    assert [item.kinds for item in fresh] == [[], []]


def test_lint_questions_json_has_one_entry_per_question(greenroom, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    questions = tmp_path / "questions.txt"
    questions.write_text("Did you enjoy the shoot?\n\n# a comment\nWhat did the logbook teach you about the keeper?\n"
                         "How much were you paid, and how did you spend it?\n")
    result = greenroom("lint-questions", str(questions), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [d["question"] for d in data] == ["Did you enjoy the shoot?", "What did the logbook teach you about the keeper?",
                                            "How much were you paid, and how did you spend it?"]
    assert [[f["kind"] for f in d["flags"]] for d in data] == [["closed"], [], ["double-barreled", "intrusive"]]
    for flag in data[0]["flags"] + data[2]["flags"]:
        assert set(flag) == {"kind", "message", "rewrite"} and flag["kind"] in KINDS
        assert flag["message"]
    assert data[0]["flags"][0]["rewrite"]
    # an intrusive question keeps only the intrusive flag's rewrite: splitting it would still pry
    assert [bool(f["rewrite"]) for f in data[2]["flags"]] == [False, True]


def test_lint_questions_table_and_dossier_avoid(greenroom, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    questions = tmp_path / "questions.txt"
    questions.write_text("How is your daughter finding school?\nWhat did the logbook teach you about the keeper?\n")
    dossier = REPO / "greenroom" / "sample" / "dossier.yaml"
    result = greenroom("lint-questions", str(questions), "--dossier", str(dossier))
    assert result.exit_code == 0, result.output
    assert "2 questions, 1 flagged" in result.output
    assert "intrusive" in result.output and "his daughter" in result.output


def test_lint_questions_empty_file_is_a_one_line_error(greenroom, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    questions = tmp_path / "questions.txt"
    questions.write_text("\n# nothing yet\n")
    result = greenroom("lint-questions", str(questions))
    assert result.exit_code == 1
    assert result.output.strip() == f"greenroom: error: {questions}: no questions in the file (one per line)"


@pytest.fixture(scope="module")
def band_interview_mpnet() -> Linter:
    """The same interview with all-mpnet-base-v2 (the `paraphrase` extra)."""
    pytest.importorskip("transformers")
    from greenroom.backends.embed.mpnet import MPNetEmbedder

    return Linter(LintOptions(), past_questions(formats.load(BAND)), MPNetEmbedder.load())


def test_the_paraphrase_embedder_is_mpnet_where_installed() -> None:
    pytest.importorskip("transformers")
    from greenroom.backends.embed import paraphrase_embedder

    embedder = paraphrase_embedder()
    assert embedder.name == "all-mpnet-base-v2" and embedder.dim == 768
    vectors = embedder.embed(["How do you protect your voice on a long tour?", ""])
    assert vectors.shape == (2, 768) and np.linalg.norm(vectors[0]) == pytest.approx(1.0, abs=1e-4)


def test_mpnet_catches_a_reworded_re_ask_minilm_misses(band_interview_mpnet: Linter, band_interview: Linter) -> None:
    reask = "What's next for the band after this tour?"  # "What's next for The Harbour Lights once this tour ends?"
    cosine_only = LintOptions(frame_floor=1.01)  # the ask-frame rule would catch it with either model
    assert Linter(cosine_only, band_interview.past, band_interview._embedder).lint([reask])[0].kinds == []
    assert Linter(cosine_only, band_interview.past, band_interview_mpnet._embedder).lint([reask])[0].kinds == [
        "already-answered"]
    assert band_interview_mpnet.lint([reask])[0].kinds == ["already-answered"]
    assert band_interview_mpnet.matching().similarity == MATCHING["all-mpnet-base-v2"].similarity


def test_mpnet_leaves_same_topic_new_asks_alone(band_interview_mpnet: Linter) -> None:
    fresh = band_interview_mpnet.lint(["What did the church's organ add to the last track?",
                                       "Which lyric did you change on the day you recorded the second verse?",
                                       "How did the cellist change the arrangement of the final song?"])
    assert [item.kinds for item in fresh] == [[], [], []]


def test_options_override_the_embedders_tuned_thresholds() -> None:
    linter = Linter(LintOptions(similarity=0.9, stock_bank=False), [], WordEmbedder())
    assert linter.matching() == Matching(0.9, MATCHING["all-MiniLM-L6-v2-int8"].overlap_floor, 0.40)


def test_mpnet_weights_that_are_not_the_release_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import zipfile

    from greenroom.backends.embed import mpnet
    from greenroom.errors import GreenroomError

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in mpnet.KEEP:
            archive.writestr(f"{mpnet.MODEL_NAME}/{name}", b"not the real thing")
    data, parts = buffer.getvalue(), []
    for n in range(5):
        parts.append(tmp_path / f"part{n}")
        parts[-1].write_bytes(data[n * len(data) // 5:(n + 1) * len(data) // 5])
    monkeypatch.setenv("GREENROOM_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(mpnet, "part_files", lambda: parts)
    with pytest.raises(GreenroomError, match="sha256 mismatch"):
        mpnet.model_folder()
    assert [p.name for p in (tmp_path / "cache" / "models").iterdir()] == []  # no half-made folder left


def test_the_rewrite_quotes_the_answers_point_not_its_chatter() -> None:
    assert quotable_sentences("I don't know if we talked about it on the podcast. "
                              "The storm took three nights to shoot. As I said on the show, it was cold.") == [
        "The storm took three nights to shoot."]
    assert quotable_sentences("We shot the whole storm in the rain and —") == []  # broken off
    answer = ("We shot it over three nights with rain machines. My daughter visited the set on the second day. "
              "The storm scene needed a tank the size of a pool.")
    past = [PastQuestion("abc123", "Junket", "t4", 93_000, "What was the hardest scene to shoot?", answer=answer)]
    linter = Linter(LintOptions(similarity=0.9, stock_bank=False), past, WordEmbedder())
    flag = linter.lint(["What was the hardest scene to shoot?"])[0].flags[0]
    assert linter.quote_for("How did you shoot the storm scene in the tank?", past[0]) == (
        "The storm scene needed a tank the size of a pool.")
    assert flag.rewrite.startswith('You once said, "')
