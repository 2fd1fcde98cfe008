"""Shared fixtures: the corpus location, a fresh library, the CLI in-process."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"


@pytest.fixture(scope="session", autouse=True)
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One capture cache for the whole run, never the user's: the sample is
    transcribed once and later tests reuse its per-chunk results."""
    folder = tmp_path_factory.mktemp("greenroom-cache")
    os.environ["GREENROOM_CACHE"] = str(folder)
    return folder


@pytest.fixture(scope="session")
def sample_files(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The built-in sample interview (audio, reference, RTTM), made once per run."""
    from greenroom.sample import make_sample

    return make_sample(tmp_path_factory.mktemp("sample"))


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is absent")
    return CORPUS


@pytest.fixture
def library_path(tmp_path: Path) -> Path:
    return tmp_path / "library.db"


class Greenroom:
    """Runs `greenroom ...` in-process against one library file."""

    def __init__(self, library: Path):
        self.library = library
        self.runner = CliRunner()

    def __call__(self, *args: str) -> Result:
        from greenroom.cli.main import cli

        return self.runner.invoke(cli, ["--library", str(self.library), *args], catch_exceptions=False)


@pytest.fixture
def greenroom(library_path: Path) -> Greenroom:
    return Greenroom(library_path)


@pytest.fixture
def greenroom_at() -> type[Greenroom]:
    """The runner class, for tests that need a library somewhere special."""
    return Greenroom


@pytest.fixture(scope="session")
def analyzed_sample_db(sample_files, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:  # type: ignore[no-untyped-def]
    """A library holding the sample interview transcribed from its audio and
    analyzed, made once per run: (library file, interview id). Copy it with
    `analyzed_library` before changing anything."""
    from greenroom.capture.transcribe import CaptureOptions, transcribe
    from greenroom.library import Library
    from greenroom.library.analysis import analyze_stored
    from greenroom.sample import GUEST, INTERVIEWER, PROJECT

    path = tmp_path_factory.mktemp("analyzed") / "library.db"
    interview = transcribe(sample_files.audio, CaptureOptions(guests=[GUEST], interviewers=[INTERVIEWER]))
    interview.title, interview.project = f"{GUEST} on {PROJECT}", PROJECT
    with Library(path) as library:
        iid = library.add(interview).id
        analyze_stored(library, iid)
    return path, iid


@pytest.fixture
def analyzed_library(analyzed_sample_db: tuple[Path, str], tmp_path: Path) -> tuple[Path, str]:
    """A private copy of the analyzed sample library: (library file, interview id)."""
    import shutil
    import sqlite3

    source, iid = analyzed_sample_db
    target = tmp_path / "library.db"
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    shutil.rmtree(tmp_path / "library-media", ignore_errors=True)
    return target, iid


# The web studio's tests: each module builds its own `studio_db` (path, first id, second id);
# these give every test a fresh copy of it and its ids.

@pytest.fixture
def lib_path(studio_db: tuple[Path, str, str], tmp_path: Path) -> Path:
    from test_web_fixtures import copy_db

    return copy_db(studio_db[0], tmp_path / "library.db")


@pytest.fixture
def ids(studio_db: tuple[Path, str, str]) -> tuple[str, str]:
    return studio_db[1], studio_db[2]


@pytest.fixture
def editor(lib_path: Path):  # type: ignore[no-untyped-def]
    """A studio client logged in as the editor of `build_accounts_db`, and its CSRF token."""
    from fastapi.testclient import TestClient
    from test_web_fixtures import logged_in

    from greenroom.web import create_app

    with TestClient(create_app(lib_path, semantic=False, retime=False)) as client:
        yield client, logged_in(client, "eve")


@pytest.fixture
def viewer(lib_path: Path):  # type: ignore[no-untyped-def]
    """The same, logged in as the viewer."""
    from fastapi.testclient import TestClient
    from test_web_fixtures import logged_in

    from greenroom.web import create_app

    with TestClient(create_app(lib_path, semantic=False, retime=False)) as client:
        yield client, logged_in(client, "val")

