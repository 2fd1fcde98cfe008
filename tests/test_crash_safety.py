"""Crash safety shown (issue 20, item 5): `import`, `analyze`, `transcribe` and
`render --reel` SIGKILLed at seeded random moments, 10 times each, leave a sound
library (no half interview or layer), no truncated output at a final path, no
ffmpeg running on, and nothing of theirs that the next run does not clean up.

`test_library.py::test_sigkill_mid_write_leaves_library_as_before` kills a write at
its most delicate moment (pages in the WAL, before COMMIT); these kill whole commands
anywhere in their run, startup and ffmpeg included.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from greenroom.library import Library

REPO = Path(__file__).resolve().parents[1]
KILLS = 10
GRACE_S = 3.0  # how long a killed command's ffmpeg may take to go


# -- running and killing -------------------------------------------------------

class Command:
    """`python -m greenroom --library LIB ...` with a private temp folder, run whole
    or killed after a delay while its ffmpeg children are watched."""

    def __init__(self, tmp_path: Path, library: Path):
        self.library, self.logs = library, tmp_path / "logs"
        self.scratch = tmp_path / "scratch"
        self.scratch.mkdir(exist_ok=True)
        self.logs.mkdir(exist_ok=True)
        self.env = {**os.environ, "PYTHONPATH": str(REPO), "TMPDIR": str(self.scratch)}
        self.runs = 0

    def _start(self, args: tuple[str, ...]) -> subprocess.Popen[bytes]:
        self.runs += 1
        log = (self.logs / f"{self.runs}.log").open("wb")
        with log:
            return subprocess.Popen([sys.executable, "-m", "greenroom", "--library", str(self.library), *args],
                                    env=self.env, stdin=subprocess.DEVNULL, stdout=log, stderr=log)

    def whole(self, *args: str) -> float:
        """Run to the end (exit 0 asserted); the seconds it took."""
        started = time.monotonic()
        proc = self._start(args)
        code = proc.wait(timeout=300)
        text = (self.logs / f"{self.runs}.log").read_text(errors="replace")
        assert code == 0, f"greenroom {' '.join(args)}: exit {code}\n{text[-3000:]}"
        return time.monotonic() - started

    def killed(self, delay: float, *args: str) -> tuple[set[int], bool]:
        """Start, SIGKILL after `delay` s (if still running); the ffmpeg pids it had,
        and whether it was still running to be killed."""
        proc = self._start(args)
        seen: set[int] = set()
        deadline = time.monotonic() + delay
        while time.monotonic() < deadline and proc.poll() is None:
            seen |= ffmpeg_under(proc.pid)
            time.sleep(0.01)
        running = proc.poll() is None
        if running:
            seen |= ffmpeg_under(proc.pid)
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        return seen, running


def _processes() -> dict[int, tuple[int, str, str]]:
    """pid -> (parent pid, name, state) for every process we can read."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            name = stat[stat.index("(") + 1:stat.rindex(")")]
            state, ppid = stat[stat.rindex(")") + 2:].split()[:2]
            found[int(entry.name)] = (int(ppid), name, state)
    return found


def ffmpeg_under(pid: int) -> set[int]:
    table = _processes()
    below, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, (ppid, _, _) in table.items() if ppid in frontier} - below
        below |= frontier
    return {p for p in below if table[p][1] == "ffmpeg"}


def assert_no_ffmpeg_left(pids: set[int], mentions: Path) -> None:
    """The killed command's ffmpeg, and any ffmpeg working under `mentions`, are gone."""
    def running() -> set[int]:
        table = _processes()
        alive = {p for p in pids if p in table and table[p][2] not in "ZX"}
        for p, (_, name, state) in table.items():
            if name == "ffmpeg" and state not in "ZX":
                try:
                    if str(mentions) in (Path("/proc") / str(p) / "cmdline").read_text(errors="replace"):
                        alive.add(p)
                except OSError:
                    continue
        return alive

    deadline = time.monotonic() + GRACE_S
    while running() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not running(), "ffmpeg kept running after greenroom was killed"


# -- what a killed run may leave ----------------------------------------------

