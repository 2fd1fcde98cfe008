"""The one data model every stage reads and returns: an `Interview`.

Times are integer milliseconds everywhere; formats convert at the edge. Every class
round-trips through plain dicts (`to_dict` / `from_dict`), and `Interview.to_dict`
carries `schema_version` so stored JSON can be migrated when the model grows.

This module imports nothing of greenroom's: everything else points inward to it.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, TypeVar, get_type_hints

SCHEMA_VERSION = 1

Role = Literal["interviewer", "guest", "other", "unknown"]
ROLES: tuple[str, ...] = ("interviewer", "guest", "other", "unknown")

MARK_KINDS: tuple[str, ...] = (
    "laughter", "applause", "music", "inaudible", "crosstalk", "noise",
    "silence", "pause", "speaker-change", "other",
)

_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*$")


def ends_sentence(text: str) -> bool:
    """Whether a word (or a text) closes a sentence: ".", "!", "?" or "…", before any
    closing quotes or brackets. Cuts, captions, utterance joins and quotes all end on it."""
    return bool(_SENTENCE_END.search(text.rstrip()))


T = TypeVar("T", bound="Record")


class Record:
    """Mixin giving dataclasses a plain-dict form that round-trips exactly.

    Nested records and lists of records are rebuilt from their type hints, so a
    new field needs no hand-written conversion. Unknown keys are ignored on read
    (a newer file read by an older greenroom loses only what it cannot know).
    """

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            out[f.name] = _plain(getattr(self, f.name))
        return out

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        if not isinstance(data, dict):
            raise TypeError(f"{cls.__name__}: expected an object, got {type(data).__name__}")
        hints = _hints(cls)
        kwargs: dict[str, Any] = {}
        for f in dataclasses.fields(cls):  # type: ignore[arg-type]
            if f.name in data:
                kwargs[f.name] = _build(hints[f.name], data[f.name])
        return cls(**kwargs)


_HINT_CACHE: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINT_CACHE:
        _HINT_CACHE[cls] = get_type_hints(cls)
    return _HINT_CACHE[cls]


def _plain(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _build(hint: Any, value: Any) -> Any:
    """Rebuild `value` as the type `hint` names (records, lists of records, optionals)."""
    if value is None:
        return None
    origin = getattr(hint, "__origin__", None)
    args = getattr(hint, "__args__", ())
    if isinstance(hint, type) and issubclass(hint, Record):
        return hint.from_dict(value)
    if origin is list:
        return [_build(args[0], v) for v in value] if args else list(value)
    if origin is dict:
        return dict(value)
    if args and type(None) in args:  # Optional[X] / X | None
        inner = [a for a in args if a is not type(None)]
        return _build(inner[0], value) if len(inner) == 1 else value
    return value


@dataclass
class Person(Record):
    """Someone in or behind the interview: the guest, the interviewer, others."""

    name: str
    role: str = "guest"
    bio: str = ""


@dataclass
class Speaker(Record):
    """A voice in the transcript. `label` is what the source called it ("Lex",
    "SPEAKER_1"); `name` is the person when known; `role` says who asks.
    `edited` is True once a person set the name or role: guesses never overwrite it."""

    id: str
    label: str
    name: str | None = None
    role: str = "unknown"
    edited: bool = False

    @property
    def display(self) -> str:
        return self.name or self.label


@dataclass
class Word(Record):
    start: int
    end: int
    text: str
    confidence: float | None = None


@dataclass
class Utterance(Record):
    """One stretch of one speaker's speech: a caption cue or a transcript turn."""

    id: str
    start: int
    end: int
    speaker: str | None
    text: str
    words: list[Word] = field(default_factory=list)
    confidence: float | None = None

    @property
    def duration(self) -> int:
        return self.end - self.start


@dataclass
class Mark(Record):
    """A non-speech event on the timeline: laughter, applause, music, a pause,
    an inaudible stretch, a `>>` speaker change. Kept, never thrown away, because
    editors cut on them. `text` is the mark as the source wrote it."""

    start: int
    end: int
    kind: str
    text: str = ""
    speaker: str | None = None
    utterance: str | None = None
    at: int | None = None  # character offset in the utterance's text, for inline marks


