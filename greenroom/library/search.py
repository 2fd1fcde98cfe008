"""Turning what a user types into a safe FTS5 query, and running it.

FTS5's query language treats `AND`, `OR`, `NOT`, `NEAR`, `*`, `-`, `:`, `^`,
parentheses and quotes as syntax, so raw user input is a syntax error waiting to
happen. We accept only two constructs, "quoted phrases" and a trailing `*` for a
prefix, and emit every term as an FTS5 string (double quotes, inner quotes
doubled), which the parser can never misread as an operator.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from greenroom.errors import InputError

# A "phrase" (closing quote optional, so `"unbalanced` is still a phrase) with an
# optional `*` right after it, or a bare run of non-space, non-quote characters.
_TERM = re.compile(r'"([^"]*)"?(\*?)|([^\s"]+)')

SNIPPET_TOKENS = 12
MAX_TERMS = 64


@dataclass
class Hit:
    """One matching utterance, with enough context to show it and jump to it."""

    interview_id: str
    title: str
    utterance_id: str
    speaker: str
    start: int
    end: int
    snippet: str
    score: float


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def build_query(text: str) -> str:
    """Return an FTS5 MATCH expression for `text`, or "" when there is nothing to find.

    Terms are ANDed (FTS5's implicit operator). A term made only of separators
    (`-`, `(`) becomes an empty phrase, which FTS5 ignores inside an AND; a query
    of nothing but such terms matches nothing. A repeated term counts once (ANDing
    it again changes nothing, but FTS5's cost grows with every copy: 4,000 of
    "the" took a minute); more than `MAX_TERMS` different ones is an `InputError`.
    """
    parts: dict[str, None] = {}
    for match in _TERM.finditer(text.replace("\x00", " ")):
        phrase, star, bare = match.group(1), match.group(2), match.group(3)
        if bare is not None:
            term, prefix = bare.rstrip("*"), bare.endswith("*")
        else:
            term, prefix = phrase.strip(), bool(star)
        if not term.strip():
            continue
        parts[_quote(term) + ("*" if prefix else "")] = None
        if len(parts) > MAX_TERMS:
            raise InputError("query", f"too many different terms (at most {MAX_TERMS}): "
                                      "search for a phrase in quotes, or for fewer words")
    return " ".join(parts)


def run(
    conn: sqlite3.Connection,
    match: str,
    *,
    guest_key: str | None,
    limit: int,
    markers: tuple[str, str],
) -> list[Hit]:
    """Run a built MATCH expression; best (lowest bm25) first, score = -bm25."""
    sql = """
        SELECT u.interview_id, i.title, u.id,
               COALESCE((SELECT COALESCE(NULLIF(s.name, ''), s.label) FROM speakers s
                         WHERE s.interview_id = u.interview_id AND s.id = u.speaker_id
                         ORDER BY s.seq LIMIT 1), ''),
               u.start_ms, u.end_ms,
               snippet(utterances_fts, 0, ?, ?, '…', ?),
               bm25(utterances_fts)
        FROM utterances_fts
        JOIN utterances u ON u.rowid = utterances_fts.rowid
        JOIN interviews i ON i.id = u.interview_id
        WHERE utterances_fts MATCH ?
    """
    params: list[object] = [markers[0], markers[1], SNIPPET_TOKENS, match]
    if guest_key is not None:
        sql += " AND instr(i.guest_key, ?) > 0"
        params.append(guest_key)
    sql += " ORDER BY bm25(utterances_fts), u.interview_id, u.seq LIMIT ?"
    params.append(limit)
    rows = conn.execute(sql, params).fetchall()
    return [Hit(r[0], r[1], r[2], r[3], r[4], r[5], r[6], -float(r[7])) for r in rows]