def assert_sound(library: Path) -> None:
    """Integrity, foreign keys and the FTS index check out, and every interview listed
    has every utterance its summary counts."""
    conn = sqlite3.connect(library)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        conn.execute("INSERT INTO utterances_fts(utterances_fts) VALUES ('integrity-check')")
    finally:
        conn.close()
    with Library(library, create=False) as lib:
        for summary in lib.list():
            assert len(lib.get(summary.id).utterances) == summary.utterances


def assert_no_temp_files(*folders: Path) -> None:
    left = [p for folder in folders if folder.exists() for p in folder.rglob("*")
            if p.name.endswith(".tmp") or p.name.startswith(("greenroom-", ".greenroom-", ".joining-"))]
    assert not left, f"temp files left: {left}"


def stored(library: Path, iid: str) -> dict[str, object] | None:
    with Library(library, create=False) as lib:
        return lib.get(iid).to_dict() if iid in {s.id for s in lib.list()} else None


def delays(seed: int, whole_s: float) -> list[float]:
    """KILLS moments from just after the start to just past a whole run's length."""
    rng = random.Random(seed)
    return sorted(rng.uniform(0.05, whole_s * 1.1) for _ in range(KILLS))


def kill_repeatedly(command: Command, args: tuple[str, ...], seed: int, whole_s: float,
                    check: Callable[[], None], watch: Path) -> None:
    really = 0
    for delay in delays(seed, whole_s):
        pids, running = command.killed(delay, *args)
        really += running
        assert_no_ffmpeg_left(pids, watch)
        assert_sound(command.library)
        check()
    assert really >= KILLS // 2, f"only {really} of {KILLS} runs were still going when killed"


def _copy(source: Path, target: Path) -> Path:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


# -- the commands ----------------------------------------------------------------

def _srt(path: Path, n: int) -> Path:
    rng = random.Random(5)
    cues = []
    for i in range(n):
        start = i * 3000
        stamp = [f"{t // 3_600_000:02d}:{t // 60_000 % 60:02d}:{t // 1000 % 60:02d},{t % 1000:03d}"
                 for t in (start, start + 2500)]
        who = "Ann" if i % 2 == 0 else "Bob"
        cues.append(f"{i + 1}\n{stamp[0]} --> {stamp[1]}\n{who}: killword {rng.randint(0, 10**6)} "
                    f"and what came after{'?' if who == 'Ann' else '.'}\n")
    path.write_text("\n".join(cues), encoding="utf-8")
    return path


def _reference_run(tmp_path: Path, *args: str) -> tuple[float, str, dict, Path, Command]:  # type: ignore[type-arg]
    """Run the command whole into a reference library (its time, the interview's id and
    stored form), and ready a second library holding one other interview for the kills."""
    reference = tmp_path / "reference.db"
    whole_s = Command(tmp_path, reference).whole(*args)
    with Library(reference, create=False) as lib:
        (iid,) = [s.id for s in lib.list()]
        expected = lib.get(iid).to_dict()
    library = tmp_path / "library.db"
    command = Command(tmp_path, library)
    command.whole("import", str(_srt(tmp_path / "small.srt", 20)))
    return whole_s, iid, expected, library, command


def test_kill_9_import_at_random_moments(tmp_path: Path) -> None:
    big = _srt(tmp_path / "big.srt", 5000)
    whole_s, iid, expected, library, command = _reference_run(tmp_path, "import", str(big))

    def check() -> None:
        found = stored(library, iid)
        assert found is None or found == expected  # whole or absent
        if found is not None:
            with Library(library, create=False) as lib:
                lib.delete(iid)  # so the next kill meets a real import again

    kill_repeatedly(command, ("import", str(big)), 1, whole_s, check, tmp_path)
    command.whole("import", str(big))
    assert stored(library, iid) == expected
    assert sorted(p.name for p in tmp_path.glob("library.db*")) <= ["library.db", "library.db-shm",
                                                                     "library.db-wal"]
    assert_no_temp_files(tmp_path / "scratch")


