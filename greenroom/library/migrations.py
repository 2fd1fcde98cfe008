"""The library's schema as an ordered list of migration steps.

Step N (1-based) brings a database from `PRAGMA user_version` N-1 to N. Each step
runs in ONE transaction together with the `user_version` bump, so a crash mid-way
leaves the previous version intact and the next open simply retries it. Steps are
append-only: never edit a released step, add a new one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

# "GRM1": marks the file as ours in the SQLite header, so a stray SQLite file is
# recognised as foreign before anything is written to it.
APPLICATION_ID = 0x47524D31
FORMAT_NAME = "greenroom-library"

Step = Sequence[str]

_V1: Step = (
    """CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    f"INSERT INTO meta(key, value) VALUES ('format', '{FORMAT_NAME}')",
    # `doc` holds everything that is not a speaker, an utterance or a layer
    # (metadata, people, source) as the model's own dict, so new model fields
    # survive without a migration. `summary` and `guest_key` are derived at write
    # time so `list` and the guest filter never need to load whole interviews.
    """CREATE TABLE interviews (
        id          TEXT PRIMARY KEY,
        title       TEXT NOT NULL,
        sha256      TEXT,
        format      TEXT,
        source_path TEXT,
        added       TEXT NOT NULL,
        duration    INTEGER NOT NULL,
        doc         TEXT NOT NULL,
        summary     TEXT NOT NULL,
        guest_key   TEXT NOT NULL
    )""",
    "CREATE UNIQUE INDEX interviews_sha256 ON interviews(sha256) WHERE sha256 IS NOT NULL",
    """CREATE TABLE speakers (
        interview_id TEXT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
        seq          INTEGER NOT NULL,
        id           TEXT NOT NULL,
        label        TEXT NOT NULL,
        name         TEXT,
        role         TEXT NOT NULL,
        extra        TEXT,
        PRIMARY KEY (interview_id, seq)
    )""",
    """CREATE TABLE utterances (
        rowid        INTEGER PRIMARY KEY,
        interview_id TEXT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
        seq          INTEGER NOT NULL,
        id           TEXT NOT NULL,
        start_ms     INTEGER NOT NULL,
        end_ms       INTEGER NOT NULL,
        speaker_id   TEXT,
        text         TEXT NOT NULL,
        words        TEXT NOT NULL,
        confidence   REAL,
        extra        TEXT,
        UNIQUE (interview_id, seq)
    )""",
    """CREATE TABLE layers (
        interview_id TEXT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
        name         TEXT NOT NULL,
        data         TEXT NOT NULL,
        PRIMARY KEY (interview_id, name)
    )""",
    # External-content FTS over utterances.text; the triggers keep it in step in
    # the same transaction as the rows themselves (cascaded deletes fire them too).
    """CREATE VIRTUAL TABLE utterances_fts USING fts5(
        text, content='utterances', content_rowid='rowid',
        tokenize='porter unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER utterances_ai AFTER INSERT ON utterances BEGIN
        INSERT INTO utterances_fts(rowid, text) VALUES (new.rowid, new.text);
    END""",
    """CREATE TRIGGER utterances_ad AFTER DELETE ON utterances BEGIN
        INSERT INTO utterances_fts(utterances_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    END""",
    """CREATE TRIGGER utterances_au AFTER UPDATE OF text ON utterances BEGIN
        INSERT INTO utterances_fts(utterances_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
        INSERT INTO utterances_fts(rowid, text) VALUES (new.rowid, new.text);
    END""",
    f"PRAGMA application_id = {APPLICATION_ID}",
)

# v2: enrolled voiceprints, so transcriptions can name the speakers they recognise.
_V2: Step = (
    """CREATE TABLE voices (
        name     TEXT PRIMARY KEY,
        vector   TEXT NOT NULL,
        embedder TEXT NOT NULL,
        source   TEXT,
        added    TEXT NOT NULL
    )""",
)

