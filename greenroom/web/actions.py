"""What an editor changes from the studio: clear or keep a privacy flag, rename or
merge speakers, give a line to another speaker, edit the card, set or lift an embargo;
and what only an admin does: add and remove accounts.

Each action is the library's own operation (`policy.clear`/`unclear`, the speaker
edits of `library.speakers`, `publish.cards.apply_edit`) run through `Library.rewrite(quick=True)`, as the CLI
runs them, and is written to the audit log with who did it. A plain form post is
answered with a redirect back to the page; an htmx post with the section it changed.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from greenroom import policy
from greenroom.errors import EditError
from greenroom.library import access
from greenroom.library.access import User
from greenroom.library.speakers import SpeakerEdits, edit_stored
from greenroom.model import Card, Interview
from greenroom.web import guard, views
from greenroom.web.app import render
from greenroom.web.guard import studio

router = APIRouter()
Editor = Annotated[User, Depends(guard.editor)]
Admin = Annotated[User, Depends(guard.admin)]
Form = Annotated[dict[str, str], Depends(guard.posted)]


def _back(request: Request, interview_id: str, anchor: str) -> Response:
    """Back to the page at `anchor`; a line's anchor (`u-ID`) also asks for the part holding it."""
    return RedirectResponse(views.line_url(interview_id, anchor[2:]) if anchor.startswith("u-")
                            else f"/interviews/{interview_id}#{anchor}", status_code=303)


def _flags_section(request: Request, interview: Interview, user: User, note: str) -> Response:
    if request.headers.get("hx-request") != "true":
        return _back(request, interview.id, "flags")
    return render(request, "_flags.html", {"iv": interview, "flags": views.flag_rows(interview),
                                           "can_edit": user.can("editor"), "note": note})


@router.post("/interviews/{interview_id}/flags/{flag_id}/clear", include_in_schema=False)
def clear_flag(request: Request, interview_id: str, flag_id: str, user: Editor, form: Form) -> Response:
    """Clear a flag for publication, with the reason the policy requires."""
    library = studio(request).library
    iid = guard.check_visible(library, user, interview_id)
    reason = form.get("reason", "")
    interview, done = library.rewrite(iid, lambda iv: policy.clear(iv, flag_id, reason, by=user.name), quick=True)
    access.record(library, user.name, "clear-flag", iid, f"{flag_id}: {done.reason}")
    return _flags_section(request, interview, user, f"cleared {flag_id}")


@router.post("/interviews/{interview_id}/flags/{flag_id}/keep", include_in_schema=False)
def keep_flag(request: Request, interview_id: str, flag_id: str, user: Editor, form: Form) -> Response:
    """Keep a flag applying: take back a clearance if there is one, and record the decision."""
    library = studio(request).library
    iid = guard.check_visible(library, user, interview_id)
    interview, _ = library.rewrite(iid, lambda iv: _keep(iv, flag_id), quick=True)
    access.record(library, user.name, "keep-flag", iid, f"{flag_id}: {form.get('reason', '').strip() or 'kept'}")
    return _flags_section(request, interview, user, f"kept {flag_id}: publishing applies it")


def _keep(interview: Interview, flag_id: str) -> bool:
    """Take back `flag_id`'s clearance; True when the interview changed (so it is written)."""
    if not any(f.id == flag_id for f in interview.flags):
        raise EditError(interview.id, f"no flag {flag_id} in this interview")
    if any(c.flag == flag_id for c in interview.clearances):
        policy.unclear(interview, flag_id)
        return True
    return False


@router.post("/interviews/{interview_id}/speakers/{speaker_id}/merge", include_in_schema=False)
def merge_speaker(request: Request, interview_id: str, speaker_id: str, user: Editor, form: Form) -> Response:
    """Merge this speaker into another (form field `into`), as `greenroom speakers --merge` does:
    their lines move and the speaker goes. An unknown speaker or itself is `EditError`."""
    into = form.get("into", "").strip()
    return _speaker_edit(request, user, interview_id, "merge-speakers", SpeakerEdits(merge={speaker_id: into}),
                         problem="" if into else f"choose the speaker to merge {speaker_id} into")


