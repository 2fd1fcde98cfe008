"""The interview library: storage round-trips, search, refusal of foreign files,
crash safety and migrations."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from greenroom.errors import LibraryError, NotFound
from greenroom.library import Library, default_path, migrations
from greenroom.library.search import build_query
from greenroom.model import (
    Card,
    Chapter,
    Flag,
    Interview,
    Mark,
    Metrics,
    Moment,
    Person,
    Quote,
    Source,
    Speaker,
    Turn,
    Utterance,
    Word,
    compare,
)

REPO = Path(__file__).resolve().parents[1]


def make(title: str = "Talk", n: int = 3, sha: str | None = "aa" * 32, **kw: object) -> Interview:
    speakers = [Speaker("S1", "Host", "Ann Host", "interviewer"),
                Speaker("S2", "Guest", "Bob Guest", "guest")]
    texts = ["What were you running from?", "I was running from the café, frankly.",
             "And then the music stopped."]
    utterances = [
        Utterance(f"u{i}", i * 1000, i * 1000 + 900, f"S{i % 2 + 1}", texts[i % 3] + f" line{i}",
                  [Word(i * 1000, i * 1000 + 100, texts[i % 3].split()[0], 0.5)])
        for i in range(n)
    ]
    iv = Interview(title=title, people=[Person("Bob Guest", "guest"), Person("Ann Host", "interviewer")],
                   source=Source(path="/x/talk.srt", format="srt", sha256=sha),
                   speakers=speakers, utterances=utterances)
    for key, value in kw.items():
        setattr(iv, key, value)
    return iv


@pytest.fixture
def lib(tmp_path: Path):
    with Library(tmp_path / "lib.db") as library:
        yield library


# -- basics ------------------------------------------------------------------
def test_add_get_roundtrip(lib: Library) -> None:
    iv = make(marks=[Mark(0, 10, "laughter", "[laughs]", "S2", "u1", 3)],
              metrics=Metrics(talk_ratio=0.4, questions={"open": 2}), card=Card(["x"], quotes=[Quote("q", 1, 2)]))
    result = lib.add(iv)
    assert result.created and result.title == "Talk" and iv.id == result.id and len(iv.id) == 8
    got = lib.get(iv.id)
    assert got.to_dict() == iv.to_dict()
    assert compare(iv, got, scope="all")


def test_id_is_stable_hash_and_extends_on_collision(lib: Library) -> None:
    import hashlib
    expected = hashlib.sha256(("ab" * 32).encode()).hexdigest()
    lib.add(make(sha=None, id=expected[:8], title="squatter"))
    result = lib.add(make(sha="ab" * 32))
    assert result.id == expected[:9]
    no_sha = lib.add(make(sha=None, title="no sha"))
    assert len(no_sha.id) == 8


def test_list_summary(lib: Library) -> None:
    first = lib.add(make("One", sha="01" * 32))
    second = lib.add(make("Two", sha="02" * 32, chapters=[Chapter(0, 10, "Intro")]))
    rows = lib.list()
    assert [r.id for r in rows] == [second.id, first.id]
    top = rows[0]
    assert top.guests == ["Bob Guest"] and top.interviewers == ["Ann Host"]
    assert top.speakers == ["Ann Host", "Bob Guest"] and top.utterances == 3
    assert top.duration == 2900 and top.format == "srt" and top.source_path == "/x/talk.srt"
    assert top.layers == ["chapters"] and rows[1].layers == []
    assert top.added.endswith("Z")


def test_prefix_ambiguous_and_missing(lib: Library) -> None:
    lib.add(make(sha="01" * 32, id="abcd1111"))
    lib.add(make(sha="02" * 32, id="abcd2222"))
    assert lib.get("abcd1").id == "abcd1111"
    with pytest.raises(NotFound, match="abcd1111, abcd2222"):
        lib.get("abcd")
    with pytest.raises(NotFound, match="no interview abc in"):
        lib.get("abc")
    with pytest.raises(NotFound, match="no interview zzzz"):
        lib.delete("zzzz")


def test_delete(lib: Library) -> None:
    a = lib.add(make(sha="01" * 32)).id
    b = lib.add(make(sha="02" * 32)).id
    assert lib.delete(a[:5]) == a
    assert [r.id for r in lib.list()] == [b]
    assert {h.interview_id for h in lib.search("music")} == {b}
    with pytest.raises(NotFound):
        lib.get(a)
    _check_integrity(lib.path)


def test_dedupe_and_replace(lib: Library) -> None:
    first = lib.add(make("First"))
    again = lib.add(make("Second"))
    assert again.id == first.id and not again.created and again.title == "First"
    assert len(lib.list()) == 1 and lib.find_by_sha256("aa" * 32) == first.id
    replaced = lib.add(make("Second", n=5), replace=True)
    assert replaced.id == first.id and not replaced.created and replaced.replaced
    assert lib.get(first.id).title == "Second" and len(lib.get(first.id).utterances) == 5
    assert len(lib.list()) == 1 and lib.find_by_sha256("bb" * 32) is None
    _check_integrity(lib.path)


def test_explicit_id_clash_refused(lib: Library) -> None:
    lib.add(make(sha="01" * 32, id="same0000"))
    with pytest.raises(LibraryError, match="same0000"):
        lib.add(make(sha="02" * 32, id="same0000"))
    assert lib.add(make("new", sha="02" * 32, id="same0000"), replace=True).replaced
    assert lib.get("same0000").title == "new"


def test_update(lib: Library) -> None:
    iv = make()
    lib.add(iv)
    added = lib.list()[0].added
    iv.utterances[0].text = "completely different words"
    iv.turns = [Turn("t1", ["u0"], ["u1"])]
    lib.update(iv)
    got = lib.get(iv.id)
    assert got.to_dict() == iv.to_dict()
    assert lib.list()[0].layers == ["turns"] and lib.list()[0].added == added
    assert lib.search("completely") and not lib.search("line0")
    with pytest.raises(NotFound):
        lib.update(make(id="nothere0"))
    _check_integrity(lib.path)


def test_threads_share_one_library(lib: Library) -> None:
    errors: list[BaseException] = []

    def work(k: int) -> None:
        try:
            for j in range(5):
                lib.add(make(sha=f"{k:02x}{j:02x}" * 16))
                lib.search("running")
        except Exception as err:  # noqa: BLE001 - reported below
            errors.append(err)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(lib.list()) == 20


def test_default_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GREENROOM_LIBRARY", str(tmp_path / "x.db"))
    assert default_path() == tmp_path / "x.db"
    monkeypatch.delenv("GREENROOM_LIBRARY")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_path() == tmp_path / "greenroom" / "library.db"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert default_path() == Path.home() / ".local/share/greenroom/library.db"


def test_media_dir_beside_db(tmp_path: Path) -> None:
    with Library(tmp_path / "sub" / "studio.db") as library:
        assert library.media_dir == tmp_path / "sub" / "studio-media"
        assert not library.media_dir.exists()


# -- round-trip property -----------------------------------------------------
ints = st.integers(0, 10**9)
text = st.text(max_size=30)
opt_text = st.none() | text
floats = st.none() | st.floats(allow_nan=False, allow_infinity=False)


@st.composite
def interviews(draw: st.DrawFn) -> Interview:
    speakers = draw(st.lists(st.builds(Speaker, text, text, opt_text, st.sampled_from(["guest", "interviewer", "unknown"])),
                             max_size=3))
    speaker_ids = st.none() | st.sampled_from([s.id for s in speakers]) if speakers else st.none()
    words = st.lists(st.builds(Word, ints, ints, text, floats), max_size=4)
    utterances = draw(st.lists(st.builds(Utterance, text, ints, ints, speaker_ids, text, words, floats), max_size=6))
    marks = draw(st.lists(st.builds(Mark, ints, ints, st.sampled_from(["laughter", "music"]), text, opt_text, opt_text,
                                    st.none() | ints), max_size=3))
    json_val = st.none() | st.booleans() | st.integers(-100, 100) | text
    iv = Interview(
        id=draw(st.just("") | st.text("abcdef0123456789", min_size=4, max_size=10)),
        title=draw(text), project=draw(text), recorded=draw(opt_text), language=draw(opt_text),
        people=draw(st.lists(st.builds(Person, text, st.sampled_from(["guest", "interviewer"]), text), max_size=2)),
        source=draw(st.builds(Source, opt_text, opt_text, st.none() | st.text("0123456789abcdef", min_size=64, max_size=64),
                              duration=st.none() | ints)),
        speakers=speakers, utterances=utterances, marks=marks,
        chapters=draw(st.lists(st.builds(Chapter, ints, ints, text, st.lists(text, max_size=2)), max_size=2)),
        moments=draw(st.lists(st.builds(Moment, text, ints, ints, text, st.floats(allow_nan=False),
                                        evidence=st.dictionaries(text, json_val, max_size=2)), max_size=2)),
        flags=draw(st.lists(st.builds(Flag, text, ints, ints, text, text), max_size=1)),
        metrics=draw(st.none() | st.builds(Metrics, floats, ints, ints, st.dictionaries(text, ints, max_size=2))),
        card=draw(st.none() | st.builds(Card, st.lists(text, max_size=2), text)),
    )
    return iv


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(iv=interviews())
def test_roundtrip_property(lib: Library, iv: Interview) -> None:
    before = iv.to_dict()
    result = lib.add(iv, replace=True)
    got = lib.get(result.id)
    before["id"] = result.id
    assert got.to_dict() == before
    assert compare(iv, got, scope="all")
    lib.delete(result.id)


# -- search ------------------------------------------------------------------
def test_search_hits(lib: Library) -> None:
    iv = make(n=6)
    lib.add(iv)
    hits = lib.search("cafe")
    assert len(hits) == 2
    hit = hits[0]
    assert hit.interview_id == iv.id and hit.title == "Talk" and hit.speaker == "Bob Guest"
    assert "[café]" in hit.snippet
    u = next(u for u in iv.utterances if u.id == hit.utterance_id)
    assert (hit.start, hit.end) == (u.start, u.end) and isinstance(hit.score, float)
    assert lib.search("run")  # porter: running -> run
    assert "<b>music</b>" in lib.search("music", markers=("<b>", "</b>"))[0].snippet
    assert len(lib.search("line*", limit=4)) == 4
    assert [h.utterance_id for h in lib.search('"music stopped"')] == ["u5", "u2"]  # the guest's line first
    assert lib.search('"stopped music"') == []


def test_search_ranks_by_bm25(lib: Library) -> None:
    iv = make(n=0)
    iv.utterances = [Utterance("a", 0, 1, "S1", "tea and more words here to dilute the one mention"),
                     Utterance("b", 2, 3, "S1", "tea tea tea")]
    lib.add(iv)
    hits = lib.search("tea")
    assert [h.utterance_id for h in hits] == ["b", "a"] and hits[0].score > hits[1].score


@pytest.mark.parametrize("query", ['"', 'AND OR', '(', '*', 'NEAR', 'NEAR(a b)', '-x', ':', 'col:x', '^a',
                                   'a OR', '"unbalanced', 'ñandú 東京 😀', '', '   ', '""', '"*"', 'a*b*',
                                   '\x00', "'", 'x AND NOT', '+', '{a b}', 'text:running'])
def test_hostile_queries_never_raise(lib: Library, query: str) -> None:
    lib.add(make())
    lib.search(query)
    lib.search(query, guest=query)


def test_empty_query_and_unbalanced(lib: Library) -> None:
    lib.add(make())
    assert lib.search("") == [] and lib.search("  ") == [] and lib.search("-") == []
    assert lib.search('"running from') and lib.search("AND") and lib.search("-frankly")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=20) | st.text('"*()-:^ ANDORNT', max_size=12))
def test_any_query_is_valid_fts(query: str) -> None:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE f USING fts5(text, tokenize='porter unicode61 remove_diacritics 2')")
    conn.execute("INSERT INTO f VALUES ('and or not near')")
    match = build_query(query)
    if match:
        conn.execute("SELECT * FROM f WHERE f MATCH ?", (match,)).fetchall()


def test_guest_filter(lib: Library) -> None:
    a = lib.add(make(sha="01" * 32)).id
    b_iv = make(sha="02" * 32, people=[Person("Zoë Ng", "guest")])
    b = lib.add(b_iv).id
    c_iv = make(sha="03" * 32, people=[])
    c_iv.speakers = [Speaker("S1", "Host"), Speaker("S2", "Guest", "Carl")]
    c = lib.add(c_iv).id
    assert {h.interview_id for h in lib.search("music", guest="bob")} == {a, b}  # b's speaker is a guest too
    assert {h.interview_id for h in lib.search("music", guest="ZOË")} == {b}
    assert {h.interview_id for h in lib.search("music", guest="carl")} == {c}  # no roles: any speaker
    assert lib.search("music", guest="ann host") == []  # an interviewer is not a guest
    assert len({h.interview_id for h in lib.search("music", guest="  ")}) == 3


# -- not a library -----------------------------------------------------------
def test_text_file_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("hello, this is not a database\n")
    with pytest.raises(LibraryError, match=f"{path}: not a greenroom library"):
        Library(path)
    assert path.read_text() == "hello, this is not a database\n"


def test_random_bytes_refused(tmp_path: Path) -> None:
    path = tmp_path / "noise.db"
    path.write_bytes(os.urandom(4096))
    with pytest.raises(LibraryError, match="not a greenroom library"):
        Library(path)


def test_corrupt_sqlite_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.db"
    path.write_bytes(b"SQLite format 3\x00" + os.urandom(4080))
    with pytest.raises(LibraryError, match=str(path)):
        Library(path)


def test_other_sqlite_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE stuff (x)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(LibraryError, match=f"{path}: not a greenroom library"):
        Library(path)
    assert path.read_bytes() == before and not Path(f"{path}-wal").exists()


def test_missing_and_bad_locations(tmp_path: Path) -> None:
    with pytest.raises(LibraryError, match=f"no library at {tmp_path / 'nope.db'}"):
        Library(tmp_path / "nope.db", create=False)
    with pytest.raises(LibraryError, match="no library at"):
        Library(tmp_path / "missing-dir" / "lib.db", create=False)
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    with pytest.raises(LibraryError, match=str(blocker)):
        Library(blocker / "lib.db")
    with pytest.raises(LibraryError, match="not a greenroom library"):
        Library(tmp_path)
    if os.geteuid() != 0:  # root ignores directory permissions
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o500)
        try:
            with pytest.raises(LibraryError, match=str(ro)):
                Library(ro / "lib.db")
        finally:
            ro.chmod(0o700)


def test_empty_file_adopted_only_when_creating(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    with pytest.raises(LibraryError, match="not a greenroom library"):
        Library(path, create=False)
    with Library(path) as library:
        library.add(make())
    with Library(path, create=False) as library:
        assert len(library.list()) == 1


# -- migrations --------------------------------------------------------------
def test_reopen_and_pragmas(tmp_path: Path) -> None:
    path = tmp_path / "lib.db"
    with Library(path) as library:
        iid = library.add(make()).id
        conn = library._conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0
    with Library(path, create=False) as library:
        assert library.get(iid).title == "Talk"
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.latest()
    assert conn.execute("PRAGMA application_id").fetchone()[0] == migrations.APPLICATION_ID


def test_older_library_is_migrated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "lib.db"
    with Library(path) as library:
        iid = library.add(make()).id
    known = migrations.latest()
    step = ("CREATE TABLE clips (id TEXT PRIMARY KEY)", "INSERT INTO meta VALUES ('clips', 'yes')")
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, step])
    with Library(path) as library:
        assert library.get(iid).title == "Talk"
        assert library._conn.execute("PRAGMA user_version").fetchone()[0] == known + 1
        assert library._conn.execute("SELECT count(*) FROM clips").fetchone()[0] == 0


def test_failed_migration_rolls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "lib.db"
    Library(path).close()
    known = migrations.latest()
    step = ("CREATE TABLE half (x)", "THIS IS NOT SQL")
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, step])
    with pytest.raises(LibraryError, match=str(path)):
        Library(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == known
    assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'half'").fetchall()


def test_a_version_1_library_gains_voices(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "lib.db"
    with monkeypatch.context() as patch:
        patch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:1])
        with Library(path) as old:
            iid = old.add(make()).id
    with Library(path) as library:
        assert library._conn.execute("PRAGMA user_version").fetchone()[0] == migrations.latest()
        library.add_voice("Tom Hale", [0.5, 0.25], "test", "clip.wav")
        assert [v.name for v in library.voices()] == ["Tom Hale"]
        assert library.get(iid).title == "Talk"


def test_newer_library_refused(tmp_path: Path) -> None:
    path = tmp_path / "lib.db"
    Library(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {migrations.latest() + 1}")
    conn.close()
    with pytest.raises(LibraryError, match="newer"):
        Library(path)


# -- crash safety ------------------------------------------------------------
def _check_integrity(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.execute("INSERT INTO utterances_fts(utterances_fts) VALUES ('integrity-check')")
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()


CHILD = """
import sys
from greenroom.library import Library
from greenroom.model import Interview, Source, Speaker, Utterance, Word
iv = Interview(title="big", source=Source(sha256="ff" * 32), speakers=[Speaker("S1", "A")],
               utterances=[Utterance(f"u{i}", i, i + 1, "S1", f"crashword number {i}", [Word(i, i + 1, "crashword")])
                           for i in range(5000)])
