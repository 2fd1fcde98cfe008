"""Privacy, session 25: private names said without a kinship word, ordinary family mentions,
money about a society, public figures' lives, and the judge's review of topic flags.

Each row is a small transcript written for the test (no corpus text): the speaker's line,
whether the analyzer must flag it, and which kind of flag. Rules only (`privacy_ner` off).
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from greenroom import formats
from greenroom.analyze import Context, analyze
from greenroom.analyze.privacy import judge_review
from greenroom.analyze.registry import AnalysisOptions
from greenroom.capture.roles import assign_roles
from greenroom.model import Flag, Interview

HOST = "Dana Reyes"
GUEST = "Tom Hale"


def run(*guest_lines: str, host_line: str = "Tell me about those years.") -> Interview:
    text = "".join(f"{HOST}: {host_line}\n{GUEST}: {line}\n" for line in guest_lines)
    iv = formats.parse(text, "t.txt", "text")
    assign_roles(iv, interviewers=[HOST])
    return analyze(iv, only=["turns", "privacy"], context=Context(options=AnalysisOptions(privacy_ner=False)))


def flags_on(iv: Interview, needle: str) -> list[Flag]:
    return [f for f in iv.flags if needle in f.text and f.id.startswith(("f-pii-", "f-sensitive-"))]


NAMES = [  # (guest lines, words of the line to look at, flagged as a private name?)
    (["Then I met three professors: Dr. Kuzio, Dr. Perkins and Dr. Zenko."], "Kuzio", True),
    (["My teacher drove me to the base and introduced me to Captain Spencer."], "Spencer", True),
    (["It was from a woman who goes by the nickname Salsa."], "Salsa", True),
    (["Rob is his name, and he ran the camp kitchen."], "Rob", True),
    (["And one of the girls, Lina, is laughing because she can hear the call."], "Lina", True),
    # a name once private comes back without its introduction
    (["Our polo teacher, Alejo, asked what we would do.", "No, Alejo, I think I have an answer."],
     "No, Alejo", True),
    # a public figure the talk names in full is no private person
    (["I loved watching Pete Carroll on the sideline.", "Coach Carroll did two amazing things."],
     "Coach Carroll", False),
    (["The Handmaid’s Tale had Aunt Lydia as a double agent."], "Lydia", False),
    (["Then the doctor said I was fine."], "doctor", False),
]


@pytest.mark.parametrize(("lines", "needle", "private"), NAMES, ids=[n for _, n, _ in NAMES])
def test_private_names_said_without_a_kinship_word(lines: list[str], needle: str, private: bool) -> None:
    names = [f for f in flags_on(run(*lines), needle) if f.label.startswith("name of a private person")]
    assert bool(names) is private, [f.label for f in flags_on(run(*lines), needle)]


TOPICS = [  # (guest line, topic, flagged?)
    ("My wife and I went to a wedding last spring.", "relationships", False),
    ("We went to a wedding, my wife and I, and sat next to an old friend.", "relationships", False),
    ("I’ve sold forty pairs to friends and family.", "family", False),
    ("My wife and I fought about money for years.", "relationships", True),
    ("I came up with a deal with my parents: I would drop out of school.", "family", True),
    ("We live in a wealthy society where nothing is imposed on us.", "finances", False),
    ("There is an income gap between rich and poor in every empire.", "finances", False),
    ("We were so poor that I wore my brother's shoes.", "finances", True),
    ("We all owe something, and it is all of our duty to figure out what we owe.", "finances", False),
    ("We got divorced after ten years.", "relationships", True),
    ("She had high cholesterol, so she went to the doctor.", "health", True),
    ("I was on crutches for a month and the laundry piled up.", "health", True),
]


@pytest.mark.parametrize(("line", "topic", "private"), TOPICS, ids=[t[0][:30] for t in TOPICS])
def test_ordinary_mentions_and_society_are_not_private(line: str, topic: str, private: bool) -> None:
    found = [f for f in flags_on(run(line), line[:12]) if f.kind == "sensitive-topic"
             and topic in f.label.split(": ", 1)[0].split(", ")]
    assert bool(found) is private, [f.label for f in flags_on(run(line), line[:12])]


def test_a_public_figures_life_is_not_a_private_persons() -> None:
    iv = run("I read John Keats every winter.", "So John Keats was more prolific, but he died young.")
    assert not [f for f in flags_on(iv, "died young") if f.kind == "sensitive-topic"]
    # the guest's own story, read in the third person, stays private
    iv = run("Tom Hale grew up poor. His father drank and left them when he was six.")
    assert [f for f in flags_on(iv, "father drank") if f.kind == "sensitive-topic"]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_judge_that_cannot_answer_keeps_every_flag() -> None:
    from greenroom.backends.judge import openai_judge

    iv = run("I was diagnosed with depression in 2019.", "My daughter Emma started school.")
    flags = [f for f in iv.flags if f.id.startswith(("f-pii-", "f-sensitive-"))]
    judge = openai_judge(f"http://127.0.0.1:{_closed_port()}/v1")  # nothing listens there
    assert judge_review(flags, judge) == flags


def _packaged_model() -> Path | None:
    from greenroom.backends.judge.packaged import packaged_gguf
    from greenroom.errors import MissingExtra

    try:
        return Path(packaged_gguf())
    except MissingExtra:  # the judge-qwen extra is absent
        return None


@pytest.mark.skipif(_packaged_model() is None, reason="needs the judge-qwen extra (the packaged 1.5B GGUF)")
def test_the_packaged_judge_keeps_a_private_passage_over_a_public_one() -> None:
    """The real model, one passage each way: it must rank a guest's own illness above talk
    about a film's plot. (Whether dropping flags helps is measured by the bench, not here.)"""
    from greenroom.backends.judge import packaged_judge
    from greenroom.text.privacy import judge_question

    judge, question = packaged_judge(), judge_question()
    private = judge.ask("My mother was diagnosed with cancer and we sat with her in the hospital.", [question])
    public = judge.ask("The film was about a detective who solves crimes in a fictional city.", [question])
    assert private[question] > public[question]


