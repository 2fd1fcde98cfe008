"""The `--judge-*` options: a language model that answers yes/no questions about
passages, put into the analysis context as `options["judge"]`. Off by default.

The model loads on the first question, so naming one costs nothing until an
analyzer asks; its answers are cached in <cache dir>/judge-answers.sqlite.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from greenroom.backends.judge import Judge

F = TypeVar("F", bound=Callable[..., Any])


def judge_options(command: F) -> F:
    """Add --judge-model, --judge-url, --judge, --judge-name and --judge-api-key."""
    for option in reversed((
        click.option("--judge-model", type=click.Path(dir_okay=False), metavar="PATH",
                     help="Judge with a local GGUF chat model (the 'judge' extra; 1 thread)."),
        click.option("--judge-url", metavar="URL",
                     help="Judge with an OpenAI-compatible server that returns logprobs "
                          "(llama.cpp server, Ollama, vLLM), e.g. http://127.0.0.1:8080."),
        click.option("--judge", "judge_kind", type=click.Choice(["packaged", "smollm2"]),
                     help="Judge with a packaged model: Qwen2.5-Coder-1.5B (the 'judge-qwen' extra) or "
                          "SmolLM2-135M; both test the plumbing, neither judges well."),
        click.option("--judge-name", metavar="NAME",
                     help="The judge model's name: sent to a --judge-url server as its model (Ollama "
                          "needs it) and naming the cached answers."),
        click.option("--judge-api-key", envvar="GREENROOM_JUDGE_API_KEY", metavar="KEY",
                     help="Bearer key for --judge-url (default: $GREENROOM_JUDGE_API_KEY)."),
    )):
        command = option(command)
    return command


def judge_from(params: dict[str, Any]) -> Judge | None:
    """The cached judge the options name, or None when none is named; a usage
    error when more than one is."""
    from greenroom.backends import judge as judges

    given = [k for k in ("judge_model", "judge_url", "judge_kind") if params.get(k)]
    if len(given) > 1:
        flags = ", ".join("--" + k.replace("_kind", "").replace("_", "-") for k in given)
        raise click.UsageError(f"name one judge, not {flags}")
    if not given:
        return None
    name = params.get("judge_name")
    chosen: Any
    if params.get("judge_url"):
        chosen = judges.openai_judge(params["judge_url"], model=name, api_key=params.get("judge_api_key"))
    elif params.get("judge_model"):
        chosen = judges.gguf_judge(params["judge_model"])
    else:
        chosen = judges.packaged_judge() if params["judge_kind"] == "packaged" else judges.smollm2_judge()
    if name:
        chosen.name = name
    return judges.cached(chosen)
