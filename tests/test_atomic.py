"""Atomic outputs: whole or absent, and readable as any new file would be."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from greenroom import atomic


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_outputs_get_the_mode_a_new_file_would(tmp_path: Path, umask: None) -> None:
    """A report or an edit list is for colleagues to open: 0644 under umask 022, not
    the temp file's private 0600; a stricter umask is still honoured."""
    report = atomic.write_text(tmp_path / "report.html", "<p>hi</p>")
    assert report.read_text() == "<p>hi</p>" and mode(report) == 0o644
    os.umask(0o077)
    assert mode(atomic.write_text(tmp_path / "private.txt", "x")) == 0o600


def test_a_failed_write_leaves_the_old_file_and_no_temp(tmp_path: Path, umask: None) -> None:
    target = atomic.write_text(tmp_path / "cut.edl", "old")

    class Boom(Exception):
        pass

    original = os.fsync

    def fail(fd: int) -> None:
        raise Boom

    os.fsync = fail  # type: ignore[assignment]
    try:
        with pytest.raises(Boom):
            atomic.write_text(target, "new")
    finally:
        os.fsync = original  # type: ignore[assignment]
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["cut.edl"]
