"""Question plans: balanced, ordered, grounded, timed, clean under the linter, and never a
repeat of what the library shows was asked; the text model only drafts; the run sheet
renders as Markdown, HTML and PDF."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_prep_dossier import COVERED, NATURAL, OWN_QUESTIONS

from greenroom.prep import runsheet
from greenroom.prep.dossier import Dossier, load, parse
from greenroom.prep.homework import Homework, gather, same_person
from greenroom.prep.lint import Linter, LintOptions
from greenroom.prep.plan import (
    CATEGORIES,
    PlanOptions,
    angle_phrase,
    build_plan,
    fill,
    grounding,
    role_phrase,
    second_person,
    share,
    shared_words,
)
from greenroom.sample import transcript_path

pytest.importorskip("yaml")
pytest.importorskip("onnxruntime")

SAMPLE = Path(__file__).resolve().parents[1] / "greenroom" / "sample" / "dossier.yaml"
FIRST_READ = "Where were you the first time you read the script for Low Tide?"


@pytest.fixture(scope="module")
def embedder():  # type: ignore[no-untyped-def]
    from greenroom.backends.embed import default_embedder

    return default_embedder()


@pytest.fixture
def sample_library(greenroom):  # type: ignore[no-untyped-def]
    result = greenroom("import", str(transcript_path()), "--title", "Low Tide junket", "--guest", "Tom Hale")
    assert result.exit_code == 0, result.output
    return greenroom


def prep_json(greenroom, *args: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    result = greenroom("prep", str(SAMPLE), "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def relint(plan: dict, past_from: Homework) -> list[list[str]]:  # type: ignore[type-arg]
    dossier = load(SAMPLE)
    linter = Linter(LintOptions(avoid=dossier.avoid, common=[dossier.title, dossier.guest], mask="the film"),
                    past_from.questions)
    return [i.kinds for i in linter.lint([item["question"] for item in plan["items"]])]


def test_sample_plan_is_balanced_grounded_timed_and_clean(sample_library) -> None:  # type: ignore[no-untyped-def]
    plan = prep_json(sample_library)
    items = plan["items"]
    assert {i["category"] for i in items if i["slot"] != "close"} == set(CATEGORIES)  # the close comes on top
    assert items[0]["slot"] == "opener" and items[-1]["slot"] == "close"
    big = [n for n, i in enumerate(items) if i["slot"] == "big"]
    assert len(big) == 1 and 0 < big[0] < len(items) - 1
    assert sum(i["minutes"] for i in items) == plan["minutes"] == 20
    assert [i["start"] for i in items] == [sum(j["minutes"] for j in items[:n]) for n in range(len(items))]
    assert items[big[0]]["minutes"] == max(i["minutes"] for i in items)
    dossier = load(SAMPLE)
    for item in items:
        assert grounding(item["question"], dossier), item["question"]
        assert item["follow_up"]
    from greenroom.library import Library

    with Library(sample_library.library) as library:
        homework = gather(library, "Tom Hale")
    assert len(homework.interviews) == 1 and len(homework.questions) == 7
    assert relint(plan, homework) == [[]] * len(items)


def test_plan_skips_what_the_library_shows_was_asked(greenroom, sample_library) -> None:  # type: ignore[no-untyped-def]
    # With no interview of Tom Hale stored, the first opener template wins...
    dossier = load(SAMPLE)
    alone = build_plan(dossier, Homework("Tom Hale"))
    assert alone.items[0].question == FIRST_READ
    # ...but the junket already asked about the first read of the script.
    plan = prep_json(sample_library)
    assert FIRST_READ not in [i["question"] for i in plan["items"]]
    assert plan["homework"]["interviews"][0]["questions"][0]["text"] == \
        "Tell me about the first time you read the script."


def test_longer_slots_add_questions_and_still_add_up(embedder) -> None:  # type: ignore[no-untyped-def]
    plan = build_plan(load(SAMPLE), Homework("Tom Hale"), PlanOptions(minutes=45), embedder=embedder)
    assert len(plan.items) >= 10 and plan.minutes == 45
    assert {i.category for i in plan.items} == set(CATEGORIES)
    assert len({i.question for i in plan.items}) == len(plan.items)


def test_album_dossier_from_markdown_builds_a_clean_plan(embedder) -> None:  # type: ignore[no-untyped-def]
    dossier = parse("---\nguest: {name: Mara Quinn, role: the band's singer}\nproject: {title: Salt and Static, "
                    "kind: album}\nminutes: 15\n---\n## Facts\n- Recorded in a converted church\n"
                    "## Angle\nrooms that argue back\n", "d.md")
    plan = build_plan(dossier, Homework("Mara Quinn"), embedder=embedder)
    assert {i.category for i in plan.items} == set(CATEGORIES) and plan.minutes == 15
    assert not plan.notes
    texts = [i.question for i in plan.items]
    assert any("the sessions" in t or "song" in t or "album" in t for t in texts)
    assert all("shoot" not in t and "script" not in t for t in texts)


def test_a_topic_to_avoid_keeps_templates_off_it(embedder) -> None:  # type: ignore[no-untyped-def]
    dossier = load(SAMPLE)
    dossier.avoid = ["the director"]
    plan = build_plan(dossier, Homework("Tom Hale"), PlanOptions(minutes=45), embedder=embedder)
    assert all("director" not in i.question for i in plan.items)


def test_too_few_minutes_is_an_input_error() -> None:
    from greenroom.errors import InputError

    with pytest.raises(InputError, match="at least 6"):
        build_plan(load(SAMPLE), Homework("Tom Hale"), PlanOptions(minutes=3))


@given(st.integers(6, 600), st.lists(st.sampled_from([0.8, 1.0, 1.6]), min_size=1, max_size=12))
def test_minutes_always_add_up(minutes: int, weights: list[float]) -> None:
    if minutes < len(weights):
        return
    given_minutes = share(minutes, weights)
    assert sum(given_minutes) == minutes and min(given_minutes) >= 1


def test_same_person_matching() -> None:
    assert same_person("Tom Hale", "tom hale") and same_person("Tom Hale", "Tom J. Hale")
    assert not same_person("Tom", "Tom Hale") and not same_person("Tom Hale", "Tom Hanks")


def test_no_library_and_no_past_interviews_are_said_in_the_plan(greenroom) -> None:  # type: ignore[no-untyped-def]
    plan = prep_json(greenroom)
    assert plan["homework"]["interviews"] == []
    assert "no library yet" in plan["homework"]["note"]
    greenroom("list")  # creates an empty library
    result = greenroom("prep", str(SAMPLE))
    assert result.exit_code == 0
    assert "The library holds no interviews with Tom Hale." in result.output


# -- the text model --------------------------------------------------------------

def test_unreachable_text_model_falls_back_to_templates(greenroom) -> None:  # type: ignore[no-untyped-def]
    result = greenroom("prep", str(SAMPLE), "--json", "--llm", "http://127.0.0.1:9", "--llm-timeout", "2")
    assert result.exit_code == 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("greenroom: note: text model not used, offline templates")
    plan = json.loads(result.stdout)
    assert plan["source"].startswith("offline templates")
    assert {i["source"] for i in plan["items"]} == {"template"}


DRAFTS = [
    {"category": "process", "question": "What did rowing every morning teach you about the keeper's routine in Low Tide?",
     "follow_up": "Ask about the first morning in the boat."},
    {"category": "craft", "question": "Did you enjoy the storm scene in Low Tide?", "follow_up": "x"},
    {"category": "personal", "question": "How is your daughter finding all the Low Tide attention?", "follow_up": "x"},
    {"category": "career", "question": "What inspires you?", "follow_up": "x"},
    {"category": "experience", "question": "What went through your head the first morning you rowed out for Low Tide?",
     "follow_up": "Ask who was watching from the shore."},
]


class FakeModel(BaseHTTPRequestHandler):
    requests: list[dict] = []  # type: ignore[type-arg]
    reply = json.dumps({"choices": [{"message": {"content": "Here you go:\n```json\n" + json.dumps(DRAFTS) + "\n```"}}]})

    def do_POST(self) -> None:
        FakeModel.requests.append({"path": self.path, "body": json.loads(self.rfile.read(int(self.headers["Content-Length"])))})
        data = self.reply.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def model_url() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), FakeModel)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeModel.requests = []
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_text_model_drafts_pass_through_the_linter(greenroom, model_url: str) -> None:  # type: ignore[no-untyped-def]
    result = greenroom("prep", str(SAMPLE), "--json", "--llm", model_url, "--llm-timeout", "5")
    assert result.exit_code == 0 and result.stderr == ""
    plan = json.loads(result.stdout)
    questions = {i["question"]: i for i in plan["items"]}
    assert questions[DRAFTS[0]["question"]]["source"] == "text model"
    assert plan["items"][0]["question"] == DRAFTS[4]["question"]  # an experience draft opens
    for bad in DRAFTS[1:4]:
        assert bad["question"] not in questions
    assert {i["category"] for i in plan["items"]} == set(CATEGORIES)
    sent = FakeModel.requests[0]
    assert sent["path"] == "/v1/chat/completions"
    assert "Low Tide" in sent["body"]["messages"][1]["content"]
    assert "his daughter" in sent["body"]["messages"][1]["content"]


def test_text_model_answer_without_json_falls_back(greenroom, model_url: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(FakeModel, "reply", json.dumps({"choices": [{"message": {"content": "Sorry, no."}}]}))
    result = greenroom("prep", str(SAMPLE), "--llm", model_url)
    assert result.exit_code == 0
    assert "holds no JSON list" in result.stderr and len(result.stderr.strip().splitlines()) == 1


# -- the run sheet on paper -------------------------------------------------------

class Balanced(HTMLParser):
    VOID = {"meta", "br", "img", "hr", "link", "input"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, (tag, self.stack)
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture(scope="module")
def plan(embedder):  # type: ignore[no-untyped-def]
    dossier = load(SAMPLE)
    dossier.notes = "Ask about <the boat> & the \"storm\" — gently."
    return build_plan(dossier, Homework("Tom Hale", note="The library holds no interviews with Tom Hale."),
                      embedder=embedder)


def test_html_parses_and_escapes(plan) -> None:  # type: ignore[no-untyped-def]
    page = runsheet.html(plan)
    parser = Balanced()
    parser.feed(page)
    parser.close()
    assert parser.stack == []
    text = "".join(parser.text)
    assert plan.items[0].question in text and "Ask about <the boat> & the \"storm\"" in text
    assert "The library holds no interviews with Tom Hale." in text


def test_markdown_lists_every_question_with_its_time(plan) -> None:  # type: ignore[no-untyped-def]
    text = runsheet.markdown(plan)
    for item in plan.items:
        assert f"**{item.question}**" in text
    assert "0:00–" in text and "## Homework" in text


def test_pdf_with_and_without_a_unicode_font(plan, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("fpdf")
    written = runsheet.save(plan, tmp_path / "plan.pdf")
    assert written.read_bytes().startswith(b"%PDF")
    monkeypatch.setattr(runsheet, "FONT_DIRS", ())
    assert runsheet.pdf(plan).startswith(b"%PDF")  # core font: text folded to Latin-1
    assert runsheet.latin1("“Ō” — 🎬") == '"?" - ?'


def test_prep_writes_each_format(greenroom, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for name in ("plan.md", "plan.html", "plan.pdf"):
        result = greenroom("prep", str(SAMPLE), "-o", str(tmp_path / name))
        assert result.exit_code == 0 and result.output.strip() == f"wrote {tmp_path / name}"
    assert (tmp_path / "plan.pdf").read_bytes()[:4] == b"%PDF"
    assert (tmp_path / "plan.md").read_text().startswith("# Run sheet: Tom Hale on Low Tide")
    result = greenroom("prep", str(SAMPLE), "-o", str(tmp_path / "plan.docx"))
    assert result.exit_code == 1 and "unknown plan format" in result.output


def test_fill_reads_naturally() -> None:
    dossier = load(SAMPLE)
    assert fill("How did you prepare for {playing} before {making}?", dossier) == \
        "How did you prepare for playing the lighthouse keeper before the shoot?"


def test_homework_quotes_only_what_the_moment_spans() -> None:
    from greenroom import formats
    from greenroom.model import Moment
    from greenroom.prep.homework import study

    interview = formats.load(transcript_path())
    interview.id = "sample01"
    answer = next(u for u in interview.utterances if u.text.startswith("Honestly"))
    middle = answer.start + answer.duration // 2
    interview.moments = [Moment("m1", middle, answer.end, "craft", 0.9, utterances=[answer.id])]
    past = study(interview, "2025-03-01T10:00:00Z")
    assert len(past.questions) == 7 and past.analyzed
    (moment,) = past.moments
    assert "logbook" in moment.text and "terrified" not in moment.text
    assert moment.link == f"greenroom://sample01#t={middle // 1000}"


# -- plans from dossiers as journalists write them ---------------------------------

MARKUP = re.compile(r"\*\*|__|`|\]\(|<!--|^\s*#|^\s*[-*+] ")
FRAGMENTS = re.compile(
    r"\b(?:being|playing) [^?,]*, [A-Z]"                                  # "being guitarist, Harbour Lights"
    r"|\babout\s*[-*#:]|:\s|\s[,?]|\s{2}|\b(\w+) \1\b"                   # "about - The craft: ...", "the the"
    r"|\byou (?:is|was|has|does|builds|turns|writes)\b")                 # "you builds"


def natural_plan(text: str, file: str):  # type: ignore[no-untyped-def]
    return build_plan(parse(text, file), Homework("nobody"))


@pytest.mark.parametrize("name, file, text", [n[:3] for n in NATURAL], ids=[n[0] for n in NATURAL])
def test_plans_from_natural_dossiers_are_grammatical(name: str, file: str, text: str) -> None:
    plan = natural_plan(text, file)
    assert {i.category for i in plan.items} == set(CATEGORIES)  # own questions add slots, never take one
    for item in plan.items:
        assert item.question[:1].isupper() and item.question.endswith("?"), item.question
        assert not FRAGMENTS.search(item.question), item.question
        assert not re.search(rf"\b(?:being|playing) {re.escape(plan.dossier.role.split(',')[0])}\b", item.question) \
            or not plan.dossier.role[:1].islower(), item.question  # "being drummer", "being guitarist, ..."
        for line in (item.question, item.follow_up, item.setup):
            assert not MARKUP.search(line), line


@pytest.mark.parametrize("name, file, text", [n[:3] for n in NATURAL], ids=[n[0] for n in NATURAL])
def test_no_raw_markdown_reaches_the_run_sheet(name: str, file: str, text: str) -> None:
    parser = Balanced()
    parser.feed(runsheet.html(natural_plan(text, file)))
    shown = "".join(parser.text)
    assert not re.search(r"\*\*|`|\]\(|<!--|(?:^|\s)#{1,3}\s", shown), shown


@pytest.mark.parametrize("name, file, text", [n[:3] for n in NATURAL], ids=[n[0] for n in NATURAL])
def test_lead_ins_share_a_word_with_their_question(name: str, file: str, text: str) -> None:
    plan = natural_plan(text, file)
    dossier = plan.dossier
    for item in plan.items:
        if item.setup:
            shared = shared_words(item.setup, f"{item.question} {item.follow_up}") - shared_words(
                dossier.title, dossier.title)
            assert shared, (item.setup, item.question)


def test_a_fact_that_fits_no_question_is_no_lead_in() -> None:
    plan = build_plan(load(SAMPLE), Homework("Tom Hale"))
    storm = "The storm scene was shot over three nights with rain machines and a wind fan the size of a car."
    career = next(i for i in plan.items if i.question == "What did Low Tide ask of you that no earlier film had?")
    assert career.setup != storm
    rowing = next(i for i in plan.items if i.question.startswith("How did you prepare"))
    assert rowing.setup.startswith("Learned to row for the part")  # learning leads into preparing


def test_the_interviewers_own_questions_come_first() -> None:
    plan = natural_plan(OWN_QUESTIONS, "q.md")
    own = parse(OWN_QUESTIONS, "q.md").questions
    assert [i.question for i in plan.items if i.source == "dossier"] == own
    assert not plan.notes


def test_an_own_question_the_linter_flags_is_left_out_with_a_rewrite() -> None:
    text = OWN_QUESTIONS.replace(
        "3. Which song on Night Ferries started from a drum part?", "3. Did you enjoy recording Night Ferries?")
    plan = natural_plan(text, "q.md")
    assert "Did you enjoy recording Night Ferries?" not in [i.question for i in plan.items]
    (note,) = [n for n in plan.notes if n.startswith("Your question")]
    assert note.startswith('Your question "Did you enjoy recording Night Ferries?" was left out (closed: Opens for '
                           'a yes or a no; the guest can stop after one word). Try "')


def test_what_was_covered_elsewhere_is_not_asked_again() -> None:
    asked = [i.question for i in natural_plan(COVERED, "c.md").items]
    without = [i.question for i in natural_plan(COVERED.replace("- How she prepared to play Hale", "- Her dog"),
                                                "c.md").items]
    prepared = "How did you prepare for playing Detective Inspector Hale in the weeks before the shoot?"
    assert prepared in without and prepared not in asked


@pytest.mark.parametrize("role, phrase", [
    ("guitarist, Harbour Lights", "the guitarist in Harbour Lights"),
    ("Lead Guitarist", "the lead guitarist"),
    ("drummer", "the drummer"),
    ("the band's singer", "the band's singer"),
    ("Rosa, the orchard keeper's daughter", "Rosa"),
    ("Detective Inspector Hale", "Detective Inspector Hale"),
    ("producer, Paper Moons", "the producer"),
    ("co-writer (The Pale Hours)", "the co-writer in The Pale Hours"),
    ("playing the lighthouse keeper", "the lighthouse keeper"),
])
def test_a_role_reads_as_a_phrase(role: str, phrase: str) -> None:
    assert role_phrase(role, "Paper Moons") == phrase


@pytest.mark.parametrize("angle, phrase", [
    ("The craft: how she builds a guitar part around the vocal", "how you build a guitar part around the vocal"),
    ("- The craft: how she builds a part", "how you build a part"),
    ("Silence between a mother and a daughter", "silence between a mother and a daughter"),
    ("how Ines always writes alone", "how you always write alone"),
    ("her fear of heights and what it cost her", "your fear of heights and what it cost you"),
    ("What a detective who never raises her voice knows", "what a detective who never raises her voice knows"),
    ("", "making music"),
])
def test_an_angle_reads_as_the_end_of_a_question(angle: str, phrase: str) -> None:
    dossier = Dossier("Ines Calloway", "guitarist", "Paper Moons", "album", [], angle.lstrip("- "))
    assert angle_phrase(dossier) == phrase


def test_a_role_behind_the_camera_is_being_not_playing() -> None:
    dossier = Dossier("Ana Prieto", "showrunner", "The Quiet Coast", "series", [], "")
    assert fill("{playing}", dossier) == "being the showrunner" and angle_phrase(dossier) == "telling a story"
    dossier.role = "Rosa, a fisherman's widow"
    assert fill("{playing}", dossier) == "playing Rosa" and angle_phrase(dossier) == "acting"


def test_second_person_turns_only_the_guest() -> None:
    assert second_person("she is what she was", "Ines") == "you are what you were"


def test_markup_in_a_text_model_draft_does_not_reach_the_plan() -> None:
    from greenroom.prep.llm import parse_drafts

    (draft,) = parse_drafts('[{"category": "craft", "question": "**What did** the `Gretsch` change on '
                            '[Paper Moons](https://example.com)?", "follow_up": "- Ask for one song."}]')
    assert (draft.question, draft.follow_up) == ("What did the Gretsch change on Paper Moons?", "Ask for one song.")


def test_an_angle_written_as_a_question_is_the_big_question() -> None:
    text = OWN_QUESTIONS.replace("The room as an instrument", "What does a drum part owe the room it was played in?")
    plan = natural_plan(text, "q.md")
    (big,) = [i for i in plan.items if i.slot == "big"]
    assert (big.question, big.source) == ("What does a drum part owe the room it was played in?", "dossier")
    assert "your question" in runsheet.markdown(plan)
