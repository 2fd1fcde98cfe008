"""Who is asking, and may they: the checks every studio route makes first.

`reader` / `editor` / `admin` are FastAPI dependencies that return the account or
raise `LoginNeeded` / `Forbidden` (turned into a redirect to the login page, a 401
or a 403 by the app). `posted` reads a form and checks its CSRF token. `shown`
loads an interview the way a reader may see it: an embargoed one is `NotFound` for
a viewer, the same answer as for an id that does not exist.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fastapi import Request

from greenroom.errors import NotFound
from greenroom.library import access
from greenroom.library.access import User
from greenroom.web.reading import Interviews
from greenroom.web.session import token_ok
from greenroom.web.throttle import LoginLimit

if TYPE_CHECKING:
    from jinja2 import Environment

    from greenroom.backends.embed import SentenceEmbedder
    from greenroom.library.store import Library
    from greenroom.model import Interview

# The one user of a studio that runs open (loopback, no accounts yet).
OPEN_USER = User("local", "admin")


class LoginNeeded(Exception):
    """The route needs an account and the request has none."""


class Forbidden(Exception):
    """The account may not do this (its role), or the form's CSRF token is wrong."""


@dataclass
class Studio:
    """What every request shares: the library, the session key, the templates, and
    whether the studio may run open (bound to a loopback address only)."""

    library: Library
    key: bytes
    loopback: bool
    secure_cookies: bool
    env: Environment
    semantic: bool = False  # search by meaning too (the `analyze` extra is installed)
    retime: bool = False  # time corrected lines from the audio (the `capture` extra is installed)
    logins: LoginLimit = field(default_factory=LoginLimit)  # failed logins per account and address
    interviews: Interviews = field(default_factory=Interviews)  # the last few the read-only pages read

    def embedder(self) -> SentenceEmbedder | None:
        """The sentence embedder for search by meaning (loaded once), or None."""
        if not self.semantic:
            return None
        from greenroom.backends.embed import default_embedder

        return default_embedder()


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 or "localhost": only this machine can reach it."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def studio(request: Request) -> Studio:
    found: Studio = request.app.state.studio
    return found


def current_user(request: Request) -> User | None:
    """The logged-in account (its role read now), the open user, or None."""
    st = studio(request)
    name = request.state.session.user
    if name:
        found = access.user(st.library, name)
        if found is not None:
            return found
    if st.loopback and not access.has_users(st.library):
        return OPEN_USER
    return None


def reader(request: Request) -> User:
    found = current_user(request)
    if found is None:
        raise LoginNeeded()
    return found


def editor(request: Request) -> User:
    return _at_least(request, "editor", "viewers can read but not change anything")


def admin(request: Request) -> User:
    return _at_least(request, "admin", "only admins may do this")


def _at_least(request: Request, role: str, why: str) -> User:
    found = reader(request)
    if not found.can(role):
        raise Forbidden(why)
    return found


async def posted(request: Request) -> dict[str, str]:
    """The POSTed form's text fields, once its CSRF token matched the session's."""
    form = await request.form()
    sent = form.get("csrf")
    token = sent if isinstance(sent, str) else request.headers.get("x-csrf-token")
    if not token_ok(request.state.session, token):
        raise Forbidden("the form's security token is missing or stale: reload the page and try again")
    return {k: v for k, v in form.items() if isinstance(v, str)}


def hidden(library: Library, user: User) -> dict[str, str]:
    """Interviews this account may not see (id → embargo date): none for editors."""
    return {} if user.can("editor") else access.embargoes(library)


def check_visible(library: Library, user: User, interview_id: str) -> str:
    """The full id of an interview this account may see; `NotFound` otherwise."""
    iid = library._resolve(interview_id)
    if iid in hidden(library, user):
        raise NotFound(f"no interview {interview_id}")
    return iid


def shown(library: Library, user: User, interview_id: str) -> Interview:
    """The interview, when this account may see it; `NotFound` otherwise."""
    return library.get(check_visible(library, user, interview_id))


def read_only(request: Request, user: User, interview_id: str) -> Interview:
    """As `shown`, for a page that only reads it: a copy the studio kept, shared with
    other requests, while the stored interview has not changed, its lines without
    word times (`reading.with_words` reads those of a part). Never change it."""
    st = studio(request)
    return st.interviews.get(st.library, check_visible(st.library, user, interview_id))