lib = Library(sys.argv[1])
lib._conn.execute("PRAGMA cache_size = 20")  # spill uncommitted pages into the WAL
lib.add(iv)
print("COMMITTED", flush=True)
"""


@pytest.mark.parametrize("mode", ["add", "replace"])
def test_sigkill_mid_write_leaves_library_as_before(tmp_path: Path, mode: str) -> None:
    path = tmp_path / "lib.db"
    with Library(path) as library:
        keep = make()
        library.add(keep)
        if mode == "replace":
            library.add(make("to be replaced", sha="ff" * 32))
        before = [s.__dict__ for s in library.list()]
        snapshot = {s.id: library.get(s.id).to_dict() for s in library.list()}
    script = CHILD if mode == "add" else CHILD.replace("lib.add(iv)", "lib.add(iv, replace=True)")
    env = {**os.environ, "PYTHONPATH": str(REPO), "GREENROOM_TEST_PAUSE_IN_WRITE": "30"}
    child = subprocess.Popen([sys.executable, "-c", script, str(path)], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stderr is not None
        line = child.stderr.readline()
        assert "paused in write" in line, line + child.stderr.read()
        assert Path(f"{path}-wal").stat().st_size > 0  # the transaction really wrote pages
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL
    with Library(path, create=False) as library:
        assert [s.__dict__ for s in library.list()] == before
        assert {s.id: library.get(s.id).to_dict() for s in library.list()} == snapshot
        assert library.search("crashword") == []
        assert library.search("running")
    _check_integrity(path)
