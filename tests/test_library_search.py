"""Full-text search keeps words as written and asks for a word's inflections itself:
"got fired" finds "fired" and "firing" but never "on fire", "terrified" puts "I was
terrified" above "terrifying", and phrases, OR and prefixes keep working. The lines
are written for these tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from greenroom.library import Library, migrations
from greenroom.library.search import build_query
from greenroom.model import Interview, Person, Speaker, Utterance
from greenroom.text.inflect import examples, forms

LINES = {
    "u1": ("S1", "Were you terrified?"),
    "u2": ("S2", "Honestly it was terrifying, a terrifying week, the whole crew felt it."),
    "u3": ("S2", "I was terrified the first morning."),
    "u4": ("S2", "The barn behind the set was on fire for an hour."),
    "u5": ("S2", "I got fired from my first job at a cinema."),
    "u6": ("S2", "They were firing half the crew every Friday."),
    "u7": ("S2", "I was nervous about the accent."),
    "u8": ("S2", "We were scared of the weather more than anything."),
    "u9": ("S2", "I learned to ride a horse for it, learning took months."),
    "u10": ("S2", "The fire scene took three nights."),
}


def interview() -> Interview:
    return Interview(title="On set", people=[Person("Ana Lind", "guest"), Person("Bo Crane", "interviewer")],
                     speakers=[Speaker("S1", "Bo Crane", role="interviewer"), Speaker("S2", "Ana Lind", role="guest")],
                     utterances=[Utterance(uid, i * 10_000, i * 10_000 + 9_000, speaker, text)
                                 for i, (uid, (speaker, text)) in enumerate(LINES.items())])


@pytest.fixture
def library(tmp_path: Path) -> Any:
    with Library(tmp_path / "library.db") as opened:
        opened.add(interview())
        yield opened


def found(library: Library, query: str) -> list[str]:
    return [h.utterance_id for h in library.search(query)]


def test_got_fired_is_not_on_fire(library: Library) -> None:
    assert set(found(library, "got fired")) == {"u5"}
    assert set(found(library, "fired")) == {"u5", "u6"}  # and "firing": a past form reaches the -ing form
    assert "u4" not in found(library, "fired") and "u10" not in found(library, "firing")


def test_a_bare_word_reaches_every_form(library: Library) -> None:
    assert set(found(library, "fire")) == {"u4", "u5", "u6", "u10"}
    assert set(found(library, "learn")) == {"u9"}


def test_the_words_as_typed_rank_first(library: Library) -> None:
    hits = found(library, "terrified")
    assert hits[0] == "u3" and set(hits) == {"u1", "u2", "u3"}  # the guest's own words, as typed, first
    assert found(library, "terrifying")[0] == "u2"


def test_phrases_or_and_prefixes(library: Library) -> None:
    assert found(library, '"on fire"') == ["u4"]
    assert found(library, '"was fired"') == []  # a phrase is exactly what was typed
    assert set(found(library, "nervous OR scared OR terrified")) == {"u1", "u2", "u3", "u7", "u8"}
    assert set(found(library, "crew OR accent nervous")) == {"u7"}  # OR binds tighter than AND
    assert set(found(library, "learn*")) == {"u9"} and set(found(library, "terr*")) == {"u1", "u2", "u3"}
    assert found(library, "OR") == [] and set(found(library, "OR nervous OR")) == {"u7"}


def test_the_query_and_its_exact_twin() -> None:
    query = build_query('got fired OR sacked "on set" cut*')
    assert query == ('("got" OR "gotten" OR "getting") AND ("fired" OR "firing" OR "sacked" OR "sacking") '
                     'AND "on set" AND "cut"*')
    assert query.exact == '"got" AND ("fired" OR "sacked") AND "on set" AND "cut"*'
    assert build_query("- 😀 ()") == ""


@pytest.mark.parametrize(("word", "wanted", "reached"), examples())
def test_inflection_examples(word: str, wanted: list[str], reached: bool) -> None:
    got = forms(word)
    assert got[0] == word
    assert [w in got for w in wanted] == [reached] * len(wanted), got


def test_a_porter_library_is_reindexed_as_written(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Library(path) as fresh:
        fresh.add(interview())
    with sqlite3.connect(path) as conn:  # back to schema v6: the porter index
        conn.execute("DROP TABLE utterances_fts")
        conn.execute("CREATE VIRTUAL TABLE utterances_fts USING fts5(text, content='utterances', "
                     "content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2')")
        conn.execute("INSERT INTO utterances_fts(utterances_fts) VALUES ('rebuild')")
        conn.execute("PRAGMA user_version = 6")
        assert {r[0] for r in conn.execute("SELECT rowid FROM utterances_fts WHERE utterances_fts MATCH 'fired'")} \
            >= {4, 5, 10}  # porter: fired = fire
    with Library(path) as upgraded:
        assert set(found(upgraded, "got fired")) == {"u5"} and set(found(upgraded, "barn")) == {"u4"}
    with sqlite3.connect(path) as conn:
        assert migrations.user_version(conn) >= 7
        schema = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'utterances_fts'").fetchone()[0]
        assert "porter" not in schema