def test_kill_9_analyze_at_random_moments(analyzed_library: tuple[Path, str], tmp_path: Path) -> None:
    library, iid = analyzed_library
    with Library(library) as lib:
        interview = lib.get(iid)
        for name in ("turns", "chapters", "moments", "flags"):
            setattr(interview, name, [])
        interview.metrics = interview.card = None
        lib.update(interview)
        before = lib.get(iid).to_dict()
    reference = _copy(library, tmp_path / "reference.db")
    whole_s = Command(tmp_path, reference).whole("analyze", iid)
    with Library(reference, create=False) as lib:
        after = lib.get(iid).to_dict()
    assert after != before
    command = Command(tmp_path, library)

    def check() -> None:
        found = stored(library, iid)
        assert found in (before, after), "a half analysis is visible"
        if found == after:
            with Library(library) as lib:
                lib.update(type(interview).from_dict(before))

    kill_repeatedly(command, ("analyze", iid), 2, whole_s, check, tmp_path)
    command.whole("analyze", iid)
    assert stored(library, iid) == after
    assert_no_temp_files(tmp_path / "scratch", library.parent / "library-media")


def test_kill_9_transcribe_at_random_moments(sample_files, analyzed_sample_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # analyzed_sample_db transcribed the sample once, so the per-chunk cache is warm:
    # each run is startup, hashing and decoding, speakers and the library write.
    audio = str(sample_files.audio)
    whole_s, iid, expected, library, command = _reference_run(tmp_path, "transcribe", audio)

    def check() -> None:
        found = stored(library, iid)
        assert found is None or found == expected
        if found is not None:
            with Library(library, create=False) as lib:
                lib.delete(iid)

    kill_repeatedly(command, ("transcribe", audio), 3, whole_s, check, Path(audio).parent)
    command.whole("transcribe", audio)
    assert stored(library, iid) == expected
    assert_no_temp_files(tmp_path / "scratch")


def _probe_duration(path: Path) -> float:
    done = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "json", str(path)],
                          capture_output=True, check=False)
    assert done.returncode == 0, f"{path} is not a whole mp4: {done.stderr.decode(errors='replace')}"
    return float(json.loads(done.stdout)["format"]["duration"])


def test_kill_9_render_reel_at_random_moments(analyzed_library: tuple[Path, str], tmp_path: Path) -> None:
    library, iid = analyzed_library
    command = Command(tmp_path, library)
    command.whole("highlights", iid, "--budget", "15s")
    media = library.parent / "library-media" / iid
    reel = media / "reel.mp4"
    whole_s = command.whole("render", iid, "--reel")
    length = _probe_duration(reel)
    made = sorted(p.name for p in media.iterdir())
    reel.unlink()

    def check() -> None:
        if reel.exists():
            assert abs(_probe_duration(reel) - length) < 0.05, "a truncated reel at the final path"
            reel.unlink()
        assert all(p.name.endswith(".tmp") or p.name in made for p in media.glob("*")) if media.exists() else True

    kill_repeatedly(command, ("render", iid, "--reel"), 4, whole_s, check, tmp_path)
    command.whole("render", iid, "--reel")
    assert abs(_probe_duration(reel) - length) < 0.05
    assert sorted(p.name for p in media.iterdir()) == made  # the killed runs' temp files are gone
    assert_no_temp_files(tmp_path / "scratch", media)


@pytest.mark.parametrize("kind", ["file", "scratch"])
def test_temp_files_of_a_live_process_are_left_alone(tmp_path: Path, kind: str) -> None:
    """The sweep removes only what a dead process left: a running process's temp file
    (or a file that merely looks alike) stays."""
    from greenroom import atomic

    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True, check=True).stdout.strip()
        if kind == "file":
            live = tmp_path / f".reel.mp4.gr{sleeper.pid}.abcd1234.tmp"
            gone = tmp_path / f".reel.mp4.gr{dead}.abcd1234.tmp"
            other = tmp_path / "notes.gr1.abcd1234.tmp"
            for p in (live, gone, other):
                p.write_bytes(b"x")
            atomic.write_text(tmp_path / "out.txt", "done")
        else:
            live = tmp_path / f"greenroom-render-{sleeper.pid}-abcd1234"
            gone = tmp_path / f"greenroom-render-{dead}-abcd1234"
            other = tmp_path / "greenroom-render-notes"
            for p in (live, gone, other):
                p.mkdir()
            atomic.sweep_scratch(tmp_path)
        assert live.exists() and other.exists() and not gone.exists()
    finally:
        sleeper.kill()
        sleeper.wait()
