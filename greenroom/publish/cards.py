"""The card, as a person sees and edits it: what you'll learn, impact, angle, pull quotes.

Analysis drafts the card (`greenroom.analyze.card`); a person may then change any
field. `apply_edit` changes only the fields the edit changes and names them in
`edited_fields`: the card analyzer drafts the other fields again on every run and
never touches those, so editing one field never discards the others. Quotes typed by hand must pass the same
check as drafted ones (`greenroom.publish.quotes`): verbatim, unflagged, meaning
kept; the stored quote is the transcript's own text with its times.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from greenroom import timecode
from greenroom.errors import InputError
from greenroom.model import Card, Interview, Quote
from greenroom.publish.quotes import QuoteIndex

FIELDS = Card.FIELDS
ALIASES = {"quote": "quotes", "learned": "learn"}
IGNORED = ("edited", "edited_fields")  # shown in the editable text, not editable


@dataclass
class CardEdit:
    """What a person changes; a field left None stays as it was."""

    learn: list[str] | None = None
    impact: str | None = None
    angle: str | None = None
    quotes: list[str] | None = None


def _field(key: str, where: str) -> str:
    name = ALIASES.get(key.strip().lower(), key.strip().lower())
    if name not in FIELDS:
        raise InputError(where, f"unknown card field {key!r} (fields: learn, impact, angle, quote)")
    return name


def edit_from_pairs(pairs: list[tuple[str, str]], where: str = "--set") -> CardEdit:
    """`learn=...`, `impact=...`, `angle=...`, `quote=...` as given on the command
    line; `learn` and `quote` repeat to make a list. Raises `InputError`."""
    edit = CardEdit()
    for key, value in pairs:
        name = _field(key, where)
        if name in ("learn", "quotes"):
            items = getattr(edit, name) or []
            setattr(edit, name, items + ([value.strip()] if value.strip() else []))
        else:
            setattr(edit, name, value.strip())
    return edit


def _items(value: Any, name: str, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [line.strip() for line in value.splitlines() if line.strip()]
    if not isinstance(value, list):
        raise InputError(where, f"{name}: expected a list or a text, got {type(value).__name__}")
    out = []
    for item in value:
        text = item.get("text") if isinstance(item, dict) else item
        if not isinstance(text, str):
            raise InputError(where, f"{name}: every item must be a text (or have a 'text')")
        if text.strip():
            out.append(text.strip())
    return out


def edit_from_data(data: Any, where: str) -> CardEdit:
    """A card as a mapping (from YAML or JSON): `learn` (list or lines), `impact`,
    `angle`, `quotes` (texts, or objects with a `text`). Raises `InputError`."""
    if not isinstance(data, dict):
        raise InputError(where, "expected a mapping with learn, impact, angle, quotes")
    edit = CardEdit()
    for key, value in data.items():
        if str(key) in IGNORED:
            continue
        name = _field(str(key), where)
        if name in ("learn", "quotes"):
            setattr(edit, name, _items(value, name, where))
        elif value is not None and not isinstance(value, str):
            raise InputError(where, f"{name}: expected a text, got {type(value).__name__}")
        else:
            setattr(edit, name, (value or "").strip())
    return edit


def parse_card_text(text: str, where: str) -> CardEdit:
    """Parse YAML (JSON is YAML too); raises `InputError` naming `where`."""
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise InputError(where, f"not valid YAML: {getattr(err, 'problem', None) or err}",
                         line=mark.line + 1 if mark else None) from None
    return edit_from_data(data, where)


def read_edit(path: str | os.PathLike[str]) -> CardEdit:
    """A card file: `.json` read as JSON, anything else as YAML."""
    where = os.fspath(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as err:
        raise InputError.from_os(path, err) from None
    except UnicodeDecodeError:
        raise InputError(where, "not UTF-8 text") from None
    if where.lower().endswith(".json"):
        try:
            return edit_from_data(json.loads(text), where)
        except json.JSONDecodeError as err:
            raise InputError(where, f"not valid JSON: {err.msg}", line=err.lineno) from None
    return parse_card_text(text, where)


def card_text(card: Card | None) -> str:
    """The card as YAML for a person to edit in $EDITOR."""
    import yaml

    card = card or Card()
    data = {"learn": list(card.learn), "impact": card.impact, "angle": card.angle,
            "quotes": [q.text for q in card.quotes]}
    head = ("# Edit the card, save and close. Quotes must be verbatim from the transcript and keep\n"
            "# their meaning; a refused quote leaves the card unchanged.\n")
    return head + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _checked_quotes(interview: Interview, texts: list[str]) -> list[Quote]:
    index = QuoteIndex(interview)
    quotes = []
    for number, text in enumerate(texts, start=1):
        check = index.check(text)
        if not check.ok or check.quote is None:
            raise InputError(interview.id or "interview",
                             f"quote {number} refused: {'; '.join(check.reasons)} ({_short(text)!r})")
        quotes.append(check.quote)
    return quotes


def apply_edit(interview: Interview, edit: CardEdit) -> Card:
    """Set the fields the edit changes, keep every other field as it is, and add
    the changed ones to `edited_fields` (a field given with the value it has, as
    an editor save returns every field, stays a draft); with no change the card
    is left as it was.

    Every hand-typed quote is checked first; one refused quote raises `InputError`
    and leaves the interview untouched. Quotes given back exactly as the card has
    them are not checked again: an edit of the angle is not refused over a quote
    a newer rule would now refuse (`card_data` shows that verdict).
    """
    old = interview.card or Card()
    retyped = edit.quotes is not None and edit.quotes != [q.text for q in old.quotes]  # a form sends them all back
    given = {"learn": edit.learn, "impact": edit.impact, "angle": edit.angle,
             "quotes": _checked_quotes(interview, edit.quotes or []) if retyped else None}
    changed = {name: value for name, value in given.items()
               if value is not None and _plain(value) != _plain(getattr(old, name))}
    if not changed:
        return old
    kept = set(old.by_hand()) | set(changed)
    card = Card(**{name: changed.get(name, getattr(old, name)) for name in FIELDS},
                edited=True, edited_fields=[name for name in FIELDS if name in kept])
    interview.card = Card.from_dict(card.to_dict())  # no list shared with the old card
    return interview.card


def _plain(value: object) -> object:
    """A field as compared: quotes by their text (a quote typed again is the same quote)."""
    if isinstance(value, list):
        return [q.text if isinstance(q, Quote) else q for q in value]
    return value


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def card_data(interview: Interview) -> dict[str, Any]:
    """The card as plain data, each quote with its times, question and current verdict."""
    card = interview.card or Card()
    index = QuoteIndex(interview)
    quotes = []
    for q in card.quotes:
        check = index.check(q)
        quotes.append({**q.to_dict(), "clock": timecode.clock(max(q.start, 0)),
                       "speaker_name": interview.speaker_name(q.speaker), "question": check.question,
                       "ok": check.ok, "reasons": check.reasons})
    return {"id": interview.id, "title": interview.title, "drafted": interview.card is not None,
            "edited": card.edited, "edited_fields": list(card.by_hand()), "learn": list(card.learn), "impact": card.impact, "angle": card.angle,
            "quotes": quotes}
