"""Who may use the library through the studio, what they may see, and what they did.

Accounts have one of three roles, each able to do what the one before it can:
a viewer reads, an editor also corrects, clears flags, cuts and sets embargoes, an
admin also manages accounts. Passwords are stored as salted scrypt hashes only.

An embargo date hides an interview from viewers until that day (UTC): it is absent
from their library, search and JSON, and its media is not served to them.

The audit log records who cleared a flag, edited a speaker, set an embargo or added
an account, and when, so a published decision can always be traced to a person.

These functions take a `Library` and run through its one write path, so they sit
behind the same interface a PostgreSQL backend will implement.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime

from greenroom.errors import InputError, NotFound
from greenroom.library.store import Library

ROLES = ("viewer", "editor", "admin")
MIN_PASSWORD = 8
MAX_PASSWORD = 1024  # scrypt of a megabyte is a denial of service, not a password
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}
# Checked against when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY = "scrypt$16384$8$1$00$00"


@dataclass(frozen=True)
class User:
    """An account: its name and role (never its password)."""

    name: str
    role: str
    added: str = ""

    def can(self, role: str) -> bool:
        """Does this account hold `role` or a higher one?"""
        return ROLES.index(self.role) >= ROLES.index(role)


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log."""

    at: str
    user: str
    action: str
    interview_id: str | None
    detail: str


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# -- passwords -------------------------------------------------------------

def hash_password(password: str) -> str:
    """A salted scrypt hash, self-describing so its cost can grow later."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **_SCRYPT)
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    """Does `password` match a `hash_password` result? Constant-time compare."""
    try:
        _, n, r, p, salt, digest = stored.split("$")
        got = hashlib.scrypt(password[:MAX_PASSWORD].encode(), salt=bytes.fromhex(salt),
                             n=int(n), r=int(r), p=int(p))
    except ValueError:
        return False
    return hmac.compare_digest(got.hex(), digest)


# -- accounts --------------------------------------------------------------

def _check_account(name: str, role: str, password: str) -> None:
    if not name or name != name.strip() or any(c.isspace() or not c.isprintable() for c in name):
        raise InputError("user", f"bad user name {name!r}: use letters, digits and punctuation, no spaces")
    if role not in ROLES:
        raise InputError("user", f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise InputError("user", f"a password needs {MIN_PASSWORD} to {MAX_PASSWORD} characters")


def add_user(library: Library, name: str, role: str, password: str, *, replace: bool = False) -> User:
    """Create an account (or, with `replace`, set an existing one's role and password).

    Raises `InputError` for a bad name, role or password, or a name already taken."""
    _check_account(name, role, password)
    hashed, added = hash_password(password), _now()

    def fn(conn: sqlite3.Connection) -> None:
        if conn.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone() and not replace:
            raise InputError("user", f"there is already a user {name!r} (use --replace to change it)")
        conn.execute("INSERT OR REPLACE INTO users(name, role, password, added) VALUES (?,?,?,?)",
                     (name, role, hashed, added))
    library._write(fn)
    return User(name, role, added)


def remove_user(library: Library, name: str) -> None:
    """Delete an account; `NotFound` when there is none by that name."""
    def fn(conn: sqlite3.Connection) -> None:
        if conn.execute("DELETE FROM users WHERE name = ?", (name,)).rowcount == 0:
            raise NotFound(f"no user {name!r} in {library.path}")
    library._write(fn)


def users(library: Library) -> list[User]:
    return [User(*row) for row in library._read("SELECT name, role, added FROM users ORDER BY name")]


def has_users(library: Library) -> bool:
    return bool(library._read("SELECT 1 FROM users LIMIT 1"))


def user(library: Library, name: str) -> User | None:
    rows = library._read("SELECT name, role, added FROM users WHERE name = ?", (name,))
    return User(*rows[0]) if rows else None


def authenticate(library: Library, name: str, password: str) -> User | None:
    """The account when `password` is right, else None (same cost either way)."""
    rows = library._read("SELECT name, role, added, password FROM users WHERE name = ?", (name,))
    stored = rows[0][3] if rows else _DUMMY
    ok = verify_password(password, stored)
    return User(*rows[0][:3]) if rows and ok else None


# -- embargoes -------------------------------------------------------------

def parse_day(text: str) -> date:
    """`YYYY-MM-DD` as a date; `InputError` naming the text otherwise."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError("embargo", f"bad date {text.strip()[:40]!r}: use YYYY-MM-DD") from None


def set_embargo(library: Library, interview_id: str, until: date | None) -> str:
    """Hide an interview from viewers until `until` (None lifts it); returns its full id.
    Raises `NotFound` for an unknown interview."""
    iid = library._resolve(interview_id)

    def fn(conn: sqlite3.Connection) -> None:
        conn.execute("DELETE FROM embargoes WHERE interview_id = ?", (iid,))
        if until is not None:
            conn.execute("INSERT INTO embargoes(interview_id, until) VALUES (?, ?)", (iid, until.isoformat()))
    library._write(fn)
    return iid


def embargoes(library: Library, today: date | None = None) -> dict[str, str]:
    """Interview id → embargo date, for the embargoes still running today (UTC)."""
    day = (today or datetime.now(UTC).date()).isoformat()
    return dict(library._read("SELECT interview_id, until FROM embargoes WHERE until > ?", (day,)))


def embargo_of(library: Library, interview_id: str, today: date | None = None) -> str | None:
    return embargoes(library, today).get(interview_id)


# -- audit -----------------------------------------------------------------

def record(library: Library, user_name: str, action: str, interview_id: str | None, detail: str) -> None:
    """Add a line to the audit log: who did what to which interview, now."""
    row = (_now(), user_name, action, interview_id, detail)
    library._write(lambda conn: conn.execute(
        "INSERT INTO audit(at, user, action, interview_id, detail) VALUES (?,?,?,?,?)", row))


def audit_log(library: Library, interview_id: str | None = None, limit: int = 200) -> list[AuditEntry]:
    """The newest audit lines first, for one interview or all."""
    sql = "SELECT at, user, action, interview_id, detail FROM audit"
    params: list[object] = []
    if interview_id is not None:
        sql += " WHERE interview_id = ?"
        params.append(interview_id)
    sql += " ORDER BY seq DESC LIMIT ?"
    return [AuditEntry(*row) for row in library._read(sql, [*params, limit])]


# -- the studio's signing key -------------------------------------------------

def session_secret(library: Library) -> bytes:
    """The key that signs studio sessions, made once and kept in the library, so
    a restart keeps everyone logged in and two servers on one library agree."""
    def fn(conn: sqlite3.Connection) -> str:
        conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('web_secret', ?)",
                     (secrets.token_hex(32),))
        return str(conn.execute("SELECT value FROM meta WHERE key = 'web_secret'").fetchone()[0])
    return bytes.fromhex(library._write(fn))
