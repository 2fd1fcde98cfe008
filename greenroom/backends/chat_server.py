"""One client for OpenAI-compatible chat servers (llama.cpp's server, Ollama, vLLM).

The judge asks them yes/no questions and prep asks them to draft or reword
questions; both post one JSON body to `/v1/chat/completions` and read one JSON
reply. The standard library does it (no extra package to install for a server
the user already runs), and every failure is one `ChatServerError` line naming
the URL, which each caller turns into its own error.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from greenroom.errors import GreenroomError

DETAIL_CHARS = 200  # of a refusal's body, enough for the server's own reason


class ChatServerError(GreenroomError):
    """The server could not be reached, refused the request, or did not answer JSON."""


def endpoint(url: str) -> str:
    """`http://host:8080`, `.../v1` and the full path all name the same chat endpoint."""
    base = url.rstrip("/")
    if base.endswith("/chat/completions"):
        return base
    return base + ("/chat/completions" if base.endswith("/v1") else "/v1/chat/completions")


def post_chat(url: str, body: dict[str, Any], timeout: float, api_key: str | None = None) -> Any:
    """The decoded JSON reply to `body` posted at the chat endpoint `url` (already
    passed through `endpoint`); `ChatServerError` for every way it can fail."""
    headers = {"Content-Type": "application/json"}
    if api_key:
        headers["Authorization"] = f"Bearer {api_key}"
    request = urllib.request.Request(url, data=json.dumps(body).encode("utf-8"), method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as err:
        raise ChatServerError(f"{url}: HTTP {err.code} {err.reason}{_detail(err)}") from None
    except urllib.error.URLError as err:
        raise ChatServerError(f"{url}: unreachable ({err.reason})") from None
    except TimeoutError:
        raise ChatServerError(f"{url}: no answer in {timeout:.0f} s") from None
    except OSError as err:
        raise ChatServerError(f"{url}: unreachable ({err})") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ChatServerError(f"{url}: the answer is not JSON") from None


def _detail(err: urllib.error.HTTPError) -> str:
    """The start of a refusal's body on one line, after a colon; empty when it has none."""
    try:
        text = " ".join(err.read().decode("utf-8", "replace").split())[:DETAIL_CHARS]
    except OSError:
        return ""
    return f": {text}" if text else ""
