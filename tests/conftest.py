"""Shared fixtures: the corpus location, a fresh library, the CLI in-process."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"


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
