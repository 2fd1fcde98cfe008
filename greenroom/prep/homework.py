"""Homework: what the library already holds about a guest, for the plan's one-page brief.

Past interviews are found by the guest's name among each interview's guests (or, when
roles were never set, among its non-interviewer speakers). For each: the questions asked
(from its turns, found on the fly when it was never analyzed) and its notable moments
(only when it was analyzed). The questions also feed the linter's already-answered check.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from greenroom import timecode
from greenroom.analyze.privacy_rules import sentence_times
from greenroom.model import Interview, Moment, Speaker
from greenroom.prep.lint import PastQuestion, past_questions

if TYPE_CHECKING:
    from greenroom.library import Library, Summary

MOMENTS_PER_INTERVIEW = 3
QUOTE_CHARS = 160


@dataclass
class PastMoment:
    interview_id: str
    kind: str
    start: int
    score: float
    text: str

    @property
    def link(self) -> str:
        return f"greenroom://{self.interview_id}#t={self.start // 1000}"

    @property
    def clock(self) -> str:
        return timecode.clock(self.start)


@dataclass
class PastInterview:
    id: str
    title: str
    added: str
    questions: list[PastQuestion] = field(default_factory=list)
    moments: list[PastMoment] = field(default_factory=list)
    analyzed: bool = False


@dataclass
class Homework:
    """The guest's past interviews; `note` says why there are none, when there are none."""

    guest: str
    interviews: list[PastInterview] = field(default_factory=list)
    note: str = ""

    @property
    def questions(self) -> list[PastQuestion]:
        return [q for i in self.interviews for q in i.questions]

    @property
    def moments(self) -> list[PastMoment]:
        return sorted((m for i in self.interviews for m in i.moments), key=lambda m: -m.score)

    def topics(self) -> Counter[str]:
        """How often each topic was asked about before (from the turn analyzer's topics)."""
        return Counter(q.topic for q in self.questions if q.topic)

    def to_dict(self) -> dict[str, Any]:
        return {
            "guest": self.guest, "note": self.note, "topics": dict(self.topics()),
            "interviews": [{
                "id": i.id, "title": i.title, "added": i.added, "analyzed": i.analyzed,
                "questions": [{"text": q.text, "turn": q.turn_id, "start": q.start, "kind": q.kind,
                               "topic": q.topic, "link": q.link} for q in i.questions],
                "moments": [{"kind": m.kind, "start": m.start, "score": m.score, "text": m.text,
                             "link": m.link} for m in i.moments],
            } for i in self.interviews],
        }


def same_person(a: str, b: str) -> bool:
    """ "Tom Hale" is "tom hale" and "Tom J. Hale"; a lone "Tom" is nobody in particular."""
    left, right = a.casefold().replace(".", " ").split(), b.casefold().replace(".", " ").split()
    if not left or not right:
        return False
    short, long = sorted((left, right), key=len)
    return short == long or (len(short) >= 2 and set(short) <= set(long))


def _guests(summary: Summary) -> list[str]:
    return summary.guests or [s for s in summary.speakers if s not in summary.interviewers]


def gather(library: Library | None, guest: str) -> Homework:
    """Everything `library` holds about `guest` (newest interview first)."""
    if library is None:
        return Homework(guest, note="There is no library yet, so no past interviews to study.")
    found = [s for s in library.list() if any(same_person(guest, g) for g in _guests(s))]
    if not found:
        return Homework(guest, note=f"The library holds no interviews with {guest}.")
    return Homework(guest, [study(library.get(s.id), s.added, guest) for s in found])


def study(interview: Interview, added: str = "", guest: str = "") -> PastInterview:
    """One past interview's questions and top moments; with `guest`, only the questions
    put to that guest (`guest_speakers`), answered in their own words."""
    moments = sorted(interview.moments, key=lambda m: -m.score)[:MOMENTS_PER_INTERVIEW]
    speakers = guest_speakers(interview, guest) if guest else None
    questions = past_questions(interview, speakers)
    if guest and speakers is None and len(_answerers(interview)) > 1:  # whose answer is whose: unknown
        questions = [replace(q, answer="") for q in questions]
    return PastInterview(
        interview.id, interview.title, added, questions,
        [PastMoment(interview.id, m.kind, m.start, m.score, quote(interview, m) or m.reason) for m in moments],
        analyzed=bool(interview.turns or interview.moments))


def _answerers(interview: Interview) -> list[Speaker]:
    spoken = {u.speaker for u in interview.utterances}
    return [s for s in interview.speakers if s.id in spoken and s.role not in ("interviewer", "other")]


def guest_speakers(interview: Interview, guest: str) -> set[str] | None:
    """The speaker ids that are `guest` in `interview`, by name; None (everyone who
    answers) when no speaker carries the guest's name, as in a transcript whose labels
    were never renamed: the interview is listed under the guest, so its questions are
    theirs, but with several people answering, no answer is quoted as the guest's."""
    named = {s.id for s in interview.speakers if same_person(guest, s.display)}
    return named or None


def quote(interview: Interview, moment: Moment) -> str:
    """The sentences of the moment's utterances that fall inside its span, shortened."""
    by_id = {u.id: u for u in interview.utterances}
    said = [text for uid in moment.utterances if uid in by_id
            for text, start, end in sentence_times(by_id[uid]) if end > moment.start and start < moment.end]
    text = " ".join(said)
    return text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS].rsplit(" ", 1)[0] + "…"