# v3: a revision per interview, bumped by every write of it, so a long
# read-compute-write (an analysis, a speaker edit) can tell that another process
# wrote the interview meanwhile and do its work again instead of undoing that write.
_V3: Step = (
    "ALTER TABLE interviews ADD COLUMN revision INTEGER NOT NULL DEFAULT 0",
)

# v4: the web studio's accounts (scrypt password hashes), an audit log of who changed
# what, and embargo dates (an interview only editors and admins see until then).
_V4: Step = (
    """CREATE TABLE users (
        name     TEXT PRIMARY KEY,
        role     TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
        password TEXT NOT NULL,
        added    TEXT NOT NULL
    )""",
    """CREATE TABLE audit (
        seq          INTEGER PRIMARY KEY,
        at           TEXT NOT NULL,
        user         TEXT NOT NULL,
        action       TEXT NOT NULL,
        interview_id TEXT,
        detail       TEXT NOT NULL
    )""",
    "CREATE INDEX audit_interview ON audit(interview_id)",
    """CREATE TABLE embargoes (
        interview_id TEXT PRIMARY KEY REFERENCES interviews(id) ON DELETE CASCADE,
        until        TEXT NOT NULL
    )""",
)

# v5: sentence vectors per utterance for semantic search, keyed by the utterance's id
# and its text's hash (rows are rewritten on every save; a changed text is embedded again).
_V5: Step = (
    """CREATE TABLE utterance_vectors (
        interview_id TEXT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
        utterance_id TEXT NOT NULL,
        model        TEXT NOT NULL,
        text_sha     TEXT NOT NULL,
        vector       BLOB NOT NULL,
        PRIMARY KEY (interview_id, utterance_id, model)
    )""",
)

