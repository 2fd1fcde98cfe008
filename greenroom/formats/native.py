"""greenroom's native JSON: the whole Interview, every layer, with `schema_version`.

A native file may come from anyone (an interview someone exports and sends), so
nothing in it is trusted: every field must have the type the model says, times
are checked (`limits.check_times`), and the `id`, which becomes file and folder
names, must be a greenroom id (`greenroom.ids`). An id that is not is dropped with
a warning naming the file, and the library gives the interview a fresh one: the
content is what the user wants imported, and the id is ours to choose, so refusing
the whole file for it would help nobody. A cut's id and kind name clip files too
(`<id>.srt`, `clip-01-<kind>.mp4`) and must be plain names; a bad one is refused.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import math
import re
import types
import typing
from typing import Any, Literal, get_type_hints

from greenroom import ids
from greenroom.errors import FormatError
from greenroom.formats import jsontext, limits
from greenroom.model import Interview, Record

NAME = "json"
EXTENSIONS = ("json",)

log = logging.getLogger(__name__)
_NAME_PART = re.compile(r"[A-Za-z0-9_-]{1,64}")
_HINTS: dict[type, dict[str, Any]] = {}


def sniff(text: str, path: str) -> int:
    head = text.lstrip()[:4096]
    if head.startswith("{") and '"schema_version"' in head and '"utterances"' in text:
        return 3
    return 0


def read(text: str, path: str) -> Interview:
    """Parse native JSON; `FormatError` with the line for bad JSON or a bad shape."""
    data = jsontext.parse(text, path)
    if not isinstance(data, dict) or "schema_version" not in data:
        raise FormatError(path, "not a greenroom interview (no schema_version)")
    try:
        interview = Interview.from_dict(data)
    except (TypeError, ValueError, KeyError, AttributeError) as err:
        raise FormatError(path, f"not a valid greenroom interview: {err}") from None
    problem = _type_problem(interview, Interview, "interview")
    if problem:
        raise FormatError(path, f"not a valid greenroom interview: {problem}")
    _validate(interview, path)
    if interview.id and not ids.is_valid(interview.id):
        log.warning("%s: %s; the interview gets a new one", path, ids.describe(interview.id))
        interview.id = ""
    return interview


def _validate(interview: Interview, path: str) -> None:
    for utt in interview.utterances:
        if utt.start < 0 or utt.end < utt.start:
            raise FormatError(path, f"utterance {utt.id}: bad time range {utt.start}..{utt.end}")
    limits.check_times(interview, path)
    for i, cut in enumerate(interview.highlights.cuts if interview.highlights else []):
        for name, value in (("id", cut.id), ("kind", cut.kind)):
            if not _NAME_PART.fullmatch(value) and not (name == "kind" and value == ""):
                raise FormatError(path, f"highlights.cuts[{i}].{name} {value[:40]!r}: cut ids and kinds name "
                                        "files (clip-01-<kind>.mp4, <id>.srt), so only letters, digits, '-' and '_'")
    ids_ = {s.id for s in interview.speakers}
    for utt in interview.utterances:
        if utt.speaker is not None and utt.speaker not in ids_:
            raise FormatError(path, f"utterance {utt.id}: unknown speaker {utt.speaker!r}")


def _type_problem(value: Any, hint: Any, where: str) -> str | None:
    """What is wrong with `value` as the type `hint` names, or None: records field by
    field, lists item by item, numbers finite, bools not taken for numbers."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        inner = [a for a in args if a is not type(None)]
        problems = [_type_problem(value, a, where) for a in inner]
        return None if any(p is None for p in problems) else problems[0]
    if isinstance(hint, type) and issubclass(hint, Record):
        if not isinstance(value, hint):
            return f"{where}: expected an object"
        hints = _HINTS.setdefault(hint, get_type_hints(hint))
        for f in dataclasses.fields(value):  # type: ignore[arg-type]
            problem = _type_problem(getattr(value, f.name), hints[f.name], f"{where}.{f.name}")
            if problem:
                return problem
        return None
    if origin is list:
        if not isinstance(value, list):
            return f"{where}: expected a list"
        for i, item in enumerate(value):
            problem = _type_problem(item, args[0] if args else Any, f"{where}[{i}]")
            if problem:
                return problem
        return None
    return _scalar_problem(value, hint, origin, args, where)


def _scalar_problem(value: Any, hint: Any, origin: Any, args: tuple[Any, ...], where: str) -> str | None:
    if origin is dict or hint is dict:
        return None if isinstance(value, dict) else f"{where}: expected an object"
    if origin is Literal:
        return None if value in args else f"{where}: expected one of {', '.join(map(repr, args))}"
    if hint is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
        return None if ok else f"{where}: expected an integer, got {_kind(value)}"
    if hint is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
        return None if ok else f"{where}: expected a number, got {_kind(value)}"
    if hint is str:
        return None if isinstance(value, str) else f"{where}: expected a string, got {_kind(value)}"
    if hint is bool:
        return None if isinstance(value, bool) else f"{where}: expected true or false"
    return None


def _kind(value: Any) -> str:
    names = {bool: "true/false", int: "an integer", float: "a number", str: "a string", list: "a list",
             dict: "an object", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def write(interview: Interview) -> str:
    return json.dumps(interview.to_dict(), ensure_ascii=False, indent=1) + "\n"
