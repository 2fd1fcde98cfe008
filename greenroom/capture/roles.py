"""Who is the interviewer and who the guest.

Names the user gives win; otherwise the speaker who asks the most questions is
the interviewer and the others are guests. Either way the result is written to
`Speaker.role` and mirrored in `Interview.people`.
"""

from __future__ import annotations

from greenroom.model import Interview, Person, Speaker

MIN_QUESTION_SHARE = 0.2


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


FLOOR_SHARE = 4.0  # a speaker talking this many times longer than the rest together is answering


def likely_interviewer(interview: Interview) -> Speaker | None:
    """The guess when nobody named the interviewer: the speaker with a clear lead
    in the share of turns that end on a question, else in the share of turns
    that ask anything, else the quieter of two.

    A turn that ends on a question hands the floor over, which is what a host
    does; a guest's questions are mostly rhetorical and mid-answer ("Who writes
    about ants at seven? I did."), or asked back in passing. A host's turn can
    go on after its question too ("What was that like? You were nineteen."), so
    any question counts next. Shares, not counts, and the quieter of two when
    shares are close: a guest who talks three times as long can ask more in all."""
    if len(interview.speakers) < 2:
        return None
    said = {s.id: [u.text for u in interview.utterances if u.speaker == s.id] for s in interview.speakers}
    said = {sid: texts for sid, texts in said.items() if len(texts) >= 2}
    for asks in (_ends_on_question, lambda text: "?" in text or "？" in text):
        leader = _clear_lead({sid: sum(map(asks, texts)) / len(texts) for sid, texts in said.items()})
        if leader and not _holds_the_floor(interview, leader):
            return interview.speaker(leader)
    return _quieter_of_two(interview)


def _holds_the_floor(interview: Interview, sid: str) -> bool:
    """Whether `sid` talks FLOOR_SHARE times longer than everyone else together: a
    guest, whatever their share of questions. A long answer full of rhetorical
    "right?" and "you know?" once made a guest who spoke 110 of 119 minutes the host."""
    mine = _talk_ms(interview, sid)
    others = sum(_talk_ms(interview, s.id) for s in interview.speakers if s.id != sid)
    return mine > FLOOR_SHARE * others


def _clear_lead(share: dict[str, float]) -> str | None:
    ranked = sorted(share.items(), key=lambda kv: kv[1], reverse=True)
    if ranked and ranked[0][1] >= MIN_QUESTION_SHARE and (len(ranked) == 1 or ranked[1][1] < ranked[0][1] * 0.8):
        return ranked[0][0]
    return None


def _ends_on_question(text: str) -> bool:
    """Like `analyze.turns.is_question_sentence` on the last mark (capture comes first, so no import)."""
    return text.rstrip().rstrip("\"'”’)]").endswith(("?", "？"))


def _quieter_of_two(interview: Interview) -> Speaker | None:
    """In a two-person conversation with no clear asker, the one who talks less hosts."""
    if len(interview.speakers) != 2:
        return None
    talk = {s.id: _talk_ms(interview, s.id) for s in interview.speakers}
    quiet, loud = sorted(interview.speakers, key=lambda s: talk[s.id])
    return quiet if talk[quiet.id] < 0.6 * talk[loud.id] else None


def _talk_ms(interview: Interview, speaker_id: str) -> int:
    return sum(u.end - u.start for u in interview.utterances if u.speaker == speaker_id)


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
                         key=lambda s: -_talk_ms(interview, s.id))
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