@dataclass
class SpeakerSpan(Record):
    """A stretch of the speaker timeline: who is heard from `start` to `end`, with
    recognised words or without (far-off or overlapped speech the recogniser missed).
    Kept beside the utterances, never mixed into the transcript; exported as RTTM."""

    start: int
    end: int
    speaker: str | None = None


@dataclass
class Turn(Record):
    """A question and the answer that follows it (utterance ids)."""

    id: str
    question: list[str]
    answer: list[str]
    kind: str = "open"
    topic: str = ""
    follow_up_of: str | None = None


@dataclass
class Chapter(Record):
    """A titled stretch of the interview. `authored` marks chapters a person wrote
    (a transcript's own headings, a chapters track): analysis keeps them and only
    adds keywords; chapters it found itself it may find again."""

    start: int
    end: int
    title: str
    keywords: list[str] = field(default_factory=list)
    summary: str = ""
    authored: bool = False


MOMENT_KINDS = ("anecdote", "candid", "humor", "emotion", "craft", "quotable")  # what Moment.kind can be


@dataclass
class Moment(Record):
    id: str
    start: int
    end: int
    kind: str
    score: float
    reason: str = ""
    utterances: list[str] = field(default_factory=list)
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass
class Flag(Record):
    id: str
    start: int
    end: int
    kind: str
    label: str
    severity: str = "review"
    action: str = "review"
    text: str = ""
    spans: list[str] = field(default_factory=list)  # the words found, as said ("42 Elm Street"): what a bleep hides
    mask: str = ""  # what a bleep shows instead ("address" prints as "[address]"); "" for the flag's kind


@dataclass
class Clearance(Record):
    """A person's decision that a flag's passage may be published after all:
    which flag (and its text, so a re-analysis that changes the flag voids it),
    why, who and when. Kept with the interview; the report lists it."""

    flag: str
    text_sha: str
    reason: str
    by: str
    at: str


@dataclass
class Metrics(Record):
    """Interviewer coaching figures; `extra` holds figures later analyzers add."""

    talk_ratio: float | None = None
    interviewer_ms: int = 0
    guest_ms: int = 0
    questions: dict[str, int] = field(default_factory=dict)
    follow_up_rate: float | None = None
    interruptions: int = 0
    words_per_minute: dict[str, float] = field(default_factory=dict)
    longest_monologues: list[dict[str, Any]] = field(default_factory=list)
    verdicts: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Quote(Record):
    text: str
    start: int
    end: int
    speaker: str | None = None
    utterance: str | None = None


@dataclass
class Card(Record):
    """What an interview offers. `edited_fields` names the fields a person set
    ("learn", "impact", "angle", "quotes"): analysis drafts the others again and
    never touches these. `edited` is True once a person changed any field; an
    edited card with no `edited_fields` (stored before they were kept) is all theirs."""

    learn: list[str] = field(default_factory=list)
    impact: str = ""
    angle: str = ""
    quotes: list[Quote] = field(default_factory=list)
    edited: bool = False
    edited_fields: list[str] = field(default_factory=list)

    FIELDS: ClassVar[tuple[str, ...]] = ("learn", "impact", "angle", "quotes")

    def by_hand(self) -> tuple[str, ...]:
        """The fields analysis must keep as they are."""
        if not self.edited:
            return ()
        return tuple(f for f in self.FIELDS if f in self.edited_fields) if self.edited_fields else self.FIELDS


@dataclass
class Cut(Record):
    """One piece of a highlight reel: a range of the source, cut on word boundaries.

    `question` is True when the cut opens with the interviewer's question, so the
    answer keeps its context; `moment` names the moment it was chosen for.
    """

    id: str
    start: int
    end: int
    moment: str | None = None
    kind: str = ""
    score: float = 0.0
    reason: str = ""
    text: str = ""
    question: bool = False
    utterances: list[str] = field(default_factory=list)


@dataclass
class Highlights(Record):
    """The chosen cut list for a reel, as stored in the library.

    `budget` is in ms; `order` is "story" or "time"; `notes` say what the user
    should know (e.g. a top moment left out because it was off the record).
    """

    budget: int
    cuts: list[Cut] = field(default_factory=list)
    order: str = "story"
    kinds: list[str] = field(default_factory=list)
    with_question: bool = False
    notes: list[str] = field(default_factory=list)


