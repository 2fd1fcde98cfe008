"""Background jobs kept in the library, so they outlive a browser tab and a server.

A job is a row: its kind ("clip"), its interview, its parameters (JSON), its state
(pending → running → done or failed), its progress (0..1), its output file, its error
line and notes. `Worker` runs pending jobs one at a time on a thread with its own
connection; at start it takes back what a stopped server left running (pending again,
so it is resumed from the start: outputs are written whole or not at all) unless it
has been tried `MAX_TRIES` times already, then it is failed with a line saying so.

Runners are plain functions `(library, job, progress) -> (output path, notes)`,
registered by kind in `RUNNERS`; what they raise becomes the job's error line.

`cancel` stops a job: a pending one at once; a running one is asked to
(`cancelling`) and stops at its next progress report, where `progress` raises
`Cancelled` out of its runner. A cancelled job ends failed with the error line
"cancelled by USER" (the schema's states stay the four it checks), and the
cleanup its kind registered in `CLEANUPS` (an upload's files) runs once.
"""

from __future__ import annotations

import json
import logging
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from greenroom.errors import GreenroomError, NotFound
from greenroom.library.store import Library

log = logging.getLogger(__name__)

STATES = ("pending", "running", "done", "failed")
MAX_TRIES = 2  # a job that was running when the server stopped this often is failed, not run again
PROGRESS_EVERY_S = 0.5  # at most this often is progress written

Progress = Callable[[float], None]
Runner = Callable[[Library, "Job", Progress], tuple[str, list[str]]]
RUNNERS: dict[str, Runner] = {}
Cleanup = Callable[[Library, "Job"], None]
CLEANUPS: dict[str, Cleanup] = {}  # by kind: what to remove when a job of that kind is cancelled
CANCELLED = "cancelled by "  # how a cancelled job's error line starts
CANCELLING = "cancelling: asked by "  # a running job's error line while it is asked to stop


class Cancelled(Exception):
    """Raised by a job's `progress` when someone cancelled it: its runner stops there."""


@dataclass
class Job:
    """One background job as stored."""

    id: str
    kind: str
    interview_id: str
    params: dict[str, Any]
    state: str
    progress: float
    output: str | None
    error: str | None
    notes: list[str] = field(default_factory=list)
    user: str = ""
    tries: int = 0
    created: str = ""
    updated: str = ""

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")

    @property
    def cancelled(self) -> bool:
        return self.state == "failed" and (self.error or "").startswith(CANCELLED)

    @property
    def cancelling(self) -> bool:
        return self.state == "running" and (self.error or "").startswith(CANCELLING)

    @property
    def status(self) -> str:
        """The state as a person reads it: "cancelled" and "cancelling" told apart from
        failed and running."""
        return "cancelled" if self.cancelled else "cancelling" if self.cancelling else self.state


_COLUMNS = "id, kind, interview_id, params, state, progress, output, error, notes, user, tries, created, updated"


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _job(row: tuple[Any, ...]) -> Job:
    jid, kind, iid, params, state, progress, output, error, notes, user, tries, created, updated = row
    return Job(jid, kind, iid or "", json.loads(params), state, float(progress), output, error, json.loads(notes),
               user, int(tries), created, updated)