HOST_LINES = [  # (host line, needle, kind of flag expected or None)
    ("I say this as someone with my own depressive episodes, you know.", "depressive", None),
    ("Tell me about your father.", "your father", "sensitive-topic"),
    ("It makes me think of a friend, Jason Fried, and his joy of missing out.", "Jason", None),
    ("My daughter Emma asked about you this morning.", "Emma", "pii"),
]


@pytest.mark.parametrize(("line", "needle", "kind"), HOST_LINES, ids=[h[1] for h in HOST_LINES])
def test_the_hosts_own_remarks_and_introductions(line: str, needle: str, kind: str | None) -> None:
    iv = run("Sure.", host_line=line)
    kinds = {f.kind for f in flags_on(iv, needle)}
    assert kinds == ({kind} if kind else set()), [f.label for f in flags_on(iv, needle)]


def test_a_relative_with_a_possessive_s_is_still_a_relative() -> None:
    """"My dad’s a professor" once read as a name's possessive ("Bill’s") and raised nothing."""
    iv = run("My dad’s a professor at a small school upstate.")
    assert [f for f in flags_on(iv, "dad’s") if f.kind == "sensitive-topic" and f.label.startswith("family")]


class SaysNothingIsPrivate:
    """A judge that answers every question "no" (P(yes) 0): what a weak model may do."""

    name = "says-no"

    def ask(self, passage: str, questions: list[str]) -> dict[str, float]:
        return {q: 0.0 for q in questions}


@pytest.mark.parametrize("judge_privacy", [False, True])
def test_the_judge_reviews_privacy_flags_only_when_asked(judge_privacy: bool) -> None:
    """A judge given for the moments must not quietly drop privacy flags: a missed private
    passage gets published, so the review is opt-in (`judge_privacy`, `--judge-also privacy`)."""
    lines = ("I was diagnosed with depression in 2019.", "We shot the pilot in Atlanta.")
    text = "".join(f"{HOST}: Tell me about those years.\n{GUEST}: {line}\n" for line in lines)
    iv = formats.parse(text, "t.txt", "text")
    assign_roles(iv, interviewers=[HOST])
    options = AnalysisOptions(privacy_ner=False, judge=SaysNothingIsPrivate(), judge_privacy=judge_privacy)
    judged = analyze(iv, only=["turns", "privacy"], context=Context(options=options))
    plain = run(*lines)
    assert flags_on(plain, "depression"), "the rules must flag the diagnosis for this test to mean anything"
    if judge_privacy:
        assert not flags_on(judged, "depression")  # one weak topic flag, dropped on the judge's "no"
    else:
        assert [f.id for f in judged.flags] == [f.id for f in plain.flags]


def test_judge_also_needs_a_judge(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from greenroom.cli.main import cli

    result = CliRunner().invoke(cli, ["--library", str(tmp_path / "l.db"), "analyze", "x", "--judge-also", "privacy"])
    assert result.exit_code == 2 and "--judge-also needs a judge" in result.output
