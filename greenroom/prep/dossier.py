"""The dossier: what the interviewer knows before the interview, read the way journalists write it.

Markdown (`.md`, `.markdown`), as it comes::

    # Ines Calloway — Paper Moons prep          <- any title (it may name guest and project)

    guest: Ines Calloway                        <- a key block (or YAML front matter between ---)
    role: guitarist, Harbour Lights
    project: Paper Moons (album, 2025)          <- kind and year read from the brackets
    time: 20 minutes                            <- also "20 min", "1h", "1h30"

    ## Background                               <- headings mapped by meaning (SECTIONS)
    - Joined Harbour Lights in 2016
    ## Questions I want to ask
    1. How do you decide when a song needs less guitar?
    ## Already covered elsewhere
    - How the band formed (Guardian, 2023)
    ## Off limits
    - her brother's court case

YAML (`.yaml`, `.yml`) takes the same keys: `guest` and `project` as plain strings or as
mappings (`name`, `role`; `title`, `kind`, `year`), then `facts`, `angle`, `avoid`,
`questions`, `covered`, `minutes`, `notes`. Spellings journalists use (`time:`, `bio:`,
`off limits:`, `album: Paper Moons`) are data in KEYS, SECTIONS and KIND_WORDS below.

Keys and sections the dossier does not know are kept as notes, and named in one warning
(`Dossier.warnings`); a value that cannot be read (`time: 2pm`, `kind: podcast`) is a warning
with its line, and the plan goes on without it. Markdown markup (bold, code, links, bullets)
is taken out of every value. Only a guest and a project are required: an `InputError` names
the file when they cannot be found, or the line when the file is not YAML or says a thing twice.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from greenroom.errors import InputError

KINDS = ("film", "series", "album", "tour")
DEFAULT_KIND = "film"
DEFAULT_MINUTES = 20
MINUTES_RANGE = (6, 600)
LISTS = ("facts", "avoid", "questions", "covered")

# -- what journalists call things, as data -------------------------------------

# A `## Heading` (or a `Heading:` line) fills the section whose phrase it is, or contains
# (the longest phrase found wins: "Questions to avoid" is avoid, not questions).
SECTIONS: dict[str, tuple[str, ...]] = {
    "facts": ("facts", "key facts", "fact sheet", "background", "bio", "biography", "context", "research",
              "the basics", "what we know", "about", "career so far", "key points"),
    "avoid": ("avoid", "topics to avoid", "questions to avoid", "off limits", "off the table", "no go",
              "no go areas", "no go zones", "do not ask", "don't ask", "sensitive", "sensitivities",
              "steer clear", "red lines", "boundaries", "not to ask", "don't mention", "do not mention",
              "what to avoid"),
    "questions": ("questions", "questions i want to ask", "my questions", "questions to ask", "to ask",
                  "must ask", "ask", "draft questions", "question ideas", "possible questions", "q's", "qs",
                  "q a", "things to ask"),
    "covered": ("covered", "already covered", "covered elsewhere", "already covered elsewhere",
                "past interviews", "previous interviews", "other interviews", "already asked",
                "already answered", "asked before", "previously asked", "asked elsewhere", "prior coverage",
                "previous coverage", "press so far", "done to death"),
    "angle": ("angle", "the angle", "my angle", "hook", "focus", "the big question", "big question",
              "thread", "theme", "the story"),
    "notes": ("notes", "note", "misc", "other"),
}
# Keys of the front matter or of the key block under the title, and their other spellings.
KEYS: dict[str, tuple[str, ...]] = {
    "guest": ("guest", "name", "guest name", "interviewee", "talent", "artist", "subject", "who"),
    "role": ("role", "guest role", "part", "character", "position", "job", "job title", "plays"),
    "project": ("project", "project title", "title", "work", "production"),
    "kind": ("kind", "type", "format", "medium", "project kind", "project type"),
    "year": ("year", "release year"),
    "minutes": ("minutes", "time", "time available", "length", "duration", "slot", "running time", "mins"),
}
GUEST_KEYS = {"name": "name", "guest": "name", "role": "role", "part": "role", "character": "role",
              "position": "role", "job": "role"}
PROJECT_KEYS = {"title": "title", "name": "title", "kind": "kind", "type": "kind", "format": "kind",
                "year": "year"}
# Words that name a kind of project; a key named by one ("album: Paper Moons") gives both.
KIND_WORDS: dict[str, tuple[str, ...]] = {
    "film": ("film", "movie", "feature", "feature film", "documentary", "short", "short film", "picture"),
    "series": ("series", "tv series", "show", "tv show", "season", "miniseries", "limited series", "sitcom"),
    "album": ("album", "record", "lp", "ep", "mixtape", "single", "debut album"),
    "tour": ("tour", "world tour", "concert tour", "residency"),
}
# Roles that say what kind of work it is when nothing else does.
ROLE_KINDS: dict[str, tuple[str, ...]] = {
    "album": ("guitarist", "singer", "vocalist", "drummer", "bassist", "keyboardist", "pianist", "songwriter",
              "frontman", "frontwoman", "rapper", "band", "producer", "violinist", "cellist", "dj"),
    "film": ("actor", "actress", "lead", "director", "cinematographer", "screenwriter"),
}
# A `# title` around "Guest — Project" may carry one of these words, which name neither.
TITLE_NOISE = ("prep", "dossier", "interview", "interview prep", "notes", "research", "brief", "briefing",
               "background")
TIMES: dict[str, int] = {"half an hour": 30, "an hour": 60, "one hour": 60, "an hour and a half": 90,
                         "quarter of an hour": 15, "three quarters of an hour": 45}

# Markdown markup taken out of every value: (pattern, replacement), in order.
MARKUP: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"<!--.*?-->"), ""),
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),          # image
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),           # [text](url)
    (re.compile(r"\[([^\]^][^\]]*)\]\[[^\]]*\]"), r"\1"),     # [text][ref]
    (re.compile(r"\[\^[^\]]*\]"), ""),                        # footnote mark
    (re.compile(r"<(https?://[^>\s]+)>"), r"\1"),             # <url>
    (re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^>]*)?/?>"), " "),  # inline HTML
    (re.compile(r"`+([^`]*)`+"), r"\1"),                      # code
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),    # bold
    (re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])"), r"\1"),  # *emphasis*
    (re.compile(r"(?<!\w)_(?=\S)([^_]+?)(?<=\S)_(?!\w)"), r"\1"),          # _emphasis_
    (re.compile(r"~~(.+?)~~"), r"\1"),                        # strike-through
    (re.compile(r"\*\*|__|`"), ""),                           # stray markers
    (re.compile(r"^\s*(?:>\s*)*(?:#{1,6}\s+|[-*+•]\s+(?:\[[ xX]\]\s+)?|\(?\d{1,3}[.)]\s+)?"), ""),
    (re.compile(r"\s*\\$"), ""),                              # hard line break
)
QUOTES = "\"'“”‘’*_"


def plain(text: str) -> str:
    """`text` without Markdown markup: link text for links, words for **bold**, no bullet."""
    for pattern, replacement in MARKUP:
        text = pattern.sub(replacement, text)
    return " ".join(text.split())


def _norm(label: str) -> str:
    """A key or heading as compared against the tables: lower case, words only."""
    text = plain(label).casefold().replace("’", "'")
    return " ".join(re.sub(r"[^a-z0-9' ]+", " ", text).split())


def _lookup(table: dict[str, tuple[str, ...]], label: str, contains: bool = False) -> str | None:
    """The table entry naming `label` exactly, else (with `contains`) by its longest phrase."""
    name = _norm(label)
    for key, phrases in table.items():
        if name == key or name in phrases:
            return key
    if not contains:
        return None
    found = [(len(p), key) for key, phrases in table.items() for p in phrases
             if re.search(rf"(?<![\w']){re.escape(p)}(?![\w'])", name)]
    return max(found)[1] if found else None


def kind_named(text: str) -> str | None:
    """The kind of project `text` names ("the band's third album" is an album), if any."""
    return _lookup(KIND_WORDS, text, contains=True)


@dataclass
class Dossier:
    """Everything the plan is built from; `minutes` is the time available. `questions` are
    the interviewer's own, `covered` what other interviews already covered, `warnings`
    what was read loosely (unknown keys kept in `notes`)."""

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
    questions: list[str] = field(default_factory=list)
    covered: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"guest": {"name": self.guest, "role": self.role},
                "project": {"title": self.title, "kind": self.kind, "year": self.year},
                "facts": self.facts, "angle": self.angle, "avoid": self.avoid, "minutes": self.minutes,
                "questions": self.questions, "covered": self.covered, "notes": self.notes}


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


_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")
_LABEL_LINE = re.compile(r"^\s*(?:[-*+]\s+)?(?:\*\*|__)?([A-Za-z][\w'’ /&-]{0,40}?)\s*(?:\*\*|__)?\s*:\s*"
                         r"(?:\*\*|__)?\s*(.*?)\s*$")
_BOLD_LINE = re.compile(r"^\s*(?:\*\*|__)([^*_]{1,50}?)(?:\*\*|__)\s*:?\s*$")
_ITEM = re.compile(r"^\s{0,3}(?:[-*+•]|\(?\d{1,3}[.)])\s+")


class _Reader:
    """Turns YAML nodes, key lines and Markdown sections into checked values with their lines."""

    def __init__(self, path: str):
        self.path = path
        self.values: dict[str, _Value] = {}
        self.notes: list[str] = []
        self.unknown: list[str] = []
        self.warnings: list[str] = []
        self.title = ""

    def fail(self, problem: str, line: int | None = None) -> InputError:
        return InputError(self.path, problem, line)

    def yaml(self, text: str) -> Dossier:
        node = self._compose(text, 0)
        if node is not None and not _is_mapping(node):
            raise self.fail("expected keys such as guest:, project:, facts:", node.start_mark.line + 1)
        self._mapping(node, 0)
        return self._build()

    def markdown(self, text: str) -> Dossier:
        text = re.sub(r"<!--.*?-->", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.DOTALL)
        lines = text.splitlines()
        start = 0
        if lines and lines[0].strip() == "---":
            end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
            if end is None:
                raise self.fail("front matter opened with '---' is never closed", 1)
            node = self._compose("\n".join(lines[1:end]), 1)
            if node is not None and not _is_mapping(node):
                raise self.fail("front matter should hold keys such as guest: and project:", 2)
            self._mapping(node, 1)
            start = end + 1
        self._body(lines, start)
        return self._build()

    # -- YAML --------------------------------------------------------------

    def _compose(self, text: str, offset: int) -> Any:
        import yaml

        try:
            return yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as err:
            mark = err.problem_mark or err.context_mark
            raise self.fail(f"not valid YAML: {err.problem or err.context}",
                            mark.line + 1 + offset if mark else None) from None
        except yaml.YAMLError as err:
            raise self.fail(f"not valid YAML: {err}") from None

    def _mapping(self, node: Any, offset: int) -> None:
        if node is None:
            return
        for key_node, value in node.value:
            self._field(str(key_node.value), key_node.start_mark.line + 1 + offset, value, offset)

    def _field(self, key: str, line: int, value: Any, offset: int = 0) -> None:
        """One `key: value` of the front matter, the YAML file or the key block."""
        name = _lookup(KEYS, key) or _lookup(SECTIONS, key)
        kind = _lookup(KIND_WORDS, key) if name is None else None
        if kind is not None:
            self._set("project.kind", kind, line)
            name = "project"
        if name in ("guest", "project") and _is_mapping(value):
            self._set(name, None, line)
            subs = GUEST_KEYS if name == "guest" else PROJECT_KEYS
            for sub_node, item in value.value:
                sub = subs.get(_norm(str(sub_node.value)))
                sub_line = sub_node.start_mark.line + 1 + offset
                if sub is None:
                    self._unknown(f"{key}.{sub_node.value}", _plain_value(item), sub_line)
                else:
                    self._set(f"{name}.{sub}", _plain_value(item), sub_line)
        elif name is None:
            self._unknown(key, _plain_value(value), line)
        elif name in ("guest", "project"):
            self._set(name, _plain_value(value), line)
        else:
            self._set({"role": "guest.role", "kind": "project.kind", "year": "project.year"}.get(name, name),
                      _plain_value(value), line)

    def _set(self, key: str, value: Any, line: int) -> None:
        """Record a value; list sections given twice (`## Background` and `## Key facts`) add up."""
        entry = self.values.get(key)
        if key in LISTS and entry is not None:
            entry.value += _items(value)
            return
        if key in LISTS:
            value = _items(value)
        if entry is not None and key != "project.kind":
            raise self.fail(f"'{key}' is given twice (line {entry.line} and here)", line)
        self.values[key] = _Value(value, line)

    def _unknown(self, key: str, value: Any, line: int) -> None:
        self.unknown.append(key)
        text = "; ".join(_items(value))
        if text:
            self.notes.append(f"{plain(key)}: {text}")

    # -- Markdown body -------------------------------------------------------

    def _body(self, lines: list[str], start: int) -> None:
        """The title, the key block under it, then `## Heading` sections."""
        current: str | None = None  # the section being read; None: the key block
        block: list[tuple[int, str]] = []
        items: list[tuple[int, str]] = []
        for number, line in enumerate(_atx(lines[start:]), start=start + 1):
            first = current is None and not self.title and not any(text.strip() for _, text in block)
            section = self._heading(line, first)
            if section is None:
                if current is None:
                    block.append((number, line))
                else:
                    items.append((number, line))
                continue
            if section in ("", "-"):  # the title, or a sub-heading that names nothing
                continue
            if current is None:
                self._key_block(block)
            else:
                self._close(current, items)
            current, items = section, [(number, "")]
        if current is None:
            self._key_block(block)
        else:
            self._close(current, items)

    def _heading(self, line: str, may_be_title: bool) -> str | None:
        """The section a heading line opens ("" for the document title, "=key" for a key such
        as `## Guest`, "-" for a sub-heading to skip), None for other lines. A line all in bold
        is a heading too, and so is a `Label:` line whose label names a section. Unknown `##`
        headings open a section of notes; deeper ones are skipped inside their section."""
        heading, bold = _HEADING.match(line), _BOLD_LINE.match(line)
        colon = re.match(r"^\s*([A-Za-z][\w'’ /&-]{0,40}?)\s*:\s*$", line)
        if heading:
            label, level = heading.group(2), len(heading.group(1))
        elif bold or (colon and _lookup(SECTIONS, colon.group(1))):
            label, level = (bold or colon).group(1), 2  # type: ignore[union-attr]
        else:
            return None
        key = _lookup(SECTIONS, label, contains=True)
        named = _lookup(KEYS, label)
        if named is not None and level >= 2:
            return "=" + named  # "## Guest" above "Ines Calloway, guitarist"
        if level == 1 and may_be_title and _lookup(SECTIONS, label) is None:
            self.title = plain(label)
            return ""
        if key is not None:
            return key
        return "-" if level >= 3 else "?" + plain(label)

    def _key_block(self, block: list[tuple[int, str]]) -> None:
        """`key: value` lines under the title, read as YAML when they are YAML; any other
        text there is kept as notes."""
        text = [line for _, line in block]
        if not any(line.strip() for line in text):
            return
        first = block[0][0] - 1
        node = self._try_yaml("\n".join(text))
        if _is_mapping(node):
            self._mapping(node, first)
            return
        prose = []
        for number, line in block:
            label = _LABEL_LINE.match(line)
            if label and label.group(2) and len(label.group(1).split()) <= 4:
                self._field(label.group(1), number, label.group(2))
            elif line.strip():
                prose.append(line)
        self.notes += _items_of([(0, p) for p in prose])

    def _try_yaml(self, text: str) -> Any:
        import yaml

        try:
            return yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            return None

    def _close(self, section: str, lines: list[tuple[int, str]]) -> None:
        line = lines[0][0]
        items = _items_of(lines[1:])
        if section.startswith("?"):
            self._unknown(section[1:], items, line)
        elif section.startswith("="):
            if items:
                self._field(section[1:], line, " ".join(items))
        elif section in LISTS or items or section not in self.values:
            self._set(section, items, line)

    # -- checking --------------------------------------------------------

    def _text(self, key: str) -> str:
        entry = self.values.get(key)
        if entry is None or entry.value is None:
            return ""
        if isinstance(entry.value, dict):
            raise self.fail(f"'{key}' should be text", entry.line)
        return plain(" ".join(_items(entry.value)))

    def _list(self, key: str) -> list[str]:
        entry = self.values.get(key)
        if entry is None:
            return []
        if isinstance(entry.value, dict):
            raise self.fail(f"'{key}' should be a list of text items ('- ' lines)", entry.line)
        return [plain(i) for i in _items(entry.value) if plain(i)]

    def _warn(self, key: str, problem: str) -> None:
        """A value that cannot be read: the plan goes on without it, and says so."""
        self.warnings.append(f"{self.path}:{self.values[key].line}: {problem}")

    def _year(self) -> int | None:
        text = self._text("project.year")
        if not text:
            return None
        if text.isdigit() and 1800 <= int(text) <= 2200:
            return int(text)
        self._warn("project.year", f"'{text}' is not a year, so the plan names none")
        return None

    def _minutes(self) -> int:
        if "minutes" not in self.values:
            return DEFAULT_MINUTES
        text = self._text("minutes")
        found = minutes_in(text)
        low, high = MINUTES_RANGE
        if found is not None and low <= found <= high:
            return found
        self._warn("minutes", f"'{text}' is not a time from {low} to {high} minutes (such as 20, '20 minutes' "
                              f"or '1h'), so the plan takes {DEFAULT_MINUTES}")
        return DEFAULT_MINUTES

    def _kind(self, title: str, title_extra: str, role: str) -> str:
        """The project's kind: said, else named beside the title, in it ("The Lanterns Tour")
        or by the role ("drummer"), else a film (with a warning)."""
        said = self._text("project.kind")
        kind = kind_named(said) if said else None
        if kind is not None:
            return kind
        kind = kind_named(title_extra) or kind_named(title) or _lookup(ROLE_KINDS, role, contains=True)
        if said:
            self._warn("project.kind", f"'{said}' is not one of {', '.join(KINDS)}, so the plan is for "
                                       f"{_a(kind or DEFAULT_KIND)}")
        elif kind is None:
            self.warnings.append(f"{self.path}: no project kind given, so the plan is for {_a(DEFAULT_KIND)} "
                                 f"(say 'kind: {' | '.join(KINDS)}')")
        return kind or DEFAULT_KIND

    def _build(self) -> Dossier:
        if not self.values and not self.notes and not self.title:
            raise self.fail("nothing usable found: expected 'guest:' and 'project:' lines (or YAML front "
                            "matter) and sections such as '## Facts'")
        guest, role = _person(self._text("guest"))
        guest, role = self._text("guest.name") or guest, self._text("guest.role") or role
        title, extra = _work(self._text("project"))
        title = self._text("project.title") or title
        guest, title = _from_title(self.title, guest, title)
        if not guest:
            raise self.fail("no guest found: add a line 'guest: NAME' under the title (or in front matter)")
        if not title:
            raise self.fail("no project found: add a line 'project: TITLE' under the title (or in front matter)")
        kind = self._kind(title, extra, role)
        angles = self._list("angle")
        notes = [*self._list("notes"), *(f"Angle, also: {a}" for a in angles[1:]), *self.notes]
        if self.unknown:
            self.warnings.insert(0, f"{self.path}: kept as notes, not read as dossier keys: "
                                    + ", ".join(f"'{plain(k)}'" for k in self.unknown))
        return Dossier(
            guest=guest, role=role, title=title, kind=kind, facts=self._list("facts"),
            angle=angles[0] if angles else "", avoid=self._list("avoid"), minutes=self._minutes(),
            year=self._year() or _year_in(extra), notes=" ".join(_sentence(n) for n in notes if n.strip()),
            path=self.path, questions=self._list("questions"), covered=self._list("covered"),
            warnings=self.warnings)


# -- values ----------------------------------------------------------------------

def _is_mapping(node: Any) -> bool:
    import yaml

    return isinstance(node, yaml.MappingNode)


def _plain_value(value: Any) -> Any:
    """A YAML node as plain text, lists and dicts (strings stay as given)."""
    import yaml

    if isinstance(value, yaml.ScalarNode):
        return value.value
    if isinstance(value, yaml.SequenceNode):
        return [_plain_value(v) for v in value.value]
    if isinstance(value, yaml.MappingNode):
        return {str(k.value): _plain_value(v) for k, v in value.value}
    return value


def _items(value: Any) -> list[str]:
    """Text items of a value: a list's items, a dict's `key: value` pairs, or the text itself."""
    if value is None:
        return []
    if isinstance(value, list):
        return [t for v in value for t in _items(v)]
    if isinstance(value, dict):
        return [f"{k}: {'; '.join(_items(v))}" for k, v in value.items()]
    text = plain(str(value))
    return [text] if text else []


def _items_of(lines: list[tuple[int, str]]) -> list[str]:
    """Items of a section: each bullet or numbered line starts one, a line after a blank or
    after a finished sentence starts one, and other lines continue the item before."""
    items: list[str] = []
    joinable = False
    for _, line in lines:
        if not line.strip() or line.strip().startswith(("```", "~~~", "|")) or re.match(r"^\s*[-*_=]{3,}\s*$", line):
            joinable = False
            continue
        text = plain(line)
        if not text:
            continue
        starts = bool(_ITEM.match(line)) or not joinable or (not line[:1].isspace() and items[-1][-1:] in ".?!")
        if starts:
            items.append(text)
        else:
            items[-1] += " " + text
        joinable = True
    return items


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text[-1:] in ".?!…" else text + "."


def _person(text: str) -> tuple[str, str]:
    """'Ines Calloway (guitarist, Harbour Lights)' or 'Ines Calloway, guitarist': name and role."""
    found = re.match(r"^(.+?)\s*\((.+)\)\s*$", text) or re.match(r"^(.+?)\s*(?:,|\s[—–-]\s)\s*(.+)$", text)
    return (found.group(1).strip(), found.group(2).strip()) if found else (text, "")


def _work(text: str) -> tuple[str, str]:
    """'Paper Moons (album, 2025)' or 'Paper Moons, Harbour Lights' third album': the title and
    what was said around it (which may name the kind and year)."""
    extra = ""
    found = re.match(r"^(.+?)\s*\((.+)\)\s*$", text)
    if found:
        text, extra = found.group(1), found.group(2)
    found = re.match(r"^(.+?)\s*(?:,|\s[—–-]\s)\s*(.+)$", text)
    if found and not text.strip().startswith(tuple(QUOTES)) and (kind_named(found.group(2))
                                                                  or _year_in(found.group(2))):
        text, extra = found.group(1), f"{found.group(2)} {extra}".strip()
    return _unquote(text), extra

def _unquote(text: str) -> str:
    text = text.strip()
    return text.strip(QUOTES).strip() if len(text) > 2 and text[0] in QUOTES else text


def _atx(lines: list[str]) -> list[str]:
    """Lines with setext headings ("Title" over "=====" or "-----") written as `#` headings."""
    out = list(lines)
    for n in range(1, len(out)):
        above = out[n - 1].strip()
        underline = re.match(r"^\s{0,3}(=+|-+)\s*$", out[n])
        if not underline or not above or _ITEM.match(out[n - 1]) or above.startswith(("#", "|", ">")):
            continue
        if underline.group(1)[0] == "-" and (_LABEL_LINE.match(out[n - 1]) or len(underline.group(1)) < 3):
            continue
        out[n - 1], out[n] = ("# " if underline.group(1)[0] == "=" else "## ") + above, ""
    return out


def _a(kind: str) -> str:
    return f"an {kind}" if kind[:1] in "aeiou" else f"a {kind}"


def _year_in(text: str) -> int | None:
    found = re.search(r"\b(1[89]\d\d|2[01]\d\d)\b", text)
    return int(found.group(1)) if found else None


def _from_title(heading: str, guest: str, title: str) -> tuple[str, str]:
    """Guest and project filled from a '# Guest — Project' title when the dossier left them out."""
    if (guest and title) or not heading:
        return guest, title
    noise = "|".join(sorted(TITLE_NOISE, key=len, reverse=True))
    parts = [re.sub(rf"^(?:{noise})\b|\b(?:{noise})$", "", p.strip(), flags=re.IGNORECASE).strip(" ,.-")
             for p in re.split(r"\s+[—–-]\s+|:\s+|\s+\|\s+|\s+/\s+|\s+on\s+", heading)]
    parts = [_unquote(p) for p in parts if p]
    known = {guest.casefold(), title.casefold()} - {""}
    rest = [p for p in parts if p.casefold() not in known]
    if not guest and not title:
        return (rest[0], rest[1]) if len(rest) == 2 else ("", "")
    if len(rest) != 1:
        return guest, title
    return (guest, rest[0]) if guest else (rest[0], title)


def minutes_in(text: str) -> int | None:
    """Minutes in '20', '20 minutes', '20 min', '1h', '1h30', '1.5 hours', 'half an hour'."""
    text = re.sub(r"^(?:about|around|roughly|approx\.?|c\.|~)\s*", "", text.casefold().strip().rstrip("."))
    if text in TIMES:
        return TIMES[text]
    hours = re.match(r"^(\d+(?:[.,]\d+)?)\s*(?:h|hrs?|hours?)\s*(?:(\d+)\s*(?:m|mins?|minutes?)?)?$", text)
    if hours:
        return round(float(hours.group(1).replace(",", ".")) * 60) + int(hours.group(2) or 0)
    found = re.match(r"^(\d+)(?:\s*(?:-|–|to)\s*\d+)?\s*(?:m|mins?|minutes?)?$", text)
    return int(found.group(1)) if found else None
