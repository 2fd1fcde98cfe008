"""Typed errors the library raises; only the CLI and web layers turn them into
one line and an exit code."""

from __future__ import annotations

import os


class GreenroomError(Exception):
    """Base of every error greenroom raises on purpose (exit code 1)."""


class InputError(GreenroomError):
    """A file (or value) the user gave us is wrong: names the file, the line, the problem."""

    def __init__(self, path: str | os.PathLike[str] | None, problem: str, line: int | None = None):
        self.path = os.fspath(path) if path is not None else None
        self.problem = problem
        self.line = line
        super().__init__(str(self))

    @classmethod
    def from_os(cls, path: str | os.PathLike[str], err: OSError) -> InputError:
        """The one-line problem for an OS error on `path` ("no such file", ...)."""
        if isinstance(err, FileNotFoundError):
            return cls(path, "no such file")
        if isinstance(err, IsADirectoryError):
            return cls(path, "is a directory, not a file")
        if isinstance(err, PermissionError):
            return cls(path, "permission denied")
        return cls(path, f"cannot read: {err.strerror or err}")

    def __str__(self) -> str:
        where = self.path or "<input>"
        if self.line is not None:
            where += f":{self.line}"
        return f"{where}: {self.problem}"


class FormatError(InputError):
    """A transcript or caption file that cannot be read as the format it claims or seems."""


class EditError(InputError):
    """An edit of an interview that names a speaker, utterance or word it does not
    hold, or asks for something impossible: names the interview, the id, the problem."""


class LibraryError(GreenroomError):
    """The library file is missing, not a greenroom library, or in a bad state."""


class NotFound(GreenroomError):
    """An interview id (or other key) that the library does not hold."""


class MissingExtra(GreenroomError):
    """An optional engine whose pip extra is not installed."""

    def __init__(self, feature: str, extra: str):
        super().__init__(f"{feature} needs the '{extra}' extra: pip install 'greenroom[{extra}]'")
