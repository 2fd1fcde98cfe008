"""Turning what a user types into a safe FTS5 query, and running it.

FTS5's query language treats `AND`, `OR`, `NOT`, `NEAR`, `*`, `-`, `:`, `^`,
parentheses and quotes as syntax, so raw user input is a syntax error waiting to
happen. We accept only three constructs, "quoted phrases", a trailing `*` for a
prefix and `OR` (upper case, between two terms: `nervous OR scared`), and emit
every term as an FTS5 string (double quotes, inner quotes doubled), which the
parser can never misread as an operator.

The index keeps words as written (no stemmer: porter made "got fired" find "on
fire"); a bare word asks for the forms it stands for (`text.inflect`: "fire" →
fire, fires, fired, firing; "fired" → fired, firing), a phrase or a prefix for
exactly what was typed. A line holding the words as typed ranks EXACT_WEIGHT times
above one that holds only other forms of them.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any, Self

from greenroom.errors import InputError
from greenroom.text.inflect import forms

# A "phrase" (closing quote optional, so `"unbalanced` is still a phrase) with an
# optional `*` right after it, or a bare run of non-space, non-quote characters.
_TERM = re.compile(r'"([^"]*)"?(\*?)|([^\s"]+)')

SNIPPET_TOKENS = 12
MAX_TERMS = 64
# A guest's line weighs this much more than anyone else's: what the guest said is what
# people search an interview for, and bm25 favours the host's short questions ("Were you
# terrified?") over the long answer that holds the same word.
GUEST_WEIGHT = 3.0
# A line with the words as typed weighs this much more than one with only other forms of
# them ("terrified" above "terrifying").
EXACT_WEIGHT = 2.0
_WORD = re.compile(r"[^\W\d_]+")  # one word of letters: the only term inflected


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
    role: str = ""  # the speaker's role: "guest", "interviewer", ...
    same_words: int = 0  # other lines found with exactly these words (folded into this hit by `semantic.hybrid`)
    # the first of those: (interview id, utterance id, interview title), to list and link them
    others: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Filters:
    """What a search keeps: lines of interviews with this guest (part of a name,
    any case), only lines a guest said, only lines inside a moment of this kind,
    only lines of one interview (its full id: the interview page's find box)."""

    guest: str | None = None
    guests_only: bool = False
    kind: str | None = None
    interview: str | None = None

    def sql(self) -> tuple[str, list[object]]:
        """Conditions (each starting with AND) on `u` (utterances) and `i` (interviews)."""
        sql, params = "", []  # type: tuple[str, list[object]]
        if self.interview:
            sql += " AND u.interview_id = ?"
            params.append(self.interview)
        if self.guest and self.guest.strip():
            sql += " AND instr(i.guest_key, ?) > 0"
            params.append(self.guest.strip().casefold())
        if self.guests_only:
            sql += f" AND {_ROLE} = 'guest'"
        if self.kind and self.kind.strip():
            sql += """ AND EXISTS (SELECT 1 FROM layers l, json_each(l.data) m, json_each(m.value, '$.utterances') x
                       WHERE l.interview_id = u.interview_id AND l.name = 'moments'
                         AND json_extract(m.value, '$.kind') = ? AND x.value = u.id)"""
            params.append(self.kind.strip().casefold())
        return sql, params

    def match_sql(self) -> tuple[str, list[object]]:
        """Conditions (each starting with AND) on `utterances_fts` itself, narrowing
        what FTS5 reads: one interview's lines lie in one run of rowids (it writes
        them in one transaction), and FTS5 skips every match outside that run
        instead of scoring the whole library's (30x faster for a common word in a
        library of 1,000 interviews). `sql()` still decides which lines are kept."""
        if not self.interview:
            return "", []
        bounds = "(SELECT {}(rowid) FROM utterances WHERE interview_id = ?)"
        return (f" AND utterances_fts.rowid BETWEEN {bounds.format('MIN')} AND {bounds.format('MAX')}",
                [self.interview, self.interview])

    @property
    def any(self) -> bool:
        return bool(self.sql()[0])


_ROLE = """COALESCE((SELECT s.role FROM speakers s WHERE s.interview_id = u.interview_id AND s.id = u.speaker_id
                    ORDER BY s.seq LIMIT 1), '')"""


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


_Term = tuple[str, bool, bool]  # (text, is a prefix, typed bare: may be inflected)


class Query(str):
    """A MATCH expression (the forms of every bare word) that also carries `exact`,
    the same query with only the words as typed, and `typed`: per ANDed term, the
    bare words typed (folded as the index folds them), or None for a term with a
    phrase or prefix (those match only as typed). `as_typed` tells from a line's
    text, without another pass over the index, whether it holds the words as typed."""

    exact: str
    typed: tuple[frozenset[str] | None, ...]
    _wanted: tuple[re.Pattern[str], ...]

    def __new__(cls, match: str, exact: str, typed: tuple[frozenset[str] | None, ...] = ()) -> Self:
        made = super().__new__(cls, match)
        made.exact, made.typed = exact, typed
        made._wanted = tuple(_whole_words(words) for words in typed if words is not None)
        return made

    def as_typed(self, text: str) -> bool:
        """One regex search per typed term over the folded line (cutting every line of
        the pool into tokens cost ~2.5 ms a search)."""
        if not self._wanted:
            return True
        folded = _fold(text)
        return all(wanted.search(folded) for wanted in self._wanted)


def _whole_words(words: frozenset[str]) -> re.Pattern[str]:
    """Any of `words` as a whole token, as unicode61 cuts tokens (runs of letters and digits)."""
    return re.compile(r"(?<![^\W_])(?:" + "|".join(map(re.escape, sorted(words))) + r")(?![^\W_])")


def _fold(text: str) -> str:
    """Case and diacritics folded, as unicode61 with remove_diacritics 2 folds them."""
    if text.isascii():  # nothing to decompose: ~180x faster on the English lines a search reranks
        return text.lower()
    return _combining().sub("", unicodedata.normalize("NFKD", text.casefold()))


@cache
def _combining() -> re.Pattern[str]:
    """Every combining mark of the Basic Multilingual Plane, as one character class:
    one regex pass instead of a Python call per character (2.5x faster on a line with
    a curly quote or an accent)."""
    marks = "".join(chr(c) for c in range(0x300, 0x10000) if unicodedata.combining(chr(c)))
    return re.compile("[" + re.escape(marks) + "]")


def build_query(text: str) -> Query:
    """Return an FTS5 MATCH expression for `text`, or "" when there is nothing to find.

    Terms are ANDed (FTS5's implicit operator); `a OR b` makes one term of either,
    binding tighter than AND (`stage fright OR nerves` is stage AND (fright OR
    nerves)); an `OR` with no term on one side is dropped. A term made only of
    separators (`-`, `(`, an emoji) is dropped: the index holds nothing it could
    match, and a query of nothing but such terms matches nothing. A repeated term counts once
    (ANDing it again changes nothing, but FTS5's cost grows with every copy: 4,000
    of "the" took a minute); more than `MAX_TERMS` different ones is an `InputError`.
    """
    groups: dict[tuple[_Term, ...], None] = {}
    terms: set[tuple[str, bool]] = set()
    alternatives: list[_Term] = []
    joining = False
    for match in _TERM.finditer(text.replace("\x00", " ")):
        phrase, star, bare = match.group(1), match.group(2), match.group(3)
        if bare == "OR":
            joining = bool(alternatives)
            continue
        if bare is not None:
            term: _Term = (bare.rstrip("*"), bare.endswith("*"), True)
        else:
            term = (phrase.strip(), bool(star), False)
        if not _has_token(term[0]):  # "-", "😀": nothing the index holds; FTS5 refuses it in an OR
            joining = False
            continue
        if alternatives and not joining:
            groups[tuple(alternatives)] = None
            alternatives = []
        alternatives.append(term)
        terms.add(term[:2])
        joining = False
        if len(terms) > MAX_TERMS:
            raise InputError("query", f"too many different terms (at most {MAX_TERMS}): "
                                      "search for a phrase in quotes, or for fewer words")
    if alternatives:
        groups[tuple(alternatives)] = None
    if not groups:
        return Query("", "")
    typed = tuple(None if any(prefix or not bare for _, prefix, bare in g) else frozenset(_fold(t) for t, _, _ in g)
                  for g in groups)
    return Query(" AND ".join(_group(g, inflect=True) for g in groups),
                 " AND ".join(_group(g, inflect=False) for g in groups), typed)


def _has_token(term: str) -> bool:
    """Does the index's tokenizer (unicode61) find a word in `term`: a letter, a digit
    or a private-use character?"""
    return any(unicodedata.category(c)[0] in "LN" or unicodedata.category(c) == "Co" for c in term)


def _group(alternatives: tuple[_Term, ...], *, inflect: bool) -> str:
    """One ANDed term: its alternatives ORed, each bare word as all of its forms."""
    parts: list[str] = []
    for term, prefix, bare in alternatives:
        if prefix:
            parts.append(_quote(term) + "*")
        elif inflect and bare and _WORD.fullmatch(term):
            parts += [_quote(form) for form in forms(term.casefold())]
        else:
            parts.append(_quote(term))
    parts = list(dict.fromkeys(parts))
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def run(
    conn: sqlite3.Connection,
    match: str,
    *,
    filters: Filters,
    limit: int,
    markers: tuple[str, str],
) -> list[Hit]:
    """Run a built MATCH expression; best first by bm25, a guest's line weighted
    GUEST_WEIGHT times and a line with the words as typed (`Query.as_typed`)
    EXACT_WEIGHT times (score = -bm25 × those weights), ties in interview and line order.

    One pass over the index gives FTS5's best POOL_FACTOR × `limit` (at least
    MIN_POOL) lines with their bm25 and snippets (filtered: the best that pass the
    filters, a guest's weight applied in SQL); the weights rerank that pool from the
    lines' own rows, so a search costs one MATCH plus reading a few hundred rows:
    exact whenever the query matches fewer lines than the pool, and close to a bare
    MATCH when it matches a hundred thousand."""
    pool = max(limit * POOL_FACTOR, MIN_POOL)
    if filters.any:
        found = _filtered(conn, match, filters, pool, markers)
    else:
        found = conn.execute("SELECT rowid, bm25(utterances_fts), snippet(utterances_fts, 0, ?, ?, '…', ?) "
                             "FROM utterances_fts WHERE utterances_fts MATCH ? ORDER BY rank LIMIT ?",
                             (*markers, SNIPPET_TOKENS, match, pool)).fetchall()
    if not found:
        return []
    rows = _rows(conn, [r[0] for r in found])
    as_typed = match.as_typed if isinstance(match, Query) else (lambda text: True)
    ranked = []
    for rowid, score, snippet in found:
        if rowid not in rows:
            continue
        iid, seq, title, uid, speaker, start, end, role, text = rows[rowid]
        weight = GUEST_WEIGHT if role == "guest" and not filters.any else 1.0  # filtered: weighted in SQL
        weight *= EXACT_WEIGHT if as_typed(text) else 1.0
        ranked.append((score * weight, iid, seq, Hit(iid, title, uid, speaker, start, end, snippet, 0.0, role)))
    ranked.sort(key=lambda r: (r[0], r[1], r[2]))
    return [replace(hit, score=-score) for score, _, _, hit in ranked[:limit]]


POOL_FACTOR = 4
MIN_POOL = 200


def _filtered(conn: sqlite3.Connection, match: str, filters: Filters, pool: int,
              markers: tuple[str, str]) -> list[tuple[int, float, str]]:
    """(rowid, bm25 × a guest's weight, snippet) of the best `pool` matches that pass `filters`."""
    where, more = filters.sql()
    narrow, bounds = filters.match_sql()
    return conn.execute(f"""SELECT u.rowid, bm25(utterances_fts) * (CASE WHEN {_ROLE} = 'guest' THEN ? ELSE 1.0 END)
            AS rank, snippet(utterances_fts, 0, ?, ?, '…', ?)
        FROM utterances_fts JOIN utterances u ON u.rowid = utterances_fts.rowid
        JOIN interviews i ON i.id = u.interview_id
        WHERE utterances_fts MATCH ?{narrow}{where} ORDER BY rank, u.interview_id, u.seq LIMIT ?""",
                        [GUEST_WEIGHT, *markers, SNIPPET_TOKENS, match, *bounds, *more, pool]).fetchall()


def _rows(conn: sqlite3.Connection, ids: list[int]) -> dict[int, tuple[Any, ...]]:
    """What a hit shows and what ranks it, per rowid: interview, line order, title,
    utterance id, speaker's name, times, speaker's role and the line's text."""
    marks = ",".join("?" * len(ids))
    return {r[0]: r[1:] for r in conn.execute(f"""SELECT u.rowid, u.interview_id, u.seq, i.title, u.id,
               COALESCE((SELECT COALESCE(NULLIF(s.name, ''), s.label) FROM speakers s
                         WHERE s.interview_id = u.interview_id AND s.id = u.speaker_id
                         ORDER BY s.seq LIMIT 1), ''), u.start_ms, u.end_ms, {_ROLE}, u.text
        FROM utterances u JOIN interviews i ON i.id = u.interview_id WHERE u.rowid IN ({marks})""", ids)}


def keep(conn: sqlite3.Connection, keys: list[tuple[str, str]], filters: Filters) -> set[tuple[str, str]]:
    """The (interview id, utterance id) keys that pass `filters`."""
    import json

    if not filters.any:
        return set(keys)
    where, params = filters.sql()
    rows = conn.execute(f"""SELECT u.interview_id, u.id FROM utterances u JOIN interviews i ON i.id = u.interview_id
        WHERE u.interview_id || char(31) || u.id IN (SELECT value FROM json_each(?)){where}""",
                        [json.dumps([f"{a}\x1f{b}" for a, b in keys]), *params]).fetchall()
    return {(r[0], r[1]) for r in rows}
