"""The project's own sample interview: a short film-junket conversation we wrote.

`interview.txt` is the script as a speaker-labelled transcript with stamps;
`make_sample` speaks it with espeak-ng into test audio with an exact reference.
Importing this package stays light: the maker (numpy) loads only when called."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from greenroom.sample.make import SampleFiles

GUEST = "Tom Hale"
INTERVIEWER = "Dana Reyes"
PROJECT = "Low Tide"


def transcript_path() -> Path:
    """Path of the shipped sample transcript (labelled text with timestamps)."""
    return Path(str(resources.files(__package__) / "interview.txt"))


def make_sample(folder: Path) -> SampleFiles:
    """Write the spoken sample interview and its reference files into `folder`
    (see `greenroom.sample.make`); imported here lazily to keep numpy out of `--help`."""
    from greenroom.sample.make import make_sample as make

    return make(folder)