def submit(library: Library, kind: str, interview_id: str, params: dict[str, Any], user: str) -> Job:
    """Queue a job of `kind` (a key of RUNNERS) for a stored interview; returns it, pending."""
    if kind not in RUNNERS:
        raise GreenroomError(f"no job runner for {kind!r}")
    iid = library._resolve(interview_id)
    now = _now()
    job = Job(secrets.token_hex(6), kind, iid, params, "pending", 0.0, None, None, [], user, 0, now, now)
    library._write(lambda conn: conn.execute(
        f"INSERT INTO jobs({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (job.id, kind, iid, json.dumps(params), "pending", 0.0, None, None, "[]", user, 0, now, now)))
    return job


def submit_unattached(library: Library, kind: str, params: dict[str, Any], user: str) -> Job:
    """Queue a job that makes an interview rather than working on one (a media upload
    to transcribe): its interview id is "" until the runner names it with `attach`."""
    if kind not in RUNNERS:
        raise GreenroomError(f"no job runner for {kind!r}")
    now = _now()
    job = Job(secrets.token_hex(6), kind, "", params, "pending", 0.0, None, None, [], user, 0, now, now)
    library._write(lambda conn: conn.execute(
        f"INSERT INTO jobs({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (job.id, kind, None, json.dumps(params), "pending", 0.0, None, None, "[]", user, 0, now, now)))
    return job


def attach(library: Library, job_id: str, interview_id: str) -> None:
    """Name the interview a job made, so its page can link to it (and deleting the
    interview forgets the job)."""
    iid = library._resolve(interview_id)
    _set(library, job_id, interview_id=iid)


def of_kind(library: Library, kind: str, limit: int = 20, user: str | None = None) -> list[Job]:
    """The newest jobs of one kind (of one user's, when given), newest first."""
    rows = library._read(f"SELECT {_COLUMNS} FROM jobs WHERE kind = ? AND (? IS NULL OR user = ?) "
                         "ORDER BY created DESC, rowid DESC LIMIT ?", (kind, user, user, limit))
    return [_job(r) for r in rows]


def get(library: Library, job_id: str) -> Job:
    """The job; `NotFound` when there is none by that id."""
    rows = library._read(f"SELECT {_COLUMNS} FROM jobs WHERE id = ?", (job_id,))
    if not rows:
        raise NotFound(f"no job {job_id}")
    return _job(rows[0])


def of_interview(library: Library, interview_id: str, limit: int = 20, kind: str | None = None) -> list[Job]:
    """The interview's jobs (of one kind, or all), newest first."""
    rows = library._read(f"SELECT {_COLUMNS} FROM jobs WHERE interview_id = ? AND (? IS NULL OR kind = ?) "
                         "ORDER BY created DESC, rowid DESC LIMIT ?", (interview_id, kind, kind, limit))
    return [_job(r) for r in rows]


def _existing(conn: sqlite3.Connection, job_id: str) -> Job:
    """The job `job_id` as stored now, inside a write; `NotFound` for no such job."""
    row = conn.execute(f"SELECT {_COLUMNS} FROM jobs WHERE id = ?", (job_id,)).fetchone()
    if row is None:
        raise NotFound(f"no job {job_id}")
    return _job(row)


def remove(library: Library, job_id: str) -> Job:
    """Forget a job that is not running: a pending one is cancelled, a finished one's
    files are the caller's to remove first. `NotFound` for no such job; `EditError`
    while it runs."""
    from greenroom.errors import EditError

    def fn(conn: sqlite3.Connection) -> Job:
        job = _existing(conn, job_id)
        if job.state == "running":
            raise EditError(job.interview_id, f"job {job_id} is running: wait until it is done")
        conn.execute("DELETE FROM jobs WHERE id = ?", (job_id,))
        return job
    return library._write(fn)


def cancel(library: Library, job_id: str, user: str) -> Job:
    """Stop a job: a pending one is cancelled now (and cleaned up), a running one is
    asked to stop at its next progress report. `NotFound` for no such job; `EditError`
    once it finished."""
    from greenroom.errors import EditError

    def fn(conn: sqlite3.Connection) -> Job:
        job = _existing(conn, job_id)
        if job.finished:
            raise EditError(job.interview_id or job_id, f"job {job_id} is {job.state} already: nothing to cancel")
        job.state, job.error = ("failed", CANCELLED + user) if job.state == "pending" else ("running", CANCELLING + user)
        conn.execute("UPDATE jobs SET state = ?, error = ?, updated = ? WHERE id = ?",
                     (job.state, job.error, _now(), job_id))
        return job
    job = library._write(fn)
    if job.cancelled:
        _clean(library, job)
    return job


def _clean(library: Library, job: Job) -> None:
    cleanup = CLEANUPS.get(job.kind)
    if cleanup is not None:
        try:
            cleanup(library, job)
        except OSError as err:  # the job stays cancelled; say what was left behind
            log.warning("job %s cancelled, but its files were not all removed: %s", job.id, err)


def _asked_to_stop(library: Library, job_id: str) -> str | None:
    """Who asked the running job to stop, or None."""
    rows = library._read("SELECT error FROM jobs WHERE id = ? AND state = 'running'", (job_id,))
    error = rows[0][0] if rows else None
    return error[len(CANCELLING):] if error and error.startswith(CANCELLING) else None


def _set(library: Library, job_id: str, **values: Any) -> None:
    values["updated"] = _now()
    sets = ", ".join(f"{k} = ?" for k in values)
    library._write(lambda conn: conn.execute(f"UPDATE jobs SET {sets} WHERE id = ?", (*values.values(), job_id)))


def recover(library: Library) -> list[str]:
    """What a stopped server left running goes back to pending (to be run again from
    the start), or is failed once it has been tried MAX_TRIES times; one asked to stop
    is cancelled (and cleaned up). Returns the ids failed."""
    cancelled: list[Job] = []

    def fn(conn: sqlite3.Connection) -> list[str]:
        asked = conn.execute(f"SELECT {_COLUMNS} FROM jobs WHERE state = 'running' AND error LIKE ?",
                             (CANCELLING + "%",)).fetchall()
        for row in asked:  # asked to stop before the server stopped: cancelled now
            conn.execute("UPDATE jobs SET state = 'failed', error = ?, updated = ? WHERE id = ?",
                         (CANCELLED + row[7][len(CANCELLING):], _now(), row[0]))
            cancelled.append(_job(row))
        stuck = conn.execute("SELECT id, tries FROM jobs WHERE state = 'running'").fetchall()
        failed = [jid for jid, tries in stuck if tries >= MAX_TRIES]
        conn.executemany("UPDATE jobs SET state = 'failed', error = ?, updated = ? WHERE id = ?",
                         [(f"the server stopped while this job ran, {MAX_TRIES} times: make it again", _now(), j)
                          for j in failed])
        conn.executemany("UPDATE jobs SET state = 'pending', progress = 0, updated = ? WHERE id = ?",
                         [(_now(), jid) for jid, tries in stuck if tries < MAX_TRIES])
        return failed
    failed = library._write(fn)
    for job in cancelled:
        _clean(library, job)
    return failed


def _claim(library: Library) -> Job | None:
    """The oldest pending job, marked running (and its try counted) in one transaction."""
    def fn(conn: sqlite3.Connection) -> Job | None:
        row = conn.execute(f"SELECT {_COLUMNS} FROM jobs WHERE state = 'pending' ORDER BY created, rowid "
                           "LIMIT 1").fetchone()
        if row is None:
            return None
        conn.execute("UPDATE jobs SET state = 'running', tries = tries + 1, updated = ? WHERE id = ?",
                     (_now(), row[0]))
        job = _job(row)
        job.state, job.tries = "running", job.tries + 1
        return job
    return library._write(fn)


def run_one(library: Library, job: Job) -> Job:
    """Run a claimed job to done or failed, writing its progress as it goes."""
    last = [0.0]

    def progress(fraction: float) -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_EVERY_S:
            last[0] = now
            if _asked_to_stop(library, job.id) is not None:
                raise Cancelled(job.id)
            _set(library, job.id, progress=round(min(max(fraction, 0.0), 0.99), 3))

    try:
        output, notes = RUNNERS[job.kind](library, job, progress)
    except Cancelled:
        _set(library, job.id, state="failed", error=CANCELLED + (_asked_to_stop(library, job.id) or "someone"))
        _clean(library, job)
    except GreenroomError as err:
        _set(library, job.id, state="failed", error=str(err).replace(str(library.path), "the library"))
    except Exception as err:  # a job must never take the worker down: say what broke
        log.exception("job %s failed", job.id)
        _set(library, job.id, state="failed", error=f"internal error: {type(err).__name__}: {err}")
    else:
        _set(library, job.id, state="done", progress=1.0, output=output, notes=json.dumps(notes), error=None)
    return get(library, job.id)


class Worker:
    """Runs the library's jobs on one background thread with its own connection.
    `wake()` after a submit starts it at once; otherwise it looks every `interval` s."""

    def __init__(self, library_path: str, interval: float = 2.0):
        self.path = library_path
        self.interval = interval
        self.thread: threading.Thread | None = None
        self.stopping = threading.Event()
        self.woken = threading.Event()

    def start(self) -> None:
        self.thread = threading.Thread(target=self._run, name="greenroom-jobs", daemon=True)
        self.thread.start()

    def wake(self) -> None:
        self.woken.set()

    def stop(self) -> None:
        self.stopping.set()
        self.woken.set()
        if self.thread is not None:
            self.thread.join(timeout=10)

    def _run(self) -> None:
        try:
            with Library(self.path) as library:
                for jid in recover(library):
                    log.warning("job %s failed: the server stopped while it ran", jid)
                while not self.stopping.is_set():
                    if not self._step(library):
                        self.woken.wait(self.interval)
                        self.woken.clear()
        except GreenroomError as err:  # a background thread: say why, never take the studio down
            log.warning("jobs not run: %s", err)

    def _step(self, library: Library) -> bool:
        """Run the next pending job; False when there was none, or the library was busy
        (a long write elsewhere: tried again after `interval`, the worker keeps going)."""
        try:
            job = _claim(library)
            if job is not None:
                run_one(library, job)
        except GreenroomError as err:
            log.warning("jobs: %s; trying again", err)
            return False
        return job is not None
