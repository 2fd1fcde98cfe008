"""JSON text for the JSON-shaped formats: parse once, safely, errors with the line.

Limits, so that no file can crash or stall what reads the result:
- nesting deeper than `MAX_DEPTH` arrays/objects is refused before parsing (the
  parser and everything that walks the data recurse; transcripts nest 5 deep);
- `NaN`, `Infinity` and numbers that overflow a float (`1e999`) are refused:
  JSON has no such numbers, and a time must be finite;
- integers longer than `MAX_INT_DIGITS` digits are refused (no time or count
  needs more, and SQLite stores at most 64 bits);
- a lone surrogate escape in a string becomes U+FFFD (no UTF-8 can hold it).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from greenroom.errors import FormatError

MAX_DEPTH = 100
MAX_INT_DIGITS = 18

# Strings (skipped whole, escapes included) and the brackets that nest.
_NESTING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]', re.DOTALL)
_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")


class _Refused(ValueError):
    """A number JSON text may hold but greenroom will not read."""


def parse(text: str, path: str) -> Any:
    """`json.loads` with the limits above; `FormatError(path, problem, line)` instead of
    any exception."""
    _check_depth(text, path)
    try:
        data = json.loads(text, parse_constant=_constant, parse_float=_float, parse_int=_int)
    except json.JSONDecodeError as err:
        raise FormatError(path, f"invalid JSON: {err.msg}", err.lineno) from None
    except _Refused as err:
        raise FormatError(path, f"invalid JSON: {err}") from None
    except RecursionError:  # the depth check makes this unreachable; kept as a backstop
        raise FormatError(path, f"invalid JSON: nested more than {MAX_DEPTH} levels deep") from None
    return _without_surrogates(data) if _SURROGATE.search(text) else data


def _without_surrogates(value: Any) -> Any:
    """Strings with a lone surrogate escape (`"\\ud800"`) get U+FFFD in its place, as
    HTML does for `&#xD800;`: no UTF-8 can hold one, so SQLite and every writer failed."""
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    if isinstance(value, list):
        return [_without_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {_without_surrogates(k): _without_surrogates(v) for k, v in value.items()}
    return value


def _check_depth(text: str, path: str) -> None:
    depth = 0
    for match in _NESTING.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, match.start()) + 1
                raise FormatError(path, f"invalid JSON: nested more than {MAX_DEPTH} levels deep", line)
        elif token in "]}":
            depth -= 1


def _constant(name: str) -> Any:
    raise _Refused(f"{name} is not a number greenroom reads")


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(f"number {text[:40]} is out of range")
    return value


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _Refused(f"integer {text[:24]}... is out of range ({len(text)} digits)")
    return int(text)
