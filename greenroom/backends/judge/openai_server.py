"""Any OpenAI-compatible chat server as a judge: llama.cpp's server, Ollama, vLLM.

The server must return `logprobs` with `top_logprobs` for the first token (all
three do). The request goes through the one chat-server client
(`backends.chat_server`, the standard library); every failure is one
`JudgeError` line naming the URL.
"""

from __future__ import annotations

from typing import Any

from greenroom.backends.chat_server import ChatServerError, endpoint, post_chat
from greenroom.backends.judge import JudgeError, chat

TIMEOUT_S = 120.0  # a big model on a busy CPU can take a while over one long passage


class OpenAIJudge:
    """Yes/no questions over HTTP to /v1/chat/completions (`timeout` seconds each)."""

    def __init__(self, url: str, model: str | None = None, api_key: str | None = None,
                 timeout: float = TIMEOUT_S):
        self.url = endpoint(url)
        self.model = model
        self.name = f"{model or 'default'}@{url.rstrip('/')}"
        self.api_key = api_key
        self.timeout = timeout
        self.calls = 0

    def ask(self, passage: str, questions: list[str]) -> dict[str, float]:
        return chat.ask(self._complete, passage, questions, self.url)

    def _complete(self, body: dict[str, Any]) -> dict[str, Any]:
        self.calls += 1
        if self.model:
            body = {**body, "model": self.model}
        try:
            reply = post_chat(self.url, body, self.timeout, self.api_key)
        except ChatServerError as err:
            raise JudgeError(f"judge server {err}") from None
        if not isinstance(reply, dict):
            raise JudgeError(f"judge server {self.url}: the reply is not a JSON object")
        return reply

    def close(self) -> None:
        """Nothing to release: each request opens and closes its own connection."""
