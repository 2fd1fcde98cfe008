"""A local GGUF model as a judge, run in-process by xllamacpp (prebuilt llama.cpp).

The model loads on the first question (1.5B: 4-9 s, about 2 GB), not when the
judge is made, so an analysis that never asks pays nothing. One thread is the
default: on two busy cores it beat two by 3x. xllamacpp's Server also listens on
a free port of 127.0.0.1 (OpenAI-compatible, behind a random API key): `url`
and `api_key` give it to another client.
"""

from __future__ import annotations

import os
import secrets
import threading
from pathlib import Path
from typing import Any

from greenroom.backends.judge import chat
from greenroom.errors import InputError, MissingExtra

EXTRA = "judge"


class GGUFJudge:
    """Yes/no questions to a GGUF chat model, named `name` (default: the file's stem and
    size); `InputError` for a missing or unloadable file, `MissingExtra` without xllamacpp."""

    def __init__(self, path: str | os.PathLike[str], threads: int = 1, n_ctx: int = 4096, name: str | None = None):
        self.path = Path(path).expanduser()
        if not self.path.is_file():
            raise InputError(self.path, "no such model file" if not self.path.exists() else "is not a file")
        try:
            import xllamacpp  # noqa: F401
        except ImportError:
            raise MissingExtra("a GGUF judge", EXTRA) from None
        # The file's size beside its stem: two different files called model.gguf are two judges.
        self.name = name or f"gguf:{self.path.stem}:{self.path.stat().st_size}"
        self.threads = threads
        self.n_ctx = n_ctx
        self.api_key = secrets.token_urlsafe(16)
        self.calls = 0  # questions put to the model (what a cache saves)
        self._server: Any = None
        self._lock = threading.Lock()

    @property
    def server(self) -> Any:
        """The loaded xllamacpp Server (loads the model once)."""
        with self._lock:
            if self._server is None:
                self._server = self._load()
        return self._server

    def _load(self) -> Any:
        import xllamacpp

        params = xllamacpp.CommonParams()
        params.model.path = str(self.path)
        params.n_ctx = self.n_ctx
        params.cpuparams.n_threads = params.cpuparams_batch.n_threads = self.threads
        params.verbosity = -1
        params.hostnames = ["127.0.0.1"]
        params.api_keys = [self.api_key]
        try:
            return xllamacpp.Server(params)
        except RuntimeError:
            raise InputError(self.path, "cannot load as a GGUF model") from None

    @property
    def url(self) -> str:
        """Where the loaded model also answers over HTTP (http://127.0.0.1:PORT)."""
        return str(self.server.listening_address)

    def ask(self, passage: str, questions: list[str]) -> dict[str, float]:
        return chat.ask(self._complete, passage, questions, self.name)

    def _complete(self, body: dict[str, Any]) -> dict[str, Any]:
        self.calls += 1
        reply: dict[str, Any] = self.server.handle_chat_completions(body)
        return reply