@dataclass
class Source(Record):
    """Where the interview came from: a transcript file, a media file, a URL."""

    path: str | None = None
    format: str | None = None
    sha256: str | None = None
    url: str | None = None
    media_path: str | None = None
    media_sha256: str | None = None
    duration: int | None = None
    timing: str = "exact"  # "exact", or "estimated" when the source gave few or no times


@dataclass
class Interview(Record):
    """One interview: who spoke, what was said when, and what analysis found."""

    id: str = ""
    title: str = ""
    people: list[Person] = field(default_factory=list)
    project: str = ""
    recorded: str | None = None
    published: str | None = None
    language: str | None = None
    source: Source = field(default_factory=Source)
    speakers: list[Speaker] = field(default_factory=list)
    utterances: list[Utterance] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    chapters: list[Chapter] = field(default_factory=list)
    moments: list[Moment] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    metrics: Metrics | None = None
    card: Card | None = None
    highlights: Highlights | None = None
    clearances: list[Clearance] = field(default_factory=list)
    speaker_timeline: list[SpeakerSpan] = field(default_factory=list)  # capture's who-spoke-when; [] for imports

    LAYERS: ClassVar[tuple[str, ...]] = (
        "marks", "turns", "chapters", "moments", "flags", "metrics", "card", "highlights", "clearances",
    )

    # -- derived views -------------------------------------------------
    @property
    def duration(self) -> int:
        """Milliseconds from zero to the last thing on the timeline."""
        ends = [u.end for u in self.utterances] + [m.end for m in self.marks]
        ends += [c.end for c in self.chapters]
        if self.source.duration:
            ends.append(self.source.duration)
        return max(ends, default=0)

    def speaker(self, speaker_id: str | None) -> Speaker | None:
        return next((s for s in self.speakers if s.id == speaker_id), None)

    def speaker_name(self, speaker_id: str | None) -> str:
        found = self.speaker(speaker_id)
        return found.display if found else ""

    def people_named(self, role: str) -> list[str]:
        names = [p.name for p in self.people if p.role == role]
        names += [s.display for s in self.speakers if s.role == role and s.display not in names]
        return names

    @property
    def text(self) -> str:
        return "\n".join(u.text for u in self.utterances)

    # -- serialisation -------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        data = {"schema_version": SCHEMA_VERSION, **super().to_dict()}
        if not self.speaker_timeline:  # imports have none: their JSON stays as it was
            del data["speaker_timeline"]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Interview:
        version = data.get("schema_version", SCHEMA_VERSION) if isinstance(data, dict) else None
        if not isinstance(version, int) or version > SCHEMA_VERSION or version < 1:
            raise ValueError(f"unsupported schema_version {version!r} (this greenroom reads 1..{SCHEMA_VERSION})")
        return super().from_dict(data)

    # -- comparison ----------------------------------------------------
    def equals(self, other: Interview, **options: Any) -> Comparison:
        """Semantic comparison; see `compare` for the options."""
        return compare(self, other, **options)


@dataclass
class Comparison:
    """The answer of `compare`: truthy when equal, with the differences spelled out."""

    differences: list[str]

    def __bool__(self) -> bool:
        return not self.differences

    def __str__(self) -> str:
        if not self.differences:
            return "equal"
        shown = self.differences[:20]
        more = len(self.differences) - len(shown)
        return "\n".join(shown + ([f"... and {more} more"] if more > 0 else []))


def _norm_text(text: str) -> str:
    return " ".join(text.split())


