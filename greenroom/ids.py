"""Interview ids: the one rule for what an id may be, since ids become file and
folder names (`<library>-media/<id>/`, `<id>-report.html`).

An id is 1 to 72 characters of lower-case ASCII letters, digits and `-`, not
starting with `-`: no `/`, no `..`, no spaces or newlines, nothing a shell or a
file system reads specially, and still "the last word of the line" the CLI
prints. Generated ids (a content hash's first 8 hex digits, longer on a
collision, `<sha256>-<n>` at worst) always pass.
"""

from __future__ import annotations

import re
import secrets

MAX_LENGTH = 72
_VALID = re.compile(rf"[a-z0-9][a-z0-9-]{{0,{MAX_LENGTH - 1}}}")


def is_valid(value: object) -> bool:
    """True when `value` is a string that is safe as an interview id (see module doc)."""
    return isinstance(value, str) and _VALID.fullmatch(value) is not None


def fresh() -> str:
    """A new random id (8 hex digits), for when nothing better is at hand."""
    return secrets.token_hex(4)


def describe(value: object) -> str:
    """Why `value` is refused, for a warning: the rule, with the value shortened."""
    shown = repr(value)
    shown = shown if len(shown) <= 40 else shown[:37] + "..."
    return (f"id {shown} is not a greenroom id (1-{MAX_LENGTH} lower-case letters, digits and '-', "
            "not starting with '-')")
