"""Studio sessions: a signed cookie naming the account and carrying a CSRF token.

The cookie holds no secret, only `{"u": name, "c": csrf, "t": issued}` signed with
HMAC-SHA256 under the library's session key, so a forged or edited cookie is an
anonymous session. The account's role is read from the library on every request:
removing an account or lowering its role takes effect at once.

Every POST must carry the session's CSRF token (form field `csrf`, or the
`X-CSRF-Token` header htmx sends), so another site cannot post on a user's behalf.
The login form is protected too: an anonymous visitor gets a session (and token)
on the first page they open.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass, field

COOKIE = "greenroom_session"
MAX_AGE_S = 14 * 24 * 3600


@dataclass
class Session:
    """What the cookie says: who (or "" when nobody is logged in) and the CSRF token."""

    user: str = ""
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    issued: int = field(default_factory=lambda: int(time.time()))
    fresh: bool = True  # made on this request, so the response must set the cookie


def _sign(key: bytes, body: bytes) -> str:
    return hmac.new(key, body, hashlib.sha256).hexdigest()


def dump(session: Session, key: bytes) -> str:
    """The cookie value for `session`."""
    body = base64.urlsafe_b64encode(json.dumps(
        {"u": session.user, "c": session.csrf, "t": session.issued}, separators=(",", ":")).encode())
    return f"{body.decode()}.{_sign(key, body)}"


def load(value: str | None, key: bytes, now: float | None = None) -> Session:
    """The session a cookie holds, or a new anonymous one when it is absent,
    forged, malformed or older than MAX_AGE_S."""
    if not value or "." not in value:
        return Session()
    body, signature = value.rsplit(".", 1)
    if not hmac.compare_digest(_sign(key, body.encode()), signature):
        return Session()
    try:
        data = json.loads(base64.urlsafe_b64decode(body.encode()))
        session = Session(str(data["u"]), str(data["c"]), int(data["t"]), fresh=False)
    except (ValueError, KeyError, TypeError):
        return Session()
    if (now or time.time()) - session.issued > MAX_AGE_S:
        return Session()
    return session


def token_ok(session: Session, sent: str | None) -> bool:
    """Is `sent` this session's CSRF token? Constant-time."""
    return bool(sent) and hmac.compare_digest(session.csrf.encode(), (sent or "").encode())
