"""Many writers on one library: 8 real `greenroom` processes importing large
transcripts, analyzing and renaming speakers at once lose no write and never fail
on "database is locked" (issue 20, item 6)."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from greenroom.errors import LibraryError
from greenroom.library import Library, store
from greenroom.library.analysis import analyze_stored
from greenroom.library.speakers import SpeakerEdits, edit_stored
from greenroom.library.store import Changed
from greenroom.model import Interview, Source, Speaker, Utterance

REPO = Path(__file__).resolve().parents[1]
SIZES = (5000, 8000, 12000, 20000)  # utterances per imported transcript (two per importer)
BUSY_FOR_S = 7  # one import holds the write lock this long: past SQLite's 5 s wait
EDIT_FOR_S = 12  # analyzers and editors keep going this long
WORDS = ("the", "music", "scene", "was", "quiet", "when", "we", "started", "and", "nobody", "knew", "what",
         "a", "record", "meant")


def _clock(ms: int) -> str:
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"


def write_srt(path: Path, n: int, tag: str, seed: int) -> Path:
    """`n` cues of Ann asking and Bob answering, each holding the word `tag`."""
    rng = random.Random(seed)
    cues, t = [], 0
    for i in range(n):
        who, end = ("Ann", "?") if i % 2 == 0 else ("Bob", ".")
        length = rng.randint(1500, 4000)
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 12)))
        cues.append(f"{i + 1}\n{_clock(t)} --> {_clock(t + length)}\n{who}: {tag} {text}{end}\n")
        t += length + rng.randint(100, 600)
    path.write_text("\n".join(cues), encoding="utf-8")
    return path


class Lane(threading.Thread):
    """Runs greenroom commands one after another (one process at a time), until
    its list is done or, for a repeating lane, until the deadline."""

    def __init__(self, library: Path, commands: list[list[str]], *, until: float | None = None,
                 env: dict[str, str] | None = None):
        super().__init__(daemon=True)
        self.library, self.commands, self.until = library, commands, until
        self.env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
        self.results: list[tuple[list[str], int, str]] = []

    def run(self) -> None:
        i = 0
        while i < len(self.commands) or (self.until and time.monotonic() < self.until):
            args = [a.replace("{n}", str(i)) for a in self.commands[i % len(self.commands)]]
            done = subprocess.run([sys.executable, "-m", "greenroom", "--library", str(self.library), *args],
                                  capture_output=True, text=True, env=self.env, timeout=180, check=False)
            self.results.append((args, done.returncode, done.stdout + done.stderr))
            i += 1


def test_eight_processes_lose_no_write_and_never_fail_on_a_lock(tmp_path: Path) -> None:
    library = tmp_path / "library.db"
    seed = write_srt(tmp_path / "seed.srt", 4000, "seedword", 0)
    with Library(library) as lib:
        from greenroom.capture.imports import import_file

        seed_id = import_file(lib, seed)[0].id
    files = [[write_srt(tmp_path / f"big{k}-{j}.srt", SIZES[(k + j) % 4], f"tag{k}x{j}", 10 * k + j)
              for j in range(2)] for k in range(4)]
    started = time.monotonic()
    until = started + EDIT_FOR_S
    lanes = [Lane(library, [["import", str(f)] for f in pair]) for pair in files[:3]]
    lanes.append(Lane(library, [["import", str(f)] for f in files[3]],  # holds the lock 7 s a write
                      env={"GREENROOM_TEST_PAUSE_IN_WRITE": str(BUSY_FOR_S)}))
    lanes += [Lane(library, [["analyze", seed_id, "--only", "turns", "--json"]], until=until) for _ in range(2)]
    lanes += [Lane(library, [["speakers", seed_id, "--name", f"{sid}=Name-{sid}-{{n}}"]], until=until)
              for sid in ("S1", "S2")]
    for lane in lanes:
        lane.start()
    for lane in lanes:
        lane.join(timeout=150)
    assert not any(lane.is_alive() for lane in lanes)
    elapsed = time.monotonic() - started

    for lane in lanes:
        for args, code, output in lane.results:
            assert code == 0, f"{args}: exit {code}\n{output[-2000:]}"
            assert "database is locked" not in output and "busy" not in output, f"{args}\n{output[-2000:]}"
    assert all(lane.results for lane in lanes[4:]), elapsed

    conn = sqlite3.connect(library)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    with Library(library, create=False) as lib:
        stored = {s.source_path: s for s in lib.list()}
        for k, pair in enumerate(files):
            for j, path in enumerate(pair):
                summary = stored[str(path)]
                assert summary.utterances == SIZES[(k + j) % 4]
                got = lib.get(summary.id)
                assert len(got.utterances) == summary.utterances
                assert all(f"tag{k}x{j}" in u.text for u in got.utterances)
                assert len(lib.search(f"tag{k}x{j}", limit=5)) == 5
        # Every rename's last value stands: no analysis wrote back a stale copy over it.
        kept = {s.id: s.name for s in lib.get(seed_id).speakers}
        assert kept["S1"] == lanes[6].results[-1][0][-1].split("=", 1)[1]
        assert kept["S2"] == lanes[7].results[-1][0][-1].split("=", 1)[1]
        assert lib.get(seed_id).turns


def _interview(n: int = 3) -> Interview:
    speakers = [Speaker("S1", "Ann", role="interviewer"), Speaker("S2", "Bob", role="guest")]
    utterances = [Utterance(f"u{i}", i * 2000, i * 2000 + 1500, f"S{i % 2 + 1}",
                            "What did you play?" if i % 2 == 0 else "I played the drums for years.")
                  for i in range(n)]
    return Interview(title="t", source=Source(sha256="ab" * 32), speakers=speakers, utterances=utterances)


def test_a_busy_library_is_waited_for_then_refused_in_one_line(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "BUSY_TIMEOUT_MS", 50)
    monkeypatch.setattr(store, "WRITE_WAIT_LIMIT_S", 1.0)
    with Library(tmp_path / "library.db") as lib:
        holder = sqlite3.connect(tmp_path / "library.db", isolation_level=None, check_same_thread=False)
        holder.execute("BEGIN IMMEDIATE")
        threading.Timer(0.5, lambda: holder.execute("COMMIT")).start()
        lib.add(_interview())  # waited past SQLite's own timeout, then wrote
        holder.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(LibraryError, match="library is busy: another process has been writing"):
                lib.add(_interview(5), replace=True)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert len(lib.get(lib.list()[0].id).utterances) == 3


def test_a_stale_update_is_refused_and_analysis_keeps_a_rename(tmp_path: Path) -> None:
    with Library(tmp_path / "library.db") as lib:
        iid = lib.add(_interview(6)).id
        stale, revision = lib.get_revision(iid)
        edit_stored(lib, iid, SpeakerEdits(names={"S2": "Robert"}))
        with pytest.raises(Changed):
            lib.update(stale, expect=revision)
        # An analysis that read the interview before the rename lays its layers onto it.
        real_get = lib.get_revision
        calls = []

        def late(interview_id: str) -> tuple[Interview, int]:
            calls.append(interview_id)
            if len(calls) == 1:
                return stale, revision
            return real_get(interview_id)

        lib.get_revision = late  # type: ignore[method-assign]
        analyze_stored(lib, iid, only=["turns"])
        assert len(calls) == 2
        got = real_get(iid)[0]
        assert got.turns and {s.id: s.name for s in got.speakers}["S2"] == "Robert"
        # A change to what was said makes it analyze again, on the new transcript.
        calls.clear()
        stale, revision = real_get(iid)
        edit_stored(lib, iid, SpeakerEdits(reassign={"u1": "S1"}))
        analyze_stored(lib, iid, only=["turns"])
        assert len(calls) == 2
        got = real_get(iid)[0]
        assert got.utterances[1].speaker == "S1"
        assert all("u1" not in turn.answer for turn in got.turns)
