"""JSON text for the JSON-shaped formats: parse once, errors with the line."""

from __future__ import annotations

import json
from typing import Any

from greenroom.errors import FormatError


def parse(text: str, path: str) -> Any:
    """`json.loads`, raising `FormatError(path, "invalid JSON: ...", line)` instead."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise FormatError(path, f"invalid JSON: {err.msg}", err.lineno) from None
