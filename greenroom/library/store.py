"""The interview library: one SQLite file holding interviews, their layers and a
full-text index over what was said.

Every change goes through `Library._write`, which wraps one `BEGIN IMMEDIATE`
transaction: a crash, an exception or a SIGKILL mid-write leaves the file exactly
as it was before the call (WAL journaling does the rest on the next open).

Many processes may write one library. Write transactions are kept short: rows are
serialised before the transaction starts, and analyses compute outside it. A writer
that finds the library busy waits (logging a line every `WAIT_LOG_S` seconds) for up
to `WRITE_WAIT_LIMIT_S`, then fails with one `LibraryError` saying the library is busy.
"""

from __future__ import annotations

import builtins
import hashlib
import json
import logging
import os
import random
import sqlite3
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self, TypeVar

from greenroom import atomic, ids
from greenroom.errors import LibraryError, NotFound
from greenroom.library import migrations
from greenroom.library.search import Filters, Hit, build_query, keep, run
from greenroom.model import Interview

R = TypeVar("R")
log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
# A writer retries a busy library (each try waits BUSY_TIMEOUT_MS inside SQLite) for
# this long in all before giving up with a one-line "library is busy" error.
WRITE_WAIT_LIMIT_S = 120.0
WAIT_LOG_S = 10.0
MIN_PREFIX = 4
_SQLITE_MAGIC = b"SQLite format 3\x00"

# Test-only: seconds to sleep inside `_write` after the writes and before COMMIT,
# so the crash-safety test can SIGKILL a process that is mid-transaction.
PAUSE_ENV = "GREENROOM_TEST_PAUSE_IN_WRITE"

# Keys of the interview dict that live in their own tables rather than in `doc`.
_SPLIT_KEYS = ("schema_version", "speakers", "utterances", *Interview.LAYERS)
_SPEAKER_KEYS = ("id", "label", "name", "role")
_UTTERANCE_KEYS = ("id", "start", "end", "speaker", "text", "words", "confidence")


def default_path() -> Path:
    """Where the library lives unless told: $GREENROOM_LIBRARY, else XDG data home."""
    explicit = os.environ.get("GREENROOM_LIBRARY")
    if explicit:
        return Path(explicit).expanduser()
    data_home = os.environ.get("XDG_DATA_HOME")
    base = Path(data_home).expanduser() if data_home else Path.home() / ".local" / "share"
    return base / "greenroom" / "library.db"


@dataclass
class Summary:
    """One line of `list`: what an interview is, without loading its transcript."""

    id: str
    title: str
    guests: list[str]
    interviewers: list[str]
    speakers: list[str]
    utterances: int
    duration: int
    format: str | None
    source_path: str | None
    added: str
    layers: list[str]


class Changed(LibraryError):
    """An interview was written by someone else since it was read (see `Library.update`)."""


@dataclass
class _Rows:
    """An interview serialised for its tables, made before the write transaction so
    the write lock is held only for the inserts. Child rows lack the interview id,
    which may be decided inside the transaction; so does `doc` (small: no
    utterances), serialised at the insert."""

    row: tuple[Any, ...]
    doc: dict[str, Any]
    speakers: builtins.list[tuple[Any, ...]]
    utterances: builtins.list[tuple[Any, ...]]
    layers: builtins.list[tuple[str, str]]
    seed: bytes

    def values(self, iid: str) -> tuple[Any, ...]:
        """title, sha256, format, source_path, duration, doc, summary, guest_key."""
        return (*self.row[:5], _json({**self.doc, "id": iid}), *self.row[5:])


def _rows(interview: Interview) -> _Rows:
    data = interview.to_dict()
    layers = {n: data[n] for n in Interview.LAYERS if not _is_empty_layer(data[n])}
    doc = {k: v for k, v in data.items() if k not in _SPLIT_KEYS}
    source = interview.source
    row = (interview.title, source.sha256, source.format, source.path, interview.duration,
           _json(_summary(interview, builtins.list(layers))), _guest_key(interview))
    speakers = [(i, s["id"], s["label"], s["name"], s["role"], _extra(s, _SPEAKER_KEYS))
                for i, s in enumerate(data["speakers"])]
    utterances = [(i, u["id"], u["start"], u["end"], u["speaker"], u["text"], _json(u["words"]),
                   u["confidence"], _extra(u, _UTTERANCE_KEYS))
                  for i, u in enumerate(data["utterances"])]
    # The id seed (see `Library._new_id`), hashed here only when an id will be needed.
    needs_id = not source.sha256 and not (interview.id and ids.is_valid(interview.id))
    seed = source.sha256.encode() if source.sha256 else _canonical(interview) if needs_id else b""
    return _Rows(row, doc, speakers, utterances, [(n, _json(v)) for n, v in layers.items()], seed)