# v6: the studio's corrections (each edit of a line's words keeps what it replaced, so it
# can be undone) and its background jobs (a clip to cut), which outlive the server process.
_V6: Step = (
    """CREATE TABLE corrections (
        seq          INTEGER PRIMARY KEY,
        interview_id TEXT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
        utterance_id TEXT NOT NULL,
        at           TEXT NOT NULL,
        user         TEXT NOT NULL,
        old_text     TEXT NOT NULL,
        old_words    TEXT NOT NULL,
        new_text     TEXT NOT NULL,
        undone       INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX corrections_interview ON corrections(interview_id, seq)",
    """CREATE TABLE jobs (
        id           TEXT PRIMARY KEY,
        kind         TEXT NOT NULL,
        interview_id TEXT NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
        params       TEXT NOT NULL,
        state        TEXT NOT NULL CHECK (state IN ('pending', 'running', 'done', 'failed')),
        progress     REAL NOT NULL DEFAULT 0,
        output       TEXT,
        error        TEXT,
        notes        TEXT NOT NULL DEFAULT '[]',
        user         TEXT NOT NULL,
        tries        INTEGER NOT NULL DEFAULT 0,
        created      TEXT NOT NULL,
        updated      TEXT NOT NULL
    )""",
    "CREATE INDEX jobs_interview ON jobs(interview_id, created)",
    "CREATE INDEX jobs_state ON jobs(state, created)",
)

# v7: the full-text index keeps words as written (unicode61, no porter): porter folded
# "fired" into "fire", so "got fired" found "on fire". Search asks for a word's
# inflections itself (search.build_query, text.inflect). The triggers name the table,
# so they keep working on the new one; 'rebuild' re-reads every utterance.
_V7: Step = (
    "DROP TABLE utterances_fts",
    """CREATE VIRTUAL TABLE utterances_fts USING fts5(
        text, content='utterances', content_rowid='rowid',
        tokenize='unicode61 remove_diacritics 2'
    )""",
    "INSERT INTO utterances_fts(utterances_fts) VALUES ('rebuild')",
)

# v8: a job may have no interview yet: a media upload is transcribed by a job whose
# interview exists only once it is done (jobs.attach names it then). SQLite cannot
# drop a NOT NULL, so the table is rebuilt with the same columns and indexes.
_V8: Step = (
    """CREATE TABLE jobs_v8 (
        id           TEXT PRIMARY KEY,
        kind         TEXT NOT NULL,
        interview_id TEXT REFERENCES interviews(id) ON DELETE CASCADE,
        params       TEXT NOT NULL,
        state        TEXT NOT NULL CHECK (state IN ('pending', 'running', 'done', 'failed')),
        progress     REAL NOT NULL DEFAULT 0,
        output       TEXT,
        error        TEXT,
        notes        TEXT NOT NULL DEFAULT '[]',
        user         TEXT NOT NULL,
        tries        INTEGER NOT NULL DEFAULT 0,
        created      TEXT NOT NULL,
        updated      TEXT NOT NULL
    )""",
    """INSERT INTO jobs_v8(rowid, id, kind, interview_id, params, state, progress, output, error, notes, user,
        tries, created, updated) SELECT rowid, id, kind, interview_id, params, state, progress, output, error,
        notes, user, tries, created, updated FROM jobs""",
    "DROP TABLE jobs",
    "ALTER TABLE jobs_v8 RENAME TO jobs",
    "CREATE INDEX jobs_interview ON jobs(interview_id, created)",
    "CREATE INDEX jobs_state ON jobs(state, created)",
    "CREATE INDEX jobs_kind ON jobs(kind, created)",
)

# v9: lines are looked up by (interview, utterance id) wherever a hit is read (search by
# meaning, the hybrid's fusion, filters): without an index each lookup scanned its
# interview's lines by seq, 60-80 us a line, 40 ms for the 500 lines one search reads.
_V9: Step = ("CREATE INDEX IF NOT EXISTS utterances_id ON utterances(interview_id, id)",)

# v10: the parts of a line (its sentences) have vectors too, so search by meaning finds a
# line by one of its sentences (library.parts). Parts depend only on the words: one row per
# distinct text (model, text hash), its part vectors in one float16 blob (empty for a text
# of one sentence). Line vectors are indexed by text hash, which finds the texts lacking
# parts and the parts no line holds any more without reading every vector.
_V10: Step = (
    """CREATE TABLE IF NOT EXISTS part_vectors (
        model    TEXT NOT NULL,
        text_sha TEXT NOT NULL,
        vectors  BLOB NOT NULL,
        PRIMARY KEY (model, text_sha)
    )""",
    "CREATE INDEX IF NOT EXISTS utterance_vectors_text ON utterance_vectors(model, text_sha)",
)

# v11: line vectors are indexed by (text hash, model), not (model, text hash): with the model
# first, SQLite answered "the newest vector of this model" (max(rowid) WHERE model = ?, which
# every search by meaning asks) by reading the whole index, 55 ms at a million vectors,
# instead of stepping back from the last row (0.05 ms). Texts lacking parts and parts no
# line holds are still found from the index alone.
_V11: Step = (
    "DROP INDEX IF EXISTS utterance_vectors_text",
    "CREATE INDEX IF NOT EXISTS utterance_vectors_sha ON utterance_vectors(text_sha, model)",
)

MIGRATIONS: list[Step] = [_V1, _V2, _V3, _V4, _V5, _V6, _V7, _V8, _V9, _V10, _V11]


def latest() -> int:
    """The schema version this code writes (read at call time so tests can extend it)."""
    return len(MIGRATIONS)


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def apply(conn: sqlite3.Connection, steps: Sequence[Step] | None = None) -> int:
    """Run every step past the database's `user_version`, one transaction each.

    The version is re-read inside `BEGIN IMMEDIATE` so two processes opening a
    new library at once cannot both apply the same step. Returns the final version.
    """
    steps = MIGRATIONS if steps is None else steps
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = user_version(conn)
            if current >= len(steps):
                conn.execute("COMMIT")
                return current
            for statement in steps[current]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {current + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
