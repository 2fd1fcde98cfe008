"""The studio's pages and their JSON twins: the library, an interview, search,
the audit log, logging in and out. Every read goes through `guard`, so an
embargoed interview is absent for a viewer wherever it would appear.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from greenroom.errors import InputError, NotFound
from greenroom.library import access, catalog
from greenroom.library.access import User
from greenroom.web import charts, guard, session, throttle, views
from greenroom.web.app import render
from greenroom.web.guard import reader, studio

router = APIRouter()
Reader = Annotated[User, Depends(reader)]
Editor = Annotated[User, Depends(guard.editor)]
SEARCH_LIMIT = 100
MODES = ("hybrid", "text")


# -- the library -------------------------------------------------------------

def _catalog(request: Request, user: User, guest: str, project: str, sort: str,
             filters: catalog.Filters | None = None) -> tuple[catalog.Catalog, dict[str, str]]:
    library = studio(request).library
    running = access.embargoes(library)
    hidden = set(guard.hidden(library, user))
    return catalog.browse(library, guest=guest, project=project, sort=sort, hidden=hidden,
                          filters=filters), running


@router.get("/", include_in_schema=False)
def library_page(request: Request, user: Reader, guest: str = "", project: str = "",
                 sort: str = "added", theme: str = "", since: str = "", until: str = "") -> Response:
    filters = catalog.Filters(theme.strip(), since.strip(), until.strip())
    found, running = _catalog(request, user, guest, project, sort, filters)
    from greenroom.library import jobs

    uploads = jobs.of_kind(studio(request).library, "transcribe", limit=5) if user.can("editor") else []
    return render(request, "library.html", {"catalog": found, "embargoes": running, "guest": guest,
                                            "project": project, "sort": sort, "sorts": catalog.SORTS,
                                            "filters": filters, "uploads": uploads})


@router.get("/interviews.json", tags=["library"])
def library_json(request: Request, user: Reader, guest: str = "", project: str = "",
                 sort: Annotated[str, Query(description="added, title, duration or recorded")] = "added",
                 theme: Annotated[str, Query(description="a topic of the questions (craft, career, ...) or a "
                                                         "kind of moment (anecdote, humor, ...)")] = "",
                 since: Annotated[str, Query(description="recorded (else added) on or after YYYY-MM-DD")] = "",
                 until: Annotated[str, Query(description="recorded (else added) on or before YYYY-MM-DD")] = "",
                 ) -> dict[str, Any]:
    """Every interview this account may see, filtered by guest (part of a name),
    project, theme and date range, sorted, with counts per project, guest, theme
    and year."""
    filters = catalog.Filters(theme.strip(), since.strip(), until.strip())
    found, running = _catalog(request, user, guest, project, sort, filters)
    return views.catalog_json(found, running, filters)


# -- one interview -------------------------------------------------------------

@router.get("/interviews/{interview_id}.json", tags=["interviews"])
def interview_json(request: Request, interview_id: str, user: Reader) -> dict[str, Any]:
    """The stored interview (transcript, speakers, analysis layers, clearances),
    its embargo, its flags with their clearance state, and its media URL."""
    library = studio(request).library
    interview = guard.shown(library, user, interview_id)
    media = f"/interviews/{interview.id}/media" if views.media_file(interview) else None
    return views.interview_json(interview, embargo=access.embargo_of(library, interview.id), media_url=media)


def _chosen_part(interview: Any, found: list[views.Part], part: int | None, start_s: float | None,
                 t: int | None, u: str | None) -> views.Part | None:
    """The part a reader asked for: by number, from a time in seconds (`from`), a time
    in ms (`t`, what search hits link to) or a line's id, else the first. A number
    or line the interview lacks is an `InputError` (400), never a silent first part."""
    if not found:
        return None
    if part is not None:
        if not 0 <= part < len(found):
            raise InputError("part", f"this interview has parts 0 to {len(found) - 1}, not {part}")
        return found[part]
    if u:
        chosen = views.part_at(found, utterance_id=u, interview=interview)
        if chosen is None:
            raise InputError("u", f"this interview has no line {u!r}")
        return chosen
    if start_s is not None or t is not None:
        return views.part_at(found, ms=int(start_s * 1000) if start_s is not None else t)
    return found[0]


def _lines(request: Request, interview: Any, part: views.Part | None) -> list[views.Line]:
    """The lines of the part shown, with their words read for them alone."""
    if part is None:
        return []
    from greenroom.web.reading import with_words

    return views.part_lines(interview, with_words(studio(request).library, interview, part.first, part.end))


PartQuery = Annotated[int | None, Query(description="which part of the transcript, from 0")]
FromQuery = Annotated[float | None, Query(alias="from", ge=0, description="the part said at this second")]
TimeQuery = Annotated[int | None, Query(ge=0, description="the part said at this millisecond")]
LineQuery = Annotated[str | None, Query(description="the part holding this line (utterance id)")]


@router.get("/interviews/{interview_id}", include_in_schema=False)
def interview_page(request: Request, interview_id: str, user: Reader, part: PartQuery = None,
                   start_s: FromQuery = None, t: TimeQuery = None, u: LineQuery = None) -> Response:
    """The interview with one part of its transcript (the rest loads as the reader
    scrolls, or through plain links to each part where there is no JavaScript)."""
    library = studio(request).library
    interview = guard.read_only(request, user, interview_id)
    media = views.media_file(interview)
    from greenroom.library import corrections, jobs

    found = views.parts(interview)
    shown = _chosen_part(interview, found, part, start_s, t, u)
    editor = user.can("editor")
    log = access.audit_log(library, interview.id, limit=50) if editor else []
    return render(request, "interview.html", {
        "clip_jobs": jobs.of_interview(library, interview.id, limit=10, kind="clip"),
        "edits": corrections.history(library, interview.id, limit=10) if editor else [],
        "word_diff": corrections.diff, "parts": found, "shown": shown,
        "lines": _lines(request, interview, shown), "flags": views.flag_rows(interview),
        "iv": interview, "moments": views.moment_rows(interview),
        "media_url": f"/interviews/{interview.id}/media" if media else None,
        "media_kind": views.media_kind(media) if media else None, "embargo": access.embargo_of(library, interview.id),
        "audit": log, "can_edit": user.can("editor"), "coaching": charts.coaching_chart(interview)})


@router.get("/interviews/{interview_id}/part", include_in_schema=False)
def interview_part(request: Request, interview_id: str, user: Reader, n: PartQuery = None,
                   t: TimeQuery = None, u: LineQuery = None) -> Response:
    """One part of the transcript as a fragment (the page fetches it as the reader
    scrolls there, or a seek, search hit or link lands in it): `n`, `t` or `u` as
    the page takes them."""
    interview = guard.read_only(request, user, interview_id)
    found = views.parts(interview)
    shown = _chosen_part(interview, found, n, None, t, u)
    if shown is None:
        raise NotFound(f"interview {interview.id} has no transcript")
    return render(request, "_part.html", {
        "iv": interview, "parts": found, "part": shown, "lines": _lines(request, interview, shown),
        "media_url": views.media_url(interview), "can_edit": user.can("editor")})


@router.get("/interviews/{interview_id}/media", tags=["interviews"], response_class=FileResponse)
def media(request: Request, interview_id: str, user: Reader) -> Response:
    """The interview's recorded media file, with byte ranges for seeking. Only the
    file the interview records as its media is ever served: the URL names no path."""
    library = studio(request).library
    iid = guard.check_visible(library, user, interview_id)
    path = views.servable(catalog.media_path(library, iid))
    if path is None:
        raise NotFound(f"interview {iid} has no media file the studio can serve")
    return FileResponse(path, filename=None, content_disposition_type="inline")


@router.get("/interviews/{interview_id}/utterances/{utterance_id}/speaker", include_in_schema=False)
def reassign_form(request: Request, interview_id: str, utterance_id: str, user: Editor) -> Response:
    from greenroom.library.speakers import utterance_of

    interview = guard.shown(studio(request).library, user, interview_id)
    line = utterance_of(interview, utterance_id)
    return render(request, "reassign.html", {"iv": interview, "u": line})


# -- search --------------------------------------------------------------------

def _hits(request: Request, user: User, q: str, guest: str, mode: str, guests_only: bool = False,
          kind: str = "") -> list[Any]:
    """The best SEARCH_LIMIT hits this account may see, by words and meaning
    (`mode` "hybrid") or by words only ("text"); embargoed interviews are left out
    inside the search, so a line also said in a visible interview is shown from it."""
    from greenroom.library.semantic import hybrid

    st = studio(request)
    embedder = st.embedder() if mode == "hybrid" else None
    return hybrid(st.library, q, embedder, limit=SEARCH_LIMIT, guest=guest or None, guests_only=guests_only,
                  kind=kind or None, markers=(views.MARK_OPEN, views.MARK_CLOSE),
                  hidden=guard.hidden(st.library, user))


def _mode(request: Request, mode: str) -> str:
    if mode not in MODES:
        raise InputError("mode", f"unknown search mode {mode!r}: use hybrid or text")
    return "hybrid" if mode == "hybrid" and studio(request).semantic else "text"


def _kinds(request: Request) -> list[str]:
    """The moment kinds found in the library, for the search filter."""
    rows = studio(request).library._read("""SELECT DISTINCT json_extract(m.value, '$.kind') FROM layers l,
        json_each(l.data) m WHERE l.name = 'moments' ORDER BY 1""")
    return [r[0] for r in rows if r[0]]


@router.get("/search", include_in_schema=False)
def search_page(request: Request, user: Reader, q: str = "", guest: str = "", mode: str = "hybrid",
                said: str = "", kind: str = "") -> Response:
    used = _mode(request, mode)
    hits = _hits(request, user, q, guest, used, said == "guests", kind) if q.strip() else []
    return render(request, "search.html", {"q": q, "guest": guest, "hits": hits, "hit_url": views.hit_url, "line_url": views.line_url,
                                           "mode": used, "semantic": studio(request).semantic,
                                           "said": said, "kind": kind, "kinds": _kinds(request)})


@router.get("/search.json", tags=["search"])
def search_json(request: Request, user: Reader,
                q: Annotated[str, Query(description='words, "a phrase", or a prefix*')] = "",
                guest: Annotated[str, Query(description="only interviews with this guest (part of a name)")] = "",
                mode: Annotated[str, Query(description="hybrid: words and meaning fused by reciprocal "
                                                       "rank; text: words only")] = "hybrid",
                said: Annotated[str, Query(description="guests: only what guests said")] = "",
                kind: Annotated[str, Query(description="only lines inside a moment of this kind "
                                                       "(anecdote, humor, ...)")] = "") -> dict[str, Any]:
    """What was said that matches, best first (a guest's own words weighted up), with
    snippets (word matches in [brackets]), the speaker's role and the time to jump to.
    The mode says what was used: hybrid falls back to text where the `analyze` extra
    is not installed."""
    used = _mode(request, mode)
    if said not in ("", "guests", "anyone"):
        raise InputError("said", f"unknown speaker filter {said!r}: use guests or leave it out")
    hits = _hits(request, user, q, guest, used, said == "guests", kind) if q.strip() else []
    return {"query": q, "mode": used, "said": said or "anyone", "kind": kind or None, "count": len(hits),
            "hits": [views.hit_json(h) for h in hits]}


# -- the audit log -----------------------------------------------------------------

@router.get("/audit", include_in_schema=False)
def audit_page(request: Request, user: Editor) -> Response:
    return render(request, "audit.html", {"entries": access.audit_log(studio(request).library)})


@router.get("/audit.json", tags=["audit"])
def audit_json(request: Request, user: Editor) -> dict[str, Any]:
    """Who cleared or kept a flag, edited a speaker or set an embargo, newest first."""
    entries = access.audit_log(studio(request).library)
    return {"entries": [e.__dict__ for e in entries]}


# -- accounts (admins) ---------------------------------------------------------------

@router.get("/users", include_in_schema=False)
def users_page(request: Request, user: Annotated[User, Depends(guard.admin)]) -> Response:
    return render(request, "users.html", {"accounts": access.users(studio(request).library), "roles": access.ROLES})


@router.get("/users.json", tags=["accounts"])
def users_json(request: Request, user: Annotated[User, Depends(guard.admin)]) -> dict[str, Any]:
    """The studio's accounts and their roles (admins only; never a password)."""
    return {"users": [u.__dict__ for u in access.users(studio(request).library)]}


# -- logging in ----------------------------------------------------------------------

def _safe_next(target: str) -> str:
    """Only a path on this site: never `//elsewhere` or `https://elsewhere`."""
    return target if target.startswith("/") and not target.startswith(("//", "/\\")) else "/"


@router.get("/login", include_in_schema=False)
def login_page(request: Request, next: str = "/") -> Response:
    return render(request, "login.html", {"next": _safe_next(next), "failed": False})


@router.post("/login", include_in_schema=False)
def login(request: Request, form: Annotated[dict[str, str], Depends(guard.posted)]) -> Response:
    name, address = form.get("name", ""), request.client.host if request.client else ""
    target = _safe_next(form.get("next", "/"))
    limit = studio(request).logins
    wait = limit.wait_s(name, address)
    if wait:
        answer = render(request, "login.html", {"next": target, "name": name, "failed": (
            f"Too many failed logins: try again in {throttle.wait_words(wait)}.")}, 429)
        answer.headers["Retry-After"] = str(wait)
        return answer
    found = access.authenticate(studio(request).library, name, form.get("password", ""))
    if found is None:
        limit.failed(name, address)
        return render(request, "login.html", {"next": target, "failed": True, "name": name}, 401)
    limit.succeeded(name)
    request.state.session = session.Session(user=found.name)  # a new token: no fixation
    return RedirectResponse(target, status_code=303)


@router.post("/logout", include_in_schema=False)
def logout(request: Request, form: Annotated[dict[str, str], Depends(guard.posted)]) -> Response:
    request.state.session = session.Session()
    return RedirectResponse("/login", status_code=303)