@dataclass
class AddResult:
    """What `add` did: `created` is False when the file was already there
    (deduplicated by sha256); `replaced` is True when `replace=True` overwrote it."""

    id: str
    created: bool
    title: str
    replaced: bool = False


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _canonical(interview: Interview) -> bytes:
    return json.dumps(interview.to_dict(), sort_keys=True, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _is_empty_layer(value: Any) -> bool:
    return value is None or (isinstance(value, list) and not value)


def _guest_key(interview: Interview) -> str:
    """Casefolded guest names, newline-joined, for the `guest=` filter.

    Guests are people or speakers with role "guest"; with none, everyone who is
    not an interviewer counts (so an interview without any roles matches any name).
    """
    names = interview.people_named("guest")
    if not names:
        hosts = set(interview.people_named("interviewer"))
        names = [p.name for p in interview.people] + [s.display for s in interview.speakers]
        names = [n for n in names if n not in hosts]
    return "\n".join(n.casefold() for n in names)


def _summary(interview: Interview, layers: list[str]) -> dict[str, Any]:
    return {
        "guests": interview.people_named("guest"),
        "interviewers": interview.people_named("interviewer"),
        "speakers": [s.display for s in interview.speakers],
        "utterances": len(interview.utterances),
        "layers": layers,
    }


def _extra(item: dict[str, Any], known: tuple[str, ...]) -> str | None:
    """Fields a newer model added that have no column: kept, not dropped."""
    rest = {k: v for k, v in item.items() if k not in known}
    return _json(rest) if rest else None


class Library:
    """An SQLite-backed store of interviews. Thread-safe through one lock around
    one connection: the web app calls it from worker threads."""

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True):
        self.path = Path(path)
        self.media_dir = self.path.parent / f"{self.path.stem}-media"
        self._lock = threading.RLock()
        self._conn = self._open(create)

    # -- opening -------------------------------------------------------
    def _fail(self, problem: str) -> LibraryError:
        return LibraryError(f"{self.path}: {problem}")

    def _open(self, create: bool) -> sqlite3.Connection:
        fresh = self._check_file(create)
        try:
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                                   timeout=BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error as err:
            raise self._fail(f"cannot open library: {err}") from None
        try:
            self._prepare(conn, fresh)
        except BaseException:
            conn.close()
            raise
        return conn

    def _check_file(self, create: bool) -> bool:
        """Refuse a missing file (unless creating) or one that is not SQLite at all;
        return True when the library is to be created."""
        if not self.path.exists():
            if not create:
                raise LibraryError(f"no library at {self.path}")
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise self._fail(f"cannot create library: {err.strerror or err}") from None
            return True
        if self.path.is_dir():
            raise self._fail("not a greenroom library (a directory)")
        try:
            with self.path.open("rb") as handle:
                head = handle.read(len(_SQLITE_MAGIC))
        except OSError as err:
            raise self._fail(f"cannot read library: {err.strerror or err}") from None
        if head and head != _SQLITE_MAGIC:
            raise self._fail("not a greenroom library")
        if not head and not create:
            raise self._fail("not a greenroom library (empty file)")
        # A zero-byte file is an SQLite database with nothing in it yet; adopting
        # it is what `touch library.db && greenroom add ...` would expect.
        return not head

    def _prepare(self, conn: sqlite3.Connection, fresh: bool) -> None:
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._identify(conn, fresh)
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            if migrations.user_version(conn) < migrations.latest():
                migrations.apply(conn)  # skipped when current, so a read-only file still opens
        except sqlite3.DatabaseError as err:
            if isinstance(err, sqlite3.OperationalError):
                raise self._fail(f"cannot open library: {err}") from None
            raise self._fail(f"not a greenroom library ({err})") from None

    def _identify(self, conn: sqlite3.Connection, fresh: bool) -> None:
        """Check, before writing anything, that the file is ours and not too new."""
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id == 0 and tables == 0 and fresh:
            return
        if app_id != migrations.APPLICATION_ID or not self._has_meta(conn):
            raise self._fail("not a greenroom library")
        version = migrations.user_version(conn)
        if version > migrations.latest():
            raise self._fail(f"library schema version {version} is newer than this greenroom "
                             f"knows ({migrations.latest()}); upgrade greenroom")

    @staticmethod
    def _has_meta(conn: sqlite3.Connection) -> bool:
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        except sqlite3.OperationalError:
            return False
        return row is not None and row[0] == migrations.FORMAT_NAME

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # -- the one write path --------------------------------------------
    def _write(self, fn: Callable[[sqlite3.Connection], R]) -> R:
        """Run `fn` inside one `BEGIN IMMEDIATE` transaction: all of it or none.

        IMMEDIATE takes the write lock up front, so a concurrent writer waits
        (busy_timeout) instead of failing half-way with SQLITE_BUSY on upgrade.
        """
        with self._lock:
            conn = self._conn
            self._begin(conn)
            try:
                result = fn(conn)
                self._test_pause()
                conn.execute("COMMIT")
            except BaseException as err:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if isinstance(err, sqlite3.Error):
                    raise self._fail(f"cannot write: {err}") from None
                if isinstance(err, OverflowError):  # a number past SQLite's 64 bits
                    raise self._fail(f"cannot write: a number too large to store ({err})") from None
                raise
            return result

    def _begin(self, conn: sqlite3.Connection) -> None:
        """`BEGIN IMMEDIATE`, retried while another process holds the write lock: each
        try waits up to BUSY_TIMEOUT_MS in SQLite, then a short random backoff; a line
        is logged every WAIT_LOG_S, and after WRITE_WAIT_LIMIT_S a `LibraryError`."""
        started = time.monotonic()
        logged = started
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as err:
                if not _is_busy(err):
                    raise self._fail(f"cannot write: {err}") from None
            except sqlite3.Error as err:
                raise self._fail(f"cannot write: {err}") from None
            now = time.monotonic()
            if now - started >= WRITE_WAIT_LIMIT_S:
                raise self._fail(f"library is busy: another process has been writing for "
                                 f"{now - started:.0f} s; try again when it is done")
            if now - logged >= WAIT_LOG_S:
                log.warning("%s: waiting for another process to finish writing (%.0f s)",
                            self.path, now - started)
                logged = now
            time.sleep(random.uniform(0.01, 0.2))

    @staticmethod
    def _test_pause() -> None:
        """Test-only hook (see PAUSE_ENV): hold the open transaction for a while."""
        seconds = os.environ.get(PAUSE_ENV)
        if seconds:
            print("greenroom: paused in write", file=sys.stderr, flush=True)
            time.sleep(float(seconds))

    def _snapshot(self) -> _Snapshot:
        return _Snapshot(self)

    def _read(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[Any]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as err:
                raise self._fail(f"cannot read: {err}") from None

    # -- ids -----------------------------------------------------------
    @staticmethod
    def _new_id(conn: sqlite3.Connection, seed: bytes) -> str:
        """First 8 hex of a content hash, one digit longer for each collision, so
        the same file gets the same id in every library."""
        digest = hashlib.sha256(seed).hexdigest()
        for length in range(8, len(digest) + 1):
            candidate = digest[:length]
            if not conn.execute("SELECT 1 FROM interviews WHERE id = ?", (candidate,)).fetchone():
                return candidate
        n = 2
        while conn.execute("SELECT 1 FROM interviews WHERE id = ?", (f"{digest}-{n}",)).fetchone():
            n += 1
        return f"{digest}-{n}"

    def _resolve(self, interview_id: str) -> str:
        """Exact id, or a unique prefix of at least MIN_PREFIX characters."""
        if self._read("SELECT 1 FROM interviews WHERE id = ?", (interview_id,)):
            return interview_id
        if len(interview_id) >= MIN_PREFIX:
            rows = self._read("SELECT id FROM interviews WHERE substr(id, 1, ?) = ? ORDER BY id",
                              (len(interview_id), interview_id))
            if len(rows) == 1:
                return str(rows[0][0])
            if rows:
                shown = ", ".join(r[0] for r in rows[:10])
                raise NotFound(f"ambiguous id {interview_id} in {self.path}: matches {shown}")
        raise NotFound(f"no interview {interview_id} in {self.path}")

    # -- rows ----------------------------------------------------------
    def _save(self, conn: sqlite3.Connection, iid: str, rows: _Rows, *, added: str | None) -> None:
        """Write prepared rows under `iid`: UPDATE the row when `added` is None
        (keeping its added time and rowid, bumping its revision), else INSERT;
        children are rewritten."""
        if added is None:
            self._delete_children(conn, iid)
            conn.execute("""UPDATE interviews SET title=?, sha256=?, format=?, source_path=?,
                duration=?, doc=?, summary=?, guest_key=?, revision=revision + 1 WHERE id=?""",
                         (*rows.values(iid), iid))
        else:
            conn.execute("""INSERT INTO interviews(title, sha256, format, source_path, duration,
                doc, summary, guest_key, id, added) VALUES (?,?,?,?,?,?,?,?,?,?)""",
                         (*rows.values(iid), iid, added))
        conn.executemany("INSERT INTO speakers VALUES (?,?,?,?,?,?,?)",
                         ((iid, *r) for r in rows.speakers))
        conn.executemany(
            """INSERT INTO utterances(interview_id, seq, id, start_ms, end_ms, speaker_id, text,
               words, confidence, extra) VALUES (?,?,?,?,?,?,?,?,?,?)""",
            ((iid, *r) for r in rows.utterances))
        conn.executemany("INSERT INTO layers VALUES (?,?,?)", ((iid, *r) for r in rows.layers))

    @staticmethod
    def _delete_children(conn: sqlite3.Connection, iid: str) -> None:
        # Explicit rather than relying on ON DELETE CASCADE alone: the utterance
        # delete trigger is what keeps the FTS index in step.
        for table in ("utterances", "speakers", "layers"):
            conn.execute(f"DELETE FROM {table} WHERE interview_id = ?", (iid,))

    def _remove(self, conn: sqlite3.Connection, iid: str) -> None:
        self._delete_children(conn, iid)
        conn.execute("DELETE FROM interviews WHERE id = ?", (iid,))

    # -- public API ----------------------------------------------------
    def add(self, interview: Interview, *, replace: bool = False) -> AddResult:
        """Store `interview`; a file already in the library (same source sha256) is
        not stored twice unless `replace`. Sets `interview.id` when it is empty."""
        rows = _rows(interview)
        return self._write(lambda conn: self._add(conn, interview, rows, replace))

    def _add(self, conn: sqlite3.Connection, interview: Interview, rows: _Rows,
             replace: bool) -> AddResult:
        sha = interview.source.sha256
        twin = self._id_for_sha(conn, sha) if sha else None
        if twin and not replace:
            title = conn.execute("SELECT title FROM interviews WHERE id = ?", (twin,)).fetchone()[0]
            return AddResult(twin, created=False, title=title)
        if twin and not interview.id:
            interview.id = twin
        if twin and twin != interview.id:
            self._remove(conn, twin)
        if interview.id and not ids.is_valid(interview.id):
            log.warning("%s; the interview gets a new one", ids.describe(interview.id))
            interview.id = ""
        if not interview.id:
            interview.id = self._new_id(conn, rows.seed)
        old = conn.execute("SELECT added FROM interviews WHERE id = ?", (interview.id,)).fetchone()
        if old and not replace:
            raise self._fail(f"an interview with id {interview.id} is already in the library "
                             "(replace it, or clear the id to get a new one)")
        self._save(conn, interview.id, rows, added=None if old else _now())
        return AddResult(interview.id, created=not old and not twin, title=interview.title,
                         replaced=bool(old or twin))

    @staticmethod
    def _id_for_sha(conn: sqlite3.Connection, sha: str) -> str | None:
        row = conn.execute("SELECT id FROM interviews WHERE sha256 = ?", (sha,)).fetchone()
        return str(row[0]) if row else None

    def find_by_sha256(self, sha256: str) -> str | None:
        rows = self._read("SELECT id FROM interviews WHERE sha256 = ?", (sha256,))
        return str(rows[0][0]) if rows else None

    def get(self, interview_id: str) -> Interview:
        """The interview as it was added (exact id or a unique prefix ≥ 4 chars)."""
        return self.get_revision(interview_id)[0]

    def get_revision(self, interview_id: str, *, words: bool = True) -> tuple[Interview, int]:
        """The interview and its revision, read in one snapshot (so a write committed
        by another process meanwhile is seen whole or not at all); give the revision
        to `update(..., expect=)` to write it back only if nobody else has. Without
        `words` its lines come without word times (a page that shows a few lines of a
        long interview reads theirs apart: building every word is most of the time)."""
        with self._lock, self._snapshot():
            iid = self._resolve(interview_id)
            doc = self._read("SELECT doc, revision FROM interviews WHERE id = ?", (iid,))
            speakers = self._read("""SELECT id, label, name, role, extra FROM speakers
                WHERE interview_id = ? ORDER BY seq""", (iid,))
            utterances = self._read(f"""SELECT id, start_ms, end_ms, speaker_id, text, {"words" if words else "'[]'"},
                confidence, extra FROM utterances WHERE interview_id = ? ORDER BY seq""", (iid,))
            layers = self._read("SELECT name, data FROM layers WHERE interview_id = ?", (iid,))
        if not doc:
            raise NotFound(f"no interview {interview_id} in {self.path}")
        data: dict[str, Any] = json.loads(doc[0][0])
        data["speakers"] = [_with_extra(dict(zip(_SPEAKER_KEYS, r[:4])), r[4]) for r in speakers]
        data["utterances"] = [_utterance(r) for r in utterances]
        data.update((name, json.loads(blob)) for name, blob in layers)
        return Interview.from_dict(data), int(doc[0][1])

    def list(self) -> list[Summary]:
        """Every interview, newest first."""
        rows = self._read("""SELECT id, title, summary, duration, format, source_path, added
            FROM interviews ORDER BY added DESC, rowid DESC""")
        out = []
        for iid, title, summary, duration, fmt, source_path, added in rows:
            s = json.loads(summary)
            out.append(Summary(iid, title, s["guests"], s["interviewers"], s["speakers"],
                               s["utterances"], duration, fmt, source_path, added, s["layers"]))
        return out

    def delete(self, interview_id: str) -> str:
        """Remove an interview (exact id or unique prefix); returns its full id."""
        def fn(conn: sqlite3.Connection) -> str:
            iid = self._resolve(interview_id)
            self._remove(conn, iid)
            return iid
        return self._write(fn)

    def update(self, interview: Interview, *, expect: int | None = None) -> None:
        """Replace a stored interview's content and layers, keeping its added time.

        With `expect` (a revision from `get_revision`), raises `Changed` and writes
        nothing when another writer has written the interview since; `NotFound`
        when it is gone."""
        rows = _rows(interview)

        def fn(conn: sqlite3.Connection) -> None:
            found = conn.execute("SELECT revision FROM interviews WHERE id = ?", (interview.id,)).fetchone()
            if not found:
                raise NotFound(f"no interview {interview.id} in {self.path}")
            if expect is not None and found[0] != expect:
                raise Changed(f"{self.path}: interview {interview.id} was changed by another "
                              "process meanwhile")
            self._save(conn, interview.id, rows, added=None)
        self._write(fn)

    def rewrite(self, interview_id: str, change: Callable[[Interview], R], *,
                attempts: int = 5, quick: bool = False) -> tuple[Interview, R]:
        """Read an interview, run `change` on it outside any transaction (an analysis
        may take minutes without holding the write lock), and write it back when
        `change` returns something truthy. When another process wrote the interview
        meanwhile, read it again and run `change` again, so neither write is lost.
        A `quick` change (a speaker rename) is read, changed and written under the
        write lock instead: it cannot meet another writer, where on a busy library
        an optimistic one met a new revision at every try.
        Raises what `change` raises, `NotFound`, or `LibraryError` after `attempts`
        tries that all met another writer."""
        if quick:
            return self._write(lambda conn: self._change_locked(conn, interview_id, change))
        for _ in range(attempts):
            interview, revision = self.get_revision(interview_id)
            result = change(interview)
            if not result:
                return interview, result
            try:
                self.update(interview, expect=revision)
            except Changed:
                log.info("%s: %s changed while being worked on; again", self.path, interview.id)
                continue
            return interview, result
        raise self._fail(f"interview {interview_id} kept changing while being worked on "
                         f"({attempts} tries); try again")

    def _change_locked(self, conn: sqlite3.Connection, interview_id: str,
                       change: Callable[[Interview], R]) -> tuple[Interview, R]:
        interview, _ = self.get_revision(interview_id)  # inside the write transaction
        result = change(interview)
        if result:
            self._save(conn, interview.id, _rows(interview), added=None)
        return interview, result

    def media_folder(self, interview_id: str) -> Path:
        """The folder for files made from one interview (clips, reels, quote cards):
        `<library>-media/<id>/` beside the library file. It is not created here: the
        writers make it when they write something (an export that fails leaves no
        empty folders behind).

        Raises `LibraryError` for a stored id that is no greenroom id (one imported
        before ids were checked) or a folder that would not lie inside the media
        folder (a symlink pointing out): an input never chooses where we write."""
        iid = self._resolve(interview_id)
        if not ids.is_valid(iid):
            raise self._fail(f"{ids.describe(iid)}: it cannot name a folder; export the interview "
                             "as json, delete it and import it again to give it a new id")
        return atomic.inside(self.media_dir, iid)

    # -- voiceprints ----------------------------------------------------
    def add_voice(self, name: str, vector: builtins.list[float], embedder: str,
                  source: str | None = None) -> None:
        """Store (or replace) the voiceprint called `name`."""
        row = (name, _json(vector), embedder, source, _now())
        self._write(lambda conn: conn.execute(
            "INSERT OR REPLACE INTO voices(name, vector, embedder, source, added) VALUES (?,?,?,?,?)", row))

    def voices(self) -> builtins.list[Voice]:
        rows = self._read("SELECT name, vector, embedder, source, added FROM voices ORDER BY name")
        return [Voice(n, json.loads(v), e, s, a) for n, v, e, s, a in rows]

    def remove_voice(self, name: str) -> None:
        """Forget a voiceprint; `NotFound` when there is none by that name."""
        def fn(conn: sqlite3.Connection) -> None:
            if conn.execute("DELETE FROM voices WHERE name = ?", (name,)).rowcount == 0:
                raise NotFound(f"no voice named {name!r} in {self.path}")
        self._write(fn)

    def search(self, query: str, *, guest: str | None = None, limit: int = 50,
               markers: tuple[str, str] = ("[", "]"), guests_only: bool = False,
               kind: str | None = None, interview: str | None = None) -> builtins.list[Hit]:
        """Utterances matching every term of `query`, best first, a guest's lines
        weighted up (`search.GUEST_WEIGHT`); `guest` (part of a guest's name),
        `guests_only` (lines a guest said), `kind` (lines in a moment of that kind)
        and `interview` (a full id: its lines only) filter. Never a syntax error: see
        `search.build_query` for what the user may type."""
        match = build_query(query)
        if not match or limit <= 0:
            return []
        filters = Filters(guest, guests_only, kind, interview)
        with self._lock:
            try:
                return run(self._conn, match, filters=filters, limit=limit, markers=markers)
            except sqlite3.Error as err:
                raise self._fail(f"search failed: {err}") from None

    def filter_keys(self, keys: builtins.list[tuple[str, str]], filters: Filters) -> set[tuple[str, str]]:
        """Which (interview id, utterance id) keys pass `filters` (see `search.Filters`)."""
        with self._lock:
            try:
                return keep(self._conn, keys, filters)
            except sqlite3.Error as err:
                raise self._fail(f"search failed: {err}") from None


class _Snapshot:
    """A read transaction: every SELECT inside sees the same committed state (WAL)."""

    def __init__(self, library: Library):
        self.conn = library._conn
        self.fail = library._fail
        self.mine = False

    def __enter__(self) -> None:
        if not self.conn.in_transaction:
            try:
                self.conn.execute("BEGIN")
            except sqlite3.Error as err:
                raise self.fail(f"cannot read: {err}") from None
            self.mine = True

    def __exit__(self, *exc: object) -> None:
        if self.mine and self.conn.in_transaction:
            self.conn.execute("COMMIT")


def _is_busy(err: sqlite3.OperationalError) -> bool:
    code = getattr(err, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    text = str(err)
    return "locked" in text or "busy" in text


@dataclass
class Voice:
    """An enrolled voiceprint: a name and the voice vector its speech gave."""

    name: str
    vector: builtins.list[float]
    embedder: str
    source: str | None
    added: str


def _with_extra(item: dict[str, Any], extra: str | None) -> dict[str, Any]:
    if extra:
        item.update(json.loads(extra))
    return item


def _utterance(row: tuple[Any, ...]) -> dict[str, Any]:
    uid, start, end, speaker, text, words, confidence, extra = row
    item = {"id": uid, "start": start, "end": end, "speaker": speaker, "text": text,
            "words": json.loads(words), "confidence": confidence}
    return _with_extra(item, extra)
