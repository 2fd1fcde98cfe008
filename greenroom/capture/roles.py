"""Who is the interviewer and who the guest.

Names the user gives win; otherwise the speaker who asks the most questions is
the interviewer (`text.questions.likely_asker`, the one rule the turn analyzer
uses too) and the others are guests. Either way the result is written to
`Speaker.role` and mirrored in `Interview.people`.
"""

from __future__ import annotations

from greenroom.model import Interview, Person, Speaker
from greenroom.text.questions import likely_asker, talk_ms

likely_interviewer = likely_asker  # the guess when nobody named the interviewer (text.questions says how)


def assign_roles(interview: Interview, guests: list[str] | None = None,
                 interviewers: list[str] | None = None) -> Interview:
    """Set speaker roles from the given names, then by who asks; return the interview."""
    guests, interviewers = guests or [], interviewers or []
    for name in interviewers:
        _claim(interview, name, "interviewer")
    for name in guests:
        _claim(interview, name, "guest")
    if not any(s.role == "interviewer" for s in interview.speakers):
        asker = likely_interviewer(interview)
        if asker is not None and asker.role == "unknown":
            asker.role = "interviewer"
    if any(s.role == "interviewer" for s in interview.speakers):
        for speaker in interview.speakers:
            if speaker.role == "unknown":
                speaker.role = "guest"
    _sync_people(interview)
    return interview


def _matches(speaker: Speaker, name: str) -> bool:
    """"Lex" matches "Lex Fridman" and the other way round; case does not matter."""
    wanted = name.casefold().split()
    have = (speaker.name or speaker.label).casefold().split()
    if not wanted or not have:
        return False
    return wanted == have or have == wanted[: len(have)] or wanted == have[: len(wanted)]


def _claim(interview: Interview, name: str, role: str) -> None:
    for speaker in interview.speakers:
        if _matches(speaker, name) or speaker.label.casefold() == name.casefold():
            speaker.role = role
            if len(name.split()) >= len((speaker.name or "").split()):
                speaker.name = name
            return
    if not any(p.name.casefold() == name.casefold() for p in interview.people):
        interview.people.append(Person(name, role))


def name_roles(interview: Interview, guests: list[str] | None = None,
               interviewers: list[str] | None = None) -> Interview:
    """Give names to speakers known only by role (transcribed audio: "Speaker 1").

    Names already matching a speaker are claimed first; the rest go to unnamed
    speakers of that role, the one who talks most first.
    """
    guests, interviewers = list(guests or []), list(interviewers or [])
    for names, role in ((interviewers, "interviewer"), (guests, "guest")):
        named = {(s.name or "").casefold() for s in interview.speakers}
        unnamed = sorted((s for s in interview.speakers if s.role == role and not s.name),
                         key=lambda s: -talk_ms(interview, s.id))
        for name in [n for n in names if n.casefold() not in named]:
            if unnamed:
                unnamed.pop(0).name = name
    return assign_roles(interview, guests, interviewers)


def _sync_people(interview: Interview) -> None:
    known = {p.name.casefold(): p for p in interview.people}
    for speaker in interview.speakers:
        if speaker.name and speaker.role in ("interviewer", "guest"):
            person = known.get(speaker.name.casefold())
            if person is None:
                person = Person(speaker.name, speaker.role)
                interview.people.append(person)
                known[speaker.name.casefold()] = person
            person.role = speaker.role


def edit_speakers(interview: Interview, names: dict[str, str], roles: dict[str, str]) -> Interview:
    """Set speaker names and roles by speaker id (the user overriding what was guessed).

    Raises `ValueError` naming an unknown speaker id or role.
    """
    from greenroom.model import ROLES

    for sid in [*names, *roles]:
        if interview.speaker(sid) is None:
            known = ", ".join(s.id for s in interview.speakers)
            raise ValueError(f"no speaker {sid} in this interview (speakers: {known})")
    for sid, role in roles.items():
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r} (choose from {', '.join(ROLES)})")
        speaker = interview.speaker(sid)
        assert speaker is not None
        speaker.role = role
    for sid, name in names.items():
        speaker = interview.speaker(sid)
        assert speaker is not None
        speaker.name = name
    interview.people = [p for p in interview.people if p.role not in ("interviewer", "guest")]
    _sync_people(interview)
    return interview
