"""Judge answers kept in SQLite, so a question is put to a model once per passage.

Keyed by (judge name, PROMPT_VERSION, question text, sha256 of the passage): a new
model, a reworded prompt or question, or an edited passage asks again. Answers a
judge gives are written in one transaction per passage.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

from greenroom.backends.judge import PROMPT_VERSION, Judge, question_text

SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    judge TEXT NOT NULL,
    prompt INTEGER NOT NULL,
    question TEXT NOT NULL,
    passage_sha256 TEXT NOT NULL,
    p_yes REAL NOT NULL,
    PRIMARY KEY (judge, prompt, question, passage_sha256)
) WITHOUT ROWID
"""


class CachedJudge:
    """`judge` behind a SQLite cache at `path` (made on first use)."""

    def __init__(self, judge: Judge, path: str | os.PathLike[str]):
        self.judge = judge
        self.name = judge.name
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
        with self._db:
            self._db.execute(SCHEMA)

    def ask(self, passage: str, questions: list[str]) -> dict[str, float]:
        digest = hashlib.sha256(passage.encode()).hexdigest()
        known = self._known(digest, questions)
        missing = [q for q in questions if q not in known]
        if missing:
            fresh = self.judge.ask(passage, missing)
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?)",
                    [(self.name, PROMPT_VERSION, question_text(q), digest, p) for q, p in fresh.items()])
            known.update(fresh)
        return {q: known[q] for q in questions}

    def _known(self, digest: str, questions: list[str]) -> dict[str, float]:
        known = {}
        for q in questions:
            row = self._db.execute(
                "SELECT p_yes FROM answers WHERE judge = ? AND prompt = ? AND question = ? AND passage_sha256 = ?",
                (self.name, PROMPT_VERSION, question_text(q), digest)).fetchone()
            if row is not None:
                known[q] = float(row[0])
        return known

    def close(self) -> None:
        self._db.close()
