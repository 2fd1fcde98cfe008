"""The yes/no prompt and reading P(yes) from an OpenAI-style chat completion.

The passage comes first and the question last, so a server's prefix cache
serves every question about one passage after the first.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from greenroom.backends.judge import JudgeError, question_text

TOP_LOGPROBS = 10

Complete = Callable[[dict[str, Any]], dict[str, Any]]


def request(passage: str, question: str) -> dict[str, Any]:
    """The chat-completion body: one token, greedy, with the top log-probabilities."""
    content = (f"Here is a passage from an interview.\n\n\"\"\"\n{passage.strip()}\n\"\"\"\n\n"
               f"{question_text(question)} Answer yes or no.")
    return {"messages": [{"role": "user", "content": content}], "max_tokens": 1, "temperature": 0,
            "logprobs": True, "top_logprobs": TOP_LOGPROBS}


def p_yes(response: dict[str, Any], source: str) -> float:
    """The yes mass over yes + no mass among the first token's top alternatives
    ("Yes", " yes", "YES" all count); 0.5 when neither is among them. `JudgeError`
    naming `source` when the response is an error or carries no log-probabilities."""
    if isinstance(response.get("error"), dict):
        raise JudgeError(f"{source}: {response['error'].get('message', 'the model refused the request')}")
    try:
        top = response["choices"][0]["logprobs"]["content"][0]["top_logprobs"]
    except (KeyError, IndexError, TypeError):
        raise JudgeError(f"{source}: the reply has no logprobs (the server must support "
                         f"'logprobs' and 'top_logprobs')") from None
    mass = {"yes": 0.0, "no": 0.0}
    for option in top:
        word = str(option.get("token", "")).strip().lower()
        if word in mass:
            mass[word] += math.exp(float(option["logprob"]))
    total = mass["yes"] + mass["no"]
    return mass["yes"] / total if total > 0 else 0.5


def ask(complete: Complete, passage: str, questions: list[str], source: str) -> dict[str, float]:
    """Each question asked of `passage` through `complete` (one request a question)."""
    return {q: p_yes(complete(request(passage, q)), source) for q in questions}