def compare(
    a: Interview,
    b: Interview,
    *,
    scope: str = "all",
    words: bool = True,
    tolerance_ms: int = 0,
    speaker_by: str = "label",
    ends: bool = True,
) -> Comparison:
    """Compare two interviews by meaning, not by representation.

    Ids of utterances and speakers are not compared; speakers are matched by
    `speaker_by` ("label" or "display") and whitespace in text is normalised.
    `scope="transcript"` compares only speakers, utterances and marks (what a
    caption format can carry); `scope="all"` also compares metadata and every
    analysis layer. `words=False` skips word timings (formats that drop them),
    and `tolerance_ms` absorbs the rounding of formats with coarse times.
    `ends=False` is for formats that write only start stamps (Markdown): utterance
    ends are not compared, and marks inside utterances are matched by kind and
    utterance (their times follow the utterance's span) instead of by time.
    """
    diffs: list[str] = []
    if scope == "all":
        for name in ("title", "project", "recorded", "published", "language"):
            if getattr(a, name) != getattr(b, name):
                diffs.append(f"{name}: {getattr(a, name)!r} != {getattr(b, name)!r}")
        if [p.to_dict() for p in a.people] != [p.to_dict() for p in b.people]:
            diffs.append(f"people: {[p.name for p in a.people]} != {[p.name for p in b.people]}")
    diffs += _compare_utterances(a, b, words, tolerance_ms, speaker_by, ends)
    diffs += _compare_marks(a, b, tolerance_ms, ends)
    if scope == "all":
        for layer in ("turns", "chapters", "moments", "flags", "metrics", "card"):
            left, right = _plain(getattr(a, layer)), _plain(getattr(b, layer))
            if left != right:
                diffs.append(f"{layer} differ")
    return Comparison(diffs)


def _who(interview: Interview, speaker_id: str | None, by: str) -> str:
    found = interview.speaker(speaker_id)
    if not found:
        return ""
    return found.display if by == "display" else found.label


def _close(x: int, y: int, tolerance: int) -> bool:
    return abs(x - y) <= tolerance


def _compare_utterances(a: Interview, b: Interview, words: bool, tol: int, by: str,
                        ends: bool = True) -> list[str]:
    diffs: list[str] = []
    if len(a.utterances) != len(b.utterances):
        diffs.append(f"utterance count: {len(a.utterances)} != {len(b.utterances)}")
    for i, (ua, ub) in enumerate(zip(a.utterances, b.utterances)):
        where = f"utterance {i + 1}"
        if not (_close(ua.start, ub.start, tol) and (not ends or _close(ua.end, ub.end, tol))):
            diffs.append(f"{where}: time {ua.start}-{ua.end} != {ub.start}-{ub.end}")
        if _who(a, ua.speaker, by) != _who(b, ub.speaker, by):
            diffs.append(f"{where}: speaker {_who(a, ua.speaker, by)!r} != {_who(b, ub.speaker, by)!r}")
        if _norm_text(ua.text) != _norm_text(ub.text):
            diffs.append(f"{where}: text {ua.text[:60]!r} != {ub.text[:60]!r}")
        if words and len(ua.words) != len(ub.words):
            diffs.append(f"{where}: word count {len(ua.words)} != {len(ub.words)}")
        elif words:
            for j, (wa, wb) in enumerate(zip(ua.words, ub.words)):
                if wa.text != wb.text or not (_close(wa.start, wb.start, tol) and _close(wa.end, wb.end, tol)):
                    diffs.append(f"{where} word {j + 1}: {wa.text!r}@{wa.start} != {wb.text!r}@{wb.start}")
                    break
    return diffs


def _compare_marks(a: Interview, b: Interview, tol: int, ends: bool = True) -> list[str]:
    if len(a.marks) != len(b.marks):
        return [f"mark count: {len(a.marks)} != {len(b.marks)}"]
    if not ends:
        return _compare_marks_by_place(a, b, tol)
    for i, (ma, mb) in enumerate(zip(a.marks, b.marks)):
        if ma.kind != mb.kind or not _close(ma.start, mb.start, tol):
            return [f"mark {i + 1}: {ma.kind}@{ma.start} != {mb.kind}@{mb.start}"]
    return []


def _compare_marks_by_place(a: Interview, b: Interview, tol: int) -> list[str]:
    """Marks by kind and place: the utterance (by position) for inline marks, else time."""
    def place(interview: Interview, mark: Mark) -> tuple[str, int]:
        index = next((i for i, u in enumerate(interview.utterances) if u.id == mark.utterance), -1)
        return mark.kind, index

    left = sorted((place(a, m), m.start) for m in a.marks)
    right = sorted((place(b, m), m.start) for m in b.marks)
    for i, ((pa, sa), (pb, sb)) in enumerate(zip(left, right)):
        if pa != pb or (pa[1] < 0 and not _close(sa, sb, tol)):
            return [f"mark {i + 1}: {pa[0]} in utterance {pa[1]}@{sa} != {pb[0]} in utterance {pb[1]}@{sb}"]
    return []