@router.post("/interviews/{interview_id}/speakers/{speaker_id}", include_in_schema=False)
def rename_speaker(request: Request, interview_id: str, speaker_id: str, user: Editor, form: Form) -> Response:
    """Name a speaker (and set their role), as `greenroom speakers --name` does."""
    name = " ".join(form.get("name", "").split())
    edits = SpeakerEdits(names={speaker_id: name})
    if form.get("role"):
        edits.roles[speaker_id] = form["role"]
    return _speaker_edit(request, user, interview_id, "rename-speaker", edits,
                         problem="" if name else f"give {speaker_id} a name")


@router.post("/interviews/{interview_id}/utterances/{utterance_id}/speaker", include_in_schema=False)
def reassign_line(request: Request, interview_id: str, utterance_id: str, user: Editor, form: Form) -> Response:
    """Give a whole line to another speaker, as `greenroom speakers --reassign` does."""
    edits = SpeakerEdits(reassign={utterance_id: form.get("speaker", "")})
    return _speaker_edit(request, user, interview_id, "reassign-line", edits, anchor=f"u-{utterance_id}")


def _speaker_edit(request: Request, user: User, interview_id: str, action: str, edits: SpeakerEdits,
                  anchor: str = "speakers", problem: str = "") -> Response:
    """Apply speaker edits through the CLI's operation (`library.speakers.edit_stored`),
    audit them under `action`, and go back to the page at `anchor`. `problem` (a form
    left empty) is an `EditError`, raised once the interview is known to be visible."""
    library = studio(request).library
    iid = guard.check_visible(library, user, interview_id)
    if problem:
        raise EditError(iid, problem)
    _, done = edit_stored(library, iid, edits)
    access.record(library, user.name, action, iid, "; ".join(done))
    return _back(request, iid, anchor)


@router.post("/interviews/{interview_id}/card", include_in_schema=False)
def edit_card(request: Request, interview_id: str, user: Editor, form: Form) -> Response:
    """Edit the card as `greenroom card --set` does: an edited field survives
    re-analysis, and a typed quote must be verbatim and unflagged (`InputError`)."""
    from greenroom.publish.cards import CardEdit, apply_edit

    library = studio(request).library
    iid = guard.check_visible(library, user, interview_id)
    edit = CardEdit(learn=_lines(form.get("learn", "")), impact=form.get("impact", "").strip(),
                    angle=form.get("angle", "").strip(), quotes=_lines(form.get("quotes", "")))

    def change(interview: Interview) -> list[str]:
        """The fields the edit changed (none: nothing is written)."""
        old = interview.card.to_dict() if interview.card else {}
        new = apply_edit(interview, edit).to_dict()
        return [name for name in Card.FIELDS if old.get(name) != new.get(name)]

    _, changed = library.rewrite(iid, change, quick=True)
    if changed:
        access.record(library, user.name, "edit-card", iid, "changed " + ", ".join(changed))
    return _back(request, iid, "card")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@router.post("/interviews/{interview_id}/embargo", include_in_schema=False)
def embargo(request: Request, interview_id: str, user: Editor, form: Form) -> Response:
    """Set (YYYY-MM-DD) or lift (empty) the date until which viewers cannot see it."""
    library = studio(request).library
    text = form.get("until", "").strip()
    until = access.parse_day(text) if text else None
    iid = access.set_embargo(library, interview_id, until)
    access.record(library, user.name, "embargo", iid, f"until {until}" if until else "lifted")
    return _back(request, iid, "top")


@router.post("/users", include_in_schema=False)
def add_account(request: Request, user: Admin, form: Form) -> Response:
    """Add an account (or change one, with replace=1), as `greenroom users add` does."""
    library = studio(request).library
    first = not access.has_users(library)
    if first and form.get("role") != "admin":
        raise EditError("user", "the first account must be an admin: once one exists the studio is no longer open")
    done = access.add_user(library, form.get("name", "").strip(), form.get("role", ""), form.get("password", ""),
                           replace=form.get("replace") == "1")
    access.record(library, user.name, "add-user", None, f"{done.name} as {done.role}")
    return RedirectResponse("/login?next=%2Fusers" if first else "/users", status_code=303)


@router.post("/users/{name}/remove", include_in_schema=False)
def remove_account(request: Request, name: str, user: Admin, form: Form) -> Response:
    """Remove an account; an admin cannot remove their own (someone must be left to manage)."""
    library = studio(request).library
    if name == user.name:
        raise EditError("user", "you cannot remove your own account: ask another admin")
    access.remove_user(library, name)
    access.record(library, user.name, "remove-user", None, name)
    return RedirectResponse("/users", status_code=303)
