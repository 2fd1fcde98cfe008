"""greenroom's native JSON: the whole Interview, every layer, with `schema_version`."""

from __future__ import annotations

import json

from greenroom.errors import FormatError
from greenroom.formats import jsontext
from greenroom.model import Interview

NAME = "json"
EXTENSIONS = ("json",)


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
    except (TypeError, ValueError, KeyError) as err:
        raise FormatError(path, f"not a valid greenroom interview: {err}") from None
    _validate(interview, path)
    return interview


def _validate(interview: Interview, path: str) -> None:
    for utt in interview.utterances:
        if not isinstance(utt.start, int) or not isinstance(utt.end, int) or not isinstance(utt.text, str):
            raise FormatError(path, f"utterance {utt.id}: start/end must be integer ms and text a string")
        if utt.start < 0 or utt.end < utt.start:
            raise FormatError(path, f"utterance {utt.id}: bad time range {utt.start}..{utt.end}")
    ids = {s.id for s in interview.speakers}
    for utt in interview.utterances:
        if utt.speaker is not None and utt.speaker not in ids:
            raise FormatError(path, f"utterance {utt.id}: unknown speaker {utt.speaker!r}")


def write(interview: Interview) -> str:
    return json.dumps(interview.to_dict(), ensure_ascii=False, indent=1) + "\n"
