"""The dossier: what the interviewer knows before the interview, read from YAML or Markdown.

YAML (`.yaml`, `.yml`)::

    guest:
      name: Tom Hale
      role: the lighthouse keeper      # who they are in the project, a noun phrase
    project:
      title: Low Tide
      kind: film                       # film, series, album or tour
      year: 2025                       # optional
    facts:                             # key facts, at least one
      - Learned to row for the part and fell in on the first morning
    angle: silence as a way of acting  # the thread to pull, a noun phrase
    avoid: [his daughter]              # optional: topics to stay away from
    minutes: 20                        # optional: time available (default 20)
    notes: Anything else.              # optional

Markdown (`.md`, `.markdown`): the same keys as YAML front matter between `---` lines;
`facts`, `avoid`, `angle` and `notes` may instead be `## Facts` (or `## Key facts`),
`## Avoid` (or `## Topics to avoid`), `## Angle` and `## Notes` sections, lists as `- `
bullets. Every mistake is an `InputError` naming the key and the line it is on.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from greenroom.errors import InputError

KINDS = ("film", "series", "album", "tour")
DEFAULT_MINUTES = 20
FIELDS: dict[str, tuple[str, ...]] = {  # key -> sub-keys (empty: a plain value)
    "guest": ("name", "role"), "project": ("title", "kind", "year"),
    "facts": (), "angle": (), "avoid": (), "minutes": (), "notes": (),
}
REQUIRED = ("guest", "guest.name", "guest.role", "project", "project.title", "project.kind", "facts", "angle")
LISTS = ("facts", "avoid")
SECTIONS = {"facts": "facts", "key facts": "facts", "avoid": "avoid", "topics to avoid": "avoid",
            "angle": "angle", "notes": "notes"}


@dataclass
class Dossier:
    """Everything the plan is built from; `minutes` is the time available."""

    guest: str
    role: str
    title: str
    kind: str
    facts: list[str]
    angle: str
    avoid: list[str] = field(default_factory=list)
    minutes: int = DEFAULT_MINUTES
    year: int | None = None
    notes: str = ""
    path: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"guest": {"name": self.guest, "role": self.role},
                "project": {"title": self.title, "kind": self.kind, "year": self.year},
                "facts": self.facts, "angle": self.angle, "avoid": self.avoid, "minutes": self.minutes,
                "notes": self.notes}


def load(path: str | os.PathLike[str]) -> Dossier:
    """Read a dossier file (YAML, or Markdown by its extension); `InputError` on any problem."""
    name = os.fspath(path)
    try:
        raw = Path(name).read_bytes()
    except OSError as err:
        raise InputError.from_os(name, err) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(name, "not UTF-8 text") from None
    return parse(text, name)


def parse(text: str, path: str = "<dossier>") -> Dossier:
    """A dossier from its text; Markdown when `path` ends in .md/.markdown, else YAML."""
    if Path(path).suffix.lower() in (".md", ".markdown"):
        return _Reader(path).markdown(text)
    return _Reader(path).yaml(text)


# -- reading -----------------------------------------------------------------

@dataclass
class _Value:
    value: Any
    line: int


class _Reader:
    """Turns YAML nodes (and Markdown sections) into checked values with their lines."""

    def __init__(self, path: str):
        self.path = path
        self.values: dict[str, _Value] = {}

    def fail(self, problem: str, line: int | None) -> InputError:
        return InputError(self.path, problem, line)

    def yaml(self, text: str) -> Dossier:
        self._fields(self._compose(text, 0), 0)
        return self._build(1)

    def markdown(self, text: str) -> Dossier:
        lines = text.splitlines()
        front, body_start = [], 0
        if lines and lines[0].strip() == "---":
            end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
            if end is None:
                raise self.fail("front matter opened with '---' is never closed", 1)
            front, body_start = lines[1:end], end + 1
        if front:
            self._fields(self._compose("\n".join(front), 1), 1)
        self._sections(lines, body_start)
        return self._build(1)

    def _compose(self, text: str, offset: int) -> Any:
        import yaml

        try:
            return yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as err:
            mark = err.problem_mark or err.context_mark
            raise self.fail(f"not valid YAML: {err.problem or err.context}",
                            mark.line + 1 + offset if mark else None) from None
        except yaml.YAMLError as err:
            raise self.fail(f"not valid YAML: {err}", None) from None

    def _fields(self, node: Any, offset: int) -> None:
        import yaml

        if node is None:
            return
        if not isinstance(node, yaml.MappingNode):
            raise self.fail("expected keys such as guest:, project:, facts:, angle:", node.start_mark.line + 1 + offset)
        for key, line, value in self._pairs(node, FIELDS, "", offset):
            if not FIELDS[key]:
                self.values[key] = _Value(value, line)
                continue
            if not isinstance(value, yaml.MappingNode):
                raise self.fail(f"'{key}' should hold {', '.join(FIELDS[key])}", line)
            self.values[key] = _Value(None, line)
            for sub, sub_line, item in self._pairs(value, {k: () for k in FIELDS[key]}, f"{key}.", offset):
                self.values[f"{key}.{sub}"] = _Value(item, sub_line)

    def _pairs(self, node: Any, known: dict[str, tuple[str, ...]], prefix: str,
               offset: int) -> list[tuple[str, int, Any]]:
        seen: set[str] = set()
        pairs = []
        for key_node, value in node.value:
            key, line = str(key_node.value), key_node.start_mark.line + 1 + offset
            if key not in known:
                raise self.fail(f"unknown key '{prefix}{key}' (expected one of: {', '.join(known)})", line)
            if key in seen:
                raise self.fail(f"'{prefix}{key}' is given twice", line)
            seen.add(key)
            pairs.append((key, line, value))
        return pairs

    def _sections(self, lines: list[str], start: int) -> None:
        """`## Heading` sections of the Markdown body: bullets for lists, text otherwise."""
        current: str | None = None
        for number, line in enumerate(lines[start:], start=start + 1):
            heading = re.match(r"^#{1,3}\s+(.+?)\s*#*\s*$", line)
            if heading:
                current = self._section_key(heading.group(1), number)
            elif line.strip() and current is None:
                raise self.fail("text before the first '## Section' heading (facts, avoid, angle, notes)", number)
            elif line.strip() and current is not None:
                self._section_line(current, line, number)

    def _section_key(self, title: str, line: int) -> str:
        key = SECTIONS.get(title.strip().rstrip(":").lower())
        if key is None:
            raise self.fail(f"unknown section '{title}' (expected one of: Facts, Avoid, Angle, Notes)", line)
        if key in self.values:
            raise self.fail(f"'{key}' is given twice (line {self.values[key].line} and here)", line)
        self.values[key] = _Value([] if key in LISTS else "", line)
        return key

    def _section_line(self, key: str, line: str, number: int) -> None:
        entry = self.values[key]
        bullet = re.match(r"^\s*[-*+]\s+(.*)$", line)
        if key not in LISTS:
            entry.value = f"{entry.value} {line.strip()}".strip()
        elif bullet:
            entry.value.append(bullet.group(1).strip())
        elif entry.value and line[:1].isspace():
            entry.value[-1] += " " + line.strip()
        else:
            raise self.fail(f"'{key}' takes '- ' bullets, one per item", number)

    # -- checking --------------------------------------------------------

    def _text(self, key: str, required: bool = False) -> str:
        entry = self.values.get(key)
        if entry is None:
            return ""
        value = _scalar(entry.value)
        if not isinstance(value, str):
            raise self.fail(f"'{key}' should be text", entry.line)
        if required and not value.strip():
            raise self.fail(f"'{key}' is empty", entry.line)
        return " ".join(value.split())

    def _list(self, key: str, required: bool = False) -> list[str]:
        entry = self.values.get(key)
        if entry is None:
            return []
        items = _sequence(entry.value)
        if items is None or not all(isinstance(i, str) and i.strip() for i in items):
            raise self.fail(f"'{key}' should be a list of text items ('- ' lines)", entry.line)
        if required and not items:
            raise self.fail(f"'{key}' is empty: give at least one", entry.line)
        return [" ".join(i.split()) for i in items]

    def _number(self, key: str, low: int, high: int) -> int | None:
        entry = self.values.get(key)
        if entry is None:
            return None
        value = _scalar(entry.value)
        if not (isinstance(value, str) and value.strip().isdigit() and low <= int(value) <= high):
            raise self.fail(f"'{key}' should be a whole number from {low} to {high}", entry.line)
        return int(value)

    def _build(self, top_line: int) -> Dossier:
        for key in REQUIRED:
            if key not in self.values:
                parent = self.values.get(key.split(".")[0]) if "." in key else None
                raise self.fail(f"missing '{key}'", parent.line if parent else top_line)
        kind = self._text("project.kind", True).lower()
        if kind not in KINDS:
            raise self.fail(f"'project.kind' should be one of {', '.join(KINDS)}, not {kind!r}",
                            self.values["project.kind"].line)
        return Dossier(
            guest=self._text("guest.name", True), role=self._text("guest.role", True),
            title=self._text("project.title", True), kind=kind, facts=self._list("facts", True),
            angle=self._text("angle", True), avoid=self._list("avoid"),
            minutes=self._number("minutes", 6, 600) or DEFAULT_MINUTES,
            year=self._number("project.year", 1800, 2200), notes=self._text("notes"), path=self.path)


def _scalar(value: Any) -> Any:
    """A YAML scalar node's text (or an already plain value from Markdown)."""
    import yaml

    if isinstance(value, yaml.ScalarNode):
        return value.value
    if isinstance(value, yaml.Node):
        return None
    return value


def _sequence(value: Any) -> list[Any] | None:
    import yaml

    if isinstance(value, yaml.SequenceNode):
        return [_scalar(item) for item in value.value]
    if isinstance(value, list):
        return value
    return None
