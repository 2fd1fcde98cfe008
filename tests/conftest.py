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
