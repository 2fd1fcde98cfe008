"""Any OpenAI-compatible chat server as a judge: llama.cpp's server, Ollama, vLLM.

The server must return `logprobs` with `top_logprobs` for the first token (all
three do). Every failure is one `JudgeError` line naming the URL.
"""

from __future__ import annotations

from typing import Any

from greenroom.backends.judge import JudgeError, chat

TIMEOUT_S = 120.0  # a big model on a busy CPU can take a while over one long passage


def endpoint(url: str) -> str:
    """The chat-completions URL from a server's base URL (with or without /v1)."""
    url = url.rstrip("/")
    if url.endswith("/chat/completions"):
        return url
    return url + ("/chat/completions" if url.endswith("/v1") else "/v1/chat/completions")


class OpenAIJudge:
    """Yes/no questions over HTTP to /v1/chat/completions (httpx, `timeout` seconds)."""

    def __init__(self, url: str, model: str | None = None, api_key: str | None = None,
                 timeout: float = TIMEOUT_S):
        import httpx

        self.url = endpoint(url)
        self.model = model
        self.name = f"{model or 'default'}@{url.rstrip('/')}"
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(timeout=timeout, headers=headers)
        self.calls = 0

    def ask(self, passage: str, questions: list[str]) -> dict[str, float]:
        return chat.ask(self._complete, passage, questions, self.url)

    def _complete(self, body: dict[str, Any]) -> dict[str, Any]:
        import httpx

        self.calls += 1
        if self.model:
            body = {**body, "model": self.model}
        try:
            reply = self._client.post(self.url, json=body)
        except httpx.TimeoutException:
            raise JudgeError(f"judge server {self.url}: no answer in {self._client.timeout.read:.0f} s") from None
        except httpx.HTTPError as err:
            problem = " ".join(str(err).split()) or type(err).__name__
            raise JudgeError(f"judge server {self.url}: {problem}") from None
        if reply.status_code != 200:
            detail = " ".join(reply.text.split())[:200]
            raise JudgeError(f"judge server {self.url}: HTTP {reply.status_code}: {detail}")
        try:
            data: dict[str, Any] = reply.json()
        except ValueError:
            raise JudgeError(f"judge server {self.url}: the reply is not JSON") from None
        return data

    def close(self) -> None:
        self._client.close()
